import { describe, expect, it } from 'vitest';
import { pickedPaths, sourceRelation } from '../../src/context/sources.js';
import { memoryContext } from '../../src/context/view.js';

describe('which context paths a COPY source picks', () => {
  const view = memoryContext({ 'app.py': '', 'lib/a.py': '', 'lib/b.txt': '', 'docs/x.md': '', '.dockerignore': 'docs\n' });

  it('a path, a wildcard per segment, a character class, the root', () => {
    expect(pickedPaths(view, 'app.py')).toEqual(['app.py']);
    expect(pickedPaths(view, './lib/*.py')).toEqual(['lib/a.py']);
    expect(pickedPaths(view, 'lib/[ab].*')).toEqual(['lib/a.py', 'lib/b.txt']);
    expect(pickedPaths(view, '/')).toEqual(['']);
  });

  it('nothing the .dockerignore leaves out; undefined for a malformed pattern or a path above the root', () => {
    expect(pickedPaths(view, 'docs')).toEqual([]);
    expect(pickedPaths(view, 'lib/[a')).toBeUndefined();
    expect(pickedPaths(view, '../x')).toBeUndefined();
  });
});

describe('how a source relates to a context path', () => {
  it('names the path or something inside it; covers it from a folder above; or neither', () => {
    expect(sourceRelation('node_modules', 'node_modules')).toBe('names');
    expect(sourceRelation('node_modules/.bin/x', 'node_modules')).toBe('names');
    expect(sourceRelation('*.log', 'boot.log')).toBe('names');
    expect(sourceRelation('.', 'node_modules')).toBe('covers');
    expect(sourceRelation('src/', 'src/__pycache__')).toBe('covers');
    expect(sourceRelation('src', 'node_modules')).toBe('none');
    expect(sourceRelation('*.py', 'boot.log')).toBe('none');
    expect(sourceRelation('[', 'x')).toBe('unknown');
  });
});
