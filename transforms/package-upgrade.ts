import type { Document } from '../src/document.js';
import { positionalArgs } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding } from '../src/types.js';
import { finalImageRuns } from './cache-scope.js';
import { sitesOf } from './manager-commands.js';
import { managerForCommand } from './package-managers.js';

/** Subcommands that upgrade every installed package when they name none, per OS package manager. */
const UPGRADES: Record<string, readonly string[]> = {
  apt: ['upgrade', 'dist-upgrade', 'full-upgrade'],
  apk: ['upgrade'],
  yum: ['upgrade', 'update', 'distro-sync'],
  dnf: ['upgrade', 'update', 'distro-sync'],
  microdnf: ['upgrade', 'update'],
  zypper: ['update', 'up', 'dist-upgrade', 'dup', 'patch'],
};

/**
 * Upgrading every package in a layer stores each upgraded file a second time on top of the base
 * image, and what ships depends on the day of the build. A newer base tag carries the same fixes
 * once. Report-only: whether a fresh tag exists is not known offline.
 */
export const packageUpgrade = defineTransform({
  id: 'package-upgrade',
  description: 'Report apt-get upgrade, apk upgrade, dnf upgrade and the like in the final image',
  safety: 'safe',
  hadolint: ['DL3005'],
  apply: () => [],
  findings(doc: Document): ProposedFinding[] {
    const found: ProposedFinding[] = [];
    for (const ins of finalImageRuns(doc)) {
      for (const site of sitesOf(doc, ins)) {
        const m = managerForCommand(site.resolved.name);
        const subcommands = m && UPGRADES[m.id];
        if (!m || !subcommands) continue;
        const [sub, ...packages] = positionalArgs(site.resolved.args, m.optionsWithValue).map((p) => p.word.value);
        if (sub === undefined || !subcommands.includes(sub) || packages.length > 0) continue;
        found.push({
          instruction: ins,
          message: `${site.resolved.name} ${sub} upgrades every package in this layer: the upgraded files are stored again on top of the base image; build on a newer base tag (or rebuild when the base is updated) instead`,
        });
      }
    }
    return found;
  },
});
