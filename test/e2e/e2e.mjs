#!/usr/bin/env node
// End-to-end check of the CLI on real builds: for each example, build the naive Dockerfile, then the
// output of `dockerslim fix --write` and `fix --write --unsafe`, and check that the rewritten images
// build, behave the same on the example's smoke command, and are no bigger (strictly smaller where
// the example's README promises a reduction).
//
// Usage: node test/e2e/e2e.mjs [example-name...]   (after test/e2e/prepare.sh and the tsc build)
// Env:   DOCKERSLIM_E2E_DOCKER  docker client (default /usr/bin/docker, whose BuildKit works here)
//        DOCKERSLIM_E2E_CLI     command that runs the CLI (default: node dist/src/cli/main.js)
//        DOCKERSLIM_E2E_KEEP=1  keep the images and temp folders for inspection
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const DOCKER =
  process.env.DOCKERSLIM_E2E_DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
const DOCKER_ENV = { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '1' };
const CLI = process.env.DOCKERSLIM_E2E_CLI
  ? splitWords(process.env.DOCKERSLIM_E2E_CLI)
  : [process.execPath, join(ROOT, 'dist', 'src', 'cli', 'main.js')];
const KEEP = process.env.DOCKERSLIM_E2E_KEEP === '1';
const BUILD_TIMEOUT_MS = 15 * 60_000;
const SMOKE_TIMEOUT_MS = 2 * 60_000;
const LOG_TAIL_LINES = 30;
// Builds are not byte-reproducible (a Go build cache differs by a few hundred bytes from run to run):
// growth up to this much counts as equal, and a promised reduction must exceed it.
const NOISE_BYTES = 64 * 1024;

const VARIANTS = [
  { name: 'safe', args: ['fix', '--write'] },
  { name: 'unsafe', args: ['fix', '--write', '--unsafe'] },
];

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(argv, { cwd, env, timeoutMs, input } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolvePromise({ code: 127, stdout, stderr: stderr + String(err.message) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const note = timedOut ? `\n(killed after ${timeoutMs / 1000}s)` : signal ? `\n(killed by ${signal})` : '';
      resolvePromise({ code: code ?? 128, stdout, stderr: stderr + note });
    });
    child.stdin.end(input ?? '');
  });
}

/** Splits a one-line command into words: whitespace-separated, with '…' and "…" quoting and \ escapes. */
function splitWords(line) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unterminated quote in: ${line}`);
  if (word !== null) words.push(word);
  return words;
}

const tail = (text, n = LOG_TAIL_LINES) => text.trimEnd().split('\n').slice(-n).join('\n');
const mb = (bytes) => (bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));

async function build(tag, dir) {
  const started = Date.now();
  const r = await run([DOCKER, 'build', '--progress=plain', '-t', tag, dir], {
    env: DOCKER_ENV,
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const seconds = (Date.now() - started) / 1000;
  if (r.code !== 0) return { ok: false, seconds, log: tail(r.stdout + r.stderr) };
  const inspect = await run([DOCKER, 'image', 'inspect', '-f', '{{.Size}}', tag], { env: DOCKER_ENV });
  return { ok: true, seconds, size: Number(inspect.stdout.trim()) };
}

/** The smoke command runs as the image's process with its own entrypoint replaced: no shell needed. */
async function smoke(tag, words) {
  const r = await run([DOCKER, 'run', '--rm', '--entrypoint', words[0], tag, ...words.slice(1)], {
    env: DOCKER_ENV,
    timeoutMs: SMOKE_TIMEOUT_MS,
  });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** "Expected size reduction: safe 20 MB, unsafe 25 MB" in the README: a positive number promises strictly smaller. */
function promises(readme) {
  const line = readme.split('\n').find((l) => /expected size reduction/i.test(l)) ?? '';
  const amount = (tier) => {
    const m = new RegExp(`\\b${tier}\\b[^0-9\\n]*?([0-9]+(?:\\.[0-9]+)?)\\s*MB`, 'i').exec(line);
    return m ? Number(m[1]) : 0;
  };
  return { safe: amount('safe'), unsafe: amount('unsafe') };
}

function listExamples(only) {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, 'Dockerfile')))
    .map((e) => e.name)
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
}

async function runExample(name, tagsToRemove) {
  const src = join(EXAMPLES, name);
  const result = { name, failures: [], sizes: {}, seconds: {}, notes: [] };
  const skip = join(src, 'SKIP-E2E');
  if (existsSync(skip)) {
    result.skipped = readFileSync(skip, 'utf8').trim();
    return result;
  }
  const smokeLine = readFileSync(join(src, 'smoke'), 'utf8').split('\n')[0].trim();
  const words = splitWords(smokeLine);
  const readmePath = join(src, 'README.md');
  result.promised = promises(existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '');
  const fail = (message) => result.failures.push(message);

  const tmp = mkdtempSync(join(tmpdir(), `dockerslim-e2e-${name}-`));
  result.tmp = tmp;
  try {
    cpSync(src, tmp, { recursive: true, preserveTimestamps: true });
    const original = readFileSync(join(tmp, 'Dockerfile'), 'utf8');

    const beforeTag = `dockerslim-e2e/${name}:before`;
    tagsToRemove.push(beforeTag);
    log(`${name}: building the original`);
    const before = await build(beforeTag, tmp);
    result.seconds.before = before.seconds;
    if (!before.ok) {
      fail(`the original Dockerfile does not build:\n${before.log}`);
      return result;
    }
    result.sizes.before = before.size;
    const reference = await smoke(beforeTag, words);
    if (reference.code !== 0) {
      fail(`smoke \`${smokeLine}\` fails on the original (exit ${reference.code}):\n${tail(reference.stdout + reference.stderr)}`);
      return result;
    }

    for (const variant of VARIANTS) {
      const dockerfile = join(tmp, 'Dockerfile');
      cpSync(join(src, 'Dockerfile'), dockerfile);
      log(`${name}: dockerslim ${variant.args.join(' ')}`);
      const fix = await run([...CLI, ...variant.args, dockerfile], { cwd: tmp, timeoutMs: 60_000 });
      if (fix.code !== 0 && fix.code !== 1) {
        fail(`${variant.name}: \`dockerslim ${variant.args.join(' ')}\` exited ${fix.code}:\n${tail(fix.stdout + fix.stderr)}`);
        continue;
      }
      const rewritten = readFileSync(dockerfile, 'utf8');
      if (rewritten === original) result.notes.push(`${variant.name}: no change`);

      const tag = `dockerslim-e2e/${name}:${variant.name}`;
      tagsToRemove.push(tag);
      log(`${name}: building the ${variant.name} rewrite`);
      const after = await build(tag, tmp);
      result.seconds[variant.name] = after.seconds;
      if (!after.ok) {
        fail(`${variant.name}: the rewritten Dockerfile does not build:\n${after.log}\n--- rewritten Dockerfile ---\n${rewritten}`);
        continue;
      }
      result.sizes[variant.name] = after.size;
      const got = await smoke(tag, words);
      if (got.code !== reference.code || got.stdout !== reference.stdout) {
        fail(
          `${variant.name}: smoke \`${smokeLine}\` differs: before exit ${reference.code} ${JSON.stringify(reference.stdout)}, ` +
            `after exit ${got.code} ${JSON.stringify(got.stdout)}\n${tail(got.stderr, 10)}\n--- rewritten Dockerfile ---\n${rewritten}`,
        );
      }
      const saved = before.size - after.size;
      if (saved < -NOISE_BYTES) {
        fail(`${variant.name}: image grew by ${-saved} bytes, from ${mb(before.size)} MB to ${mb(after.size)} MB\n--- rewritten Dockerfile ---\n${rewritten}`);
      } else if (result.promised[variant.name] > 0 && saved <= NOISE_BYTES) {
        fail(`${variant.name}: README promises ~${result.promised[variant.name]} MB smaller, saved ${saved} bytes\n--- rewritten Dockerfile ---\n${rewritten}`);
      }
    }
    return result;
  } finally {
    if (!KEEP) rmSync(tmp, { recursive: true, force: true });
  }
}

function log(line) {
  process.stderr.write(`e2e: ${line}\n`);
}

function table(results) {
  const rows = [['example', 'before MB', 'safe MB', 'unsafe MB', 'saved (safe/unsafe)', 'build s (b/s/u)', 'status']];
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.name, '-', '-', '-', '-', '-', `skipped: ${r.skipped}`]);
      continue;
    }
    const { before, safe, unsafe } = r.sizes;
    const saved = (after) => {
      if (before === undefined || after === undefined) return '-';
      if (Math.abs(before - after) <= NOISE_BYTES) return '≈0';
      return `${mb(before - after)} MB (${(((before - after) / before) * 100).toFixed(1)}%)`;
    };
    const secs = ['before', 'safe', 'unsafe'].map((k) => (r.seconds[k] === undefined ? '-' : r.seconds[k].toFixed(0))).join('/');
    const status = r.failures.length ? `FAIL (${r.failures.length})` : r.notes.length ? `ok; ${r.notes.join('; ')}` : 'ok';
    rows.push([r.name, mb(before), mb(safe), mb(unsafe), `${saved(safe)} / ${saved(unsafe)}`, secs, status]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

async function main() {
  const only = process.argv.slice(2);
  const info = await run([DOCKER, 'info', '--format', '{{.ServerVersion}}'], { env: DOCKER_ENV, timeoutMs: 30_000 });
  if (info.code !== 0) {
    console.error(`e2e: no Docker engine answers ${DOCKER} (run: bash test/e2e/prepare.sh)\n${tail(info.stderr, 5)}`);
    process.exit(2);
  }
  if (!process.env.DOCKERSLIM_E2E_CLI && !existsSync(CLI[1])) {
    console.error(`e2e: ${CLI[1]} is missing (run: npm run build)`);
    process.exit(2);
  }
  const names = listExamples(only);
  if (names.length === 0) {
    console.error(`e2e: no examples match ${only.join(' ')}`);
    process.exit(2);
  }

  const started = Date.now();
  const tagsToRemove = [];
  const results = [];
  try {
    for (const name of names) results.push(await runExample(name, tagsToRemove));
  } finally {
    if (!KEEP && tagsToRemove.length) await run([DOCKER, 'image', 'rm', '-f', ...tagsToRemove], { env: DOCKER_ENV });
  }

  console.log(`\n${table(results)}`);
  console.log(`\nSizes are of local stand-in base images (test/e2e/prepare.sh), not the public ones. ${((Date.now() - started) / 1000).toFixed(0)}s in all.`);
  const failed = results.filter((r) => r.failures.length);
  for (const r of failed) {
    for (const f of r.failures) console.log(`\n✗ ${r.name}: ${f}`);
  }
  if (KEEP) for (const r of results) if (r.tmp) console.log(`kept ${r.tmp}`);
  process.exit(failed.length ? 1 : 0);
}

await main();
