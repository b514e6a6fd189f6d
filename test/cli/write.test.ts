import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, linkSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileAtomic } from '../../src/cli/write.js';
import { FIXABLE, FIXED, cli, project, read } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = path.join(root, 'dist/src/cli/main.js'); // npm test builds first
const isRoot = process.getuid?.() === 0;

/** Runs the built CLI as another user (needs root): what an ordinary user meets. */
function runAs(uid: number, gid: number, args: string[], cwd: string) {
  return spawnSync(process.execPath, [main, ...args], { cwd, uid, gid, encoding: 'utf8' });
}

/** The whole content a file descriptor reads from its start. */
function readFd(fd: number): string {
  const buffer = Buffer.alloc(4096);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  return buffer.subarray(0, n).toString('utf8');
}

describe('fix --write replaces a file atomically', () => {
  it('a reader that opened the Dockerfile before the write still reads the whole old text: a new file was renamed over it', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const file = path.join(cwd, 'Dockerfile');
    const before = statSync(file).ino;
    const reader = openSync(file, 'r');
    try {
      const r = await cli(['fix', '--write'], { cwd });
      expect(r.code).toBe(0);
      expect(readFd(reader)).toBe(FIXABLE); // an in-place write would show the new text (or a torn one) here
    } finally {
      closeSync(reader);
    }
    expect(statSync(file).ino).not.toBe(before);
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect(readdirSync(cwd)).toEqual(['Dockerfile']);
  });

  it('keeps a hard-linked file\'s links: written in place, so every name shows the new text', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const file = path.join(cwd, 'Dockerfile');
    linkSync(file, path.join(cwd, 'Dockerfile.same'));
    const before = statSync(file);
    const r = await cli(['fix', '--write', 'Dockerfile'], { cwd });
    expect(r.code).toBe(0);
    const after = statSync(file);
    expect([after.ino, after.nlink]).toEqual([before.ino, 2]);
    expect(read(cwd, 'Dockerfile.same')).toBe(FIXED);
    expect(readdirSync(cwd).sort()).toEqual(['Dockerfile', 'Dockerfile.same']);
  });
});

describe('fix --write and the file\'s owner and permissions', () => {
  it('refuses a Dockerfile the user may not write (exit 2) instead of renaming a new file over it', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const file = path.join(cwd, 'Dockerfile');
    chmodSync(file, 0o444);
    let code: number | null;
    let stderr: string;
    if (isRoot) {
      chmodSync(cwd, 0o777); // the folder is writable, so only the check stands between the user and a rename
      ({ status: code, stderr } = runAs(65534, 65534, ['fix', '--write'], cwd));
    } else {
      ({ code, stderr } = await cli(['fix', '--write'], { cwd }));
    }
    expect(code).toBe(2);
    expect(stderr).toContain('Dockerfile: not writable by you (permission denied); left as it was');
    expect(read(cwd, 'Dockerfile')).toBe(FIXABLE);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readdirSync(cwd)).toEqual(['Dockerfile']);
  });

  it.runIf(isRoot)('keeps the owner and group of a file someone else owns', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const file = path.join(cwd, 'Dockerfile');
    chownSync(file, 1234, 5678);
    await cli(['fix', '--write'], { cwd });
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect([statSync(file).uid, statSync(file).gid]).toEqual([1234, 5678]);
  });

  it.runIf(isRoot)('writes in place when the user may write the file but could not give a new file its owner', () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const file = path.join(cwd, 'Dockerfile');
    chmodSync(cwd, 0o777);
    chownSync(file, 1000, 1001);
    chmodSync(file, 0o664); // group-writable: user 1001 of group 1001 may write it
    const r = runAs(1001, 1001, ['fix', '--write'], cwd);
    expect(r.status, r.stderr).toBe(0);
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect([statSync(file).uid, statSync(file).gid, statSync(file).mode & 0o777]).toEqual([1000, 1001, 0o664]);
    expect(readdirSync(cwd)).toEqual(['Dockerfile']);
  });
});

describe('a signal during fix --write', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} in the middle of writing a file leaves no temp file behind, and the file whole`, async () => {
      const cwd = project({ Dockerfile: FIXABLE, 'b/Dockerfile': FIXABLE });
      const preload = pathToFileURL(path.join(root, 'test/cli/fixtures/slow-write.mjs')).href;
      const child = spawn(process.execPath, ['--import', preload, main, 'fix', '--write'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const ended = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('slow-write: writing')) resolve();
        });
        child.on('exit', () => resolve());
      });
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(readdirSync(cwd).sort()).toEqual(['Dockerfile', 'b']);
      expect(readdirSync(path.join(cwd, 'b'))).toEqual(['Dockerfile']);
      expect([FIXABLE, FIXED]).toContain(read(cwd, 'Dockerfile'));
      expect(read(cwd, 'b/Dockerfile')).toBe(FIXABLE); // the run stopped between the files
    });
  }
});

describe('creating a file atomically', () => {
  it('writes the whole text under the default mode for new files and leaves no temp file', () => {
    const dir = project({});
    const file = path.join(dir, '.dockerignore');
    createFileAtomic(file, '.git\nnode_modules\n');
    expect(readFileSync(file, 'utf8')).toBe('.git\nnode_modules\n');
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(readdirSync(dir)).toEqual(['.dockerignore']);
  });

  it('fails rather than replace a file that exists, and cleans up its temp file', () => {
    const dir = project({ '.dockerignore': 'mine\n' });
    const file = path.join(dir, '.dockerignore');
    expect(() => createFileAtomic(file, '.git\n')).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(readdirSync(dir)).toEqual(['.dockerignore']);
  });
});
