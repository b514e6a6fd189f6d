import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
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

  it('dependency-order reorders once dockerignore-broad-copy leaves the host\'s node_modules out; secrets no longer reports the .env it leaves out', () => {
    const src = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
    const context = memoryContext({ 'package.json': '{}', 'package-lock.json': '{}', 'server.js': '', 'node_modules/x/i.js': '', '.env': 'TOKEN=x\n' });
    const result = fix(src, { buildContext: context, transforms: ['dependency-order', 'dockerignore-broad-copy', 'secrets'] });
    expect(result.output).toContain('COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n');
    expect(result.files[0].after).toBe('**/node_modules\n.env\n');
    expect(result.findings).toEqual([]);
    expect(fix(src, { buildContext: context, transforms: ['secrets'] }).findings).toHaveLength(1);
  });

  it('the two .dockerignore transforms append to one new file, the safe lines first', () => {
    const src = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nCOPY src/ ./src/\nRUN npm ci\n';
    const context = memoryContext({ 'package.json': '{}', 'src/index.js': '', 'src/node_modules/x/i.js': '', '.git/HEAD': '' });
    const result = fix(src, { buildContext: context, unsafe: true });
    expect(result.files).toEqual([{ path: '.dockerignore', before: undefined, after: '.git\n**/node_modules\n' }]);
  });
});

describe('with a build context (property)', () => {
  const files: Record<string, string> = {
    'package.json': '{"name":"app"}',
    'package-lock.json': '{}',
    'requirements.txt': 'flask\n',
    'app.py': 'print()\n',
    'config.yml': 'a: 1\n',
    'server.js': '',
    'node_modules/x/index.js': '',
    '.git/HEAD': 'ref\n',
    'debug.log': '',
    '.env': 'TOKEN=x\n',
  };
  const line = fc.constantFrom(
    'WORKDIR /app', 'COPY . .', 'COPY config.yml /etc/app.yml', 'RUN chown www-data:www-data /etc/app.yml', 'ADD app.py /srv/',
    'RUN npm ci', 'RUN pip install -r requirements.txt', 'RUN apt-get update && apt-get install -y curl', 'EXPOSE 8080', 'USER node',
    'CMD ["node", "server.js"]', 'ENV A=1',
  );
  const dockerfile = fc
    .tuple(fc.constantFrom('node:20', 'python:3.12-slim', 'debian:bookworm'), fc.array(line, { maxLength: 8 }))
    .map(([image, body]) => [`FROM ${image}`, ...body].join('\n') + '\n');

  it('a rewrite and the ignore file it writes settle: fixing again with them changes nothing', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(dockerfile, (source) => {
        const once = fix(source, { unsafe: true, buildContext: memoryContext(files) });
        const written = { ...files, ...Object.fromEntries(once.files.map((f) => [f.path, f.after])) };
        const twice = fix(once.output, { unsafe: true, buildContext: memoryContext(written) });
        expect(twice.output).toBe(once.output);
        expect(twice.files).toEqual([]);
        expect(twice.changes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('every transform', () => {
  it('takes a Dockerfile of comments only, with or without a build context, and leaves it alone', () => {
    const src = '# FROM debian\n# RUN apt-get update\n';
    for (const buildContext of [undefined, memoryContext({ '.git/HEAD': '', 'a.log': '' })]) {
      const result = fix(src, { unsafe: true, buildContext });
      expect(result.output).toBe(src);
      expect(result.files).toEqual([]);
      expect(result.findings).toEqual([]);
    }
  });
});
