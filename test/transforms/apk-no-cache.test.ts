import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { apkNoCache } from '../../transforms/apk-no-cache.js';

const fix = (src: string) => runPipeline(src, [], { transforms: [apkNoCache] }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('apk-no-cache', () => {
  it('apk add without --no-cache', () => {
    expect(fix('FROM alpine:3.19\nRUN apk add curl\n')).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('options after add stay in place', () => {
    expect(fix('FROM alpine\nRUN apk add --virtual .deps gcc\n')).toBe('FROM alpine\nRUN apk add --no-cache --virtual .deps gcc\n');
  });

  it('already has --no-cache (also as a global option)', () => {
    unchanged('FROM alpine\nRUN apk add --no-cache curl\n');
    unchanged('FROM alpine\nRUN apk --no-cache add curl\n');
  });

  it('an offline add (--no-network) installs from what is there: --no-cache would make it fetch', () => {
    unchanged('FROM alpine:3.19\nRUN apk add --no-network --virtual .rundeps libffi\n');
  });

  it('apk update before an upgrade and an add that both have --no-cache is dropped', () => {
    expect(fix('FROM alpine:3.19\nRUN apk update && apk upgrade --no-cache && apk add --no-cache curl\n')).toBe('FROM alpine:3.19\nRUN apk upgrade --no-cache && apk add --no-cache curl\n');
    expect(fix('FROM alpine:3.19\nRUN apk update && apk upgrade\n')).toBe('FROM alpine:3.19\nRUN apk upgrade --no-cache\n');
  });

  it('cache mount on /var/cache/apk', () => unchanged('FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n'));

  it('apk update made useless is dropped', () => {
    expect(fix('FROM alpine:3.19\nRUN apk update && apk add curl\n')).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('apk update and rm -rf /var/cache/apk/* on continuation lines', () => {
    expect(fix('FROM alpine:3.19\nRUN apk update \\\n    && apk add curl \\\n    && rm -rf /var/cache/apk/*\n')).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl\n');
  });

  it('apk update in the middle of a chain', () => {
    expect(fix('FROM alpine:3.19\nRUN echo start && apk update && apk add --no-cache curl\n')).toBe('FROM alpine:3.19\nRUN echo start && apk add --no-cache curl\n');
  });

  it('|| fallback: apk update is kept', () => {
    expect(fix('FROM alpine:3.19\nRUN apk update || true && apk add curl\n')).toBe('FROM alpine:3.19\nRUN apk update || true && apk add --no-cache curl\n');
  });

  it('apk update after the add is kept', () => unchanged('FROM alpine:3.19\nRUN apk add --no-cache curl && apk update\n'));

  it('apk update kept when a later RUN reads the index', () =>
    unchanged('FROM alpine:3.19\nRUN apk update && apk add --no-cache curl\nRUN apk search git\n'));

  it('apk update kept when another apk command of the RUN reads the index', () =>
    unchanged('FROM alpine:3.19\nRUN apk update && apk add --no-cache curl && apk search git\n'));

  it('rm -rf /var/cache/apk/* kept on a base image that may have a cache', () => {
    expect(fix('FROM python:3.12-alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n')).toBe('FROM python:3.12-alpine\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/*\n');
  });

  it('rm -rf /var/cache/apk/* kept when an earlier RUN filled the cache', () =>
    unchanged('FROM alpine:3.19\nRUN apk update\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/*\n'));

  it('rm of the directory itself is kept (it changes the image)', () => unchanged('FROM alpine:3.19\nRUN apk add --no-cache curl && rm -rf /var/cache/apk\n'));

  it('rm that removes more is kept', () => unchanged('FROM alpine:3.19\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/* /tmp/*\n'));

  it('sudo', () => {
    expect(fix('FROM alpine\nRUN sudo apk add curl\n')).toBe('FROM alpine\nRUN sudo apk add --no-cache curl\n');
  });

  it("sh -c '...'", () => {
    expect(fix("FROM alpine\nRUN sh -c 'apk add curl'\n")).toBe("FROM alpine\nRUN sh -c 'apk add --no-cache curl'\n");
  });

  it('intermediate stage', () => unchanged('FROM alpine AS build\nRUN apk add gcc\nFROM scratch\n'));

  it('hadolint ignore=DL3019', () => unchanged('FROM alpine\n# hadolint ignore=DL3019\nRUN apk add curl\n'));
});
