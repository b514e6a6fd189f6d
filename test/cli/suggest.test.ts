import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/cli/suggest.js';

describe('editDistance', () => {
  it('counts a letter added, dropped or changed as one edit, and two neighbours swapped as one', () => {
    expect(editDistance('fix', 'fix')).toBe(0);
    expect(editDistance('fx', 'fix')).toBe(1);
    expect(editDistance('fixx', 'fix')).toBe(1);
    expect(editDistance('fax', 'fix')).toBe(1);
    expect(editDistance('fxi', 'fix')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  it('suggests within one edit for short words and two for longer ones, case aside', () => {
    expect(closest('lst', ['fix', 'list'])).toBe('list');
    expect(closest('FIX', ['fix', 'list'])).toBe('fix');
    expect(closest('--wirte', ['--write', '--check'])).toBe('--write');
    expect(closest('xyz', ['fix', 'list'])).toBeUndefined();
    expect(closest('ab', ['xy'])).toBeUndefined();
  });

  it('takes the nearest of several', () => {
    expect(closest('--chec', ['--check', '--checks-all'])).toBe('--check');
  });
});
