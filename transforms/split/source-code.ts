/**
 * Light reading of an app's source files, the same for C-like languages (Go, C, Rust, Java, C#,
 * JavaScript): comments dropped, string literals collected. Enough to see which files a program
 * names and which library calls it makes; not a parser.
 */
import { Memo } from '../../src/memo.js';
import type { BuildContextView } from '../../src/types.js';
import { joinContext } from './paths.js';

export interface SourceText {
  /** The code without its comments. */
  code: string;
  /** String literal values, in order. */
  strings: string[];
}

/** Reads C-like source; `raw` quote characters start strings without escapes (Go's backquote). */
export function readSource(text: string, raw: readonly string[] = []): SourceText {
  let code = '';
  const strings: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      code += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      const escapes = !raw.includes(c);
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (escapes && text[j] === '\\') j++;
        else if (escapes && text[j] === '\n') break; // not a string after all (a char or an apostrophe)
        value += text[j] ?? '';
      }
      if (c !== "'" || value.length > 1) strings.push(value);
      code += text.slice(i, j + 1);
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

// the same files are read by several questions of one split, and again on each pass of the engine
const readFiles = new Memo<BuildContextView, Map<string, SourceText>>();

/** A context file read as source (Go's backquoted strings are raw), remembered per context. */
export function contextSource(context: BuildContextView, path: string): SourceText {
  let files = readFiles.get(context);
  if (!files) readFiles.set(context, (files = new Map()));
  let source = files.get(path);
  if (!source) files.set(path, (source = readSource(context.read(path) ?? '', path.endsWith('.go') ? ['`'] : [])));
  return source;
}

/** Context files below `folder` whose names pass `accept`, skipping folders `skip` refuses; at most `limit`. */
export function findFiles(
  context: BuildContextView,
  folder: string,
  accept: (name: string) => boolean,
  skip: (name: string) => boolean = () => false,
  limit = 2000,
): string[] {
  const found: string[] = [];
  const queue = [folder];
  while (queue.length && found.length < limit) {
    const dir = queue.shift()!;
    for (const entry of context.list(dir) ?? []) {
      if (entry.endsWith('/')) {
        const name = entry.slice(0, -1);
        if (!skip(name)) queue.push(joinContext(dir, name));
      } else if (accept(entry)) {
        found.push(joinContext(dir, entry));
      }
    }
  }
  return found;
}
