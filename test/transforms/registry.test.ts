import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fix, memoryContext, transforms } from '../../src/index.js';

describe('all transforms together', () => {
  it('cleans a dnf layer once after merging two installing RUNs', () => {
    const src = 'FROM fedora:40\nRUN dnf -y update\nRUN dnf install -y python3\n';
    expect(fix(src).output).toBe('FROM fedora:40\nRUN dnf -y update \\\n    && dnf install -y python3 \\\n    && dnf clean all\n');
  });

  it('joins update, install and a separate cleanup RUN into one apt layer', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n';
    expect(fix(src).output).toBe(
      'FROM debian:bookworm\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });
});

describe('the registry', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('every transform has a README row and a spec file named after it', () => {
    for (const t of transforms) {
      expect(readme, t.id).toContain(`| \`${t.id}\` |`);
      expect(existsSync(new URL(`./${t.id}.test.ts`, import.meta.url)), `test/transforms/${t.id}.test.ts`).toBe(true);
    }
  });

  it('every unsafe transform says why', () => {
    for (const t of transforms.filter((t) => t.safety === 'unsafe')) expect(t.risk, t.id).toBeTruthy();
  });
});

describe('transforms that depend on their order', () => {
  it('copy-chown folds the chown RUN before merge-runs can join it with the next RUN', () => {
    const src = 'FROM debian:bookworm\nCOPY config.yml /etc/app.yml\nRUN chown www-data:www-data /etc/app.yml\nRUN echo a\nRUN echo b\n';
    expect(fix(src, { buildContext: memoryContext({ 'config.yml': 'a: 1\n' }) }).output).toBe(
      'FROM debian:bookworm\nCOPY --chown=www-data:www-data config.yml /etc/app.yml\nRUN echo a \\\n    && echo b\n',
    );
  });

  it('dependency-order and node-cache rewrite the same install in one run', () => {
    const src = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
    const context = memoryContext({ 'package.json': '{"name":"app"}', 'package-lock.json': '{}', 'server.js': '' });
    expect(fix(src, { buildContext: context, transforms: ['dependency-order', 'node-cache'] }).output).toBe(
      'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\nCMD ["node", "server.js"]\n',
    );
  });

  it('the two .dockerignore transforms append to one new file, the safe lines first', () => {
    const src = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nCOPY src/ ./src/\nRUN npm ci\n';
    const context = memoryContext({ 'package.json': '{}', 'src/index.js': '', 'src/node_modules/x/i.js': '', '.git/HEAD': '' });
    const result = fix(src, { buildContext: context, unsafe: true });
    expect(result.files).toEqual([{ path: '.dockerignore', before: undefined, after: '.git\n**/node_modules\n' }]);
  });
});
