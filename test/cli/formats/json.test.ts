import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { VerifyModule } from '../../../src/cli/verify.js';
import { registryWithFakes } from '../fakes.js';
import { BROKEN, CLEAN, FIXABLE, FIXED, cli, project, read, stdinOf } from '../helpers.js';

const SCHEMA = new URL('../../../schema/fix-report.schema.json', import.meta.url);
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

/** The schema's complaints about a document, as readable lines ([] when it is valid). */
function schemaErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('--format json', () => {
  it('prints one JSON document with every file, its changes, findings and errors, and a summary', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': CLEAN, 'c/Dockerfile': BROKEN });
    const r = await cli(['fix', '--format', 'json'], { cwd }, registryWithFakes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      files: [
        {
          file: 'a/Dockerfile',
          changed: true,
          changes: [{ transform: 'merge-runs', line: 2, message: expect.any(String) }],
          findings: [{ transform: 'pin-reminder', line: 1, message: 'pin the base image tag' }],
          heldBack: ['slim-base'],
        },
        {
          file: 'b/Dockerfile',
          changed: false,
          changes: [],
          findings: [{ transform: 'pin-reminder', line: 1, message: 'pin the base image tag' }],
          heldBack: ['slim-base'],
        },
        { file: 'c/Dockerfile', changed: false, changes: [], findings: [], error: 'c/Dockerfile:2: unknown instruction FOO' },
      ],
      summary: { checked: 3, changed: 1, errors: 1, heldBack: ['slim-base'] },
    });
  });

  it('with --write reports which files were written', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--write', '--format=json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: 'Dockerfile', changed: true, written: true });
    expect(read(cwd, 'Dockerfile')).toBe(FIXED);
  });

  it('with --check exits 1 when something would change', async () => {
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--check', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary).toEqual({ checked: 1, changed: 1, errors: 0, heldBack: [] });
  });

  it('from stdin carries the rewritten text', async () => {
    const cwd = project({});
    const r = await cli(['fix', '--format', 'json', '-'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: '<stdin>', changed: true, output: FIXED });
  });

  it('rejects an unknown format', async () => {
    const r = await cli(['fix', '--format', 'yaml'], { cwd: project({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be diff, json, sarif, checkstyle or gitlab (got "yaml")');
  });
});

describe('--format json with a path that names nothing', () => {
  it('lists it as an entry with an error, and exits 2', async () => {
    const cwd = project({ Dockerfile: CLEAN });
    const r = await cli(['fix', '--format', 'json', 'Dockerfile', 'nope'], { cwd });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0]).toEqual({ file: 'nope', changed: false, changes: [], findings: [], error: 'nope: no such file or directory' });
    expect(doc.summary).toMatchObject({ checked: 1, errors: 1 });
  });
});

describe('schema/fix-report.schema.json (shipped in the package)', () => {
  const passing: VerifyModule = {
    engineAvailable: () => true,
    verifyFile: async () => ({ ok: true }),
    formatVerifyResult: () => 'verified',
  };

  it('describes what every kind of run prints: changes with data, findings, held-back, errors, missing paths, writes, verification, stdin, ignored files', async () => {
    const cwd = project({
      '.git/HEAD': '',
      '.dockerslimignore': 'skipped/\n',
      'a/Dockerfile': FIXABLE,
      'b/Dockerfile': CLEAN,
      'c/Dockerfile': BROKEN,
      'skipped/Dockerfile': FIXABLE,
      'slim/Dockerfile': 'FROM python:3.12\nCMD ["python", "-c", "print(1)"]\n',
      'ctx/Dockerfile': CLEAN,
      'ctx/.git/HEAD': '', // the context's .git, which a proposed .dockerignore leaves out
    });
    const runs = [
      await cli(['fix', '--format', 'json', '.', 'missing/', 'skipped/Dockerfile'], { cwd }, registryWithFakes),
      await cli(['fix', '--format', 'json', '--unsafe', 'slim'], { cwd }),
      await cli(['fix', '--format', 'json', '--check', 'a'], { cwd }),
      await cli(['fix', '--format', 'json', '--write', 'ctx'], { cwd }),
      await cli(['fix', '--format', 'json', '--write', '--verify', 'a'], { cwd, loadVerifyModule: async () => passing }),
      await cli(['fix', '--format', 'json', '-'], { cwd, stdin: stdinOf(FIXABLE) }),
      await cli(['fix', '--format', 'json', '--stdin-filepath', 'skipped/Dockerfile'], { cwd, stdin: stdinOf(FIXABLE) }),
    ];
    const docs = runs.map((r) => JSON.parse(r.stdout));
    for (const doc of docs) expect(schemaErrors(doc)).toEqual([]);
    // the runs above do reach every field the schema names, so none of it goes unchecked
    const fields = new Set(docs.flatMap((d) => d.files.flatMap((f: object) => Object.keys(f))));
    const changeFields = new Set(docs.flatMap((d) => d.files.flatMap((f: { changes: object[] }) => f.changes.flatMap((c) => Object.keys(c)))));
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    expect([...fields].sort()).toEqual(Object.keys(schema.definitions.fileReport.properties).sort());
    expect([...changeFields].sort()).toEqual(Object.keys(schema.definitions.fileReport.properties.changes.items.properties).sort());
  });

  it('is strict enough to catch a field it does not describe or a wrong type', () => {
    const ok = { files: [{ file: 'Dockerfile', changed: false, changes: [], findings: [] }], summary: { checked: 1, changed: 0, errors: 0, heldBack: [] } };
    expect(schemaErrors(ok)).toEqual([]);
    expect(schemaErrors({ ...ok, extra: 1 })).not.toEqual([]);
    expect(schemaErrors({ ...ok, files: [{ ...ok.files[0], line: 'x' }] })).not.toEqual([]);
    expect(schemaErrors({ ...ok, summary: { ...ok.summary, checked: -1 } })).not.toEqual([]);
  });

  it('ships with the package and can be imported by its path', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(pkg.files).toContain('schema');
    expect(pkg.exports['./schema/fix-report.schema.json']).toBe('./schema/fix-report.schema.json');
  });
});
