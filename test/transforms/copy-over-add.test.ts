import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { runPipeline } from '../../src/engine.js';
import type { BuildContextView } from '../../src/types.js';
import { copyOverAdd, mayBeArchive } from '../../transforms/copy-over-add.js';

const fix = (src: string, buildContext?: BuildContextView) => runPipeline(src, [], { transforms: [copyOverAdd], buildContext });
const unchanged = (src: string, buildContext?: BuildContextView) => expect(fix(src, buildContext).output).toBe(src);

/** A 512-byte tar header for `name`, with a valid checksum, followed by one block of content. */
function tarFile(name: string): Uint8Array {
  const block = new Uint8Array(1024);
  const put = (at: number, text: string) => [...text].forEach((c, i) => (block[at + i] = c.charCodeAt(0)));
  put(0, name);
  put(100, '0000644\0');
  put(124, '00000000005\0');
  put(156, '0');
  put(257, 'ustar\0');
  put(263, '00');
  block.fill(0x20, 148, 156);
  const sum = block.subarray(0, 512).reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

const app = memoryContext({
  'app.py': 'print("hi")\n',
  'config/settings.toml': 'debug = false\n',
  'vendor.tar.gz': new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]),
  'notes.tar.gz': 'not an archive after all\n',
  'bundle.json': tarFile('x.txt'),
  'big.bin': new Uint8Array(4096).fill(7),
});

describe('copy-over-add', () => {
  it('ADD of a local source file becomes COPY', () => {
    const result = fix('FROM python:3.12\nADD app.py /srv/\n', app);
    expect(result.output).toBe('FROM python:3.12\nCOPY app.py /srv/\n');
    expect(result.changes[0].message).toBe('COPY instead of ADD: app.py is not an archive ADD would unpack');
  });

  it('ADD of a folder becomes COPY: archives inside a folder are never unpacked', () => {
    expect(fix('FROM debian\nADD config /etc/app\n', app).output).toBe('FROM debian\nCOPY config /etc/app\n');
  });

  it('several sources, flags COPY shares, and a lower-case keyword keep their spelling', () => {
    expect(fix('FROM debian\nadd --chown=app:app app.py big.bin /srv/\n', app).output).toBe('FROM debian\ncopy --chown=app:app app.py big.bin /srv/\n');
  });

  it('a wildcard whose every match is a plain file', () => {
    expect(fix('FROM debian\nADD *.py /srv/\n', app).output).toBe('FROM debian\nCOPY *.py /srv/\n');
  });

  it('a name ending in .tar.gz whose content is text is copied as is by ADD too', () => {
    expect(fix('FROM debian\nADD notes.tar.gz /srv/\n', app).output).toBe('FROM debian\nCOPY notes.tar.gz /srv/\n');
  });

  it('ADD . /app needs no context: the context root is always a folder', () => {
    expect(fix('FROM debian\nADD . /app\n').output).toBe('FROM debian\nCOPY . /app\n');
  });

  it('JSON form', () => {
    expect(fix('FROM debian\nADD ["app.py", "/srv/"]\n', app).output).toBe('FROM debian\nCOPY ["app.py", "/srv/"]\n');
  });

  describe('stays ADD', () => {
    it('a gzip file, whatever its name', () => unchanged('FROM debian\nADD vendor.tar.gz /opt/\n', app));

    it('a tar archive named like a JSON file (ADD unpacks by content)', () => unchanged('FROM debian\nADD bundle.json /opt/\n', app));

    it('a wildcard that matches an archive among plain files', () => unchanged('FROM debian\nADD *.gz /opt/\n', app));

    it('a URL, with or without --checksum', () => {
      unchanged('FROM debian\nADD https://example.com/tool.sh /usr/local/bin/\n', app);
      unchanged('FROM debian\nADD --checksum=sha256:abc https://example.com/t.sh /t.sh\n', app);
    });

    it('a git source', () => {
      unchanged('FROM debian\nADD git@github.com:owner/repo.git /src\n', app);
      unchanged('FROM debian\nADD --keep-git-dir=true https://github.com/owner/repo.git /src\n', app);
    });

    it('a local file without a build context: no name proves what the content is', () => {
      const result = fix('FROM debian\nADD app.py /srv/\n');
      expect(result.output).toBe('FROM debian\nADD app.py /srv/\n');
      expect(result.findings).toEqual([
        { transform: 'copy-over-add', line: 2, message: 'ADD of app.py: use COPY unless you mean ADD to unpack an archive (without the build context, its content cannot be checked)' },
      ]);
    });

    it('a source missing from the context (or left out by .dockerignore)', () => {
      unchanged('FROM debian\nADD missing.txt /srv/\n', app);
      unchanged('FROM debian\nADD secret.txt /srv/\n', memoryContext({ 'secret.txt': 'x', '.dockerignore': 'secret.txt\n' }));
    });

    it('a source with a variable or quotes', () => {
      unchanged('FROM debian\nARG F=app.py\nADD $F /srv/\n', app);
      unchanged('FROM debian\nADD "app.py" /srv/\n', app);
    });

    it('a heredoc', () => unchanged('FROM debian\nADD <<EOF /srv/x\nhello\nEOF\n', app));

    it('an ignore comment', () => unchanged('FROM debian\n# hadolint ignore=DL3020\nADD app.py /srv/\n', app));
  });
});

describe('telling an archive by its content', () => {
  it('compression magic numbers: gzip, bzip2, xz, zstd', () => {
    for (const head of [[0x1f, 0x8b], [0x42, 0x5a, 0x68], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0x28, 0xb5, 0x2f, 0xfd], [0x50, 0x2a, 0x4d, 0x18]]) {
      expect(mayBeArchive(new Uint8Array(head))).toBe(true);
    }
  });

  it('a tar header with a valid checksum, or an empty first block', () => {
    expect(mayBeArchive(tarFile('a'))).toBe(true);
    expect(mayBeArchive(new Uint8Array(512))).toBe(true);
  });

  it('text, short files, and a 512-byte block whose checksum does not add up are not archives', () => {
    expect(mayBeArchive(new TextEncoder().encode('print("hi")\n'))).toBe(false);
    expect(mayBeArchive(new Uint8Array(100))).toBe(false);
    const broken = tarFile('a');
    broken[0] = 0x62;
    expect(mayBeArchive(broken)).toBe(false);
  });
});
