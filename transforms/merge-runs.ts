import type { Document, Instruction } from '../src/document.js';
import { joinableFlags, joinPlan, type Wrap } from '../src/join.js';
import { joinRunChain } from '../src/layout.js';
import { defineTransform } from '../src/transform.js';
import type { Change } from '../src/types.js';
import { sitesOf } from './manager-commands.js';

export const mergeRuns = defineTransform({
  id: 'merge-runs',
  description: 'Merge consecutive RUN instructions into one layer without changing what any command sees',
  safety: 'safe',
  hadolint: ['DL3059'],
  apply(doc: Document): Change[] {
    const changes: Change[] = [];
    for (const stage of doc.stages) {
      for (let ins: Instruction | undefined = stage.instructions[0]; ins; ) {
        let chain = chainFrom(doc, ins, Infinity);
        let change = chain.runs.length > 1 ? merge(doc, chain) : undefined;
        if (chain.runs.length > 1 && !change) {
          // the joined text would not read as the bodies did at some joint: merge up to it only
          chain = chainFrom(doc, ins, readableJoints(doc, chain) + 1);
          change = chain.runs.length > 1 ? merge(doc, chain) : undefined;
        }
        if (change) changes.push(change);
        ins = doc.nextInStage(chain.runs[chain.runs.length - 1]);
      }
    }
    return changes;
  },
});

interface Chain {
  runs: Instruction[];
  wraps: Wrap[];
}

/**
 * The longest run of consecutive RUNs from `first` (at most `max`) that can share one shell script,
 * with how each body is wrapped there (see joinPlan).
 */
function chainFrom(doc: Document, first: Instruction, max: number): Chain {
  const single: Chain = { runs: [first], wraps: [undefined] };
  if (first.keyword !== 'RUN' || doc.isSuppressed(first, mergeRuns.id, mergeRuns.hadolint)) return single;
  const runs = [first];
  const wraps: Wrap[] = [];
  for (let next = doc.nextInStage(first); next && runs.length < max; next = doc.nextInStage(next)) {
    if (next.keyword !== 'RUN' || !joinableFlags(first, next) || doc.isSuppressed(next, mergeRuns.id, mergeRuns.hadolint)) break;
    if (findsStalePath(doc, runs, next) || leavesServiceRunning(doc, runs[runs.length - 1])) break;
    const before = joinPlan(doc, runs[runs.length - 1], { preceded: runs.length > 1, followed: true, isolate: true });
    const after = joinPlan(doc, next, { preceded: true, followed: false, isolate: true });
    if (before.refusal !== undefined || after.refusal !== undefined) break;
    wraps[runs.length - 1] = before.wrap;
    wraps[runs.length] = after.wrap;
    runs.push(next);
  }
  return runs.length > 1 ? { runs, wraps } : single;
}

/** Builtins: the shell runs them itself, without a PATH search it would remember. */
const BUILTINS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', ':', 'cd', 'export', 'set', 'unset', 'exit', 'return', '.', 'source', 'eval', 'exec', 'read', 'shift', 'trap', 'wait', 'umask', 'alias', 'command', 'type', 'hash', 'ulimit', 'local', 'pwd', 'kill']);
/** Programs that install programs (into /usr/local/bin and the like), each with the words that make it do so (any, when empty). */
const PATH_INSTALLERS: Record<string, readonly string[]> = {
  pip: ['install'], pip3: ['install'], pipx: ['install'], gem: ['install'], cargo: ['install'], go: ['install'], n: [], nvm: [], corepack: [],
  'update-alternatives': [], make: ['install'], ninja: ['install'], npm: ['-g', '--global', 'link'], yarn: ['global'], pnpm: ['-g', '--global'],
};
const PATH_DIR = /(^|[\s:="'])\/(usr\/local|usr\/s?bin|s?bin)(\/|$|["'\s])/;

/** The names a RUN's commands are looked up by on the PATH (the shell remembers where it found each). */
function lookedUp(doc: Document, ins: Instruction): Set<string> {
  const names = new Set<string>();
  for (const site of sitesOf(doc, ins)) {
    const name = site.resolved.command.words[0]?.value;
    if (name && !name.includes('/') && !BUILTINS.has(name)) names.add(name);
  }
  return names;
}

/** True when a RUN may put a program on the PATH: an installer of programs, or a command naming a folder of the PATH. */
function mayInstallPrograms(doc: Document, ins: Instruction): boolean {
  return sitesOf(doc, ins).some(({ resolved: r }) => {
    const words = r.args.map((w) => w.value ?? '');
    const installer = PATH_INSTALLERS[r.name];
    if (installer && (installer.length === 0 || words.some((w) => installer.includes(w)))) return true;
    return [...r.command.words, ...r.command.redirects.map((x) => x.target)].some((w) => PATH_DIR.test(w.raw));
  });
}

/**
 * True when `next` runs by name a program an earlier body of the chain ran, and something from that
 * body on may have installed another program of that name earlier on the PATH: in one shell, the
 * name would still run what was found first (the shell's hash table), in a RUN of its own the new one.
 */
function findsStalePath(doc: Document, runs: readonly Instruction[], next: Instruction): boolean {
  const names = lookedUp(doc, next);
  if (names.size === 0) return false;
  const first = runs.findIndex((run) => [...lookedUp(doc, run)].some((n) => names.has(n)));
  return first >= 0 && runs.slice(first).some((run) => mayInstallPrograms(doc, run));
}

/** Subcommands that start a service, and those that stop it again. */
const START = new Set(['start', 'restart', 'reload', 'force-reload']);
const STOP = new Set(['stop', 'shutdown', 'quit']);
/** Servers that put themselves in the background when started plainly, with what keeps them in the foreground. */
const DAEMONIZING: Record<string, (args: readonly string[]) => boolean> = {
  nginx: (a) => !a.some((w) => /daemon\s+off/.test(w) || ['-t', '-T', '-s', '-v', '-V', '-h', '-?'].includes(w)),
  sshd: (a) => !a.includes('-D') && !a.includes('-t'),
  'redis-server': (a) => a.some((w, i) => w === '--daemonize' && a[i + 1] === 'yes'),
  memcached: (a) => a.includes('-d'),
  supervisord: (a) => !a.includes('-n') && !a.includes('--nodaemon'),
  'dbus-daemon': (a) => a.includes('--fork'),
  mysqld_safe: () => true,
  dockerd: () => true,
};

/**
 * True when the RUN leaves a service running at its end (`service postgresql start`, a server that
 * forks into the background): BuildKit stops it with the RUN, but a RUN merged after it would find it
 * still running (and a second start fails, or sees its state).
 */
function leavesServiceRunning(doc: Document, ins: Instruction): boolean {
  let running = false;
  for (const { resolved: r } of sitesOf(doc, ins)) {
    const words = r.args.map((w) => w.value ?? '');
    const named = r.nameWord.value ?? '';
    const control = r.name === 'service' || r.name === 'invoke-rc.d' || r.name === 'systemctl' || r.name === 'rc-service' || r.name === 'pg_ctl' || r.name === 'pg_ctlcluster' || r.name === 'apachectl' || named.startsWith('/etc/init.d/');
    if (control && words.some((w) => START.has(w))) running = true;
    else if (control && words.some((w) => STOP.has(w))) running = false;
    else if (r.name === 'start-stop-daemon') running = words.some((w) => w === '--start' || w === '-S') ? true : words.some((w) => w === '--stop' || w === '-K') ? false : running;
    else if (DAEMONIZING[r.name]?.(words)) running = true;
    else if (['kill', 'killall', 'pkill'].includes(r.name) || (r.name === 'nginx' && words.includes('-s')) || (r.name === 'redis-cli' && words.includes('shutdown'))) running = false;
  }
  return running;
}

/** How many joints of the chain, from its start, read back as the bodies did when joined on their own. */
function readableJoints(doc: Document, chain: Chain): number {
  let joints = 0;
  while (joints + 1 < chain.runs.length) {
    const [a, b] = [chain.runs[joints], chain.runs[joints + 1]];
    const last = joinPlan(doc, b, { preceded: true, followed: false, isolate: true });
    if (last.refusal !== undefined || !joinRunChain(doc, [a, b], [chain.wraps[joints], last.wrap], '')) break;
    joints++;
  }
  return joints;
}

function merge(doc: Document, chain: Chain): Change | undefined {
  const lines = chain.runs.map((ins) => ins.line);
  const message =
    chain.runs.length === 2
      ? `merged the RUN on line ${lines[1]} into the RUN on line ${lines[0]}: one layer instead of two`
      : `merged ${chain.runs.length} RUNs (lines ${lines.join(', ')}) into one layer`;
  return joinRunChain(doc, chain.runs, chain.wraps, message);
}
