/**
 * The factory behind most cache transforms: the package-manager table drives two rewrites, an
 * option inserted after an install's subcommand, and the manager's clean command appended to the
 * RUN that filled the cache. Not a transform itself.
 */
import type { Document, Instruction } from '../src/document.js';
import { appendCommand } from '../src/layout.js';
import { Memo } from '../src/memo.js';
import type { CommandSite } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { Change, ProposedFinding, Safety, Transform, TransformContext } from '../src/types.js';
import { cacheLeftBehind, type DueCleanup } from './cache-findings.js';
import { cacheMounted } from './cache-mounts.js';
import { canAppendRun, finalImageRuns, setInStage } from './cache-scope.js';
import { laterIndexReader } from './later-readers.js';
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
  const dueMemo = new Memo<Document, Map<number, DueCleanup | null>>();
  const dueIn = (doc: Document, ins: Instruction, context: TransformContext): DueCleanup | undefined => {
    let perDoc = dueMemo.get(doc);
    if (!perDoc) dueMemo.set(doc, (perDoc = new Map()));
    let due = perDoc.get(ins.index);
    if (due === undefined) {
      const skip = options.skip;
      due = dueCleanup(doc, ins, managers, skip ? { skip: (m) => skip(doc, ins, m, context) } : {}) ?? null;
      perDoc.set(ins.index, due);
    }
    return due ?? undefined;
  };
  return defineTransform({
    id: options.id,
    description: options.description,
    safety: options.safety,
    risk: options.risk,
    hadolint,
    apply(doc: Document, context: TransformContext): Change[] {
      const changes: Change[] = [];
      for (const ins of finalImageRuns(doc)) {
        let present: PackageManager[] | undefined;
        for (const m of managers) if (managerSites(doc, ins, m).length > 0) (present ??= []).push(m);
        if (!present) continue;
        for (const m of present) {
          const due = rules.get(m)!.filter((r) => r.purpose !== 'no-cache' || !noCacheElsewhere(doc, ins, m));
          if (due.length > 0) changes.push(...flagChanges(doc, ins, m, due));
        }
        if (!options.cleanup) continue;
        const due = dueIn(doc, ins, context);
        const change = due && !due.blocker ? appendCommand(doc, ins, due.command, cleanupMessage(due)) : undefined;
        if (change) changes.push(change);
      }
      return changes;
    },
    findings(doc: Document, context: TransformContext): ProposedFinding[] {
      return options.cleanup ? cacheLeftBehind(doc, managers, (ins) => dueIn(doc, ins, context)) : [];
    },
  });
}

/** Flag insertions for one RUN: each install of `m` lacking a rule's option gets it after its subcommand. */
export function flagChanges(doc: Document, ins: Instruction, m: PackageManager, rules: readonly FlagRule[]): Change[] {
  const changes: Change[] = [];
  for (const site of managerSites(doc, ins, m)) {
    const r = site.resolved;
    if (!r.editable) continue;
    const sub = subcommandWord(r, m, downloadingInstalls(m));
    if (!sub) continue;
    for (const rule of rules) {
      if (hasFlag(r.args, rule.present)) continue;
      if (rule.purpose === 'no-cache' && assignsAny(r, m.noCacheEnv ?? [])) continue;
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

/**
 * Text before an appended cleanup so it runs with the privileges the installs had (`sudo ` or ''), or
 * why it cannot: an install ran as another user or under another root, or under `sudo` with options.
 */
export function privilegePrefix(sites: readonly CommandSite[]): { prefix: string } | { blocker: string } {
  const wrappers = sites.flatMap((s) => [...s.via, ...s.resolved.wrappers]);
  const elsewhere = wrappers.find((w) => w.elsewhere);
  if (elsewhere) return { blocker: `the install runs as another user or under another root (${elsewhere.name})` };
  const sudo = wrappers.filter((w) => w.name === 'sudo');
  if (sudo.length === 0) return { prefix: '' };
  return sudo.every((w) => w.plain) ? { prefix: 'sudo ' } : { blocker: 'the install runs as another user or under another root (sudo with options)' };
}

/** The cleanup command text for `m` as invoked by `site` (`{name}` becomes the command's name). */
function cleanupText(m: PackageManager, site: CommandSite, prefix: string): string {
  return (m.cleanup ?? []).map((c) => prefix + c.replace('{name}', site.resolved.name)).join(' && ');
}

/** The cleanup a RUN is due: every manager in `managers` that installs here and leaves its cache. */
function dueCleanup(doc: Document, ins: Instruction, managers: readonly PackageManager[], env: { skip?: (m: PackageManager) => boolean }): DueCleanup | undefined {
  const sites = sitesOf(doc, ins);
  const due: { m: PackageManager; site: CommandSite }[] = [];
  for (const m of managers) {
    if (!m.cleanup || cacheMounted(ins, m) || env.skip?.(m)) continue;
    const installs = managerSites(doc, ins, m).filter((s) => isInstall(s, m));
    if (installs.length === 0 || installs.every((s) => hasFlag(s.resolved.args, m.cacheOffFlags ?? []))) continue;
    const last = installs[installs.length - 1];
    if (cleanedAfter(sites, m, last.resolved.command.end)) continue;
    if (m.noCacheEnv?.some((v) => setInStage(doc, ins, v) || installs.every((s) => assignsAny(s.resolved, [v])))) continue;
    if (laterIndexReader(doc, ins, m) || nextRunCleans(doc, ins, m)) continue;
    due.push({ m, site: last });
  }
  if (due.length === 0) return undefined;
  const privilege = privilegePrefix(due.map((d) => d.site));
  const prefix = 'prefix' in privilege ? privilege.prefix : '';
  const command = due.map((d) => cleanupText(d.m, d.site, prefix)).join(' && ');
  const names = [...new Set(due.map((d) => d.site.resolved.name))].join(', ');
  return { command, names, blocker: 'blocker' in privilege ? privilege.blocker : undefined };
}

function cleanupMessage(due: DueCleanup): string {
  return `${due.names}: clean the package cache in the layer that filled it (\`${due.command}\`)`;
}

/** True when the next RUN only cleans `m`: the cleanup-layer transform merges it, so appending here would clean twice. */
function nextRunCleans(doc: Document, ins: Instruction, m: PackageManager): boolean {
  const next = doc.nextInStage(ins);
  if (!next || !canAppendRun(doc, ins, next)) return false;
  const chain = cleanupChain(doc, next);
  return chain !== undefined && chain.every((site) => cleanupOf(site) !== undefined) && chain.some((site) => cleanupOf(site) === m);
}

/** The cache is already off without the flag: a cache mount on it, or its switch-off variable set. */
function noCacheElsewhere(doc: Document, ins: Instruction, m: PackageManager): boolean {
  if (cacheMounted(ins, m)) return true;
  return m.noCacheEnv !== undefined && m.noCacheEnv.some((v) => setInStage(doc, ins, v));
}
