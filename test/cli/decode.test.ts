import { describe, expect, it } from 'vitest';
import { decodeDockerfile, firstInvalidUtf8 } from '../../src/cli/decode.js';
import { MAX_SOURCE_LENGTH } from '../../src/validate.js';

const decode = (bytes: Uint8Array | string) => () => decodeDockerfile(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, 'app/Dockerfile');
const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const SOURCE = 'FROM debian\nRUN echo hi\n';

describe('decodeDockerfile', () => {
  it('reads UTF-8 and keeps a UTF-8 byte order mark, which the rewrite preserves', () => {
    expect(decode(`\uFEFF${SOURCE}`)()).toBe(`\uFEFF${SOURCE}`);
    expect(decode('FROM debian\nRUN echo "café ☕ 𝄞"\n')()).toBe('FROM debian\nRUN echo "café ☕ 𝄞"\n');
  });

  it('names the line and column of the first byte that is not UTF-8 (a Latin-1 é on line 2)', () => {
    const latin1 = Buffer.from('FROM debian\nRUN echo caf\xe9\n', 'latin1');
    expect(decode(latin1)).toThrow('app/Dockerfile:2: not valid UTF-8 (byte 0xE9 at column 13); left untouched');
  });

  it('names UTF-16 as UTF-16, with or without a byte order mark, either byte order', () => {
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(SOURCE)]))).toThrow('app/Dockerfile: UTF-16 (little-endian) text (with a byte order mark)');
    expect(decode(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SOURCE)]))).toThrow('app/Dockerfile: UTF-16 (big-endian) text (with a byte order mark)');
    expect(decode(utf16le(SOURCE))).toThrow('app/Dockerfile: UTF-16 text (little-endian, no byte order mark)');
    expect(decode(utf16be(SOURCE))).toThrow('app/Dockerfile: UTF-16 text (big-endian, no byte order mark)');
  });

  it('refuses binary data with the line of its first NUL byte, and never echoes the bytes', () => {
    const binary = Buffer.concat([Buffer.from('FROM debian\nRUN x\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 0x1b, 0x5b, 0x32, 0x4a])]);
    let message = '';
    try {
      decode(binary)();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('app/Dockerfile:3: binary data (a NUL byte), not a Dockerfile; left untouched');
  });

  it('refuses a file over the size the engine reads, saying how large it is and what the limit is', () => {
    const big = Buffer.alloc(MAX_SOURCE_LENGTH + 1, 0x23);
    expect(decode(big)).toThrow(/app\/Dockerfile: 2\.0 MB is more than dockerslim reads \(2\.0 MB\)/);
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a strict decoder on every two-byte and three-byte start (overlong forms, surrogates)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    for (let a = 0x80; a <= 0xff; a++) {
      for (const b of [0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0]) {
        for (const tail of [[], [0x80], [0x80, 0x80], [0x41]]) {
          const bytes = Uint8Array.from([0x41, a, b, ...tail]);
          expect(firstInvalidUtf8(bytes) < 0, `bytes ${[...bytes].map((x) => x.toString(16))}`).toBe(valid(bytes));
        }
      }
    }
  });

  it('finds a sequence cut short by the end of the file', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xe2, 0x98]))).toBe(1);
  });
});
