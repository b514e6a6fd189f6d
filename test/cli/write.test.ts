import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileAtomic } from '../../src/cli/write.js';
import { project } from './helpers.js';

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
