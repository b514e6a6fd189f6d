/**
 * What language package installs in a RUN need from the OS: pip requirements built from source or
 * needing a program at run time, node native addons and git dependencies, gems linking C libraries,
 * cargo crates linking system libraries. Manifests are read from the build context through the COPYs
 * that put them in the image. The tables are in language-build-data.ts.
 * A helper of the transforms, not a transform itself.
 */
import { positionalArgs, type CommandSite } from '../src/shell/commands.js';
import type { BuildContextView } from '../src/types.js';
import { nodeGypNeeds, pythonCompilingBackends, pythonRuntimeNeeds, pythonSourceBuilds, rubyNativeGems, rustSystemCrates } from './language-build-data.js';

/** setup.py commands that compile the extensions it declares. */
const SETUP_BUILDS = new Set(['build', 'build_ext', 'install', 'develop', 'bdist_wheel', 'bdist_egg', 'bdist']);

/** How language checks report: what a command needs (checked against the target and earlier installs), or a plain refusal. */
export interface Needs {
  check(names: readonly string[], what: string): void;
  /** At least one of `names` when the image runs (installed by the end of the stage). */
  checkAny(names: readonly string[], what: string): void;
  block(reason: string): void;
}

/** The build-context path of a file at an image path when the command runs; undefined when unknown. */
export type Locate = (imagePath: string) => string | undefined;

/** pip, npm/yarn/pnpm, bundle/gem and cargo installs in an image of `family`, and what they need. */
export function languageChecks(site: CommandSite, family: string, context: BuildContextView | undefined, locate: Locate, needs: Needs): void {
  const check = needs.check;
  const r = site.resolved;
  const positional = positionalArgs(r.args, ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--prefix', '--target', '-t', '--root', '--python', '-w', '--wheel-dir'])
    .map((p) => p.word.value);
  const words = r.args.map((a) => a.value);
  if (family === 'python' && /^python[0-9.]*$/.test(r.name) && /(^|\/)setup\.py$/.test(positional[0] ?? '') && SETUP_BUILDS.has(positional[1] ?? '')) {
    const folder = positional[0]!.replace(/(^|\/)setup\.py$/, '').replace(/^\.?\/?/, '');
    return pythonSpec(folder ? `./${folder}` : '.', context, locate, needs);
  }
  if (family === 'python' && /^pip[0-9.]*$/.test(r.name) && (positional[0] === 'install' || positional[0] === 'wheel')) {
    const specs: string[] = positional.slice(1).filter((w): w is string => w !== undefined);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if ((w === '-r' || w === '--requirement') && words[i + 1]) {
        const found = locate(words[i + 1]!);
        const text = found === undefined ? undefined : context?.read(found);
        if (text === undefined) needs.block(`\`pip install -r ${words[i + 1]}\`: the requirements cannot be read${context ? '' : ' without the build context'}, so source builds cannot be ruled out`);
        else specs.push(...requirementLines(text));
      }
      if (w === '-e' || w === '--editable') specs.push(words[i + 1] ?? '.');
      if (w?.startsWith('--no-binary')) check(['gcc'], '`pip install --no-binary` (builds from source)');
    }
    for (const spec of specs) pythonSpec(spec, context, locate, needs);
    return;
  }
  if (family === 'node' && isNodeInstall(r.name, positional)) {
    const command = [r.name, positional[0]].filter(Boolean).join(' ');
    if (!context) return needs.block(`\`${command}\`: without the build context, native addons and git dependencies cannot be ruled out`);
    const manifestPath = locate('package.json');
    const manifest = manifestPath === undefined ? undefined : context.read(manifestPath);
    if (manifest === undefined) return needs.block(`\`${command}\`: the package.json it reads was not copied from the build context`);
    nodeChecks(manifest, context, manifestPath!.replace(/package\.json$/, ''), needs);
    return;
  }
  if (family === 'ruby' && ((r.name === 'bundle' || r.name === 'bundler') && (positional.length === 0 || positional[0] === 'install') || (r.name === 'gem' && positional[0] === 'install'))) {
    check(['gcc', 'make'], `\`${r.name} install\` (gems with native extensions compile)`);
    const gems = r.name === 'gem' ? positional.slice(1).filter((g): g is string => g !== undefined) : gemfileGems(locate, context);
    if (gems === undefined) return needs.block(`\`${r.name} install\`: Gemfile.lock ${context ? 'was not copied from the build context' : 'cannot be read without the build context'}, so gems that need -dev headers cannot be ruled out`);
    for (const gem of gems) if (rubyNativeGems[gem]) check(rubyNativeGems[gem], `gem ${gem}`);
    return;
  }
  if (family === 'rust' && r.name === 'cargo' && ['build', 'install', 'run', 'test'].includes(positional[0] ?? '')) {
    const lockPath = locate('Cargo.lock');
    const lock = lockPath === undefined ? undefined : context?.read(lockPath);
    if (lock === undefined) return needs.block('`cargo` build: Cargo.lock cannot be read to rule out crates that link system libraries');
    for (const [crate, libs] of Object.entries(rustSystemCrates)) if (lock.includes(`name = "${crate}"`)) check(libs, `crate ${crate}`);
  }
}

/** Gem names in the Gemfile.lock at the working directory; undefined when it cannot be read. */
function gemfileGems(locate: Locate, context: BuildContextView | undefined): string[] | undefined {
  const path = locate('Gemfile.lock');
  const lock = path === undefined ? undefined : context?.read(path);
  if (lock === undefined) return undefined;
  return [...lock.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(/gm)].map((m) => m[1]);
}

function isNodeInstall(name: string, positional: (string | undefined)[]): boolean {
  const sub = positional[0];
  if (name === 'npm') return ['install', 'i', 'ci', 'add', 'clean-install', 'install-clean', 'ic', 'update', 'rebuild'].includes(sub ?? '');
  if (name === 'yarn' || name === 'yarnpkg') return sub === undefined || ['install', 'add'].includes(sub);
  if (name === 'pnpm') return ['install', 'i', 'add'].includes(sub ?? '');
  return false;
}

/** One requirement: a source build from the table, a VCS URL (git), a local project that compiles. */
function pythonSpec(spec: string, context: BuildContextView | undefined, locate: Locate, needs: Needs): void {
  const check = needs.check;
  if (/(^|@\s*)git\+/.test(spec)) return check(['git'], `\`${spec}\``);
  if (spec === '.' || spec.startsWith('./') || spec.startsWith('/') || spec.startsWith('../')) {
    const dir = locate(spec);
    const manifests = ['pyproject.toml', 'setup.py'].map((f) => ({ file: f, text: dir === undefined ? undefined : context?.read(dir ? `${dir}/${f}` : f) }));
    if (!manifests.some((m) => m.text !== undefined)) return needs.block(`\`pip install ${spec}\`: the project's pyproject.toml or setup.py ${context ? 'was not copied from the build context' : 'cannot be read without the build context'}, so a native build cannot be ruled out`);
    for (const { file, text } of manifests) {
      if (text === undefined) continue;
      if (file === 'pyproject.toml' && pythonCompilingBackends.some((b) => text.includes(b))) check(['gcc'], `the local project \`${spec}\` (its build backend compiles)`);
      if (file === 'setup.py' && /\bExtension\s*\(|\bext_modules\b/.test(text)) check(['gcc'], `the local project \`${spec}\` (setup.py builds C extensions)`);
      if (file === 'pyproject.toml') for (const dep of pyprojectDependencies(text)) pythonSpec(dep, context, locate, needs);
    }
    return;
  }
  const name = normalise(/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0] ?? '');
  const build = pythonSourceBuilds[name];
  if (build) check(build.needs, `\`${name}\` (no wheel: pip builds it from source${build.instead ? `; ${build.instead} needs no compiler` : ''})`);
  const runtime = pythonRuntimeNeeds[name];
  if (runtime) needs.checkAny(runtime.anyOf, `\`${name}\` ${runtime.what}`);
}

function requirementLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('-'));
}

/** `dependencies = ["a>=1", "b"]` of a pyproject.toml's [project] table. */
function pyprojectDependencies(text: string): string[] {
  const m = /^\s*dependencies\s*=\s*\[([^\]]*)\]/m.exec(text);
  if (!m) return [];
  return [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
}

function nodeChecks(manifest: string, context: BuildContextView, dir: string, needs: Needs): void {
  const check = needs.check;
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(manifest) as Record<string, unknown>;
  } catch {
    return needs.block('package.json is not valid JSON, so its dependencies cannot be checked');
  }
  if (context.exists(`${dir}binding.gyp`)) check(nodeGypNeeds, 'the native addon (binding.gyp)');
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  for (const hook of ['preinstall', 'install', 'postinstall']) if (typeof scripts[hook] === 'string' && (scripts[hook] as string).includes('node-gyp')) check(nodeGypNeeds, `the ${hook} script (node-gyp)`);
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = (pkg[field] ?? {}) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string') continue;
      if (/^(git\+|git:|github:|gitlab:|bitbucket:)|\.git(#.*)?$/.test(spec) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) check(spec.startsWith('git+https') || /^(github|gitlab|bitbucket):|^[\w.-]+\/[\w.-]+/.test(spec) ? ['git', 'ca-certificates'] : ['git'], `dependency ${name} (${spec})`);
      if (name === 'node-gyp') check(nodeGypNeeds, 'dependency node-gyp');
    }
  }
  const lock = context.read(`${dir}package-lock.json`);
  if (lock) {
    try {
      const parsed = JSON.parse(lock) as { packages?: Record<string, { hasInstallScript?: boolean; optional?: boolean }> };
      const scripted = Object.entries(parsed.packages ?? {}).filter(([, p]) => p.hasInstallScript && !p.optional).map(([path]) => path.replace(/^.*node_modules\//, ''));
      if (scripted.length) check(nodeGypNeeds, `packages with install scripts (${scripted.slice(0, 3).join(', ')}${scripted.length > 3 ? ', …' : ''}), which may build native addons`);
    } catch {
      // an unreadable lockfile adds nothing to what package.json says
    }
  }
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}
