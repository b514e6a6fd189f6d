import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { zypperCache } from '../../transforms/zypper-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [zypperCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('zypper-cache', () => {
  it('zypper install without -n nor clean', () => {
    expect(fix('FROM opensuse/leap\nRUN zypper install curl\n')).toBe('FROM opensuse/leap\nRUN zypper -n install curl && zypper clean --all\n');
  });

  it('short subcommand and --non-interactive', () => {
    expect(fix('FROM opensuse/leap\nRUN zypper --non-interactive in curl\n')).toBe('FROM opensuse/leap\nRUN zypper --non-interactive in curl && zypper clean --all\n');
  });

  it('already clean', () => unchanged('FROM opensuse/leap\nRUN zypper -n in curl && zypper cc -a\n'));

  it('cache mount', () => unchanged('FROM opensuse/leap\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl\n'));

  it('intermediate stage', () => unchanged('FROM opensuse/leap AS b\nRUN zypper in curl\nFROM scratch\n'));
});
