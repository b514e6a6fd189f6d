import type { Document, Instruction, RunBody } from './document.js';
import { joinWrap, type Wrap } from './join.js';
import { hasBackgroundJob } from './shell/state.js';
import type { Change, TextEdit } from './types.js';

/** Lines longer than this are broken with a continuation when a command is appended. */
const MAX_LINE = 100;
const DEFAULT_INDENT = '    ';

/**
 * Source offset just after the last and-or list of a shell-form RUN, when only blanks or `;`
 * follow it (a trailing comment, `&` or heredoc would swallow or change appended text).
 */
export function appendPoint(doc: Document, body: RunBody): number | undefined {
  const script = body.script;
  if (body.form !== 'shell' || !script || body.hasHeredoc || script.items.length === 0) return undefined;
  const last = script.items[script.items.length - 1];
  if (last.separator === '&') return undefined;
  const end = last.andOr.end;
  return /^[ \t;]*$/.test(doc.source.slice(end, body.end)) ? end : undefined;
}

/** Indentation for a new continuation line of `ins`: its last continuation line's, or four spaces. */
export function continuationIndent(doc: Document, ins: Instruction): string {
  if (ins.endLine === ins.line) return DEFAULT_INDENT;
  const indent = /^[ \t]*/.exec(doc.lineText(ins.endLine))![0];
  return indent || DEFAULT_INDENT;
}

/** True when a multi-line RUN puts `&&` at the end of its lines (`a && \`) rather than at the start. */
function trailingOperatorStyle(doc: Document, ins: Instruction): boolean {
  for (let line = ins.line; line < ins.endLine; line++) {
    const text = doc.lineText(line).trimEnd();
    if (/&&[ \t]*.$/.test(text)) return true;
    if (/^[ \t]*&&/.test(doc.lineText(line + 1))) return false;
  }
  return false;
}

/** Text that joins a command after `ins`'s body, following its layout. */
function joiner(doc: Document, ins: Instruction, appendedLength: number): string {
  const esc = doc.escapeChar;
  const indent = continuationIndent(doc, ins);
  if (ins.endLine === ins.line) {
    const width = doc.lineText(ins.line).length + 4 + appendedLength;
    return width <= MAX_LINE ? ' && ' : ` ${esc}\n${indent}&& `;
  }
  return trailingOperatorStyle(doc, ins) ? ` && ${esc}\n${indent}` : ` ${esc}\n${indent}&& `;
}

/**
 * Text that appends `&& command` at `at`, the end of an and-or list inside a RUN body (in a group),
 * or inside a heredoc script (`heredoc`: on a line of its own, after `&&`, which needs no escape).
 * In a RUN, it stays on the line when that is short and the only one, else it takes a continuation
 * line indented like the line it follows, in the RUN's operator style.
 */
export function appendTextAt(doc: Document, ins: Instruction, at: number, command: string, where: 'run' | 'heredoc'): string {
  const line = doc.lineOf(at);
  const indent = /^[ \t]*/.exec(doc.lineText(line))![0];
  if (where === 'heredoc') return ` &&\n${indent}${command}`;
  if (ins.endLine === ins.line) return joiner(doc, ins, command.length) + command;
  const continued = line === ins.line || indent === '' ? continuationIndent(doc, ins) : indent;
  const esc = doc.escapeChar;
  return trailingOperatorStyle(doc, ins) ? ` && ${esc}\n${continued}${command}` : ` ${esc}\n${continued}&& ${command}`;
}

/** Where `&& command` goes in a RUN (a source offset), or why it cannot go there. */
function appendSite(doc: Document, ins: Instruction): number | string {
  const body = doc.runBody(ins);
  const script = body.script;
  if (body.form !== 'shell') return 'it is in exec form';
  if (!script) return 'its shell code could not be read';
  if (body.hasHeredoc) return 'it has a heredoc';
  if (script.items.length === 0) return 'it is empty';
  if (hasBackgroundJob(script)) return 'it starts a background job';
  const at = appendPoint(doc, body);
  if (at === undefined) return 'a comment ends it';
  if (joinWrap(doc, ins, { followed: true, isolate: false, group: false }) === null) return 'under set -e, `&&` after its last command would stop a failure there from failing the build';
  return at;
}

/** Why `&& command` cannot be appended to a RUN (for a finding), or undefined when it can. */
export function appendBlocker(doc: Document, ins: Instruction): string | undefined {
  const site = appendSite(doc, ins);
  return typeof site === 'string' ? site : undefined;
}

/**
 * A change appending `&& command` to a shell-form RUN, or undefined when that cannot be done exactly
 * or would change what the body does (see joinWrap).
 */
export function appendCommand(doc: Document, ins: Instruction, command: string, message: string): Change | undefined {
  const at = appendSite(doc, ins);
  if (typeof at === 'string') return undefined;
  return { message, instructions: [ins], edits: [{ start: at, end: at, text: joiner(doc, ins, command.length) + command }] };
}

/**
 * One change that merges `second` into `first` (laid out as `first \` / `    && second`), wrapping
 * either body as asked; comments between them move above `first`. Undefined when it cannot be exact.
 */
export function joinRuns(
  doc: Document,
  first: Instruction,
  second: Instruction,
  wraps: { first: Wrap; second: Wrap },
  message: string,
): Change | undefined {
  return joinRunChain(doc, [first, second], [wraps.first, wraps.second], message);
}

/**
 * Merges consecutive RUNs into the first, each body wrapped as `wraps` says, in one change. The
 * bodies stay where they are: the edits replace only the gaps between them (the next RUN's keyword
 * and flags, blank and comment lines), add the wrapping, and rewrite exec-form bodies, so other
 * changes inside the bodies can land in the same pass.
 */
export function joinRunChain(doc: Document, runs: readonly Instruction[], wraps: readonly Wrap[], message: string): Change | undefined {
  const spans: { start: number; end: number; exec: string | undefined }[] = [];
  for (const ins of runs) {
    const body = doc.runBody(ins);
    if (body.form === 'exec') {
      if (!body.argv || body.argv.length === 0) return undefined;
      spans.push({ start: body.start, end: body.end, exec: body.argv.map(shellQuote).join(' ') });
    } else {
      const end = appendPoint(doc, body);
      if (end === undefined || !body.script) return undefined;
      spans.push({ start: body.script.start, end, exec: undefined });
    }
  }
  const [first] = runs;
  const last = runs[runs.length - 1];
  const edits: TextEdit[] = [];
  // one edit per stretch of changed text: touching pieces are joined
  const replace = (start: number, end: number, text: string) => {
    const previous = edits[edits.length - 1];
    if (previous && previous.end === start) {
      previous.end = end;
      previous.text += text;
    } else if (start !== end || text !== '') edits.push({ start, end, text });
  };
  // only the gaps between the RUNs: comment lines inside a continued body stay in it
  const comments = runs
    .slice(1)
    .map((ins, i) => doc.source.slice(doc.lineStart(runs[i].endLine + 1), doc.lineStart(ins.line)))
    .join('')
    .split('\n')
    .filter((l) => l.trim().startsWith('#'))
    .map((l) => l.replace(/\r$/, '').trimEnd() + '\n')
    .join('');
  if (comments) edits.push({ start: doc.lineStart(first.line), end: doc.lineStart(first.line), text: comments });
  const sep = ` ${doc.escapeChar}\n${continuationIndent(doc, first)}&& `;
  spans.forEach((span, i) => {
    const open = OPEN[wraps[i] ?? 'none'];
    if (i === 0) replace(span.start, span.start, open);
    else replace(spans[i - 1].end, span.start, CLOSE[wraps[i - 1] ?? 'none'] + sep + open);
    if (span.exec !== undefined) replace(span.start, span.end, span.exec);
  });
  // the last body's final character is rewritten too, so a command appended in the same pass waits
  // and then follows the merged RUN's layout
  const tail = spans[spans.length - 1];
  const close = CLOSE[wraps[wraps.length - 1] ?? 'none'];
  if (tail.exec !== undefined) replace(tail.end, last.end, close);
  else replace(tail.end - 1, last.end, doc.source[tail.end - 1] + close);
  return { message, instructions: [...runs], edits };
}

const OPEN = { subshell: '( ', group: '{ ', none: '' };
const CLOSE = { subshell: ' )', group: '; }', none: '' };

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for POSIX sh so that it reads back as exactly `word`. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
