import { chmodSync, lstatSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN, CLEAN, FIXABLE, FIXED, cli, project, read } from './helpers.js';

describe('dockerslim fix (dry run)', () => {
  it('prints a unified diff for a file with something to fix, exits 0 and leaves the file alone', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
    expect(r.stdout).toContain('-RUN echo b\n');
    expect(r.stdout).toContain('+    && echo b\n');
    expect(r.stderr).toContain('1 file checked, 1 would change');
    expect(read(cwd, 'Dockerfile')).toBe(FIXABLE);
  });

  it('prints nothing on stdout when there is nothing to fix', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const r = await cli(['fix'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe('1 file checked, 0 would change\n');
  });

  it('colours the diff only on a TTY without NO_COLOR, unless FORCE_COLOR says so', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const esc = '\u001b[';
    expect((await cli(['fix'], { cwd, isTTY: true })).stdout).toContain(esc);
    expect((await cli(['fix'], { cwd, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['fix'], { cwd, isTTY: false })).stdout).not.toContain(esc);
    expect((await cli(['fix'], { cwd, isTTY: false, env: { FORCE_COLOR: '1' } })).stdout).toContain(esc);
    expect((await cli(['fix'], { cwd, isTTY: true, env: { FORCE_COLOR: '0' } })).stdout).not.toContain(esc);
  });

  it('--quiet drops the summary but keeps the diff', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--quiet'], { cwd });
    expect(r.stdout).toContain('+++ b/Dockerfile');
    expect(r.stderr).toBe('');
  });
});

describe('dockerslim fix --check', () => {
  it('exits 0 when every file is already fine', async () => {
    const cwd = project({ Dockerfile: CLEAN, 'api/Dockerfile': CLEAN });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('2 files checked, 0 would change');
  });

  it('exits 1 and lists the files that would change, without touching them', async () => {
    const cwd = project({ Dockerfile: CLEAN, 'api/Dockerfile': FIXABLE, 'web/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('api/Dockerfile\nweb/Dockerfile\n');
    expect(r.stderr).toContain('3 files checked, 2 would change');
    expect(read(cwd, 'api/Dockerfile')).toBe(FIXABLE);
  });
});

describe('dockerslim fix --write', () => {
  it('rewrites the file in place and exits 0', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write'], { cwd });
    expect(r.code).toBe(0);
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect(r.stdout).toBe('Dockerfile\n');
    expect(r.stderr).toContain('1 file checked, 1 changed');
  });

  it('keeps the file mode (0640 stays 0640)', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    chmodSync(path.join(cwd, 'Dockerfile'), 0o640);
    await cli(['fix', '--write'], { cwd });
    expect(statSync(path.join(cwd, 'Dockerfile')).mode & 0o7777).toBe(0o640);
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const crlf = '\uFEFFFROM debian\r\nRUN echo a\r\nRUN echo b\r\n';
    const cwd = project({ Dockerfile: crlf });
    await cli(['fix', '--write'], { cwd });
    expect(read(cwd, 'Dockerfile')).toBe('\uFEFFFROM debian\r\nRUN echo a \\\r\n    && echo b\r\n');
  });

  it('does not touch a file with nothing to fix (same inode, same mtime)', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const before = statSync(path.join(cwd, 'Dockerfile'));
    await new Promise((r) => setTimeout(r, 20));
    const r = await cli(['fix', '--write'], { cwd });
    const after = statSync(path.join(cwd, 'Dockerfile'));
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('leaves no temp file behind', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    await cli(['fix', '--write'], { cwd });
    expect(readdirSync(cwd)).toEqual(['Dockerfile']);
  });

  it('writes through a symlinked Dockerfile and keeps the link', async () => {
    const cwd = project({ 'docker/Dockerfile.real': FIXABLE });
    symlinkSync('docker/Dockerfile.real', path.join(cwd, 'Dockerfile'));
    await cli(['fix', '--write', 'Dockerfile'], { cwd });
    expect(lstatSync(path.join(cwd, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(read(cwd, 'docker/Dockerfile.real')).toBe(FIXED);
  });

  it('refuses --write together with --check', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', '--check'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write and --check cannot be used together');
  });
});

describe('a broken file among good ones', () => {
  it('names the file and line, still processes the others, and exits 2', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': BROKEN, 'c/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--write'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b/Dockerfile:2: unknown instruction FOO');
    expect(r.stderr).toContain('3 files checked, 2 changed, 1 error');
    expect(read(cwd, 'a/Dockerfile')).toBe(FIXED);
    expect(read(cwd, 'b/Dockerfile')).toBe(BROKEN);
    expect(read(cwd, 'c/Dockerfile')).toBe(FIXED);
  });

  it('exits 2 under --check too, even when others would change', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': BROKEN });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('a/Dockerfile\n');
  });

  it('reports an error even with --quiet', async () => {
    const cwd = project({ Dockerfile: BROKEN });
    const r = await cli(['fix', '--quiet'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Dockerfile:2: unknown instruction FOO\n');
  });

  it('refuses a file that is not UTF-8 rather than mangling it', async () => {
    const cwd = project({});
    const latin1 = Buffer.from('FROM debian\nRUN echo caf\xe9\nRUN echo b\n', 'latin1');
    writeFileSync(path.join(cwd, 'Dockerfile'), latin1);
    const r = await cli(['fix', '--write'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile: not valid UTF-8');
  });
});

describe('dockerslim fix - (stdin)', () => {
  it('reads stdin and writes the rewritten text (not a diff) to stdout', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: async () => FIXABLE });
    expect(r).toMatchObject({ code: 0, stdout: FIXED });
  });

  it('echoes a clean file unchanged', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: async () => CLEAN });
    expect(r).toMatchObject({ code: 0, stdout: CLEAN, stderr: '' });
  });

  it('with --check prints nothing on stdout and exits 1 when it would change', async () => {
    const cwd = project({});
    const pending = await cli(['fix', '--check', '-'], { cwd, stdin: async () => FIXABLE });
    expect(pending).toMatchObject({ code: 1, stdout: '' });
    expect(pending.stderr).toContain('<stdin>: would change');
    const clean = await cli(['fix', '--check', '-'], { cwd, stdin: async () => CLEAN });
    expect(clean).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('reports a broken input with its line and exits 2, printing nothing on stdout', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: async () => BROKEN });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('<stdin>:2: unknown instruction FOO');
  });

  it('must be the only path, and cannot be written in place', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    expect((await cli(['fix', '-', 'Dockerfile'], { cwd })).code).toBe(2);
    const r = await cli(['fix', '--write', '-'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write cannot be used with stdin');
  });
});

describe('dockerslim fix --stdin-filepath / --stdin-filename', () => {
  const yarnFile = 'FROM node:20\nRUN yarn install\n';

  it('reads stdin without -, and names it by that path in messages', async () => {
    const cwd = project({});
    const r = await cli(['fix', '--check', '--stdin-filepath', 'deploy/Dockerfile'], { cwd, stdin: async () => FIXABLE });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deploy/Dockerfile: would change');
    const broken = await cli(['fix', '--stdin-filename', 'deploy/Dockerfile'], { cwd, stdin: async () => BROKEN });
    expect(broken.stderr).toContain('deploy/Dockerfile:2: unknown instruction FOO');
  });

  it('takes the folder of that path as the build context, and its own .dockerignore', async () => {
    const cwd = project({ 'web/package.json': '{"packageManager": "yarn@4.1.0"}\n' });
    const named = await cli(['fix', '--stdin-filepath', 'web/Dockerfile'], { cwd, stdin: async () => yarnFile });
    expect(named.stdout).toBe(yarnFile); // yarn 4, read from web/: its cache is left alone
    const bare = await cli(['fix', '-'], { cwd, stdin: async () => yarnFile });
    expect(bare.stdout).toContain('yarn cache clean'); // the current folder holds no package.json
  });

  it('cannot be combined with other paths or --write', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    expect((await cli(['fix', '--stdin-filepath', 'a', 'Dockerfile'], { cwd })).stderr).toContain('--stdin-filepath reads stdin: give no other path');
    expect((await cli(['fix', '--stdin-filepath', 'a', '--write'], { cwd })).stderr).toContain('--write cannot be used with stdin');
    expect((await cli(['fix', '--stdin-filepath', 'a', '-'], { cwd, stdin: async () => CLEAN })).code).toBe(0);
  });
});

describe('dockerslim fix --fail-on', () => {
  const WITH_FINDING = 'FROM debian:12\nRUN echo )\n'; // the RUN is reported, never rewritten

  it('findings: exit 1 while a finding remains, 0 when none does; the default ignores findings', async () => {
    const cwd = project({ 'a/Dockerfile': WITH_FINDING, 'b/Dockerfile': CLEAN });
    expect((await cli(['fix'], { cwd })).code).toBe(0);
    expect((await cli(['fix', '--fail-on', 'findings'], { cwd })).code).toBe(1);
    expect((await cli(['fix', '--fail-on=findings', 'b'], { cwd })).code).toBe(0);
    expect((await cli(['fix', '--fail-on', 'findings', '--quiet', '--format', 'json'], { cwd })).code).toBe(1);
  });

  it('changes: exit 1 when a rewrite is pending (the diff still printed), or was written with --write', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const dry = await cli(['fix', '--fail-on', 'changes'], { cwd });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('+    && echo b');
    expect((await cli(['fix', '--write', '--fail-on', 'changes'], { cwd })).code).toBe(1);
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect((await cli(['fix', '--write', '--fail-on', 'changes'], { cwd })).code).toBe(0);
  });

  it('takes both, comma-separated; an error still exits 2', async () => {
    const cwd = project({ 'a/Dockerfile': WITH_FINDING, 'b/Dockerfile': BROKEN });
    expect((await cli(['fix', '--fail-on', 'changes,findings', 'a'], { cwd })).code).toBe(1);
    expect((await cli(['fix', '--fail-on', 'findings'], { cwd })).code).toBe(2);
  });

  it('rejects what it does not know, suggesting the nearest', async () => {
    const r = await cli(['fix', '--fail-on', 'finding'], { cwd: project({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fail-on must be changes, findings or none (got "finding"); did you mean `findings`?');
    expect((await cli(['fix', '--fail-on', 'none,findings'], { cwd: project({}) })).stderr).toContain('--fail-on none cannot be combined');
  });
});

describe('dockerslim fix --color / --no-color', () => {
  it('--color colours the diff off a terminal, --no-color keeps it plain on one, whatever the environment says', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const esc = '\u001b[';
    expect((await cli(['fix', '--color'], { cwd, isTTY: false, env: { NO_COLOR: '1' } })).stdout).toContain(esc);
    expect((await cli(['fix', '--no-color'], { cwd, isTTY: true, env: { FORCE_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['fix', '--color', '--no-color'], { cwd, isTTY: true })).stdout).not.toContain(esc); // the last one wins
  });
});
