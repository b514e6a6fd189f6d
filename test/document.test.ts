import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document.js';
import { applyEdits } from '../src/edits.js';
import { dockerfileAst } from '../src/referee.js';
import type { TextEdit } from '../src/types.js';
import { dockerfileArb } from './support/dockerfiles.js';

describe('Document', () => {
  it('finds stages, their names and base stages', () => {
    const doc = new Document('ARG V=1\nFROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nFROM debian:bookworm\nCOPY --from=build /out /out\n');
    expect(doc.stages.map((s) => [s.index, s.name, s.baseImage, s.baseStage?.index])).toEqual([
      [0, 'build', 'golang:1.22', undefined],
      [1, 'test', 'build', 0],
      [2, undefined, 'debian:bookworm', undefined],
    ]);
    expect(doc.instructions[0].stage).toBeUndefined();
  });

  it('marks the last stage and every stage it builds FROM as the final image', () => {
    const doc = new Document('FROM debian AS base\nFROM golang AS build\nFROM base AS runtime\nFROM runtime\n');
    expect(doc.stages.map((s) => s.inFinalImage)).toEqual([true, false, true, true]);
  });

  it('finds an instruction\'s neighbours within its stage, never across FROM', () => {
    const doc = new Document('FROM a AS one\nRUN x\nRUN y\nFROM one\nRUN z\n');
    const [, x, y, , z] = doc.instructions;
    expect(doc.nextInStage(x)).toBe(y);
    expect(doc.previousInStage(y)).toBe(x);
    expect(doc.nextInStage(y)).toBeUndefined();
    expect(doc.previousInStage(x)).toBeUndefined();
    expect(doc.previousInStage(z)).toBeUndefined();
  });

  it('reads FROM with a --platform flag', () => {
    const doc = new Document('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n');
    expect(doc.stages[0]).toMatchObject({ baseImage: 'golang:1.22', name: 'build' });
  });

  it('maps a RUN body across continuations and comment lines to source offsets', () => {
    const source = 'FROM debian\nRUN apt-get update \\\n  # refresh\n  && apt-get install -y curl\n';
    const doc = new Document(source);
    const body = doc.runBody(doc.instructions[1]);
    expect(body.logical.text).toBe('apt-get update   && apt-get install -y curl');
    const at = body.logical.text.indexOf('curl');
    expect(source.slice(body.logical.toSource(at), body.logical.toSource(at) + 4)).toBe('curl');
  });

  it('uses the backtick escape directive for continuations', () => {
    const doc = new Document('# escape=`\nFROM debian\nRUN echo a `\n  && echo b\n');
    expect(doc.escapeChar).toBe('`');
    expect(doc.runBody(doc.instructions[1]).logical.text).toBe('echo a   && echo b');
  });

  it('reads exec-form RUN as argv', () => {
    const doc = new Document('FROM debian\nRUN ["apt-get", "update"]\n');
    expect(doc.runBody(doc.instructions[1])).toMatchObject({ form: 'exec', argv: ['apt-get', 'update'] });
  });

  it('knows CRLF files and byte order marks', () => {
    const doc = new Document('\uFEFFFROM debian\r\nRUN a\r\n');
    expect(doc.eol).toBe('\r\n');
    expect(doc.stages[0].baseImage).toBe('debian');
    expect(doc.lineText(2)).toBe('RUN a');
  });

  it('reads ignore comments for the instruction below them only', () => {
    const doc = new Document('FROM debian\n# dockerslim-ignore merge-runs, apt-lists\nRUN a\nRUN b\n# hadolint ignore=DL3059,DL3009\n\nRUN c\n');
    const [, a, b, c] = doc.instructions;
    expect(doc.isSuppressed(a, 'apt-lists')).toBe(true);
    expect(doc.isSuppressed(a, 'pip-no-cache')).toBe(false);
    expect(doc.isSuppressed(b, 'merge-runs')).toBe(false);
    expect(doc.isSuppressed(c, 'merge-runs', ['DL3059'])).toBe(true);
    expect(doc.isSuppressed(c, 'merge-runs')).toBe(false);
  });

  it('ignores the whole file when dockerslim-ignore-file is the first comment, after directives', () => {
    expect(new Document('# syntax=docker/dockerfile:1\n# dockerslim-ignore-file\nFROM debian\n').ignoreFile).toBe(true);
    expect(new Document('# a note\n# dockerslim-ignore-file\nFROM debian\n').ignoreFile).toBe(false);
  });

  it('an ignore comment reaches past a line of only the escape character', () => {
    const doc = new Document('FROM debian\n# dockerslim-ignore merge-runs\n\\\nRUN a\n');
    expect(doc.isSuppressed(doc.instructions[1], 'merge-runs')).toBe(true);
  });

  it('leaves alone an instruction ending in an escaped escape, and the one after it', () => {
    const doc = new Document('FROM debian\nRUN echo a\\\\\nRUN b\nRUN c\n');
    const [, a, b, c] = doc.instructions;
    expect([a, b, c].map((i) => doc.isSuppressed(i, 'merge-runs'))).toEqual([true, true, false]);
  });

  it('inherits SHELL from the stage it builds FROM', () => {
    const doc = new Document('FROM debian AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nRUN a\n');
    expect(doc.shellAt(doc.instructions[3])).toEqual(['/bin/bash', '-c']);
  });
  it('reads the names ENV and ARG declare (ENV as dockerfile-ast does)', () => {
    const source = [
      'ARG VERSION',
      'FROM debian',
      'ARG A B=2 C="x y"',
      'ENV PIP_NO_CACHE_DIR=1',
      'ENV LANG C.UTF-8 and more',
      'ENV X="a b" Y=\'c d\' Z=e\\ f',
      'ENV MULTI=1 \\',
      '    OTHER=2',
      'RUN true',
    ].join('\n');
    const doc = new Document(source);
    const ours = doc.instructions.map((i) => doc.declaredNames(i));
    expect(ours).toEqual([['VERSION'], [], ['A', 'B', 'C'], ['PIP_NO_CACHE_DIR'], ['LANG'], ['X', 'Y', 'Z'], ['MULTI', 'OTHER'], []]);
    const theirs = dockerfileAst(doc).getInstructions().map((i) => {
      const withProperties = i as unknown as { getProperties?: () => { getName(): string }[] };
      return withProperties.getProperties?.().map((p) => p.getName()) ?? [];
    });
    // dockerfile-ast reads only the first name of an ARG; Docker declares them all
    const envs = doc.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.index);
    expect(envs.map((i) => ours[i])).toEqual(envs.map((i) => theirs[i]));
  });

  it('reads the values they declare as written, and none for an ARG without a default', () => {
    const doc = new Document('ARG TOKEN\nFROM debian\nARG A B=2 C="x y"\nENV LANG C.UTF-8 and more\nENV X=$TOKEN Y=\'c d\'\n');
    expect(doc.instructions.map((i) => doc.declarations(i))).toEqual([
      [{ name: 'TOKEN', value: undefined }],
      [],
      [{ name: 'A', value: undefined }, { name: 'B', value: '2' }, { name: 'C', value: '"x y"' }],
      [{ name: 'LANG', value: 'C.UTF-8 and more' }],
      [{ name: 'X', value: '$TOKEN' }, { name: 'Y', value: "'c d'" }],
    ]);
  });
});

describe('Document made from an earlier one by edits', () => {
  /** Every RUN body, as plain data: what transforms read of it. */
  const bodies = (doc: Document) =>
    doc.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => {
        const body = doc.runBody(i);
        const mapped = Array.from({ length: body.logical.text.length + 1 }, (_, k) => body.logical.toSource(k));
        return { ...body, logical: { text: body.logical.text, mapped } };
      });

  it('reads every RUN body as a fresh parse would, reused or not (property)', () => {
    const editArb = fc.record({ at: fc.nat(), length: fc.nat({ max: 6 }), text: fc.constantFrom('', ' x', '\n', 'RUN y\n', ' \\\n  && z', '#') });
    fc.assert(
      fc.property(dockerfileArb, fc.array(editArb, { maxLength: 4 }), ({ source }, raw) => {
        const old = new Document(source);
        bodies(old); // parsed, so there is something to reuse
        // non-overlapping edits, in order
        const edits: TextEdit[] = [];
        let from = 0;
        for (const r of [...raw].sort((a, b) => a.at - b.at)) {
          const start = Math.max(from, r.at % (source.length + 1));
          const end = Math.min(source.length, start + r.length);
          if (start > source.length) break;
          edits.push({ start, end, text: r.text });
          from = end + 1;
        }
        const next = applyEdits(source, edits);
        expect(bodies(new Document(next, undefined, { document: old, edits }))).toEqual(bodies(new Document(next)));
      }),
      { numRuns: 300 },
    );
  }, 30_000); // hundreds of documents built twice: time for a loaded 2-core machine

  it('reuses the parse of a RUN the edits did not touch, moved to its new place', () => {
    const old = new Document('FROM debian\nRUN a && b\nRUN c\n');
    const parsed = old.runBody(old.instructions[2]);
    const edits = [{ start: 0, end: 0, text: '# note\n' }];
    const doc = new Document(applyEdits(old.source, edits), undefined, { document: old, edits });
    const body = doc.runBody(doc.instructions[2]);
    expect(body.script).not.toBe(parsed.script);
    expect(body.script!.start).toBe(parsed.script!.start + 7);
    expect(doc.source.slice(body.script!.start, body.script!.end)).toBe('c');
  });
});

describe('Document.shellOf: which RUNs a POSIX shell runs', () => {
  const posixByLine = (source: string) => {
    const doc = new Document(source);
    return doc.instructions.filter((i) => i.keyword === 'RUN').map((i) => [i.line, doc.shellOf(i).posix]);
  };

  it('a stage built for windows/amd64 is not POSIX, whatever its image is called', () => {
    expect(posixByLine('FROM --platform=windows/amd64 registry.local/build:1\nRUN echo a\nFROM debian\nRUN echo b\n')).toEqual([[2, false], [4, true]]);
  });

  it('a stage built FROM a Windows stage is Windows too', () => {
    expect(posixByLine('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS base\nFROM base\nRUN echo a\n')).toEqual([[3, false]]);
  });

  it('PowerShell Core on Linux (pwsh) switches only the RUNs after its SHELL; cmd makes the whole stage Windows', () => {
    expect(posixByLine('FROM mcr.microsoft.com/powershell:lts-debian-12\nRUN echo a\nSHELL ["pwsh", "-Command"]\nRUN Write-Host b\n')).toEqual([[2, true], [4, false]]);
    expect(posixByLine('FROM registry.local/tools:1\nRUN echo a\nSHELL ["cmd.exe", "/S", "/C"]\nRUN echo b\n')).toEqual([[2, false], [4, false]]);
  });

  it('a base image that is a variable without a default is not taken for Windows unless the file escapes with a backtick', () => {
    expect(posixByLine('ARG BASE\nFROM $BASE\nRUN echo a\n')).toEqual([[3, true]]);
    expect(posixByLine('# escape=`\nARG BASE\nFROM $BASE\nRUN echo a\n')).toEqual([[4, false]]);
    expect(posixByLine('ARG BASE=debian:bookworm\nFROM ${BASE}\nRUN echo a\n')).toEqual([[3, true]]);
  });
});

describe('Document.startCommandAt: where the command a container starts with is written', () => {
  it('CMD and ENTRYPOINT at their arguments, HEALTHCHECK after its options and its own CMD, nothing for NONE or other instructions', () => {
    const doc = new Document('FROM a\nCMD ["run"]\nENTRYPOINT serve\nHEALTHCHECK --interval=5s cmd probe || exit 1\nHEALTHCHECK NONE\nRUN make\n');
    const at = (line: number) => {
      const start = doc.startCommandAt(doc.instructions.find((i) => i.line === line)!);
      return start === undefined ? undefined : doc.source.slice(start, doc.source.indexOf('\n', start)).trim();
    };
    expect([2, 3, 4, 5, 6].map(at)).toEqual(['["run"]', 'serve', 'probe || exit 1', undefined, undefined]);
  });
});
