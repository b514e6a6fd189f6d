import { describe, expect, it } from 'vitest';
import { families, releases } from '../../transforms/base-images.js';
import { describeImageText, hasProgram, runtimeImage, type ImageInfo } from '../../transforms/image-knowledge.js';

const info = (text: string): ImageInfo => {
  const found = describeImageText(text);
  if (!found) throw new Error(`${text} not described`);
  return found;
};

describe('describeImage: python', () => {
  it('a bare version tag is the full variant on the default release', () => {
    expect(info('python:3.12')).toMatchObject({ family: 'python', version: '3.12', variant: 'full', release: 'trixie', releaseWritten: false, libc: 'glibc', shell: true, packageManager: 'apt', tagState: 'versioned' });
  });

  it('python:3.12 swaps to 3.12-slim, and 3.12-bookworm to 3.12-slim-bookworm', () => {
    expect(info('python:3.12').smaller).toMatchObject({ variant: 'slim', tag: '3.12-slim', image: 'python:3.12-slim' });
    expect(info('python:3.12-bookworm').smaller).toMatchObject({ tag: '3.12-slim-bookworm', image: 'python:3.12-slim-bookworm' });
    expect(info('python:3.11.9-bookworm').smaller?.tag).toBe('3.11.9-slim-bookworm');
    expect(info('python:3.11').smaller?.tag).toBe('3.11-slim');
  });

  it('the full image lacks nothing the slim one has, and slim lacks the buildpack-deps tools', () => {
    const lacks = info('python:3.12').smaller!;
    for (const p of ['gcc', 'make', 'git', 'curl', 'wget', 'ssh', 'hg', 'svn', 'convert', 'unzip', 'xz', 'pg_config']) expect(lacks.lacksPrograms).toContain(p);
    for (const p of ['python3', 'pip', 'sh', 'openssl']) expect(lacks.lacksPrograms).not.toContain(p);
    expect(lacks.lacksPackages).toContain('libpq-dev');
    expect(lacks.lacksPackages).not.toContain('ca-certificates');
    expect(lacks.lacksProgramPrefixes).toContain('gcc-');
  });

  it('slim and alpine variants have no smaller variant to move to', () => {
    expect(info('python:3.12-slim').smaller).toBeUndefined();
    expect(info('python:3.12-slim-bookworm')).toMatchObject({ variant: 'slim', release: 'bookworm', releaseWritten: true });
    expect(info('python:3.12-alpine3.20')).toMatchObject({ variant: 'alpine', release: 'alpine3.20', libc: 'musl', packageManager: 'apk' });
  });

  it('a release candidate keeps its qualifier before slim', () => {
    expect(info('python:3.15-rc-bookworm').smaller?.tag).toBe('3.15-rc-slim-bookworm');
  });

  it('latest and untagged name no version and have no swap', () => {
    expect(info('python')).toMatchObject({ tagState: 'latest', version: undefined, smaller: undefined });
    expect(info('python:latest').tagState).toBe('latest');
  });

  it('a Windows tag is recognised and never gets a smaller variant', () => {
    expect(info('python:3.12-windowsservercore-ltsc2022')).toMatchObject({ windows: true, smaller: undefined });
  });

  it('an unknown tag word is not described', () => {
    expect(describeImageText('python:3.12-foo')).toBeUndefined();
  });

  it('end of life of the version is known', () => {
    expect(info('python:3.8').endOfLife).toContainEqual({ what: 'python 3.8', date: '2024-10-07' });
    expect(info('python:3.8-buster').endOfLife.map((e) => e.what)).toContain('Debian 10 (buster)');
  });
});

describe('describeImage: node', () => {
  it('node:20 swaps to 20-slim and 20-bookworm to 20-bookworm-slim', () => {
    expect(info('node:20').smaller?.tag).toBe('20-slim');
    expect(info('node:20-bookworm').smaller?.tag).toBe('20-bookworm-slim');
    expect(info('node:20.11.1-bookworm').smaller?.tag).toBe('20.11.1-bookworm-slim');
  });

  it('codenames and lts move, but keep their track in the swap', () => {
    expect(info('node:iron')).toMatchObject({ version: '20', tagState: 'moving' });
    expect(info('node:lts-bookworm').smaller?.tag).toBe('lts-bookworm-slim');
  });

  it('node images have the node user, uid 1000', () => {
    expect(info('node:20').users).toContainEqual({ name: 'node', uid: 1000 });
    expect(info('node:20-slim').users).toContainEqual({ name: 'node', uid: 1000 });
  });

  it('node slim lacks ca-certificates, curl, wget and git', () => {
    const lacks = info('node:22').smaller!;
    expect(lacks.lacksPackages).toContain('ca-certificates');
    for (const p of ['curl', 'wget', 'git', 'python3', 'make', 'g++']) expect(lacks.lacksPrograms).toContain(p);
    expect(lacks.note).toMatch(/ca-certificates/);
  });

  it('the release behind a bare node tag is dated data', () => {
    expect(info('node:20').release).toBe('bookworm');
    expect(info('node:26').release).toBe('trixie');
  });
});

describe('describeImage: debian, ubuntu, alpine', () => {
  it('debian:bookworm swaps to bookworm-slim, a dated tag keeps its date', () => {
    expect(info('debian:bookworm')).toMatchObject({ release: 'bookworm', variant: 'full' });
    expect(info('debian:bookworm').smaller?.tag).toBe('bookworm-slim');
    expect(info('debian:12').smaller?.tag).toBe('12-slim');
    expect(info('debian:12.5').release).toBe('bookworm');
    expect(info('debian:bookworm-20240110').smaller?.tag).toBe('bookworm-20240110-slim');
    expect(info('debian:bookworm-slim').smaller).toBeUndefined();
  });

  it('debian:stable is a moving track', () => {
    expect(info('debian:stable')).toMatchObject({ tagState: 'moving', release: undefined });
  });

  it('ubuntu has no slim variant', () => {
    expect(info('ubuntu:22.04')).toMatchObject({ release: 'jammy', smaller: undefined, packageManager: 'apt' });
    expect(info('ubuntu:noble').release).toBe('noble');
  });

  it('alpine is musl with apk and its release from the tag', () => {
    expect(info('alpine:3.20')).toMatchObject({ release: 'alpine3.20', libc: 'musl', packageManager: 'apk' });
    expect(info('alpine:3')).toMatchObject({ tagState: 'moving' });
  });

  it('a debian release past its end of life says so', () => {
    expect(info('debian:buster').endOfLife).toEqual([{ what: 'Debian 10 (buster)', date: '2024-06-30' }]);
  });
});

describe('describeImage: languages without slim, and Java', () => {
  it('golang and php have no slim variant', () => {
    expect(info('golang:1.22')).toMatchObject({ family: 'golang', release: 'bookworm', smaller: undefined });
    expect(info('golang:1.25').release).toBe('trixie');
    expect(info('php:8.3-fpm')).toMatchObject({ family: 'php', smaller: undefined });
  });

  it('ruby and rust put slim after the version', () => {
    expect(info('ruby:3.3-bookworm').smaller?.tag).toBe('3.3-slim-bookworm');
    expect(info('rust:1.80').smaller?.tag).toBe('1.80-slim');
    expect(info('rust:1.80').smaller!.lacksPrograms).not.toContain('gcc');
    expect(info('rust:1.80').smaller!.lacksPrograms).toContain('make');
  });

  it('openjdk is deprecated and knows its Java version', () => {
    expect(info('openjdk:17')).toMatchObject({ family: 'openjdk', javaVersion: '17' });
    expect(info('openjdk:17').deprecated?.advice).toMatch(/eclipse-temurin/);
    expect(info('openjdk:11-jre-slim').variant).toBe('jre');
  });

  it('eclipse-temurin jdk has a jre of the same version and release', () => {
    expect(info('eclipse-temurin:21-jdk-jammy')).toMatchObject({ variant: 'jdk', release: 'jammy', javaVersion: '21' });
    expect(info('eclipse-temurin:21-jdk-jammy').smaller?.tag).toBe('21-jre-jammy');
    expect(info('eclipse-temurin:21').smaller?.tag).toBe('21-jre');
    expect(info('eclipse-temurin:21-jre-alpine')).toMatchObject({ libc: 'musl', variant: 'jre' });
  });

  it('maven and gradle images carry their Java version', () => {
    expect(info('maven:3.9-eclipse-temurin-17').javaVersion).toBe('17');
    expect(info('maven:3.9.6-eclipse-temurin-21-alpine').javaVersion).toBe('21');
    expect(info('gradle:8.5-jdk21').javaVersion).toBe('21');
  });

  it('dotnet images name their variant by repository', () => {
    expect(info('mcr.microsoft.com/dotnet/sdk:8.0')).toMatchObject({ family: 'dotnet', variant: 'sdk', version: '8.0', release: 'bookworm' });
    expect(info('mcr.microsoft.com/dotnet/aspnet:8.0-alpine3.20')).toMatchObject({ variant: 'aspnet', libc: 'musl' });
    expect(info('mcr.microsoft.com/dotnet/runtime:8.0').users).toContainEqual({ name: 'app', uid: 1654 });
  });
});

describe('describeImage: distroless, chainguard, UBI and others', () => {
  it('distroless has no shell and no package manager, and a nonroot user', () => {
    expect(info('gcr.io/distroless/static-debian12')).toMatchObject({ family: 'distroless', variant: 'static', release: 'bookworm', shell: false, packageManager: undefined, libc: 'none', defaultUser: 'root' });
    expect(info('gcr.io/distroless/static-debian12:nonroot')).toMatchObject({ defaultUser: 'nonroot' });
    expect(info('gcr.io/distroless/base-debian12').users).toContainEqual({ name: 'nonroot', uid: 65532 });
    expect(info('gcr.io/distroless/cc-debian13')).toMatchObject({ variant: 'cc', release: 'trixie', libc: 'glibc' });
    expect(info('gcr.io/distroless/java21-debian12')).toMatchObject({ variant: 'java', javaVersion: '21' });
    expect(info('gcr.io/distroless/static-debian12:debug').shell).toBe(true);
  });

  it('chainguard images run as nonroot; -dev tags have a shell and apk', () => {
    expect(info('cgr.dev/chainguard/python:latest')).toMatchObject({ family: 'chainguard', shell: false, defaultUser: 'nonroot', libc: 'glibc' });
    expect(info('cgr.dev/chainguard/python:latest-dev')).toMatchObject({ shell: true, packageManager: 'apk' });
  });

  it('UBI variants come from the repository name', () => {
    expect(info('registry.access.redhat.com/ubi9/ubi-minimal:9.4')).toMatchObject({ family: 'ubi', variant: 'ubi-minimal', release: 'ubi9', packageManager: 'microdnf' });
    expect(info('registry.access.redhat.com/ubi9/ubi:9.4-1123')).toMatchObject({ variant: 'ubi', packageManager: 'dnf' });
    expect(info('redhat/ubi9-micro:latest')).toMatchObject({ variant: 'ubi-micro', packageManager: undefined });
  });

  it('nginx runs as root but has the nginx user', () => {
    expect(info('nginx:1.27').users).toContainEqual({ name: 'nginx', uid: 101 });
    expect(info('nginx:1.27-alpine').libc).toBe('musl');
  });

  it('unknown repositories are not described', () => {
    expect(describeImageText('example.com/team/python:3.12')).toBeUndefined();
  });
});

describe('hasProgram', () => {
  it('full images have buildpack-deps tools, slim ones only the essentials and the runtime', () => {
    expect(hasProgram(info('python:3.12'), 'gcc')).toBe(true);
    expect(hasProgram(info('python:3.12'), 'gcc-12')).toBe(true);
    expect(hasProgram(info('python:3.12-slim'), 'gcc')).toBe(false);
    expect(hasProgram(info('python:3.12-slim'), 'python3')).toBe(true);
    expect(hasProgram(info('python:3.12-slim'), 'sed')).toBe(true);
    expect(hasProgram(info('node:20-slim'), 'curl')).toBe(false);
    expect(hasProgram(info('gcr.io/distroless/base-debian12'), 'sh')).toBe(false);
  });
});

describe('runtimeImage', () => {
  it('distroless of the same Debian release as the build image', () => {
    expect(runtimeImage('static', info('golang:1.22'))).toBe('gcr.io/distroless/static-debian12');
    expect(runtimeImage('static', info('golang:1.25'))).toBe('gcr.io/distroless/static-debian13');
    expect(runtimeImage('glibc', info('golang:1.22-bookworm'))).toBe('gcr.io/distroless/base-debian12');
    expect(runtimeImage('cc', info('rust:1.80-bookworm'))).toBe('gcr.io/distroless/cc-debian12');
    expect(runtimeImage('cc', info('rust:1.80-trixie'))).toBe('gcr.io/distroless/cc-debian13');
  });

  it('no distroless for a release it does not publish, musl, or an unknown release', () => {
    expect(runtimeImage('glibc', info('golang:1.22-bullseye'))).toBeUndefined();
    expect(runtimeImage('glibc', info('golang:1.22-alpine'))).toBeUndefined();
    expect(runtimeImage('glibc', info('golang:latest'))).toBeUndefined();
  });

  it('the JRE of the build image Java version', () => {
    expect(runtimeImage('jre', info('maven:3.9-eclipse-temurin-17'))).toBe('eclipse-temurin:17-jre');
    expect(runtimeImage('jre', info('gradle:8-jdk21'))).toBe('eclipse-temurin:21-jre');
    expect(runtimeImage('jre', info('eclipse-temurin:21-jdk'))).toBe('eclipse-temurin:21-jre');
    expect(runtimeImage('jre', info('maven:3.9'))).toBeUndefined();
  });

  it('node and python slim of the same version and release, in the build tag style', () => {
    expect(runtimeImage('node', info('node:20'))).toBe('node:20-slim');
    expect(runtimeImage('node', info('node:20-bookworm'))).toBe('node:20-bookworm-slim');
    expect(runtimeImage('python', info('python:3.11'))).toBe('python:3.11-slim');
    expect(runtimeImage('python', info('python:3.12-bookworm'))).toBe('python:3.12-slim-bookworm');
    expect(runtimeImage('python', info('python:3.12-slim'))).toBe('python:3.12-slim');
    expect(runtimeImage('python', info('python:3.12-alpine'))).toBeUndefined();
    expect(runtimeImage('python', info('node:20'))).toBeUndefined();
  });

  it('the .NET runtime of the SDK channel', () => {
    expect(runtimeImage('aspnet', info('mcr.microsoft.com/dotnet/sdk:8.0'))).toBe('mcr.microsoft.com/dotnet/aspnet:8.0');
    expect(runtimeImage('dotnet-runtime', info('mcr.microsoft.com/dotnet/sdk:9.0.100'))).toBe('mcr.microsoft.com/dotnet/runtime:9.0');
  });
});

describe('the data', () => {
  const date = /^\d{4}-\d{2}(-\d{2})?$/;

  it('every fact group carries the date it was read', () => {
    for (const f of families) {
      expect(f.read, f.id).toMatch(date);
      for (const d of f.tags.defaultRelease ?? []) expect(d.read, f.id).toMatch(date);
      for (const v of Object.values(f.variants)) if (v.size) expect(v.size.read, f.id).toMatch(date);
    }
    for (const r of releases) {
      expect(r.read, r.id).toMatch(date);
      if (r.endOfLife) expect(r.endOfLife, r.id).toMatch(date);
    }
  });

  it('default releases and smaller variants name entries that exist', () => {
    for (const f of families) {
      for (const d of f.tags.defaultRelease ?? []) expect(releases.some((r) => r.id === d.release), `${f.id} → ${d.release}`).toBe(true);
      for (const [from, to] of Object.entries(f.smaller ?? {})) {
        expect(f.variants[from], `${f.id} ${from}`).toBeDefined();
        expect(f.variants[to], `${f.id} ${to}`).toBeDefined();
      }
    }
  });

  it('family ids and repositories are unique', () => {
    expect(new Set(families.map((f) => f.id)).size).toBe(families.length);
    const repos = families.flatMap((f) => f.repositories);
    expect(new Set(repos).size).toBe(repos.length);
  });
});
