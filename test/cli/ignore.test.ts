import { describe, expect, it } from 'vitest';
import { FIXABLE, cli, project, read, stdinOf } from './helpers.js';

const ROOT = { '.git/HEAD': 'ref: refs/heads/main\n' };

describe('.dockerslimignore', () => {
  it('leaves the Dockerfiles it matches out of a search, silently', async () => {
    const cwd = project({ ...ROOT, '.dockerslimignore': '# vendored, not ours\nthird_party/\n', 'third_party/x/Dockerfile': FIXABLE, 'app/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r).toMatchObject({ code: 1, stdout: 'app/Dockerfile\n' });
    expect(r.stderr).not.toContain('third_party');
    expect((await cli(['fix', '--check', '**/Dockerfile'], { cwd })).stdout).toBe('app/Dockerfile\n');
  });

  it('skips a file named on the command line with a note saying which rule matched, and does not write it', async () => {
    const cwd = project({ ...ROOT, '.dockerslimignore': '\n# generated\nDockerfile.gen\n', 'Dockerfile.gen': FIXABLE });
    const r = await cli(['fix', '--write', 'Dockerfile.gen'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dockerslim: Dockerfile.gen is ignored (.dockerslimignore:3: Dockerfile.gen); skipped\n');
    expect(r.stderr).toContain('0 files checked');
    expect(read(cwd, 'Dockerfile.gen')).toBe(FIXABLE);
    expect((await cli(['fix', '--write', '--quiet', 'Dockerfile.gen'], { cwd })).stderr).toBe('');
  });

  it('is read in every folder from the project root down, each relative to its own folder; a deeper one re-includes with !', async () => {
    const cwd = project({
      ...ROOT,
      '.dockerslimignore': 'Dockerfile.*\n',
      'services/.dockerslimignore': 'old/\n!Dockerfile.prod\n',
      'services/old/Dockerfile': FIXABLE,
      'services/Dockerfile.prod': FIXABLE,
      'services/Dockerfile.dev': FIXABLE,
      'Dockerfile.ci': FIXABLE,
    });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.stdout).toBe('services/Dockerfile.prod\n');
  });

  it('above the project root (the folder holding .git) is not read', async () => {
    const cwd = project({ '.dockerslimignore': 'Dockerfile\n', 'repo/.git/HEAD': '', 'repo/.dockerignore': '.git\n', 'repo/Dockerfile': FIXABLE });
    expect((await cli(['fix', '--check', 'repo'], { cwd })).stdout).toBe('repo/Dockerfile\n');
  });

  it('--format json lists a named file that is ignored, with the rule, and counts it as not checked', async () => {
    const cwd = project({ ...ROOT, '.dockerslimignore': 'Dockerfile\n', Dockerfile: FIXABLE });
    const doc = JSON.parse((await cli(['fix', '--format', 'json', 'Dockerfile'], { cwd })).stdout);
    expect(doc.files).toEqual([{ file: 'Dockerfile', changed: false, changes: [], findings: [], ignored: '.dockerslimignore:1: Dockerfile' }]);
    expect(doc.summary.checked).toBe(0);
  });

  it('with --stdin-filepath on an ignored path, stdin comes back as it was, with a note', async () => {
    const cwd = project({ ...ROOT, '.dockerslimignore': 'legacy/\n' });
    const r = await cli(['fix', '--stdin-filepath', 'legacy/Dockerfile'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(r).toMatchObject({ code: 0, stdout: FIXABLE });
    expect(r.stderr).toBe('dockerslim: legacy/Dockerfile is ignored (.dockerslimignore:1: legacy/); printed as it was\n');
    expect((await cli(['fix', '--check', '--stdin-filename', 'legacy/Dockerfile'], { cwd, stdin: stdinOf(FIXABLE) })).code).toBe(0);
  });

  it('plain - on stdin has no path, so no ignore rule applies to it', async () => {
    const cwd = project({ ...ROOT, '.dockerslimignore': '*\n' });
    expect((await cli(['fix', '--check', '-'], { cwd, stdin: stdinOf(FIXABLE) })).code).toBe(1);
  });
});
