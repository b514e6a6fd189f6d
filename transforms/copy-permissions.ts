/**
 * Folding a `RUN chown` / `chmod` that follows a COPY into `COPY --chown` / `--chmod`: which pairs
 * qualify, and the change. Read by `copy-chown` (the cases proven equal) and `copy-chown-unproven`
 * (copied folders, and --chmod where nothing yet requires BuildKit). A helper of the transforms,
 * not a transform itself.
 */
import { copyArgs, type CopyArgs } from '../src/copy-args.js';
import { pickedPaths } from '../src/context/sources.js';
import type { Document, Instruction } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import type { BuildContextView, Change } from '../src/types.js';
import { readable } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { joinPath, workdirAt } from './context-paths.js';
import { folderExistsAt, parentFolder } from './image-paths.js';
import { stageChain } from './stage-programs.js';

const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MODE = /^0?[0-7]{3}$/;
const RECURSIVE = new Set(['-R', '--recursive', '-Rv', '-vR', '-Rc', '-cR']);
const QUIET_OPTIONS = new Set([...RECURSIVE, '-v', '--verbose', '-c', '--changes']);
/** Flags only BuildKit reads: a Dockerfile using one already needs BuildKit, which COPY --chmod needs too. */
const BUILDKIT_FLAGS = new Set(['mount', 'chmod', 'link', 'network', 'security', 'exclude', 'parents', 'checksum', 'keep-git-dir']);

/** `proven`: only what is equal for certain; `unproven`: also copied folders and --chmod without BuildKit. */
export type FoldScope = 'proven' | 'unproven';

/** A COPY of the build context and the RUN right after it that runs chown or chmod. */
export interface CopyThenRun {
  copy: Instruction;
  run: Instruction;
  args: CopyArgs;
}

/** One family of commands of the RUN: what they set and which paths, all of them recursive or not. */
interface Setting {
  value: string;
  paths: Set<string>;
  recursive: boolean;
}

/** Each COPY followed at once, in its stage, by a RUN that runs chown or chmod. */
export function copyThenRun(doc: Document): CopyThenRun[] {
  const pairs: CopyThenRun[] = [];
  for (const copy of doc.instructions) {
    if (copy.keyword !== 'COPY') continue;
    const run = doc.nextInStage(copy);
    if (run?.keyword !== 'RUN' || !readable(doc, run) || !sitesOf(doc, run).some((s) => s.resolved.name === 'chown' || s.resolved.name === 'chmod')) continue;
    const args = copyArgs(doc, copy);
    if (!args || args.form === 'heredoc') continue;
    pairs.push({ copy, run, args });
  }
  return pairs;
}

/** The owner and mode to fold into the COPY, or why not. */
export function foldable(doc: Document, pair: CopyThenRun, view: BuildContextView | undefined, scope: FoldScope): { owner?: string; mode?: string } | string {
  const { copy, run, args } = pair;
  const settings = permissionsOnly(doc, run);
  if (typeof settings === 'string') return settings;
  const { chown, chmod } = settings;
  if (args.from !== undefined) return 'the files come from another stage or image, so whether they are files or folders is not known';
  if (!view) return 'without the build context, the copied paths may be folders';
  if (copy.flags.some((f) => (f.name === 'chown' && chown) || (f.name === 'chmod' && chmod))) return 'the COPY already sets them';
  if (chmod && scope === 'proven' && !needsBuildKit(doc)) return 'COPY --chmod needs BuildKit, and nothing in this Dockerfile does yet (add a `# syntax=` line first)';
  const targets = copiedTargets(doc, copy, args, view, scope);
  if (typeof targets === 'string') return targets;
  for (const [setting, what] of [[chown, 'chown'], [chmod, 'chmod']] as const) {
    if (!setting) continue;
    if (setting.paths.size !== targets.size || [...setting.paths].some((p) => !targets.has(p))) return `${what} does not name exactly what the COPY copied`;
    if ([...targets.values()].includes('folder') && !setting.recursive) return `${what} without -R changes the folder alone, not what the COPY put in it`;
  }
  const stage = copy.stage!;
  const created = [...new Set([...targets.keys()].map(parentFolder))].find((folder) => !folderExistsAt(doc, stage, copy, folder));
  if (created) return `${created} may not exist yet, and the builders differ on who owns a folder COPY creates`;
  const filled = [...targets].find(([path, kind]) => kind === 'folder' && filledBefore(doc, copy, path, true));
  if (filled) return `an earlier step put files in ${filled[0]}: chown -R / chmod -R changed them too, COPY --chown / --chmod would not`;
  return { owner: chown?.value, mode: chmod?.value };
}

/** The change: the flags after COPY, and the RUN's lines removed. */
export function foldChange(doc: Document, pair: CopyThenRun, fold: { owner?: string; mode?: string }): Change {
  const { copy, run } = pair;
  const flags = [fold.owner && `--chown=${fold.owner}`, fold.mode && `--chmod=${fold.mode}`].filter(Boolean).join(' ');
  const keywordEnd = copy.start + 'COPY'.length;
  const runEnd = run.endLine < doc.lineOf(doc.source.length) ? doc.lineStart(run.endLine + 1) : doc.source.length;
  return {
    message: `${flags} on the COPY instead of the RUN on line ${run.line}, which stored the copied files again`,
    instructions: [copy, run],
    edits: [
      { start: keywordEnd, end: keywordEnd, text: ` ${flags}` },
      { start: doc.lineStart(run.line), end: runEnd, text: '' },
    ],
  };
}

/** Reads a RUN made only of chown/chmod commands on literal absolute paths; otherwise why not. */
function permissionsOnly(doc: Document, run: Instruction): { chown?: Setting; chmod?: Setting } | string {
  const script = doc.runBody(run).script!;
  const found: { chown?: Setting; chmod?: Setting } = {};
  if (script.items.some((item) => item.separator === '&')) return 'the RUN does more than chown and chmod';
  for (const site of sitesOf(doc, run)) {
    const r = site.resolved;
    if (!site.top || r.wrappers.length || r.assignments.length || r.command.redirects.length || (r.name !== 'chown' && r.name !== 'chmod')) return 'the RUN does more than chown and chmod';
    const words = r.args.map((w) => w.value);
    if (words.some((w) => w === undefined)) return 'its arguments hold variables';
    const options = (words as string[]).filter((w) => w.startsWith('-'));
    if (options.some((o) => !QUIET_OPTIONS.has(o))) return `${r.name} has an option COPY has no equal for`;
    const [value, ...paths] = (words as string[]).filter((w) => !w.startsWith('-'));
    if (!paths.length || paths.some((p) => !p.startsWith('/') || /[*?[]/.test(p))) return 'its paths are not plain absolute paths';
    if (r.name === 'chown' && !OWNER.test(value)) return 'chown without an explicit user:group (COPY --chown=user alone sets another group)';
    if (r.name === 'chmod' && !MODE.test(value)) return 'chmod with a symbolic mode (COPY --chmod sets whole modes)';
    const setting: Setting = { value, paths: new Set(paths.map((p) => p.replace(/\/+$/, '') || '/')), recursive: options.some((o) => RECURSIVE.has(o)) };
    const before = found[r.name];
    if (before && (before.value !== value || before.recursive !== setting.recursive || before.paths.size !== setting.paths.size || [...setting.paths].some((p) => !before.paths.has(p)))) {
      return `two ${r.name} commands that differ`;
    }
    found[r.name] = setting;
  }
  return found;
}

/**
 * What the COPY puts in the image, as the RUN would name it: each copied file's path, and (unproven
 * scope only) the destination folder that a copied folder's content lands in; undefined-free map of
 * path → file or folder, without paths inside another of them.
 */
function copiedTargets(doc: Document, copy: Instruction, args: CopyArgs, view: BuildContextView, scope: FoldScope): Map<string, 'file' | 'folder'> | string {
  const cwd = workdirAt(doc, copy.stage!, copy);
  const dest = args.dest.value;
  if (cwd === undefined || !args.dest.literal) return 'the destination holds a variable';
  const destPath = joinPath(cwd, dest);
  let intoFolder = dest.endsWith('/') || dest === '.' || dest === '..' || args.sources.length > 1 || /[*?[]/.test(args.sources[0].value);
  // a destination written without a slash that is a folder already: the file lands inside it
  if (!intoFolder && folderExistsAt(doc, copy.stage!, copy, destPath)) intoFolder = true;
  else if (!intoFolder && filledBefore(doc, copy, destPath, false)) return `${destPath} may be a folder an earlier step made, which the file would land in`;
  const targets = new Map<string, 'file' | 'folder'>();
  for (const source of args.sources) {
    const picked = source.literal ? pickedPaths(view, source.value) : undefined;
    if (!picked?.length) return `${source.value} is not in the build context`;
    for (const p of picked) {
      if (view.list(p) !== undefined) {
        if (scope === 'proven') return `${source.value} is a folder: chown -R also changes the folder it lands in and what that held before, COPY --chown does not`;
        targets.set(destPath, 'folder');
      } else if (intoFolder) {
        targets.set(joinPath(destPath, baseName(p)), 'file');
      } else {
        targets.set(destPath, 'file');
      }
    }
  }
  if (!intoFolder && targets.size > 1) return 'the destination is not written as a folder';
  for (const path of [...targets.keys()]) {
    if ([...targets.keys()].some((other) => other !== path && path.startsWith(`${other === '/' ? '' : other}/`))) targets.delete(path);
  }
  return targets;
}

/**
 * True when an earlier instruction of the stage chain may have put files in `folder` (or made it): a
 * COPY or ADD into it (or into a folder above it), or a RUN that names it or works inside it; with
 * `variables`, also a RUN whose words hold a variable (it may name it).
 */
function filledBefore(doc: Document, copy: Instruction, folder: string, variables: boolean): boolean {
  const stage = copy.stage!;
  const inside = (path: string) => path === folder || path.startsWith(`${folder}/`);
  const above = (path: string) => folder.startsWith(`${path === '/' ? '' : path}/`);
  for (const ins of stageChain(stage).flatMap((s) => s.instructions)) {
    if (ins.index >= copy.index) break;
    const cwd = workdirAt(doc, ins.stage!, ins);
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const args = copyArgs(doc, ins);
      if (!args || cwd === undefined || !args.dest.literal || args.form === 'heredoc') return true;
      const dest = joinPath(cwd, args.dest.value);
      if (inside(dest) || above(dest)) return true;
    } else if (ins.keyword === 'RUN') {
      if (cwd === undefined || inside(cwd)) return true;
      const text = doc.source.slice(ins.argsStart, ins.argsEnd);
      if (text.includes(folder) || (variables && text.includes('$'))) return true;
    }
  }
  return false;
}

/** True when the file already needs BuildKit: a `# syntax=` line, a BuildKit-only flag, or a heredoc. */
function needsBuildKit(doc: Document): boolean {
  return doc.directives.some((d) => d.name.toLowerCase() === 'syntax') || doc.instructions.some((i) => i.heredocs.length > 0 || i.flags.some((f) => BUILDKIT_FLAGS.has(f.name)));
}

/** `chown -R app:app /app` when the RUN changes owners or modes at or below where the COPY put files; else undefined. */
export function touchedPaths(doc: Document, pair: CopyThenRun): string | undefined {
  const { copy, run, args } = pair;
  const cwd = workdirAt(doc, copy.stage!, copy);
  if (cwd === undefined || !args.dest.literal) return undefined;
  const dest = joinPath(cwd, args.dest.value);
  const runCwd = workdirAt(doc, copy.stage!, run) ?? '/';
  for (const site of sitesOf(doc, run)) {
    const r = site.resolved;
    if (r.name !== 'chown' && r.name !== 'chmod') continue;
    const paths = r.args.map((w) => w.value).filter((w): w is string => w !== undefined && !w.startsWith('-')).slice(1);
    const inside = (p: string) => {
      const abs = joinPath(runCwd, p);
      return abs === dest || abs.startsWith(`${dest === '/' ? '' : dest}/`);
    };
    if (paths.some(inside)) return `${r.name} ${r.args.map((w) => w.raw).join(' ')}`;
  }
  return undefined;
}
