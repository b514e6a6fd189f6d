/**
 * The shell view of a RUN body. Every node carries `start`/`end`: offsets into the
 * Dockerfile source (end exclusive), valid across escape-newline continuations and
 * comment lines inside them, so an edit at those offsets lands exactly.
 */

export interface Span {
  start: number;
  end: number;
}

/** A piece of a word, in order; quotes and expansions keep their kind. */
export type WordPart =
  | { kind: 'literal'; value: string } // unquoted text, backslash escapes already resolved
  | { kind: 'single'; value: string } // '...'
  | { kind: 'ansi'; value: string } // $'...' with escapes resolved
  | { kind: 'double'; parts: WordPart[] } // "..."; parts are literal or expansions
  | { kind: 'param'; name: string; text: string; assigns: boolean; parts?: WordPart[] } // $x, ${x}, ${x:-y}; assigns: ${x:=y} / ${x=y}; parts: expansions inside the operand
  | { kind: 'command'; text: string; script: Script | null; backquote: boolean } // $(...) or `...`
  | { kind: 'arith'; text: string; assigns: boolean; parts?: WordPart[] } // $(( ... )); assigns: contains =, ++, -- that set a variable; parts: expansions inside
  | { kind: 'tilde'; text: string }; // leading ~ or ~user

export interface Word extends Span {
  /** The word as written, continuations removed (quotes and `$` kept). */
  raw: string;
  parts: WordPart[];
  /** The word after quote removal when it has no expansion; otherwise undefined. */
  value: string | undefined;
}

export interface Assignment extends Span {
  name: string;
  /** `+=` in bash. */
  append: boolean;
  /** Value word, or null for `NAME=`. */
  value: Word | null;
  /** For `NAME=(a b)`: the elements (`value` then spans the parentheses and has no string value). */
  array?: Word[];
}

export interface Redirect extends Span {
  /** The operator as written: `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `>|`, `<>`. */
  op: string;
  /** Explicit file descriptor before the operator (`2>`), if any. */
  fd: number | undefined;
  /** `{var}` before the operator (bash allocates the descriptor into var), if any. */
  fdVar?: string;
  /** Target word; for a heredoc, the delimiter word. */
  target: Word;
  /** For heredocs: the body's span in the source (between the operator's line end and the terminator line). */
  heredoc?: {
    delimiter: string;
    quoted: boolean;
    stripTabs: boolean;
    body: Span;
    /** Expansions in an unquoted body (`$x`, `$(cmd)`), so commands inside can be walked. */
    parts?: WordPart[];
  };
}

export interface SimpleCommand extends Span {
  kind: 'simple';
  assignments: Assignment[];
  /** Command name and arguments; may be empty (a bare assignment or redirection). */
  words: Word[];
  redirects: Redirect[];
}

export interface Subshell extends Span {
  kind: 'subshell';
  body: Script;
  redirects: Redirect[];
}

export interface BraceGroup extends Span {
  kind: 'brace';
  body: Script;
  redirects: Redirect[];
}

export interface IfClause extends Span {
  kind: 'if';
  /** `if`/`elif` conditions paired with their `then` bodies, in order. */
  branches: { condition: Script; body: Script }[];
  elseBody: Script | null;
  redirects: Redirect[];
}

export interface ForClause extends Span {
  kind: 'for';
  variable: string;
  /** null when there is no `in` (iterates "$@"), and for the C-style form. */
  items: Word[] | null;
  /** The `((init; test; step))` text of a bash C-style loop; `variable` is then ''. */
  arith?: string;
  /** A bash `select` loop, which has the same shape. */
  select?: boolean;
  body: Script;
  redirects: Redirect[];
}

export interface WhileClause extends Span {
  kind: 'while';
  until: boolean;
  condition: Script;
  body: Script;
  redirects: Redirect[];
}

export interface CaseClause extends Span {
  kind: 'case';
  subject: Word;
  items: { patterns: Word[]; body: Script }[];
  redirects: Redirect[];
}

export interface FunctionDefinition extends Span {
  kind: 'function';
  name: string;
  body: Command;
}

/** `[[ ... ]]` and `(( ... ))` in bash: kept as opaque text with their words. */
export interface TestClause extends Span {
  kind: 'test' | 'arith';
  text: string;
  /** The words between `[[` and `]]` (operators excluded), so expansions inside can be walked. */
  words?: Word[];
  redirects: Redirect[];
}

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | IfClause
  | ForClause
  | WhileClause
  | CaseClause
  | FunctionDefinition
  | TestClause;

export interface Pipeline extends Span {
  kind: 'pipeline';
  /** Leading `!`. */
  negated: boolean;
  /** Leading bash `time` (or `time -p`). */
  timed?: boolean;
  commands: Command[];
}

export interface AndOr extends Span {
  kind: 'andor';
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ListItem extends Span {
  andOr: AndOr;
  /** What ends this item: `;`, `&`, a newline, or nothing (end of the list). */
  separator: ';' | '&' | '\n' | null;
}

/** A list of and-or lists: a whole RUN body, or the body of a compound command. */
export interface Script extends Span {
  kind: 'script';
  items: ListItem[];
}

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the Dockerfile source where parsing failed. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}
