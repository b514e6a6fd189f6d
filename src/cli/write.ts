import { randomBytes } from 'node:crypto';
import {
  closeSync, fchmodSync, fchownSync, fsyncSync, linkSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Replaces `file`'s content without a moment where a reader could see half of it: writes a temp
 * file next to it (same filesystem, so rename is atomic), fsyncs, then renames over the original.
 * Mode (and owner, when permitted) are carried over; a symlink is followed, not replaced.
 */
export function writeFileAtomic(file: string, content: string): void {
  const target = realpathSync(file);
  const st = statSync(target);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.dockerslim-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeAll(fd, Buffer.from(content, 'utf8'));
      fchmodSync(fd, st.mode & 0o7777); // after open: the umask applied to open's mode
      tryChown(fd, st.uid, st.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDirectory(dir);
}

/**
 * Creates `file` with `content` the same way: a complete temp file, then linked into place, which fails
 * rather than replace a file that appeared meanwhile. The mode is the default for new files (umask applies).
 */
export function createFileAtomic(file: string, content: string): void {
  const dir = realpathSync(path.dirname(file));
  const target = path.join(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(target)}.dockerslim-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o666);
  try {
    try {
      writeAll(fd, Buffer.from(content, 'utf8'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
  syncDirectory(dir);
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

function tryChown(fd: number, uid: number, gid: number): void {
  try {
    fchownSync(fd, uid, gid);
  } catch {
    // only root may give a file away; the file then belongs to whoever ran dockerslim
  }
}

/** Makes the rename itself durable; some platforms cannot open directories, which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
