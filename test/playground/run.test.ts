import { describe, expect, it } from 'vitest';
import { fix, transforms } from '../../src/index.js';
import { runPlayground } from '../../playground/run.js';
import type { PlaygroundState } from '../../playground/state.js';

const naive = 'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n';
const input = (over: Partial<PlaygroundState> = {}): PlaygroundState => ({ dockerfile: naive, unsafe: false, disabled: [], context: [], ...over });

function fixed(state: PlaygroundState) {
  const outcome = runPlayground(state);
  if (outcome.kind !== 'fixed') throw new Error(`expected a result, got: ${outcome.message}`);
  return outcome;
}

describe('the playground with every transform on', () => {
  it('shows what `fix` gives for the same Dockerfile: output, diff and findings', () => {
    const expected = fix(naive, { filename: 'Dockerfile' });
    const outcome = fixed(input());
    expect(outcome.output).toBe(expected.output);
    expect(outcome.diff).toBe(expected.diff);
    expect(outcome.findings).toEqual(expected.findings);
  });

  it('gives each change the tier of the transform that made it', () => {
    const outcome = fixed(input({ unsafe: true }));
    expect(outcome.changes.map((c) => [c.transform, c.safety])).toEqual(
      expect.arrayContaining([['apt-update-join', 'safe'], ['apt-lists', 'safe'], ['apt-no-recommends', 'unsafe']]),
    );
    const unsafe = outcome.changes.find((c) => c.transform === 'apt-no-recommends')!;
    expect(unsafe.risk).toBe(transforms.find((t) => t.id === 'apt-no-recommends')!.risk);
  });

  it('lists changes by line, as a reader meets them', () => {
    const dockerfile = 'FROM python:3.12\nRUN pip install flask\nRUN apt-get update\nRUN apt-get install -y curl\n';
    const lines = fixed(input({ dockerfile })).changes.map((c) => c.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines.length).toBeGreaterThan(1);
  });
});

describe('the playground with unsafe transforms off', () => {
  it('names the unsafe transform that would still rewrite the result', () => {
    const outcome = fixed(input());
    expect(outcome.output).not.toContain('--no-install-recommends');
    expect(outcome.heldBack).toEqual(['apt-no-recommends', 'slim-base']);
  });

  it('names none that the user switched off too', () => {
    expect(fixed(input({ disabled: ['apt-no-recommends', 'slim-base'] })).heldBack).toEqual([]);
  });

  it('names none that would have nothing to do', () => {
    expect(fixed(input({ dockerfile: 'FROM alpine:3.20\nRUN apk add curl\n' })).heldBack).toEqual([]);
  });
});

describe('the playground with a transform switched off', () => {
  it('leaves that transform\'s rewrite out and keeps the others', () => {
    const outcome = fixed(input({ disabled: ['apt-lists'] }));
    expect(outcome.output).not.toContain('/var/lib/apt/lists');
    expect(outcome.changes.map((c) => c.transform)).toEqual(['apt-update-join']);
  });

  it('does not run an unsafe transform that is switched off even with unsafe on', () => {
    expect(fixed(input({ unsafe: true, disabled: ['apt-no-recommends'] })).output).not.toContain('--no-install-recommends');
  });

  it('with every transform off shows the Dockerfile unchanged', () => {
    const outcome = fixed(input({ unsafe: true, disabled: transforms.map((t) => t.id) }));
    expect(outcome.output).toBe(naive);
    expect(outcome.diff).toBe('');
  });

  it('ignores an id no transform has any more (a link from an older page)', () => {
    expect(fixed(input({ disabled: ['a-transform-since-removed'] })).output).toBe(fixed(input()).output);
  });
});

describe('the playground with build context files', () => {
  const yarn = 'FROM node:20\nCOPY . .\nRUN yarn install\n';

  it('lets a transform read them: a Yarn Berry project gets no `yarn cache clean`', () => {
    expect(fixed(input({ dockerfile: yarn })).output).toContain('yarn cache clean');
    expect(fixed(input({ dockerfile: yarn, context: [{ name: '.yarnrc.yml', content: 'nodeLinker: node-modules\n' }] })).output).not.toContain('yarn cache clean');
  });

  it('applies the .dockerignore among them, as the build would', () => {
    const context = [
      { name: '.yarnrc.yml', content: 'nodeLinker: node-modules\n' },
      { name: '.dockerignore', content: '.yarnrc.yml\n' },
    ];
    expect(fixed(input({ dockerfile: yarn, context })).output).toContain('yarn cache clean');
  });

  it('skips a row whose path is still empty', () => {
    expect(fixed(input({ context: [{ name: '  ', content: 'x' }] })).output).toBe(fixed(input()).output);
  });

  it('reports a path outside the context as a context error', () => {
    const outcome = runPlayground(input({ context: [{ name: '../secret', content: 'x' }] }));
    expect(outcome).toMatchObject({ kind: 'error', source: 'context', line: undefined });
    expect(outcome.kind === 'error' && outcome.message).toMatch(/^build context: .*outside the context/);
  });
});

describe('the playground given a Dockerfile it cannot handle', () => {
  it('returns the error with its line instead of throwing', () => {
    expect(runPlayground(input({ dockerfile: 'FROM debian\nRUN true\nFROBNICATE x\n' }))).toEqual({
      kind: 'error',
      source: 'dockerfile',
      message: 'Dockerfile:3: unknown instruction FROBNICATE',
      line: 3,
    });
  });

  it('reports a RUN before any FROM on its line', () => {
    expect(runPlayground(input({ dockerfile: 'RUN echo hi\n' }))).toMatchObject({ kind: 'error', line: 1 });
  });
});
