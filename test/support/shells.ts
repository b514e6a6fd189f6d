import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document } from '../../src/document.js';

export interface Outcome {
  stdout: string;
  ok: boolean;
}

/** Runs each body in a fresh `$SHELL body` in turn, as a build does, and stops at the first failure. */
const DRIVER = 'shell="$1"; shift; for body in "$@"; do $shell "$body" || exit 1; done';

/**
 * Runs RUN bodies the way a build does, under `shell` (the SHELL instruction's words), in a fresh
 * folder holding `sub/` and `lib.sh` (a script that fails, then prints `sourced`).
 */
export function build(bodies: readonly string[], shell: readonly string[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'shell-sem-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'lib.sh'), 'false; echo sourced\n');
  try {
    const r = spawnSync('/bin/sh', ['-c', DRIVER, 'driver', shell.join(' '), ...bodies], {
      cwd: dir,
      encoding: 'utf8',
      // stdin from /dev/null: bash reads ~/.bashrc when stdin is a socket, as node's pipes are
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    return { stdout: r.stdout.replaceAll(dir, '<dir>'), ok: r.status === 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The shell text of each RUN of a Dockerfile, as Docker hands it to the shell. */
export function runBodies(source: string): string[] {
  const doc = new Document(source);
  return doc.instructions.filter((i) => i.keyword === 'RUN').map((i) => doc.runBody(i).logical.text);
}

/** The SHELL words real-shell properties run under: dash and bash, with and without errexit. */
export const SHELLS: readonly (readonly string[])[] = [
  ['/bin/sh', '-c'],
  ['/bin/sh', '-e', '-c'],
  ['/bin/bash', '-eo', 'pipefail', '-c'],
  ['/bin/bash', '-c'],
  ['/bin/bash', '-o', 'posix', '-e', '-c'],
];

/** A SHELL line for `shell`, or nothing for Docker's default `/bin/sh -c`. */
export function shellLine(shell: readonly string[]): string {
  return shell.length === 2 && shell[0] === '/bin/sh' ? '' : `SHELL ${JSON.stringify(shell)}\n`;
}
