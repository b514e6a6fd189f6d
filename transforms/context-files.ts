/**
 * Which file of the build context sits at a path of the image being built: the working directory
 * WORKDIR sets, and the COPY that last put a context file there. Used to read a script a RUN runs
 * instead of treating it as unknown code.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { parseJsonArray } from '../src/document.js';
import { Memo } from '../src/memo.js';
import { logicalText } from '../src/shell/logical.js';
import type { BuildContextView } from '../src/types.js';

const workdirs = new Memo<Document, (string | undefined)[]>();

/**
 * Where the working directory of a base image from a registry stands: unknown, but the same for
 * every relative path of the stages built on it (`COPY x .` then `RUN ./x` meet there).
 */
export const IMAGE_WORKDIR = '/\u0000';

/** The working directory a RUN at `ins` starts in; undefined when a WORKDIR uses a variable. */
export function workdirAt(doc: Document, ins: Instruction): string | undefined {
  let byIndex = workdirs.get(doc);
  if (!byIndex) workdirs.set(doc, (byIndex = readWorkdirs(doc)));
  return byIndex[ins.index];
}

/** One forward pass: each stage starts where its base stage ended (an image's WORKDIR is inherited). */
function readWorkdirs(doc: Document): (string | undefined)[] {
  const byIndex: (string | undefined)[] = new Array(doc.instructions.length).fill(undefined);
  const atEnd = new Map<Stage, string | undefined>();
  for (const stage of doc.stages) {
    // an image from a registry may set its own WORKDIR
    let dir: string | undefined = stage.baseStage ? atEnd.get(stage.baseStage) : IMAGE_WORKDIR;
    for (const ins of stage.instructions) {
      byIndex[ins.index] = dir;
      if (ins.keyword !== 'WORKDIR') continue;
      const arg = argumentText(doc, ins).trim();
      if (/[$"'\s]/.test(arg) || arg === '') dir = undefined;
      else if (arg.startsWith('/')) dir = normalize(arg);
      else dir = dir === undefined ? undefined : normalize(`${dir}/${arg}`);
    }
    atEnd.set(stage, dir);
  }
  return byIndex;
}

/** At most this many COPY instructions are looked through for one path: past that, the file is unknown. */
const MAX_COPIES = 64;

/**
 * The text of the build-context file that the last COPY before `ins` (in its stage or a stage it
 * builds FROM) put at `path` (absolute), or undefined when that is not known for sure: no COPY put
 * it there, it came from another stage, an archive, a URL, a heredoc or a pattern, or the context
 * cannot read it.
 */
export function contextFileAt(doc: Document, ins: Instruction, path: string, context: BuildContextView): string | undefined {
  let seen = 0;
  for (let stage: Stage | undefined = ins.stage; stage; stage = stage.baseStage) {
    const until = stage === ins.stage ? ins.positionInStage : stage.instructions.length;
    for (let i = until - 1; i >= 0; i--) {
      const copy = stage.instructions[i];
      if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') continue;
      if (++seen > MAX_COPIES) return undefined;
      const found = copiedTo(doc, copy, path, context);
      if (found === 'not here') continue;
      return found === 'unknown' ? undefined : context.read(found);
    }
  }
  return undefined;
}

/** The context path a COPY puts at `path`, 'not here' when it puts nothing there, or 'unknown'. */
function copiedTo(doc: Document, copy: Instruction, path: string, context: BuildContextView): string | 'not here' | 'unknown' {
  const words = copyWords(doc, copy);
  if (!words || words.length < 2) return 'unknown';
  const sources = words.slice(0, -1);
  let dest = words[words.length - 1];
  if (!dest.startsWith('/')) {
    const dir = workdirAt(doc, copy);
    if (dir === undefined) return 'unknown';
    dest = `${dir}/${dest}`;
  }
  const destIsDir = dest.endsWith('/') || sources.length > 1;
  dest = normalize(dest);
  if (path !== dest && !path.startsWith(dest === '/' ? '/' : `${dest}/`)) return 'not here';
  const fromElsewhere = copy.flags.some((f) => f.name === 'from') || copy.heredocs.length > 0;
  for (const src of sources) {
    if (fromElsewhere || /[*?[$]/.test(src) || /^[a-z]+:\/\//i.test(src) || (copy.keyword === 'ADD' && /\.(tar|tgz|tbz2?|txz|zip|gz|bz2|xz|zst)$/.test(src))) return 'unknown';
    const file = normalize(`/${src}`).slice(1); // context-relative
    if (!context.exists(file) && file !== '') return 'unknown';
    if (context.list(file) === undefined) {
      const target = destIsDir ? `${dest === '/' ? '' : dest}/${baseNameOf(file)}` : dest;
      // a single file copied to a path that is already a directory lands inside it
      if (path === target || (!destIsDir && path === `${dest}/${baseNameOf(file)}`)) return file;
      continue;
    }
    // a directory: its content goes into dest
    const inside = path.slice(dest === '/' ? 1 : dest.length + 1);
    const candidate = file === '' ? inside : `${file}/${inside}`;
    if (context.exists(candidate)) return candidate;
  }
  return 'not here';
}

/** COPY's sources and destination, or undefined when they cannot be read literally. */
function copyWords(doc: Document, copy: Instruction): string[] | undefined {
  const text = argumentText(doc, copy).trim();
  if (text.startsWith('[')) return parseJsonArray(text);
  if (/["'\\]/.test(text)) return undefined;
  return text.split(/\s+/).filter(Boolean);
}

function argumentText(doc: Document, ins: Instruction): string {
  return logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text;
}

/** `/a/./b/../c/` → `/a/c`. */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '\u0000') parts.pop();
    else if (part !== '..' || parts.length > 0) parts.push(part); // above an unknown directory: kept, so it matches nothing real
  }
  return `/${parts.join('/')}`;
}

function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
