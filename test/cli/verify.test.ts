import { describe, expect, it } from 'vitest';
import type { VerifyModule } from '../../src/cli/verify.js';
import { FIXABLE, FIXED, cli, project, read } from './helpers.js';

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
