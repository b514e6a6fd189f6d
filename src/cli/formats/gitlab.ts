import { createHash } from 'node:crypto';
import type { RunRecord } from './index.js';
import { errorLine, issuesOf } from './issues.js';
import { rewriteCommand, severityOf } from './severity.js';

/**
 * `--format gitlab`: a GitLab code quality report (a JSON array; the job keeps it as
 * `artifacts: reports: codequality`), which merge requests show line by line.
 */
export function gitlabReport(run: RunRecord): string {
  const entries: object[] = [];
  for (const f of issuesOf(run.outcomes, run.readDocument)) {
    const { report } = f.outcome;
    if (report.error !== undefined) {
      const line = errorLine(report.file, report.error) ?? 1;
      const fingerprint = createHash('sha256').update(`error\0${f.file}\0${report.error}`).digest('hex').slice(0, 32);
      entries.push(entry(report.error, 'dockerslim/error', fingerprint, 'major', f.file, line));
    }
    for (const issue of f.issues) {
      const severity = severityOf(issue, run) === 'note' ? 'info' : 'minor';
      const transform = run.registry.find((t) => t.id === issue.ruleId);
      const description = `[${issue.ruleId}] ${issue.message}${issue.kind === 'rewrite' ? `; ${rewriteCommand(transform)} makes this rewrite` : ''}`;
      entries.push(entry(description, `dockerslim/${issue.ruleId}`, issue.fingerprint, severity, f.file, issue.region.startLine, issue.region.endLine));
    }
  }
  return JSON.stringify(entries, null, 2) + '\n';
}

function entry(description: string, checkName: string, fingerprint: string, severity: string, path: string, begin: number, end = begin) {
  return {
    type: 'issue',
    description,
    check_name: checkName,
    fingerprint,
    severity,
    categories: ['Performance'],
    location: { path, lines: { begin, end } },
  };
}
