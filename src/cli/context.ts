import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildContextView } from '../types.js';

/**
 * A read-only view of the build context rooted at `dir` (the Dockerfile's directory, as in
 * `docker build .` next to it). Paths that leave the directory, directly or through a symlink,
 * read as missing: the build could not see them either.
 */
export function buildContextView(dir: string): BuildContextView {
  const root = safeRealpath(path.resolve(dir)) ?? path.resolve(dir);

  const resolve = (p: string): string | undefined => {
    // COPY sources are context-relative even when written with a leading slash
    const abs = path.resolve(root, p.replace(/^[/\\]+/, ''));
    const real = safeRealpath(abs);
    return real !== undefined && inside(root, real) ? real : undefined;
  };

  return {
    exists(p) {
      return resolve(p) !== undefined;
    },
    read(p) {
      const real = resolve(p);
      if (real === undefined) return undefined;
      try {
        return statSync(real).isFile() ? readFileSync(real, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
