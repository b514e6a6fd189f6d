/**
 * Which build-context file sits at a path in the image when an instruction runs: follows WORKDIR and
 * the COPY/ADD instructions (without --from) of the stage and the stages it builds FROM, so a RUN's
 * `pip install -r requirements.txt` can be read from the context it was copied from.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { parseJsonArray } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { logicalText } from '../src/shell/logical.js';
import { cleanPath } from '../src/context/dockerignore.js';
import { baseName } from '../src/shell/commands.js';
import type { BuildContextView } from '../src/types.js';
import { stageChain } from './stage-programs.js';

/** The working directory in force at `at` (`/` when no WORKDIR sets one); undefined when it holds a variable. */
export function workdirAt(doc: Document, stage: Stage, at: Instruction): string | undefined {
  const steps = workdirSteps(doc, stage);
  // the last WORKDIR before `at` (steps are in file order)
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid].index < at.index) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? '/' : steps[lo - 1].dir;
}

const workdirMemo = new Memo<Document, Map<Stage, { index: number; dir: string | undefined }[]>>();

/** Each WORKDIR of the stage chain and the folder in force after it, worked out once per document and stage. */
export function workdirSteps(doc: Document, stage: Stage): { index: number; dir: string | undefined }[] {
  let perStage = workdirMemo.get(doc);
  if (!perStage) workdirMemo.set(doc, (perStage = new Map()));
  let steps = perStage.get(stage);
  if (!steps) {
    steps = [];
    let dir: string | undefined = '/';
    for (const ins of stageChain(stage).flatMap((s) => s.instructions)) {
      if (ins.keyword !== 'WORKDIR') continue;
      const path = argsText(doc, ins);
      dir = /[$]/.test(path) || dir === undefined ? undefined : joinPath(dir, path);
      steps.push({ index: ins.index, dir });
    }
    perStage.set(stage, steps);
  }
  return steps;
}

/**
 * The context path of the file or folder at `imagePath` (absolute, or relative to the WORKDIR) when
 * `at` runs; undefined when no COPY from the context put it there, or it cannot be told.
 */
export function contextPathAt(doc: Document, stage: Stage, at: Instruction, imagePath: string, context: BuildContextView): string | undefined {
  const cwd = workdirAt(doc, stage, at);
  if (cwd === undefined || /[$*?[]/.test(imagePath)) return undefined;
  const target = joinPath(cwd, imagePath);
  const copies = stageChain(stage)
    .flatMap((s) => s.instructions)
    .filter((i) => i.index < at.index && (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name === 'from'));
  for (const copy of copies.reverse()) {
    const words = copyWords(doc, copy);
    if (!words || words.length < 2) continue;
    const sources = words.slice(0, -1).flatMap((w) => expandGlob(w, context));
    const destWord = words[words.length - 1];
    const destCwd = workdirAt(doc, stage, copy);
    if (destCwd === undefined || /[$]/.test(destWord)) return undefined;
    const dest = joinPath(destCwd, destWord);
    const destIsDir = destWord.endsWith('/') || destWord === '.' || words.length > 2 || /[*?[]/.test(words[0]);
    for (const source of sources) {
      if (/[$*?[]/.test(source) || /^https?:/.test(source)) continue;
      const src = cleanPath(source);
      const folder = context.list(src) !== undefined;
      if (folder) {
        // `COPY dir /app`: the folder's contents land in /app
        if (target === dest) return src;
        if (target.startsWith(`${dest === '/' ? '' : dest}/`)) return cleanPath(`${src}/${target.slice(dest === '/' ? 1 : dest.length + 1)}`);
      } else {
        const landed = destIsDir ? joinPath(dest, baseName(src)) : dest;
        if (target === landed) return src;
      }
    }
  }
  return undefined;
}

/** A source whose last segment holds `*` or `?` (`package*.json`): the context files it matches, in order. */
function expandGlob(source: string, context: BuildContextView): string[] {
  const c = cleanPath(source);
  const slash = c.lastIndexOf('/');
  const name = c.slice(slash + 1);
  if (!/[*?]/.test(name) || /[[$]/.test(c) || /[*?]/.test(c.slice(0, Math.max(slash, 0)))) return [source];
  const dir = slash < 0 ? '' : c.slice(0, slash);
  const pattern = new RegExp(`^${name.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return (context.list(dir) ?? []).filter((e) => !e.endsWith('/') && pattern.test(e)).map((e) => (dir ? `${dir}/${e}` : e));
}

function copyWords(doc: Document, ins: Instruction): string[] | undefined {
  const text = argsText(doc, ins);
  return text.startsWith('[') ? parseJsonArray(text) : text.split(/\s+/).filter(Boolean);
}

function argsText(doc: Document, ins: Instruction): string {
  return logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim();
}

/** Joins `path` to `dir` as the image sees it (absolute paths win), normalising `.`, `..` and slashes. */
export function joinPath(dir: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${dir}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}
