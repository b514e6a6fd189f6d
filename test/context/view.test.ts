import { describe, expect, it } from 'vitest';
import { editableText, ignoredAfterEdits, memoryContext } from '../../src/context/view.js';

describe('the build context view transforms read', () => {
  const files = {
    'go.mod': 'module example.com/svc\n',
    'cmd/svc/main.go': 'package main\n',
    'data/big.csv': 'a,b\n',
    'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]),
    '.dockerignore': 'data\n*.log\n',
    'debug.log': 'x\n',
  };

  it('lists folders with a trailing slash and leaves out what .dockerignore excludes', () => {
    const view = memoryContext(files);
    expect(view.list('')).toEqual(['.dockerignore', 'cmd/', 'go.mod', 'logo.png']);
    expect(view.list('cmd')).toEqual(['svc/']);
    expect(view.list('go.mod')).toBeUndefined();
    expect(view.exists('data/big.csv')).toBe(false);
    expect(view.read('debug.log')).toBeUndefined();
    expect(view.dockerignore).toBe('data\n*.log\n');
  });

  it('reads text, bytes and sizes; binary files have no text', () => {
    const view = memoryContext(files);
    expect(view.read('/cmd/svc/main.go')).toBe('package main\n');
    expect(view.read('./go.mod')).toBe('module example.com/svc\n');
    expect(view.read('logo.png')).toBeUndefined();
    expect([...view.readBytes('logo.png', 4)!]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(view.size('logo.png')).toBe(6);
    expect(view.read('cmd')).toBeUndefined();
    expect(view.exists('cmd')).toBe(true);
  });

  it('an ignore file given by the caller (a Dockerfile\'s own) replaces the context\'s', () => {
    const view = memoryContext(files, { dockerignore: 'cmd\n' });
    expect(view.exists('data/big.csv')).toBe(true);
    expect(view.exists('cmd/svc/main.go')).toBe(false);
    expect(memoryContext(files, { dockerignore: null }).exists('debug.log')).toBe(true);
  });

  it('permission bits, when the backend knows them; none for what .dockerignore excludes', () => {
    const view = memoryContext({ 'secret.key': 'k', 'app.py': '', 'old.key': '', '.dockerignore': 'old.key\n' }, { modes: { 'secret.key': 0o600, 'old.key': 0o600 } });
    expect(view.mode?.('secret.key')).toBe(0o600);
    expect(view.mode?.('app.py')).toBeUndefined();
    expect(view.mode?.('old.key')).toBeUndefined();
  });

  it('nothing outside the context exists', () => {
    const view = memoryContext(files);
    expect(view.exists('../go.mod')).toBe(false);
    expect(() => memoryContext({ '../x': 'y' })).toThrow(/outside the context/);
  });
});

describe('the text a change edits', () => {
  it('an ignore file that excludes itself still reads as its text; other excluded files do not', () => {
    const view = memoryContext({ '.dockerignore': '.dockerignore\n*.log\n', 'a.log': 'x\n', 'app.py': 'print()\n' });
    expect(view.read('.dockerignore')).toBeUndefined();
    expect(view.dockerignorePath).toBe('.dockerignore');
    expect(editableText(view, '.dockerignore')).toBe('.dockerignore\n*.log\n');
    expect(editableText(view, './app.py')).toBe('print()\n');
    expect(editableText(view, 'a.log')).toBeUndefined();
    expect(editableText(undefined, 'app.py')).toBeUndefined();
  });

  it('a caller\'s ignore file has a path only when the caller gives one', () => {
    expect(memoryContext({}, { dockerignore: 'x\n' }).dockerignorePath).toBeUndefined();
    expect(memoryContext({}, { dockerignore: 'x\n', dockerignorePath: 'Dockerfile.dockerignore' }).dockerignorePath).toBe('Dockerfile.dockerignore');
    expect(memoryContext({}).dockerignorePath).toBeUndefined();
  });
});

describe('what the ignore file leaves out once a change has edited it', () => {
  const context = (edited: string | undefined) => ({
    unsafe: false,
    filename: undefined,
    buildContext: memoryContext({ '.dockerignore': '*.log\n', 'node_modules/x.js': '', 'a.log': '' }),
    fileText: () => edited,
  });

  it('applies the edited text; the view alone still shows the path', () => {
    expect(ignoredAfterEdits(context('*.log\n**/node_modules\n'), 'node_modules')).toBe(true);
    expect(context('*.log\n**/node_modules\n').buildContext.exists('node_modules')).toBe(true);
  });

  it('nothing beyond the view when the text is unedited, or without a context', () => {
    expect(ignoredAfterEdits(context('*.log\n'), 'node_modules')).toBe(false);
    expect(ignoredAfterEdits({ unsafe: false, filename: undefined, buildContext: undefined, fileText: () => undefined }, 'x')).toBe(false);
  });
});
