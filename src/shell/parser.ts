import {
  ShellSyntaxError,
  type Assignment,
  type CaseClause,
  type Command,
  type ForClause,
  type FunctionDefinition,
  type IfClause,
  type ListItem,
  type Pipeline,
  type AndOr,
  type Redirect,
  type Script,
  type TestClause,
  type WhileClause,
  type Word,
  type WordPart,
} from './ast.js';
import {
  TAB,
  NL,
  CR,
  SP,
  BANG,
  DQUOTE,
  HASH,
  DOLLAR,
  AMP,
  SQUOTE,
  LPAREN,
  RPAREN,
  PLUS,
  MINUS,
  SEMI,
  LT,
  EQ,
  GT,
  LBRACKET,
  BSLASH,
  RBRACKET,
  BTICK,
  LBRACE,
  PIPE,
  RBRACE,
  TILDE,
  WORD_END,
  WORD_SPECIAL,
  isNameStart,
  isNameChar,
  isDigit,
  isBlank,
  mayStartRedirect,
  endsWord,
  LIST_CLOSERS,
  KEYWORD_START,
  SPECIAL_PARAMS,
  EXTGLOB_PREFIX,
  pushLiteral,
  escapedAt,
  wordValue,
  partText,
  arithAssigns,
  decodeAnsiEscape,
} from './lexical.js';

/**
 * Parses POSIX shell (with common bash extensions) into the shell view.
 * `toSource` maps an offset in `text` to a Dockerfile source offset; identity when omitted.
 * Throws ShellSyntaxError when the text cannot be parsed.
 */
export function parseShell(text: string, toSource: (i: number) => number = identity): Script {
  const parser = new Parser(text, toSource);
  const script = parser.parseList();
  parser.expectEnd();
  return script;
}

interface PendingHeredoc {
  redirect: Redirect;
  /** Logical index of the operator, for errors. */
  at: number;
  delimiter: string;
  stripTabs: boolean;
}

type Separator = ListItem['separator'];

const identity = (i: number): number => i;

class Parser {
  private pos = 0;
  private readonly n: number;
  private pending: PendingHeredoc[] = [];
  /** Inside `[[ ]]`, where `(` and `|` are operators even within a regex. */
  private testDepth = 0;
  /** False when offsets are the identity, which lets the hot paths skip the mapping call. */
  private readonly mapped: boolean;

  constructor(
    private readonly text: string,
    private readonly toSource: (i: number) => number,
  ) {
    this.n = text.length;
    this.mapped = toSource !== identity;
  }

  // ---------------------------------------------------------------- offsets and errors

  private at(i: number): number {
    return i < this.n ? this.text.charCodeAt(i) : -1;
  }

  private startOf(i: number): number {
    return this.mapped ? this.toSource(i) : i;
  }

  /** End offsets map the last character, so an end never lands after a removed continuation. */
  private endOf(start: number, end: number): number {
    if (!this.mapped) return end;
    return end > start ? this.toSource(end - 1) + 1 : this.toSource(start);
  }

  private fail(message: string, i: number = this.pos): never {
    throw new ShellSyntaxError(message, this.toSource(Math.min(i, this.n)));
  }

  private describe(i: number): string {
    if (i >= this.n) return 'end of input';
    const word = this.keywordAt(i);
    if (word !== '') return JSON.stringify(word);
    const c = this.text[i];
    return c === '\n' ? 'newline' : JSON.stringify(c);
  }

  expectEnd(): void {
    this.skipLinebreaks();
    if (this.pos < this.n) this.fail(`unexpected ${this.describe(this.pos)}`);
    if (this.pending.length > 0) this.fail(`unclosed here-document '${this.pending[0].delimiter}'`, this.pending[0].at);
  }

  // ---------------------------------------------------------------- blanks, comments, newlines

  /** Skips blanks, shell line continuations and a comment; stops at a newline. */
  private skipBlanks(): void {
    const text = this.text;
    for (;;) {
      const c = this.at(this.pos);
      if (c === SP || c === TAB || c === CR) this.pos++;
      else if (c === BSLASH && this.at(this.pos + 1) === NL) this.pos += 2;
      else if (c === HASH) {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.n : nl;
        return;
      } else return;
    }
  }

  /** Consumes one newline and then any here-document bodies it starts. */
  private newline(): void {
    this.pos++;
    if (this.pending.length > 0) this.readHeredocBodies();
  }

  private skipLinebreaks(): void {
    for (;;) {
      this.skipBlanks();
      if (this.at(this.pos) !== NL) return;
      this.newline();
    }
  }

  private readHeredocBodies(): void {
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) this.readHeredocBody(doc);
  }

  private readHeredocBody(doc: PendingHeredoc): void {
    const text = this.text;
    const bodyStart = this.pos;
    for (;;) {
      if (this.pos >= this.n) this.fail(`unclosed here-document '${doc.delimiter}'`, doc.at);
      const lineStart = this.pos;
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = this.n;
      let s = lineStart;
      if (doc.stripTabs) while (s < lineEnd && text.charCodeAt(s) === TAB) s++;
      this.pos = lineEnd < this.n ? lineEnd + 1 : lineEnd;
      const contentEnd = lineEnd > s && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      if (contentEnd - s === doc.delimiter.length && text.startsWith(doc.delimiter, s)) {
        this.finishHeredoc(doc, bodyStart, lineStart);
        return;
      }
    }
  }

  private finishHeredoc(doc: PendingHeredoc, bodyStart: number, bodyEnd: number): void {
    const heredoc = doc.redirect.heredoc;
    if (!heredoc) return;
    heredoc.body = { start: this.startOf(bodyStart), end: this.endOf(bodyStart, bodyEnd) };
    if (heredoc.quoted) return;
    const parts = this.expansionsIn(bodyStart, bodyEnd, 'here-document');
    if (parts.length > 0) heredoc.parts = parts;
  }

  /** Expansions in `[from, to)` read as in double quotes (heredoc bodies, arithmetic); pos is kept. */
  private expansionsIn(from: number, to: number, what: string): WordPart[] {
    const saved = this.pos;
    const parts: WordPart[] = [];
    this.pos = from;
    while (this.pos < to) {
      const c = this.text.charCodeAt(this.pos);
      if (c === BSLASH) this.pos += 2;
      else if (c === BTICK) parts.push(this.readBackquote());
      else if (c !== DOLLAR) this.pos++;
      else {
        const part = this.readDollar(true);
        if (part) parts.push(part);
        else this.pos++;
      }
    }
    if (this.pos > to) this.fail(`unclosed expansion in ${what}`, from);
    this.pos = saved;
    return parts;
  }

  // ---------------------------------------------------------------- reserved words

  /** The reserved-looking word at `i` (letters, `{`, `}`, `!`, `[[`), or '' when none ends there. */
  private keywordAt(i: number): string {
    const text = this.text;
    let j = i;
    for (;;) {
      const c = this.at(j);
      if ((c >= 97 && c <= 122) || c === LBRACE || c === RBRACE || c === BANG || c === LBRACKET) j++;
      else break;
    }
    if (j === i || j - i > 8 || !endsWord(this.at(j))) return '';
    return text.slice(i, j);
  }

  private atListCloser(): boolean {
    const c = this.at(this.pos);
    if (c < 0 || c === RPAREN) return true;
    if (c === SEMI) {
      const d = this.at(this.pos + 1);
      return d === SEMI || d === AMP;
    }
    // closers start with `}`, t(hen), e(lse|lif|sac), f(i), d(o|one)
    if (c !== RBRACE && c !== 116 && c !== 101 && c !== 102 && c !== 100) return false;
    return LIST_CLOSERS.has(this.keywordAt(this.pos));
  }

  /** Consumes `word` when it is the next reserved word. */
  private acceptKeyword(word: string): boolean {
    this.skipBlanks();
    if (!this.text.startsWith(word, this.pos) || !endsWord(this.at(this.pos + word.length))) return false;
    this.pos += word.length;
    return true;
  }

  private expectKeyword(word: string, construct: string, start: number): void {
    this.skipLinebreaks();
    if (!this.acceptKeyword(word)) {
      this.fail(`${construct}: expected "${word}", found ${this.describe(this.pos)}`, start);
    }
  }

  // ---------------------------------------------------------------- lists

  /** A list of and-or lists, stopping before a closing word, `)`, a case terminator or the end. */
  parseList(): Script {
    const items: ListItem[] = [];
    this.skipLinebreaks();
    const first = this.pos;
    while (!this.atListCloser()) {
      const andOr = this.parseAndOr();
      const separator = this.parseSeparator();
      const end = separator === ';' || separator === '&' ? this.endOf(this.pos - 1, this.pos) : andOr.end;
      items.push({ andOr, separator, start: andOr.start, end });
      if (separator === null) break;
      if (separator === '\n') this.newline();
      this.skipLinebreaks();
    }
    if (items.length === 0) return { kind: 'script', items, start: this.startOf(first), end: this.startOf(first) };
    return { kind: 'script', items, start: items[0].start, end: items[items.length - 1].end };
  }

  private parseSeparator(): Separator {
    this.skipBlanks();
    const c = this.at(this.pos);
    const d = this.at(this.pos + 1);
    if (c === SEMI && d !== SEMI && d !== AMP) {
      this.pos++;
      return ';';
    }
    if (c === AMP && d !== AMP && d !== GT) {
      this.pos++;
      return '&';
    }
    return c === NL ? '\n' : null;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.at(this.pos);
      if ((c !== AMP && c !== PIPE) || this.at(this.pos + 1) !== c) break;
      const opAt = this.pos;
      this.pos += 2;
      this.skipLinebreaks();
      const op = c === AMP ? '&&' : '||';
      if (this.atListCloser()) this.fail(`${op} must be followed by a command`, opAt);
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    const last = rest.length > 0 ? rest[rest.length - 1].pipeline : first;
    return { kind: 'andor', first, rest, start: first.start, end: last.end };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanks();
    const start = this.pos;
    let negated = false;
    if (this.at(this.pos) === BANG && endsWord(this.at(this.pos + 1))) {
      negated = true;
      this.pos++;
      this.skipBlanks();
    }
    const timed = this.acceptTime();
    const commands: Command[] = [this.parseCommand()];
    for (;;) {
      this.skipBlanks();
      if (this.at(this.pos) !== PIPE || this.at(this.pos + 1) === PIPE) break;
      const opAt = this.pos;
      this.pos += this.at(this.pos + 1) === AMP ? 2 : 1;
      this.skipLinebreaks();
      if (this.atListCloser()) this.fail('| must be followed by a command', opAt);
      commands.push(this.parseCommand());
    }
    const startSource = negated || timed ? this.startOf(start) : commands[0].start;
    const pipeline: Pipeline = { kind: 'pipeline', negated, commands, start: startSource, end: commands[commands.length - 1].end };
    if (timed) pipeline.timed = true;
    return pipeline;
  }

  /** Consumes a bash `time [-p]` prefix; a bare `time` with nothing after it stays a command. */
  private acceptTime(): boolean {
    if (this.at(this.pos) !== 116 || !this.text.startsWith('time', this.pos) || !isBlank(this.at(this.pos + 4))) return false;
    let i = this.pos + 4;
    while (isBlank(this.at(i))) i++;
    if (this.at(i) === MINUS && this.at(i + 1) === 112 && endsWord(this.at(i + 2))) {
      i += 2;
      while (isBlank(this.at(i))) i++;
    }
    const c = this.at(i);
    if (c < 0 || c === NL || c === SEMI || c === AMP || c === PIPE || c === RPAREN) return false;
    this.pos = i;
    return true;
  }

  // ---------------------------------------------------------------- commands

  private parseCommand(): Command {
    this.skipBlanks();
    const c = this.at(this.pos);
    if (c === LPAREN) return this.at(this.pos + 1) === LPAREN ? this.parseArithOrSubshell() : this.parseSubshell();
    if (c < 128 && KEYWORD_START[c] === 1) {
      const compound = this.parseKeywordCommand(this.keywordAt(this.pos));
      if (compound) return compound;
    }
    if (c < 0 || c === NL || c === SEMI || c === AMP || c === PIPE || c === RPAREN) {
      this.fail(`expected a command, found ${this.describe(this.pos)}`);
    }
    return this.parseSimpleOrFunction();
  }

  private parseKeywordCommand(word: string): Command | undefined {
    switch (word) {
      case 'if':
        return this.parseIf();
      case 'for':
      case 'select':
        return this.parseFor(word === 'select');
      case 'while':
      case 'until':
        return this.parseWhile(word === 'until');
      case 'case':
        return this.parseCase();
      case 'function':
        return this.parseFunctionKeyword();
      case '{':
        return this.parseBrace();
      case '[[':
        return this.parseTest();
      case '':
        return undefined;
      default:
        if (LIST_CLOSERS.has(word)) this.fail(`unexpected "${word}"`);
        return undefined;
    }
  }

  /** Redirections after a compound command; the command's end grows to cover them. */
  private parseTrailingRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      const r = this.tryRedirect();
      if (!r) return redirects;
      redirects.push(r);
    }
  }

  private withRedirects<T extends Command & { redirects: Redirect[] }>(node: T): T {
    node.redirects = this.parseTrailingRedirects();
    if (node.redirects.length > 0) node.end = node.redirects[node.redirects.length - 1].end;
    return node;
  }

  /** A list that must hold a command, as every shell requires after `if`, `then`, `do`, `{` and `(`. */
  private parseCompoundList(after: string, start: number): Script {
    const list = this.parseList();
    if (list.items.length === 0) this.fail(`${after} must be followed by a command`, start);
    return list;
  }

  private parseSubshell(): Command {
    const start = this.pos;
    this.pos++;
    const body = this.parseCompoundList('"("', start);
    if (this.at(this.pos) !== RPAREN) this.fail('unclosed "("', start);
    this.pos++;
    return this.withRedirects({ kind: 'subshell', body, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) });
  }

  private parseBrace(): Command {
    const start = this.pos;
    this.pos++;
    const body = this.parseCompoundList('"{"', start);
    this.expectKeyword('}', '"{"', start);
    return this.withRedirects({ kind: 'brace', body, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) });
  }

  private parseIf(): IfClause {
    const start = this.pos;
    this.pos += 2;
    const branches: IfClause['branches'] = [];
    let elseBody: Script | null = null;
    for (;;) {
      const condition = this.parseCompoundList(branches.length ? '"elif"' : '"if"', start);
      this.expectKeyword('then', '"if" condition', start);
      const body = this.parseCompoundList('"then"', start);
      branches.push({ condition, body });
      if (this.acceptKeyword('elif')) continue;
      if (this.acceptKeyword('else')) elseBody = this.parseCompoundList('"else"', start);
      this.expectKeyword('fi', '"if"', start);
      break;
    }
    return this.withRedirects({ kind: 'if', branches, elseBody, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) });
  }

  private parseWhile(until: boolean): WhileClause {
    const start = this.pos;
    this.pos += 5;
    const condition = this.parseCompoundList(until ? '"until"' : '"while"', start);
    const body = this.parseDoGroup(start);
    return this.withRedirects({ kind: 'while', until, condition, body, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) });
  }

  private parseDoGroup(start: number): Script {
    this.expectKeyword('do', 'loop', start);
    const body = this.parseCompoundList('"do"', start);
    this.expectKeyword('done', '"do"', start);
    return body;
  }

  private parseFor(select: boolean): ForClause {
    const start = this.pos;
    this.pos += select ? 6 : 3;
    this.skipBlanks();
    let variable = '';
    let items: Word[] | null = null;
    let arith: string | undefined;
    if (this.at(this.pos) === LPAREN && this.at(this.pos + 1) === LPAREN) {
      const a = this.pos;
      this.pos = this.arithEnd(this.pos + 2, 'unclosed "((" in for');
      arith = this.text.slice(a, this.pos);
    } else {
      const nameAt = this.pos;
      while (isNameChar(this.at(this.pos))) this.pos++;
      variable = this.text.slice(nameAt, this.pos);
      if (variable === '' || isDigit(variable.charCodeAt(0)) || !endsWord(this.at(this.pos))) {
        this.fail('"for" must be followed by a variable name', nameAt);
      }
      items = this.parseForItems();
    }
    this.skipBlanks();
    if (this.at(this.pos) === SEMI) this.pos++;
    const body = this.parseDoGroup(start);
    const node: ForClause = { kind: 'for', variable, items, body, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) };
    if (arith !== undefined) node.arith = arith;
    if (select) node.select = true;
    return this.withRedirects(node);
  }

  /** `in w1 w2 ...` up to `;` or a newline; null when there is no `in`. */
  private parseForItems(): Word[] | null {
    this.skipLinebreaks();
    if (!this.acceptKeyword('in')) return null;
    const items: Word[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.at(this.pos);
      if (c === SEMI || c === NL || c < 0) return items;
      if (endsWord(c)) this.fail(`unexpected ${this.describe(this.pos)} in "for" list`);
      items.push(this.readWord());
    }
  }

  private parseCase(): CaseClause {
    const start = this.pos;
    this.pos += 4;
    this.skipBlanks();
    if (endsWord(this.at(this.pos))) this.fail('"case" must be followed by a word', start);
    const subject = this.readWord();
    this.skipLinebreaks();
    if (!this.acceptKeyword('in')) this.fail('"case x" must be followed by "in"', start);
    const items: CaseClause['items'] = [];
    for (;;) {
      this.skipLinebreaks();
      if (this.acceptKeyword('esac')) break;
      if (this.pos >= this.n) this.fail('"case" must end with "esac"', start);
      items.push(this.parseCaseItem());
    }
    return this.withRedirects({ kind: 'case', subject, items, redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) });
  }

  private parseCaseItem(): CaseClause['items'][number] {
    if (this.at(this.pos) === LPAREN) this.pos++;
    const patterns: Word[] = [];
    for (;;) {
      this.skipBlanks();
      if (endsWord(this.at(this.pos))) this.fail(`expected a case pattern, found ${this.describe(this.pos)}`);
      patterns.push(this.readWord());
      this.skipBlanks();
      const c = this.at(this.pos);
      this.pos++;
      if (c === RPAREN) break;
      if (c !== PIPE) this.fail('case patterns must be separated by "|" and end with ")"', this.pos - 1);
    }
    const body = this.parseList();
    const c = this.at(this.pos);
    if (c === SEMI) {
      this.pos += 2;
      if (this.at(this.pos) === AMP) this.pos++;
    } else if (c === RPAREN || (c >= 0 && !this.text.startsWith('esac', this.pos))) {
      this.fail(`unexpected ${this.describe(this.pos)} in case item`);
    }
    return { patterns, body };
  }

  private parseFunctionKeyword(): FunctionDefinition {
    const start = this.pos;
    this.pos += 8;
    this.skipBlanks();
    const nameAt = this.pos;
    while (!endsWord(this.at(this.pos)) && !WORD_SPECIAL[this.at(this.pos)]) this.pos++;
    if (this.pos === nameAt) this.fail('"function" must be followed by a name', start);
    const name = this.text.slice(nameAt, this.pos);
    this.skipBlanks();
    if (this.at(this.pos) === LPAREN) {
      this.pos++;
      this.skipBlanks();
      if (this.at(this.pos) !== RPAREN) this.fail('"function name(" must be followed by ")"', start);
      this.pos++;
    }
    return this.functionBody(start, name);
  }

  private functionBody(start: number, name: string): FunctionDefinition {
    this.skipLinebreaks();
    const body = this.parseCommand();
    return { kind: 'function', name, body, start: this.startOf(start), end: body.end };
  }

  private parseTest(): TestClause {
    const start = this.pos;
    this.pos += 2;
    const words: Word[] = [];
    this.testDepth++;
    for (;;) {
      this.skipBlanks();
      const c = this.at(this.pos);
      if (c < 0) this.fail('unclosed "[["', start);
      if (c === RBRACKET && this.at(this.pos + 1) === RBRACKET && endsWord(this.at(this.pos + 2))) break;
      if (c === NL) this.newline();
      else if (endsWord(c)) this.pos++;
      else words.push(this.readWord());
    }
    this.testDepth--;
    this.pos += 2;
    const node: TestClause = { kind: 'test', text: this.text.slice(start, this.pos), redirects: [], start: this.startOf(start), end: this.endOf(start, this.pos) };
    if (words.length > 0) node.words = words;
    return this.withRedirects(node);
  }

  /** `((` opens an arithmetic command unless its parentheses only close as nested subshells. */
  private parseArithOrSubshell(): Command {
    const start = this.pos;
    const end = this.arithEndOrMinus(start + 2);
    if (end < 0) return this.parseSubshell();
    this.pos = end;
    const node: TestClause = { kind: 'arith', text: this.text.slice(start, end), redirects: [], start: this.startOf(start), end: this.endOf(start, end) };
    return this.withRedirects(node);
  }

  private arithEnd(from: number, message: string): number {
    const end = this.arithEndOrMinus(from);
    if (end < 0) this.fail(message, from - 2);
    return end;
  }

  /** Index after the `))` closing an arithmetic text starting at `from`, or -1. */
  private arithEndOrMinus(from: number): number {
    let depth = 0;
    for (let i = from; i < this.n; i++) {
      const c = this.text.charCodeAt(i);
      if (c === LPAREN) depth++;
      else if (c === RPAREN) {
        if (depth > 0) depth--;
        else return this.at(i + 1) === RPAREN ? i + 2 : -1;
      } else if (c === BSLASH) i++;
      else if (c === SQUOTE || c === DQUOTE) {
        const close = this.text.indexOf(c === SQUOTE ? "'" : '"', i + 1);
        if (close < 0) return -1;
        i = close;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- simple commands

  private parseSimpleOrFunction(): Command {
    const start = this.pos;
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    let last = start;
    for (;;) {
      this.skipBlanks();
      const c = this.at(this.pos);
      if (c === LPAREN) {
        if (words.length === 1 && assignments.length === 0 && redirects.length === 0) return this.parseFunctionParens(start, words[0]);
        this.fail('a command can only contain words and redirects; found "("');
      }
      const redirect = mayStartRedirect(c) ? this.tryRedirect() : undefined;
      if (redirect) {
        redirects.push(redirect);
      } else if (endsWord(c) && !this.atProcessSubstitution()) {
        break;
      } else if (words.length === 0 && this.assignmentNameEnd() > 0) {
        assignments.push(this.parseAssignment());
      } else {
        words.push(this.readWord());
      }
      last = this.pos;
    }
    return { kind: 'simple', assignments, words, redirects, start: this.startOf(start), end: this.endOf(start, last) };
  }

  private parseFunctionParens(start: number, name: Word): FunctionDefinition {
    this.pos++;
    this.skipBlanks();
    if (this.at(this.pos) !== RPAREN) this.fail('"name(" must be followed by ")" to define a function', start);
    this.pos++;
    if (name.value === undefined) this.fail('invalid function name', start);
    return this.functionBody(start, name.value);
  }

  private atProcessSubstitution(): boolean {
    const c = this.at(this.pos);
    return (c === LT || c === GT) && this.at(this.pos + 1) === LPAREN;
  }

  /** Index just past `=` when an assignment (`name=`, `name+=`, `name[i]=`) starts here, else 0. */
  private assignmentNameEnd(): number {
    let i = this.pos;
    if (!isNameStart(this.at(i))) return 0;
    i++;
    while (isNameChar(this.at(i))) i++;
    if (this.at(i) === LBRACKET) {
      const close = this.text.indexOf(']', i);
      if (close < 0) return 0;
      i = close + 1;
    }
    if (this.at(i) === PLUS) i++;
    return this.at(i) === EQ ? i + 1 : 0;
  }

  private parseAssignment(): Assignment {
    const start = this.pos;
    const valueAt = this.assignmentNameEnd();
    const append = this.at(valueAt - 2) === PLUS;
    let nameEnd = valueAt - (append ? 2 : 1);
    const bracket = this.text.indexOf('[', start);
    if (bracket >= 0 && bracket < nameEnd) nameEnd = bracket;
    const name = this.text.slice(start, nameEnd);
    this.pos = valueAt;
    let value: Word | null = null;
    let array: Word[] | undefined;
    if (this.at(this.pos) === LPAREN) {
      array = this.parseArrayElements();
      value = this.arrayWord(valueAt, array);
    } else if (!endsWord(this.at(this.pos))) {
      value = this.readWord();
    }
    const node: Assignment = { name, append, value, start: this.startOf(start), end: this.endOf(start, this.pos) };
    if (array) node.array = array;
    return node;
  }

  /** `( w1 w2 ... )` of an array assignment; pos ends after `)`. */
  private parseArrayElements(): Word[] {
    const open = this.pos;
    this.pos++;
    const elements: Word[] = [];
    for (;;) {
      this.skipLinebreaks();
      const c = this.at(this.pos);
      if (c === RPAREN) break;
      if (endsWord(c)) this.fail('unclosed array "("', open);
      elements.push(this.readWord());
    }
    this.pos++;
    return elements;
  }

  /** The whole `(...)` of an array as one word; it has no single string value. */
  private arrayWord(start: number, elements: Word[]): Word {
    const parts: WordPart[] = [];
    for (const e of elements) parts.push(...e.parts);
    return { raw: this.text.slice(start, this.pos), parts, value: undefined, start: this.startOf(start), end: this.endOf(start, this.pos) };
  }

  // ---------------------------------------------------------------- redirections

  /** Parses a redirection at pos (with optional fd or `{var}`), or returns undefined and leaves pos. */
  private tryRedirect(): Redirect | undefined {
    const start = this.pos;
    let i = start;
    let fd: number | undefined;
    let varName: string | undefined;
    const c = this.at(i);
    if (isDigit(c)) {
      while (isDigit(this.at(i))) i++;
      fd = Number(this.text.slice(start, i));
    } else if (c === LBRACE) {
      i++;
      while (isNameChar(this.at(i))) i++;
      if (i === start + 1 || this.at(i) !== RBRACE) return undefined;
      varName = this.text.slice(start + 1, i);
      i++;
    }
    const op = this.redirectOperator(i);
    if (op === '' || (op === '&>' || op === '&>>' ? i !== start : false)) return undefined;
    this.pos = i + op.length;
    this.skipBlanks();
    if (endsWord(this.at(this.pos)) && !this.atProcessSubstitution()) this.fail(`${op} must be followed by a word`, i);
    const target = this.readWord();
    const redirect: Redirect = { op, fd, target, start: this.startOf(start), end: target.end };
    if (varName !== undefined) redirect.fdVar = varName;
    if (op === '<<' || op === '<<-') this.queueHeredoc(redirect, op === '<<-', i);
    return redirect;
  }

  private redirectOperator(i: number): string {
    const c = this.at(i);
    const d = this.at(i + 1);
    if (c === LT) {
      if (d === LPAREN) return '';
      if (d === LT) return this.at(i + 2) === LT ? '<<<' : this.at(i + 2) === MINUS ? '<<-' : '<<';
      return d === AMP ? '<&' : d === GT ? '<>' : '<';
    }
    if (c === GT) {
      if (d === LPAREN) return '';
      return d === GT ? '>>' : d === AMP ? '>&' : d === PIPE ? '>|' : '>';
    }
    if (c === AMP && d === GT) return this.at(i + 2) === GT ? '&>>' : '&>';
    return '';
  }

  private queueHeredoc(redirect: Redirect, stripTabs: boolean, at: number): void {
    const target = redirect.target;
    const quoted = target.parts.some((p) => p.kind !== 'literal') || target.raw.includes('\\');
    let delimiter = '';
    for (const p of target.parts) delimiter += partText(p);
    redirect.heredoc = { delimiter, quoted, stripTabs, body: { start: target.end, end: target.end } };
    this.pending.push({ redirect, at, delimiter, stripTabs });
  }

  // ---------------------------------------------------------------- words

  /** Reads one word at pos (the caller ensures pos does not end a word). */
  private readWord(): Word {
    const start = this.pos;
    const text = this.text;
    let c = text.charCodeAt(start);
    if (c !== TILDE) {
      // fast path: most words are plain text up to a blank or operator; c is NaN past the end
      let i = start;
      while (c < 128 && WORD_END[c] === 0 && WORD_SPECIAL[c] === 0) c = text.charCodeAt(++i);
      if (i > start && (c !== c || (c < 128 && WORD_END[c] === 1 && c !== LPAREN))) {
        this.pos = i;
        const raw = text.slice(start, i);
        return { raw, parts: [{ kind: 'literal', value: raw }], value: raw, start: this.startOf(start), end: this.endOf(start, i) };
      }
    }
    return this.readComplexWord(start);
  }

  /** A word with quotes, escapes, expansions or parentheses. */
  private readComplexWord(start: number): Word {
    const text = this.text;
    const parts: WordPart[] = [];
    let lit = ''; // resolved text of the open literal before `runStart`
    let runStart = this.pos;
    let opaque = false; // an array value inside an argument has no single string value
    if (this.at(this.pos) === TILDE) {
      const tilde = this.readTilde();
      if (tilde) parts.push(tilde);
      runStart = this.pos;
    }
    for (;;) {
      let c = this.at(this.pos);
      while (c >= 0 && c < 128 && WORD_END[c] === 0 && WORD_SPECIAL[c] === 0) c = this.at(++this.pos);
      if (c >= 128) {
        this.pos++;
        continue;
      }
      if (c < 0) break;
      if (c === BSLASH) {
        lit += text.slice(runStart, this.pos);
        const d = this.at(this.pos + 1);
        if (d < 0) lit += '\\';
        else if (d !== NL) lit += text[this.pos + 1];
        this.pos += d < 0 ? 1 : 2;
        runStart = this.pos;
        continue;
      }
      const partStart = this.pos;
      let part: WordPart | null;
      if (WORD_END[c] === 1) {
        if (c === LPAREN && this.pos > start && this.parenContinuesWord()) {
          if (this.text.charCodeAt(this.pos - 1) !== EQ) {
            this.pos = this.extglobEnd(start);
            continue;
          }
          pushLiteral(parts, lit + text.slice(runStart, partStart));
          lit = '';
          for (const element of this.parseArrayElements()) parts.push(...element.parts);
          opaque = true;
          runStart = this.pos;
          continue;
        }
        if ((c !== LT && c !== GT) || this.pos !== start || this.at(this.pos + 1) !== LPAREN) break;
        part = this.readCommandSubstitution(this.pos, 2);
      } else {
        part = this.readQuoteOrExpansion(c);
        if (part === null) continue;
      }
      pushLiteral(parts, lit + text.slice(runStart, partStart));
      lit = '';
      parts.push(part);
      runStart = this.pos;
    }
    pushLiteral(parts, lit + text.slice(runStart, this.pos));
    let end = this.pos;
    while (end - 2 >= start && text.charCodeAt(end - 1) === NL && text.charCodeAt(end - 2) === BSLASH && !escapedAt(text, end - 2, start)) end -= 2;
    return { raw: text.slice(start, end), parts, value: opaque ? undefined : wordValue(parts), start: this.startOf(start), end: this.endOf(start, end) };
  }

  /** Outside `[[ ]]`, `(` right after `@!+*?` opens an extended glob and after `=` an array value. */
  private parenContinuesWord(): boolean {
    const prev = this.text.charCodeAt(this.pos - 1);
    return this.testDepth === 0 && (EXTGLOB_PREFIX.has(prev) || prev === EQ);
  }

  /** An extended glob `@(a|b)` inside a word, kept literal; returns the index after its `)`. */
  private extglobEnd(start: number): number {
    let depth = 0;
    for (let i = this.pos; i < this.n; i++) {
      const c = this.text.charCodeAt(i);
      if (c === BSLASH) i++;
      else if (c === LPAREN) depth++;
      else if (c === RPAREN && --depth === 0) return i + 1;
    }
    return this.fail('unclosed extended glob', start);
  }

  /** `'...'`, `"..."`, `$...` or a backquote at pos; null when it is a literal `$` (pos then moves past it). */
  private readQuoteOrExpansion(c: number): WordPart | null {
    if (c === SQUOTE) return this.readSingle();
    if (c === DQUOTE) return this.readDouble();
    if (c === BTICK) return this.readBackquote();
    const part = this.readDollar(false);
    if (part === null) this.pos++;
    return part;
  }

  private readTilde(): WordPart | null {
    let i = this.pos + 1;
    for (;;) {
      const c = this.at(i);
      if (isNameChar(c) || c === MINUS || c === PLUS || c === 46) i++;
      else break;
    }
    const c = this.at(i);
    if (c !== 47 && !endsWord(c)) return null;
    const part: WordPart = { kind: 'tilde', text: this.text.slice(this.pos, i) };
    this.pos = i;
    return part;
  }

  private readSingle(): WordPart {
    const close = this.text.indexOf("'", this.pos + 1);
    if (close < 0) this.fail('reached the end without closing quote \'', this.pos);
    const part: WordPart = { kind: 'single', value: this.text.slice(this.pos + 1, close) };
    this.pos = close + 1;
    return part;
  }

  private readDouble(): WordPart {
    const open = this.pos;
    this.pos++;
    const parts = this.readDoubleParts(open);
    return { kind: 'double', parts };
  }

  /** Contents of a double-quoted string after its opening quote; pos ends after the closing quote. */
  private readDoubleParts(open: number): WordPart[] {
    const text = this.text;
    const parts: WordPart[] = [];
    let lit = '';
    let runStart = this.pos;
    for (;;) {
      let c = this.at(this.pos);
      while (c !== DQUOTE && c !== BSLASH && c !== DOLLAR && c !== BTICK && c >= 0) c = this.at(++this.pos);
      if (c < 0) this.fail('reached the end without closing quote "', open);
      if (c === BSLASH) {
        const d = this.at(this.pos + 1);
        if (d === DOLLAR || d === BTICK || d === DQUOTE || d === BSLASH || d === NL) {
          lit += text.slice(runStart, this.pos);
          if (d !== NL) lit += text[this.pos + 1];
          this.pos += 2;
          runStart = this.pos;
        } else this.pos += d < 0 ? 1 : 2;
        continue;
      }
      const partStart = this.pos;
      const part = c === DQUOTE ? null : c === BTICK ? this.readBackquote() : this.readDollar(true);
      if (part === null && c === DOLLAR) {
        this.pos++;
        continue;
      }
      const value = lit + text.slice(runStart, partStart);
      if (value !== '') parts.push({ kind: 'literal', value });
      lit = '';
      if (part === null) {
        this.pos++;
        return parts;
      }
      parts.push(part);
      runStart = this.pos;
    }
  }

  /** An expansion at `$`; null when the `$` is literal. */
  private readDollar(inDouble: boolean): WordPart | null {
    const start = this.pos;
    const c = this.at(start + 1);
    if (c === LBRACE) return this.readBraceParam(inDouble);
    if (c === LPAREN) {
      if (this.at(start + 2) === LPAREN) {
        const end = this.arithEndOrMinus(start + 3);
        if (end >= 0) return this.arithPart(start, end, 3);
      }
      return this.readCommandSubstitution(start, 2);
    }
    if (c === LBRACKET) return this.readOldArith(start);
    if (c === SQUOTE && !inDouble) return this.readAnsi();
    if (c === DQUOTE && !inDouble) {
      this.pos++;
      return this.readDouble();
    }
    let end = start + 2;
    if (isNameStart(c)) {
      while (isNameChar(this.at(end))) end++;
    } else if (!isDigit(c) && !SPECIAL_PARAMS.has(c)) {
      return null;
    }
    this.pos = end;
    return { kind: 'param', name: this.text.slice(start + 1, end), text: this.text.slice(start, end), assigns: false };
  }

  private arithPart(start: number, end: number, open: number): WordPart {
    const text = this.text.slice(start, end);
    const parts = this.expansionsIn(start + open, end - open + 1, 'arithmetic');
    this.pos = end;
    return parts.length > 0 ? { kind: 'arith', text, assigns: arithAssigns(text), parts } : { kind: 'arith', text, assigns: arithAssigns(text) };
  }

  private readOldArith(start: number): WordPart {
    let depth = 0;
    for (let i = start + 2; i < this.n; i++) {
      const c = this.text.charCodeAt(i);
      if (c === LBRACKET) depth++;
      else if (c === RBRACKET && depth-- === 0) return this.arithPart(start, i + 1, 2);
    }
    return this.fail('unclosed "$["', start);
  }

  /** `$(...)` or `<(...)`: the inner text is parsed as a script in place; pos ends after `)`. */
  private readCommandSubstitution(start: number, openLength: number): WordPart {
    this.pos = start + openLength;
    const outerPending = this.pending;
    this.pending = [];
    const script = this.parseList();
    if (this.at(this.pos) !== RPAREN) this.fail(`unclosed "${this.text.slice(start, start + openLength)}"`, start);
    if (this.pending.length > 0) this.fail(`unclosed here-document '${this.pending[0].delimiter}'`, start);
    this.pending = outerPending;
    this.pos++;
    return { kind: 'command', text: this.text.slice(start, this.pos), script, backquote: false };
  }

  /** `` `...` ``: unescape `\``, `\\`, `\$`, then parse the inner text with offsets mapped back. */
  private readBackquote(): WordPart {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let inner = '';
    const map: number[] = [];
    let escaped = false;
    for (;;) {
      const c = this.at(i);
      if (c < 0) this.fail('reached the end without closing quote `', start);
      if (c === BTICK) break;
      if (c === BSLASH) {
        const d = this.at(i + 1);
        if (d === BTICK || d === BSLASH || d === DOLLAR) {
          escaped = true;
          i++;
        }
      }
      i++;
    }
    const end = i;
    if (escaped) {
      for (let j = start + 1; j < end; j++) {
        const c = text.charCodeAt(j);
        const d = this.at(j + 1);
        if (c === BSLASH && (d === BTICK || d === BSLASH || d === DOLLAR)) j++;
        inner += text[j];
        map.push(j);
      }
      map.push(end);
    } else {
      inner = text.slice(start + 1, end);
    }
    const outer = this.toSource;
    const base = start + 1;
    const toSource = escaped ? (j: number) => outer(map[Math.min(j, map.length - 1)]) : (j: number) => outer(base + j);
    const script = parseShell(inner, toSource);
    this.pos = end + 1;
    return { kind: 'command', text: text.slice(start, end + 1), script, backquote: true };
  }

  private readAnsi(): WordPart {
    const start = this.pos;
    let value = '';
    let i = start + 2;
    for (;;) {
      const c = this.at(i);
      if (c < 0) this.fail("reached the end without closing quote '", start);
      if (c === SQUOTE) break;
      if (c === BSLASH) {
        const [decoded, next] = decodeAnsiEscape(this.text, i + 1);
        value += decoded;
        i = next;
      } else {
        value += this.text[i];
        i++;
      }
    }
    this.pos = i + 1;
    return { kind: 'ansi', value };
  }

  /** `${...}` with nesting; expansions inside the operand are kept as `parts`. */
  private readBraceParam(inDouble: boolean): WordPart {
    const start = this.pos;
    let i = start + 2;
    let c = this.at(i);
    if ((c === HASH || c === BANG) && this.at(i + 1) !== RBRACE) c = this.at(++i);
    const nameStart = i;
    if (isNameStart(c)) {
      while (isNameChar(this.at(i))) i++;
    } else if (isDigit(c)) {
      while (isDigit(this.at(i))) i++;
    } else if (SPECIAL_PARAMS.has(c)) {
      i++;
    } else {
      this.fail('bad substitution', start);
    }
    const name = this.text.slice(nameStart, i);
    if (this.at(i) === LBRACKET) {
      const close = this.text.indexOf(']', i);
      if (close < 0) this.fail('unclosed "[" in parameter expansion', start);
      i = close + 1;
    }
    const assigns = this.at(i) === EQ || (this.at(i) === 58 && this.at(i + 1) === EQ);
    this.pos = i;
    const nested = this.skipBraceOperand(start, inDouble);
    const text = this.text.slice(start, this.pos);
    return nested.length > 0 ? { kind: 'param', name, text, assigns, parts: nested } : { kind: 'param', name, text, assigns };
  }

  /** Skips to the `}` closing a parameter expansion, collecting expansions inside; pos ends after `}`. */
  private skipBraceOperand(start: number, inDouble: boolean): WordPart[] {
    const nested: WordPart[] = [];
    for (;;) {
      const c = this.at(this.pos);
      if (c < 0) this.fail('unclosed "${"', start);
      if (c === RBRACE) {
        this.pos++;
        return nested;
      }
      if (c === BSLASH) this.pos += 2;
      else if (c === SQUOTE && !inDouble) this.readSingle();
      else if (c === DQUOTE) {
        this.pos++;
        for (const p of this.readDoubleParts(this.pos - 1)) if (p.kind !== 'literal') nested.push(p);
      } else if (c === BTICK) nested.push(this.readBackquote());
      else if (c === DOLLAR) {
        const p = this.readDollar(inDouble);
        if (p) nested.push(p);
        else this.pos++;
      } else this.pos++;
    }
  }
}

