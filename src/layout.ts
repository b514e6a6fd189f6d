import type { Document, Instruction, RunBody } from './document.js';
import { joinPlan, type Wrap } from './join.js';
import type { Script } from './shell/ast.js';
import { logicalText } from './shell/logical.js';
import { parseShell } from './shell/parser.js';
import { readsAsJoinedPieces } from './shell/shape.js';
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
 * line indented like the line it follows, in the RUN's operator style. Undefined when the text
 * before `at` ends in a backslash, which would escape what is put after it.
 */
export function appendTextAt(doc: Document, ins: Instruction, at: number, command: string, where: 'run' | 'heredoc'): string | undefined {
  if (escapeAtEnd(doc.source, at)) return undefined;
  const line = doc.lineOf(at);
  const indent = /^[ \t]*/.exec(doc.lineText(line))![0];
  if (where === 'heredoc') return ` &&\n${indent}${command}`;
  if (ins.endLine === ins.line) return joiner(doc, ins, command.length) + command;
  const continued = line === ins.line || indent === '' ? continuationIndent(doc, ins) : indent;
  const esc = doc.escapeChar;
  return trailingOperatorStyle(doc, ins) ? ` && ${esc}\n${continued}${command}` : ` ${esc}\n${continued}&& ${command}`;
}

/** The edit appending `&& command` to a RUN, or why it cannot be appended. */
function appendEdit(doc: Document, ins: Instruction, command: string): TextEdit | string {
  const body = doc.runBody(ins);
  const script = body.script;
  if (body.form !== 'shell') return 'it is in exec form';
  if (!script) return 'its shell code could not be read';
  if (body.hasHeredoc) return 'it has a heredoc';
  if (script.items.length === 0) return 'it is empty';
  if (hasBackgroundJob(script)) return 'it starts a background job';
  const at = appendPoint(doc, body);
  if (at === undefined) return 'a comment ends it';
  const plan = joinPlan(doc, ins, { preceded: false, followed: true, isolate: false });
  if (plan.refusal !== undefined) return plan.refusal;
  const edit = { start: at, end: at, text: joiner(doc, ins, command.length) + command };
  const appended = commandScript(command);
  const escapes = escapeAtEnd(body.logical.text, logicalIndex(body, at)) || escapeAtEnd(command, command.length);
  if (!appended || !readsAsJoined(doc, script.start, ins.end, [edit], [{ script, wrap: undefined }, { script: appended, wrap: undefined }], escapes)) {
    return 'text after it would change how the shell reads it (it ends in a backslash, for one)';
  }
  return edit;
}

/** Why `&& command` cannot be appended to a RUN (for a finding), or undefined when it can. */
export function appendBlocker(doc: Document, ins: Instruction, command = 'true'): string | undefined {
  const edit = appendEdit(doc, ins, command);
  return typeof edit === 'string' ? edit : undefined;
}

/**
 * A change appending `&& command` to a shell-form RUN, or undefined when that cannot be done exactly
 * or would change what the body does (see joinPlan).
 */
export function appendCommand(doc: Document, ins: Instruction, command: string, message: string): Change | undefined {
  const edit = appendEdit(doc, ins, command);
  if (typeof edit === 'string') return undefined;
  return { message, instructions: [ins], edits: [edit] };
}

/**
 * The post-condition of every join and append: applied to the source from `start` to `end`, the
 * edits give text the shell reads as the pieces joined with `&&`, each body wrapped as said, every
 * word as it was. Text put after or around a body must not change how the shell reads it: under
 * `# escape=`` ` ``, a body may end in a literal backslash that ` &&` would escape.
 *
 * A body that parses on its own ends in a complete token, and what a join puts after it starts
 * with a blank or `;`, which ends any token but one: a backslash the body ends with, literal at
 * the end of the text and an escape before more of it. So the joined text is read again only when
 * a piece ends in an odd run of backslashes (`escapes`, found in the pieces' logical texts at their
 * join points); otherwise it reads as the pieces joined. test/layout.test.ts checks this on random
 * bodies against a full re-read.
 */
function readsAsJoined(
  doc: Document,
  start: number,
  end: number,
  edits: readonly TextEdit[],
  pieces: readonly { script: Script; wrap: Wrap }[],
  escapes: boolean,
): boolean {
  if (!escapes) return true;
  let text = '';
  let pos = start;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.end < start || e.start > end) continue;
    text += doc.source.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  text += doc.source.slice(pos, end);
  const joined = readShell(logicalText(text, 0, text.length, doc.escapeChar).text);
  return joined !== undefined && readsAsJoinedPieces(joined, pieces);
}

/** True when `text` before index `end` ends in an odd run of backslashes: the last one escapes what follows. */
function escapeAtEnd(text: string, end: number): boolean {
  let n = 0;
  for (let i = end - 1; i >= 0 && text.charCodeAt(i) === 92; i--) n++;
  return n % 2 === 1;
}

/** The index in a body's logical text (what the shell reads) of a source offset inside the body. */
function logicalIndex(body: RunBody, at: number): number {
  const toSource = body.logical.toSource;
  let lo = 0;
  let hi = body.logical.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toSource(mid) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Appended commands are few and repeat (`rm -rf /var/lib/apt/lists/*`): each is parsed once. */
const appendedScripts = new Map<string, Script | undefined>();

function commandScript(command: string): Script | undefined {
  if (!appendedScripts.has(command)) {
    if (appendedScripts.size >= 1000) appendedScripts.clear();
    appendedScripts.set(command, readShell(command));
  }
  return appendedScripts.get(command);
}

function readShell(text: string): Script | undefined {
  try {
    return parseShell(text);
  } catch {
    return undefined;
  }
}

/**
 * One change that merges `second` into `first` (laid out as `first \` / `    && second`), wrapping
 * either body as asked (see joinRunChain). Undefined when it cannot be exact.
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
 * Merges consecutive shell-form RUNs into the first, each body wrapped as `wraps` says, in one
 * change; undefined when one is in exec form (it runs without a shell) or the joined text would not
 * read as the bodies did. The bodies stay where they are: the edits replace only the gaps between
 * them (the next RUN's keyword and flags, blank and comment lines), and add the wrapping, so other
 * changes inside the bodies can land in the same pass. Comment lines between the RUNs, and those
 * inside a RUN before its first command, stay as written above the command they describe (Docker
 * skips comment lines inside an instruction); ignore comments move above the merged RUN.
 */
export function joinRunChain(doc: Document, runs: readonly Instruction[], wraps: readonly Wrap[], message: string): Change | undefined {
  const spans: { start: number; end: number; script: Script; escapes: boolean }[] = [];
  for (const ins of runs) {
    const body = doc.runBody(ins);
    const end = body.form === 'shell' ? appendPoint(doc, body) : undefined;
    if (end === undefined || !body.script) return undefined;
    spans.push({ start: body.script.start, end, script: body.script, escapes: escapeAtEnd(body.logical.text, logicalIndex(body, end)) });
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
  // ignore comments between the RUNs go above the merged RUN, where they still apply to it
  const pragmas = runs
    .slice(1)
    .flatMap((ins, i) => commentLines(doc, runs[i].endLine + 1, ins.line))
    .filter(isPragma)
    .join('');
  if (pragmas) edits.push({ start: doc.lineStart(first.line), end: doc.lineStart(first.line), text: pragmas });
  const indent = continuationIndent(doc, first);
  spans.forEach((span, i) => {
    const open = OPEN[wraps[i] ?? 'none'];
    if (i === 0) replace(span.start, span.start, open);
    else {
      // other comments stay above the command they describe, as comment lines of the merged RUN
      const between = commentLines(doc, runs[i - 1].endLine + 1, runs[i].line).filter((l) => !isPragma(l));
      const inside = commentLines(doc, runs[i].line + 1, doc.lineOf(span.start));
      const sep = ` ${doc.escapeChar}\n${[...between, ...inside].join('')}${indent}&& `;
      replace(spans[i - 1].end, span.start, CLOSE[wraps[i - 1] ?? 'none'] + sep + open);
    }
  });
  // the last body's final character is rewritten too, so a command appended in the same pass waits
  // and then follows the merged RUN's layout
  const tail = spans[spans.length - 1];
  const tailChar = doc.source[tail.end - 1];
  const close = CLOSE[wraps[wraps.length - 1] ?? 'none'];
  // the `;` after the last body stays when dropping it would leave the line ending in the escape
  // character (Docker would continue it: `x`;` under the backtick escape) or in a blank (Docker trims
  // it, so an escaped blank would lose its escape: `echo \ ;`)
  const lineSoFar = doc.source.slice(doc.lineStart(doc.lineOf(tail.end - 1)), tail.end) + close;
  const kept = endsInEscape(lineSoFar, doc.escapeChar) || /[ \t]$/.test(lineSoFar) ? doc.source.slice(tail.end, last.end) : '';
  replace(tail.end - 1, last.end, tailChar + close + kept);
  const pieces = spans.map((span, i) => ({ script: span.script, wrap: wraps[i] }));
  if (!readsAsJoined(doc, spans[0].start, last.end, edits, pieces, spans.some((span) => span.escapes))) return undefined;
  return { message, instructions: [...runs], edits };
}

/** The comment lines among lines [from, to), as written, each with its line break. */
function commentLines(doc: Document, from: number, to: number): string[] {
  const lines: string[] = [];
  for (let line = from; line < to; line++) {
    const content = doc.lineText(line);
    if (/^[ \t]*#/.test(content)) lines.push(content + '\n');
  }
  return lines;
}

/** `# hadolint ignore=...` and `# dockerslim-ignore ...`: they apply to the instruction below them. */
function isPragma(line: string): boolean {
  return /^[ \t]*#[ \t]*(hadolint[ \t]+ignore|dockerslim-ignore)/i.test(line);
}

/** True when a line, trailing blanks aside, ends in the escape character: Docker continues it. */
function endsInEscape(line: string, escapeChar: string): boolean {
  return line.trimEnd().endsWith(escapeChar);
}

const OPEN = { subshell: '( ', group: '{ ', none: '' };
const CLOSE = { subshell: ' )', group: '; }', none: '' };

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for POSIX sh so that it reads back as exactly `word`. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
