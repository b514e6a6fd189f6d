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

  it('--version, -v and -V print the version from package.json, before or after the command', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const argv of [['--version'], ['-v'], ['-V'], ['fix', '-v'], ['list', '--version']]) {
      const r = await cli(argv, { cwd: project({}) });
      expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it.each([
    [[], 'missing command'],
    [['deploy'], 'unknown command "deploy": use `dockerslim fix` or `dockerslim list`'],
    [['lint'], 'unknown command "lint"; did you mean `list`?'],
    [['fxi'], 'unknown command "fxi"; did you mean `fix`?'],
    [['lst'], 'unknown command "lst"; did you mean `list`?'],
    [['Dockerfile'], 'unknown command "Dockerfile"; did you mean `dockerslim fix Dockerfile`?'],
    [['docker/app.dockerfile'], 'did you mean `dockerslim fix docker/app.dockerfile`?'],
    [['--verison'], 'unknown option --verison; did you mean `--version`?'],
    [['fix', '--wrte'], 'unknown option --wrte for fix; did you mean `--write`?'],
    [['fix', '--chek'], 'unknown option --chek for fix; did you mean `--check`?'],
    [['fix', '--stdin-file-path', 'x'], 'unknown option --stdin-file-path for fix; did you mean `--stdin-filepath`?'],
    [['fix', '--colour'], 'unknown option --colour for fix; did you mean `--color`?'],
    [['fix', '--format', 'sarf'], '--format must be diff, json, sarif, checkstyle or gitlab (got "sarf"); did you mean `sarif`?'],
    [['fix', '--zzzzzz'], 'unknown option --zzzzzz for fix\n'],
    [['list', '--fromat', 'json'], 'unknown option --fromat for list; did you mean `--format`?'],
    [['list', '--format', 'sarif'], '--format must be diff or json (got "sarif")'],
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

  it('reads the configuration, stdin, colour and fail-on options', () => {
    expect(parseArgs(['fix', '--config', 'ci.yaml', '--stdin-filepath=a/Dockerfile', '--no-color', '--fail-on', 'changes,findings', '--no-unsafe'])).toMatchObject({
      configFile: 'ci.yaml', noConfig: false, stdinFilepath: 'a/Dockerfile', paths: ['-'], color: false, failOn: ['changes', 'findings'], unsafe: false,
    });
    expect(parseArgs(['fix'])).toMatchObject({ configFile: undefined, noConfig: false, color: undefined, failOn: undefined, unsafe: undefined });
    expect(parseArgs(['fix', '--no-config', '--color', '--fail-on', 'none'])).toMatchObject({ noConfig: true, color: true, failOn: [] });
  });

  it('throws UsageError, not a plain Error, for bad input', () => {
    expect(() => parseArgs(['fix', '--format'])).toThrow(UsageError);
  });
});
