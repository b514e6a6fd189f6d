import { chmodSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContextView } from '../../src/cli/context.js';
import { cli, project } from './helpers.js';

describe('the build context given to transforms', () => {
  it('reads files relative to the Dockerfile directory; a leading slash is still the context root', () => {
    const dir = project({ 'app/package.json': '{}\n', 'app/src/index.js': 'x\n' });
    const view = buildContextView(path.join(dir, 'app'));
    expect(view.read('package.json')).toBe('{}\n');
    expect(view.read('/package.json')).toBe('{}\n');
    expect(view.exists('src')).toBe(true);
    expect(view.read('src')).toBeUndefined();
    expect(view.exists('missing')).toBe(false);
  });

  it('reports permission bits of files and folders', () => {
    const dir = project({ 'app/secret.key': 'k\n', 'app/conf/a.yml': '' });
    chmodSync(path.join(dir, 'app', 'secret.key'), 0o600);
    chmodSync(path.join(dir, 'app', 'conf'), 0o750);
    const view = buildContextView(path.join(dir, 'app'));
    expect(view.mode?.('secret.key')).toBe(0o600);
    expect(view.mode?.('conf')).toBe(0o750);
    expect(view.mode?.('missing')).toBeUndefined();
  });

  it('does not see outside the context, by .. or through a symlink', () => {
    const dir = project({ 'secret.txt': 'key\n', 'app/Dockerfile': 'FROM debian\n' });
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'app', 'link.txt'));
    const view = buildContextView(path.join(dir, 'app'));
    expect(view.exists('../secret.txt')).toBe(false);
    expect(view.read('../secret.txt')).toBeUndefined();
    expect(view.read('link.txt')).toBeUndefined();
  });
});

describe('the build context on disk', () => {
  it('applies the context\'s .dockerignore, and a Dockerfile\'s own ignore file instead when there is one', () => {
    const dir = project({ 'app/.dockerignore': 'secrets\n', 'app/secrets/key': 'k\n', 'app/tmp/x': 'x\n', 'app/api.Dockerfile.dockerignore': 'tmp\n' });
    const app = path.join(dir, 'app');
    expect(buildContextView(app).exists('secrets/key')).toBe(false);
    expect(buildContextView(app).list('')).toEqual(['.dockerignore', 'api.Dockerfile.dockerignore', 'tmp/']);
    const own = buildContextView(app, path.join(app, 'api.Dockerfile'));
    expect(own.exists('secrets/key')).toBe(true);
    expect(own.exists('tmp/x')).toBe(false);
    expect(own.size('secrets/key')).toBe(2);
    expect([...own.readBytes('secrets/key', 1)!]).toEqual([107]);
  });
});

describe('--context DIR', () => {
  const yarnFile = 'FROM node:20\nRUN yarn install\n';

  it('gives transforms that folder instead of the Dockerfile\'s', async () => {
    const dir = project({ 'docker/Dockerfile': yarnFile, 'package.json': '{"packageManager": "yarn@4.1.0"}\n' });
    const own = await cli(['fix', 'docker/Dockerfile'], { cwd: dir });
    expect(own.stdout).toContain('yarn cache clean'); // docker/ holds no package.json: yarn 1 is assumed
    const given = await cli(['fix', '--context', '.', 'docker/Dockerfile'], { cwd: dir });
    expect(given.code).toBe(0);
    expect(given.stdout).toBe(''); // the context says yarn 4: its cache is left alone
  });

  it('must name a folder', async () => {
    const dir = project({ Dockerfile: yarnFile });
    const r = await cli(['fix', '--context', 'nowhere', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--context: nowhere is not a folder');
  });
});

describe('where the ignore file in force lives, for a change to edit it', () => {
  it('the context\'s .dockerignore, a Dockerfile\'s own inside the context, or none when it is outside', () => {
    const dir = project({ 'app/.dockerignore': 'tmp\n', 'app/api.Dockerfile.dockerignore': 'logs\n', 'ops/web.Dockerfile.dockerignore': 'x\n' });
    expect(buildContextView(path.join(dir, 'app')).dockerignorePath).toBe('.dockerignore');
    expect(buildContextView(path.join(dir, 'app'), path.join(dir, 'app', 'api.Dockerfile')).dockerignorePath).toBe('api.Dockerfile.dockerignore');
    const outside = buildContextView(path.join(dir, 'app'), path.join(dir, 'ops', 'web.Dockerfile'));
    expect(outside.dockerignore).toBe('x\n');
    expect(outside.dockerignorePath).toBeUndefined();
    expect(buildContextView(path.join(dir, 'ops')).dockerignorePath).toBeUndefined();
  });
});
