import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { aptLists } from '../../transforms/apt-lists.js';
import { aptUpdateJoin } from '../../transforms/apt-update-join.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [aptUpdateJoin] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('apt-update-join', () => {
  it('a RUN holding only apt-get update followed by the install', () => {
    expect(fix('FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n')).toBe('FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl\n');
  });

  it('a comment between them stays above the install', () => {
    expect(fix('FROM debian\nRUN apt-get update -q\n# tools\nRUN apt-get install -y curl\n')).toBe(
      'FROM debian\nRUN apt-get update -q \\\n# tools\n    && apt-get install -y curl\n',
    );
  });

  it('an install with || is grouped so a failed update still fails', () => {
    expect(fix('FROM debian\nRUN apt-get update\nRUN apt-get install -y curl || true\n')).toBe(
      'FROM debian\nRUN apt-get update \\\n    && { apt-get install -y curl || true; }\n',
    );
  });

  it('with apt-lists the joined RUN is cleaned in its new layout', () => {
    const out = runPipeline('FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n', [], { transforms: [aptUpdateJoin, aptLists] }).output;
    expect(out).toBe('FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n');
  });

  it('the next RUN does not install', () => unchanged('FROM debian\nRUN apt-get update\nRUN echo hi\n'));

  it('another instruction in between', () => unchanged('FROM debian\nRUN apt-get update\nCOPY . /app\nRUN apt-get install -y curl\n'));

  it('the update RUN does more', () => unchanged('FROM debian\nRUN apt-get update && echo ok\nRUN apt-get install -y curl\n'));

  it('different flags', () => unchanged('FROM debian\nRUN apt-get update\nRUN --network=host apt-get install -y curl\n'));

  it('intermediate stage', () => unchanged('FROM debian AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM scratch\n'));

  it('an exec-form update, which runs without a shell', () => unchanged('FROM debian\nRUN ["apt-get", "update"]\nRUN apt-get install -y curl\n'));

  it('an exec-form install', () => unchanged('FROM debian\nRUN apt-get update\nRUN ["apt-get", "install", "-y", "curl"]\n'));

  it('the same writable bind mount on both: the install would see what the update wrote there', () => {
    const mount = '--mount=type=bind,target=/etc/apt/sources.list.d,rw';
    unchanged(`FROM debian\nRUN ${mount} apt-get update\nRUN ${mount} apt-get install -y curl\n`);
  });

  it('an install ending in a literal backslash under the backtick escape, which `; }` would escape', () =>
    unchanged('# escape=`\nFROM debian\nRUN apt-get update\nRUN apt-get install -y curl || echo C:\\\n'));

  it('hadolint ignore=DL3059', () => unchanged('FROM debian\n# hadolint ignore=DL3059\nRUN apt-get update\nRUN apt-get install -y curl\n'));

  it('CRLF', () => {
    expect(fix('FROM debian\r\nRUN apt-get update\r\nRUN apt-get install -y curl\r\n')).toBe('FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y curl\r\n');
  });
});
