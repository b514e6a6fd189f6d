import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { cacheReaders, indexReaders } from '../../transforms/cache-readers.js';
import { readsOf } from '../../transforms/instruction-reads.js';
import { manager } from '../../transforms/package-managers.js';

/** What a question says of the RUN on the file's last line. */
function answer(question: ReturnType<typeof cacheReaders>, body: string) {
  const doc = new Document(`FROM a\nRUN ${body}\n`);
  return question.reads(readsOf(doc, doc.instructions[1], undefined));
}

describe('indexReaders', () => {
  const apt = indexReaders(manager('apt'));

  it('an install before any update reads the index; after an update it reads a fresh one', () => {
    expect(answer(apt, 'apt-get install -y x')).toEqual({});
    expect(answer(apt, 'apt-get update && apt-get install -y x')).toBeUndefined();
  });

  it('commands that do not read it', () => expect(answer(apt, 'apt-get purge -y x && apt-get autoremove -y && apt-get clean')).toBeUndefined());

  it('code this tool cannot read may read it, unless the index was refreshed before', () => {
    expect(answer(apt, './install.sh')).toEqual({ opaque: './install.sh' });
    expect(answer(apt, 'apt-get update && ./install.sh')).toBeUndefined();
  });

  it('an unknown program handed the manager as an argument may run it', () => expect(answer(apt, 'retry 3 apt-get install -y x')).toEqual({ opaque: 'retry 3 apt-get install -y x' }));

  it('a path inside the index, but not a neighbour of it', () => {
    expect(answer(apt, 'ls /var/lib/apt/lists/partial')).toEqual({});
    expect(answer(apt, 'ls /var/lib/apt/lists.bak')).toBeUndefined();
  });
});

describe('cacheReaders', () => {
  const npm = cacheReaders(manager('npm'));

  it('offline installs and cache commands read it; its cleanups do not', () => {
    expect(answer(npm, 'npm ci --offline')).toEqual({});
    expect(answer(npm, 'npm cache verify')).toEqual({});
    expect(answer(npm, 'npm ci')).toBeUndefined();
    expect(answer(npm, 'npm cache clean --force')).toBeUndefined();
  });

  it("any home's cache directory, in any spelling; not a file next to it", () => {
    for (const body of ['ls ~/.npm', 'ls /root/.npm/_cacache', 'ls "$HOME/.npm"', 'tar -C /home/app -cf x .npm']) expect(answer(npm, body), body).toEqual({});
    expect(answer(npm, 'cat ~/.npmrc')).toBeUndefined();
  });

  it('rm -rf does not mind a cache already gone; rm -r without -f does', () => {
    expect(answer(npm, 'rm -rf /root/.npm')).toBeUndefined();
    expect(answer(npm, 'rm -r /root/.npm')).toEqual({});
  });

  it('a COPY --from of the cache, or of a directory holding it', () => {
    expect(npm.copied('/root/.npm')).toBe(true);
    expect(npm.copied('/root')).toBe(true);
    expect(npm.copied('/root/app')).toBe(false);
  });
});
