import { statSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from './project.js';

/** File names Docker and Podman pick up as build files. */
export const DOCKERFILE_PATTERNS = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
];

const IGNORED = [
  '**/node_modules/**',
  '**/.git/**',
  // BuildKit's per-Dockerfile ignore files (`Dockerfile.dockerignore`) match `Dockerfile.*`
  '**/*.dockerignore',
];

export interface Discovery {
  /** Paths relative to cwd with forward slashes, sorted, each once. */
  files: string[];
  /** Arguments that named nothing (`path` as given), with the message to show. */
  problems: { path: string; message: string }[];
  /** The files among `files` that an argument named directly (not found in a folder or by a glob). */
  named: Set<string>;
}

/**
 * Resolves the `fix` arguments to Dockerfiles. A file is taken as given (naming it is intent);
 * a directory is searched like the cwd is when no path is given; anything else is a glob.
 */
export async function discover(cwd: string, args: readonly string[]): Promise<Discovery> {
  const found = new Set<string>();
  const named = new Set<string>();
  const problems: Discovery['problems'] = [];
  for (const arg of args.length ? args : ['.']) {
    const kind = kindOf(path.resolve(cwd, arg));
    if (kind === 'file') {
      const file = displayPath(cwd, path.resolve(cwd, arg));
      found.add(file);
      named.add(file);
    } else if (kind === 'directory') {
      const dir = path.resolve(cwd, arg);
      const hits = await search(DOCKERFILE_PATTERNS, dir);
      for (const hit of hits) found.add(displayPath(cwd, path.join(dir, hit)));
      if (!hits.length) problems.push({ path: arg, message: `no Dockerfiles found in ${arg === '.' ? 'this directory' : arg}` });
    } else if ((await loadGlobby()).isDynamicPattern(arg)) {
      const hits = await search([arg.replace(/\\/g, '/')], cwd);
      for (const hit of hits) found.add(displayPath(cwd, path.resolve(cwd, hit)));
      if (!hits.length) problems.push({ path: arg, message: `no files match ${arg}` });
    } else {
      problems.push({ path: arg, message: `${arg}: no such file or directory` });
    }
  }
  return { files: [...found].sort(), problems, named };
}

/** globby costs more to load than the rest of a run on one named file: loaded only when a folder or glob is searched. */
function loadGlobby(): Promise<typeof import('globby')> {
  return import('globby');
}

async function search(patterns: string[], cwd: string): Promise<string[]> {
  const { globby } = await loadGlobby();
  // dot: true so `.devcontainer/Dockerfile` is found; .git and ignored dirs are still skipped
  return globby(patterns, { cwd, gitignore: true, ignore: IGNORED, dot: true, onlyFiles: true, followSymbolicLinks: false });
}

function kindOf(abs: string): 'file' | 'directory' | undefined {
  try {
    const st = statSync(abs);
    return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}
