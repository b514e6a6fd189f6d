import { describe, expect, it } from 'vitest';
import { cleanPath, ignoreMatcher, parseDockerignore } from '../../src/context/dockerignore.js';

const ignored = (dockerignore: string) => ignoreMatcher(parseDockerignore(dockerignore));

describe('.dockerignore as BuildKit reads it', () => {
  it('a name excludes that file or folder at the root, and everything below a folder', () => {
    const is = ignored('node_modules\n.env\n');
    expect(is('node_modules')).toBe(true);
    expect(is('node_modules/a/index.js')).toBe(true);
    expect(is('.env')).toBe(true);
    expect(is('app/node_modules')).toBe(false); // not anchored anywhere but the root
    expect(is('.envrc')).toBe(false);
  });

  it('* and ? stay within one path segment; ** spans any number of them', () => {
    const is = ignored('*.log\ndocs/?.md\n**/__pycache__\nbuild/**\n');
    expect(is('app.log')).toBe(true);
    expect(is('logs/app.log')).toBe(false);
    expect(is('docs/a.md')).toBe(true);
    expect(is('docs/ab.md')).toBe(false);
    expect(is('__pycache__/x.pyc')).toBe(true);
    expect(is('pkg/sub/__pycache__/x.pyc')).toBe(true);
    expect(is('build/out/bin')).toBe(true);
    expect(is('build')).toBe(false);
  });

  it('a later !pattern brings a path back; the last matching pattern decides', () => {
    const is = ignored('*.md\n!README.md\nREADME.md\n!docs\n');
    expect(is('CHANGES.md')).toBe(true);
    expect(is('README.md')).toBe(true);
    const again = ignored('*.md\n!README.md\n');
    expect(again('README.md')).toBe(false);
  });

  it('comments, blank lines, surrounding blanks, a leading slash and ./ are read as Docker does', () => {
    const patterns = parseDockerignore('\uFEFF# comment\n\n  /dist/  \n./tmp\n !  keep \n');
    expect(patterns.map((p) => [p.text, p.exclusion])).toEqual([['dist', false], ['tmp', false], ['keep', true]]);
    expect(ignored('/dist\n')('dist/app.js')).toBe(true);
  });

  it('character classes and escapes', () => {
    const is = ignored('file[0-9].txt\nliteral\\*star\n');
    expect(is('file1.txt')).toBe(true);
    expect(is('filex.txt')).toBe(false);
    expect(is('literal*star')).toBe(true);
    expect(is('literalXstar')).toBe(false);
  });

  it('cleans paths like Go: dots, doubled slashes, parents that stay inside', () => {
    expect(cleanPath('./a//b/../c/')).toBe('a/c');
    expect(cleanPath('/x/../y')).toBe('y');
    expect(cleanPath('../up')).toBe('../up');
  });
});
