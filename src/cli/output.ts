import { printable } from '../errors.js';
import type { AppliedChange, Finding, Transform } from '../types.js';

type Env = Record<string, string | undefined>;

/** FORCE_COLOR wins (0/false turn it off), then NO_COLOR (https://no-color.org), then the terminal. */
export function colorEnabled(isTTY: boolean, env: Env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY;
}

const SGR = { bold: '1', red: '31', green: '32', yellow: '33', cyan: '36' } as const;

function paint(text: string, style: keyof typeof SGR): string {
  return `\u001b[${SGR[style]}m${text}\u001b[0m`;
}

/** Colours a unified diff line by line, the way `git diff` does. */
export function colorDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint(line, 'bold');
      if (line.startsWith('+')) return paint(line, 'green');
      if (line.startsWith('-')) return paint(line, 'red');
      if (line.startsWith('@@')) return paint(line, 'cyan');
      if (line.startsWith('# unsafe:')) return paint(line, 'yellow');
      return line;
    })
    .join('\n');
}

/** `# unsafe: <id>: <risk>` for each unsafe transform behind `changes`, so a reviewer sees why first. */
export function unsafeHeader(changes: readonly AppliedChange[], registry: readonly Transform[]): string {
  const ids = [...new Set(changes.map((c) => c.transform))];
  return ids
    .map((id) => registry.find((t) => t.id === id))
    .filter((t): t is Transform => t?.safety === 'unsafe')
    .map((t) => `# unsafe: ${t.id}: ${t.risk ?? 'can change how the image behaves'}\n`)
    .join('');
}

export function findingLine(file: string, finding: Finding): string {
  return `${file}:${finding.line}: [${finding.transform}] ${printable(finding.message, Infinity)}\n`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface Tally {
  checked: number;
  changed: number;
  errors: number;
  /** Held-back unsafe rewrites: one entry per file and transform. */
  heldBack: string[];
}

/** The closing lines on stderr: counts, then the held-back note once. */
export function summary(tally: Tally, mode: 'diff' | 'check' | 'write'): string {
  const verb = mode === 'write' ? 'changed' : 'would change';
  let text = `${plural(tally.checked, 'file')} checked, ${tally.changed} ${verb}`;
  if (tally.errors) text += `, ${plural(tally.errors, 'error')}`;
  return `${text}\n${heldBackNote(tally.heldBack)}`;
}

/** Said once per run, ruff-style, so users learn unsafe rewrites exist without being flooded. */
export function heldBackNote(heldBack: readonly string[]): string {
  if (!heldBack.length) return '';
  const ids = [...new Set(heldBack)].sort().join(', ');
  return `${plural(heldBack.length, 'unsafe rewrite')} held back (${ids}); rerun with --unsafe\n`;
}

/** `dockerslim list`: id, tier and description in aligned columns. */
export function transformTable(registry: readonly Transform[]): string {
  const rows = [['ID', 'SAFETY', 'DESCRIPTION'], ...registry.map((t) => [t.id, t.safety, firstLine(t.description)])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd() + '\n').join('');
}

export function transformJson(registry: readonly Transform[]): string {
  const list = registry.map((t) => ({
    id: t.id,
    safety: t.safety,
    description: t.description,
    ...(t.risk ? { risk: t.risk } : {}),
    ...(t.hadolint?.length ? { hadolint: [...t.hadolint] } : {}),
    ...(t.options && Object.keys(t.options).length ? { options: t.options } : {}),
  }));
  return JSON.stringify({ transforms: list }, null, 2) + '\n';
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
