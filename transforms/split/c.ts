/**
 * C and C++: the program a compiler call (`-o`) or make writes (the Makefile's link rule, and what its
 * install target installs), run on distroless base (glibc) or cc (C++ and threads: libstdc++,
 * libgcc) of the build image's Debian release, or static for `-static` links, when every library it
 * links is one of those images'.
 */
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo, RuntimeKind } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { expandMake, phonyTargets, readMakefile, ruleFor, type Makefile } from './makefile.js';
import { isWithin, resolvePath, STANDARD_PATH } from './paths.js';
import { commandsOf } from './shell-text.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { libraryLoads } from '../code-uses.js';

const COMPILERS = new Set(['cc', 'gcc', 'c++', 'g++', 'clang', 'clang++']);
const CXX_COMPILER = /^(c\+\+|g\+\+|clang\+\+)(-\d+)?$/;
const SOURCE = /\.(c|h|cc|cpp|cxx|hpp|hh|hxx|C)$/;
const CXX_SOURCE = /\.(cc|cpp|cxx|C)$/;
/** Libraries each distroless flavour holds, by `-l` name. */
const BASE_LIBRARIES = new Set(['c', 'm', 'pthread', 'dl', 'rt', 'resolv', 'util', 'anl', 'ssl', 'crypto']);
const CC_LIBRARIES = new Set([...BASE_LIBRARIES, 'stdc++', 'gcc_s', 'gomp']);
const MAKE_VALUED = new Set(['-C', '-f', '-j', '-l', '-o', '-W', '--directory', '--file', '--jobs']);
const MAKE_FLAGS = new Set(['-s', '-k', '-B', '-e', '-i', '-n', '-S', '--silent', '--keep-going', '--always-make', '--no-print-directory', '-w', '--print-directory']);
const STARTS_PROGRAMS = /\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?)\s*\(/;
const WRITES = /\bfopen\s*\([^;]*?,\s*"[^"]*[wa+]|\b(creat|mkdir|rename|unlink|remove|rmdir|truncate)\s*\(|\bopen\s*\([^;]*O_(CREAT|WRONLY|RDWR|TRUNC|APPEND)/;

interface Binary {
  path: string;
  libraries: string[];
  cxx: boolean;
  threads: boolean;
  static: boolean;
}

interface Built {
  binaries: Binary[];
  /** Installed path → the build path it was installed from. */
  installed: Map<string, string>;
  /** Folders known to exist: the image's, and those recipes make (`install -d`, `mkdir`). */
  folders: Set<string>;
}

export const c: Ecosystem = {
  name: 'C',
  builds: (commands) => commands.some(({ resolved }) => resolved.name === 'make' || COMPILERS.has(resolved.name) || CXX_COMPILER.test(resolved.name)),
  isBuildCommand: ({ site }) => ['make', 'strip', 'ar', 'ranlib'].includes(site.resolved.name) || COMPILERS.has(site.resolved.name) || CXX_COMPILER.test(site.resolved.name),
  plan: planC,
};

function planC(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string {
  const built: Built = { binaries: [], installed: new Map(), folders: new Set(reading.folders) };
  for (const run of reading.runs) {
    for (const command of run.commands) {
      const why = followCommand(command, reading, context, built);
      if (why) return `line ${run.instruction.line}: ${why}`;
    }
  }
  const artifacts = built.installed.size ? [...built.installed.keys()] : built.binaries.map((b) => b.path);
  const programs = artifacts.map((path) => ({ path, binary: built.binaries.find((b) => b.path === (built.installed.get(path) ?? path)) })).filter((p) => p.binary);
  if (programs.length === 0) return 'the build writes no program the split can name';
  let chosen = programs;
  if (programs.length > 1) {
    chosen = programs.filter((p) => runsProgram(reading, p.path));
    if (chosen.length !== 1) return `the build writes several programs (${programs.map((p) => p.path).join(', ')}), and the container does not name one of them`;
  }
  const kept = artifacts.filter((a) => !programs.some((p) => p.path === a) || chosen.some((p) => p.path === a));
  const removed = kept.find((a) => steps.removed.some((r) => isWithin(a, r)));
  if (removed) return `${removed} is removed after it is built`;
  const binary = chosen[0].binary!;
  const runtime = runtimeOf(binary);
  if (typeof runtime === 'object') return runtime.blocked;

  const sources = findFiles(context, '', (n) => SOURCE.test(n), (n) => n.startsWith('.'));
  const code = sources.map((path) => ({ path, source: contextSource(context, path) }));
  const starts = code.find((f) => STARTS_PROGRAMS.test(f.source.code));
  const loads = code.find((f) => libraryLoads(context, f.path));
  if (loads) return `${loads.path} loads system libraries (${libraryLoads(context, loads.path)}), which the runtime image may lack`;
  return {
    summary: `the ${binary.cxx ? 'C++' : 'C'} program ${chosen[0].path}`,
    runtime,
    runtimeBasis: image,
    artifacts: kept,
    executables: [chosen[0].path],
    buildEdits: [],
    runtimePackages: [],
    runtimeSetup: [],
    setupPaths: [],
    sourceFiles: sources,
    isSource: (path, folder) => !folder && (SOURCE.test(path) || /(^|\/)(Makefile|makefile|GNUmakefile|CMakeLists\.txt)$|\.(o|a|mk|cmake)$/.test(path)),
    startsPrograms: starts ? `${starts.path} starts other programs (${STARTS_PROGRAMS.exec(starts.source.code)![1]}), which the runtime image would lack` : undefined,
    writesFiles: code.some((f) => WRITES.test(f.source.code)),
    isBuildEnv: (name) => /^(CC|CXX|CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|LDLIBS|MAKEFLAGS|PKG_CONFIG_PATH|DEBIAN_FRONTEND)$/.test(name),
  };
}

function runtimeOf(binary: Binary): RuntimeKind | { blocked: string } {
  if (binary.static) return 'static';
  const cc = binary.cxx || binary.threads || binary.libraries.some((l) => !BASE_LIBRARIES.has(l));
  const missing = binary.libraries.find((l) => !CC_LIBRARIES.has(l));
  if (missing) return { blocked: `${binary.path} links -l${missing}, which distroless images do not have` };
  return cc ? 'cc' : 'glibc';
}

/** True when CMD or ENTRYPOINT runs `path` (by that path, or by name on the PATH). */
function runsProgram(reading: StageReading, path: string): boolean {
  const line = reading.entrypoint ?? reading.cmd;
  const first = line?.argv?.[0] ?? line?.text.trim().split(/\s+/)[0];
  if (!first) return false;
  if (first.includes('/')) return resolvePath(reading.workdir ?? '/', first) === path;
  return STANDARD_PATH.some((dir) => `${dir}/${first}` === path);
}

/** Follows one command of a RUN; returns why it cannot be followed. */
function followCommand(command: StepCommand, reading: StageReading, context: BuildContextView, built: Built): string | undefined {
  const { name } = command.site.resolved;
  const words = command.site.resolved.args.map((a) => a.value);
  if (words.some((w) => w === undefined)) return `\`${name}\` has arguments only known when it runs`;
  if (command.cwd === undefined) return `\`${name}\` runs after a \`cd\` the split cannot follow`;
  if (name === 'make') return followMake(words as string[], command.cwd, reading, context, built);
  if (COMPILERS.has(name) || CXX_COMPILER.test(name)) return followCompiler([name, ...(words as string[])], command.cwd, built);
  return undefined;
}

/** A compiler call: a link (`-o` without `-c`) adds a binary. */
function followCompiler(argv: string[], cwd: string, built: Built): string | undefined {
  if (argv.includes('-c') || argv.includes('-E') || argv.includes('-S')) return undefined;
  const at = argv.indexOf('-o');
  const output = at > 0 ? argv[at + 1] : argv.find((a) => a.startsWith('-o') && a.length > 2)?.slice(2);
  if (!output) return `\`${argv.join(' ')}\` writes a.out`;
  const libraries: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-l') libraries.push(argv[++i]);
    else if (argv[i].startsWith('-l')) libraries.push(argv[i].slice(2));
    else if (argv[i].startsWith('-Wl,') && /-B?static|--whole-archive/.test(argv[i])) return `\`${argv[0]}\` links with ${argv[i]}, which the split cannot follow`;
  }
  const cxx = CXX_COMPILER.test(argv[0]) || argv.some((a) => CXX_SOURCE.test(a));
  const threads = argv.includes('-pthread') || libraries.includes('pthread') || argv.includes('-fopenmp');
  if (argv.includes('-fopenmp')) libraries.push('gomp');
  built.binaries.push({ path: resolvePath(cwd, output), libraries, cxx, threads, static: argv.includes('-static') });
  return undefined;
}

/** `make [-C dir] [VAR=value] [targets]`: the Makefile's rules for those targets. */
function followMake(args: string[], cwd: string, reading: StageReading, context: BuildContextView, built: Built): string | undefined {
  let dir = cwd;
  let file: string | undefined;
  const overrides = new Map<string, string>();
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^-j\d*$|^--jobs=\d*$|^-l\d*$/.test(a)) continue;
    if (MAKE_VALUED.has(a)) {
      const value = args[++i];
      if (a === '-C' || a === '--directory') dir = resolvePath(dir, value);
      else if (a === '-f' || a === '--file') file = value;
      else if (a !== '-j' && a !== '--jobs') return `\`make ${a}\` is not something the split follows`;
      continue;
    }
    if (MAKE_FLAGS.has(a)) continue;
    if (a.startsWith('-')) return `\`make ${a}\` is not something the split follows`;
    const eq = a.indexOf('=');
    if (eq > 0) overrides.set(a.slice(0, eq), a.slice(eq + 1));
    else targets.push(a);
  }
  // files of the build stage, read from the context they were copied from
  const inImage = (path: string) => contextPathAt(reading, resolvePath(dir, path), context);
  const names = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  const text = names.map((n) => inImage(n)).map((p) => (p === undefined ? undefined : context.read(p))).find((t) => t !== undefined);
  const environment = new Map(reading.env.filter((p) => p.value !== undefined).map((p) => [p.name, p.value!] as const));
  const make = readMakefile(text ?? '', overrides, environment);
  if (text === undefined && targets.length === 0) return `no Makefile in ${dir}`;
  if (text !== undefined && make.unreadable) return make.unreadable;
  const goals = targets.length ? targets : [make.defaultGoal ?? ''];
  const seen = new Set<string>();
  for (const goal of goals) {
    const why = followTarget(make, goal, dir, (path) => inImage(path) !== undefined, built, seen);
    if (why) return why;
  }
  return undefined;
}

function followTarget(make: Makefile, target: string, dir: string, copied: (path: string) => boolean, built: Built, seen: Set<string>): string | undefined {
  if (seen.has(target)) return undefined;
  seen.add(target);
  const rule = ruleFor(make, target);
  if (!rule) {
    if (/\.(o|c|h|cc|cpp|hpp)$/.test(target) || copied(target)) return undefined;
    // make's built-in rule: `target` from target.c
    for (const ext of ['c', 'cc', 'cpp']) {
      if (copied(`${target}.${ext}`)) return implicitLink(make, target, ext !== 'c', dir, built);
    }
    return `make target ${target} has no rule the split can read`;
  }
  for (const prerequisite of rule.prerequisites) {
    const why = followTarget(make, prerequisite, dir, copied, built, seen);
    if (why) return why;
  }
  if (rule.recipe.length === 0) {
    if (phonyTargets(make).has(target)) return undefined;
    return rule.prerequisites.some((p) => /\.(o|c)$/.test(p)) ? implicitLink(make, target, false, dir, built) : undefined;
  }
  const auto = { '@': target, '<': rule.prerequisites[0] ?? '', '^': [...new Set(rule.prerequisites)].join(' '), '+': rule.prerequisites.join(' ') };
  for (const line of rule.recipe) {
    const expanded = expandMake(make, line, auto);
    if (expanded === undefined) return `the recipe of ${target} uses make functions the split does not follow`;
    const why = followRecipeLine(expanded.replace(/^[@+-]+/, ''), dir, built);
    if (why) return `make ${target}: ${why}`;
  }
  return undefined;
}

function implicitLink(make: Makefile, target: string, cxx: boolean, dir: string, built: Built): string | undefined {
  const line = expandMake(make, `${cxx ? '$(CXX)' : '$(CC)'} $(LDFLAGS) ${target}.o $(LOADLIBES) $(LDLIBS) -o ${target}`);
  if (line === undefined) return `the link flags of ${target} use make functions the split does not follow`;
  return followRecipeLine(line, dir, built);
}

/** A recipe line: compiler calls, `install` and `cp` into place, and commands that make nothing else. */
function followRecipeLine(line: string, dir: string, built: Built): string | undefined {
  const commands = commandsOf(line);
  if (!commands) return `\`${line}\` is not shell code the split can read`;
  for (const argv of commands) {
    if (argv.some((w) => w === undefined)) return `\`${line}\` has words only known when it runs`;
    const [name, ...args] = argv as string[];
    if (COMPILERS.has(name) || CXX_COMPILER.test(name)) {
      const why = followCompiler(argv as string[], dir, built);
      if (why) return why;
    } else if (name === 'install' || name === 'cp') {
      const why = followInstall(name, args, dir, built);
      if (why) return why;
    } else if (name === 'mkdir') {
      for (const a of args) if (!a.startsWith('-')) built.folders.add(resolvePath(dir, a));
    } else if (!['echo', 'printf', 'true', 'strip', 'rm', 'ar', 'ranlib', 'test', '['].includes(name)) {
      return `the recipe runs \`${name}\`, which the split does not follow`;
    }
  }
  return undefined;
}

/** `install [-m mode] [-s] src... dest`, `install -d dir`, `cp src dest`: what lands where. */
function followInstall(name: string, args: string[], dir: string, built: Built): string | undefined {
  const files: string[] = [];
  let folder: string | undefined;
  let directories = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (name === 'install' && ['-m', '-o', '-g', '--mode', '--owner', '--group'].includes(a)) i++;
    else if (name === 'install' && (a === '-t' || a === '--target-directory')) folder = args[++i];
    else if (a === '-d' || a === '--directory') directories = true;
    else if (/^-[a-zA-Z]+$/.test(a) && !/[rR]/.test(a)) continue;
    else if (a.startsWith('-')) return `\`${name} ${a}\` is not something the split follows`;
    else files.push(a);
  }
  if (directories) {
    for (const f of files) built.folders.add(resolvePath(dir, f));
    return undefined;
  }
  if (!folder) {
    if (files.length < 2) return `\`${name}\` without a destination`;
    const written = files.pop()!;
    const dest = resolvePath(dir, written);
    if (files.length === 1 && !written.endsWith('/') && !built.folders.has(dest)) {
      built.installed.set(dest, resolvePath(dir, files[0]));
      return undefined;
    }
    folder = dest;
  }
  for (const f of files) built.installed.set(resolvePath(resolvePath(dir, folder), f.slice(f.lastIndexOf('/') + 1)), resolvePath(dir, f));
  return undefined;
}
