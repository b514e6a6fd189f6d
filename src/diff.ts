/** Lines of context around each change, as `diff -u` and git show. */
const CONTEXT = 3;

/**
 * Beyond this many differing lines the shortest-edit search gives way to one block of `-` then `+`:
 * the search keeps D² numbers to walk back.
 */
const MAX_EDIT_DISTANCE = 1000;

/**
 * Stretches of differing lines longer than this (old + new) are first cut at lines that occur
 * once in each text (patience anchors), so a long file with edits all over it costs time in
 * proportion to its length, not to length × edits.
 */
const ANCHOR_ABOVE = 400;

/** One hunk: where it starts (1-based) and how many lines it spans on each side, and its body. */
interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/**
 * A unified diff with a/ and b/ headers, or '' when the texts are equal: the shortest edit script
 * (Myers' algorithm) over interned lines, cut at unique common lines first when the differing
 * stretch is long, printed as `diff -u` and git print it. `created`: the file is new, so the old
 * side is `/dev/null` (as git shows it).
 */
export function unifiedDiff(filename: string, before: string, after: string, header?: string, created = false): string {
  if (before === after && !created) return '';
  const name = filename.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
  const a = splitLines(before);
  const b = splitLines(after);
  const out = [`--- ${created ? '/dev/null' : quoteName(`a/${name}`)}`, `+++ ${quoteName(`b/${name}`)}`];
  for (const h of toHunks(a, b, lineOps(a, b))) {
    // a side with no lines names the line before the hunk, as diff -u does
    out.push(`@@ -${h.oldLines ? h.oldStart : h.oldStart - 1},${h.oldLines} +${h.newLines ? h.newStart : h.newStart - 1},${h.newLines} @@`);
    for (const line of h.lines) out.push(line);
  }
  return (header ?? '') + out.join('\n') + '\n';
}

/** A file name as git prints it in ---/+++ lines: C-quoted when it holds quotes, backslashes, control or non-ASCII characters. */
function quoteName(name: string): string {
  if (!/[^\x20-\x7e]|["\\]/.test(name)) return name;
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };
  let quoted = '"';
  for (const byte of new TextEncoder().encode(name)) {
    if (named[byte]) quoted += `\\${named[byte]}`;
    else if (byte >= 0x20 && byte <= 0x7e) quoted += String.fromCharCode(byte);
    else quoted += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${quoted}"`;
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

/** The edit script from `a` to `b`; removals come before additions in each changed block. */
function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  const ids = new Map<string, number>();
  const intern = (lines: readonly string[]) => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      let id = ids.get(lines[i]);
      if (id === undefined) ids.set(lines[i], (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const ops: Op[] = [];
  align(intern(a), intern(b), ops, 0);
  return ops;
}

/** Appends the script from `a` to `b` to `ops`: shared head and tail kept, the middle searched or cut at anchors. */
function align(a: Int32Array, b: Int32Array, ops: Op[], depth: number): void {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  for (let i = 0; i < start; i++) ops.push(' ');
  const midA = a.subarray(start, endA);
  const midB = b.subarray(start, endB);
  const anchors = midA.length + midB.length > ANCHOR_ABOVE && depth < 2 ? uniqueAnchors(midA, midB) : [];
  if (anchors.length) {
    let x = 0;
    let y = 0;
    for (const [ax, by] of anchors) {
      align(midA.subarray(x, ax), midB.subarray(y, by), ops, depth + 1);
      ops.push(' ');
      x = ax + 1;
      y = by + 1;
    }
    align(midA.subarray(x), midB.subarray(y), ops, depth + 1);
  } else {
    const tooLong = midA.length + midB.length > ANCHOR_ABOVE && depth >= 2;
    for (const op of tooLong ? block(midA.length, midB.length) : shortestEdit(midA, midB)) ops.push(op);
  }
  for (let i = endA; i < a.length; i++) ops.push(' ');
}

/**
 * Lines that occur exactly once in `a` and once in `b`, as position pairs, keeping the longest
 * chain that is in order in both (patience diff's anchors; O(k log k) for k such lines).
 */
function uniqueAnchors(a: Int32Array, b: Int32Array): [number, number][] {
  const inA = new Map<number, number>(); // id → position, or -1 when repeated
  for (let i = 0; i < a.length; i++) inA.set(a[i], inA.has(a[i]) ? -1 : i);
  const inB = new Map<number, number>();
  for (let j = 0; j < b.length; j++) if (inA.has(b[j]) && inA.get(b[j])! >= 0) inB.set(b[j], inB.has(b[j]) ? -1 : j);
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i++) {
    const j = inB.get(a[i]);
    if (j !== undefined && j >= 0 && inA.get(a[i]) === i) pairs.push([i, j]);
  }
  // longest increasing subsequence of the b positions (pairs are in a order)
  const tails: number[] = []; // index into pairs of the smallest tail of each chain length
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < pairs[p][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tails[lo - 1];
    tails[lo] = p;
  }
  const chain: [number, number][] = [];
  for (let p = tails.length ? tails[tails.length - 1] : -1; p >= 0; p = prev[p]) chain.push(pairs[p]);
  return chain.reverse();
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
function toHunks(a: readonly string[], b: readonly string[], ops: readonly Op[]): Hunk[] {
  // positions in a and b before each op
  const posA = new Int32Array(ops.length + 1);
  const posB = new Int32Array(ops.length + 1);
  for (let i = 0; i < ops.length; i++) {
    posA[i + 1] = posA[i] + (ops[i] === '+' ? 0 : 1);
    posB[i + 1] = posB[i] + (ops[i] === '-' ? 0 : 1);
  }
  const hunks: Hunk[] = [];
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
