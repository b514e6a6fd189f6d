import type { BuildOutcome, SmokeRun, VerifyResult } from './index.js';

const OUTPUT_LINES = 8;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** A short human report: one verdict line, then builds, sizes, smoke and the transforms involved. */
export function formatVerifyResult(result: VerifyResult, transformIds: string[]): string {
  const lines = [`verify ${result.file}: ${result.ok ? 'OK' : `FAILED: ${failureReason(result)}`}`];
  lines.push(`  original   ${describe(result.before)}`);
  if (result.before.ok) lines.push(`  rewritten  ${describe(result.after)}${savings(result)}`);
  if (result.smoke) lines.push(...describeSmoke(result.smoke));
  if (transformIds.length) lines.push(`  transforms ${transformIds.join(', ')}`);
  const failed = !result.before.ok ? result.before : !result.after.ok ? result.after : undefined;
  if (failed?.logTail) {
    lines.push(`  last lines of the failed build:`);
    lines.push(...failed.logTail.split('\n').map((l) => `    | ${l}`));
  }
  return lines.join('\n');
}

function failureReason(result: VerifyResult): string {
  if (!result.before.ok) return 'the original Dockerfile does not build, so the rewrite cannot be checked';
  if (!result.after.ok) return 'the rewritten Dockerfile does not build';
  if (result.smoke && !result.smoke.agree) return 'the smoke command behaves differently in the rewritten image';
  return 'unknown';
}

function describe(outcome: BuildOutcome): string {
  if (!outcome.ok) return `failed after ${outcome.seconds.toFixed(1)}s`;
  const size = outcome.sizeBytes === undefined ? 'size unknown' : mb(outcome.sizeBytes);
  return `built in ${outcome.seconds.toFixed(1)}s, ${size}`;
}

function savings(result: VerifyResult): string {
  const saved = result.savedBytes;
  const before = result.before.sizeBytes;
  if (saved === undefined || before === undefined) return '';
  if (saved === 0) return '  (same size)';
  const percent = before > 0 ? ` (${((Math.abs(saved) / before) * 100).toFixed(1)}%)` : '';
  return saved > 0 ? `  saves ${mb(saved)}${percent}` : `  GROWS by ${mb(-saved)}${percent}`;
}

function describeSmoke(smoke: NonNullable<VerifyResult['smoke']>): string[] {
  const command = smoke.command === undefined ? 'smoke' : `smoke \`${smoke.command}\``;
  const label = smoke.shellReason === undefined ? command : `${command} (through sh -c: ${smoke.shellReason})`;
  if (smoke.agree) {
    const note = smoke.before.code === 0 ? '' : ' (it fails in both: check the command)';
    return [`  ${label}: exit ${smoke.before.code} in both, same output${note}`];
  }
  return [
    `  ${label} differs:`,
    ...describeRun('original ', smoke.before),
    ...describeRun('rewritten', smoke.after),
  ];
}

function describeRun(label: string, run: SmokeRun): string[] {
  const out = run.stdout.trimEnd().split('\n');
  const shown = out.slice(0, OUTPUT_LINES).map((l) => `      | ${l}`);
  if (out.length > OUTPUT_LINES) shown.push(`      | … ${out.length - OUTPUT_LINES} more lines`);
  const stderr = run.stderrTail.trim() === '' ? [] : ['      stderr:', ...run.stderrTail.trimEnd().split('\n').map((l) => `      | ${l}`)];
  return [`    ${label} exit ${run.code}, stdout:`, ...(run.stdout === '' ? ['      (empty)'] : shown), ...stderr];
}
