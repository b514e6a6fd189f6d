/**
 * The later readers of a package manager's cache, as questions for later-readers: a later install
 * that reads the index without refreshing it (`apt-get install` with no `apt-get update` before it),
 * a command that reads the cache instead of the network (`npm ci --offline`, `dnf -C`), a command or
 * text naming a cache directory, or a COPY --from of it.
 * A helper of the transforms, not a transform itself.
 */
import { Memo } from '../src/memo.js';
import { baseName } from '../src/shell/commands.js';
import { wordsOf, type InstructionReads, type ReadCommand } from './instruction-reads.js';
import type { ReaderQuestion } from './later-readers.js';
import { covers, hasFlag, runsCleanup, subcommandWord, within } from './manager-commands.js';
import { managerForCommand, packageManagers, type PackageManager } from './package-managers.js';

const questions = new Map<string, ReaderQuestion>();

function question(key: string, m: PackageManager, reads: (reads: InstructionReads) => { opaque?: string } | undefined): ReaderQuestion {
  let found = questions.get(key);
  if (!found) {
    found = {
      key,
      reads: (r) => {
        const found = reads(r);
        return found && found.opaque === undefined ? found : namesCache(r, m) ? {} : found;
      },
      copied: (path) => cacheDirsOf(m).some((dir) => covers(path, dir) || within(path, dir)),
    };
    questions.set(key, found);
  }
  return found;
}

/**
 * Who needs `m`'s index (apt lists, apk indexes) as a RUN leaves it: a later install that reads it
 * before refreshing it, code that cannot be read and may, a command or text naming it, a COPY of it.
 */
export function indexReaders(m: PackageManager): ReaderQuestion {
  return question(`index:${m.id}`, m, (r) => readsIndex(r, m));
}

/** Who needs `m`'s download cache: a command reading it instead of the network, one naming it, a COPY of it. */
export function cacheReaders(m: PackageManager): ReaderQuestion {
  return question(`cache:${m.id}`, m, (r) => readsCache(r, m));
}

/** The first command that reads `m`'s index before refreshing it: surely, or maybe (code this tool cannot read). */
function readsIndex(reads: InstructionReads, m: PackageManager): { opaque?: string } | undefined {
  const index = m.index;
  if (!index) return undefined;
  for (const c of reads.commands) {
    if (c.opaque !== undefined) return { opaque: c.opaque };
    const r = c.resolved;
    if (!r) continue;
    if (managerForCommand(r.name) === m) {
      if (subcommandWord(r, m, index.refresh)) return undefined;
      if (!subcommandWord(r, m, index.harmless) && !hasFlag(r.args, index.selfSufficient)) return {};
    } else if (index.readers?.includes(r.name)) {
      return {};
    } else if (r.args.some((w) => w.value !== undefined && m.commands.includes(baseName(w.value)))) {
      // `foo apt-get install x`: a wrapper this tool does not know may run it
      return { opaque: shown(c) };
    }
  }
  return undefined;
}

/** A command of `m` that reads its cache (an install with an offline option, a cache subcommand that is not a cleanup). */
function readsCache(reads: InstructionReads, m: PackageManager): {} | undefined {
  const use = m.cacheUse;
  if (!use) return undefined;
  for (const c of reads.commands) {
    const r = c.resolved;
    if (!r || managerForCommand(r.name) !== m || runsCleanup(r, m, cleanups(m))) continue;
    if ((hasFlag(r.args, use.flags) && subcommandWord(r, m, m.installs)) || subcommandWord(r, m, use.subcommands)) return {};
  }
  return undefined;
}

/** True when a command (other than `rm -f`, which does not mind a missing file, or `m`'s cleanup) or a text names one of `m`'s cache directories. */
function namesCache(reads: InstructionReads, m: PackageManager): boolean {
  const found = namedIn(reads);
  if (found.texts.has(m)) return true;
  return found.commands.some(({ command, managers }) => managers.has(m) && !(command.resolved && managerForCommand(command.resolved.name) === m && runsCleanup(command.resolved, m, cleanups(m))));
}

interface Named {
  /** Commands naming a cache directory (other than `rm -f`), with the managers whose directories they name. */
  commands: { command: ReadCommand; managers: Set<PackageManager> }[];
  /** Managers whose cache directories the instruction's texts name. */
  texts: Set<PackageManager>;
}

const namedCache = new Memo<InstructionReads, Named>();

/** What an instruction names of every manager's cache directories: one scan of its words, whichever manager is asked about. */
function namedIn(reads: InstructionReads): Named {
  let found = namedCache.get(reads);
  if (!found) {
    found = { commands: [], texts: new Set() };
    for (const c of reads.commands) {
      if (removesQuietly(c)) continue;
      const managers = new Set<PackageManager>();
      for (const w of wordsOf(c)) for (const m of cacheNamedIn(w.value ?? w.raw)) managers.add(m);
      if (managers.size > 0) found.commands.push({ command: c, managers });
    }
    for (const t of reads.texts) for (const m of cacheNamedIn(t)) found.texts.add(m);
    namedCache.set(reads, found);
  }
  return found;
}

/** Every cache directory of the table, as it may be written: `/var/lib/apt/lists`, and `.npm` below any home. */
const DIRS = new Map<string, PackageManager[]>();
for (const m of packageManagers) {
  for (const dir of cacheDirsOf(m)) {
    const tail = dir.startsWith('~/') ? dir.slice(2) : dir.slice(1);
    DIRS.set(tail, [...(DIRS.get(tail) ?? []), m]);
  }
}
/** A text naming one of them or a path inside one: not `/var/lib/apt/lists.bak`, not `.npmrc`. */
const DIR_SOURCE = `(?:^|[^A-Za-z0-9_.-])(${[...DIRS.keys()].map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![A-Za-z0-9_.-])`;
const NAMES_DIR = new RegExp(DIR_SOURCE);
const DIR_PATTERN = new RegExp(DIR_SOURCE, 'g');
const NONE: PackageManager[] = [];

/** The managers whose cache directories `text` names. */
function cacheNamedIn(text: string): PackageManager[] {
  if (!NAMES_DIR.test(text)) return NONE; // most words: one test, nothing allocated
  const found: PackageManager[] = [];
  for (const match of text.matchAll(DIR_PATTERN)) found.push(...DIRS.get(match[1])!);
  return found;
}

function cacheDirsOf(m: PackageManager): string[] {
  return [...m.cacheDirs, ...(m.otherCacheDirs ?? [])];
}

/** `m`'s cleanup subcommands: they remove the cache, and read nothing of it. */
function cleanups(m: PackageManager): string[] {
  return [...m.cleanedBy, ...(m.alsoCleans ?? [])];
}

/** `rm -f`/`rm -rf`: removing what is already gone does not fail. */
function removesQuietly(c: ReadCommand): boolean {
  const r = c.resolved;
  return r !== undefined && r.name === 'rm' && r.args.some((w) => w.value === '--force' || /^-[a-zA-Z]*f/.test(w.value ?? ''));
}

function shown(c: ReadCommand): string {
  return c.command.words.map((w) => w.raw).join(' ');
}
