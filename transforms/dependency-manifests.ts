/**
 * Dependency installs and the files they read, per ecosystem: which command installs from manifests
 * only, which manifests (from the build context) it reads, and what would make it read more (install
 * scripts, local paths, workspaces). Read by `dependency-order`. Data plus small readers; adding an
 * ecosystem is one entry and its tests.
 * A helper of the transforms, not a transform itself.
 */
import { positionalArgs, type ResolvedCommand } from '../src/shell/commands.js';
import type { BuildContextView } from '../src/types.js';

export interface Ecosystem {
  id: string;
  /** True when the command is this ecosystem's install from manifests. */
  installs(r: ResolvedCommand): boolean;
  /** The context files the install reads (those that exist), or why it may read more. */
  manifests(r: ResolvedCommand, view: BuildContextView): string[] | string;
  /** Folders the install writes into its working folder: the later `COPY . .` would overwrite them if the context has them. */
  writesInto: readonly string[];
  /** Subcommands that only clean the tool's cache (allowed in the same RUN). */
  cleans: readonly string[];
  /** Environment variables the tool reads settings from: one naming a file of the folder makes the install read it. */
  settings: RegExp;
}

const words = (r: ResolvedCommand) => r.args.map((w) => w.value);
const optional = (view: BuildContextView, ...files: string[]) => files.filter((f) => view.exists(f) && !view.list(f));
const has = (r: ResolvedCommand, ...flags: string[]) => r.args.some((w) => flags.some((f) => w.value === f || w.value?.startsWith(`${f}=`)));

/** npm's lifecycle scripts of the root package that npm ci / install run. */
const NPM_LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];

interface PackageJson {
  scripts?: Record<string, unknown>;
  workspaces?: unknown;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  overrides?: unknown;
  resolutions?: unknown;
  pnpm?: { overrides?: unknown; patchedDependencies?: unknown };
}

const LOCAL_SPEC = /^(file:|link:|workspace:|portal:|patch:|\.{0,2}\/)/;

/** Every string value in a nested object (npm overrides nest by package). */
function specsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(specsIn) : [];
}

/** Why installing this package.json may read more than the manifests; undefined when it does not. */
function nodeManifestProblem(view: BuildContextView, ignoreScripts: boolean): string | undefined {
  const text = view.read('package.json');
  if (text === undefined) return 'package.json is not in the build context';
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch {
    return 'package.json is not valid JSON';
  }
  if (pkg.workspaces) return 'package.json declares workspaces, whose manifests live in other folders';
  const script = NPM_LIFECYCLE.find((s) => typeof pkg.scripts?.[s] === 'string');
  if (script && !ignoreScripts) return `package.json has a ${script} script, which runs during the install and may read the sources`;
  if (view.exists('binding.gyp') && !ignoreScripts) return 'binding.gyp: the install builds a native addon from the sources';
  const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
  const local = Object.entries(deps).find(([, v]) => typeof v === 'string' && LOCAL_SPEC.test(v));
  if (local) return `the dependency ${local[0]} is a local path`;
  if (pkg.pnpm?.patchedDependencies) return 'package.json patches dependencies with files of the folder';
  const override = [pkg.overrides, pkg.resolutions, pkg.pnpm?.overrides].flatMap(specsIn).find((v) => LOCAL_SPEC.test(v));
  if (override) return `an override or resolution installs ${override}, a local path`;
  return undefined;
}

const NODE_CLEANS = ['cache clean', 'cache clear', 'store prune'];

/** pip options taking a value that names a local folder or file (pip then reads more than the requirements). */
const PIP_LOCAL = ['-f', '--find-links', '-e', '--editable', '-t', '--target', '--prefix', '--root', '--src', '--config-settings'];
const PIP_VALUED = ['-i', '--index-url', '--extra-index-url', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--log', '--upgrade-strategy'];

/** The requirement files `-r` names, followed through nested `-r` and `-c` lines; or why they read more. */
function requirementFiles(r: ResolvedCommand, view: BuildContextView): string[] | string {
  const files: string[] = [];
  const queue: string[] = [];
  const args = words(r);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) return 'an argument holds a variable';
    if (PIP_LOCAL.some((o) => a === o || a.startsWith(`${o}=`))) return `pip ${a} reads or writes a local path`;
    if (a === '-r' || a === '--requirement' || a === '-c' || a === '--constraint') queue.push(args[++i] ?? '');
    else if (/^(--requirement|--constraint)=/.test(a)) queue.push(a.slice(a.indexOf('=') + 1));
    else if (/^-[rc]./.test(a)) queue.push(a.slice(2));
    else if (PIP_VALUED.includes(a)) i++;
    else if (!a.startsWith('-') && i > 0 && /^[./~]|^file:/.test(a)) return `pip installs ${a}, a local path`;
  }
  if (!queue.length) return 'pip installs no requirement file';
  while (queue.length) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    if (file.startsWith('/') || /[$\s]/.test(file)) return `${file} is not a path in the build context`;
    const text = view.read(file);
    if (text === undefined) return `${file} is not in the build context`;
    files.push(file);
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) continue;
      const nested = /^(-r|--requirement|-c|--constraint)[\s=]*(\S+)$/.exec(line);
      if (nested) queue.push(`${dir}${nested[2]}`);
      else if (/^(-e|--editable|-f|--find-links)\b/.test(line) || /^[./]/.test(line) || /\bfile:/.test(line) || /@\s*(\.|\/)/.test(line) || namesLocalFile(line)) return `${file} installs from a local path (${line})`;
    }
  }
  return files;
}

const ARCHIVE_NAME = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar)$/i;

/** A requirement line pip reads as a file or folder: a path holding a slash (not a URL), or an archive's name. */
function namesLocalFile(line: string): boolean {
  if (line.startsWith('-')) return false; // an option: the ones naming paths are read above
  const requirement = line.split(';')[0].trim();
  if (requirement.includes('@')) return false; // name @ URL (a local one is read above)
  const spec = requirement.split(/\s+/)[0].replace(/\[[^\]]*\]$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return false;
  return /[/\\]/.test(spec) || ARCHIVE_NAME.test(spec);
}

/** The ecosystems, one entry each. */
export const ecosystems: readonly Ecosystem[] = [
  {
    id: 'npm',
    installs: (r) => r.name === 'npm' && ['ci', 'install', 'i'].includes(positionalArgs(r.args, []).map((p) => p.word.value)[0] ?? '') && positionalArgs(r.args, []).length === 1,
    manifests(r, view) {
      const problem = nodeManifestProblem(view, has(r, '--ignore-scripts'));
      return problem ?? ['package.json', ...optional(view, 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc')];
    },
    writesInto: ['node_modules'],
    cleans: NODE_CLEANS,
    settings: /^npm_config_/i,
  },
  {
    id: 'yarn',
    installs: (r) => r.name === 'yarn' && ['install', undefined].includes(positionalArgs(r.args, []).map((p) => p.word.value)[0]) && positionalArgs(r.args, []).length <= 1,
    manifests(r, view) {
      if (view.exists('.yarnrc.yml') || view.exists('.yarn')) return 'Yarn 2+ (.yarnrc.yml or .yarn/) keeps its setup in more files';
      const problem = nodeManifestProblem(view, has(r, '--ignore-scripts'));
      return problem ?? ['package.json', ...optional(view, 'yarn.lock', '.yarnrc', '.npmrc')];
    },
    writesInto: ['node_modules'],
    cleans: NODE_CLEANS,
    settings: /^(npm_config_|yarn_)/i,
  },
  {
    id: 'pnpm',
    installs: (r) => r.name === 'pnpm' && ['install', 'i'].includes(positionalArgs(r.args, []).map((p) => p.word.value)[0] ?? '') && positionalArgs(r.args, []).length === 1,
    manifests(r, view) {
      if (view.exists('pnpm-workspace.yaml')) return 'pnpm-workspace.yaml: the workspace\'s manifests live in other folders';
      const problem = nodeManifestProblem(view, has(r, '--ignore-scripts'));
      return problem ?? ['package.json', ...optional(view, 'pnpm-lock.yaml', '.npmrc', '.pnpmfile.cjs')];
    },
    writesInto: ['node_modules'],
    cleans: NODE_CLEANS,
    settings: /^(npm_config_|pnpm_)/i,
  },
  {
    id: 'pip',
    installs: (r) => r.name === 'pip' && positionalArgs(r.args, PIP_VALUED).map((p) => p.word.value)[0] === 'install' && (has(r, '-r', '--requirement') || r.args.some((w) => /^-r./.test(w.value ?? ''))),
    manifests: (r, view) => (r.nameWord.value?.includes('/') ? 'pip is run from a path, maybe a virtualenv in the folder' : requirementFiles(r, view)),
    writesInto: [],
    cleans: ['cache purge', 'cache remove'],
    settings: /^PIP_/,
  },
  {
    id: 'go',
    installs: (r) => r.name === 'go' && words(r)[0] === 'mod' && words(r)[1] === 'download' && words(r).slice(2).every((w) => w === '-x' || w === '-json'),
    manifests(_r, view) {
      const mod = view.read('go.mod');
      if (mod === undefined) return 'go.mod is not in the build context';
      if (view.exists('go.work')) return 'go.work: the workspace\'s modules live in other folders';
      if (/=>\s*\.{1,2}\//.test(mod)) return 'go.mod replaces a module with a local folder';
      return ['go.mod', ...optional(view, 'go.sum')];
    },
    writesInto: [],
    cleans: [],
    settings: /^(GOFLAGS|GOWORK|GOPROXY|GOMODCACHE|GOPATH)$/,
  },
  {
    id: 'maven',
    installs: (r) => (r.name === 'mvn' || r.name === 'mvnw') && r.args.some((w) => w.value === 'dependency:go-offline' || w.value === 'dependency:resolve') && r.args.every((w) => w.value !== undefined && (/^dependency:(go-offline|resolve|resolve-plugins)$/.test(w.value) || /^-(B|q|e|U|o|ntp|-batch-mode|-quiet|-no-transfer-progress|Dmaven\.[\w.]+=\S*)$/.test(w.value))),
    manifests(r, view) {
      const pom = view.read('pom.xml');
      if (pom === undefined) return 'pom.xml is not in the build context';
      if (/<modules>/.test(pom)) return 'pom.xml lists modules, whose poms live in other folders';
      if (/<relativePath>\s*[^<\s]/.test(pom)) return 'pom.xml has a parent pom in the build context';
      if (/\$\{(project\.)?basedir\}|<systemPath>|file:/.test(pom)) return 'pom.xml names files of the project (an in-project repository or a system path)';
      if (r.name === 'mvnw') return 'the Maven wrapper reads .mvn/ and downloads Maven itself';
      if (view.exists('.mvn')) return '.mvn/ holds Maven configuration the install reads';
      return ['pom.xml'];
    },
    writesInto: [],
    cleans: [],
    settings: /^(MAVEN_OPTS|MAVEN_ARGS|MAVEN_CONFIG)$/,
  },
  {
    id: 'bundler',
    installs: (r) => r.name === 'bundle' && ['install', undefined].includes(positionalArgs(r.args, ['--jobs', '-j', '--retry', '--without', '--with']).map((p) => p.word.value)[0]) && !has(r, '--path', '--deployment', '--gemfile', '--local'),
    manifests(_r, view) {
      const gemfile = view.read('Gemfile');
      if (gemfile === undefined) return 'Gemfile is not in the build context';
      if (/^\s*gemspec\b/m.test(gemfile)) return 'the Gemfile reads a gemspec, which reads the sources';
      if (/\bpath:|:path\s*=>/.test(gemfile)) return 'the Gemfile installs a gem from a local path';
      if (/\b(eval_gemfile|instance_eval|require_relative|load)\b|File\.|__dir__/.test(gemfile)) return 'the Gemfile reads other files of the folder';
      if (view.exists('.bundle')) return '.bundle/ holds Bundler settings (maybe an install path in the folder)';
      return ['Gemfile', ...optional(view, 'Gemfile.lock')];
    },
    writesInto: ['vendor/bundle'],
    cleans: [],
    settings: /^BUNDLE_/,
  },
  {
    id: 'composer',
    installs: (r) => r.name === 'composer' && positionalArgs(r.args, ['--working-dir', '-d']).map((p) => p.word.value)[0] === 'install' && !has(r, '--working-dir', '-d'),
    manifests(r, view) {
      const text = view.read('composer.json');
      if (text === undefined) return 'composer.json is not in the build context';
      let json: { scripts?: Record<string, unknown>; autoload?: Record<string, unknown>; 'autoload-dev'?: Record<string, unknown>; config?: Record<string, unknown>; repositories?: unknown };
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        return 'composer.json is not valid JSON';
      }
      if (/"(path|artifact)"/.test(JSON.stringify(json.repositories ?? ''))) return 'composer.json installs a package from a local path';
      if (json.scripts && Object.keys(json.scripts).length && !has(r, '--no-scripts')) return 'composer.json has scripts, which run during the install and may read the sources';
      const autoloader = !has(r, '--no-autoloader');
      const scans = ['classmap', 'files'].some((k) => json.autoload?.[k] || json['autoload-dev']?.[k]) || has(r, '-o', '--optimize-autoloader', '-a', '--classmap-authoritative') || json.config?.['optimize-autoloader'] === true;
      if (autoloader && scans) return 'the autoloader it writes lists the sources it finds';
      return ['composer.json', ...optional(view, 'composer.lock', 'auth.json')];
    },
    writesInto: ['vendor'],
    cleans: ['clear-cache', 'clearcache', 'cc'],
    settings: /^COMPOSER/,
  },
];
