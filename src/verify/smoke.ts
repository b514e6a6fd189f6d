/**
 * How a smoke command runs in an image. A plain command (a program and literal arguments) runs as an
 * argv with the image's entrypoint replaced, so it works in images without a shell (distroless,
 * scratch); only a command that needs shell syntax goes through `sh -c`.
 */
import { ShellSyntaxError, type SimpleCommand, type Word } from '../shell/ast.js';
import { parseShell } from '../shell/parser.js';

export type SmokeCommand =
  | { kind: 'argv'; argv: string[] }
  /** `reason`: the shell syntax the command uses, for the report. */
  | { kind: 'shell'; command: string; reason: string };

// Builtins with no program of the same name on a Debian or distroless system: only a shell runs them.
const SHELL_ONLY = new Set([
  '.', ':', 'alias', 'bg', 'break', 'builtin', 'cd', 'command', 'continue', 'declare', 'eval', 'exec', 'exit',
  'export', 'fg', 'getopts', 'hash', 'jobs', 'let', 'local', 'read', 'readonly', 'return', 'set', 'shift',
  'source', 'times', 'trap', 'type', 'typeset', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

/** Reads a smoke command; throws an Error naming the problem when it is empty or not valid shell. */
export function smokeCommand(command: string): SmokeCommand {
  let script;
  try {
    script = parseShell(command);
  } catch (e) {
    if (e instanceof ShellSyntaxError) throw new Error(`--smoke ${JSON.stringify(command)} is not valid shell: ${e.message}`);
    throw e;
  }
  const shell = (reason: string): SmokeCommand => ({ kind: 'shell', command, reason });
  if (script.items.length === 0) throw new Error('--smoke: the command is empty');
  if (script.items.length > 1 || script.items[0].separator === '&') return shell('several commands or a background job');
  const { andOr } = script.items[0];
  if (andOr.rest.length) return shell(`${andOr.rest[0].op} between commands`);
  const pipeline = andOr.first;
  if (pipeline.negated || pipeline.timed) return shell(pipeline.negated ? '! before the command' : 'time before the command');
  if (pipeline.commands.length > 1) return shell('a pipeline');
  const cmd = pipeline.commands[0];
  if (cmd.kind !== 'simple') return shell('a compound command');
  return simpleArgv(cmd) ?? shell(whyShell(cmd));
}

function simpleArgv(cmd: SimpleCommand): SmokeCommand | undefined {
  if (cmd.assignments.length || cmd.redirects.length || cmd.words.length === 0) return undefined;
  const argv: string[] = [];
  for (const word of cmd.words) {
    if (word.value === undefined || hasGlob(word)) return undefined;
    argv.push(word.value);
  }
  if (SHELL_ONLY.has(argv[0])) return undefined;
  return { kind: 'argv', argv };
}

function whyShell(cmd: SimpleCommand): string {
  if (cmd.assignments.length) return 'a variable assignment';
  if (cmd.redirects.length) return 'a redirection';
  if (cmd.words.length === 0) return 'no command name';
  const expanding = cmd.words.find((w) => w.value === undefined);
  if (expanding) return `an expansion in ${expanding.raw}`;
  const glob = cmd.words.find(hasGlob);
  if (glob) return `a glob pattern in ${glob.raw}`;
  return `the shell builtin ${cmd.words[0].value}`;
}

/** Unquoted *, ? or [ : the shell would expand the word against the file system. */
function hasGlob(word: Word): boolean {
  return word.parts.some((part) => part.kind === 'literal' && /[*?[]/.test(part.value));
}
