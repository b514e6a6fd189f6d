import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { contextView, type ContextSource } from '../context/view.js';
import type { BuildContextView } from '../types.js';

/**
 * A read-only view of the build context rooted at `dir` (the Dockerfile's folder, as in
 * `docker build .` next to it, or --context DIR), after the .dockerignore in force. Paths that leave
 * the folder, directly or through a symlink, read as missing: the build could not see them either.
 * `dockerfile`: the Dockerfile's path, whose `<name>.dockerignore` beside it wins over the context's.
 */
export function buildContextView(dir: string, dockerfile?: string): BuildContextView {
  const root = safeRealpath(path.resolve(dir)) ?? path.resolve(dir);

  const resolve = (p: string): string | undefined => {
    const real = safeRealpath(path.join(root, p));
    return real !== undefined && inside(root, real) ? real : undefined;
  };
  const stat = (p: string) => {
    const real = resolve(p);
    try {
      return real === undefined ? undefined : { real, st: statSync(real) };
    } catch {
      return undefined;
    }
  };

  const source: ContextSource = {
    kind(p) {
      const s = stat(p);
      return s?.st.isFile() ? 'file' : s?.st.isDirectory() ? 'folder' : undefined;
    },
    readBytes(p, length) {
      const s = stat(p);
      if (!s?.st.isFile()) return undefined;
      try {
        return length === undefined ? readFileSync(s.real) : readHead(s.real, length);
      } catch {
        return undefined;
      }
    },
    list(p) {
      const s = stat(p);
      try {
        return s?.st.isDirectory() ? readdirSync(s.real) : undefined;
      } catch {
        return undefined;
      }
    },
    size(p) {
      const s = stat(p);
      return s?.st.isFile() ? s.st.size : undefined;
    },
    mode(p) {
      const s = stat(p);
      return s ? s.st.mode & 0o7777 : undefined;
    },
  };
  const own = dockerfile === undefined ? undefined : `${dockerfile}.dockerignore`;
  const dockerignore = own !== undefined && existsSync(own) ? readText(own) : undefined;
  if (dockerignore === undefined) return contextView(source);
  const inContext = path.relative(root, safeRealpath(own!) ?? path.resolve(own!));
  const dockerignorePath = inside(root, path.resolve(root, inContext)) ? inContext.split(path.sep).join('/') : undefined;
  return contextView(source, { dockerignore, dockerignorePath });
}

function readHead(file: string, length: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
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
