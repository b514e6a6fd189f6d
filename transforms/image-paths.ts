/**
 * Paths inside the image as instructions see them: where a COPY put what is at a path, and which
 * folders surely exist before an instruction runs (the WORKDIR in force is context-paths.ts's).
 * A helper of the transforms, not a transform itself.
 */
import { copyArgs } from '../src/copy-args.js';
import { pickedPaths } from '../src/context/sources.js';
import type { Document, Instruction, Stage } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import type { BuildContextView } from '../src/types.js';
import { joinPath, workdirAt, workdirSteps } from './context-paths.js';
import { describeImage, parseImageRef, type ImageInfo } from './image-knowledge.js';
import { stageChain } from './stage-programs.js';

/** Folders every Linux distribution image has (Debian, Ubuntu, Alpine, the RHEL family): the FHS top. */
const DISTRIBUTION_FOLDERS = new Set([
  '/bin', '/sbin', '/etc', '/home', '/opt', '/root', '/srv', '/tmp', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/share', '/usr/local',
  '/usr/local/bin', '/usr/local/sbin', '/var', '/var/lib', '/var/log', '/var/cache',
]);

/**
 * True when the folder surely exists when `at` runs: `/`, a WORKDIR set before (it makes every folder
 * on its path), or a standard folder of a distribution base image the data knows.
 */
export function folderExistsAt(doc: Document, stage: Stage, at: Instruction, folder: string): boolean {
  if (folder === '/') return true;
  for (const { index, dir } of workdirSteps(doc, stage)) {
    if (index >= at.index) break;
    if (dir !== undefined && (dir === folder || dir.startsWith(`${folder}/`))) return true;
  }
  const info = imageInfo(stageChain(stage)[0].baseImage);
  return !!info && info.distro !== 'none' && info.shell === true && DISTRIBUTION_FOLDERS.has(folder);
}

const infoByText = new Map<string, ImageInfo | undefined>();

/** What the data knows of a FROM's image, remembered per text (the data does not change while running). */
export function imageInfo(text: string): ImageInfo | undefined {
  if (infoByText.has(text)) return infoByText.get(text);
  const ref = parseImageRef(text);
  const info = ref && describeImage(ref);
  if (infoByText.size > 1000) infoByText.clear();
  infoByText.set(text, info);
  return info;
}

/** The folder holding a path (`/usr/local/bin/app` → `/usr/local/bin`). */
export function parentFolder(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Where the file at an image path came from, as far as this Dockerfile tells. */
export type Origin =
  | { from: 'context'; instruction: Instruction; path: string | undefined }
  | { from: 'stage'; instruction: Instruction }
  | { from: 'unknown'; instruction: Instruction };

/**
 * Which COPY or ADD of the stage chain, before `at`, put what is now at `target` (absolute): `context`
 * with the context path (undefined without a view), `stage` for `COPY --from`, `unknown` when a COPY
 * with a variable may have. Undefined when none did: the file is the base image's or a RUN's.
 * Where the source may be a folder that cannot be looked into, a path below the destination counts,
 * unless `exact` (a program looked up on the PATH is far likelier a package's).
 */
export function originOf(doc: Document, at: Instruction, target: string, view: BuildContextView | undefined, exact = false): Origin | undefined {
  return originIn(doc, at.stage!, at.index, target, view, exact);
}

/** originOf for what the COPYs of `stage`'s chain before instruction `before` left at `target`. */
function originIn(doc: Document, stage: Stage, before: number, target: string, view: BuildContextView | undefined, exact: boolean): Origin | undefined {
  const copies = stageChain(stage).flatMap((s) => s.instructions).filter((i) => i.index < before && (i.keyword === 'COPY' || i.keyword === 'ADD'));
  for (const ins of copies.reverse()) {
    const args = copyArgs(doc, ins);
    if (!args || args.form === 'heredoc') continue;
    const cwd = workdirAt(doc, stage, ins);
    if (cwd === undefined || !args.dest.literal) return { from: 'unknown', instruction: ins };
    const dest = joinPath(cwd, args.dest.value);
    const intoFolder = args.dest.value.endsWith('/') || args.dest.value === '.' || args.dest.value === '..' || args.sources.length > 1;
    const under = !exact && (target === dest || target.startsWith(`${dest === '/' ? '' : dest}/`));
    for (const source of args.sources) {
      if (!source.literal) {
        if (under) return { from: 'unknown', instruction: ins };
        continue;
      }
      const landed = intoFolder ? joinPath(dest, baseName(source.value)) : dest;
      if (args.from !== undefined) {
        // a folder copied into / could hold anything: only the exact path counts there
        if (target !== landed && !(under && dest !== '/')) continue;
        const from = doc.stages.find((st) => st.name === args.from!.toLowerCase() || String(st.index) === args.from);
        if (!from || from.index >= stage.index) return { from: 'unknown', instruction: ins };
        // follow the file into the build stage: a script copied there from the context is read as such
        const inStage = target === landed ? source.value : joinPath(source.value, target.slice(dest === '/' ? 1 : dest.length + 1));
        return originIn(doc, from, Number.MAX_SAFE_INTEGER, joinPath('/', inStage), view, exact) ?? { from: 'stage', instruction: ins };
      }
      if (!view) {
        if (target === landed || under) return { from: 'context', instruction: ins, path: undefined };
        continue;
      }
      for (const picked of pickedPaths(view, source.value) ?? []) {
        if (view.list(picked) !== undefined) {
          if (!under) continue;
          const path = [picked, target.slice(dest === '/' ? 1 : dest.length + 1)].filter(Boolean).join('/');
          if (view.exists(path)) return { from: 'context', instruction: ins, path };
        } else if (target === (intoFolder ? joinPath(dest, baseName(picked)) : dest)) {
          return { from: 'context', instruction: ins, path: picked };
        }
      }
    }
  }
  return undefined;
}

/** The build-context path a COPY put at `target` before `at` runs, when it is known to be one. */
export function copiedFrom(doc: Document, at: Instruction, target: string, view: BuildContextView): { instruction: Instruction; path: string } | undefined {
  const origin = originOf(doc, at, target, view);
  return origin?.from === 'context' && origin.path !== undefined ? { instruction: origin.instruction, path: origin.path } : undefined;
}
