/**
 * Command resolution: what a simple command really runs once wrappers (`sudo`, `env`, `xargs`,
 * `eatmydata`, `runuser -u`, ...), assignment prefixes, `python -m`, and the shell strings of
 * `sh -c '...'` and `su -c '...'` are seen through. Transforms match package managers on the result,
 * so `sudo -E env X=1 apt-get install` is found as `apt-get install`.
 */
import type { AndOr, Command, Pipeline, Script, SimpleCommand, Word, WordPart } from './ast.js';
import { parseShell } from './parser.js';

export interface Wrapper {
  /** The wrapper's name (`sudo`, `env`, ...). */
  name: string;
  /** True when it was written with no options and no assignments (`sudo apt-get ...`). */
  plain: boolean;
  /**
   * Set when the command runs as another user or under another root (`su`, `runuser`, `setpriv`,
   * `unshare`, `chroot`): what it writes may be another user's, or not in this filesystem. `sudo` is
   * told by its name and options.
   */
  elsewhere?: true;
}

export interface ResolvedCommand {
  /** The simple command as written. */
  command: SimpleCommand;
  /** Effective command name: the basename of the word that runs (`/usr/bin/apt-get` → `apt-get`, `python -m pip` → `pip`). */
  name: string;
  nameWord: Word;
  /** Argument words after the effective name. */
  args: Word[];
  /** Wrappers seen through, outermost first. */
  wrappers: Wrapper[];
  /** Variables set for this command only: assignment prefixes, `env X=1`, `sudo X=1`. */
  assignments: { name: string; value: string | undefined }[];
  /** False when the words' offsets are not exact (inside an `sh -c` string with escapes): detect, never edit. */
  editable: boolean;
  /** For `sh -c 'script'`: the script, parsed. */
  inner: Script | undefined;
}

/** Where a command stands in a RUN body. */
export interface CommandSite {
  resolved: ResolvedCommand;
  /** The pipeline holding the command. */
  pipeline: Pipeline;
  /** Set when the command is a whole pipeline of a top-level and-or list of the RUN (not nested). */
  top: { andOr: AndOr; index: number } | undefined;
  /** Inside a compound command, subshell, command substitution or `sh -c` string. */
  nested: boolean;
  /**
   * Wrappers of the commands whose shell strings hold this one, outermost first: `sudo` for the
   * `apt-get` of `sudo sh -c 'apt-get ...'`, `su` for that of `su app -c '...'`.
   */
  via: Wrapper[];
}

/** Parses a wrapper's options; returns the index of the wrapped command in `args`, or undefined when unsure. */
type OptionSkipper = (args: readonly Word[], assignments: ResolvedCommand['assignments']) => number | undefined;

interface OptionSpec {
  /** Short letters and long names (`--user`) taking a value. */
  valued: string[];
  /** Short letters and long names taking none. */
  flags: string[];
  /** Words that mean the wrapper does not run a command (`command -v`). */
  stop?: string[];
  /** Accepts `NAME=value` words before the command. */
  assignments?: boolean;
  /** Accepts `-10` (nice). */
  numeric?: boolean;
  /** Words to skip after the options before the command (`timeout DURATION`). */
  positional?: number;
  /** Runs the command as another user or under another root (see `Wrapper.elsewhere`). */
  elsewhere?: true;
  /** A wrapper only when one of these options is given (`runuser -u USER cmd`); otherwise a command of its own. */
  wrapsWith?: string[];
}

/** Known wrappers and their options: an unknown option makes the resolution give up rather than guess. */
const WRAPPERS: Record<string, OptionSpec> = {
  sudo: {
    valued: ['u', 'g', 'h', 'p', 'C', 'D', 'r', 't', 'U', 'T', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--other-user', '--command-timeout'],
    flags: ['E', 'H', 'n', 'S', 'A', 'b', 'P', 'k', 'i', 's', '--preserve-env', '--set-home', '--non-interactive', '--stdin', '--askpass', '--login', '--shell', '--reset-timestamp'],
    stop: ['-l', '-v', '-e', '-V', '-K', '--list', '--validate', '--edit', '--version', '--remove-timestamp'],
    assignments: true,
  },
  env: {
    valued: ['u', 'C', '--unset', '--chdir'],
    flags: ['i', '0', 'v', '-', '--ignore-environment', '--null', '--debug'],
    stop: ['-S', '--split-string'],
    assignments: true,
  },
  command: { valued: [], flags: ['p'], stop: ['-v', '-V'] },
  exec: { valued: ['a'], flags: ['c', 'l'] },
  nice: { valued: ['n', '--adjustment'], flags: [], numeric: true },
  nohup: { valued: [], flags: [] },
  time: { valued: ['f', 'o', '--format', '--output'], flags: ['p', 'a', 'v', '--append', '--verbose', '--portability'] },
  timeout: { valued: ['s', 'k', '--signal', '--kill-after'], flags: ['v', '--preserve-status', '--foreground', '--verbose'], positional: 1 },
  xargs: {
    valued: ['a', 'd', 'E', 'I', 'L', 'n', 'P', 's', '--arg-file', '--delimiter', '--eof', '--replace', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
    flags: ['0', 'r', 't', 'p', 'x', 'e', 'i', 'l', '--null', '--no-run-if-empty', '--verbose', '--interactive', '--exit', '--open-tty'],
  },
  // scheduling, buffering and fsync wrappers: the command runs as it is
  eatmydata: { valued: [], flags: [] },
  ionice: { valued: ['c', 'n', '--class', '--classdata'], flags: ['t', '--ignore'], stop: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] },
  chrt: {
    valued: ['T', 'P', 'D', '--sched-runtime', '--sched-period', '--sched-deadline'],
    flags: ['b', 'd', 'f', 'i', 'o', 'r', 'R', 'a', 'v', '--batch', '--deadline', '--fifo', '--idle', '--other', '--rr', '--reset-on-fork', '--all-tasks', '--verbose'],
    stop: ['-p', '-m', '--pid', '--max'],
    positional: 1,
  },
  stdbuf: { valued: ['i', 'o', 'e', '--input', '--output', '--error'], flags: [] },
  // files it creates belong to the real user, who also runs an appended command
  fakeroot: { valued: ['l', 'i', 's', 'b', '--lib', '--faked'], flags: ['u', '--unknown-is-real'], stop: ['-h', '-v', '--help', '--version'] },
  // another user, or another root
  runuser: {
    valued: ['u', 'g', 'G', 'w', '--user', '--group', '--supp-group', '--whitelist-environment'],
    flags: ['m', 'p', 'P', '--preserve-environment', '--pty'],
    elsewhere: true,
    wrapsWith: ['-u', '--user'],
  },
  setpriv: {
    valued: [
      '--reuid', '--regid', '--ruid', '--euid', '--rgid', '--egid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set',
      '--securebits', '--pdeathsig', '--selinux-label', '--apparmor-profile', '--landlock-access', '--landlock-rule',
    ],
    flags: ['--clear-groups', '--keep-groups', '--init-groups', '--reset-env', '--no-new-privs'],
    stop: ['-d', '--dump', '--list-caps'],
    elsewhere: true,
  },
  unshare: {
    valued: ['R', 'w', 'S', 'G', '--root', '--wd', '--setuid', '--setgid', '--propagation', '--setgroups', '--map-user', '--map-group', '--map-users', '--map-groups', '--monotonic', '--boottime'],
    flags: [
      'm', 'u', 'i', 'n', 'p', 'U', 'C', 'T', 'f', 'r', 'c', '--mount', '--uts', '--ipc', '--net', '--pid', '--user', '--cgroup', '--time',
      '--fork', '--map-root-user', '--map-current-user', '--mount-proc', '--kill-child', '--keep-caps',
    ],
    elsewhere: true,
  },
  chroot: { valued: ['--userspec', '--groups'], flags: ['--skip-chdir'], positional: 1, elsewhere: true },
};

/** Commands that run a shell string given with `-c` as another user (`su app -c '...'`). */
const SWITCH_USER = new Set(['su', 'runuser']);
const SU_VALUED = ['-c', '--command', '-C', '--session-command', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment', '-u', '--user'];

/** POSIX shells (and bash) whose `-c`, script file and stdin this module reads. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh']);
const PYTHON = /^python[0-9.]*$/;
const PYTHON_VALUED = new Set(['X', 'W']);
const PYTHON_FLAGS = new Set(['u', 'I', 'E', 's', 'S', 'B', 'O', 'q', 'v', 'b', 'd', 'P', 'R']);

/** The basename of a command word (`/usr/bin/apt-get` → `apt-get`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Resolves what a simple command runs, or undefined when its name is not a literal or a wrapper is not understood. */
export function resolveCommand(command: SimpleCommand, editable = true): ResolvedCommand | undefined {
  const assignments: ResolvedCommand['assignments'] = command.assignments.map((a) => ({ name: a.name, value: a.value ? a.value.value : '' }));
  const wrappers: Wrapper[] = [];
  let words = command.words;
  for (;;) {
    if (words.length === 0 || words[0].value === undefined) return undefined;
    const name = baseName(words[0].value);
    const spec = WRAPPERS[name];
    if (!spec || (spec.wrapsWith && !givesOption(words, spec.wrapsWith))) break;
    const before = assignments.length;
    const next = skipOptions(spec, words.slice(1), assignments);
    if (next === undefined) return undefined;
    const wrapper: Wrapper = { name, plain: next === 0 && assignments.length === before };
    if (spec.elsewhere) wrapper.elsewhere = true;
    wrappers.push(wrapper);
    words = words.slice(1 + next);
  }
  const resolved: ResolvedCommand = {
    command,
    name: baseName(words[0].value!),
    nameWord: words[0],
    args: words.slice(1),
    wrappers,
    assignments,
    editable,
    inner: undefined,
  };
  return seeThroughPython(seeThroughShell(resolved));
}

/** True when one of `options` is among the command's option words (`runuser -u`), before its first other word. */
function givesOption(words: readonly Word[], options: readonly string[]): boolean {
  for (let i = 1; i < words.length; i++) {
    const w = words[i].value;
    if (w === undefined || w === '--' || !w.startsWith('-')) return false;
    if (options.some((o) => w === o || w.startsWith(`${o}=`) || (o.length === 2 && !w.startsWith('--') && w.startsWith(o)))) return true;
  }
  return false;
}

/** Index of the wrapped command after a wrapper's options, or undefined when unsure. */
function skipOptions(spec: OptionSpec, args: readonly Word[], assignments: ResolvedCommand['assignments']): number | undefined {
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined) return undefined;
    if (spec.stop?.some((s) => w === s || (s.length === 2 && /^-[a-zA-Z]+$/.test(w) && w.includes(s[1])))) return undefined;
    if (w === '--') return i + 1 < args.length ? i + 1 + (spec.positional ?? 0) : undefined;
    if (w.startsWith('--')) {
      const [long] = w.split('=', 1);
      if (spec.flags.includes(long)) continue;
      if (!spec.valued.includes(long)) return undefined;
      if (!w.includes('=')) i++;
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(w)) continue;
    if (w.startsWith('-') && w.length > 1) {
      const consumed = shortCluster(spec, w);
      if (consumed === undefined) return undefined;
      i += consumed;
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      const eq = w.indexOf('=');
      assignments.push({ name: w.slice(0, eq), value: w.slice(eq + 1) });
      continue;
    }
    break;
  }
  const at = i + (spec.positional ?? 0);
  return at < args.length ? at : undefined;
}

/** Reads `-EHu` style clusters: 1 when the last letter takes the next word as its value, 0 when not, undefined when unknown. */
function shortCluster(spec: OptionSpec, word: string): number | undefined {
  for (let j = 1; j < word.length; j++) {
    const letter = word[j];
    if (spec.valued.includes(letter)) return j === word.length - 1 ? 1 : 0;
    if (!spec.flags.includes(letter)) return undefined;
  }
  return 0;
}

/**
 * `sh -c 'script'` and `su app -c 'script'`: parses the string so its commands can be found;
 * editable only when offsets map exactly.
 */
function seeThroughShell(resolved: ResolvedCommand): ResolvedCommand {
  const script = shellString(resolved);
  if (!script) return resolved;
  const exact = resolved.editable && exactQuoted(script);
  const text = quotedText(script);
  if (text === undefined) return resolved;
  const start = script.start + 1;
  try {
    const inner = parseShell(text, exact ? (i) => start + i : () => script.start);
    return { ...resolved, inner, editable: resolved.editable };
  } catch {
    return resolved; // unreadable string: the sh command stays opaque
  }
}

/** The word holding the shell string of `sh -c 'string'` or `su [user] -c 'string'`, or undefined. */
function shellString(resolved: ResolvedCommand): Word | undefined {
  if (SHELLS.has(resolved.name)) return shellScriptArgument(resolved.args);
  return SWITCH_USER.has(resolved.name) ? switchUserString(resolved.args) : undefined;
}

/** The `-c` string of `su`/`runuser` (options may follow the user name), or undefined. */
function switchUserString(args: readonly Word[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined) return undefined;
    if (w === '--') return undefined;
    if (w === '-c' || w === '--command') return args[i + 1];
    if (w.startsWith('--command=')) return undefined; // the string shares its word with the option: not read
    if (SU_VALUED.includes(w)) i++;
  }
  return undefined;
}

/** The word holding the command string of `sh [options] -c 'string'`, or undefined. */
function shellScriptArgument(args: readonly Word[]): Word | undefined {
  let sawC = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined) return sawC ? args[i] : undefined;
    if (w === '-o' || w === '+o' || w === '-O' || w === '+O') {
      i++;
      continue;
    }
    if (w.startsWith('--')) continue;
    if (/^[-+][a-zA-Z]+$/.test(w)) {
      if (w.startsWith('-') && w.includes('c')) sawC = true;
      continue;
    }
    return sawC ? args[i] : undefined;
  }
  return undefined;
}

/** The text inside a word that is exactly one quoted string, or undefined. */
function quotedText(word: Word): string | undefined {
  if (word.parts.length !== 1) return undefined;
  const part = word.parts[0];
  if (part.kind === 'single' || part.kind === 'ansi' || part.kind === 'literal') return part.value;
  if (part.kind === 'double') return word.raw.slice(1, -1).replace(/\\([\\"$`])/g, '$1'); // what the outer shell passes
  return undefined;
}

/** True when every character inside the quotes sits at its own source offset (no continuation, escape or expansion). */
function exactQuoted(word: Word): boolean {
  if (word.end - word.start !== word.raw.length || word.parts.length !== 1) return false;
  const part: WordPart = word.parts[0];
  if (part.kind === 'single') return true;
  if (part.kind !== 'double') return false;
  const inside = word.raw.slice(1, -1);
  return !/[\\$`]/.test(inside);
}

/** `python3 -m pip install` resolves to `pip install`. */
function seeThroughPython(resolved: ResolvedCommand): ResolvedCommand {
  if (!PYTHON.test(resolved.name)) return resolved;
  const args = resolved.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined || !w.startsWith('-') || w === '-') return resolved;
    if (w === '-m') {
      const module = args[i + 1];
      if (!module || module.value === undefined) return resolved;
      return { ...resolved, name: module.value, nameWord: module, args: args.slice(i + 2) };
    }
    const letters = w.slice(1);
    if (letters.length === 1 && PYTHON_VALUED.has(letters)) {
      i++;
      continue;
    }
    if (![...letters].every((l) => PYTHON_FLAGS.has(l))) return resolved;
  }
  return resolved;
}

/**
 * Every command of a RUN body, with where it stands; `sh -c` strings and substitutions included.
 * `editable: false` for a script whose offsets do not map to what runs (detect, never edit);
 * `unresolved` receives the commands whose program cannot be told (`$APT install x`).
 */
export function commandSites(script: Script, editable = true, unresolved?: SimpleCommand[]): CommandSite[] {
  const sites: CommandSite[] = [];
  visitScript(script, { top: true, editable, via: NO_WRAPPERS, unresolved }, sites);
  return sites;
}

interface Where {
  top: boolean;
  editable: boolean;
  /** Wrappers of the commands whose shell strings hold the script. */
  via: Wrapper[];
  unresolved: SimpleCommand[] | undefined;
}

const NO_WRAPPERS: Wrapper[] = [];

function visitScript(script: Script, where: Where, sites: CommandSite[]): void {
  for (const item of script.items) {
    const andOr = item.andOr;
    for (let index = 0; index <= andOr.rest.length; index++) {
      const pipeline = index === 0 ? andOr.first : andOr.rest[index - 1].pipeline;
      const single = pipeline.commands.length === 1;
      for (const command of pipeline.commands) visitCommand(command, pipeline, where.top && single ? { andOr, index } : undefined, where, sites);
    }
  }
}

function visitCommand(command: Command, pipeline: Pipeline, top: CommandSite['top'], where: Where, sites: CommandSite[]): void {
  const nested = where.top ? { ...where, top: false } : where;
  switch (command.kind) {
    case 'simple': {
      for (const word of command.words) visitSubstitutions(word.parts, nested, sites);
      for (const a of command.assignments) if (a.value) visitSubstitutions(a.value.parts, nested, sites);
      const resolved = resolveCommand(command, where.editable);
      if (!resolved) {
        if (command.words.length > 0) where.unresolved?.push(command);
        return;
      }
      sites.push({ resolved, pipeline, top: where.top ? top : undefined, nested: !where.top, via: where.via });
      if (resolved.inner) {
        const via = [...where.via, ...resolved.wrappers, ...(SWITCH_USER.has(resolved.name) ? [{ name: resolved.name, plain: false, elsewhere: true as const }] : [])];
        visitScript(resolved.inner, { top: false, editable: resolved.editable && exactInner(resolved), via, unresolved: where.unresolved }, sites);
      }
      return;
    }
    case 'subshell':
    case 'brace':
      return visitScript(command.body, nested, sites);
    case 'if':
      for (const b of command.branches) {
        visitScript(b.condition, nested, sites);
        visitScript(b.body, nested, sites);
      }
      if (command.elseBody) visitScript(command.elseBody, nested, sites);
      return;
    case 'for':
      return visitScript(command.body, nested, sites);
    case 'while':
      visitScript(command.condition, nested, sites);
      return visitScript(command.body, nested, sites);
    case 'case':
      for (const item of command.items) visitScript(item.body, nested, sites);
      return;
    case 'function':
      return visitCommand(command.body, pipeline, undefined, nested, sites);
    case 'test':
    case 'arith':
      return;
  }
}

/** Whether the shell string of a resolved `sh -c` or `su -c` maps exactly onto the source. */
function exactInner(resolved: ResolvedCommand): boolean {
  const script = shellString(resolved);
  return script !== undefined && exactQuoted(script);
}

function visitSubstitutions(parts: readonly WordPart[], where: Where, sites: CommandSite[]): void {
  for (const part of parts) {
    if (part.kind === 'command' && part.script) visitScript(part.script, where, sites);
    else if (part.kind === 'double') visitSubstitutions(part.parts, where, sites);
  }
}

/** How a shell command gets its code: a `-c` string, a script file, or stdin; and whether `-e` is on. */
export interface ShellInvocation {
  reads: 'string' | 'file' | 'stdin';
  errexit: boolean;
  /** The script file's word, for `file`. */
  file?: Word;
}

/** Shell options whose value is the next word. */
const SHELL_VALUED = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/**
 * What a resolved `sh`/`bash`/... (or `.`/`source`) command runs, or undefined for other commands
 * and for options that cannot be read.
 */
export function shellInvocation(resolved: ResolvedCommand): ShellInvocation | undefined {
  if (resolved.name === '.' || resolved.name === 'source') {
    const file = resolved.args[0]?.value === '--' ? resolved.args[1] : resolved.args[0];
    return file ? { reads: 'file', errexit: false, file } : undefined;
  }
  if (!SHELLS.has(resolved.name)) return undefined;
  const args = resolved.args;
  let errexit = false;
  let reads: ShellInvocation['reads'] | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === undefined) return undefined;
    if (SHELL_VALUED.has(w)) {
      if ((w === '-o' || w === '-O') && args[i + 1]?.value === 'errexit') errexit = true;
      i++;
      continue;
    }
    if (w === '-' || w === '--') {
      const file = w === '--' ? args[i + 1] : undefined;
      return reads === 'string' || reads === 'stdin' ? { reads, errexit } : file ? { reads: 'file', errexit, file } : { reads: 'stdin', errexit };
    }
    if (w.startsWith('--')) continue;
    if (/^[-+][a-zA-Z]+$/.test(w)) {
      if (w[0] === '-' && w.includes('e')) errexit = true;
      if (w[0] === '-' && w.includes('c')) reads = 'string';
      else if (w[0] === '-' && w.includes('s') && reads === undefined) reads = 'stdin';
      continue;
    }
    return reads ? { reads, errexit } : { reads: 'file', errexit, file: args[i] };
  }
  return { reads: reads ?? 'stdin', errexit };
}

/** The position of a resolved command's subcommand words: `apt-get -q install` → index of `install` in args. */
export function positionalArgs(args: readonly Word[], optionsWithValue: readonly string[]): { word: Word; index: number }[] {
  const out: { word: Word; index: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w !== undefined && w.startsWith('-') && w !== '-') {
      if (optionsWithValue.includes(w)) i++;
      continue;
    }
    out.push({ word: args[i], index: i });
  }
  return out;
}
