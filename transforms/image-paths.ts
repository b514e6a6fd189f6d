/**
 * Paths inside the image as instructions see them: the WORKDIR in force, where a COPY puts what it
 * copies, and which folders surely exist before an instruction runs.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { logicalText } from '../src/shell/logical.js';
import { describeImage, parseImageRef } from './image-knowledge.js';

/** The stage and the stages it builds FROM, the first base first. */
export function stageChain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.baseStage) stages.unshift(s);
  return stages;
}

/** The working directory in force at `at` (`/` when no WORKDIR sets one); undefined when a WORKDIR holds a variable. */
export function workdirAt(doc: Document, stage: Stage, at: Instruction): string | undefined {
  let dir: string | undefined = '/';
  for (const ins of stageChain(stage).flatMap((s) => s.instructions)) {
    if (ins.index >= at.index) break;
    if (ins.keyword !== 'WORKDIR') continue;
    const path = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar).text.trim();
    dir = dir === undefined || /[$"'\\]/.test(path) || path === '' ? undefined : joinPath(dir, path);
  }
  return dir;
}

/** `base` joined with `path` (absolute paths win), cleaned: no `.`, `..` or doubled slashes. */
export function joinPath(base: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Folders every Linux distribution image has (Debian, Ubuntu, Alpine, the RHEL family): the FHS top. */
const DISTRIBUTION_FOLDERS = new Set([
  '/bin', '/sbin', '/etc', '/home', '/opt', '/root', '/srv', '/tmp', '/usr', '/usr/bin', '/usr/sbin', '/usr/local', '/usr/local/bin', '/usr/local/sbin', '/var',
]);

/**
 * True when the folder surely exists when `at` runs: `/`, a WORKDIR set before (it makes every folder
 * on its path), or a standard folder of a distribution base image the data knows.
 */
export function folderExistsAt(doc: Document, stage: Stage, at: Instruction, folder: string): boolean {
  if (folder === '/') return true;
  for (const ins of stageChain(stage).flatMap((s) => s.instructions)) {
    if (ins.index >= at.index) break;
    if (ins.keyword !== 'WORKDIR') continue;
    const dir = workdirAt(doc, stage, doc.nextInStage(ins) ?? at);
    if (dir !== undefined && (dir === folder || dir.startsWith(`${folder}/`))) return true;
  }
  const root = stageChain(stage)[0];
  const ref = parseImageRef(root.baseImage);
  const info = ref && describeImage(ref);
  return !!info && info.distro !== 'none' && info.shell === true && DISTRIBUTION_FOLDERS.has(folder);
}

/** The folder holding a path (`/usr/local/bin/app` → `/usr/local/bin`). */
export function parentFolder(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
