import type { RunRecord } from './index.js';

/** `--format json`: every file's report and a summary; described by schema/fix-report.schema.json. */
export function jsonReport({ outcomes, tally }: RunRecord): string {
  const summary = { checked: tally.checked, changed: tally.changed, errors: tally.errors, heldBack: [...new Set(tally.heldBack)].sort() };
  return JSON.stringify({ files: outcomes.map((o) => o.report), summary }, null, 2) + '\n';
}
