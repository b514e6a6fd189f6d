import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE_PATTERNS } from '../src/cli/discover.js';
import { FIXABLE, FIXED, cli, project, read } from './cli/helpers.js';

interface Hook {
  id: string;
  name: string;
  description: string;
  entry: string;
  language: string;
  types: string[];
  files: string;
  exclude: string;
}

const hooks = parse(readFileSync(new URL('../.pre-commit-hooks.yaml', import.meta.url), 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const byId = (id: string) => hooks.find((h) => h.id === id)!;
/** What pre-commit does with `files` and `exclude`: Python's re.search, which these patterns read the same as JavaScript's. */
const selected = (hook: Hook, file: string) => new RegExp(hook.files).test(file) && !new RegExp(hook.exclude).test(file);

describe('.pre-commit-hooks.yaml', () => {
  it('defines a checking hook (the default id) and a writing one, run by the package\'s own binary', () => {
    expect(hooks.map((h) => h.id)).toEqual(['dockerslim', 'dockerslim-write']);
    expect(byId('dockerslim').entry).toBe('dockerslim fix --check');
    expect(byId('dockerslim-write').entry).toBe('dockerslim fix --write');
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: 'node', types: ['text'], name: expect.any(String), description: expect.any(String) });
      expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
    }
  });

  it('hands it the files dockerslim itself looks for, and not the ignore files beside them', () => {
    const dockerfiles = ['Dockerfile', 'svc/api/Dockerfile', 'Dockerfile.prod', 'deploy/Containerfile', 'Containerfile.dev', 'api.Dockerfile', 'web/app.dockerfile'];
    const others = ['Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', '.dockerignore', 'Dockerfiles/README.md', 'docs/dockerfile-guide.md', 'MyDockerfile', 'src/main.ts'];
    for (const hook of hooks) {
      for (const f of dockerfiles) expect(selected(hook, f), `${hook.id} takes ${f}`).toBe(true);
      for (const f of others) expect(selected(hook, f), `${hook.id} leaves ${f}`).toBe(false);
    }
    // the same names as discovery's patterns
    expect(DOCKERFILE_PATTERNS).toEqual(['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*']);
  });

  it('does what its entry says on the files pre-commit passes', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': FIXABLE });
    const run = (hook: Hook) => cli([...hook.entry.split(' ').slice(1), 'a/Dockerfile'], { cwd });
    expect(await run(byId('dockerslim'))).toMatchObject({ code: 1, stdout: 'a/Dockerfile\n' });
    expect((await run(byId('dockerslim-write'))).code).toBe(0);
    expect(read(cwd, 'a/Dockerfile')).toBe(FIXED);
    expect(read(cwd, 'b/Dockerfile')).toBe(FIXABLE);
    expect(await run(byId('dockerslim'))).toMatchObject({ code: 0, stdout: '' });
  });
});
