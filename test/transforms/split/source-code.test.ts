import { describe, expect, it } from 'vitest';
import { readSource } from '../../../transforms/split/source-code.js';

describe('reading source code for the files it names', () => {
  it('string literals without comments; Go backquotes are raw', () => {
    const go = readSource('// templates/old.html\nvar t = "templates/*.html" /* "x" */\nvar r = `C:\\dir`\nvar c = \'x\'\n', ['`']);
    expect(go.strings).toEqual(['templates/*.html', 'C:\\dir']);
    expect(go.code).not.toContain('old.html');
  });

  it('escapes inside strings', () => {
    expect(readSource('s = "a\\"b"; t = \'it\\\'s\';').strings).toEqual(['a"b', "it's"]);
  });
});
