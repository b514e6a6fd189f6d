import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, ProjectRoots } from '../../src/cli/project.js';
import { project } from './helpers.js';

describe('the project root', () => {
  it('is the nearest folder holding .git, a folder or (in a git worktree) a file', () => {
    const dir = project({ 'repo/.git/HEAD': '', 'repo/svc/api/Dockerfile': '', 'wt/.git': 'gitdir: /elsewhere\n', 'wt/app/Dockerfile': '' });
    const roots = new ProjectRoots();
    expect(roots.rootOf(path.join(dir, 'repo/svc/api'))).toBe(path.join(dir, 'repo'));
    expect(roots.rootOf(path.join(dir, 'repo'))).toBe(path.join(dir, 'repo'));
    expect(roots.rootOf(path.join(dir, 'wt/app'))).toBe(path.join(dir, 'wt'));
  });

  it('lists the folders from a Dockerfile\'s up to the root, nearest first', () => {
    const dir = project({ '.git/HEAD': '', 'a/b/Dockerfile': '' });
    expect(new ProjectRoots().foldersUp(path.join(dir, 'a/b'))).toEqual([path.join(dir, 'a/b'), path.join(dir, 'a'), dir]);
  });
});

describe('displayPath', () => {
  it('is relative to the current folder inside it, absolute outside, with /', () => {
    expect(displayPath('/work/repo', '/work/repo/svc/Dockerfile')).toBe('svc/Dockerfile');
    expect(displayPath('/work/repo', '/work/other/Dockerfile')).toBe('/work/other/Dockerfile');
  });
});
