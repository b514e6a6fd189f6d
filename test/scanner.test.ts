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

  it('agrees with dockerfile-ast on the instructions of generated Dockerfiles', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const theirs = DockerfileParser.parse(source)
          .getInstructions()
          .map((i) => [i.getKeyword().toUpperCase(), i.getRange().start.line, i.getRange().end.line]);
        expect(shape(source)).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });
});
