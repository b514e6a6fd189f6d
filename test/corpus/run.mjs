#!/usr/bin/env node
// Runs the built library on a folder of real Dockerfiles (not part of the repository) with the safe
// tier and with `unsafe: true`, and reports what a reviewer must look at: exceptions, outputs that
// do not parse back, outputs that change again when fixed twice, findings and changes per transform,
// time per file, and rewrites of kinds that are known to break builds (see checks.mjs).
//
// Usage: node test/corpus/run.mjs [folder] [--out report.json] [--diffs DIR] [--file NAME]... [--repeat N] [--quiet]
//   folder     Dockerfiles to read, one per file (default /work/corpus; INDEX.tsv and dotfiles are skipped)
//   --out      write the JSON report there
//   --diffs    write each non-empty diff there as <file>.<tier>.diff, for review
//   --file     only this file of the folder (repeatable)
//   --repeat   time each fix N times and keep the median CPU time (default 3)
// Exit status: 1 when an invariant breaks (internal error, output that does not parse back, fix not
// idempotent); suspicious rewrites and findings are reported but do not fail the run.
// Needs the tsc build: `npm run build` (or `npm run corpus`, which builds first).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { fix, assertParsesBack, DockerfileError } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href);
const { findingsOnWindows, suspiciousRewrites } = await import('./checks.mjs');

const TIERS = [
  { name: 'safe', options: { unsafe: false } },
  { name: 'unsafe', options: { unsafe: true } },
];

function parseArgs(argv) {
  const args = { folder: '/work/corpus', out: undefined, diffs: undefined, files: [], quiet: false, repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = argv[++i];
    else if (a === '--diffs') args.diffs = argv[++i];
    else if (a === '--file') args.files.push(argv[++i]);
    else if (a === '--repeat') args.repeat = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node test/corpus/run.mjs [folder] [--out report.json] [--diffs DIR] [--file NAME]... [--repeat N] [--quiet]');
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.folder = a;
  }
  return args;
}

function corpusFiles(folder, only) {
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.') && name !== 'INDEX.tsv')
    .filter((name) => only.length === 0 || only.includes(name))
    .filter((name) => statSync(join(folder, name)).isFile())
    .sort();
}

/** CPU time of this process in ms: it does not grow while other programs hold the cores. */
function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median CPU time of `repeat` runs (the first one already timed): one GC pause does not decide it. */
function medianTime(first, repeat, run) {
  const times = [first];
  for (let i = 1; i < repeat; i++) {
    const t = cpuNow();
    run();
    times.push(cpuNow() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** One tier on one file: exceptions, invariants, findings, changes, time and suspicious rewrites. */
function runTier(source, filename, options, repeat) {
  const started = cpuNow();
  let result;
  try {
    result = fix(source, { filename, ...options });
  } catch (error) {
    const ms = cpuNow() - started;
    const expected = error instanceof DockerfileError || error?.name === 'DockerfileError';
    return { ms, error: { kind: expected ? 'DockerfileError' : 'internal', message: String(error?.message ?? error), stack: expected ? undefined : error?.stack } };
  }
  const ms = medianTime(cpuNow() - started, repeat, () => fix(source, { filename, ...options }));
  const entry = {
    ms,
    changed: result.output !== source,
    changes: result.changes.map((c) => ({ transform: c.transform, line: c.line, message: c.message })),
    findings: result.findings.map((f) => ({ transform: f.transform, line: f.line, message: f.message })),
    heldBack: result.heldBack,
    diff: result.diff,
    parsesBack: true,
    idempotent: true,
    suspicious: [],
  };
  entry.suspicious.push(...findingsOnWindows(result, filename));
  if (!entry.changed) return entry;
  try {
    assertParsesBack(source, result.output, filename);
  } catch (error) {
    entry.parsesBack = false;
    entry.parseBackError = String(error?.message ?? error);
  }
  try {
    const again = fix(result.output, { filename, ...options });
    if (again.output !== result.output) {
      entry.idempotent = false;
      entry.secondDiff = again.diff;
    }
  } catch (error) {
    entry.idempotent = false;
    entry.secondError = String(error?.message ?? error);
  }
  try {
    entry.suspicious.push(...suspiciousRewrites(source, result.output, filename));
  } catch (error) {
    entry.suspicious.push({ kind: 'runner could not compare input and output', line: 1, detail: String(error?.message ?? error) });
  }
  return entry;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(files, tier) {
  const runs = files.map((f) => ({ file: f.file, ...f.tiers[tier] }));
  const ok = runs.filter((r) => !r.error);
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return {
    files: runs.length,
    changed: ok.filter((r) => r.changed).length,
    unchanged: ok.filter((r) => !r.changed).length,
    dockerfileErrors: runs.filter((r) => r.error?.kind === 'DockerfileError').map((r) => ({ file: r.file, message: r.error.message })),
    internalErrors: runs.filter((r) => r.error?.kind === 'internal').map((r) => ({ file: r.file, message: r.error.message, stack: r.error.stack })),
    parseBackFailures: ok.filter((r) => !r.parsesBack).map((r) => ({ file: r.file, message: r.parseBackError })),
    notIdempotent: ok.filter((r) => !r.idempotent).map((r) => ({ file: r.file, secondDiff: r.secondDiff, error: r.secondError })),
    changesByTransform: countBy(ok.flatMap((r) => r.changes), (c) => c.transform),
    findingsByTransform: countBy(ok.flatMap((r) => r.findings), (f) => f.transform),
    heldBack: countBy(ok.flatMap((r) => r.heldBack), (id) => id),
    suspiciousByKind: countBy(ok.flatMap((r) => r.suspicious), (s) => s.kind),
    suspicious: ok.flatMap((r) => r.suspicious.map((s) => ({ file: r.file, ...s }))),
    timeMs: {
      total: times.reduce((a, b) => a + b, 0),
      median: percentile(times, 50),
      p90: percentile(times, 90),
      p99: percentile(times, 99),
      max: times[times.length - 1] ?? 0,
      slowest: [...runs].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => ({ file: r.file, ms: r.ms })),
    },
  };
}

function printSummary(report) {
  const { safe, unsafe } = report.summary;
  const row = (label, get) => console.log(`${label.padEnd(38)}${String(get(safe)).padStart(10)}${String(get(unsafe)).padStart(10)}`);
  console.log(`\n${report.files.length} files from ${report.folder}\n`);
  console.log(`${''.padEnd(38)}${'safe'.padStart(10)}${'unsafe'.padStart(10)}`);
  row('changed', (s) => s.changed);
  row('unchanged', (s) => s.unchanged);
  row('DockerfileError (refused input)', (s) => s.dockerfileErrors.length);
  row('internal error', (s) => s.internalErrors.length);
  row('output does not parse back', (s) => s.parseBackFailures.length);
  row('fix(fix(x)) !== fix(x)', (s) => s.notIdempotent.length);
  row('suspicious rewrites', (s) => s.suspicious.length);
  row('CPU ms per file: median', (s) => s.timeMs.median.toFixed(2));
  row('CPU ms per file: p90', (s) => s.timeMs.p90.toFixed(2));
  row('CPU ms per file: p99', (s) => s.timeMs.p99.toFixed(2));
  row('CPU ms per file: max', (s) => s.timeMs.max.toFixed(2));
  const table = (title, key) => {
    const ids = [...new Set([...Object.keys(safe[key]), ...Object.keys(unsafe[key])])];
    if (ids.length === 0) return;
    console.log(`\n${title}`);
    for (const id of ids) row(`  ${id}`, (s) => s[key][id] ?? 0);
  };
  table('changes by transform', 'changesByTransform');
  table('findings by transform', 'findingsByTransform');
  table('held back (unsafe transform not enabled)', 'heldBack');
  table('suspicious rewrites by kind', 'suspiciousByKind');
  for (const tier of ['safe', 'unsafe']) {
    const s = report.summary[tier];
    for (const e of s.internalErrors) console.log(`\n[${tier}] internal error in ${e.file}: ${e.message}`);
    for (const e of s.parseBackFailures) console.log(`[${tier}] does not parse back: ${e.file}: ${e.message}`);
    for (const e of s.notIdempotent) console.log(`[${tier}] not idempotent: ${e.file}`);
  }
  if (safe.dockerfileErrors.length > 0) {
    console.log('\nrefused input (safe tier)');
    for (const e of safe.dockerfileErrors) console.log(`  ${e.message}`);
  }
  for (const tier of ['safe', 'unsafe']) {
    const list = report.summary[tier].suspicious;
    if (list.length === 0) continue;
    console.log(`\nsuspicious rewrites (${tier})`);
    for (const s of list) console.log(`  ${s.file}:${s.line}: ${s.kind}: ${s.detail}`);
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const folder = resolve(args.folder);
  const names = corpusFiles(folder, args.files);
  if (names.length === 0) throw new Error(`no files to read in ${folder}`);
  if (args.diffs) mkdirSync(args.diffs, { recursive: true });
  // One untimed pass first, so the times below are not the JIT compiling the library.
  for (const name of names.slice(0, 20)) {
    try {
      fix(readFileSync(join(folder, name), 'utf8'), { filename: name });
    } catch {
      // errors are recorded by the timed pass
    }
  }
  const files = [];
  for (const name of names) {
    const source = readFileSync(join(folder, name), 'utf8');
    const tiers = {};
    for (const tier of TIERS) {
      tiers[tier.name] = runTier(source, name, tier.options, args.repeat);
      if (args.diffs && tiers[tier.name].diff) writeFileSync(join(args.diffs, `${name}.${tier.name}.diff`), tiers[tier.name].diff);
    }
    files.push({ file: name, bytes: Buffer.byteLength(source), lines: source.split('\n').length, tiers });
  }
  const report = {
    folder,
    generated: new Date().toISOString(),
    node: process.version,
    summary: { safe: summarise(files, 'safe'), unsafe: summarise(files, 'unsafe') },
    files,
  };
  if (!args.quiet) printSummary(report);
  if (args.out) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    if (!args.quiet) console.log(`\nreport: ${args.out}`);
  }
  const broken = ['safe', 'unsafe'].some((t) => {
    const s = report.summary[t];
    return s.internalErrors.length + s.parseBackFailures.length + s.notIdempotent.length > 0;
  });
  process.exitCode = broken ? 1 : 0;
}

main();
