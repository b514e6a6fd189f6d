/**
 * Which programs an OS package puts on the PATH, per packaging family. Data only; read by
 * stage-programs.ts. A package not listed provides the program of its own name (`jq` → `jq`), and
 * listed ones provide that too. Read 2026-12-02 from Debian, Alpine and Fedora package contents.
 * A helper of the transforms, not a transform itself.
 */

export type PackagingFamily = 'deb' | 'apk' | 'rpm';

/** OS package managers by command name, and the subcommands that add and remove packages. */
export const osManagers: Record<string, { family: PackagingFamily; install: readonly string[]; remove: readonly string[] }> = {
  'apt-get': { family: 'deb', install: ['install', 'reinstall'], remove: ['remove', 'purge'] },
  apt: { family: 'deb', install: ['install', 'reinstall'], remove: ['remove', 'purge'] },
  aptitude: { family: 'deb', install: ['install', 'reinstall'], remove: ['remove', 'purge'] },
  apk: { family: 'apk', install: ['add'], remove: ['del'] },
  dnf: { family: 'rpm', install: ['install', 'reinstall'], remove: ['remove', 'erase'] },
  dnf5: { family: 'rpm', install: ['install', 'reinstall'], remove: ['remove', 'erase'] },
  yum: { family: 'rpm', install: ['install', 'reinstall'], remove: ['remove', 'erase'] },
  microdnf: { family: 'rpm', install: ['install', 'reinstall'], remove: ['remove'] },
  tdnf: { family: 'rpm', install: ['install', 'reinstall'], remove: ['remove', 'erase'] },
  zypper: { family: 'rpm', install: ['install', 'in'], remove: ['remove', 'rm'] },
};

const SSH = ['ssh', 'scp', 'sftp', 'ssh-keygen', 'ssh-keyscan', 'ssh-agent', 'ssh-add'];
const PROCPS = ['ps', 'top', 'free', 'pgrep', 'pkill', 'pmap', 'uptime', 'vmstat', 'w', 'watch', 'sysctl', 'kill'];
const BINUTILS = ['ld', 'as', 'ar', 'nm', 'objdump', 'objcopy', 'strip', 'ranlib', 'readelf', 'strings'];
const GCC = ['gcc', 'cc', 'cpp', ...BINUTILS];
const GXX = ['g++', 'c++', ...GCC];
const IMAGEMAGICK = ['convert', 'identify', 'mogrify', 'composite', 'compare', 'montage', 'magick'];
const GNUPG = ['gpg', 'gpgconf', 'gpg-agent', 'dirmngr'];
const XZ = ['xz', 'unxz', 'xzcat', 'lzma'];
const BZIP2 = ['bzip2', 'bunzip2', 'bzcat'];
const AUTOTOOLS = ['autoconf', 'autoheader', 'autoreconf', 'autom4te', 'automake', 'aclocal'];

export const packagePrograms: Record<PackagingFamily, Record<string, readonly string[]>> = {
  deb: {
    'build-essential': [...GXX, 'make', 'dpkg-architecture', 'dpkg-buildpackage', 'dpkg-source', 'patch'],
    gcc: GCC,
    'g++': GXX,
    clang: ['clang', 'clang++', 'cc', 'c++'],
    binutils: BINUTILS,
    'openssh-client': SSH,
    procps: PROCPS,
    'xz-utils': XZ,
    bzip2: BZIP2,
    unzip: ['unzip', 'zipinfo'],
    imagemagick: IMAGEMAGICK,
    mercurial: ['hg', 'python3'],
    subversion: ['svn', 'svnadmin'],
    gnupg: GNUPG,
    gnupg2: GNUPG,
    gpg: ['gpg'],
    'libpq-dev': ['pg_config'],
    'default-libmysqlclient-dev': ['mysql_config', 'mariadb_config'],
    'libmariadb-dev': ['mariadb_config'],
    'libmariadb-dev-compat': ['mysql_config'],
    'libxml2-dev': ['xml2-config'],
    'libxslt1-dev': ['xslt-config'],
    'libcurl4-openssl-dev': ['curl-config'],
    'pkg-config': ['pkg-config', 'pkgconf'],
    pkgconf: ['pkg-config', 'pkgconf'],
    python3: ['python3'],
    'python3-pip': ['pip', 'pip3'],
    'python3-dev': ['python3-config', 'python3'],
    'python-is-python3': ['python'],
    nodejs: ['node', 'nodejs'],
    npm: ['npm', 'npx'],
    'dpkg-dev': ['dpkg-architecture', 'dpkg-buildpackage', 'dpkg-source', 'dpkg-shlibdeps'],
    autoconf: AUTOTOOLS.slice(0, 4),
    automake: ['automake', 'aclocal'],
    libtool: ['libtool', 'libtoolize'],
    'libtool-bin': ['libtool'],
    'netcat-openbsd': ['nc'],
    'netcat-traditional': ['nc'],
    'iputils-ping': ['ping'],
    iproute2: ['ip', 'ss'],
    dnsutils: ['dig', 'nslookup'],
    'bind9-dnsutils': ['dig', 'nslookup'],
    'postgresql-client': ['psql', 'pg_dump', 'pg_isready'],
    'default-mysql-client': ['mysql', 'mysqldump'],
    'mariadb-client': ['mysql', 'mariadb', 'mysqldump'],
    'golang-go': ['go', 'gofmt'],
    'default-jdk': ['java', 'javac', 'jar', 'keytool'],
    'default-jdk-headless': ['java', 'javac', 'jar', 'keytool'],
    'default-jre': ['java', 'keytool'],
    'default-jre-headless': ['java', 'keytool'],
    'openjdk-17-jdk-headless': ['java', 'javac', 'jar', 'keytool'],
    'openjdk-17-jre-headless': ['java', 'keytool'],
    locales: ['locale-gen'],
    'man-db': ['man', 'mandb', 'apropos', 'whatis'],
    vim: ['vim', 'vi'],
    'vim-tiny': ['vi'],
    cmake: ['cmake', 'ctest', 'cpack'],
    'ninja-build': ['ninja'],
    supervisor: ['supervisord', 'supervisorctl'],
    cron: ['cron', 'crontab'],
    ffmpeg: ['ffmpeg', 'ffprobe'],
    ghostscript: ['gs'],
  },
  apk: {
    'build-base': [...GXX, 'make', 'patch'],
    gcc: GCC,
    'g++': GXX,
    clang: ['clang', 'clang++'],
    binutils: BINUTILS,
    'openssh-client': SSH,
    'openssh-client-default': SSH,
    openssh: [...SSH, 'sshd'],
    procps: PROCPS,
    'procps-ng': PROCPS,
    xz: XZ,
    gnupg: GNUPG,
    imagemagick: IMAGEMAGICK,
    'bind-tools': ['dig', 'nslookup'],
    'postgresql-client': ['psql', 'pg_dump', 'pg_isready'],
    'postgresql-dev': ['pg_config'],
    'libpq-dev': ['pg_config'],
    'mariadb-dev': ['mysql_config', 'mariadb_config'],
    'mysql-client': ['mysql'],
    'mariadb-client': ['mysql', 'mariadb'],
    python3: ['python3'],
    'py3-pip': ['pip', 'pip3'],
    nodejs: ['node'],
    npm: ['npm', 'npx'],
    iproute2: ['ip', 'ss'],
    iputils: ['ping'],
    'netcat-openbsd': ['nc'],
    'pkgconf': ['pkg-config', 'pkgconf'],
    autoconf: AUTOTOOLS.slice(0, 4),
    automake: ['automake', 'aclocal'],
    libtool: ['libtool', 'libtoolize'],
    go: ['go', 'gofmt'],
    'openjdk17-jre': ['java'],
    'openjdk17-jdk': ['java', 'javac', 'jar'],
    vim: ['vim', 'vi'],
  },
  rpm: {
    gcc: GCC,
    'gcc-c++': GXX,
    clang: ['clang', 'clang++'],
    binutils: BINUTILS,
    'openssh-clients': SSH,
    'procps-ng': PROCPS,
    xz: XZ,
    bzip2: BZIP2,
    unzip: ['unzip', 'zipinfo'],
    gnupg2: GNUPG,
    ImageMagick: IMAGEMAGICK,
    'bind-utils': ['dig', 'nslookup'],
    'postgresql-devel': ['pg_config'],
    'libpq-devel': ['pg_config'],
    'mariadb-devel': ['mysql_config', 'mariadb_config'],
    'mariadb-connector-c-devel': ['mysql_config', 'mariadb_config'],
    'mysql-devel': ['mysql_config'],
    python3: ['python3'],
    'python3-pip': ['pip', 'pip3'],
    'python3-devel': ['python3-config'],
    nodejs: ['node', 'npm', 'npx'],
    iproute: ['ip', 'ss'],
    iputils: ['ping'],
    'nmap-ncat': ['nc'],
    'shadow-utils': ['useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod'],
    findutils: ['find', 'xargs'],
    gzip: ['gzip', 'gunzip', 'zcat'],
    'pkgconf-pkg-config': ['pkg-config'],
    pkgconfig: ['pkg-config'],
    autoconf: AUTOTOOLS.slice(0, 4),
    automake: ['automake', 'aclocal'],
    libtool: ['libtool', 'libtoolize'],
    golang: ['go', 'gofmt'],
    'java-17-openjdk-headless': ['java', 'keytool'],
    'java-17-openjdk-devel': ['java', 'javac', 'jar'],
    'java-21-openjdk-headless': ['java', 'keytool'],
    'java-21-openjdk-devel': ['java', 'javac', 'jar'],
    'vim-minimal': ['vi'],
    'vim-enhanced': ['vim'],
  },
};

/** Programs a package provides: the table's list plus its own name. */
export function programsOfPackage(family: PackagingFamily, name: string): string[] {
  return [...new Set([name, ...(packagePrograms[family][name] ?? [])])];
}

/**
 * Debian packages an install brings along that matter to a build: what they depend on. What they only
 * recommend (gcc recommends libc6-dev) does not count: apt-no-recommends may drop it.
 */
const debDepends: Readonly<Record<string, readonly string[]>> = {
  'build-essential': ['libc6-dev', 'gcc', 'g++', 'make', 'dpkg-dev'],
  'g++': ['gcc', 'libc6-dev'], // through libstdc++-dev
};

/** Packages installing `name` also installs (its dependencies) that matter to a build. */
export function impliedPackages(family: PackagingFamily, name: string): string[] {
  if (family !== 'deb') return [];
  return [...(debDepends[name.replace(/-\d+$/, '')] ?? [])]; // g++-12 is g++
}

/**
 * Files of Debian packages that hold no program but that apps and settings name by path
 * (`NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt`): a path under one needs the package.
 */
export const packageFiles: Readonly<Record<string, readonly string[]>> = {
  'ca-certificates': ['/etc/ssl/certs', '/usr/share/ca-certificates'],
  netbase: ['/etc/services', '/etc/protocols', '/etc/rpc', '/etc/ethertypes'],
  tzdata: ['/usr/share/zoneinfo'],
  'media-types': ['/etc/mime.types'],
  'fonts-dejavu-core': ['/usr/share/fonts/truetype/dejavu'],
};

/** Options that make a program read a package's files (node's `--use-openssl-ca` reads the system CA store). */
export const optionPackages: Readonly<Record<string, string>> = {
  '--use-openssl-ca': 'ca-certificates',
  '--use-system-ca': 'ca-certificates',
};

/** Files apps name without a folder, found where the package puts them (`ImageFont.truetype("DejaVuSans.ttf")`). */
const packageFileNames: Readonly<Record<string, RegExp>> = {
  'fonts-dejavu-core': /^DejaVu[\w-]*\.ttf$/,
};

/** The package (of `packageFiles`) whose files hold `path` (absolute, or a bare file name it is known by), if any. */
export function packageOfFile(path: string): string | undefined {
  if (!path.includes('/')) return Object.keys(packageFileNames).find((name) => packageFileNames[name].test(path));
  for (const [name, paths] of Object.entries(packageFiles)) if (paths.some((p) => path === p || path.startsWith(`${p}/`))) return name;
  return undefined;
}
