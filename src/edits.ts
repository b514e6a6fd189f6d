import type { TextEdit } from './types.js';

/**
 * True when two edits touch the same bytes, or one inserts where the other replaces or at either
 * end of it: such a pair was planned on text the other changes, so the second waits a pass.
 * Two different insertions at one point do not conflict: they stack in the order they were
 * accepted (appended commands, flags after one subcommand). The same text twice waits, so a
 * pass never inserts it twice.
 */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start && a.text === b.text;
  if (a.start === a.end) return b.start <= a.start && a.start <= b.end;
  if (b.start === b.end) return a.start <= b.start && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}

/** Applies non-overlapping edits to `source`; insertions at one point keep their order in `edits`. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end); // stable
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += source.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + source.slice(pos);
}
