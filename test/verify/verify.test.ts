import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineAvailable, formatVerifyResult, verifyFile, type VerifyResult } from '../../src/verify/index.js';
import { chooseBuilder, runCommand } from '../../src/verify/docker.js';

// Real builds need an engine and the local stand-in base images (test/e2e/prepare.sh makes them).
// Where DOCKERSLIM_REQUIRE_DOCKER=1 (CI), a missing engine or image fails these tests instead of skipping them.
// Debian's client does BuildKit builds (a newer client on PATH may lack buildx and fall back to the legacy builder)
const docker = process.env.DOCKERSLIM_TEST_DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
const requireDocker = process.env.DOCKERSLIM_REQUIRE_DOCKER === '1';
const engine = await engineAvailable(docker);
const baseImage = 'debian:bookworm-slim';
const distroless = 'gcr.io/distroless/base-debian12';
const missingImages: string[] = [];
if (engine.ok) {
  for (const image of [baseImage, distroless]) {
    if ((await runCommand(docker, ['image', 'inspect', image])).code !== 0) missingImages.push(image);
  }
}
const canBuild = engine.ok && missingImages.length === 0;
const withDocker = canBuild || requireDocker ? it : it.skip;

/** Fails the test with the reason there is no engine or stand-in, when DOCKERSLIM_REQUIRE_DOCKER made it run anyway. */
function needDocker(): void {
  if (!engine.ok) throw new Error(`DOCKERSLIM_REQUIRE_DOCKER=1 but ${engine.message}`);
  if (missingImages.length) throw new Error(`DOCKERSLIM_REQUIRE_DOCKER=1 but ${missingImages.join(', ')} missing: run bash test/e2e/prepare.sh`);
}
// `<Dockerfile>.dockerignore` is BuildKit's: the legacy builder reads the context's own only
const buildKit = canBuild && (await chooseBuilder(docker)).buildkit;
const withBuildKit = buildKit || requireDocker ? it : it.skip;

const NAIVE = `FROM ${baseImage}
ARG GREETING=hello
COPY greeting.txt /srv/
RUN echo "$GREETING" > /srv/said
RUN cat /srv/greeting.txt /srv/said > /srv/both
`;
const MERGED = `FROM ${baseImage}
ARG GREETING=hello
COPY greeting.txt /srv/
RUN echo "$GREETING" > /srv/said \\
 && cat /srv/greeting.txt /srv/said > /srv/both
`;

const contexts: string[] = [];
afterAll(() => contexts.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockerslim-verify-test-'));
  contexts.push(dir);
  writeFileSync(join(dir, 'greeting.txt'), 'from the context\n');
  writeFileSync(join(dir, 'Dockerfile'), NAIVE);
  return dir;
}

async function imageExists(ref: string | undefined): Promise<boolean> {
  return ref !== undefined && (await runCommand(docker, ['image', 'inspect', ref])).code === 0;
}

describe('verifyFile with a real engine', () => {
  it.runIf(requireDocker)('has the engine and stand-in images that DOCKERSLIM_REQUIRE_DOCKER=1 promises', () => {
    expect(engine.ok ? '' : engine.message, `${docker} must answer`).toBe('');
    expect(missingImages, 'bash test/e2e/prepare.sh builds them').toEqual([]);
  });

  withDocker('passes a merge of RUNs: both build, smoke agrees, images are removed afterwards', async () => {
    needDocker();
    const dir = context();
    const progress: string[] = [];
    const result = await verifyFile(join(dir, 'Dockerfile'), NAIVE, MERGED, dir, {
      buildArgs: ['GREETING=hi'],
      smoke: 'cat /srv/both',
      keepImages: false,
      docker,
      onProgress: (line) => progress.push(line),
    });
    expect(result.before.ok && result.after.ok, result.after.logTail).toBe(true);
    expect(result.smoke).toMatchObject({ agree: true, before: { code: 0, stdout: 'from the context\nhi\n' } });
    expect(result.ok).toBe(true);
    expect(result.savedBytes).toBe(result.before.sizeBytes! - result.after.sizeBytes!);
    expect(progress.some((l) => l.includes('building the rewritten'))).toBe(true);
    expect(await imageExists(result.before.tag)).toBe(false);
    expect(await imageExists(result.after.tag)).toBe(false);
    expect(formatVerifyResult(result, ['merge-runs'])).toMatch(/: OK\n[\s\S]*smoke `cat \/srv\/both`: exit 0 in both/);
  }, 180_000);

  withDocker('fails when the rewritten Dockerfile does not build, with the build log tail', async () => {
    needDocker();
    const dir = context();
    const broken = MERGED.replace('cat /srv/greeting.txt', 'cat /srv/missing.txt');
    const result = await verifyFile(join(dir, 'Dockerfile'), NAIVE, broken, dir, { buildArgs: [], keepImages: false, docker });
    expect(result).toMatchObject({ ok: false, before: { ok: true }, after: { ok: false } });
    expect(result.after.logTail).toContain('missing.txt');
    expect(formatVerifyResult(result, ['merge-runs'])).toContain('FAILED: the rewritten Dockerfile does not build');
  }, 180_000);

  withBuildKit('builds the rewrite with the rewritten ignore file, and the original with the context\'s own', async () => {
    needDocker();
    expect((await chooseBuilder(docker)).buildkit).toBe(true);
    const dir = context();
    writeFileSync(join(dir, '.dockerignore'), 'notes.txt\n');
    const result = await verifyFile(join(dir, 'Dockerfile'), NAIVE, NAIVE, dir, { buildArgs: [], keepImages: false, docker, rewrittenIgnore: 'greeting.txt\n' });
    expect(result).toMatchObject({ ok: false, before: { ok: true }, after: { ok: false } });
    expect(result.after.logTail).toContain('greeting.txt');
  }, 180_000);

  withDocker('fails when the smoke command prints something else in the rewritten image', async () => {
    needDocker();
    const dir = context();
    const different = MERGED.replace('echo "$GREETING"', 'echo "$GREETING!"');
    const result = await verifyFile(join(dir, 'Dockerfile'), NAIVE, different, dir, {
      buildArgs: {},
      smoke: 'cat /srv/said',
      keepImages: false,
      docker,
    });
    expect(result.ok).toBe(false);
    expect(result.smoke).toMatchObject({ agree: false, before: { stdout: 'hello\n' }, after: { stdout: 'hello!\n' } });
  }, 180_000);

  withDocker('does not build the rewrite when the original does not build', async () => {
    needDocker();
    const dir = context();
    const result = await verifyFile(join(dir, 'Dockerfile'), `FROM ${baseImage}\nRUN exit 3\n`, MERGED, dir, {
      buildArgs: [],
      keepImages: false,
      docker,
    });
    expect(result).toMatchObject({ ok: false, before: { ok: false }, after: { ok: false, seconds: 0 } });
    expect(formatVerifyResult(result, [])).toContain('the original Dockerfile does not build');
  }, 180_000);
});

describe('verifyFile on an image without a shell', () => {
  // A distroless image: no /bin/sh. `cat` comes from Debian and needs only glibc, which base has.
  const ON_DISTROLESS = `FROM ${baseImage} AS tools

FROM ${distroless}
COPY --from=tools /usr/bin/cat /usr/bin/cat
COPY greeting.txt /srv/
`;
  const RELABELLED = `${ON_DISTROLESS}LABEL org.example.checked=yes\n`;

  withDocker('runs a plain smoke command as an argv, so it passes where there is no shell', async () => {
    needDocker();
    const dir = context();
    const result = await verifyFile(join(dir, 'Dockerfile'), ON_DISTROLESS, RELABELLED, dir, {
      buildArgs: [],
      smoke: 'cat /srv/greeting.txt',
      keepImages: false,
      docker,
    });
    expect(result.after.ok, result.after.logTail).toBe(true);
    expect(result.smoke).toMatchObject({ agree: true, before: { code: 0, stdout: 'from the context\n' }, after: { code: 0 } });
    expect(result.smoke?.shellReason).toBeUndefined();
    expect(result.ok).toBe(true);
  }, 180_000);

  withDocker('runs a smoke command with shell syntax through sh -c, which fails in an image without a shell', async () => {
    needDocker();
    const dir = context();
    const result = await verifyFile(join(dir, 'Dockerfile'), ON_DISTROLESS, RELABELLED, dir, {
      buildArgs: [],
      smoke: 'cat /srv/greeting.txt | cat',
      keepImages: false,
      docker,
    });
    expect(result.smoke).toMatchObject({ shellReason: 'a pipeline', agree: true });
    expect(result.smoke?.before.code).not.toBe(0);
    expect(result.smoke?.before.stderrTail).toMatch(/sh/);
    expect(formatVerifyResult(result, [])).toContain('(through sh -c: a pipeline): exit');
  }, 180_000);
});

describe('engineAvailable', () => {
  it('explains in one line when the client is not installed', async () => {
    const reply = await engineAvailable('/nonexistent/docker-client');
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.message).toContain('/nonexistent/docker-client: not found');
      expect(reply.message).not.toContain('\n');
    }
  });
});

describe('formatVerifyResult', () => {
  const base: VerifyResult = {
    file: 'app/Dockerfile',
    before: { ok: true, sizeBytes: 150_000_000, seconds: 12.04, logTail: '' },
    after: { ok: true, sizeBytes: 130_000_000, seconds: 10.5, logTail: '' },
    ok: true,
    savedBytes: 20_000_000,
  };

  it('reports sizes, the saving and the transforms', () => {
    expect(formatVerifyResult(base, ['merge-runs', 'apt-lists-cleanup'])).toBe(
      [
        'verify app/Dockerfile: OK',
        '  original   built in 12.0s, 150.0 MB',
        '  rewritten  built in 10.5s, 130.0 MB  saves 20.0 MB (13.3%)',
        '  transforms merge-runs, apt-lists-cleanup',
      ].join('\n'),
    );
  });

  it('shows both outputs when the smoke command disagrees', () => {
    const text = formatVerifyResult(
      { ...base, ok: false, smoke: {
          command: 'app --version',
          before: { code: 0, stdout: '1.0\n', stderrTail: '' },
          after: { code: 127, stdout: '', stderrTail: 'exec: "app": executable file not found in $PATH' },
          agree: false,
        },
      },
      [],
    );
    expect(text).toContain('FAILED: the smoke command behaves differently');
    expect(text).toContain('original  exit 0, stdout:\n      | 1.0');
    expect(text).toContain('rewritten exit 127, stdout:\n      (empty)\n      stderr:\n      | exec: "app": executable file not found');
  });

  it('flags an image that grew', () => {
    const text = formatVerifyResult({ ...base, after: { ...base.after, sizeBytes: 151_000_000 }, savedBytes: -1_000_000 }, []);
    expect(text).toContain('GROWS by 1.0 MB');
  });
});
