import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { memoryContext } from '../../src/context/view.js';
import { installedBefore, stagePrograms } from '../../transforms/stage-programs.js';

const read = (src: string, files?: Record<string, string>, stage = -1) => {
  const doc = new Document(src);
  const s = doc.stages.at(stage)!;
  return { doc, result: stagePrograms(doc, s, files ? memoryContext(files) : undefined) };
};
const programs = (src: string, files?: Record<string, string>) => read(src, files).result.uses.map((u) => u.program);

describe('stagePrograms', () => {
  it('lists the programs of RUN, CMD, ENTRYPOINT and HEALTHCHECK in order, shell builtins left out', () => {
    const src = [
      'FROM python:3.12',
      'RUN cd /app && pip install -r requirements.txt && echo done',
      'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
      'ENTRYPOINT ["gunicorn"]',
      'CMD ["app:app"]',
      '',
    ].join('\n');
    expect(programs(src)).toEqual(['sh', 'pip', 'sh', 'curl', 'gunicorn', 'app:app']);
  });

  it('sees through sudo, env, sh -c and python -m', () => {
    expect(programs('FROM debian\nRUN sudo -E env X=1 sh -c "git clone x && python3 -m pip install y"\n')).toEqual(['sh', 'sudo', 'env', 'sh', 'git', 'pip']);
  });

  it('a program installed by apt-get earlier in the stage is marked with the installing RUN', () => {
    const src = 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential\nRUN gcc --version\n';
    const { result, doc } = read(src);
    const gcc = result.uses.find((u) => u.program === 'gcc')!;
    expect(gcc.installedBy).toBe(doc.instructions[1]);
    expect(result.packages).toEqual([expect.objectContaining({ action: 'install', family: 'deb', packages: ['build-essential'] })]);
  });

  it('a program used before the install in the same RUN is not installed yet', () => {
    const { result } = read('FROM debian\nRUN git --version && apt-get install -y git\n');
    expect(result.uses.find((u) => u.program === 'git')!.installedBy).toBeUndefined();
  });

  it('a purge takes the programs away again', () => {
    const { result } = read('FROM debian\nRUN apt-get install -y gcc && make && apt-get purge -y gcc\nRUN gcc -v\n');
    const uses = result.uses.filter((u) => u.program === 'gcc');
    expect(uses).toHaveLength(1);
    expect(uses[0].installedBy).toBeUndefined();
  });

  it('apk virtual packages are removed by their name', () => {
    const { result } = read('FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && apk del .build-deps\nRUN gcc -v\n');
    expect(result.uses.find((u) => u.program === 'gcc')!.installedBy).toBeUndefined();
    expect(result.packages[1]).toMatchObject({ action: 'remove', packages: ['gcc', 'musl-dev'] });
  });

  it('installs in the stage it builds FROM count', () => {
    const src = 'FROM python:3.12-slim AS base\nRUN apt-get install -y git\nFROM base\nRUN git --version\n';
    const { result, doc } = read(src);
    expect(result.uses.find((u) => u.program === 'git')!.installedBy).toBe(doc.instructions[1]);
  });

  it('a binary copied in by name counts as installed', () => {
    const { result } = read('FROM debian\nCOPY --from=tools /usr/bin/jq /usr/local/bin/\nRUN jq --version\n');
    expect(result.uses.find((u) => u.program === 'jq')!.installedBy?.keyword).toBe('COPY');
  });

  it('a command whose name is an expansion is reported as unknown', () => {
    const { result } = read('FROM debian\nRUN $CC -o app main.c\n');
    expect(result.unknown).toEqual([expect.objectContaining({ text: '$CC -o app main.c', reason: 'its name is built at run time' })]);
  });

  it('a script piped into a shell, sh -c with a computed string and eval are code that cannot be read', () => {
    const unknown = (body: string) => read(`FROM debian\nRUN ${body}\n`).result.unknown.map((u) => u.text);
    expect(unknown('curl -fsSL https://example.com/setup | bash -')).toEqual(['bash -']);
    expect(unknown('wget -qO- https://example.com/i.sh | sh -s -- --yes')).toEqual(['sh -s -- --yes']);
    expect(unknown('bash -c "$(curl -fsSL https://example.com/i.sh)"')).toEqual(['$(curl -fsSL https://example.com/i.sh)']);
    expect(unknown('eval "$(pyenv init -)"')).toEqual(['eval "$(pyenv init -)"']);
    expect(unknown('sh -c "make && make install" && bash ./build.sh')).toEqual([]);
  });

  it('a RUN that is not valid shell is unreadable', () => {
    expect(read('FROM debian\nRUN echo "open\n').result.unreadable).toHaveLength(1);
  });

  it('user files are told apart from system programs', () => {
    const { result } = read('FROM debian\nRUN ./configure && /usr/bin/make\n');
    expect(result.uses.filter((u) => u.program !== 'sh').map((u) => [u.program, u.userFile])).toEqual([['configure', true], ['make', false]]);
  });

  it('a script copied from the context and run is read as part of the stage', () => {
    const src = 'FROM node:20\nCOPY . /app\nRUN sh /app/scripts/setup.sh\nCMD ["/app/start.sh"]\n';
    const files = { 'scripts/setup.sh': 'set -e\ngit submodule update --init\n', 'start.sh': '#!/bin/bash\ncurl -fsS http://example.com/config > /tmp/c\nexec node server.js\n' };
    const uses = read(src, files).result.uses;
    expect(uses.filter((u) => u.script).map((u) => [u.program, u.script, u.via])).toEqual([
      ['git', 'scripts/setup.sh', 'run'],
      ['curl', 'start.sh', 'cmd'],
      ['node', 'start.sh', 'cmd'],
    ]);
  });

  it('a file a copied script sources (. or source) is read too, with or without a shebang or .sh', () => {
    const src = 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD ["./start.sh"]\n';
    const files = { 'start.sh': '#!/bin/sh\n. /app/lib.sh\nsource ./env\nfetch_config\nexec python app.py\n', 'lib.sh': 'fetch_config() {\n  curl -fsS http://config/ -o /tmp/c\n}\n', env: 'git config --global user.name app\n' };
    expect(read(src, files).result.uses.filter((u) => u.script).map((u) => [u.program, u.script])).toEqual([
      ['curl', 'lib.sh'],
      ['git', 'env'],
      ['fetch_config', 'start.sh'],
      ['python', 'start.sh'],
    ]);
  });

  it('without a context, copied scripts are not read', () => {
    expect(programs('FROM node:20\nCOPY start.sh /\nCMD ["/start.sh"]\n')).toEqual(['start.sh']);
  });

  it('installedBefore tracks the packages and programs at an instruction, and at a command within it', () => {
    const src = 'FROM node:20-slim\nRUN apt-get install -y ca-certificates curl\nRUN curl https://x && apt-get install -y git && git --version\n';
    const doc = new Document(src);
    const stage = doc.stages[0];
    expect([...installedBefore(doc, stage, doc.instructions[2]).packages]).toEqual(['ca-certificates', 'curl']);
    expect(installedBefore(doc, stage, doc.instructions[2]).programs.has('curl')).toBe(true);
    expect([...installedBefore(doc, stage, doc.instructions[1]).packages]).toEqual([]);
    const gitAt = src.lastIndexOf('git --version');
    expect(installedBefore(doc, stage, doc.instructions[2], gitAt).programs.has('git')).toBe(true);
  });
});
