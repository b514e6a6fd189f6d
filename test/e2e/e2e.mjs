#!/usr/bin/env node
// End-to-end check of the CLI on real builds: for each example, build the naive Dockerfile, then the
// output of `dockerslim fix --write` and of `fix --write --unsafe`, each in a fresh copy of the
// example's folder, and check that the rewritten images build, behave the same on the example's
// smoke command, are no bigger, and save what the example's README promises. Prints a table of image
// sizes, build context sizes (what BuildKit transferred) and build times.
//
// Usage: node test/e2e/e2e.mjs [example-name...]   (after test/e2e/prepare.sh and the tsc build)
// Env:   DOCKERSLIM_E2E_DOCKER  docker client (default /usr/bin/docker, whose BuildKit works here)
//        DOCKERSLIM_E2E_CLI     command that runs the CLI (default: node dist/src/cli/main.js)
//        DOCKERSLIM_E2E_KEEP=1  keep the images and temp folders for inspection
//        DOCKERSLIM_E2E_JOBS=N  build N examples at a time (default 1; build times then overlap)
//
// An example is a folder of examples/ with a Dockerfile, its build context, a README.md holding
// "Expected size reduction: safe N MB, unsafe M MB", and `smoke`: one command, run in each image as
// an argv with the entrypoint replaced (so images without a shell run it too). Optional: `local-files`
// (files a developer's folder holds but git does not: written into the context before building) and
// SKIP-E2E (why the example cannot be built here).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const PREPARE = join(ROOT, 'test', 'e2e', 'prepare.sh');
const DOCKER =
  process.env.DOCKERSLIM_E2E_DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
const DOCKER_ENV = { ...process.env, DOCKER_BUILDKIT: process.env.DOCKER_BUILDKIT ?? '1' };
const KEEP = process.env.DOCKERSLIM_E2E_KEEP === '1';
const JOBS = Math.max(1, Number(process.env.DOCKERSLIM_E2E_JOBS) || 1);
const BUILD_TIMEOUT_MS = 15 * 60_000;
const SMOKE_TIMEOUT_MS = 2 * 60_000;
const LOG_TAIL_LINES = 30;
// Builds are not byte-reproducible (a Go build cache differs by a few hundred bytes from run to run):
// growth up to this much counts as equal, and a promised reduction must exceed it.
const NOISE_BYTES = 64 * 1024;
// A README promise is met when at least this share of it is saved.
const PROMISE_SHARE = 0.8;
// Files of an example that describe it to the suite and are not part of its build context.
const SUITE_FILES = new Set(['smoke', 'local-files', 'SKIP-E2E']);
// One run's tags, so two runs on one engine do not remove each other's images.
const RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const VARIANTS = [
  { name: 'safe', args: ['fix', '--write'] },
  { name: 'unsafe', args: ['fix', '--write', '--unsafe'] },
];

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(argv, { cwd, env, timeoutMs } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  });
}

const tail = (text, n = LOG_TAIL_LINES) => text.trimEnd().split('\n').slice(-n).join('\n');
const mb = (bytes) => (bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));
const indent = (text) => text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');

// --- the build context ---------------------------------------------------------------------------

const UNITS = { B: 1, kB: 1e3, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };

/** "12MB", "180kB", "23B" in local-files. */
function parseSize(text) {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([kKMG]i?B|B)$/.exec(text);
  if (!m) throw new Error(`bad size ${JSON.stringify(text)} (want e.g. 23B, 180kB, 6MB)`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

/** Writes the files of `local-files` into dir: deterministic bytes that do not compress, seeded by the path. */
function writeLocalFiles(exampleDir, dir) {
  const spec = join(exampleDir, 'local-files');
  if (!existsSync(spec)) return;
  for (const [i, raw] of readFileSync(spec, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [path, size, extra] = line.split(/\s+/);
    if (!size || extra !== undefined || path.startsWith('/') || path.split('/').includes('..')) {
      throw new Error(`${spec}:${i + 1}: want "relative/path SIZE", got ${JSON.stringify(line)}`);
    }
    const bytes = Buffer.alloc(parseSize(size));
    let block = createHash('sha256').update(path).digest();
    for (let at = 0; at < bytes.length; at += block.length) {
      block.copy(bytes, at);
      block = createHash('sha256').update(block).digest();
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** A fresh copy of the example (plus its local files), in a new folder, so BuildKit sends the whole context. */
function freshContext(name, exampleDir, label) {
  const dir = mkdtempSync(join(tmpdir(), `dockerslim-e2e-${name}-${label}-`));
  cpSync(exampleDir, dir, { recursive: true, preserveTimestamps: true, filter: (src) => !SUITE_FILES.has(src.slice(exampleDir.length + 1)) });
  writeLocalFiles(exampleDir, dir);
  return dir;
}

/** The bytes BuildKit sent as the build context: its last "transferring context: 2.34MB" line. */
function contextBytes(log) {
  const sizes = [...log.matchAll(/transferring context: ([0-9.]+)([kKMG]?i?B)\b/g)];
  if (sizes.length === 0) return undefined;
  const [, number, unit] = sizes[sizes.length - 1];
  return Math.round(Number(number) * (UNITS[unit] ?? 1));
}

// --- base images ---------------------------------------------------------------------------------

/** The image a FROM names, normalised as docker names it (`:latest` added); undefined for stages and ARGs. */
function fromImages(dockerfile) {
  const images = [];
  const stages = new Set();
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    if (m[2]) stages.add(m[2].toLowerCase());
    const image = m[1];
    if (image.includes('$') || stages.has(image.toLowerCase()) || image === 'scratch') continue;
    images.push(normalise(image));
  }
  return [...new Set(images)];
}

function normalise(image) {
  const lastPart = image.split('/').pop();
  return image.includes('@') || lastPart.includes(':') ? image : `${image}:latest`;
}

/** Names the base images a Dockerfile uses that the engine does not have, and whether prepare.sh knows them. */
async function missingBaseImages(dockerfile, standins) {
  const missing = [];
  for (const image of fromImages(dockerfile)) {
    const inspect = await run([DOCKER, 'image', 'inspect', image], { env: DOCKER_ENV });
    if (inspect.code === 0) continue;
    missing.push(
      standins.has(image)
        ? `${image} (a stand-in test/e2e/prepare.sh builds, but it is not on this engine: run prepare.sh)`
        : `${image} (no stand-in: add it to STANDINS in test/e2e/prepare.sh, no registry is reachable here)`,
    );
  }
  return missing;
}

// --- one example ---------------------------------------------------------------------------------

async function build(tag, dir) {
  const started = Date.now();
  const r = await run([DOCKER, 'build', '--progress=plain', '-t', tag, dir], { env: DOCKER_ENV, timeoutMs: BUILD_TIMEOUT_MS });
  const seconds = (Date.now() - started) / 1000;
  const log = r.stdout + r.stderr;
  const context = contextBytes(log);
  if (r.code !== 0) return { ok: false, seconds, context, log: tail(log) };
  const inspect = await run([DOCKER, 'image', 'inspect', '-f', '{{.Size}}', tag], { env: DOCKER_ENV });
  return { ok: true, seconds, context, size: Number(inspect.stdout.trim()) };
}

/** The smoke command runs as the image's process with its own entrypoint replaced: no shell needed. */
async function smoke(tag, argv) {
  const r = await run([DOCKER, 'run', '--rm', '--entrypoint', argv[0], tag, ...argv.slice(1)], {
    env: DOCKER_ENV,
    timeoutMs: SMOKE_TIMEOUT_MS,
  });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** "Expected size reduction: safe 20 MB, unsafe 25 MB" in the README: a positive number promises that much smaller. */
function promises(readme) {
  const line = readme.split('\n').find((l) => /expected size reduction/i.test(l)) ?? '';
  const amount = (tier) => {
    const m = new RegExp(`\\b${tier}\\b[^0-9\\n]*?([0-9]+(?:\\.[0-9]+)?)\\s*MB`, 'i').exec(line);
    return m ? Number(m[1]) : 0;
  };
  return { found: line !== '', safe: amount('safe'), unsafe: amount('unsafe') };
}

/** What `fix` would do, from its JSON report (a dry run): the transforms that changed something, and the findings. */
async function plannedChanges(cli, args, dockerfile, cwd) {
  const dry = args.filter((a) => a !== '--write');
  const r = await run([...cli, ...dry, '--format', 'json', dockerfile], { cwd, timeoutMs: 60_000 });
  try {
    const report = JSON.parse(r.stdout);
    const files = report.files ?? [];
    return {
      transforms: [...new Set(files.flatMap((f) => (f.changes ?? []).map((c) => c.transform)))],
      findings: files.flatMap((f) => (f.findings ?? []).map((x) => `${x.line ?? '?'}: [${x.transform ?? x.id ?? '?'}] ${x.message}`)),
    };
  } catch {
    return { transforms: [], findings: [] };
  }
}

/** Text of the files `fix --write` changed or added in the context, for a failure message. */
function rewrittenFiles(exampleDir, dir) {
  const shown = [];
  for (const name of readdirSync(dir)) {
    if (!/(^|\.)[Dd]ockerfile$|^Dockerfile\.|\.dockerignore$/.test(name)) continue;
    const after = readFileSync(join(dir, name), 'utf8');
    const beforePath = join(exampleDir, name);
    const before = existsSync(beforePath) ? readFileSync(beforePath, 'utf8') : undefined;
    if (before === after) continue;
    shown.push(`--- ${name} (${before === undefined ? 'added' : 'rewritten'}) ---\n${after.trimEnd()}`);
  }
  return shown.join('\n');
}

async function runExample(name, cli, standins, tagsToRemove) {
  const src = join(EXAMPLES, name);
  const result = { name, failures: [], sizes: {}, seconds: {}, contexts: {}, transforms: {}, findings: [], notes: [], tmp: [] };
  if (existsSync(join(src, 'SKIP-E2E'))) {
    result.skipped = readFileSync(join(src, 'SKIP-E2E'), 'utf8').trim();
    return result;
  }
  const fail = (message) => result.failures.push(message);
  const smokeLine = existsSync(join(src, 'smoke')) ? readFileSync(join(src, 'smoke'), 'utf8').split('\n')[0].trim() : '';
  const smokeRead = smokeLine ? smokeCommand(smokeLine) : undefined;
  if (!smokeRead || smokeRead.kind !== 'argv') {
    fail(`examples/${name}/smoke must hold one command with literal arguments (it runs as an argv, without a shell)` +
      (smokeRead?.kind === 'shell' ? `; it uses ${smokeRead.reason}` : ''));
    return result;
  }
  const words = smokeRead.argv;
  const readmePath = join(src, 'README.md');
  result.promised = promises(existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '');
  if (!result.promised.found) result.notes.push('README has no "Expected size reduction" line');
  const original = readFileSync(join(src, 'Dockerfile'), 'utf8');

  const dirs = [];
  try {
    const missing = await missingBaseImages(original, standins);
    if (missing.length) {
      fail(`the original Dockerfile needs base images this engine lacks:\n${indent(missing.join('\n'))}`);
      return result;
    }
    const beforeDir = freshContext(name, src, 'before');
    dirs.push(beforeDir);
    const beforeTag = `dockerslim-e2e/${name}:${RUN_ID}-before`;
    tagsToRemove.push(beforeTag);
    log(`${name}: building the original`);
    const before = await build(beforeTag, beforeDir);
    result.seconds.before = before.seconds;
    result.contexts.before = before.context;
    if (!before.ok) {
      fail(`the original Dockerfile does not build:\n${indent(before.log)}`);
      return result;
    }
    result.sizes.before = before.size;
    const reference = await smoke(beforeTag, words);
    if (reference.code !== 0) {
      fail(`smoke \`${smokeLine}\` fails on the original (exit ${reference.code}):\n${indent(tail(reference.stdout + reference.stderr))}`);
      return result;
    }

    for (const variant of VARIANTS) {
      const dir = freshContext(name, src, variant.name);
      dirs.push(dir);
      const dockerfile = join(dir, 'Dockerfile');
      const planned = await plannedChanges(cli, variant.args, dockerfile, dir);
      result.transforms[variant.name] = planned.transforms;
      if (variant.name === 'unsafe') result.findings = planned.findings;
      log(`${name}: dockerslim ${variant.args.join(' ')}${planned.transforms.length ? ` (${planned.transforms.join(', ')})` : ''}`);
      const fix = await run([...cli, ...variant.args, dockerfile], { cwd: dir, timeoutMs: 60_000 });
      if (fix.code !== 0 && fix.code !== 1) {
        fail(`${variant.name}: \`dockerslim ${variant.args.join(' ')}\` exited ${fix.code}:\n${indent(tail(fix.stdout + fix.stderr))}`);
        continue;
      }
      const rewritten = readFileSync(dockerfile, 'utf8');
      const changedFiles = rewrittenFiles(src, dir);
      if (changedFiles === '') result.notes.push(`${variant.name}: no change`);
      const explain = () => `${changedFiles ? `\n${indent(changedFiles)}` : ''}${fix.stderr.trim() ? `\n    --- dockerslim said ---\n${indent(tail(fix.stderr, 15))}` : ''}`;

      const missingAfter = await missingBaseImages(rewritten, standins);
      if (missingAfter.length) {
        fail(`${variant.name}: the rewritten Dockerfile needs base images this engine lacks:\n${indent(missingAfter.join('\n'))}${explain()}`);
        continue;
      }
      const tag = `dockerslim-e2e/${name}:${RUN_ID}-${variant.name}`;
      tagsToRemove.push(tag);
      log(`${name}: building the ${variant.name} rewrite`);
      const after = await build(tag, dir);
      result.seconds[variant.name] = after.seconds;
      result.contexts[variant.name] = after.context;
      if (!after.ok) {
        fail(`${variant.name}: the rewritten Dockerfile does not build:\n${indent(after.log)}${explain()}`);
        continue;
      }
      result.sizes[variant.name] = after.size;
      const got = await smoke(tag, words);
      if (got.code !== reference.code || got.stdout !== reference.stdout) {
        fail(
          `${variant.name}: smoke \`${smokeLine}\` differs: before exit ${reference.code} ${JSON.stringify(reference.stdout)}, ` +
            `after exit ${got.code} ${JSON.stringify(got.stdout)}\n${indent(tail(got.stderr, 10))}${explain()}`,
        );
      }
      const saved = before.size - after.size;
      const promised = result.promised[variant.name];
      if (saved < -NOISE_BYTES) {
        fail(`${variant.name}: image grew by ${-saved} bytes, from ${mb(before.size)} MB to ${mb(after.size)} MB${explain()}`);
      } else if (promised > 0 && (saved <= NOISE_BYTES || saved < promised * 1e6 * PROMISE_SHARE)) {
        fail(`${variant.name}: README promises ${promised} MB smaller, saved ${mb(saved)} MB${explain()}`);
      } else if (saved > Math.max(promised * 1e6 * 1.25, promised * 1e6 + 5e6)) {
        result.notes.push(`${variant.name}: saved ${mb(saved)} MB, README promises ${promised} MB (update it)`);
      }
    }
    return result;
  } finally {
    if (KEEP) result.tmp = dirs;
    else for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function log(line) {
  process.stderr.write(`e2e: ${line}\n`);
}

// --- report --------------------------------------------------------------------------------------

function table(results) {
  const rows = [['example', 'before MB', 'safe MB', 'unsafe MB', 'saved MB safe / unsafe', 'context before / safe / unsafe', 'build s b / s / u', 'status']];
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.name, '-', '-', '-', '-', '-', '-', `skipped: ${r.skipped.split('\n')[0]}`]);
      continue;
    }
    const { before, safe, unsafe } = r.sizes;
    const saved = (after) => {
      if (before === undefined || after === undefined) return '-';
      if (Math.abs(before - after) <= NOISE_BYTES) return '≈0';
      return `${mb(before - after)} (${(((before - after) / before) * 100).toFixed(1)}%)`;
    };
    const three = (values, format) => ['before', 'safe', 'unsafe'].map((k) => (values[k] === undefined ? '-' : format(values[k]))).join(' / ');
    const status = r.failures.length ? `FAIL (${r.failures.length})` : r.notes.length ? 'ok (see notes)' : 'ok';
    rows.push([
      r.name, mb(before), mb(safe), mb(unsafe), `${saved(safe)} / ${saved(unsafe)}`,
      three(r.contexts, contextSize), three(r.seconds, (s) => s.toFixed(0)), status,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

const contextSize = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

function notes(results) {
  return results.flatMap((r) => r.notes.map((n) => `  ${r.name}: ${n}`)).join('\n');
}

function transformsApplied(results) {
  const lines = [];
  for (const r of results) {
    if (r.skipped || !r.transforms.safe) continue;
    const safe = r.transforms.safe;
    const unsafeOnly = (r.transforms.unsafe ?? []).filter((t) => !safe.includes(t));
    lines.push(`  ${r.name}: ${safe.join(', ') || '(none)'}${unsafeOnly.length ? `; with --unsafe also ${unsafeOnly.join(', ')}` : ''}`);
    for (const f of r.findings) lines.push(`      finding ${f}`);
  }
  return lines.join('\n');
}

// --- main ----------------------------------------------------------------------------------------

let smokeCommand;

async function main() {
  const only = process.argv.slice(2);
  const info = await run([DOCKER, 'info', '--format', '{{.ServerVersion}}'], { env: DOCKER_ENV, timeoutMs: 30_000 });
  if (info.code !== 0) {
    console.error(`e2e: no Docker engine answers ${DOCKER} (run: bash test/e2e/prepare.sh)\n${tail(info.stderr, 5)}`);
    process.exit(2);
  }
  const cli = process.env.DOCKERSLIM_E2E_CLI
    ? process.env.DOCKERSLIM_E2E_CLI.split(/\s+/).filter(Boolean)
    : [process.execPath, join(ROOT, 'dist', 'src', 'cli', 'main.js')];
  const smokeModule = join(ROOT, 'dist', 'src', 'verify', 'smoke.js');
  if (!existsSync(smokeModule) || (!process.env.DOCKERSLIM_E2E_CLI && !existsSync(cli[1]))) {
    console.error(`e2e: ${smokeModule} or the CLI is missing (run: npm run build)`);
    process.exit(2);
  }
  // The smoke command is read as `fix --verify --smoke` reads it: one parser for both.
  ({ smokeCommand } = await import(pathToFileURL(smokeModule).href));
  const listed = await run(['bash', PREPARE, '--list']);
  const standins = new Set(listed.stdout.split('\n').filter(Boolean).map(normalise));

  const names = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, 'Dockerfile')))
    .map((e) => e.name)
    .filter((name) => only.length === 0 || only.includes(name))
    .sort();
  if (names.length === 0) {
    console.error(`e2e: no examples match ${only.join(' ')}`);
    process.exit(2);
  }

  const started = Date.now();
  const tagsToRemove = [];
  const byName = new Map();
  const queue = [...names];
  try {
    // JOBS examples at a time; each one's builds stay in order.
    await Promise.all(
      Array.from({ length: Math.min(JOBS, names.length) }, async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          byName.set(name, await runExample(name, cli, standins, tagsToRemove));
        }
      }),
    );
  } finally {
    if (!KEEP && tagsToRemove.length) await run([DOCKER, 'image', 'rm', '-f', ...tagsToRemove], { env: DOCKER_ENV });
  }

  const results = names.map((name) => byName.get(name));
  console.log(`\n${table(results)}`);
  console.log(`\nTransforms applied (safe; and with --unsafe), and findings:\n${transformsApplied(results)}`);
  if (results.some((r) => r.notes.length)) console.log(`\nNotes:\n${notes(results)}`);
  console.log(
    `\nSizes are of local stand-in base images (test/e2e/prepare.sh), not the public ones; context is what ` +
      `BuildKit transferred. ${((Date.now() - started) / 1000).toFixed(0)}s in all.`,
  );
  const failed = results.filter((r) => r.failures.length);
  for (const r of failed) {
    for (const f of r.failures) console.log(`\n✗ ${r.name}: ${f}`);
  }
  if (KEEP) for (const r of results) for (const dir of r.tmp) console.log(`kept ${dir}`);
  process.exit(failed.length ? 1 : 0);
}

await main();
