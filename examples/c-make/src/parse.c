#include <stdlib.h>
#include <string.h>

#include "logstat.h"

static void count_path(struct stats *st, const char *path, size_t len) {
    if (len >= sizeof st->paths[0].path) len = sizeof st->paths[0].path - 1;
    for (size_t i = 0; i < st->npaths; i++) {
        if (strncmp(st->paths[i].path, path, len) == 0 && st->paths[i].path[len] == '\0') {
            st->paths[i].hits++;
            return;
        }
    }
    if (st->npaths == MAX_PATHS) return;
    memcpy(st->paths[st->npaths].path, path, len);
    st->paths[st->npaths].path[len] = '\0';
    st->paths[st->npaths].hits = 1;
    st->npaths++;
}

/* 127.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 */
int parse_line(const char *line, struct stats *st) {
    st->lines++;
    const char *req = strchr(line, '"');
    const char *req_end = req ? strchr(req + 1, '"') : NULL;
    if (!req || !req_end) goto malformed;
    const char *path = strchr(req + 1, ' ');
    if (!path || path > req_end) goto malformed;
    path++;
    const char *path_end = strchr(path, ' ');
    if (!path_end || path_end > req_end) path_end = req_end;

    char *rest;
    long status = strtol(req_end + 1, &rest, 10);
    if (status < 100 || status > 599) goto malformed;
    long long bytes = strtoll(rest, NULL, 10);

    st->by_class[status / 100]++;
    if (bytes > 0) st->bytes += (unsigned long long)bytes;
    count_path(st, path, (size_t)(path_end - path));
    return 1;

malformed:
    st->malformed++;
    return 0;
}
