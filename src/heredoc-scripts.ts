/**
 * Which heredocs of a RUN are shell scripts, and who runs them. BuildKit hands the body of a RUN that
 * is one heredoc alone (`RUN <<EOF`) to the RUN's shell as its command string (or runs it as a file
 * when it starts with `#!`); a shell reading the heredoc on stdin (`RUN bash -e <<EOF`) runs it too.
 * Every other heredoc is data for the command it is given to (`cat > f <<EOF`, `python3 <<EOF`).
 */
import type { Document, Instruction } from './document.js';
import { Memo } from './memo.js';
import type { Redirect, Script, SimpleCommand } from './shell/ast.js';
import { baseName, resolveCommand, shellInvocation, SHELLS } from './shell/commands.js';
import { parseShell } from './shell/parser.js';
import { forEachCommand } from './shell/walk.js';

export interface HeredocScript {
  redirect: Redirect;
  /** `run`: the RUN's own shell runs the body (`RUN <<EOF`); `shell`: a shell the RUN starts reads it (`RUN bash <<EOF`). */
  runner: 'run' | 'shell';
  /** The body as shell code, every offset in the Dockerfile source; null when it is not valid shell. */
  script: Script | null;
  error: string | undefined;
  /** The shell running it starts with errexit on (SHELL's `-e` for `RUN <<EOF`, the shell's own `-e`, or the shebang's). */
  errexit: boolean;
  /** The shell reads the body exactly as written (no outer expansion, no CR), so an edit lands where it is read. */
  editable: boolean;
}

export interface HeredocData {
  redirect: Redirect;
  /** The body as the program receives it (before any expansion). */
  text: string;
}

export interface RunHeredocs {
  scripts: HeredocScript[];
  data: HeredocData[];
}

const NONE: RunHeredocs = { scripts: [], data: [] };
const heredocsCache = new Memo<Document, Map<number, RunHeredocs>>();

/** The heredocs of a shell-form RUN, sorted into scripts and data; cached per document. */
export function runHeredocs(doc: Document, ins: Instruction): RunHeredocs {
  let perDoc = heredocsCache.get(doc);
  if (!perDoc) heredocsCache.set(doc, (perDoc = new Map()));
  let found = perDoc.get(ins.index);
  if (!found) perDoc.set(ins.index, (found = readHeredocs(doc, ins)));
  return found;
}

function readHeredocs(doc: Document, ins: Instruction): RunHeredocs {
  const body = doc.runBody(ins);
  const script = body.script;
  if (body.form !== 'shell' || !script || !body.hasHeredoc) return NONE;
  const found: RunHeredocs = { scripts: [], data: [] };
  const whole = wholeRunHeredoc(doc, script);
  forEachCommand(script, (command) => {
    if (command.kind !== 'simple') {
      if ('redirects' in command) for (const r of command.redirects) if (r.heredoc) found.data.push({ redirect: r, text: bodyText(doc, r) });
      return;
    }
    for (const r of command.redirects) {
      if (!r.heredoc) continue;
      const sorted = r === whole ? runScript(doc, ins, r) : command === stdinShellOf(command, r) ? shellScript(doc, command, r) : undefined;
      if (sorted) found.scripts.push(sorted);
      else found.data.push({ redirect: r, text: bodyText(doc, r) });
    }
  });
  return found;
}

/** The heredoc of `RUN <<EOF` standing alone, which BuildKit runs itself; undefined when the RUN is anything more. */
function wholeRunHeredoc(doc: Document, script: Script): Redirect | undefined {
  if (script.items.length !== 1 || script.items[0].andOr.rest.length > 0) return undefined;
  const pipeline = script.items[0].andOr.first;
  const command = pipeline.commands[0];
  if (pipeline.negated || pipeline.commands.length !== 1 || command.kind !== 'simple') return undefined;
  if (command.words.length > 0 || command.assignments.length > 0 || command.redirects.length !== 1) return undefined;
  const r = command.redirects[0];
  if (!r.heredoc || r.fd !== undefined) return undefined;
  // BuildKit's test: the command line is the heredoc word and nothing else
  const lineEnd = doc.source.indexOf('\n', r.end);
  return /^[ \t\r]*$/.test(doc.source.slice(r.end, lineEnd < 0 ? undefined : lineEnd)) ? r : undefined;
}

/** `command` when it is a shell reading its code from stdin and `r` is that stdin, else undefined. */
function stdinShellOf(command: SimpleCommand, r: Redirect): SimpleCommand | undefined {
  if ((r.fd !== undefined && r.fd !== 0) || command.redirects.some((o) => o !== r && (o.fd === undefined || o.fd === 0) && o.op.startsWith('<'))) return undefined;
  const resolved = resolveCommand(command);
  if (!resolved || !SHELLS.has(resolved.name)) return undefined;
  return shellInvocation(resolved)?.reads === 'stdin' ? command : undefined;
}

function shellScript(doc: Document, command: SimpleCommand, r: Redirect): HeredocScript {
  const invocation = shellInvocation(resolveCommand(command)!)!;
  const text = bodyText(doc, r);
  const expanded = !r.heredoc!.quoted && /[$`\\]/.test(text);
  return { redirect: r, runner: 'shell', ...parsed(doc, r), errexit: invocation.errexit, editable: !expanded && !text.includes('\r') };
}

/** `RUN <<EOF`: the RUN's shell runs the body; with a `#!` line, the kernel runs it with that interpreter. */
function runScript(doc: Document, ins: Instruction, r: Redirect): HeredocScript | undefined {
  const text = bodyText(doc, r);
  let errexit = doc.shellOf(ins).errexit;
  if (text.startsWith('#!')) {
    const interpreter = shebangShell(text.slice(2, text.indexOf('\n') < 0 ? undefined : text.indexOf('\n')));
    if (!interpreter) return undefined;
    errexit = interpreter.errexit;
  }
  return { redirect: r, runner: 'run', ...parsed(doc, r), errexit, editable: !text.includes('\r') };
}

/**
 * The interpreter of a script's `#!` line (the text after `#!`) when it is a POSIX shell (`/bin/sh -e`,
 * `/usr/bin/env bash`), and whether its one option turns errexit on; undefined for anything else.
 */
export function shebangShell(line: string): { errexit: boolean } | undefined {
  const words = line.trim().split(/[ \t]+/);
  let i = 0;
  if (baseName(words[0] ?? '') === 'env') i = 1;
  if (!SHELLS.has(baseName(words[i] ?? ''))) return undefined;
  const rest = words.slice(i + 1);
  if (i === 1 && rest.length > 0) return undefined; // `env bash -e` asks env for a program named "bash -e"
  if (rest.length === 0) return { errexit: false };
  // the kernel passes everything after the interpreter as one argument
  return rest.length === 1 && /^-[a-zA-Z]+$/.test(rest[0]) ? { errexit: rest[0].includes('e') } : undefined;
}

/** The body parsed as shell code, with `<<-`'s leading tabs removed as the shell does. */
function parsed(doc: Document, r: Redirect): { script: Script | null; error: string | undefined } {
  const body = r.heredoc!.body;
  let text = doc.source.slice(body.start, body.end);
  let toSource = (i: number) => body.start + i;
  if (r.heredoc!.stripTabs) ({ text, toSource } = withoutLeadingTabs(text, body.start));
  try {
    return { script: parseShell(text, toSource), error: undefined };
  } catch (e) {
    return { script: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** `text` without the tabs that start its lines, and the map from its offsets back to the source. */
function withoutLeadingTabs(text: string, start: number): { text: string; toSource: (i: number) => number } {
  const kept: number[] = []; // source offset of each kept character
  let out = '';
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (lineStart && c === '\t') continue;
    lineStart = c === '\n';
    out += c;
    kept.push(start + i);
  }
  const end = start + text.length;
  return { text: out, toSource: (i) => (i < kept.length ? kept[i] : end) };
}

function bodyText(doc: Document, r: Redirect): string {
  const body = r.heredoc!.body;
  return doc.source.slice(body.start, body.end);
}
