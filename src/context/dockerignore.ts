/**
 * .dockerignore as BuildKit reads it: one pattern a line, `#` lines are comments, `!` re-includes,
 * patterns are cleaned like paths (a leading `/` or `./` means the context root), `*` and `?` stay
 * within one path segment, `**` spans any number of them, and a pattern that matches a folder
 * excludes everything below it. The last pattern that matches a path decides.
 */

export interface IgnorePattern {
  /** The pattern as cleaned (without `!`). */
  text: string;
  /** `!pattern`: matching paths are included again. */
  exclusion: boolean;
  regex: RegExp;
}

/** Parses .dockerignore text into patterns, in order. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (rawLine.startsWith('#')) continue;
    let line = rawLine.trim();
    if (line === '') continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const cleaned = cleanPath(line);
    if (cleaned === '' || cleaned === '.') continue;
    patterns.push({ text: cleaned, exclusion, regex: compile(cleaned) });
  }
  return patterns;
}

/** A predicate telling whether a context-relative path is left out of the build by `patterns`. */
export function ignoreMatcher(patterns: readonly IgnorePattern[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  return (path) => {
    const file = cleanPath(path);
    if (file === '' || file === '.') return false;
    const parents = parentPaths(file);
    let excluded = false;
    for (const p of patterns) {
      if (p.regex.test(file) || parents.some((dir) => p.regex.test(dir))) excluded = !p.exclusion;
    }
    return excluded;
  };
}

/** Cleans a path the way Go's filepath.Clean does, then drops the leading `/`: context paths are relative. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!path.startsWith('/')) out.push('..');
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

/** `a/b/c` → [`a`, `a/b`]. */
function parentPaths(file: string): string[] {
  const parts = file.split('/');
  const parents: string[] = [];
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  return parents;
}

const SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

function compile(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++; // `**/` reads as `**`
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeChar(pattern[++i]);
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = close;
    } else {
      re += escapeChar(c);
    }
  }
  try {
    return new RegExp(`${re}$`);
  } catch {
    return new RegExp(`^${[...pattern].map(escapeChar).join('')}$`); // a malformed class: match it literally
  }
}

function escapeChar(c: string): string {
  return SPECIAL.has(c) || c === '[' || c === ']' || c === '*' || c === '?' || c === '\\' ? `\\${c}` : c;
}
