import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkConfig, type ConfigSettings } from './config-check.js';
import { packageRequire, type PackageRequire } from './lazy.js';
import { displayPath, type ProjectRoots } from './project.js';
import type { Transform } from '../types.js';

export type { ConfigSettings } from './config-check.js';

/** A configuration file that was found (or named with --config), with its checked settings. */
export interface LoadedConfig {
  /** Absolute path of the file (package.json when the settings are its `dockerslim` key). */
  file: string;
  /** How messages name it. */
  shown: string;
  settings: ConfigSettings;
}

/** A configuration file that cannot be read or holds something dockerslim does not accept: `file: key: problem`. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where the settings may live, in the order each folder is searched (the first found in the nearest folder wins). */
export const CONFIG_FILES = [
  'package.json', // its `dockerslim` key; a package.json without one is passed over
  '.dockerslimrc', // JSON or YAML
  '.dockerslimrc.json',
  '.dockerslimrc.yaml',
  '.dockerslimrc.yml',
  '.dockerslimrc.js',
  '.dockerslimrc.mjs',
  '.dockerslimrc.cjs',
  'dockerslim.config.js',
  'dockerslim.config.mjs',
  'dockerslim.config.cjs',
];

type Lilconfig = typeof import('lilconfig');
type Searcher = ReturnType<Lilconfig['lilconfigSync']>;

/** What the search's loader gives for a JavaScript file: it is imported after the search, which cannot wait for it. */
class ModuleToImport {
  constructor(readonly file: string) {}
}

/**
 * Finds the configuration of each Dockerfile: the nearest file of CONFIG_FILES from the Dockerfile's
 * folder up to its project root (`--config FILE`: that file for all; `--no-config`: none). Nothing
 * is merged across folders. lilconfig searches (synchronously: its asynchronous search costs every
 * start more than the rest of a small run); it is loaded only when a candidate file exists, and
 * the YAML parser only for a file that is not JSON.
 */
export class ConfigFinder {
  private readonly searchers = new Map<string, Searcher>();
  private readonly checked = new Map<string, LoadedConfig>();
  private readonly candidates = new Map<string, boolean>();
  private readonly loaders: ReturnType<typeof syncLoaders>;
  private requirePackage: PackageRequire | undefined;

  constructor(
    private readonly cwd: string,
    private readonly roots: ProjectRoots,
    private readonly registry: readonly Transform[],
    private readonly mode: { file: string } | 'search' | 'none',
  ) {
    this.loaders = syncLoaders((abs) => displayPath(cwd, abs), (name) => this.requirePackage!(name));
  }

  /** The configuration in force for a Dockerfile at `abs` (which need not exist, for --stdin-filepath). */
  async forFile(abs: string): Promise<LoadedConfig | undefined> {
    if (this.mode === 'none') return undefined;
    if (this.mode !== 'search') return this.named(this.mode.file);
    const dir = path.dirname(abs);
    if (!this.roots.foldersUp(dir).some((folder) => this.hasCandidate(folder))) return undefined;
    const root = this.roots.rootOf(dir);
    let searcher = this.searchers.get(root);
    if (!searcher) {
      searcher = (await this.lilconfig()).lilconfigSync('dockerslim', { searchPlaces: CONFIG_FILES, loaders: this.loaders, stopDir: root, ignoreEmptySearchPlaces: false });
      this.searchers.set(root, searcher);
    }
    const found = this.read(() => searcher.search(dir));
    return found ? this.check(found.filepath, found.config) : undefined;
  }

  /** --config FILE. */
  private async named(file: string): Promise<LoadedConfig> {
    const abs = path.resolve(this.cwd, file);
    const known = this.checked.get(abs);
    if (known) return known;
    if (!existsSync(abs)) throw new ConfigError(`--config: ${file}: no such file`);
    const { lilconfigSync } = await this.lilconfig();
    const found = this.read(() => lilconfigSync('dockerslim', { loaders: this.loaders, ignoreEmptySearchPlaces: false }).load(abs));
    if (found && found.config === null) throw new ConfigError(`--config: ${file} has no \`dockerslim\` key`);
    return this.check(abs, found?.config);
  }

  private async check(abs: string, raw: unknown): Promise<LoadedConfig> {
    const cached = this.checked.get(abs);
    if (cached) return cached;
    const shown = displayPath(this.cwd, abs);
    const value = raw instanceof ModuleToImport ? await importModule(raw.file, shown) : raw;
    const inPackage = path.basename(abs) === 'package.json';
    const settings = checkConfig(value ?? {}, this.registry, inPackage ? 'dockerslim' : '');
    if (typeof settings === 'string') throw new ConfigError(`${shown}: ${settings}`);
    const loaded = { file: abs, shown, settings };
    this.checked.set(abs, loaded);
    return loaded;
  }

  /**
   * Whether a folder holds a file the search could take: where none does, lilconfig is not even
   * loaded. A package.json counts when it has the `dockerslim` key (or cannot be parsed: lilconfig
   * then says why).
   */
  private hasCandidate(folder: string): boolean {
    let has = this.candidates.get(folder);
    if (has === undefined) {
      has = CONFIG_FILES.some((name) => (name === 'package.json' ? mayHoldKey(path.join(folder, name)) : existsSync(path.join(folder, name))));
      this.candidates.set(folder, has);
    }
    return has;
  }

  private async lilconfig(): Promise<Lilconfig> {
    const requirePackage = (this.requirePackage ??= await packageRequire());
    return requirePackage('lilconfig') as Lilconfig;
  }

  private read<T>(search: () => T): T {
    try {
      return search();
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`configuration: ${firstLine(e)}`);
    }
  }
}

function mayHoldKey(packageJson: string): boolean {
  let text: string;
  try {
    text = readFileSync(packageJson, 'utf8');
  } catch {
    return false;
  }
  try {
    const pkg: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof pkg !== 'object' || pkg === null || 'dockerslim' in pkg;
  } catch {
    return true;
  }
}

/**
 * Loaders that name the file (as `shown` has it) in their errors; YAML is parsed (and its parser
 * loaded, by `requirePackage`) only when a file is not JSON.
 */
function syncLoaders(shown: (abs: string) => string, requirePackage: PackageRequire) {
  const parseYaml = (text: string): unknown => (requirePackage('yaml') as typeof import('yaml')).parse(text, { prettyErrors: true });
  const named = (parse: (text: string) => unknown) => (file: string, content: string): unknown => {
    const text = content.replace(/^\uFEFF/, '');
    try {
      return parse(text);
    } catch (e) {
      throw new ConfigError(`${shown(file)}: ${withLine(firstLine(e).replace(/:$/, ''), text)}`);
    }
  };
  const later = (file: string) => new ModuleToImport(file);
  return {
    '.json': named((text) => JSON.parse(text)),
    '.yaml': named(parseYaml),
    '.yml': named(parseYaml),
    noExt: named((text) => {
      try {
        return JSON.parse(text);
      } catch {
        return parseYaml(text); // YAML is a superset of JSON: its error is the one to show
      }
    }),
    '.js': later,
    '.mjs': later,
    '.cjs': later,
  };
}

async function importModule(file: string, shown: string): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    throw new ConfigError(`${shown}: ${firstLine(e)}`);
  }
  const value = await mod.default;
  if (value === undefined) throw new ConfigError(`${shown}: exports no settings (export default { ... }, or module.exports = { ... })`);
  return value;
}

/** JSON.parse says where it stopped as an offset (`at position 42`); people want the line. */
function withLine(message: string, text: string): string {
  const at = /at position (\d+)(?! \(line)/.exec(message);
  if (!at) return message;
  const offset = Number(at[1]);
  const line = text.slice(0, offset).split('\n').length;
  return `${message} (line ${line}, column ${offset - text.lastIndexOf('\n', offset - 1)})`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
