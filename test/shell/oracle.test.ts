import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { parseShell } from '../../src/shell/parser.js';
import { simpleCommands } from '../../src/shell/walk.js';
import type { Script, Word } from '../../src/shell/ast.js';
import { runBodies } from './corpus.js';

/** The slice of the mvdan-sh (GopherJS) API this test uses; the package ships no typings. */
interface MvdanPos {
  Offset(): number;
}
interface MvdanNode {
  Pos(): MvdanPos;
  End(): MvdanPos;
  [field: string]: unknown;
}
interface MvdanSh {
  syntax: {
    NewParser(): { Parse(src: string, name: string): MvdanNode };
    Walk(node: MvdanNode, fn: (node: MvdanNode | null) => boolean): void;
    NodeType(node: MvdanNode): string;
  };
}

const sh = createRequire(import.meta.url)('mvdan-sh') as MvdanSh;
const mvdan = sh.syntax.NewParser();

/** One simple command as both parsers see it: its words' raw text, assignments first. */
type Flat = string[];

/** mvdan offsets are UTF-8 byte offsets. */
function byteSlice(bytes: Buffer, node: MvdanNode): string {
  return bytes.subarray(node.Pos().Offset(), node.End().Offset()).toString('utf8');
}

function mvdanCommands(src: string): Flat[] | 'error' {
  let file: MvdanNode;
  try {
    file = mvdan.Parse(src, 'body.sh');
  } catch {
    return 'error';
  }
  const bytes = Buffer.from(src, 'utf8');
  const found: { at: number; words: Flat }[] = [];
  sh.syntax.Walk(file, (node) => {
    if (!node) return true;
    const type = sh.syntax.NodeType(node);
    if (type === 'CallExpr' || type === 'DeclClause') found.push({ at: node.Pos().Offset(), words: mvdanWords(node, type, bytes) });
    return true;
  });
  return found.sort((a, b) => a.at - b.at).map((c) => c.words);
}

function mvdanWords(node: MvdanNode, type: string, bytes: Buffer): Flat {
  const list = (field: string): MvdanNode[] => (node[field] as MvdanNode[] | null) ?? [];
  if (type === 'DeclClause') return [byteSlice(bytes, node['Variant'] as MvdanNode), ...list('Args').map((a) => byteSlice(bytes, a))];
  return [...list('Assigns'), ...list('Args')].map((w) => byteSlice(bytes, w));
}

function ourCommands(src: string): Flat[] | 'error' {
  let script: Script;
  try {
    script = parseShell(src);
  } catch {
    return 'error';
  }
  return simpleCommands(script)
    .map(({ command }) => command)
    .filter((c) => c.words.length > 0 || c.assignments.length > 0)
    .map((c) => ({ at: Math.min(...[...c.assignments, ...c.words].map((n) => n.start)), words: [...c.assignments.map((a) => src.slice(a.start, a.end)), ...c.words.map((w) => w.raw)] }))
    .sort((a, b) => a.at - b.at)
    .map((c) => c.words);
}

/** Every word's source span must hold exactly its raw text when offsets are the identity. */
function allWords(script: Script): Word[] {
  return simpleCommands(script).flatMap(({ command }) => [...command.words, ...command.redirects.map((r) => r.target)]);
}

describe('mvdan-sh as oracle on realistic RUN bodies', () => {
  it('has a corpus of at least 60 bodies', () => {
    expect(runBodies.length).toBeGreaterThanOrEqual(60);
  });

  for (const body of runBodies) {
    it(`agrees on: ${body.slice(0, 70).replace(/\n/g, '⏎')}`, () => {
      const theirs = mvdanCommands(body);
      const ours = ourCommands(body);
      expect(theirs).not.toBe('error');
      expect(ours).toEqual(theirs);
      for (const w of allWords(parseShell(body))) expect(body.slice(w.start, w.end)).toBe(w.raw);
    });
  }
});

const NAMES = ['echo', 'ls', 'cat', 'true', 'grep', 'apt-get', 'rm', 'mkdir', 'curl', 'tar', 'sed'];
const ARGS = ['-y', '-rf', '/tmp/x', 'a.txt', 'install', '--no-cache', 'x=1', '*.log', 'é', '%s', '@', 'a,b', '1'];
const VARS = ['HOME', 'x', 'PATH', 'VERSION'];

/** A word built from quotes, escapes and expansions; `command` supplies nested scripts. */
function wordArbitrary(command: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ARGS) },
    { weight: 2, arbitrary: fc.constantFrom(...VARS).map((v) => `$${v}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VARS), fc.constantFrom(':-', ':=', '#', '%%', '/', ':?'), fc.constantFrom('a', '*.', 'x y')).map(([v, op, w]) => `\${${v}${op}${w}}`) },
    { weight: 2, arbitrary: fc.constantFrom(...ARGS, ' ', '"', '$', '\\').map((s) => `'${s.replace(/'/g, '')}'`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ARGS, ' '), fc.constantFrom(...VARS)).map(([a, v]) => `"${a} \${${v}}"`) },
    { weight: 1, arbitrary: fc.constantFrom('\\$', '\\"', '\\ ', "\\'", '\\\\') },
    { weight: 1, arbitrary: fc.constantFrom('$((1 + 2))', '$((x++))', "$'a\\tb'", '~/x') },
    { weight: 1, arbitrary: command.map((c) => `$(${c})`) },
    { weight: 1, arbitrary: command.map((c) => `"$(${c})"`) },
  );
  return fc.array(piece, { minLength: 1, maxLength: 3 }).map((pieces) => (pieces[0].startsWith('~') ? pieces.slice(0, 1) : pieces).join(''));
}

/** Shell scripts valid by construction, mixing operators and compound commands. */
const scriptArbitrary = fc.letrec<{ list: string; pipeline: string; command: string; simple: string; word: string }>((tie) => ({
  word: wordArbitrary(fc.constantFrom('pwd', 'date -u', 'cat a | wc -l')),
  simple: fc
    .tuple(
      fc.option(fc.constantFrom('A=1 ', 'B="$x" ', 'C=$(pwd) ')),
      fc.constantFrom(...NAMES),
      fc.array(tie('word'), { maxLength: 4 }),
      fc.option(fc.constantFrom(' >/dev/null', ' 2>&1', ' >> "$HOME/log"', ' <<<"$x"', ' &>/dev/null')),
    )
    .map(([assign, name, args, redirect]) => `${assign ?? ''}${[name, ...args].join(' ')}${redirect ?? ''}`),
  command: fc.oneof(
    { maxDepth: 2, depthSize: 'small', depthIdentifier: 'command', withCrossShrink: true },
    tie('simple'),
    tie('list').map((l) => `( ${l} )`),
    tie('list').map((l) => `{ ${l}; }`),
    fc.tuple(tie('list'), tie('list'), fc.option(tie('list'))).map(([c, b, e]) => `if ${c}; then ${b}; ${e ? `else ${e}; ` : ''}fi`),
    fc.tuple(fc.array(tie('word'), { maxLength: 3 }), tie('list')).map(([ws, b]) => `for v in ${ws.join(' ')}; do ${b}; done`),
    fc.tuple(fc.constantFrom('while', 'until'), tie('list'), tie('list')).map(([k, c, b]) => `${k} ${c}; do ${b}; done`),
    fc.tuple(tie('word'), tie('list'), tie('list')).map(([w, a, b]) => `case ${w} in a|b) ${a};; (*) ${b};; esac`),
    tie('list').map((b) => `f() { ${b}; }`),
    tie('word').map((w) => `[[ -n ${w} ]]`),
  ),
  pipeline: fc
    .tuple(fc.boolean(), fc.array(tie('command'), { minLength: 1, maxLength: 2, depthIdentifier: 'command' }))
    .map(([negate, cmds]) => `${negate ? '! ' : ''}${cmds.join(' | ')}`),
  list: fc
    .tuple(tie('pipeline'), fc.array(fc.tuple(fc.constantFrom(' && ', ' || ', '; ', '\n', ' && \\\n'), tie('pipeline')), { maxLength: 2, depthIdentifier: 'command' }))
    .map(([first, rest]) => first + rest.map(([op, p]) => op + p).join('')),
})).list;

// mvdan-sh takes about 0.1 s on a generated body on a busy 2-core machine: numRuns keep each property
// to a few seconds, and the seed changes every run (test/support/fast-check.ts), so runs add up
describe('mvdan-sh as oracle on generated bodies', () => {
  it('parses every generated body and finds the same simple commands', () => {
    fc.assert(
      fc.property(scriptArbitrary, (body) => {
        const ours = ourCommands(body);
        expect(ours).not.toBe('error');
        expect(ours).toEqual(mvdanCommands(body));
        for (const w of allWords(parseShell(body))) expect(body.slice(w.start, w.end)).toBe(w.raw);
      }),
      { numRuns: 40 },
    );
  });

  // bash -n and dash -n reject every one of these (mvdan-sh accepts `{ }` and `( )`)
  it('rejects a compound command with nothing in it, as bash and dash do (`if true; then fi`, `{ }`, `while true; do done`)', () => {
    for (const body of ['if then fi', 'if true; then fi', 'if true; then :; elif then :; fi', 'if true; then :; else fi', 'while do done', 'until true; do done', 'for i in a; do done', '{ }', '( )', 'f() { # only a comment\n}']) {
      expect(() => parseShell(body), body).toThrow(/must be followed by a command/);
    }
    // what may be empty stays accepted
    for (const body of ['echo $( )', 'echo ``', 'case x in a) ;; esac', '']) expect(mvdanCommands(body), body).not.toBe('error');
    for (const body of ['echo $( )', 'echo ``', 'case x in a) ;; esac', '']) expect(ourCommands(body), body).not.toBe('error');
  });

  it('rejects what mvdan-sh rejects among broken bodies', () => {
    const broken = fc.tuple(scriptArbitrary, fc.constantFrom(' &&', ' |', ' )', ' "', " '", ' $(', ' `', '; fi', ' ${x')).map(([s, tail]) => s + tail);
    fc.assert(
      fc.property(broken, (body) => {
        expect(ourCommands(body) === 'error').toBe(mvdanCommands(body) === 'error');
      }),
      { numRuns: 40 },
    );
  });
});
