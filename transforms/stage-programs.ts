/**
 * Which programs a stage runs, where, and whether the stage installs them before that point: the
 * question a base-image swap, a multi-stage split and a non-root USER all ask. Read through the shell
 * view (RUN bodies, shell-form CMD/ENTRYPOINT/HEALTHCHECK, and scripts the stage copies from the build
 * context), never by matching text. OS package installs are mapped to programs by package-programs.ts.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { parseJsonArray } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { Script, Word } from '../src/shell/ast.js';
import { baseName, commandSites, positionalArgs, type CommandSite, type ResolvedCommand } from '../src/shell/commands.js';
import { simpleCommands } from '../src/shell/walk.js';
import { logicalText } from '../src/shell/logical.js';
import { parseShell } from '../src/shell/parser.js';
import { definedFunctions } from '../src/shell/state.js';
import type { BuildContextView } from '../src/types.js';
import { sitesOf } from './manager-commands.js';
import { impliedPackages, osManagers, programsOfPackage, type PackagingFamily } from './package-programs.js';
import { matchContext } from './split/stage.js';

export type ProgramSource = 'run' | 'cmd' | 'entrypoint' | 'healthcheck' | 'shell';

export interface ProgramUse {
  /** The command name as run (basename: `/usr/bin/gcc` → `gcc`). */
  program: string;
  /** The instruction that runs it (for a script's commands: the instruction that runs the script). */
  instruction: Instruction;
  via: ProgramSource;
  /** Context path of the copied script it was found in, if any. */
  script: string | undefined;
  /** The instruction that installed it before this use (an OS package, or a COPY of a file of that name). */
  installedBy: Instruction | undefined;
  /** A path outside the system folders (`./configure`, `/app/start`): the user's own file, not a package's. */
  userFile: boolean;
  /** Where the command word stands in the Dockerfile (for a script: the instruction's start). */
  offset: number;
}

/** An OS package operation, in order. */
export interface PackageChange {
  instruction: Instruction;
  /** Where the command stands (a script's commands: the instruction's start), to order changes within one RUN. */
  offset: number;
  family: PackagingFamily;
  action: 'install' | 'remove';
  packages: string[];
}

/** A command whose program cannot be named (`$CC -o x`, `"$(which python)" app.py`). */
export interface UnknownCommand {
  instruction: Instruction;
  /** The command as written. */
  text: string;
  /** Why it cannot be read: `its name is computed`, `it reads its script from stdin`, … */
  reason: string;
}

export interface StagePrograms {
  uses: ProgramUse[];
  packages: PackageChange[];
  unknown: UnknownCommand[];
  /** RUNs the shell view could not read (not valid shell, heredocs, a non-POSIX SHELL): their programs are not known. */
  unreadable: Instruction[];
  /** With a build context: the context files the stage (and the stages it builds FROM) copies, with the COPY or ADD that does. */
  copied: CopiedFile[];
  /** COPYs and ADDs whose context files cannot all be listed (a pattern in a folder name, too many files). */
  copiedUnlisted: Instruction[];
}

export interface CopiedFile {
  path: string;
  instruction: Instruction;
}

/** Words a shell runs itself: never a program from a package. */
const BUILTINS = new Set([
  'cd', 'export', 'set', 'unset', 'exit', 'return', 'source', '.', 'eval', 'read', 'shift', 'trap', 'wait', 'umask', 'alias',
  'unalias', 'local', 'readonly', 'declare', 'typeset', 'type', 'hash', 'ulimit', 'getopts', 'break', 'continue', ':', 'let',
  'shopt', 'pushd', 'popd', 'dirs', 'builtin', 'times', 'jobs', 'fg', 'bg', 'exec', 'command', 'echo', 'printf', 'test', '[',
  'true', 'false', 'pwd', 'kill',
]);

const SYSTEM_DIRS = /^\/(?:usr\/(?:local\/)?)?s?bin\//;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh']);

const memo = new Memo<Document, Map<string, StagePrograms>>();

/**
 * The programs a stage uses, in order, with what installs them. Installs and COPYs of the stages it
 * builds FROM count as done before. With a build context, scripts the stage copies from it and runs are
 * read too.
 */
export function stagePrograms(doc: Document, stage: Stage, context?: BuildContextView): StagePrograms {
  let perDoc = memo.get(doc);
  if (!perDoc) memo.set(doc, (perDoc = new Map()));
  const key = `${stage.index}:${context ? 'ctx' : ''}`;
  let found = perDoc.get(key);
  if (!found) perDoc.set(key, (found = readStage(doc, stage, context)));
  return found;
}

/**
 * The OS packages installed (and not removed since) before `at` runs, or before the command at
 * `offset` in it, counting the stages it builds FROM; and the programs they provide.
 */
export function installedBefore(doc: Document, stage: Stage, at: Instruction, offset = at.start, context?: BuildContextView): { packages: Set<string>; programs: Set<string> } {
  const packages = new Set<string>();
  const programs = new Set<string>();
  for (const change of stageChain(stage).flatMap((s) => stagePrograms(doc, s, context).packages)) {
    if (change.instruction.index > at.index || (change.instruction === at && change.offset >= offset)) break;
    for (const p of change.packages.flatMap((name) => [name, ...impliedPackages(change.family, name)])) {
      if (change.action === 'install') packages.add(p);
      else packages.delete(p);
      for (const program of programsOfPackage(change.family, p)) change.action === 'install' ? programs.add(program) : programs.delete(program);
    }
  }
  return { packages, programs };
}

/** The stage and the stages it builds FROM, the first base first. */
export function stageChain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.baseStage) stages.unshift(s);
  return stages;
}

interface Reading {
  result: StagePrograms;
  /** program → the instruction that made it available. */
  available: Map<string, Instruction>;
  /** apk virtual package → its packages. */
  virtuals: Map<string, string[]>;
  copiedFiles: Map<string, string[]> | undefined;
  context: BuildContextView | undefined;
}

function readStage(doc: Document, stage: Stage, context: BuildContextView | undefined): StagePrograms {
  const result: StagePrograms = { uses: [], packages: [], unknown: [], unreadable: [], copied: [], copiedUnlisted: [] };
  const reading: Reading = { result, available: new Map(), virtuals: new Map(), copiedFiles: context ? new Map() : undefined, context };
  // what the base stages installed stays installed
  if (stage.baseStage) {
    const base = stagePrograms(doc, stage.baseStage, context);
    for (const change of base.packages) applyChange(reading, change, false);
    for (const ins of stageChain(stage.baseStage).flatMap((s) => s.instructions)) if (ins.keyword === 'COPY' || ins.keyword === 'ADD') noteCopy(doc, reading, ins);
  }
  for (const ins of stage.instructions) {
    switch (ins.keyword) {
      case 'RUN':
        readRun(doc, reading, ins);
        break;
      case 'COPY':
      case 'ADD':
        noteCopy(doc, reading, ins);
        break;
      case 'CMD':
      case 'ENTRYPOINT':
      case 'HEALTHCHECK': {
        const start = doc.startCommandAt(ins);
        const via = ins.keyword === 'CMD' ? 'cmd' : ins.keyword === 'ENTRYPOINT' ? 'entrypoint' : 'healthcheck';
        if (start !== undefined) readCommandLine(doc, reading, ins, start, via);
        break;
      }
    }
  }
  return result;
}

function readRun(doc: Document, reading: Reading, ins: Instruction): void {
  const body = doc.runBody(ins);
  if (body.form === 'exec') {
    const argv = body.argv ?? [];
    if (argv.length) use(reading, ins, argv[0], 'run', undefined, ins.argsStart);
    return;
  }
  const shell = doc.shellOf(ins);
  if (!body.script || body.hasHeredoc || !shell.posix) {
    reading.result.unreadable.push(ins);
    return;
  }
  const shellProgram = doc.shellAt(ins)?.[0];
  use(reading, ins, shellProgram ?? '/bin/sh', 'shell', undefined, ins.argsStart);
  readScript(reading, ins, body.script, 'run', undefined, new Set(), sitesOf(doc, ins));
}

/** CMD / ENTRYPOINT / HEALTHCHECK CMD: exec form names its program; shell form runs `/bin/sh -c`. */
function readCommandLine(doc: Document, reading: Reading, ins: Instruction, start: number, via: ProgramSource): void {
  const logical = logicalText(doc.source, start, ins.argsEnd, doc.escapeChar);
  const text = logical.text.trim();
  if (text === '') return;
  if (text.startsWith('[')) {
    const argv = parseJsonArray(text);
    if (argv) {
      if (argv.length) use(reading, ins, argv[0], via, undefined, start);
      readInvokedScript(reading, ins, argv, via);
      return;
    }
  }
  use(reading, ins, doc.shellAt(ins)?.[0] ?? '/bin/sh', 'shell', undefined, start);
  let script: Script;
  try {
    script = parseShell(logical.text, logical.toSource);
  } catch {
    reading.result.unreadable.push(ins);
    return;
  }
  readScript(reading, ins, script, via, undefined, new Set());
}

/** Every command of a script, in order; package installs update what is available as they come. */
function readScript(reading: Reading, ins: Instruction, script: Script, via: ProgramSource, scriptPath: string | undefined, seen: Set<string>, sites = commandSites(script)): void {
  const functions = definedFunctions(script);
  for (const site of sites) {
    const resolved = site.resolved;
    for (const w of resolved.wrappers) if (!BUILTINS.has(w.name)) use(reading, ins, w.name, via, scriptPath, scriptPath ? ins.start : resolved.command.start);
    if (functions.has(resolved.name)) continue;
    const word = resolved.nameWord.value ?? resolved.name;
    use(reading, ins, word, via, scriptPath, scriptPath ? ins.start : resolved.nameWord.start);
    const opaque = opaqueCode(resolved);
    if (opaque) reading.result.unknown.push({ instruction: ins, ...opaque });
    if (resolved.inner) for (const { command } of unresolvedCommands(resolved.inner, sites)) reading.result.unknown.push({ instruction: ins, text: command, reason: COMPUTED_NAME });
    const change = packageChange(reading, ins, resolved, scriptPath ? ins.start : resolved.command.start);
    if (change) {
      reading.result.packages.push(change);
      applyChange(reading, change, true);
    }
    if (reading.copiedFiles?.size) readInvokedScript(reading, ins, [word, ...resolved.args.map((a) => a.value ?? '')], via, seen);
  }
  // commands whose name is an expansion: the program cannot be named
  for (const { command } of unresolvedCommands(script, sites)) {
    reading.result.unknown.push({ instruction: ins, text: command, reason: COMPUTED_NAME });
  }
}

/**
 * Code the shell view cannot read: a shell reading its script from stdin (`curl … | sh`, a heredoc),
 * `sh -c` with a string built at run time, `eval`. Described as written; undefined when none.
 */
function opaqueCode(resolved: ResolvedCommand): { text: string; reason: string } | undefined {
  if (resolved.name !== 'eval' && !SHELLS.has(resolved.name)) return undefined;
  const words = resolved.args.map((a) => a.value);
  const text = [resolved.name, ...resolved.args.map((a) => a.raw)].join(' ');
  if (resolved.name === 'eval') return { text, reason: 'eval runs code built at run time' };
  const options = words.filter((w) => w !== undefined && /^[-+][a-zA-Z]+$/.test(w)) as string[];
  if (options.some((o) => o.startsWith('-') && o.includes('c'))) return resolved.inner ? undefined : { text, reason: 'its script is built at run time' };
  const script = resolved.args.find((a) => a.value === undefined || !/^[-+]/.test(a.value));
  if (!script || options.some((o) => o.startsWith('-') && o.includes('s'))) return { text, reason: 'it reads its script from stdin' };
  return script.value === undefined ? { text, reason: 'its script path is built at run time' } : undefined;
}

const COMPUTED_NAME = 'its name is built at run time';

/** Simple commands the resolver could not name (`$CC`, `"$(which python)"`, a wrapper with options it does not know), as written. */
function unresolvedCommands(script: Script, sites: readonly CommandSite[]): { command: string }[] {
  const named = new Set(sites.map((s) => s.resolved.command));
  return simpleCommands(script)
    .filter(({ command }) => command.words.length > 0 && !named.has(command))
    .map(({ command }) => ({ command: command.words.map((w) => w.raw).join(' ') }));
}

function use(reading: Reading, ins: Instruction, word: string, via: ProgramSource, script: string | undefined, offset: number): void {
  const program = baseName(word);
  if (!program || BUILTINS.has(program)) return;
  const userFile = word.includes('/') && !SYSTEM_DIRS.test(word);
  reading.result.uses.push({ program, instruction: ins, via, script, installedBy: reading.available.get(program), userFile, offset });
}

/** `apt-get install -y gcc`, `apk add --virtual .deps gcc`, `dnf remove gcc`: what it adds or removes. */
function packageChange(reading: Reading, ins: Instruction, resolved: ResolvedCommand, offset: number): PackageChange | undefined {
  const manager = osManagers[resolved.name];
  if (!manager) return undefined;
  const valued = ['-o', '-c', '-t', '-a', '--option', '--target-release', '-X', '--repository', '--virtual', '-p', '--root', '--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '--repo', '-R', '-x', '--exclude'];
  const words = positionalArgs(resolved.args, valued).map((p) => p.word);
  const sub = words[0]?.value;
  if (sub === undefined) return undefined;
  const action = manager.install.includes(sub) ? 'install' : manager.remove.includes(sub) ? 'remove' : undefined;
  if (!action) return undefined;
  const packages = words.slice(1).map(packageName).filter((p): p is string => p !== undefined);
  if (manager.family === 'apk') {
    const virtual = optionValue(resolved.args, ['-t', '--virtual']);
    if (virtual && action === 'install') reading.virtuals.set(virtual, packages);
    if (action === 'remove') {
      const expanded = packages.flatMap((p) => reading.virtuals.get(p) ?? [p]);
      return { instruction: ins, offset, family: manager.family, action, packages: expanded };
    }
  }
  return { instruction: ins, offset, family: manager.family, action, packages };
}

/** `curl=7.88.*`, `gcc:amd64`, `git/bookworm-backports` → the package name; undefined for files and expansions. */
function packageName(word: Word): string | undefined {
  const v = word.value;
  if (v === undefined || /\.(deb|rpm|apk)$/.test(v)) return undefined;
  const name = v.split(/[=:/<>]/, 1)[0];
  return /^[A-Za-z0-9.][A-Za-z0-9+._-]*$/.test(name) ? name : undefined;
}

function optionValue(args: readonly Word[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === undefined) continue;
    if (names.includes(v)) return args[i + 1]?.value;
    const eq = names.find((n) => n.startsWith('--') && v.startsWith(`${n}=`));
    if (eq) return v.slice(eq.length + 1);
  }
  return undefined;
}

function applyChange(reading: Reading, change: PackageChange, _inStage: boolean): void {
  for (const p of change.packages) {
    for (const program of programsOfPackage(change.family, p)) {
      if (change.action === 'install') reading.available.set(program, change.instruction);
      else reading.available.delete(program);
    }
  }
}

/** A COPY or ADD makes programs of its sources' names available (`COPY --from=tools /usr/bin/jq /usr/bin/`), and records copied context files. */
function noteCopy(doc: Document, reading: Reading, ins: Instruction): void {
  const text = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim();
  const words = text.startsWith('[') ? parseJsonArray(text) : text.split(/\s+/);
  if (!words || words.length < 2) return;
  const sources = words.slice(0, -1);
  for (const s of sources) {
    const name = baseName(s.replace(/\/+$/, ''));
    if (name && !/[*?[$]/.test(name)) reading.available.set(name, ins);
  }
  const fromStage = ins.flags.some((f) => f.name === 'from');
  if (!fromStage && reading.copiedFiles && reading.context) {
    for (const s of sources) {
      if (/^https?:/.test(s)) continue;
      if (s.includes('$')) {
        reading.result.copiedUnlisted.push(ins);
        continue;
      }
      const matched = matchContext(s, reading.context);
      // a pattern that matches nothing the split can list (one in a folder name): what it copies is not known
      if (matched === undefined && /[*?[]/.test(s)) reading.result.copiedUnlisted.push(ins);
      const paths = (matched ?? []).map((m) => m.path || '.');
      const into = new Map<string, string[]>();
      let count = 0;
      for (const path of paths) count = collectFiles(reading.context, path, into, count);
      if (count > MAX_FILES) reading.result.copiedUnlisted.push(ins);
      for (const [name, list] of into) {
        const known = reading.copiedFiles.get(name);
        if (known) known.push(...list);
        else reading.copiedFiles.set(name, [...list]);
        for (const path of list) reading.result.copied.push({ path, instruction: ins });
      }
    }
  }
}

const MAX_FILES = 2000;

function collectFiles(context: BuildContextView, path: string, into: Map<string, string[]>, count: number): number {
  if (count > MAX_FILES) return count;
  const entries = context.list(path === '.' ? '' : path);
  if (entries) {
    for (const e of entries) {
      if (e === 'node_modules/' || e === '.git/') continue;
      count = collectFiles(context, path === '' || path === '.' ? e.replace(/\/$/, '') : `${path}/${e.replace(/\/$/, '')}`, into, count + 1);
    }
    return count;
  }
  if (!context.exists(path)) return count;
  const name = baseName(path);
  const list = into.get(name);
  if (list) list.push(path);
  else into.set(name, [path]);
  return count + 1;
}

/**
 * A script the stage copied from the context and runs (`./entrypoint.sh`, `sh scripts/setup.sh`,
 * `CMD ["/app/start.sh"]`): its commands are read as the instruction's own.
 */
function readInvokedScript(reading: Reading, ins: Instruction, argv: readonly string[], via: ProgramSource, seen = new Set<string>()): void {
  if (!reading.copiedFiles || !reading.context || !argv.length) return;
  let target = argv[0];
  // `. ./lib.sh` and `source lib.sh` run the file's commands in this shell
  const sourced = target === '.' || target === 'source';
  if (sourced) target = argv[1] ?? '';
  else if (SHELLS.has(baseName(target))) {
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    if (!script || argv.slice(1).some((a) => /^-[a-z]*c/.test(a))) return;
    target = script;
  }
  const candidates = reading.copiedFiles.get(baseName(target)) ?? [];
  for (const path of candidates) {
    if (seen.has(path)) continue;
    seen.add(path);
    const text = reading.context.read(path);
    if (text === undefined || (!sourced && !isShellScript(path, text))) continue;
    let script: Script;
    try {
      script = parseShell(text);
    } catch {
      reading.result.unknown.push({ instruction: ins, text: path, reason: 'the script is not readable as shell' });
      continue;
    }
    readScript(reading, ins, script, via, path, seen);
  }
}

function isShellScript(path: string, text: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang) {
    const interp = baseName(shebang[1]) === 'env' ? shebang[2] ?? '' : baseName(shebang[1]);
    return SHELLS.has(interp);
  }
  return path.endsWith('.sh');
}
