#ifndef LOGSTAT_H
#define LOGSTAT_H

#include <stddef.h>

#define LOGSTAT_VERSION "1.1.0"
#define MAX_PATHS 256

struct path_count {
    char path[128];
    unsigned long hits;
};

struct stats {
    unsigned long lines;
    unsigned long malformed;
    unsigned long by_class[6]; /* index 1..5 for 1xx..5xx */
    unsigned long long bytes;
    struct path_count paths[MAX_PATHS];
    size_t npaths;
};

/* Parses one line of the common log format into stats; returns 0 when the line is malformed. */
int parse_line(const char *line, struct stats *st);

/* Prints the summary; top: how many paths to list. */
void print_report(const struct stats *st, size_t top);

#endif
