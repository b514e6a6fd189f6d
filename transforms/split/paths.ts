/** POSIX paths inside an image (the core has no `node:path`). */

/** `/a/./b/../c/` → `/a/c`; a relative path is resolved against `base`. */
export function resolvePath(base: string, path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** True when `path` is `folder` or inside it (both absolute and resolved). */
export function isWithin(path: string, folder: string): boolean {
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

/** `path` relative to `folder` ('' when equal), for a path within it. */
export function relativeTo(path: string, folder: string): string {
  if (path === folder) return '';
  return folder === '/' ? path.slice(1) : path.slice(folder.length + 1);
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

export function joinContext(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** The folders a process searches for a bare command name on the images the split writes. */
export const STANDARD_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
