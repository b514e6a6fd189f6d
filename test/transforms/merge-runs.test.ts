import { describe, expect, it } from 'vitest';
import { fix } from '../../src/index.js';

const merge = (src: string) => fix(src, { transforms: ['merge-runs'] }).output;

describe('merge-runs', () => {
  it('merges two consecutive RUNs into one layer', () => {
    expect(merge('FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl\n',
    );
  });

  it('merges a run of four RUNs to a fixpoint', () => {
    expect(merge('FROM debian\nRUN a\nRUN b\nRUN c\nRUN d\nCMD ["x"]\n')).toBe(
      'FROM debian\nRUN a \\\n    && b \\\n    && c \\\n    && d\nCMD ["x"]\n',
    );
  });

  it('reports each merge with the line of the first RUN', () => {
    const result = fix('FROM debian\nRUN a\nRUN b\n', { transforms: ['merge-runs'] });
    expect(result.changes).toEqual([
      { transform: 'merge-runs', line: 2, message: 'merged the RUN on line 3 into the RUN on line 2: one layer instead of two' },
    ]);
    expect(result.diff).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
  });

  describe('a command found on the PATH before something was installed there', () => {
    it('is not run by name again in the same shell: the shell would reuse the path it found first', () => {
      const src = "FROM node:20-slim\nRUN node --version\nRUN printf '#!/bin/sh\\necho wrapped\\n' > /usr/local/bin/node && chmod +x /usr/local/bin/node\nRUN node --version > /v.txt\n";
      expect(merge(src)).toBe(
        "FROM node:20-slim\nRUN node --version \\\n    && printf '#!/bin/sh\\necho wrapped\\n' > /usr/local/bin/node && chmod +x /usr/local/bin/node\nRUN node --version > /v.txt\n",
      );
      for (const install of ['pip install --upgrade pip', 'npm install -g npm@10', 'make install', 'curl -fsSL -o /usr/local/bin/jq https://example.com/jq']) {
        expect(merge(`FROM debian\nRUN pip --version && jq --version && npm --version\nRUN ${install}\nRUN pip install flask && jq . x.json && npm ci\n`), install).toBe(
          `FROM debian\nRUN pip --version && jq --version && npm --version \\\n    && ${install}\nRUN pip install flask && jq . x.json && npm ci\n`,
        );
      }
    });

    it('merges when nothing in between installs programs, or the names differ', () => {
      expect(merge('FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\nRUN apt-get clean\n')).toBe('FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && apt-get clean\n');
      expect(merge('FROM debian\nRUN pip install -U pip\nRUN python3 -m venv /venv\n')).toBe('FROM debian\nRUN pip install -U pip \\\n    && python3 -m venv /venv\n');
    });
  });

  describe('a RUN that starts a service (it keeps running until its RUN ends)', () => {
    it('is not followed by another RUN: the next one would find the service still running', () => {
      for (const start of ['service postgresql start', '/etc/init.d/redis-server start', 'start-stop-daemon --start --background --exec /usr/bin/app', 'pg_ctlcluster 15 main start', 'redis-server --daemonize yes', 'nginx']) {
        expect(merge(`FROM debian\nRUN apt-get update\nRUN ${start}\nRUN pg_ctlcluster 15 main start && psql -c "select 1"\n`), start).toBe(
          `FROM debian\nRUN apt-get update \\\n    && ${start}\nRUN pg_ctlcluster 15 main start && psql -c "select 1"\n`,
        );
      }
    });

    it('a service stopped again in the same RUN, or run in the foreground, does not count', () => {
      expect(merge('FROM debian\nRUN service postgresql start && createdb app && service postgresql stop\nRUN echo done\n')).toBe(
        'FROM debian\nRUN service postgresql start && createdb app && service postgresql stop \\\n    && echo done\n',
      );
      expect(merge('FROM debian\nRUN nginx -t -g "daemon off;"\nRUN echo done\n')).toBe('FROM debian\nRUN nginx -t -g "daemon off;" \\\n    && echo done\n');
    });
  });

  describe('commands that change shell state run in a subshell', () => {
    it.each([
      ['cd', 'cd /src'],
      ['export', 'export PATH=/opt/bin:$PATH'],
      ['a bare assignment', 'VERSION=1.2'],
      ['set', 'set -e'],
      ['umask', 'umask 077'],
      ['exit', 'exit 0'],
      ['exec with a command', 'exec /bin/true'],
      ['a trap on EXIT', "trap 'rm -f /tmp/lock' EXIT"],
      ['set -o pipefail', 'set -o pipefail'],
      ['a function definition', 'greet() { echo hi; }'],
      ['an assigning expansion', 'echo ${MODE:=fast}'],
      ['a for loop variable', 'for f in a b; do touch $f; done'],
    ])('%s in the first RUN', (_name, body) => {
      expect(merge(`FROM debian\nRUN ${body}\nRUN make\n`)).toBe(`FROM debian\nRUN ( ${body} ) \\\n    && make\n`);
    });

    it('leaves the last RUN unwrapped: nothing follows it to see the change', () => {
      expect(merge('FROM debian\nRUN make\nRUN cd /src && make install\n')).toBe(
        'FROM debian\nRUN make \\\n    && cd /src && make install\n',
      );
    });

    it('does not wrap a body whose cd is already inside a subshell', () => {
      expect(merge('FROM debian\nRUN (cd /src && make)\nRUN make install\n')).toBe(
        'FROM debian\nRUN (cd /src && make) \\\n    && make install\n',
      );
    });
  });

  describe('bodies whose exit status depends on grouping are grouped', () => {
    it('a ; list in the second RUN', () => {
      expect(merge('FROM debian\nRUN a\nRUN b; c\n')).toBe('FROM debian\nRUN a \\\n    && { b; c; }\n');
    });

    it('an || fallback in the second RUN', () => {
      expect(merge('FROM debian\nRUN a\nRUN b || c\n')).toBe('FROM debian\nRUN a \\\n    && { b || c; }\n');
    });

    it('an if compound command needs no group: && before it runs it whole', () => {
      expect(merge('FROM debian\nRUN a\nRUN if [ -f x ]; then b; fi\n')).toBe('FROM debian\nRUN a \\\n    && if [ -f x ]; then b; fi\n');
    });

    it('a list in the first RUN needs no group: only its last command is left of &&', () => {
      expect(merge('FROM debian\nRUN a; b\nRUN c\n')).toBe('FROM debian\nRUN a; b \\\n    && c\n');
    });

    it('a trailing ; is not a list', () => {
      expect(merge('FROM debian\nRUN a;\nRUN b;\n')).toBe('FROM debian\nRUN a \\\n    && b\n');
    });
  });

  describe('flags', () => {
    it('merges RUNs with the same flags', () => {
      const src = 'FROM debian\nRUN --mount=type=cache,target=/root/.cache a\nRUN --mount=type=cache,target=/root/.cache b\n';
      expect(merge(src)).toBe('FROM debian\nRUN --mount=type=cache,target=/root/.cache a \\\n    && b\n');
    });

    it('keeps RUNs with different flags apart', () => {
      const src = 'FROM debian\nRUN --network=none a\nRUN b\n';
      expect(merge(src)).toBe(src);
    });

    it('keeps apart two RUNs with the same tmpfs mount: each gets a new empty one', () => {
      const src = 'FROM debian\nRUN --mount=type=tmpfs,target=/scratch touch /scratch/a\nRUN --mount=type=tmpfs,target=/scratch test ! -e /scratch/a\n';
      expect(merge(src)).toBe(src);
    });

    it('keeps apart two RUNs with the same writable bind mount: what one writes there is dropped when it ends', () => {
      for (const option of ['rw', 'readwrite', 'rw=true', 'readonly=false']) {
        const mount = `--mount=type=bind,target=/src,${option}`;
        const src = `FROM debian\nRUN ${mount} make -C /src\nRUN ${mount} test ! -e /src/out\n`;
        expect(merge(src), option).toBe(src);
      }
    });

    it('merges RUNs with the same read-only bind, secret or ssh mounts', () => {
      for (const mount of ['--mount=target=/src', '--mount=type=bind,source=.,target=/src,ro', '--mount=type=secret,id=token', '--mount=type=ssh']) {
        expect(merge(`FROM debian\nRUN ${mount} a\nRUN ${mount} b\n`), mount).toBe(`FROM debian\nRUN ${mount} a \\\n    && b\n`);
      }
    });
  });

  describe('exec form, which runs without a shell (images FROM scratch or distroless have none)', () => {
    it('two exec-form RUNs stay as they are', () => {
      const src = 'FROM scratch\nCOPY mk /mk\nRUN ["/mk", "/a"]\nRUN ["/mk", "/b"]\n';
      expect(merge(src)).toBe(src);
    });

    it('an exec-form RUN is not merged with a shell-form RUN before or after it', () => {
      for (const src of ['FROM debian\nRUN ["apt-get", "update"]\nRUN apt-get install -y curl\n', 'FROM debian\nRUN apt-get update\nRUN ["apt-get", "install", "-y", "curl"]\n']) {
        expect(merge(src)).toBe(src);
      }
    });

    it('shell-form RUNs around an exec-form RUN merge on each side of it, never through it', () => {
      expect(merge('FROM debian\nRUN a\nRUN b\nRUN ["/c"]\nRUN d\nRUN e\n')).toBe('FROM debian\nRUN a \\\n    && b\nRUN ["/c"]\nRUN d \\\n    && e\n');
    });
  });

  describe('shells', () => {
    it('merges under SHELL bash with pipefail', () => {
      const src = 'FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c\n';
      expect(merge(src)).toBe('FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b \\\n    && c\n');
    });

    it('never merges under a non-POSIX SHELL', () => {
      const src = 'FROM debian\nSHELL ["pwsh", "-Command"]\nRUN Write-Host a\nRUN Write-Host b\n';
      expect(merge(src)).toBe(src);
    });

    it('never merges in a stage that inherits a non-POSIX SHELL', () => {
      const src = 'FROM debian AS base\nSHELL ["pwsh", "-Command"]\nFROM base\nRUN a\nRUN b\n';
      expect(merge(src)).toBe(src);
    });
  });

  describe('errexit: a shell ignores failures left of &&', () => {
    it('keeps a body that turns on set -e and runs a list out of a merge it would not end', () => {
      const src = 'FROM debian\nRUN set -e; false; echo after\nRUN echo next\n';
      expect(merge(src)).toBe(src);
    });

    it('merges such a body as the last of the chain, where errexit still holds', () => {
      expect(merge('FROM debian\nRUN echo first\nRUN set -e; false; echo after\n')).toBe(
        'FROM debian\nRUN echo first \\\n    && { set -e; false; echo after; }\n',
      );
    });

    it('merges a set -e that joins its commands with && (failures already stop it)', () => {
      expect(merge('FROM debian\nRUN set -eux && cd /src && make\nRUN make install\n')).toBe(
        'FROM debian\nRUN ( set -eux && cd /src && make ) \\\n    && make install\n',
      );
    });

    it('under SHELL with -e, merges bodies whose last command is simple, but not loops or lists inside groups', () => {
      const shell = 'FROM debian\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\n';
      expect(merge(`${shell}RUN a && b\nRUN c | d\n`)).toBe(`${shell}RUN a && b \\\n    && c | d\n`);
      expect(merge(`${shell}RUN a; b\nRUN c\n`)).toBe(`${shell}RUN a; b \\\n    && c\n`);
      for (const body of ['for f in x y; do a "$f"; done', 'if a; then b; c; fi', '(a; b)', 'f() { a; b; }; f']) {
        expect(merge(`${shell}RUN ${body}\nRUN c\n`)).toBe(`${shell}RUN ${body}\nRUN c\n`);
      }
    });

    it('under SHELL with -e, a list in a middle RUN (grouped there) is not merged', () => {
      const src = 'FROM debian\nSHELL ["/bin/sh", "-o", "errexit", "-c"]\nRUN a\nRUN b; c\nRUN d\n';
      expect(merge(src)).toBe('FROM debian\nSHELL ["/bin/sh", "-o", "errexit", "-c"]\nRUN a \\\n    && { b; c; }\nRUN d\n');
    });

    it('never merges a body that sources a file, which may turn on set -e itself', () => {
      const src = 'FROM debian\nRUN . /etc/profile\nRUN make\n';
      expect(merge(src)).toBe(src);
    });

    it('never merges a body whose command substitution sets -e', () => {
      const src = 'FROM debian\nRUN echo "$(set -e; false; echo x)"\nRUN b\n';
      expect(merge(src)).toBe(src);
    });
  });

  describe('left alone', () => {
    it.each([
      ['another instruction between', 'FROM debian\nRUN a\nENV X=1\nRUN b\n'],
      ['a heredoc RUN', 'FROM debian\nRUN <<EOF\napt-get update\nEOF\nRUN b\n'],
      ['a background job', 'FROM debian\nRUN server &\nRUN b\n'],
      ['a body the shell view cannot read', 'FROM debian\nRUN echo "unterminated\nRUN b\n'],
      ['a trailing comment that would swallow the next command', 'FROM debian\nRUN a # note\nRUN b\n'],
      ['RUNs in different stages', 'FROM debian AS one\nRUN a\nFROM debian\nRUN b\n'],
      ['a hadolint ignore for DL3059', 'FROM debian\nRUN a\n# hadolint ignore=DL3059\nRUN b\n'],
      ['a dockerslim-ignore naming it', 'FROM debian\n# dockerslim-ignore merge-runs\nRUN a\nRUN b\n'],
      ['a dockerslim-ignore with no list', 'FROM debian\nRUN a\n# dockerslim-ignore\nRUN b\n'],
      ['a file-level ignore', '# dockerslim-ignore-file\nFROM debian\nRUN a\nRUN b\n'],
    ])('%s', (_name, src) => {
      expect(merge(src)).toBe(src);
    });

    it('an ignore for another transform does not stop it', () => {
      expect(merge('FROM debian\n# dockerslim-ignore apt-lists\nRUN a\nRUN b\n')).toBe(
        'FROM debian\n# dockerslim-ignore apt-lists\nRUN a \\\n    && b\n',
      );
    });
  });

  describe('layout', () => {
    it('keeps a multi-line body and its continuation indent', () => {
      const src = 'FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl\nRUN curl --version\n';
      expect(merge(src)).toBe('FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && curl --version\n');
    });

    it('keeps a comment between the RUNs above the command it describes, as written', () => {
      const src = 'FROM debian\n# fetch lists\nRUN a\n\n# then install \nRUN b\n';
      expect(merge(src)).toBe('FROM debian\n# fetch lists\nRUN a \\\n# then install \n    && b\n');
    });

    it('moves an ignore comment between the RUNs above the merged RUN, where it still applies', () => {
      const src = 'FROM debian\nRUN a\n# hadolint ignore=DL3008\n# then install\nRUN b\n';
      expect(merge(src)).toBe('FROM debian\n# hadolint ignore=DL3008\nRUN a \\\n# then install\n    && b\n');
    });

    it('keeps comment lines inside a continued RUN', () => {
      const src = 'FROM debian\nRUN a \\\n    # the second step\n    && b\nRUN c\n';
      expect(merge(src)).toBe('FROM debian\nRUN a \\\n    # the second step\n    && b \\\n    && c\n');
    });

    it('keeps CRLF line endings', () => {
      expect(merge('FROM debian\r\nRUN a\r\n# note\r\nRUN b\r\n')).toBe('FROM debian\r\nRUN a \\\r\n# note\r\n    && b\r\n');
    });

    it('continues lines with the backtick when the escape directive says so', () => {
      expect(merge('# escape=`\nFROM debian\nRUN a\nRUN b\n')).toBe('# escape=`\nFROM debian\nRUN a `\n    && b\n');
    });

    it('keeps comment lines between `RUN \\` and the first command with their command', () => {
      const src = 'FROM debian\nRUN a\nRUN \\\n    # fetch the lists first\n    apt-get update \\\n    # then install\n    && apt-get install -y curl\n';
      expect(merge(src)).toBe(
        'FROM debian\nRUN a \\\n    # fetch the lists first\n    && apt-get update \\\n    # then install\n    && apt-get install -y curl\n',
      );
    });

    it('keeps comment lines between the flags and the first command', () => {
      const mount = '--mount=type=cache,target=/var/cache/apt';
      const src = `FROM debian\nRUN ${mount} a\nRUN ${mount} \\\n  # why b\n  b\n`;
      expect(merge(src)).toBe(`FROM debian\nRUN ${mount} a \\\n  # why b\n    && b\n`);
    });

    it('merges across a line of only the escape character, which Docker joins to the next instruction', () => {
      expect(merge('FROM debian\nRUN a\n\\\nRUN b\n')).toBe('FROM debian\nRUN a \\\n    && b\n');
      expect(merge('# escape=`\nFROM debian\nRUN a\n  `\nRUN b\n')).toBe('# escape=`\nFROM debian\nRUN a `\n    && b\n');
    });

    it('keeps a UTF-8 byte order mark', () => {
      expect(merge('\uFEFFFROM debian\nRUN a\nRUN b\n')).toBe('\uFEFFFROM debian\nRUN a \\\n    && b\n');
    });
  });

  describe('the escape character is the Dockerfile\'s, not the shell\'s', () => {
    it('leaves a body ending in a literal backslash under the backtick escape: && after it would escape a blank', () => {
      const src = '# escape=`\nFROM mcr.microsoft.com/powershell\nSHELL ["/bin/sh", "-c"]\nRUN echo C:\\\nRUN echo next\n';
      expect(merge(src)).toBe(src);
    });

    it('nor groups such a body after another: `; }` after it would be escaped too', () => {
      const src = '# escape=`\nFROM debian\nRUN echo first\nRUN echo C:\\ || echo D:\\\n';
      expect(merge(src)).toBe(src);
    });

    it('merges the RUNs after it', () => {
      const src = '# escape=`\nFROM debian\nRUN echo C:\\\nRUN a\nRUN b\n';
      expect(merge(src)).toBe('# escape=`\nFROM debian\nRUN echo C:\\\nRUN a `\n    && b\n');
    });

    it('merges a body whose backslash the shell reads as an escape anyway', () => {
      expect(merge('# escape=`\nFROM debian\nRUN echo C:\\\\\nRUN b\n')).toBe('# escape=`\nFROM debian\nRUN echo C:\\\\ `\n    && b\n');
    });

    it('keeps the `;` after a last body ending in the escape character (`x`;): without it Docker would continue the line', () => {
      expect(merge('# escape=`\nFROM debian\nRUN a && b\nRUN `d`;\n')).toBe('# escape=`\nFROM debian\nRUN a && b `\n    && `d`;\n');
    });

    it('leaves alone a RUN ending in an escaped escape, which Docker versions end in different places', () => {
      const src = 'FROM debian\nRUN echo a\\\\\nRUN b\nRUN c\n';
      expect(merge(src)).toBe(src);
    });
  });

  describe('what a merged command sees', () => {
    it.each([
      ['ONBUILD RUN next to RUN (it runs in a downstream build)', 'FROM debian\nONBUILD RUN a\nRUN b\n'],
      ['two ONBUILD RUNs', 'FROM debian\nONBUILD RUN a\nONBUILD RUN b\n'],
      ['a SHELL change between RUNs', 'FROM debian\nRUN a\nSHELL ["/bin/bash", "-c"]\nRUN b\n'],
      ['a dockerslim-ignore between RUNs', 'FROM debian\nRUN a\n# dockerslim-ignore merge-runs\nRUN b\n'],
      ['a body that reads $_ after another', 'FROM debian\nRUN mkdir -p /app\nRUN cd "$_"\n'],
      ['a body that reads BASH_REMATCH set by the one before', 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN [[ v1.2 =~ ([0-9.]+) ]]\nRUN echo "${BASH_REMATCH[1]}" > /version\n'],
      ['an ERR trap, which bash does not run left of &&', 'FROM debian\nSHELL ["/bin/bash", "-c"]\nRUN trap \'exit 0\' ERR; false\nRUN b\n'],
      ['a heredoc', 'FROM debian\nRUN <<EOF\nset -e\nfalse\nEOF\nRUN b\n'],
    ])('left alone: %s', (_name, src) => {
      expect(merge(src)).toBe(src);
    });

    it.each([
      ['set -o pipefail', 'set -o pipefail; a | b'],
      ['a trap on EXIT', "trap 'rm -f /tmp/x' EXIT; a"],
      ['exit 0 at the end', 'a; exit 0'],
      ['exec at the end', 'a && exec b'],
      ['cd inside $( ), which runs in a child shell anyway', 'echo "$(cd /tmp && pwd)" > /where'],
    ])('the next body does not see %s of the first', (_name, body) => {
      const merged = merge(`FROM debian\nRUN ${body}\nRUN c\n`);
      const isolated = /\$\(cd/.test(body) ? `RUN ${body} \\\n    && c` : `RUN ( ${body} ) \\\n    && c`;
      expect(merged).toBe(`FROM debian\n${isolated}\n`);
    });

    it('under a login SHELL, whose startup files may define functions that change state (nvm use), the first body runs in a subshell', () => {
      const shell = 'FROM debian\nSHELL ["/bin/bash", "--login", "-c"]\n';
      expect(merge(`${shell}RUN nvm use 16\nRUN node --version\n`)).toBe(`${shell}RUN ( nvm use 16 ) \\\n    && node --version\n`);
      const bashEnv = 'FROM debian\nENV BASH_ENV=/root/.bashrc\nSHELL ["/bin/bash", "-c"]\n';
      expect(merge(`${bashEnv}RUN conda activate app\nRUN python --version\n`)).toBe(`${bashEnv}RUN ( conda activate app ) \\\n    && python --version\n`);
    });

    it('a body that reads $0 or $- is merged: the shell and its options are the same', () => {
      expect(merge('FROM debian\nRUN a\nRUN echo "$0 $-"\n')).toBe('FROM debian\nRUN a \\\n    && echo "$0 $-"\n');
    });

    it('a # inside quotes is not a comment: the body is followed as usual', () => {
      expect(merge('FROM debian\nRUN echo "a # b"\nRUN c\n')).toBe('FROM debian\nRUN echo "a # b" \\\n    && c\n');
    });

    it('merges in a stage another stage copies from: the stage\'s final files are what COPY --from reads', () => {
      const src = 'FROM debian AS build\nRUN make /out/app\nRUN strip /out/app\nFROM debian\nCOPY --from=build /out/app /app\n';
      expect(merge(src)).toBe('FROM debian AS build\nRUN make /out/app \\\n    && strip /out/app\nFROM debian\nCOPY --from=build /out/app /app\n');
    });
  });

  describe('stages', () => {
    it('merges inside every stage, never across FROM', () => {
      const src = 'FROM golang AS build\nRUN a\nRUN b\nFROM debian\nRUN c\nRUN d\n';
      expect(merge(src)).toBe('FROM golang AS build\nRUN a \\\n    && b\nFROM debian\nRUN c \\\n    && d\n');
    });
  });
});
