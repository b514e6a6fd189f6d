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

/**
 * The edits a pass has accepted so far, indexed for the overlap test: a change is checked against
 * the edits that could touch it, found by binary search, not against every edit of the pass.
 * Accepted edits never overlap, so sorted by start their ends never decrease either.
 */
export class AcceptedEdits {
  /** Every accepted edit in the order accepted (the order same-point insertions stack in). */
  readonly inOrder: TextEdit[] = [];
  /** Edits of transforms before the current one, sorted. */
  private settled: TextEdit[] = [];
  /** Edits of the current transform, sorted; transforms mostly propose in document order, so this appends. */
  private fresh: TextEdit[] = [];

  /** True when `edit` conflicts with an accepted edit (see overlaps). */
  conflicts(edit: TextEdit): boolean {
    return conflictsIn(this.settled, edit) || conflictsIn(this.fresh, edit);
  }

  add(edit: TextEdit): void {
    this.inOrder.push(edit);
    const f = this.fresh;
    if (!f.length || compare(f[f.length - 1], edit) <= 0) f.push(edit);
    else f.splice(upperBound(f, edit), 0, edit);
  }

  /** Ends a transform's turn: its edits join the settled ones (one linear merge per transform). */
  settle(): void {
    if (!this.fresh.length) return;
    const a = this.settled;
    const b = this.fresh;
    const merged: TextEdit[] = new Array(a.length + b.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) merged[k] = j >= b.length || (i < a.length && compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
    this.settled = merged;
    this.fresh = [];
  }
}

function compare(a: TextEdit, b: TextEdit): number {
  return a.start - b.start || a.end - b.end;
}

/** Index after the last edit that sorts at or before `edit` (keeps same-point insertions in order). */
function upperBound(sorted: readonly TextEdit[], edit: TextEdit): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(sorted[mid], edit) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function conflictsIn(sorted: readonly TextEdit[], edit: TextEdit): boolean {
  // first edit that ends at or after `edit` starts: nothing before it can touch `edit`
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end < edit.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i].start <= edit.end; i++) if (overlaps(sorted[i], edit)) return true;
  return false;
}

/**
 * Maps offsets in the text after one pass's edits back to the text before them, by binary search;
 * an offset inside inserted text maps to where the edit starts.
 */
export class EditedOffsets {
  private readonly edits: TextEdit[];
  /** Per edit (sorted): where its text starts after the edits, and the total length change up to and including it. */
  private readonly newStarts: Float64Array;
  private readonly deltas: Float64Array;

  constructor(edits: readonly TextEdit[]) {
    this.edits = [...edits].sort(compare);
    this.newStarts = new Float64Array(this.edits.length);
    this.deltas = new Float64Array(this.edits.length);
    let delta = 0;
    this.edits.forEach((e, i) => {
      this.newStarts[i] = e.start + delta;
      delta += e.text.length - (e.end - e.start);
      this.deltas[i] = delta;
    });
  }

  toBefore(pos: number): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newStarts[mid] <= pos) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1; // last edit starting (after the edits) at or before pos
    if (i < 0) return pos;
    if (pos < this.newStarts[i] + this.edits[i].text.length) return this.edits[i].start;
    return pos - this.deltas[i];
  }
}
