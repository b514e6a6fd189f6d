import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/diff.js';
import { changedBlocks, hunkAt, lineOffsets, toOldLine } from '../../../src/cli/formats/issues.js';

const blocksOf = (before: string, after: string) => changedBlocks(before, after, unifiedDiff('Dockerfile', before, after));
const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `L${i + from}\n`).join('');

describe('changed-line blocks read from a rewrite\'s diff', () => {
  it('a line replaced, a line added and lines removed, far apart, are three blocks', () => {
    const before = lines(30);
    const after = before.replace('L2\n', 'L2x\n').replace('L15\n', 'L15\nNEW\n').replace('L27\nL28\n', '');
    expect(blocksOf(before, after)).toEqual([
      { oldStart: 2, oldCount: 1, newStart: 2, newCount: 1 },
      { oldStart: 16, oldCount: 0, newStart: 16, newCount: 1 },
      { oldStart: 27, oldCount: 2, newStart: 28, newCount: 0 },
    ]);
  });

  it('text added to an empty file, and a file emptied', () => {
    expect(blocksOf('', 'FROM a\n')).toEqual([{ oldStart: 1, oldCount: 0, newStart: 1, newCount: 1 }]);
    expect(blocksOf('FROM a\n', '')).toEqual([{ oldStart: 1, oldCount: 1, newStart: 1, newCount: 0 }]);
  });

  it('a last line without a newline', () => {
    expect(blocksOf('FROM a\nRUN x', 'FROM a\nRUN y')).toEqual([{ oldStart: 2, oldCount: 1, newStart: 2, newCount: 1 }]);
  });
});

describe('lines of the rewrite traced to the file as read', () => {
  const before = lines(30);
  const after = before.replace('L15\n', 'L15\nNEW\n').replace('L27\nL28\n', '');
  const blocks = blocksOf(before, after);

  it('keeps lines above any change, shifts lines below by what was added or removed', () => {
    expect(toOldLine(blocks, 3, 30)).toBe(3);
    expect(toOldLine(blocks, 18, 30)).toBe(17);
    expect(toOldLine(blocks, 28, 30)).toBe(29);
  });

  it('sends a line inside a changed block to the block\'s first line', () => {
    expect(toOldLine(blocks, 16, 30)).toBe(16);
  });
});

describe('hunkAt', () => {
  it('finds the hunk that covers a line of the file as read, or the next one', () => {
    const before = lines(40);
    const after = before.replace('L5\n', 'L5x\n').replace('L30\n', 'L30x\n');
    const diff = unifiedDiff('Dockerfile', before, after);
    expect(hunkAt(diff, 5)).toContain('-L5\n+L5x\n');
    expect(hunkAt(diff, 5)).not.toContain('L30x');
    expect(hunkAt(diff, 20)).toContain('-L30\n');
    expect(hunkAt(diff, 39)).toBeUndefined();
  });
});

describe('lineOffsets', () => {
  it('gives where each line starts, then the end of the text', () => {
    expect(lineOffsets('a\nbc\n')).toEqual([0, 2, 5]);
    expect(lineOffsets('a\nbc')).toEqual([0, 2, 4]);
    expect(lineOffsets('')).toEqual([0, 0]);
  });
});
