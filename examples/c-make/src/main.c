#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logstat.h"

static const char *const SAMPLE[] = {
    "10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] \"GET /index.html HTTP/1.1\" 200 2326",
    "10.0.0.2 - - [10/Oct/2024:13:55:40 +0000] \"GET /api/items HTTP/1.1\" 200 512",
    "10.0.0.1 - - [10/Oct/2024:13:56:02 +0000] \"POST /api/items HTTP/1.1\" 201 48",
    "10.0.0.3 - - [10/Oct/2024:13:56:09 +0000] \"GET /missing HTTP/1.1\" 404 153",
    "10.0.0.2 - - [10/Oct/2024:13:57:11 +0000] \"GET /api/items HTTP/1.1\" 500 0",
    "garbage line",
};

static void usage(FILE *out) {
    fprintf(out, "usage: logstat [--top N] FILE...   (- reads stdin)\n       logstat --self-test | --version\n");
}

static int read_stream(FILE *in, struct stats *st) {
    char line[4096];
    while (fgets(line, sizeof line, in)) parse_line(line, st);
    return ferror(in) ? -1 : 0;
}

int main(int argc, char **argv) {
    static struct stats st;
    size_t top = 5;
    int files = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("logstat %s\n", LOGSTAT_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--self-test") == 0) {
            for (size_t j = 0; j < sizeof SAMPLE / sizeof SAMPLE[0]; j++) parse_line(SAMPLE[j], &st);
            print_report(&st, 3);
            return st.lines == 6 && st.malformed == 1 ? 0 : 1;
        } else if (strcmp(argv[i], "--top") == 0 && i + 1 < argc) {
            top = (size_t)strtoul(argv[++i], NULL, 10);
        } else {
            FILE *in = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
            if (!in) {
                perror(argv[i]);
                return 2;
            }
            if (read_stream(in, &st) != 0) perror(argv[i]);
            if (in != stdin) fclose(in);
            files++;
        }
    }
    if (files == 0) {
        usage(stderr);
        return 2;
    }
    print_report(&st, top);
    return 0;
}
