import type { Document, Instruction } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { ResolvedCommand } from '../src/shell/commands.js';
import type { BuildContextView, TransformContext } from '../src/types.js';
import { hasFlag, sitesOf, subcommandWord } from './manager-commands.js';
import { managerTransform } from './manager-transform.js';
import { manager, type PackageManager } from './package-managers.js';

/** npm, yarn (classic) and pnpm keep every tarball they download; their own clean command empties that cache. */
export const nodeCache = managerTransform({
  id: 'node-cache',
  description: 'Append npm cache clean --force, yarn cache clean or pnpm store prune to the RUN that installs',
  safety: 'safe',
  managers: ['npm', 'yarn', 'pnpm'],
  flags: [],
  cleanup: true,
  skip: (doc, ins, m, context) => m.id === 'yarn' && yarnBerryEvidence(doc, ins, context),
});

/**
 * Yarn 2+ may keep its cache inside the project (zero-installs, Plug'n'Play): `yarn cache clean` would
 * delete packages the app runs from. Any sign of Yarn 2+ (corepack, `yarn set version`, `--immutable`,
 * a .yarnrc.yml, `packageManager: yarn@2+`) up to this RUN, anywhere in the file, leaves yarn alone.
 */
function yarnBerryEvidence(doc: Document, ins: Instruction, context: TransformContext): boolean {
  const evidence = evidenceOf(doc, context.buildContext);
  if (evidence.inContext) return true;
  // the file is read up to the RUN asked about, once: later questions go on from there
  while (evidence.firstIndex === Infinity && evidence.readUpTo <= ins.index) {
    const other = doc.instructions[evidence.readUpTo++];
    if (berryInstruction(doc, other)) evidence.firstIndex = other.index;
  }
  return evidence.firstIndex <= ins.index;
}

interface Evidence {
  context: BuildContextView | undefined;
  /** The first instruction showing Yarn 2+, once found. */
  firstIndex: number;
  /** Instructions before this index have been read. */
  readUpTo: number;
  inContext: boolean;
}

const evidenceCache = new Memo<Document, Evidence>();

function evidenceOf(doc: Document, context: BuildContextView | undefined): Evidence {
  let found = evidenceCache.get(doc);
  if (!found || found.context !== context) {
    found = { context, firstIndex: Infinity, readUpTo: 0, inContext: context !== undefined && berryContext(context) };
    evidenceCache.set(doc, found);
  }
  return found;
}

function berryInstruction(doc: Document, ins: Instruction): boolean {
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') return doc.source.slice(ins.start, ins.end).includes('.yarnrc.yml');
  if (ins.keyword !== 'RUN') return false;
  const yarn = manager('yarn');
  return sitesOf(doc, ins).some((s) => s.resolved.name === 'corepack' || berryCommand(s.resolved, yarn));
}

function berryContext(build: BuildContextView): boolean {
  if (build.exists('.yarnrc.yml')) return true;
  const version = /"packageManager"\s*:\s*"yarn@(\d+)/.exec(build.read('package.json') ?? '');
  return version !== null && Number(version[1]) >= 2;
}

function berryCommand(resolved: ResolvedCommand, yarn: PackageManager): boolean {
  if (!yarn.commands.includes(resolved.name)) return false;
  return subcommandWord(resolved, yarn, ['set version', 'dlx', 'workspaces focus']) !== undefined || hasFlag(resolved.args, ['--immutable', '--immutable-cache']);
}
