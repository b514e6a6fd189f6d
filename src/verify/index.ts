/**
 * The engine behind `dockerslim fix --verify`: builds the original and the rewritten Dockerfile with
 * the user's own `docker` client (so DOCKER_HOST and docker contexts apply), compares image sizes,
 * and runs an optional smoke command in both images. Loaded only on --verify.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chooseBuilder, firstLine, lastLines, runCommand, type Builder } from './docker.js';
import { smokeCommand, type SmokeCommand } from './smoke.js';

export { formatVerifyResult } from './format.js';

export interface VerifyOptions {
  /** `--build-arg` values: `KEY=VALUE` (or `KEY`, taken from the environment), or a KEY → VALUE record. */
  buildArgs: string[] | Record<string, string>;
  target?: string;
  /**
   * A command run in both images with their entrypoint replaced; exit status and stdout must agree.
   * A program and its arguments run as an argv (no shell needed in the image); a command that uses
   * shell syntax (pipes, redirections, $VARS, globs, builtins) runs as `sh -c CMD`.
   */
  smoke?: string;
  keepImages: boolean;
  /** The ignore file the rewritten build uses, when the rewrite edits or creates it (laid beside its Dockerfile copy). */
  rewrittenIgnore?: string;
  /** Client binary, default `docker`. */
  docker?: string;
  onProgress?: (line: string) => void;
}

export interface BuildOutcome {
  ok: boolean;
  imageId?: string;
  /** The tag the image was built under; it stays only with keepImages. */
  tag?: string;
  sizeBytes?: number;
  seconds: number;
  /** The last lines of the build output (and of the failure, when it failed). */
  logTail: string;
}

export interface SmokeRun {
  code: number;
  stdout: string;
  /** The last lines of stderr (the docker client's own message when the command could not start). */
  stderrTail: string;
}

export interface VerifyResult {
  file: string;
  before: BuildOutcome;
  after: BuildOutcome;
  smoke?: {
    command?: string;
    /** Why the command ran through `sh -c` rather than as an argv; absent when it ran as an argv. */
    shellReason?: string;
    before: SmokeRun;
    after: SmokeRun;
    agree: boolean;
  };
  ok: boolean;
  savedBytes?: number;
}

const DEFAULT_DOCKER = 'docker';
const BUILD_TIMEOUT_MS = 30 * 60_000;
const SMOKE_TIMEOUT_MS = 5 * 60_000;
const LOG_TAIL_LINES = 25;
const SMOKE_STDERR_LINES = 5;

/** Whether a container engine answers the client; when not, a one-line hint on how to get one. */
export async function engineAvailable(
  docker: string = DEFAULT_DOCKER,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const r = await runCommand(docker, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000 });
  if (r.spawnError) {
    return {
      ok: false,
      message: `${docker}: not found (${r.spawnError.code ?? r.spawnError.message}); --verify needs a Docker client and engine, see https://docs.docker.com/engine/install/`,
    };
  }
  if (r.code === 0 && r.stdout.trim() !== '') return { ok: true };
  const why = firstLine(r.stderr) || `exit ${r.code}`;
  return {
    ok: false,
    message: `no container engine answers \`${docker}\` (${why}); start one (Docker Desktop, \`sudo systemctl start docker\` or \`sudo dockerd &\`) or point DOCKER_HOST at one`,
  };
}

/**
 * Builds `original` and `rewritten` (both written to temp files, passed with -f) against the same
 * context, then runs the smoke command in both. The rewritten one is built only if the original builds.
 */
export async function verifyFile(
  file: string,
  original: string,
  rewritten: string,
  contextDir: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const docker = options.docker ?? DEFAULT_DOCKER;
  const progress = options.onProgress ?? (() => {});
  // Read before building, so a command that is not valid shell stops the run at once.
  const smokeRun = options.smoke === undefined ? undefined : smokeCommand(options.smoke);
  const builder = await chooseBuilder(docker);
  const work = await mkdtemp(join(tmpdir(), 'dockerslim-verify-'));
  const id = randomBytes(4).toString('hex');
  const tags = { before: `dockerslim-verify:${id}-before`, after: `dockerslim-verify:${id}-after` };
  const built: string[] = [];
  try {
    const ignoreFile = `${file}.dockerignore`; // BuildKit's per-Dockerfile ignore file must follow the copy
    const perDockerfileIgnore = existsSync(ignoreFile) ? ignoreFile : undefined;
    const stage = async (name: 'before' | 'after', text: string): Promise<string> => {
      const path = join(work, name, 'Dockerfile');
      await mkdir(join(work, name));
      await writeFile(path, text);
      // BuildKit prefers `<Dockerfile>.dockerignore` to the context's own, so the rewritten one applies only to its build
      if (name === 'after' && options.rewrittenIgnore !== undefined) await writeFile(`${path}.dockerignore`, options.rewrittenIgnore);
      else if (perDockerfileIgnore) await copyFile(perDockerfileIgnore, `${path}.dockerignore`);
      return path;
    };
    const buildArgs = buildArgFlags(options.buildArgs);

    progress(`verify: building the original ${file}${builder.buildkit ? '' : ' (legacy builder: no BuildKit in this client)'}`);
    const before = await build(docker, builder, await stage('before', original), contextDir, tags.before, buildArgs, options, progress);
    if (before.ok) built.push(tags.before);
    progress(`verify: original ${describeBuild(before)}`);
    if (!before.ok) {
      const after: BuildOutcome = { ok: false, seconds: 0, logTail: 'not built: the original Dockerfile does not build' };
      return { file, before, after, ok: false };
    }

    // the legacy builder reads only the context's .dockerignore: the rewritten one cannot apply to its build alone
    const ignoreNote = options.rewrittenIgnore !== undefined && !builder.buildkit ? ' (legacy builder: without the rewritten .dockerignore)' : '';
    progress(`verify: building the rewritten ${file}${ignoreNote}`);
    const after = await build(docker, builder, await stage('after', rewritten), contextDir, tags.after, buildArgs, options, progress);
    if (after.ok) built.push(tags.after);
    progress(`verify: rewritten ${describeBuild(after)}`);

    const result: VerifyResult = { file, before, after, ok: after.ok };
    if (before.sizeBytes !== undefined && after.sizeBytes !== undefined) result.savedBytes = before.sizeBytes - after.sizeBytes;
    if (after.ok && smokeRun !== undefined) {
      const how = smokeRun.kind === 'argv' ? 'as a command' : `through sh -c (${smokeRun.reason})`;
      progress(`verify: smoke \`${options.smoke}\` in both images, ${how}`);
      const smokeBefore = await smoke(docker, builder, tags.before, smokeRun);
      const smokeAfter = await smoke(docker, builder, tags.after, smokeRun);
      const agree = smokeBefore.code === smokeAfter.code && smokeBefore.stdout === smokeAfter.stdout;
      result.smoke = { command: options.smoke, before: smokeBefore, after: smokeAfter, agree };
      if (smokeRun.kind === 'shell') result.smoke.shellReason = smokeRun.reason;
      result.ok = agree;
    }
    return result;
  } finally {
    if (options.keepImages) {
      if (built.length) progress(`verify: kept ${built.join(', ')}`);
    } else if (built.length) {
      await runCommand(docker, ['image', 'rm', ...built], { env: builder.env, timeoutMs: 60_000 });
    }
    await rm(work, { recursive: true, force: true });
  }
}

function buildArgFlags(buildArgs: VerifyOptions['buildArgs']): string[] {
  const pairs = Array.isArray(buildArgs) ? buildArgs : Object.entries(buildArgs).map(([key, value]) => `${key}=${value}`);
  return pairs.flatMap((pair) => ['--build-arg', pair]);
}

async function build(
  docker: string,
  builder: Builder,
  dockerfile: string,
  contextDir: string,
  tag: string,
  buildArgs: string[],
  options: VerifyOptions,
  progress: (line: string) => void,
): Promise<BuildOutcome> {
  const iidFile = `${dockerfile}.iid`;
  // The legacy builder keeps the containers of failed steps unless told otherwise.
  const builderFlags = builder.buildkit ? ['--progress=plain'] : ['--force-rm'];
  const args = ['build', ...builderFlags, '-f', dockerfile, '-t', tag, '--iidfile', iidFile, ...buildArgs];
  if (options.target !== undefined) args.push('--target', options.target);
  args.push(contextDir);
  const started = process.hrtime.bigint();
  const r = await runCommand(docker, args, {
    env: builder.env,
    timeoutMs: BUILD_TIMEOUT_MS,
    onLine: (line) => {
      // Only step headers: BuildKit's `#7 [3/5] RUN …` and the legacy builder's `Step 3/5 : RUN …`.
      if (/^#\d+ \[[^\]]*\d+\/\d+\]/.test(line) || /^Step \d+\/\d+ :/.test(line)) progress(`  ${line}`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const logTail = lastLines(`${r.stdout}\n${r.stderr}`.trim(), LOG_TAIL_LINES);
  if (r.code !== 0) return { ok: false, seconds, logTail };
  const imageId = (await readFile(iidFile, 'utf8').catch(() => '')).trim() || undefined;
  const inspect = await runCommand(docker, ['image', 'inspect', '--format', '{{.Size}}', tag], { env: builder.env, timeoutMs: 60_000 });
  const size = Number(inspect.stdout.trim());
  const outcome: BuildOutcome = { ok: true, tag, seconds, logTail };
  if (imageId) outcome.imageId = imageId;
  if (inspect.code === 0 && Number.isFinite(size)) outcome.sizeBytes = size;
  return outcome;
}

/** Runs the smoke command as the container's process: the image's entrypoint is replaced, its USER, WORKDIR and ENV kept. */
async function smoke(docker: string, builder: Builder, tag: string, command: SmokeCommand): Promise<SmokeRun> {
  const [program, ...args] = command.kind === 'argv' ? command.argv : ['sh', '-c', command.command];
  const r = await runCommand(docker, ['run', '--rm', '--entrypoint', program, tag, ...args], {
    env: builder.env,
    timeoutMs: SMOKE_TIMEOUT_MS,
  });
  return { code: r.code, stdout: r.stdout, stderrTail: lastLines(r.stderr, SMOKE_STDERR_LINES) };
}

function describeBuild(outcome: BuildOutcome): string {
  if (!outcome.ok) return `failed after ${outcome.seconds.toFixed(1)}s`;
  const size = outcome.sizeBytes === undefined ? '' : `, ${(outcome.sizeBytes / 1e6).toFixed(1)} MB`;
  return `built in ${outcome.seconds.toFixed(1)}s${size}`;
}
