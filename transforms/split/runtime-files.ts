/**
 * Files the app reads when it runs, which the runtime stage copies from the build stage to the same
 * place: copied folders and files in the folder it runs in that are not code (templates/, static/,
 * config files), files the Dockerfile copied elsewhere, paths the code names in string literals
 * (relative to that folder), and folders the build made.
 */
import type { BuildContextView } from '../../src/types.js';
import type { BuildSteps } from './build-steps.js';
import type { BuildOutput } from './ecosystem.js';
import { isWithin, joinContext, parentOf, resolvePath } from './paths.js';
import { contextSource } from './source-code.js';
import { contextPathAt, globPattern, type StageReading } from './stage.js';

/** Folder names that hold what an app serves or reads, not what it is built from. */
const ASSET_FOLDERS = new Set([
  'templates', 'template', 'static', 'public', 'views', 'migrations', 'data', 'config', 'configs', 'conf', 'assets', 'locales',
  'locale', 'i18n', 'translations', 'www', 'html', 'resources', 'db', 'sql', 'schema', 'certs', 'fonts', 'images', 'media',
]);
const CONFIG_FILE = /^(\.env|[^.].*\.(ya?ml|json|toml|ini|conf|cfg|env|properties|xml))$/i;
/** System folders whose files come from packages: a literal naming one must be on the runtime image too. */
const SYSTEM_FOLDERS = ['/etc', '/usr', '/var', '/opt', '/srv', '/home', '/root'];
const SYSTEM_PROVIDED = ['/etc/ssl', '/etc/passwd', '/etc/group', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/etc/nsswitch.conf', '/etc/os-release', '/etc/services', '/etc/protocols', '/usr/share/zoneinfo', '/etc/localtime', '/var/run', '/var/tmp'];
/** A call that reads a folder as a whole, given the folder the program runs in (`os.ReadDir(".")`, `http.Dir("./")`). */
const READS_WORKDIR = /\b(?:ReadDir|DirFS|Dir|Walk|WalkDir|Glob|Open|read_dir|opendir|scandir|listdir|readdirSync|readdir|newDirectoryStream|GetFiles|GetDirectories|EnumerateFiles|EnumerateFileSystemEntries)\s*\(\s*(["'`])(\.\/?)\1/;
const PATH_LITERAL = /^(\.{0,2}\/)?[\w.@*?-]+(\/[\w.@*?-]*)*$/;

export interface FileSearch {
  reading: StageReading;
  context: BuildContextView;
  output: BuildOutput;
  steps: BuildSteps;
  /** The WORKDIR the app runs in. */
  workdir: string;
  /** Folders the runtime stage declares as VOLUMEs. */
  volumes: string[];
}

/** Paths (absolute) the runtime stage must copy besides the artifacts, or why the split cannot tell. */
export function runtimeFiles(search: FileSearch, named: readonly string[]): string[] | string {
  const { reading, context, output } = search;
  const wanted: string[] = [...named];
  // by name, only what sits in the folder the app runs in: elsewhere it can only reach a file by a path its code names
  for (const p of reading.placements) {
    if (p.folder && p.image === search.workdir) {
      for (const entry of context.list(p.context) ?? []) {
        const folder = entry.endsWith('/');
        const name = entry.replace(/\/$/, '');
        if (isRunTimeEntry(output, joinContext(p.context, name), folder)) wanted.push(resolvePath(p.image, name));
      }
    } else if (parentOf(p.image) === search.workdir && isRunTimeEntry(output, p.context, p.folder)) {
      wanted.push(p.image);
    } else if (!p.folder && !isWithin(p.image, search.workdir) && !output.isSource(p.context, false)) {
      // a file put elsewhere was put there for the program, which may reach it by a path it builds ($HOME/.config/…)
      wanted.push(p.image);
    }
  }
  for (const path of output.sourceFiles) {
    const source = contextSource(context, path);
    const whole = READS_WORKDIR.exec(source.code);
    if (whole) return `${path} reads the folder it runs in (${whole[2]}) as a whole, and the split copies only the files it can name`;
    for (const literal of source.strings) {
      const found = literalPath(search, literal);
      if (Array.isArray(found)) wanted.push(...found);
      else if (typeof found === 'object') return found.blocked;
      else if (found) wanted.push(found);
    }
  }
  wanted.push(...foldersMadeForRuntime(search.steps, output));
  const kept = wanted.filter((p) => !output.artifacts.some((a) => isWithin(p, a)) && !search.steps.removed.some((r) => isWithin(p, r)));
  return outermost(kept);
}

function isRunTimeEntry(output: BuildOutput, contextPath: string, folder: boolean): boolean {
  if (output.isSource(contextPath, folder)) return false;
  return folder ? ASSET_FOLDERS.has(lastName(contextPath)) : CONFIG_FILE.test(lastName(contextPath));
}

/** The image path a string literal names (a file the build copied; the files a pattern matches in the working folder), undefined when none, or why it blocks. */
function literalPath(search: FileSearch, literal: string): string | string[] | undefined | { blocked: string } {
  if (literal.length > 200 || !PATH_LITERAL.test(literal)) return undefined;
  const plain = literal.split('/').filter((part, i, all) => !/[*?]/.test(part) && !all.slice(0, i).some((p) => /[*?]/.test(p))).join('/');
  const path = resolvePath(search.workdir, plain || '.');
  const pattern = literal.slice(plain.length).replace(/^\//, '');
  // `*.tmpl` in the working folder: the files it matches there (elsewhere the folder named before the pattern goes along)
  if (path === search.workdir && /\w/.test(pattern) && !pattern.includes('/')) return entriesIn(search, path).filter((p) => globPattern(pattern).test(lastName(p)));
  if (path === search.workdir || path === '/') return undefined;
  if (contextPathAt(search.reading, path, search.context) !== undefined) return path;
  // code often climbs from its own folder (`path.join(__dirname, '../emails')`), which is not the working folder
  if (literal.startsWith('../')) return { blocked: `the code names ${literal}, a path relative to a folder the split cannot tell` };
  if (!literal.startsWith('/') || !SYSTEM_FOLDERS.some((f) => isWithin(path, f))) return undefined;
  if (search.output.artifacts.some((a) => isWithin(path, a) || isWithin(a, path)) || search.output.setupPaths.some((p) => isWithin(path, p))) return undefined;
  if (SYSTEM_PROVIDED.some((p) => isWithin(path, p)) || search.volumes.some((v) => isWithin(path, v))) return undefined;
  if (search.steps.madeFolders.some((f) => isWithin(path, f))) return undefined;
  return { blocked: `the code names ${literal}, which the split cannot find in the build and the runtime image may lack` };
}

/** Image paths directly inside `folder` that the COPYs put there. */
function entriesIn(search: FileSearch, folder: string): string[] {
  const found: string[] = [];
  for (const p of search.reading.placements) {
    if (p.folder && p.image === folder) for (const entry of search.context.list(p.context) ?? []) found.push(resolvePath(folder, entry.replace(/\/$/, '')));
    else if (parentOf(p.image) === folder) found.push(p.image);
  }
  return found;
}

/** Folders the build made that hold no artifact (a folder made for the output is not one the program uses). */
export function foldersMadeForRuntime(steps: BuildSteps, output: BuildOutput): string[] {
  return steps.madeFolders.filter((f) => !output.artifacts.some((a) => isWithin(a, f)) && !steps.removed.some((r) => isWithin(f, r)));
}

/** Paths without those inside another, sorted. */
function outermost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && isWithin(p, q)));
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
