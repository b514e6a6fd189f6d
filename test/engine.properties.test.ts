import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { fix } from '../src/index.js';
import { simpleCommands } from '../src/shell/walk.js';
import { syntaxProblems } from '../src/validate.js';
import { cleanDockerfileArb, dockerfileArb } from './support/dockerfiles.js';

const all = { unsafe: true };
/** Hundreds of whole fixes each: enough time for a loaded 2-core machine. */
const PROPERTY_TIMEOUT = 30_000;

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

/** The text of every exec-form RUN, in order: they run without a shell, and no rewrite may touch them. */
function execFormRuns(source: string): string[] {
  const doc = new Document(source);
  return doc.instructions.filter((i) => i.keyword === 'RUN' && doc.runBody(i).form === 'exec').map((i) => source.slice(i.start, i.end));
}

/** Every word of every readable shell-form RUN body, as the shell reads it, in order. */
function shellWords(source: string): string[] {
  const doc = new Document(source);
  const words: string[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const body = doc.runBody(ins);
    if (!body.script || body.hasHeredoc) continue;
    for (const { command } of simpleCommands(body.script)) words.push(...command.words.map((w) => w.raw));
  }
  return words;
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
  }, PROPERTY_TIMEOUT);

  it('leaves comments and other instructions untouched and in order', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const out = fix(source, all).output;
        const outLines = out.split('\n').map((l) => l.replace(/\r$/, ''));
        expect(isSubsequence(fixedLines(source), outLines)).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, PROPERTY_TIMEOUT);

  it('leaves every exec-form RUN as it was', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        expect(execFormRuns(fix(source, all).output)).toEqual(execFormRuns(source));
      }),
      { numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT);

  it('joins and appends keep every word of every RUN body as the shell reads it', () => {
    const joins = { transforms: ['cleanup-layer', 'apt-update-join', 'merge-runs', 'apt-lists', 'node-cache'] };
    fc.assert(
      fc.property(dockerfileArb, ({ source }) => {
        const words = shellWords(fix(source, joins).output);
        const before = shellWords(source);
        let i = 0;
        for (const word of words) if (i < before.length && word === before[i]) i++;
        expect(before.slice(i), `${JSON.stringify(before)}\nnot kept in\n${JSON.stringify(words)}`).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, PROPERTY_TIMEOUT);

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
  }, PROPERTY_TIMEOUT);

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
  }, PROPERTY_TIMEOUT);

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
  }, PROPERTY_TIMEOUT);
});
