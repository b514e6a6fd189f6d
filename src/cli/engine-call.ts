import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runPipeline } from '../engine.js';
import { DockerfileError, printable } from '../errors.js';
import type { FixResult, Transform } from '../types.js';
import type { FixArgs } from './args.js';
import { UsageError } from './args.js';
import { buildContextView } from './context.js';
import { decodeDockerfile } from './decode.js';
import { MAX_SOURCE_LENGTH, megabytes } from '../validate.js';

/** What the engine is asked to run, decided once per invocation from --only/--skip/--unsafe. */
export interface Plan {
  /** The registry the engine picks from; --skip removes transforms here so held-back ones are still reported. */
  registry: readonly Transform[];
  /** --only ids: run exactly these (naming an unsafe one enables it). */
  chosen: string[] | undefined;
  unsafe: boolean;
  /** --context DIR, resolved: the build context of every file; otherwise each Dockerfile's folder. */
  contextDir: string | undefined;
}

export function planFromArgs(args: Pick<FixArgs, 'only' | 'skip' | 'unsafe' | 'context'>, registry: readonly Transform[], cwd = '.'): Plan {
  for (const [flag, ids] of [['--only', args.only], ['--skip', args.skip]] as const) {
    const unknown = (ids ?? []).filter((id) => !registry.some((t) => t.id === id));
    if (unknown.length) {
      const valid = registry.map((t) => t.id).join(', ');
      throw new UsageError(`${flag}: unknown transform ${unknown.map((id) => `"${id}"`).join(', ')}; valid ids: ${valid}`);
    }
  }
  const skip = new Set(args.skip ?? []);
  let contextDir: string | undefined;
  if (args.context !== undefined) {
    contextDir = path.resolve(cwd, args.context);
    if (!isFolder(contextDir)) throw new UsageError(`--context: ${args.context} is not a folder`);
  }
  return { registry: registry.filter((t) => !skip.has(t.id)), chosen: args.only, unsafe: args.unsafe, contextDir };
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
