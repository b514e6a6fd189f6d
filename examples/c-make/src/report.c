#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logstat.h"

static int by_hits_desc(const void *a, const void *b) {
    const struct path_count *x = a, *y = b;
    if (x->hits != y->hits) return x->hits < y->hits ? 1 : -1;
    return strcmp(x->path, y->path);
}

void print_report(const struct stats *st, size_t top) {
    unsigned long ok = st->lines - st->malformed;
    printf("lines: %lu (malformed: %lu)\n", st->lines, st->malformed);
    for (int c = 1; c <= 5; c++) {
        double share = ok ? 100.0 * (double)st->by_class[c] / (double)ok : 0.0;
        printf("%dxx: %lu (%.1f%%)\n", c, st->by_class[c], round(share * 10.0) / 10.0);
    }
    printf("bytes: %llu\n", st->bytes);

    struct path_count sorted[MAX_PATHS];
    for (size_t i = 0; i < st->npaths; i++) sorted[i] = st->paths[i];
    qsort(sorted, st->npaths, sizeof sorted[0], by_hits_desc);
    for (size_t i = 0; i < st->npaths && i < top; i++) printf("top %zu: %s (%lu)\n", i + 1, sorted[i].path, sorted[i].hits);
}
