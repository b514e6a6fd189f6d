import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { secretName, secrets } from '../../transforms/secrets.js';

const findings = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [secrets], buildContext }).findings;
const lines = (src: string, buildContext?: BuildContextView) => findings(src, buildContext).map((f) => f.line);

describe('secrets', () => {
  it('ENV with a literal password stays in the image config', () => {
    const result = runPipeline('FROM postgres:16\nENV POSTGRES_PASSWORD=hunter2\n', [], { transforms: [secrets] });
    expect(result.output).toBe('FROM postgres:16\nENV POSTGRES_PASSWORD=hunter2\n');
    expect(result.findings).toEqual([
      {
        transform: 'secrets',
        line: 2,
        message: 'ENV POSTGRES_PASSWORD has a literal value: it stays in the image\'s config, for anyone who pulls it; pass it with RUN --mount=type=secret,id=postgres_password to the RUN that needs it, and at run time from the platform\'s secrets',
      },
    ]);
  });

  it('ENV copying a build argument keeps its value too; an ARG without a literal default does not', () => {
    const [finding] = findings('FROM node:20\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\n');
    expect(finding).toMatchObject({ line: 3, message: expect.stringContaining('ENV NPM_TOKEN copies ${NPM_TOKEN} into the image') });
    expect(findings('FROM node:20\nARG NPM_TOKEN\nRUN echo build\n')).toEqual([]);
  });

  it('ARG with a literal default stays in the history; the older ENV form and camelCase names are read too', () => {
    expect(lines('FROM debian\nARG API_KEY=abc123\nENV apiToken s3cr3t\nENV GITHUB_TOKEN="ghp_x"\n')).toEqual([2, 3, 4]);
  });

  it('names about a secret but not holding one, public keys, paths and empty values are quiet', () => {
    const src = 'FROM python:3.12\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\nENV PASSWORD_FILE=/run/secrets/db\nENV AWS_ACCESS_KEY_ID=AKIAEXAMPLE TOKEN_URL=https://x/token\nENV DB_PASSWORD=\nENV PWD=/srv\nENV AUTH_METHOD=basic\n';
    expect(findings(src)).toEqual([]);
  });

  it('a stage that does not end up in the image is not reported', () => {
    expect(findings('FROM node:20 AS build\nENV NPM_TOKEN=abc\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n')).toEqual([]);
  });

  describe('secret files a COPY puts in the image', () => {
    it('by name, without a build context: .env, SSH keys, .netrc, *.key', () => {
      expect(lines('FROM debian\nCOPY .env /app/\nCOPY id_ed25519 /root/.ssh/\nCOPY .netrc /root/\nCOPY tls.key /etc/tls/\nCOPY .env.example /app/\n')).toEqual([2, 3, 4, 5]);
    });

    it('an .npmrc only when it holds a token (read from the context), with the mount to use instead', () => {
      const withToken = memoryContext({ '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' });
      expect(findings('FROM node:20\nCOPY .npmrc /root/\n', withToken)).toEqual([
        { transform: 'secrets', line: 2, message: 'COPY puts .npmrc (a registry auth token) into the image; RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci' },
      ]);
      expect(findings('FROM node:20\nCOPY .npmrc /root/\n', memoryContext({ '.npmrc': 'registry=https://npm.example.com/\n' }))).toEqual([]);
      expect(findings('FROM node:20\nCOPY .npmrc /root/\n')).toEqual([]);
    });

    it('a .pem only when it holds a private key, not a certificate', () => {
      const context = memoryContext({ 'certs/server.pem': '-----BEGIN PRIVATE KEY-----\nMII\n', 'certs/ca.pem': '-----BEGIN CERTIFICATE-----\nMII\n' });
      expect(findings('FROM nginx\nCOPY certs/ /etc/nginx/certs/\n', context).map((f) => f.message)).toEqual([
        'COPY puts certs/server.pem (a private key) into the image with the rest of the folder; mount it only where it is needed (RUN --mount=type=secret) and leave it out with .dockerignore',
      ]);
    });

    it('a .env that COPY . . takes with the sources, unless .dockerignore leaves it out', () => {
      const src = 'FROM python:3.12\nWORKDIR /srv\nCOPY . .\n';
      expect(lines(src, memoryContext({ 'app.py': '', '.env': 'TOKEN=x\n' }))).toEqual([3]);
      expect(lines(src, memoryContext({ 'app.py': '', '.env': 'TOKEN=x\n', '.dockerignore': '.env\n' }))).toEqual([]);
    });

    it('nothing copied from another stage or fetched from a URL', () => {
      expect(findings('FROM debian AS keys\nRUN ssh-keygen -f /id_rsa\nFROM debian\nCOPY --from=keys /id_rsa.pub /root/\nADD https://x/.env /tmp/\n')).toEqual([]);
    });
  });
});

describe('names that say a secret', () => {
  it('reads words of snake, kebab and camel case', () => {
    expect(['DB_PASSWORD', 'api-key', 'clientSecret', 'NPM_AUTH_TOKEN', 'SECRET'].every(secretName)).toBe(true);
    expect(['KEYBOARD_LAYOUT', 'PASSENGER_APP_ENV', 'TOKEN_TTL', 'PUBLIC_KEY', 'HOME'].some(secretName)).toBe(false);
  });
});
