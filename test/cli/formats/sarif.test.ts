import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { VerifyModule } from '../../../src/cli/verify.js';
import { transforms } from '../../../transforms/index.js';
import { addLabel, pinReminder, registryWithFakes } from '../fakes.js';
import { BROKEN, FIXABLE, cli, project, read, stdinOf } from '../helpers.js';

// The SARIF 2.1.0 schema as published with the standard (rtm.5, JSON Schema draft 04), from a devDependency
const schemaFile = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// unicodeRegExp off: the schema's pattern for `language` is not valid under the u flag
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

function sarifErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, unknown> } }[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent?: { text: string } }[] }[] }[];
}

async function sarif(argv: string[], cwd: string, registry = registryWithFakes) {
  const r = await cli(['fix', '--format', 'sarif', ...argv], { cwd }, registry);
  const log = JSON.parse(r.stdout);
  const run = log.runs[0];
  return { code: r.code, stderr: r.stderr, log, run, results: run.results as Result[], rules: run.tool.driver.rules as { id: string; [k: string]: unknown }[] };
}

/** Applies a SARIF fix's replacements (character offsets in the file as it is) from the end backwards. */
function applyFix(text: string, fix: NonNullable<Result['fixes']>[number]): string {
  const replacements = fix.artifactChanges.flatMap((c) => c.replacements);
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset)) {
    const { charOffset, charLength } = r.deletedRegion;
    out = out.slice(0, charOffset) + (r.insertedContent?.text ?? '') + out.slice(charOffset + charLength);
  }
  return out;
}

const UNSAFE_AND_FINDING = 'FROM alpine AS tools\nRUN echo t\nFROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN echo )\n';

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 for a run with safe and unsafe rewrites, findings, unreadable RUNs and a broken file', async () => {
    const cwd = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': UNSAFE_AND_FINDING, 'c/Dockerfile': BROKEN });
    for (const argv of [[], ['--unsafe'], ['--check'], ['--write']]) {
      const { log } = await sarif(argv, cwd);
      expect(sarifErrors(log)).toEqual([]);
    }
  });

  it('the schema check is not vacuous: a result with a made-up level is refused', async () => {
    const { log } = await sarif([], project({ Dockerfile: FIXABLE }));
    expect(sarifErrors(log)).toEqual([]);
    log.runs[0].results[0].level = 'loud';
    expect(sarifErrors(log)).not.toEqual([]);
  });

  it('has one rule per transform and one for unreadable RUNs, each with name, descriptions, markdown help and a level', async () => {
    const { rules } = await sarif([], project({ Dockerfile: FIXABLE }));
    expect(rules.map((r) => r.id)).toEqual([...registryWithFakes.map((t) => t.id), 'shell-syntax']);
    for (const rule of rules) {
      expect(rule).toMatchObject({
        name: expect.stringMatching(/^[A-Z][A-Za-z0-9]+$/),
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: { text: expect.any(String), markdown: expect.stringContaining(`# dockerslim-ignore ${rule.id}`) },
        defaultConfiguration: { level: expect.stringMatching(/^(note|warning)$/) },
      });
    }
    const slim = rules.find((r) => r.id === 'slim-base')!;
    expect(slim.defaultConfiguration).toEqual({ level: 'note' });
    expect((slim.fullDescription as { text: string }).text).toContain('unsafe: the slim image lacks');
    expect(rules.find((r) => r.id === 'merge-runs')!.defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('shows the rewrite a rule made in this run as a diff in its markdown help', async () => {
    const { rules } = await sarif([], project({ Dockerfile: FIXABLE }));
    const markdown = (rules.find((r) => r.id === 'merge-runs')!.help as { markdown: string }).markdown;
    expect(markdown).toContain('```diff\n@@ -1,3 +1,3 @@\n FROM debian\n-RUN echo a\n-RUN echo b\n+RUN echo a \\\n+    && echo b\n```');
  });

  it('locates each result on the whole instruction, with line and column, relative to %SRCROOT%', async () => {
    const cwd = project({ 'svc/Dockerfile': 'FROM debian:12\n  RUN echo a \\\n   && echo b\nRUN echo c\n' });
    const { results, run } = await sarif([], cwd);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: 'merge-runs', level: 'warning' });
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 3, endLine: 3, endColumn: 13, snippet: { text: 'RUN echo a \\\n   && echo b' } },
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${cwd}/`);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('gives unsafe rewrites and reports of unreadable RUNs the level note, findings warning, and each rule index points at its rule', async () => {
    const { results, rules } = await sarif(['--unsafe'], project({ Dockerfile: UNSAFE_AND_FINDING }));
    const byRule = Object.fromEntries(results.map((r) => [r.ruleId, r.level]));
    expect(byRule).toMatchObject({ 'slim-base': 'note', 'apt-no-recommends': 'note', 'pin-reminder': 'warning', 'shell-syntax': 'note' });
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('puts the file\'s whole rewrite as a fix on its first rewrite result, and applying it gives what --write writes', async () => {
    const cwd = project({ Dockerfile: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN echo a\nRUN echo b\n' });
    const before = read(cwd, 'Dockerfile');
    const { results } = await sarif([], cwd);
    const withFix = results.filter((r) => r.fixes);
    expect(withFix).toHaveLength(1);
    expect(results.findIndex((r) => r.fixes)).toBe(results.findIndex((r) => r.message.text.endsWith('makes this rewrite')));
    for (const r of results) for (const f of r.fixes ?? []) for (const c of f.artifactChanges) expect(c.replacements.length).toBeGreaterThan(0);
    const fixed = applyFix(before, withFix[0].fixes![0]);
    await cli(['fix', '--write'], { cwd }, registryWithFakes);
    expect(fixed).toBe(read(cwd, 'Dockerfile'));
  });

  it('offers no rewrite, nor fix, for a file whose rewritten image failed --verify', async () => {
    const failing: VerifyModule = { engineAvailable: () => true, verifyFile: async () => ({ ok: false }), formatVerifyResult: () => 'failed' };
    const cwd = project({ Dockerfile: FIXABLE });
    const r = await cli(['fix', '--format', 'sarif', '--verify'], { cwd, loadVerifyModule: async () => failing }, registryWithFakes);
    const run = JSON.parse(r.stdout).runs[0];
    expect(sarifErrors(JSON.parse(r.stdout))).toEqual([]);
    expect(run.results.map((x: Result) => x.ruleId)).toEqual(['pin-reminder']);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toBe('Dockerfile: verification failed');
  });

  it('after --write, reports only what remains (findings) and has no fixes', async () => {
    const cwd = project({ Dockerfile: 'FROM debian\nRUN echo a\nRUN echo b\n' });
    const { results } = await sarif(['--write'], cwd);
    expect(results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine])).toEqual([['pin-reminder', 1]]);
    expect(results.some((r) => r.fixes)).toBe(false);
  });

  it('points a finding at the line of the file as it is, while the rewrite that moves lines is not written', async () => {
    const registry = [...transforms, addLabel, pinReminder];
    const cwd = project({ Dockerfile: 'FROM debian:12\nRUN echo )\n' });
    const dry = await sarif([], cwd, registry);
    const finding = dry.results.find((r) => r.ruleId === 'shell-syntax')!;
    expect(finding.locations[0].physicalLocation.region).toMatchObject({ startLine: 2, snippet: { text: 'RUN echo )' } });
    const written = await sarif(['--write'], cwd, registry);
    expect(written.results.find((r) => r.ruleId === 'shell-syntax')!.locations[0].physicalLocation.region).toMatchObject({ startLine: 3 });
  });

  it('keeps a result\'s fingerprint when lines above it move, and no two results share one', async () => {
    const body = 'RUN echo a\nRUN echo b\nFROM debian AS two\nRUN echo c\nRUN echo d\n';
    const first = await sarif([], project({ Dockerfile: `FROM debian\n${body}` }));
    const moved = await sarif([], project({ Dockerfile: `# a comment\n\nFROM debian\n${body}` }));
    const prints = (results: Result[]) => results.map((r) => r.partialFingerprints['dockerslimIssue/v1']);
    expect(prints(first.results)).toEqual(prints(moved.results));
    expect(new Set(prints(first.results)).size).toBe(first.results.length);
    expect(first.results[0].locations[0].physicalLocation.region.startLine).not.toBe(moved.results[0].locations[0].physicalLocation.region.startLine);
  });

  it('reports a file it could not read as a tool notification with its line, and says the run did not succeed', async () => {
    const { code, run, results } = await sarif([], project({ Dockerfile: BROKEN }));
    expect(code).toBe(2);
    expect(results).toEqual([]);
    expect(run.invocations[0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [{
        level: 'error',
        message: { text: 'Dockerfile:2: unknown instruction FOO' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 2 } } }],
      }],
    });
  });

  it('names stdin by --stdin-filepath, and the tool by its version', async () => {
    const r = await cli(['fix', '--format', 'sarif', '--stdin-filepath', 'deploy/Dockerfile'], { cwd: project({}), stdin: stdinOf(FIXABLE) });
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/Dockerfile');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(run.tool.driver).toMatchObject({ name: 'dockerslim', version: pkg.version });
  });
});
