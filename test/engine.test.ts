import { describe, expect, it } from 'vitest';
import { defineTransform, DockerfileError, fix } from '../src/index.js';
import { runPipeline } from '../src/engine.js';
import { MAX_SOURCE_LENGTH } from '../src/validate.js';
import type { Transform } from '../src/types.js';
import { memoryContext } from '../src/context/view.js';

/** A transform that appends text after every RUN's arguments, once. */
function appender(id: string, text: string, safety: 'safe' | 'unsafe' = 'safe'): Transform {
  const mark = text.trim().split('\n').pop()!.trim();
  return defineTransform({
    id,
    description: `append ${text}`,
    safety,
    apply: (doc) =>
      doc.instructions
        .filter((i) => i.keyword === 'RUN' && !doc.source.slice(i.start, i.end).includes(mark))
        .map((i) => ({ message: `append ${text}`, instructions: [i], edits: [{ start: i.argsEnd, end: i.argsEnd, text }] })),
  });
}

describe('engine', () => {
  it("reports a change's data with it, and no data key when it has none", () => {
    const withData = defineTransform({
      id: 'with-data',
      description: 'x',
      safety: 'safe',
      apply: (doc) => (doc.source.includes('slim') ? [] : [{ message: 'm', edits: [{ start: 5, end: 11, text: 'debian:slim' }], instructions: [], data: { saved: 3 } }]),
    });
    expect(runPipeline('FROM debian\n', [], { transforms: [withData] }).changes).toEqual([{ transform: 'with-data', line: 1, message: 'm', data: { saved: 3 } }]);
    const plain = defineTransform({ ...withData, id: 'plain', apply: (doc) => withData.apply(doc, { unsafe: false, filename: undefined, buildContext: undefined }).map(({ data: _, ...c }) => c) });
    expect(runPipeline('FROM debian\n', [], { transforms: [plain] }).changes[0]).not.toHaveProperty('data');
  });

  it('runs a user-defined transform passed as an object', () => {
    const result = fix('FROM debian\nRUN make\n', { transforms: [appender('mark', ' # ok')] });
    expect(result.output).toBe('FROM debian\nRUN make # ok\n');
    expect(result.changes).toEqual([{ transform: 'mark', line: 2, message: 'append  # ok' }]);
  });

  it('applies the first of two overlapping edits and the second in the next pass', () => {
    const result = fix('FROM debian\nRUN make\n', { transforms: [appender('one', ' && a'), appender('two', ' && b')] });
    expect(result.output).toBe('FROM debian\nRUN make && a && b\n');
  });

  it('refuses output with a syntax problem the input did not have, naming the transform', () => {
    const breaker = appender('breaker', ' "');
    expect(() => fix('FROM debian\nRUN make\n', { filename: 'app/Dockerfile', transforms: [breaker] })).toThrow(
      /app\/Dockerfile:2: refusing to rewrite: .*not valid shell.*breaker/,
    );
  });

  it('reports bad input with the file and line', () => {
    expect(() => fix('FROM debian\nRUNN make\n', { filename: 'Dockerfile' })).toThrow(DockerfileError);
    expect(() => fix('FROM debian\nRUNN make\n', { filename: 'Dockerfile' })).toThrow('Dockerfile:2: unknown instruction RUNN');
  });

  it('names an unknown transform id', () => {
    expect(() => fix('FROM debian\n', { transforms: ['no-such'] })).toThrow(/unknown transform "no-such"/);
  });

  it('holds back unsafe transforms unless asked, and says which had work', () => {
    const registry = [appender('tidy', ' && a'), appender('risky', ' && x', 'unsafe'), appender('idle', 'make', 'unsafe')];
    const held = runPipeline('FROM debian\nRUN make\n', registry);
    expect(held.output).toBe('FROM debian\nRUN make && a\n');
    expect(held.heldBack).toEqual(['risky']);
    const enabled = runPipeline('FROM debian\nRUN make\n', registry, { unsafe: true });
    expect(enabled.output).toBe('FROM debian\nRUN make && a && x\n');
    expect(enabled.heldBack).toEqual([]);
  });

  it('enables an unsafe transform named explicitly', () => {
    const result = fix('FROM debian\nRUN make\n', { transforms: [appender('risky', ' && x', 'unsafe')] });
    expect(result.output).toBe('FROM debian\nRUN make && x\n');
  });

  it('inserts line breaks with the file\'s CRLF endings', () => {
    const result = fix('FROM debian\r\nRUN make\r\n', { transforms: [appender('nl', ' \\\n  && b')] });
    expect(result.output).toBe('FROM debian\r\nRUN make \\\r\n  && b\r\n');
  });

  it('stops after the pass bound even when a transform never settles', () => {
    let n = 0;
    const restless = defineTransform({
      id: 'restless',
      description: 'always has one more thing',
      safety: 'safe',
      apply: (doc) => [{ message: 'more', instructions: [], edits: [{ start: doc.source.length, end: doc.source.length, text: `# ${n++}\n` }] }],
    });
    const result = fix('FROM debian\n', { transforms: [restless], maxPasses: 3 });
    expect(result.changes).toHaveLength(3);
  });

  it('rejects a transform whose id is not kebab-case', () => {
    expect(() => defineTransform({ id: 'Bad_Id', description: 'x', safety: 'safe', apply: () => [] })).toThrow(/kebab-case/);
  });

  it('refuses a rewrite that repairs one broken RUN and breaks another: problems are told apart by RUN, not only by kind', () => {
    const swap = defineTransform({
      id: 'swap',
      description: 'closes the quote of one RUN and opens one in another',
      safety: 'safe',
      apply: (doc) => {
        const [broken, fine] = doc.instructions.filter((i) => i.keyword === 'RUN');
        if (doc.source.slice(broken.start, broken.end).endsWith('"')) return [];
        return [{ message: 'swap', instructions: [broken, fine], edits: [{ start: broken.argsEnd, end: broken.argsEnd, text: '"' }, { start: fine.argsEnd, end: fine.argsEnd, text: ' "' }] }];
      },
    });
    const source = 'FROM debian\nRUN echo "unterminated\nRUN echo fine\n';
    expect(() => fix(source, { filename: 'Dockerfile', transforms: [swap] })).toThrow(/Dockerfile:3: refusing to rewrite: the result would have a new syntax problem \(RUN body is not valid shell.*after swap/);
  });

  it('accepts a rewrite that leaves a RUN broken in the input exactly as it was', () => {
    const result = fix('FROM debian\nRUN echo "unterminated\nRUN echo a\nRUN echo b\n', { filename: 'Dockerfile' });
    expect(result.output).toBe('FROM debian\nRUN echo "unterminated\nRUN echo a \\\n    && echo b\n');
    expect(result.findings).toEqual([{ transform: 'shell-syntax', line: 2, message: expect.stringContaining('RUN body is not valid shell') }]);
  });

  it('reports a heredoc script the RUN runs that is not valid shell, and leaves it alone; a heredoc of data is not read as shell', () => {
    const source = 'FROM debian\nRUN <<EOF\nif true; then fi\napt-get update && apt-get install -y curl\nEOF\nRUN cat > /x.py <<EOF\nif x: fi(\nEOF\n';
    const result = fix(source, { filename: 'Dockerfile' });
    expect(result.output).toBe(source);
    expect(result.findings).toEqual([{ transform: 'shell-syntax', line: 2, message: 'heredoc script <<EOF is not valid shell ("then" must be followed by a command); no rewrite touches it' }]);
  });

  it('inserts line breaks as the line they land in ends, in a file with CRLF and LF lines', () => {
    const source = 'FROM debian\r\nRUN make\r\nRUN test\nCMD ["x"]\n';
    const result = fix(source, { transforms: [appender('nl', ' \\\n  && b')] });
    expect(result.output).toBe('FROM debian\r\nRUN make \\\r\n  && b\r\nRUN test \\\n  && b\nCMD ["x"]\n');
  });

  it('on a last line without a line ending, inserts the line break most lines use', () => {
    const result = fix('FROM debian\r\nWORKDIR /\r\nRUN make', { transforms: [appender('nl', ' \\\n  && b')] });
    expect(result.output).toBe('FROM debian\r\nWORKDIR /\r\nRUN make \\\r\n  && b');
  });

  it('says so with a TypeError when fix() is given something other than text', () => {
    expect(() => fix(undefined as unknown as string)).toThrow(new TypeError("fix() takes the Dockerfile's text as a string, not undefined"));
    expect(() => fix(42 as unknown as string)).toThrow(TypeError);
    expect(() => fix(42 as unknown as string)).toThrow('not a number');
    expect(() => fix(Buffer.from('FROM debian\n') as unknown as string)).toThrow('not a Buffer: decode it first (bytes.toString("utf8"))');
  });
});

describe('input the engine will not read', () => {
  it('refuses a source over the size limit before parsing it, naming the file and the limit', () => {
    const huge = 'FROM debian\n' + 'RUN echo a\n'.repeat(Math.ceil(MAX_SOURCE_LENGTH / 11));
    expect(() => fix(huge, { filename: 'big/Dockerfile' })).toThrow(/^big\/Dockerfile: 2\.0 MB is more than dockerslim reads \(2\.0 MB\); left untouched$/);
  });

  it('refuses binary text (a NUL character) with its line, and escapes what it quotes', () => {
    expect(() => fix('FROM debian\nRUN a\u0000b\n', { filename: 'Dockerfile' })).toThrow('Dockerfile:2: binary data (a NUL character), not a Dockerfile; left untouched');
    expect(() => fix('FROM debian\n\u0007\u001b[2J x\n', { filename: 'Dockerfile' })).toThrow('Dockerfile:2: unknown instruction \\u0007\\u001b[2J');
  });

  it('names UTF-16 text that reached it as 8-bit characters', () => {
    const asLatin1 = Buffer.from('FROM debian\nRUN echo hi\n', 'utf16le').toString('latin1');
    expect(() => fix(asLatin1, { filename: 'Dockerfile' })).toThrow('Dockerfile: UTF-16 text (little-endian) read as 8-bit characters');
  });

  it('names the line where a heredoc opens when no line closes it', () => {
    expect(() => fix('FROM debian\nCOPY <<EOF /etc/motd\nhello\n', { filename: 'Dockerfile' })).toThrow(
      'Dockerfile:2: heredoc <<EOF opened here is never closed (no line reading EOF before the end of the file)',
    );
  });

  it('reports a RUN nested deeper than the shell view follows as too deeply nested, not as invalid shell', () => {
    const deep = `FROM debian\nRUN echo ${'$('.repeat(20000)}x${')'.repeat(20000)}\n`;
    const result = fix(deep, { filename: 'Dockerfile' });
    expect(result.output).toBe(deep);
    expect(result.findings).toEqual([{ transform: 'shell-syntax', line: 2, message: 'RUN body is too deeply nested for the shell view to read; no rewrite touches it' }]);
  });
});

describe('Windows Dockerfiles', () => {
  const noFindingsNoChanges = (source: string) => {
    const result = fix(source, { filename: 'Dockerfile', unsafe: true });
    expect(result.findings).toEqual([]);
    expect(result.output).toBe(source);
  };

  it('leaves RUNs on a servercore base alone: cmd syntax gets no [shell-syntax] finding, and nothing is merged', () => {
    noFindingsNoChanges(
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN if not exist C:\\app ( mkdir C:\\app )\nRUN echo one\nRUN echo two\n',
    );
  });

  it('reads a Windows base named by a global ARG, in a file with the backtick escape', () => {
    noFindingsNoChanges(
      '# escape=`\nARG BASE=mcr.microsoft.com/windows/nanoserver:ltsc2022\nFROM $BASE\nRUN if exist C:\\x ( del C:\\x )\nRUN echo one\nRUN echo two\n',
    );
  });

  it('treats a stage that switches SHELL to PowerShell as Windows from its FROM on', () => {
    noFindingsNoChanges(
      'FROM mycompany/buildtools:2024\nRUN echo one\nRUN echo two\nSHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]\nRUN if (Test-Path C:\\x) { Remove-Item C:\\x }\n',
    );
  });

  it('still rewrites the Linux stages of a file with a Windows build stage', () => {
    const source = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS tools\nRUN echo one\nRUN echo two\nFROM debian\nRUN echo a\nRUN echo b\n';
    const result = fix(source, { filename: 'Dockerfile' });
    expect(result.output).toBe('FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS tools\nRUN echo one\nRUN echo two\nFROM debian\nRUN echo a \\\n    && echo b\n');
  });
});

/** A transform that makes sure `file` in the build context ends with `line`, reading it as the pass sees it. */
function lineInFile(id: string, file: string, line: string): Transform {
  return defineTransform({
    id,
    description: `add ${line} to ${file}`,
    safety: 'safe',
    apply: (doc, context) => {
      const text = context.fileText(file);
      if (text?.split(/\r?\n/).includes(line)) return [];
      const at = text?.length ?? 0;
      // the missing newline is an edit of its own: two such changes in one pass conflict, so the second waits
      const gap = text && !text.endsWith('\n') ? [{ start: at, end: at, text: '\n' }] : [];
      return [{ message: `add ${line}`, instructions: [doc.instructions[0]], file, edits: [...gap, { start: at, end: at, text: `${line}\n` }] }];
    },
  });
}

describe('changes to other files of the build context', () => {
  it('a file the build context lacks is created, and the diff shows it as new below the context folder', () => {
    const result = fix('FROM debian\n', { transforms: [lineInFile('ignore-git', '.dockerignore', '.git')], buildContext: memoryContext({ 'app.py': '' }), contextPath: 'svc' });
    expect(result.output).toBe('FROM debian\n');
    expect(result.files).toEqual([{ path: '.dockerignore', before: undefined, after: '.git\n' }]);
    expect(result.diff).toBe('--- /dev/null\n+++ b/svc/.dockerignore\n@@ -0,0 +1,1 @@\n+.git\n');
    expect(result.changes).toEqual([{ transform: 'ignore-git', line: 1, message: 'add .git', file: '.dockerignore' }]);
  });

  it('an existing file is edited, and a transform sees the edits of earlier passes (so it settles)', () => {
    const two = [lineInFile('ignore-git', '.dockerignore', '.git'), lineInFile('ignore-logs', '.dockerignore', '*.log')];
    const result = fix('FROM debian\n', { transforms: two, buildContext: memoryContext({ '.dockerignore': 'node_modules' }) });
    expect(result.files).toEqual([{ path: '.dockerignore', before: 'node_modules', after: 'node_modules\n.git\n*.log\n' }]);
    expect(result.changes.map((c) => c.transform)).toEqual(['ignore-git', 'ignore-logs']);
    expect(result.diff).toContain('--- a/.dockerignore\n+++ b/.dockerignore\n');
  });

  it('an ignore file that lists itself can still be edited', () => {
    const result = fix('FROM debian\n', { transforms: [lineInFile('ignore-git', '.dockerignore', '.git')], buildContext: memoryContext({ '.dockerignore': '.dockerignore\n' }) });
    expect(result.files[0]).toEqual({ path: '.dockerignore', before: '.dockerignore\n', after: '.dockerignore\n.git\n' });
  });

  it('the Dockerfile and another file change in the same run; the diff holds both, Dockerfile first', () => {
    const result = fix('FROM debian\nRUN make\n', {
      transforms: [appender('mark', ' # ok'), lineInFile('ignore-git', '.dockerignore', '.git')],
      buildContext: memoryContext({}),
    });
    expect(result.output).toBe('FROM debian\nRUN make # ok\n');
    expect(result.diff.indexOf('+++ b/Dockerfile')).toBeLessThan(result.diff.indexOf('+++ b/.dockerignore'));
  });

  it('follows the other file\'s own CRLF line endings', () => {
    const result = fix('FROM debian\n', { transforms: [lineInFile('ignore-git', '.dockerignore', '.git')], buildContext: memoryContext({ '.dockerignore': 'a\r\nb\r\n' }) });
    expect(result.files[0].after).toBe('a\r\nb\r\n.git\r\n');
  });

  it('refuses a change to a path outside the build context', () => {
    expect(() => fix('FROM debian\n', { transforms: [lineInFile('escape', '../x', 'y')] })).toThrow(/outside the build context: \.\.\/x/);
  });

  it('an ignore comment on the change\'s instruction vetoes it', () => {
    const result = fix('# dockerslim-ignore ignore-git\nFROM debian\n', { transforms: [lineInFile('ignore-git', '.dockerignore', '.git')], buildContext: memoryContext({}) });
    expect(result.files).toEqual([]);
    expect(result.diff).toBe('');
  });
});

describe('options and unsafe transforms chosen by id', () => {
  const tagging = defineTransform({
    id: 'tagging',
    description: 'Tag untagged base images',
    safety: 'safe',
    options: { tag: { type: 'string', description: 'the tag', default: 'latest' } },
    apply: (doc, context) => doc.stages
      .filter((s) => !s.baseImage.includes(':'))
      .map((s) => ({ message: 'tagged', instructions: [s.from], edits: [{ start: s.from.argsEnd, end: s.from.argsEnd, text: `:${String(context.options.tag)}` }] })),
  });
  const unsafeA = defineTransform({
    id: 'unsafe-a', description: 'a', safety: 'unsafe', risk: 'a',
    apply: (doc) => [{ message: 'a', instructions: [doc.instructions[0]], edits: [{ start: 0, end: 0, text: '# a\n' }] }].filter(() => !doc.source.includes('# a')),
  });
  const unsafeB = defineTransform({
    id: 'unsafe-b', description: 'b', safety: 'unsafe', risk: 'b',
    apply: (doc) => [{ message: 'b', instructions: [doc.instructions[0]], edits: [{ start: 0, end: 0, text: '# b\n' }] }].filter(() => !doc.source.includes('# b')),
  });

  it('gives each transform its own options, defaults filled in', () => {
    expect(runPipeline('FROM debian\n', [tagging]).output).toBe('FROM debian:latest\n');
    expect(runPipeline('FROM debian\n', [tagging], { transformOptions: { tagging: { tag: '12' } } }).output).toBe('FROM debian:12\n');
  });

  it('throws on options a transform does not declare, or for a transform it does not have', () => {
    expect(() => runPipeline('FROM debian\n', [tagging], { transformOptions: { tagging: { tga: '12' } } })).toThrow('transformOptions.tagging.tga: unknown option of tagging');
    expect(() => runPipeline('FROM debian\n', [tagging], { transformOptions: { other: {} } })).toThrow('transformOptions: unknown transform "other"');
  });

  it('unsafe as a list enables those unsafe transforms and holds back the others', () => {
    const result = runPipeline('FROM debian\n', [unsafeA, unsafeB], { unsafe: ['unsafe-b'] });
    expect(result.output).toBe('# b\nFROM debian\n');
    expect(result.heldBack).toEqual(['unsafe-a']);
    expect(runPipeline('FROM debian\n', [unsafeA, unsafeB], { unsafe: [] }).heldBack).toEqual(['unsafe-a', 'unsafe-b']);
  });
});
