import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppliedChange, FileChange, Finding, FixResult, Transform } from '../types.js';
import type { FailOn, FixArgs } from './args.js';
import { ConfigFinder, type LoadedConfig } from './config.js';
import { Document } from '../document.js';
import { SHELL_SYNTAX } from '../engine.js';
import { discover } from './discover.js';
import { decodeDockerfile } from './decode.js';
import { contextDirOf, contextFileDisplay, errorMessage, fixText, readDockerfile, type Plan, type Planner } from './engine-call.js';
import { version } from './help.js';
import { IgnoreRules, type IgnoredBy } from './ignore.js';
import type { Io } from './io.js';
import { colorDiff, colorEnabled, findingLine, heldBackNote, summary, unsafeHeader, type Tally } from './output.js';
import { ProjectRoots } from './project.js';
import { loadVerifyModule, openVerifier, type Verifier } from './verify.js';
import { createFileAtomic, writeFileAtomic } from './write.js';

/** One file's outcome; also the element of `--format json`'s `files`. */
export interface FileReport {
  file: string;
  /** The rewrite differs from the file, or edits another file of its context (whether or not written). */
  changed: boolean;
  changes: AppliedChange[];
  /** Build-context files the rewrite edits or creates besides the Dockerfile (a `.dockerignore`), as shown. */
  files?: { path: string; created: boolean; written?: boolean }[];
  findings: Finding[];
  heldBack?: string[];
  /** --write: whether the file on disk was replaced. */
  written?: boolean;
  /** --verify: whether the rewritten image passed. */
  verified?: boolean;
  /** stdin only: the rewritten text. */
  output?: string;
  error?: string;
  /** A file named on the command line (or stdin's --stdin-filepath) that an ignore rule leaves alone: the rule and where it is written. */
  ignored?: string;
}

/** A report with what the machine formats need besides it: the texts, and what makes the run fail for this file. */
export interface FileOutcome {
  report: FileReport;
  /** The file's text as read (undefined when it could not be read). */
  source: string | undefined;
  /** The rewritten text (equal to `source` when nothing changed). */
  output: string | undefined;
  /** The unified diff from `source` to `output` ('' when they are equal). */
  diff: string;
  failOn: readonly FailOn[];
}

type Mode = 'diff' | 'check' | 'write';

/** Configuration and ignore rules, found per file; made once per run. */
interface Surroundings {
  configs: ConfigFinder;
  ignores: IgnoreRules;
}

function surroundings(args: FixArgs, io: Io, registry: readonly Transform[]): Surroundings {
  const roots = new ProjectRoots();
  const mode = args.noConfig ? 'none' : args.configFile !== undefined ? { file: args.configFile } : 'search';
  return { configs: new ConfigFinder(io.cwd, roots, registry, mode), ignores: new IgnoreRules(io.cwd, roots) };
}

function ignoredText(by: IgnoredBy): string {
  return `${by.source}: ${by.pattern}`;
}

/** `dockerslim fix` on files found from the arguments. Returns the exit code. */
export async function fixFiles(args: FixArgs, io: Io, planner: Planner, registry: readonly Transform[]): Promise<number> {
  const mode: Mode = args.check ? 'check' : args.write ? 'write' : 'diff';
  const human = args.format === 'diff';
  const note = (text: string) => human && !args.quiet && io.stderr(text);
  const problem = (text: string) => human && io.stderr(text);

  const { configs, ignores } = surroundings(args, io, registry);
  if (args.configFile !== undefined) await configs.forFile(io.cwd); // a bad --config is an error even when no file is found

  const { files, problems, named } = await discover(io.cwd, args.paths);
  // every file's configuration is read before any file is: a bad one stops the run before anything is written
  const todo: { file: string; plan: Plan }[] = [];
  const ignored: FileOutcome[] = [];
  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    const config = await configs.forFile(abs);
    const by = await ignores.ignoredBy(abs, config);
    if (!by) todo.push({ file, plan: planner.planFor(config) });
    else if (named.has(file)) ignored.push(ignoredOutcome(file, by));
  }

  let verifier: Verifier | undefined;
  if (args.verify) {
    const opened = await openVerifier(args.verify, io.loadVerifyModule ?? loadVerifyModule, (m) => note(`${m}\n`));
    if (typeof opened === 'string') {
      io.stderr(`dockerslim: ${opened}\n`);
      return 2;
    }
    verifier = opened;
  }

  for (const p of problems) problem(`dockerslim: ${p.message}\n`);
  for (const o of ignored) note(`dockerslim: ${o.report.file} is ignored (${o.report.ignored}); skipped\n`);
  const tally: Tally = { checked: 0, changed: 0, errors: problems.length, heldBack: [] };
  // a path that named nothing is an entry too, so JSON readers see it
  const outcomes: FileOutcome[] = problems.map((p) => ({
    report: { file: p.path, changed: false, changes: [], findings: [], error: p.message },
    source: undefined,
    output: undefined,
    diff: '',
    failOn: [],
  }));
  outcomes.push(...ignored);
  const color = args.color ?? colorEnabled(io.isTTY, io.env);

  for (const { file, plan } of todo) {
    await afterPendingSignals(); // a Ctrl-C during the previous file stops the run here, between files
    const { outcome, diff, verifyReport } = await fixOneFile(file, io.cwd, mode, plan, verifier);
    const { report } = outcome;
    outcomes.push(outcome);
    tally.checked++;
    tally.heldBack.push(...(report.heldBack ?? []));
    if (report.changed && (mode !== 'write' || report.written || report.files?.some((f) => f.written))) tally.changed++;
    if (report.error) tally.errors++;
    if (!human) continue;

    if (report.changed && mode === 'diff') {
      const text = unsafeHeader(report.changes, registry) + diff;
      io.stdout(color ? colorDiff(text) : text);
    }
    if (report.changed && mode === 'check') io.stdout(`${file}\n`);
    if (report.written) io.stdout(`${file}\n`);
    for (const f of report.files ?? []) if (mode === 'check' || f.written) io.stdout(`${f.path}\n`);
    if (verifyReport) io.stderr(verifyReport.endsWith('\n') ? verifyReport : `${verifyReport}\n`);
    if (report.error) problem(`${report.error}\n`);
    for (const f of report.findings) note(findingLine(file, f));
  }

  if (args.format === 'diff') note(summary(tally, mode));
  else io.stdout(await formatted({ ...args, format: args.format }, outcomes, tally, io, registry));
  return exitCode(outcomes, tally, mode);
}

/** `dockerslim fix -`: one Dockerfile on stdin, the result (not a diff) on stdout, like a filter. */
export async function fixStdin(args: FixArgs, io: Io, planner: Planner, registry: readonly Transform[]): Promise<number> {
  const file = args.stdinFilepath ?? '<stdin>';
  // with --stdin-filepath, the input is taken for that file: its configuration, ignore rules, folder and .dockerignore
  const abs = path.resolve(io.cwd, args.stdinFilepath ?? 'Dockerfile');
  const { configs, ignores } = surroundings(args, io, registry);
  const config: LoadedConfig | undefined = await configs.forFile(abs);
  const by = args.stdinFilepath === undefined ? undefined : await ignores.ignoredBy(abs, config);
  const plan = planner.planFor(config);
  const bytes = await io.stdin();
  const mode: Mode = args.check ? 'check' : 'diff';

  let outcome: FileOutcome;
  let source = '';
  if (by) {
    outcome = ignoredOutcome(file, by);
    source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'); // passed through, not read as a Dockerfile
    outcome.report.output = source;
  } else {
    try {
      source = decodeDockerfile(bytes, file);
      // without a path, the cwd stands in as the build context (unless --context)
      const contextDir = args.stdinFilepath === undefined ? io.cwd : path.dirname(abs);
      const result = fixText(source, file, contextDir, plan, args.stdinFilepath === undefined ? undefined : abs, io.cwd);
      await parsesBack(source, result.output, file);
      const report: FileReport = { file, changed: result.output !== source || result.files.length > 0, changes: result.changes, findings: result.findings, heldBack: result.heldBack, output: result.output };
      if (result.files.length) report.files = shownFiles(result.files, io.cwd, contextDirOf(plan, contextDir));
      outcome = { report, source, output: result.output, diff: result.diff, failOn: plan.failOn };
    } catch (e) {
      outcome = { report: { file, changed: false, changes: [], findings: [], error: errorMessage(file, e) }, source: undefined, output: undefined, diff: '', failOn: [] };
    }
  }
  const { report } = outcome;
  const tally: Tally = { checked: by ? 0 : 1, changed: report.changed ? 1 : 0, errors: report.error ? 1 : 0, heldBack: report.heldBack ?? [] };

  if (args.format !== 'diff') {
    io.stdout(await formatted({ ...args, format: args.format }, [outcome], tally, io, registry));
  } else if (report.error) {
    io.stderr(`${report.error}\n`);
  } else {
    if (mode === 'diff') io.stdout(report.output ?? source);
    if (!args.quiet) {
      if (by) io.stderr(`dockerslim: ${file} is ignored (${report.ignored}); printed as it was\n`);
      if (mode === 'check' && report.changed) io.stderr(`${file}: would change\n`);
      // stdout carries the Dockerfile only: other files are named, not written
      for (const f of report.files ?? []) io.stderr(`${f.path}: would ${f.created ? 'be created' : 'change'} (not written from stdin)\n`);
      for (const f of report.findings) io.stderr(findingLine(file, f));
      io.stderr(heldBackNote(tally.heldBack));
    }
  }
  return exitCode([outcome], tally, mode);
}

function ignoredOutcome(file: string, by: IgnoredBy): FileOutcome {
  return { report: { file, changed: false, changes: [], findings: [], ignored: ignoredText(by) }, source: undefined, output: undefined, diff: '', failOn: [] };
}

/** The document a machine format prints; the format modules are loaded only when one is asked for. */
async function formatted(args: FixArgs & { format: Exclude<FixArgs['format'], 'diff'> }, outcomes: readonly FileOutcome[], tally: Tally, io: Io, registry: readonly Transform[]): Promise<string> {
  const { formatReport } = await import('./formats/index.js');
  return formatReport(args.format, {
    outcomes, tally, registry, cwd: io.cwd, readDocument: (text) => new Document(text), unreadableRunId: SHELL_SYNTAX, toolVersion: version(),
  });
}

async function fixOneFile(
  file: string,
  cwd: string,
  mode: Mode,
  plan: Plan,
  verifier: Verifier | undefined,
): Promise<{ outcome: FileOutcome; diff: string; verifyReport?: string }> {
  const abs = path.resolve(cwd, file);
  const contextDir = contextDirOf(plan, path.dirname(abs));
  let source: string | undefined;
  let result: FixResult;
  try {
    source = readDockerfile(abs, file);
    result = fixText(source, file, contextDir, plan, abs, cwd);
  } catch (e) {
    const report: FileReport = { file, changed: false, changes: [], findings: [], error: errorMessage(file, e) };
    return { outcome: { report, source, output: undefined, diff: '', failOn: plan.failOn }, diff: '' };
  }
  const changed = result.output !== source || result.files.length > 0;
  const report: FileReport = { file, changed, changes: result.changes, findings: result.findings };
  if (result.files.length) report.files = shownFiles(result.files, cwd, contextDir);
  if (result.heldBack.length) report.heldBack = result.heldBack;
  const outcome: FileOutcome = { report, source, output: result.output, diff: result.diff, failOn: plan.failOn };
  if (!changed) return { outcome, diff: '' };

  let verifyReport: string | undefined;
  if (verifier) {
    const ids = [...new Set(result.changes.map((c) => c.transform))];
    try {
      const own = path.relative(contextDir, `${abs}.dockerignore`).split(path.sep).join('/'); // `<Dockerfile>.dockerignore`
      const ignore = result.files.find((f) => f.path === '.dockerignore' || f.path === own);
      const verdict = await verifier.verify(abs, source, result.output, contextDir, ids, ignore?.after);
      report.verified = verdict.ok;
      verifyReport = verdict.report;
      if (!verdict.ok) report.error = `${file}: verification failed${mode === 'write' ? '; file not written' : ''}`;
    } catch (e) {
      report.verified = false;
      report.error = `${file}: verification could not run: ${errorMessage(file, e).replace(`${file}: `, '')}`;
    }
  }
  if (mode === 'write') {
    report.written = false;
    for (const f of report.files ?? []) f.written = false;
    if (!report.error) {
      try {
        await parsesBack(source, result.output, file);
        // the other files first: when one cannot be written, the Dockerfile stays as it was too
        result.files.forEach((f, i) => {
          writeContextFile(contextDir, f, report.files![i].path);
          report.files![i].written = true;
        });
        if (result.output !== source) {
          writeFileAtomic(abs, result.output);
          report.written = true;
        }
      } catch (e) {
        report.error = errorMessage(file, e);
      }
    }
  }
  return { outcome, diff: result.diff, verifyReport };
}

/** The other files of a result as the CLI reports them: paths relative to the working folder. */
function shownFiles(files: readonly FileChange[], cwd: string, contextDir: string): NonNullable<FileReport['files']> {
  return files.map((f) => ({ path: contextFileDisplay(cwd, contextDir, f.path), created: f.before === undefined }));
}

/**
 * Writes a build-context file a change edited or created, with the Dockerfiles' atomic writer; refuses
 * when the file on disk is no longer the text the change was made from (or now exists, for a new one).
 */
function writeContextFile(contextDir: string, file: FileChange, shown: string): void {
  const abs = path.join(contextDir, file.path);
  if (file.before === undefined) {
    if (existsSync(abs)) throw new Error(`${shown} exists already; not overwritten`);
    createFileAtomic(abs, file.after);
    return;
  }
  const disk = readFileSync(abs, 'utf8');
  const bom = disk.startsWith('\uFEFF') ? '\uFEFF' : ''; // the context view reads text without it
  if (disk.slice(bom.length) !== file.before) throw new Error(`${shown} changed on disk while it was read; not written`);
  writeFileAtomic(abs, bom + file.after);
}

/**
 * Resolves after the event loop has polled once more, so the listener of a signal that arrived
 * during synchronous work has run: the first immediate may run before the loop polls, the second
 * runs after it.
 */
function afterPendingSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** The dockerfile-ast referee, loaded only when a result is about to leave the program (a write, or stdout for stdin). */
async function parsesBack(original: string, output: string, file: string): Promise<void> {
  if (output === original) return;
  const { assertParsesBack } = await import('../referee.js');
  assertParsesBack(original, output, file);
}

/**
 * 2 when anything went wrong; else 1 when --check finds a pending rewrite, or when a file's
 * `failOn` (--fail-on, or its configuration) asks for it: `changes` for a rewrite pending or written,
 * `findings` for a finding that remains; else 0.
 */
function exitCode(outcomes: readonly FileOutcome[], tally: Tally, mode: Mode): number {
  if (tally.errors) return 2;
  if (mode === 'check' && tally.changed) return 1;
  const fails = outcomes.some(({ report, failOn }) =>
    (failOn.includes('changes') && report.changed) || (failOn.includes('findings') && report.findings.length > 0));
  return fails ? 1 : 0;
}
