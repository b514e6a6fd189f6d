import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { finalImageRuns, finalImageShellRuns, setInStage } from '../../transforms/cache-scope.js';

describe('finalImageRuns and finalImageShellRuns', () => {
  const src = 'FROM a AS build\nRUN make\nFROM b\nRUN echo\nRUN <<EOF\necho\nEOF\nRUN ["echo"]\n';

  it('RUNs of the stages that ship; heredoc RUNs only among shell runs', () => {
    const doc = new Document(src);
    expect(finalImageRuns(doc).map((i) => i.line)).toEqual([4]);
    expect(finalImageShellRuns(doc).map((i) => i.line)).toEqual([4, 5]);
  });
});

describe('setInStage', () => {
  const at = (src: string, line: number) => {
    const doc = new Document(src);
    return setInStage(doc, doc.instructions.find((i) => i.line === line)!, 'X');
  };

  it('an ENV or ARG before, in the stage, a stage it builds FROM, or before any FROM', () => {
    expect(at('FROM a\nENV X=1\nRUN x\n', 3)).toBe(true);
    expect(at('FROM a AS base\nARG X\nFROM base\nRUN x\n', 4)).toBe(true);
    expect(at('ARG X=1\nFROM a\nRUN x\n', 3)).toBe(true);
  });

  it('not after, nor in an unrelated stage', () => {
    expect(at('FROM a\nRUN x\nENV X=1\n', 2)).toBe(false);
    expect(at('FROM a\nENV X=1\nFROM b\nRUN x\n', 4)).toBe(false);
  });
});
