// What the corpus runner flags in a rewrite: the kinds of change that are known to break builds or
// that a reviewer must see (exec form lost, per-RUN mounts merged, Windows RUNs touched, redundant or
// pointless cleanups, comments moved). Compares the input and output documents; knows no transform.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { Document, simpleCommands } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href);

// Windows builds run RUN bodies through cmd or PowerShell; the runner's own test, wider than the library's.
const WINDOWS_BASE = /windows|nanoserver|servercore|microsoft\/iis|dotnet\/framework/i;
const WINDOWS_SHELL = /^(?:.*[\\/])?(?:powershell|pwsh|cmd)(?:\.exe)?$/i;

// Cache cleanups by family: a family's cleanup after its last fill means the cache is already gone.
const WRAPPERS = new Set(['sudo', 'eatmydata', 'nice', 'ionice', 'env', 'command', 'exec', 'time', 'nohup', 'chrt']);
const FAMILIES = [
  {
    name: 'apt lists',
    fills: (c) => /^(apt-get|apt|aptitude)$/.test(c.name) && c.args.some((a) => a === 'update' || a === 'install' || a === 'upgrade' || a === 'dist-upgrade' || a === 'build-dep'),
    cleans: (c) =>
      (c.name === 'rm' && c.args.some((a) => a.startsWith('/var/lib/apt/lists'))) ||
      (/^(apt-get|apt)$/.test(c.name) && c.args.includes('dist-clean')),
  },
  {
    name: 'apk cache',
    fills: (c) => c.name === 'apk' && c.args.some((a) => a === 'add' || a === 'update' || a === 'upgrade'),
    cleans: (c) => c.name === 'rm' && c.args.some((a) => a.startsWith('/var/cache/apk')),
  },
  {
    name: 'rpm cache',
    fills: (c) => /^(yum|dnf|dnf5|microdnf|tdnf)$/.test(c.name) && c.args.some((a) => /^(install|update|upgrade|makecache|groupinstall|reinstall)$/.test(a)),
    cleans: (c) =>
      (/^(yum|dnf|dnf5|microdnf|tdnf)$/.test(c.name) && c.args.includes('clean')) ||
      (c.name === 'rm' && c.args.some((a) => /^\/var\/cache\/(yum|dnf)/.test(a))),
  },
  {
    name: 'zypper cache',
    fills: (c) => c.name === 'zypper' && c.args.some((a) => /^(in|install|up|update|dup|dist-upgrade|ref|refresh)$/.test(a)),
    cleans: (c) => c.name === 'zypper' && c.args.some((a) => a === 'clean' || a === 'cc'),
  },
  {
    name: 'npm cache',
    fills: (c) => c.name === 'npm' && c.args.some((a) => /^(i|install|ci|add|update)$/.test(a)),
    cleans: (c) => c.name === 'npm' && c.args[0] === 'cache' && c.args.some((a) => a === 'clean' || a === 'clear'),
  },
  {
    name: 'yarn cache',
    fills: (c) => c.name === 'yarn' && (c.args.length === 0 || /^(install|add)$/.test(c.args[0] ?? '')),
    cleans: (c) => c.name === 'yarn' && c.args[0] === 'cache' && c.args[1] === 'clean',
  },
  {
    name: 'pip cache',
    fills: (c) => /^pip[0-9.]*$/.test(c.name) && c.args.includes('install'),
    cleans: (c) => (/^pip[0-9.]*$/.test(c.name) && c.args[0] === 'cache') || (c.name === 'rm' && c.args.some((a) => a.includes('.cache/pip'))),
  },
  {
    name: 'go cache',
    fills: (c) => c.name === 'go' && (/^(build|install|get|test|run)$/.test(c.args[0] ?? '') || (c.args[0] === 'mod' && c.args[1] === 'download')),
    cleans: (c) => c.name === 'go' && c.args[0] === 'clean',
    // filling the module cache is all `go mod download` does
    primes: (c) => c.args[0] === 'mod' && c.args[1] === 'download',
  },
  {
    name: 'conda cache',
    fills: (c) => /^(conda|mamba|micromamba)$/.test(c.name) && c.args.some((a) => /^(install|create|update)$/.test(a) || a === 'env'),
    cleans: (c) => /^(conda|mamba|micromamba)$/.test(c.name) && c.args[0] === 'clean',
  },
];

/** Command name and plain-word arguments of a simple command, past wrappers such as sudo and eatmydata. */
function commandWords(command) {
  const words = command.words.map((w) => w.value ?? '');
  let i = 0;
  while (i < words.length && (WRAPPERS.has(baseNameOf(words[i])) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i++;
  return { name: baseNameOf(words[i] ?? ''), written: words[i], args: words.slice(i + 1), start: command.start };
}

function baseNameOf(word) {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** What one RUN looks like to the checks: its form, flags, text and the commands the shell view sees. */
function describeRun(doc, ins) {
  const body = doc.runBody(ins);
  const commands = body.script
    ? simpleCommands(body.script).map(({ command }) => commandWords(command))
    : body.argv
      ? [{ name: baseNameOf(body.argv[0] ?? ''), args: body.argv.slice(1), start: body.start }]
      : [];
  return {
    line: ins.line,
    form: body.form,
    mounts: ins.flags.filter((f) => f.name === 'mount').map((f) => f.value ?? ''),
    text: doc.source.slice(ins.start, ins.end),
    logical: body.logical.text,
    error: body.error,
    heredocs: ins.heredocs.map((h) => doc.source.slice(h.start, h.end)),
    commands,
    windows: isWindows(doc, ins),
    doc,
    ins,
  };
}

function isWindows(doc, ins) {
  let root = ins.stage;
  while (root?.baseStage) root = root.baseStage;
  if (WINDOWS_BASE.test(root?.baseImage ?? '')) return true;
  const shell = doc.shellAt(ins);
  if (shell && WINDOWS_SHELL.test(shell[0] ?? '')) return true;
  return doc.escapeChar === '`';
}

/**
 * Splits a document into segments: each non-RUN instruction, and the RUNs between two of them.
 * Transforms merge RUNs and edit instructions in place but never reorder or drop other instructions,
 * so segment i of the input is what became segment i of the output.
 */
function segments(doc) {
  const result = [];
  let runs = [];
  for (const ins of doc.instructions) {
    if (ins.keyword === 'RUN') {
      runs.push(describeRun(doc, ins));
      continue;
    }
    result.push({ runs });
    runs = [];
    result.push({ other: { keyword: ins.keyword, line: ins.line, text: doc.source.slice(ins.start, ins.end) } });
  }
  result.push({ runs });
  return result;
}

/** Whitespace-separated words of a RUN body, counted. */
function wordCounts(run) {
  const counts = new Map();
  for (const word of run.logical.split(/\s+/)) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** How well a group of input RUNs matches one output RUN: words in common, less words on one side only. */
function similarity(group, out) {
  const a = new Map();
  for (const run of group) for (const [w, n] of run.words) a.set(w, (a.get(w) ?? 0) + n);
  let common = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const n of a.values()) sizeA += n;
  for (const [w, n] of out.words) {
    sizeB += n;
    common += Math.min(n, a.get(w) ?? 0);
  }
  return 2 * common - sizeA - sizeB;
}

/**
 * Assigns the input RUNs of one segment to the output RUNs that hold them. Merges keep the order, so
 * each output RUN takes consecutive inputs; of all such splits, the one whose groups share the most
 * words with their output RUN wins (edits inside bodies change a few words, not most of them).
 */
function groupRuns(before, after) {
  if (before.length === after.length) return after.map((run, i) => ({ before: [before[i]], after: run }));
  for (const run of [...before, ...after]) run.words ??= wordCounts(run);
  const k = before.length;
  const m = after.length;
  const best = Array.from({ length: k + 1 }, () => new Array(m + 1).fill(-Infinity));
  const from = Array.from({ length: k + 1 }, () => new Array(m + 1).fill(0));
  best[0][0] = 0;
  for (let j = 1; j <= m; j++) {
    for (let i = j; i <= k - (m - j); i++) {
      for (let p = j - 1; p < i; p++) {
        if (best[p][j - 1] === -Infinity) continue;
        const score = best[p][j - 1] + similarity(before.slice(p, i), after[j - 1]);
        if (score > best[i][j]) {
          best[i][j] = score;
          from[i][j] = p;
        }
      }
    }
  }
  const groups = [];
  for (let i = k, j = m; j > 0; j--) {
    const p = from[i][j];
    groups.unshift({ before: before.slice(p, i), after: after[j - 1] });
    i = p;
  }
  return groups;
}

function cleanupAfterLastFill(commands, family) {
  let lastFill = -1;
  let lastClean = -1;
  commands.forEach((c, i) => {
    if (family.fills(c)) lastFill = i;
    if (family.cleans(c)) lastClean = i;
  });
  return lastClean > lastFill && lastFill >= 0 ? lastClean : -1;
}

function countCleans(commands, family) {
  return commands.filter((c) => family.cleans(c)).length;
}

/** Every comment line (inside instructions too), as written. */
function commentLines(text) {
  return text.split(/\r?\n/).filter((line) => /^\s*#/.test(line) && !/^\s*#\s*(escape|syntax|check)\s*=/i.test(line));
}

/** Comment lines between instructions, each with the first line of the instruction it stands above. */
function commentsAbove(doc) {
  const found = [];
  let next = 0;
  const lines = doc.source.split(/\r?\n/).length;
  for (let line = 1; line <= lines; line++) {
    while (next < doc.instructions.length && doc.instructions[next].endLine < line) next++;
    const ins = doc.instructions[next];
    if (ins && ins.line <= line) continue; // inside an instruction
    const text = doc.lineText(line);
    if (!/^\s*#/.test(text)) continue;
    // the instruction's keyword and first word: flags inserted later in its line do not move the comment
    found.push({ line, text, above: ins ? doc.lineText(ins.line).trim().split(/\s+/).slice(0, 2).join(' ') : '' });
  }
  return found;
}

function missing(from, to) {
  const left = new Map();
  for (const item of to) left.set(item, (left.get(item) ?? 0) + 1);
  return from.filter((item) => {
    const n = left.get(item) ?? 0;
    if (n > 0) left.set(item, n - 1);
    return n === 0;
  });
}

function checkComments(before, after, source, output, flag) {
  const lost = missing(commentLines(source), commentLines(output));
  if (lost.length > 0) flag('comment lines lost or altered', 1, `${lost.length}: ${lost.slice(0, 3).map((l) => JSON.stringify(l)).join(', ')}`);
  const placed = commentsAbove(after).map((c) => `${c.text}\u0000${c.above}`);
  const moved = missing(commentsAbove(before).map((c) => `${c.text}\u0000${c.above}`), placed);
  const stillThere = new Set(commentsAbove(after).map((c) => c.text));
  const movedAway = moved.filter((key) => stillThere.has(key.split('\u0000')[0]));
  if (movedAway.length > 0) {
    const first = commentsAbove(before).find((c) => `${c.text}\u0000${c.above}` === movedAway[0]);
    flag('comment no longer above the instruction it described', first?.line ?? 1, `${movedAway.length} comment(s), first ${JSON.stringify(first?.text ?? '')}`);
  }
}

/** Rewrites that are known to break builds or that a reviewer must see; one entry per occurrence. */
export function suspiciousRewrites(source, output, filename) {
  const found = [];
  const flag = (kind, line, detail) => found.push({ kind, line, detail });
  const before = new Document(source, filename);
  const after = new Document(output, filename);
  const segsBefore = segments(before);
  const segsAfter = segments(after);
  if (segsBefore.length !== segsAfter.length) {
    flag('instructions other than RUN added or removed', 1, `${segsBefore.length} segments became ${segsAfter.length}`);
    return found;
  }
  for (let s = 0; s < segsBefore.length; s++) {
    const a = segsBefore[s];
    const b = segsAfter[s];
    if (a.other) {
      if (a.other.text !== b.other.text) flag(`${a.other.keyword} changed`, a.other.line, `${firstLine(a.other.text)} -> ${firstLine(b.other.text)}`);
      continue;
    }
    if (b.runs.length > a.runs.length) flag('RUN instructions added', b.runs[0].line, `${a.runs.length} RUNs became ${b.runs.length}`);
    else for (const group of groupRuns(a.runs, b.runs)) checkGroup(group, flag);
  }
  checkComments(before, after, source, output, flag);
  return found;
}

function checkGroup({ before, after }, flag) {
  const changed = before.length !== 1 || before[0].text !== after.text;
  if (!changed) return;
  const first = before[0];
  const lines = before.map((r) => r.line).join(',');
  if (before.some((r) => r.form === 'exec') && (after.form !== 'exec' || before.length > 1)) {
    flag('exec-form RUN turned into shell form or merged', first.line, `RUNs at lines ${lines}`);
  }
  if (before.length > 1) {
    const mounts = before.flatMap((r) => r.mounts);
    const perRun = mounts.filter((m) => /type=tmpfs/.test(m) || (/type=bind/.test(m) && /(^|,)(rw|readwrite)(=true)?(,|$)/.test(m)));
    if (perRun.length > 0) flag('RUNs with a per-RUN mount (tmpfs or rw bind) merged', first.line, `RUNs at lines ${lines}: ${perRun.join(' ')}`);
    else if (mounts.length > 0) flag('RUNs with mounts merged', first.line, `RUNs at lines ${lines}: ${mounts.join(' ')}`);
    if (new Set(before.map((r) => r.mounts.join(' '))).size > 1) flag('RUNs with different mounts merged', first.line, `RUNs at lines ${lines}`);
  }
  if (before.some((r) => r.windows) || after.windows) flag('RUN in a Windows build changed', first.line, `RUNs at lines ${lines}`);
  const heredocsBefore = before.flatMap((r) => r.heredocs);
  if (heredocsBefore.some((h) => !after.heredocs.includes(h))) flag('heredoc body changed', first.line, `RUN at line ${first.line}`);
  if (after.form === 'shell' && after.error && before.every((r) => !r.error)) flag('output RUN is not valid shell', first.line, after.error);
  const commandsBefore = before.flatMap((r) => r.commands);
  for (const family of FAMILIES) {
    if (countCleans(after.commands, family) <= countCleans(commandsBefore, family)) continue;
    // commands inside `sh -c '...'` strings are invisible here but not to the transforms
    const hidden = commandsBefore.some((c) => /^(sh|bash|dash|ash)$/.test(c.name) && c.args.some((a) => /^-[a-z]*c$/.test(a)));
    if (!commandsBefore.some((c) => family.fills(c))) {
      if (!hidden) flag(`cleanup appended where nothing fills that cache (${family.name})`, first.line, `RUNs at lines ${lines}`);
    } else if (cleanupAfterLastFill(commandsBefore, family) >= 0) flag(`cleanup appended after an existing one (${family.name})`, first.line, `RUNs at lines ${lines}`);
    else if (family.name === 'apt lists') checkLaterAptReaders(after, flag);
    if (family.primes && commandsBefore.filter((c) => family.fills(c)).every((c) => family.primes(c))) {
      flag(`cleanup undoes the RUN's own work (${family.name})`, first.line, `RUNs at lines ${lines}`);
    }
  }
}

/** After apt lists were removed from a RUN: later RUNs of the stage that still need them. */
function checkLaterAptReaders(run, flag) {
  for (let ins = run.doc.nextInStage(run.ins); ins; ins = run.doc.nextInStage(ins)) {
    if (ins.keyword !== 'RUN') continue;
    const later = describeRun(run.doc, ins);
    const apt = FAMILIES[0];
    const firstFill = later.commands.findIndex((c) => apt.fills(c));
    if (firstFill >= 0 && !later.commands[firstFill].args.includes('update')) {
      flag('apt lists removed, then a later RUN installs without apt-get update', run.line, `later RUN at line ${later.line}`);
      return;
    }
    if (firstFill >= 0) return; // it updates the lists itself
    const script = later.commands.find((c) => c.name.endsWith('.sh') || /^\.\.?\//.test(c.written ?? '') || (/^(sh|bash|dash)$/.test(c.name) && c.args[0] && !c.args[0].startsWith('-')));
    if (script) {
      flag('apt lists removed, then a later RUN runs a script that may install', run.line, `later RUN at line ${later.line}: ${script.name}`);
      return;
    }
  }
}

function firstLine(text) {
  const line = text.split(/\r?\n/)[0];
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

/** Findings on RUNs of Windows builds: their bodies are cmd or PowerShell, so a shell finding there is noise. */
export function findingsOnWindows(result, filename) {
  if (result.findings.length === 0) return [];
  const doc = new Document(result.output, filename);
  return result.findings
    .filter((f) => {
      const ins = doc.instructions.find((i) => i.line <= f.line && f.line <= i.endLine);
      return ins?.keyword === 'RUN' && isWindows(doc, ins);
    })
    .map((f) => ({ kind: `[${f.transform}] finding on a RUN of a Windows build`, line: f.line, detail: f.message }));
}
