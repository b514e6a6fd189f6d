/**
 * Who reads a path later: what a RUN leaves behind is garbage only when no later instruction of its
 * stage, nor of a stage built FROM it, needs it.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { baseName } from '../src/shell/commands.js';
import { hasFlag, managerSites, subcommandWord } from './manager-commands.js';
import type { PackageManager } from './package-managers.js';

/** The stages whose build starts from `stage`'s result: itself and every stage built FROM it, transitively. */
export function derivedStages(doc: Document, stage: Stage): Stage[] {
  return doc.stages.filter((s) => {
    for (let t: Stage | undefined = s; t; t = t.baseStage) if (t === stage) return true;
    return false;
  });
}

/**
 * True when a later RUN (of this stage or one built FROM it) reads `m`'s index without refreshing it
 * first: cleaning the index here would break that RUN. A later RUN we cannot read counts as reading it.
 */
export function laterIndexReader(doc: Document, ins: Instruction, m: PackageManager): boolean {
  const index = m.index;
  if (!index || !ins.stage) return false;
  const stages = new Set(derivedStages(doc, ins.stage));
  return doc.instructions.some((later) => {
    if (later.index <= ins.index || later.keyword !== 'RUN' || !stages.has(later.stage!)) return false;
    const body = doc.runBody(later);
    if (body.form === 'exec') return m.commands.includes(baseName(body.argv?.[0] ?? ''));
    if (!body.script || body.hasHeredoc) return true;
    let refreshed = false;
    for (const site of managerSites(doc, later, m)) {
      if (subcommandWord(site.resolved, m, index.refresh)) refreshed = true;
      else if (!refreshed && !subcommandWord(site.resolved, m, index.harmless) && !hasFlag(site.resolved.args, index.selfSufficient)) return true;
    }
    return false;
  });
}
