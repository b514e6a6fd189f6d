import { SHELL_SYNTAX } from '../../engine.js';
import type { Transform } from '../../types.js';
import type { Issue } from './issues.js';

/**
 * How much an issue asks of the reader, in SARIF's words: a safe rewrite still to make, or a finding
 * (something left bigger or riskier than it need be, which needs a person), is a `warning`; what an
 * unsafe transform proposes or explains is a suggestion to weigh, and a RUN dockerslim cannot read
 * says only that it was not looked at: `note`. The other formats translate this.
 */
export function severityOf(issue: Pick<Issue, 'kind' | 'ruleId'>, registry: readonly Transform[]): 'note' | 'warning' {
  if (issue.ruleId === SHELL_SYNTAX) return 'note';
  if (registry.find((t) => t.id === issue.ruleId)?.safety === 'unsafe') return 'note';
  return 'warning';
}

/** The command that makes a rewrite of `transform`, for messages. */
export function rewriteCommand(transform: Transform | undefined): string {
  return transform?.safety === 'unsafe' ? `dockerslim fix --write --only ${transform.id}` : 'dockerslim fix --write';
}
