/**
 * Writes a split: the stage gets a name (`AS build`), the instructions that only describe the running
 * container leave it (with the comments above them), the build edits apply, and the runtime stage is
 * appended at the end of the file. Every instruction the stage keeps is rewritten (most to the same
 * text), so other transforms' edits inside it wait a pass and then see the build stage it has become,
 * still reported at their own lines.
 */
import type { Document, Instruction } from '../../src/document.js';
import { applyEdits } from '../../src/edits.js';
import type { Change, TextEdit } from '../../src/types.js';
import type { SplitPlan } from './plan.js';
import type { CarriedInstruction } from './runtime-settings.js';

const MAX_LINE = 100;

export function renderSplit(plan: SplitPlan): Change {
  const doc = plan.reading.doc;
  const stage = plan.reading.stage;
  const name = stage.name ?? 'build';
  const edits: TextEdit[] = [...plan.output.buildEdits];
  if (!stage.name) edits.push({ start: stage.from.argsEnd, end: stage.from.argsEnd, text: ' AS build' });

  const moved = plan.reading.runtimeOnly;
  const deleted = new Set<number>();
  const commentsAbove = new Map<Instruction, number>();
  for (const ins of moved) {
    const first = firstCommentLine(doc, ins);
    commentsAbove.set(ins, first);
    for (let line = first; line <= ins.endLine; line++) deleted.add(line);
  }
  const removal = lineRemovals(doc, deleted);
  const stageText = runtimeStage(plan, name, commentsAbove);
  const atEnd = removal.length > 0 && removal[removal.length - 1].end === doc.source.length;
  if (atEnd) removal[removal.length - 1].text = `\n${stageText}`;
  else edits.push({ start: doc.source.length, end: doc.source.length, text: `${/\n$/.test(doc.source) ? '' : '\n'}\n${stageText}` });
  edits.push(...removal);

  const touched = plan.reading.runs.filter((r) => plan.output.buildEdits.some((e) => r.instruction.start <= e.start && e.end <= r.instruction.end)).map((r) => r.instruction);
  return { message: message(plan), instructions: [stage.from, ...moved, ...touched], edits: perInstruction(doc, [stage.from, ...stage.instructions], moved, edits) };
}

/** The edits with those inside a kept instruction folded into one rewrite of that instruction, and every kept instruction rewritten. */
function perInstruction(doc: Document, instructions: readonly Instruction[], moved: readonly Instruction[], edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  let rest = [...edits];
  for (const ins of instructions) {
    if (moved.includes(ins)) continue;
    const inside = rest.filter((e) => ins.start <= e.start && e.end <= ins.end && !(e.start === e.end && e.start === ins.end && e.text.startsWith('\n')));
    rest = rest.filter((e) => !inside.includes(e));
    const text = applyEdits(doc.source.slice(ins.start, ins.end), inside.map((e) => ({ ...e, start: e.start - ins.start, end: e.end - ins.start })));
    out.push({ start: ins.start, end: ins.end, text });
  }
  return [...out, ...rest];
}

function message(plan: SplitPlan): string {
  const extra = plan.copies.filter((c) => !plan.output.artifacts.includes(c));
  const parts = [`split into a build stage and a runtime stage on ${plan.image}: ${plan.output.summary}`];
  if (extra.length) parts.push(`with ${extra.join(', ')}`);
  if (plan.user.rootBecause) parts.push(`running as root because ${plan.user.rootBecause}`);
  if (plan.output.buildNote) parts.push(plan.output.buildNote);
  return parts.join('; ');
}

function runtimeStage(plan: SplitPlan, buildName: string, commentsAbove: Map<Instruction, number>): string {
  const doc = plan.reading.doc;
  // the runtime runs on the platform the build's image was for, as the one image did
  const platform = plan.reading.stage.from.flags.find((f) => f.name === 'platform');
  const lines = [`FROM ${platform ? `${doc.source.slice(platform.start, platform.end)} ` : ''}${plan.image}`];
  if (plan.workdir !== '/') lines.push(`WORKDIR ${plan.workdir}`);
  for (const v of plan.settings.variables) lines.push(carriedText(doc, v));
  if (plan.packages.length) lines.push(aptInstall(plan.packages, doc.escapeChar));
  lines.push(...plan.output.runtimeSetup);
  for (const path of plan.copies) lines.push(copyFrom(buildName, path));
  if (plan.user.line) lines.push(plan.user.line);
  for (const s of plan.settings.settings) {
    const first = commentsAbove.get(s.instruction);
    if (first !== undefined && first < s.instruction.line) lines.push(doc.source.slice(doc.lineStart(first), doc.lineStart(s.instruction.line)).replace(/\r?\n$/, ''));
    lines.push(carriedText(doc, s));
  }
  return `${lines.join('\n')}\n`;
}

function carriedText(doc: Document, carried: CarriedInstruction): string {
  return carried.text ?? doc.source.slice(carried.instruction.start, carried.instruction.end);
}

function copyFrom(stage: string, path: string): string {
  return /[\s"]/.test(path) ? `COPY --from=${stage} ${JSON.stringify([path, path])}` : `COPY --from=${stage} ${path} ${path}`;
}

function aptInstall(packages: readonly string[], escape: string): string {
  const commands = ['apt-get update', `apt-get install -y --no-install-recommends ${packages.join(' ')}`, 'rm -rf /var/lib/apt/lists/*'];
  const line = `RUN ${commands.join(' && ')}`;
  return line.length <= MAX_LINE ? line : `RUN ${commands.join(` ${escape}\n    && `)}`;
}

/** The first line of the comment lines right above an instruction (its own line when there are none). */
function firstCommentLine(doc: Document, ins: Instruction): number {
  const previous = doc.previousInStage(ins)?.endLine ?? ins.stage?.from.endLine ?? 0;
  let first = ins.line;
  while (first - 1 > previous && /^\s*#/.test(doc.lineText(first - 1))) first--;
  return first;
}

/**
 * Edits removing the given lines; a blank line left alone between two removed blocks, or before the
 * end of the file, goes with them so no double blank line remains.
 */
function lineRemovals(doc: Document, deleted: Set<number>): TextEdit[] {
  const last = doc.lineOf(doc.source.length);
  const blank = (line: number) => line >= 1 && line <= last && !deleted.has(line) && doc.lineText(line).trim() === '';
  const runs: [number, number][] = [];
  for (let line = 1; line <= last; line++) {
    if (!deleted.has(line)) continue;
    if (runs.length && runs[runs.length - 1][1] === line - 1) runs[runs.length - 1][1] = line;
    else runs.push([line, line]);
  }
  for (const run of runs) {
    let after = run[1] + 1;
    while (after <= last && blank(after)) after++;
    if (after > last) {
      while (blank(run[0] - 1)) run[0]--; // nothing but blanks follow: trailing blank lines go too
      run[1] = last;
    } else if (blank(run[0] - 1) && blank(run[1] + 1)) {
      run[0]--;
    }
  }
  return runs.map(([from, to]) => ({ start: doc.lineStart(from), end: to >= last ? doc.source.length : doc.lineStart(to + 1), text: '' }));
}
