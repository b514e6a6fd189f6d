import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { pipNoCache } from '../../transforms/pip-no-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [pipNoCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('pip-no-cache', () => {
  it('pip install without --no-cache-dir', () => {
    expect(fix('FROM python:3.12\nRUN pip install -r requirements.txt\n')).toBe('FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n');
  });

  it('pip3, pip3.12 and python -m pip', () => {
    expect(fix('FROM python:3.12\nRUN pip3 install a && pip3.12 install b && python3 -m pip install c\n')).toBe(
      'FROM python:3.12\nRUN pip3 install --no-cache-dir a && pip3.12 install --no-cache-dir b && python3 -m pip install --no-cache-dir c\n',
    );
  });

  it('global options before install', () => {
    expect(fix('FROM python:3.12\nRUN pip --disable-pip-version-check install flask\n')).toBe('FROM python:3.12\nRUN pip --disable-pip-version-check install --no-cache-dir flask\n');
  });

  it('already there', () => unchanged('FROM python:3.12\nRUN pip install flask --no-cache-dir\n'));

  it('PIP_NO_CACHE_DIR set by ENV', () => unchanged('FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n'));

  it('PIP_NO_CACHE_DIR set by ARG in the base stage', () => unchanged('FROM python:3.12 AS base\nARG PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask\n'));

  it('PIP_NO_CACHE_DIR as a prefix of the command', () => unchanged('FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n'));

  it('cache mount on the pip cache', () => {
    unchanged('FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n');
    unchanged('FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install flask\n');
    unchanged('FROM python:3.12\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install flask\n');
  });

  it('an explicit --cache-dir is a choice', () => unchanged('FROM python:3.12\nRUN pip install --cache-dir /tmp/pip flask\n'));

  it('pip commands that download nothing', () => unchanged('FROM python:3.12\nRUN pip freeze && pip --version && pip uninstall -y x\n'));

  it('sudo and env prefix', () => {
    expect(fix('FROM python:3.12\nRUN sudo -H pip install a && env CC=gcc pip install b\n')).toBe(
      'FROM python:3.12\nRUN sudo -H pip install --no-cache-dir a && env CC=gcc pip install --no-cache-dir b\n',
    );
  });

  it('in a venv by path', () => {
    expect(fix('FROM python:3.12\nRUN /opt/venv/bin/pip install flask\n')).toBe('FROM python:3.12\nRUN /opt/venv/bin/pip install --no-cache-dir flask\n');
  });

  it("bash -c '...'", () => {
    expect(fix("FROM python:3.12\nRUN bash -c 'pip install flask'\n")).toBe("FROM python:3.12\nRUN bash -c 'pip install --no-cache-dir flask'\n");
  });

  it('intermediate stage', () => unchanged('FROM python:3.12 AS build\nRUN pip install flask\nFROM python:3.12-slim\n'));

  it('hadolint ignore=DL3042', () => unchanged('FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install flask\n'));

  describe('a cache read later is kept', () => {
    it('pip installing later from its own cache (--find-links into the cache dir)', () => {
      const src = 'FROM python:3.12\nRUN pip install flask\nRUN pip install --no-index --find-links /root/.cache/pip/wheels flask\n';
      expect(fix(src)).toBe(src.replace('pip install --no-index', 'pip install --no-cache-dir --no-index'));
    });

    it('a reader later in the same RUN', () => {
      const src = 'FROM python:3.12\nRUN pip install flask && cp -r ~/.cache/pip /wheels\n';
      expect(fix(src)).toBe(src);
    });

    it('a later RUN naming the cache dir, or pip cache', () => {
      unchanged('FROM python:3.12\nRUN pip install flask\nRUN ls -R /root/.cache/pip\n');
      unchanged('FROM python:3.12\nRUN pip install flask\nRUN pip cache list\n');
    });

    it('a reader before the install is no reader', () => {
      expect(fix('FROM python:3.12\nRUN ls /root/.cache/pip || true\nRUN pip install flask\n')).toBe('FROM python:3.12\nRUN ls /root/.cache/pip || true\nRUN pip install --no-cache-dir flask\n');
    });
  });

  it('pip install in a heredoc script gets --no-cache-dir in place', () => {
    expect(fix('FROM python:3.12\nRUN <<EOF\nset -e\npip install -r requirements.txt\nEOF\n')).toBe('FROM python:3.12\nRUN <<EOF\nset -e\npip install --no-cache-dir -r requirements.txt\nEOF\n');
  });

  it('pip install in a heredoc the outer shell expands is not edited', () => unchanged('FROM python:3.12\nRUN sh <<EOF\npip install "$PKG"\nEOF\n'));
});
