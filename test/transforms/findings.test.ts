import { describe, expect, it } from 'vitest';
import { fix } from '../../src/index.js';

const findings = (src: string) => fix(src).findings;

describe('cache transforms report what they cannot clean', () => {
  it('an install in exec form', () => {
    expect(findings('FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\n')).toEqual([
      { transform: 'apt-lists', line: 2, message: 'apt-get install -y curl: the package cache stays in this layer; in shell form, its cleanup could be appended' },
    ]);
  });

  it('a RUN that ends in a comment, which would swallow the cleanup', () => {
    expect(findings('FROM debian\nRUN apt-get update && apt-get install -y curl # tools\n')).toEqual([
      {
        transform: 'apt-lists',
        line: 2,
        message: 'apt-get: the package cache stays in this layer; `rm -rf /var/lib/apt/lists/*` was not appended because a comment ends it',
      },
    ]);
  });

  it('a loop under set -e, where && after it would ignore failures inside it', () => {
    const [finding] = findings('FROM python:3.12\nRUN set -e; for r in a b; do pip install -r "$r.txt" && npm ci; done\n');
    expect(finding).toMatchObject({ transform: 'node-cache', line: 2 });
    expect(finding.message).toContain('was not appended because under set -e');
  });

  it('an install run as another user through su -c', () => {
    expect(findings("FROM debian\nUSER app\nRUN su -c 'apt-get update && apt-get install -y curl'\n")).toEqual([
      {
        transform: 'apt-lists',
        line: 3,
        message: 'apt-get: the package cache stays in this layer; `rm -rf /var/lib/apt/lists/*` was not appended because the install runs as another user or under another root (su)',
      },
    ]);
  });

  it('an install under sudo with options, whose privileges the cleanup cannot copy', () => {
    expect(findings('FROM debian\nRUN sudo -u root apt-get update && sudo -u root apt-get install -y curl\n')).toMatchObject([
      { transform: 'apt-lists', line: 2, message: expect.stringContaining('was not appended because the install runs as another user or under another root (sudo with options)') },
    ]);
  });

  it('nothing once the cleanup is there, nor in a stage that does not ship', () => {
    expect(findings('FROM debian\nRUN apt-get update && apt-get install -y curl\n')).toEqual([]);
    expect(findings('FROM debian AS build\nRUN ["apt-get", "install", "-y", "gcc"]\nFROM scratch\nCOPY --from=build /x /x\n')).toEqual([]);
  });

  it('nothing where an ignore comment switches the transform off', () => {
    expect(findings('FROM debian\n# dockerslim-ignore apt-lists\nRUN apt-get update && apt-get install -y curl # tools\n')).toEqual([]);
  });
});

describe('a RUN the shell view cannot read', () => {
  it('is reported with the reason, and left as it was while the RUN after it is still fixed', () => {
    const result = fix('FROM debian\nRUN echo "unterminated\nRUN apt-get update\n');
    expect(result.findings).toEqual([
      { transform: 'shell-syntax', line: 2, message: 'RUN body is not valid shell (reached the end without closing quote "); no rewrite touches it' },
    ]);
    expect(result.output).toBe('FROM debian\nRUN echo "unterminated\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n');
  });

  it('an if without fi', () => {
    expect(findings('FROM debian\nRUN if true; then echo hi\n')).toMatchObject([{ transform: 'shell-syntax', line: 2 }]);
  });

  it('nothing for exec form, heredocs of data, or readable bodies', () => {
    expect(findings('FROM debian\nRUN ["echo", "\\"unterminated"]\nRUN cat > /x <<EOF\necho "hi\nEOF\nRUN echo ok\n')).toEqual([]);
  });

  it('a heredoc script the RUN runs is read as shell, and reported when it is not valid', () => {
    expect(findings('FROM debian\nRUN <<EOF\necho "hi\nEOF\n')).toEqual([
      { transform: 'shell-syntax', line: 2, message: expect.stringMatching(/^heredoc script <<EOF is not valid shell \(.*\); no rewrite touches it$/) },
    ]);
  });

  it('nothing under an ignore comment with no list', () => {
    expect(findings('FROM debian\n# dockerslim-ignore\nRUN echo "unterminated\n')).toEqual([]);
  });

describe('installs in heredoc scripts', () => {
  it('a heredoc install that cannot be cleaned is reported, not skipped silently', () => {
    expect(findings('FROM node:20\nRUN bash <<EOF\nnpm ci --prefix $APP\nEOF\n')).toEqual([
      {
        transform: 'node-cache',
        line: 2,
        message: 'npm: the package cache stays in this layer; `npm cache clean --force` was not appended because the shell expands its heredoc before running it, so an edit may not read back as written',
      },
    ]);
  });

  it('nothing for a heredoc install once cleaned', () => {
    expect(findings('FROM node:20\nRUN <<EOF\nnpm ci\nEOF\n')).toEqual([]);
  });
});
});
