import type { WordPart } from './ast.js';

/** Character codes, classes and pure text helpers shared by the shell parser. */

export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SP = 32;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const AMP = 38;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const MINUS = 45;
export const ZERO = 48;
export const NINE = 57;
export const SEMI = 59;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const QUESTION = 63;
export const AT = 64;
export const LBRACKET = 91;
export const BSLASH = 92;
export const RBRACKET = 93;
export const BTICK = 96;
export const LBRACE = 123;
export const PIPE = 124;
export const RBRACE = 125;
export const TILDE = 126;

/** Characters that end an unquoted word. */
export const WORD_END = new Uint8Array(128);
// a carriage return is a blank, as Docker strips it from CRLF lines before the shell sees them
for (const c of [TAB, NL, CR, SP, AMP, LPAREN, RPAREN, SEMI, LT, GT, PIPE]) WORD_END[c] = 1;
/** Characters that need more than copying inside an unquoted word. */
export const WORD_SPECIAL = new Uint8Array(128);
for (const c of [BSLASH, SQUOTE, DQUOTE, DOLLAR, BTICK]) WORD_SPECIAL[c] = 1;

export const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
export const isNameChar = (c: number): boolean => isNameStart(c) || (c >= ZERO && c <= NINE);
export const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;
export const isBlank = (c: number): boolean => c === SP || c === TAB;
export const mayStartRedirect = (c: number): boolean => c === LT || c === GT || c === AMP || c === LBRACE || isDigit(c);
export const endsWord = (c: number): boolean => c < 0 || (c < 128 && WORD_END[c] === 1);

/** Words that close a list when they appear in command position. */
export const LIST_CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
/** First characters of reserved words (if, for, while, until, case, select, function) and of words that close a list. */
export const KEYWORD_START = new Uint8Array(128);
for (const c of 'ifwucstde{}['.split('').map((ch) => ch.charCodeAt(0))) KEYWORD_START[c] = 1;

/** Special parameters usable as `$c`. */
export const SPECIAL_PARAMS = new Set([AT, STAR, HASH, QUESTION, MINUS, DOLLAR, BANG]);
/** Characters that turn a following `(` into a bash extended glob. */
export const EXTGLOB_PREFIX = new Set([AT, BANG, PLUS, STAR, QUESTION]);

/** Literal text between parts; a run removed by a backslash-newline leaves nothing. */
export function pushLiteral(parts: WordPart[], value: string): void {
  if (value !== '') parts.push({ kind: 'literal', value });
}

/** True when the character at `i` is escaped by an odd run of backslashes starting at or after `from`. */
export function escapedAt(text: string, i: number, from: number): boolean {
  let k = i - 1;
  while (k >= from && text.charCodeAt(k) === BSLASH) k--;
  return (i - 1 - k) % 2 === 1;
}

/** A word's string value after quote removal, or undefined when anything in it expands. */
export function wordValue(parts: WordPart[]): string | undefined {
  if (parts.length === 1) {
    const p = parts[0];
    if (p.kind === 'literal' || p.kind === 'single' || p.kind === 'ansi') return p.value;
  }
  let value = '';
  for (const p of parts) {
    if (p.kind === 'literal' || p.kind === 'single' || p.kind === 'ansi') value += p.value;
    else if (p.kind === 'double') {
      for (const q of p.parts) {
        if (q.kind !== 'literal') return undefined;
        value += q.value;
      }
    } else return undefined;
  }
  return value;
}

/** The text a part stands for when nothing expands (heredoc delimiters). */
export function partText(p: WordPart): string {
  switch (p.kind) {
    case 'literal':
    case 'single':
    case 'ansi':
      return p.value;
    case 'double':
      return p.parts.map(partText).join('');
    case 'tilde':
    case 'param':
    case 'command':
    case 'arith':
      return p.text;
  }
}

/** Whether arithmetic text sets a variable: `=` other than a comparison, or `++`/`--`. */
export function arithAssigns(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === PLUS || c === MINUS) && text.charCodeAt(i + 1) === c) return true;
    if (c !== EQ) continue;
    if (text.charCodeAt(i + 1) === EQ) {
      i++;
      continue;
    }
    const p = text.charCodeAt(i - 1);
    if (p === BANG) continue;
    if (p === LT || p === GT) {
      if (text.charCodeAt(i - 2) === p) return true;
      continue;
    }
    return true;
  }
  return false;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Decodes one `$'...'` escape whose letter is at `i`; returns the text and the index after it. */
export function decodeAnsiEscape(text: string, i: number): [string, number] {
  const c = text[i];
  if (c === undefined) return ['\\', i];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, i + 1];
  if (c === 'x' || c === 'u' || c === 'U') {
    const max = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const [code, next] = readDigits(text, i + 1, max, 16);
    return next === i + 1 ? ['\\' + c, next] : [String.fromCodePoint(Math.min(code, 0x10ffff)), next];
  }
  if (c >= '0' && c <= '7') {
    const [code, next] = readDigits(text, i, 3, 8);
    return [String.fromCharCode(code & 0xff), next];
  }
  if (c === 'c' && i + 1 < text.length) return [String.fromCharCode(text.charCodeAt(i + 1) & 0x1f), i + 2];
  return ['\\' + c, i + 1];
}

function readDigits(text: string, i: number, max: number, radix: number): [number, number] {
  let value = 0;
  let j = i;
  while (j < text.length && j - i < max) {
    const d = parseInt(text[j], radix);
    if (Number.isNaN(d)) break;
    value = value * radix + d;
    j++;
  }
  return [value, j];
}
