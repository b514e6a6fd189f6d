/**
 * How a package manager's commands are found in a RUN and matched against the table: which
 * commands run a manager, which subcommand they run, which options they carry, and which
 * commands already clean a cache.
 */
import type { Document, Instruction } from '../src/document.js';
import { Memo } from '../src/memo.js';
import type { Word } from '../src/shell/ast.js';
import { commandSites, positionalArgs, type CommandSite, type ResolvedCommand } from '../src/shell/commands.js';
import { managerForCommand, packageManagers, type PackageManager } from './package-managers.js';

interface RunFacts {
  /** Every command of the RUN (empty when it is not readable). */
  sites: CommandSite[];
  /** The commands of each package manager that appears. */
  byManager: Map<PackageManager, CommandSite[]>;
}

// every cache transform asks what each RUN runs: worked out once per document and shared
const runFactsCache = new Memo<Document, Map<number, RunFacts>>();
const NO_SITES: readonly CommandSite[] = [];

function runFacts(doc: Document, ins: Instruction): RunFacts {
  let perDoc = runFactsCache.get(doc);
  if (!perDoc) runFactsCache.set(doc, (perDoc = new Map()));
  let run = perDoc.get(ins.index);
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
    perDoc.set(ins.index, run);
  }
  return run;
}

/** Every command of a RUN whose body the shell view read (empty for others), cached per document. */
export function sitesOf(doc: Document, ins: Instruction): CommandSite[] {
  return runFacts(doc, ins).sites;
}

/** The commands of a RUN that run `m`. */
export function managerSites(doc: Document, ins: Instruction, m: PackageManager): readonly CommandSite[] {
  return runFacts(doc, ins).byManager.get(m) ?? NO_SITES;
}

/**
 * The last word of the first of `subcommands` this command runs (`apt-get -q install` → `install`),
 * the name word for `''` (no subcommand), or undefined. Options may stand anywhere between the
 * subcommand's words (`dnf clean --disableplugin=x all`).
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

const installsWithoutRefresh = new Map<PackageManager, string[]>();

/** `m`'s install subcommands, without those that only refresh its index (`apk update`): flags go on these. */
export function downloadingInstalls(m: PackageManager): string[] {
  let installs = installsWithoutRefresh.get(m);
  if (!installs) installsWithoutRefresh.set(m, (installs = m.installs.filter((s) => !m.index?.refresh.includes(s))));
  return installs;
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

/** Per-command check for a variable given as a prefix (`PIP_NO_CACHE_DIR=1 pip install`). */
export function assignsAny(resolved: ResolvedCommand, names: readonly string[]): boolean {
  return resolved.assignments.some((a) => names.includes(a.name));
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
