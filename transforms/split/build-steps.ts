/**
 * What the RUNs of a build stage leave in the image besides the build's own output. Every command
 * must be one the split understands: the ecosystem's build commands, package installs, folders made
 * or removed, and commands that write nothing. Anything else may write a file the running program
 * needs, so it blocks the split.
 */
import type { Instruction } from '../../src/document.js';
import type { Redirect } from '../../src/shell/ast.js';
import { positionalArgs } from '../../src/shell/commands.js';
import { resolvePath } from './paths.js';
import { stagePrograms } from '../stage-programs.js';
import type { StageReading, StepCommand } from './stage.js';

export interface InstalledPackage {
  name: string;
  instruction: Instruction;
}

export interface BuildSteps {
  /** Packages installed with apt-get or apt. */
  packages: InstalledPackage[];
  /** Folders `mkdir` made (absolute): the running program may expect them. */
  madeFolders: string[];
  /** Paths `rm` removed (absolute). */
  removed: string[];
}

/** Commands that write no file (or only print). */
const NEUTRAL = new Set([
  'cd', 'pwd', 'echo', 'printf', 'true', 'false', ':', 'set', 'export', 'ls', 'cat', 'test', '[', 'which', 'uname', 'id',
  'whoami', 'env', 'printenv', 'date', 'sleep', 'du', 'df', 'file', 'head', 'tail', 'wc', 'grep', 'find',
]);
const APT = new Set(['apt-get', 'apt']);
const APT_VALUED = ['-o', '-t', '-c', '--option', '--target-release', '--config-file'];
const APT_HARMLESS = new Set(['update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'clean', 'dist-clean', 'autoclean', 'autoremove', 'remove', 'purge']);
const QUIET_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** Reads the RUNs; `isBuildCommand` says which commands are the ecosystem's own build steps. */
export function readBuildSteps(reading: StageReading, isBuildCommand: (command: StepCommand) => boolean): BuildSteps | string {
  const steps: BuildSteps = { packages: [], madeFolders: [], removed: [] };
  for (const run of reading.runs) {
    for (const command of run.commands) {
      const why = readCommand(command, steps, isBuildCommand);
      if (why) return `line ${run.instruction.line}: ${why}`;
    }
  }
  // what the packages are, installed and not removed since, as every transform reads them
  for (const change of stagePrograms(reading.doc, reading.stage).packages) {
    if (change.family !== 'deb') continue;
    for (const name of change.packages) {
      steps.packages = steps.packages.filter((p) => p.name !== name);
      if (change.action === 'install') steps.packages.push({ name, instruction: change.instruction });
    }
  }
  return steps;
}

function readCommand(command: StepCommand, steps: BuildSteps, isBuildCommand: (command: StepCommand) => boolean): string | undefined {
  const { resolved } = command.site;
  const written = resolved.command.redirects.find(writesFile);
  if (written) return `\`${resolved.name}\` writes ${written.target.raw}, which the split cannot follow`;
  const name = resolved.name;
  if (NEUTRAL.has(name)) return undefined;
  if (isBuildCommand(command)) return undefined;
  const args = resolved.args.map((a) => a.value);
  if (args.some((a) => a === undefined)) return `\`${name}\` has arguments whose values are only known when it runs`;
  if (APT.has(name)) return readApt(command);
  if (name === 'mkdir' || name === 'rm') {
    const paths = (args as string[]).filter((a, i) => !a.startsWith('-') && !(name === 'mkdir' && (args[i - 1] === '-m' || args[i - 1] === '--mode')));
    if (command.cwd === undefined && paths.some((p) => !p.startsWith('/'))) return `\`${name}\` after a \`cd\` the split cannot follow`;
    const absolute = paths.map((p) => resolvePath(command.cwd ?? '/', p));
    (name === 'mkdir' ? steps.madeFolders : steps.removed).push(...absolute);
    return undefined;
  }
  return `\`${name}\` may leave files the running program needs, and the split cannot tell which`;
}

/** apt-get and apt: installs and housekeeping are followed (the packages are read with the other transforms'); the rest is not. */
function readApt(command: StepCommand): string | undefined {
  const [sub, ...names] = positionalArgs(command.site.resolved.args, APT_VALUED).map((p) => p.word.value!);
  if (sub === undefined || APT_HARMLESS.has(sub)) return undefined;
  if (sub !== 'install') return `\`apt-get ${sub}\` is not something the split can follow`;
  if (names.some((n) => n.endsWith('.deb') || n.startsWith('.') || n.startsWith('/'))) return 'apt-get installs a package file the split cannot read';
  return undefined;
}

function writesFile(redirect: Redirect): boolean {
  if (!/>/.test(redirect.op)) return false;
  if (redirect.op === '>&' && /^\d+$|^-$/.test(redirect.target.raw)) return false;
  return !QUIET_TARGETS.has(redirect.target.value ?? '');
}
