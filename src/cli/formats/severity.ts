import type { Transform } from '../../types.js';
import type { RunRecord } from './index.js';
import type { Issue } from './issues.js';

/**
 * How much an issue asks of the reader, in SARIF's words: a safe rewrite still to make, or a finding
 * (something left bigger or riskier than it need be, which needs a person), is a `warning`; what an
 * unsafe transform proposes or explains is a suggestion to weigh, and a RUN dockerslim cannot read
 * says only that it was not looked at: `note`. The other formats translate this.
 */
export function severityOf(issue: Pick<Issue, 'kind' | 'ruleId'>, run: Pick<RunRecord, 'registry' | 'unreadableRunId'>): 'note' | 'warning' {
  if (issue.ruleId === run.unreadableRunId) return 'note';
  if (run.registry.find((t) => t.id === issue.ruleId)?.safety === 'unsafe') return 'note';
  return 'warning';
}

/** The command that makes a rewrite of `transform`, for messages. */
export function rewriteCommand(transform: Transform | undefined): string {
  return transform?.safety === 'unsafe' ? `dockerslim fix --write --only ${transform.id}` : 'dockerslim fix --write';
}
