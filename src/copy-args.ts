/**
 * What a COPY or ADD names: its sources, its destination and its `--from`, read once per instruction.
 * Words are split as the Dockerfile frontend splits them (on blanks, or a JSON array); a word with a
 * quote, a `$` or the escape character is kept but marked not literal, since the frontend would
 * expand or unquote it and this reader does not guess how.
 */
import type { Document, Flag, Instruction } from './document.js';
import { Memo } from './memo.js';
import { parseJsonArray } from './document.js';
import { logicalText } from './shell/logical.js';

export interface CopyWord {
  /** The word as written (continuations removed). */
  value: string;
  /** Source offsets; in JSON form, those of the whole argument list. */
  start: number;
  end: number;
  /** No quote, `$` or escape character: the word means exactly `value`. */
  literal: boolean;
}

export interface CopyArgs {
  instruction: Instruction;
  form: 'shell' | 'json' | 'heredoc';
  /** Empty for the heredoc form (its sources are inline files). */
  sources: CopyWord[];
  dest: CopyWord;
  /** `--from=...`: a stage, an image or a named context; undefined when the sources come from the build context. */
  from: string | undefined;
  flags: Flag[];
}

const perDoc = new Memo<Document, Map<number, CopyArgs | null>>();

/** The sources and destination of a COPY or ADD; undefined for other instructions or fewer than two words. */
export function copyArgs(doc: Document, ins: Instruction): CopyArgs | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  let cache = perDoc.get(doc);
  if (!cache) perDoc.set(doc, (cache = new Map()));
  let args = cache.get(ins.index);
  if (args === undefined) {
    args = readCopyArgs(doc, ins) ?? null;
    cache.set(ins.index, args);
  }
  return args ?? undefined;
}

function readCopyArgs(doc: Document, ins: Instruction): CopyArgs | undefined {
  const from = ins.flags.find((f) => f.name === 'from')?.value;
  const base = { instruction: ins, from, flags: ins.flags };
  if (ins.heredocs.length > 0) {
    // inline files: nothing is read from the context, and this reader does not take the line apart
    return { ...base, form: 'heredoc', sources: [], dest: { value: '', start: ins.argsEnd, end: ins.argsEnd, literal: false } };
  }
  const logical = logicalText(doc.source, ins.argsStart, ins.argsEnd, doc.escapeChar);
  const text = logical.text.trim();
  if (text.startsWith('[')) {
    const list = parseJsonArray(text);
    if (list) {
      if (list.length < 2) return undefined;
      const word = (value: string): CopyWord => ({ value, start: ins.argsStart, end: ins.argsEnd, literal: !value.includes('$') });
      return { ...base, form: 'json', sources: list.slice(0, -1).map(word), dest: word(list[list.length - 1]) };
    }
  }
  const words: CopyWord[] = [];
  const re = /\S+/g;
  for (let m = re.exec(logical.text); m; m = re.exec(logical.text)) {
    const value = m[0];
    const literal = !/[$"'`]/.test(value) && !value.includes(doc.escapeChar);
    words.push({ value, start: logical.toSource(m.index), end: logical.toSource(m.index + value.length - 1) + 1, literal });
  }
  if (words.length < 2) return undefined;
  return { ...base, form: 'shell', sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** True for a source ADD fetches rather than reads from the context: a URL or a git address. */
export function isRemoteSource(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@/.test(value);
}
