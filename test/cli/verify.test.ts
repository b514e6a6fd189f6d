import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { VerifyModule } from '../../src/cli/verify.js';
import { FIXABLE, FIXED, cli, project, read } from './helpers.js';

const main = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)); // npm test builds first

/** A stand-in for src/verify: passes or fails by file name, and records what it was asked. */
function fakeVerify(engine: unknown = { ok: true }): { module: VerifyModule; calls: { file: string; options: unknown }[] } {
  const calls: { file: string; options: unknown }[] = [];
  const module: VerifyModule = {
    engineAvailable: () => engine,
    async verifyFile(file, _original, _rewritten, _contextDir, options) {
      calls.push({ file, options: { ...options, onProgress: undefined } });
      return { ok: !file.includes('bad') };
    },
    formatVerifyResult: (result, ids) => `verify ${result.ok ? 'ok' : 'FAILED'} (${ids.join(', ')})`,
  };
  return { module, calls };
}

describe('fix --verify', () => {
  it('verifies each changed file and writes only those that pass; a failure exits 2', async () => {
    const cwd = project({ 'good/Dockerfile': FIXABLE, 'bad/Dockerfile': FIXABLE, 'clean/Dockerfile': 'FROM debian\n' });
    const { module, calls } = fakeVerify();
    const r = await cli(['fix', '--write', '--verify', '--build-arg', 'A=1', '--target', 'prod'], { cwd, loadVerifyModule: async () => module });
    expect(r.code).toBe(2);
    expect(calls.map((c) => c.file.split('/').slice(-2).join('/'))).toEqual(['bad/Dockerfile', 'good/Dockerfile']);
    expect(calls[0].options).toMatchObject({ buildArgs: { A: '1' }, target: 'prod', smoke: undefined, keepImages: false });
    expect(read(cwd, 'good/Dockerfile')).toBe(FIXED);
    expect(read(cwd, 'bad/Dockerfile')).toBe(FIXABLE);
    expect(r.stderr).toContain('verify ok (merge-runs)');
    expect(r.stderr).toContain('verify FAILED (merge-runs)');
    expect(r.stderr).toContain('bad/Dockerfile: verification failed; file not written');
  });

  it('stops with exit 2 and the engine\'s one-line message when no engine is available', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const { module, calls } = fakeVerify({ ok: false, message: 'docker: not found on PATH' });
    const r = await cli(['fix', '--verify'], { cwd, loadVerifyModule: async () => module });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('dockerslim: docker: not found on PATH\n');
    expect(calls).toEqual([]);
  });

  it('hands the smoke command to the verifier as written, shell syntax and all (the verifier decides argv or sh -c)', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const { module, calls } = fakeVerify();
    const r = await cli(['fix', '--verify', '--smoke', `app --check 'two words' | head -1`], { cwd, loadVerifyModule: async () => module });
    expect(r.code).toBe(0);
    expect(calls[0].options).toMatchObject({ smoke: `app --check 'two words' | head -1` });
  });

  it('fix --help says a smoke command runs without a shell unless it uses shell syntax', async () => {
    const r = await cli(['fix', '--help'], { cwd: project({}) });
    expect(r.stdout).toMatch(/--smoke CMD[\s\S]*images without a shell[\s\S]*sh -c only when it uses shell syntax/);
  });

  it('says so when the verify module cannot be loaded', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--verify'], { cwd, loadVerifyModule: () => Promise.reject(new Error('Cannot find module')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--verify is not available');
  });

  it('builds the rewritten image with the rewritten ignore file, and writes it only when the image passes', async () => {
    const cwd = project({ 'good/Dockerfile': FIXABLE, 'good/.git/HEAD': 'ref\n', 'bad/Dockerfile': FIXABLE, 'bad/.git/HEAD': 'ref\n' });
    const { module, calls } = fakeVerify();
    const r = await cli(['fix', '--write', '--verify'], { cwd, loadVerifyModule: async () => module });
    expect(r.code).toBe(2);
    expect(calls.map((c) => (c.options as { rewrittenIgnore?: string }).rewrittenIgnore)).toEqual(['.git\n', '.git\n']);
    expect(read(cwd, 'good/.dockerignore')).toBe('.git\n');
    expect(() => read(cwd, 'bad/.dockerignore')).toThrow(/ENOENT/);
  });
});

describe('fix --verify in the built CLI', () => {
  it('finds and loads the verify module from the bundled binary (no engine needed: it answers that none is there)', () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = spawnSync(process.execPath, [main, 'fix', '--verify'], { cwd, encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: `/nonexistent:${process.env.PATH}` } });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('not available in this build');
    expect(r.stderr).toMatch(/^dockerslim: (no container engine answers|docker: not found)/);
  });
});

describe('fix --verify with a real engine', () => {
  // CI prepares the engine and sets DOCKERSLIM_REQUIRE_DOCKER=1: there this runs (and fails without an engine) instead of skipping
  const required = process.env.DOCKERSLIM_REQUIRE_DOCKER === '1';
  const engineUp = spawnSync('docker', ['image', 'inspect', 'debian:bookworm-slim'], { stdio: 'ignore' }).status === 0;

  it.runIf(engineUp || required)('builds both images from the built CLI, writes the rewrite that passes, and reports both sizes', () => {
    const cwd = project({ Dockerfile: 'FROM debian:bookworm-slim\nRUN echo a > /a\nRUN cat /a > /b\n' });
    const r = spawnSync(process.execPath, [main, 'fix', '--write', '--verify', '--smoke', 'cat /b'], { cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/verify \S*Dockerfile: OK\n  original   built in [\d.]+s, [\d.]+ MB\n  rewritten  built in/);
    expect(r.stdout).toBe('Dockerfile\n');
    expect(r.stderr).toContain('smoke `cat /b`: exit 0 in both');
    expect(read(cwd, 'Dockerfile')).toBe('FROM debian:bookworm-slim\nRUN echo a > /a \\\n    && cat /a > /b\n');
  }, 300_000);
});
