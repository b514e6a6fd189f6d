/**
 * How a package manager's commands are found in a RUN and matched against the table: which
 * commands run a manager, which subcommand they run, which options they carry, and which
 * commands already clean a cache.
 * A helper of the transforms, not a transform itself.
 */
import type { Document, Instruction } from '../src/document.js';
import { runHeredocs } from '../src/heredoc-scripts.js';
import { Memo } from '../src/memo.js';
import type { SimpleCommand, Word } from '../src/shell/ast.js';
import { commandSites, positionalArgs, type CommandSite, type ResolvedCommand } from '../src/shell/commands.js';
import { managerForCommand, packageManagers, type PackageManager } from './package-managers.js';

interface RunFacts {
  /** Every command of the RUN (empty when it is not readable). */
  sites: CommandSite[];
  /** Commands whose program cannot be told (`$APT install x`). */
  unresolved: SimpleCommand[];
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
    const body = doc.runBody(ins);
    const unresolved: SimpleCommand[] = [];
    const sites = body.script ? commandSites(body.script, true, unresolved) : [];
    if (body.script && body.hasHeredoc) for (const h of runHeredocs(doc, ins).scripts) if (h.script) sites.push(...commandSites(h.script, h.editable, unresolved));
    const byManager = new Map<PackageManager, CommandSite[]>();
    for (const site of sites) {
      const m = managerForCommand(site.resolved.name);
      if (!m) continue;
      const list = byManager.get(m);
      if (list) list.push(site);
      else byManager.set(m, [site]);
    }
    run = { sites, unresolved, byManager };
    perDoc.set(ins.index, run);
  }
  return run;
}

/** Every command of a RUN whose body the shell view read, its heredoc scripts' too (empty for others), cached per document. */
export function sitesOf(doc: Document, ins: Instruction): CommandSite[] {
  return runFacts(doc, ins).sites;
}

/** The commands of a RUN (and its heredoc scripts) whose program cannot be told. */
export function unresolvedOf(doc: Document, ins: Instruction): readonly SimpleCommand[] {
  return runFacts(doc, ins).unresolved;
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

/**
 * True when the command runs one of `m`'s cleanups (`clean all`): its first word is the first word
 * the command is given, and its other words follow in order, whatever stands between them (an
 * option value the table does not know: `dnf clean --disableplugin subscription-manager all`).
 */
export function runsCleanup(resolved: ResolvedCommand, m: PackageManager, cleanups: readonly string[]): boolean {
  const positional = positionalWords(resolved, m);
  return cleanups.some((sub) => {
    const parts = wordsOf(sub);
    if (positional[0]?.value !== parts[0]) return false;
    let i = 1;
    for (let p = 1; p < positional.length && i < parts.length; p++) if (positional[p].value === parts[i]) i++;
    return i === parts.length;
  });
}

/** True when a command of `m` downloads into its cache. */
export function isInstall(site: CommandSite, m: PackageManager): boolean {
  const sub = subcommandWord(site.resolved, m, m.installs);
  // a manager run with no subcommand installs (`yarn`, `bundle`), unless it only prints something
  return sub !== undefined && !(sub === site.resolved.nameWord && hasFlag(site.resolved.args, ONLY_PRINTS));
}

/** Options that make a manager print and exit without doing anything. */
const ONLY_PRINTS = ['--version', '-v', '-V', '--help', '-h'];

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

/**
 * Paths whose content a command removes as a whole: the literal operands of `rm -r`, or the starting
 * points of a `find` that deletes everything it finds (`find DIR -type f -delete`); undefined for
 * other commands.
 */
export function removedPaths(resolved: ResolvedCommand): string[] | undefined {
  if (resolved.name === 'find') return foundAndDeleted(resolved.args);
  if (resolved.name !== 'rm') return undefined;
  const options = resolved.args.filter((w) => w.value?.startsWith('-'));
  const recursive = options.some((w) => /^-[a-zA-Z]*[rR]/.test(w.value!) || w.value === '--recursive');
  const paths = resolved.args.filter((w) => !w.value?.startsWith('-')).map((w) => w.value ?? w.raw);
  return recursive ? paths : undefined;
}

/** `find` tests that select by kind or depth only: the files left are directories at most. */
const FIND_KEEPS_NOTHING = new Set(['-type', '-mindepth', '-maxdepth', '-depth', '-xdev', '-mount', '-print', '-ignore_readdir_race']);

/** The starting points of a `find` whose expression deletes every file below them, else undefined. */
function foundAndDeleted(args: readonly Word[]): string[] | undefined {
  const start = args.findIndex((w) => w.value === undefined || /^[-(!]/.test(w.value));
  const paths = (start < 0 ? args : args.slice(0, start)).map((w) => w.value ?? w.raw);
  const expression = start < 0 ? [] : args.slice(start).map((w) => w.value);
  let deletes = false;
  for (let i = 0; i < expression.length; i++) {
    const w = expression[i];
    if (w === '-delete') deletes = true;
    else if (w === '-exec' || w === '-execdir') {
      const end = expression.findIndex((e, j) => j > i && (e === ';' || e === '+'));
      const command = expression.slice(i + 1, end < 0 ? undefined : end);
      if (end < 0 || !/^(\/bin\/|\/usr\/bin\/)?rm$/.test(command[0] ?? '') || !command.includes('{}')) return undefined;
      deletes = true;
      i = end;
    } else if (w === '-type' || w === '-mindepth' || w === '-maxdepth') i++;
    else if (w === undefined || !FIND_KEEPS_NOTHING.has(w)) return undefined;
  }
  return deletes && paths.length > 0 ? paths : undefined;
}

/** True when some command after `offset` already cleans `m`'s cache (its clean command, or removing a cache dir). */
export function cleanedAfter(sites: readonly CommandSite[], m: PackageManager, offset: number): boolean {
  return sites.some((s) => {
    const r = s.resolved;
    if (r.command.start < offset) return false;
    if (r.name !== 'rm' && r.name !== 'find') return managerForCommand(r.name) === m && runsCleanup(r, m, m.cleanedBy);
    const paths = removedPaths(r);
    return paths !== undefined && paths.some((p) => emptiedBy(m).some((d) => covers(p, d)));
  });
}

const emptied = new Map<PackageManager, string[]>();

/** Paths whose removal empties `m`'s cache: its cache directories, or their content. */
function emptiedBy(m: PackageManager): string[] {
  let paths = emptied.get(m);
  if (!paths) emptied.set(m, (paths = [...m.cacheDirs, ...(m.cacheContent ?? [])]));
  return paths;
}

/** The manager a command cleans: its clean subcommand, or removing only that manager's cache paths. */
export function cleanupOf(site: CommandSite): PackageManager | undefined {
  const r = site.resolved;
  const m = managerForCommand(r.name);
  if (m) return runsCleanup(r, m, [...m.cleanedBy, ...(m.alsoCleans ?? [])]) ? m : undefined;
  const paths = removedPaths(r);
  if (!paths || paths.length === 0) return undefined;
  const owners = paths.map((p) => packageManagers.find((x) => [...x.cacheDirs, ...(x.otherCacheDirs ?? [])].some((d) => within(p, d))));
  const first = owners[0];
  return first && owners.every((o) => o === first) ? first : undefined;
}

/** True when `path` lies inside `dir` (or is it): `rm -rf /var/lib/apt/lists/*` is inside the lists; `~/x` is any home's `x`. */
export function within(path: string, dir: string): boolean {
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
