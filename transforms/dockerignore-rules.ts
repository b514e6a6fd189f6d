/**
 * What a build context holds that the build does not need, and which of it the Dockerfiles of that
 * context read. Read by the two .dockerignore transforms: `dockerignore` (lines leaving out paths no
 * build input reads: the image stays the same) and `dockerignore-broad-copy` (paths only a broad COPY
 * such as `COPY . .` takes into the image). Not a transform itself.
 */
import { copyArgs, isRemoteSource } from '../src/copy-args.js';
import { ignoreMatcher, parseDockerignore } from '../src/context/dockerignore.js';
import { sourceRelation } from '../src/context/sources.js';
import { Document, type Instruction } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { CommandSite } from '../src/shell/commands.js';
import type { BuildContextView, Change, TransformContext } from '../src/types.js';
import { dockerfileProblems } from '../src/validate.js';
import { readable } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';

/** Entries listed at most per context; a larger one is not analysed. */
const MAX_ENTRIES = 200_000;

/** One kind of leftover: how it is found and which .dockerignore line keeps it out. */
export interface LeftoverRule {
  /** What it is, in messages. */
  label: string;
  /**
   * Something a Dockerfile may copy on purpose (build output, dependencies, settings): not proposed
   * when the ignore file in force may hide other Dockerfiles of the context.
   */
  onPurpose: boolean;
  /** Whether a listed path is one; `scan` answers questions about the rest of the context. */
  matches(path: string, folder: boolean, scan: ContextScan): boolean;
  /** The .dockerignore line for a found path (several paths may share one line). */
  line(path: string): string;
  /**
   * When a broad COPY takes the leftover at `path` into a stage: why the image would then not be
   * what the Dockerfile means without it (the stage uses it), or undefined.
   */
  keptBy?(use: BroadUse, path: string, scan: ContextScan): string | undefined;
}

/** A broad COPY that takes a leftover into a stage, with what that stage runs. */
export interface BroadUse {
  doc: Document;
  copy: Instruction;
  /** Every command the stage's RUNs run, and whether it comes after the COPY. */
  commands: { site: CommandSite; after: boolean }[];
  /** The Dockerfile's text outside its COPY and ADD instructions. */
  otherText: string;
}

const TEMPLATE_ENV = /^\.env\.(example|sample|template|dist|defaults?)$/;
const TOOL_CACHES = new Set(['.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.hypothesis', '.nyc_output', 'htmlcov']);
const VCS_VERSIONING = /setuptools[_-]scm|hatch-vcs|versioneer|dunamai|poetry-dynamic-versioning|\bpbr\b/;
const NODE = ['npm', 'yarn', 'pnpm'];

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const atRoot = (path: string) => !path.includes('/');
const anywhere = (name: string) => `**/${name}`;

/** A command of the stage named one of `names` whose first words are one of `subcommands` (any, when absent). */
function runs(use: BroadUse, names: readonly string[], subcommands?: readonly string[], afterCopy = false): boolean {
  return use.commands.some(({ site, after }) => {
    if ((afterCopy && !after) || !names.includes(site.resolved.name)) return false;
    if (!subcommands) return true;
    const words = site.resolved.args.map((w) => w.value ?? '').filter((w) => !w.startsWith('-'));
    return subcommands.some((sub) => sub.split(' ').every((part, i) => words[i] === part));
  });
}

/** Build files whose recipes may run git (`$(shell git describe)`, a version plugin, a build.rs). */
const BUILD_FILES = [
  'Makefile', 'makefile', 'GNUmakefile', 'CMakeLists.txt', 'meson.build', 'configure.ac', 'build.gradle', 'build.gradle.kts', 'pom.xml', 'build.rs',
  'build.xml', 'build.sbt', 'SConstruct', 'Justfile', 'justfile', 'Taskfile.yml', 'Rakefile', 'BUILD', 'BUILD.bazel', 'WORKSPACE',
];
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

/** Context paths of the scripts the stage runs after the COPY (`./build.sh`, `bash scripts/x.sh`), as written from the copied folder. */
function scriptsRunAfter(use: BroadUse): string[] {
  const paths: string[] = [];
  for (const { site, after } of use.commands) {
    if (!after) continue;
    const r = site.resolved;
    const written = SHELLS.has(r.name) ? r.args.find((w) => !w.value?.startsWith('-'))?.value : r.nameWord.value;
    if (written && (written.includes('/') || SHELLS.has(r.name)) && !written.startsWith('/')) paths.push(written.replace(/^(\.\/)+/, ''));
  }
  return paths;
}

/** npm ci / npm install, yarn (bare or install), pnpm install: the stage makes its own node_modules. */
function installsNodePackages(use: BroadUse): boolean {
  const bareYarn = use.commands.some(({ site }) => site.resolved.name === 'yarn' && site.resolved.args.every((w) => w.value?.startsWith('-')));
  return bareYarn || runs(use, NODE, ['ci', 'install', 'i']);
}

/** The stage builds the folder after copying the context: the copied one is overwritten or merged. */
function buildsItself(use: BroadUse, folder: string): boolean {
  const node = runs(use, NODE, ['run build', 'build'], true);
  const python = runs(use, ['python', 'python3'], ['-m build', 'setup.py build', 'setup.py sdist', 'setup.py bdist_wheel'], true) || runs(use, ['poetry', 'hatch', 'uv', 'pdm'], ['build'], true);
  if (folder === 'target') return runs(use, ['cargo'], ['build', 'install'], true) || runs(use, ['mvn', 'mvnw'], ['package', 'install', 'verify', 'compile'], true);
  if (folder === 'build') return runs(use, ['gradle', 'gradlew'], ['build', 'assemble', 'jar', 'bootJar', 'installDist', 'shadowJar'], true) || node || python;
  return node || python;
}

/** The table: one entry per kind of leftover. */
export const leftoverRules: readonly LeftoverRule[] = [
  {
    label: '.git',
    onPurpose: true,
    matches: (path) => path === '.git',
    line: () => '.git',
    keptBy(use, _path, scan) {
      if (runs(use, ['git'])) return 'a RUN runs git';
      if (/\.git\b/.test(use.otherText)) return 'the Dockerfile mentions .git';
      const goBuilds = use.commands.some(({ site }) => site.resolved.name === 'go' && ['build', 'install'].includes(site.resolved.args[0]?.value ?? ''));
      if (goBuilds && !/-buildvcs=false/.test(use.otherText)) return 'go build stamps the commit from .git into the binary';
      if (['pyproject.toml', 'setup.py', 'setup.cfg'].some((f) => VCS_VERSIONING.test(scan.view.read(f) ?? ''))) return 'the Python package takes its version from git';
      if (/\bgit\b/.test(scan.packageScripts)) return 'a package.json script runs git';
      if (use.commands.some(({ after }) => after)) {
        const file = BUILD_FILES.find((f) => /\bgit\b/.test(scan.view.read(f) ?? ''));
        if (file) return `${file} may run git`;
        const script = scriptsRunAfter(use).find((f) => /\bgit\b/.test(scan.view.read(f) ?? ''));
        if (script) return `${script}, which a RUN runs, runs git`;
      }
      return undefined;
    },
  },
  {
    label: 'node_modules',
    onPurpose: true,
    matches: (path, folder) => folder && baseName(path) === 'node_modules',
    line: () => anywhere('node_modules'),
    keptBy: (use) => (installsNodePackages(use) ? undefined : 'the stage installs no node packages itself'),
  },
  {
    label: '__pycache__',
    onPurpose: false,
    matches: (path, folder) => folder && baseName(path) === '__pycache__',
    line: () => anywhere('__pycache__'),
  },
  {
    label: '*.pyc',
    onPurpose: false,
    matches: (path, folder) => !folder && path.endsWith('.pyc'),
    line: () => anywhere('*.pyc'),
    // a .pyc without its .py may be all there is of that module
    keptBy: (use, path, scan) => (scan.kind(path.slice(0, -1)) === 'file' ? undefined : `${path} has no ${baseName(path).slice(0, -1)} beside it`),
  },
  {
    label: 'virtualenv',
    onPurpose: true,
    matches: (path, folder, scan) => folder && scan.kind(`${path}/pyvenv.cfg`) === 'file',
    line: (path) => path,
    keptBy: (use, path) => (use.otherText.includes(baseName(path)) ? `the Dockerfile mentions ${baseName(path)}` : undefined),
  },
  {
    label: 'build output',
    onPurpose: true,
    matches: (path, folder, scan) =>
      folder &&
      ((path === 'target' && ['Cargo.toml', 'pom.xml'].some((f) => scan.kind(f) === 'file')) ||
        (path === 'build' && ['build.gradle', 'build.gradle.kts', 'package.json', 'setup.py', 'pyproject.toml'].some((f) => scan.kind(f) === 'file')) ||
        (path === 'dist' && ['package.json', 'setup.py', 'pyproject.toml'].some((f) => scan.kind(f) === 'file'))),
    line: (path) => path,
    keptBy: (use, path) => (buildsItself(use, path) ? undefined : `the stage does not build ${path} itself after copying it`),
  },
  {
    label: '.env',
    onPurpose: true,
    matches: (path, folder) => !folder && atRoot(path) && (path === '.env' || (path.startsWith('.env.') && !TEMPLATE_ENV.test(path))),
    line: (path) => path,
    keptBy: (use) => (/\.env\b/.test(use.otherText) ? 'the Dockerfile mentions .env' : undefined),
  },
  {
    label: 'logs',
    onPurpose: false,
    matches: (path, folder) => !folder && path.endsWith('.log'),
    line: () => anywhere('*.log'),
  },
  {
    label: 'coverage and test caches',
    onPurpose: false,
    matches: (path, folder, scan) =>
      atRoot(path) &&
      ((folder && TOOL_CACHES.has(path)) ||
        (!folder && (path === '.coverage' || path.startsWith('.coverage.'))) ||
        (folder && path === 'coverage' && ['lcov.info', 'coverage-final.json', 'clover.xml'].some((f) => scan.kind(`coverage/${f}`) === 'file'))),
    line: (path) => path,
  },
  {
    label: 'editor folders',
    onPurpose: false,
    matches: (path, folder) => folder && (path === '.idea' || path === '.vscode'),
    line: (path) => path,
  },
  {
    label: 'editor files',
    onPurpose: false,
    matches: (path, folder) => !folder && /(^|\/)(\.DS_Store|\.[^/]*\.sw[op])$/.test(path),
    line: (path) => anywhere(baseName(path) === '.DS_Store' ? '.DS_Store' : `*${path.slice(path.lastIndexOf('.'))}`),
  },
];

/** A listing of the context as the build sees it, made once per view. */
export interface ContextScan {
  view: BuildContextView;
  kind(path: string): 'file' | 'folder' | undefined;
  /** Visible files and their sizes. */
  files: Map<string, number>;
  folders: Set<string>;
  /** More than MAX_ENTRIES entries: not analysed. */
  truncated: boolean;
  /**
   * Folders listed but not walked (every `.git` and `node_modules`: the largest, and only ever left out
   * whole); a line that may match inside one is judged as if it matched the folder.
   */
  opaque: Set<string>;
  /** Files and bytes below an opaque folder (counted on first ask; `complete` false past the limit). */
  sizeOf(folder: string): { files: number; bytes: number; complete: boolean };
  /** The package.json scripts, as text. */
  packageScripts: string;
  /** Dockerfiles found in the context: they may be built with it and share its ignore file. */
  dockerfiles: string[];
  /** A compose or Bake file that holds a Dockerfile inline (which may read anything of the context). */
  inlineDockerfile: string | undefined;
}

const scans = new Memo<BuildContextView, ContextScan>();
const OPAQUE = new Set(['.git', 'node_modules']);
/** Any name holding "dockerfile" (Dockerfile-prod, web_dockerfile, api.Dockerfile): `docker build -f` takes any name, and these are how people name them. */
const DOCKERFILE_NAME = /dockerfile|containerfile/i;
/** Names that hold "dockerfile" but are documents or code about one, not a Dockerfile. */
const NOT_A_DOCKERFILE = /\.(dockerignore|md|markdown|txt|rst|adoc|html?|json|ya?ml|toml|js|mjs|cjs|ts|py|go|rs|sh|rb|java|php|diff|patch|orig|rej|log|png|svg|jpe?g|gif|lock|snap)$/i;
/** Compose and Bake files: they name Dockerfiles of the context by any name, or hold one inline. */
const BUILD_DEFINITIONS = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$|^docker-bake(\.[\w-]+)?\.(hcl|json)$/;

export function scanContext(view: BuildContextView): ContextScan {
  let scan = scans.get(view);
  if (scan) return scan;
  const files = new Map<string, number>();
  const folders = new Set<string>();
  const dockerfiles: string[] = [];
  const opaque = new Set<string>();
  let truncated = false;
  const queue = [''];
  for (let q = 0; q < queue.length && !truncated; q++) {
    const dir = queue[q];
    for (const entry of view.list(dir) ?? []) {
      const path = dir === '' ? entry : `${dir}/${entry}`;
      if (entry.endsWith('/')) {
        folders.add(path.slice(0, -1));
        if (OPAQUE.has(entry.slice(0, -1))) opaque.add(path.slice(0, -1));
        else queue.push(path.slice(0, -1));
      } else {
        files.set(path, view.size(path) ?? 0);
        if (DOCKERFILE_NAME.test(baseName(path)) && !NOT_A_DOCKERFILE.test(path)) dockerfiles.push(path);
      }
      if (files.size + folders.size > MAX_ENTRIES) truncated = true;
    }
  }
  let packageScripts = '';
  try {
    packageScripts = JSON.stringify((JSON.parse(view.read('package.json') ?? '{}') as { scripts?: unknown }).scripts ?? '');
  } catch {
    packageScripts = '';
  }
  const sizes = new Map<string, { files: number; bytes: number; complete: boolean }>();
  const sizeOf = (folder: string) => {
    let size = sizes.get(folder);
    if (!size) sizes.set(folder, (size = folderSize(view, folder)));
    return size;
  };
  const named = namedDockerfiles(view, [...files.keys()].filter((f) => BUILD_DEFINITIONS.test(baseName(f))));
  for (const path of named.paths) if (!dockerfiles.includes(path)) dockerfiles.push(path);
  const inlineDockerfile = named.inline;
  scan = { view, kind: (p) => (files.has(p) ? 'file' : folders.has(p) ? 'folder' : undefined), files, folders, truncated, opaque, sizeOf, packageScripts, dockerfiles, inlineDockerfile };
  scans.set(view, scan);
  return scan;
}

/**
 * The context files that compose and Bake files name as Dockerfiles (`dockerfile: build/prod.df`,
 * taken from the context root or the definition's folder), and the first definition holding one inline.
 */
function namedDockerfiles(view: BuildContextView, definitions: readonly string[]): { paths: string[]; inline: string | undefined } {
  const paths: string[] = [];
  let inline: string | undefined;
  for (const definition of definitions) {
    const text = view.read(definition) ?? '';
    if (/dockerfile[_-]inline/i.test(text)) inline ??= definition;
    const folder = parentOf(definition);
    for (const m of text.matchAll(/["']?\bdockerfile["']?\s*[:=]\s*["']?([^"'\s,#}]+)/gi)) {
      for (const path of [m[1], folder ? `${folder}/${m[1]}` : m[1]].map((p) => p.replace(/^\.\//, ''))) {
        if (view.read(path) !== undefined && !paths.includes(path)) paths.push(path);
      }
    }
  }
  return { paths, inline };
}

/** Files and bytes below a folder, walking at most MAX_ENTRIES entries. */
function folderSize(view: BuildContextView, folder: string): { files: number; bytes: number; complete: boolean } {
  let files = 0;
  let bytes = 0;
  let entries = 0;
  const queue = [folder];
  for (let q = 0; q < queue.length; q++) {
    for (const entry of view.list(queue[q]) ?? []) {
      if (++entries > MAX_ENTRIES) return { files, bytes, complete: false };
      const path = `${queue[q]}/${entry}`;
      if (entry.endsWith('/')) queue.push(path.slice(0, -1));
      else {
        files++;
        bytes += view.size(path) ?? 0;
      }
    }
  }
  return { files, bytes, complete: true };
}

/** A .dockerignore line a rule proposes, with every visible path it would leave out. */
export interface Candidate {
  line: string;
  rule: LeftoverRule;
  /** Top-most visible paths the line matches (a folder stands for all below it). */
  paths: string[];
  files: number;
  bytes: number;
}

const candidateCache = new Memo<ContextScan, Candidate[]>();

/** The lines the leftovers of the context call for, each with what it would really leave out. */
export function candidates(scan: ContextScan): Candidate[] {
  const cached = candidateCache.get(scan);
  if (cached) return cached;
  const byLine = new Map<string, LeftoverRule>();
  const listed = [...scan.folders].map((p) => ({ p, folder: true })).concat([...scan.files.keys()].map((p) => ({ p, folder: false })));
  listed.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  const taken: string[] = [];
  for (const { p, folder } of listed) {
    if (taken.some((t) => p.startsWith(`${t}/`))) continue; // below a leftover folder already found
    const rule = leftoverRules.find((r) => r.matches(p, folder, scan));
    if (!rule) continue;
    if (folder) taken.push(p);
    const line = rule.line(p);
    if (line === p && /[*?[\]\\!#\s]/.test(p)) continue; // a name .dockerignore would read as a pattern or a comment
    if (!byLine.has(line)) byLine.set(line, rule);
  }
  const found: Candidate[] = [];
  const ordered = [...byLine].sort(([a, ra], [b, rb]) => leftoverRules.indexOf(ra) - leftoverRules.indexOf(rb) || (a < b ? -1 : a > b ? 1 : 0));
  for (const [line, rule] of ordered) {
    const matched = ignoreMatcher(parseDockerignore(line));
    const paths = listed.map((l) => l.p).filter((p) => matched(p) && !matched(parentOf(p)));
    // a line that may match inside a folder not walked is judged on the whole folder
    for (const folder of scan.opaque) if (!matched(folder) && mayMatchInside(line, folder)) paths.push(folder);
    const { files, bytes } = leftOut(scan, [matched]);
    found.push({ line, rule, paths, files, bytes });
  }
  candidateCache.set(scan, found);
  return found;
}

/** Whether an ignore line could match something below `folder` (a `**` line, or one naming a path in it). */
function mayMatchInside(line: string, folder: string): boolean {
  return line.startsWith('**') || line.startsWith(`${folder}/`) || line.startsWith('*/');
}

/** Files and bytes the matchers leave out: listed files, and the whole of opaque folders they match. */
function leftOut(scan: ContextScan, matchers: readonly ((path: string) => boolean)[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const [file, size] of scan.files) {
    if (matchers.some((m) => m(file))) {
      files++;
      bytes += size;
    }
  }
  for (const folder of scan.opaque) {
    if (!matchers.some((m) => m(folder))) continue;
    const size = scan.sizeOf(folder);
    files += size.files;
    bytes += size.bytes;
  }
  return { files, bytes };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** What reads paths from the context: a COPY or ADD source, or a RUN's bind mount. */
interface Input {
  doc: Document;
  instruction: Instruction;
  /** Undefined when it cannot be read (a variable, quotes): it may read anything. */
  source: string | undefined;
  mount: boolean;
}

/** Context paths a RUN mounts (`--mount` of the default type bind, without `from`); undefined when unreadable. */
function boundSources(ins: Instruction): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const flag of ins.flags) {
    if (flag.name !== 'mount') continue;
    if (flag.value === undefined) {
      out.push(undefined);
      continue;
    }
    const fields = new Map(flag.value.split(',').map((kv) => [kv.split('=', 1)[0].trim().toLowerCase(), kv.slice(kv.indexOf('=') + 1).trim()]));
    if ((fields.get('type') ?? 'bind') !== 'bind' || fields.has('from')) continue;
    const source = fields.get('source') ?? fields.get('src') ?? '.';
    out.push(/[$"']/.test(source) ? undefined : source);
  }
  return out;
}

function inputsOf(doc: Document): Input[] {
  const inputs: Input[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword === 'RUN') {
      for (const source of boundSources(ins)) inputs.push({ doc, instruction: ins, source, mount: true });
      continue;
    }
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const args = copyArgs(doc, ins);
    if (!args) {
      inputs.push({ doc, instruction: ins, source: undefined, mount: false });
      continue;
    }
    if (args.from !== undefined || args.form === 'heredoc') continue;
    for (const s of args.sources) {
      if (s.literal && isRemoteSource(s.value)) continue;
      inputs.push({ doc, instruction: ins, source: s.literal ? s.value : undefined, mount: false });
    }
  }
  return inputs;
}

/** The judgement on one candidate line: blocked (and why), or the broad COPYs that take what it leaves out. */
export interface Verdict {
  candidate: Candidate;
  blocked: string | undefined;
  /** Broad COPYs that take its paths into a stage; empty when no input reads them at all. */
  broad: BroadUse[];
}

export type Judgement = { verdicts: Verdict[] } | { refused: string };

/** Candidate lines judged against every Dockerfile of the context; undefined without a context. */
export function judge(doc: Document, context: TransformContext): Judgement | undefined {
  const view = context.buildContext;
  if (!view || !doc.stages.length) return undefined;
  if (view.dockerignore !== undefined && view.dockerignorePath === undefined) return { refused: 'the ignore file in force is outside the build context' };
  if (view.dockerignorePath !== undefined && view.dockerignore === undefined) return { refused: `${view.dockerignorePath} is not text` };
  if (view.dockerignorePath === undefined && view.exists('.dockerignore')) return { refused: 'the context has a .dockerignore the build does not use' };
  const scan = scanContext(view);
  if (scan.truncated) return { refused: `the build context has more than ${MAX_ENTRIES} entries` };
  if (scan.inlineDockerfile) return { refused: `${scan.inlineDockerfile} holds an inline Dockerfile, which may read any file of the context` };
  const docs = [doc];
  for (const path of scan.dockerfiles) {
    const text = view.read(path);
    const other = text === undefined ? undefined : new Document(text, path);
    if (!other || dockerfileProblems(other).length) return { refused: `${path}, which may share the ignore file, cannot be read as a Dockerfile` };
    docs.push(other);
  }
  const hidden = mayHideDockerfiles(view.dockerignore);
  const inputs = docs.flatMap(inputsOf);
  const verdicts = candidates(scan).map((candidate) => verdictOn(candidate, inputs, doc, scan, hidden));
  return { verdicts };
}

function verdictOn(candidate: Candidate, inputs: readonly Input[], doc: Document, scan: ContextScan, hidden: boolean): Verdict {
  const verdict: Verdict = { candidate, blocked: undefined, broad: [] };
  if (hidden && candidate.rule.onPurpose) {
    verdict.blocked = 'the ignore file in force hides Dockerfiles of the context, and one of them may copy it';
    return verdict;
  }
  for (const input of inputs) {
    const where = `${input.doc === doc ? '' : `${input.doc.filename}:`}${input.instruction.line}`;
    for (const path of candidate.paths) {
      const relation = input.source === undefined ? 'unknown' : sourceRelation(input.source, path);
      if (relation === 'none') continue;
      if (relation !== 'covers' || input.mount) {
        verdict.blocked = `${input.mount ? 'a bind mount' : input.instruction.keyword} on line ${where} ${relation === 'unknown' ? 'may read' : 'reads'} ${path}`;
        return verdict;
      }
      const use = broadUse(input.doc, input.instruction);
      const kept = candidate.rule.keptBy?.(use, path, scan);
      if (kept) {
        verdict.blocked = `${kept} (COPY on line ${where})`;
        return verdict;
      }
      if (!verdict.broad.includes(use)) verdict.broad.push(use);
    }
  }
  return verdict;
}

/** True when the ignore text leaves out names a Dockerfile could have: other Dockerfiles may then be out of view. */
function mayHideDockerfiles(text: string | undefined): boolean {
  if (!text) return false;
  const ignored = ignoreMatcher(parseDockerignore(text));
  return ['Dockerfile', 'Dockerfile.dev', 'app.Dockerfile', 'Containerfile', 'docker/Dockerfile', 'a/b/Dockerfile.prod'].some(ignored);
}

const useCache = new Memo<Instruction, BroadUse>();

function broadUse(doc: Document, copy: Instruction): BroadUse {
  let use = useCache.get(copy);
  if (use) return use;
  const commands: BroadUse['commands'] = [];
  for (const ins of copy.stage?.instructions ?? []) {
    if (ins.keyword !== 'RUN' || !readable(doc, ins)) continue;
    for (const site of sitesOf(doc, ins)) commands.push({ site, after: ins.index > copy.index });
  }
  const otherText = doc.instructions
    .filter((i) => i.keyword !== 'COPY' && i.keyword !== 'ADD')
    .map((i) => doc.source.slice(i.start, i.end))
    .join('\n');
  use = { doc, copy, commands, otherText };
  useCache.set(copy, use);
  return use;
}

/**
 * The change appending the lines of `chosen` that the ignore file does not have yet: to the ignore
 * file in force, or to a new `.dockerignore`. A missing final newline is an edit of its own, so two
 * such changes in one pass do not both add it.
 */
export function ignoreChange(context: TransformContext, chosen: readonly Candidate[], instructions: Instruction[], message: (lines: string) => string): Change | undefined {
  const view = context.buildContext!;
  const file = view.dockerignorePath ?? '.dockerignore';
  const text = context.fileText(file);
  const present = new Set((text ?? '').split(/\r?\n/).map((l) => l.trim()));
  const negations = parseDockerignore(text ?? '').filter((p) => p.exclusion);
  const added = chosen.filter((c) => !present.has(c.line) && !reincluded(c, negations.map((n) => n.text)));
  if (!added.length) return undefined;
  const at = text?.length ?? 0;
  const gap = text && !text.endsWith('\n') ? [{ start: at, end: at, text: '\n' }] : [];
  return {
    message: `${message(added.map((c) => c.line).join(', '))} (${sizeNote(scanContext(view), added)})`,
    instructions,
    file,
    edits: [...gap, { start: at, end: at, text: added.map((c) => `${c.line}\n`).join('') }],
  };
}

/** A `!` line that may bring back something the candidate leaves out: appended after it, the candidate would win. */
function reincluded(candidate: Candidate, negations: readonly string[]): boolean {
  if (!negations.length) return false;
  const matched = ignoreMatcher(parseDockerignore(candidate.line));
  // what a `!` line names may sit in a folder left out before it, which the view does not list
  return negations.some((n) => n.startsWith('*') || matched(n) || candidate.paths.some((p) => n.includes(baseName(p)) || n.startsWith(`${p}/`) || p.startsWith(`${n}/`)));
}

/** "1,234 files, build context 48.1 MB → 1.2 MB": what the engine receives before and after. */
function sizeNote(scan: ContextScan, added: readonly Candidate[]): string {
  let total = 0;
  let complete = true;
  for (const size of scan.files.values()) total += size;
  for (const folder of scan.opaque) {
    const size = scan.sizeOf(folder);
    total += size.bytes;
    complete &&= size.complete;
  }
  const { files, bytes } = leftOut(scan, added.map((c) => ignoreMatcher(parseDockerignore(c.line))));
  const about = complete ? '' : 'at least ';
  return `${about}${files.toLocaleString('en-US')} file${files === 1 ? '' : 's'}, build context ${about}${megabytes(total)} → ${megabytes(total - bytes)}`;
}

function megabytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
