/**
 * What the package-cache transforms share: which RUNs they may touch, how a manager's commands are
 * found in a RUN, and the two generic rewrites the table drives (insert a flag after the subcommand,
 * append the manager's clean command). Not a transform itself.
 */
import type { Document, Instruction, Stage } from '../src/document.js';
import { joinableFlags } from '../src/join.js';
import { appendBlocker, appendCommand } from '../src/layout.js';
import { Memo } from '../src/memo.js';
import type { Word } from '../src/shell/ast.js';
import { baseName, commandSites, positionalArgs, type CommandSite, type ResolvedCommand } from '../src/shell/commands.js';
import { defineTransform } from '../src/transform.js';
import type { Change, ProposedFinding, Safety, Transform, TransformContext } from '../src/types.js';
import { hasBackgroundJob } from '../src/shell/state.js';
import { manager, managerForCommand, packageManagers, type FlagPurpose, type FlagRule, type PackageManager } from './package-managers.js';

/**
 * What the cache transforms read about a document, worked out once per document and shared: they
 * all ask the same questions (which RUNs ship, what each one runs) of the same text.
 */
interface Facts {
  finalRuns: Instruction[] | undefined;
  runs: Map<number, RunFacts>;
}

interface RunFacts {
  /** Every command of the RUN (empty when it is not readable). */
  sites: CommandSite[];
  /** The commands of each package manager that appears. */
  byManager: Map<PackageManager, CommandSite[]>;
}

const factsCache = new Memo<Document, Facts>();
const NO_SITES: readonly CommandSite[] = [];

function factsOf(doc: Document): Facts {
  let facts = factsCache.get(doc);
  if (!facts) factsCache.set(doc, (facts = { finalRuns: undefined, runs: new Map() }));
  return facts;
}

function runFacts(doc: Document, ins: Instruction): RunFacts {
  const facts = factsOf(doc);
  let run = facts.runs.get(ins.index);
  if (!run) {
    const script = doc.runBody(ins).script;
    const sites = script ? commandSites(script) : [];
    const byManager = new Map<PackageManager, CommandSite[]>();
    for (const site of sites) {
      const m = managerForCommand(site.resolved.name);
      if (!m) continue;
      const list = byManager.get(m);
      if (list) list.push(site);
      else byManager.set(m, [site]);
    }
    run = { sites, byManager };
    facts.runs.set(ins.index, run);
  }
  return run;
}

/** RUNs whose layers ship (final-image stages), in shell form the shell view could read, under a POSIX shell. */
export function finalImageRuns(doc: Document): Instruction[] {
  const facts = factsOf(doc);
  facts.finalRuns ??= doc.stages
    .filter((s) => s.inFinalImage)
    .flatMap((s) => s.instructions)
    .filter((ins) => ins.keyword === 'RUN' && readable(doc, ins));
  return facts.finalRuns;
}

/** True when the RUN is shell form, parsed, without heredoc, and runs under a POSIX `-c` shell. */
export function readable(doc: Document, ins: Instruction): boolean {
  const body = doc.runBody(ins);
  return body.form === 'shell' && body.script !== null && !body.hasHeredoc && doc.shellOf(ins).posix;
}

/** Every command of a readable RUN (empty for others), cached per document. */
export function sitesOf(doc: Document, ins: Instruction): CommandSite[] {
  return runFacts(doc, ins).sites;
}

/** The commands of a RUN that run `m`. */
export function managerSites(doc: Document, ins: Instruction, m: PackageManager): readonly CommandSite[] {
  return runFacts(doc, ins).byManager.get(m) ?? NO_SITES;
}

/**
 * The last word of the first of `subcommands` this command runs (`apt-get -q install` → `install`),
 * the name word for `''` (no subcommand), or undefined.
 */
export function subcommandWord(resolved: ResolvedCommand, m: PackageManager, subcommands: readonly string[]): Word | undefined {
  const positional = positionalWords(resolved, m);
  for (const sub of subcommands) {
    if (sub === '') {
      if (positional.length === 0) return resolved.nameWord;
      continue;
    }
    const parts = wordsOf(sub);
    if (parts.length > positional.length) continue;
    let i = 0;
    while (i < parts.length && positional[i].value === parts[i]) i++;
    if (i === parts.length) return positional[i - 1];
  }
  return undefined;
}

const positionalCache = new Memo<ResolvedCommand, { m: PackageManager; words: Word[] }>();

/** The command's words that are not options (nor option values), as `m` reads them; remembered per command. */
function positionalWords(resolved: ResolvedCommand, m: PackageManager): Word[] {
  const cached = positionalCache.get(resolved);
  if (cached?.m === m) return cached.words;
  const words = positionalArgs(resolved.args, m.optionsWithValue).map((p) => p.word);
  positionalCache.set(resolved, { m, words });
  return words;
}

const subcommandParts = new Map<string, string[]>();

/** `env create` → ['env', 'create'], split once: the table's subcommands are few. */
function wordsOf(subcommand: string): string[] {
  let parts = subcommandParts.get(subcommand);
  if (!parts) subcommandParts.set(subcommand, (parts = subcommand.split(' ')));
  return parts;
}

/** True when a command of `m` downloads into its cache. */
export function isInstall(site: CommandSite, m: PackageManager): boolean {
  return subcommandWord(site.resolved, m, m.installs) !== undefined;
}

/** True when the words already carry one of the rule's spellings. */
export function hasFlag(args: readonly Word[], present: readonly string[]): boolean {
  for (const word of args) {
    const w = word.value;
    if (w === undefined || w === '') continue;
    for (const p of present) {
      if (w === p || (w.startsWith(p) && w[p.length] === '=')) return true;
      if (p.length === 2 && SHORT_OPTION.test(p) && SHORT_CLUSTER.test(w) && w.includes(p[1])) return true;
      if (p.includes('=') && p[0] !== '-' && w.includes(p)) return true;
    }
  }
  return false;
}

const SHORT_OPTION = /^-[a-zA-Z]$/;
const SHORT_CLUSTER = /^-[a-zA-Z]+$/;

/** `--mount=type=cache|tmpfs` targets of a RUN; `unknown` when a mount target cannot be read. */
export function cacheMountTargets(ins: Instruction): { targets: string[]; unknown: boolean } {
  if (ins.flags.length === 0) return NO_MOUNTS;
  const targets: string[] = [];
  let unknown = false;
  for (const flag of ins.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const fields = new Map(flag.value.split(',').map((kv) => [kv.split('=', 1)[0].trim(), kv.slice(kv.indexOf('=') + 1).trim()]));
    const type = fields.get('type') ?? 'bind';
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (target === undefined || /[$"']/.test(target)) unknown = true;
    else targets.push(target.replace(/\/+$/, '') || '/');
  }
  return { targets, unknown };
}

const NO_MOUNTS = { targets: [], unknown: false };

/** True when `path` (an `rm` argument or a mount target) is `dir` or one of its parents; `~/x` is any home's `x`. */
export function covers(path: string, dir: string): boolean {
  const p = path.replace(/\/\*$/, '').replace(/\/+$/, '') || '/';
  if (dir.startsWith('~/')) {
    const rest = dir.slice(1); // '/.npm'
    if (p === '~' || p === '$HOME' || p === '/root' || /^\/home\/[^/]+$/.test(p)) return true;
    return p.endsWith(rest) || [...homeAncestors(rest)].some((a) => p.endsWith(a) && (p.startsWith('~') || p.startsWith('/')));
  }
  return p === '/' ? false : dir === p || dir.startsWith(`${p}/`);
}

/** `/.cache/pip` → `/.cache`: parents below a home directory. */
function* homeAncestors(rest: string): Generator<string> {
  const parts = rest.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 1; i--) yield `/${parts.slice(0, i).join('/')}`;
}

/**
 * True when a cache or tmpfs mount covers one of `m`'s cache directories (they are alternatives: where
 * the cache lives depends on the user), or a mount we cannot read might.
 */
export function cacheMounted(ins: Instruction, m: PackageManager): boolean {
  if (ins.flags.length === 0) return false;
  const { targets, unknown } = cacheMountTargets(ins);
  if (unknown) return true;
  return m.cacheDirs.some((dir) => targets.some((t) => covers(t, dir)));
}

/** Paths a recursive `rm` removes (its literal non-option arguments), or undefined when the command is not `rm -r`. */
export function removedPaths(resolved: ResolvedCommand): string[] | undefined {
  if (resolved.name !== 'rm') return undefined;
  const options = resolved.args.filter((w) => w.value?.startsWith('-'));
  const recursive = options.some((w) => /^-[a-zA-Z]*[rR]/.test(w.value!) || w.value === '--recursive');
  const paths = resolved.args.filter((w) => !w.value?.startsWith('-')).map((w) => w.value ?? w.raw);
  return recursive ? paths : undefined;
}

/** True when some command after `offset` already cleans `m`'s cache (its clean command, or `rm -r` of a cache dir). */
export function cleanedAfter(sites: readonly CommandSite[], m: PackageManager, offset: number): boolean {
  return sites.some((s) => {
    if (s.resolved.command.start < offset) return false;
    if (managerForCommand(s.resolved.name) === m && subcommandWord(s.resolved, m, m.cleanedBy)) return true;
    const paths = removedPaths(s.resolved);
    return paths !== undefined && paths.some((p) => m.cacheDirs.some((d) => covers(p, d)));
  });
}

/** The stages whose build starts from `stage`'s result: itself and every stage built FROM it, transitively. */
export function derivedStages(doc: Document, stage: Stage): Stage[] {
  return doc.stages.filter((s) => {
    for (let t: Stage | undefined = s; t; t = t.baseStage) if (t === stage) return true;
    return false;
  });
}

/** True when ENV or ARG sets `name` in `ins`'s stage (or a stage it builds FROM, or globally) before `ins`. */
export function setInStage(doc: Document, ins: Instruction, name: string): boolean {
  const declaring = declarationsOf(doc).get(name);
  if (!declaring) return false;
  return declaring.some((i) => {
    if (i.index >= ins.index) return false;
    for (let s = ins.stage; s; s = s.baseStage) if (i.stage === s) return true;
    return i.stage === undefined;
  });
}

const declarations = new Memo<Document, Map<string, Instruction[]>>();

/** Each variable name ENV or ARG declares in the document, with the instructions that do. */
function declarationsOf(doc: Document): Map<string, Instruction[]> {
  let byName = declarations.get(doc);
  if (!byName) {
    byName = new Map();
    for (const ins of doc.instructions) {
      for (const name of doc.declaredNames(ins)) {
        const list = byName.get(name);
        if (list) list.push(ins);
        else byName.set(name, [ins]);
      }
    }
    declarations.set(doc, byName);
  }
  return byName;
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

/** Text before an appended cleanup so it runs with the privileges the install had: `sudo `, '' or undefined (unsure). */
export function privilegePrefix(sites: readonly CommandSite[]): string | undefined {
  const sudo = sites.flatMap((s) => s.resolved.wrappers.filter((w) => w.name === 'sudo'));
  if (sudo.length === 0) return '';
  return sudo.every((w) => w.plain) ? 'sudo ' : undefined;
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

const installsWithoutRefresh = new Map<PackageManager, string[]>();

/** `m`'s install subcommands, without those that only refresh its index (`apk update`): flags go on these. */
function downloadingInstalls(m: PackageManager): string[] {
  let installs = installsWithoutRefresh.get(m);
  if (!installs) installsWithoutRefresh.set(m, (installs = m.installs.filter((s) => !m.index?.refresh.includes(s))));
  return installs;
}

const FLAG_REASONS: Record<FlagPurpose, string> = {
  'assume-yes': 'a build cannot answer a prompt',
  'no-cache': 'the download cache would ship in the layer',
  'no-docs': 'generated documentation would ship in the layer',
  'no-recommends': 'recommended packages are not needed to run',
};

/** The cleanup command text for `m` as invoked by `site` (`{name}` becomes the command's name). */
function cleanupText(m: PackageManager, site: CommandSite, prefix: string): string {
  return (m.cleanup ?? []).map((c) => prefix + c.replace('{name}', site.resolved.name)).join(' && ');
}

/** The cleanup a RUN is due: the command to append (every manager in `managers` that installs here and leaves its cache), and the names it serves. */
interface DueCleanup {
  command: string;
  names: string;
}

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
  const prefix = privilegePrefix(due.map((d) => d.site));
  if (prefix === undefined) return undefined;
  const command = due.map((d) => cleanupText(d.m, d.site, prefix)).join(' && ');
  const names = [...new Set(due.map((d) => d.site.resolved.name))].join(', ');
  return { command, names };
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

/** True when `second` (the instruction right after `first`) can be appended to it as `&& ...`: flags that allow it, both readable RUNs. */
export function canAppendRun(doc: Document, first: Instruction, second: Instruction): boolean {
  if (first.keyword !== 'RUN' || second.keyword !== 'RUN' || doc.nextInStage(first) !== second) return false;
  if (!readable(doc, first) || !readable(doc, second) || !joinableFlags(first, second)) return false;
  return !hasBackgroundJob(doc.runBody(first).script!);
}

/** The commands of a RUN that is one `&&` chain of plain top-level commands without redirections, else undefined. */
export function cleanupChain(doc: Document, ins: Instruction): CommandSite[] | undefined {
  const script = doc.runBody(ins).script;
  if (!script || script.items.length !== 1) return undefined;
  const andOr = script.items[0].andOr;
  if (andOr.rest.some((r) => r.op !== '&&')) return undefined;
  const sites = sitesOf(doc, ins);
  const count = andOr.rest.length + 1;
  if (sites.length !== count || sites.some((s) => !s.top || s.resolved.inner || s.resolved.command.redirects.length > 0)) return undefined;
  return sites;
}

/** The manager a command cleans: its clean subcommand, or `rm -r` of only that manager's cache paths. */
export function cleanupOf(site: CommandSite): PackageManager | undefined {
  const r = site.resolved;
  const m = managerForCommand(r.name);
  if (m) return subcommandWord(r, m, [...m.cleanedBy, ...(m.alsoCleans ?? [])]) ? m : undefined;
  const paths = removedPaths(r);
  if (!paths || paths.length === 0) return undefined;
  const owners = paths.map((p) => packageManagers.find((x) => [...x.cacheDirs, ...(x.otherCacheDirs ?? [])].some((d) => within(p, d))));
  const first = owners[0];
  return first && owners.every((o) => o === first) ? first : undefined;
}

/** True when `path` lies inside `dir` (or is it): `rm -rf /var/lib/apt/lists/*` is inside the lists. */
function within(path: string, dir: string): boolean {
  const p = path.replace(/\/\*$/, '').replace(/\/+$/, '');
  if (dir.startsWith('~/')) return (p.startsWith('~/') || p.startsWith('/')) && (p === dir || p.endsWith(dir.slice(1)) || p.includes(`${dir.slice(1)}/`));
  return p === dir || p.startsWith(`${dir}/`);
}

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
        const change = due && appendCommand(doc, ins, due.command, cleanupMessage(due));
        if (change) changes.push(change);
      }
      return changes;
    },
    findings(doc: Document, context: TransformContext): ProposedFinding[] {
      return options.cleanup ? cacheLeftBehind(doc, managers, (ins) => dueIn(doc, ins, context)) : [];
    },
  });
}

/**
 * RUNs that ship a cache of `managers` this transform cannot clean: a shell-form RUN the cleanup
 * cannot be appended to safely (with the reason), or an exec-form install.
 */
function cacheLeftBehind(doc: Document, managers: readonly PackageManager[], dueIn: (ins: Instruction) => DueCleanup | undefined): ProposedFinding[] {
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
      const blocker = due ? appendBlocker(doc, ins) : undefined;
      if (due && blocker) found.push({ instruction: ins, message: `${due.names}: the package cache stays in this layer; \`${due.command}\` was not appended because ${blocker}` });
    }
  }
  return found;
}

/** The cache is already off without the flag: a cache mount on it, or its switch-off variable set. */
function noCacheElsewhere(doc: Document, ins: Instruction, m: PackageManager): boolean {
  if (cacheMounted(ins, m)) return true;
  return m.noCacheEnv !== undefined && m.noCacheEnv.some((v) => setInStage(doc, ins, v));
}

/** Per-command check for a no-cache variable given as a prefix (`PIP_NO_CACHE_DIR=1 pip install`). */
export function assignsAny(resolved: ResolvedCommand, names: readonly string[]): boolean {
  return resolved.assignments.some((a) => names.includes(a.name));
}
