import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef, repositoryKey, withOfficialImage, withTag } from '../../transforms/image-ref.js';

describe('parseImageRef', () => {
  it('a bare official image is on Docker Hub under library/', () => {
    const ref = parseImageRef('python:3.12')!;
    expect(ref).toMatchObject({ registry: 'docker.io', registryWritten: undefined, path: 'library/python', pathWritten: 'python', name: 'python', tag: '3.12', digest: undefined, official: true });
    expect(repositoryKey(ref)).toBe('python');
  });

  it('docker.io/library/ prefixes name the same official image', () => {
    for (const text of ['docker.io/library/python:3.12', 'docker.io/python:3.12', 'index.docker.io/library/python:3.12', 'library/python:3.12']) {
      const ref = parseImageRef(text)!;
      expect(ref.official).toBe(true);
      expect(repositoryKey(ref)).toBe('python');
    }
  });

  it('a user repository on Docker Hub is not official', () => {
    const ref = parseImageRef('bitnami/python:3.12')!;
    expect(ref.official).toBe(false);
    expect(repositoryKey(ref)).toBe('docker.io/bitnami/python');
  });

  it('another registry keeps its host and path', () => {
    const ref = parseImageRef('gcr.io/distroless/static-debian12:nonroot')!;
    expect(ref).toMatchObject({ registry: 'gcr.io', path: 'distroless/static-debian12', name: 'static-debian12', tag: 'nonroot' });
    expect(repositoryKey(ref)).toBe('gcr.io/distroless/static-debian12');
  });

  it('a registry with a port is not read as a tag', () => {
    const ref = parseImageRef('localhost:5000/team/app')!;
    expect(ref).toMatchObject({ registry: 'localhost:5000', path: 'team/app', tag: undefined });
  });

  it('a digest pin is read with or without a tag', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(parseImageRef(`python:3.12@${digest}`)).toMatchObject({ tag: '3.12', digest });
    expect(parseImageRef(`python@${digest}`)).toMatchObject({ tag: undefined, digest });
  });

  it('official-image mirrors count as official', () => {
    expect(repositoryKey(parseImageRef('public.ecr.aws/docker/library/node:20')!)).toBe('node');
    expect(repositoryKey(parseImageRef('mirror.gcr.io/library/node:20')!)).toBe('node');
  });

  it('variables, scratch and malformed text are not references', () => {
    for (const text of ['$BASE', '${BASE}:3', 'scratch', 'Python:3', 'python:', 'python:3 x', 'python@sha256:xyz']) expect(parseImageRef(text)).toBeUndefined();
  });
});

describe('writing a reference back', () => {
  it('a new tag keeps the registry prefix and library/ as written', () => {
    expect(withTag(parseImageRef('python:3.12')!, '3.12-slim')).toBe('python:3.12-slim');
    expect(withTag(parseImageRef('docker.io/library/python:3.12')!, '3.12-slim')).toBe('docker.io/library/python:3.12-slim');
    expect(withTag(parseImageRef('docker.io/python:3.12')!, '3.12-slim')).toBe('docker.io/python:3.12-slim');
  });

  it('a digest-pinned reference refuses a new tag', () => {
    expect(withTag(parseImageRef(`python:3.12@sha256:${'b'.repeat(64)}`)!, '3.12-slim')).toBeUndefined();
  });

  it('another official image keeps the prefix style', () => {
    expect(withOfficialImage(parseImageRef('docker.io/library/openjdk:17')!, 'eclipse-temurin', '17-jre')).toBe('docker.io/library/eclipse-temurin:17-jre');
    expect(withOfficialImage(parseImageRef('openjdk:17')!, 'eclipse-temurin', '17-jre')).toBe('eclipse-temurin:17-jre');
    expect(withOfficialImage(parseImageRef('example.com/openjdk:17')!, 'eclipse-temurin', '17-jre')).toBeUndefined();
  });

  it('formatImageRef drops Docker Hub and library/', () => {
    expect(formatImageRef({ registry: 'docker.io', path: 'library/node', tag: '20-slim' })).toBe('node:20-slim');
    expect(formatImageRef({ registry: 'gcr.io', path: 'distroless/base-debian12' })).toBe('gcr.io/distroless/base-debian12');
  });
});
