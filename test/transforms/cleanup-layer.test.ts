import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { aptLists } from '../../transforms/apt-lists.js';
import { cleanupLayer } from '../../transforms/cleanup-layer.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [cleanupLayer] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('cleanup-layer', () => {
  it('apt lists removed in the next RUN', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('several cleanups in one chain', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl \\\n    && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*\n',
    );
  });

  it('npm cache clean after npm ci', () => {
    expect(fix('FROM node:20\nRUN npm ci\nRUN npm cache clean --force\n')).toBe('FROM node:20\nRUN npm ci \\\n    && npm cache clean --force\n');
  });

  it('a RUN that changes directory is put in a subshell', () => {
    expect(fix('FROM node:20\nRUN cd /app && npm ci\nRUN npm cache clean --force\n')).toBe('FROM node:20\nRUN ( cd /app && npm ci ) \\\n    && npm cache clean --force\n');
  });

  it('archive downloaded by the previous RUN', () => {
    expect(fix('FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz\nRUN rm f.tar.gz\n')).toBe(
      'FROM debian\nRUN curl -o f.tar.gz https://x && tar -xzf f.tar.gz \\\n    && rm f.tar.gz\n',
    );
  });

  it('with apt-lists enabled the lists are removed once', () => {
    const src = 'FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n';
    expect(runPipeline(src, [], { transforms: [cleanupLayer, aptLists] }).output).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('apt-get dist-clean or find -delete in the next RUN is merged like rm, and not cleaned again', () => {
    for (const clean of ['apt-get dist-clean', 'find /var/lib/apt/lists -type f -delete']) {
      const src = `FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN ${clean}\n`;
      expect(runPipeline(src, [], { transforms: [cleanupLayer, aptLists] }).output, clean).toBe(
        `FROM debian\nRUN apt-get update && apt-get install -y curl \\\n    && ${clean}\n`,
      );
    }
  });

  it('each manager\'s own clean command in the next RUN is merged: pip cache purge, apk cache clean, conda clean --all -y, composer clearcache', () => {
    for (const [install, clean] of [['pip install flask', 'pip cache purge'], ['apk add curl', 'apk cache clean'], ['conda install -y numpy', 'conda clean --all -y'], ['composer install', 'composer clearcache']]) {
      expect(fix(`FROM x\nRUN ${install}\nRUN ${clean}\n`), clean).toBe(`FROM x\nRUN ${install} \\\n    && ${clean}\n`);
    }
  });

  it('the cleanup is not for what the previous RUN made', () => unchanged('FROM debian\nRUN echo hi\nRUN rm -rf /var/lib/apt/lists/*\n'));

  it('the RUN does more than clean', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/* && echo done\n'));

  it('|| in the cleanup RUN', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/* || true\n'));

  it('another instruction in between', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nENV A=1\nRUN rm -rf /var/lib/apt/lists/*\n'));

  it('different flags', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN --network=none rm -rf /var/lib/apt/lists/*\n'));

  it('a relative rm is not a package cache', () => unchanged('FROM node:20\nRUN npm ci\nRUN rm -rf node_modules/.cache\n'));

  it('intermediate stage', () => unchanged('FROM debian AS b\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nFROM scratch\n'));

  it('an exec-form install, which runs without a shell', () => unchanged('FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\nRUN rm -rf /var/lib/apt/lists/*\n'));

  it('the same tmpfs mount on both: each RUN gets a new empty one', () => {
    const mount = '--mount=type=tmpfs,target=/tmp';
    unchanged(`FROM debian\nRUN ${mount} apt-get update && apt-get install -y curl\nRUN ${mount} rm -rf /var/lib/apt/lists/*\n`);
  });

  it('a first RUN ending in a literal backslash under the backtick escape', () =>
    unchanged('# escape=`\nFROM debian\nRUN apt-get update && apt-get install -y curl && echo C:\\\nRUN rm -rf /var/lib/apt/lists/*\n'));

  it('a first RUN ending in a loop under set -e', () =>
    unchanged('FROM debian\nRUN set -e; apt-get update; for p in curl git; do apt-get install -y "$p"; done\nRUN rm -rf /var/lib/apt/lists/*\n'));

  it('a comment between `RUN \\` and the cleanup stays with it', () => {
    expect(fix('FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN \\\n  # no lists in the image\n  rm -rf /var/lib/apt/lists/*\n')).toBe(
      'FROM debian\nRUN apt-get update && apt-get install -y curl \\\n  # no lists in the image\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('hadolint ignore=DL3059', () => unchanged('FROM debian\nRUN apt-get update && apt-get install -y curl\n# hadolint ignore=DL3059\nRUN rm -rf /var/lib/apt/lists/*\n'));
});
