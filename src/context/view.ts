/**
 * The build context as transforms see it: what `docker build` would send, with the .dockerignore in
 * force applied, so a path the build cannot COPY does not exist here either. Backends (the disk in the
 * CLI, a record of files in tests and in the browser) only say what is there; filtering and decoding
 * live here, once.
 */
import type { BuildContextView, TransformContext } from '../types.js';
import { cleanPath, ignoreMatcher, parseDockerignore } from './dockerignore.js';

/** What a backend answers about raw context paths (cleaned, relative, `/`-separated; '' is the root). */
export interface ContextSource {
  kind(path: string): 'file' | 'folder' | undefined;
  /** The first `length` bytes of a file (all of it without a length). */
  readBytes(path: string, length?: number): Uint8Array | undefined;
  /** Names directly in a folder. */
  list(path: string): string[] | undefined;
  size(path: string): number | undefined;
  /** Permission bits, when the backend knows them. */
  mode?(path: string): number | undefined;
}

export interface ContextOptions {
  /**
   * The ignore file's text when it is not the context's own `.dockerignore` (BuildKit prefers
   * `<Dockerfile>.dockerignore` next to the Dockerfile); null: no ignore file at all.
   */
  dockerignore?: string | null;
  /** Where that ignore file sits in the context, when it does (`Dockerfile.dockerignore` beside a Dockerfile at the root). */
  dockerignorePath?: string;
  /** memoryContext only: permission bits of some of its paths (the others read as unknown). */
  modes?: Readonly<Record<string, number>>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Wraps a backend in the view transforms get. */
export function contextView(source: ContextSource, options: ContextOptions = {}): BuildContextView {
  let ignoreText: string | undefined;
  let ignorePath: string | undefined;
  if (options.dockerignore === undefined) {
    const bytes = source.kind('.dockerignore') === 'file' ? source.readBytes('.dockerignore') : undefined;
    ignoreText = bytes ? decode(bytes) : undefined;
    if (bytes) ignorePath = '.dockerignore';
  } else {
    ignoreText = options.dockerignore ?? undefined;
    if (ignoreText !== undefined && options.dockerignorePath !== undefined) ignorePath = cleanPath(options.dockerignorePath);
  }
  const ignored = ignoreMatcher(parseDockerignore(ignoreText ?? ''));
  const visible = (path: string): string | undefined => {
    const p = cleanPath(path);
    if (p.startsWith('..')) return undefined; // outside the context
    return p === '' || !ignored(p) ? p : undefined;
  };
  return {
    dockerignore: ignoreText,
    dockerignorePath: ignorePath,
    exists(path) {
      const p = visible(path);
      return p !== undefined && source.kind(p) !== undefined;
    },
    read(path) {
      const p = visible(path);
      if (p === undefined || source.kind(p) !== 'file') return undefined;
      const bytes = source.readBytes(p);
      return bytes ? decode(bytes) : undefined;
    },
    readBytes(path, length) {
      const p = visible(path);
      return p !== undefined && source.kind(p) === 'file' ? source.readBytes(p, length) : undefined;
    },
    list(path) {
      const p = visible(path);
      if (p === undefined || source.kind(p) !== 'folder') return undefined;
      const names = source.list(p) ?? [];
      const entries: string[] = [];
      for (const name of names.sort()) {
        const child = p === '' ? name : `${p}/${name}`;
        if (ignored(child)) continue;
        const kind = source.kind(child);
        if (kind) entries.push(kind === 'folder' ? `${name}/` : name);
      }
      return entries;
    },
    size(path) {
      const p = visible(path);
      return p !== undefined && source.kind(p) === 'file' ? source.size(p) : undefined;
    },
    mode(path) {
      const p = visible(path);
      return p !== undefined && source.kind(p) !== undefined ? source.mode?.(p) : undefined;
    },
  };
}

/**
 * A context file's text for a change to edit: the ignore file in force reads as its text even when it
 * lists itself (BuildKit reads it before applying it); other files read through the view.
 */
export function editableText(view: BuildContextView | undefined, path: string): string | undefined {
  if (!view) return undefined;
  const p = cleanPath(path);
  if (view.dockerignorePath !== undefined && p === cleanPath(view.dockerignorePath)) return view.dockerignore;
  return view.read(p);
}

const matchers = new Map<string, (path: string) => boolean>();

/**
 * True when the ignore file, as the changes of this run have left it so far, leaves `path` out: the
 * view applies the ignore file as it was read, and a change may add lines to it (see Change.file).
 */
export function ignoredAfterEdits(context: TransformContext, path: string): boolean {
  const view = context.buildContext;
  if (!view) return false;
  const text = context.fileText(view.dockerignorePath ?? '.dockerignore');
  if (text === undefined || text === view.dockerignore) return false;
  let matcher = matchers.get(text);
  if (!matcher) {
    if (matchers.size > 100) matchers.clear();
    matchers.set(text, (matcher = ignoreMatcher(parseDockerignore(text))));
  }
  return matcher(path);
}

/** UTF-8 text, or undefined for bytes that are not (a binary file reads as missing text). */
function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A build context held in memory: `{ 'go.mod': 'module x\n', 'cmd/app/main.go': '...' }`. Folders are
 * implied by the paths; `.dockerignore` among the files applies as it would on disk.
 */
export function memoryContext(files: Readonly<Record<string, string | Uint8Array>>, options: ContextOptions = {}): BuildContextView {
  const encoder = new TextEncoder();
  const contents = new Map<string, Uint8Array>();
  const folders = new Map<string, Set<string>>([['', new Set()]]);
  for (const [raw, content] of Object.entries(files)) {
    const path = cleanPath(raw);
    if (path === '' || path.startsWith('..')) throw new Error(`context path "${raw}" is outside the context`);
    contents.set(path, typeof content === 'string' ? encoder.encode(content) : content);
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      let names = folders.get(parent);
      if (!names) folders.set(parent, (names = new Set()));
      names.add(parts[i]);
      if (i < parts.length - 1 && !folders.has(parts.slice(0, i + 1).join('/'))) folders.set(parts.slice(0, i + 1).join('/'), new Set());
    }
  }
  return contextView(
    {
      kind: (p) => (contents.has(p) ? 'file' : folders.has(p) ? 'folder' : undefined),
      readBytes: (p, length) => {
        const bytes = contents.get(p);
        return bytes && length !== undefined ? bytes.subarray(0, length) : bytes;
      },
      list: (p) => (folders.has(p) ? [...folders.get(p)!] : undefined),
      size: (p) => contents.get(p)?.length,
      mode: (p) => options.modes?.[p],
    },
    options,
  );
}
