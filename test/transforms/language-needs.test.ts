import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { commandSites } from '../../src/shell/commands.js';
import { parseShell } from '../../src/shell/parser.js';
import { languageChecks } from '../../transforms/language-needs.js';

/** What the checks ask for a command line, with context files found at their own paths. */
function asked(family: string, line: string, files?: Record<string, string>) {
  const context = files ? memoryContext(files) : undefined;
  const out: string[] = [];
  const needs = {
    check: (names: readonly string[], what: string) => out.push(`all ${names.join(',')}: ${what}`),
    checkAny: (names: readonly string[], what: string) => out.push(`any ${names.join(',')}: ${what}`),
    block: (reason: string) => out.push(`block: ${reason}`),
  };
  for (const site of commandSites(parseShell(line))) languageChecks(site, family, context, (p) => p.replace(/^\.?\//, '').replace(/^\.$/, ''), needs);
  return out;
}

describe('languageChecks', () => {
  it('pip: a source build needs its compiler and config script, a wheel needs nothing', () => {
    expect(asked('python', 'pip install psycopg2==2.9 flask')).toEqual([expect.stringMatching(/^all gcc,pg_config: `psycopg2`/)]);
    expect(asked('python', 'python3 -m pip install --no-cache-dir psycopg2-binary')).toEqual([]);
  });

  it('pip: requirement names are normalised (mod_wsgi, Mod.WSGI)', () => {
    expect(asked('python', 'pip install Mod_WSGI')[0]).toMatch(/`mod-wsgi`/);
  });

  it('python setup.py build_ext, install or bdist_wheel compiles the extensions setup.py declares, as pip install . does', () => {
    const files = { 'setup.py': 'from setuptools import setup, Extension\nsetup(ext_modules=[Extension("fast", ["fast.c"])])\n' };
    expect(asked('python', 'python setup.py build_ext --inplace', files)).toEqual(['all gcc: the local project `.` (setup.py builds C extensions)']);
    expect(asked('python', 'python3 ./setup.py install', files)).toEqual(['all gcc: the local project `.` (setup.py builds C extensions)']);
    expect(asked('python', 'python setup.py --version', files)).toEqual([]);
  });

  it('pip wheel builds like pip install', () => {
    expect(asked('python', 'pip wheel psycopg2 -w /wheels')).toEqual([expect.stringMatching(/^all gcc,pg_config: `psycopg2`/)]);
  });

  it('pip -r reads the file; without it the check refuses', () => {
    expect(asked('python', 'pip install -r req.txt', { 'req.txt': '# pinned\nuwsgi==2.0 ; python_version > "3"\n' })[0]).toMatch(/`uwsgi`/);
    expect(asked('python', 'pip install -r req.txt')[0]).toMatch(/^block: .*cannot be read without the build context/);
  });

  it('pip: a package that runs git at run time asks for any of its providers', () => {
    expect(asked('python', 'pip install GitPython')).toEqual(['any git: `gitpython` runs git']);
  });

  it('npm ci with a binding.gyp needs python3, make and g++', () => {
    expect(asked('node', 'npm ci', { 'package.json': '{}', 'binding.gyp': '{}' })).toEqual(['all python3,make,g++: the native addon (binding.gyp)']);
    expect(asked('node', 'npm ci', { 'package.json': '{"dependencies":{"a":"^1"}}' })).toEqual([]);
  });

  it('npm run and npm test are not installs', () => {
    expect(asked('node', 'npm run build && npm test')).toEqual([]);
  });

  it('checks belong to their family: pip in a node image is not read as a python install', () => {
    expect(asked('node', 'pip install psycopg2')).toEqual([]);
  });
});
