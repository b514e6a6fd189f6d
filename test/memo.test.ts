import { describe, expect, it } from 'vitest';
import { Memo } from '../src/index.js';

describe('Memo', () => {
  it('gives back what was remembered for the same object, and nothing for another', () => {
    const memo = new Memo<object, number>();
    const a = {};
    const b = {};
    memo.set(a, 1);
    expect(memo.get(a)).toBe(1);
    expect(memo.get(b)).toBeUndefined();
  });

  it('keeps two memos on one object apart', () => {
    const first = new Memo<object, string>();
    const second = new Memo<object, string>();
    const key = {};
    first.set(key, 'first');
    second.set(key, 'second');
    expect([first.get(key), second.get(key)]).toEqual(['first', 'second']);
  });

  it('leaves the object\'s own keys and JSON as they were', () => {
    const memo = new Memo<{ x: number }, string>();
    const key = { x: 1 };
    memo.set(key, 'seen');
    expect(Object.keys(key)).toEqual(['x']);
    expect(JSON.stringify(key)).toBe('{"x":1}');
  });
});
