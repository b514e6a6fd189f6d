import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppliedChange, FileChange, Finding, FixResult, Transform } from '../types.js';
import type { FixArgs } from './args.js';
import { discover } from './discover.js';
import { decodeDockerfile } from './decode.js';
import { contextDirOf, contextFileDisplay, errorMessage, fixText, readDockerfile, type Plan } from './engine-call.js';
import type { Io } from './io.js';
import { colorDiff, colorEnabled, findingLine, heldBackNote, summary, unsafeHeader, type Tally } from './output.js';
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
}

type Mode = 'diff' | 'check' | 'write';

/** `dockerslim fix` on files found from the arguments. Returns the exit code. */
export async function fixFiles(args: FixArgs, io: Io, plan: Plan, registry: readonly Transform[]): Promise<number> {
  const mode: Mode = args.check ? 'check' : args.write ? 'write' : 'diff';
  const human = args.format === 'diff';
  const note = (text: string) => human && !args.quiet && io.stderr(text);
  const problem = (text: string) => human && io.stderr(text);

  let verifier: Verifier | undefined;
  if (args.verify) {
    const opened = await openVerifier(args.verify, io.loadVerifyModule ?? loadVerifyModule, (m) => note(`${m}\n`));
    if (typeof opened === 'string') {
      io.stderr(`dockerslim: ${opened}\n`);
      return 2;
    }
    verifier = opened;
  }

  const { files, problems } = await discover(io.cwd, args.paths);
  for (const p of problems) problem(`dockerslim: ${p.message}\n`);
  const tally: Tally = { checked: 0, changed: 0, errors: problems.length, heldBack: [] };
  // a path that named nothing is an entry too, so JSON readers see it
  const reports: FileReport[] = problems.map((p) => ({ file: p.path, changed: false, changes: [], findings: [], error: p.message }));
  const color = colorEnabled(io.isTTY, io.env);

  for (const file of files) {
    await afterPendingSignals(); // a Ctrl-C during the previous file stops the run here, between files
    const { report, diff, verifyReport } = await fixOneFile(file, io.cwd, mode, plan, verifier);
    reports.push(report);
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

  if (human) {
    note(summary(tally, mode));
  } else {
    io.stdout(JSON.stringify({ files: reports, summary: jsonSummary(tally) }, null, 2) + '\n');
  }
  return exitCode(tally, mode);
}

/** `dockerslim fix -`: one Dockerfile on stdin, the result (not a diff) on stdout, like a filter. */
export async function fixStdin(args: FixArgs, io: Io, plan: Plan): Promise<number> {
  const file = '<stdin>';
  const human = args.format === 'diff';
  let report: FileReport;
  let source = '';
  try {
    source = decodeDockerfile(await io.stdin(), file);
    const result = fixText(source, file, io.cwd, plan, undefined, io.cwd); // no file: the cwd stands in as the build context, unless --context
    await parsesBack(source, result.output, file);
    report = { file, changed: result.output !== source || result.files.length > 0, changes: result.changes, findings: result.findings, heldBack: result.heldBack, output: result.output };
    if (result.files.length) report.files = shownFiles(result.files, io.cwd, contextDirOf(plan, io.cwd));
  } catch (e) {
    report = { file, changed: false, changes: [], findings: [], error: errorMessage(file, e) };
  }
  const tally: Tally = { checked: 1, changed: report.changed ? 1 : 0, errors: report.error ? 1 : 0, heldBack: report.heldBack ?? [] };
  const mode: Mode = args.check ? 'check' : 'diff';

  if (!human) {
    io.stdout(JSON.stringify({ files: [report], summary: jsonSummary(tally) }, null, 2) + '\n');
  } else if (report.error) {
    io.stderr(`${report.error}\n`);
  } else {
    if (mode === 'diff') io.stdout(report.output ?? source);
    if (!args.quiet) {
      if (mode === 'check' && report.changed) io.stderr(`${file}: would change\n`);
      // stdout carries the Dockerfile only: other files are named, not written
      for (const f of report.files ?? []) io.stderr(`${f.path}: would ${f.created ? 'be created' : 'change'} (not written from stdin)\n`);
      for (const f of report.findings) io.stderr(findingLine(file, f));
      io.stderr(heldBackNote(tally.heldBack));
    }
  }
  return exitCode(tally, mode);
}

async function fixOneFile(
  file: string,
  cwd: string,
  mode: Mode,
  plan: Plan,
  verifier: Verifier | undefined,
): Promise<{ report: FileReport; diff: string; verifyReport?: string }> {
  const abs = path.resolve(cwd, file);
  const contextDir = contextDirOf(plan, path.dirname(abs));
  let source: string;
  let result: FixResult;
  try {
    source = readDockerfile(abs, file);
    result = fixText(source, file, contextDir, plan, abs, cwd);
  } catch (e) {
    return { report: { file, changed: false, changes: [], findings: [], error: errorMessage(file, e) }, diff: '' };
  }
  const changed = result.output !== source || result.files.length > 0;
  const report: FileReport = { file, changed, changes: result.changes, findings: result.findings };
  if (result.files.length) report.files = shownFiles(result.files, cwd, contextDir);
  if (result.heldBack.length) report.heldBack = result.heldBack;
  if (!changed) return { report, diff: '' };

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
  return { report, diff: result.diff, verifyReport };
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

function jsonSummary(tally: Tally) {
  return { checked: tally.checked, changed: tally.changed, errors: tally.errors, heldBack: [...new Set(tally.heldBack)].sort() };
}

function exitCode(tally: Tally, mode: Mode): number {
  if (tally.errors) return 2;
  return mode === 'check' && tally.changed ? 1 : 0;
}
