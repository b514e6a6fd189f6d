/**
 * Who reads something later: what a RUN leaves behind is garbage only when no later instruction
 * needs it, nor the container's own start commands (CMD, ENTRYPOINT, HEALTHCHECK: `CMD go run .`
 * reads Go's module cache). Later means the rest of its stage, every stage built FROM it, ONBUILD triggers of those
 * stages (they run in every build FROM them, wherever they are written), and COPY --from or
 * RUN --mount=from= of any of them. Each question is answered for every instruction of a document in
 * one backward pass, so asking it of every RUN costs time linear in the file.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { BuildContextView } from '../src/types.js';
import { copiesOf, readsOf, type InstructionReads } from './instruction-reads.js';

/** A question about what instructions read: asked of each later instruction, answered once per document. */
export interface ReaderQuestion {
  /** Names the question; answers are remembered per document under it. */
  key: string;
  /** Whether a RUN or ONBUILD reads it for sure (`reads`), may read it through code this tool cannot read (`opaque`, with what it runs), or not. */
  reads(reads: InstructionReads): { opaque?: string } | undefined;
  /** Whether a path copied out of a stage (`COPY --from`, a mount) holds it. */
  copied(path: string): boolean;
}

export interface LaterReader {
  instruction: Instruction;
  /** Set when the instruction runs code this tool cannot read, which may read it: what it runs. */
  opaque?: string;
}

/** What the container runs when it starts or checks itself: it reads the image the build left. */
const START_COMMANDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

interface Answers {
  /** Nearest later instruction that surely reads, by instruction index (for the stages answered). */
  surely: (Instruction | undefined)[];
  /** Nearest later instruction that may read through unreadable code, by instruction index. */
  maybe: (LaterReader | undefined)[];
}

const answersCache = new Memo<Document, { context: BuildContextView | undefined; byKey: Map<string, Map<Stage, Answers>> }>();

/**
 * The first later instruction that reads what `question` asks about: one that surely does, or else
 * one that may (opaque); undefined when none does.
 */
export function laterReader(doc: Document, ins: Instruction, question: ReaderQuestion, context: BuildContextView | undefined): LaterReader | undefined {
  if (!ins.stage) return undefined;
  const answers = answersOf(doc, question, context, ins.stage);
  const surely = answers.surely[ins.index];
  return surely ? { instruction: surely } : answers.maybe[ins.index];
}

/** The answers for the stages built from the same base image as `stage` (only they can read what it leaves). */
function answersOf(doc: Document, question: ReaderQuestion, context: BuildContextView | undefined, stage: Stage): Answers {
  let memo = answersCache.get(doc);
  if (!memo || memo.context !== context) answersCache.set(doc, (memo = { context, byKey: new Map() }));
  let byRoot = memo.byKey.get(question.key);
  if (!byRoot) memo.byKey.set(question.key, (byRoot = new Map()));
  let root = stage;
  while (root.baseStage) root = root.baseStage;
  let answers = byRoot.get(root);
  if (!answers) byRoot.set(root, (answers = answer(doc, question, context, root)));
  return answers;
}

/** One backward pass over the stages built from `root`, evaluating the question on each of their instructions once. */
function answer(doc: Document, question: ReaderQuestion, context: BuildContextView | undefined, root: Stage): Answers {
  const tree = derivedStages(doc, root);
  const surelyAt: (Instruction | undefined)[] = new Array(doc.instructions.length);
  const maybeAt: (LaterReader | undefined)[] = new Array(doc.instructions.length);
  for (const stage of tree) {
    for (const ins of stage.instructions) {
      const starts = START_COMMANDS.has(ins.keyword);
      if (ins.keyword !== 'RUN' && ins.keyword !== 'ONBUILD' && !starts) continue;
      const reads = readsOf(doc, ins, context);
      const found = reads.commands.length > 0 || reads.texts.length > 0 ? question.reads(reads) : undefined;
      // a start command that runs code this tool cannot read (`CMD ["./start.sh"]`, which most images have)
      // is not taken as a reader: the run-time program is the application, not a package manager
      if (found?.opaque !== undefined) {
        if (!starts) maybeAt[ins.index] = { instruction: ins, opaque: found.opaque };
      } else if (found) surelyAt[ins.index] = ins;
    }
  }
  // copies out of these stages may be made from any stage
  const copies = copiesByStage(doc);
  const copiedSurely = new Map<Stage, Instruction>();
  const copiedFromAny = copies.get('any')?.find((c) => question.copied(c.path))?.instruction;
  for (const stage of tree) {
    const found = copies.get(stage)?.find((c) => question.copied(c.path));
    if (found) copiedSurely.set(stage, found.instruction);
  }
  return {
    surely: nearestLater(tree, doc.instructions.length, (i) => surelyAt[i.index], (s) => copiedSurely.get(s) ?? copiedFromAny),
    maybe: nearestLater(tree, doc.instructions.length, (i) => maybeAt[i.index], () => undefined),
  };
}

/**
 * For every instruction of `stages` (a stage and those built from it, in file order), the first
 * reader after it (by `own`) in its stage, among the ONBUILD triggers of its stage, in the stages
 * built FROM it, or copying from them (`copiedFrom`).
 */
function nearestLater<T extends { index: number } | { instruction: Instruction }>(
  stages: readonly Stage[],
  size: number,
  own: (ins: Instruction) => T | undefined,
  copiedFrom: (stage: Stage) => T | undefined,
): (T | undefined)[] {
  const out: (T | undefined)[] = new Array(size);
  const subtree = new Map<Stage, T | undefined>(); // first reader anywhere in a stage and the stages built FROM it
  const children = new Map<Stage, Stage[]>();
  for (const stage of stages) {
    if (!stage.baseStage) continue;
    const list = children.get(stage.baseStage);
    if (list) list.push(stage);
    else children.set(stage.baseStage, [stage]);
  }
  // stages are built FROM earlier ones: backwards, every derived stage is done before its base
  for (let s = stages.length - 1; s >= 0; s--) {
    const stage = stages[s];
    let outside = copiedFrom(stage); // readers that run after the whole stage: derived stages, copies, triggers
    for (const child of children.get(stage) ?? []) outside = first(outside, subtree.get(child));
    for (const ins of stage.instructions) if (ins.keyword === 'ONBUILD') outside = first(outside, own(ins));
    let next: T | undefined;
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      const ins = stage.instructions[i];
      out[ins.index] = first(next, outside);
      if (ins.keyword !== 'ONBUILD') next = own(ins) ?? next;
    }
    out[stage.from.index] = first(next, outside);
    subtree.set(stage, out[stage.from.index]);
  }
  return out;
}

/** The earlier of two readers (by their instruction's position); either when one is missing. */
function first<T extends { index: number } | { instruction: Instruction }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  return indexOf(a) <= indexOf(b) ? a : b;
}

function indexOf(x: { index: number } | { instruction: Instruction }): number {
  return 'instruction' in x ? x.instruction.index : x.index;
}

/** The stages whose build starts from `stage`'s result: itself and every stage built FROM it, transitively, in file order. */
export function derivedStages(doc: Document, stage: Stage): Stage[] {
  const children = childrenOf(doc);
  const found: Stage[] = [stage];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]) ?? []));
  return found.sort((a, b) => a.index - b.index);
}

const childrenCache = new Memo<Document, Map<Stage, Stage[]>>();

/** The stages built FROM each stage. */
function childrenOf(doc: Document): Map<Stage, Stage[]> {
  let children = childrenCache.get(doc);
  if (!children) {
    children = new Map();
    for (const stage of doc.stages) {
      if (!stage.baseStage) continue;
      const list = children.get(stage.baseStage);
      if (list) list.push(stage);
      else children.set(stage.baseStage, [stage]);
    }
    childrenCache.set(doc, children);
  }
  return children;
}

const copiesCache = new Memo<Document, Map<Stage | 'any', { instruction: Instruction; path: string }[]>>();

/** Every path copied out of a stage (`COPY --from`, `RUN --mount=from=`), by the stage it comes from, in file order. */
function copiesByStage(doc: Document): Map<Stage | 'any', { instruction: Instruction; path: string }[]> {
  let byStage = copiesCache.get(doc);
  if (!byStage) {
    byStage = new Map();
    for (const instruction of doc.instructions) {
      for (const copy of copiesOf(doc, instruction)) {
        const list = byStage.get(copy.stage);
        if (list) list.push({ instruction, path: copy.path });
        else byStage.set(copy.stage, [{ instruction, path: copy.path }]);
      }
    }
    copiesCache.set(doc, byStage);
  }
  return byStage;
}
