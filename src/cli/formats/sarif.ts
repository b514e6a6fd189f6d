import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Transform } from '../../types.js';
import type { RunRecord } from './index.js';
import { rewriteCommand, severityOf } from './severity.js';
import { errorLine, hunkAt, issuesOf, lineOffsets, type Block, type FileIssues, type Issue } from './issues.js';

/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One rule per transform (and one
 * for RUNs no transform can read); one result per rewrite still to make and per finding, located
 * on the file as it is on disk; the whole rewrite of a file as a SARIF fix on its first result.
 */
export function sarifReport(run: RunRecord): string {
  const files = issuesOf(run.outcomes, run.readDocument);
  const ids = ruleIds(run, files);
  const index = new Map(ids.map((id, i) => [id, i]));
  const srcRoot = pathToFileURL(run.cwd.endsWith(path.sep) ? run.cwd : `${run.cwd}${path.sep}`).href;

  const results: object[] = [];
  for (const f of files) {
    const location = artifactLocation(run.cwd, f.file);
    let fixAttached = false;
    for (const issue of f.issues) {
      const transform = run.registry.find((t) => t.id === issue.ruleId);
      const result: Record<string, unknown> = {
        ruleId: issue.ruleId,
        ruleIndex: index.get(issue.ruleId),
        level: severityOf(issue, run),
        message: { text: resultMessage(issue, transform) },
        locations: [{ physicalLocation: { artifactLocation: location, region: sarifRegion(issue) } }],
        partialFingerprints: { 'dockerslimIssue/v1': issue.fingerprint },
      };
      if (issue.data) result.properties = { data: issue.data };
      if (issue.kind === 'rewrite' && !fixAttached && f.pending.length) {
        result.fixes = [wholeRewriteFix(f, location)];
        fixAttached = true;
      }
      results.push(result);
    }
  }

  const notifications = run.outcomes
    .filter((o) => o.report.error !== undefined)
    .map((o) => errorNotification(run.cwd, o.report.file, o.report.error!));

  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerslim',
            version: run.toolVersion,
            semanticVersion: run.toolVersion,
            rules: ids.map((id) => rule(id, run, example(id, files))),
          },
        },
        invocations: [{ executionSuccessful: run.tally.errors === 0, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Every transform of the registry (so rule indexes stay put from run to run), the shell-syntax rule, then any other id a result carries. */
function ruleIds(run: RunRecord, files: readonly FileIssues[]): string[] {
  const ids = [...run.registry.map((t) => t.id), run.unreadableRunId];
  for (const f of files) for (const i of f.issues) if (!ids.includes(i.ruleId)) ids.push(i.ruleId);
  return ids;
}

function resultMessage(issue: Issue, transform: Transform | undefined): string {
  if (issue.kind === 'finding') return issue.message;
  return `${issue.message}; ${rewriteCommand(transform)} makes this rewrite`;
}

function sarifRegion(issue: Issue) {
  const { startLine, startColumn, endLine, endColumn, text } = issue.region;
  return { startLine, startColumn, endLine, endColumn, snippet: { text } };
}

/** A path relative to the folder dockerslim ran in is relative to %SRCROOT%; any other is a file URL. */
function artifactLocation(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** The file's whole pending rewrite, one replacement per changed block (what `--write` would do, never a part of it). */
function wholeRewriteFix(f: FileIssues, location: object) {
  const source = f.outcome.source ?? '';
  const output = f.outcome.output ?? '';
  const oldStarts = lineOffsets(source);
  const newStarts = lineOffsets(output);
  const at = (starts: number[], line: number) => starts[Math.min(line - 1, starts.length - 1)];
  const replacements = f.pending.map((b: Block) => {
    const charOffset = at(oldStarts, b.oldStart);
    const charLength = at(oldStarts, b.oldStart + b.oldCount) - charOffset;
    const inserted = output.slice(at(newStarts, b.newStart), at(newStarts, b.newStart + b.newCount));
    return { deletedRegion: { charOffset, charLength }, ...(inserted ? { insertedContent: { text: inserted } } : {}) };
  });
  const n = f.outcome.report.changes.length;
  return {
    description: { text: `Apply dockerslim's ${n === 1 ? 'rewrite' : `${n} rewrites`} to ${f.file} (as dockerslim fix --write would)` },
    artifactChanges: [{ artifactLocation: location, replacements }],
  };
}

/** The diff hunk of this run's first rewrite by rule `id`, to show in the rule's help. */
function example(id: string, files: readonly FileIssues[]): { file: string; line: number; hunk: string } | undefined {
  for (const f of files) {
    const issue = f.issues.find((i) => i.ruleId === id && i.kind === 'rewrite');
    if (!issue) continue;
    const hunk = hunkAt(f.outcome.diff, issue.region.startLine);
    if (hunk) return { file: f.file, line: issue.region.startLine, hunk };
  }
  return undefined;
}

function rule(id: string, run: RunRecord, shown: ReturnType<typeof example>) {
  const transform = run.registry.find((t) => t.id === id);
  const description = transform?.description ?? (id === run.unreadableRunId ? 'A RUN whose body is not valid shell: no transform rewrites it' : id);
  const summary = description.split('\n')[0];
  const safety = transform?.safety;
  const tier =
    safety === 'safe' ? 'Safe rewrite: the image behaves the same. `dockerslim fix --write` applies it.'
    : safety === 'unsafe' ? `Unsafe rewrite, applied only when asked for (\`--unsafe\`, or its id in \`--only\` or the configuration's \`unsafe\`). Risk: ${transform?.risk ?? 'it can change how the image behaves'}.`
    : 'Reported only: dockerslim leaves the instruction as it is.';
  const hadolint = transform?.hadolint?.length ? `It answers hadolint ${transform.hadolint.join(', ')}.` : '';
  const silence = `To leave one instruction alone, put \`# dockerslim-ignore ${id}\` on the line above it.`;
  const findings = transform?.findings ? 'When it cannot make the rewrite exactly, it reports a finding instead, saying why.' : '';
  const text = [description, tier, findings, hadolint, silence].filter(Boolean).join('\n\n');
  const markdown = [
    `**${escapeMarkdown(summary)}**`,
    description === summary ? '' : escapeMarkdown(description),
    tier,
    findings,
    hadolint,
    shown ? `The rewrite of \`${shown.file}\` at line ${shown.line} in this run (with any other rewrite of the same lines):\n\n${fenced(shown.hunk, 'diff')}` : '',
    silence,
  ].filter(Boolean).join('\n\n');
  const level = severityOf({ kind: 'rewrite', ruleId: id }, run);
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: summary },
    fullDescription: { text: transform?.risk ? `${description} (unsafe: ${transform.risk})` : description },
    help: { text, markdown },
    defaultConfiguration: { level },
    properties: {
      tags: ['dockerfile', ...(safety ? [`${safety}-rewrite`] : [])],
      precision: 'very-high',
      'problem.severity': level === 'note' ? 'recommendation' : 'warning',
      ...(transform?.hadolint?.length ? { hadolint: [...transform.hadolint] } : {}),
    },
  };
}

function errorNotification(cwd: string, file: string, error: string) {
  const line = errorLine(file, error);
  const physicalLocation = { artifactLocation: artifactLocation(cwd, file.replace(/\\/g, '/')), ...(line ? { region: { startLine: line } } : {}) };
  return { level: 'error', message: { text: error }, locations: [{ physicalLocation }] };
}

/** A fenced code block whose fence no line of `text` can close. */
function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function pascalCase(id: string): string {
  return id.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
