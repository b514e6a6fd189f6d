/**
 * What is known about common base images: their tag grammar, the distribution release behind a tag,
 * libc, shell, package manager, users, what each smaller variant lacks, approximate sizes, deprecations
 * and end-of-life dates. Data only: the queries live in image-knowledge.ts. Adding a family or a release
 * is one entry here plus its tests. Every group of facts carries the date it was read, because tags move
 * (the Debian release behind `python:3.12` went from bookworm to trixie in August 2025).
 */

export type Distro = 'debian' | 'ubuntu' | 'alpine' | 'rhel' | 'fedora' | 'amazonlinux' | 'wolfi' | 'oraclelinux' | 'none';
export type Libc = 'glibc' | 'musl' | 'none';
export type OsPackageManager = 'apt' | 'apk' | 'dnf' | 'microdnf' | 'yum';

export interface Release {
  /** As tags write it: `bookworm`, `jammy`, `alpine3.20`, `ubi9`, `al2023`. */
  id: string;
  distro: Distro;
  /** The distribution's version number (`12`, `22.04`, `3.20`, `9`). */
  version: string;
  /** Last day of any free security support (Debian LTS, Ubuntu standard support, Alpine main), when known. */
  endOfLife?: string;
  /** Distroless images name it in their repository: `debian12`. */
  distroless?: string;
  read: string;
}

/** Releases tags name; `read` is when the dates were checked. */
export const releases: readonly Release[] = [
  { id: 'jessie', distro: 'debian', version: '8', endOfLife: '2020-06-30', read: '2026-12-02' },
  { id: 'stretch', distro: 'debian', version: '9', endOfLife: '2022-06-30', read: '2026-12-02' },
  { id: 'buster', distro: 'debian', version: '10', endOfLife: '2024-06-30', distroless: 'debian10', read: '2026-12-02' },
  { id: 'bullseye', distro: 'debian', version: '11', endOfLife: '2026-08-31', distroless: 'debian11', read: '2026-12-02' },
  { id: 'bookworm', distro: 'debian', version: '12', endOfLife: '2028-06-30', distroless: 'debian12', read: '2026-12-02' },
  { id: 'trixie', distro: 'debian', version: '13', distroless: 'debian13', read: '2026-12-02' },
  { id: 'forky', distro: 'debian', version: '14', read: '2026-12-02' },
  { id: 'bionic', distro: 'ubuntu', version: '18.04', endOfLife: '2023-05-31', read: '2026-12-02' },
  { id: 'focal', distro: 'ubuntu', version: '20.04', endOfLife: '2025-05-31', read: '2026-12-02' },
  { id: 'jammy', distro: 'ubuntu', version: '22.04', endOfLife: '2027-04-30', read: '2026-12-02' },
  { id: 'noble', distro: 'ubuntu', version: '24.04', endOfLife: '2029-04-30', read: '2026-12-02' },
  { id: 'alpine3.16', distro: 'alpine', version: '3.16', endOfLife: '2024-05-23', read: '2026-12-02' },
  { id: 'alpine3.17', distro: 'alpine', version: '3.17', endOfLife: '2024-11-22', read: '2026-12-02' },
  { id: 'alpine3.18', distro: 'alpine', version: '3.18', endOfLife: '2025-05-09', read: '2026-12-02' },
  { id: 'alpine3.19', distro: 'alpine', version: '3.19', endOfLife: '2025-11-01', read: '2026-12-02' },
  { id: 'alpine3.20', distro: 'alpine', version: '3.20', endOfLife: '2026-04-01', read: '2026-12-02' },
  { id: 'alpine3.21', distro: 'alpine', version: '3.21', endOfLife: '2026-11-01', read: '2026-12-02' },
  { id: 'alpine3.22', distro: 'alpine', version: '3.22', endOfLife: '2027-05-01', read: '2026-12-02' },
  { id: 'alpine3.23', distro: 'alpine', version: '3.23', endOfLife: '2027-11-01', read: '2026-12-02' },
  { id: 'alpine3.24', distro: 'alpine', version: '3.24', read: '2026-12-02' },
  { id: 'ubi8', distro: 'rhel', version: '8', endOfLife: '2029-05-31', read: '2026-12-02' },
  { id: 'ubi9', distro: 'rhel', version: '9', endOfLife: '2032-05-31', read: '2026-12-02' },
  { id: 'ubi10', distro: 'rhel', version: '10', read: '2026-12-02' },
  { id: 'al2', distro: 'amazonlinux', version: '2', endOfLife: '2026-06-30', read: '2026-12-02' },
  { id: 'al2023', distro: 'amazonlinux', version: '2023', read: '2026-12-02' },
  { id: 'oraclelinux8', distro: 'oraclelinux', version: '8', read: '2026-12-02' },
];

/** Programs and packages every image of a distribution has (its essential set), and its standard users. */
export interface DistroBase {
  distro: Distro;
  libc: Libc;
  packageManager: OsPackageManager;
  programs: readonly string[];
  packages: readonly string[];
  users: readonly User[];
  read: string;
}

export interface User {
  name: string;
  uid: number;
}

const ROOT: User = { name: 'root', uid: 0 };
const NOBODY: User = { name: 'nobody', uid: 65534 };

/** What Debian's essential packages put in every debian image, slim or not (coreutils, dash, bash, apt, dpkg, perl-base, passwd, util-linux, …). */
const DEBIAN_PROGRAMS = [
  'sh', 'dash', 'bash', 'rbash', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'ln', 'chmod', 'chown', 'chgrp', 'cat', 'echo', 'printf',
  'test', '[', 'true', 'false', 'touch', 'head', 'tail', 'cut', 'sort', 'uniq', 'wc', 'tr', 'tee', 'env', 'id', 'whoami', 'date',
  'sleep', 'pwd', 'basename', 'dirname', 'readlink', 'realpath', 'mktemp', 'install', 'stat', 'df', 'du', 'dd', 'sync', 'uname',
  'nproc', 'seq', 'yes', 'expr', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'base64', 'od', 'split', 'paste', 'join', 'nl',
  'fold', 'fmt', 'tac', 'rev', 'comm', 'timeout', 'nice', 'nohup', 'stdbuf', 'chroot', 'tsort', 'shuf', 'truncate', 'numfmt',
  'grep', 'egrep', 'fgrep', 'sed', 'awk', 'mawk', 'find', 'xargs', 'tar', 'gzip', 'gunzip', 'zcat', 'diff', 'cmp', 'sdiff',
  'hostname', 'su', 'login', 'mount', 'umount', 'kill', 'more', 'getopt', 'setpriv', 'runuser', 'logger', 'which', 'run-parts',
  'savelog', 'tempfile', 'apt', 'apt-get', 'apt-cache', 'apt-config', 'apt-key', 'apt-mark', 'dpkg', 'dpkg-query',
  'dpkg-deb', 'dpkg-divert', 'dpkg-statoverride', 'dpkg-trigger', 'update-alternatives', 'gpgv', 'perl', 'useradd', 'userdel',
  'usermod', 'groupadd', 'groupdel', 'groupmod', 'adduser', 'addgroup', 'deluser', 'delgroup', 'chpasswd', 'passwd', 'chsh',
  'newgrp', 'gpasswd', 'getent', 'ldd', 'ldconfig', 'locale', 'localedef', 'iconv', 'tic', 'tput', 'clear', 'reset', 'zdump',
  'start-stop-daemon', 'invoke-rc.d', 'update-rc.d', 'service', 'pidof', 'killall5', 'findmnt', 'lsblk', 'flock', 'setsid',
  'ionice', 'taskset', 'unshare', 'nsenter', 'chrt', 'rename.ul', 'whereis', 'script', 'wall', 'mesg', 'last',
];

/** Ubuntu's minimal images share Debian's essential set. */
const UBUNTU_PROGRAMS = DEBIAN_PROGRAMS;

const ALPINE_PROGRAMS = [
  'sh', 'ash', 'busybox', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'ln', 'chmod', 'chown', 'chgrp', 'cat', 'echo', 'printf', 'test',
  '[', 'true', 'false', 'touch', 'head', 'tail', 'cut', 'sort', 'uniq', 'wc', 'tr', 'tee', 'env', 'id', 'whoami', 'date', 'sleep',
  'pwd', 'basename', 'dirname', 'readlink', 'realpath', 'mktemp', 'install', 'stat', 'df', 'du', 'dd', 'sync', 'uname', 'nproc',
  'seq', 'yes', 'expr', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'base64', 'od', 'grep', 'egrep', 'fgrep', 'sed', 'awk',
  'find', 'xargs', 'tar', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'unzip', 'xz', 'unxz', 'diff', 'cmp', 'hostname', 'su',
  'kill', 'killall', 'ps', 'top', 'free', 'pgrep', 'pkill', 'wget', 'nc', 'ping', 'ip', 'ifconfig', 'netstat', 'nslookup', 'vi',
  'less', 'more', 'which', 'adduser', 'addgroup', 'deluser', 'delgroup', 'passwd', 'chpasswd', 'getent', 'ldd', 'ldconfig',
  'apk', 'timeout', 'nice', 'nohup', 'chroot', 'setsid', 'flock', 'logger', 'mount', 'umount', 'watch', 'uptime',
];

const RPM_PROGRAMS = [
  'sh', 'bash', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'ln', 'chmod', 'chown', 'chgrp', 'cat', 'echo', 'printf', 'test', '[', 'true',
  'false', 'touch', 'head', 'tail', 'cut', 'sort', 'uniq', 'wc', 'tr', 'tee', 'env', 'id', 'whoami', 'date', 'sleep', 'pwd', 'basename',
  'dirname', 'readlink', 'realpath', 'mktemp', 'install', 'stat', 'df', 'du', 'dd', 'sync', 'uname', 'nproc', 'seq', 'yes', 'expr',
  'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'base64', 'od', 'grep', 'egrep', 'fgrep', 'sed', 'gawk', 'awk', 'tar', 'gzip',
  'gunzip', 'zcat', 'rpm', 'getent', 'ldd', 'ldconfig', 'timeout', 'nice', 'nohup', 'chroot', 'setsid', 'kill',
];

export const distroBases: readonly DistroBase[] = [
  { distro: 'debian', libc: 'glibc', packageManager: 'apt', programs: DEBIAN_PROGRAMS, packages: [], users: [ROOT, { name: 'www-data', uid: 33 }, NOBODY], read: '2026-12-02' },
  { distro: 'ubuntu', libc: 'glibc', packageManager: 'apt', programs: UBUNTU_PROGRAMS, packages: [], users: [ROOT, { name: 'www-data', uid: 33 }, NOBODY], read: '2026-12-02' },
  { distro: 'alpine', libc: 'musl', packageManager: 'apk', programs: ALPINE_PROGRAMS, packages: ['ca-certificates-bundle'], users: [ROOT, NOBODY], read: '2026-12-02' },
  { distro: 'rhel', libc: 'glibc', packageManager: 'dnf', programs: RPM_PROGRAMS, packages: ['ca-certificates'], users: [ROOT, NOBODY], read: '2026-12-02' },
  { distro: 'fedora', libc: 'glibc', packageManager: 'dnf', programs: RPM_PROGRAMS, packages: ['ca-certificates'], users: [ROOT, NOBODY], read: '2026-12-02' },
  { distro: 'amazonlinux', libc: 'glibc', packageManager: 'dnf', programs: RPM_PROGRAMS, packages: ['ca-certificates'], users: [ROOT, NOBODY], read: '2026-12-02' },
  { distro: 'oraclelinux', libc: 'glibc', packageManager: 'microdnf', programs: RPM_PROGRAMS, packages: ['ca-certificates'], users: [ROOT, NOBODY], read: '2026-12-02' },
  { distro: 'wolfi', libc: 'glibc', packageManager: 'apk', programs: [], packages: [], users: [ROOT, { name: 'nonroot', uid: 65532 }], read: '2026-12-02' },
  { distro: 'none', libc: 'none', packageManager: 'apt', programs: [], packages: [], users: [], read: '2026-12-02' },
];

/**
 * What the full python, node, ruby and rust images add on top of Debian: they are built FROM
 * buildpack-deps (its curl, scm and full layers). Their smaller `-slim` variants have none of it.
 */
export const buildpackDeps = {
  read: '2026-12-02',
  programs: [
    // curl layer
    'curl', 'wget', 'gpg', 'gpgconf', 'gpg-agent', 'dirmngr', 'openssl',
    // scm layer
    'git', 'hg', 'svn', 'svnadmin', 'ssh', 'scp', 'sftp', 'ssh-keygen', 'ssh-keyscan', 'ssh-agent', 'ssh-add', 'ps', 'top', 'free',
    'pgrep', 'pkill', 'pmap', 'uptime', 'vmstat', 'w', 'watch', 'sysctl', 'python3',
    // full layer: compilers, build tools, archives, imagemagick, the -dev packages' config scripts
    'gcc', 'g++', 'cc', 'c++', 'cpp', 'make', 'autoconf', 'autoheader', 'autoreconf', 'autom4te', 'automake', 'aclocal', 'libtool',
    'libtoolize', 'm4', 'patch', 'file', 'unzip', 'zipinfo', 'xz', 'unxz', 'xzcat', 'lzma', 'bzip2', 'bunzip2', 'bzcat', 'ld', 'as',
    'ar', 'nm', 'objdump', 'objcopy', 'strip', 'ranlib', 'readelf', 'strings', 'pkg-config', 'pkgconf', 'dpkg-architecture',
    'dpkg-buildpackage', 'dpkg-source', 'dpkg-shlibdeps', 'convert', 'identify', 'mogrify', 'composite', 'compare', 'montage',
    'magick', 'pg_config', 'mysql_config', 'mariadb_config', 'curl-config', 'xml2-config', 'xslt-config', 'krb5-config',
    'Magick-config', 'MagickWand-config', 'ncursesw6-config', 'glib-compile-resources', 'gdbus-codegen',
  ],
  /** Command-name prefixes of the same tools (`gcc-12`, `git-upload-pack`, `x86_64-linux-gnu-gcc`). */
  programPrefixes: ['gcc-', 'g++-', 'cpp-', 'git-', 'x86_64-linux-gnu-', 'aarch64-linux-gnu-', 'python3.'],
  packages: [
    'ca-certificates', 'curl', 'wget', 'gnupg', 'netbase', 'git', 'mercurial', 'subversion', 'openssh-client', 'procps',
    'build-essential', 'gcc', 'g++', 'make', 'autoconf', 'automake', 'libtool', 'patch', 'file', 'unzip', 'xz-utils', 'bzip2',
    'dpkg-dev', 'imagemagick', 'libc6-dev', 'libssl-dev', 'libpq-dev', 'libffi-dev', 'zlib1g-dev', 'libxml2-dev', 'libxslt1-dev',
    'libjpeg-dev', 'libpng-dev', 'libsqlite3-dev', 'libbz2-dev', 'libreadline-dev', 'libyaml-dev', 'libcurl4-openssl-dev',
    'default-libmysqlclient-dev', 'libmagickwand-dev', 'libkrb5-dev', 'libgmp-dev', 'libncurses-dev', 'liblzma-dev',
    'libwebp-dev', 'libevent-dev', 'libdb-dev', 'libgdbm-dev', 'libglib2.0-dev', 'libmaxminddb-dev', 'pkg-config',
    // /etc/mime.types: the scm layer's mercurial needs python3, whose standard library depends on it
    'media-types',
    // imagemagick's fontconfig brings a font
    'fonts-dejavu-core',
  ],
} as const;

/** Approximate compressed size of an image (linux/amd64), as published by its registry. Always an estimate. */
export interface SizeEstimate {
  mb: number;
  /** The tag the figure is for. */
  of: string;
  read: string;
}

/** One variant of a family: what it holds beyond its distribution's essential set. */
export interface Variant {
  /** Programs it has on top of the distribution base (the full variants name buildpack-deps' set with `buildpack`). */
  programs: readonly string[];
  /** Command-name prefixes of its own programs (`python3.` for `python3.12`). */
  programPrefixes?: readonly string[];
  /** Packages it has that provide no program but matter (`ca-certificates`, `tzdata`). */
  packages: readonly string[];
  /** Has buildpack-deps' programs and packages. */
  buildpack?: boolean;
  shell: boolean | undefined;
  packageManager: OsPackageManager | undefined;
  users?: readonly User[];
  /** The user the image runs as, when not root. */
  defaultUser?: string;
  size?: SizeEstimate;
  /** A known trap to mention when swapping to it. */
  note?: string;
}

/** How a family's tags are written. */
export interface TagGrammar {
  /** Tokens (between `-`) naming variants, mapped to the variant they select. */
  variants: Record<string, string>;
  /** The variant a tag without a variant token names. */
  defaultVariant: string;
  /** Words standing where a version goes (`lts`, `iron`), with the version when it is fixed. */
  versionWords?: Record<string, string | undefined>;
  /** Tokens that belong to the version (`3.15-rc`, `21-ea-14`). */
  versionQualifiers?: readonly string[];
  /** Whether the first token is a version (`3.12`) or the release itself (`bookworm`, `12`). */
  versionIsRelease?: boolean;
  /** Release distributions its tags may name. */
  releaseDistros: readonly Distro[];
  /** Where `-slim` goes: right after the version (`3.12-slim-bookworm`) or after the release (`20-bookworm-slim`). */
  slimAfter?: 'version' | 'release';
  /**
   * The release behind a tag that names none, by version (first entry whose `from` ≤ version wins;
   * no `from` matches every version), with the date it was read. Absent: not known to the data.
   */
  defaultRelease?: readonly { from?: string; release: string; read: string }[];
}

export interface ImageFamily {
  id: string;
  /** Repository keys: the name for Docker Hub official images, else `registry/path`. */
  repositories: readonly string[];
  /** The variant names its repository alone implies (`ubi9/ubi-minimal`, `distroless/static-debian12`). */
  repositoryVariant?: Record<string, string>;
  /** The release a repository name implies (`ubi9/…`, `…-debian12`). */
  repositoryRelease?: Record<string, string>;
  distro: Distro;
  tags: TagGrammar;
  variants: Record<string, Variant>;
  /** For a full variant: the smaller variant of the same version and release that a stage may move to. */
  smaller?: Record<string, string>;
  deprecated?: { since: string; advice: string; read: string };
  /** Versions past their end of life (the language's or product's own), with dates. */
  versionEndOfLife?: readonly { version: string; date: string }[];
  /** The variants further down (alpine, distroless) a finding may mention, with why they are not applied. */
  smallerButDifferent?: readonly { image: string; why: string }[];
  /** The Java version a tag names (maven `3.9-eclipse-temurin-17`, gradle `8-jdk17`): a token pattern with one group. */
  javaVersionToken?: RegExp;
  read: string;
}

const DEBIAN_RELEASES: readonly Distro[] = ['debian'];
const DEBIAN_AND_ALPINE: readonly Distro[] = ['debian', 'alpine'];

/** Released python versions behind a bare tag: trixie since 2025-08 (3.10 and newer, as published then). */
const DOCKER_LIBRARY_DEFAULT = [
  { from: '3.10', release: 'trixie', read: '2025-10-26' },
] as const;

export const families: readonly ImageFamily[] = [
  {
    id: 'python',
    repositories: ['python'],
    distro: 'debian',
    tags: {
      variants: { slim: 'slim', alpine: 'alpine' },
      defaultVariant: 'full',
      versionQualifiers: ['rc'],
      releaseDistros: DEBIAN_AND_ALPINE,
      slimAfter: 'version',
      defaultRelease: DOCKER_LIBRARY_DEFAULT,
    },
    variants: {
      full: { programs: ['python', 'python3', 'pip', 'pip3', 'pydoc3', 'idle3', 'python3-config'], programPrefixes: ['python3.', 'pip3.'], packages: [], buildpack: true, shell: true, packageManager: 'apt', size: { mb: 410, of: 'python:3.12', read: '2026-12-02' } },
      slim: {
        programs: ['python', 'python3', 'pip', 'pip3', 'pydoc3', 'idle3', 'python3-config', 'openssl'],
        programPrefixes: ['python3.', 'pip3.'],
        packages: ['ca-certificates', 'netbase', 'tzdata'],
        shell: true,
        packageManager: 'apt',
        size: { mb: 43, of: 'python:3.12-slim', read: '2026-12-02' },
        note: 'no compiler, make, -dev headers, git, curl or wget',
      },
      alpine: { programs: ['python', 'python3', 'pip', 'pip3'], programPrefixes: ['python3.', 'pip3.'], packages: ['ca-certificates'], shell: true, packageManager: 'apk', size: { mb: 18, of: 'python:3.12-alpine', read: '2026-12-02' } },
    },
    smaller: { full: 'slim' },
    versionEndOfLife: [
      { version: '3.7', date: '2023-06-27' },
      { version: '3.8', date: '2024-10-07' },
      { version: '3.9', date: '2025-10-31' },
    ],
    smallerButDifferent: [
      { image: 'alpine', why: 'musl instead of glibc: manylinux wheels do not install and C extensions behave differently' },
      { image: 'gcr.io/distroless/python3', why: 'no shell and the distribution python, not this version' },
    ],
    read: '2026-12-02',
  },
  {
    id: 'node',
    repositories: ['node'],
    distro: 'debian',
    tags: {
      variants: { slim: 'slim', alpine: 'alpine' },
      defaultVariant: 'full',
      versionWords: { lts: undefined, current: undefined, argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14', gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24' },
      releaseDistros: DEBIAN_AND_ALPINE,
      slimAfter: 'release',
      // node:25.5 was Debian 12 in 2026-01; the trixie default came with Node 26
      defaultRelease: [
        { from: '26', release: 'trixie', read: '2026-07-07' },
        { from: '18', release: 'bookworm', read: '2026-01-30' },
      ],
    },
    variants: {
      full: { programs: ['node', 'nodejs', 'npm', 'npx', 'corepack', 'yarn', 'yarnpkg'], packages: [], buildpack: true, shell: true, packageManager: 'apt', users: [{ name: 'node', uid: 1000 }], size: { mb: 400, of: 'node:20', read: '2026-12-02' } },
      slim: {
        programs: ['node', 'nodejs', 'npm', 'npx', 'corepack', 'yarn', 'yarnpkg'],
        packages: [],
        shell: true,
        packageManager: 'apt',
        users: [{ name: 'node', uid: 1000 }],
        size: { mb: 80, of: 'node:20-slim', read: '2026-12-02' },
        note: 'no ca-certificates, curl, wget, git, python3, make or g++',
      },
      alpine: { programs: ['node', 'nodejs', 'npm', 'npx', 'yarn'], packages: [], shell: true, packageManager: 'apk', users: [{ name: 'node', uid: 1000 }], size: { mb: 50, of: 'node:20-alpine', read: '2026-12-02' } },
    },
    smaller: { full: 'slim' },
    versionEndOfLife: [
      { version: '14', date: '2023-04-30' },
      { version: '16', date: '2023-09-11' },
      { version: '18', date: '2025-04-30' },
      { version: '20', date: '2026-04-30' },
    ],
    smallerButDifferent: [
      { image: 'alpine', why: 'musl instead of glibc: prebuilt native addons for glibc do not load' },
      { image: 'gcr.io/distroless/nodejs', why: 'no shell or npm; the entrypoint is node itself' },
    ],
    read: '2026-12-02',
  },
  {
    id: 'ruby',
    repositories: ['ruby'],
    distro: 'debian',
    tags: { variants: { slim: 'slim', alpine: 'alpine' }, defaultVariant: 'full', versionQualifiers: ['rc', 'preview1', 'preview2'], releaseDistros: DEBIAN_AND_ALPINE, slimAfter: 'version', defaultRelease: [{ from: '3.2', release: 'trixie', read: '2025-10-26' }] },
    variants: {
      full: { programs: ['ruby', 'gem', 'bundle', 'bundler', 'irb', 'erb', 'rake', 'rdoc', 'ri'], packages: [], buildpack: true, shell: true, packageManager: 'apt', size: { mb: 360, of: 'ruby:3.3', read: '2026-12-02' } },
      slim: {
        programs: ['ruby', 'gem', 'bundle', 'bundler', 'irb', 'erb', 'rake', 'rdoc', 'ri', 'ps', 'top', 'free', 'pgrep', 'pkill', 'bzip2', 'bunzip2', 'openssl'],
        packages: ['ca-certificates', 'procps', 'bzip2', 'libffi-dev', 'libgmp-dev', 'libssl-dev', 'libyaml-dev', 'zlib1g-dev'],
        shell: true,
        packageManager: 'apt',
        size: { mb: 65, of: 'ruby:3.3-slim', read: '2026-12-02' },
        note: 'no compiler or make: gems with native extensions do not build',
      },
      alpine: { programs: ['ruby', 'gem', 'bundle', 'bundler', 'irb', 'erb', 'rake'], packages: ['ca-certificates'], shell: true, packageManager: 'apk' },
    },
    smaller: { full: 'slim' },
    versionEndOfLife: [{ version: '2.7', date: '2023-03-31' }, { version: '3.0', date: '2024-04-23' }, { version: '3.1', date: '2025-03-26' }],
    read: '2026-12-02',
  },
  {
    id: 'rust',
    repositories: ['rust'],
    distro: 'debian',
    tags: { variants: { slim: 'slim', alpine: 'alpine' }, defaultVariant: 'full', releaseDistros: DEBIAN_AND_ALPINE, slimAfter: 'version', defaultRelease: [{ from: '1.89', release: 'trixie', read: '2025-08-19' }] },
    variants: {
      full: { programs: ['rustc', 'cargo', 'rustup', 'rustdoc'], packages: [], buildpack: true, shell: true, packageManager: 'apt', size: { mb: 560, of: 'rust:1.80', read: '2026-12-02' } },
      slim: {
        programs: ['rustc', 'cargo', 'rustup', 'rustdoc', 'gcc', 'cc', 'cpp', 'ld', 'as', 'ar', 'openssl'],
        packages: ['ca-certificates', 'gcc', 'libc6-dev'],
        shell: true,
        packageManager: 'apt',
        size: { mb: 260, of: 'rust:1.80-slim', read: '2026-12-02' },
        note: 'no make, pkg-config, -dev headers (libssl-dev), git or curl',
      },
      alpine: { programs: ['rustc', 'cargo', 'rustup', 'rustdoc', 'gcc', 'cc'], packages: ['ca-certificates'], shell: true, packageManager: 'apk' },
    },
    smaller: { full: 'slim' },
    read: '2026-12-02',
  },
  {
    id: 'golang',
    repositories: ['golang'],
    distro: 'debian',
    tags: { variants: { alpine: 'alpine' }, defaultVariant: 'full', releaseDistros: DEBIAN_AND_ALPINE, defaultRelease: [{ from: '1.24', release: 'trixie', read: '2025-10-26' }, { from: '1.21', release: 'bookworm', read: '2025-10-26' }] },
    variants: {
      full: { programs: ['go', 'gofmt'], packages: [], buildpack: true, shell: true, packageManager: 'apt', size: { mb: 300, of: 'golang:1.22', read: '2026-12-02' } },
      alpine: { programs: ['go', 'gofmt'], packages: [], shell: true, packageManager: 'apk', size: { mb: 80, of: 'golang:1.22-alpine', read: '2026-12-02' } },
    },
    read: '2026-12-02',
  },
  {
    id: 'php',
    repositories: ['php'],
    distro: 'debian',
    tags: { variants: { cli: 'cli', fpm: 'fpm', apache: 'apache', zts: 'zts', alpine: 'alpine' }, defaultVariant: 'cli', versionQualifiers: ['rc'], releaseDistros: DEBIAN_AND_ALPINE, defaultRelease: [{ from: '8.2', release: 'trixie', read: '2025-10-26' }] },
    variants: {
      cli: { programs: ['php', 'pecl', 'pear', 'phpize', 'php-config', 'docker-php-ext-install', 'docker-php-ext-enable', 'docker-php-ext-configure', 'docker-php-source', 'curl', 'xz'], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'www-data', uid: 33 }] },
    },
    versionEndOfLife: [{ version: '7.4', date: '2022-11-28' }, { version: '8.0', date: '2023-11-26' }, { version: '8.1', date: '2025-12-31' }],
    read: '2026-12-02',
  },
  {
    id: 'debian',
    repositories: ['debian'],
    distro: 'debian',
    tags: { variants: { slim: 'slim' }, defaultVariant: 'full', versionIsRelease: true, releaseDistros: DEBIAN_RELEASES, slimAfter: 'release' },
    variants: {
      full: { programs: [], packages: [], shell: true, packageManager: 'apt', size: { mb: 49, of: 'debian:bookworm', read: '2026-12-02' } },
      slim: { programs: [], packages: [], shell: true, packageManager: 'apt', size: { mb: 28, of: 'debian:bookworm-slim', read: '2026-12-02' }, note: 'no man pages, docs or translations, and packages installed later get none either' },
    },
    smaller: { full: 'slim' },
    read: '2026-12-02',
  },
  {
    id: 'ubuntu',
    repositories: ['ubuntu'],
    distro: 'ubuntu',
    tags: { variants: {}, defaultVariant: 'full', versionIsRelease: true, releaseDistros: ['ubuntu'] },
    variants: { full: { programs: [], packages: [], shell: true, packageManager: 'apt', size: { mb: 30, of: 'ubuntu:24.04', read: '2026-12-02' } } },
    read: '2026-12-02',
  },
  {
    id: 'openjdk',
    repositories: ['openjdk'],
    distro: 'debian',
    tags: { variants: { jdk: 'jdk', jre: 'jre', slim: 'slim', oracle: 'oracle', buster: 'buster', bullseye: 'bullseye', windowsservercore: 'windows', nanoserver: 'windows' }, defaultVariant: 'jdk', versionQualifiers: ['ea'], releaseDistros: DEBIAN_AND_ALPINE },
    variants: {
      jdk: { programs: ['java', 'javac', 'jar', 'jshell', 'jlink', 'jdeps', 'javadoc', 'keytool', 'jcmd', 'jps', 'jstack', 'jmap'], packages: ['ca-certificates'], shell: true, packageManager: undefined, size: { mb: 230, of: 'openjdk:17', read: '2026-12-02' } },
      jre: { programs: ['java', 'keytool'], packages: ['ca-certificates'], shell: true, packageManager: 'apt' },
    },
    deprecated: { since: '2022-07', advice: 'the openjdk images get no updates; use eclipse-temurin (or amazoncorretto, ibm-semeru-runtimes, sapmachine)', read: '2026-12-02' },
    read: '2026-12-02',
  },
  {
    id: 'eclipse-temurin',
    repositories: ['eclipse-temurin'],
    distro: 'ubuntu',
    tags: { variants: { jdk: 'jdk', jre: 'jre', alpine: 'alpine', ubi9: 'ubi9', minimal: 'minimal' }, defaultVariant: 'jdk', releaseDistros: ['ubuntu', 'alpine', 'rhel'], defaultRelease: [{ from: '8', release: 'noble', read: '2026-12-02' }] },
    variants: {
      jdk: { programs: ['java', 'javac', 'jar', 'jshell', 'jlink', 'jdeps', 'javadoc', 'keytool', 'jcmd', 'jps', 'jstack', 'jmap', 'jfr'], packages: ['ca-certificates', 'tzdata'], shell: true, packageManager: 'apt', users: [{ name: 'ubuntu', uid: 1000 }], size: { mb: 190, of: 'eclipse-temurin:21-jdk', read: '2026-12-02' } },
      jre: { programs: ['java', 'keytool', 'jfr'], packages: ['ca-certificates', 'tzdata'], shell: true, packageManager: 'apt', users: [{ name: 'ubuntu', uid: 1000 }], size: { mb: 90, of: 'eclipse-temurin:21-jre', read: '2026-12-02' } },
    },
    smaller: { jdk: 'jre' },
    read: '2026-12-02',
  },
  {
    id: 'amazoncorretto',
    repositories: ['amazoncorretto'],
    distro: 'amazonlinux',
    tags: { variants: { jdk: 'jdk', headless: 'headless', headful: 'headful', alpine: 'alpine' }, defaultVariant: 'jdk', releaseDistros: ['amazonlinux', 'alpine'], defaultRelease: [{ release: 'al2', read: '2026-12-02' }] },
    variants: { jdk: { programs: ['java', 'javac', 'jar', 'keytool'], packages: ['ca-certificates'], shell: true, packageManager: 'yum', size: { mb: 200, of: 'amazoncorretto:21', read: '2026-12-02' } } },
    read: '2026-12-02',
  },
  {
    id: 'maven',
    repositories: ['maven'],
    distro: 'ubuntu',
    tags: { variants: { alpine: 'alpine' }, defaultVariant: 'full', releaseDistros: ['ubuntu', 'alpine'] },
    variants: { full: { programs: ['mvn', 'java', 'javac', 'jar'], packages: ['ca-certificates'], shell: true, packageManager: 'apt' } },
    javaVersionToken: /^(?:eclipse-temurin|amazoncorretto|ibmjava|ibm-semeru|sapmachine|openjdk)-(\d+)(?=-|$)/,
    read: '2026-12-02',
  },
  {
    id: 'gradle',
    repositories: ['gradle'],
    distro: 'ubuntu',
    tags: { variants: { corretto: 'corretto', graal: 'graal', alpine: 'alpine', ubi: 'ubi', minimal: 'minimal' }, defaultVariant: 'full', releaseDistros: ['ubuntu', 'alpine'] },
    variants: { full: { programs: ['gradle', 'java', 'javac', 'jar', 'git'], packages: ['ca-certificates'], shell: true, packageManager: 'apt' } },
    javaVersionToken: /^jdk(\d+)(?=-|$)/,
    read: '2026-12-02',
  },
  {
    id: 'dotnet',
    repositories: ['mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime-deps'],
    repositoryVariant: { 'mcr.microsoft.com/dotnet/sdk': 'sdk', 'mcr.microsoft.com/dotnet/runtime': 'runtime', 'mcr.microsoft.com/dotnet/aspnet': 'aspnet', 'mcr.microsoft.com/dotnet/runtime-deps': 'runtime-deps' },
    distro: 'debian',
    tags: { variants: { slim: 'slim', chiseled: 'chiseled', extra: 'extra', composite: 'composite', alpine: 'alpine', azurelinux3: 'azurelinux', cbl: 'azurelinux' }, defaultVariant: '', releaseDistros: ['debian', 'ubuntu', 'alpine'], defaultRelease: [{ from: '10.0', release: 'noble', read: '2026-12-02' }, { from: '8.0', release: 'bookworm', read: '2026-12-02' }] },
    variants: {
      sdk: { programs: ['dotnet', 'git', 'curl', 'wget'], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'app', uid: 1654 }], size: { mb: 290, of: 'mcr.microsoft.com/dotnet/sdk:8.0', read: '2026-12-02' } },
      runtime: { programs: ['dotnet'], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'app', uid: 1654 }], size: { mb: 75, of: 'mcr.microsoft.com/dotnet/runtime:8.0', read: '2026-12-02' } },
      aspnet: { programs: ['dotnet'], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'app', uid: 1654 }], size: { mb: 90, of: 'mcr.microsoft.com/dotnet/aspnet:8.0', read: '2026-12-02' } },
      'runtime-deps': { programs: [], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'app', uid: 1654 }], size: { mb: 45, of: 'mcr.microsoft.com/dotnet/runtime-deps:8.0', read: '2026-12-02' } },
    },
    read: '2026-12-02',
  },
  {
    id: 'nginx',
    repositories: ['nginx'],
    distro: 'debian',
    tags: { variants: { alpine: 'alpine', slim: 'slim', perl: 'perl', otel: 'otel' }, defaultVariant: 'full', versionWords: { stable: undefined, mainline: undefined }, releaseDistros: DEBIAN_AND_ALPINE },
    variants: { full: { programs: ['nginx', 'curl'], packages: ['ca-certificates'], shell: true, packageManager: 'apt', users: [{ name: 'nginx', uid: 101 }], size: { mb: 70, of: 'nginx:1.27', read: '2026-12-02' } } },
    read: '2026-12-02',
  },
  {
    id: 'httpd',
    repositories: ['httpd'],
    distro: 'debian',
    tags: { variants: { alpine: 'alpine' }, defaultVariant: 'full', releaseDistros: DEBIAN_AND_ALPINE },
    variants: { full: { programs: ['httpd', 'apachectl', 'htpasswd'], packages: [], shell: true, packageManager: 'apt', users: [{ name: 'www-data', uid: 33 }], size: { mb: 60, of: 'httpd:2.4', read: '2026-12-02' } } },
    read: '2026-12-02',
  },
  {
    id: 'alpine',
    repositories: ['alpine'],
    distro: 'alpine',
    tags: { variants: {}, defaultVariant: 'full', versionIsRelease: true, releaseDistros: ['alpine'] },
    variants: { full: { programs: [], packages: [], shell: true, packageManager: 'apk', size: { mb: 3.6, of: 'alpine:3.20', read: '2026-12-02' } } },
    read: '2026-12-02',
  },
  {
    id: 'ubi',
    repositories: ['registry.access.redhat.com/ubi8/ubi', 'registry.access.redhat.com/ubi9/ubi', 'registry.access.redhat.com/ubi10/ubi', 'registry.access.redhat.com/ubi8', 'registry.access.redhat.com/ubi9', 'registry.access.redhat.com/ubi10', 'docker.io/redhat/ubi8', 'docker.io/redhat/ubi9', 'docker.io/redhat/ubi10',
      'registry.access.redhat.com/ubi8/ubi-minimal', 'registry.access.redhat.com/ubi9/ubi-minimal', 'registry.access.redhat.com/ubi10/ubi-minimal', 'registry.access.redhat.com/ubi8-minimal', 'registry.access.redhat.com/ubi9-minimal', 'docker.io/redhat/ubi8-minimal', 'docker.io/redhat/ubi9-minimal', 'docker.io/redhat/ubi10-minimal',
      'registry.access.redhat.com/ubi8/ubi-micro', 'registry.access.redhat.com/ubi9/ubi-micro', 'registry.access.redhat.com/ubi10/ubi-micro', 'registry.access.redhat.com/ubi8-micro', 'registry.access.redhat.com/ubi9-micro', 'docker.io/redhat/ubi8-micro', 'docker.io/redhat/ubi9-micro', 'docker.io/redhat/ubi10-micro'],
    distro: 'rhel',
    tags: { variants: {}, defaultVariant: '', releaseDistros: ['rhel'] },
    variants: {
      ubi: { programs: ['dnf', 'yum', 'microdnf'], packages: ['ca-certificates'], shell: true, packageManager: 'dnf', size: { mb: 80, of: 'ubi9/ubi', read: '2026-12-02' } },
      'ubi-minimal': { programs: ['microdnf'], packages: ['ca-certificates'], shell: true, packageManager: 'microdnf', size: { mb: 38, of: 'ubi9/ubi-minimal', read: '2026-12-02' } },
      'ubi-micro': { programs: [], packages: ['ca-certificates'], shell: undefined, packageManager: undefined, size: { mb: 8, of: 'ubi9/ubi-micro', read: '2026-12-02' } },
    },
    read: '2026-12-02',
  },
  {
    id: 'rockylinux',
    repositories: ['rockylinux', 'docker.io/rockylinux/rockylinux', 'quay.io/rockylinux/rockylinux'],
    distro: 'rhel',
    tags: { variants: { minimal: 'minimal', ubi: 'ubi', 'ubi-init': 'ubi' }, defaultVariant: 'full', versionIsRelease: false, releaseDistros: [] },
    variants: { full: { programs: ['dnf', 'yum'], packages: ['ca-certificates'], shell: true, packageManager: 'dnf' }, minimal: { programs: ['microdnf'], packages: ['ca-certificates'], shell: true, packageManager: 'microdnf' } },
    versionEndOfLife: [{ version: '8', date: '2029-05-31' }],
    read: '2026-12-02',
  },
  {
    id: 'almalinux',
    repositories: ['almalinux', 'docker.io/almalinux/almalinux', 'quay.io/almalinuxorg/almalinux'],
    distro: 'rhel',
    tags: { variants: { minimal: 'minimal', micro: 'micro', base: 'base', init: 'init' }, defaultVariant: 'full', releaseDistros: [] },
    variants: { full: { programs: ['dnf', 'yum'], packages: ['ca-certificates'], shell: true, packageManager: 'dnf' }, minimal: { programs: ['microdnf'], packages: ['ca-certificates'], shell: true, packageManager: 'microdnf' } },
    read: '2026-12-02',
  },
  {
    id: 'fedora',
    repositories: ['fedora', 'registry.fedoraproject.org/fedora', 'quay.io/fedora/fedora'],
    distro: 'fedora',
    tags: { variants: {}, defaultVariant: 'full', releaseDistros: [] },
    variants: { full: { programs: ['dnf'], packages: ['ca-certificates'], shell: true, packageManager: 'dnf', size: { mb: 60, of: 'fedora:41', read: '2026-12-02' } } },
    versionEndOfLife: [{ version: '38', date: '2024-05-21' }, { version: '39', date: '2024-11-26' }, { version: '40', date: '2025-05-13' }, { version: '41', date: '2025-12-15' }],
    read: '2026-12-02',
  },
  {
    id: 'distroless',
    repositories: [],
    distro: 'none',
    tags: { variants: { nonroot: 'nonroot', debug: 'debug', latest: 'latest' }, defaultVariant: 'latest', releaseDistros: [] },
    variants: {
      static: { programs: [], packages: ['ca-certificates', 'tzdata'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 2, of: 'gcr.io/distroless/static-debian12', read: '2026-12-02' } },
      base: { programs: [], packages: ['ca-certificates', 'tzdata', 'libc6', 'libssl3'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 20, of: 'gcr.io/distroless/base-debian12', read: '2026-12-02' } },
      'base-nossl': { programs: [], packages: ['ca-certificates', 'tzdata', 'libc6'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY] },
      cc: { programs: [], packages: ['ca-certificates', 'tzdata', 'libc6', 'libssl3', 'libgcc-s1', 'libstdc++6'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 23, of: 'gcr.io/distroless/cc-debian12', read: '2026-12-02' } },
      java: { programs: ['java'], packages: ['ca-certificates', 'tzdata', 'libc6'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 90, of: 'gcr.io/distroless/java21-debian12', read: '2026-12-02' } },
      python3: { programs: ['python3', 'python'], packages: ['ca-certificates', 'tzdata', 'libc6'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 20, of: 'gcr.io/distroless/python3-debian12', read: '2026-12-02' } },
      nodejs: { programs: ['node', 'nodejs'], packages: ['ca-certificates', 'tzdata', 'libc6'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }, NOBODY], size: { mb: 45, of: 'gcr.io/distroless/nodejs22-debian12', read: '2026-12-02' } },
    },
    read: '2026-12-02',
  },
  {
    id: 'chainguard',
    repositories: [],
    distro: 'wolfi',
    tags: { variants: { latest: 'latest', dev: 'dev' }, defaultVariant: 'latest', releaseDistros: [] },
    variants: {
      latest: { programs: [], packages: ['ca-certificates'], shell: false, packageManager: undefined, users: [{ name: 'nonroot', uid: 65532 }], defaultUser: 'nonroot' },
      dev: { programs: ['sh', 'ash', 'busybox', 'apk'], packages: ['ca-certificates'], shell: true, packageManager: 'apk', users: [{ name: 'nonroot', uid: 65532 }], defaultUser: 'root' },
    },
    read: '2026-12-02',
  },
];

/**
 * Distroless images: `gcr.io/distroless/<kind>[<version>]-debian<N>`; `kind` picks the variant above. Read
 * 2026-12-02 (debian12 and debian13 are published; java and nodejs carry their major version).
 */
export const distrolessRepository = /^(?:gcr\.io|distroless\.dev)\/distroless\/(static|base-nossl|base|cc|java-base|java(\d+)?|python3|nodejs(\d+)?)(?:-(debian\d+))?$/;

/** Chainguard images: `cgr.dev/chainguard/<name>`; the `-dev` tags have a shell and apk. Read 2026-12-02. */
export const chainguardRepository = /^cgr\.dev\/chainguard\/([a-z0-9][a-z0-9._-]*)$/;

