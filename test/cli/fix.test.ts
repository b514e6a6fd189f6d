import { chmodSync, existsSync, lstatSync, readdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTransform } from '../../src/transform.js';
import type { Transform } from '../../src/types.js';
import { transforms } from '../../transforms/index.js';
import { BROKEN, CLEAN, FIXABLE, FIXED, cli, project, read, stdinOf } from './helpers.js';

/**
 * Joins RUNs with a lone carriage return: the engine reads one RUN, dockerfile-ast (the referee
 * before a write) reads a second instruction, so the result must never reach a file or stdout.
 */
const loneCr = defineTransform({
  id: 'lone-cr',
  description: 'appends a command after a lone carriage return',
  safety: 'safe',
  apply: (doc) =>
    doc.instructions
      .filter((i) => i.keyword === 'RUN' && !doc.source.slice(i.start, i.end).includes('\r'))
      .map((i) => ({ message: 'lone CR', instructions: [i], edits: [{ start: i.argsEnd, end: i.argsEnd, text: ' &&\rtouch /done' }] })),
});

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

describe('the parse-back check before output leaves the program', () => {
  it('--write refuses a result dockerfile-ast reads as other instructions, and leaves the file as it was', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const r = await cli(['fix', '--write'], { cwd }, [loneCr]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile: refusing to write: the result does not parse back the same');
    expect(read(cwd, 'Dockerfile')).toBe(CLEAN);
  });

  it('stdin gets the same check: nothing on stdout, exit 2', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(CLEAN) }, [loneCr]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('<stdin>: refusing to write: the result does not parse back the same');
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

  it('names the line where a heredoc opens when no line closes it, not the body line read as an instruction', async () => {
    const cwd = project({ Dockerfile: 'FROM debian\nRUN <<EOF\napt-get update\nRUN echo done\n' });
    const r = await cli(['fix'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile:2: heredoc <<EOF opened here is never closed (no line reading EOF before the end of the file)\n');
  });

  it('escapes control characters of a binary-looking line instead of printing them raw', async () => {
    const cwd = project({ Dockerfile: 'FROM debian\n\x01\x02\x1b[2J\n' });
    const r = await cli(['fix'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile:2: unknown instruction \\u0001\\u0002\\u001b[2J\n');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u001b]/);
  });

  it('refuses a 20 MB file by its size, naming the file and the limit, and goes on with the others', async () => {
    const cwd = project({ 'big/Dockerfile': '', 'small/Dockerfile': FIXABLE });
    truncateSync(path.join(cwd, 'big/Dockerfile'), 20 * 1024 * 1024); // sparse: nothing is read to find its size
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('big/Dockerfile: 20.0 MB is more than dockerslim reads (2.0 MB); left untouched\n');
    expect(r.stdout).toBe('small/Dockerfile\n');
  });

  it('refuses a file that is not UTF-8 rather than mangling it', async () => {
    const cwd = project({});
    const latin1 = Buffer.from('FROM debian\nRUN echo caf\xe9\nRUN echo b\n', 'latin1');
    writeFileSync(path.join(cwd, 'Dockerfile'), latin1);
    const r = await cli(['fix', '--write'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile:2: not valid UTF-8 (byte 0xE9 at column 13)');
  });
});

describe('dockerslim fix - (stdin)', () => {
  it('reads stdin and writes the rewritten text (not a diff) to stdout', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(r).toMatchObject({ code: 0, stdout: FIXED });
  });

  it('echoes a clean file unchanged', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(CLEAN) });
    expect(r).toMatchObject({ code: 0, stdout: CLEAN, stderr: '' });
  });

  it('with --check prints nothing on stdout and exits 1 when it would change', async () => {
    const cwd = project({});
    const pending = await cli(['fix', '--check', '-'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(pending).toMatchObject({ code: 1, stdout: '' });
    expect(pending.stderr).toContain('<stdin>: would change');
    const clean = await cli(['fix', '--check', '-'], { cwd, stdin: stdinOf(CLEAN) });
    expect(clean).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('reports a broken input with its line and exits 2, printing nothing on stdout', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(BROKEN) });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('<stdin>:2: unknown instruction FOO');
  });

  it('refuses stdin that is not UTF-8 like a file, naming <stdin> and the line, and prints nothing on stdout', async () => {
    const cwd = project({});
    const latin1 = Buffer.from('FROM debian\nRUN echo a\nRUN echo caf\xe9\n', 'latin1');
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(latin1) });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('<stdin>:3: not valid UTF-8 (byte 0xE9 at column 13); left untouched\n');
  });

  it('refuses UTF-16 on stdin by name, without echoing its bytes', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(Buffer.from(FIXABLE, 'utf16le')) });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('<stdin>: UTF-16 text (little-endian, no byte order mark); dockerslim reads UTF-8: convert it first; left untouched\n');
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
    const r = await cli(['fix', '--check', '--stdin-filepath', 'deploy/Dockerfile'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deploy/Dockerfile: would change');
    const broken = await cli(['fix', '--stdin-filename', 'deploy/Dockerfile'], { cwd, stdin: stdinOf(BROKEN) });
    expect(broken.stderr).toContain('deploy/Dockerfile:2: unknown instruction FOO');
  });

  it('takes the folder of that path as the build context, and its own .dockerignore', async () => {
    const cwd = project({ 'web/package.json': '{"packageManager": "yarn@4.1.0"}\n' });
    const named = await cli(['fix', '--stdin-filepath', 'web/Dockerfile'], { cwd, stdin: stdinOf(yarnFile) });
    expect(named.stdout).toBe(yarnFile); // yarn 4, read from web/: its cache is left alone
    const bare = await cli(['fix', '-'], { cwd, stdin: stdinOf(yarnFile) });
    expect(bare.stdout).toContain('yarn cache clean'); // the current folder holds no package.json
  });

  it('cannot be combined with other paths or --write', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    expect((await cli(['fix', '--stdin-filepath', 'a', 'Dockerfile'], { cwd })).stderr).toContain('--stdin-filepath reads stdin: give no other path');
    expect((await cli(['fix', '--stdin-filepath', 'a', '--write'], { cwd })).stderr).toContain('--write cannot be used with stdin');
    expect((await cli(['fix', '--stdin-filepath', 'a', '-'], { cwd, stdin: stdinOf(CLEAN) })).code).toBe(0);
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

/** Makes sure the build context's .dockerignore lists `.git`, as a transform proposing a second file does. */
const ignoreGit: Transform = defineTransform({
  id: 'ignore-git',
  description: 'add .git to .dockerignore',
  safety: 'safe',
  apply(doc, context) {
    const text = context.fileText('.dockerignore');
    if (!context.buildContext || text?.split('\n').includes('.git')) return [];
    const at = text?.length ?? 0;
    return [{ message: 'leave .git out of the context', instructions: [doc.instructions[0]], file: '.dockerignore', edits: [{ start: at, end: at, text: '.git\n' }] }];
  },
});
const withIgnoreGit = [...transforms, ignoreGit];

describe('a rewrite that also edits another file of the build context', () => {
  it('the dry run shows the new file in the diff, named from the working folder', async () => {
    const cwd = project({ 'svc/Dockerfile': CLEAN, 'svc/app.py': '' });
    const r = await cli(['fix'], { cwd }, withIgnoreGit);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('--- /dev/null\n+++ b/svc/.dockerignore\n@@ -0,0 +1,1 @@\n+.git\n');
    expect(r.stderr).toContain('1 file checked, 1 would change');
    expect(existsSync(path.join(cwd, 'svc/.dockerignore'))).toBe(false);
  });

  it('--check counts it and lists it', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const r = await cli(['fix', '--check'], { cwd }, withIgnoreGit);
    expect(r).toMatchObject({ code: 1, stdout: 'Dockerfile\n.dockerignore\n' });
  });

  it('--write creates it, and a second run has nothing to do', async () => {
    const cwd = project({ Dockerfile: FIXABLE, '.dockerignore': 'node_modules\n' });
    const r = await cli(['fix', '--write'], { cwd }, withIgnoreGit);
    expect(r).toMatchObject({ code: 0, stdout: 'Dockerfile\n.dockerignore\n' });
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
    expect(read(cwd, '.dockerignore')).toBe('node_modules\n.git\n');
    expect(readdirSync(cwd).filter((n) => n.includes('dockerslim'))).toEqual([]);
    expect((await cli(['fix', '--check'], { cwd }, withIgnoreGit)).code).toBe(0);
  });

  it('--write of a file that only the other file changes leaves the Dockerfile untouched', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const before = statSync(path.join(cwd, 'Dockerfile')).mtimeMs;
    const r = await cli(['fix', '--write', '--format', 'json'], { cwd }, withIgnoreGit);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: 'Dockerfile', changed: true, written: false, files: [{ path: '.dockerignore', created: true, written: true }] });
    expect(statSync(path.join(cwd, 'Dockerfile')).mtimeMs).toBe(before);
    expect(JSON.parse(r.stdout).summary.changed).toBe(1);
  });

  it('the JSON output lists it, created or changed', async () => {
    const cwd = project({ Dockerfile: CLEAN, '.dockerignore': '*.log\n' });
    const r = await cli(['fix', '--format', 'json'], { cwd }, withIgnoreGit);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ changed: true, files: [{ path: '.dockerignore', created: false }] });
  });

  it('from stdin it is named on stderr, not written', async () => {
    const cwd = project({});
    const r = await cli(['fix', '-'], { cwd, stdin: stdinOf(CLEAN) }, withIgnoreGit);
    expect(r.stdout).toBe(CLEAN);
    expect(r.stderr).toContain('.dockerignore: would be created (not written from stdin)');
    expect(existsSync(path.join(cwd, '.dockerignore'))).toBe(false);
  });
});
