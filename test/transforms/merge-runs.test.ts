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

  describe('commands that change shell state run in a subshell', () => {
    it.each([
      ['cd', 'cd /src'],
      ['export', 'export PATH=/opt/bin:$PATH'],
      ['a bare assignment', 'VERSION=1.2'],
      ['set', 'set -e'],
      ['umask', 'umask 077'],
      ['exit', 'exit 0'],
      ['source', '. /etc/profile'],
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

    it('an if compound command', () => {
      expect(merge('FROM debian\nRUN a\nRUN if [ -f x ]; then b; fi\n')).toBe(
        'FROM debian\nRUN a \\\n    && { if [ -f x ]; then b; fi; }\n',
      );
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
  });

  describe('exec form', () => {
    it('is rewritten in shell form when the words can be quoted exactly', () => {
      expect(merge('FROM debian\nRUN ["apt-get", "update"]\nRUN ["sh", "-c", "echo $HOME it\'s"]\n')).toBe(
        "FROM debian\nRUN apt-get update \\\n    && sh -c 'echo $HOME it'\\''s'\n",
      );
    });

    it('is left alone when its program is a shell builtin', () => {
      const src = 'FROM debian\nRUN ["echo", "-e", "a\\\\n"]\nRUN b\n';
      expect(merge(src)).toBe(src);
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

    it('under SHELL with -e, merges plain && bodies but not lists or loops', () => {
      const shell = 'FROM debian\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\n';
      expect(merge(`${shell}RUN a && b\nRUN c | d\n`)).toBe(`${shell}RUN a && b \\\n    && c | d\n`);
      for (const body of ['a; b', 'for f in x y; do a "$f"; done', 'if a; then b; c; fi', '(a; b)']) {
        expect(merge(`${shell}RUN ${body}\nRUN c\n`)).toBe(`${shell}RUN ${body}\nRUN c\n`);
      }
    });

    it('under SHELL ["/bin/sh", "-o", "errexit", "-c"] too', () => {
      const src = 'FROM debian\nSHELL ["/bin/sh", "-o", "errexit", "-c"]\nRUN a; b\nRUN c\n';
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

    it('moves comments between the RUNs above the merged RUN', () => {
      const src = 'FROM debian\n# fetch lists\nRUN a\n\n# then install\nRUN b\n';
      expect(merge(src)).toBe('FROM debian\n# fetch lists\n# then install\nRUN a \\\n    && b\n');
    });

    it('keeps comment lines inside a continued RUN', () => {
      const src = 'FROM debian\nRUN a \\\n    # the second step\n    && b\nRUN c\n';
      expect(merge(src)).toBe('FROM debian\nRUN a \\\n    # the second step\n    && b \\\n    && c\n');
    });

    it('keeps CRLF line endings', () => {
      expect(merge('FROM debian\r\nRUN a\r\n# note\r\nRUN b\r\n')).toBe('FROM debian\r\n# note\r\nRUN a \\\r\n    && b\r\n');
    });

    it('continues lines with the backtick when the escape directive says so', () => {
      expect(merge('# escape=`\nFROM debian\nRUN a\nRUN b\n')).toBe('# escape=`\nFROM debian\nRUN a `\n    && b\n');
    });

    it('keeps a UTF-8 byte order mark', () => {
      expect(merge('\uFEFFFROM debian\nRUN a\nRUN b\n')).toBe('\uFEFFFROM debian\nRUN a \\\n    && b\n');
    });
  });

  describe('stages', () => {
    it('merges inside every stage, never across FROM', () => {
      const src = 'FROM golang AS build\nRUN a\nRUN b\nFROM debian\nRUN c\nRUN d\n';
      expect(merge(src)).toBe('FROM golang AS build\nRUN a \\\n    && b\nFROM debian\nRUN c \\\n    && d\n');
    });
  });
});
