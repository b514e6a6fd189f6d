import type { Document, Instruction } from '../src/document.js';
import { joinPlan } from '../src/join.js';
import { joinRuns } from '../src/layout.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';
import { canAppendRun, finalImageRuns } from './cache-scope.js';
import { isInstall, managerSites, sitesOf, subcommandWord } from './manager-commands.js';
import { manager } from './package-managers.js';

/**
 * A RUN holding only `apt-get update` ships the lists in its own layer, where no later cleanup can reach
 * them: it is joined with the RUN right after it that installs, so apt-lists can clean them there.
 */
export const aptUpdateJoin = defineTransform({
  id: 'apt-update-join',
  description: 'Join a RUN holding only apt-get update with the RUN that installs right after it',
  safety: 'safe',
  hadolint: ['DL3059'],
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const ins of finalImageRuns(doc)) {
      const next = doc.nextInStage(ins);
      if (!next || !joinsNext(doc, ins, next)) continue;
      const message = `joined the apt-get update on line ${ins.line} with the install on line ${next.line}: the lists it downloads can be removed in one layer`;
      // `apt-get update && a || b` would run b when the update fails: such bodies are grouped
      const first = joinPlan(doc, ins, { preceded: false, followed: true, isolate: true });
      const second = joinPlan(doc, next, { preceded: true, followed: false, isolate: true });
      if (first.refusal !== undefined || second.refusal !== undefined) continue;
      const change = joinRuns(doc, ins, next, { first: first.wrap, second: second.wrap }, message);
      if (change) changes.push(change);
    }
    return changes;
  },
});

/** True when `ins` holds only `apt-get update` and `next` (right after it) installs with apt: they are joined. */
export function joinsNext(doc: Document, ins: Instruction, next: Instruction): boolean {
  return updateOnly(doc, ins) && canAppendRun(doc, ins, next) && installsWithApt(doc, next);
}

/** True when the RUN is one `apt-get update` (with options) and nothing else. */
function updateOnly(doc: Document, ins: Instruction): boolean {
  const apt = manager('apt');
  const sites = sitesOf(doc, ins);
  if (sites.length !== 1 || !sites[0].top || sites[0].top.andOr.rest.length > 0) return false;
  const r = sites[0].resolved;
  const positional = r.args.filter((w) => !w.value?.startsWith('-'));
  return positional.length === 1 && subcommandWord(r, apt, ['update']) !== undefined && !r.inner;
}

function installsWithApt(doc: Document, ins: Instruction): boolean {
  const apt = manager('apt');
  return managerSites(doc, ins, apt).some((s) => isInstall(s, apt) && !subcommandWord(s.resolved, apt, ['update']));
}
