/**
 * Python when pip compiles: the build stage installs into a virtualenv (/opt/venv) made before the
 * first `pip install`, and python:<v>-slim of the same version and release runs it with the app's
 * files and the run-time libraries of the `-dev` packages the build installed and of the libraries
 * its extensions link. Only where the libraries compiled code links are known: on a full image (whose
 * many -dev packages any package built from source may link), only local packages and no index.
 */
import type { CommandSite } from '../../src/shell/commands.js';
import type { BuildContextView } from '../../src/types.js';
import { hasProgram, type ImageInfo } from '../image-knowledge.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput, Ecosystem } from './ecosystem.js';
import { packageRole, runtimeLibraryOf, runtimePackageOfLibrary } from './packages.js';
import { isWithin, resolvePath } from './paths.js';
import { contextSource, findFiles, readSource } from './source-code.js';
import { contextPathAt, type StageReading, type StepCommand } from './stage.js';
import { readToml, stringAt, tablesNamed } from './toml.js';
import { libraryLoads, programStarts } from '../code-uses.js';

const VENV = '/opt/venv';
const PIP_VALUED = new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--progress-bar', '--root-user-action', '--config-settings', '-C', '--global-option', '--no-binary', '--only-binary', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--cache-dir', '--log', '--timeout', '--retries']);
const PIP_ELSEWHERE = new Set(['--user', '-t', '--target', '--prefix', '--root', '--src']);
const BUILD_ENV = /^(PIP_\w+|DEBIAN_FRONTEND|PYTHONUSERBASE)$/;
const COMPILED_BACKENDS = /scikit_build|mesonpy|maturin|setuptools_rust|pdm\.backend|hatchling/;

interface PipInstall {
  command: StepCommand;
  /** Local project folders (image paths). */
  projects: string[];
  /** True when packages may come from an index (a requirements file, a name, or a project's dependencies). */
  fromIndex: boolean;
  noIndex: boolean;
  /** `--no-build-isolation`: the build backend comes from the environment, not from an index. */
  noIsolation: boolean;
}

export const python: Ecosystem = {
  name: 'Python',
  // pip compiles where the stage installs compilers or -dev packages, or builds a local project (which may hold C code)
  builds: (commands) => {
    const installs = commands.filter(isPipInstall);
    if (installs.length === 0) return false;
    const local = installs.some(({ resolved }) => resolved.args.some((a) => /^[./]/.test(a.value ?? '')));
    return local || aptInstalls(commands).some((name) => ['gcc', 'g++', 'build-essential', 'clang'].includes(name) || name.endsWith('-dev'));
  },
  isBuildCommand: ({ site }) => ['pip', 'pip3'].includes(site.resolved.name) || /^pip3\.\d+$/.test(site.resolved.name),
  plan: planPython,
};

/** Package names apt-get installs, as written. */
function aptInstalls(commands: readonly CommandSite[]): string[] {
  return commands
    .filter(({ resolved }) => /^apt(-get)?$/.test(resolved.name) && resolved.args.some((a) => a.value === 'install'))
    .flatMap(({ resolved }) => resolved.args.map((a) => a.value ?? '').filter((v) => v !== 'install' && !v.startsWith('-')));
}

function isPipInstall({ resolved }: CommandSite): boolean {
  return /^pip(3(\.\d+)?)?$/.test(resolved.name) && resolved.args.some((a) => a.value === 'install');
}

function pipInstalls(reading: StageReading): StepCommand[] {
  return reading.runs.flatMap((r) => r.commands).filter((c) => isPipInstall(c.site));
}

function planPython(reading: StageReading, context: BuildContextView, image: ImageInfo, steps: BuildSteps): BuildOutput | string | undefined {
  const installs: PipInstall[] = [];
  for (const command of pipInstalls(reading)) {
    const read = readPipInstall(command);
    if (typeof read === 'string') return read;
    installs.push(read);
  }
  const read = (path: string) => {
    const at = contextPathAt(reading, path, context);
    return at === undefined ? undefined : context.read(at);
  };
  const compiledHere = installs.flatMap((i) => i.projects).map((p) => localProject(p, read));
  const blocked = compiledHere.find((p) => typeof p === 'string');
  if (typeof blocked === 'string') return blocked;
  const projects = compiledHere as LocalProject[];
  const devPackages = steps.packages.filter((p) => packageRole(p.name) === 'dev' || ['gcc', 'g++', 'build-essential', 'cc'].includes(p.name));
  const compiles = projects.some((p) => p.extensions) || devPackages.length > 0;
  if (!compiles) return undefined; // nothing is compiled: the slim variant alone is another transform's business
  const fromIndex = installs.some((i) => (i.fromIndex || projects.some((p) => p.dependencies)) && !i.noIndex);
  if (fromIndex && hasProgram(image, 'gcc') && image.variant !== 'slim') {
    return `${reading.stage.baseImage} has -dev libraries a package built from source may link, and the split cannot tell which of the packages pip downloads do`;
  }
  const libraries: string[] = [];
  for (const p of devPackages) {
    if (packageRole(p.name) !== 'dev') continue;
    const library = runtimeLibraryOf(p.name);
    if (!library) return `line ${p.instruction.line}: the split does not know the run-time library of ${p.name}`;
    libraries.push(library);
  }
  for (const name of projects.flatMap((p) => p.libraries)) {
    const library = runtimePackageOfLibrary(name);
    if (!library) return `an extension links -l${name}, and the split does not know which package holds it at run time`;
    if (library !== 'glibc' && !libraries.includes(library)) libraries.push(library);
  }
  // a build without isolation takes setuptools and wheel from the image: the venv must see them, and
  // then pip would also count any package the image has as installed, so nothing else may be installed
  const systemSite = installs.some((i) => i.noIsolation);
  if (systemSite && (installs.some((i) => i.fromIndex) || projects.some((p) => p.dependencies))) {
    return '`pip install --no-build-isolation` with dependencies: the virtualenv would see the image\'s packages, and pip would skip those it finds there';
  }
  const first = installs[0].command;
  const run = reading.runs.find((r) => r.commands.includes(first))!;
  const { resolved } = first.site;
  if (resolved.nameWord.value?.includes('/') || resolved.wrappers.length) return `line ${run.instruction.line}: pip is called in a way that would not use the virtualenv`;
  const appFolders = reading.placements.map((p) => p.image).filter((p, i, all) => !all.some((q, j) => j !== i && q !== p && isWithin(p, q)));
  const sources = findFiles(context, '', (n) => n.endsWith('.py'), (n) => n.startsWith('.') || n === 'tests');
  const starts = sources.find((p) => programStarts(context, p));
  const loads = sources.find((p) => libraryLoads(context, p));
  if (loads) return `${loads} loads system libraries (${libraryLoads(context, loads)}), which the runtime image may lack`;
  return {
    summary: `the virtualenv ${VENV}${libraries.length ? ` with ${libraries.join(', ')}` : ''} and the app in ${[...new Set(appFolders)].join(', ')}`,
    runtime: 'python',
    runtimeBasis: image,
    artifacts: [VENV, ...new Set(appFolders)],
    executables: projects.flatMap((p) => p.scripts).map((s) => `${VENV}/bin/${s}`),
    buildEdits: [{ start: run.instruction.start, end: run.instruction.start, text: `RUN python3 -m venv ${systemSite ? '--system-site-packages ' : ''}${VENV}\nENV PATH="${VENV}/bin:$PATH"\n` }],
    buildNote: `pip installs into the virtualenv ${VENV}`,
    runtimeSetup: [`ENV PATH="${VENV}/bin:$PATH"`],
    setupPaths: [],
    sourceFiles: [],
    isSource: () => false,
    startsPrograms: starts ? `${starts} starts other programs (subprocess or os.system), which the runtime image may lack` : undefined,
    writesFiles: false,
    runtimePackages: libraries,
    isBuildEnv: (name) => BUILD_ENV.test(name),
    pathFolders: [`${VENV}/bin`],
    programFolder: `${VENV}/bin`,
  };
}

function readPipInstall(command: StepCommand): PipInstall | string {
  const words = command.site.resolved.args.map((a) => a.value);
  if (words.some((w) => w === undefined)) return '`pip install` has arguments only known when it runs';
  if (command.cwd === undefined) return '`pip install` runs after a `cd` the split cannot follow';
  const install: PipInstall = { command, projects: [], fromIndex: false, noIndex: false, noIsolation: false };
  const args = words.slice(words.indexOf('install') + 1) as string[];
  for (let i = 0; i < args.length; i++) {
    const [flag] = args[i].split('=', 1);
    if (PIP_ELSEWHERE.has(flag)) return `\`pip install ${flag}\` installs outside the virtualenv the split would make`;
    if (flag === '--no-index') install.noIndex = true;
    if (flag === '--no-build-isolation') install.noIsolation = true;
    if (flag === '-r' || flag === '--requirement') install.fromIndex = true;
    if (PIP_VALUED.has(flag)) {
      if (!args[i].includes('=')) i++;
      continue;
    }
    if (flag === '-e' || flag === '--editable') continue;
    if (args[i].startsWith('-')) continue;
    if (/^[./]/.test(args[i])) install.projects.push(resolvePath(command.cwd, args[i]));
    else if (!/^(pip|setuptools|wheel)\b/.test(args[i])) install.fromIndex = true;
  }
  return install;
}

interface LocalProject {
  extensions: boolean;
  /** `-l` names its extensions link (`libraries=[...]` in setup.py). */
  libraries: string[];
  dependencies: boolean;
  scripts: string[];
}

/** What a local project pip builds holds: C extensions and the libraries they link, dependencies, console scripts. */
function localProject(folder: string, read: (path: string) => string | undefined): LocalProject | string {
  const pyproject = read(`${folder}/pyproject.toml`);
  const setup = read(`${folder}/setup.py`);
  if (pyproject === undefined && setup === undefined) return `pip installs ${folder}, which has no pyproject.toml or setup.py in the build context`;
  const toml = readToml(pyproject ?? '');
  const backend = stringAt(toml, 'build-system', 'build-backend') ?? '';
  if (COMPILED_BACKENDS.test(backend)) return `${folder} builds with ${backend}, which the split does not follow`;
  const setupCode = setup === undefined ? '' : readSource(setup).code;
  if (/\bextra_link_args\b|\bpkg.?config\b|\blibraries\s*=\s*[^\s[]/.test(setupCode)) return `${folder}/setup.py links libraries the split cannot name`;
  const libraries = [...setupCode.matchAll(/\blibraries\s*=\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1].matchAll(/["']([^"']+)["']/g)].map((l) => l[1]));
  const dependencies = toml.find((t) => t.name === 'project')?.values.get('dependencies');
  const scripts = [...(tablesNamed(toml, 'project.scripts')[0]?.values.keys() ?? []), ...[...setupCode.matchAll(/["']([\w.-]+)\s*=\s*[\w.]+:\w+["']/g)].map((m) => m[1])];
  return {
    extensions: /\bExtension\s*\(|\bext_modules\b|\bcythonize\s*\(/.test(setupCode) || /ext-modules/.test(pyproject ?? ''),
    libraries,
    dependencies: (Array.isArray(dependencies) && dependencies.length > 0) || /\binstall_requires\s*=\s*\[\s*['"]/.test(setupCode),
    scripts,
  };
}
