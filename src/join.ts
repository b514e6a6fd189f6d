/**
 * The one rule for joining RUN bodies into one shell script: when `body && more` (or `more && body`)
 * still does what `body` did alone, in a RUN of its own. Merging RUNs and appending cleanups both
 * ask it; src/layout.ts writes the joined text and checks that it reads back as the bodies did.
 *
 * A body alone ran in a fresh `/bin/sh -c` (or the SHELL), and the RUN failed when the script did.
 * Joined, it shares one shell with code before or after it. Exactly these things can differ:
 *
 * - Form. An exec-form RUN runs its program without any shell (images FROM scratch, distroless or
 *   busybox-only have none): it never joins anything, and nothing is joined to it.
 * - State. What runs after a body sees its cd, export, set, umask, traps, functions and variables:
 *   when that is another RUN's code, a body that changes state runs in `( )` (`isolate`), and so
 *   does every body of a shell that reads startup files, whose functions may change state unseen
 *   (`nvm use`). An appended cleanup is meant to run where the body left off, and runs in its shell.
 * - Grammar. `&&` binds to the last and-or list only: a body run after `&&` (`preceded`) that is a
 *   list or has `||` is grouped in `{ ; }`, or `first && a; b` would run b when first failed.
 * - Shell history. A body run after another sees `$_`, `$PIPESTATUS`, `$BASH_REMATCH` and `$SECONDS`
 *   of the code before it, and one in `( )` a different `$BASH_SUBSHELL`: such bodies are not joined.
 * - set -e. A shell ignores errexit in everything left of `&&`, down into the compound commands,
 *   functions and (bash as sh) command substitutions run there. So what `&&` follows must be a
 *   command whose failure ends the script the same way with errexit honoured or not: its own status
 *   is the one the RUN ends with either way (it is the last thing the script runs alone, and a
 *   failure left of `&&` ends the joined script with that status too), and nothing inside it runs
 *   on after a failure. That holds for a simple command (and a pipeline of them) running no unseen
 *   code, for `[[ ]]` and `(( ))`, and for `if`/`case`/`( )`/`{ }` whose bodies are such commands,
 *   `!` or not (bash ignores errexit inside a `!` pipeline only when it was on before it, and left of
 *   `&&` even when the pipeline turns it on). It fails for loops, for lists inside a
 *   group or `( )`, for a call to a function the script defines (or one from the shell's startup
 *   files: SHELL with --login, or BASH_ENV), for eval, `.` and source, and for a command named by
 *   a variable (it could be any of those). Earlier pipelines of the same and-or list were already
 *   left of `&&` alone, so only the last one is checked; a wrapped body puts all of itself there,
 *   so it must then be one and-or list. Errexit may be on from SHELL (-e, -o errexit), from
 *   SHELLOPTS, from `set -e` in the body, or from code it runs unseen; with none of these, nothing
 *   needs checking. Startup files are taken not to turn it on: a profile that did would end every
 *   interactive login at its first failing command.
 * - Traps. bash runs an ERR trap after a failed command except left of `&&`, and a DEBUG trap before
 *   every command: a body that may set either is not followed by anything.
 * - Ending the shell. `exit`, `exec cmd` or `return` as the last command means nothing appended
 *   after it would run (a merge puts such a body in `( )`, where it ends only the subshell).
 */
import type { Document, Instruction } from './document.js';
import { Memo } from './memo.js';
import type { AndOr, Command, Script, Word, WordPart } from './shell/ast.js';
import { baseName } from './shell/commands.js';
import {
  changesShellState,
  commandNameIndex,
  definedFunctions,
  enablesErrexit,
  hasBackgroundJob,
  readsShellHistory,
  runsUnseenCode,
  trapsFailures,
} from './shell/state.js';

/** How a body is written inside `a && b`: as is, `( body )`, or `{ body; }`. */
export type Wrap = 'subshell' | 'group' | undefined;

/** Where a body stands in the joined script. */
export interface JoinPosition {
  /** Something runs before it: `first && body`. */
  preceded: boolean;
  /** Something runs after it: `body && more`. */
  followed: boolean;
  /** What runs after it is another RUN's code, which must not see the body's cd, export, set and the like. */
  isolate: boolean;
}

/** How the body is wrapped in the joined script, or why it cannot be joined there. */
export type JoinPlan = { wrap: Wrap; refusal?: undefined } | { refusal: string };

/** Builtins that run code in the current shell, as a compound command would. */
const RUNS_CODE = new Set(['eval', '.', 'source']);
/** Builtins that end the shell when they run (`exec` with a command to run). */
const ENDS_SHELL = new Set(['exit', 'return', 'exec']);

/** How `ins`'s body joins a script at `position` (see the rule above), or why it cannot. */
export function joinPlan(doc: Document, ins: Instruction, position: JoinPosition): JoinPlan {
  const body = doc.runBody(ins);
  const script = body.script;
  if (body.form !== 'shell') return { refusal: 'it is in exec form, which runs without a shell' };
  if (!script) return { refusal: 'its shell code could not be read' };
  if (body.hasHeredoc) return { refusal: 'it has a heredoc' };
  if (script.items.length === 0) return { refusal: 'it is empty' };
  if (hasBackgroundJob(script)) return { refusal: 'it starts a background job' };
  if (!doc.shellOf(ins).posix) return { refusal: 'its SHELL is not a POSIX shell' };
  let wrap: Wrap;
  // a command from startup files may be a function that changes state (`nvm use`): any body may
  if (position.followed && position.isolate && (changesShellState(script) || readsStartupFiles(doc, ins))) wrap = 'subshell';
  else if (position.preceded && needsGroup(script)) wrap = 'group';
  if ((position.preceded || wrap === 'subshell') && readsShellHistory(script)) {
    return { refusal: 'it reads `$_`, `$PIPESTATUS`, `$BASH_REMATCH`, `$SECONDS` or `$BASH_SUBSHELL`, which joining would change' };
  }
  if (!position.followed) return { wrap };
  if (trapsFailures(script)) return { refusal: 'it may set an ERR or DEBUG trap, which bash runs differently around `&&`' };
  const items = wrap ? script.items : script.items.slice(-1);
  if (!wrap && endsShell(items[0].andOr)) return { refusal: 'its last command ends the shell, so nothing after it would run' };
  const errexit = errexitSource(doc, ins, script);
  if (errexit) {
    const context = { functions: definedFunctions(script), startupFunctions: readsStartupFiles(doc, ins) };
    const lost = items.length > 1 ? 'its list of commands' : errexitLostIn(items[0].andOr, context);
    if (lost) return { refusal: `${errexit}, \`&&\` after its last command would stop a failure inside ${lost} from failing the build` };
  }
  return { wrap };
}

/**
 * The same rule for `&& more` after `andOr`, the last and-or list of a script inside `ins` that
 * runs to the end of the RUN (the body of a group the RUN ends in, or a heredoc script the RUN's
 * shell runs): why it cannot follow, or undefined. `root` is the whole script that list is part of
 * (the RUN body or the heredoc script); `errexit`: the shell running `root` starts with `-e`.
 */
export function followRefusal(doc: Document, ins: Instruction, root: Script, andOr: AndOr, errexit: boolean): string | undefined {
  if (trapsFailures(root)) return 'it may set an ERR or DEBUG trap, which bash runs differently around `&&`';
  if (endsShell(andOr)) return 'its last command ends the shell, so nothing after it would run';
  const source = errexit ? 'under set -e' : errexitSource(doc, ins, root);
  if (!source) return undefined;
  const lost = errexitLostIn(andOr, { functions: definedFunctions(root), startupFunctions: readsStartupFiles(doc, ins) });
  return lost ? `${source}, \`&&\` after its last command would stop a failure inside ${lost} from failing the build` : undefined;
}

/** A list or an `||`: `&&` before it would bind to its first part only. */
function needsGroup(script: Script): boolean {
  return script.items.length > 1 || script.items[0].andOr.rest.some((r) => r.op === '||');
}

/** True when the and-or list's last pipeline, run on the success path, ends the shell (`exit`, `exec cmd`, `return`). */
function endsShell(andOr: AndOr): boolean {
  const last = andOr.rest.length > 0 ? andOr.rest[andOr.rest.length - 1] : undefined;
  if (last?.op === '||') return false;
  const pipeline = last ? last.pipeline : andOr.first;
  const command = pipeline.commands[pipeline.commands.length - 1];
  if (pipeline.commands.length !== 1 || pipeline.negated || command.kind !== 'simple') return false;
  const i = commandNameIndex(command);
  const name = command.words[i]?.value;
  return name !== undefined && ENDS_SHELL.has(name) && (name !== 'exec' || command.words.length > i + 1);
}

/** How errexit may be on in the body ('under set -e' and the like), or undefined when it cannot be. */
function errexitSource(doc: Document, ins: Instruction, script: Script): string | undefined {
  if (doc.shellOf(ins).errexit || enablesErrexit(script) !== 'no') return 'under set -e';
  if (environment(doc).shellopts) return 'with SHELLOPTS set (it may hold errexit)';
  if (runsUnseenCode(script)) return 'if the code it runs unseen turns on set -e';
  return undefined;
}

interface ErrexitContext {
  /** Functions the body defines. */
  functions: ReadonlySet<string>;
  /** The shell reads startup files, so any command name may be a function from them. */
  startupFunctions: boolean;
}

/** What inside the and-or list's last pipeline would run on after a failure once `&&` follows it, or undefined. */
function errexitLostIn(andOr: AndOr, context: ErrexitContext): string | undefined {
  // a `!` pipeline is checked like any other: bash ignores errexit inside it only when it was on
  // already (`! { set -e; false; echo x; }` stops at false), while left of `&&` it ignores even that
  const pipeline = andOr.rest.length > 0 ? andOr.rest[andOr.rest.length - 1].pipeline : andOr.first;
  for (const command of pipeline.commands) {
    const lost = lostInCommand(command, context);
    if (lost) return lost;
  }
  return undefined;
}

/** The same for a script standing where errexit would be ignored: one and-or list, checked as above. */
function lostInScript(script: Script, context: ErrexitContext): boolean {
  if (script.items.length > 1) return true;
  return script.items.length === 1 && errexitLostIn(script.items[0].andOr, context) !== undefined;
}

function lostInCommand(command: Command, context: ErrexitContext): string | undefined {
  const redirectTargets = 'redirects' in command ? command.redirects.map((r) => r.target) : [];
  switch (command.kind) {
    case 'simple': {
      const i = commandNameIndex(command);
      if (i < command.words.length) {
        const name = command.words[i].value;
        if (name === undefined) return 'a command named by a variable (it could be eval or a function)';
        if (RUNS_CODE.has(name)) return `\`${name}\``;
        if (context.functions.has(name)) return `the function \`${name}\``;
        if (context.startupFunctions) return `\`${baseName(name)}\`, which could be a function from the shell's startup files`;
      }
      const values = command.assignments.flatMap((a) => a.array ?? (a.value ? [a.value] : []));
      return substitutionLost([...values, ...command.words, ...redirectTargets], context);
    }
    case 'subshell':
    case 'brace':
      if (lostInScript(command.body, context)) return command.kind === 'subshell' ? 'its `( )`' : 'its `{ }`';
      return substitutionLost(redirectTargets, context);
    case 'if':
      if ([...command.branches.map((b) => b.body), ...(command.elseBody ? [command.elseBody] : [])].some((b) => lostInScript(b, context))) return 'its `if`';
      return substitutionLost(redirectTargets, context);
    case 'case':
      if (command.items.some((i) => lostInScript(i.body, context))) return 'its `case`';
      return substitutionLost([command.subject, ...command.items.flatMap((i) => i.patterns), ...redirectTargets], context);
    case 'for':
    case 'while':
      return 'its loop';
    case 'function':
      return undefined; // defining a function runs nothing
    case 'test':
    case 'arith':
      if (command.kind === 'arith' && /\$\(|`/.test(command.text)) return 'a command substitution';
      return substitutionLost([...(command.words ?? []), ...redirectTargets], context);
  }
}

/** 'a command substitution' when one in the words would run on after a failure left of `&&`. */
function substitutionLost(words: readonly Word[], context: ErrexitContext): string | undefined {
  const lost = (parts: readonly WordPart[]): boolean =>
    parts.some((p) => {
      if (p.kind === 'command') return p.script === null || lostInScript(p.script, context);
      if (p.kind === 'double') return lost(p.parts);
      if (p.kind === 'param' || p.kind === 'arith') return lost(p.parts ?? []);
      return false;
    });
  return words.some((w) => lost(w.parts)) ? 'a command substitution' : undefined;
}

/** Facts about the environment every RUN of the file may see, worked out once per document. */
const environmentMemo = new Memo<Document, { shellopts: boolean; bashEnv: boolean }>();

function environment(doc: Document): { shellopts: boolean; bashEnv: boolean } {
  let env = environmentMemo.get(doc);
  if (!env) {
    env = { shellopts: false, bashEnv: false };
    // most files name neither: no ENV or ARG needs reading then
    const named = doc.source.includes('SHELLOPTS') || doc.source.includes('BASH_ENV');
    for (const ins of named ? doc.instructions : []) {
      const names = doc.declaredNames(ins);
      if (names.includes('SHELLOPTS')) env.shellopts = true;
      if (names.includes('BASH_ENV')) env.bashEnv = true;
    }
    environmentMemo.set(doc, env);
  }
  return env;
}

/** True when the RUN's shell reads startup files first: a login or interactive SHELL, or bash with BASH_ENV set. */
function readsStartupFiles(doc: Document, ins: Instruction): boolean {
  const shell = doc.shellAt(ins);
  if (!shell) return false;
  const options = shell.slice(1);
  if (options.some((o) => o === '--login' || o === '--rcfile' || o === '--init-file' || (/^-[a-zA-Z]+$/.test(o) && /[li]/.test(o)))) return true;
  return baseName(shell[0] ?? '') === 'bash' && environment(doc).bashEnv;
}

/**
 * True when two consecutive RUNs' flags let them share one shell: the same flags, each one that
 * means the same for one RUN as for two. `--network` and `--security` hold for the whole RUN either
 * way. A mount is kept for the RUN only: a tmpfs is new and empty for every RUN, and a writable bind
 * mount (`rw`) drops what a RUN wrote there when the RUN ends, so a second RUN would see what the
 * first wrote. Cache mounts keep what is written for the next RUN anyway (sharing=private may hand a
 * later RUN another copy, which one RUN is one case of), and read-only bind, secret and ssh mounts
 * show the same thing to every RUN. Anything else (another flag, a mount we cannot read, a value
 * with a variable) keeps them apart.
 */
export function joinableFlags(a: Instruction, b: Instruction): boolean {
  if (a.flags.length !== b.flags.length) return false;
  if (a.flags.length === 0) return true;
  const key = (ins: Instruction) =>
    ins.flags
      .map((f) => `${f.name}=${f.value ?? ''}`)
      .sort()
      .join('\0');
  return key(a) === key(b) && a.flags.every((f) => sharedByJoinedRuns(f.name, f.value));
}

const SHARED_FLAGS = new Set(['network', 'security']);

function sharedByJoinedRuns(name: string, value: string | undefined): boolean {
  if (value === undefined || /[$"'\\`]/.test(value)) return false;
  if (SHARED_FLAGS.has(name)) return true;
  return name === 'mount' && mountSharedByJoinedRuns(value);
}

/** BuildKit's reading of a `--mount` value: comma-separated `key=value` fields, `type` defaulting to bind. */
function mountSharedByJoinedRuns(value: string): boolean {
  let type = 'bind';
  let writable: boolean | null | undefined; // undefined: the type's default; null: unreadable
  for (const field of value.split(',')) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const v = eq < 0 ? undefined : field.slice(eq + 1);
    if (key === 'type') type = (v ?? '').toLowerCase();
    else if (key === 'rw' || key === 'readwrite') writable = v === undefined ? true : parseBool(v);
    else if (key === 'ro' || key === 'readonly') writable = v === undefined ? false : invert(parseBool(v));
    if (writable === null) return false; // a value BuildKit rejects: leave it to Docker
  }
  switch (type) {
    case 'cache':
      return true;
    case 'bind':
    case 'secret':
    case 'ssh':
      return writable !== true;
    default:
      return false; // tmpfs, or a type we do not know
  }
}

/** Go's strconv.ParseBool, which BuildKit uses for mount options; null when it rejects the text. */
function parseBool(text: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return null;
}

function invert(value: boolean | null): boolean | null {
  return value === null ? null : !value;
}
