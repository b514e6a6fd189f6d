/**
 * What language package installs need from the OS that slim images lack. Data only; read by
 * slim-base.ts. Read 2026-12-02 from the projects' install notes and PyPI's published files.
 */

/**
 * PyPI projects that publish no wheel for common Linux platforms, so `pip install` builds them from
 * source: the programs the build runs (a compiler, and the `*-config` script of the C library it binds).
 * Names are normalised (lower case, `_` and `.` as `-`).
 */
export const pythonSourceBuilds: Record<string, { needs: readonly string[]; instead?: string }> = {
  psycopg2: { needs: ['gcc', 'pg_config'], instead: 'psycopg2-binary' },
  mysqlclient: { needs: ['gcc', 'mysql_config', 'pkg-config'] },
  uwsgi: { needs: ['gcc'] },
  'python-ldap': { needs: ['gcc'] },
  pycurl: { needs: ['gcc', 'curl-config'] },
  'mod-wsgi': { needs: ['gcc', 'apxs'] },
  pygraphviz: { needs: ['gcc'] },
  'dbus-python': { needs: ['gcc', 'pkg-config'] },
  pygobject: { needs: ['gcc', 'pkg-config'] },
  m2crypto: { needs: ['gcc', 'swig'] },
  netifaces: { needs: ['gcc'] },
  'mysql-python': { needs: ['gcc', 'mysql_config'] },
  pyaudio: { needs: ['gcc'] },
  'python-snappy': { needs: ['gcc'] },
  fasttext: { needs: ['g++'] },
  annoy: { needs: ['g++'] },
};

/**
 * PyPI projects that, once installed, run a program or load a library the full python image has and
 * slim has not: any one of `anyOf` (Debian packages or programs) installed by the stage will do.
 */
export const pythonRuntimeNeeds: Record<string, { anyOf: readonly string[]; what: string }> = {
  gitpython: { anyOf: ['git'], what: 'runs git' },
  'pre-commit': { anyOf: ['git'], what: 'runs git' },
  dvc: { anyOf: ['git'], what: 'runs git' },
  'python-magic': { anyOf: ['libmagic1', 'libmagic1t64', 'libmagic-dev', 'file'], what: 'loads libmagic' },
  wand: { anyOf: ['imagemagick', 'libmagickwand-dev', 'libmagickwand-6.q16-6', 'libmagickwand-7.q16-10'], what: 'loads ImageMagick' },
  ansible: { anyOf: ['openssh-client', 'ssh'], what: 'runs ssh' },
  'ansible-core': { anyOf: ['openssh-client', 'ssh'], what: 'runs ssh' },
  'python-gnupg': { anyOf: ['gnupg', 'gpg'], what: 'runs gpg' },
};

/** Build backends of a local project (`pip install .`) that compile native code. */
export const pythonCompilingBackends: readonly string[] = ['scikit_build_core', 'mesonpy', 'maturin', 'pybind11', 'cython', 'setuptools_rust', 'enscons'];

/**
 * Gems whose native extension links a C library through its -dev package, which the full ruby image
 * has (buildpack-deps) and ruby slim has not. Every native gem also needs gcc and make.
 */
export const rubyNativeGems: Record<string, readonly string[]> = {
  pg: ['libpq-dev'],
  mysql2: ['default-libmysqlclient-dev'],
  rmagick: ['libmagickwand-dev'],
  curb: ['libcurl4-openssl-dev'],
  'ruby-filemagic': ['libmagic-dev'],
  'libxml-ruby': ['libxml2-dev'],
  sqlite3: ['libsqlite3-dev'],
};

/** What a node native addon build (node-gyp) runs. */
export const nodeGypNeeds: readonly string[] = ['python3', 'make', 'g++'];

/** Cargo crates that link a system library found through pkg-config (rust slim has no -dev headers). */
export const rustSystemCrates: Record<string, readonly string[]> = {
  'openssl-sys': ['pkg-config', 'libssl-dev'],
  'pq-sys': ['pkg-config', 'libpq-dev'],
  'mysqlclient-sys': ['pkg-config', 'default-libmysqlclient-dev'],
  'curl-sys': ['pkg-config', 'libcurl4-openssl-dev'],
  'libsqlite3-sys': ['pkg-config', 'libsqlite3-dev'],
};
