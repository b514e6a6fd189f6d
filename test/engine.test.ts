import { describe, expect, it } from 'vitest';
import { defineTransform, DockerfileError, fix } from '../src/index.js';
import { runPipeline } from '../src/engine.js';
import type { Transform } from '../src/types.js';

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
});
