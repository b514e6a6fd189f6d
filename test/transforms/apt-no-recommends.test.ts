import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { aptNoRecommends } from '../../transforms/apt-no-recommends.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [aptNoRecommends] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);
const findings = (src: string) => runPipeline(src, [], { transforms: [aptNoRecommends] }).findings.map((f) => `${f.line}: ${f.message}`);

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

  it('curl, wget or git and a later https:// download, without ca-certificates installed: left alone, with a finding', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz\n';
    unchanged(src);
    expect(findings(src)).toEqual([
      '2: --no-install-recommends not added: curl only recommends ca-certificates, which the https:// download on line 3 needs; install ca-certificates explicitly, then the flag is safe',
    ]);
    unchanged('FROM debian:bookworm\nRUN apt-get update && apt-get install -y git && git clone https://example.com/repo.git /src\n');
    unchanged('FROM debian:bookworm\nRUN apt-get update && apt-get install -y wget gnupg\nRUN wget -qO- http://example.com/key | gpg --dearmor > k && gpg --keyserver keys.example.com --recv-keys ABCD\n');
  });

  it('ca-certificates installed explicitly, or no https:// use: the flag goes on', () => {
    expect(fix('FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl ca-certificates\nRUN curl -fsSL https://example.com/x -o /x\n')).toContain('install --no-install-recommends -y curl ca-certificates');
    expect(fix('FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "-fsS", "http://localhost:8080/health"]\n')).toContain('install --no-install-recommends -y curl');
  });

  it('intermediate stage', () => unchanged('FROM debian AS build\nRUN apt-get install -y gcc\nFROM scratch\n'));
});
