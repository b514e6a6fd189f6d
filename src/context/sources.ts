/**
 * Which paths of the build context a COPY or ADD source picks. A source is a path relative to the
 * context root (a leading `/` or `./` still means the root) whose segments may be Go `filepath.Match`
 * patterns (`*`, `?`, `[a-z]`, `\` escapes); a folder picks everything below it.
 */
import type { BuildContextView } from '../types.js';
import { cleanPath } from './dockerignore.js';

/** Segments of a cleaned source, each a matcher; undefined for a malformed pattern. */
function segmentMatchers(source: string): ((name: string) => boolean)[] | undefined {
  const clean = cleanPath(source);
  if (clean.startsWith('..')) return undefined;
  if (clean === '') return [];
  const out: ((name: string) => boolean)[] = [];
  for (const segment of clean.split('/')) {
    const re = segmentPattern(segment);
    if (!re) return undefined;
    out.push(typeof re === 'string' ? (name) => name === re : (name) => re.test(name));
  }
  return out;
}

/** A literal segment as its text, a pattern as a regex, or undefined when Go would reject it. */
function segmentPattern(segment: string): string | RegExp | undefined {
  if (!/[*?[\\]/.test(segment)) return segment;
  let re = '^';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= segment.length) return undefined;
      re += escape(segment[++i]);
    } else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) return undefined;
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      if (body === '') return undefined;
      re += `[${negate ? '^' : ''}${body.replace(/\\(.)/g, '\\$1').replace(/[\]^]/g, '\\$&')}]`;
      i = close;
    } else re += escape(c);
  }
  try {
    return new RegExp(`${re}$`);
  } catch {
    return undefined;
  }
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * The context paths (files and folders, without trailing `/`; '' for the root) a source picks, in the
 * view (after the .dockerignore in force); undefined when the source is not a clean pattern.
 */
export function pickedPaths(view: BuildContextView, source: string): string[] | undefined {
  const matchers = segmentMatchers(source);
  if (!matchers) return undefined;
  let current = [''];
  for (const match of matchers) {
    const next: string[] = [];
    for (const dir of current) {
      for (const entry of view.list(dir) ?? []) {
        const name = entry.replace(/\/$/, '');
        if (match(name)) next.push(dir === '' ? name : `${dir}/${name}`);
      }
    }
    current = next;
  }
  return current.filter((p) => p === '' || view.exists(p));
}

/**
 * How a source relates to a context path: `names` when it picks the path itself or something inside
 * it (`COPY node_modules/x`), `covers` when it picks a folder above it (`COPY . .` covers
 * `node_modules`), `none` otherwise; `unknown` when the source is not a clean pattern.
 */
export function sourceRelation(source: string, path: string): 'names' | 'covers' | 'none' | 'unknown' {
  const matchers = segmentMatchers(source);
  if (!matchers) return 'unknown';
  const parts = cleanPath(path).split('/').filter(Boolean);
  const common = Math.min(matchers.length, parts.length);
  for (let i = 0; i < common; i++) if (!matchers[i](parts[i])) return 'none';
  return matchers.length >= parts.length ? 'names' : 'covers';
}
