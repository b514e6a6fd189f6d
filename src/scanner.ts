import { logicalText } from './shell/logical.js';

/**
 * A fast scanner for Dockerfile structure: parser directives, instructions with their exact
 * ranges, flags and heredoc bodies. dockerfile-ast stays the referee: any rewritten output must
 * read the same under both before it is accepted (see validate.ts).
 */

export interface ScannedFlag {
  name: string;
  value: string | undefined;
  start: number;
  end: number;
}

export interface ScannedInstruction {
  keyword: string;
  /** Start of the keyword; end of the last line's content (heredoc terminator included), line ending excluded. */
  start: number;
  end: number;
  /** 0-based lines. */
  line: number;
  endLine: number;
  flags: ScannedFlag[];
  /** Arguments after the flags; argsEnd drops trailing blanks. */
  argsStart: number;
  argsEnd: number;
  heredocs: { name: string; start: number; end: number }[];
  /**
   * Its last line ends in an escaped escape character (`echo a\\`): BuildKit ends the instruction
   * there, older builders (and dockerfile-ast) read the next line as its continuation.
   */
  ambiguousEnd: boolean;
}

export interface Scan {
  escapeChar: string;
  directives: { name: string; value: string }[];
  instructions: ScannedInstruction[];
}

/**
 * A parser directive line (`# escape=`` ` ``, `# syntax=...`, `# check=...`): BuildKit knows only
 * these, and any other line (another comment included) ends the directives.
 */
export const DIRECTIVE = /^[ \t]*#[ \t]*(syntax|escape|check)[ \t]*=[ \t]*(.+?)[ \t]*$/i;
/** A word BuildKit reads as a heredoc operator: optional descriptor, `<<` or `<<-`, then the delimiter. */
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Line table: start offset and content end (before `\r\n`/`\n`) of each line. */
interface Lines {
  starts: number[];
  ends: number[];
}

function lineTable(source: string): Lines {
  const starts = [0];
  const ends: number[] = [];
  // indexOf finds each newline much faster than a loop over every character
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    ends.push(i > 0 && source.charCodeAt(i - 1) === 13 ? i - 1 : i);
    starts.push(i + 1);
  }
  ends.push(source.length);
  return { starts, ends };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** White space BuildKit strips before an instruction and splits its keyword on (space, tab, VT, FF, CR). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

/** Offset of the first character in [s, e) that is not white space, or e. */
function skipBlanks(source: string, s: number, e: number): number {
  while (s < e && isSpace(source.charCodeAt(s))) s++;
  return s;
}

/** End of [s, e) with trailing blanks dropped. */
function trimEnd(source: string, s: number, e: number): number {
  while (e > s && isBlank(source.charCodeAt(e - 1))) e--;
  return e;
}

/**
 * True when BuildKit looks for heredocs in the instruction: RUN, COPY and ADD (also after ONBUILD)
 * in shell form, with `<<` somewhere in it.
 */
function mayHaveHeredoc(source: string, keyword: string, argsStart: number, end: number, escapeChar: string, operatorAt: number): boolean {
  if (operatorAt < argsStart || operatorAt >= end) return false;
  let args = logicalText(source, argsStart, end, escapeChar).text.trim();
  if (keyword === 'ONBUILD') {
    const sub = /^(\S+)\s*/.exec(args);
    if (!sub || !HEREDOC_KEYWORDS.has(sub[1].toUpperCase())) return false;
    args = args.slice(sub[0].length).replace(/^(--\S+\s*)+/, '');
  } else if (!HEREDOC_KEYWORDS.has(keyword)) return false;
  return !isJsonArray(args);
}

/** True for exec form: a JSON array of strings. */
function isJsonArray(text: string): boolean {
  if (!text.startsWith('[')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/**
 * The heredocs an instruction's logical line opens, as BuildKit finds them: the line is split into
 * words (quotes and backslash escapes kept), and a word that is `<<` or `<<-` (after an optional
 * descriptor) glued to a delimiter opens one; the delimiter is that rest with its quotes removed.
 */
export function heredocOperators(line: string): { name: string; strip: boolean }[] {
  const found: { name: string; strip: boolean }[] = [];
  for (const word of splitWords(line)) {
    const m = HEREDOC_WORD.exec(word);
    if (!m || m[3] === '') continue;
    const names = splitWords(m[3], true);
    if (names.length === 1) found.push({ name: names[0], strip: m[2] === '-' });
  }
  return found;
}

/** Splits on blanks outside quotes; `unquote` removes quotes and backslash escapes, as a shell would. */
function splitWords(text: string, unquote = false): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '\\' && i + 1 < text.length) {
      word += unquote ? text[i + 1] : c + text[i + 1];
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let inner = '';
      while (j < text.length && text[j] !== c) {
        if (c === '"' && text[j] === '\\' && j + 1 < text.length) {
          inner += unquote && '"\\$`'.includes(text[j + 1]) ? text[j + 1] : text[j] + text[j + 1];
          j += 2;
        } else inner += text[j++];
      }
      word += unquote ? inner : c + inner + (j < text.length ? c : '');
      i = j;
    } else word += c;
  }
  if (inWord) words.push(word);
  return words;
}

export function scanDockerfile(source: string): Scan {
  const { starts, ends } = lineTable(source);
  const lineCount = starts.length;
  const directives: { name: string; value: string }[] = [];
  let escapeChar = '\\';
  let line = 0;

  // parser directives: only at the very top, before any blank line, comment or instruction
  const seen = new Set<string>();
  for (; line < lineCount; line++) {
    const from = line === 0 && source.charCodeAt(0) === 0xfeff ? 1 : starts[line];
    const m = DIRECTIVE.exec(source.slice(from, ends[line]));
    if (!m) break;
    const name = m[1].toLowerCase();
    if (seen.has(name)) break; // Docker rejects the file; read the first one
    seen.add(name);
    directives.push({ name, value: m[2] });
    if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) escapeChar = m[2];
  }
  line = 0;
  const esc = escapeChar.charCodeAt(0);

  /**
   * How line `l` ends: 'continues' when its last character before trailing blanks is the escape
   * character and no escape character stands right before it (BuildKit's rule); 'ambiguous' when
   * one does (older builders continue there); else 'ends'.
   */
  const lineEnd = (l: number): 'continues' | 'ambiguous' | 'ends' => {
    const e = trimEnd(source, starts[l], ends[l]);
    if (e <= starts[l] || source.charCodeAt(e - 1) !== esc) return 'ends';
    return e - 1 > starts[l] && source.charCodeAt(e - 2) === esc ? 'ambiguous' : 'continues';
  };
  const continues = (l: number) => lineEnd(l) === 'continues';
  /** Blank or comment lines inside a continued instruction are skipped, as Docker does. */
  const skippable = (l: number) => {
    const s = skipBlanks(source, starts[l], ends[l]);
    return s === ends[l] || source.charCodeAt(s) === 35;
  };
  /** A line holding only the escape character: before an instruction it continues into it and adds nothing. */
  const escapeOnly = (s: number, l: number) => s < ends[l] && source.charCodeAt(s) === esc && trimEnd(source, s + 1, ends[l]) === s + 1;

  let terminators: Terminators | undefined; // made on the first heredoc
  const instructions: ScannedInstruction[] = [];
  let operatorAt = source.indexOf('<<');
  for (; line < lineCount; line++) {
    const lineStart = line === 0 && source.charCodeAt(0) === 0xfeff ? 1 : starts[line];
    const s = skipBlanks(source, lineStart, ends[line]);
    if (s === ends[line] || source.charCodeAt(s) === 35 || escapeOnly(s, line)) continue; // blank, comment, or a bare escape
    let k = s;
    while (k < ends[line] && !isSpace(source.charCodeAt(k)) && source.charCodeAt(k) !== esc) k++;
    const keyword = source.slice(s, k).toUpperCase();

    // the instruction's lines: continue while a line ends with the escape character
    const firstLine = line;
    let last = line;
    while (continues(last)) {
      let next = last + 1;
      while (next < lineCount && skippable(next)) next++;
      if (next >= lineCount) break; // the file ends inside the continuation
      last = next;
    }
    let end = ends[last];
    const contentEnd = end;

    // flags, then arguments (flags may sit on continuation lines)
    const flags: ScannedFlag[] = [];
    let pos = k;
    for (;;) {
      pos = skipSpace(source, pos, contentEnd, esc);
      if (source.startsWith('--', pos) && pos + 2 < contentEnd && !isBlank(source.charCodeAt(pos + 2))) {
        let f = pos;
        while (f < contentEnd && !isSpaceAt(source, f)) f++;
        const text = source.slice(pos + 2, f);
        const eq = text.indexOf('=');
        flags.push({ name: eq < 0 ? text : text.slice(0, eq), value: eq < 0 ? undefined : text.slice(eq + 1), start: pos, end: f });
        pos = f;
        continue;
      }
      break;
    }
    const argsStart = Math.min(pos, contentEnd);
    let argsEnd = trimEnd(source, argsStart, contentEnd);
    if (argsEnd > argsStart && source.charCodeAt(argsEnd - 1) === esc && continues(last)) argsEnd = trimEnd(source, argsStart, argsEnd - 1);

    const ambiguousEnd = lineEnd(last) === 'ambiguous';

    // heredoc bodies follow the instruction's last line, one after another
    const heredocs: { name: string; start: number; end: number }[] = [];
    // the first `<<` at or after the arguments: found by one forward search over the whole file
    while (operatorAt >= 0 && operatorAt < argsStart) operatorAt = source.indexOf('<<', operatorAt + 1);
    if (mayHaveHeredoc(source, keyword, argsStart, contentEnd, escapeChar, operatorAt)) {
      for (const { name, strip } of heredocOperators(logicalText(source, s, contentEnd, escapeChar).text)) {
        const bodyLine = last + 1;
        terminators ??= terminatorLines(source, starts, ends);
        const t = firstAtOrAfter((strip ? terminators.stripped : terminators.exact).get(name), bodyLine);
        if (t < 0) break; // unterminated: Docker rejects it; leave it as plain text
        heredocs.push({ name, start: bodyLine < t ? starts[bodyLine] : starts[t], end: bodyLine < t ? ends[t - 1] : starts[t] });
        last = t;
        end = ends[t];
      }
      if (heredocs.length) argsEnd = end;
    }

    instructions.push({ keyword, start: s, end, line: firstLine, endLine: last, flags, argsStart, argsEnd: Math.max(argsEnd, argsStart), heredocs, ambiguousEnd });
    line = last;
  }
  return { escapeChar, directives, instructions };
}

/** Lines that could end a heredoc, by the name they spell: as written, and with leading tabs removed (`<<-`). */
interface Terminators {
  exact: Map<string, number[]>;
  stripped: Map<string, number[]>;
}

/** A line that could spell a delimiter: one word without `<` (what heredocOperators accepts). */
const NAME = /^[^\s<]+$/;

/** One pass over the lines, so finding each heredoc's end is a lookup, not a scan to the end of the file. */
function terminatorLines(source: string, starts: number[], ends: number[]): Terminators {
  const exact = new Map<string, number[]>();
  const stripped = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, name: string, line: number) => {
    const lines = map.get(name);
    if (lines) lines.push(line);
    else map.set(name, [line]);
  };
  for (let l = 0; l < starts.length; l++) {
    const text = source.slice(starts[l], ends[l]);
    if (NAME.test(text)) add(exact, text, l);
    const untabbed = text.replace(/^\t+/, '');
    if (NAME.test(untabbed)) add(stripped, untabbed, l);
  }
  return { exact, stripped };
}

/** The first of the ascending `lines` at or after `from`, or -1. */
function firstAtOrAfter(lines: number[] | undefined, from: number): number {
  if (!lines) return -1;
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < lines.length ? lines[lo] : -1;
}

/** True at a blank, or at an escape-newline continuation. */
function isSpaceAt(source: string, i: number): boolean {
  const c = source.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Skips blanks, line breaks, escape-newline continuations and comment lines inside them. */
function skipSpace(source: string, pos: number, end: number, esc: number): number {
  while (pos < end) {
    const c = source.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      pos++;
    } else if (c === esc && escapesNewline(source, pos + 1)) {
      pos = source.indexOf('\n', pos) + 1;
      // comment lines inside the continuation
      for (;;) {
        const s = skipBlanks(source, pos, end);
        if (source.charCodeAt(s) !== 35) break;
        const nl = source.indexOf('\n', s);
        if (nl < 0 || nl >= end) return end;
        pos = nl + 1;
      }
    } else {
      break;
    }
  }
  return pos;
}

/** True when only blanks stand between `i` and the end of its line. */
function escapesNewline(source: string, i: number): boolean {
  while (i < source.length && isBlank(source.charCodeAt(i))) i++;
  return i < source.length && (source.charCodeAt(i) === 10 || (source.charCodeAt(i) === 13 && source.charCodeAt(i + 1) === 10));
}
