/**
 * When a RUN body can run as `body && more` in one shell and still do what it did alone, in a RUN
 * of its own before a RUN of `more`. Merging RUNs and appending cleanups both rely on it.
 */
import type { Document, Instruction } from './document.js';
import type { Command, Script } from './shell/ast.js';
import { changesShellState, commandNameIndex, definedFunctions, enablesErrexit, hasBackgroundJob } from './shell/state.js';

/** How a body is written inside `a && b`: as is, `( body )`, or `{ body; }`. */
export type Wrap = 'subshell' | 'group' | undefined;

export interface JoinOptions {
  /** More commands follow it (`body && more`); otherwise it is the last (`more && body`). */
  followed: boolean;
  /** What follows must not see the body's cd, export, set and the like (it is the next RUN's code). */
  isolate: boolean;
  /** Lists and compound commands are grouped so `&&` sees the body's status as a whole. */
  group: boolean;
}

/** Builtins that run commands in the current shell, as a compound command would. */
const RUNS_CODE = new Set(['eval', '.', 'source']);

/**
 * How a shell-form body must be wrapped to stand in an and-or list, or null when it cannot:
 * unreadable, a heredoc, a background job, or (when followed) errexit in force where `&&` would
 * switch it off. The last part of an and-or list keeps errexit, so only followed bodies are checked.
 *
 * With `set -e` (from SHELL or the body), a shell ignores failures inside anything left of `&&`:
 * `{ false; echo; } && more` runs echo, though `false; echo` alone stops. So a wrapped body must
 * then be one and-or list of plain commands, and an unwrapped one must end in plain commands.
 */
export function joinWrap(doc: Document, ins: Instruction, options: JoinOptions): Wrap | null {
  const body = doc.runBody(ins);
  const script = body.script;
  if (body.form !== 'shell' || !script || body.hasHeredoc || script.items.length === 0 || hasBackgroundJob(script)) return null;
  let wrap: Wrap;
  if (options.followed && options.isolate && changesShellState(script)) wrap = 'subshell';
  else if (options.group && needsGroup(script)) wrap = 'group';
  if (!options.followed) return wrap;
  const setsErrexit = enablesErrexit(script);
  if (setsErrexit === 'substitution') return null;
  if (setsErrexit === 'yes' || doc.shellOf(ins).errexit) {
    const functions = definedFunctions(script);
    const items = wrap ? script.items : script.items.slice(-1);
    if (wrap && items.length > 1) return null;
    const plain = items.every((item) =>
      [item.andOr.first, ...item.andOr.rest.map((r) => r.pipeline)].every((p) => p.commands.every((c) => plainCommand(c, functions))),
    );
    if (!plain) return null;
  }
  return wrap;
}

/** A list, an `||`, or a compound command: `&&` after it would bind to its last part only, or read as its status. */
function needsGroup(script: Script): boolean {
  if (script.items.length > 1) return true;
  const andOr = script.items[0].andOr;
  if (andOr.rest.some((r) => r.op === '||')) return true;
  const pipelines = [andOr.first, ...andOr.rest.map((r) => r.pipeline)];
  return pipelines.some(
    (p) => p.commands.length === 1 && p.commands[0].kind !== 'simple' && p.commands[0].kind !== 'subshell' && p.commands[0].kind !== 'brace',
  );
}

/** A simple command that runs no shell code of the body's in the current shell (no function of it, no eval). */
export function plainCommand(command: Command, functions: ReadonlySet<string>): boolean {
  if (command.kind !== 'simple') return false;
  const i = commandNameIndex(command);
  if (i >= command.words.length) return true;
  const name = command.words[i].value;
  return name !== undefined && !RUNS_CODE.has(name) && !functions.has(name);
}

/** True when two RUNs carry the same flags (`--mount`, `--network`, `--security`) in any order: only such RUNs share a layer. */
export function sameFlags(a: Instruction, b: Instruction): boolean {
  if (a.flags.length !== b.flags.length) return false;
  if (a.flags.length === 0) return true;
  const key = (ins: Instruction) =>
    ins.flags
      .map((f) => `${f.name}=${f.value ?? ''}`)
      .sort()
      .join('\0');
  return key(a) === key(b);
}
