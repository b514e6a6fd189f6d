import { describe, expect, it } from 'vitest';
import { defineTransform } from '../../src/transform.js';
import { transforms } from '../../transforms/index.js';
import { registryWithFakes } from './fakes.js';
import { FIXABLE, FIXED, cli, project, read, stdinOf } from './helpers.js';

/**
 * A project root (the folder holding .git), where the search for configuration files stops; its
 * .dockerignore already leaves .git out, so the dockerignore transform has nothing to add.
 */
const ROOT = { '.git/HEAD': 'ref: refs/heads/main\n', '.dockerignore': '.git\n' };
/** merge-runs would merge the two RUNs; with it skipped there is nothing to do. */
const SKIP_MERGE_JSON = JSON.stringify({ skip: ['merge-runs'] });
/** apt-no-recommends (unsafe) and the fake slim-base (unsafe) both have something to do here. */
const TWO_UNSAFE = 'FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';

/** A transform with an option, to see options travel from the configuration file to it. */
const retag = defineTransform({
  id: 'retag',
  description: 'Tag base images that have no tag',
  safety: 'safe',
  options: { tag: { type: 'string', description: 'the tag to add', default: 'latest' } },
  apply(doc, context) {
    return doc.stages
      .filter((s) => !s.baseImage.includes(':'))
      .map((s) => ({ message: 'tagged', instructions: [s.from], edits: [{ start: s.from.argsEnd, end: s.from.argsEnd, text: `:${String(context.options.tag)}` }] }));
  },
});

describe('configuration files: where they are found', () => {
  it('.dockerslimrc.json at the project root applies to a Dockerfile in a subfolder', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': SKIP_MERGE_JSON, 'services/api/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('the nearest file wins, whole: a subfolder .dockerslimrc in YAML replaces the root one, nothing is merged', async () => {
    const cwd = project({
      ...ROOT,
      '.dockerslimrc.json': SKIP_MERGE_JSON,
      'legacy/.dockerslimrc': '# this folder keeps its defaults\nfailOn: findings\n',
      'legacy/Dockerfile': FIXABLE,
      'app/Dockerfile': FIXABLE,
    });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('legacy/Dockerfile\n'); // merge-runs runs there: the root's skip does not reach it
  });

  it.each([
    ['.dockerslimrc', '{ "skip": ["merge-runs"] }'],
    ['.dockerslimrc', 'skip:\n  - merge-runs\n'],
    ['.dockerslimrc.json', SKIP_MERGE_JSON],
    ['.dockerslimrc.yaml', 'skip: [merge-runs]\n'],
    ['.dockerslimrc.yml', 'skip: [merge-runs]\n'],
    ['.dockerslimrc.cjs', 'module.exports = { skip: ["merge-runs"] };\n'],
    ['.dockerslimrc.mjs', 'export default { skip: ["merge-runs"] };\n'],
    ['dockerslim.config.mjs', 'export default { skip: ["merge-runs"] };\n'],
    ['dockerslim.config.cjs', 'module.exports = { skip: ["merge-runs"] };\n'],
    ['package.json', JSON.stringify({ name: 'app', dockerslim: { skip: ['merge-runs'] } })],
  ])('%s is read (%j)', async (name, content) => {
    const cwd = project({ ...ROOT, [name]: content, Dockerfile: FIXABLE });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('dockerslim.config.js is read as its package says: ES module under "type": "module", CommonJS otherwise', async () => {
    const esm = project({ ...ROOT, 'package.json': '{ "type": "module" }', 'dockerslim.config.js': 'export default { skip: ["merge-runs"] };\n', Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check'], { cwd: esm })).code).toBe(0);
    const cjs = project({ ...ROOT, 'package.json': '{ "type": "commonjs" }', 'dockerslim.config.js': 'module.exports = { skip: ["merge-runs"] };\n', Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check'], { cwd: cjs })).code).toBe(0);
  });

  it('a dockerslim key spelt with JSON escapes in package.json is still found', async () => {
    const cwd = project({ ...ROOT, 'package.json': '{ "\\u0064ockerslim": { "skip": ["merge-runs"] } }', Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check'], { cwd })).code).toBe(0);
  });

  it('a package.json without a dockerslim key is passed over, and the search goes on upwards', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': SKIP_MERGE_JSON, 'web/package.json': '{ "name": "web" }', 'web/Dockerfile': FIXABLE });
    expect((await cli(['fix', '--check'], { cwd })).code).toBe(0);
  });

  it('the search stops at the folder holding .git: a file above the project does not apply', async () => {
    const cwd = project({ '.dockerslimrc.json': SKIP_MERGE_JSON, 'repo/.git/HEAD': '', 'repo/.dockerignore': '.git\n', 'repo/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--check', 'repo'], { cwd });
    expect(r).toMatchObject({ code: 1, stdout: 'repo/Dockerfile\n' });
  });

  it('--config FILE is used for every Dockerfile instead of the nearest file', async () => {
    const cwd = project({ ...ROOT, 'ci/dockerslim.yaml': 'skip: [merge-runs]\n', 'app/.dockerslimrc.json': '{}', 'app/Dockerfile': FIXABLE });
    expect((await cli(['fix', '--check'], { cwd })).code).toBe(1);
    expect((await cli(['fix', '--check', '--config', 'ci/dockerslim.yaml'], { cwd })).code).toBe(0);
  });

  it('--no-config reads no file', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': SKIP_MERGE_JSON, Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check', '--no-config'], { cwd })).code).toBe(1);
  });

  it('--config with a file that is not there, or a package.json without the key, is an error', async () => {
    const cwd = project({ ...ROOT, 'package.json': '{ "name": "x" }', Dockerfile: FIXABLE });
    const missing = await cli(['fix', '--config', 'nope.json'], { cwd });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('dockerslim: --config: nope.json: no such file\n');
    expect((await cli(['fix', '--config', 'package.json'], { cwd })).stderr).toContain('package.json has no `dockerslim` key');
    expect((await cli(['fix', '--config', 'a', '--no-config'], { cwd })).stderr).toContain('--config and --no-config cannot be used together');
  });

  it('an empty .dockerslimrc stands for the defaults in its folder', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': SKIP_MERGE_JSON, 'sub/.dockerslimrc': '', 'sub/Dockerfile': FIXABLE });
    expect((await cli(['fix', '--check'], { cwd })).code).toBe(1);
  });
});

describe('configuration files: what they set, and flags over them', () => {
  it('only: runs just those transforms', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': '{ "only": ["apt-lists"] }', Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check'], { cwd })).code).toBe(0);
  });

  it('--only or --skip on the command line replace the file\'s only and skip together', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': SKIP_MERGE_JSON, Dockerfile: FIXABLE });
    expect((await cli(['fix', '--check', '--only', 'merge-runs'], { cwd })).code).toBe(1);
    expect((await cli(['fix', '--check', '--skip', 'apt-lists'], { cwd })).code).toBe(1);
  });

  it('unsafe: true applies every unsafe transform; --no-unsafe on the command line holds them back again', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': '{ "unsafe": true }', Dockerfile: TWO_UNSAFE });
    const on = await cli(['fix'], { cwd }, registryWithFakes);
    expect(on.stdout).toContain('+FROM debian:bookworm-slim');
    expect(on.stdout).toContain('--no-install-recommends');
    const off = await cli(['fix', '--no-unsafe'], { cwd }, registryWithFakes);
    expect(off.stdout).toBe('');
    expect(off.stderr).toContain('held back (apt-no-recommends, slim-base)');
  });

  it('unsafe: [ids] applies those unsafe transforms and still reports the others as held back', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.yaml': 'unsafe: [slim-base]\n', Dockerfile: TWO_UNSAFE });
    const r = await cli(['fix'], { cwd }, registryWithFakes);
    expect(r.stdout).toContain('+FROM debian:bookworm-slim');
    expect(r.stdout).not.toContain('--no-install-recommends');
    expect(r.stderr).toContain('1 unsafe rewrite held back (apt-no-recommends)');
    expect((await cli(['fix', '--unsafe'], { cwd }, registryWithFakes)).stdout).toContain('--no-install-recommends');
  });

  it('failOn: findings makes the run exit 1 while a finding remains; --fail-on none overrides it', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': '{ "failOn": "findings" }', Dockerfile: 'FROM debian\n' });
    expect((await cli(['fix'], { cwd }, registryWithFakes)).code).toBe(1);
    expect((await cli(['fix', '--fail-on', 'none'], { cwd }, registryWithFakes)).code).toBe(0);
  });

  it('ignore: patterns relative to the file\'s folder leave matching Dockerfiles alone', async () => {
    const cwd = project({ ...ROOT, '.dockerslimrc.json': '{ "ignore": ["vendor/", "*.legacy"] }', 'vendor/x/Dockerfile': FIXABLE, 'Dockerfile.legacy': FIXABLE, 'app/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--check'], { cwd });
    expect(r.stdout).toBe('app/Dockerfile\n');
  });

  it('transforms: options reach the transform that declares them', async () => {
    const registry = [...transforms, retag];
    const cwd = project({ ...ROOT, '.dockerslimrc.json': '{ "only": ["retag"], "transforms": { "retag": { "tag": "bookworm" } } }', Dockerfile: 'FROM debian\n' });
    expect((await cli(['fix', '--write'], { cwd }, registry)).code).toBe(0);
    expect(read(cwd, 'Dockerfile')).toBe('FROM debian:bookworm\n');
  });

  it('applies the configuration of the path --stdin-filepath names', async () => {
    const cwd = project({ ...ROOT, 'svc/.dockerslimrc.json': SKIP_MERGE_JSON });
    const named = await cli(['fix', '--stdin-filepath', 'svc/Dockerfile'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(named.stdout).toBe(FIXABLE);
    const bare = await cli(['fix', '-'], { cwd, stdin: stdinOf(FIXABLE) });
    expect(bare.stdout).toBe(FIXED);
  });
});

describe('configuration files: mistakes are errors naming the file and the key', () => {
  it.each([
    ['.dockerslimrc.json', '{ "onyl": ["merge-runs"] }', '.dockerslimrc.json: onyl: unknown key; did you mean "only"?'],
    ['.dockerslimrc.json', '{ "colour": true }', '.dockerslimrc.json: colour: unknown key; the keys are only, skip, unsafe, ignore, transforms, failOn'],
    ['.dockerslimrc.json', '{ "skip": "merge-runs" }', '.dockerslimrc.json: skip: must be a list of transform ids (got "merge-runs")'],
    ['.dockerslimrc.json', '{ "skip": ["merge-runs", "merge-rusn"] }', '.dockerslimrc.json: skip[1]: unknown transform "merge-rusn"; did you mean "merge-runs"?'],
    ['.dockerslimrc.json', '{ "only": [] }', '.dockerslimrc.json: only: must name at least one transform'],
    ['.dockerslimrc.json', '{ "only": ["merge-runs"], "skip": ["apt-lists"] }', '.dockerslimrc.json: only and skip cannot be used together'],
    ['.dockerslimrc.json', '{ "unsafe": ["apt-lists"] }', '.dockerslimrc.json: unsafe[0]: apt-lists is a safe transform: it runs without unsafe'],
    ['.dockerslimrc.json', '{ "unsafe": "yes" }', '.dockerslimrc.json: unsafe: must be a list of unsafe transform ids, or true for all (got "yes")'],
    ['.dockerslimrc.json', '{ "failOn": "finding" }', '.dockerslimrc.json: failOn: "finding" is not one of changes, findings, none; did you mean "findings"?'],
    ['.dockerslimrc.json', '{ "ignore": ["ok", 3] }', '.dockerslimrc.json: ignore[1]: must be a non-empty string (got 3)'],
    ['.dockerslimrc.json', '{ "transforms": { "merge-runs": { "depth": 2 } } }', '.dockerslimrc.json: transforms.merge-runs.depth: unknown option of merge-runs; it takes no options'],
    ['.dockerslimrc.json', '{ "transforms": { "mege-runs": {} } }', '.dockerslimrc.json: transforms.mege-runs: unknown transform; did you mean "merge-runs"?'],
    ['.dockerslimrc.json', '[1, 2]', '.dockerslimrc.json: must hold an object of settings (got a list)'],
    ['.dockerslimrc.yaml', 'skip: [merge-runs\n', '.dockerslimrc.yaml: '],
    ['.dockerslimrc.json', '{ "skip": [merge-runs] }', '.dockerslimrc.json: '],
    ['package.json', JSON.stringify({ dockerslim: { sikp: [] } }), 'package.json: dockerslim.sikp: unknown key; did you mean "skip"?'],
    ['dockerslim.config.mjs', 'export const skip = [];\n', 'dockerslim.config.mjs: exports no settings'],
    ['dockerslim.config.cjs', 'throw new Error("boom")\n', 'dockerslim.config.cjs: boom'],
  ])('%s holding %j: exit 2 with "%s", and no file is touched', async (name, content, message) => {
    const cwd = project({ ...ROOT, [name]: content, Dockerfile: FIXABLE, 'b/Dockerfile': FIXABLE });
    const r = await cli(['fix', '--write'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`dockerslim: ${message}`)).toBe(true);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(read(cwd, 'Dockerfile')).toBe(FIXABLE);
    expect(read(cwd, 'b/Dockerfile')).toBe(FIXABLE);
  });

  it('a bad option value names the option and what it takes', async () => {
    const registry = [...transforms, retag];
    const cwd = project({ ...ROOT, '.dockerslimrc.yaml': 'transforms:\n  retag:\n    tag: 12\n', Dockerfile: 'FROM debian\n' });
    const r = await cli(['fix'], { cwd }, registry);
    expect(r).toMatchObject({ code: 2, stderr: 'dockerslim: .dockerslimrc.yaml: transforms.retag.tag: must be a string (got 12)\n' });
  });

  it('a configuration file in a folder no Dockerfile is in is never read', async () => {
    const cwd = project({ ...ROOT, 'other/.dockerslimrc.json': '{ "bad": 1 }', 'app/Dockerfile': FIXABLE });
    expect((await cli(['fix', '--check', 'app'], { cwd })).code).toBe(1);
  });
});
