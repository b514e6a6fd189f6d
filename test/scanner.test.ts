import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDockerfile } from '../src/scanner.js';
import { dockerfileArb } from './support/dockerfiles.js';

const shape = (source: string) => scanDockerfile(source).instructions.map((i) => [i.keyword, i.line, i.endLine]);

describe('scanner', () => {
  it('reads instructions with their lines, skipping comments and blank lines', () => {
    expect(shape('# c\nFROM debian\n\nRUN a \\\n  # inner\n\n  && b\nCMD ["x"]\n')).toEqual([
      ['FROM', 1, 1],
      ['RUN', 3, 6],
      ['CMD', 7, 7],
    ]);
  });

  it('reads flags and where the arguments start, across a continuation', () => {
    const source = 'FROM a\nRUN --mount=type=cache,target=/x \\\n  --network=none b\n';
    const run = scanDockerfile(source).instructions[1];
    expect(run.flags.map((f) => [f.name, f.value])).toEqual([
      ['mount', 'type=cache,target=/x'],
      ['network', 'none'],
    ]);
    expect(source.slice(run.argsStart, run.argsEnd)).toBe('b');
  });

  it('takes heredoc bodies into the instruction, including <<- with tabs', () => {
    const source = 'FROM a\nRUN <<EOF\napt-get update\nEOF\nRUN <<-END bash\n\techo hi\n\tEND\nCOPY x y\n';
    const [, one, two, copy] = scanDockerfile(source).instructions;
    expect(source.slice(one.heredocs[0].start, one.heredocs[0].end)).toBe('apt-get update');
    expect([one.endLine, two.endLine, copy.keyword]).toEqual([3, 6, 'COPY']);
  });

  it('honours the escape directive and a byte order mark before it', () => {
    const scan = scanDockerfile('\uFEFF# escape=`\nFROM a\nRUN a `\n  b\n');
    expect(scan.escapeChar).toBe('`');
    expect(scan.instructions[1].endLine).toBe(3);
  });

  it('reads a directive only at the top of the file', () => {
    expect(scanDockerfile('FROM a\n# escape=`\nRUN a `\n').escapeChar).toBe('\\');
  });

  describe('reads continuations as BuildKit does', () => {
    it('a line holding only the escape character before an instruction continues into it', () => {
      expect(shape('FROM a\n\\\nRUN b\n  \\  \n\n# note\nRUN c\n')).toEqual([
        ['FROM', 0, 0],
        ['RUN', 2, 2],
        ['RUN', 6, 6],
      ]);
    });

    it('the same with the backtick escape and CRLF line endings', () => {
      expect(shape('# escape=`\r\nFROM a\r\n`\r\nRUN b `\r\n  c\r\n')).toEqual([
        ['FROM', 1, 1],
        ['RUN', 3, 4],
      ]);
    });

    it('skips comment lines and empty lines inside a continuation', () => {
      expect(shape('FROM a\nRUN a \\\n  # note \\\n\n \t\n  b\nRUN c\n')).toEqual([
        ['FROM', 0, 0],
        ['RUN', 1, 5],
        ['RUN', 6, 6],
      ]);
    });

    it('an escape character right after another escape character does not continue the line', () => {
      const scan = scanDockerfile('FROM a\nRUN echo a\\\\\nRUN b\n');
      expect(scan.instructions.map((i) => [i.keyword, i.line, i.endLine, i.ambiguousEnd])).toEqual([
        ['FROM', 0, 0, false],
        ['RUN', 1, 1, true],
        ['RUN', 2, 2, false],
      ]);
    });

    it('a line of only the escape character inside a continuation adds nothing', () => {
      expect(shape('FROM a\nRUN a \\\n\\\n  b\n')).toEqual([
        ['FROM', 0, 0],
        ['RUN', 1, 3],
      ]);
    });

    it('a vertical tab or form feed before the keyword is white space', () => {
      expect(shape('FROM a\n\u000bRUN b\n\fRUN c\n')).toEqual([
        ['FROM', 0, 0],
        ['RUN', 1, 1],
        ['RUN', 2, 2],
      ]);
    });
  });

  describe('reads parser directives as BuildKit does', () => {
    it('a directive may follow leading blanks', () => {
      expect(scanDockerfile('  # escape=`\nFROM a\nRUN a `\n b\n').escapeChar).toBe('`');
    });

    it('a comment that is not a known directive ends the directives', () => {
      expect(scanDockerfile('# foo=bar\n# escape=`\nFROM a\n').escapeChar).toBe('\\');
      expect(scanDockerfile('# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\n').escapeChar).toBe('`');
    });
  });

  describe('reads heredocs as BuildKit does', () => {
    it('`<< EOF` with a blank after the operator is not a heredoc', () => {
      expect(shape('FROM a\nRUN cat << EOF\nRUN b\nEOF\n').map((i) => i[0])).toEqual(['FROM', 'RUN', 'RUN', 'EOF']);
    });

    it('a heredoc operator inside quotes or glued to a word is not a heredoc', () => {
      expect(shape('FROM a\nRUN echo "<<EOF" x<<EOF\nRUN b\nEOF\n').map((i) => i[0])).toEqual(['FROM', 'RUN', 'RUN', 'EOF']);
    });

    it('a here-string is not a heredoc', () => {
      expect(shape('FROM a\nRUN cat <<<EOF\nRUN b\nEOF\n').map((i) => i[0])).toEqual(['FROM', 'RUN', 'RUN', 'EOF']);
    });

    it('an exec-form RUN has no heredoc', () => {
      expect(shape('FROM a\nRUN ["cat", "<<EOF"]\nRUN b\nEOF\n').map((i) => i[0])).toEqual(['FROM', 'RUN', 'RUN', 'EOF']);
    });

    it('a quoted delimiter, a file descriptor and a comment line before it are read', () => {
      const source = 'FROM a\nRUN 3<<"END" cat \\\n# <<NOT\n  /dev/fd/3\nhi\nEND\nRUN b\n';
      const [, run, next] = scanDockerfile(source).instructions;
      expect(run.heredocs.map((h) => [h.name, source.slice(h.start, h.end)])).toEqual([['END', 'hi']]);
      expect(next.line).toBe(6);
    });

    it('a delimiter that is not a shell name still ends its heredoc', () => {
      expect(shape('FROM a\nRUN cat <<END-OF-FILE\nRUN not-an-instruction\nEND-OF-FILE\nRUN b\n')).toEqual([
        ['FROM', 0, 0],
        ['RUN', 1, 3],
        ['RUN', 4, 4],
      ]);
    });

    it('ONBUILD RUN takes its heredoc body', () => {
      expect(shape('FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nRUN b\n')).toEqual([
        ['FROM', 0, 0],
        ['ONBUILD', 1, 3],
        ['RUN', 4, 4],
      ]);
    });
  });

  it('agrees with dockerfile-ast on the instructions of generated Dockerfiles', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        // dockerfile-ast reads a line of only the escape character as an instruction of its own;
        // Docker (and the scanner) join it to the next instruction
        const escape = scanDockerfile(source).escapeChar;
        const theirs = DockerfileParser.parse(source)
          .getInstructions()
          .filter((i) => i.getKeyword() !== escape)
          .map((i) => [i.getKeyword().toUpperCase(), i.getRange().start.line, i.getRange().end.line]);
        expect(shape(source)).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });
});
