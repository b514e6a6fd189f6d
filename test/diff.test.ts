import { applyPatch, createTwoFilesPatch, parsePatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/diff.js';

/** True when every hunk's old and new lines sit in the texts at the lines its header names. */
function hunksInPlace(before: string, after: string, diff: string): boolean {
  const [patch] = parsePatch(diff);
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  return patch.hunks.every((h) => {
    const body = h.lines.filter((l) => !l.startsWith('\\'));
    const olds = body.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
    const news = body.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
    const oldAt = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
    const newAt = h.newLines === 0 ? h.newStart : h.newStart - 1;
    return olds.every((l, i) => oldLines[oldAt + i] === l) && news.every((l, i) => newLines[newAt + i] === l);
  });
}

/** The diff library's own diff of the whole texts, without its Index/==== preamble. */
function reference(before: string, after: string): string {
  const patch = createTwoFilesPatch('a/Dockerfile', 'b/Dockerfile', before, after, undefined, undefined, { context: 3 });
  return patch.slice(patch.indexOf('--- '));
}

describe('unifiedDiff', () => {
  it('prints a/ and b/ headers and hunks with three lines of context', () => {
    const before = 'FROM debian\nRUN a\nRUN b\nCMD ["x"]\n';
    const after = 'FROM debian\nRUN a \\\n    && b\nCMD ["x"]\n';
    expect(unifiedDiff('./Dockerfile', before, after)).toBe(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,4 +1,4 @@\n FROM debian\n-RUN a\n-RUN b\n+RUN a \\\n+    && b\n CMD ["x"]\n',
    );
  });

  it('is empty for equal texts', () => expect(unifiedDiff('Dockerfile', 'FROM x\n', 'FROM x\n')).toBe(''));

  it('shows a new file against /dev/null, as git does', () => {
    expect(unifiedDiff('app/.dockerignore', '', '.git\n*.log\n', undefined, true)).toBe('--- /dev/null\n+++ b/app/.dockerignore\n@@ -0,0 +1,2 @@\n+.git\n+*.log\n');
  });

  it('names an absolute path without a doubled slash', () => {
    expect(unifiedDiff('/srv/app/Dockerfile', 'FROM x\n', 'FROM y\n').split('\n').slice(0, 2)).toEqual(['--- a/srv/app/Dockerfile', '+++ b/srv/app/Dockerfile']);
  });

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('Dockerfile', 'FROM x\nRUN a', 'FROM x\nRUN b')).toBe(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM x\n-RUN a\n\\ No newline at end of file\n+RUN b\n\\ No newline at end of file\n',
    );
  });

  it('equals the diff library\'s own when no line repeats, so the alignment is unique (property)', () => {
    const text = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }).map((ns) => ns.map((n) => `RUN step${n}\n`).join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(unifiedDiff('Dockerfile', before, after)).toBe(before === after ? '' : reference(before, after));
      }),
      { numRuns: 500 },
    );
  });

  it('is a patch that turns the old text into the new, though it skips the shared head and tail (property)', () => {
    const line = fc.constantFrom('FROM debian', 'RUN a', 'RUN b \\', '    && c', '# note', '', 'RUN a\r', 'ENV X=1');
    const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, eol]) => lines.join('\n') + (eol ? '\n' : ''));
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), line), { maxLength: 4 }), (before, edits) => {
        const lines = before.split('\n');
        for (const [at, remove, insert] of edits) lines.splice(at % (lines.length + 1), remove, insert);
        const after = lines.join('\n');
        const diff = unifiedDiff('Dockerfile', before, after);
        if (before === after) expect(diff).toBe('');
        else {
          expect(applyPatch(before, diff)).toBe(after);
          expect(hunksInPlace(before, after, diff)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  const numbered = (n: number) => Array.from({ length: n }, (_, i) => `LINE ${i + 1}\n`);
  const changed = (lines: string[], at: number[]) => lines.map((l, i) => (at.includes(i + 1) ? l.replace('LINE', 'EDITED') : l)).join('');

  it('shows three unchanged lines on each side of a change, no more', () => {
    const lines = numbered(12);
    expect(unifiedDiff('Dockerfile', lines.join(''), changed(lines, [6]))).toBe(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -3,7 +3,7 @@\n LINE 3\n LINE 4\n LINE 5\n-LINE 6\n+EDITED 6\n LINE 7\n LINE 8\n LINE 9\n',
    );
  });

  it('joins changes six unchanged lines apart into one hunk, and keeps them apart at seven', () => {
    const lines = numbered(30);
    const hunks = (at: number[]) => unifiedDiff('Dockerfile', lines.join(''), changed(lines, at)).match(/^@@ .* @@$/gm);
    expect(hunks([5, 12])).toEqual(['@@ -2,14 +2,14 @@']);
    expect(hunks([5, 13])).toEqual(['@@ -2,7 +2,7 @@', '@@ -10,7 +10,7 @@']);
  });

  it('gives a long file with rewrites all over it one small hunk per rewrite, not one block', () => {
    const lines = numbered(12000); // 600 rewrites: more differing lines than the shortest-edit search follows
    const at = Array.from({ length: 600 }, (_, i) => 10 + i * 19);
    const after = changed(lines, at);
    const diff = unifiedDiff('Dockerfile', lines.join(''), after);
    expect(diff.match(/^@@ .* @@$/gm)).toHaveLength(600);
    expect(diff.match(/^@@ .* @@$/gm)![599]).toBe(`@@ -${at[599] - 3},7 +${at[599] - 3},7 @@`);
    expect(applyPatch(lines.join(''), diff)).toBe(after);
  });

  it('on long texts with repeated lines, is still a patch from the old text to the new (property)', () => {
    const line = fc.oneof(fc.constantFrom('RUN apt-get update\n', '\n', '# step\n', 'RUN a \\\n'), fc.nat({ max: 2000 }).map((n) => `ENV V${n}=1\n`));
    const text = fc.array(line, { minLength: 300, maxLength: 700 });
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), line), { maxLength: 40 }), (lines, edits) => {
        const after = [...lines];
        for (const [at, remove, insert] of edits) after.splice(at % (after.length + 1), remove, insert);
        const diff = unifiedDiff('Dockerfile', lines.join(''), after.join(''));
        if (diff) expect(applyPatch(lines.join(''), diff)).toBe(after.join(''));
        else expect(after.join('')).toBe(lines.join(''));
      }),
      { numRuns: 60 },
    );
  });
});
