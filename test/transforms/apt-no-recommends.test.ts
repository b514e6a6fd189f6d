import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { aptNoRecommends } from '../../transforms/apt-no-recommends.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [aptNoRecommends] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('apt-no-recommends', () => {
  it('is unsafe and says why', () => {
    expect(aptNoRecommends.safety).toBe('unsafe');
    expect(aptNoRecommends.risk).toMatch(/recommended/);
  });

  it('apt-get install without --no-install-recommends', () => {
    expect(fix('FROM debian\nRUN apt-get install -y curl\n')).toBe('FROM debian\nRUN apt-get install --no-install-recommends -y curl\n');
  });

  it('already there', () => unchanged('FROM debian\nRUN apt-get install -y --no-install-recommends curl\n'));

  it('asked for recommends explicitly', () => unchanged('FROM debian\nRUN apt-get install -y --install-recommends curl\n'));

  it('set through -o', () => unchanged('FROM debian\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n'));

  it('held back unless unsafe is enabled', () => {
    const result = runPipeline('FROM debian\nRUN apt-get install -y curl\n', [aptNoRecommends], {});
    expect(result.output).toBe('FROM debian\nRUN apt-get install -y curl\n');
    expect(result.heldBack).toEqual(['apt-no-recommends']);
  });

  it('intermediate stage', () => unchanged('FROM debian AS build\nRUN apt-get install -y gcc\nFROM scratch\n'));
});
