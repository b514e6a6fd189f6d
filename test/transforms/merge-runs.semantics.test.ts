import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { fix } from '../../src/index.js';

/** RUN bodies that exercise state, exit status and grouping. */
const BODIES = [
  'echo plain',
  'cd sub',
  'pwd',
  'export X=exported',
  'echo "X=$X Y=$Y"',
  'Y=assigned',
  'false',
  'true',
  'exit 3',
  'exit 0',
  'set -e',
  'false || echo fallback',
  'echo one; false',
  'false; echo two',
  'if [ -d sub ]; then echo has-sub; fi',
  'for i in 1 2; do echo loop$i; done',
  'echo "i=$i"',
  'umask 077',
  'umask',
  'f() { echo fn; }',
  'f',
  'echo ${Z:=defaulted}',
  'echo "Z=$Z"',
  'touch made && ls',
  'ls | wc -l',
  '(cd sub && pwd)',
  '{ echo grouped; false; }',
  '! false',
  'test -f made && echo found-made',
  // errexit turned on in the body: `&&` after it would switch it off
  'set -e; false; echo after-set-e',
  'set -eu && echo strict',
  'set -o errexit; false; echo after-errexit',
  'for i in 1 2; do false; echo iter$i; done',
  'echo "[$(set -e; false; echo in-sub)]"',
];

interface Outcome {
  stdout: string;
  ok: boolean;
}

/** Runs each body in a fresh `$SHELL body` in turn, as a build does, and stops at the first failure. */
const DRIVER = 'shell="$1"; shift; for body in "$@"; do $shell "$body" || exit 1; done';

/** Runs `bodies` the way a build does, under `shell` (the SHELL instruction's words). */
function build(bodies: readonly string[], shell: readonly string[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'merge-sem-'));
  mkdirSync(join(dir, 'sub'));
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
function runBodies(source: string): string[] {
  const doc = new Document(source);
  return doc.instructions.filter((i) => i.keyword === 'RUN').map((i) => doc.runBody(i).logical.text);
}

describe('merge-runs keeps what every command sees', () => {
  it('a merged RUN prints the same and fails exactly when the original RUNs failed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...BODIES), { minLength: 2, maxLength: 4 }),
        fc.constantFrom(['/bin/sh', '-c'], ['/bin/sh', '-e', '-c'], ['/bin/bash', '-eo', 'pipefail', '-c'], ['/bin/bash', '-c']),
        (bodies, shell) => {
          const shellLine = shell[1] === '-c' && shell[0] === '/bin/sh' ? '' : `SHELL ${JSON.stringify(shell)}\n`;
          const source = `FROM debian\n${shellLine}${bodies.map((b) => `RUN ${b}\n`).join('')}`;
          const merged = runBodies(fix(source, { transforms: ['merge-runs'] }).output);
          expect(build(merged, shell)).toEqual(build(bodies, shell));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000); // hundreds of real shells
});
