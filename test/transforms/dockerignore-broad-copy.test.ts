import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import { dockerignore } from '../../transforms/dockerignore.js';
import { dockerignoreBroadCopy } from '../../transforms/dockerignore-broad-copy.js';

const fix = (src: string, files: Record<string, string>) => runPipeline(src, [], { transforms: [dockerignoreBroadCopy], buildContext: memoryContext(files) });
const ignoreAfter = (src: string, files: Record<string, string>) => fix(src, files).files[0]?.after;

const NODE_APP = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
const nodeRepo = { 'package.json': '{"name":"app"}', 'package-lock.json': '{}', 'server.js': '', 'node_modules/a/index.js': '', '.git/HEAD': '', 'npm-debug.log': '' };

describe('dockerignore-broad-copy', () => {
  it('COPY . . then npm ci: the host\'s node_modules, .git and logs stay out of the image', () => {
    const result = fix(NODE_APP, nodeRepo);
    expect(result.files).toEqual([{ path: '.dockerignore', before: undefined, after: '.git\n**/node_modules\n**/*.log\n' }]);
    expect(result.changes[0]).toMatchObject({
      transform: 'dockerignore-broad-copy',
      line: 3,
      message: expect.stringMatching(/^leave \.git, \*\*\/node_modules, \*\*\/\*\.log out of the build context and the image \(COPY on line 3 took them; the stage does not use them\)/),
    });
  });

  it('a .env next to the sources is kept out of the image (templates stay)', () => {
    expect(ignoreAfter('FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app.py"]\n', { 'app.py': '', '.env': 'TOKEN=x\n', '.env.example': 'TOKEN=\n' })).toBe('.env\n');
  });

  it('dist/ when the stage builds it itself after the copy', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n';
    expect(ignoreAfter(src, { 'package.json': '{}', 'dist/main.js': 'old\n' })).toBe('dist\n');
  });

  it('target/ when cargo builds it in the stage', () => {
    expect(ignoreAfter('FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n', { 'Cargo.toml': '', 'src/main.rs': '', 'target/debug/app': '' })).toBe('target\n');
  });

  it('the safe and the broad lines together append in registry order to one file', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY src/ ./src/\nRUN npm ci\n';
    const files = { 'package.json': '{}', 'src/node_modules/x.js': '', '.git/HEAD': '', '.dockerignore': '*.md' };
    const result = runPipeline(src, [], { transforms: [dockerignore, dockerignoreBroadCopy], buildContext: memoryContext(files) });
    expect(result.files[0].after).toBe('*.md\n.git\n**/node_modules\n');
  });

  describe('leaves a line out when the stage uses what it copied', () => {
    it('node_modules when the stage installs nothing: the app runs on the host\'s packages', () => {
      expect(ignoreAfter('FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n', nodeRepo)).toBe('.git\n**/*.log\n');
    });

    it('.git when a RUN runs git', () => {
      expect(ignoreAfter('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && git rev-parse HEAD > REVISION\n', nodeRepo)).toBe('**/node_modules\n**/*.log\n');
    });

    it('.git when a build file or a script the stage runs may run git (make with $(shell git describe), ./build.sh)', () => {
      const make = 'FROM gcc:13\nWORKDIR /src\nCOPY . .\nRUN make && make install\nCMD ["hello"]\n';
      const files = { Makefile: 'VERSION := $(shell git describe --tags)\nhello: main.c\n\tcc -o $@ main.c\n', 'main.c': '', '.git/HEAD': '', 'x.log': '' };
      expect(ignoreAfter(make, files)).toBe('**/*.log\n');
      expect(ignoreAfter(make, { ...files, Makefile: 'hello: main.c\n\tcc -o $@ main.c\n' })).toBe('.git\n**/*.log\n');
      const script = 'FROM debian:bookworm\nWORKDIR /src\nCOPY . .\nRUN ./scripts/build.sh\n';
      expect(ignoreAfter(script, { 'scripts/build.sh': '#!/bin/sh\necho "$(git rev-parse --short HEAD)" > VERSION\n', '.git/HEAD': '', 'x.log': '' })).toBe('**/*.log\n');
      expect(ignoreAfter(script.replace('./scripts/build.sh', 'bash scripts/build.sh'), { 'scripts/build.sh': 'git describe > VERSION\n', '.git/HEAD': '', 'x.log': '' })).toBe('**/*.log\n');
    });

    it('.git when go build stamps the commit into the binary', () => {
      const src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
      expect(ignoreAfter(src, { 'go.mod': 'module x\n', '.git/HEAD': '', 'x.log': '' })).toBe('**/*.log\n');
      expect(ignoreAfter(src.replace('go build', 'go build -buildvcs=false'), { 'go.mod': 'module x\n', '.git/HEAD': '' })).toBe('.git\n');
    });

    it('.git when the Python package takes its version from git', () => {
      const files = { 'pyproject.toml': '[build-system]\nrequires = ["setuptools", "setuptools-scm"]\n', '.git/HEAD': '' };
      expect(fix('FROM python:3.12\nWORKDIR /src\nCOPY . .\nRUN pip install .\n', files).files).toEqual([]);
    });

    it('a virtualenv the Dockerfile names', () => {
      const src = 'FROM python:3.12\nWORKDIR /srv\nCOPY . .\nENV PATH=/srv/.venv/bin:$PATH\nCMD ["python", "app.py"]\n';
      expect(fix(src, { 'app.py': '', '.venv/pyvenv.cfg': '' }).files).toEqual([]);
    });

    it('dist/ the stage does not build: it ships the host\'s build', () => {
      expect(fix('FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/main.js"]\n', { 'package.json': '{}', 'dist/main.js': '' }).files).toEqual([]);
    });

    it('a .pyc without its .py beside it', () => {
      expect(fix('FROM python:3.12\nWORKDIR /srv\nCOPY . .\n', { 'lib/fast.pyc': '' }).files).toEqual([]);
    });

    it('.env when the Dockerfile mentions it', () => {
      expect(fix('FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD ["sh", "-c", ". ./.env && python app.py"]\n', { 'app.py': '', '.env': '' }).files).toEqual([]);
    });

    it('node_modules when another Dockerfile of the context copies it broadly and installs nothing', () => {
      const files = { ...nodeRepo, 'Dockerfile.dev': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n' };
      expect(ignoreAfter(NODE_APP, files)).toBe('.git\n**/*.log\n');
    });
  });

  it('nothing that no COPY takes (that is the safe transform\'s)', () => {
    expect(fix('FROM node:20\nCOPY server.js /app/\n', nodeRepo).files).toEqual([]);
  });

  it('an ignore comment on the broad COPY vetoes it', () => {
    expect(fix('FROM node:20\nWORKDIR /app\n# dockerslim-ignore dockerignore-broad-copy\nCOPY . .\nRUN npm ci\n', nodeRepo).files).toEqual([]);
  });
});
