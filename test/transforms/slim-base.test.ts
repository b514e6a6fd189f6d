import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import { slimBase } from '../../transforms/slim-base.js';

const run = (src: string, files?: Record<string, string>) =>
  runPipeline(src, [], { transforms: [slimBase], buildContext: files ? memoryContext(files) : undefined });
const fix = (src: string, files?: Record<string, string>) => run(src, files).output;
const unchanged = (src: string, files?: Record<string, string>) => expect(fix(src, files)).toBe(src);
const findings = (src: string, files?: Record<string, string>) => run(src, files).findings.map((f) => `${f.line}: ${f.message}`);

describe('slim-base: python', () => {
  it('is unsafe and says why', () => {
    expect(slimBase.safety).toBe('unsafe');
    expect(slimBase.risk).toMatch(/lacks/);
  });

  it('a python app that only pip installs wheels moves to python:3.11-slim', () => {
    const src = 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n';
    expect(fix(src, { 'requirements.txt': 'flask==3.0.0\n', 'app.py': '' })).toBe(src.replace('python:3.11', 'python:3.11-slim'));
  });

  it('the change names the swap and the estimated saving, and carries the estimate as data', () => {
    const r = run('FROM python:3.12\nCMD ["python3"]\n');
    expect(r.changes).toEqual([
      expect.objectContaining({ transform: 'slim-base', line: 1, message: 'python:3.12 -> python:3.12-slim (about 410 MB -> 43 MB compressed, estimate)' }),
    ]);
    expect(r.changes[0].data).toMatchObject({ from: 'python:3.12', to: 'python:3.12-slim', estimate: { fromMB: 410, toMB: 43, savedMB: 367 } });
    expect((r.changes[0].data!.estimate as { basis: string }).basis).toMatch(/read 2026-/);
  });

  it('a release in the tag stays: 3.12-bookworm becomes 3.12-slim-bookworm', () => {
    expect(fix('FROM python:3.12-bookworm\nCMD ["python3"]\n')).toBe('FROM python:3.12-slim-bookworm\nCMD ["python3"]\n');
  });

  it('uses gcc without installing it: no swap, and a finding names gcc and its line', () => {
    const src = 'FROM python:3.12\nCOPY ext.c .\nRUN gcc -shared -o ext.so ext.c\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src)).toContain('3: python:3.12 (line 1) stays: `gcc` is not in python:3.12-slim, and nothing installs it before');
  });

  it('python3.12 and pip3.12 by their versioned names are in slim too', () => {
    expect(fix('FROM python:3.12\nRUN python3.12 -m venv /venv && pip3.12 --version\n')).toContain('FROM python:3.12-slim\n');
  });

  it('a versioned gcc (gcc-12) is as missing as gcc', () => {
    unchanged('FROM python:3.12\nRUN gcc-12 --version\n');
  });

  it('installs gcc before using it: the swap is made', () => {
    const src = 'FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && gcc --version\n';
    expect(fix(src)).toBe(src.replace('python:3.12', 'python:3.12-slim'));
  });

  it('a C extension needs the C library headers, which gcc only recommends (and apt-no-recommends drops)', () => {
    const files = { 'setup.py': 'from setuptools import setup, Extension\nsetup(ext_modules=[Extension("fast", ["fast.c"])])\n' };
    const src = 'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nCOPY . .\nRUN pip install .\n';
    unchanged(src, files);
    expect(findings(src, files)[0]).toMatch(/setup.py builds C extensions\) needs `libc6-dev`, which python:3.11-slim does not have/);
    expect(fix(src.replace('install -y gcc', 'install -y gcc libc6-dev'), files)).toContain('FROM python:3.11-slim');
    expect(fix(src.replace('install -y gcc', 'install -y build-essential'), files)).toContain('FROM python:3.11-slim');
  });

  it('pip install psycopg2 needs a compiler and pg_config', () => {
    const src = 'FROM python:3.12\nRUN pip install psycopg2==2.9.9\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/`psycopg2` \(no wheel: pip builds it from source; psycopg2-binary needs no compiler\) needs `gcc`, `pg_config`/);
  });

  it('psycopg2 with gcc, the C library headers and libpq-dev installed first is fine', () => {
    const src = 'FROM python:3.12\nRUN apt-get update && apt-get install -y gcc libc6-dev libpq-dev && pip install psycopg2\n';
    expect(fix(src)).toContain('FROM python:3.12-slim\n');
    unchanged(src.replace(' libc6-dev', ''));
  });

  it('GitPython runs git when the app runs: no swap unless the stage installs git', () => {
    const src = 'FROM python:3.12\nRUN pip install GitPython==3.1.43\nCMD ["python3", "app.py"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/`gitpython` runs git; python:3.12-slim has none of `git`/);
    expect(fix('FROM python:3.12\nRUN pip install GitPython\nRUN apt-get update && apt-get install -y git\n')).toContain('python:3.12-slim');
  });

  it('psycopg2-binary installs from a wheel', () => {
    expect(fix('FROM python:3.12\nRUN pip install psycopg2-binary\n')).toContain('python:3.12-slim');
  });

  it('a requirements file from the context that needs a source build blocks the swap', () => {
    const src = 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
    unchanged(src, { 'requirements.txt': 'Flask==3.0\nmysqlclient==2.2.4  # database\n' });
    expect(findings(src, { 'requirements.txt': 'mysqlclient\n' })[0]).toMatch(/^3: .*`mysqlclient`/);
  });

  it('pip install -r without a build context cannot be checked', () => {
    const src = 'FROM python:3.12\nRUN pip install -r requirements.txt\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/requirements cannot be read without the build context/);
  });

  it('a VCS requirement needs git', () => {
    unchanged('FROM python:3.12\nRUN pip install git+https://example.com/lib.git\n');
  });

  it('a local project whose pyproject builds native code needs a compiler', () => {
    const src = 'FROM python:3.12\nCOPY . /src\nRUN pip install /src\n';
    unchanged(src, { 'pyproject.toml': '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n' });
    expect(fix(src, { 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["flask"]\n' })).toContain('python:3.12-slim');
  });

  it('a pyproject dependency that builds from source blocks the swap', () => {
    unchanged('FROM python:3.12\nCOPY . .\nRUN pip install .\n', { 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["uwsgi>=2"]\n' });
  });

  it('a script copied from the context that runs git blocks the swap', () => {
    const src = 'FROM python:3.12\nCOPY . /app\nCMD ["/app/start.sh"]\n';
    const files = { 'start.sh': '#!/bin/sh\ngit pull\nexec python3 /app/main.py\n' };
    unchanged(src, files);
    expect(findings(src, files)[0]).toMatch(/`git` \(in start.sh\) is not in python:3.12-slim/);
  });

  it('HEALTHCHECK with curl blocks the swap', () => {
    unchanged('FROM python:3.12\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python3", "-m", "http.server"]\n');
  });

  it('already slim: nothing to do, and alpine/distroless are mentioned but not applied', () => {
    const src = 'FROM python:3.12-slim\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/smaller images exist but are not applied automatically: alpine \(musl/);
  });

  it('a build stage that does not ship keeps its image', () => {
    unchanged('FROM python:3.12 AS build\nRUN pip wheel -w /wheels flask\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=build /wheels /wheels\n');
  });

  it('a stage built FROM the swapped one must also be fine', () => {
    const src = 'FROM python:3.12 AS base\nRUN pip install flask\nFROM base AS dev\nRUN make test\nFROM base\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src).join('\n')).toMatch(/^4: .*`make`/m);
  });

  it('a digest-pinned image is not swapped: a finding instead', () => {
    const src = `FROM python:3.12@sha256:${'a'.repeat(64)}\nCMD ["python3"]\n`;
    unchanged(src);
    expect(findings(src)[0]).toMatch(/pinned by digest, and the digest of python:3.12-slim cannot be known offline/);
  });

  it('an unknown tag is left alone with a finding', () => {
    const src = 'FROM python:3.12-foo\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src)).toEqual(['1: python:3.12-foo: the tag is not known to the base-image data, so no smaller variant is proposed']);
  });

  it('untagged and latest images are not swapped; the finding hints at the tag family', () => {
    unchanged('FROM python\nCMD ["python3"]\n');
    expect(findings('FROM python:latest\n')).toEqual(['1: python:latest has no version tag: what it names changes over time and the tag to pin cannot be known offline; pin a version tag such as python:<version>-slim']);
  });

  it('Windows images are never touched', () => {
    const src = 'FROM python:3.12-windowsservercore-ltsc2022\nCMD ["python"]\n';
    unchanged(src);
    expect(findings(src)).toEqual([]);
  });

  it('keeps --platform, AS name and the registry prefix', () => {
    const src = 'FROM --platform=$BUILDPLATFORM docker.io/library/python:3.12 AS app\nCMD ["python3"]\n';
    expect(fix(src)).toBe('FROM --platform=$BUILDPLATFORM docker.io/library/python:3.12-slim AS app\nCMD ["python3"]\n');
  });

  it('ARG BASE + FROM $BASE rewrites the ARG default when that is its only use', () => {
    const src = 'ARG BASE=python:3.12\nFROM $BASE\nCMD ["python3"]\n';
    expect(fix(src)).toBe('ARG BASE=python:3.12-slim\nFROM $BASE\nCMD ["python3"]\n');
    expect(fix('ARG BASE="python:3.12"\nFROM ${BASE}\n')).toBe('ARG BASE="python:3.12-slim"\nFROM ${BASE}\n');
  });

  it('a version ARG in the tag keeps its variable: -slim goes after it', () => {
    expect(fix('ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}\nCMD ["python3"]\n')).toBe('ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\nCMD ["python3"]\n');
    expect(fix('ARG PY=3.12\nFROM python:$PY-bookworm\nCMD ["python3"]\n')).toBe('ARG PY=3.12\nFROM python:$PY-slim-bookworm\nCMD ["python3"]\n');
    expect(fix('ARG NODE=20\nFROM node:${NODE}-bookworm\nCMD ["node"]\n')).toBe('ARG NODE=20\nFROM node:${NODE}-bookworm-slim\nCMD ["node"]\n');
  });

  it('a tag variable whose default is not a plain version is left alone', () => {
    unchanged('ARG TAG=3.12-bookworm\nFROM python:${TAG}\nCMD ["python3"]\n');
    unchanged('FROM python:${PYTHON_VERSION}\nCMD ["python3"]\n');
  });

  it('an ARG used by two FROMs is not rewritten', () => {
    const src = 'ARG BASE=python:3.12\nFROM $BASE AS a\nRUN true\nFROM $BASE\nCOPY --from=a /x /x\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/ARG BASE \(line 1\) is used elsewhere too/);
  });

  it('a script piped into sh cannot be checked', () => {
    const src = 'FROM python:3.12\nRUN curl -fsSL https://example.com/install.sh | sh\n';
    unchanged(src);
    expect(findings(src)).toContain('2: python:3.12 (line 1) stays: `sh` cannot be checked: it reads its script from stdin');
  });

  it('a program whose name is an expansion cannot be checked', () => {
    unchanged('FROM python:3.12\nRUN $CC -o x x.c\n');
  });

  it('an ignore comment keeps the FROM as it is', () => {
    unchanged('# dockerslim-ignore slim-base\nFROM python:3.12\nCMD ["python3"]\n');
  });

  it('an app whose code runs git through subprocess keeps the full image, and the finding names the file', () => {
    const src = 'FROM python:3.11\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n';
    const files = { 'app.py': 'import subprocess\nprint(subprocess.run(["git", "--version"], capture_output=True).stdout)\n' };
    unchanged(src, files);
    expect(findings(src, files)).toContain(
      '3: python:3.11 (line 1) stays: app.py starts other programs (subprocess or os.system), which python:3.11-slim may lack (no compiler, make, -dev headers, git, curl or wget)',
    );
    expect(fix(src, { 'app.py': 'print("hello")\n' })).toContain('FROM python:3.11-slim');
  });

  it('an app that loads a system library through ctypes keeps the full image, which has more of them', () => {
    const src = 'FROM python:3.11\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n';
    const files = { 'app.py': 'import ctypes, ctypes.util\nlib = ctypes.CDLL(ctypes.util.find_library("curl"))\n' };
    unchanged(src, files);
    expect(findings(src, files)).toContain('3: python:3.11 (line 1) stays: app.py loads system libraries (ctypes or cffi), which python:3.11-slim may lack (no compiler, make, -dev headers, git, curl or wget)');
  });

  it('a final stage that copies what a builder on the full image compiled keeps the full image, whose libraries it may link', () => {
    const src = 'FROM python:3.11 AS builder\nCOPY . /build\nRUN pip install --target=/install /build\n\nFROM python:3.11\nCOPY --from=builder /install /app/lib\nENV PYTHONPATH=/app/lib\nCMD ["python", "-m", "fastfetch"]\n';
    unchanged(src, { 'setup.py': '' });
    expect(findings(src, { 'setup.py': '' })).toContain(
      '6: python:3.11 (line 5) stays: copies files built in stage builder, which can compile (gcc and -dev libraries): what it built may link libraries python:3.11-slim lacks',
    );
    const slimBuilder = src.replace('FROM python:3.11 AS builder', 'FROM python:3.11-slim AS builder');
    expect(fix(slimBuilder, { 'setup.py': '' })).toContain('\nFROM python:3.11-slim\nCOPY --from=builder');
  });

  it('an app that uses a font of the full image (DejaVu, from ImageMagick\'s fontconfig) keeps it', () => {
    const src = 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "badge.py"]\n';
    const files = { 'requirements.txt': 'pillow==10.3.0\n', 'badge.py': 'from PIL import ImageFont\nfont = ImageFont.truetype("DejaVuSans.ttf", 14)\n' };
    unchanged(src, files);
    expect(findings(src, files)[0]).toMatch(/badge.py opens DejaVuSans.ttf, a file of fonts-dejavu-core, which python:3.11-slim does not have and the stage does not install/);
    const byPath = { ...files, 'badge.py': 'pdf.add_font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")\n' };
    unchanged(src, byPath);
    const installs = src.replace('RUN pip', 'RUN apt-get update && apt-get install -y fonts-dejavu-core\nRUN pip');
    expect(fix(installs, files)).toContain('FROM python:3.11-slim');
  });

  it('inline code run with python -c that starts programs keeps the full image', () => {
    const src = 'FROM python:3.11\nHEALTHCHECK CMD python -c "import subprocess; subprocess.run([\'git\', \'status\'], check=True)"\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/`python` runs inline code that uses subprocess or os.system, which may need what python:3.11-slim lacks/);
    expect(fix('FROM python:3.11\nHEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"\nCMD ["python3"]\n')).toContain('FROM python:3.11-slim');
  });

  it('code copied by a pattern or a whole folder is read too', () => {
    const files = { 'src/main.py': 'import os\nos.system("curl -fsS http://localhost/")\n', 'src/util.py': '' };
    unchanged('FROM python:3.11\nCOPY src/*.py /app/\nCMD ["python", "/app/main.py"]\n', files);
    unchanged('FROM python:3.11\nCOPY . /app\nCMD ["python", "/app/src/main.py"]\n', files);
  });

  it('a copy whose files cannot be listed blocks the swap', () => {
    const src = 'FROM python:3.11\nCOPY src*/*.py /app/\nCMD ["python", "/app/main.py"]\n';
    unchanged(src, { 'src/main.py': '' });
    expect(findings(src, { 'src/main.py': '' })[0]).toMatch(/the files this COPY copies cannot all be listed/);
  });

  it('a locale asking for translated messages keeps the full image: slim has no translations', () => {
    const src = 'FROM python:3.11\nENV LANG=de_DE.UTF-8 LANGUAGE=de_DE:de\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/LANG=de_DE.UTF-8 asks for translated messages, which the slim image leaves out/);
    expect(fix('FROM python:3.11\nENV LANG=C.UTF-8\nCMD ["python3"]\n')).toContain('FROM python:3.11-slim');
  });

  it('is idempotent', () => {
    const once = fix('FROM python:3.12\nCMD ["python3"]\n');
    expect(fix(once)).toBe(once);
  });

  it('held back without --unsafe', () => {
    const r = runPipeline('FROM python:3.12\nCMD ["python3"]\n', [slimBase], {});
    expect(r.output).toBe('FROM python:3.12\nCMD ["python3"]\n');
    expect(r.heldBack).toEqual(['slim-base']);
  });
});

describe('slim-base: node', () => {
  const app = { 'package.json': JSON.stringify({ name: 'app', dependencies: {} }), 'server.js': '' };

  it('node:20 moves to node:20-slim when package.json has no native or git dependency', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n';
    expect(fix(src, app)).toBe(src.replace('node:20', 'node:20-slim'));
    expect(run(src, app).changes[0].message).toBe('node:20 -> node:20-slim (about 400 MB -> 80 MB compressed, estimate)');
  });

  it('node:20-bookworm moves to node:20-bookworm-slim', () => {
    expect(fix('FROM node:20-bookworm\nCMD ["node"]\n')).toBe('FROM node:20-bookworm-slim\nCMD ["node"]\n');
  });

  it('npm install without the build context cannot rule out native addons', () => {
    const src = 'FROM node:20\nRUN npm install\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/without the build context, native addons and git dependencies cannot be ruled out/);
  });

  it('a binding.gyp means node-gyp needs python3, make and g++', () => {
    const src = 'FROM node:20\nCOPY . .\nRUN npm install\n';
    unchanged(src, { ...app, 'binding.gyp': '{}' });
    expect(findings(src, { ...app, 'binding.gyp': '{}' })[0]).toMatch(/the native addon \(binding.gyp\) needs `python3`, `make`, `g\+\+`/);
  });

  it('installing python3, make and g++ first allows the native build', () => {
    const src = 'FROM node:20\nCOPY . .\nRUN apt-get update && apt-get install -y python3 make g++ && npm install\n';
    expect(fix(src, { ...app, 'binding.gyp': '{}' })).toContain('FROM node:20-slim');
  });

  it('lockfile packages with install scripts may build native addons', () => {
    const lock = JSON.stringify({ packages: { '': {}, 'node_modules/bcrypt': { hasInstallScript: true } } });
    unchanged('FROM node:20\nCOPY . .\nRUN npm ci\n', { ...app, 'package-lock.json': lock });
  });

  it('a git dependency needs git and ca-certificates', () => {
    const pkg = JSON.stringify({ dependencies: { lib: 'github:example/lib' } });
    const src = 'FROM node:20\nCOPY . .\nRUN npm install\n';
    unchanged(src, { 'package.json': pkg });
    expect(findings(src, { 'package.json': pkg })[0]).toMatch(/`git`, `ca-certificates`/);
  });

  it('curl over HTTPS needs ca-certificates on node slim even when curl is installed', () => {
    const src = 'FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSL https://example.com/x -o /x\nCMD ["node"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/`curl` over HTTPS needs `ca-certificates`/);
    const ok = src.replace('install -y --no-install-recommends curl', 'install -y --no-install-recommends ca-certificates curl');
    expect(fix(ok)).toContain('FROM node:20-slim');
  });

  it('an app that runs git through child_process keeps the full image', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n';
    const files = { 'package.json': '{"name":"notes"}', 'index.js': "const { execFileSync } = require('child_process');\nexecFileSync('git', ['log']);\n" };
    unchanged(src, files);
    expect(findings(src, files)[0]).toMatch(/index.js starts other programs \(child_process\), which node:20-slim may lack/);
  });

  it('NODE_EXTRA_CA_CERTS naming the CA bundle keeps the full image unless ca-certificates is installed', () => {
    const src = 'FROM node:20\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt\nCOPY server.js .\nCMD ["node", "server.js"]\n';
    unchanged(src, app);
    expect(findings(src, app)[0]).toBe(
      '2: node:20 (line 1) stays: names /etc/ssl/certs/ca-certificates.crt, a file of ca-certificates, which node:20-slim does not have and the stage does not install',
    );
    const installs = src.replace('COPY server.js', 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nCOPY server.js');
    expect(fix(installs, app)).toContain('FROM node:20-slim');
  });

  it('node told to trust the system CA store (--use-openssl-ca) keeps the full image: node slim has no CA certificates', () => {
    unchanged('FROM node:20\nENV NODE_OPTIONS="--max-old-space-size=512 --use-openssl-ca"\nCOPY server.js .\nCMD ["node", "server.js"]\n', app);
    const src = 'FROM node:20\nCOPY server.js .\nCMD ["node", "--use-openssl-ca", "server.js"]\n';
    unchanged(src, app);
    expect(findings(src, app)[0]).toBe('3: node:20 (line 1) stays: names --use-openssl-ca, which reads files of ca-certificates, which node:20-slim does not have and the stage does not install');
  });

  it('code that opens the CA bundle by path keeps the full image', () => {
    const files = { ...app, 'server.js': "const ca = require('fs').readFileSync('/etc/ssl/certs/ca-certificates.crt');\n" };
    unchanged('FROM node:20\nCOPY server.js .\nCMD ["node", "server.js"]\n', files);
  });

  it('npm install when the container starts needs what an install in a RUN needs', () => {
    const src = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm install && npm start\n';
    unchanged(src, { ...app, 'binding.gyp': '{}' });
    expect(findings(src, { ...app, 'binding.gyp': '{}' })[0]).toMatch(/4: node:20 \(line 1\) stays: the native addon \(binding.gyp\) needs `python3`, `make`, `g\+\+`/);
    unchanged('FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["sh", "-c", "npm ci && exec node server.js"]\n', { ...app, 'binding.gyp': '{}' });
    expect(fix('FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm install && npm start\n', app)).toContain('FROM node:20-slim');
  });

  it('wget is not in node slim', () => {
    unchanged('FROM node:20\nRUN wget -q http://example.com/x\n');
  });
});

describe('slim-base: debian', () => {
  it('debian:bookworm becomes bookworm-slim when nothing reads docs', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n';
    expect(fix(src)).toBe(src.replace('debian:bookworm', 'debian:bookworm-slim'));
    expect(run(src).changes[0].message).toBe('debian:bookworm -> debian:bookworm-slim (about 49 MB -> 28 MB compressed, estimate)');
  });

  it('a stage that reads man pages or /usr/share/doc keeps the full image', () => {
    unchanged('FROM debian:bookworm\nRUN apt-get update && apt-get install -y man-db && man ls\n');
    const src = 'FROM debian:12\nRUN cat /usr/share/doc/bash/copyright\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/reads \/usr\/share\/doc\/bash\/copyright/);
  });

  it('LANGUAGE asking for German messages keeps the full image, which has the translations', () => {
    const src = 'FROM debian:bookworm\nENV LANG=C.UTF-8 LANGUAGE=de\nCOPY report.sh /usr/local/bin/\nCMD ["report.sh"]\n';
    unchanged(src, { 'report.sh': '#!/bin/sh\nls /var/backups/missing\n' });
    expect(findings(src, { 'report.sh': '#!/bin/sh\nls /var/backups/missing\n' })[0]).toMatch(/LANGUAGE=de asks for translated messages/);
  });

  it('an app that starts programs may still move to debian slim, which has the same programs', () => {
    const src = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3\nCOPY app.py /app.py\nCMD ["python3", "/app.py"]\n';
    expect(fix(src, { 'app.py': 'import subprocess\nsubprocess.run(["ls"])\n' })).toContain('FROM debian:bookworm-slim');
  });

  it('debian:stable-slim keeps its track: stable becomes stable-slim', () => {
    expect(fix('FROM debian:stable\nCMD ["bash"]\n')).toBe('FROM debian:stable-slim\nCMD ["bash"]\n');
  });

  it('an end-of-life release is reported', () => {
    expect(findings('FROM debian:buster-slim\n')).toContain('1: debian:buster-slim: Debian 10 (buster) reached end of life on 2024-06-30');
  });
});

describe('slim-base: other families', () => {
  it('ruby moves to slim when nothing compiles', () => {
    expect(fix('FROM ruby:3.3\nCOPY app.rb .\nCMD ["ruby", "app.rb"]\n')).toBe('FROM ruby:3.3-slim\nCOPY app.rb .\nCMD ["ruby", "app.rb"]\n');
  });

  it('bundle install keeps ruby on the full image unless a compiler is installed', () => {
    const lock = { Gemfile: "gem 'rack'\n", 'Gemfile.lock': 'GEM\n  specs:\n    rack (3.0.8)\n' };
    unchanged('FROM ruby:3.3\nCOPY Gemfile* .\nRUN bundle install\n', lock);
    expect(fix('FROM ruby:3.3\nCOPY Gemfile* .\nRUN apt-get update && apt-get install -y build-essential && bundle install\n', lock)).toContain('ruby:3.3-slim');
  });

  it('a gem that links a C library needs its -dev package too, and an unreadable Gemfile.lock blocks', () => {
    const src = 'FROM ruby:3.3\nCOPY Gemfile* .\nRUN apt-get update && apt-get install -y build-essential && bundle install\n';
    const pg = { 'Gemfile.lock': 'GEM\n  specs:\n    pg (1.5.4)\n' };
    unchanged(src, pg);
    expect(findings(src, pg)[0]).toMatch(/gem pg needs `libpq-dev`/);
    expect(fix(src.replace('build-essential', 'build-essential libpq-dev'), pg)).toContain('ruby:3.3-slim');
    unchanged(src);
  });

  it('ruby alpine is never moved: it is not the full image', () => {
    unchanged('FROM ruby:2-alpine\nCMD ["ruby"]\n');
  });

  it('rust slim keeps gcc but not make', () => {
    expect(fix('FROM rust:1.80\nRUN cc --version\n')).toContain('rust:1.80-slim');
    unchanged('FROM rust:1.80\nRUN make\n');
  });

  it('cargo build with openssl-sys needs pkg-config and libssl-dev', () => {
    unchanged('FROM rust:1.80\nCOPY . .\nRUN cargo build --release\n', { 'Cargo.lock': '[[package]]\nname = "openssl-sys"\n' });
    expect(fix('FROM rust:1.80\nCOPY . .\nRUN cargo build --release\n', { 'Cargo.lock': '[[package]]\nname = "serde"\n' })).toContain('rust:1.80-slim');
  });

  it('golang, php and ubuntu have no slim variant', () => {
    unchanged('FROM golang:1.22\nRUN go build ./...\n');
    unchanged('FROM php:8.3-apache\nCOPY . /var/www/html\n');
    unchanged('FROM ubuntu:24.04\nCMD ["bash"]\n');
  });

  it('eclipse-temurin jdk moves to the jre when the stage only runs java', () => {
    expect(fix('FROM eclipse-temurin:21-jdk-jammy\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n')).toContain('FROM eclipse-temurin:21-jre-jammy\n');
    unchanged('FROM eclipse-temurin:21-jdk\nCOPY . .\nRUN javac Main.java\nCMD ["java", "Main"]\n');
    unchanged('FROM eclipse-temurin:21\nCOPY . .\nRUN ./mvnw package\n');
  });

  it('openjdk (deprecated) becomes eclipse-temurin jre when the stage only runs java', () => {
    const src = 'FROM openjdk:17\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n';
    const r = run(src);
    expect(r.output).toBe(src.replace('openjdk:17', 'eclipse-temurin:17-jre'));
    expect(r.changes[0].message).toBe('openjdk:17 (deprecated) -> eclipse-temurin:17-jre (about 230 MB -> 90 MB compressed, estimate; Ubuntu-based)');
  });

  it('a flavoured openjdk tag (-jre-slim) gets no size estimate: the figures are for the plain tags', () => {
    expect(run('FROM openjdk:11-jre-slim\nCMD ["java", "-jar", "app.jar"]\n').changes[0].message).toBe('openjdk:11-jre-slim (deprecated) -> eclipse-temurin:11-jre (Ubuntu-based)');
  });

  it('openjdk becomes eclipse-temurin jdk when the stage compiles', () => {
    expect(fix('FROM openjdk:17-jdk-slim\nCOPY . .\nRUN javac Main.java\nCMD ["java", "Main"]\n')).toContain('FROM eclipse-temurin:17-jdk\n');
  });

  it('openjdk with a full version or OS package installs is only reported', () => {
    unchanged('FROM openjdk:17.0.2\nCMD ["java"]\n');
    expect(findings('FROM openjdk:17.0.2\nCMD ["java"]\n')[0]).toMatch(/deprecated: the openjdk images get no updates/);
    const src = 'FROM openjdk:11\nRUN apt-get update && apt-get install -y fontconfig\nCMD ["java"]\n';
    unchanged(src);
    expect(findings(src)[0]).toMatch(/installs OS packages \(fontconfig\); eclipse-temurin:11-jre is Ubuntu-based/);
  });

  it('distroless, alpine and unknown images are left alone', () => {
    unchanged('FROM gcr.io/distroless/static-debian12\nCOPY app /app\n');
    unchanged('FROM alpine:3.20\nRUN apk add --no-cache curl\n');
    unchanged('FROM example.com/team/base:1\nRUN make\n');
  });
});

describe('slim-base: every family, the swap and each reason not to swap', () => {
  const digest = `sha256:${'c'.repeat(64)}`;
  const cases = [
    { family: 'python', full: 'python:3.12', slim: 'python:3.12-slim', uses: 'gcc -c x.c', unknownTag: 'python:3.12-nightly', windows: 'python:3.12-windowsservercore-ltsc2022' },
    { family: 'node', full: 'node:20', slim: 'node:20-slim', uses: 'gcc -c x.c', unknownTag: 'node:20-nightly', windows: 'node:20-windowsservercore-ltsc2022' },
    { family: 'ruby', full: 'ruby:3.3-bookworm', slim: 'ruby:3.3-slim-bookworm', uses: 'gcc -c x.c', unknownTag: 'ruby:3.3-nightly', windows: undefined },
    { family: 'rust', full: 'rust:1.80', slim: 'rust:1.80-slim', uses: 'make -C /src', unknownTag: 'rust:1.80-nightly', windows: undefined },
    { family: 'debian', full: 'debian:bookworm', slim: 'debian:bookworm-slim', uses: 'man bash > /bash.txt', unknownTag: 'debian:bookworm-nightly', windows: undefined },
    { family: 'eclipse-temurin', full: 'eclipse-temurin:21-jdk', slim: 'eclipse-temurin:21-jre', uses: 'javac Main.java', unknownTag: 'eclipse-temurin:21-nightly', windows: 'eclipse-temurin:21-jdk-windowsservercore-ltsc2022' },
  ];

  for (const c of cases) {
    describe(c.family, () => {
      it(`${c.full} becomes ${c.slim} when the stage only copies a file and runs a shell command`, () => {
        expect(fix(`FROM ${c.full}\nCOPY app /app\nRUN chmod +x /app\n`)).toBe(`FROM ${c.slim}\nCOPY app /app\nRUN chmod +x /app\n`);
      });

      it(`runs \`${c.uses.split(' ')[0]}\`, which the smaller image lacks, without installing it: no swap, a finding naming it`, () => {
        const src = `FROM ${c.full}\nCOPY . /src\nRUN ${c.uses}\n`;
        unchanged(src);
        expect(findings(src).join('\n')).toMatch(new RegExp(`^3: .*\`${c.uses.split(' ')[0]}\``, 'm'));
      });

      it('pinned by digest: no swap, a finding', () => {
        const src = `FROM ${c.full}@${digest}\nRUN chmod +x /app\n`;
        unchanged(src);
        expect(findings(src).join('\n')).toMatch(/pinned by digest/);
      });

      it('an unknown tag: no swap, a finding', () => {
        const src = `FROM ${c.unknownTag}\nRUN true\n`;
        unchanged(src);
        expect(findings(src).join('\n')).toMatch(/tag is not known/);
      });

      it('an intermediate stage that does not ship keeps its image', () => {
        unchanged(`FROM ${c.full} AS build\nRUN chmod +x /app\nFROM scratch\nCOPY --from=build /app /app\n`);
      });

      it('already the smaller variant: nothing to do', () => {
        unchanged(`FROM ${c.slim}\nRUN chmod +x /app\n`);
      });

      if (c.windows) {
        it('a Windows tag is never touched', () => {
          const src = `FROM ${c.windows}\nRUN dir\n`;
          unchanged(src);
          expect(findings(src)).toEqual([]);
        });
      }
    });
  }

  it('a stage that copies system files from the swapped stage keeps the full image', () => {
    const src = 'FROM python:3.12 AS base\nRUN pip install flask\nFROM debian:bookworm-slim AS tools\nCOPY --from=base /usr/bin/git /usr/bin/git\nFROM base\nCMD ["python3"]\n';
    unchanged(src);
    expect(findings(src).join('\n')).toMatch(/copies \/usr\/bin\/git from a stage on this image/);
  });

  it('alpine and distroless are not suggested for a stage that installs OS packages', () => {
    expect(findings('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y libpq5\n').join('\n')).not.toMatch(/smaller images exist/);
  });
});
