import { describe, it, expect } from 'vitest';
import { parseShell } from '../../src/shell/parser.js';
import { logicalText } from '../../src/shell/logical.js';
import { fix } from '../../src/index.js';
import {
  ShellSyntaxError,
  type CaseClause,
  type Command,
  type ForClause,
  type FunctionDefinition,
  type IfClause,
  type Script,
  type SimpleCommand,
  type TestClause,
  type WhileClause,
  type WordPart,
} from '../../src/shell/ast.js';

/** The nth command of the first pipeline of item `item`. */
function command(script: Script, item = 0, index = 0): Command {
  return script.items[item].andOr.first.commands[index];
}

function simple(script: Script, item = 0, index = 0): SimpleCommand {
  const c = command(script, item, index);
  if (c.kind !== 'simple') throw new Error(`expected a simple command, got ${c.kind}`);
  return c;
}

function values(cmd: SimpleCommand): (string | undefined)[] {
  return cmd.words.map((w) => w.value);
}

function firstWordParts(text: string, word = 1): WordPart[] {
  return simple(parseShell(text)).words[word].parts;
}

function syntaxError(text: string, toSource?: (i: number) => number): ShellSyntaxError {
  try {
    parseShell(text, toSource);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('offsets in the Dockerfile source', () => {
  const dockerfile = 'FROM alpine\nRUN apk add --no-cache curl \\\n# a comment inside the continuation\n    && echo "$HOME" > /tmp/x\n';
  const start = dockerfile.indexOf('apk');
  const end = dockerfile.length - 1;
  const logical = logicalText(dockerfile, start, end, '\\');
  const script = parseShell(logical.text, logical.toSource);

  it('a word before the continuation ends before the escape', () => {
    const curl = simple(script).words[3];
    expect(curl.raw).toBe('curl');
    expect([curl.start, curl.end]).toEqual([35, 39]);
    expect(dockerfile.slice(curl.start, curl.end)).toBe('curl');
  });

  it('words after a comment line inside the continuation land on their own line', () => {
    const echo = script.items[0].andOr.rest[0].pipeline.commands[0] as SimpleCommand;
    expect(echo.words.map((w) => [w.start, w.end])).toEqual([
      [85, 89],
      [90, 97],
    ]);
    expect(dockerfile.slice(echo.words[1].start, echo.words[1].end)).toBe('"$HOME"');
    expect(echo.redirects[0]).toMatchObject({ op: '>', fd: undefined, start: 98, end: 106 });
  });

  it('the and-or list spans from the first word to the last, across the continuation', () => {
    const andOr = script.items[0].andOr;
    expect([andOr.start, andOr.end]).toEqual([16, 106]);
    expect(dockerfile.slice(andOr.start, andOr.end)).toMatch(/^apk add .* > \/tmp\/x$/s);
    expect([script.start, script.end]).toEqual([16, 106]);
    expect(andOr.rest[0].op).toBe('&&');
  });

  it('backtick as escape char keeps shell backslash-newlines in the text', () => {
    const source = '# escape=`\nFROM scratch\nRUN echo a `\n  b \\\n  c\n';
    const from = source.indexOf('echo');
    const body = logicalText(source, from, source.length - 1, '`');
    expect(body.text).toBe('echo a   b \\\n  c');
    const cmd = simple(parseShell(body.text, body.toSource));
    expect(values(cmd)).toEqual(['echo', 'a', 'b', 'c']);
    expect(cmd.words.map((w) => source.slice(w.start, w.end))).toEqual(['echo', 'a', 'b', 'c']);
    expect([cmd.start, cmd.end]).toEqual([from, source.length - 1]);
  });

  describe('a word just before a Dockerfile continuation ends at its last character', () => {
    // an end mapped one or two characters too far puts a flag inserted there after the escape
    it.each([
      ['LF, a blank before the escape', 'FROM d\nRUN apt-get install \\\n    curl\n', '\\'],
      ['LF, the escape right after the word', 'FROM d\nRUN apt-get install\\\n    curl\n', '\\'],
      ['CRLF', 'FROM d\r\nRUN apt-get install \\\r\n    curl\r\n', '\\'],
      ['CRLF, the escape right after the word', 'FROM d\r\nRUN apt-get install\\\r\n    curl\r\n', '\\'],
      ['the backtick escape', '# escape=`\nFROM d\nRUN apt-get install `\n    curl\n', '`'],
      ['the backtick escape right after the word', '# escape=`\nFROM d\nRUN apt-get install`\n    curl\n', '`'],
      ['a comment line after the continuation', 'FROM d\nRUN apt-get install\\\n  # why\n    curl\n', '\\'],
    ])('%s', (_name, source, escape) => {
      const from = source.indexOf('apt-get');
      const to = source.lastIndexOf('curl') + 'curl'.length;
      const body = logicalText(source, from, to, escape);
      const install = simple(parseShell(body.text, body.toSource)).words[1];
      expect(source.slice(install.start, install.end)).toBe('install');
      expect(source[install.end]).not.toBe('\n');
      expect(source.slice(install.end).replace(/^[ \t]*/, '')[0]).toBe(escape);
    });

    it('so apt-get gets -y right after install', () => {
      expect(fix('FROM d\nRUN apt-get install\\\n    curl\n', { transforms: ['apt-assume-yes'] }).output).toBe('FROM d\nRUN apt-get install -y\\\n    curl\n');
      expect(fix('FROM d\r\nRUN apt-get install \\\r\n    curl\r\n', { transforms: ['apt-assume-yes'] }).output).toBe(
        'FROM d\r\nRUN apt-get install -y \\\r\n    curl\r\n',
      );
      expect(fix('# escape=`\nFROM d\nRUN apt-get install`\n    curl\n', { transforms: ['apt-assume-yes'] }).output).toBe(
        '# escape=`\nFROM d\nRUN apt-get install -y`\n    curl\n',
      );
    });
  });

  it('a word that contains a shell continuation keeps it in raw and joins the value', () => {
    const cmd = simple(parseShell('echo ab\\\ncd'));
    expect(cmd.words[1]).toMatchObject({ raw: 'ab\\\ncd', value: 'abcd', start: 5, end: 11 });
  });

  it('commands inside backquotes map back through the unescaped text', () => {
    const text = 'echo `echo \\$x y`';
    const part = firstWordParts(text)[0];
    expect(part).toMatchObject({ kind: 'command', backquote: true, text: '`echo \\$x y`' });
    const inner = part.kind === 'command' && part.script ? simple(part.script) : undefined;
    expect(inner?.words.map((w) => [w.raw, w.start, w.end])).toEqual([
      ['echo', 6, 10],
      ['$x', 12, 14],
      ['y', 15, 16],
    ]);
  });

  it('commands inside $( ) carry offsets of the outer text', () => {
    const part = firstWordParts('echo "a $(ls -l /)"')[0];
    const inner = part.kind === 'double' ? part.parts[1] : undefined;
    expect(inner).toMatchObject({ kind: 'command', text: '$(ls -l /)', backquote: false });
    const script = inner?.kind === 'command' ? inner.script : null;
    expect(script && simple(script).words.map((w) => [w.start, w.end])).toEqual([
      [10, 12],
      [13, 15],
      [16, 17],
    ]);
  });
});

describe('lists, and-or lists and pipelines', () => {
  it('separators are recorded per item, and `;`/`&` belong to the item', () => {
    const script = parseShell('a; b & c\nd');
    expect(script.items.map((i) => [i.separator, i.start, i.end])).toEqual([
      [';', 0, 2],
      ['&', 3, 6],
      ['\n', 7, 8],
      [null, 9, 10],
    ]);
  });

  it('&& and || chain pipelines, with newlines allowed after the operator', () => {
    const andOr = parseShell('a && b ||\n  c').items[0].andOr;
    expect(andOr.rest.map((r) => [r.op, r.pipeline.start, r.pipeline.end])).toEqual([
      ['&&', 5, 6],
      ['||', 12, 13],
    ]);
  });

  it('a negated pipeline with |& starts at the bang', () => {
    const pipeline = parseShell('! a |& b | c').items[0].andOr.first;
    expect(pipeline).toMatchObject({ negated: true, start: 0, end: 12 });
    expect(pipeline.commands.map((c) => c.start)).toEqual([2, 7, 11]);
  });

  it('comments end at the newline and are not words', () => {
    const script = parseShell('echo a # b c\necho d#e');
    expect(values(simple(script))).toEqual(['echo', 'a']);
    expect(values(simple(script, 1))).toEqual(['echo', 'd#e']);
  });

  it('an empty or comment-only body is an empty script', () => {
    expect(parseShell('  # nothing\n').items).toEqual([]);
  });
});

describe('simple commands', () => {
  it('assignment prefixes, words and redirections with fds', () => {
    const cmd = simple(parseShell('A=1 B+=x C= make -j4 2>&1 >>log <in'));
    expect(cmd.assignments.map((a) => [a.name, a.append, a.value?.value, a.start, a.end])).toEqual([
      ['A', false, '1', 0, 3],
      ['B', true, 'x', 4, 8],
      ['C', false, undefined, 9, 11],
    ]);
    expect(cmd.assignments[2].value).toBeNull();
    expect(values(cmd)).toEqual(['make', '-j4']);
    expect(cmd.redirects.map((r) => [r.op, r.fd, r.target.raw, r.start, r.end])).toEqual([
      ['>&', 2, '1', 21, 25],
      ['>>', undefined, 'log', 26, 31],
      ['<', undefined, 'in', 32, 35],
    ]);
    expect([cmd.start, cmd.end]).toEqual([0, 35]);
  });

  it('every redirection operator', () => {
    const cmd = simple(parseShell('x <a >b >>c <&3 >&- &>d &>>e >|f 3<>g <<<h {fd}>i'));
    expect(cmd.redirects.map((r) => r.op)).toEqual(['<', '>', '>>', '<&', '>&', '&>', '&>>', '>|', '<>', '<<<', '>']);
    expect(cmd.redirects[8].fd).toBe(3);
    expect(cmd.redirects[10]).toMatchObject({ fdVar: 'fd', fd: undefined, start: 43, end: 49 });
  });

  it('an assignment after the command name is an argument', () => {
    const cmd = simple(parseShell('env A=1 run'));
    expect(cmd.assignments).toEqual([]);
    expect(values(cmd)).toEqual(['env', 'A=1', 'run']);
  });

  it('an array assignment keeps its elements', () => {
    const cmd = simple(parseShell('pkgs=(curl "git" $x) echo'));
    const [a] = cmd.assignments;
    expect(a.name).toBe('pkgs');
    expect(a.array?.map((w) => w.raw)).toEqual(['curl', '"git"', '$x']);
    expect(a.value).toMatchObject({ raw: '(curl "git" $x)', value: undefined, start: 5, end: 20 });
    expect(values(cmd)).toEqual(['echo']);
  });

  it('reserved words are plain arguments outside command position', () => {
    expect(values(simple(parseShell('echo if then fi done { } esac')))).toEqual(['echo', 'if', 'then', 'fi', 'done', '{', '}', 'esac']);
  });

  it('braces that are not separate words are brace expansions', () => {
    expect(values(simple(parseShell('{a,b}.txt')))).toEqual(['{a,b}.txt']);
  });
});

describe('words', () => {
  it('quote removal gives the value', () => {
    const cmd = simple(parseShell(`echo 'a b' "c d" e\\ f "g\\"h" 'i'"j"k $'t\\tu'`));
    expect(values(cmd)).toEqual(['echo', 'a b', 'c d', 'e f', 'g"h', 'ijk', 't\tu']);
  });

  it('parts keep quotes and expansions apart', () => {
    expect(firstWordParts(`pre'q'"d$x"$'a'`, 0)).toEqual([
      { kind: 'literal', value: 'pre' },
      { kind: 'single', value: 'q' },
      { kind: 'double', parts: [{ kind: 'literal', value: 'd' }, { kind: 'param', name: 'x', text: '$x', assigns: false }] },
      { kind: 'ansi', value: 'a' },
    ]);
  });

  it('a word with an expansion has no value', () => {
    const cmd = simple(parseShell('echo $x "${y}" $(z) `w` $((1+2)) ~/bin a$1'));
    expect(values(cmd)).toEqual(['echo', undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a leading tilde is an expansion, a later one is literal', () => {
    expect(firstWordParts('~user/x', 0)).toEqual([
      { kind: 'tilde', text: '~user' },
      { kind: 'literal', value: '/x' },
    ]);
    expect(simple(parseShell('echo a~b')).words[1].value).toBe('a~b');
  });

  it('special parameters and positional parameters', () => {
    const names = simple(parseShell('echo $@ $* $# $? $- $$ $! $0 $12'))
      .words.slice(1)
      .map((w) => (w.parts[0].kind === 'param' ? w.parts[0].name : ''));
    expect(names).toEqual(['@', '*', '#', '?', '-', '$', '!', '0', '1']);
  });

  it('a lone dollar is literal', () => {
    expect(values(simple(parseShell('echo $ a$ "$"')))).toEqual(['echo', '$', 'a$', '$']);
  });

  it('parameter expansions: nesting, length, indirection, and the ones that assign', () => {
    const parts = simple(parseShell('echo ${a:-${b}} ${#c} ${!d} ${e:=1} ${f=2} ${g[0]} "${h:-"}"}"'))
      .words.slice(1)
      .map((w) => w.parts[0]);
    expect(parts.map((p) => (p.kind === 'param' ? [p.name, p.assigns] : p.kind))).toEqual([
      ['a', false],
      ['c', false],
      ['d', false],
      ['e', true],
      ['f', true],
      ['g', false],
      'double',
    ]);
    expect(parts[0]).toMatchObject({ text: '${a:-${b}}', parts: [{ kind: 'param', name: 'b' }] });
  });

  it('a command substitution inside a parameter default is parsed', () => {
    const part = firstWordParts('echo ${V:-$(cat v)}')[0];
    const nested = part.kind === 'param' ? part.parts?.[0] : undefined;
    expect(nested?.kind === 'command' && nested.script && values(simple(nested.script))).toEqual(['cat', 'v']);
  });

  it('arithmetic marks assignment but not comparison', () => {
    const arith = (text: string) => {
      const p = firstWordParts(`echo ${text}`)[0];
      return p.kind === 'arith' ? p.assigns : 'not arith';
    };
    expect(arith('$((x + 1))')).toBe(false);
    expect(arith('$((x == 1 || y != 2 || z <= 3 || w >= 4))')).toBe(false);
    expect(arith('$((x = 1))')).toBe(true);
    expect(arith('$((x++))')).toBe(true);
    expect(arith('$((--x))')).toBe(true);
    expect(arith('$((x += 2))')).toBe(true);
    expect(arith('$((x <<= 2))')).toBe(true);
  });

  it('$(( )) that is really a subshell inside a substitution', () => {
    const part = firstWordParts('echo $( (cd /; ls) | wc)')[0];
    expect(part.kind).toBe('command');
  });

  it('process substitution is a command part', () => {
    const cmd = simple(parseShell('diff <(sort a) >(cat)'));
    expect(cmd.redirects).toEqual([]);
    expect(cmd.words.map((w) => w.parts[0].kind)).toEqual(['literal', 'command', 'command']);
  });

  it('a command substitution inside arithmetic is parsed', () => {
    const part = firstWordParts('echo $(( $(nproc) + 1 ))')[0];
    expect(part).toMatchObject({ kind: 'arith', assigns: false, parts: [{ kind: 'command', text: '$(nproc)' }] });
  });

  it('a process substitution can be a redirect target', () => {
    expect(simple(parseShell('tee x > >(cat)')).redirects[0].target.parts[0].kind).toBe('command');
  });

  it('a carriage return before a newline is a blank, as Docker strips it', () => {
    expect(values(simple(parseShell('echo a\r\necho b')))).toEqual(['echo', 'a']);
  });

  it('ANSI-C escapes are resolved', () => {
    expect(simple(parseShell(`echo $'\\x41\\101\\u00e9\\n\\'\\\\'`)).words[1].value).toBe("AAé\n'\\");
  });

  it('extended globs stay in one word', () => {
    expect(values(simple(parseShell('rm !(keep).txt @(a|b)')))).toEqual(['rm', '!(keep).txt', '@(a|b)']);
  });
});

describe('compound commands', () => {
  it('subshell and brace group with redirects', () => {
    const script = parseShell('(cd /x && make) > log; { a; b; } 2>&1');
    const sub = command(script);
    expect(sub).toMatchObject({ kind: 'subshell', start: 0, end: 21 });
    expect(sub.kind === 'subshell' && sub.redirects[0].op).toBe('>');
    const brace = command(script, 1);
    expect(brace).toMatchObject({ kind: 'brace', start: 23, end: 37 });
    expect(brace.kind === 'brace' && brace.body.items.length).toBe(2);
  });

  it('if / elif / else', () => {
    const cmd = command(parseShell('if a; then b; elif c\nthen d; else e; fi')) as IfClause;
    expect(cmd.kind).toBe('if');
    expect(cmd.branches.map((b) => [simple(b.condition).words[0].value, simple(b.body).words[0].value])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cmd.elseBody && simple(cmd.elseBody).words[0].value).toBe('e');
    expect([cmd.start, cmd.end]).toEqual([0, 39]);
  });

  it('for with in, without in, and the C-style form', () => {
    const withIn = command(parseShell('for p in a "b c" $d; do echo $p; done')) as ForClause;
    expect(withIn).toMatchObject({ kind: 'for', variable: 'p', start: 0, end: 37 });
    expect(withIn.items?.map((w) => w.raw)).toEqual(['a', '"b c"', '$d']);
    const withoutIn = command(parseShell('for arg\ndo echo; done')) as ForClause;
    expect(withoutIn.items).toBeNull();
    const cStyle = command(parseShell('for ((i=0; i<3; i++)); do :; done')) as ForClause;
    expect(cStyle).toMatchObject({ variable: '', items: null, arith: '((i=0; i<3; i++))' });
  });

  it('while and until', () => {
    const w = command(parseShell('while read -r l; do echo; done < f')) as WhileClause;
    expect(w).toMatchObject({ kind: 'while', until: false, start: 0, end: 34 });
    expect(w.redirects.map((r) => r.target.value)).toEqual(['f']);
    expect((command(parseShell('until x; do y; done')) as WhileClause).until).toBe(true);
  });

  it('case with every terminator and an optional leading paren', () => {
    const c = command(parseShell('case "$x" in (a|b) one;; c) two;& *) three;;& d) ;; esac')) as CaseClause;
    expect(c.subject.raw).toBe('"$x"');
    expect(c.items.map((i) => i.patterns.map((p) => p.raw))).toEqual([['a', 'b'], ['c'], ['*'], ['d']]);
    expect(c.items[3].body.items).toEqual([]);
    expect(c.end).toBe(56);
  });

  it('case across lines with the last terminator omitted', () => {
    const c = command(parseShell('case $a in\n  x)\n    echo x\n    ;;\n  y) echo y\nesac')) as CaseClause;
    expect(c.items.length).toBe(2);
  });

  it('function definitions in both forms', () => {
    const posix = command(parseShell('f() { echo; }')) as FunctionDefinition;
    expect(posix).toMatchObject({ kind: 'function', name: 'f', start: 0, end: 13 });
    expect(posix.body.kind).toBe('brace');
    const bash = command(parseShell('function g { :; }')) as FunctionDefinition;
    expect(bash).toMatchObject({ name: 'g', end: 17 });
    expect((command(parseShell('function h() ( :; )')) as FunctionDefinition).body.kind).toBe('subshell');
  });

  it('[[ ]] and (( )) are kept as test clauses with their text', () => {
    const t = command(parseShell('[[ $a =~ ^(x|y)$ && -f "$b" ]]')) as TestClause;
    expect(t).toMatchObject({ kind: 'test', text: '[[ $a =~ ^(x|y)$ && -f "$b" ]]', start: 0, end: 30 });
    expect(t.words?.map((w) => w.raw)).toContain('"$b"');
    expect(command(parseShell('(( n > 3 ))'))).toMatchObject({ kind: 'arith', text: '(( n > 3 ))' });
  });

  it('select loops share the for shape', () => {
    expect(command(parseShell('select x in a b; do break; done'))).toMatchObject({ kind: 'for', select: true, variable: 'x' });
  });

  it('a bash time prefix marks the pipeline instead of naming the command', () => {
    const pipeline = parseShell('time -p apt-get update | cat').items[0].andOr.first;
    expect(pipeline).toMatchObject({ timed: true, start: 0, end: 28 });
    expect(values(pipeline.commands[0] as SimpleCommand)).toEqual(['apt-get', 'update']);
    expect(values(simple(parseShell('time')))).toEqual(['time']);
  });

  it('reserved words are recognised after a separator', () => {
    const script = parseShell('x && if y; then z; fi; echo fi');
    expect(script.items[0].andOr.rest[0].pipeline.commands[0].kind).toBe('if');
    expect(values(simple(script, 1))).toEqual(['echo', 'fi']);
  });
});

describe('heredocs', () => {
  it('records delimiter, quoting and the body span', () => {
    const text = 'cat <<EOF > /x\nline $HOME\nEOF\necho done';
    const script = parseShell(text);
    const r = simple(script).redirects[0];
    expect(r).toMatchObject({ op: '<<', heredoc: { delimiter: 'EOF', quoted: false, stripTabs: false, body: { start: 15, end: 26 } } });
    expect(text.slice(15, 26)).toBe('line $HOME\n');
    expect(values(simple(script, 1))).toEqual(['echo', 'done']);
  });

  it('quoted delimiters and <<- tab stripping', () => {
    const text = "cat <<-'END'\n\tbody\n\tEND";
    const r = simple(parseShell(text)).redirects[0];
    expect(r).toMatchObject({ op: '<<-', heredoc: { delimiter: 'END', quoted: true, stripTabs: true, body: { start: 13, end: 19 } } });
  });

  it('two heredocs on one line read their bodies in order', () => {
    const text = 'paste <<A <<"B"\n1\nA\n2\nB\n';
    const [a, b] = simple(parseShell(text)).redirects;
    expect(a.heredoc?.body).toEqual({ start: 16, end: 18 });
    expect(b.heredoc).toMatchObject({ delimiter: 'B', quoted: true, body: { start: 20, end: 22 } });
  });

  it('expansions in an unquoted body are parsed, a quoted body stays text', () => {
    const [unquoted] = simple(parseShell('cat <<EOF\n$HOME $(id -u)\nEOF')).redirects;
    expect(unquoted.heredoc?.parts?.map((p) => p.kind)).toEqual(['param', 'command']);
    const [quoted] = simple(parseShell("cat <<'EOF'\n$(id -u)\nEOF")).redirects;
    expect(quoted.heredoc?.parts).toBeUndefined();
  });

  it('a CRLF terminator line still ends the body', () => {
    const [r] = simple(parseShell('cat <<EOF\r\nx\r\nEOF\r\n')).redirects;
    expect(r.heredoc?.body).toEqual({ start: 11, end: 14 });
  });

  it('a heredoc in a pipeline continues after the body', () => {
    const script = parseShell('cat <<EOF | sh\necho hi\nEOF\n');
    expect(script.items[0].andOr.first.commands.length).toBe(2);
  });
});

describe('syntax errors', () => {
  it('unclosed single quote points at the quote', () => {
    expect(syntaxError("echo 'abc").offset).toBe(5);
  });

  it('unclosed double quote', () => {
    expect(syntaxError('echo "abc').offset).toBe(5);
  });

  it('if without fi', () => {
    expect(syntaxError('if true; then echo').message).toContain('fi');
  });

  it('a stray closing paren', () => {
    expect(syntaxError('echo a )').offset).toBe(7);
  });

  it('&& at the end', () => {
    expect(syntaxError('echo a &&').offset).toBe(7);
  });

  it('a pipe with nothing after it', () => {
    expect(syntaxError('echo a |').offset).toBe(7);
  });

  it('an unclosed command substitution', () => {
    expect(syntaxError('echo $(ls').offset).toBe(5);
  });

  it('an unterminated heredoc', () => {
    expect(syntaxError('cat <<EOF\nbody').offset).toBe(4);
  });

  it('a command substitution that does not parse fails the whole parse', () => {
    expect(syntaxError('echo "$(if x)"')).toBeInstanceOf(ShellSyntaxError);
  });

  it('a leading separator', () => {
    expect(syntaxError('; echo').offset).toBe(0);
  });

  it('the error offset is a source offset', () => {
    expect(syntaxError("echo 'x", (i) => i + 100).offset).toBe(105);
  });

  it('done without a loop', () => {
    expect(syntaxError('echo; done').message).toContain('done');
  });
});
