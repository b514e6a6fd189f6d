import { describe, expect, it } from 'vitest';
import { transforms } from '../../transforms/index.js';
import { registryWithFakes } from './fakes.js';
import { FIXABLE, FIXED, cli, project, read } from './helpers.js';

describe('--only and --skip', () => {
  it('--skip merge-runs leaves consecutive RUNs alone', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--check', '--skip', 'merge-runs'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('--only merge-runs applies just that transform (and accepts --only=…)', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', '--only=merge-runs'], { cwd }, registryWithFakes);
    expect(r.code).toBe(0);
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
  });

  it('rejects an unknown id with exit 2 and lists the valid ids, before reading any file', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    for (const flag of ['--only', '--skip']) {
      const r = await cli(['fix', '--write', flag, 'merge-runs,shrink-everything'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag}: unknown transform "shrink-everything"`);
      expect(r.stderr).toContain(`valid ids: ${transforms.map((t) => t.id).join(', ')}`);
    }
    expect(read(cwd, 'Dockerfile')).toBe(FIXABLE);
  });

  it('a mistyped id gets the nearest one instead of the whole list', async () => {
    const r = await cli(['fix', '--only', 'merge-rusn'], { cwd: project({ Dockerfile: FIXABLE }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--only: unknown transform "merge-rusn"; did you mean `merge-runs`?');
  });

  it('rejects --only and --skip together, and an empty list', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    expect((await cli(['fix', '--only', 'merge-runs', '--skip', 'merge-runs'], { cwd })).code).toBe(2);
    expect((await cli(['fix', '--only', ','], { cwd })).code).toBe(2);
    expect((await cli(['fix', '--only'], { cwd })).stderr).toContain('--only needs a value');
  });
});

describe('unsafe transforms', () => {
  it('are held back by default, and the summary says so once', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': FIXABLE });
    const r = await cli(['fix'], { cwd }, registryWithFakes);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('bookworm-slim');
    expect(r.stderr).toContain('2 unsafe rewrites held back (slim-base); rerun with --unsafe\n');
    expect(r.stderr.match(/held back/g)).toHaveLength(1);
  });

  it('are still reported as held back when another transform is skipped', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--skip', 'merge-runs'], { cwd }, registryWithFakes);
    expect(r.stderr).toContain('1 unsafe rewrite held back (slim-base)');
  });

  it('with --unsafe, apply and put a "# unsafe:" line before that file\'s diff', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--unsafe'], { cwd }, registryWithFakes);
    expect(r.stdout).toMatch(/^# unsafe: slim-base: the slim image lacks some packages the full one has\n--- a\/Dockerfile\n/);
    expect(r.stdout).toContain('+FROM debian:bookworm-slim');
    expect(r.stderr).not.toContain('held back');
  });

  it('named with --only are enabled without --unsafe', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', '--only', 'slim-base'], { cwd }, registryWithFakes);
    expect(r.code).toBe(0);
    expect(read(cwd, 'Dockerfile')).toBe('FROM debian:bookworm-slim\nRUN echo a\nRUN echo b\n');
  });

  it('put no header on a file changed only by safe transforms', async () => {
    const cwd = project({ Dockerfile: 'FROM alpine\nRUN echo a\nRUN echo b\n' });
    const r = await cli(['fix', '--unsafe'], { cwd }, registryWithFakes);
    expect(r.stdout).toMatch(/^--- a\/Dockerfile/);
  });
});

describe('findings', () => {
  it('are printed on stderr as file:line: [transform] message', async () => {
    const cwd = project({ 'api/Dockerfile': 'FROM debian\nRUN true\n' });
    const r = await cli(['fix'], { cwd }, registryWithFakes);
    expect(r.stderr).toContain('api/Dockerfile:1: [pin-reminder] pin the base image tag\n');
  });

  it('are silenced by --quiet', async () => {
    const cwd = project({ Dockerfile: 'FROM debian\n' });
    const r = await cli(['fix', '-q'], { cwd }, registryWithFakes);
    expect(r.stderr).toBe('');
  });
});
