/**
 * What the split knows about the Debian packages a build stage installs: which only build, which are
 * data a runtime image must also carry, and which `-dev` packages stand for which run-time library.
 * A package it does not know blocks the split.
 */

/** Compilers, build systems, fetchers and toolchains: nothing the built program runs or reads. */
const BUILD_TOOLS = new Set([
  'build-essential', 'gcc', 'g++', 'cpp', 'clang', 'llvm', 'lld', 'make', 'cmake', 'ninja-build', 'meson', 'autoconf', 'automake',
  'libtool', 'pkg-config', 'pkgconf', 'binutils', 'patch', 'file', 'git', 'curl', 'wget', 'unzip', 'zip', 'xz-utils', 'bzip2',
  'upx', 'upx-ucl', 'musl-tools', 'golang', 'golang-go', 'rustc', 'cargo', 'maven', 'gradle', 'default-jdk', 'default-jdk-headless',
  'python3-dev', 'python3-pip', 'python3-venv', 'python3-setuptools', 'python3-wheel', 'cython3', 'protobuf-compiler', 'swig',
  'gnupg', 'dirmngr', 'lsb-release', 'apt-transport-https', 'software-properties-common', 'libc6-dev', 'linux-libc-dev',
]);
const BUILD_TOOL_PATTERNS = [/^gcc-\d+$/, /^g\+\+-\d+$/, /^clang-\d+$/, /^golang-\d\.\d+(-go)?$/, /^openjdk-\d+-jdk(-headless)?$/];

/** Data a program may read at run time without naming it: every runtime image must have it. */
const RUNTIME_DATA = new Set(['ca-certificates', 'tzdata']);

/** Run-time library package of each `-dev` package (Debian 12). */
const DEV_TO_RUNTIME: Record<string, string> = {
  'libpq-dev': 'libpq5',
  'libssl-dev': 'libssl3',
  'zlib1g-dev': 'zlib1g',
  'libffi-dev': 'libffi8',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt1.1',
  'libjpeg-dev': 'libjpeg62-turbo',
  'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libpng-dev': 'libpng16-16',
  'libsqlite3-dev': 'libsqlite3-0',
  'libcurl4-openssl-dev': 'libcurl4',
  'default-libmysqlclient-dev': 'libmariadb3',
  'libmariadb-dev': 'libmariadb3',
  'libyaml-dev': 'libyaml-0-2',
  'libbz2-dev': 'libbz2-1.0',
  'liblzma-dev': 'liblzma5',
  'libzstd-dev': 'libzstd1',
  'libsodium-dev': 'libsodium23',
  'libgmp-dev': 'libgmp10',
  'libldap2-dev': 'libldap-2.5-0',
  'libsasl2-dev': 'libsasl2-2',
  'libpcre3-dev': 'libpcre3',
  'libmagic-dev': 'libmagic1',
  'libgeos-dev': 'libgeos-c1v5',
  'libtiff-dev': 'libtiff6',
  'libwebp-dev': 'libwebp7',
  'libfreetype-dev': 'libfreetype6',
  'libfreetype6-dev': 'libfreetype6',
  'liblcms2-dev': 'liblcms2-2',
  'libopenjp2-7-dev': 'libopenjp2-7',
};

/** `-l` names whose `-dev` package is not `lib<name>-dev`. */
const LIBRARY_DEV: Record<string, string> = {
  z: 'zlib1g-dev',
  ssl: 'libssl-dev',
  crypto: 'libssl-dev',
  mysqlclient: 'default-libmysqlclient-dev',
  mariadb: 'libmariadb-dev',
  jpeg: 'libjpeg-dev',
  xslt: 'libxslt1-dev',
  exslt: 'libxslt1-dev',
  curl: 'libcurl4-openssl-dev',
  freetype: 'libfreetype-dev',
  openjp2: 'libopenjp2-7-dev',
  'geos_c': 'libgeos-dev',
  ldap: 'libldap2-dev',
  sasl2: 'libsasl2-dev',
};
/** `-l` names glibc itself provides: every glibc image has them. */
const GLIBC_LIBRARIES = new Set(['c', 'm', 'pthread', 'dl', 'rt', 'util', 'resolv', 'anl']);

/** The run-time package that holds the library `-l<name>` links; 'glibc' for glibc's own; undefined when not known. */
export function runtimePackageOfLibrary(name: string): string | undefined {
  if (GLIBC_LIBRARIES.has(name)) return 'glibc';
  return runtimeLibraryOf(LIBRARY_DEV[name] ?? `lib${name}-dev`);
}

export type PackageRole = 'build' | 'data' | 'dev' | 'unknown';

export function packageRole(name: string): PackageRole {
  if (BUILD_TOOLS.has(name) || BUILD_TOOL_PATTERNS.some((p) => p.test(name))) return 'build';
  if (RUNTIME_DATA.has(name)) return 'data';
  if (name.endsWith('-dev')) return 'dev';
  return 'unknown';
}

/** The run-time library a `-dev` package builds against, or undefined when not known. */
export function runtimeLibraryOf(devPackage: string): string | undefined {
  return DEV_TO_RUNTIME[devPackage];
}
