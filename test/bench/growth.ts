/**
 * How the cost of a whole `fix` grows with the size of one file: a single-stage Dockerfile of about
 * 1k, 10k and 30k lines, µs per line for the whole run, and where the time goes (each transform,
 * document builds, the syntax check, the diff, the parse-back check).
 */
import { Document } from '../../src/document.js';
import { runPipeline } from '../../src/engine.js';
import { unifiedDiff } from '../../src/diff.js';
import { assertParsesBack } from '../../src/referee.js';
import type { Transform } from '../../src/types.js';
import { syntaxProblems } from '../../src/validate.js';
import { transforms } from '../../transforms/index.js';
import { generateLargeDockerfile } from './generate.js';

export interface GrowthResult {
  lines: number;
  /** Whole `fix`, CPU µs per line (median over runs). */
  perLine: number;
  /** CPU µs per line of each phase, in one instrumented run. */
  phases: Map<string, number>;
  changes: number;
}

/** CPU time (user + system) of this process, in microseconds. */
export const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Lines a whole-fix timing covers at least: smaller files are fixed that many lines' worth of times. */
const REPEAT_LINES = 10_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Times `fn` in CPU µs. */
function timed(fn: () => void): number {
  const t = cpu();
  fn();
  return cpu() - t;
}

/**
 * The registry with each transform's apply and findings timed into `spent`. Facts shared by several
 * transforms (Memo on the document) are charged to the first that asks; `calls` counts applies.
 */
function instrumented(spent: Map<string, number>, calls: Map<string, number>): Transform[] {
  const add = (key: string, t: number) => spent.set(key, (spent.get(key) ?? 0) + t);
  return transforms.map((t, i) => ({
    ...t,
    apply(doc, context) {
      calls.set(t.id, (calls.get(t.id) ?? 0) + 1);
      if (i === 0) {
        // the shell view of every RUN, parsed on first use: charged here, not to whichever transform asks first
        const start = cpu();
        for (const ins of doc.instructions) if (ins.keyword === 'RUN') doc.runBody(ins);
        add('shell view: RUN bodies parsed or moved', cpu() - start);
      }
      const start = cpu();
      try {
        return t.apply(doc, context);
      } finally {
        add(`transform ${t.id}`, cpu() - start);
      }
    },
    findings: t.findings
      ? (doc, context) => {
          const start = cpu();
          try {
            return t.findings!(doc, context);
          } finally {
            add(`transform ${t.id}`, cpu() - start);
          }
        }
      : undefined,
  }));
}

/**
 * Whole-fix cost and phases for each size. The sizes are timed in alternating rounds (one timing of
 * each size per round) and each figure is the median over rounds, so a machine that speeds up or
 * slows down while the section runs moves every size alike instead of deciding the ratio.
 */
export function measureGrowth(sizes: number[], seed: number, rounds: number): GrowthResult[] {
  const cases = sizes.map((n) => {
    const source = generateLargeDockerfile(n, seed);
    const lines = source.split('\n').length - 1;
    // a small file is fixed several times per timing, so every timing covers about as much work as one
    // of a large file: the garbage collector then runs in each, instead of in some runs of the small size only
    return { source, lines, repeat: Math.max(1, Math.round(REPEAT_LINES / lines)), timings: [] as number[], output: source, changes: 0 };
  });
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      c.timings.push(
        timed(() => {
          for (let k = 0; k < c.repeat; k++) {
            const result = runPipeline(c.source, transforms);
            c.output = result.output;
            c.changes = result.changes.length;
          }
        }),
      );
    }
  }
  return cases.map((c) => {
    const phaseRuns = [0, 1, 2].map(() => phasesOf(c.source, c.output));
    const phases = new Map<string, number>();
    for (const key of phaseRuns[0].keys()) phases.set(key, median(phaseRuns.map((p) => p.get(key) ?? 0)) / c.lines);
    return { lines: c.lines, perLine: median(c.timings) / (c.lines * c.repeat), phases, changes: c.changes };
  });
}

/** CPU µs of each phase of fixing `source` (whose result is `output`), in one instrumented run. */
function phasesOf(source: string, output: string): Map<string, number> {
  const phases = new Map<string, number>();
  const calls = new Map<string, number>();
  const registry = instrumented(phases, calls);
  const whole = timed(() => runPipeline(source, registry));
  const inTransforms = [...phases.values()].reduce((a, b) => a + b, 0);
  const passes = calls.get(registry[0].id) ?? 1; // the first transform is safe, so it is asked once per pass
  // what the engine does around the transforms, measured on their own
  const build = timed(() => new Document(source)) * passes;
  // the engine checks documents whose RUN bodies are parsed already: parse them first, untimed
  const parsed = [new Document(source), new Document(output)];
  for (const doc of parsed) for (const ins of doc.instructions) if (ins.keyword === 'RUN') doc.runBody(ins);
  const check = timed(() => parsed.forEach((doc) => syntaxProblems(doc)));
  const diff = timed(() => unifiedDiff('Dockerfile', source, output));
  phases.set('document builds (one per pass, estimated from the first)', build);
  phases.set('syntax check of input and output', check);
  phases.set('diff', diff);
  phases.set('engine, other (whole - the above)', Math.max(0, whole - inTransforms - build - check - diff));
  phases.set('parse-back check (--write and stdin only)', timed(() => assertParsesBack(source, output)));
  return phases;
}

/** Prints the growth table; returns whether per-line cost at the largest size stays within `limit`× the smallest. */
export function printGrowth(sizes: number[], seed: number, limit: number): [string, boolean] {
  // warm-up: the first sizes' per-line cost must not include compiling the code
  for (let i = 0; i < 3; i++) {
    const source = generateLargeDockerfile(sizes[0], seed + 1 + i);
    phasesOf(source, runPipeline(source, transforms).output);
  }
  const results = measureGrowth(sizes, seed, 5);
  const first = results[0];
  const last = results[results.length - 1];
  const growth = last.perLine / first.perLine;
  console.log('');
  console.log(`growth: one single-stage file (seed ${seed}), CPU µs per line of a whole fix`);
  const head = ['', ...results.map((r) => `${r.lines} lines`), `${last.lines}/${first.lines}`];
  const rows: string[][] = [
    ['whole fix', ...results.map((r) => r.perLine.toFixed(1)), `${growth.toFixed(2)}x`],
    ['changes made', ...results.map((r) => String(r.changes)), ''],
  ];
  const keys = [...first.phases.keys()];
  const byCost = keys.sort((a, b) => (last.phases.get(b) ?? 0) - (last.phases.get(a) ?? 0));
  for (const k of byCost) {
    const at = (r: GrowthResult) => r.phases.get(k) ?? 0;
    if (results.every((r) => at(r) < 0.05)) continue;
    rows.push([`  ${k}`, ...results.map((r) => at(r).toFixed(1)), at(first) > 0 ? `${(at(last) / at(first)).toFixed(2)}x` : '']);
  }
  const widths = head.map((_, c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
  for (const r of [head, ...rows]) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  return [`whole fix per line at ${last.lines} lines <= ${limit}x at ${first.lines} lines (${growth.toFixed(2)}x)`, growth <= limit];
}
