import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { fix } from '../src/index.js';
import { syntaxProblems } from '../src/validate.js';
import { cleanDockerfileArb, dockerfileArb } from './support/dockerfiles.js';

const all = { unsafe: true };

/** Lines no transform may alter: non-RUN instructions and comments outside instructions, in order. */
function fixedLines(source: string): string[] {
  const doc = new Document(source);
  const lines: string[] = [];
  let line = 1;
  for (const ins of doc.instructions) {
    for (; line < ins.line; line++) if (doc.lineText(line).trim().startsWith('#')) lines.push(doc.lineText(line).trim());
    if (ins.keyword !== 'RUN' && ins.keyword !== 'FROM') {
      for (let l = ins.line; l <= ins.endLine; l++) lines.push(doc.lineText(l));
    }
    line = ins.endLine + 1;
  }
  return lines;
}

function isSubsequence(needles: string[], haystack: string[]): boolean {
  let i = 0;
  for (const line of haystack) if (i < needles.length && line.trim() === needles[i].trim()) i++;
  return i === needles.length;
}

describe('invariants of fix', () => {
  it('is idempotent: fixing the output changes nothing', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const once = fix(source, all);
        const twice = fix(once.output, all);
        expect(twice.output).toBe(once.output);
        expect(twice.diff).toBe('');
        expect(twice.changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves comments and other instructions untouched and in order', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const out = fix(source, all).output;
        const outLines = out.split('\n').map((l) => l.replace(/\r$/, ''));
        expect(isSubsequence(fixedLines(source), outLines)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the byte order mark and every line ending as it was', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source, crlf }) => {
        const out = fix(source, all).output;
        expect(out.startsWith('\uFEFF')).toBe(source.startsWith('\uFEFF'));
        const lf = (out.match(/(?<!\r)\n/g) ?? []).length;
        const crlfCount = (out.match(/\r\n/g) ?? []).length;
        expect(crlf ? lf : crlfCount).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('produces output that parses with no syntax problem the input did not have', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const before = syntaxProblems(new Document(source)).length;
        const out = fix(source, all).output;
        expect(syntaxProblems(new Document(out)).length).toBeLessThanOrEqual(before);
        expect(new Document(out).stages.length).toBe(new Document(source).stages.length);
      }),
      { numRuns: 300 },
    );
  });

  it('returns a file with nothing to fix byte-identical, with an empty diff', () => {
    fc.assert(
      fc.property(cleanDockerfileArb, (source) => {
        const result = fix(source, all);
        expect(result.output).toBe(source);
        expect(result.diff).toBe('');
        expect(result.changes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
