import { spawn } from 'node:child_process';

/** What a finished command left behind; `code` is 127 when the binary could not be started. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started at all (for example ENOENT). */
  spawnError?: NodeJS.ErrnoException;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Called with each complete line of stdout and stderr as it arrives. */
  onLine?: (line: string) => void;
}

/** Runs a command to completion; a non-zero exit is a result, not an exception. */
export function runCommand(binary: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const pending = { out: '', err: '' };
    const feed = (key: 'out' | 'err', chunk: string): void => {
      if (!options.onLine) return;
      const lines = (pending[key] + chunk).split('\n');
      pending[key] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      feed('out', chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      feed('err', chunk);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + error.message, spawnError: error });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (options.onLine) for (const rest of [pending.out, pending.err]) if (rest) options.onLine(rest);
      const note = timedOut ? `\n(stopped after ${Math.round((options.timeoutMs ?? 0) / 1000)}s)` : '';
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: stderr + note });
    });
  });
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** How to invoke `docker build` with a given client: BuildKit when the client can, else the legacy builder. */
export interface Builder {
  env: NodeJS.ProcessEnv;
  buildkit: boolean;
}

const builders = new Map<string, Promise<Builder>>();

/**
 * Chooses the builder once per client. DOCKER_BUILDKIT set by the user wins. Otherwise BuildKit when
 * `docker buildx` works, or when the client predates 23.0 (BuildKit built into `docker build`);
 * a newer client without the buildx plugin refuses DOCKER_BUILDKIT=1, so it gets the legacy builder.
 */
export function chooseBuilder(docker: string): Promise<Builder> {
  let builder = builders.get(docker);
  if (!builder) {
    builder = probeBuilder(docker);
    builders.set(docker, builder);
  }
  return builder;
}

async function probeBuilder(docker: string): Promise<Builder> {
  const given = process.env.DOCKER_BUILDKIT;
  if (given !== undefined && given !== '') {
    return { env: process.env, buildkit: given !== '0' && given.toLowerCase() !== 'false' };
  }
  const withBuildkit = (on: boolean): Builder => ({ env: { ...process.env, DOCKER_BUILDKIT: on ? '1' : '0' }, buildkit: on });
  const buildx = await runCommand(docker, ['buildx', 'version'], { timeoutMs: 20_000 });
  if (buildx.code === 0) return withBuildkit(true);
  const version = await runCommand(docker, ['version', '--format', '{{.Client.Version}}'], { timeoutMs: 20_000 });
  const major = Number(/^(\d+)\./.exec(version.stdout.trim())?.[1] ?? NaN);
  return withBuildkit(Number.isFinite(major) && major < 23);
}
