import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/cli/config-check.js';
import { transforms } from '../../transforms/index.js';

describe('checkConfig', () => {
  it('returns the settings it accepts: failOn as a list, $schema allowed for editors', () => {
    expect(checkConfig({ $schema: './node_modules/x.json', skip: ['merge-runs'], unsafe: ['apt-no-recommends'], ignore: ['vendor/'], failOn: 'findings' }, transforms)).toEqual({
      skip: ['merge-runs'], unsafe: ['apt-no-recommends'], ignore: ['vendor/'], failOn: ['findings'],
    });
    expect(checkConfig({ failOn: ['changes', 'findings'], unsafe: false }, transforms)).toEqual({ failOn: ['changes', 'findings'], unsafe: false });
    expect(checkConfig({ failOn: 'none' }, transforms)).toEqual({ failOn: [] });
    expect(checkConfig({}, transforms)).toEqual({});
  });

  it('names the key inside package.json with its prefix', () => {
    expect(checkConfig({ only: 'merge-runs' }, transforms, 'dockerslim')).toBe('dockerslim.only: must be a list of transform ids (got "merge-runs")');
    expect(checkConfig('skip', transforms, 'dockerslim')).toBe('dockerslim: must be an object of settings (got "skip")');
  });

  it('refuses none alongside other failOn values, and an empty string in a list', () => {
    expect(checkConfig({ failOn: ['none', 'changes'] }, transforms)).toBe('failOn: none cannot be combined with other values');
    expect(checkConfig({ ignore: [''] }, transforms)).toBe('ignore[0]: must be a non-empty string (got "")');
  });

  it('checks transforms: options against what the transform declares', () => {
    expect(checkConfig({ transforms: { 'merge-runs': {} } }, transforms)).toEqual({ transforms: { 'merge-runs': {} } });
    expect(checkConfig({ transforms: { 'merge-runs': true } }, transforms)).toBe('transforms.merge-runs: must be an object of options (got boolean)');
    expect(checkConfig({ transforms: [] }, transforms)).toBe('transforms: must be an object of transform ids to their options (got a list)');
  });
});
