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
];

interface Outcome {
  stdout: string;
  ok: boolean;
}

/** Runs `bodies` the way a build does: each in a fresh `sh -c`, stopping at the first failure. */
function build(bodies: readonly string[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'merge-sem-'));
  mkdirSync(join(dir, 'sub'));
  try {
    let stdout = '';
    for (const body of bodies) {
      const r = spawnSync('/bin/sh', ['-c', body], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      stdout += r.stdout.replaceAll(dir, '<dir>');
      if (r.status !== 0) return { stdout, ok: false };
    }
    return { stdout, ok: true };
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
      fc.property(fc.array(fc.constantFrom(...BODIES), { minLength: 2, maxLength: 4 }), (bodies) => {
        const source = `FROM debian\n${bodies.map((b) => `RUN ${b}\n`).join('')}`;
        const merged = runBodies(fix(source, { transforms: ['merge-runs'] }).output);
        expect(build(merged)).toEqual(build(bodies));
      }),
      { numRuns: 120 },
    );
  });
});
