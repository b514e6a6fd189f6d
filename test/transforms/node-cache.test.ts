import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { memoryContext } from '../../src/context/view.js';
import { nodeCache } from '../../transforms/node-cache.js';

const fix = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [nodeCache], buildContext }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);
const context = (files: Record<string, string>): BuildContextView => memoryContext(files);

describe('node-cache', () => {
  it('npm ci without cache clean', () => {
    expect(fix('FROM node:20\nRUN npm ci\n')).toBe('FROM node:20\nRUN npm ci && npm cache clean --force\n');
  });

  it('npm install with options', () => {
    expect(fix('FROM node:20\nRUN npm install --omit=dev\n')).toBe('FROM node:20\nRUN npm install --omit=dev && npm cache clean --force\n');
  });

  it('npm commands that download nothing', () => unchanged('FROM node:20\nRUN npm run build && npm prune --omit=dev\n'));

  it('already cleaned', () => {
    unchanged('FROM node:20\nRUN npm ci && npm cache clean --force\n');
    unchanged('FROM node:20\nRUN npm ci && rm -rf ~/.npm\n');
    unchanged('FROM node:20\nRUN npm ci && rm -rf /root/.npm\n');
  });

  it('cache mount on ~/.npm', () => unchanged('FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n'));

  it('yarn classic: bare yarn installs', () => {
    expect(fix('FROM node:20\nRUN yarn --frozen-lockfile\n')).toBe('FROM node:20\nRUN yarn --frozen-lockfile && yarn cache clean\n');
  });

  it('yarn install', () => {
    expect(fix('FROM node:20\nRUN yarn install --production\n')).toBe('FROM node:20\nRUN yarn install --production && yarn cache clean\n');
  });

  it('yarn 2+ through corepack is left alone', () => unchanged('FROM node:20\nRUN corepack enable\nRUN yarn install --immutable\n'));

  it('yarn 2+ by --immutable', () => unchanged('FROM node:20\nRUN yarn install --immutable\n'));

  it('yarn 2+ by a copied .yarnrc.yml', () => unchanged('FROM node:20\nCOPY package.json yarn.lock .yarnrc.yml ./\nRUN yarn install\n'));

  it('yarn 2+ by the build context', () => {
    const src = 'FROM node:20\nRUN yarn install\n';
    expect(fix(src, context({ 'package.json': '{"packageManager": "yarn@4.1.0"}' }))).toBe(src);
    expect(fix(src, context({ 'package.json': '{"packageManager": "yarn@1.22.19"}' }))).toBe('FROM node:20\nRUN yarn install && yarn cache clean\n');
  });

  it('pnpm install', () => {
    expect(fix('FROM node:20\nRUN pnpm install --frozen-lockfile\n')).toBe('FROM node:20\nRUN pnpm install --frozen-lockfile && pnpm store prune\n');
  });

  it('npm and yarn in one RUN: one cleanup', () => {
    expect(fix('FROM node:20\nRUN npm install -g pnpm && yarn install\n')).toBe('FROM node:20\nRUN npm install -g pnpm && yarn install && npm cache clean --force && yarn cache clean\n');
  });

  it('sudo', () => {
    expect(fix('FROM node:20\nRUN sudo npm install -g typescript\n')).toBe('FROM node:20\nRUN sudo npm install -g typescript && sudo npm cache clean --force\n');
  });

  it('|| fallback', () => {
    expect(fix('FROM node:20\nRUN npm ci || npm install\n')).toBe('FROM node:20\nRUN npm ci || npm install && npm cache clean --force\n');
  });

  it('multi-line', () => {
    expect(fix('FROM node:20\nRUN npm ci \\\n && npm run build\n')).toBe('FROM node:20\nRUN npm ci \\\n && npm run build \\\n && npm cache clean --force\n');
  });

  it('intermediate stage', () => unchanged('FROM node:20 AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n'));

  describe('a cache read later stays', () => {
    it('npm ci --offline or --prefer-offline after the install reads the cache', () => {
      for (const later of ['npm ci --offline', 'npm install --prefer-offline', 'npm --cache /root/.npm ci']) {
        const src = `FROM node:20\nRUN npm ci\nCOPY . .\nRUN ${later}\n`;
        expect(fix(src), later).toBe(src.replace(`RUN ${later}\n`, `RUN ${later} && npm cache clean --force\n`));
      }
    });

    it('any npm cache use after the install reads the cache', () => {
      unchanged('FROM node:20\nRUN npm ci\nRUN npm cache verify\n');
      unchanged('FROM node:20\nRUN npm ci\nRUN npm cache ls\n');
    });

    it('a later RUN naming the cache directory reads it', () => {
      unchanged('FROM node:20\nRUN npm ci\nRUN tar -czf /npm-cache.tgz /root/.npm\n');
      unchanged('FROM node:20\nRUN npm ci\nRUN du -sh "$HOME/.npm"\n');
    });

    it('yarn --offline and an offline mirror read the yarn cache', () => {
      unchanged('FROM node:20\nRUN yarn install\nCOPY . .\nRUN yarn config set yarn-offline-mirror ./mirror\n');
      const src = 'FROM node:20\nRUN yarn install\nCOPY . .\nRUN yarn install --offline\n';
      expect(fix(src)).toBe(src.replace('RUN yarn install --offline\n', 'RUN yarn install --offline && yarn cache clean\n'));
    });

    it('pnpm install --offline reads the store', () => {
      const src = 'FROM node:20\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install --offline\n';
      expect(fix(src)).toBe(src.replace('RUN pnpm install --offline\n', 'RUN pnpm install --offline && pnpm store prune\n'));
    });

    it('a later npm cache clean is no reader', () => {
      expect(fix('FROM node:20\nRUN npm ci\nCOPY . .\nRUN npm cache clean --force\n')).toBe('FROM node:20\nRUN npm ci && npm cache clean --force\nCOPY . .\nRUN npm cache clean --force\n');
    });

    it('a later script this tool cannot read does not keep the npm cache: only visible readers do', () => {
      expect(fix('FROM node:20\nRUN npm ci\nRUN ./build.sh\n')).toBe('FROM node:20\nRUN npm ci && npm cache clean --force\nRUN ./build.sh\n');
    });
  });

  it('npm cache clear, npm cache clean in any order of options, or the cache removed', () => {
    unchanged('FROM node:20\nRUN npm ci && npm cache clear --force\n');
    unchanged('FROM node:20\nRUN npm ci && npm --force cache clean\n');
    unchanged('FROM node:20\nRUN npm ci && rm -r -f /root/.npm/_cacache\n');
    unchanged('FROM node:20\nRUN yarn install && yarn cache clean --all\n');
  });

  it('yarn --version or bundle --help runs no install: nothing to clean', () => {
    unchanged('FROM node:20\nRUN curl -fsSL https://example.com/yarn.tgz | tar -xz -C /opt && yarn --version\n');
    unchanged('FROM node:20\nRUN yarn -v && yarn --help\n');
  });
});
