import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/io.js';
import type { Transform } from '../../src/types.js';

/** Two RUNs merge-runs folds into one: the stock "something to fix". */
export const FIXABLE = 'FROM debian\nRUN echo a\nRUN echo b\n';
export const FIXED = 'FROM debian\nRUN echo a \\\n    && echo b\n';
/** Nothing to do: one RUN. */
export const CLEAN = 'FROM debian\nRUN echo a\n';
/** Docker rejects it: unknown instruction on line 2. */
export const BROKEN = 'FROM debian\nFOO bar\n';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory holding `files` (paths with / may nest); removed after each test. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerslim-cli-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(dir, name);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export function read(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

/** An Io.stdin that gives `input` (text is encoded as UTF-8). */
export function stdinOf(input: string | Uint8Array): () => Promise<Uint8Array> {
  return async () => (typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; no TTY and no colour unless asked. */
export async function cli(
  argv: string[],
  options: Partial<Io> & { cwd: string },
  registry?: readonly Transform[],
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdin: stdinOf(''),
    isTTY: false,
    env: {},
    ...options,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  };
  const code = await run(argv, io, registry);
  return { code, stdout, stderr };
}
