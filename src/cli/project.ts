import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the searches for configuration and ignore files stop, going up from a Dockerfile's folder:
 * the nearest folder holding `.git` (a repository's root, or a worktree's), else the filesystem root.
 * Answers are remembered per folder, since every file of a run asks about the same few.
 */
export class ProjectRoots {
  private readonly known = new Map<string, string>();

  rootOf(dir: string): string {
    const seen: string[] = [];
    let at = path.resolve(dir);
    let root: string | undefined;
    for (;;) {
      root = this.known.get(at);
      if (root !== undefined) break;
      seen.push(at);
      const parent = path.dirname(at);
      if (existsSync(path.join(at, '.git')) || parent === at) {
        root = at;
        break;
      }
      at = parent;
    }
    for (const d of seen) this.known.set(d, root);
    return root;
  }

  /** `dir` and its parents up to its root, nearest first. */
  foldersUp(dir: string): string[] {
    const root = this.rootOf(dir);
    const folders: string[] = [];
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
      folders.push(at);
      if (at === root || path.dirname(at) === at) return folders;
    }
  }
}

/** How a path is shown: relative to cwd when inside it, else absolute; always with `/`. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel).split(path.sep).join('/');
}
