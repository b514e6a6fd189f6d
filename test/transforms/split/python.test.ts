import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const extension = {
  'pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "wordstats"\nversion = "0.9.1"\ndependencies = []\n\n[project.scripts]\nwordstats = "wordstats.cli:main"\n',
  'setup.py': 'from setuptools import Extension, setup\n\nsetup(ext_modules=[Extension("wordstats._count", sources=["src/count.c"])])\n',
  'src/count.c': '#include <Python.h>\n',
  'wordstats/__init__.py': '',
  'wordstats/cli.py': 'def main():\n    print("ok")\n',
};

const naive = `FROM python:3.11

WORKDIR /srv/wordstats
COPY . .
RUN pip install --no-index --no-build-isolation .

ENV PORT=8000
EXPOSE 8000
CMD ["wordstats"]
`;

const webApp = {
  'requirements.txt': 'psycopg2==2.9.9\ngunicorn==22.0.0\n',
  'app.py': 'import psycopg2\n\ndef app(environ, start):\n    return []\n',
};
const slimWithCompiler = `FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`;

describe('Python builds that compile', () => {
  it('a C extension built on the full image: a virtualenv copied into python slim with the app', () => {
    expect(split(naive, extension)).toBe(`FROM python:3.11 AS build

WORKDIR /srv/wordstats
COPY . .
RUN python3 -m venv --system-site-packages /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-index --no-build-isolation .

ENV PORT=8000

FROM python:3.11-slim
WORKDIR /srv/wordstats
ENV PORT=8000
ENV PATH="/opt/venv/bin:$PATH"
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/wordstats /srv/wordstats
EXPOSE 8000
CMD ["wordstats"]
`);
    expect(splitMessages(naive, extension)).toEqual([
      'split into a build stage and a runtime stage on python:3.11-slim: the virtualenv /opt/venv and the app in /srv/wordstats; pip installs into the virtualenv /opt/venv',
    ]);
  });

  it('compilers and -dev packages on slim: the runtime installs the libraries they stand for', () => {
    expect(split(slimWithCompiler, webApp)).toBe(`FROM python:3.12-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.12-slim-bookworm
WORKDIR /app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
ENV PATH="/opt/venv/bin:$PATH"
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`);
  });
});

describe('Python extensions that link a library', () => {
  it('the library the extension links is installed on the runtime', () => {
    const yaml = { ...extension, 'setup.py': 'from setuptools import Extension, setup\n\nsetup(ext_modules=[Extension("wordstats._scan", sources=["src/scan.c"], libraries=["yaml"])])\n' };
    const src = naive.replace('WORKDIR', 'RUN apt-get update && apt-get install -y gcc libyaml-dev\n\nWORKDIR');
    expect(split(src, yaml)).toContain(
      'FROM python:3.11-slim\nWORKDIR /srv/wordstats\nENV PORT=8000\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends libyaml-0-2 \\\n    && rm -rf /var/lib/apt/lists/*\nENV PATH="/opt/venv/bin:$PATH"\n',
    );
  });
});

describe('Python builds the split leaves alone', () => {
  it('nothing compiled: no split and nothing said (the slim image alone is another rewrite)', () => {
    expect(blocked('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'flask\n', 'app.py': '' })).toEqual([]);
  });

  it('packages from an index on the full image, whose -dev libraries they may link', () => {
    const src = slimWithCompiler.replace('python:3.12-slim-bookworm', 'python:3.12-bookworm');
    expect(blocked(src, webApp)).toEqual([
      'Python build not split: python:3.12-bookworm has -dev libraries a package built from source may link, and the split cannot tell which of the packages pip downloads do',
    ]);
  });

  it('a -dev package whose run-time library the split does not know', () => {
    expect(blocked(slimWithCompiler.replace('libpq-dev', 'libgdal-dev'), webApp)).toEqual([
      'Python build not split: line 2: the split does not know the run-time library of libgdal-dev',
    ]);
  });

  it('code that loads a system library through ctypes, which the full image may hold and slim not', () => {
    const files = { ...extension, 'wordstats/cli.py': 'import ctypes, ctypes.util\n\ndef main():\n    ctypes.CDLL(ctypes.util.find_library("magic"))\n' };
    expect(blocked(naive, files)).toEqual(['Python build not split: wordstats/cli.py loads system libraries (ctypes or cffi), which the runtime image may lack']);
  });

  it('pip install --user', () => {
    expect(blocked(slimWithCompiler.replace('pip install --no-cache-dir', 'pip install --user'), webApp)).toEqual([
      'Python build not split: `pip install --user` installs outside the virtualenv the split would make',
    ]);
  });

  it('an extension that links a library the split cannot place, or through pkg-config', () => {
    const linked = { ...extension, 'setup.py': 'from setuptools import Extension, setup\n\nsetup(ext_modules=[Extension("x", sources=["x.c"], libraries=["gdal"])])\n' };
    expect(blocked(naive, linked)).toEqual(['Python build not split: an extension links -lgdal, and the split does not know which package holds it at run time']);
    const configured = { ...extension, 'setup.py': 'import pkgconfig\nfrom setuptools import Extension, setup\n\nsetup(ext_modules=[Extension("x", sources=["x.c"], **pkgconfig.parse("yaml-0.1"))])\n' };
    expect(blocked(naive, configured)).toEqual(['Python build not split: /srv/wordstats/setup.py links libraries the split cannot name']);
  });
});
