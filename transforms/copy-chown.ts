import { copyArgs, type CopyArgs } from '../src/copy-args.js';
import { pickedPaths } from '../src/context/sources.js';
import type { Document, Instruction } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, TransformContext } from '../src/types.js';
import { readable, sitesOf } from './cache-rules.js';
import { folderExistsAt, joinPath, parentFolder, workdirAt } from './image-paths.js';

const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MODE = /^0?[0-7]{3}$/;
const QUIET_OPTIONS = new Set(['-R', '--recursive', '-v', '--verbose', '-c', '--changes', '-Rv', '-vR']);
/** Flags only BuildKit reads: a Dockerfile using one already needs BuildKit, which COPY --chmod needs too. */
const BUILDKIT_FLAGS = new Set(['mount', 'chmod', 'link', 'network', 'security', 'exclude', 'parents', 'checksum', 'keep-git-dir']);

/** A RUN made only of `chown OWNER paths` / `chmod MODE paths`, read. */
interface Permissions {
  owner: string | undefined;
  mode: string | undefined;
  /** The paths each command names (all chown commands name the same set, and all chmod ones). */
  chownPaths: Set<string>;
  chmodPaths: Set<string>;
}

/**
 * `COPY x /dst/` then `RUN chown u:g /dst/x` (or `chmod 755`) stores x twice: the RUN's layer holds a
 * full copy with the new owner or mode. `COPY --chown` / `--chmod` gives the copied files that owner or
 * mode in the COPY's own layer. Equal only when the RUN touches exactly the copied files (never a
 * folder: `chown -R` also changes the folder itself and what it held before, `--chown` does not) and
 * the COPY creates no folder (builders differ on who owns folders a COPY creates).
 */
export const copyChown = defineTransform({
  id: 'copy-chown',
  description: 'Fold a RUN chown/chmod of the files a COPY just copied into COPY --chown / --chmod (one layer instead of two copies)',
  safety: 'safe',
  apply(doc: Document, context: TransformContext): Change[] {
    const changes: Change[] = [];
    for (const { copy, run, args } of copyThenRun(doc)) {
      const fold = foldable(doc, copy, run, args, context.buildContext);
      if (typeof fold === 'string') continue;
      const flags = [fold.owner && `--chown=${fold.owner}`, fold.mode && `--chmod=${fold.mode}`].filter(Boolean).join(' ');
      const keywordEnd = copy.start + 'COPY'.length;
      changes.push({
        message: `${flags} on the COPY instead of the RUN on line ${run.line}, which stored the copied files again`,
        instructions: [copy, run],
        edits: [
          { start: keywordEnd, end: keywordEnd, text: ` ${flags}` },
          { start: doc.lineStart(run.line), end: run.endLine < doc.lineOf(doc.source.length) ? doc.lineStart(run.endLine + 1) : doc.source.length, text: '' },
        ],
      });
    }
    return changes;
  },
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const found: ProposedFinding[] = [];
    for (const { copy, run, args } of copyThenRun(doc)) {
      const why = foldable(doc, copy, run, args, context.buildContext);
      if (typeof why !== 'string') continue;
      const touched = touchedPaths(doc, run, copy, args);
      if (!touched) continue;
      found.push({ instruction: run, message: `${touched} right after the COPY on line ${copy.line} stores the copied files again in a new layer; COPY --chown/--chmod sets them in the COPY's own layer (not folded: ${why})` });
    }
    return found;
  },
});

/** Each COPY of the build context followed at once by a RUN in the same stage. */
function copyThenRun(doc: Document): { copy: Instruction; run: Instruction; args: CopyArgs }[] {
  const pairs: { copy: Instruction; run: Instruction; args: CopyArgs }[] = [];
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

/** The owner and mode to fold, or why not. */
function foldable(doc: Document, copy: Instruction, run: Instruction, args: CopyArgs, view: BuildContextView | undefined): { owner?: string; mode?: string } | string {
  const perms = permissionsOnly(doc, run);
  if (typeof perms === 'string') return perms;
  if (args.from !== undefined) return 'the files come from another stage or image, so whether they are files or folders is not known';
  if (!view) return 'without the build context, the copied paths may be folders';
  if (copy.flags.some((f) => (f.name === 'chown' && perms.owner) || (f.name === 'chmod' && perms.mode))) return 'the COPY already sets them';
  if (perms.mode && !needsBuildKit(doc)) return 'COPY --chmod needs BuildKit, and nothing in this Dockerfile does yet (add a `# syntax=` line first)';
  const landed = landedFiles(doc, copy, args, view);
  if (typeof landed === 'string') return landed;
  for (const [paths, what] of [[perms.chownPaths, 'chown'], [perms.chmodPaths, 'chmod']] as const) {
    if (paths.size && (paths.size !== landed.size || [...paths].some((p) => !landed.has(p)))) return `${what} does not name exactly the copied files`;
  }
  const stage = copy.stage!;
  const created = [...new Set([...landed].map(parentFolder))].find((folder) => !folderExistsAt(doc, stage, copy, folder));
  if (created) return `${created} may not exist yet, and the builders differ on who owns a folder COPY creates`;
  return { owner: perms.owner, mode: perms.mode };
}

/** Reads a RUN made only of chown/chmod commands on literal absolute paths; otherwise why not. */
function permissionsOnly(doc: Document, run: Instruction): Permissions | string {
  const script = doc.runBody(run).script!;
  const perms: Permissions = { owner: undefined, mode: undefined, chownPaths: new Set(), chmodPaths: new Set() };
  const sites = sitesOf(doc, run);
  if (!sites.length || script.items.some((item) => item.separator === '&')) return 'the RUN does more than chown and chmod';
  for (const site of sites) {
    const r = site.resolved;
    if (!site.top || r.wrappers.length || r.assignments.length || r.command.redirects.length || (r.name !== 'chown' && r.name !== 'chmod')) return 'the RUN does more than chown and chmod';
    const words = r.args.map((w) => w.value);
    if (words.some((w) => w === undefined)) return 'its arguments hold variables';
    const [spec, ...paths] = (words as string[]).filter((w) => !QUIET_OPTIONS.has(w));
    if ((words as string[]).some((w) => w.startsWith('-') && !QUIET_OPTIONS.has(w))) return `${r.name} has an option COPY has no equal for`;
    if (!paths.length || paths.some((p) => !p.startsWith('/') || /[*?[]/.test(p))) return 'its paths are not plain absolute paths';
    const target = r.name === 'chown' ? perms.chownPaths : perms.chmodPaths;
    if (r.name === 'chown') {
      if (!OWNER.test(spec)) return 'chown without an explicit user:group (COPY --chown=user alone sets another group)';
      if (perms.owner !== undefined && perms.owner !== spec) return 'two owners';
      perms.owner = spec;
    } else {
      if (!MODE.test(spec)) return 'chmod with a symbolic mode (COPY --chmod sets whole modes)';
      if (perms.mode !== undefined && perms.mode !== spec) return 'two modes';
      perms.mode = spec;
    }
    if (target.size && (target.size !== paths.length || paths.some((p) => !target.has(p)))) return `the ${r.name} commands name different paths`;
    for (const p of paths) target.add(p.replace(/\/+$/, ''));
  }
  return perms;
}

/** Where the files the COPY copies land in the image; why that is not known when a source is a folder or missing. */
function landedFiles(doc: Document, copy: Instruction, args: CopyArgs, view: BuildContextView): Set<string> | string {
  const cwd = workdirAt(doc, copy.stage!, copy);
  const dest = args.dest.value;
  if (cwd === undefined || !args.dest.literal) return 'the destination holds a variable';
  const files: string[] = [];
  for (const source of args.sources) {
    const picked = source.literal ? pickedPaths(view, source.value) : undefined;
    if (!picked?.length) return `${source.value} is not in the build context`;
    for (const p of picked) {
      if (view.list(p) !== undefined) return `${source.value} is a folder: chown -R also changes the folder it lands in and what that held before, COPY --chown does not`;
      files.push(p);
    }
  }
  const intoFolder = dest.endsWith('/') || args.sources.length > 1 || /[*?[]/.test(args.sources[0].value);
  if (!intoFolder && files.length === 1) return new Set([joinPath(cwd, dest)]);
  if (!dest.endsWith('/') && !(dest === '.' || dest === '..')) return 'the destination folder is not written with a trailing /';
  return new Set(files.map((f) => joinPath(joinPath(cwd, dest), baseName(f))));
}

/** True when the file already needs BuildKit: a `# syntax=` line, a BuildKit-only flag, or a heredoc. */
function needsBuildKit(doc: Document): boolean {
  return doc.directives.some((d) => d.name.toLowerCase() === 'syntax') || doc.instructions.some((i) => i.heredocs.length > 0 || i.flags.some((f) => BUILDKIT_FLAGS.has(f.name)));
}

/** `chown -R app:app /app` when the RUN changes owners or modes at or below where the COPY put files; else undefined. */
function touchedPaths(doc: Document, run: Instruction, copy: Instruction, args: CopyArgs): string | undefined {
  const cwd = workdirAt(doc, copy.stage!, copy);
  if (cwd === undefined || !args.dest.literal) return undefined;
  const dest = joinPath(cwd, args.dest.value);
  for (const site of sitesOf(doc, run)) {
    const r = site.resolved;
    if (r.name !== 'chown' && r.name !== 'chmod') continue;
    const paths = r.args.map((w) => w.value).filter((w): w is string => w !== undefined && !w.startsWith('-')).slice(1);
    const runCwd = workdirAt(doc, copy.stage!, run) ?? '/';
    if (paths.some((p) => { const abs = joinPath(runCwd, p); return abs === dest || abs.startsWith(`${dest === '/' ? '' : dest}/`); })) {
      return `${r.name} ${r.args.map((w) => w.raw).join(' ')}`;
    }
  }
  return undefined;
}
