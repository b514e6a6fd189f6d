import { cleanPath } from './context/dockerignore.js';
import { editableText } from './context/view.js';
import { Document } from './document.js';
import { unifiedDiff } from './diff.js';
import { AcceptedEdits, applyEdits, EditedOffsets } from './edits.js';
import { DockerfileError } from './errors.js';
import { resolveTransformOptions, transformOptionProblem } from './transform.js';
import type { AppliedChange, Change, FileChange, Finding, FixOptions, FixResult, TextEdit, Transform, TransformContext } from './types.js';
import { dockerfileProblems, explainProblem, newProblems, syntaxProblems, textProblem, unreadableRun } from './validate.js';

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
 * ones when `unsafe` is set (all of them, or those whose ids it lists).
 */
export function selectTransforms(
  registry: readonly Transform[],
  chosen: readonly (string | Transform)[] | undefined,
  unsafe: boolean | readonly string[],
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
  const enabled = (t: Transform) => t.safety === 'safe' || (typeof unsafe === 'boolean' ? unsafe : unsafe.includes(t.id));
  return { active: registry.filter(enabled), heldBack: registry.filter((t) => !enabled(t)) };
}

/** Runs transforms over `source` to a fixpoint and returns the rewritten text, its diff and what was done. */
export function runPipeline(source: string, registry: readonly Transform[], options: FixOptions = {}): FixResult {
  const filename = options.filename;
  const unsafe = Array.isArray(options.unsafe) ? options.unsafe : !!options.unsafe;
  const { active, heldBack } = selectTransforms(registry, options.transforms, unsafe);
  const files = new Map<string, FileChange>(); // other files changes edited, by context path
  const fileText = (path: string) => {
    const edited = files.get(cleanPath(path));
    return edited ? edited.after : editableText(options.buildContext, path);
  };
  const contextOf = transformContexts([...active, ...registry], options, Array.isArray(unsafe) ? unsafe.length > 0 : unsafe, fileText);
  const unfit = textProblem(source);
  if (unfit) throw new DockerfileError(unfit.message, filename, unfit.line);
  const input = new Document(source, filename);
  let doc = input;
  const unchanged: FixResult = { output: source, diff: '', files: [], changes: [], findings: [], heldBack: [] };
  if (doc.ignoreFile) return unchanged;

  const inputProblems = dockerfileProblems(doc);
  if (inputProblems.length) {
    const first = explainProblem(doc, inputProblems[0]);
    throw new DockerfileError(first.message, filename, first.line);
  }

  const changes: AppliedChange[] = [];
  const history: EditedOffsets[] = []; // each pass's edits, to report lines of the input
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  for (let pass = 0; pass < maxPasses; pass++) {
    const accepted = new AcceptedEdits();
    const acceptedInFiles = new Map<string, AcceptedEdits>(); // edits of other files, each file on its own
    for (const transform of active) {
      for (const change of proposals(transform, doc, contextOf(transform))) {
        const path = change.file === undefined ? undefined : cleanPath(change.file);
        if (path === '' || path?.startsWith('..')) throw new DockerfileError(`transform ${transform.id} proposed a file outside the build context: ${change.file}`, filename, undefined);
        let same = accepted; // edits already accepted on the same text
        if (path !== undefined) {
          same = acceptedInFiles.get(path) ?? new AcceptedEdits();
          acceptedInFiles.set(path, same);
        }
        if (change.edits.some((e) => same.conflicts(e))) continue; // retried next pass
        for (const e of change.edits) same.add(path === undefined ? withLineEndings(e, doc) : withFileLineEndings(e, fileText(path) ?? ''));
        const first = change.instructions[0];
        const offset = first ? first.start : path === undefined ? change.edits[0]?.start ?? 0 : 0;
        const applied: AppliedChange = { transform: transform.id, line: input.lineOf(mapToInput(offset, history)), message: change.message };
        if (path !== undefined) applied.file = path;
        if (change.data) applied.data = change.data;
        changes.push(applied);
      }
      accepted.settle();
      for (const other of acceptedInFiles.values()) other.settle();
    }
    for (const [path, other] of acceptedInFiles) {
      if (!other.inOrder.length) continue;
      const previous = files.get(path);
      const before = previous ? previous.before : editableText(options.buildContext, path);
      files.set(path, { path, before, after: applyEdits(previous?.after ?? before ?? '', other.inOrder) });
    }
    const edits = accepted.inOrder;
    if (!edits.length) {
      if ([...acceptedInFiles.values()].some((e) => e.inOrder.length)) continue; // the Dockerfile is as it was; other files moved on
      break;
    }
    history.push(new EditedOffsets(edits));
    doc = new Document(applyEdits(doc.source, edits), filename, { document: doc, edits });
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
      (t.findings?.(doc, contextOf(t)) ?? [])
        .filter((f) => !doc.isSuppressed(f.instruction, t.id, t.hadolint))
        .map((f) => ({ transform: t.id, line: f.instruction.line, message: f.message })),
    ),
  ];
  const held = heldBack.filter((t) => proposals(t, doc, contextOf(t)).length > 0).map((t) => t.id);
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

/**
 * Each transform's context, its options checked and completed with their defaults (bad ones throw);
 * transforms that declare no options share one context.
 */
function transformContexts(
  transforms: readonly Transform[],
  options: FixOptions,
  unsafe: boolean,
  fileText: (path: string) => string | undefined,
): (t: Transform) => TransformContext {
  const given = options.transformOptions ?? {};
  for (const id of Object.keys(given)) {
    const transform = transforms.find((t) => t.id === id);
    if (!transform) throw new Error(`transformOptions: unknown transform "${id}"`);
    const wrong = transformOptionProblem(transform, given[id]);
    if (wrong) throw new Error(`transformOptions.${id}${wrong.key ? `.${wrong.key}` : ''}: ${wrong.message}`);
  }
  const shared: TransformContext = { unsafe, filename: options.filename, buildContext: options.buildContext, fileText, options: Object.freeze({}) };
  const own = new Map<Transform, TransformContext>();
  for (const t of transforms) if (t.options && !own.has(t)) own.set(t, { ...shared, options: resolveTransformOptions(t, given[t.id]) });
  return (t) => own.get(t) ?? shared;
}

/** The id findings about the input itself carry: `[shell-syntax]`; an ignore comment with no list silences them. */
export const SHELL_SYNTAX = 'shell-syntax';

/** RUN bodies the shell view cannot read: every transform leaves them alone, and the user should know why. */
function unreadableRuns(doc: Document): Finding[] {
  const findings: Finding[] = [];
  for (const ins of doc.instructions) {
    if (ins.keyword !== 'RUN' || doc.isSuppressed(ins, SHELL_SYNTAX)) continue;
    const reason = unreadableRun(doc, ins);
    if (reason) findings.push({ transform: SHELL_SYNTAX, line: ins.line, message: `${reason}; no rewrite touches it` });
  }
  return findings;
}

/** A transform's changes on `doc`, without those an ignore comment vetoes. */
function proposals(transform: Transform, doc: Document, context: TransformContext): Change[] {
  let proposed: Change[];
  try {
    proposed = transform.apply(doc, context);
  } catch (e) {
    const tooDeep = e instanceof RangeError && /call stack/i.test(e.message);
    const reason = tooDeep ? 'too deeply nested for it to follow (the call stack ran out)' : e instanceof Error ? e.message : String(e);
    throw new DockerfileError(`transform ${transform.id} failed: ${reason}`, doc.filename, undefined);
  }
  return proposed.filter(
    (c) => c.edits.length > 0 && !c.instructions.some((i) => doc.isSuppressed(i, transform.id, transform.hadolint)),
  );
}

/**
 * Inserted line breaks follow the line they land in (CRLF in a CRLF line, LF in an LF one), so an
 * instruction of a file with mixed endings stays as it was written; the file's majority decides
 * only on a last line that has no ending.
 */
function withLineEndings(edit: TextEdit, doc: Document): TextEdit {
  if (!edit.text.includes('\n')) return edit;
  const eol = lineEndingAt(doc.source, edit.start) ?? doc.eol;
  const text = edit.text.replace(/\r?\n/g, eol);
  return text === edit.text ? edit : { ...edit, text };
}

/** Line breaks of an edit to another file follow that file's: the line they land in, else its majority. */
function withFileLineEndings(edit: TextEdit, text: string): TextEdit {
  if (!edit.text.includes('\n')) return edit;
  const crlf = text.split('\r\n').length - 1;
  const majority = crlf > 0 && crlf * 2 > text.split('\n').length - 1 ? '\r\n' : '\n';
  const eol = lineEndingAt(text, edit.start) ?? majority;
  const replaced = edit.text.replace(/\r?\n/g, eol);
  return replaced === edit.text ? edit : { ...edit, text: replaced };
}

/** The line ending of the line holding `offset`, or undefined on a last line without one. */
function lineEndingAt(source: string, offset: number): '\n' | '\r\n' | undefined {
  const nl = source.indexOf('\n', offset);
  if (nl < 0) return undefined;
  return nl > 0 && source.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/** Maps an offset in the text after `history` back to the input text. */
function mapToInput(offset: number, history: readonly EditedOffsets[]): number {
  let pos = offset;
  for (let p = history.length - 1; p >= 0; p--) pos = history[p].toBefore(pos);
  return pos;
}
