import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { debugTools } from '../../transforms/debug-tools.js';

const findings = (src: string) => runPipeline(src, [], { transforms: [debugTools] }).findings;

describe('debug-tools', () => {
  it('vim and strace from apt-get in the final image are reported on the RUN that installs them', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl vim strace\nCMD ["app"]\n';
    expect(runPipeline(src, [], { transforms: [debugTools] }).output).toBe(src);
    expect(findings(src)).toEqual([
      {
        transform: 'debug-tools',
        line: 2,
        message: 'vim, strace are installed in the final image: tools for a person at a shell add size and help an intruder; install them in a debug stage, or debug with an ephemeral container (docker debug, kubectl debug)',
      },
    ]);
  });

  it('apk add, dnf install and version pins', () => {
    expect(findings('FROM alpine:3.20\nRUN apk add --no-cache tcpdump=4.99.4-r1\nRUN dnf install -y gdb\n').map((f) => f.line)).toEqual([2, 3]);
  });

  it('tools a later RUN removes, a build stage that does not ship, and packages that are not debug tools are quiet', () => {
    expect(findings('FROM debian\nRUN apt-get install -y nano\nRUN apt-get purge -y nano\n')).toEqual([]);
    expect(findings('FROM debian AS build\nRUN apt-get install -y gdb\nFROM debian\nCOPY --from=build /out /out\n')).toEqual([]);
    expect(findings('FROM debian\nRUN apt-get install -y lesspipe vim-common\n')).toEqual([]);
  });

  it('a base stage in this file counts: its packages are in the final image', () => {
    expect(findings('FROM debian AS base\nRUN apt-get install -y htop\nFROM base\nCMD ["app"]\n').map((f) => f.line)).toEqual([2]);
  });
});
