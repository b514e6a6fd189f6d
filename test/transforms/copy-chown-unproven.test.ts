import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import { copyChown } from '../../transforms/copy-chown.js';
import { copyChownUnproven } from '../../transforms/copy-chown-unproven.js';

const app = memoryContext({ 'seed/welcome.json': '{}', 'seed/more/a.json': '{}', 'bin/healthcheck': '#!/bin/sh\n', 'config.yml': '' });
const fix = (src: string) => runPipeline(src, [], { transforms: [copyChownUnproven], buildContext: app }).output;
const unchanged = (src: string) => expect(fix(src)).toBe(src);

describe('copy-chown-unproven', () => {
  it('chown -R of the folder a copied folder landed in becomes COPY --chown', () => {
    expect(fix('FROM node:20\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes\nCMD ["node"]\n')).toBe('FROM node:20\nCOPY --chown=node:node seed/ /var/lib/notes/\nCMD ["node"]\n');
  });

  it('chmod of a copied file in a Dockerfile nothing yet makes BuildKit-only', () => {
    expect(fix('FROM node:20\nCOPY bin/healthcheck /usr/local/bin/healthcheck\nRUN chmod 755 /usr/local/bin/healthcheck\n')).toBe('FROM node:20\nCOPY --chmod=755 bin/healthcheck /usr/local/bin/healthcheck\n');
  });

  it('chown -R and chmod -R of a WORKDIR the whole context is copied into', () => {
    expect(fix('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN chown -R www-data:www-data /srv && chmod -R 750 /srv\n')).toBe('FROM python:3.12-slim\nWORKDIR /srv\nCOPY --chown=www-data:www-data --chmod=750 . .\n');
  });

  it('nothing that copy-chown proves equal: that fold is the safe one', () => {
    const src = 'FROM debian\nCOPY config.yml /etc/app.yml\nRUN chown app:app /etc/app.yml\n';
    unchanged(src);
    expect(runPipeline(src, [], { transforms: [copyChown], buildContext: app }).output).toBe('FROM debian\nCOPY --chown=app:app config.yml /etc/app.yml\n');
  });

  describe('left alone', () => {
    it('chown of the folder without -R changes the folder alone', () => unchanged('FROM node:20\nCOPY seed/ /var/lib/notes/\nRUN chown node:node /var/lib/notes\n'));

    it('a path below the copied folder, or beside it', () => {
      unchanged('FROM node:20\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes/more\n');
      unchanged('FROM node:20\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib\n');
    });

    it('a parent folder the COPY would create', () => unchanged('FROM node:20\nCOPY seed/ /data/notes/\nRUN chown -R node:node /data/notes\n'));

    it('a folder an earlier step of the stage put files in: chown -R changed them too, COPY --chown would not', () => {
      unchanged('FROM debian:bookworm\nWORKDIR /srv/app\nRUN mkdir -p data && echo seed > data/seed.txt\nCOPY seed/ /srv/app/\nRUN chown -R app:app /srv/app\n');
      unchanged('FROM debian:bookworm\nRUN mkdir -p /var/lib/notes/cache\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes\n');
      unchanged('FROM debian:bookworm\nCOPY config.yml /var/lib/notes/config.yml\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes\n');
      unchanged('FROM debian:bookworm AS base\nRUN mkdir -p /var/lib/notes/cache\nFROM base\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes\n');
      // a step elsewhere does not count
      expect(fix('FROM node:20\nRUN mkdir -p /opt/other\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes\n')).toBe('FROM node:20\nRUN mkdir -p /opt/other\nCOPY --chown=node:node seed/ /var/lib/notes/\n');
    });

    it('a symbolic mode, a RUN that does more', () => {
      unchanged('FROM node:20\nCOPY bin/healthcheck /usr/local/bin/healthcheck\nRUN chmod +x /usr/local/bin/healthcheck\n');
      unchanged('FROM node:20\nCOPY seed/ /var/lib/notes/\nRUN chown -R node:node /var/lib/notes && npm ci\n');
    });
  });
});
