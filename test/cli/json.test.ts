import { describe, expect, it } from 'vitest';
import { registryWithFakes } from './fakes.js';
import { BROKEN, CLEAN, FIXABLE, FIXED, cli, project, read, stdinOf } from './helpers.js';

describe('--format json', () => {
  it('prints one JSON document with every file, its changes, findings and errors, and a summary', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': CLEAN, 'c/Dockerfile': BROKEN });
    const r = await cli(['fix', '--format', 'json'], { cwd }, registryWithFakes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      files: [
        {
          file: 'a/Dockerfile',
          changed: true,
          changes: [{ transform: 'merge-runs', line: 2, message: expect.any(String) }],
          findings: [{ transform: 'pin-reminder', line: 1, message: 'pin the base image tag' }],
          heldBack: ['slim-base'],
        },
        {
          file: 'b/Dockerfile',
          changed: false,
          changes: [],
          findings: [{ transform: 'pin-reminder', line: 1, message: 'pin the base image tag' }],
          heldBack: ['slim-base'],
        },
        { file: 'c/Dockerfile', changed: false, changes: [], findings: [], error: 'c/Dockerfile:2: unknown instruction FOO' },
      ],
      summary: { checked: 3, changed: 1, errors: 1, heldBack: ['slim-base'] },
    });
  });

  it('with --write reports which files were written', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', '--format=json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: 'Dockerfile', changed: true, written: true });
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
  });

  it('with --check exits 1 when something would change', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--check', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary).toEqual({ checked: 1, changed: 1, errors: 0, heldBack: [] });
  });

  it('from stdin carries the rewritten text', async () => {
    const cwd = project({});
    const r = await cli(['fix', '--format', 'json', '-'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: '<stdin>', changed: true, output: FIXED });
  });

  it('rejects an unknown format', async () => {
    const r = await cli(['fix', '--format', 'yaml'], { cwd: project({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be diff or json');
  });
});

describe('--format json with a path that names nothing', () => {
  it('lists it as an entry with an error, and exits 2', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const r = await cli(['fix', '--format', 'json', 'Dockerfile', 'nope'], { cwd });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0]).toEqual({ file: 'nope', changed: false, changes: [], findings: [], error: 'nope: no such file or directory' });
    expect(doc.summary).toMatchObject({ checked: 1, errors: 1 });
  });
});
