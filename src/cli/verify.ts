import type { VerifyArgs } from './args.js';

/**
 * The part of src/verify/index.ts the CLI uses. Declared here, not imported, because that module
 * is loaded only on --verify: the core CLI must not pull in child_process.
 */
export interface VerifyModule {
  engineAvailable(docker?: string): unknown;
  verifyFile(
    file: string,
    original: string,
    rewritten: string,
    contextDir: string,
    options: {
      buildArgs: Record<string, string>;
      target: string | undefined;
      smoke: string | undefined;
      keepImages: boolean;
      onProgress: (message: string) => void;
      rewrittenIgnore?: string;
    },
  ): Promise<{ ok: boolean }>;
  formatVerifyResult(result: { ok: boolean }, transformIds: string[]): string;
}

export interface Verdict {
  ok: boolean;
  /** Human-readable result, as formatted by the verify module. */
  report: string;
}

export interface Verifier {
  /** `rewrittenIgnore`: the ignore file's new text, when the rewrite changes it. */
  verify(file: string, original: string, rewritten: string, contextDir: string, transformIds: string[], rewrittenIgnore?: string): Promise<Verdict>;
}

/** Loads the verify module by a non-literal specifier, so tsc and bundlers leave it out of the core graph. */
export async function loadVerifyModule(): Promise<VerifyModule> {
  const specifier = '../verify/index.js';
  return (await import(specifier)) as VerifyModule;
}

/** A ready verifier, or the one-line reason there is none (no module, no container engine). */
export async function openVerifier(
  args: VerifyArgs,
  load: () => Promise<VerifyModule>,
  onProgress: (message: string) => void,
): Promise<Verifier | string> {
  let mod: VerifyModule;
  try {
    mod = await load();
  } catch (e) {
    return `--verify is not available in this build (${errorText(e)})`;
  }
  const problem = await engineProblem(mod);
  if (problem) return problem;
  return {
    async verify(file, original, rewritten, contextDir, transformIds, rewrittenIgnore) {
      const { smoke, buildArgs, target, keepImages } = args;
      const options = { buildArgs, target, smoke, keepImages, onProgress, ...(rewrittenIgnore === undefined ? {} : { rewrittenIgnore }) };
      const result = await mod.verifyFile(file, original, rewritten, contextDir, options);
      return { ok: result.ok, report: mod.formatVerifyResult(result, transformIds) };
    },
  };
}

/**
 * engineAvailable's reply, read leniently: it may throw, return a boolean, or an `{ ok, message }`
 * record. Tighten once src/verify/index.ts settles its contract.
 */
async function engineProblem(mod: VerifyModule): Promise<string | undefined> {
  let reply: unknown;
  try {
    reply = await mod.engineAvailable();
  } catch (e) {
    return errorText(e);
  }
  if (reply === true || reply === undefined) return undefined;
  if (reply === false) return 'no container engine available for --verify';
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const { ok, message } = reply as { ok: unknown; message?: unknown };
    if (ok) return undefined;
    return typeof message === 'string' ? message : 'no container engine available for --verify';
  }
  return undefined;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
