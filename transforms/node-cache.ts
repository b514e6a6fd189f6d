import type { Document, Instruction } from '../src/document.js';
import type { TransformContext } from '../src/types.js';
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
 * a .yarnrc.yml, `packageManager: yarn@2+`) leaves yarn alone.
 */
function yarnBerryEvidence(doc: Document, ins: Instruction, context: TransformContext): boolean {
  const yarn = manager('yarn');
  for (const other of doc.instructions) {
    if (other.index > ins.index) break;
    if (other.keyword === 'COPY' || other.keyword === 'ADD') {
      if (doc.source.slice(other.start, other.end).includes('.yarnrc.yml')) return true;
      continue;
    }
    if (other.keyword === 'RUN' && sitesOf(doc, other).some((s) => s.resolved.name === 'corepack' || berryCommand(s.resolved, yarn))) return true;
  }
  const build = context.buildContext;
  if (!build) return false;
  if (build.exists('.yarnrc.yml')) return true;
  const version = /"packageManager"\s*:\s*"yarn@(\d+)/.exec(build.read('package.json') ?? '');
  return version !== null && Number(version[1]) >= 2;
}

function berryCommand(resolved: Parameters<typeof subcommandWord>[0], yarn: PackageManager): boolean {
  if (!yarn.commands.includes(resolved.name)) return false;
  return subcommandWord(resolved, yarn, ['set version', 'dlx', 'workspaces focus']) !== undefined || hasFlag(resolved.args, ['--immutable', '--immutable-cache']);
}

