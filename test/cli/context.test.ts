import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContextView } from '../../src/cli/context.js';
import { project } from './helpers.js';

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

  it('does not see outside the context, by .. or through a symlink', () => {
    const dir = project({ 'secret.txt': 'key\n', 'app/Dockerfile': 'FROM debian\n' });
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'app', 'link.txt'));
    const view = buildContextView(path.join(dir, 'app'));
    expect(view.exists('../secret.txt')).toBe(false);
    expect(view.read('../secret.txt')).toBeUndefined();
    expect(view.read('link.txt')).toBeUndefined();
  });
});
