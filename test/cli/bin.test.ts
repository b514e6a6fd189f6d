import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the built binary', () => {
  it('node dist/src/cli/main.js --version prints the package version (run after tsc)', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    const out = execFileSync(process.execPath, ['dist/src/cli/main.js', '--version'], { cwd: root, encoding: 'utf8' });
    expect(out).toBe(`${pkg.version}\n`);
  });

  // what npx and a global install run: the file itself, through its #! line (the build marks it executable)
  it.skipIf(process.platform === 'win32')('runs as a program of its own', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    const out = execFileSync(`${root}${pkg.bin.dockerslim}`, ['--version'], { cwd: root, encoding: 'utf8' });
    expect(out).toBe(`${pkg.version}\n`);
  });
});
