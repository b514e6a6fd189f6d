import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import { dependencyOrder } from '../../transforms/dependency-order.js';

const fix = (src: string, files?: Record<string, string>) => runPipeline(src, [], { transforms: [dependencyOrder], buildContext: files && memoryContext(files) });
const unchanged = (src: string, files?: Record<string, string>) => expect(fix(src, files).output).toBe(src);

const NODE = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n';
const node = { 'package.json': '{"name":"app","scripts":{"start":"node server.js"},"dependencies":{"express":"^4"}}', 'package-lock.json': '{}', 'server.js': '' };

describe('dependency-order', () => {
  it('npm ci after COPY . .: the manifests are copied first, the rest after the install', () => {
    const result = fix(NODE, node);
    expect(result.output).toBe('FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n');
    expect(result.changes[0].message).toBe('copy package.json, package-lock.json and install before copying the rest: the install layer is reused until they change');
  });

  it('an .npmrc is a manifest too; flags of the COPY are repeated; a cache cleanup may share the RUN', () => {
    const src = 'FROM node:20\nWORKDIR /srv\nCOPY --chown=node:node . /srv\nRUN npm ci && npm cache clean --force\n';
    expect(fix(src, { ...node, '.npmrc': 'fund=false\n' }).output).toBe(
      'FROM node:20\nWORKDIR /srv\nCOPY --chown=node:node package.json package-lock.json .npmrc /srv/\nRUN npm ci && npm cache clean --force\nCOPY --chown=node:node . /srv\n',
    );
  });

  it('pip install -r, following a nested -r and a constraints file; a manifest in a subfolder is copied into that subfolder', () => {
    const src = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt -c constraints.txt\nCMD ["python", "app.py"]';
    const files = { 'requirements.txt': '-r requirements/base.txt\nflask==3.0.0  # web\n', 'requirements/base.txt': 'requests\n', 'constraints.txt': 'urllib3<3\n', 'app.py': '' };
    expect(fix(src, files).output).toBe(
      'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt constraints.txt ./\nCOPY requirements/base.txt ./requirements/\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt -c constraints.txt\nCOPY . .\nCMD ["python", "app.py"]',
    );
  });

  it('requirements only in a subfolder: the COPY goes into that subfolder, with its flags', () => {
    const src = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY --chown=1000:1000 . /srv\nRUN pip install -r requirements/prod.txt\n';
    expect(fix(src, { 'requirements/prod.txt': 'flask\n', 'app.py': '' }).output).toBe(
      'FROM python:3.12-slim\nWORKDIR /srv\nCOPY --chown=1000:1000 requirements/prod.txt /srv/requirements/\nRUN pip install -r requirements/prod.txt\nCOPY --chown=1000:1000 . /srv\n',
    );
  });

  it('go mod download, yarn, pnpm, bundler, composer, maven', () => {
    expect(fix('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n', { 'go.mod': 'module x\n', 'go.sum': '', 'main.go': '' }).output).toContain('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n');
    expect(fix('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\n', { ...node, 'yarn.lock': '' }).output).toContain('COPY package.json yarn.lock ./\n');
    expect(fix('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n', { ...node, 'pnpm-lock.yaml': '' }).output).toContain('COPY package.json pnpm-lock.yaml ./\n');
    expect(fix('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n', { Gemfile: 'source "https://rubygems.org"\ngem "rack"\n', 'Gemfile.lock': '' }).output).toContain('COPY Gemfile Gemfile.lock ./\n');
    expect(fix('FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n', { 'composer.json': '{"autoload":{"psr-4":{"App\\\\":"src/"}}}', 'composer.lock': '{}' }).output).toContain('COPY composer.json composer.lock ./\n');
    expect(fix('FROM maven:3.9-eclipse-temurin-21\nWORKDIR /build\nCOPY . .\nRUN mvn -B dependency:go-offline\n', { 'pom.xml': '<project></project>' }).output).toContain('COPY pom.xml ./\n');
  });

  describe('left alone when the install may read more than the manifests', () => {
    it('an npm install script, a native addon, workspaces, a local dependency', () => {
      unchanged(NODE, { ...node, 'package.json': '{"scripts":{"postinstall":"node scripts/patch.js"}}' });
      unchanged(NODE, { ...node, 'binding.gyp': '{}' });
      unchanged(NODE, { ...node, 'package.json': '{"workspaces":["packages/*"]}' });
      unchanged(NODE, { ...node, 'package.json': '{"dependencies":{"shared":"file:../shared"}}' });
    });

    it('--ignore-scripts makes the scripts harmless', () => {
      expect(fix(NODE.replace('npm ci', 'npm ci --ignore-scripts'), { ...node, 'package.json': '{"scripts":{"prepare":"husky"}}' }).output).toContain('COPY package.json package-lock.json ./\n');
    });

    it('a requirements file that installs the project itself or a local folder', () => {
      const src = 'FROM python:3.12\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\n';
      unchanged(src, { 'requirements.txt': '-e .\n' });
      unchanged(src, { 'requirements.txt': './libs/shared\n' });
      // pip reads a line with a slash, or an archive's name, as a file of the folder
      unchanged(src, { 'requirements.txt': '-r requirements/base.txt\n', 'requirements/base.txt': 'wheels/tinyfmt-1.0-py3-none-any.whl\n' });
      unchanged(src, { 'requirements.txt': 'libs/shared[extra]; python_version >= "3.8"\n' });
      unchanged(src, { 'requirements.txt': 'tinyfmt-1.0.tar.gz\n' });
      expect(fix(src, { 'requirements.txt': 'tinyfmt @ https://example.com/t/tinyfmt-1.0.tar.gz\nrequests>=2 ; sys_platform == "linux"\n' }).output).toContain('COPY requirements.txt ./\n');
    });

    it('a manifest that names more files of the folder: local overrides or resolutions, pnpm patches, an in-project Maven repository, eval_gemfile, a Composer artifact repository', () => {
      unchanged(NODE, { ...node, 'package.json': '{"dependencies":{"a":"^1"},"overrides":{"b":{"c":"file:./vendor/c"}}}' });
      unchanged(NODE.replace('npm ci --omit=dev', 'yarn install'), { ...node, 'package.json': '{"dependencies":{"a":"^1"},"resolutions":{"b":"link:./packages/b"}}' });
      unchanged(NODE.replace('npm ci --omit=dev', 'pnpm install'), { ...node, 'package.json': '{"pnpm":{"patchedDependencies":{"a@1.0.0":"patches/a@1.0.0.patch"}}}' });
      const mvn = 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /build\nCOPY . .\nRUN mvn -B dependency:go-offline\n';
      unchanged(mvn, { 'pom.xml': '<project><repositories><repository><id>local</id><url>file://${project.basedir}/repo</url></repository></repositories></project>' });
      unchanged(mvn, { 'pom.xml': '<project><dependencies><dependency><scope>system</scope><systemPath>${basedir}/lib/x.jar</systemPath></dependency></dependencies></project>' });
      unchanged('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n', { Gemfile: 'source "https://rubygems.org"\neval_gemfile "Gemfile.local"\n' });
      unchanged('FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n', { 'composer.json': '{"repositories":[{"type":"artifact","url":"dist/"}]}', 'composer.lock': '{}' });
    });

    it('an ENV or ARG that points the installer at a local path (PIP_FIND_LINKS=/app/wheels, NPM_CONFIG_USERCONFIG=./ci.npmrc)', () => {
      const pip = 'FROM python:3.12\nENV PIP_NO_INDEX=1 PIP_FIND_LINKS=/srv/wheels\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\n';
      unchanged(pip, { 'requirements.txt': 'tinyfmt==1.0\n', 'wheels/tinyfmt-1.0-py3-none-any.whl': '' });
      unchanged(NODE.replace('WORKDIR /app', 'ARG NPM_CONFIG_USERCONFIG=./ci.npmrc\nWORKDIR /app'), { ...node, 'ci.npmrc': '' });
      expect(fix(pip.replace('PIP_FIND_LINKS=/srv/wheels', 'PIP_INDEX_URL=https://pypi.example.com/simple'), { 'requirements.txt': 'tinyfmt==1.0\n' }).output).toContain('COPY requirements.txt ./\n');
      unchanged('FROM python:3.12\nWORKDIR /srv\nCOPY . .\nRUN pip install .\n', { 'setup.py': '' });
    });

    it('go.mod replacing a module with a local folder; a Gemfile with gemspec; composer scripts', () => {
      unchanged('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n', { 'go.mod': 'module x\nreplace y => ./y\n' });
      unchanged('FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n', { Gemfile: 'gemspec\n' });
      unchanged('FROM composer:2\nWORKDIR /app\nCOPY . .\nRUN composer install\n', { 'composer.json': '{"scripts":{"post-install-cmd":["@php artisan key:generate"]}}' });
    });
  });

  describe('left alone for other reasons', () => {
    it('the context holds node_modules: the later COPY . . would overwrite the installed ones', () => unchanged(NODE, { ...node, 'node_modules/x/i.js': '' }));

    it('the RUN does more than install (a build needs the sources)', () => unchanged(NODE.replace('npm ci --omit=dev', 'npm ci && npm run build'), node));

    it('the install runs in another folder than the copy went to', () => unchanged('FROM node:20\nCOPY . /app\nRUN cd /app && npm ci\n', node));

    it('a manifest is missing from the context, or there is no context', () => {
      unchanged(NODE, { 'server.js': '' });
      unchanged(NODE);
    });

    it('the COPY is not of the whole context', () => unchanged('FROM node:20\nWORKDIR /app\nCOPY src/ .\nRUN npm ci\n', node));

    it('an ignore comment', () => unchanged(NODE.replace('COPY . .', '# dockerslim-ignore dependency-order\nCOPY . .'), node));
  });
});

