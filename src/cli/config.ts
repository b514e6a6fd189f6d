import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkConfig, type ConfigSettings } from './config-check.js';
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

type Searcher = import('lilconfig').AsyncSearcher;

/**
 * Finds the configuration of each Dockerfile: the nearest file of CONFIG_FILES from the Dockerfile's
 * folder up to its project root (`--config FILE`: that file for all; `--no-config`: none). Nothing
 * is merged across folders. lilconfig (and the YAML parser, for YAML files) is loaded on the first search.
 */
export class ConfigFinder {
  private readonly searchers = new Map<string, Searcher>();
  private readonly checked = new Map<string, LoadedConfig | undefined>();
  private lilconfig: typeof import('lilconfig') | undefined;
  private readonly loaders: ReturnType<typeof loaders>;

  constructor(
    private readonly cwd: string,
    private readonly roots: ProjectRoots,
    private readonly registry: readonly Transform[],
    private readonly mode: { file: string } | 'search' | 'none',
  ) {
    this.loaders = loaders((abs) => displayPath(cwd, abs));
  }

  /** The configuration in force for a Dockerfile at `abs` (which need not exist, for --stdin-filepath). */
  async forFile(abs: string): Promise<LoadedConfig | undefined> {
    if (this.mode === 'none') return undefined;
    if (this.mode !== 'search') return this.named(this.mode.file);
    const dir = path.dirname(abs);
    const root = this.roots.rootOf(dir);
    let searcher = this.searchers.get(root);
    if (!searcher) {
      const { lilconfig } = await this.load();
      searcher = lilconfig('dockerslim', { searchPlaces: CONFIG_FILES, loaders: this.loaders, stopDir: root, ignoreEmptySearchPlaces: false });
      this.searchers.set(root, searcher);
    }
    const found = await this.read(() => searcher.search(dir));
    return found ? this.check(found.filepath, found.config) : undefined;
  }

  /** --config FILE. */
  private async named(file: string): Promise<LoadedConfig | undefined> {
    const abs = path.resolve(this.cwd, file);
    if (this.checked.has(abs)) return this.checked.get(abs);
    const { lilconfig } = await this.load();
    const found = await this.read(() => lilconfig('dockerslim', { loaders: this.loaders, ignoreEmptySearchPlaces: false }).load(abs), file);
    if (found && found.config === null) throw new ConfigError(`--config: ${file} has no \`dockerslim\` key`);
    return this.check(abs, found?.config);
  }

  private check(abs: string, raw: unknown): LoadedConfig {
    const cached = this.checked.get(abs);
    if (cached) return cached;
    const shown = displayPath(this.cwd, abs);
    const inPackage = path.basename(abs) === 'package.json';
    const problem = checkConfig(raw ?? {}, this.registry, inPackage ? 'dockerslim' : '');
    if (typeof problem === 'string') throw new ConfigError(`${shown}: ${problem}`);
    const loaded = { file: abs, shown, settings: problem };
    this.checked.set(abs, loaded);
    return loaded;
  }

  private async read<T>(search: () => Promise<T>, named?: string): Promise<T> {
    try {
      return await search();
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      const code = (e as { code?: unknown }).code;
      if (named !== undefined && code === 'ENOENT') throw new ConfigError(`--config: ${named}: no such file`);
      throw new ConfigError(`${named ?? 'configuration'}: ${firstLine(e)}`);
    }
  }

  private async load(): Promise<typeof import('lilconfig')> {
    this.lilconfig ??= await import('lilconfig');
    return this.lilconfig;
  }
}

/** Loaders that name the file (as `shown` has it) in their errors; YAML is parsed only when a file is not JSON. */
function loaders(shown: (abs: string) => string) {
  const named = (parse: (text: string) => unknown) => async (file: string, content: string): Promise<unknown> => {
    const text = content.replace(/^\uFEFF/, '');
    try {
      return await parse(text);
    } catch (e) {
      throw new ConfigError(`${shown(file)}: ${withLine(firstLine(e).replace(/:$/, ''), text)}`);
    }
  };
  const module = async (file: string): Promise<unknown> => importModule(file, shown(file));
  return {
    '.json': named((text) => JSON.parse(text)),
    '.yaml': named(parseYaml),
    '.yml': named(parseYaml),
    noExt: named(async (text) => {
      try {
        return JSON.parse(text);
      } catch {
        return parseYaml(text); // YAML is a superset of JSON: its error is the one to show
      }
    }),
    '.js': module,
    '.mjs': module,
    '.cjs': module,
  };
}

async function parseYaml(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  return parse(text, { prettyErrors: true });
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
