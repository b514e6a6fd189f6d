import { cleanPath } from './context/dockerignore.js';
import { editableText } from './context/view.js';
import { Document } from './document.js';
import { unifiedDiff } from './diff.js';
import { applyEdits, overlaps } from './edits.js';
import { DockerfileError } from './errors.js';
import type { AppliedChange, Change, FileChange, Finding, FixOptions, FixResult, TextEdit, Transform, TransformContext } from './types.js';
import { dockerfileProblems, newProblems, refereeDisagreement, syntaxProblems } from './validate.js';

const DEFAULT_MAX_PASSES = 10;

export interface Selection {
  /** Transforms that run and whose changes are applied, in registry order. */
  active: Transform[];
  /** Unsafe transforms left out because unsafe was not asked for; checked only to say so. */
  heldBack: Transform[];
}

/**
 * Picks the transforms to run. Ids or objects listed explicitly always run (naming an unsafe
 * transform enables it); with no list, every registered safe transform runs, plus the unsafe
 * ones when `unsafe` is set.
 */
export function selectTransforms(
  registry: readonly Transform[],
  chosen: readonly (string | Transform)[] | undefined,
  unsafe: boolean,
): Selection {
  if (chosen) {
    const active = chosen.map((t) => {
      if (typeof t !== 'string') return t;
      const found = registry.find((r) => r.id === t);
      if (!found) throw new Error(`unknown transform "${t}" (see \`dockerslim list\`)`);
      return found;
    });
    return { active, heldBack: [] };
  }
  const active = registry.filter((t) => t.safety === 'safe' || unsafe);
  const heldBack = unsafe ? [] : registry.filter((t) => t.safety === 'unsafe');
  return { active, heldBack };
}

/** Runs transforms over `source` to a fixpoint and returns the rewritten text, its diff and what was done. */
export function runPipeline(source: string, registry: readonly Transform[], options: FixOptions = {}): FixResult {
  const filename = options.filename;
  const { active, heldBack } = selectTransforms(registry, options.transforms, !!options.unsafe);
  const files = new Map<string, FileChange>(); // other files changes edited, by context path
  const context: TransformContext = {
    unsafe: !!options.unsafe,
    filename,
    buildContext: options.buildContext,
    fileText: (path) => {
      const edited = files.get(cleanPath(path));
      return edited ? edited.after : editableText(options.buildContext, path);
    },
  };
  const input = new Document(source, filename);
  let doc = input;
  const unchanged: FixResult = { output: source, diff: '', files: [], changes: [], findings: [], heldBack: [] };
  if (doc.ignoreFile) return unchanged;

  const inputProblems = dockerfileProblems(doc);
  if (inputProblems.length) throw new DockerfileError(inputProblems[0].message, filename, inputProblems[0].line);

  const changes: AppliedChange[] = [];
  const history: TextEdit[][] = []; // edits of each pass, to report lines of the input
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  for (let pass = 0; pass < maxPasses; pass++) {
    const accepted: TextEdit[] = [];
    const acceptedInFiles = new Map<string, TextEdit[]>();
    for (const transform of active) {
      for (const change of proposals(transform, doc, context)) {
        const path = change.file === undefined ? undefined : cleanPath(change.file);
        if (path === '' || path?.startsWith('..')) throw new DockerfileError(`transform ${transform.id} proposed a file outside the build context: ${change.file}`, filename, undefined);
        let same = accepted; // edits already accepted on the same text
        if (path !== undefined) {
          same = acceptedInFiles.get(path) ?? [];
          acceptedInFiles.set(path, same);
        }
        if (change.edits.some((e) => same.some((a) => overlaps(a, e)))) continue; // retried next pass
        const eol = path === undefined ? doc.eol : lineEnding(context.fileText(path) ?? '');
        for (const e of change.edits) same.push(withLineEndings(e, eol));
        const first = change.instructions[0];
        const offset = first ? first.start : path === undefined ? change.edits[0]?.start ?? 0 : 0;
        const applied: AppliedChange = { transform: transform.id, line: input.lineOf(mapToInput(offset, history)), message: change.message };
        if (path !== undefined) applied.file = path;
        if (change.data) applied.data = change.data;
        changes.push(applied);
      }
    }
    for (const [path, edits] of acceptedInFiles) {
      if (!edits.length) continue;
      const previous = files.get(path);
      const before = previous ? previous.before : editableText(options.buildContext, path);
      files.set(path, { path, before, after: applyEdits(previous?.after ?? before ?? '', edits) });
    }
    if (!accepted.length) {
      if ([...acceptedInFiles.values()].some((e) => e.length)) continue; // the Dockerfile is as it was; other files moved on
      break;
    }
    history.push([...accepted].sort((a, b) => a.start - b.start));
    doc = new Document(applyEdits(doc.source, accepted), filename, { document: doc, edits: accepted });
  }

  if (doc.source !== source) {
    const fresh = newProblems(syntaxProblems(input), syntaxProblems(doc));
    if (fresh.length) {
      const culprits = [...new Set(changes.map((c) => c.transform))].join(', ');
      throw new DockerfileError(
        `refusing to rewrite: the result would have a new syntax problem (${fresh[0].message}, line ${fresh[0].line} of the output) after ${culprits}; file left as it was`,
        filename,
        fresh[0].line,
      );
    }
  }

  const findings = [
    ...unreadableRuns(doc),
    ...active.flatMap((t) =>
      (t.findings?.(doc, context) ?? [])
        .filter((f) => !doc.isSuppressed(f.instruction, t.id, t.hadolint))
        .map((f) => ({ transform: t.id, line: f.instruction.line, message: f.message })),
    ),
  ];
  const held = heldBack.filter((t) => proposals(t, doc, context).length > 0).map((t) => t.id);
  const output = doc.source;
  const changedFiles = [...files.values()].filter((f) => f.after !== f.before).sort((a, b) => (a.path < b.path ? -1 : 1));
  const diff =
    unifiedDiff(filename ?? 'Dockerfile', source, output) +
    changedFiles.map((f) => unifiedDiff(contextFileName(options.contextPath, f.path), f.before ?? '', f.after, undefined, f.before === undefined)).join('');
  return { output, diff, files: changedFiles, changes, findings, heldBack: held };
}

/** How a diff names a build-context file: below the context's folder as the caller names it. */
function contextFileName(contextPath: string | undefined, path: string): string {
  const folder = (contextPath ?? '').replace(/\\/g, '/').replace(/\/+$/, '');
  return folder === '' || folder === '.' ? path : `${folder}/${path}`;
}

/** The line ending most of a text's lines use. */
function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1;
  return crlf > 0 && crlf * 2 > lf ? '\r\n' : '\n';
}

/** The id findings about the input itself carry: `[shell-syntax]`; an ignore comment with no list silences them. */
export const SHELL_SYNTAX = 'shell-syntax';

/** RUN bodies the shell view cannot read: every transform leaves them alone, and the user should know why. */
function unreadableRuns(doc: Document): Finding[] {
  const findings: Finding[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword !== 'RUN' || doc.isSuppressed(ins, SHELL_SYNTAX)) continue;
    const body = doc.runBody(ins);
    if (body.form !== 'shell' || body.script || body.hasHeredoc) continue;
    findings.push({ transform: SHELL_SYNTAX, line: ins.line, message: `RUN body is not valid shell (${body.error ?? 'unreadable'}); no rewrite touches it` });
  }
  return findings;
}

/** A transform's changes on `doc`, without those an ignore comment vetoes. */
function proposals(transform: Transform, doc: Document, context: TransformContext): Change[] {
  let proposed: Change[];
  try {
    proposed = transform.apply(doc, context);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DockerfileError(`transform ${transform.id} failed: ${reason}`, doc.filename, undefined);
  }
  return proposed.filter(
    (c) => c.edits.length > 0 && !c.instructions.some((i) => doc.isSuppressed(i, transform.id, transform.hadolint)),
  );
}

/** Inserted text follows the file's line endings. */
function withLineEndings(edit: TextEdit, eol: '\n' | '\r\n'): TextEdit {
  if (eol === '\n' || !edit.text.includes('\n')) return edit;
  return { ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') };
}

/** Maps an offset in the text after `history` back to the input text. */
function mapToInput(offset: number, history: readonly TextEdit[][]): number {
  let pos = offset;
  for (let p = history.length - 1; p >= 0; p--) pos = mapBack(pos, history[p]);
  return pos;
}

/** Maps an offset after one pass's edits (sorted) to the text before them; inside inserted text, to the edit's start. */
function mapBack(pos: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    if (pos < newStart) break;
    if (pos < newStart + e.text.length) return e.start;
    delta += e.text.length - (e.end - e.start);
  }
  return pos - delta;
}

/**
 * Throws unless dockerfile-ast, an independent parser, reads `output` as the engine does
 * (same instructions on the same lines). Callers run it before writing a file.
 */
export function assertParsesBack(original: string, output: string, filename?: string): void {
  if (output === original) return;
  const disagreement = refereeDisagreement(new Document(output, filename));
  if (disagreement && !refereeDisagreement(new Document(original, filename))) {
    throw new DockerfileError(`refusing to write: the result does not parse back the same (${disagreement}); file left as it was`, filename, undefined);
  }
}
