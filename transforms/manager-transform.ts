/**
 * The factory behind most cache transforms: the package-manager table drives two rewrites, an
 * option inserted after an install's subcommand, and the manager's clean command added to the
 * RUN that filled the cache. A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { CommandSite } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { BuildContextView, Change, ProposedFinding, Safety, Transform, TransformContext } from '../src/types.js';
import { cacheLeftBehind, type CleanupPlan, type DueCleanup } from './cache-findings.js';
import { cacheMounted } from './cache-mounts.js';
import { cacheReaders, indexReaders } from './cache-readers.js';
import { canAppendRun, finalImageShellRuns, setInStage } from './cache-scope.js';
import { placeCleanup, privilegePrefix } from './cleanup-placement.js';
import { readsOf } from './instruction-reads.js';
import { laterReader, type ReaderQuestion } from './later-readers.js';
import { assignsAny, cleanedAfter, cleanupChain, cleanupOf, downloadingInstalls, hasFlag, isInstall, managerSites, sitesOf, subcommandWord } from './manager-commands.js';
import { manager, type FlagPurpose, type FlagRule, type PackageManager } from './package-managers.js';

export interface ManagerTransformOptions {
  id: string;
  description: string;
  safety: Safety;
  risk?: string;
  /** Table ids of the managers handled. */
  managers: string[];
  /** Options every install of those managers must carry. */
  flags: FlagPurpose[];
  /** Append the managers' clean commands. */
  cleanup: boolean;
  /** Managers to leave alone in a RUN (evidence the clean command would do harm). */
  skip?: (doc: Document, ins: Instruction, m: PackageManager, context: TransformContext) => boolean;
}

/** A transform driven by the table: flags on installs and/or the clean command, for the chosen managers. */
export function managerTransform(options: ManagerTransformOptions): Transform {
  const managers = options.managers.map(manager);
  const rules = new Map(managers.map((m) => [m, m.flags.filter((f) => options.flags.includes(f.purpose))]));
  const hadolint = [
    ...new Set(managers.flatMap((m) => [...rules.get(m)!.flatMap((r) => (r.hadolint ? [r.hadolint] : [])), ...(options.cleanup ? m.hadolint : [])])),
  ];
  // the last pass and the findings ask the same document: work it out once
  const plans = new Memo<Document, Map<number, CleanupPlan | null>>();
  const plansOf = (doc: Document) => {
    let perDoc = plans.get(doc);
    if (!perDoc) plans.set(doc, (perDoc = new Map()));
    return perDoc;
  };
  const planFor = (perDoc: Map<number, CleanupPlan | null>, doc: Document, ins: Instruction, context: TransformContext): CleanupPlan | undefined => {
    let plan = perDoc.get(ins.index);
    if (plan === undefined) {
      const skip = options.skip;
      const present = managers.some((m) => managerSites(doc, ins, m).length > 0);
      plan = (present && cleanupPlan(doc, ins, managers, context.buildContext, skip ? (m) => skip(doc, ins, m, context) : undefined)) || null;
      perDoc.set(ins.index, plan);
    }
    return plan ?? undefined;
  };
  return defineTransform({
    id: options.id,
    description: options.description,
    safety: options.safety,
    risk: options.risk,
    hadolint,
    apply(doc: Document, context: TransformContext): Change[] {
      const changes: Change[] = [];
      const perDoc = plansOf(doc);
      for (const ins of finalImageShellRuns(doc)) {
        let present: PackageManager[] | undefined;
        for (const m of managers) if (managerSites(doc, ins, m).length > 0) (present ??= []).push(m);
        if (!present) continue;
        for (const m of present) {
          const due = rules.get(m)!;
          if (due.length > 0) changes.push(...flagChanges(doc, ins, m, due, context.buildContext));
        }
        if (!options.cleanup) continue;
        const placement = planFor(perDoc, doc, ins, context)?.placed?.placement;
        if (placement && 'change' in placement) changes.push(placement.change);
      }
      return changes;
    },
    findings(doc: Document, context: TransformContext): ProposedFinding[] {
      if (!options.cleanup) return [];
      const perDoc = plansOf(doc);
      return cacheLeftBehind(doc, managers, (ins) => planFor(perDoc, doc, ins, context));
    },
  });
}

/**
 * Flag insertions for one RUN: each install of `m` lacking a rule's option gets it after its
 * subcommand. A no-cache option is left out where the cache is off already, or read later (in this
 * RUN after the install, or by a later instruction).
 */
function flagChanges(doc: Document, ins: Instruction, m: PackageManager, rules: readonly FlagRule[], context: BuildContextView | undefined): Change[] {
  const changes: Change[] = [];
  for (const site of managerSites(doc, ins, m)) {
    const r = site.resolved;
    if (!r.editable) continue;
    const sub = subcommandWord(r, m, downloadingInstalls(m));
    if (!sub) continue;
    for (const rule of rules) {
      if (hasFlag(r.args, rule.present)) continue;
      if (rule.purpose === 'no-cache' && (assignsAny(r, m.noCacheEnv ?? []) || cacheKept(doc, ins, m, site, context))) continue;
      const at = rule.at === 'command' ? r.nameWord.end : sub.end;
      const shown = `${r.name} ${sub === r.nameWord ? '' : `${sub.value} `}`.trimEnd();
      changes.push({
        message: `${shown}: add ${rule.insert} (${FLAG_REASONS[rule.purpose]})`,
        instructions: [ins],
        edits: [{ start: at, end: at, text: ` ${rule.insert}` }],
      });
    }
  }
  return changes;
}

const FLAG_REASONS: Record<FlagPurpose, string> = {
  'assume-yes': 'a build cannot answer a prompt',
  'no-cache': 'the download cache would ship in the layer',
  'no-docs': 'generated documentation would ship in the layer',
  'no-recommends': 'recommended packages are not needed to run',
};

/** True when a no-cache option on `site` is not wanted: the cache is off already, or something after it reads the cache. */
function cacheKept(doc: Document, ins: Instruction, m: PackageManager, site: CommandSite, context: BuildContextView | undefined): boolean {
  if (cacheMounted(ins, m) || m.noCacheEnv?.some((v) => setInStage(doc, ins, v))) return true;
  const question = cacheReaders(m);
  return readAfter(doc, ins, site.resolved.command.end, question, context) || laterReader(doc, ins, question, context) !== undefined;
}

/** True when a command of `ins` after `offset` reads what `question` asks about. */
function readAfter(doc: Document, ins: Instruction, offset: number, question: ReaderQuestion, context: BuildContextView | undefined): boolean {
  const reads = readsOf(doc, ins, context);
  if (!question.reads(reads)) return false; // nothing in the RUN reads it: nothing after the install does
  const commands = reads.commands.filter((c) => c.command.start >= offset);
  return commands.length > 0 && question.reads({ commands, texts: [], copies: [] }) !== undefined;
}

/** The cleanup command text for `m` as invoked by `site` (`{name}` becomes the command's name). */
function cleanupText(m: PackageManager, site: CommandSite, prefix: string): string {
  return (m.cleanup ?? []).map((c) => prefix + c.replace('{name}', site.resolved.name)).join(' && ');
}

/**
 * What a RUN is due: the cleanup of every manager in `managers` that installs here and leaves its
 * cache, placed after the installs; and the cleanups held back, with why.
 */
function cleanupPlan(
  doc: Document,
  ins: Instruction,
  managers: readonly PackageManager[],
  context: BuildContextView | undefined,
  skip: ((m: PackageManager) => boolean) | undefined,
): CleanupPlan | undefined {
  const sites = sitesOf(doc, ins);
  const due: { m: PackageManager; installs: CommandSite[] }[] = [];
  const held: CleanupPlan['held'] = [];
  for (const m of managers) {
    if (!m.cleanup || cacheMounted(ins, m) || skip?.(m)) continue;
    const installs = managerSites(doc, ins, m).filter((s) => isInstall(s, m));
    if (installs.length === 0 || installs.every((s) => hasFlag(s.resolved.args, m.cacheOffFlags ?? []))) continue;
    const last = installs[installs.length - 1];
    if (cleanedAfter(sites, m, last.resolved.command.end)) continue;
    if (m.noCacheEnv?.some((v) => setInStage(doc, ins, v) || installs.every((s) => assignsAny(s.resolved, [v])))) continue;
    if (nextRunCleans(doc, ins, m)) continue;
    const reader = laterReader(doc, ins, m.index ? indexReaders(m) : cacheReaders(m), context);
    if (reader?.opaque !== undefined) {
      const line = reader.instruction.line;
      held.push({ due: dueOf([{ m, installs }], ''), blocker: `line ${line} runs \`${reader.opaque}\`, code this tool cannot read, which may need what it removes` });
    }
    if (reader) continue;
    due.push({ m, installs });
  }
  if (due.length === 0) return held.length > 0 ? { placed: undefined, held } : undefined;
  const privilege = privilegePrefix(due.map((d) => d.installs[d.installs.length - 1]));
  if ('blocker' in privilege) return { placed: undefined, held: [...held, { due: dueOf(due, ''), blocker: privilege.blocker }] };
  const cleanup = dueOf(due, privilege.prefix);
  const message = `${cleanup.names}: clean the package cache in the layer that filled it (\`${cleanup.command}\`)`;
  return { placed: { due: cleanup, placement: placeCleanup(doc, ins, cleanup.command, message, due.flatMap((d) => d.installs)) }, held };
}

function dueOf(due: readonly { m: PackageManager; installs: CommandSite[] }[], prefix: string): DueCleanup {
  const command = due.map((d) => cleanupText(d.m, d.installs[d.installs.length - 1], prefix)).join(' && ');
  const names = [...new Set(due.map((d) => d.installs[d.installs.length - 1].resolved.name))].join(', ');
  return { command, names };
}

/** True when the next RUN only cleans `m`: the cleanup-layer transform merges it, so appending here would clean twice. */
function nextRunCleans(doc: Document, ins: Instruction, m: PackageManager): boolean {
  const next = doc.nextInStage(ins);
  if (!next || !canAppendRun(doc, ins, next)) return false;
  const chain = cleanupChain(doc, next);
  return chain !== undefined && chain.every((site) => cleanupOf(site) !== undefined) && chain.some((site) => cleanupOf(site) === m);
}
