import { describe, expect, it } from 'vitest';
import { discover } from '../../src/cli/discover.js';
import { CLEAN, FIXABLE, cli, project } from './helpers.js';

describe('finding Dockerfiles with no paths given', () => {
  it('finds every naming convention Docker and Podman use, at any depth', async () => {
    const cwd = project({
      Dockerfile: CLEAN,
      'Dockerfile.dev': CLEAN,
      'api/prod.Dockerfile': CLEAN,
      'api/test.dockerfile': CLEAN,
      'web/Containerfile': CLEAN,
      'web/Containerfile.ci': CLEAN,
      '.devcontainer/Dockerfile': CLEAN,
      'README.md': '# not a Dockerfile\n',
      'docker-compose.yml': 'services: {}\n',
    });
    const { files, problems } = await discover(cwd, []);
    expect(problems).toEqual([]);
    expect(files).toEqual([
      '.devcontainer/Dockerfile',
      'Dockerfile',
      'Dockerfile.dev',
      'api/prod.Dockerfile',
      'api/test.dockerfile',
      'web/Containerfile',
      'web/Containerfile.ci',
    ]);
  });

  it('skips node_modules, .git, .gitignored paths and *.dockerignore files', async () => {
    const cwd = project({
      Dockerfile: CLEAN,
      'Dockerfile.dockerignore': 'node_modules\n',
      'api.Dockerfile.dockerignore': 'node_modules\n',
      '.dockerignore': 'node_modules\n',
      'node_modules/some-lib/Dockerfile': FIXABLE,
      'packages/a/node_modules/x/Dockerfile': FIXABLE,
      '.git/Dockerfile': FIXABLE,
      '.gitignore': 'build/\n*.generated.Dockerfile\n',
      'build/Dockerfile': FIXABLE,
      'svc/out.generated.Dockerfile': FIXABLE,
      'svc/.gitignore': 'local/\n',
      'svc/local/Dockerfile': FIXABLE,
    });
    expect((await discover(cwd, [])).files).toEqual(['Dockerfile']);
    const r = await cli(['fix', '--check', '--skip', 'dockerignore'], { cwd }); // the context's .git would go to its ignore file
    expect(r.code).toBe(0);
  });

  it('exits 2 when there is no Dockerfile at all (probably the wrong directory)', async () => {
    const cwd = project({ 'README.md': 'hi\n' });
    const r = await cli(['fix'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Dockerfiles found');
  });
});

describe('paths given on the command line', () => {
  it('searches a directory with the same patterns and takes a file as given', async () => {
    const cwd = project({
      'api/Dockerfile': FIXABLE,
      'api/nested/Dockerfile.dev': FIXABLE,
      'api/notes.txt': 'x\n',
      'web/Dockerfile': FIXABLE,
      'docker/base-image': FIXABLE,
    });
    const r = await cli(['fix', '--check', 'api', 'docker/base-image'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('api/Dockerfile\napi/nested/Dockerfile.dev\ndocker/base-image\n');
  });

  it('expands globs relative to the cwd, honouring .gitignore', async () => {
    const cwd = project({
      'services/a/Dockerfile': FIXABLE,
      'services/b/Dockerfile': CLEAN,
      'services/c/Dockerfile': FIXABLE,
      '.gitignore': 'services/c/\n',
      'other/Dockerfile': FIXABLE,
    });
    const r = await cli(['fix', '--check', 'services/*/Dockerfile'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('services/a/Dockerfile\n');
    expect(r.stderr).toContain('2 files checked, 1 would change');
  });

  it('lists a file named twice (directly and by glob) once', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--check', 'Dockerfile', '*', '.'], { cwd });
    expect(r.stdout).toBe('Dockerfile\n');
  });

  it('reports a path that names nothing, processes the rest, and exits 2', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', 'Dockerfile', 'missing/Dockerfile', 'nothing-*.Dockerfile'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing/Dockerfile: no such file or directory');
    expect(r.stderr).toContain('no files match nothing-*.Dockerfile');
    expect(r.stdout).toBe('Dockerfile\n');
  });

  it('shows paths outside the cwd as absolute', async () => {
    const outside = project({ Dockerfile: FIXABLE });
    const cwd = project({});
    const r = await cli(['fix', '--check', outside], { cwd });
    expect(r.stdout).toBe(`${outside}/Dockerfile\n`);
  });
});
