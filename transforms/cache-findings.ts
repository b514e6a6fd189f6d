/**
 * What the cache transforms report instead of rewriting: a RUN in a shipping stage that leaves a
 * package cache in its layer, and why the cleanup was not added.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import type { ProposedFinding } from '../src/types.js';
import { finalImageShellRuns } from './cache-scope.js';
import type { Placement } from './cleanup-placement.js';
import { managerForCommand, type PackageManager } from './package-managers.js';

/** A cleanup a RUN is due: the command, and the command names it serves. */
export interface DueCleanup {
  command: string;
  names: string;
}

/** What a RUN is due: the cleanup placed (or why it could not be), and cleanups held back with why. */
export interface CleanupPlan {
  placed: { due: DueCleanup; placement: Placement } | undefined;
  held: { due: DueCleanup; blocker: string }[];
}

/**
 * RUNs that ship a cache of `managers` this transform cannot clean: one whose cleanup could not be
 * placed or was held back (with the reason), or an exec-form install.
 */
export function cacheLeftBehind(doc: Document, managers: readonly PackageManager[], planFor: (ins: Instruction) => CleanupPlan | undefined): ProposedFinding[] {
  const found: ProposedFinding[] = [];
  for (const stage of doc.stages) {
    if (!stage.inFinalImage) continue;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const argv = doc.runBody(ins).argv;
      if (!argv) continue;
      const m = managerForCommand(baseName(argv[0] ?? ''));
      if (m && m.cleanup && managers.includes(m) && argv.slice(1).some((a) => m.installs.includes(a))) {
        found.push({ instruction: ins, message: `${argv[0]} ${argv.slice(1).join(' ')}: the package cache stays in this layer; in shell form, its cleanup could be appended` });
      }
    }
  }
  for (const ins of finalImageShellRuns(doc)) {
    const plan = planFor(ins);
    if (!plan) continue;
    const placement = plan.placed?.placement;
    const left = [...plan.held, ...(plan.placed && placement && 'blocker' in placement ? [{ due: plan.placed.due, blocker: placement.blocker }] : [])];
    for (const { due, blocker } of left) {
      found.push({ instruction: ins, message: `${due.names}: the package cache stays in this layer; \`${due.command}\` was not appended because ${blocker}` });
    }
  }
  return found.sort((a, b) => a.instruction.index - b.instruction.index);
}
