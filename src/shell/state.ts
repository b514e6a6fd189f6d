import type { Command, Script, SimpleCommand, Word, WordPart } from './ast.js';
import { Memo } from '../memo.js';
import { forEachCommand } from './walk.js';

/** What the questions below find in a script; one walk answers them all. */
interface ScriptFacts {
  changesState: boolean;
  backgroundJob: boolean;
  errexit: 'no' | 'yes' | 'substitution';
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
  const facts: ScriptFacts = { changesState: false, backgroundJob: false, errexit: 'no', functions: new Set() };
  if (script.items.some((i) => i.separator === '&')) facts.backgroundJob = true;
  forEachCommand(script, (command, context) => {
    if (!facts.changesState && !context.inSubshell && !context.inSubstitution && commandChangesState(command)) facts.changesState = true;
    if (!facts.backgroundJob && startsBackgroundJob(command)) facts.backgroundJob = true;
    if (command.kind === 'function') facts.functions.add(command.name);
    if (facts.errexit !== 'substitution' && command.kind === 'simple' && simpleSetsErrexit(command)) {
      facts.errexit = context.inSubstitution ? 'substitution' : 'yes';
    }
  });
  return facts;
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
 * Where the script may turn on errexit: `set -e`, `set -o errexit`, `set -eux`, or a `set` (or a
 * command name) we cannot read. 'substitution' when one sits inside `$( )`, where bash, too, stops
 * honouring it once the substitution runs left of `&&`.
 */
export function enablesErrexit(script: Script): 'no' | 'yes' | 'substitution' {
  return factsOf(script).errexit;
}

function simpleSetsErrexit(command: SimpleCommand): boolean {
  const i = commandNameIndex(command);
  if (i >= command.words.length) return false;
  const name = command.words[i].value;
  if (name === undefined) return true; // a computed command name could be `set`
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

/** Names of the functions the script defines, anywhere in it. */
export function definedFunctions(script: Script): ReadonlySet<string> {
  return factsOf(script).functions;
}
