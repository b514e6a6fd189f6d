/**
 * Who reads something later: what a RUN leaves behind is garbage only when no later instruction
 * needs it. Later means the rest of its stage, every stage built FROM it, ONBUILD triggers of those
 * stages (they run in every build FROM them, wherever they are written), and COPY --from or
 * RUN --mount=from= of any of them. Each question is answered for every instruction of a document in
 * one backward pass, so asking it of every RUN costs time linear in the file.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { BuildContextView } from '../src/types.js';
import { readsOf, type InstructionReads } from './instruction-reads.js';

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

interface Answers {
  /** Nearest later instruction that surely reads, by instruction index. */
  surely: (Instruction | undefined)[];
  /** Nearest later instruction that may read through unreadable code, by instruction index. */
  maybe: (LaterReader | undefined)[];
}

const answersCache = new Memo<Document, { context: BuildContextView | undefined; byKey: Map<string, Answers> }>();

/**
 * The first later instruction that reads what `question` asks about: one that surely does, or else
 * one that may (opaque); undefined when none does.
 */
export function laterReader(doc: Document, ins: Instruction, question: ReaderQuestion, context: BuildContextView | undefined): LaterReader | undefined {
  const answers = answersOf(doc, question, context);
  const surely = answers.surely[ins.index];
  return surely ? { instruction: surely } : answers.maybe[ins.index];
}

function answersOf(doc: Document, question: ReaderQuestion, context: BuildContextView | undefined): Answers {
  let memo = answersCache.get(doc);
  if (!memo || memo.context !== context) answersCache.set(doc, (memo = { context, byKey: new Map() }));
  let answers = memo.byKey.get(question.key);
  if (!answers) memo.byKey.set(question.key, (answers = answer(doc, question, context)));
  return answers;
}

function answer(doc: Document, question: ReaderQuestion, context: BuildContextView | undefined): Answers {
  const surelyAt: (Instruction | undefined)[] = new Array(doc.instructions.length);
  const maybeAt: (LaterReader | undefined)[] = new Array(doc.instructions.length);
  const copiedSurely = new Map<Stage, Instruction>();
  let copiedFromAny: Instruction | undefined;
  for (const ins of doc.instructions) {
    const reads = ins.keyword === 'RUN' || ins.keyword === 'ONBUILD' || ins.keyword === 'COPY' ? readsOf(doc, ins, context) : undefined;
    if (!reads) continue;
    const found = reads.commands.length > 0 || reads.texts.length > 0 ? question.reads(reads) : undefined;
    if (found) {
      if (found.opaque !== undefined) maybeAt[ins.index] = { instruction: ins, opaque: found.opaque };
      else surelyAt[ins.index] = ins;
    }
    for (const copy of reads.copies) {
      if (!question.copied(copy.path)) continue;
      if (copy.stage === 'any') copiedFromAny ??= ins;
      else if (!copiedSurely.has(copy.stage)) copiedSurely.set(copy.stage, ins);
    }
  }
  return {
    surely: nearestLater(doc, (i) => surelyAt[i.index], (s) => copiedSurely.get(s) ?? copiedFromAny),
    maybe: nearestLater(doc, (i) => maybeAt[i.index], () => undefined),
  };
}

/**
 * For every instruction, the first reader after it (by `own`) in its stage, among the ONBUILD
 * triggers of its stage, in the stages built FROM it, or copying from them (`copiedFrom`).
 */
function nearestLater<T extends { index: number } | { instruction: Instruction }>(
  doc: Document,
  own: (ins: Instruction) => T | undefined,
  copiedFrom: (stage: Stage) => T | undefined,
): (T | undefined)[] {
  const out: (T | undefined)[] = new Array(doc.instructions.length);
  const subtree = new Map<Stage, T | undefined>(); // first reader anywhere in a stage and the stages built FROM it
  const children = new Map<Stage, Stage[]>();
  for (const stage of doc.stages) if (stage.baseStage) children.set(stage.baseStage, [...(children.get(stage.baseStage) ?? []), stage]);
  // stages are built FROM earlier ones: backwards, every derived stage is done before its base
  for (let s = doc.stages.length - 1; s >= 0; s--) {
    const stage = doc.stages[s];
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

/** The stages whose build starts from `stage`'s result: itself and every stage built FROM it, transitively. */
export function derivedStages(doc: Document, stage: Stage): Stage[] {
  const found = new Set<Stage>([stage]);
  for (const s of doc.stages) if (s.baseStage && found.has(s.baseStage)) found.add(s);
  return [...found];
}
