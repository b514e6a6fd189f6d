import type { Command, Script, SimpleCommand, Word, WordPart } from './ast.js';
import { forEachCommand } from './walk.js';

// Scripts never change once parsed, so what these questions find is remembered per script: the
// transforms of one pass ask them of the same RUNs many times.
const stateChanges = new WeakMap<Script, boolean>();
const backgroundJobs = new WeakMap<Script, boolean>();
const errexits = new WeakMap<Script, 'no' | 'yes' | 'substitution'>();
const functionNames = new WeakMap<Script, Set<string>>();

function remembered<T>(cache: WeakMap<Script, T>, script: Script, compute: (script: Script) => T): T {
  let value = cache.get(script);
  if (value === undefined) cache.set(script, (value = compute(script)));
  return value;
}

/** Builtins whose effect outlives the command: the next command in the same shell sees it. */
const STATE_BUILTINS = new Set([
  'cd', 'pushd', 'popd', 'export', 'unset', 'set', 'shopt', 'umask', 'ulimit', 'alias', 'unalias',
  'trap', 'source', '.', 'exec', 'exit', 'return', 'declare', 'typeset', 'readonly', 'local', 'read',
  'readarray', 'mapfile', 'getopts', 'eval', 'hash', 'enable', 'let', 'shift', 'logout', 'wait',
]);

/** Prefixes that run the next word as the command without a new process. */
const TRANSPARENT = new Set(['command', 'builtin']);

/**
 * True when running `script` could change what a later command in the same shell sees:
 * a state builtin, a bare assignment, a function definition, `${x:=y}`, arithmetic that assigns,
 * or `printf -v`. Commands inside `( )` and `$( )` run in a child shell and cannot leak state.
 */
export function changesShellState(script: Script): boolean {
  return remembered(stateChanges, script, computeChangesShellState);
}

function computeChangesShellState(script: Script): boolean {
  let changes = false;
  forEachCommand(script, (command, context) => {
    if (changes || context.inSubshell || context.inSubstitution) return;
    if (commandChangesState(command)) changes = true;
  });
  return changes;
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
  let i = 0;
  while (i < command.words.length && TRANSPARENT.has(command.words[i].value ?? '')) i++;
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
  return remembered(backgroundJobs, script, computeHasBackgroundJob);
}

function computeHasBackgroundJob(script: Script): boolean {
  let found = script.items.some((i) => i.separator === '&');
  if (!found) {
    forEachCommand(script, (command) => {
      if (found) return;
      for (const body of bodiesOf(command)) if (body.items.some((i) => i.separator === '&')) found = true;
    });
  }
  return found;
}

function bodiesOf(command: Command): Script[] {
  switch (command.kind) {
    case 'subshell':
    case 'brace':
      return [command.body];
    case 'if':
      return [...command.branches.flatMap((b) => [b.condition, b.body]), ...(command.elseBody ? [command.elseBody] : [])];
    case 'for':
      return [command.body];
    case 'while':
      return [command.condition, command.body];
    case 'case':
      return command.items.map((i) => i.body);
    default:
      return [];
  }
}

/**
 * Where the script may turn on errexit: `set -e`, `set -o errexit`, `set -eux`, or a `set` (or a
 * command name) we cannot read. 'substitution' when one sits inside `$( )`, where bash, too, stops
 * honouring it once the substitution runs left of `&&`.
 */
export function enablesErrexit(script: Script): 'no' | 'yes' | 'substitution' {
  return remembered(errexits, script, computeEnablesErrexit);
}

function computeEnablesErrexit(script: Script): 'no' | 'yes' | 'substitution' {
  let found: 'no' | 'yes' | 'substitution' = 'no';
  forEachCommand(script, (command, context) => {
    if (found === 'substitution' || command.kind !== 'simple' || !simpleSetsErrexit(command)) return;
    found = context.inSubstitution ? 'substitution' : 'yes';
  });
  return found;
}

function simpleSetsErrexit(command: SimpleCommand): boolean {
  let i = 0;
  while (i < command.words.length && TRANSPARENT.has(command.words[i].value ?? '')) i++;
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
  return remembered(functionNames, script, computeDefinedFunctions);
}

function computeDefinedFunctions(script: Script): Set<string> {
  const names = new Set<string>();
  forEachCommand(script, (command) => {
    if (command.kind === 'function') names.add(command.name);
  });
  return names;
}
