import type { RunRecord } from './index.js';
import { errorLine, issuesOf } from './issues.js';
import { severityOf } from './severity.js';

/**
 * `--format checkstyle`: Checkstyle's XML, which Jenkins' warnings plugin, reviewdog and many CI
 * systems read. One `<file>` per file reported, one `<error>` per rewrite still to make, finding or
 * error (`source` is `dockerslim.<id>`).
 */
export function checkstyleReport(run: RunRecord): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const f of issuesOf(run.outcomes, run.readDocument)) {
    const { report } = f.outcome;
    if (!f.issues.length && report.error === undefined) continue;
    out.push(`  <file name="${xml(f.file)}">`);
    if (report.error !== undefined) {
      const line = errorLine(report.file, report.error) ?? 1;
      out.push(`    <error line="${line}" severity="error" message="${xml(report.error)}" source="dockerslim.error"/>`);
    }
    for (const issue of f.issues) {
      const severity = severityOf(issue, run) === 'note' ? 'info' : 'warning';
      const { startLine, startColumn } = issue.region;
      out.push(`    <error line="${startLine}" column="${startColumn}" severity="${severity}" message="${xml(issue.message)}" source="dockerslim.${xml(issue.ruleId)}"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}

/** Text as an XML attribute value; characters XML 1.0 cannot hold at all are written as `\uXXXX`. */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
