import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { cli, project } from './helpers.js';

describe('help, version and bad usage', () => {
  it('--help and -h print usage and exit 0; fix --help shows the fix options', async () => {
    const cwd = project({});
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await cli(argv, { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: dockerslim <command>');
    }
    const fix = await cli(['fix', '--help'], { cwd });
    expect(fix.stdout).toContain('--check');
    expect(fix.stdout).toContain('--build-arg K=V');
  });

  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const r = await cli(['--version'], { cwd: project({}) });
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each([
    [[], 'missing command'],
    [['lint'], 'unknown command "lint"'],
    [['fix', '--wrte'], 'unknown option --wrte for fix'],
    [['--write'], 'options come after the command'],
    [['fix', '--write=yes'], '--write takes no value'],
    [['fix', '--smoke', 'true'], '--smoke only makes sense with --verify'],
    [['fix', '--verify', '--build-arg', 'NOVALUE'], '--build-arg must be KEY=VALUE'],
    [['fix', '--verify', '-'], '--verify needs files on disk'],
  ])('%j exits 2 with "%s" and a pointer to --help', async (argv, message) => {
    const r = await cli(argv, { cwd: project({}) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('dockerslim --help');
  });
});

describe('parseArgs', () => {
  it('reads fix options in any order, with = or a separate value', () => {
    expect(parseArgs(['fix', 'a', '--unsafe', '--format=json', 'b', '--skip', 'x,y'])).toMatchObject({
      command: 'fix', paths: ['a', 'b'], unsafe: true, format: 'json', skip: ['x', 'y'], only: undefined, verify: undefined,
    });
  });

  it('collects the --verify options, with repeatable --build-arg', () => {
    const args = parseArgs(['fix', '--verify', '--smoke', 'app --version', '--build-arg', 'A=1', '--build-arg=B=x=y', '--target', 'prod', '--keep-images']);
    expect(args).toMatchObject({
      verify: { smoke: 'app --version', buildArgs: { A: '1', B: 'x=y' }, target: 'prod', keepImages: true },
    });
  });

  it('takes everything after -- as a path', () => {
    expect(parseArgs(['fix', '--', '--weird-name'])).toMatchObject({ paths: ['--weird-name'] });
  });

  it('throws UsageError, not a plain Error, for bad input', () => {
    expect(() => parseArgs(['fix', '--format'])).toThrow(UsageError);
  });
});
