/**
 * Whether the runtime image can run what the container runs (CMD, ENTRYPOINT, HEALTHCHECK): every
 * program it starts must be the artifact, a program of the runtime image, or one a package the build
 * installed provides (installed again on runtimes with apt); every path it names must be copied.
 */
import type { BuildContextView } from '../../src/types.js';
import { hasProgram, type ImageInfo } from '../image-knowledge.js';
import { programsOfPackage } from '../package-programs.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput } from './ecosystem.js';
import { isWithin, parentOf, resolvePath, STANDARD_PATH } from './paths.js';
import { canInstall, hasShell } from './runtime-image.js';
import { parseText } from './shell-text.js';
import { commandSites } from '../../src/shell/commands.js';
import { contextPathAt, volumePaths, type StageReading } from './stage.js';

/** Paths every runtime image has, or the kernel provides. */
const PROVIDED = ['/tmp', '/dev', '/proc', '/sys', '/etc/ssl', '/etc/passwd', '/etc/group', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/etc/nsswitch.conf', '/etc/os-release', '/etc/services', '/etc/protocols', '/usr/share/zoneinfo', '/etc/localtime'];
/** Programs that run the command given after them (so a CMD after them is a program too). */
const LAUNCHERS = new Set(['tini', 'dumb-init', 'env']);
const SHELLS = new Set(['sh', 'bash', 'dash']);
/** POSIX shell builtins: there wherever shell code runs. */
const BUILTINS = new Set(['set', 'cd', 'export', 'exit', 'exec', 'shift', 'read', 'trap', ':', '.', 'source', 'eval', 'unset', 'wait', 'umask', 'ulimit', 'local', 'return', 'break', 'continue', 'test', '[', 'echo', 'printf', 'true', 'false', 'command', 'type', 'getopts']);

export interface CommandCheck {
  /** The runtime image. */
  runtime: ImageInfo;
  /** The build image. */
  build: ImageInfo;
  reading: StageReading;
  output: BuildOutput;
  steps: BuildSteps;
  context: BuildContextView;
  /** The WORKDIR the container runs in. */
  workdir: string;
  /** True when the runtime image is the build image's own family (node → node slim): same layout and PATH. */
  sameFamily: boolean;
  /** Filled in: paths the commands name that must be copied; packages to install on the runtime. */
  namedPaths: string[];
  packages: string[];
  /** Set while a script is checked when it runs its own arguments (`exec "$@"`), as an entrypoint script does. */
  passesArguments?: boolean;
}

/**
 * Checks an argv run directly (exec form), whose program is at `programAt` (-1: none, the words are
 * arguments of an ENTRYPOINT). Returns the argv to write (a program found through the build image's
 * PATH gets its absolute path) or why the runtime cannot run it. `pending` is set when the argv ends
 * in a launcher (`tini --`) whose program comes from CMD.
 */
export function checkArgv(check: CommandCheck, argv: readonly string[], programAt = 0): { argv: string[]; pending: boolean } | string {
  const out = [...argv];
  let next = programAt;
  for (let i = 0; i < argv.length; i++) {
    if (i !== next) {
      const why = checkPathArgument(check, argv[i]);
      if (why) return why;
      continue;
    }
    check.passesArguments = false;
    const program = checkProgram(check, argv[i]);
    if (typeof program === 'object') return program.blocked;
    out[i] = program;
    const name = baseName(argv[i]);
    if (check.passesArguments) next = argv.length; // an entrypoint script that runs what CMD gives it
    const script = SHELLS.has(name) ? argv.indexOf('-c', i + 1) : -1;
    if (script > 0 && argv[script + 1] !== undefined) return checkShell(check, argv[script + 1]) ?? { argv: out, pending: false };
    if (LAUNCHERS.has(name)) next = launchedAt(argv, i);
  }
  return { argv: out, pending: next >= argv.length };
}

/** Where the program a launcher runs stands: after `--`, or the first word that is not an option or assignment. */
function launchedAt(argv: readonly string[], launcher: number): number {
  for (let j = launcher + 1; j < argv.length; j++) {
    if (argv[j] === '--') return j + 1;
    if (!argv[j].startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[j])) return j;
  }
  return argv.length;
}

/** Checks shell code run by /bin/sh -c on a runtime with a shell; undefined when it can run. */
export function checkShell(check: CommandCheck, text: string): string | undefined {
  const script = parseText(text);
  if (!script) return `\`${text.trim()}\` is not shell code the split can read`;
  for (const site of commandSites(script)) {
    const [name, ...args] = [site.resolved.nameWord, ...site.resolved.args].map((w) => w.value);
    if (/^"?\$(@|\{@\})"?$/.test(site.resolved.nameWord.raw)) {
      check.passesArguments = true;
      continue;
    }
    if (name === undefined) return `\`${text.trim()}\` runs a program only known when it starts`;
    if (BUILTINS.has(name)) continue;
    const program = checkProgram(check, name);
    if (typeof program === 'object') return program.blocked;
    if (program !== name) return `\`${text.trim()}\` finds ${name} on the build image's PATH, which the runtime image does not search`;
    for (const word of args) {
      const why = word === undefined ? undefined : checkPathArgument(check, word);
      if (why) return why;
    }
  }
  return undefined;
}

/** Converts simple shell code (one command, literal words) to an argv, or undefined. */
export function shellToArgv(text: string): string[] | undefined {
  const script = parseText(text);
  if (!script || script.items.length !== 1) return undefined;
  const { andOr } = script.items[0];
  if (andOr.rest.length || andOr.first.negated || andOr.first.commands.length !== 1) return undefined;
  const command = andOr.first.commands[0];
  if (command.kind !== 'simple' || command.assignments.length || command.redirects.length || command.words.length === 0) return undefined;
  const words = command.words.map((w) => w.value);
  return words.every((w): w is string => w !== undefined && !/[*?[~]/.test(w)) ? words : undefined;
}

/** The program word to write (rewritten to an absolute path when the runtime would not find it), or why it cannot run. */
function checkProgram(check: CommandCheck, name: string): string | { blocked: string } {
  const { output, runtime } = check;
  if (name.includes('/')) {
    const path = resolvePath(check.workdir, name);
    if (output.executables.includes(path) || output.setupPaths.some((p) => isWithin(path, p))) return name;
    if (check.sameFamily && hasProgram(runtime, baseName(name)) && STANDARD_PATH.includes(parentOf(path))) return name;
    const copied = contextPathAt(check.reading, path, check.context);
    if (copied !== undefined) return checkScript(check, name, path, copied);
    return { blocked: `the container runs ${name}, which the runtime image would not have` };
  }
  const artifact = output.executables.find((e) => baseName(e) === name);
  if (artifact) {
    const folder = parentOf(artifact);
    if ([...(output.pathFolders ?? []), ...STANDARD_PATH].includes(folder)) return name;
    // found through the build image's PATH: the runtime, which does not search there, is given the path
    if (buildPath(check).includes(folder)) return artifact;
    return { blocked: `the container runs ${name} by name, and the build image's PATH does not lead to ${artifact}` };
  }
  if (hasProgram(runtime, name)) return name;
  // the build puts files only where the split follows: a program the build image lacks came from the package manager
  const installed = check.steps.packages.find((p) => programsOfPackage('deb', p.name).includes(name));
  if (output.programFolder && !hasProgram(check.build, name) && !installed) return name;
  if (installed && canInstall(runtime)) {
    if (!check.packages.includes(installed.name)) check.packages.push(installed.name);
    return name;
  }
  return { blocked: `the container runs \`${name}\`, which the runtime image does not have` };
}

/** Folders the build image searches for a command name: the standard ones, its own, and what ENV PATH adds. */
function buildPath(check: CommandCheck): string[] {
  const own = check.build.family === 'golang' ? ['/go/bin', '/usr/local/go/bin'] : check.build.family === 'rust' ? ['/usr/local/cargo/bin'] : [];
  const set = check.reading.env.filter((p) => p.name === 'PATH').flatMap((p) => p.raw.replace(/^"|"$/g, '').split(':'));
  return [...STANDARD_PATH, ...own, ...set.filter((f) => f.startsWith('/'))];
}

/** A script copied from the context: its interpreter and commands must be on the runtime too. */
function checkScript(check: CommandCheck, name: string, path: string, contextPath: string): string | { blocked: string } {
  const text = check.context.read(contextPath);
  const shebang = text === undefined ? undefined : /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!text || !shebang) return { blocked: `the container runs ${name}, which the split cannot read` };
  const interpreter = shebang[1].endsWith('/env') && shebang[2] ? shebang[2] : baseName(shebang[1]);
  if (!SHELLS.has(interpreter) || !hasShell(check.runtime)) {
    return { blocked: `the container runs the script ${name} (${interpreter}), which the runtime image cannot run` };
  }
  const why = checkShell(check, text.slice(shebang[0].length));
  if (why) return { blocked: `${name}: ${why}` };
  if (!check.namedPaths.includes(path)) check.namedPaths.push(path);
  return name;
}

/** A word of a command: when it names a path of the build, that path must reach the runtime. */
function checkPathArgument(check: CommandCheck, word: string): string | undefined {
  if (word.startsWith('-') && !word.includes('=')) return undefined; // an option
  const value = word.startsWith('-') ? word.slice(word.indexOf('=') + 1) : word;
  if (notePath(check, value) || !value.startsWith('/') || value === '/' || /:\/\/|\$/.test(value)) return undefined;
  const path = resolvePath(check.workdir, value);
  if (PROVIDED.some((p) => isWithin(path, p)) || volumePaths(check.reading).some((v) => isWithin(path, v))) return undefined;
  return `the container names ${value}, which the split cannot find in the build`;
}

/**
 * True when `value` names a path of the build the runtime gets: an artifact, or a copied file or a
 * folder the build made (added to the paths to copy).
 */
export function notePath(check: CommandCheck, value: string): boolean {
  if (value === '' || /:\/\/|\$/.test(value)) return false;
  const path = resolvePath(check.workdir, value.replace(/^file:/, ''));
  if (check.output.artifacts.some((a) => isWithin(path, a)) || check.output.setupPaths.some((p) => isWithin(path, p))) return true;
  const named = contextPathAt(check.reading, path, check.context) !== undefined ? path : check.steps.madeFolders.find((f) => isWithin(path, f));
  if (named === undefined) return false;
  if (!check.namedPaths.includes(named)) check.namedPaths.push(named);
  return true;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
