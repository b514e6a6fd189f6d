import { DockerfileError } from '../errors.js';
import { lineAt, MAX_SOURCE_LENGTH, megabytes, utf16Layout } from '../validate.js';

/**
 * A Dockerfile's bytes as text, refusing what would not come back unchanged when written: more
 * than the engine reads, UTF-16 or UTF-32 (with or without a byte order mark), binary data, or
 * bytes that are not UTF-8 (with the line of the first bad one). A UTF-8 byte order mark is kept.
 */
export function decodeDockerfile(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_SOURCE_LENGTH) {
    throw new DockerfileError(`${megabytes(bytes.length)} is more than dockerslim reads (${megabytes(MAX_SOURCE_LENGTH)}); left untouched`, file, undefined);
  }
  const bom = byteOrderMark(bytes);
  if (bom) throw new DockerfileError(`${bom} text (with a byte order mark); dockerslim reads UTF-8: convert it first; left untouched`, file, undefined);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const utf16 = utf16Layout((i) => bytes[i], bytes.length);
    if (utf16) throw new DockerfileError(`UTF-16 text (${utf16}, no byte order mark); dockerslim reads UTF-8: convert it first; left untouched`, file, undefined);
    throw new DockerfileError('binary data (a NUL byte), not a Dockerfile; left untouched', file, lineAt((i) => bytes[i], nul));
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const line = lineAt((i) => bytes[i], bad);
    const column = bad - bytes.lastIndexOf(10, bad - 1);
    const byte = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new DockerfileError(`not valid UTF-8 (byte 0x${byte} at column ${column}); left untouched`, file, line);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

function byteOrderMark(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32 (little-endian)';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian)';
  if (b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 (little-endian)';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian)';
  return undefined;
}

/**
 * Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence (no
 * overlong forms, surrogates or code points past U+10FFFF, as a strict decoder has it), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lower = 0xa0;
      if (c === 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lower = 0x90;
      if (c === 0xf4) upper = 0x8f;
    } else return i;
    const second = b[i + 1]; // undefined past the end: a sequence cut short
    if (second === undefined || second < lower || second > upper) return i;
    for (let k = 2; k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
