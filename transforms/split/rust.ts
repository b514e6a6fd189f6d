/**
 * Rust: the binary `cargo build --release` writes in target/release, named by Cargo.toml (`[[bin]]`
 * name, or the package name, hyphens kept), run on distroless cc (glibc and libgcc) of the build
 * image's Debian release, or static for a musl target. Crates that link native libraries (`-sys`)
 * must be ones the runtime holds; several binaries need a CMD that names one.
 */
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { isWithin, resolvePath } from './paths.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { readToml, stringAt, tablesNamed } from './toml.js';
import { programStarts } from '../code-uses.js';

const CARGO_BUILD_SUBCOMMANDS = new Set(['build', 'install', 'fetch', 'test', 'check', 'clippy', 'fmt', 'doc', 'vendor', 'generate-lockfile', 'update']);
const VALUED = new Set(['--bin', '--target', '--manifest-path', '--target-dir', '--features', '-F', '--profile', '-j', '--jobs', '-p', '--package', '--config', '-Z']);
/** `-sys` crates whose library every runtime of this kind holds, or that link nothing on Linux. */
const SYSTEM_CRATES = new Set(['openssl-sys', 'linux-raw-sys', 'windows-sys', 'core-foundation-sys', 'security-framework-sys', 'js-sys', 'web-sys']);
const BUILD_ENV = /^(CARGO_\w+|RUSTUP_\w+|RUSTFLAGS|RUSTDOCFLAGS|RUSTC_\w+|DEBIAN_FRONTEND)$/;
const WRITES = /\bFile::create\b|\bfs::(write|create_dir|create_dir_all|rename|remove_file|remove_dir_all|copy)\b|\bOpenOptions\b/;

interface CargoBuild {
  dir: string;
  manifest: string;
  profile: string;
  target: string | undefined;
  targetDir: string | undefined;
  bin: string | undefined;
}

export const rust: Ecosystem = {
  name: 'Rust',
  builds: (commands) => commands.some(({ resolved }) => resolved.name === 'cargo' && ['build', 'install'].includes(resolved.args[0]?.value ?? '')),
  isBuildCommand: ({ site }) => {
    const { name, args } = site.resolved;
    if (name === 'strip' || (name === 'rustup' && ['target', 'component', 'toolchain', 'default'].includes(args[0]?.value ?? ''))) return true;
    return name === 'cargo' && CARGO_BUILD_SUBCOMMANDS.has(args[0]?.value ?? '');
  },
  plan: planRust,
};

function planRust(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string {
  let build: CargoBuild | undefined;
  for (const command of reading.runs.flatMap((r) => r.commands)) {
    if (command.site.resolved.name !== 'cargo') continue;
    if (command.site.resolved.args[0]?.value === 'install') return '`cargo install` puts the binary where the split does not follow; build it with cargo build';
    const read = readCargoBuild(command);
    if (typeof read === 'string') return read;
    if (read) build = read;
  }
  if (!build) return 'no `cargo build` here writes a program';
  if (reading.env.some((p) => p.name === 'CARGO_TARGET_DIR' || p.name === 'CARGO_BUILD_TARGET')) return 'CARGO_TARGET_DIR or CARGO_BUILD_TARGET moves the output, which the split does not follow';
  const inContext = (path: string) => contextPathAt(reading, resolvePath(build!.dir, path), context);
  const read = (path: string) => {
    const at = inContext(path);
    return at === undefined ? undefined : context.read(at);
  };
  const list = (path: string) => {
    const at = inContext(path);
    return at === undefined ? [] : context.list(at) ?? [];
  };
  if (read('.cargo/config.toml') !== undefined || read('.cargo/config') !== undefined) return '.cargo/config may change where cargo writes';
  const manifestText = read(build.manifest);
  if (manifestText === undefined) return `no ${build.manifest} in ${build.dir} comes from the build context`;
  const manifest = readToml(manifestText);
  const binaries = binaryNames(manifest, (path) => inContext(path) !== undefined, list);
  if (binaries.length === 0) return 'Cargo.toml names no binary (a workspace or a library)';
  const name = chooseBinary(reading, binaries, build);
  if (typeof name === 'object') return name.blocked;

  const lock = read('Cargo.lock');
  const hasDependencies = manifest.some((t) => /^(dependencies|target\..*\.dependencies)$/.test(t.name) && t.values.size > 0);
  if (lock === undefined && hasDependencies) return 'there is no Cargo.lock to tell which crates link native libraries';
  const native = tablesNamed(readToml(lock ?? ''), 'package')
    .map((p) => p.values.get('name'))
    .find((n): n is string => typeof n === 'string' && n.endsWith('-sys') && !SYSTEM_CRATES.has(n));
  if (native) return `the crate ${native} links a native library the runtime image may not have`;

  const folder = build.targetDir ?? 'target';
  const binary = resolvePath(build.dir, `${folder}/${build.target ? `${build.target}/` : ''}${build.profile}/${name}`);
  if (steps.removed.some((r) => isWithin(binary, r))) return `${binary} is removed after it is built`;
  const sources = findFiles(context, contextPathAt(reading, build.dir, context) ?? '', (n) => n.endsWith('.rs'), (n) => n.startsWith('.') || n === 'target' || n === 'tests' || n === 'benches');
  const code = sources.map((path) => ({ path, code: contextSource(context, path).code }));
  const starts = sources.find((p) => programStarts(context, p));
  const builtIn = code.find((f) => /\benv!\s*\(\s*"CARGO_MANIFEST_DIR"/.test(f.code));
  if (builtIn) return `${builtIn.path} finds files by the folder it was built in (CARGO_MANIFEST_DIR), which the split cannot follow`;
  return {
    summary: `the Rust binary ${binary}`,
    runtime: build.target?.includes('musl') ? 'static' : 'cc',
    runtimeBasis: image,
    artifacts: [binary],
    executables: [binary],
    buildEdits: [],
    runtimeSetup: [],
    setupPaths: [],
    sourceFiles: sources,
    isSource: (p, folder) => (folder ? /(^|\/)(src|target|benches|tests|\.cargo)$/.test(p) : /\.rs$|(^|\/)(Cargo\.toml|Cargo\.lock|rust-toolchain(\.toml)?)$/.test(p)),
    startsPrograms: starts ? `${starts} starts other programs (std::process::Command), which the runtime image would lack` : undefined,
    writesFiles: code.some((f) => WRITES.test(f.code)),
    runtimePackages: [],
    isBuildEnv: (n) => BUILD_ENV.test(n),
  };
}

function readCargoBuild(command: StepCommand): CargoBuild | string | undefined {
  const words = command.site.resolved.args.map((a) => a.value);
  if (words[0] !== 'build') return undefined;
  if (words.some((w) => w === undefined)) return '`cargo build` has arguments only known when it runs';
  if (command.cwd === undefined) return '`cargo build` runs after a `cd` the split cannot follow';
  const build: CargoBuild = { dir: command.cwd, manifest: 'Cargo.toml', profile: 'debug', target: undefined, targetDir: undefined, bin: undefined };
  const args = words.slice(1) as string[];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    if (flag === '--release' || flag === '-r') build.profile = 'release';
    else if (VALUED.has(flag)) {
      const value = inline ?? args[++i];
      if (flag === '--bin') build.bin = value;
      else if (flag === '--target') build.target = value;
      else if (flag === '--target-dir') build.targetDir = value;
      else if (flag === '--profile') build.profile = value === 'dev' ? 'debug' : value;
      else if (flag === '--manifest-path') {
        const path = resolvePath(build.dir, value);
        build.dir = path.slice(0, path.lastIndexOf('/')) || '/';
        build.manifest = path.slice(path.lastIndexOf('/') + 1);
      } else if (flag === '-p' || flag === '--package') return '`cargo build -p` builds one package of a workspace, which the split does not follow';
      else if (flag === '--config' || flag === '-Z') return `\`cargo build ${flag}\` may change where cargo writes`;
    } else if (['--workspace', '--all', '--bins', '--examples', '--all-targets'].includes(flag)) {
      return `\`cargo build ${flag}\` builds several targets`;
    }
  }
  return build;
}

/** Binary names the package builds: [[bin]] entries, or the package name for src/main.rs, and src/bin/*.rs. */
function binaryNames(manifest: ReturnType<typeof readToml>, exists: (path: string) => boolean, list: (folder: string) => string[]): string[] {
  if (tablesNamed(manifest, 'workspace').length && !stringAt(manifest, 'package', 'name')) return [];
  const names = tablesNamed(manifest, 'bin').map((t) => t.values.get('name')).filter((n): n is string => typeof n === 'string');
  const pkg = stringAt(manifest, 'package', 'name');
  const autobins = stringAt(manifest, 'package', 'autobins') !== 'false';
  if (pkg && exists('src/main.rs') && autobins && !names.includes(pkg)) names.push(pkg);
  if (autobins) {
    for (const entry of list('src/bin')) {
      const name = entry.endsWith('/') ? (exists(`src/bin/${entry}main.rs`) ? entry.slice(0, -1) : undefined) : entry.endsWith('.rs') ? entry.slice(0, -3) : undefined;
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** The binary the container runs, among several; or the only one. */
function chooseBinary(reading: StageReading, binaries: string[], build: CargoBuild): string | { blocked: string } {
  if (build.bin) return binaries.includes(build.bin) ? build.bin : { blocked: `Cargo.toml has no binary ${build.bin}` };
  if (binaries.length === 1) return binaries[0];
  const line = reading.entrypoint ?? reading.cmd;
  const program = line?.argv?.[0] ?? line?.text.trim().split(/\s+/)[0] ?? '';
  const named = binaries.find((b) => program === b || program.endsWith(`/${b}`));
  if (named) return named;
  return { blocked: `the package builds several binaries (${binaries.join(', ')}), and the container does not name one of them` };
}
