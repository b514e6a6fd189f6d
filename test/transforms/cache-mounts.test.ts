import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { cacheMounted, cacheMountTargets } from '../../transforms/cache-mounts.js';
import { manager } from '../../transforms/package-managers.js';

const run = (src: string) => {
  const doc = new Document(`FROM debian\n${src}\n`);
  return doc.instructions[1];
};

describe('cache-mounts', () => {
  it('a cache or tmpfs mount on a cache folder keeps it out of the layer', () => {
    expect(cacheMounted(run('RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y jq'), manager('apt'))).toBe(true);
    expect(cacheMounted(run('RUN --mount=type=tmpfs,target=/var/lib/apt apt-get install -y jq'), manager('apt'))).toBe(true);
  });

  it('so does a bind mount of any kind (the type defaults to bind): what is under it is not the layer\'s', () => {
    expect(cacheMounted(run('RUN --mount=from=lists,source=/var/lib/apt/lists,target=/var/lib/apt/lists apt-get install -y jq'), manager('apt'))).toBe(true);
    expect(cacheMounted(run('RUN --mount=type=bind,target=/src apt-get install -y jq'), manager('apt'))).toBe(false);
    // a secret or ssh mount lands under /run by default
    expect(cacheMounted(run('RUN --mount=type=secret,id=npmrc --mount=type=ssh npm ci'), manager('npm'))).toBe(false);
  });

  it('the targets a build cache keeps are those of cache and tmpfs mounts only', () => {
    expect(cacheMountTargets(run('RUN --mount=type=bind,target=/src --mount=type=cache,target=/root/.cache go build')).targets).toEqual(['/root/.cache']);
  });
});
