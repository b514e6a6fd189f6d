import { describe, expect, it } from 'vitest';
import { applyEdits, overlaps } from '../src/edits.js';

const edit = (start: number, end: number, text = 'x') => ({ start, end, text });

describe('edits', () => {
  it('treats replacements that only touch as independent', () => {
    expect(overlaps(edit(0, 5), edit(5, 9))).toBe(false);
    expect(overlaps(edit(0, 5), edit(4, 9))).toBe(true);
  });

  it('makes an insertion at either end of a replaced range wait: it was planned on the old text', () => {
    expect(overlaps(edit(5, 5), edit(5, 9))).toBe(true);
    expect(overlaps(edit(9, 9), edit(5, 9))).toBe(true);
    expect(overlaps(edit(10, 10), edit(5, 9))).toBe(false);
  });

  it('makes two insertions at one point wait, since their order would be a guess', () => {
    expect(overlaps(edit(3, 3), edit(3, 3))).toBe(true);
  });

  it('applies edits in offset order whatever order they come in', () => {
    expect(applyEdits('abcdef', [edit(4, 5, 'E'), edit(0, 1, 'A'), edit(2, 2, '+')])).toBe('Ab+cdEf');
  });
});
