import type { Document, Instruction, Stage } from '../src/document.js';
import type { Pipeline } from '../src/shell/ast.js';
import type { CommandSite } from '../src/shell/commands.js';
import { Memo } from '../src/memo.js';
import { defineTransform } from '../src/transform.js';
import type { Change, TextEdit, TransformContext } from '../src/types.js';
import { finalImageRuns, readable } from './cache-scope.js';
import { indexReaders } from './cache-readers.js';
import { laterReader } from './later-readers.js';
import { hasFlag, managerSites, sitesOf, subcommandWord } from './manager-commands.js';
import { managerTransform } from './manager-transform.js';
import { manager } from './package-managers.js';

const flags = managerTransform({ id: 'apk-no-cache', description: 'apk add --no-cache', safety: 'safe', managers: ['apk'], flags: ['no-cache'], cleanup: false });
const QUIET = new Set(['-q', '--quiet', '--no-progress', '-v', '--verbose']);
/** The official alpine image ships an empty /var/cache/apk, so removing its content is a no-op there. */
const ALPINE = /^(docker\.io\/)?(library\/)?alpine(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;

/**
 * DL3019: `apk add --no-cache` fetches a fresh index and keeps nothing in /var/cache/apk. Once every
 * add has it, a plain `apk update &&` before them and `&& rm -rf /var/cache/apk/*` after them only
 * cost time, and are dropped when that provably changes nothing.
 */
export const apkNoCache = defineTransform({
  id: 'apk-no-cache',
  description: 'Add --no-cache to apk add; drop the apk update and rm -rf /var/cache/apk/* it makes useless',
  safety: 'safe',
  hadolint: flags.hadolint,
  apply(doc: Document, context): Change[] {
    return [...flags.apply(doc, context), ...finalImageRuns(doc).flatMap((ins) => redundantSteps(doc, ins, context))];
  },
});

/** Drops for one RUN whose apk commands are all `add --no-cache` or `upgrade --no-cache` (or `del`), plus `update`s. */
function redundantSteps(doc: Document, ins: Instruction, context: TransformContext): Change[] {
  const apk = manager('apk');
  const sites = managerSites(doc, ins, apk);
  const updates = sites.filter((s) => subcommandWord(s.resolved, apk, ['update']));
  const others = sites.filter((s) => !updates.includes(s));
  // `add` and `upgrade` with --no-cache each fetch a fresh index and keep nothing
  const adds = others.filter((s) => subcommandWord(s.resolved, apk, ['add', 'upgrade']) && hasFlag(s.resolved.args, ['--no-cache']));
  if (adds.length === 0 || others.some((s) => !adds.includes(s) && !subcommandWord(s.resolved, apk, ['del']))) return [];
  if (updates.length > 0) {
    if (laterReader(doc, ins, indexReaders(apk), context.buildContext)) return [];
    return updates.flatMap((u) => {
      const edit = adds.some((a) => a.resolved.command.start > u.resolved.command.end) && plainUpdate(u) ? chainDeletion(doc, u) : undefined;
      return edit ? [{ message: 'dropped apk update: apk add --no-cache fetches the index itself', instructions: [ins], edits: [edit] }] : [];
    });
  }
  if (!emptyApkCache(doc, ins)) return [];
  return sitesOf(doc, ins)
    .filter((s) => s.resolved.command.start > adds[0].resolved.command.end && removesOnlyApkCache(s))
    .flatMap((s) => {
      const edit = chainDeletion(doc, s);
      return edit ? [{ message: 'dropped rm -rf /var/cache/apk/*: with apk add --no-cache the cache stays empty', instructions: [ins], edits: [edit] }] : [];
    });
}

/** `apk update` with at most quiet/verbose options, editable. */
function plainUpdate(site: CommandSite): boolean {
  const r = site.resolved;
  return r.editable && !r.inner && r.args.every((w, i) => (i === 0 ? true : QUIET.has(w.value ?? ''))) && r.args[0]?.value === 'update';
}

/** `rm -rf /var/cache/apk/*` and nothing else (removing the directory itself would change the image). */
function removesOnlyApkCache(site: CommandSite): boolean {
  const r = site.resolved;
  if (r.name !== 'rm' || r.wrappers.length > 0 || !r.editable || r.command.redirects.length > 0) return false;
  const paths = r.args.filter((w) => !/^-[rRf]+$/.test(w.value ?? ''));
  return paths.length > 0 && paths.every((w) => w.value === '/var/cache/apk/*' && w.raw === '/var/cache/apk/*');
}

/**
 * The edit removing a command that is a whole element of an all-`&&` top-level chain (with its `&&`),
 * or undefined when it is not, or when a comment sits in the removed text.
 */
function chainDeletion(doc: Document, site: CommandSite): TextEdit | undefined {
  const top = site.top;
  if (!top || top.andOr.rest.length === 0 || top.andOr.rest.some((r) => r.op !== '&&')) return undefined;
  const pipelines: Pipeline[] = [top.andOr.first, ...top.andOr.rest.map((r) => r.pipeline)];
  const [start, end] =
    top.index === 0 ? [pipelines[0].start, pipelines[1].start] : [pipelines[top.index - 1].end, pipelines[top.index].end];
  return doc.source.slice(start, end).includes('#') ? undefined : { start, end, text: '' };
}

/**
 * True when /var/cache/apk is provably empty before this RUN: the stage chain starts from the official
 * alpine image, and no earlier instruction of the chain may have written there.
 */
function emptyApkCache(doc: Document, ins: Instruction): boolean {
  let empty = emptyBefore.get(doc);
  if (!empty) emptyBefore.set(doc, (empty = readEmptyBefore(doc)));
  return empty[ins.index] === true;
}

const emptyBefore = new Memo<Document, boolean[]>();

/** One forward pass: whether the apk cache is still empty before each instruction (a stage starts as its base ended). */
function readEmptyBefore(doc: Document): boolean[] {
  const apk = manager('apk');
  const before: boolean[] = new Array(doc.instructions.length).fill(false);
  const atEnd = new Map<Stage, boolean>();
  for (const stage of doc.stages) {
    let empty = stage.baseStage ? atEnd.get(stage.baseStage) === true : ALPINE.test(stage.baseImage);
    for (const other of stage.instructions) {
      before[other.index] = empty;
      if (!empty) continue;
      if (other.keyword === 'COPY' || other.keyword === 'ADD') empty = !/\/var\/cache|\/etc\/apk/.test(doc.source.slice(other.start, other.end));
      else if (other.keyword === 'RUN')
        empty =
          readable(doc, other) &&
          managerSites(doc, other, apk).every(
            (s) => subcommandWord(s.resolved, apk, ['del', 'info']) || (subcommandWord(s.resolved, apk, ['add', 'upgrade']) && hasFlag(s.resolved.args, ['--no-cache'])),
          );
    }
    atEnd.set(stage, empty);
  }
  return before;
}
