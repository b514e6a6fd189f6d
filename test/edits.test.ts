import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcceptedEdits, applyEdits, EditedOffsets, overlaps } from '../src/edits.js';
import type { TextEdit } from '../src/types.js';

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

  const editArb = fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 4 }), fc.constantFrom('', 'x', ' -y', '\n')).map(([start, length, text]) => edit(start, start + length, text));

  it('finds a conflict with an accepted edit exactly when some accepted edit overlaps, however they arrive (property)', () => {
    // transforms take turns (settle between them); each proposes edits in any order
    fc.assert(
      fc.property(fc.array(fc.array(editArb, { maxLength: 12 }), { maxLength: 5 }), (turns) => {
        const index = new AcceptedEdits();
        const accepted: TextEdit[] = [];
        for (const turn of turns) {
          for (const e of turn) {
            const expected = accepted.some((a) => overlaps(a, e));
            expect(index.conflicts(e)).toBe(expected);
            if (!expected) {
              index.add(e);
              accepted.push(e);
            }
          }
          index.settle();
        }
        expect(index.inOrder).toEqual(accepted);
      }),
      { numRuns: 400 },
    );
  });

  it('maps an offset after a pass back to the text before it: inside inserted text, to where the edit starts (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 40, maxLength: 80 }), fc.array(editArb, { maxLength: 8 }), (source, proposed) => {
        const edits: TextEdit[] = [];
        for (const e of proposed) if (!edits.some((a) => overlaps(a, e))) edits.push(e);
        const after = applyEdits(source, edits);
        const map = new EditedOffsets(edits);
        const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
        for (let pos = 0; pos <= after.length; pos++) {
          // walk the edits in order: the plain reading of what the map computes by binary search
          let delta = 0;
          let expected: number | undefined;
          for (const e of sorted) {
            const newStart = e.start + delta;
            if (pos < newStart) break;
            if (pos < newStart + e.text.length) {
              expected = e.start;
              break;
            }
            delta += e.text.length - (e.end - e.start);
          }
          expect(map.toBefore(pos)).toBe(expected ?? pos - delta);
        }
      }),
      { numRuns: 300 },
    );
  });
});
