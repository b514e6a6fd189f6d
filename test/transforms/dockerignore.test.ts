import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { dockerignore } from '../../transforms/dockerignore.js';

const fix = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [dockerignore], buildContext });
/** The .dockerignore the rewrite leaves, or undefined when it proposes none. */
const ignoreAfter = (src: string, files: Record<string, string | Uint8Array>) => fix(src, memoryContext(files)).files.find((f) => f.path === '.dockerignore')?.after;

const PY_ONLY = 'FROM python:3.12-slim\nCOPY app.py /srv/\nCMD ["python", "/srv/app.py"]\n';
const repo = {
  'app.py': 'print("hi")\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/objects/pack/p.pack': 'x'.repeat(200_000),
  'node_modules/left-pad/index.js': 'module.exports = 1\n',
  'debug.log': 'started\n',
  '.vscode/settings.json': '{}\n',
};

describe('dockerignore', () => {
  it('a context without .dockerignore gets a new one for what no COPY reads, with the context size before and after', () => {
    const result = fix(PY_ONLY, memoryContext(repo));
    expect(result.output).toBe(PY_ONLY);
    expect(result.files).toEqual([{ path: '.dockerignore', before: undefined, after: '.git\n**/node_modules\n**/*.log\n.vscode\n' }]);
    expect(result.changes).toEqual([
      {
        transform: 'dockerignore',
        line: 1,
        file: '.dockerignore',
        message: 'leave .git, **/node_modules, **/*.log, .vscode out of the build context: nothing the build copies or mounts reads them (5 files, build context 0.2 MB → 12 B)',
      },
    ]);
    expect(result.diff).toContain('--- /dev/null\n+++ b/.dockerignore\n');
  });

  it('an existing .dockerignore gets only the missing lines, after a newline it lacked', () => {
    expect(ignoreAfter(PY_ONLY, { ...repo, '.dockerignore': '.git\n*.md' })).toBe('.git\n*.md\n**/node_modules\n**/*.log\n.vscode\n');
  });

  it('nothing once the lines are there (the rewrite settles)', () => {
    const result = fix(PY_ONLY, memoryContext({ ...repo, '.dockerignore': '.git\n.vscode\n**/*.log\n**/node_modules\n' }));
    expect(result.files).toEqual([]);
    expect(result.changes).toEqual([]);
  });

  it('an ignore file that leaves itself out still gets the lines', () => {
    expect(ignoreAfter(PY_ONLY, { 'app.py': '', 'x.log': '', '.dockerignore': '.dockerignore\n' })).toBe('.dockerignore\n**/*.log\n');
  });

  it('Python caches, virtualenvs (a folder holding pyvenv.cfg), coverage and test caches', () => {
    const files = {
      'app.py': '',
      'pkg/__pycache__/mod.cpython-312.pyc': '',
      'pkg/mod.py': '',
      'old.pyc': '',
      'old.py': '',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/site.py': '',
      '.pytest_cache/v/cache': '',
      'coverage/lcov.info': '',
      '.coverage': '',
    };
    expect(ignoreAfter(PY_ONLY, files)).toBe('**/__pycache__\n**/*.pyc\nenv\n.coverage\n.pytest_cache\ncoverage\n');
  });

  it('a folder named coverage or build that is not a tool\'s output is left alone', () => {
    expect(ignoreAfter(PY_ONLY, { 'app.py': '', 'coverage/policy.py': '', 'build/notes.txt': '' })).toBeUndefined();
  });

  it('.env files but not their templates', () => {
    expect(ignoreAfter(PY_ONLY, { 'app.py': '', '.env': 'A=1\n', '.env.local': 'B=2\n', '.env.example': 'A=\n' })).toBe('.env\n.env.local\n');
  });

  it('the ignore file beside the Dockerfile (when it is in the context) is the one edited', () => {
    const view = memoryContext({ 'app.py': '', 'x.log': '' }, { dockerignore: 'tmp\n', dockerignorePath: 'Dockerfile.dockerignore' });
    expect(fix(PY_ONLY, view).files).toEqual([{ path: 'Dockerfile.dockerignore', before: 'tmp\n', after: 'tmp\n**/*.log\n' }]);
  });

  describe('leaves a line out', () => {
    it('when a COPY takes the path: COPY . . puts it in the image (dockerignore-broad-copy decides that)', () => {
      expect(ignoreAfter('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n', { 'package.json': '{}', 'node_modules/a/i.js': '', 'x.log': '' })).toBeUndefined();
    });

    it('when a COPY names the path or something inside it', () => {
      expect(ignoreAfter('FROM node:20\nCOPY vendor/tool/ /opt/tool/\n', { 'vendor/tool/bin/x': '', 'vendor/tool/build.log': '', '.git/HEAD': '' })).toBe('.git\n');
    });

    it('every line that could reach into node_modules or .git (not walked) when a COPY names something there', () => {
      expect(ignoreAfter('FROM node:20\nCOPY node_modules/.bin/tool /usr/local/bin/\n', { 'node_modules/.bin/tool': '', 'x.log': '', '.vscode/x.json': '' })).toBe('.vscode\n');
    });

    it('when a COPY wildcard picks a file the line would leave out', () => {
      expect(ignoreAfter('FROM debian\nCOPY *.log /var/log/app/\n', { 'boot.log': '', '.git/HEAD': '' })).toBe('.git\n');
    });

    it('when the line reaches inside a folder a COPY takes whole (a log inside the copied node_modules)', () => {
      expect(ignoreAfter('FROM node:20\nCOPY node_modules /app/node_modules\n', { 'node_modules/a/npm-debug.log': '', '.git/HEAD': '' })).toBe('.git\n');
    });

    it('when a bind mount reads the context', () => {
      expect(ignoreAfter('FROM golang:1.22\nRUN --mount=target=/src cd /src && go build ./...\n', { 'go.mod': '', 'x.log': '' })).toBeUndefined();
    });

    it('every line when a COPY source is a variable: it may read anything', () => {
      expect(ignoreAfter('FROM debian\nARG SRC=app\nCOPY $SRC /srv/\n', { app: '', '.git/HEAD': '', 'x.log': '' })).toBeUndefined();
    });

    it('when another Dockerfile of the context copies it', () => {
      const files = { 'package.json': '{}', 'dist/index.js': '', 'Dockerfile.prebuilt': 'FROM node:20-slim\nCOPY dist /app/dist\n', 'x.log': '' };
      expect(ignoreAfter('FROM node:20\nCOPY package.json /app/\n', files)).toBe('**/*.log\n');
      expect(ignoreAfter('FROM node:20\nCOPY package.json /app/\n', { ...files, 'Dockerfile.prebuilt': 'FROM node:20-slim\n' })).toBe('dist\n**/*.log\n');
    });

    it('when another Dockerfile of the context, named with a dash or underscore (Dockerfile-prod, web_dockerfile), copies it', () => {
      const files = { 'package.json': '{}', 'dist/server.js': '', '.env.production': 'A=1\n', 'x.log': '' };
      const main = 'FROM node:20-slim\nCOPY package.json /app/\n';
      expect(ignoreAfter(main, { ...files, 'Dockerfile-prod': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n' })).toBeUndefined();
      expect(ignoreAfter(main, { ...files, 'docker/web_dockerfile': 'FROM node:20-slim\nCOPY dist /app/dist\n' })).toBe('.env.production\n**/*.log\n');
    });

    it('a document, diff or script about a Dockerfile is not one', () => {
      const files = { 'app.py': '', 'x.log': '', 'docs/Dockerfile-guide.md': '# Building\n', 'Dockerfile.safe.diff': '--- a/Dockerfile\n', 'dockerfile_lint.py': 'import re\n' };
      expect(ignoreAfter(PY_ONLY, files)).toBe('**/*.log\n');
    });

    it('when a compose file names a Dockerfile of the context by a name of its own', () => {
      const files = { 'package.json': '{}', 'dist/server.js': '', 'x.log': '', 'deploy/prod.df': 'FROM node:20-slim\nCOPY dist /app/dist\n' };
      const compose = 'services:\n  web:\n    build:\n      context: .\n      dockerfile: "deploy/prod.df"\n';
      expect(ignoreAfter('FROM node:20-slim\nCOPY package.json /app/\n', { ...files, 'docker-compose.yml': compose })).toBe('**/*.log\n');
    });

    it('when a compose file holds an inline Dockerfile, which may read anything of the context', () => {
      const compose = 'services:\n  web:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20-slim\n        COPY . /app\n';
      const result = fix('FROM node:20-slim\nCOPY package.json /app/\n', memoryContext({ 'package.json': '{}', 'x.log': '', 'compose.yaml': compose }));
      expect(result.files).toEqual([]);
      expect(result.findings.map((f) => f.message)).toEqual([
        'the build context holds **/*.log, which the build may not need; .dockerignore left alone: compose.yaml holds an inline Dockerfile, which may read any file of the context',
      ]);
    });

    it('lines for what a Dockerfile copies on purpose, when the ignore file hides other Dockerfiles', () => {
      const files = { '.dockerignore': 'Dockerfile*\n', 'app.py': '', '.env': 'A=1\n', '.git/HEAD': '', 'x.log': '' };
      expect(ignoreAfter(PY_ONLY, files)).toBe('Dockerfile*\n**/*.log\n');
    });

    it('when a ! line of the ignore file may bring back something below it', () => {
      const files = { '.dockerignore': 'logs\n!logs/keep.log\n', 'app.py': '', 'logs/keep.log': '', 'x.log': '', '.git/HEAD': '' };
      expect(ignoreAfter(PY_ONLY, files)).toBe('logs\n!logs/keep.log\n.git\n');
    });
  });

  describe('no change at all', () => {
    it('without a build context', () => expect(fix(PY_ONLY).files).toEqual([]));

    it('when the context has nothing to leave out', () => expect(fix(PY_ONLY, memoryContext({ 'app.py': '' })).files).toEqual([]));

    it('when the ignore file in force is outside the context: a finding names the lines instead', () => {
      const result = fix(PY_ONLY, memoryContext({ 'app.py': '', 'x.log': '' }, { dockerignore: 'tmp\n' }));
      expect(result.files).toEqual([]);
      expect(result.findings).toEqual([
        { transform: 'dockerignore', line: 1, message: 'the build context holds **/*.log, which the build may not need; .dockerignore left alone: the ignore file in force is outside the build context' },
      ]);
    });

    it('when a .dockerignore is in the context but another ignore file is in force', () => {
      expect(fix(PY_ONLY, memoryContext({ 'app.py': '', '.dockerignore': '', 'x.log': '' }, { dockerignore: null })).files).toEqual([]);
    });

    it('when another Dockerfile of the context does not parse', () => {
      expect(fix(PY_ONLY, memoryContext({ 'app.py': '', 'x.log': '', 'Dockerfile.dev': 'FROM debian\nRUNN x\n' })).files).toEqual([]);
    });

    it('under an ignore comment on the first FROM', () => {
      expect(fix(`# dockerslim-ignore dockerignore\n${PY_ONLY}`, memoryContext(repo)).files).toEqual([]);
    });
  });
});

describe('dockerignore with odd names', () => {
  it('a leftover whose name .dockerignore would read as a pattern is left out of the lines', () => {
    expect(ignoreAfter(PY_ONLY, { 'app.py': '', '[venv]/pyvenv.cfg': '', 'x.log': '' })).toBe('**/*.log\n');
  });
});
