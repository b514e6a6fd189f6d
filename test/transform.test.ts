import { describe, expect, it } from 'vitest';
import { defineTransform, resolveTransformOptions, transformOptionProblem } from '../src/transform.js';
import type { Transform } from '../src/types.js';

const withOptions: Transform = defineTransform({
  id: 'pin-tags',
  description: 'Pin base image tags',
  safety: 'safe',
  options: {
    tag: { type: 'string', description: 'the tag to pin', default: 'latest' },
    strict: { type: 'boolean', description: 'also pin digests', default: false },
    retries: { type: 'number', description: 'how often to look', default: 2 },
    registries: { type: 'string[]', description: 'where to look', default: [], values: ['docker.io', 'ghcr.io'] },
    mode: { type: 'string', description: 'how', default: 'tag', values: ['tag', 'digest'] },
  },
  apply: () => [],
});

describe('transform options', () => {
  it('accepts values of the declared types, and nothing else', () => {
    expect(transformOptionProblem(withOptions, { tag: '1.2', strict: true, retries: 0, registries: ['ghcr.io'], mode: 'digest' })).toBeUndefined();
    expect(transformOptionProblem(withOptions, {})).toBeUndefined();
    expect(transformOptionProblem(withOptions, { tag: 3 })).toEqual({ key: 'tag', message: 'must be a string (got 3)' });
    expect(transformOptionProblem(withOptions, { strict: 'yes' })).toEqual({ key: 'strict', message: 'must be true or false (got "yes")' });
    expect(transformOptionProblem(withOptions, { retries: Number.NaN })).toMatchObject({ key: 'retries' });
    expect(transformOptionProblem(withOptions, { registries: ['quay.io'] })).toEqual({ key: 'registries', message: '"quay.io" is not one of docker.io, ghcr.io' });
    expect(transformOptionProblem(withOptions, { mode: 'both' })).toEqual({ key: 'mode', message: '"both" is not one of tag, digest' });
    expect(transformOptionProblem(withOptions, { depth: 1 })).toEqual({ key: 'depth', message: 'unknown option of pin-tags; its options are tag, strict, retries, registries, mode' });
    expect(transformOptionProblem(withOptions, [])).toEqual({ key: '', message: 'must be an object of options (got a list)' });
  });

  it('a transform that declares none takes none', () => {
    const plain = defineTransform({ id: 'plain', description: 'x', safety: 'safe', apply: () => [] });
    expect(transformOptionProblem(plain, { a: 1 })).toEqual({ key: 'a', message: 'unknown option of plain; it takes no options' });
    expect(resolveTransformOptions(plain, undefined)).toEqual({});
  });

  it('fills in the defaults of what is not given', () => {
    expect(resolveTransformOptions(withOptions, { tag: '1.2' })).toEqual({ tag: '1.2', strict: false, retries: 2, registries: [], mode: 'tag' });
  });

  it('defineTransform refuses a default that does not fit its own declaration', () => {
    expect(() => defineTransform({
      id: 'bad', description: 'x', safety: 'safe', apply: () => [],
      options: { mode: { type: 'string', description: 'how', default: 'both', values: ['tag', 'digest'] } },
    })).toThrow('transform bad: the default of option mode "both" is not one of tag, digest');
  });
});
