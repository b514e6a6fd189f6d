/**
 * Which RUNs the cache transforms may touch: those whose layers ship (final-image stages), that the
 * shell view could read, under a POSIX shell; and what is in scope for them (ENV and ARG values).
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { joinableFlags } from '../src/join.js';
import { Memo } from '../src/memo.js';
import { hasBackgroundJob } from '../src/shell/state.js';

const finalRunsCache = new Memo<Document, Instruction[]>();

/** RUNs whose layers ship (final-image stages), in shell form the shell view could read, under a POSIX shell, without heredoc. */
export function finalImageRuns(doc: Document): Instruction[] {
  let runs = finalRunsCache.get(doc);
  if (!runs) finalRunsCache.set(doc, (runs = finalImageShellRuns(doc).filter((ins) => !doc.runBody(ins).hasHeredoc)));
  return runs;
}

const shellRunsCache = new Memo<Document, Instruction[]>();

/** RUNs whose layers ship, in shell form the shell view could read, under a POSIX shell, heredocs or not. */
export function finalImageShellRuns(doc: Document): Instruction[] {
  let runs = shellRunsCache.get(doc);
  if (!runs) {
    runs = doc.stages
      .filter((s) => s.inFinalImage)
      .flatMap((s) => s.instructions)
      .filter((ins) => ins.keyword === 'RUN' && doc.runBody(ins).form === 'shell' && doc.runBody(ins).script !== null && doc.shellOf(ins).posix);
    shellRunsCache.set(doc, runs);
  }
  return runs;
}

/** True when the RUN is shell form, parsed, without heredoc, and runs under a POSIX `-c` shell. */
export function readable(doc: Document, ins: Instruction): boolean {
  const body = doc.runBody(ins);
  return body.form === 'shell' && body.script !== null && !body.hasHeredoc && doc.shellOf(ins).posix;
}

/** True when `second` (the instruction right after `first`) can be appended to it as `&& ...`: flags that allow it, both readable RUNs. */
export function canAppendRun(doc: Document, first: Instruction, second: Instruction): boolean {
  if (first.keyword !== 'RUN' || second.keyword !== 'RUN' || doc.nextInStage(first) !== second) return false;
  if (!readable(doc, first) || !readable(doc, second) || !joinableFlags(first, second)) return false;
  return !hasBackgroundJob(doc.runBody(first).script!);
}

/** True when ENV or ARG sets `name` in `ins`'s stage (or a stage it builds FROM, or globally) before `ins`. */
export function setInStage(doc: Document, ins: Instruction, name: string): boolean {
  const first = declarationsOf(doc).get(name);
  if (!first) return false;
  for (let s = ins.stage; s; s = s.baseStage) if ((first.get(s) ?? Infinity) < ins.index) return true;
  return (first.get(undefined) ?? Infinity) < ins.index;
}

const declarations = new Memo<Document, Map<string, Map<Stage | undefined, number>>>();

/** Each variable name ENV or ARG declares, with the first instruction declaring it in each stage (undefined: before any FROM). */
function declarationsOf(doc: Document): Map<string, Map<Stage | undefined, number>> {
  let byName = declarations.get(doc);
  if (!byName) {
    byName = new Map();
    for (const ins of doc.instructions) {
      for (const name of doc.declaredNames(ins)) {
        let first = byName.get(name);
        if (!first) byName.set(name, (first = new Map()));
        if (!first.has(ins.stage)) first.set(ins.stage, ins.index);
      }
    }
    declarations.set(doc, byName);
  }
  return byName;
}
