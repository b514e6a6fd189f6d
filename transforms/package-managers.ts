/**
 * The one table of package managers. Every cache transform reads it: adding a manager is one entry
 * here plus its tests. Paths starting with `~/` are under the home of whichever user runs the command.
 */

export type FlagPurpose = 'assume-yes' | 'no-cache' | 'no-docs' | 'no-recommends';

export interface FlagRule {
  purpose: FlagPurpose;
  /** The option inserted when none of `present` is there. */
  insert: string;
  /** Inserted after the subcommand word (default) or after the command name (a global option). */
  at?: 'subcommand' | 'command';
  /**
   * Spellings that already have the effect: exact words, `--long=...` prefixes, single letters of short
   * clusters (`-y` matches `-qy`), and `-o`-style settings matched inside a word (`Assume-Yes=true`).
   */
  present: string[];
  /** The hadolint rule asking for it. */
  hadolint?: string;
}

/** The package index a later install reads: cleaning it breaks a later RUN that does not refresh it first. */
export interface IndexUse {
  /** Subcommands that refresh the index. */
  refresh: string[];
  /** Subcommands that do not read it. */
  harmless: string[];
  /** Options that make a reader fetch its own index (`apk add --no-cache`, `--update`). */
  selfSufficient: string[];
  /** Other programs that read the index (`apt-cache policy`). */
  readers?: string[];
}

/** What makes a later command of the manager read the cache an earlier one filled, instead of the network. */
export interface CacheUse {
  /** Options of an install (`npm ci --offline`, `dnf -C install`). */
  flags: string[];
  /** Subcommands that read or show the cache (`npm cache verify`); the cleanups among them are not readers. */
  subcommands: string[];
}

export interface PackageManager {
  /** Short id used by transforms to pick entries. */
  id: string;
  /** Command names (basenames) that run it; `python -m pip` resolves to `pip`. */
  commands: string[];
  /** More names, by pattern (`pip3.11`). */
  commandPattern?: RegExp;
  /** Options taking a separate value word, so the subcommand is found after them. */
  optionsWithValue: string[];
  /** Subcommands that download into the cache; `env create` is two words; `''` means no subcommand at all. */
  installs: string[];
  flags: FlagRule[];
  /** Commands appended, in order, to clean the cache in the same RUN; `{name}` is the command as invoked (`mamba`). */
  cleanup?: string[];
  /** Subcommand sequences that already clean it (`clean all`). */
  cleanedBy: string[];
  /** Subcommand sequences recognised as a cleanup (for merging a cleanup-only RUN) that do not satisfy `cleanup`. */
  alsoCleans?: string[];
  /** Where the cache may live (alternatives): a `--mount=type=cache|tmpfs` on one of them (or a parent) is as good as cleaning. */
  cacheDirs: string[];
  /** More cache paths whose `rm -r` counts as a cleanup of this manager. */
  otherCacheDirs?: string[];
  /** Paths inside a cache directory whose removal empties the cache as the clean command does (`~/.npm/_cacache`). */
  cacheContent?: string[];
  /** Options of an install that keep it from filling the cache (then no clean is due). */
  cacheOffFlags?: string[];
  /** Environment variables that switch the cache off, whatever their value. */
  noCacheEnv?: string[];
  index?: IndexUse;
  cacheUse?: CacheUse;
  /** hadolint rules about the cleanup. */
  hadolint: string[];
}

export const packageManagers: readonly PackageManager[] = [
  {
    id: 'apt',
    commands: ['apt-get', 'apt'],
    optionsWithValue: ['-o', '-c', '-t', '-a', '--option', '--config-file', '--target-release', '--host-architecture'],
    installs: ['install', 'update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source'],
    flags: [
      { purpose: 'assume-yes', insert: '-y', present: ['-y', '--yes', '--assume-yes', '-qq', '-q=2', '--quiet=2', 'Assume-Yes=true', 'Assume-Yes=1'], hadolint: 'DL3014' },
      { purpose: 'no-recommends', insert: '--no-install-recommends', present: ['--no-install-recommends', '--install-recommends', 'Install-Recommends=false', 'Install-Recommends=0', 'Install-Recommends="false"'], hadolint: 'DL3015' },
    ],
    cleanup: ['rm -rf /var/lib/apt/lists/*'],
    // apt >= 2.7: `distclean` (alias `dist-clean`) removes the lists but the Release files
    cleanedBy: ['distclean', 'dist-clean'],
    alsoCleans: ['clean', 'autoclean'],
    cacheDirs: ['/var/lib/apt/lists'],
    otherCacheDirs: ['/var/cache/apt'],
    index: {
      refresh: ['update'],
      harmless: ['update', 'clean', 'autoclean', 'autoremove', 'remove', 'purge', 'distclean', 'dist-clean'],
      selfSufficient: [],
      // programs that resolve packages through apt's index themselves
      readers: ['apt-cache', 'aptitude', 'mk-build-deps', 'gdebi', 'apt-show-versions', 'apt-rdepends', 'apt-file', 'unattended-upgrade', 'tasksel'],
    },
    hadolint: ['DL3009'],
  },
  {
    id: 'apk',
    commands: ['apk'],
    optionsWithValue: ['-X', '-p', '-t', '--repository', '--root', '--virtual', '--arch', '--cache-dir', '--keys-dir', '--repositories-file'],
    installs: ['add', 'update', 'upgrade'],
    // --no-network installs from what is already there (the cache or the installed database): adding --no-cache would make it fetch
    flags: [{ purpose: 'no-cache', insert: '--no-cache', present: ['--no-cache', '--no-network'], hadolint: 'DL3019' }],
    cleanedBy: ['cache clean', 'cache purge'],
    cacheDirs: ['/var/cache/apk'],
    otherCacheDirs: ['/etc/apk/cache'],
    index: { refresh: ['update'], harmless: ['update', 'del', 'info', 'stats', 'audit', 'verify', 'cache'], selfSufficient: ['--no-cache', '--update', '-U'] },
    cacheUse: { flags: ['--no-network'], subcommands: [] },
    hadolint: ['DL3019'],
  },
  {
    id: 'yum',
    commands: ['yum'],
    optionsWithValue: ['-c', '-d', '-e', '-R', '-x', '--config', '--installroot', '--enablerepo', '--disablerepo', '--exclude', '--releasever', '--setopt', '--disableplugin', '--enableplugin'],
    installs: ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'makecache', 'group install'],
    flags: [{ purpose: 'assume-yes', insert: '-y', present: ['-y', '--assumeyes', 'assumeyes=1', 'assumeyes=true', 'assumeyes=True'], hadolint: 'DL3030' }],
    cleanup: ['yum clean all', 'rm -rf /var/cache/yum'],
    cleanedBy: ['clean all'],
    alsoCleans: ['clean packages', 'clean metadata'],
    cacheDirs: ['/var/cache/yum'],
    cacheUse: { flags: ['-C', '--cacheonly'], subcommands: [] },
    hadolint: ['DL3032'],
  },
  {
    id: 'dnf',
    commands: ['dnf', 'dnf5'],
    optionsWithValue: ['-c', '-d', '-e', '-R', '-x', '--config', '--installroot', '--enablerepo', '--disablerepo', '--exclude', '--releasever', '--setopt', '--repo', '--disableplugin', '--enableplugin'],
    installs: ['install', 'groupinstall', 'reinstall', 'update', 'upgrade', 'makecache', 'group install', 'module install'],
    flags: [{ purpose: 'assume-yes', insert: '-y', present: ['-y', '--assumeyes', 'assumeyes=1', 'assumeyes=true', 'assumeyes=True'], hadolint: 'DL3038' }],
    cleanup: ['dnf clean all'],
    cleanedBy: ['clean all'],
    alsoCleans: ['clean packages', 'clean metadata'],
    cacheDirs: ['/var/cache/dnf'],
    otherCacheDirs: ['/var/cache/libdnf5'],
    cacheUse: { flags: ['-C', '--cacheonly'], subcommands: [] },
    hadolint: ['DL3040'],
  },
  {
    // microdnf never prompts, and older releases reject -y: no assume-yes rule
    id: 'microdnf',
    commands: ['microdnf'],
    optionsWithValue: ['--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '--config'],
    installs: ['install', 'reinstall', 'update', 'upgrade', 'makecache'],
    flags: [],
    cleanup: ['microdnf clean all'],
    cleanedBy: ['clean all'],
    cacheDirs: ['/var/cache/yum', '/var/cache/dnf'],
    cacheUse: { flags: ['--cacheonly'], subcommands: [] },
    hadolint: ['DL3040'],
  },
  {
    id: 'zypper',
    commands: ['zypper'],
    optionsWithValue: ['-R', '-D', '-C', '-r', '--root', '--reposd-dir', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '--config'],
    installs: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'refresh', 'ref', 'source-install', 'si'],
    flags: [{ purpose: 'assume-yes', insert: '-n', at: 'command', present: ['-n', '--non-interactive', '-y', '--no-confirm'], hadolint: 'DL3034' }],
    cleanup: ['zypper clean --all'],
    cleanedBy: ['clean', 'cc'],
    cacheDirs: ['/var/cache/zypp'],
    cacheUse: { flags: ['--no-refresh'], subcommands: [] },
    hadolint: ['DL3036'],
  },
  {
    id: 'pip',
    commands: ['pip', 'pip3'],
    commandPattern: /^pip[0-9.]*$/,
    optionsWithValue: ['--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert', '--client-cert', '--cache-dir', '--python', '--use-feature', '--use-deprecated'],
    installs: ['install', 'wheel', 'download'],
    flags: [{ purpose: 'no-cache', insert: '--no-cache-dir', present: ['--no-cache-dir', '--cache-dir'], hadolint: 'DL3042' }],
    cleanedBy: ['cache purge'],
    cacheDirs: ['~/.cache/pip'],
    cacheUse: { flags: [], subcommands: ['cache'] },
    noCacheEnv: ['PIP_NO_CACHE_DIR'],
    hadolint: ['DL3042'],
  },
  {
    id: 'npm',
    commands: ['npm'],
    optionsWithValue: ['--prefix', '-C', '--cache', '--registry', '--userconfig', '-w', '--workspace'],
    installs: ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'install-ci-test', 'cit', 'install-test', 'it', 'update', 'up', 'upgrade'],
    flags: [],
    cleanup: ['npm cache clean --force'],
    cleanedBy: ['cache clean', 'cache clear', 'cache rm'],
    cacheDirs: ['~/.npm'],
    cacheContent: ['~/.npm/_cacache'],
    cacheUse: { flags: ['--offline', '--prefer-offline', '--cache'], subcommands: ['cache'] },
    hadolint: [],
  },
  {
    id: 'yarn',
    commands: ['yarn', 'yarnpkg'],
    optionsWithValue: ['--cwd', '--cache-folder', '--modules-folder', '--registry', '--network-timeout', '--mutex'],
    installs: ['', 'install', 'add', 'global add', 'upgrade'],
    flags: [],
    cleanup: ['yarn cache clean'],
    cleanedBy: ['cache clean'],
    cacheDirs: ['/usr/local/share/.cache/yarn', '~/.cache/yarn'],
    // an offline mirror is filled from the cache
    cacheUse: { flags: ['--offline', '--prefer-offline', '--cache-folder'], subcommands: ['cache', 'config set yarn-offline-mirror'] },
    hadolint: ['DL3060'],
  },
  {
    id: 'pnpm',
    commands: ['pnpm'],
    optionsWithValue: ['-C', '--dir', '--filter', '-F', '--store-dir', '--registry'],
    installs: ['install', 'i', 'add', 'update', 'up', 'fetch'],
    flags: [],
    cleanup: ['pnpm store prune'],
    cleanedBy: ['store prune'],
    cacheDirs: ['~/.local/share/pnpm/store', '/pnpm/store'],
    cacheUse: { flags: ['--offline', '--prefer-offline', '--store-dir'], subcommands: ['store'] },
    hadolint: [],
  },
  {
    id: 'gem',
    commands: ['gem'],
    optionsWithValue: [],
    installs: ['install', 'update'],
    flags: [{ purpose: 'no-docs', insert: '--no-document', present: ['--no-document', '-N', '--no-doc', '--no-ri', '--no-rdoc', '--document'] }],
    cleanedBy: [],
    cacheDirs: [],
    hadolint: [],
  },
  {
    id: 'bundler',
    commands: ['bundle', 'bundler'],
    optionsWithValue: ['--gemfile', '--path', '--jobs', '-j', '--retry', '--without', '--with'],
    installs: ['install', 'update', ''],
    flags: [],
    // only the user's own cache: the gem directory may belong to another user, and a failing rm fails the build
    cleanup: ['rm -rf ~/.bundle/cache'],
    cleanedBy: ['clean --force'],
    cacheDirs: ['~/.bundle/cache'],
    cacheUse: { flags: ['--local', '--prefer-local'], subcommands: [] },
    hadolint: [],
  },
  {
    id: 'conda',
    commands: ['conda', 'mamba'],
    optionsWithValue: ['-n', '--name', '-p', '--prefix', '-c', '--channel', '-f', '--file'],
    installs: ['install', 'create', 'update', 'upgrade', 'env create', 'env update'],
    flags: [],
    cleanup: ['{name} clean -afy'],
    cleanedBy: ['clean'],
    cacheDirs: ['/opt/conda/pkgs', '~/.conda/pkgs'],
    cacheUse: { flags: ['--offline', '--use-index-cache', '-C'], subcommands: [] },
    hadolint: [],
  },
  {
    id: 'micromamba',
    commands: ['micromamba'],
    optionsWithValue: ['-n', '--name', '-p', '--prefix', '-r', '--root-prefix', '-c', '--channel', '-f', '--file'],
    installs: ['install', 'create', 'update', 'env create'],
    flags: [],
    cleanup: ['micromamba clean --all --yes'],
    cleanedBy: ['clean'],
    cacheDirs: ['/opt/conda/pkgs', '~/micromamba/pkgs'],
    cacheUse: { flags: ['--offline', '--use-index-cache'], subcommands: [] },
    hadolint: [],
  },
  {
    id: 'composer',
    commands: ['composer', 'composer.phar'],
    optionsWithValue: ['-d', '--working-dir'],
    installs: ['install', 'i', 'update', 'u', 'upgrade', 'require', 'r', 'create-project', 'global require'],
    flags: [],
    cleanup: ['composer clear-cache'],
    cleanedBy: ['clear-cache', 'clearcache', 'cc'],
    cacheDirs: ['~/.cache/composer', '~/.composer/cache', '/tmp/cache'],
    cacheOffFlags: ['--no-cache'],
    hadolint: [],
  },
  {
    // unsafe: a later `go run` or `go build` must download and compile again
    id: 'go',
    commands: ['go'],
    optionsWithValue: [],
    installs: ['build', 'install', 'get', 'mod download', 'test'],
    flags: [],
    cleanup: ['go clean -cache -modcache'],
    cleanedBy: ['clean'],
    cacheDirs: ['~/.cache/go-build', '/go/pkg/mod'],
    otherCacheDirs: ['~/go/pkg/mod'],
    // every command that builds or loads packages reads the module cache (offline, it cannot fetch again)
    cacheUse: { flags: [], subcommands: ['build', 'run', 'test', 'install', 'get', 'mod', 'vet', 'generate', 'list'] },
    hadolint: [],
  },
];

/** The entry running under a command name (basename), if any. */
export function managerForCommand(name: string): PackageManager | undefined {
  let found = byCommand.get(name);
  if (found === undefined) {
    found = packageManagers.find((m) => m.commands.includes(name) || m.commandPattern?.test(name)) ?? null;
    if (byCommand.size < 10_000) byCommand.set(name, found);
  }
  return found ?? undefined;
}

/** Command name → entry (null: none), filled on lookup; bounded so odd inputs cannot grow it without end. */
const byCommand = new Map<string, PackageManager | null>();

/** The entry with this id; throws on a typo, which is a bug in a transform. */
export function manager(id: string): PackageManager {
  const found = packageManagers.find((m) => m.id === id);
  if (!found) throw new Error(`unknown package manager "${id}"`);
  return found;
}
