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

  it('stacks two different insertions at one point, in the order given, and makes the same one wait', () => {
    expect(overlaps(edit(3, 3, ' -y'), edit(3, 3, ' --no-install-recommends'))).toBe(false);
    expect(overlaps(edit(3, 3, ' -y'), edit(3, 3, ' -y'))).toBe(true);
    expect(applyEdits('abcdef', [edit(3, 3, '1'), edit(3, 3, '2'), edit(3, 4, 'D')])).toBe('abc12Def');
  });

  it('applies edits in offset order whatever order they come in', () => {
    expect(applyEdits('abcdef', [edit(4, 5, 'E'), edit(0, 1, 'A'), edit(2, 2, '+')])).toBe('Ab+cdEf');
  });
});
