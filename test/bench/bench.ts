/**
 * Speed and memory of dockerslim on generated Dockerfiles; prints figures and whether targets hold.
 * Run: npm run bench  [-- --files N --seed S]
 */
import { DockerfileParser } from 'dockerfile-ast';
import sh from 'mvdan-sh';
import { Document } from '../../src/document.js';
import { assertParsesBack, fix } from '../../src/index.js';
import { parseShell } from '../../src/shell/parser.js';
import { generateDockerfiles } from './generate.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = option('files', 2500);
const SEED = option('seed', 42);

const now = () => Number(process.hrtime.bigint()) / 1000; // microseconds
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function timeEach<T>(items: T[], fn: (item: T) => void): number[] {
  return items.map((item) => {
    const t = now();
    fn(item);
    return now() - t;
  });
}

function warm<T>(items: T[], fn: (item: T) => void) {
  for (const item of items.slice(0, 200)) fn(item);
}

const files = generateDockerfiles(FILES, SEED);
const bodies = files.flatMap((f) => {
  const doc = new Document(f);
  return doc.instructions.filter((i) => i.keyword === 'RUN').map((i) => doc.runBody(i).logical.text);
});

// whole fix vs a bare dockerfile-ast parse of the same files
warm(files, (f) => fix(f));
warm(files, (f) => DockerfileParser.parse(f));
const fixTimes = timeEach(files, (f) => fix(f));
const parseTimes = timeEach(files, (f) => DockerfileParser.parse(f));
const fixTotal = fixTimes.reduce((a, b) => a + b, 0);
const parseTotal = parseTimes.reduce((a, b) => a + b, 0);
const sortedFix = [...fixTimes].sort((a, b) => a - b);
const changed = files.filter((f) => fix(f).output !== f).length;
// what --write costs: fix, then the independent dockerfile-ast parse-back of changed output
const writeTimes = timeEach(files, (f) => assertParsesBack(f, fix(f).output));
const writeTotal = writeTimes.reduce((a, b) => a + b, 0);

// shell view vs mvdan-sh on the same bodies
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
warm(bodies, oursParses);
warm(bodies, mvdanParses);
const oursTimes = timeEach(bodies, oursParses);
const mvdanTimes = timeEach(bodies, mvdanParses);
const oursPerBody = oursTimes.reduce((a, b) => a + b, 0) / bodies.length;
const mvdanPerBody = mvdanTimes.reduce((a, b) => a + b, 0) / bodies.length;
const missed = bodies.filter((b) => mvdanParses(b) && !oursParses(b));

const rssMb = process.resourceUsage().maxRSS / 1024;
const ratio = fixTotal / parseTotal;
const speedup = mvdanPerBody / oursPerBody;
const slowest = sortedFix[sortedFix.length - 1] / 1000;

const rows: [string, string][] = [
  ['files', `${files.length} (seed ${SEED}; ${changed} with something to fix)`],
  ['RUN bodies', `${bodies.length}`],
  ['fix: files/s', fmt(files.length / (fixTotal / 1e6), 0)],
  ['fix: µs per file (median / p99 / max)', `${fmt(quantile(sortedFix, 0.5))} / ${fmt(quantile(sortedFix, 0.99))} / ${fmt(slowest * 1000)}`],
  ['dockerfile-ast parse: µs per file (mean)', fmt(parseTotal / files.length)],
  ['fix cost / bare parse cost', `${fmt(ratio, 2)}x`],
  ['fix + parse-back check (--write) / bare parse cost', `${fmt(writeTotal / parseTotal, 2)}x`],
  ['shell view: µs per RUN body', fmt(oursPerBody, 2)],
  ['mvdan-sh: µs per RUN body', fmt(mvdanPerBody, 2)],
  ['shell view speed-up over mvdan-sh', `${fmt(speedup)}x`],
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
console.log('');
for (const [name, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
for (const b of missed.slice(0, 5)) console.log(`  rejected: ${JSON.stringify(b)}`);
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
