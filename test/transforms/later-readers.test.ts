import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { derivedStages, laterReader, type ReaderQuestion } from '../../transforms/later-readers.js';

/** Reads when a command named `reader` runs (`maybe-reader`: may read), or when `/data` is copied. */
const question: ReaderQuestion = {
  key: 'test:data',
  reads: (reads) => {
    if (reads.commands.some((c) => c.resolved?.name === 'reader')) return {};
    const maybe = reads.commands.find((c) => c.resolved?.name === 'maybe-reader');
    return maybe ? { opaque: 'maybe-reader' } : undefined;
  },
  copied: (path) => path === '/data' || path === '/',
};

/** The line of the first later reader of the instruction on `line`, and whether it is opaque. */
function readerOf(src: string, line: number) {
  const doc = new Document(src);
  const ins = doc.instructions.find((i) => i.line === line)!;
  const found = laterReader(doc, ins, question, undefined);
  return found && { line: found.instruction.line, opaque: found.opaque };
}

describe('laterReader', () => {
  it('a reader later in the stage', () => expect(readerOf('FROM a\nRUN write\nRUN other\nRUN reader\n', 2)).toEqual({ line: 4, opaque: undefined }));

  it('a reader before the instruction is not later', () => expect(readerOf('FROM a\nRUN reader\nRUN write\n', 3)).toBeUndefined());

  it('the first of several readers is named', () => expect(readerOf('FROM a\nRUN write\nRUN reader\nRUN reader\n', 2)?.line).toBe(3));

  it('a stage built FROM this one, transitively', () => {
    expect(readerOf('FROM a AS base\nRUN write\nFROM base AS mid\nFROM mid\nRUN reader\n', 2)?.line).toBe(5);
  });

  it('a stage built from the same image, not FROM this stage, does not read it', () => {
    expect(readerOf('FROM a AS base\nRUN write\nFROM a AS other\nRUN reader\nFROM base\n', 2)).toBeUndefined();
  });

  it('an ONBUILD trigger of the stage runs after it, wherever it is written', () => {
    expect(readerOf('FROM a\nONBUILD RUN reader\nRUN write\n', 3)?.line).toBe(2);
    expect(readerOf('FROM a AS base\nRUN write\nFROM base AS child\nONBUILD RUN reader\nFROM child\n', 2)?.line).toBe(4);
  });

  it("an ONBUILD trigger of the stage's base has run before it", () => {
    expect(readerOf('FROM a AS base\nONBUILD RUN reader\nFROM base\nRUN write\n', 4)).toBeUndefined();
  });

  it('COPY --from of this stage or one built FROM it, by name or index; a variable could name any', () => {
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nCOPY --from=base /data /data\n', 2)?.line).toBe(4);
    expect(readerOf('FROM a\nRUN write\nFROM b\nCOPY --from=0 /data /data\n', 2)?.line).toBe(4);
    expect(readerOf('FROM a AS base\nRUN write\nFROM base AS child\nFROM b\nCOPY --from=child /data /data\n', 2)?.line).toBe(5);
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nCOPY --from=${STAGE} /data /data\n', 2)?.line).toBe(4);
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nCOPY --from=base /other /other\n', 2)).toBeUndefined();
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nCOPY --from=nginx:1 /data /data\n', 2)).toBeUndefined();
  });

  it('a mount from the stage reads all of it unless it names a source', () => {
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nRUN --mount=type=bind,from=base,target=/b cp -r /b /x\n', 2)?.line).toBe(4);
    expect(readerOf('FROM a AS base\nRUN write\nFROM b\nRUN --mount=from=base,source=/etc,target=/b cp -r /b /x\n', 2)).toBeUndefined();
  });

  it('a sure reader wins over an earlier one that only may read', () => {
    expect(readerOf('FROM a\nRUN write\nRUN maybe-reader\nRUN reader\n', 2)).toEqual({ line: 4, opaque: undefined });
    expect(readerOf('FROM a\nRUN write\nRUN maybe-reader\n', 2)).toEqual({ line: 3, opaque: 'maybe-reader' });
  });

  it('the start commands read the image the build left: CMD and ENTRYPOINT in either form, HEALTHCHECK CMD after its options', () => {
    expect(readerOf('FROM a\nRUN write\nCMD reader --serve\n', 2)).toEqual({ line: 3, opaque: undefined });
    expect(readerOf('FROM a\nRUN write\nENTRYPOINT ["reader", "--serve"]\n', 2)).toEqual({ line: 3, opaque: undefined });
    expect(readerOf('FROM a\nRUN write\nHEALTHCHECK --interval=5s CMD reader || exit 1\n', 2)).toEqual({ line: 3, opaque: undefined });
    expect(readerOf('FROM a\nRUN write\nCMD ["sh", "-c", "exec reader"]\n', 2)).toEqual({ line: 3, opaque: undefined });
    expect(readerOf('FROM a\nRUN write\nHEALTHCHECK NONE\nCMD other\n', 2)).toBeUndefined();
  });

  it('a start command that only may read (an application script) is not taken as a reader', () => {
    expect(readerOf('FROM a\nRUN write\nCMD ["maybe-reader"]\n', 2)).toBeUndefined();
  });
});

describe('derivedStages', () => {
  it('the stage and every stage built FROM it', () => {
    const doc = new Document('FROM a AS base\nFROM base AS mid\nFROM a AS other\nFROM mid\n');
    expect(derivedStages(doc, doc.stages[0]).map((s) => s.index)).toEqual([0, 1, 3]);
  });
});
