import type { Command, Script, SimpleCommand, Word, WordPart } from './ast.js';
import { Memo } from '../memo.js';
import { forEachCommand } from './walk.js';

/** What the questions below find in a script; one walk answers them all. */
interface ScriptFacts {
  changesState: boolean;
  backgroundJob: boolean;
  errexit: 'no' | 'yes' | 'substitution';
  runsUnseenCode: boolean;
  trapsFailures: boolean;
  readsShellHistory: boolean;
  functions: Set<string>;
}

// Scripts never change once parsed, so their facts are remembered per script: the transforms of a
// pass ask them of the same RUNs many times, and a body moved by an edit keeps them (carryFacts).
const factsCache = new Memo<Script, ScriptFacts>();

function factsOf(script: Script): ScriptFacts {
  let facts = factsCache.get(script);
  if (!facts) factsCache.set(script, (facts = readFacts(script)));
  return facts;
}

/** `copy` is `script` with its offsets moved: it has the same facts. */
export function carryFacts(script: Script, copy: Script): void {
  const facts = factsCache.get(script);
  if (facts) factsCache.set(copy, facts);
}

function readFacts(script: Script): ScriptFacts {
  const facts: ScriptFacts = {
    changesState: false,
    backgroundJob: false,
    errexit: 'no',
    runsUnseenCode: false,
    trapsFailures: false,
    readsShellHistory: false,
    functions: new Set(),
  };
  if (script.items.some((i) => i.separator === '&')) facts.backgroundJob = true;
  forEachCommand(script, (command, context) => {
    if (!facts.changesState && !context.inSubshell && !context.inSubstitution && commandChangesState(command)) facts.changesState = true;
    if (!facts.backgroundJob && startsBackgroundJob(command)) facts.backgroundJob = true;
    if (command.kind === 'function') facts.functions.add(command.name);
    if (!facts.readsShellHistory && commandReadsHistory(command)) facts.readsShellHistory = true;
    if (command.kind !== 'simple') return;
    if (facts.errexit !== 'substitution' && simpleSetsErrexit(command)) facts.errexit = context.inSubstitution ? 'substitution' : 'yes';
    const name = command.words[commandNameIndex(command)];
    if (name && (name.value === undefined || CODE_RUNNERS.has(name.value))) facts.runsUnseenCode = true;
    if (name && (name.value === undefined || name.value === 'trap') && mayTrapFailures(command, commandNameIndex(command))) facts.trapsFailures = true;
  });
  return facts;
}

/** Builtins that run code the script does not show (a string, or a file) in the current shell. */
const CODE_RUNNERS = new Set(['eval', '.', 'source']);

/**
 * Parameters whose value depends on what ran before in the same shell (`$_`, `$PIPESTATUS`,
 * `$BASH_REMATCH`, `$SECONDS`) or on how deep in subshells it runs (`$BASH_SUBSHELL`).
 */
const HISTORY_PARAMS = new Set(['_', 'PIPESTATUS', 'BASH_REMATCH', 'SECONDS', 'BASH_SUBSHELL']);
/** The same names where arithmetic reads them bare. */
const HISTORY_NAME = /(^|[^A-Za-z0-9_])(PIPESTATUS|BASH_REMATCH|SECONDS|BASH_SUBSHELL)([^A-Za-z0-9_]|$)/;

function readsHistory(word: Word): boolean {
  return word.parts.some(partReadsHistory);
}

function partReadsHistory(part: WordPart): boolean {
  switch (part.kind) {
    case 'param':
      return HISTORY_PARAMS.has(part.name) || (part.parts?.some(partReadsHistory) ?? false);
    case 'arith':
      return HISTORY_NAME.test(part.text) || (part.parts?.some(partReadsHistory) ?? false);
    case 'double':
      return part.parts.some(partReadsHistory);
    default:
      return false; // a command substitution's own commands are visited on their own
  }
}

/** True when the words a command itself holds (not those of the commands inside it) read shell history. */
function commandReadsHistory(command: Command): boolean {
  if ('redirects' in command && command.redirects.some((r) => readsHistory(r.target))) return true;
  switch (command.kind) {
    case 'simple':
      return command.words.some(readsHistory) || command.assignments.some((a) => (a.value !== null && readsHistory(a.value)) || (a.array?.some(readsHistory) ?? false));
    case 'for':
      return command.items?.some(readsHistory) ?? false;
    case 'case':
      return readsHistory(command.subject) || command.items.some((i) => i.patterns.some(readsHistory));
    case 'test':
    case 'arith':
      return HISTORY_NAME.test(command.text) || (command.words?.some(readsHistory) ?? false);
    default:
      return false;
  }
}

/** True when a `trap` may set an ERR or DEBUG handler (a signal word we cannot read counts). */
function mayTrapFailures(command: SimpleCommand, nameIndex: number): boolean {
  return command.words.slice(nameIndex + 2).some((w) => w.value === undefined || /^(sig)?(err|debug)$/i.test(w.value));
}

/** Builtins whose effect outlives the command: the next command in the same shell sees it. */
const STATE_BUILTINS = new Set([
  'cd', 'pushd', 'popd', 'export', 'unset', 'set', 'shopt', 'umask', 'ulimit', 'alias', 'unalias',
  'trap', 'source', '.', 'exec', 'exit', 'return', 'declare', 'typeset', 'readonly', 'local', 'read',
  'readarray', 'mapfile', 'getopts', 'eval', 'hash', 'enable', 'let', 'shift', 'logout', 'wait',
]);

/** Prefixes that run the next word as the command without a new process. */
const TRANSPARENT = new Set(['command', 'builtin']);

/** Index of the word that names what a simple command runs, past `command` and `builtin` (= words.length when none). */
export function commandNameIndex(command: SimpleCommand): number {
  let i = 0;
  while (i < command.words.length && TRANSPARENT.has(command.words[i].value ?? '')) i++;
  return i;
}

/**
 * True when running `script` could change what a later command in the same shell sees:
 * a state builtin, a bare assignment, a function definition, `${x:=y}`, arithmetic that assigns,
 * or `printf -v`. Commands inside `( )` and `$( )` run in a child shell and cannot leak state.
 */
export function changesShellState(script: Script): boolean {
  return factsOf(script).changesState;
}

function commandChangesState(command: Command): boolean {
  switch (command.kind) {
    case 'function':
      return true;
    case 'arith':
      return true;
    case 'simple':
      return simpleChangesState(command);
    case 'for':
      return true; // the loop variable stays set after the loop
    case 'case':
      return wordAssigns(command.subject) || command.items.some((i) => i.patterns.some(wordAssigns));
    default:
      return false;
  }
}

function simpleChangesState(command: SimpleCommand): boolean {
  if (command.words.length === 0 && command.assignments.length > 0) return true;
  if (command.assignments.some((a) => a.value !== null && wordAssigns(a.value))) return true;
  if (command.words.some(wordAssigns) || command.redirects.some((r) => wordAssigns(r.target))) return true;
  const i = commandNameIndex(command);
  const name = command.words[i]?.value;
  if (name === undefined) return command.words.length > i; // a computed command name could be anything
  if (STATE_BUILTINS.has(name)) return true;
  if (name === 'printf' && command.words.slice(i + 1).some((w) => w.value?.startsWith('-v'))) return true;
  return false;
}

function wordAssigns(word: Word): boolean {
  return word.parts.some(partAssigns);
}

function partAssigns(part: WordPart): boolean {
  switch (part.kind) {
    case 'param':
    case 'arith':
      return part.assigns || (part.parts?.some(partAssigns) ?? false);
    case 'double':
      return part.parts.some(partAssigns);
    default:
      return false;
  }
}

/** True when the script starts a background job anywhere (`cmd &`). */
export function hasBackgroundJob(script: Script): boolean {
  return factsOf(script).backgroundJob;
}

/** True when a compound command's own lists put something in the background. */
function startsBackgroundJob(command: Command): boolean {
  const background = (body: Script) => body.items.some((i) => i.separator === '&');
  switch (command.kind) {
    case 'subshell':
    case 'brace':
    case 'for':
      return background(command.body);
    case 'if':
      return command.branches.some((b) => background(b.condition) || background(b.body)) || (command.elseBody !== null && background(command.elseBody));
    case 'while':
      return background(command.condition) || background(command.body);
    case 'case':
      return command.items.some((i) => background(i.body));
    default:
      return false;
  }
}

/**
 * Where the script turns on errexit: `set -e`, `set -o errexit`, `set -eux`, or a `set` whose
 * options we cannot read. 'substitution' when one sits inside `$( )`, where bash, too, stops
 * honouring it once the substitution runs left of `&&`. Code the script runs unseen may turn it on
 * too: see runsUnseenCode.
 */
export function enablesErrexit(script: Script): 'no' | 'yes' | 'substitution' {
  return factsOf(script).errexit;
}

/** True for a `set` that turns on errexit, or whose options cannot be read (a computed name counts as unseen code). */
function simpleSetsErrexit(command: SimpleCommand): boolean {
  const i = commandNameIndex(command);
  if (i >= command.words.length) return false;
  const name = command.words[i].value;
  if (name !== 'set') return false;
  let optionName = false; // the word after `-o` names an option
  for (const word of command.words.slice(i + 1)) {
    const w = word.value;
    if (w === undefined) return true;
    if (optionName) {
      if (w === 'errexit') return true;
      optionName = false;
      continue;
    }
    if (w === '--' || w === '-' || !w.startsWith('-') || w.startsWith('--')) return false; // positional parameters follow
    const letters = w.slice(1);
    if (letters.includes('e')) return true;
    optionName = letters.includes('o');
  }
  return false;
}

/**
 * True when the script runs code it does not show in its own shell: `eval`, `.`, `source`, or a
 * command named by a variable (which could be any of them, or `set`).
 */
export function runsUnseenCode(script: Script): boolean {
  return factsOf(script).runsUnseenCode;
}

/** True when the script may set an ERR or DEBUG trap (bash runs them around each command that follows). */
export function trapsFailures(script: Script): boolean {
  return factsOf(script).trapsFailures;
}

/**
 * True when the script reads a parameter whose value a join would change: `$_`, `$PIPESTATUS`,
 * `$BASH_REMATCH`, `$SECONDS` (what ran before in the shell) or `$BASH_SUBSHELL`.
 */
export function readsShellHistory(script: Script): boolean {
  return factsOf(script).readsShellHistory;
}

/** Names of the functions the script defines, anywhere in it. */
export function definedFunctions(script: Script): ReadonlySet<string> {
  return factsOf(script).functions;
}
