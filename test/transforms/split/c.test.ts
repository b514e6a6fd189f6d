import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const makefile = `# logstat: summarises access logs
PREFIX ?= /usr/local
CC ?= cc
CFLAGS ?= -O2 -Wall
LDLIBS = -lm

OBJS = src/main.o src/report.o

logstat: $(OBJS)
\t$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

src/%.o: src/%.c src/logstat.h
\t$(CC) $(CFLAGS) -c -o $@ $<

install: logstat
\tinstall -d $(DESTDIR)$(PREFIX)/bin
\tinstall -m 755 logstat $(DESTDIR)$(PREFIX)/bin/logstat

clean:
\trm -f logstat $(OBJS)

.PHONY: install clean
`;
const sources = {
  Makefile: makefile,
  'src/main.c': '#include <stdio.h>\n#include "logstat.h"\nint main(int argc, char **argv) { FILE *in = fopen(argv[1], "r"); return report(in); }\n',
  'src/report.c': '#include <math.h>\n#include "logstat.h"\nint report(FILE *in) { return (int)sqrt(4.0); }\n',
  'src/logstat.h': '#include <stdio.h>\nint report(FILE *in);\n',
};

const naive = `FROM debian:bookworm

RUN apt-get update
RUN apt-get install -y build-essential

WORKDIR /src
COPY . .
RUN make && make install

ENTRYPOINT ["/usr/local/bin/logstat"]
CMD ["--help"]
`;

describe('C and C++ builds', () => {
  it('make and make install: the installed program runs on distroless base as nonroot', () => {
    expect(split(naive, sources)).toBe(`FROM debian:bookworm AS build

RUN apt-get update
RUN apt-get install -y build-essential

WORKDIR /src
COPY . .
RUN make && make install

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/logstat /usr/local/bin/logstat
ENTRYPOINT ["/usr/local/bin/logstat"]
CMD ["--help"]
`);
    expect(splitMessages(naive, sources)).toEqual(['split into a build stage and a runtime stage on gcr.io/distroless/base-debian12:nonroot: the C program /usr/local/bin/logstat']);
  });

  it('a PREFIX given to make install moves the program', () => {
    const out = split(naive.replace('make install', 'make install PREFIX=/opt/logstat').replace('/usr/local/bin/logstat', '/opt/logstat/bin/logstat'), sources);
    expect(out).toContain('COPY --from=build /opt/logstat/bin/logstat /opt/logstat/bin/logstat\n');
  });

  it('make alone: the default goal, in the folder make ran in', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["./logstat"]\n';
    expect(split(src, sources)).toContain('FROM gcr.io/distroless/base-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /src/logstat /src/logstat\nCMD ["./logstat"]\n');
  });

  it('make with no Makefile uses its built-in rule', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY hello.c .\nRUN make hello\nCMD ["/src/hello"]\n';
    expect(split(src, { 'hello.c': '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' })).toContain('COPY --from=build /src/hello /src/hello\n');
  });

  it('a compiler call with -o, linking libm', () => {
    const src = 'FROM gcc:13\nWORKDIR /src\nCOPY hello.c .\nRUN gcc -O2 -o /usr/local/bin/hello hello.c -lm\nCMD ["hello"]\n';
    const out = split(src.replace('gcc:13', 'debian:bookworm'), { 'hello.c': 'int main(void) { return 0; }\n' });
    expect(out).toContain('FROM gcr.io/distroless/base-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /usr/local/bin/hello /usr/local/bin/hello\nCMD ["hello"]\n');
  });

  it('C++ needs libstdc++: distroless cc', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y g++\nWORKDIR /src\nCOPY . .\nRUN g++ -O2 -o /usr/local/bin/app main.cpp\nCMD ["app"]\n';
    expect(split(src, { 'main.cpp': 'int main() { return 0; }\n' })).toContain('FROM gcr.io/distroless/cc-debian12:nonroot\n');
  });

  it('a -static link runs on distroless static', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -static -o /app main.c\nCMD ["/app"]\n';
    expect(split(src, { 'main.c': 'int main(void) { return 0; }\n' })).toContain('FROM gcr.io/distroless/static-debian12:nonroot\n');
  });

  it('several programs: the one the container runs is taken', () => {
    const two = 'all: a b\na: a.c\n\t$(CC) -o $@ $<\nb: b.c\n\t$(CC) -o $@ $<\n.PHONY: all\n';
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["/src/b"]\n';
    expect(split(src, { Makefile: two, 'a.c': 'int main(void){return 0;}\n', 'b.c': 'int main(void){return 0;}\n' })).toContain('COPY --from=build /src/b /src/b\nCMD ["/src/b"]\n');
  });
});

describe('C builds the split leaves alone', () => {
  it('a library distroless does not have', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc zlib1g-dev\nWORKDIR /src\nCOPY . .\nRUN gcc -o /app main.c -lz\nCMD ["/app"]\n';
    expect(blocked(src, { 'main.c': '#include <zlib.h>\nint main(void) { return 0; }\n' })).toEqual(['C build not split: /app links -lz, which distroless images do not have']);
  });

  it('a program that runs other programs', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /app main.c\nCMD ["/app"]\n';
    expect(blocked(src, { 'main.c': '#include <stdlib.h>\nint main(void) { return system("gzip -9 out.log"); }\n' })).toEqual([
      'C build not split: main.c starts other programs (system), which the runtime image would lack',
    ]);
  });

  it('a program that loads a library by name with dlopen', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /app main.c -ldl\nCMD ["/app"]\n';
    expect(blocked(src, { 'main.c': '#include <dlfcn.h>\nint main(void) { return dlopen("libmagic.so.1", RTLD_NOW) == 0; }\n' })).toEqual([
      'C build not split: main.c loads system libraries (dlopen), which the runtime image may lack',
    ]);
  });

  it('several programs and a container that names none of them', () => {
    const two = 'all: a b\na: a.c\n\t$(CC) -o $@ $<\nb: b.c\n\t$(CC) -o $@ $<\n.PHONY: all\n';
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["sh", "-c", "/src/a && /src/b"]\n';
    expect(blocked(src, { Makefile: two, 'a.c': 'int main(void){return 0;}\n', 'b.c': 'int main(void){return 0;}\n' })).toEqual([
      'C build not split: the build writes several programs (/src/a, /src/b), and the container does not name one of them',
    ]);
  });

  it('a container that runs the program from where it was not installed', () => {
    expect(blocked(naive.replace('make install', 'make install PREFIX=/opt/logstat'), sources)).toEqual([
      'C build not split: ENTRYPOINT: the container runs /usr/local/bin/logstat, which the runtime image would not have',
    ]);
  });

  it('a Makefile with conditionals', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["/src/app"]\n';
    expect(blocked(src, { Makefile: 'ifeq ($(DEBUG),1)\nCFLAGS += -g\nendif\napp: app.c\n', 'app.c': 'int main(void){return 0;}\n' })).toEqual([
      'C build not split: line 5: the Makefile uses `ifeq`, which the split does not follow',
    ]);
  });

  it('flags from pkg-config', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["/src/app"]\n';
    const mk = 'LDLIBS = $(shell pkg-config --libs libcurl)\napp: app.c\n\t$(CC) -o $@ $< $(LDLIBS)\n';
    expect(blocked(src, { Makefile: mk, 'app.c': 'int main(void){return 0;}\n' })).toEqual([
      'C build not split: line 5: the recipe of app uses make functions the split does not follow',
    ]);
  });
});
