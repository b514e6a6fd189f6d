import { formatPatch, type StructuredPatchHunk } from 'diff';

/** Lines of context around each change, as `diff -u` and git show. */
const CONTEXT = 3;

/**
 * Beyond this many differing lines the shortest-edit search gives way to one block of `-` then `+`:
 * the search keeps D² numbers to walk back, and no rewrite of ours comes near it.
 */
const MAX_EDIT_DISTANCE = 1000;

/**
 * A unified diff with a/ and b/ headers, or '' when the texts are equal. The line alignment is
 * the shortest edit script (Myers' algorithm) over interned lines; the diff library prints it.
 * `created`: the file is new, so the old side is `/dev/null` (as git shows it).
 */
export function unifiedDiff(filename: string, before: string, after: string, header?: string, created = false): string {
  if (before === after && !created) return '';
  const name = filename.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = toHunks(a, b, lineOps(a, b));
  const patch = { oldFileName: created ? '/dev/null' : `a/${name}`, newFileName: `b/${name}`, oldHeader: undefined, newHeader: undefined, hunks };
  return (header ?? '') + formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
}

/** Lines with their line endings. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** ' ' keeps a line of both texts, '-' drops one of the old, '+' adds one of the new. */
type Op = ' ' | '-' | '+';

/** The edit script from `a` to `b`, shortest first; removals come before additions in each changed block. */
function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ids = new Map<string, number>();
  const intern = (lines: readonly string[], from: number, to: number) => {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) {
      let id = ids.get(lines[i]);
      if (id === undefined) ids.set(lines[i], (id = ids.size));
      out[i - from] = id;
    }
    return out;
  };
  const middle = shortestEdit(intern(a, start, endA), intern(b, start, endB));
  const ops: Op[] = new Array<Op>(start).fill(' ');
  for (const op of middle) ops.push(op);
  for (let i = endA; i < a.length; i++) ops.push(' ');
  return ops;
}

/** Myers' O(ND) greedy search, keeping each round's frontier to walk the path back. */
function shortestEdit(a: Int32Array, b: Int32Array): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return block(n, m);
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return block(n, m);
}

/** Rebuilds the script from the frontiers; `trace[d][k + d]` is the furthest x on diagonal k after d edits. */
function backtrack(trace: readonly Int32Array[], n: number, m: number): Op[] {
  const reversed: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1]; // diagonals -(d-1) .. d-1
    const at = (k: number) => prev[k + d - 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push(' ');
      x--;
      y--;
    }
    reversed.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    reversed.push(' ');
    x--;
    y--;
  }
  return reorderBlocks(reversed.reverse());
}

/** All of `a` removed, then all of `b` added. */
function block(n: number, m: number): Op[] {
  return [...new Array<Op>(n).fill('-'), ...new Array<Op>(m).fill('+')];
}

/** Within each run of changes, removals first, then additions (as git and diff -u print them). */
function reorderBlocks(ops: Op[]): Op[] {
  const out: Op[] = [];
  for (let i = 0; i < ops.length; ) {
    if (ops[i] === ' ') {
      out.push(ops[i++]);
      continue;
    }
    let removed = 0;
    let added = 0;
    for (; i < ops.length && ops[i] !== ' '; i++) {
      if (ops[i] === '-') removed++;
      else added++;
    }
    for (let r = 0; r < removed; r++) out.push('-');
    for (let p = 0; p < added; p++) out.push('+');
  }
  return out;
}

/** Groups the script into hunks with CONTEXT lines around changes; changes closer than twice that share one. */
function toHunks(a: readonly string[], b: readonly string[], ops: readonly Op[]): StructuredPatchHunk[] {
  // positions in a and b before each op
  const posA = new Int32Array(ops.length + 1);
  const posB = new Int32Array(ops.length + 1);
  for (let i = 0; i < ops.length; i++) {
    posA[i + 1] = posA[i] + (ops[i] === '+' ? 0 : 1);
    posB[i + 1] = posB[i] + (ops[i] === '-' ? 0 : 1);
  }
  const hunks: StructuredPatchHunk[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i] === ' ') i++;
    if (i >= ops.length) break;
    const from = Math.max(0, i - CONTEXT); // the previous hunk ended more than CONTEXT lines back
    // extend over changes separated by at most 2 * CONTEXT unchanged lines
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end] !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next] === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const to = Math.min(ops.length, end + CONTEXT);
    const lines: string[] = [];
    for (let j = from; j < to; j++) {
      const op = ops[j];
      const text = op === '+' ? b[posB[j]] : a[posA[j]];
      lines.push(op + text.replace(/\n$/, ''));
      if (!text.endsWith('\n')) lines.push('\\ No newline at end of file');
    }
    hunks.push({
      oldStart: posA[from] + 1,
      oldLines: posA[to] - posA[from],
      newStart: posB[from] + 1,
      newLines: posB[to] - posB[from],
      lines,
    });
    i = to;
  }
  return hunks;
}
