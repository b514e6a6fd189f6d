import { createHash } from 'node:crypto';
import type { Document, Instruction } from '../../document.js';
import type { FileOutcome } from '../fix.js';

/** Where something is in a file: 1-based lines and columns (UTF-16 code units), the end column one past the last character. */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The text of the region (the instruction, or the line). */
  text: string;
}

/** One thing a machine format reports: a rewrite still to make, or a finding. */
export interface Issue {
  /** The transform's id, or `shell-syntax` for a RUN no transform can read. */
  ruleId: string;
  kind: 'rewrite' | 'finding';
  message: string;
  /** In the file as it is on disk now (the rewritten text once written, else the text as read). */
  region: Region;
  /** Stable while lines move: the rule, the file, the instruction's text (spacing aside) and its rank among equal ones. */
  fingerprint: string;
  /** A rewrite's facts (`data` of the change). */
  data?: Record<string, unknown>;
}

/** A run of changed lines: `oldCount` lines from `oldStart` of the text as read become `newCount` lines from `newStart` of the rewrite. */
export interface Block {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

export interface FileIssues {
  outcome: FileOutcome;
  /** The file's path as reported, with `/`. */
  file: string;
  issues: Issue[];
  /** The rewrite still to make (none once written), as changed-line blocks of the text as read. */
  pending: Block[];
}

/** Every file's issues, in report order; files that could not be read or were ignored have none. */
export function issuesOf(outcomes: readonly FileOutcome[], readDocument: (text: string) => Document): FileIssues[] {
  return outcomes.map((outcome) => {
    const { report, source, output } = outcome;
    const file = report.file.replace(/\\/g, '/');
    if (source === undefined || output === undefined) return { outcome, file, issues: [], pending: [] };
    // a rewrite whose image failed --verify is not offered: the file keeps its text and its error
    const pendingRewrite = report.changed && !report.written && report.verified !== false;
    const blocks = report.changed ? changedBlocks(source, output, outcome.diff) : [];
    const onDisk = report.written ? output : source;
    const locate = locator(readDocument(onDisk));
    const issues: Issue[] = [];
    if (pendingRewrite) {
      for (const c of report.changes) issues.push({ ruleId: c.transform, kind: 'rewrite', message: c.message, region: locate(c.line), fingerprint: '', ...(c.data ? { data: c.data } : {}) });
    }
    for (const f of report.findings) {
      // findings are made on the rewrite; while it is not written, point at the lines they came from
      const line = report.changed && !report.written ? toOldLine(blocks, f.line, lineCount(source)) : f.line;
      issues.push({ ruleId: f.transform, kind: 'finding', message: f.message, region: locate(line), fingerprint: '' });
    }
    issues.sort((a, b) => a.region.startLine - b.region.startLine); // stable: same line keeps the engine's order
    fingerprint(file, issues);
    return { outcome, file, issues, pending: pendingRewrite ? blocks : [] };
  });
}

/** The region of the instruction holding a line (or of the line itself, outside any instruction). */
function locator(doc: Document): (line: number) => Region {
  const { instructions, source: text } = doc;
  return (line) => {
    const ins = instructionAt(instructions, line);
    if (ins) return regionOf(doc, ins.start, ins.end);
    const at = Math.min(Math.max(line, 1), lineCount(text));
    const start = doc.lineStart(at);
    return regionOf(doc, start, start + doc.lineText(at).length);
  };
}

function instructionAt(instructions: readonly Instruction[], line: number): Instruction | undefined {
  let lo = 0;
  let hi = instructions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = instructions[mid];
    if (line < ins.line) hi = mid - 1;
    else if (line > ins.endLine) lo = mid + 1;
    else return ins;
  }
  return undefined;
}

function regionOf(doc: Document, start: number, end: number): Region {
  const startLine = doc.lineOf(start);
  const endLine = doc.lineOf(end);
  return {
    startLine,
    startColumn: start - doc.lineStart(startLine) + 1,
    endLine,
    endColumn: end - doc.lineStart(endLine) + 1,
    text: doc.source.slice(start, end),
  };
}

function fingerprint(file: string, issues: Issue[]): void {
  const seen = new Map<string, number>();
  for (const issue of issues) {
    const key = `${issue.ruleId}\0${file}\0${issue.region.text.replace(/\s+/g, ' ').trim()}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    issue.fingerprint = createHash('sha256').update(`${key}\0${rank}`).digest('hex').slice(0, 32);
  }
}

/**
 * The changed-line blocks of a rewrite, read from its unified diff (the diff's line numbers are
 * what the blocks need; the texts themselves are taken from `source` and `output`).
 */
export function changedBlocks(source: string, output: string, diff: string): Block[] {
  if (source === output) return [];
  const blocks: Block[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: Block | undefined;
  const close = () => {
    if (open) blocks.push(open);
    open = undefined;
  };
  const lines = diff.split('\n');
  let i = lines.findIndex((l) => l.startsWith('@@'));
  for (; i >= 0 && i < lines.length; i++) {
    const line = lines[i];
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      close();
      // an empty side is numbered from the line before it, as diff -u writes it
      oldLine = Number(hunk[1]) + (hunk[2] === '0' ? 1 : 0);
      newLine = Number(hunk[3]) + (hunk[4] === '0' ? 1 : 0);
      continue;
    }
    const mark = line[0];
    if (mark === '-' || mark === '+') {
      open ??= { oldStart: oldLine, oldCount: 0, newStart: newLine, newCount: 0 };
      if (mark === '-') {
        open.oldCount++;
        oldLine++;
      } else {
        open.newCount++;
        newLine++;
      }
    } else if (mark === ' ') {
      close();
      oldLine++;
      newLine++;
    }
    // `\ No newline at end of file` and the closing empty string change nothing
  }
  close();
  return blocks;
}

/** The line of the text as read that a line of the rewrite comes from (inside a changed block: the block's first line). */
export function toOldLine(blocks: readonly Block[], newLine: number, oldLines: number): number {
  let delta = 0;
  for (const b of blocks) {
    if (newLine < b.newStart) break;
    if (newLine < b.newStart + b.newCount) return Math.max(1, Math.min(b.oldStart, oldLines));
    delta += b.oldCount - b.newCount;
  }
  return Math.max(1, Math.min(newLine + delta, oldLines));
}

/** The line an error about `file` names (`file:12: message`), if it names one. */
export function errorLine(file: string, error: string): number | undefined {
  if (!error.startsWith(`${file}:`)) return undefined;
  const line = /^(\d+): /.exec(error.slice(file.length + 1))?.[1];
  return line === undefined ? undefined : Number(line);
}

/** The 0-based offset where each 1-based line starts, plus the text's length at the end. */
export function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (i + 1 < text.length) starts.push(i + 1);
  starts.push(text.length);
  return starts;
}

function lineCount(text: string): number {
  return Math.max(1, lineOffsets(text).length - 1);
}

/** The hunk of a unified diff (from its `@@` line) whose lines of the text as read reach `line`, or the first after it. */
export function hunkAt(diff: string, line: number): string | undefined {
  const hunks = diff.split(/^(?=@@ )/m).filter((h) => h.startsWith('@@ '));
  let after: string | undefined;
  for (const hunk of hunks) {
    const m = /^@@ -(\d+)(?:,(\d+))?/.exec(hunk);
    if (!m) continue;
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (line >= start && line < start + Math.max(count, 1)) return hunk;
    if (start > line) after ??= hunk;
  }
  return after;
}
