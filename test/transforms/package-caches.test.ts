import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import type { Transform } from '../../src/types.js';
import { apkNoCache } from '../../transforms/apk-no-cache.js';
import { aptAssumeYes } from '../../transforms/apt-assume-yes.js';
import { aptLists } from '../../transforms/apt-lists.js';
import { aptNoRecommends } from '../../transforms/apt-no-recommends.js';
import { aptUpdateJoin } from '../../transforms/apt-update-join.js';
import { archiveCleanup } from '../../transforms/archive-cleanup.js';
import { cleanupLayer } from '../../transforms/cleanup-layer.js';
import { composerCache } from '../../transforms/composer-cache.js';
import { condaCache } from '../../transforms/conda-cache.js';
import { gemCache } from '../../transforms/gem-cache.js';
import { goCache } from '../../transforms/go-cache.js';
import { nodeCache } from '../../transforms/node-cache.js';
import { pipNoCache } from '../../transforms/pip-no-cache.js';
import { rpmCache } from '../../transforms/rpm-cache.js';
import { zypperCache } from '../../transforms/zypper-cache.js';

/** Registry order: layer joins first, then flags, then the appended cleanups. */
const all: Transform[] = [
  cleanupLayer, aptUpdateJoin, aptAssumeYes, aptNoRecommends, aptLists, apkNoCache, rpmCache, zypperCache,
  pipNoCache, nodeCache, gemCache, condaCache, composerCache, archiveCleanup, goCache,
];
const fix = (src: string, unsafe = false) => runPipeline(src, [], { transforms: all.filter((t) => unsafe || t.safety === 'safe') }).output;

describe('package caches, all transforms together', () => {
  it('a naive Debian tools image', () => {
    const src = [
      'FROM debian:bookworm',
      'RUN apt-get update',
      'RUN apt-get install curl ca-certificates xz-utils',
      'RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/node.tar.xz && tar -xJf /tmp/node.tar.xz -C /usr/local',
      'RUN rm -rf /var/lib/apt/lists/*',
      'CMD ["bash"]',
      '',
    ].join('\n');
    expect(fix(src)).toBe(
      [
        'FROM debian:bookworm',
        'RUN apt-get update \\',
        '    && apt-get install -y curl ca-certificates xz-utils \\',
        '    && rm -rf /var/lib/apt/lists/*',
        'RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/node.tar.xz && tar -xJf /tmp/node.tar.xz -C /usr/local \\',
        '    && rm -f /tmp/node.tar.xz',
        'RUN rm -rf /var/lib/apt/lists/*',
        'CMD ["bash"]',
        '',
      ].join('\n'),
    );
  });

  it('a naive Python web app', () => {
    const src = 'FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n';
    expect(fix(src)).toBe(
      'FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    );
  });

  it('a naive Node app with a build stage', () => {
    const src = 'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci && npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCMD ["node", "dist/index.js"]\n';
    expect(fix(src)).toBe(src.replace('RUN npm ci --omit=dev\n', 'RUN npm ci --omit=dev && npm cache clean --force\n'));
  });

  it('an Alpine image', () => {
    const src = 'FROM alpine:3.19\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n';
    expect(fix(src)).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('a Fedora image with sudo', () => {
    const src = 'FROM fedora:40\nRUN sudo dnf install python3-pip && pip3 install flask\n';
    expect(fix(src)).toBe('FROM fedora:40\nRUN sudo dnf install -y python3-pip && pip3 install --no-cache-dir flask && sudo dnf clean all\n');
  });

  it('unsafe ones join in only when asked', () => {
    const src = 'FROM golang:1.22\nRUN apt-get update && apt-get install -y git && go build -o /app .\n';
    expect(fix(src)).toBe('FROM golang:1.22\nRUN apt-get update && apt-get install -y git && go build -o /app . && rm -rf /var/lib/apt/lists/*\n');
    expect(fix(src, true)).toBe(
      // both cleanups land in one pass, each laid out against the line as it was
      'FROM golang:1.22\nRUN apt-get update && apt-get install --no-install-recommends -y git && go build -o /app . && rm -rf /var/lib/apt/lists/* && go clean -cache -modcache\n',
    );
  });

  it('a clean file comes back byte-identical', () => {
    const src = 'FROM debian\r\nRUN apt-get update \\\r\n    && apt-get install -y --no-install-recommends curl \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n';
    expect(fix(src, true)).toBe(src);
  });

  const fragments = [
    'apt-get update', 'apt-get install curl', 'apt-get install -y git', 'apk add curl', 'apk update', 'rm -rf /var/cache/apk/*',
    'rm -rf /var/lib/apt/lists/*', 'yum install httpd', 'dnf install -y gcc', 'microdnf install jq', 'zypper in vim',
    'pip install flask', 'python3 -m pip install -r r.txt', 'npm ci', 'yarn install', 'pnpm install', 'gem install rails',
    'bundle install', 'conda install -y numpy', 'composer install', 'go build ./...', 'cd /app', 'echo hi',
    'curl -o a.tar.gz https://x', 'tar -xzf a.tar.gz', "sh -c 'apt-get install x'", 'sudo apt-get install y', 'true || false',
  ];
  const body = fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 5 }).chain((cmds) =>
    fc.array(fc.constantFrom(' && ', ' \\\n    && ', ' || ', '; '), { minLength: cmds.length - 1, maxLength: cmds.length - 1 }).map((seps) =>
      cmds.map((c, i) => (i === 0 ? c : seps[i - 1] + c)).join(''),
    ),
  );
  const dockerfile = fc
    .tuple(fc.constantFrom('debian', 'alpine:3.19', 'fedora'), fc.array(body, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
    .map(([image, runs, twoStages, crlf]) => {
      const text = `FROM ${image}${twoStages ? ' AS base' : ''}\n${runs.map((r) => `RUN ${r}\n`).join('')}${twoStages ? 'FROM base\nRUN echo done\n' : ''}`;
      return crlf ? text.replace(/\n/g, '\r\n') : text;
    });

  it('is idempotent, and leaves a fixed file alone (property)', () => {
    fc.assert(
      fc.property(dockerfile, fc.boolean(), (src, unsafe) => {
        const once = fix(src, unsafe);
        expect(fix(once, unsafe)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
