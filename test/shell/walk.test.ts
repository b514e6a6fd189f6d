import { describe, it, expect } from 'vitest';
import { parseShell } from '../../src/shell/parser.js';
import { commandName, forEachCommand, simpleCommands, wordValue, type WalkContext } from '../../src/shell/walk.js';

/** `name: flags` for every simple command, flags being the context keys that are true. */
function contexts(text: string): string[] {
  return simpleCommands(parseShell(text)).map(({ command, context }) => {
    const flags = (Object.keys(context) as (keyof WalkContext)[]).filter((k) => context[k]);
    const name = commandName(command) ?? '?';
    return flags.length > 0 ? `${name}: ${flags.join(' ')}` : name;
  });
}

describe('forEachCommand', () => {
  it('visits compound commands before their bodies, in source order', () => {
    const kinds: string[] = [];
    forEachCommand(parseShell('if a; then (b); fi; for x in y; do { c; }; done'), (c) => kinds.push(c.kind === 'simple' ? commandName(c) ?? '?' : c.kind));
    expect(kinds).toEqual(['if', 'a', 'subshell', 'b', 'for', 'brace', 'c']);
  });

  it('descends into substitutions in assignments, words, redirect targets and heredoc bodies', () => {
    const names = simpleCommands(parseShell('A=$(a) b "$(c)" ${x:-$(d)} > $(e) <<EOF\n`f`\nEOF')).map(({ command }) => commandName(command) ?? '');
    expect(names).toEqual(['b', 'a', 'c', 'd', 'e', 'f']);
  });

  it('descends into [[ ]] words, case subjects and patterns, and array elements', () => {
    const names = simpleCommands(parseShell('[[ -n $(a) ]]; case $(b) in $(c)) d;; esac; arr=($(e))')).map(({ command }) => commandName(command));
    expect(names).toEqual(['a', 'b', 'c', 'd', undefined, 'e']);
  });
});

describe('walk contexts', () => {
  it('a subshell, a substitution and a function body', () => {
    expect(contexts('(cd /x); echo $(pwd); f() { cd /y; }')).toEqual(['cd: inSubshell', 'echo', 'pwd: inSubstitution', 'cd: inFunction']);
  });

  it('conditions: if and while conditions, before && and ||, and negation', () => {
    expect(contexts('if a; then b; fi; while c; do d; done; e && f || g; ! h')).toEqual([
      'a: inCondition',
      'b',
      'c: inCondition inLoop',
      'd: inLoop',
      'e: inCondition',
      'f: inCondition',
      'g',
      'h: inCondition',
    ]);
  });

  it('pipelines of two or more commands, and background items', () => {
    expect(contexts('a | b; c; d & e')).toEqual(['a: inPipeline', 'b: inPipeline', 'c', 'd: inBackground', 'e']);
  });

  it('a compound command in a pipeline does not make its body a pipeline', () => {
    expect(contexts('{ a; b; } | c')).toEqual(['a', 'b', 'c: inPipeline']);
  });
});

describe('word helpers', () => {
  it('commandName is the first word value, undefined when it expands or is missing', () => {
    const [plain, expanded, bare] = simpleCommands(parseShell("'apt-get' x; $CMD x; A=1")).map(({ command }) => command);
    expect(commandName(plain)).toBe('apt-get');
    expect(commandName(expanded)).toBeUndefined();
    expect(commandName(bare)).toBeUndefined();
    expect(wordValue(plain.words[1])).toBe('x');
  });
});
