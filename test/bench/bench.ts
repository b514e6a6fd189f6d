/**
 * Speed and memory of dockerslim on generated Dockerfiles; prints figures and whether targets hold.
 * Run: npm run bench  [-- --files N --seed S --rounds R --sizes 1000,10000,30000 --startup-runs N
 *                        --section files|growth|startup (repeatable; default: all)]
 */
import { DockerfileParser } from 'dockerfile-ast';
import sh from 'mvdan-sh';
import { Document } from '../../src/document.js';
import { assertParsesBack, fix } from '../../src/index.js';
import { printGrowth } from './growth.js';
import { printStartup } from './startup.js';
import { parseShell } from '../../src/shell/parser.js';
import { generateDockerfiles } from './generate.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = option('files', 2500);
const SEED = option('seed', 42);
/** Each measurement runs this many rounds, interleaved; figures are medians over rounds, so a GC pause or a busy neighbour in one round does not decide them. */
const ROUNDS = option('rounds', 5);
const SIZES = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '1000,10000,30000').split(',').map(Number);
const STARTUP_RUNS = option('startup-runs', 20);
const sections = args.flatMap((a, i) => (a === '--section' ? [args[i + 1]] : []));
const wanted = (name: string) => sections.length === 0 || sections.includes(name);

const now = () => performance.now() * 1000; // microseconds; no BigInt per reading
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * Times `fn` on each item. No forced GC between phases: a full collection shrinks the young
 * generation, and allocation-heavy code then pays for scavenges that a normal run never sees.
 */
function timeEach<T>(items: T[], fn: (item: T) => void): number[] {
  return items.map((item) => {
    const t = now();
    fn(item);
    return now() - t;
  });
}

/** Two runs over everything first, so the code is compiled before anything is timed. */
function warm<T>(items: T[], fn: (item: T) => void) {
  for (let i = 0; i < 2; i++) for (const item of items) fn(item);
}

/** CPU time (user + system) of this process, in microseconds: unlike the clock, it does not grow while other programs have the cores. */
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Rounds {
  /** Per round, each item's wall-clock time. */
  a: number[][];
  b: number[][];
  /** Per round, the CPU time of the whole round: ratios are taken from these. */
  cpuA: number[];
  cpuB: number[];
}

/** Runs the two measurements in alternating rounds. */
function rounds<A, B>(a: [A[], (item: A) => void], b: [B[], (item: B) => void]): Rounds {
  warm(...a);
  warm(...b);
  const out: Rounds = { a: [], b: [], cpuA: [], cpuB: [] };
  for (let r = 0; r < ROUNDS; r++) {
    let c = cpu();
    out.a.push(timeEach(...a));
    out.cpuA.push(cpu() - c);
    c = cpu();
    out.b.push(timeEach(...b));
    out.cpuB.push(cpu() - c);
  }
  return out;
}

/** Per round, a's CPU time over b's. */
const cpuRatios = (r: Rounds) => r.cpuA.map((t, i) => t / r.cpuB[i]);

/** Per item, the median of its times over the rounds. */
function perItemMedian(times: number[][]): number[] {
  return times[0].map((_, i) => median(times.map((round) => round[i])));
}

/** The many-files section: throughput, the ratio to a bare parse, and the shell view against mvdan-sh. */
function filesSection(): { targets: [string, boolean][]; missed: string[] } {
  const files = generateDockerfiles(FILES, SEED);
  const bodies = files.flatMap((f) => {
    const doc = new Document(f);
    return doc.instructions.filter((i) => i.keyword === 'RUN').map((i) => doc.runBody(i).logical.text);
  });

  // shell view vs mvdan-sh on the same bodies (first, while the heap is small for both)
  const mvdan = sh.syntax.NewParser();
  const mvdanParses = (b: string) => {
    try {
      mvdan.Parse(b, 'run');
      return true;
    } catch {
      return false;
    }
  };
  const oursParses = (b: string) => {
    try {
      parseShell(b);
      return true;
    } catch {
      return false;
    }
  };
  // bodies take microseconds: each round times the whole loop, since a clock reading per body would
  // cost about as much as the parse
  const loop = (parse: (b: string) => boolean) => () => {
    for (const b of bodies) parse(b);
  };
  const shellVsMvdan = rounds<number, number>([[0], loop(oursParses)], [[0], loop(mvdanParses)]);
  const speedups = cpuRatios(shellVsMvdan).map((x) => 1 / x);
  const oursPerBody = median(shellVsMvdan.cpuA) / bodies.length;
  const mvdanPerBody = median(shellVsMvdan.cpuB) / bodies.length;
  // whole fix vs a bare dockerfile-ast parse of the same files
  const fixVsParse = rounds<string, string>([files, (f) => fix(f)], [files, (f) => DockerfileParser.parse(f)]);
  const fixRatios = cpuRatios(fixVsParse);
  const fixPerFile = perItemMedian(fixVsParse.a).sort((a, b) => a - b);
  const parsePerFile = perItemMedian(fixVsParse.b);
  const outputs = files.map((f) => fix(f).output);
  const changed = outputs.filter((o, i) => o !== files[i]).length;
  // what --write costs on top: the independent dockerfile-ast parse-back of changed output
  const writeVsParse = rounds<number, string>([files.map((_, i) => i), (i) => assertParsesBack(files[i], outputs[i])], [files, (f) => DockerfileParser.parse(f)]);
  const writeRatios = cpuRatios(writeVsParse);

  const missed = bodies.filter((b) => mvdanParses(b) && !oursParses(b));

  const rssMb = process.resourceUsage().maxRSS / 1024;
  const ratio = median(fixRatios);
  const speedup = median(speedups);
  const slowest = fixPerFile[fixPerFile.length - 1] / 1000;
  const range = (xs: number[], digits: number) => `${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;

  const rows: [string, string][] = [
    ['files', `${files.length} (seed ${SEED}; ${changed} with something to fix)`],
    ['RUN bodies', `${bodies.length}`],
    ['rounds (figures are medians over rounds)', `${ROUNDS}`],
    ['fix: files/s', fmt(files.length / (median(fixVsParse.a.map(sum)) / 1e6), 0)],
    ['fix: µs per file (median / p99 / max)', `${fmt(quantile(fixPerFile, 0.5))} / ${fmt(quantile(fixPerFile, 0.99))} / ${fmt(slowest * 1000)}`],
    ['dockerfile-ast parse: µs per file (mean)', fmt(sum(parsePerFile) / files.length)],
    ['ratios and µs per body below are of CPU time', 'user + system, median over rounds'],
    ['fix cost / bare parse cost', `${fmt(ratio, 2)}x (rounds ${range(fixRatios, 2)})`],
    ['fix + parse-back check (--write) / bare parse cost', `${fmt(ratio + median(writeRatios), 2)}x`],
    ['shell view: µs per RUN body', fmt(oursPerBody, 2)],
    ['mvdan-sh: µs per RUN body', fmt(mvdanPerBody, 2)],
    ['shell view speed-up over mvdan-sh', `${fmt(speedup)}x (rounds ${range(speedups, 1)})`],
    ['bodies mvdan-sh parses that the shell view rejects', `${missed.length}`],
    ['peak RSS', `${fmt(rssMb)} MB`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  const targets: [string, boolean][] = [
    ['shell view >= 20x faster than mvdan-sh', speedup >= 20],
    ['shell view parses every body mvdan-sh parses', missed.length === 0],
    ['whole fix <= 2x a bare dockerfile-ast parse', ratio <= 2],
    ['no single file over 50 ms', slowest <= 50],
  ];
  return { targets, missed };
}

const targets: [string, boolean][] = [];
let missed: string[] = [];
if (wanted('files')) {
  const section = filesSection();
  targets.push(...section.targets);
  missed = section.missed;
}
if (wanted('growth')) targets.push(printGrowth(SIZES, SEED, 1.5));
if (wanted('startup')) targets.push(printStartup(STARTUP_RUNS, SEED, 2));
console.log('');
for (const [name, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
for (const b of missed.slice(0, 5)) console.log(`  rejected: ${JSON.stringify(b)}`);
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
