import type { Document, Instruction } from '../src/document.js';
import { joinPlan } from '../src/join.js';
import { joinRuns } from '../src/layout.js';
import type { CommandSite } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';
import { downloadedArchives } from './archive-cleanup.js';
import { canAppendRun, finalImageRuns } from './cache-scope.js';
import { cleanupChain, cleanupOf, isInstall, managerSites } from './manager-commands.js';

/**
 * Files deleted in a later layer still ship in the layer that wrote them. A RUN that only cleans
 * (package caches, or archives the previous RUN downloaded) is merged into the RUN right before it.
 */
export const cleanupLayer = defineTransform({
  id: 'cleanup-layer',
  description: 'Merge a RUN that only cleans caches into the RUN before it that filled them',
  safety: 'safe',
  hadolint: ['DL3059'],
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const second of finalImageRuns(doc)) {
      const first = doc.previousInStage(second);
      if (!first || !canAppendRun(doc, first, second)) continue;
      const chain = cleanupChain(doc, second);
      if (!chain || !chain.every((site) => cleansWhatFirstMade(doc, first, site))) continue;
      // the cleanup must not see a cd or export of the first RUN
      const plan = joinPlan(doc, first, { preceded: false, followed: true, isolate: true });
      const last = joinPlan(doc, second, { preceded: true, followed: false, isolate: true });
      if (plan.refusal !== undefined || last.refusal !== undefined) continue;
      const message = `merged the cleanup on line ${second.line} into the RUN on line ${first.line}: a file deleted in a later layer still ships`;
      const change = joinRuns(doc, first, second, { first: plan.wrap, second: last.wrap }, message);
      if (change) changes.push(change);
    }
    return changes;
  },
});

/** True when the command cleans a cache the first RUN filled, or removes only archives it downloaded. */
function cleansWhatFirstMade(doc: Document, first: Instruction, site: CommandSite): boolean {
  const m = cleanupOf(site);
  if (m) return managerSites(doc, first, m).some((s) => isInstall(s, m));
  const r = site.resolved;
  if (r.name !== 'rm' || r.wrappers.length > 0) return false;
  const paths = r.args.filter((w) => !w.value?.startsWith('-'));
  const archives = new Set(downloadedArchives(doc, first).map((a) => a.name));
  return paths.length > 0 && paths.every((w) => w.value !== undefined && archives.has(w.value));
}
