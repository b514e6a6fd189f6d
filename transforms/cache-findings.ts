/**
 * What the cache transforms report instead of rewriting: a RUN in a shipping stage that leaves a
 * package cache in its layer, and why the cleanup was not added.
 */
import type { Document, Instruction } from '../src/document.js';
import { appendBlocker } from '../src/layout.js';
import { baseName } from '../src/shell/commands.js';
import type { ProposedFinding } from '../src/types.js';
import { readable } from './cache-scope.js';
import { managerSites } from './manager-commands.js';
import { managerForCommand, type PackageManager } from './package-managers.js';

/** A cleanup a RUN is due: the command to append, and the command names it serves. */
export interface DueCleanup {
  command: string;
  names: string;
  /** Why it cannot be appended, when that is known before looking at the RUN's layout. */
  blocker?: string;
}

/**
 * RUNs that ship a cache of `managers` this transform cannot clean: a shell-form RUN the cleanup
 * cannot be appended to safely (with the reason), or an exec-form install.
 */
export function cacheLeftBehind(doc: Document, managers: readonly PackageManager[], dueIn: (ins: Instruction) => DueCleanup | undefined): ProposedFinding[] {
  const found: ProposedFinding[] = [];
  for (const stage of doc.stages) {
    if (!stage.inFinalImage) continue;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const body = doc.runBody(ins);
      if (body.form === 'exec') {
        const argv = body.argv ?? [];
        const m = managerForCommand(baseName(argv[0] ?? ''));
        if (m && m.cleanup && managers.includes(m) && argv.slice(1).some((a) => m.installs.includes(a))) {
          found.push({ instruction: ins, message: `${argv[0]} ${argv.slice(1).join(' ')}: the package cache stays in this layer; in shell form, its cleanup could be appended` });
        }
        continue;
      }
      if (!readable(doc, ins) || !managers.some((m) => managerSites(doc, ins, m).length > 0)) continue;
      const due = dueIn(ins);
      const blocker = due ? due.blocker ?? appendBlocker(doc, ins) : undefined;
      if (due && blocker) found.push({ instruction: ins, message: `${due.names}: the package cache stays in this layer; \`${due.command}\` was not appended because ${blocker}` });
    }
  }
  return found;
}
