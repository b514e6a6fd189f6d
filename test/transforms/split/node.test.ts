import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const lock = (packages: Record<string, object>) => JSON.stringify({ name: 'api', lockfileVersion: 3, packages: { '': { name: 'api' }, ...packages } }, null, 2);
const tsApp = {
  'package.json': JSON.stringify({
    name: 'api',
    version: '1.0.0',
    main: 'dist/index.js',
    scripts: { build: 'tsc -p tsconfig.json', start: 'node dist/index.js', test: 'vitest run' },
    dependencies: { express: '^4.19.0' },
    devDependencies: { typescript: '^5.4.0' },
  }),
  'package-lock.json': lock({ 'node_modules/express': { version: '4.19.2' }, 'node_modules/typescript': { version: '5.4.5', dev: true } }),
  'tsconfig.json': '{\n  // compiled to dist\n  "compilerOptions": { "outDir": "dist", "rootDir": "src", "strict": true }\n}\n',
  'src/index.ts': "import express from 'express';\n\nconst app = express();\napp.use(express.static('public'));\napp.listen(3000);\n",
  'public/index.html': '<h1>hi</h1>',
};

const naive = `FROM node:20

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

ENV NODE_ENV=production
EXPOSE 3000
CMD ["npm", "start"]
`;

describe('Node builds with a build step', () => {
  it('TypeScript compiled by tsc: the runtime gets dist, public/ and production dependencies only', () => {
    expect(split(naive, tsApp)).toBe(`FROM node:20 AS build

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

ENV NODE_ENV=production

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json /app/
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist /app/dist
COPY --from=build /app/public /app/public
EXPOSE 3000
CMD ["npm", "start"]
`);
    expect(splitMessages(naive, tsApp)).toEqual([
      'split into a build stage and a runtime stage on node:20-slim: the Node app in /app/dist with its production dependencies; with /app/public',
    ]);
  });

  it('a build script run with node that writes only dist, and no production dependencies', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'site', main: 'dist/server.js', scripts: { build: 'node scripts/build.mjs' }, devDependencies: { marked: '^12.0.0' } }),
      'package-lock.json': lock({ 'node_modules/marked': { version: '12.0.0', dev: true } }),
      'scripts/build.mjs': "import { mkdirSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';\nmkdirSync('dist', { recursive: true });\nfor (const f of readdirSync('src')) copyFileSync(`src/${f}`, `dist/${f}`);\nwriteFileSync('dist/pages.json', '{}');\n",
      'src/server.js': "const pages = require('./pages.json');\nconsole.log(Object.keys(pages));\n",
      'content/index.md': '# hi\n',
    };
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n';
    expect(split(src, files)).toBe(
      'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/package.json /app/package.json\nCOPY --from=build /app/dist /app/dist\nCMD ["node", "dist/server.js"]\n',
    );
  });

  it('everything the build writes goes to the runtime: the server and the bundle it serves', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'web', scripts: { build: 'npm run build:client && npm run build:server', 'build:client': 'esbuild client/app.js --bundle --outdir=public/assets', 'build:server': 'tsc' } }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
      'client/app.js': "document.title = 'hi';\n",
      'public/index.html': '<script src="/assets/app.js"></script>',
      'src/server.ts': "import http from 'node:http';\nhttp.createServer().listen(8080);\n",
    };
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n';
    expect(split(src, files)).toContain('COPY --from=build /app/package.json /app/package.json\nCOPY --from=build /app/dist /app/dist\nCOPY --from=build /app/public /app/public\n');
  });

  it('esbuild through npx, with a prepare script that production installs skip', () => {
    const files = {
      ...tsApp,
      'package.json': JSON.stringify({ name: 'api', scripts: { prepare: 'husky install' }, dependencies: { express: '^4.19.0' } }),
    };
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx esbuild src/index.ts --bundle --platform=node --outfile=build/index.js\nCMD ["node", "build/index.js"]\n';
    expect(split(src, files)).toContain('RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force\nCOPY --from=build /app/build /app/build\n');
  });
});

describe('Node programs the container runs besides node', () => {
  it('tini and a HEALTHCHECK with nc, installed by the build, are installed on the runtime too', () => {
    const src = naive
      .replace('FROM node:20\n', 'FROM node:20\nRUN apt-get update && apt-get install -y tini netcat-openbsd\n')
      .replace('CMD ["npm", "start"]', 'HEALTHCHECK CMD nc -z localhost 3000 || exit 1\nENTRYPOINT ["tini", "--"]\nCMD ["node", "dist/index.js"]');
    expect(split(src, tsApp)).toContain(
      'FROM node:20-slim\nWORKDIR /app\nENV NODE_ENV=production\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends netcat-openbsd tini \\\n    && rm -rf /var/lib/apt/lists/*\n',
    );
  });
});

describe('Node entry points', () => {
  it('a named npm script, and ENTRYPOINT node with CMD giving the file', () => {
    const files = { ...tsApp, 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', 'start:prod': 'NODE_ENV=production node dist/index.js' }, dependencies: { express: '^4.19.0' } }) };
    expect(split(naive.replace('CMD ["npm", "start"]', 'CMD ["npm", "run", "start:prod"]'), files)).toContain('COPY --from=build /app/dist /app/dist\n');
    expect(split(naive.replace('CMD ["npm", "start"]', 'ENTRYPOINT ["node"]\nCMD ["dist/index.js"]'), files)).toContain('COPY --from=build /app/dist /app/dist\n');
  });
});

describe('Node entrypoint scripts', () => {
  it('a script that runs what CMD gives it goes along, and CMD is checked as the program', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'site', scripts: { build: 'tsc' } }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
      'src/server.ts': '',
      'docker-entrypoint.sh': '#!/bin/sh\nset -e\necho "starting $1"\nexec "$@"\n',
    };
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["node", "dist/server.js"]\n';
    expect(split(src, files)).toContain('COPY --from=build /app/package.json /app/package.json\nCOPY --from=build /app/dist /app/dist\nCOPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh\n');
    expect(blocked(src.replace('"node", "dist/server.js"', '"ts-node", "src/server.ts"'), files)).toEqual([
      'Node build not split: the container runs `./docker-entrypoint.sh ts-node src/server.ts`, not node with a file',
    ]);
  });
});

describe('Node builds the split leaves alone', () => {
  it('without a build step the split has nothing to take apart, and says nothing', () => {
    expect(blocked('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n', { 'package.json': '{}', 'server.js': '' })).toEqual([]);
  });

  it('a production dependency with an install script (a native build)', () => {
    const files = { ...tsApp, 'package-lock.json': lock({ 'node_modules/bcrypt': { version: '5.1.1', hasInstallScript: true } }) };
    expect(blocked(naive, files)).toEqual(['Node build not split: bcrypt runs an install script (a native build), which node slim cannot run']);
  });

  it('production dependencies locked by yarn', () => {
    const { 'package-lock.json': _, ...rest } = tsApp;
    expect(blocked(naive.replace('package-lock.json', 'yarn.lock').replace('npm ci', 'yarn install --frozen-lockfile').replace('npm run build', 'yarn build'), { ...rest, 'yarn.lock': '# yarn lockfile v1\n' })).toEqual([
      'Node build not split: production dependencies are locked by yarn or pnpm, which the split does not reinstall yet',
    ]);
  });

  it('a build script that writes where the split cannot see', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'site', scripts: { build: 'node build.js' } }),
      'build.js': "const fs = require('fs');\nconst out = process.env.OUT || 'dist';\nfs.writeFileSync(out + '/x.json', '{}');\n",
    };
    expect(blocked('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/x.js"]\n', files)).toEqual([
      "Node build not split: npm run build: build.js writes to out + '/x.json', which the split cannot place",
    ]);
  });

  it('a production dependency from a folder of the build', () => {
    const files = { ...tsApp, 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', start: 'node dist/index.js' }, dependencies: { shared: 'file:../shared' } }) };
    expect(blocked(naive, files)).toEqual(['Node build not split: the production dependency shared comes from file:../shared, a folder of the build']);
  });

  it('tsc without an outDir, which writes next to the sources', () => {
    const files = { ...tsApp, 'tsconfig.json': '{ "compilerOptions": { "strict": true } }' };
    expect(blocked(naive, files)).toEqual(['Node build not split: npm run build: tsconfig.json sets no outDir, so tsc writes next to the sources']);
  });

  it('a container that runs a source file rather than the build output', () => {
    expect(blocked(naive.replace('CMD ["npm", "start"]', 'CMD ["node", "src/index.ts"]'), tsApp)).toEqual([
      'Node build not split: the container runs src/index.ts, which the build step does not write',
    ]);
  });

  it('a build tool the split does not know the output of', () => {
    const files = { ...tsApp, 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'webpack --mode production' } }) };
    expect(blocked(naive, files)).toEqual(['Node build not split: npm run build: `webpack` writes where the split cannot tell']);
  });
  it('npm start with a prestart script, which runs a file of the build context the runtime would not get', () => {
    const pkg = JSON.parse(tsApp['package.json']);
    const files = { ...tsApp, 'package.json': JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, prestart: 'node scripts/check-env.js' } }), 'scripts/check-env.js': "if (!process.env.PORT) process.exit(1);\n" };
    expect(blocked(naive, files)).toEqual(['Node build not split: `npm start` also runs the prestart script (`node scripts/check-env.js`), which the split does not follow']);
  });

  it('a named npm script with a post script', () => {
    const pkg = JSON.parse(tsApp['package.json']);
    const files = { ...tsApp, 'package.json': JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, serve: 'node dist/index.js', postserve: 'node scripts/report.js' } }) };
    expect(blocked(naive.replace('CMD ["npm", "start"]', 'CMD ["npm", "run", "serve"]'), files)).toEqual([
      'Node build not split: `npm run serve` also runs the postserve script (`node scripts/report.js`), which the split does not follow',
    ]);
  });

  it('a start script that runs more than the server', () => {
    const pkg = JSON.parse(tsApp['package.json']);
    const files = { ...tsApp, 'package.json': JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, start: 'node dist/index.js && node scripts/notify.js' } }), 'scripts/notify.js': 'console.log(1);\n' };
    expect(blocked(naive, files)).toEqual(['Node build not split: the start script `node dist/index.js && node scripts/notify.js` runs more than one command']);
  });
  it('node started with an option that names a file (--env-file, --require, --import)', () => {
    const pkg = JSON.parse(tsApp['package.json']);
    const files = { ...tsApp, 'package.json': JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, start: 'node --env-file=.env dist/index.js' } }), '.env': 'PORT=3000\n' };
    expect(blocked(naive, files)).toEqual(['Node build not split: node is started with --env-file=.env, which names a file the split does not follow']);
    expect(blocked(naive.replace('CMD ["npm", "start"]', 'CMD ["node", "--import=./instrument.mjs", "dist/index.js"]'), tsApp)).toEqual([
      'Node build not split: node is started with --import=./instrument.mjs, which names a file the split does not follow',
    ]);
  });

  it('NODE_OPTIONS that preload a file', () => {
    expect(blocked(naive.replace('ENV NODE_ENV=production', 'ENV NODE_ENV=production NODE_OPTIONS="--require ./tracing.js"'), { ...tsApp, 'tracing.js': '' })).toEqual([
      'Node build not split: NODE_OPTIONS starts node with --require, which names a file the split does not follow',
    ]);
  });
  it('code that loads a dev dependency when it runs, which the runtime does not install', () => {
    const pkg = JSON.parse(tsApp['package.json']);
    const files = {
      ...tsApp,
      'package.json': JSON.stringify({ ...pkg, devDependencies: { ...pkg.devDependencies, dotenv: '^16.4.0', '@types/node': '^20.0.0' } }),
      'src/index.ts': "import 'dotenv/config';\nimport type { Server } from 'node:http';\nimport express from 'express';\nexpress().listen(3000);\n",
    };
    expect(blocked(naive, files)).toEqual(['Node build not split: src/index.ts loads dotenv, a dev dependency the runtime does not install']);
    const typesOnly = { ...files, 'src/index.ts': "import type { Request } from 'express-serve-static-core';\nimport express from 'express';\nexpress().listen(3000);\n" };
    expect(split(naive, typesOnly)).toContain('FROM node:20-slim');
  });
});
