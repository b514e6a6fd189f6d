import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runPipeline } from '../engine.js';
import { DockerfileError, printable } from '../errors.js';
import type { FixResult, Transform } from '../types.js';
import { UsageError, type FailOn, type FixArgs } from './args.js';
import type { ConfigSettings } from './config-check.js';
import { didYouMean } from './suggest.js';
import { buildContextView } from './context.js';
import { decodeDockerfile } from './decode.js';
import { MAX_SOURCE_LENGTH, megabytes } from '../validate.js';

/** What the engine is asked to run for the files under one configuration (or none), flags overriding it. */
export interface Plan {
  /** The registry the engine picks from; skipped transforms are removed here so held-back ones are still reported. */
  registry: readonly Transform[];
  /** `only` ids: run exactly these (naming an unsafe one enables it). */
  chosen: string[] | undefined;
  /** All unsafe transforms, or those with these ids. */
  unsafe: boolean | string[];
  /** Options per transform id, from the configuration. */
  transformOptions: Record<string, Record<string, unknown>>;
  /** What makes the run exit 1 for these files (beyond --check). */
  failOn: FailOn[];
  /** --context DIR, resolved: the build context of every file; otherwise each Dockerfile's folder. */
  contextDir: string | undefined;
}

/**
 * Plans per configuration file. The command line is checked when this is made, before any file is
 * read: unknown ids and a missing --context folder are usage errors.
 */
export class Planner {
  private readonly plans = new Map<string, Plan>();
  private readonly contextDir: string | undefined;

  constructor(
    private readonly args: Pick<FixArgs, 'only' | 'skip' | 'unsafe' | 'context' | 'failOn'>,
    private readonly registry: readonly Transform[],
    cwd: string,
  ) {
    const ids = registry.map((t) => t.id);
    for (const [flag, list] of [['--only', args.only], ['--skip', args.skip]] as const) {
      const unknown = (list ?? []).filter((id) => !ids.includes(id));
      if (unknown.length) {
        const near = unknown.length === 1 ? didYouMean(unknown[0], ids) : '';
        throw new UsageError(`${flag}: unknown transform ${unknown.map((id) => `"${id}"`).join(', ')}${near || `; valid ids: ${ids.join(', ')}`}`);
      }
    }
    if (args.context !== undefined) {
      this.contextDir = path.resolve(cwd, args.context);
      if (!isFolder(this.contextDir)) throw new UsageError(`--context: ${args.context} is not a folder`);
    }
  }

  /** The plan for files whose configuration is `config` (its path keys the cache). */
  planFor(config: { file: string; settings: ConfigSettings } | undefined): Plan {
    const key = config?.file ?? '';
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.make(config?.settings ?? {});
      this.plans.set(key, plan);
    }
    return plan;
  }

  private make(settings: ConfigSettings): Plan {
    const { args } = this;
    const flagsChoose = args.only !== undefined || args.skip !== undefined; // the flags replace the file's only and skip together
    const only = flagsChoose ? args.only : settings.only;
    const skip = new Set((flagsChoose ? args.skip : settings.skip) ?? []);
    const registry = this.registry.filter((t) => !skip.has(t.id));
    const transformOptions = Object.fromEntries(Object.entries(settings.transforms ?? {}).filter(([id]) => !skip.has(id)));
    return {
      registry,
      chosen: only,
      unsafe: args.unsafe ?? settings.unsafe ?? false,
      transformOptions,
      failOn: args.failOn ?? settings.failOn ?? [],
      contextDir: this.contextDir,
    };
  }
}

/**
 * Runs the engine on one text. The build context is --context DIR, or else `defaultContext` (the
 * Dockerfile's folder); `dockerfile` (its path) finds a `<Dockerfile>.dockerignore`; the diff names
 * the context's files relative to `cwd`. Throws what the engine throws.
 */
export function fixText(source: string, filename: string, defaultContext: string, plan: Plan, dockerfile?: string, cwd?: string): FixResult {
  const contextDir = contextDirOf(plan, defaultContext);
  return runPipeline(source, plan.registry, {
    filename,
    transforms: plan.chosen,
    unsafe: plan.unsafe,
    transformOptions: plan.transformOptions,
    buildContext: buildContextView(contextDir, dockerfile),
    contextPath: cwd === undefined ? undefined : contextFileDisplay(cwd, contextDir, ''),
  });
}

/** A build-context file's path as the CLI shows it: relative to the working folder, with `/`. */
export function contextFileDisplay(cwd: string, contextDir: string, file: string): string {
  const rel = path.relative(cwd, path.join(contextDir, file)).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

/** The folder `docker build` would be given for a Dockerfile whose own folder is `dockerfileDir`. */
export function contextDirOf(plan: Plan, dockerfileDir: string): string {
  return plan.contextDir ?? dockerfileDir;
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Reads a Dockerfile as UTF-8 (see decodeDockerfile); a file larger than the engine reads is refused before it is read. */
export function readDockerfile(abs: string, file: string): string {
  const size = statSync(abs).size;
  if (size > MAX_SOURCE_LENGTH) throw new DockerfileError(`${megabytes(size)} is more than dockerslim reads (${megabytes(MAX_SOURCE_LENGTH)}); left untouched`, file, undefined);
  return decodeDockerfile(readFileSync(abs), file);
}

/** The message to show for a failure on `file`: DockerfileError already reads `file:line: msg`. */
export function errorMessage(file: string, e: unknown): string {
  if (e instanceof DockerfileError) return printable(e.message, Infinity);
  const text = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown }).code;
  return printable(typeof code === 'string' && text.startsWith(`${code}:`) ? `${file}: ${text.split(',')[0]}` : `${file}: ${text}`, Infinity);
}
