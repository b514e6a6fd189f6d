/**
 * Go: the binary `go build` (or `go install`) writes, named by `-o` or by the package's import path,
 * run on distroless static with CGO_ENABLED=0 when no code in the context needs cgo, or on distroless
 * base (glibc, the build image's Debian release) when it does.
 */
import type { BuildContextView, TextEdit } from '../../src/types.js';
import { hasPackage, type ImageInfo } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { isWithin, joinContext, parentOf, relativeTo, resolvePath } from './paths.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { programStarts } from '../code-uses.js';

const BUILD_SUBCOMMANDS = new Set(['build', 'install', 'mod', 'get', 'test', 'vet', 'generate', 'env', 'version', 'list', 'fmt', 'work', 'clean']);
const VALUED_FLAGS = new Set([
  'o', 'C', 'tags', 'ldflags', 'gcflags', 'asmflags', 'mod', 'modfile', 'p', 'pkgdir', 'buildmode', 'compiler', 'gccgoflags',
  'installsuffix', 'overlay', 'pgo', 'covermode', 'coverpkg', 'toolexec',
]);
const BOOLEAN_FLAGS = new Set(['a', 'n', 'race', 'msan', 'asan', 'cover', 'v', 'work', 'x', 'trimpath', 'linkshared', 'modcacherw', 'buildvcs']);
const BUILD_ENV = new Set([
  'GOPATH', 'GOROOT', 'GOBIN', 'GOCACHE', 'GOMODCACHE', 'GOFLAGS', 'GOOS', 'GOARCH', 'GOAMD64', 'GOARM', 'GOARM64', 'GOPROXY',
  'GOPRIVATE', 'GONOSUMDB', 'GONOPROXY', 'GOSUMDB', 'GOINSECURE', 'GO111MODULE', 'GOTOOLCHAIN', 'GOEXPERIMENT', 'GOWORK', 'GOTMPDIR',
]);
/** Modules that only work with cgo, and whether distroless base holds every library they link. */
const CGO_MODULES: Record<string, boolean> = {
  'github.com/mattn/go-sqlite3': true, // bundles SQLite; links only libc
  'github.com/confluentinc/confluent-kafka-go': false,
  'gopkg.in/gographics/imagick': false,
  'github.com/google/gopacket': false,
  'github.com/h2non/bimg': false,
  'github.com/davidbyttow/govips': false,
  'github.com/libgit2/git2go': false,
  'github.com/tecbot/gorocksdb': false,
};
/** `-l` libraries distroless base holds (glibc and OpenSSL). */
const BASE_LIBRARIES = new Set(['c', 'm', 'pthread', 'dl', 'rt', 'resolv', 'util', 'ssl', 'crypto']);
/** Calls that look up media types by file extension: past a few built in, Go reads them from /etc/mime.types, which distroless lacks. */
const MEDIA_TYPES = /\bmime\.(?:TypeByExtension|ExtensionsByType)\b|\bhttp\.(?:FileServer|FileServerFS|ServeFile|ServeFileFS|ServeContent)\b/;
const WRITES = /\bos\.(Create|WriteFile|OpenFile|Mkdir|MkdirAll|Rename|Remove|RemoveAll|Symlink|Link|Chmod|Chown|Truncate)\(|\bioutil\.WriteFile\(/;

interface GoBuild {
  command: StepCommand;
  install: boolean;
  output: string | undefined;
  /** Folder the command runs in (after -C). */
  dir: string;
  packages: string[];
  race: boolean;
}

interface GoModule {
  /** Context folder of go.mod. */
  root: string;
  path: string;
  requires: string[];
}

export const go: Ecosystem = {
  name: 'Go',
  builds: (commands) => commands.some(({ resolved }) => resolved.name === 'go' && ['build', 'install'].includes(resolved.args[0]?.value ?? '')),
  isBuildCommand(command) {
    const { name, args } = command.site.resolved;
    if (name === 'strip' || name === 'upx') return true;
    return name === 'go' && BUILD_SUBCOMMANDS.has(args[0]?.value ?? '');
  },
  plan: planGo,
};

function goCommands(reading: StageReading): StepCommand[] {
  return reading.runs.flatMap((r) => r.commands).filter((c) => c.site.resolved.name === 'go');
}

function planGo(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string {
  const runs = [reading.entrypoint, reading.cmd].map((line) => line?.argv?.join(' ') ?? line?.text ?? '');
  if (runs.some((text) => /(^|[\s/])go\s+run\b/.test(text))) {
    return 'the container runs `go run`, which compiles when it starts and needs the Go toolchain';
  }
  const builds: GoBuild[] = [];
  for (const command of goCommands(reading)) {
    const sub = command.site.resolved.args[0]?.value;
    if (sub !== 'build' && sub !== 'install') continue;
    const build = readGoBuild(command);
    if (typeof build === 'string') return build;
    builds.push(build);
  }
  const made: { build: GoBuild; binary: string; module: GoModule }[] = [];
  for (const build of builds) {
    const result = binaryOf(build, reading, context, steps);
    if (typeof result === 'string') return result;
    if (result) made.push({ build, ...result });
  }
  if (made.length === 0) return 'no `go build` here writes a program (a build of several packages without -o writes nothing)';
  const binaries = [...new Set(made.map((m) => m.binary))];
  if (binaries.length > 1) return `the build writes several programs (${binaries.join(', ')}), and the split cannot tell which ones the container needs`;
  const { build, binary, module } = made[made.length - 1];
  if (steps.removed.some((r) => isWithin(binary, r))) return `${binary} is removed after it is built`;

  const sources = findFiles(context, module.root, (n) => n.endsWith('.go') && !n.endsWith('_test.go'), (n) => n === 'testdata' || n.startsWith('.'));
  const read = sources.map((path) => ({ path, raw: context.read(path) ?? '', source: contextSource(context, path), vendored: isWithin(`/${path}`, `/${joinContext(module.root, 'vendor')}`) }));
  const own = read.filter((t) => !t.vendored);

  const cgo = cgoNeed(reading, build, read, module);
  if (typeof cgo === 'object') return cgo.blocked;
  const buildEdits: TextEdit[] = [];
  const notes: string[] = [];
  if (cgo === 'off-needed') {
    const { resolved } = build.command.site;
    if (resolved.wrappers.length || !resolved.editable) return `cannot set CGO_ENABLED=0 on the \`go ${build.install ? 'install' : 'build'}\` at line ${reading.runs.find((r) => r.commands.includes(build.command))!.instruction.line} exactly`;
    buildEdits.push({ start: resolved.command.start, end: resolved.command.start, text: 'CGO_ENABLED=0 ' });
    notes.push('CGO_ENABLED=0: no code in the context uses cgo');
  }
  const download = downloadFirst(reading, context, module);
  if (download) {
    buildEdits.push(download);
    notes.push('go.mod is copied before the sources, so the module download is a layer of its own');
  }
  const buildNote = notes.length ? notes.join('; ') : undefined;
  const execs = own.find((t) => programStarts(context, t.path));
  const mediaTypes = own.find((t) => MEDIA_TYPES.test(t.source.code));
  if (mediaTypes && !hasPackage(image, 'media-types')) {
    return `${mediaTypes.path} looks up media types by file extension, which Go reads from /etc/mime.types: ${image.ref.text} does not have it to copy, and the runtime image lacks it`;
  }
  return {
    summary: `the Go binary ${binary}`,
    runtime: cgo === 'needed' ? 'glibc' : 'static',
    runtimeBasis: image,
    artifacts: mediaTypes ? [binary, '/etc/mime.types'] : [binary],
    executables: [binary],
    buildEdits,
    buildNote,
    runtimeSetup: [],
    setupPaths: [],
    sourceFiles: own.map((t) => t.path),
    isSource: (path, folder) => (folder ? baseNameOf(path) === 'vendor' : /\.go$|(^|\/)go\.(mod|sum|work|work\.sum)$/.test(path)),
    startsPrograms: execs ? `${execs.path} starts other programs (os/exec), which the runtime image would lack` : undefined,
    writesFiles: own.some((t) => WRITES.test(t.source.code)),
    runtimePackages: [],
    isBuildEnv: (name) => BUILD_ENV.has(name) || name.startsWith('CGO_'),
  };
}

/** Flags whose value decides what is written where: they must be known before the build runs. */
const PLACING_FLAGS = new Set(['o', 'C', 'buildmode']);

function readGoBuild(command: StepCommand): GoBuild | string {
  const words = command.site.resolved.args;
  const install = words[0]?.value === 'install';
  if (command.cwd === undefined) return '`go build` runs after a `cd` the split cannot follow';
  const build: GoBuild = { command, install, output: undefined, dir: command.cwd, packages: [], race: false };
  const args = words.slice(1);
  const unknown = (word: string) => `\`go build\` ${word} is only known when it runs`;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i].raw;
    if (!raw.startsWith('-') || build.packages.length) {
      if (args[i].value === undefined) return unknown(`package ${raw}`);
      build.packages.push(args[i].value!);
      continue;
    }
    const [flag] = raw.replace(/^--?/, '').split('=', 1);
    if (VALUED_FLAGS.has(flag)) {
      // -ldflags "-X main.version=$VERSION" and the like change nothing about where the program is written
      const word = raw.includes('=') ? args[i] : args[++i];
      const value = word?.value === undefined ? undefined : raw.includes('=') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
      if (!word) return `\`go build ${raw}\` has no value`;
      if (value === undefined) {
        if (PLACING_FLAGS.has(flag)) return unknown(`-${flag}`);
        continue;
      }
      if (flag === 'o') build.output = value;
      if (flag === 'C') build.dir = resolvePath(build.dir, value);
      if (flag === 'buildmode' && value !== 'exe' && value !== 'default') return `\`go build -buildmode=${value}\` does not write a plain program`;
    } else if (BOOLEAN_FLAGS.has(flag)) {
      if (flag === 'race') build.race = !raw.endsWith('=false');
    } else {
      return `\`go build\` flag -${flag} is not one the split knows`;
    }
  }
  if (build.packages.length === 0) build.packages.push('.');
  return build;
}

/** The program a build writes and its module; undefined when it writes none (a check of several packages). */
function binaryOf(build: GoBuild, reading: StageReading, context: BuildContextView, steps: BuildSteps): { binary: string; module: GoModule } | undefined | string {
  const several = build.packages.length > 1 && !build.packages.every((p) => p.endsWith('.go'));
  if (several || build.packages.some((p) => p.includes('...'))) {
    if (build.output !== undefined) return `\`go build -o ${build.output}\` of several packages writes several programs`;
    return undefined;
  }
  const files = build.packages.every((p) => p.endsWith('.go'));
  const target = files ? parentOf(resolvePath(build.dir, build.packages[0])) : undefined;
  const folder = target ?? packageFolder(build.packages[0], build.dir, reading, context);
  if (folder === undefined) return `\`go build ${build.packages[0]}\` compiles a package from outside the build context`;
  const contextFolder = contextPathAt(reading, folder, context) ?? filesFolder(reading, folder);
  if (contextFolder === undefined) return `the package \`go build\` compiles (${folder}) does not come from the build context`;
  const module = moduleOf(contextFolder, context);
  if (!module) return `no go.mod above ${contextFolder || 'the context root'}`;
  if (!isMainPackage(contextFolder, context)) {
    if (build.output !== undefined) return `\`go build -o\` of ${contextFolder}, which is not package main`;
    return undefined;
  }
  const name = files ? baseNameOf(build.packages[0]).replace(/\.go$/, '') : executableName(importPath(module, contextFolder));
  let binary: string;
  if (build.install) {
    const bin = installFolder(reading);
    if (!bin) return '`go install` writes to $GOBIN or $GOPATH/bin, which the split cannot tell on this image';
    binary = `${bin}/${name}`;
  } else if (build.output === undefined) {
    binary = resolvePath(build.dir, name);
  } else {
    const out = resolvePath(build.dir, build.output);
    const intoFolder = build.output.endsWith('/') || reading.folders.has(out) || steps.madeFolders.includes(out);
    binary = intoFolder ? `${out === '/' ? '' : out}/${name}` : out;
  }
  return { binary, module };
}

/**
 * The context folder of a package folder the COPYs filled file by file (`COPY go.mod ./` and
 * `COPY *.go ./`, as in Docker's Go guide): the one folder all its copied files come from.
 */
function filesFolder(reading: StageReading, folder: string): string | undefined {
  const inside = reading.placements.filter((p) => !p.folder && parentOf(p.image) === folder);
  if (!inside.some((p) => p.context.endsWith('.go'))) return undefined;
  const from = new Set(inside.map((p) => parentOf(`/${p.context}`).slice(1)));
  return from.size === 1 ? [...from][0] : undefined;
}

/**
 * `COPY go.mod go.sum` and `go mod download` before the COPY that brings the whole module, when that
 * is equivalent: the download reads only go.mod and go.sum (no local replace, no vendor folder).
 */
function downloadFirst(reading: StageReading, context: BuildContextView, module: GoModule): TextEdit | undefined {
  const goMod = joinContext(module.root, 'go.mod');
  const first = reading.placements.find((p) => p.context === goMod || (p.folder && (p.context === '' || goMod.startsWith(`${p.context}/`))));
  if (!first?.folder || module.requires.length === 0) return undefined;
  const text = context.read(goMod) ?? '';
  if (/=>\s*\.{0,2}\//.test(text) || context.exists(joinContext(module.root, 'vendor')) || reading.env.some((p) => p.name === 'GOFLAGS')) return undefined;
  const folder = imageFolderOf(reading, module.root);
  if (folder !== first.workdir) return undefined;
  const files = [goMod, ...(context.exists(joinContext(module.root, 'go.sum')) ? [joinContext(module.root, 'go.sum')] : [])];
  return { start: first.instruction.start, end: first.instruction.start, text: `COPY ${files.join(' ')} ./\nRUN go mod download\n` };
}

/** The image folder of a `go build` package argument; undefined for a package from elsewhere. */
function packageFolder(pkg: string, dir: string, reading: StageReading, context: BuildContextView): string | undefined {
  if (pkg === '.' || pkg.startsWith('./') || pkg.startsWith('../') || pkg.startsWith('/')) return resolvePath(dir, pkg);
  // an import path: inside the module being built, or a package from elsewhere
  const here = contextPathAt(reading, dir, context);
  const module = here === undefined ? undefined : moduleOf(here, context);
  if (module && (pkg === module.path || pkg.startsWith(`${module.path}/`))) {
    const inside = pkg.slice(module.path.length + 1);
    const root = imageFolderOf(reading, module.root);
    if (root) return resolvePath(root, inside || '.');
  }
  return undefined;
}

/** Where the context folder landed in the image (through a folder COPY). */
function imageFolderOf(reading: StageReading, contextFolder: string): string | undefined {
  for (let i = reading.placements.length - 1; i >= 0; i--) {
    const p = reading.placements[i];
    if (!p.folder) continue;
    if (p.context === contextFolder) return p.image;
    if (p.context === '' || contextFolder.startsWith(`${p.context}/`)) return resolvePath(p.image, p.context === '' ? contextFolder : relativeTo(`/${contextFolder}`, `/${p.context}`));
  }
  return undefined;
}

function moduleOf(folder: string, context: BuildContextView): GoModule | undefined {
  for (let dir: string | undefined = folder; dir !== undefined; dir = dir === '' ? undefined : parentOf(`/${dir}`).slice(1)) {
    const text = context.read(joinContext(dir, 'go.mod'));
    if (text === undefined) continue;
    const path = /^module\s+"?([^\s"]+)"?/m.exec(text)?.[1];
    if (!path) return undefined;
    const requires: string[] = [];
    for (const m of text.matchAll(/^require\s+([^\s(]+)\s/gm)) requires.push(m[1]);
    for (const block of text.matchAll(/^require\s*\(([^)]*)\)/gm)) {
      for (const line of block[1].split('\n')) {
        const mod = line.replace(/\/\/.*$/, '').trim().split(/\s+/)[0];
        if (mod) requires.push(mod);
      }
    }
    return { root: dir, path, requires };
  }
  return undefined;
}

function isMainPackage(folder: string, context: BuildContextView): boolean {
  for (const name of context.list(folder) ?? []) {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) continue;
    const code = contextSource(context, joinContext(folder, name)).code;
    if (/^\s*package\s+main\b/m.test(code)) return true;
  }
  return false;
}

function importPath(module: GoModule, folder: string): string {
  const inside = module.root === '' ? folder : folder === module.root ? '' : folder.slice(module.root.length + 1);
  return inside ? `${module.path}/${inside}` : module.path;
}

/** The default program name: the import path's last element, or the one before a major version suffix. */
function executableName(path: string): string {
  const parts = path.split('/');
  const last = parts[parts.length - 1];
  const major = /^v(\d+)$/.exec(last);
  return major && Number(major[1]) >= 2 && parts.length > 1 ? parts[parts.length - 2] : last;
}

function installFolder(reading: StageReading): string | undefined {
  const env = (name: string) => reading.env.filter((p) => p.name === name).pop();
  const gobin = env('GOBIN');
  if (gobin) return gobin.value;
  const gopath = env('GOPATH');
  if (gopath) return gopath.value && !gopath.value.includes(':') ? `${gopath.value}/bin` : undefined;
  return /^golang$|\/golang$/.test(reading.stage.baseImage.split(':')[0]) ? '/go/bin' : undefined;
}

/** Whether the build can go without cgo ('off-needed' when CGO_ENABLED=0 must be set), or why it cannot split. */
function cgoNeed(
  reading: StageReading,
  build: GoBuild,
  files: { path: string; raw: string; source: { code: string } }[],
  module: GoModule,
): 'off' | 'off-needed' | 'needed' | { blocked: string } {
  const declared = cgoSetting(reading, build);
  if (declared === '0') return 'off';
  const reasons: string[] = [];
  for (const f of files) {
    if (/^\s*import\s+"C"|^\s*import\s*\([^)]*^\s*"C"\s*$/ms.test(f.source.code)) reasons.push(`${f.path} imports "C"`);
    else if (/^\/\/(go:build|\s*\+build)\s.*\bcgo\b/m.test(f.raw)) reasons.push(`${f.path} has a cgo build constraint`);
  }
  for (const required of module.requires) {
    const known = Object.keys(CGO_MODULES).find((m) => required === m || required.startsWith(`${m}/`));
    if (known === undefined) continue;
    if (!CGO_MODULES[known]) return { blocked: `module ${known} needs cgo and libraries distroless does not have` };
    reasons.push(`module ${known} needs cgo`);
  }
  if (build.race) reasons.push('-race needs cgo');
  if (declared === '1') reasons.push('CGO_ENABLED=1 is set');
  if (reasons.length === 0) return 'off-needed';
  for (const f of files) {
    for (const m of f.raw.matchAll(/#cgo\s[^\n]*?(LDFLAGS|pkg-config):([^\n]*)/g)) {
      if (m[1] === 'pkg-config') return { blocked: `${f.path} links libraries through pkg-config, which the split cannot name` };
      const libraries = [...m[2].matchAll(/-l(\S+)/g)].map((l) => l[1]);
      const missing = libraries.find((l) => !BASE_LIBRARIES.has(l));
      if (missing) return { blocked: `${f.path} links -l${missing}, which distroless base does not have` };
    }
  }
  return 'needed';
}

/** CGO_ENABLED as ENV, an `export` earlier in the RUN, or the command's own prefix set it; undefined when not set. */
function cgoSetting(reading: StageReading, build: GoBuild): string | undefined {
  let value = reading.env.filter((p) => p.name === 'CGO_ENABLED' && p.instruction.start < build.command.site.resolved.command.start).pop()?.value;
  const run = reading.runs.find((r) => r.commands.includes(build.command))!;
  for (const c of run.commands) {
    if (c === build.command) break;
    if (c.site.resolved.name !== 'export') continue;
    for (const a of c.site.resolved.args) if (a.value?.startsWith('CGO_ENABLED=')) value = a.value.slice('CGO_ENABLED='.length);
  }
  const own = build.command.site.resolved.assignments.filter((a) => a.name === 'CGO_ENABLED').pop();
  return own ? own.value : value;
}

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
