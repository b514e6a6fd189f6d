/**
 * Node with a build step: the build stage keeps its dev dependencies and build tools; the runtime
 * (node:<v>-slim) gets package.json, what the build step writes (the entry point among it), and the production
 * dependencies installed again from the lockfile (`npm ci --omit=dev`).
 */
import type { BuildContextView } from '../../src/types.js';
import type { ImageInfo } from '../image-knowledge.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { followBuildCommand, type BuildWrites, type PackageFiles } from './node-build.js';
import { joinContext, parentOf, resolvePath } from './paths.js';
import { commandsOf, type CommandWords } from './shell-text.js';
import { contextSource, findFiles } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { programStarts } from '../code-uses.js';

const MANAGERS = new Set(['npm', 'yarn', 'pnpm']);
const BUILD_TOOLS = new Set(['tsc', 'esbuild', 'vite', 'webpack', 'rollup', 'babel', 'ncc', 'nest', 'next', 'parcel', 'swc', 'tsup']);
const BUILD_SCRIPT = /build|compile|bundle|dist/i;
const BUILD_ENV = /^(NPM_CONFIG_\w+|npm_config_\w+|YARN_\w+|DEBIAN_FRONTEND)$/;
const CODE = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx)$/;
const LIFECYCLE = ['preinstall', 'install', 'postinstall'];
/** Options of node that load or read a file besides the entry point (`--env-file=.env`, `-r ./tracing.js`). */
const FILE_OPTIONS = /^(?:-r|--require|--import|--loader|--experimental-loader|--env-file|--env-file-if-exists|--experimental-config-file|--experimental-policy|--openssl-config|--icu-data-dir|--snapshot-blob|--watch-path)(?:=|$)/;

interface PackageJson {
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: unknown;
  files?: string[];
  packageManager?: string;
}

export const node: Ecosystem = {
  name: 'Node',
  builds: (commands) => commands.some(({ resolved }) => isBuildStep(resolved.name, resolved.args.map((a) => a.value))),
  isBuildCommand: ({ site }) => {
    const { name, args } = site.resolved;
    if (name === 'npm' && args.some((a) => a.value === '-g' || a.value === '--global')) return false;
    return MANAGERS.has(name) || BUILD_TOOLS.has(name) || name === 'npx' || name === 'corepack';
  },
  plan: planNode,
};

/** `npm run build`, `yarn build`, `tsc`, `npx esbuild ...`: a step that builds (named so, or a known tool). */
function isBuildStep(name: string, args: readonly (string | undefined)[]): boolean {
  if (BUILD_TOOLS.has(name)) return true;
  if (name === 'npx') return BUILD_TOOLS.has(args.find((a) => a !== undefined && !a.startsWith('-')) ?? '');
  if (!MANAGERS.has(name)) return false;
  const words = args.filter((a) => a !== undefined && !a.startsWith('-')) as string[];
  const script = words[0] === 'run' || words[0] === 'run-script' ? words[1] : name === 'npm' ? undefined : words[0];
  return script !== undefined && BUILD_SCRIPT.test(script);
}

function planNode(reading: StageReading, context: BuildContextView, image: ImageInfo): BuildOutput | string {
  const manifest = reading.placements.filter((p) => (p.folder ? context.exists(joinContext(p.context, 'package.json')) : p.context.endsWith('package.json')));
  const roots = [...new Set(manifest.map((p) => (p.folder ? p.image : parentOf(p.image))))];
  if (roots.length !== 1) return roots.length ? 'the build copies several package.json files' : 'no package.json is copied into the build';
  const root = roots[0];
  if ((reading.workdir ?? '/') !== root) return `the app runs in ${reading.workdir ?? '/'}, not in its package folder ${root}`;
  const inContext = (path: string) => contextPathAt(reading, resolvePath(root, path), context);
  const read = (path: string) => {
    const at = inContext(path);
    return at === undefined ? undefined : context.read(at);
  };
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(read('package.json') ?? '');
  } catch {
    return 'package.json is not JSON the split can read';
  }
  if (pkg.workspaces) return 'package.json declares workspaces';
  const files: PackageFiles = { read, scripts: pkg.scripts ?? {} };

  const writes: BuildWrites = { outputs: new Set(), buildFiles: new Set() };
  for (const command of reading.runs.flatMap((r) => r.commands)) {
    const why = followRunCommand(command, root, files, writes);
    if (why) return why;
  }
  if (writes.outputs.size === 0) return 'the build step writes nothing the split can place';
  const entry = entryPoint(reading, pkg);
  if (typeof entry === 'object') return entry.blocked;
  const entryPath = resolvePath(root, entry);
  const output = [...writes.outputs].find((o) => entryPath === resolvePath(root, o) || entryPath.startsWith(`${resolvePath(root, o)}/`));
  if (!output) return `the container runs ${entry}, which the build step does not write`;
  // everything the build writes goes along (a server may serve a bundle the same build made)
  const outputs = [...writes.outputs].filter((o) => o !== 'package.json').sort();

  const deps = productionDependencies(read, pkg);
  if (typeof deps === 'string') return deps;
  const omitDev = Number(image.version?.split('.')[0] ?? 0) >= 16 ? '--omit=dev' : '--production'; // npm 7 came with node 15
  const sources = findFiles(context, inContext('.') ?? '', (n) => CODE.test(n), (n) => n === 'node_modules' || n.startsWith('.') || outputs.includes(n) || /^(test|tests|__tests__)$/.test(n))
    .filter((p) => ![...writes.buildFiles].some((b) => p.endsWith(b)));
  const starts = sources.find((p) => programStarts(context, p));
  const devOnly = new Set(Object.keys(pkg.devDependencies ?? {}).filter((d) => !(d in (pkg.dependencies ?? {}))));
  for (const path of sources) {
    const loaded = loadedPackages(context.read(path) ?? '').find((name) => devOnly.has(name));
    if (loaded) return `${path} loads ${loaded}, a dev dependency the runtime does not install`;
  }
  const manifests = ['package.json', deps.lockfile, ...(deps.needed && read('.npmrc') !== undefined ? ['.npmrc'] : [])].filter((f): f is string => f !== undefined);
  const setup = deps.needed
    ? [`COPY --from=build ${manifests.map((m) => resolvePath(root, m)).join(' ')} ${root}/`, `RUN npm ci ${omitDev}${deps.ignoreScripts ? ' --ignore-scripts' : ''} && npm cache clean --force`]
    : [];
  return {
    summary: `the Node app in ${outputs.map((o) => resolvePath(root, o)).join(', ')}${deps.needed ? ' with its production dependencies' : ''}`,
    runtime: 'node',
    runtimeBasis: image,
    artifacts: [...(deps.needed ? [] : [resolvePath(root, 'package.json')]), ...outputs.map((o) => resolvePath(root, o))],
    executables: [],
    buildEdits: [],
    runtimeSetup: setup,
    setupPaths: deps.needed ? [resolvePath(root, 'node_modules'), ...manifests.map((m) => resolvePath(root, m))] : [],
    sourceFiles: sources,
    isSource: (p, folder) => (folder ? /(^|\/)(node_modules|src|test|tests|scripts)$/.test(p) : CODE.test(p) || /(^|\/)(tsconfig[\w.-]*\.json|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|\.npmrc)$/.test(p)),
    startsPrograms: starts ? `${starts} starts other programs (child_process), which the runtime image may lack` : undefined,
    writesFiles: false,
    runtimePackages: [],
    isBuildEnv: (name) => BUILD_ENV.test(name),
  };
}

/** A RUN command of the build: installs are fine; build steps must say where they write. */
function followRunCommand(command: StepCommand, root: string, pkg: PackageFiles, writes: BuildWrites): string | undefined {
  const { name, args } = command.site.resolved;
  if (!MANAGERS.has(name) && !BUILD_TOOLS.has(name) && name !== 'npx') return undefined;
  const argv = [name, ...args.map((a) => a.value)];
  if (argv.some((w) => w === undefined)) return `\`${name}\` has arguments only known when it runs`;
  if (command.cwd !== root) return `\`${name}\` runs in ${command.cwd ?? 'a folder the split cannot follow'}, not in the package folder ${root}`;
  const words = argv.slice(1).filter((w) => !w!.startsWith('-'));
  if (MANAGERS.has(name) && ['install', 'add', 'i'].includes(words[0] ?? '') && words.length > 1) return `\`${argv.join(' ')}\` adds packages the lockfile does not list`;
  return followBuildCommand(argv as string[], pkg, writes);
}

/** The file the container runs with node (relative to the package folder), from CMD, ENTRYPOINT or npm start. */
function entryPoint(reading: StageReading, pkg: PackageJson): string | { blocked: string } {
  const { entrypoint, cmd } = reading;
  const line = entrypoint?.argv && cmd?.argv ? { argv: [...entrypoint.argv, ...cmd.argv], text: '' } : entrypoint ?? cmd;
  if (!line) return { blocked: 'neither CMD nor ENTRYPOINT says what the container runs' };
  let words: CommandWords = line.argv ?? firstCommand(line.text) ?? [];
  // past launchers and entrypoint scripts (the runtime check follows those): where node or npm starts
  const start = words.findIndex((w) => w !== undefined && (MANAGERS.has(w) || /(^|\/)node$/.test(w)));
  if (start > 0) words = words.slice(start);
  if (MANAGERS.has(words[0] ?? '')) {
    // `npm start`, `npm run start:prod`, `yarn serve`: the script's own command
    const script = words[1] === 'run' || words[1] === 'run-script' ? words[2] : words[1];
    const text = script === undefined ? undefined : pkg.scripts?.[script] ?? (script === 'start' ? 'node server.js' : undefined);
    if (text === undefined) return { blocked: `the container runs \`${words.join(' ')}\`, and package.json has no such script` };
    // npm (and yarn 1) run the script's pre and post scripts around it, with files the runtime may not get
    const hook = [`pre${script}`, `post${script}`].find((h) => pkg.scripts?.[h] !== undefined);
    if (hook) return { blocked: `\`${words.join(' ')}\` also runs the ${hook} script (\`${pkg.scripts![hook]}\`), which the split does not follow` };
    const commands = commandsOf(text);
    if (commands && commands.length > 1) return { blocked: `the ${script} script \`${text}\` runs more than one command` };
    words = commands?.[0] ?? [];
  }
  if (!/(^|\/)node$/.test(words[0] ?? '')) return { blocked: `the container runs \`${words.map((w) => w ?? '…').join(' ')}\`, not node with a file` };
  const option = words.slice(1).find((w) => w !== undefined && FILE_OPTIONS.test(w));
  if (option) return { blocked: `node is started with ${option}, which names a file the split does not follow` };
  const nodeOptions = reading.env.filter((e) => e.name === 'NODE_OPTIONS').pop();
  const preload = (nodeOptions?.value ?? nodeOptions?.raw)?.split(/\s+/).find((w) => FILE_OPTIONS.test(w));
  if (preload) return { blocked: `NODE_OPTIONS starts node with ${preload}, which names a file the split does not follow` };
  const file = words.slice(1).find((w) => w === undefined || !w.startsWith('-'));
  if (!file) return { blocked: 'the container runs node without a file' };
  return file.replace(/^\.\//, '');
}

/** Packages a module loads when it runs (by require, a static import or a dynamic import), type-only imports left out. */
function loadedPackages(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(/^\s*import\s+type\b[^;]*;?|\brequire\s*\(\s*(['"])([^'"]+)\1\s*\)|\bfrom\s+(['"])([^'"]+)\3|\bimport\s*\(?\s*(['"])([^'"]+)\5/gm)) {
    const spec = m[2] ?? m[4] ?? m[6];
    if (spec === undefined || /^(\.|\/|node:)/.test(spec)) continue;
    names.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
  return names;
}

function firstCommand(text: string): CommandWords | undefined {
  return commandsOf(text)?.[0];
}

interface Dependencies {
  needed: boolean;
  lockfile: string | undefined;
  ignoreScripts: boolean;
}

/** Whether production dependencies must be installed on the runtime, and how; or why they cannot be. */
function productionDependencies(read: (path: string) => string | undefined, pkg: PackageJson): Dependencies | string {
  const dependencies = Object.entries(pkg.dependencies ?? {});
  if (dependencies.length === 0) return { needed: false, lockfile: undefined, ignoreScripts: false };
  const local = dependencies.find(([, spec]) => /^(file|link|workspace|portal):/.test(spec));
  if (local) return `the production dependency ${local[0]} comes from ${local[1]}, a folder of the build`;
  const lock = read('package-lock.json');
  if (lock === undefined) {
    if (read('yarn.lock') !== undefined || read('pnpm-lock.yaml') !== undefined) return 'production dependencies are locked by yarn or pnpm, which the split does not reinstall yet';
    return 'production dependencies have no package-lock.json to install them from';
  }
  let packages: Record<string, { dev?: boolean; devOptional?: boolean; hasInstallScript?: boolean }>;
  try {
    packages = JSON.parse(lock).packages ?? {};
  } catch {
    return 'package-lock.json is not JSON the split can read';
  }
  if (Object.keys(packages).length === 0) return 'package-lock.json is too old to tell production dependencies (lockfileVersion 1)';
  const native = Object.entries(packages).find(([name, p]) => name !== '' && !p.dev && p.hasInstallScript);
  if (native) return `${native[0].replace(/^.*node_modules\//, '')} runs an install script (a native build), which node slim cannot run`;
  const lifecycle = LIFECYCLE.find((s) => pkg.scripts?.[s] !== undefined);
  if (lifecycle) return `package.json runs a ${lifecycle} script when dependencies are installed`;
  return { needed: true, lockfile: 'package-lock.json', ignoreScripts: pkg.scripts?.prepare !== undefined };
}
