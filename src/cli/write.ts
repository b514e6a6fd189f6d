import {
  accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, linkSync, openSync, realpathSync,
  renameSync, rmSync, statSync, writeSync, type Stats,
} from 'node:fs';
import path from 'node:path';

/** A file the user may not write: refused, as `prettier --write` refuses it, rather than replaced through its directory. */
export class NotWritableError extends Error {
  override name = 'NotWritableError';
}

/** Temp files being written right now; removed if the process is stopped (see removeTempFiles). */
const inProgress = new Set<string>();

/**
 * Replaces `file`'s content, keeping what belongs to the file: a symlink is followed, not replaced;
 * mode, owner and group stay. Normally a temp file is written next to it (same filesystem), fsynced
 * and renamed over it, so a reader sees the old content or the new, never half. Two cases are written
 * in place instead (same inode, one write): a file with several hard links, which a rename would
 * split into a new file under this name and the old content under the others; and a file whose owner
 * or group the temp file cannot take (the user may write the file but not give a file away), where a
 * rename would change who owns it. Throws NotWritableError when the user may not write the file.
 */
export function writeFileAtomic(file: string, content: string): void {
  const target = realpathSync(file);
  const st = statSync(target);
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new NotWritableError(code === 'EROFS' ? 'on a read-only file system; left as it was' : 'not writable by you (permission denied); left as it was');
  }
  const bytes = Buffer.from(content, 'utf8');
  if (st.nlink > 1 || !replaceByRename(target, bytes, st)) writeInPlace(target, bytes);
}

/** The temp file + rename; false (nothing changed) when the temp file cannot be made or cannot keep the owner and group. */
function replaceByRename(target: string, bytes: Buffer, st: Stats): boolean {
  const dir = path.dirname(target);
  let tmp = '';
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    // exclusive create: a name that exists already (another run's temp file) is never reused
    tmp = path.join(dir, `.${path.basename(target)}.dockerslim-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
    try {
      fd = openSync(tmp, 'wx', 0o600);
    } catch (e) {
      if (isPermission(e)) return false; // the folder is not writable, the file is
      if ((e as { code?: string }).code !== 'EEXIST' || attempt >= 10) throw e;
    }
  }
  inProgress.add(tmp);
  try {
    try {
      const made = fstatSync(fd);
      if (made.uid !== st.uid || made.gid !== st.gid) {
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch (e) {
          if (!isPermission(e)) throw e;
          rmSync(tmp, { force: true });
          return false;
        }
      }
      writeAll(fd, bytes);
      fchmodSync(fd, st.mode & 0o7777); // after chown, which clears set-id bits; and open's mode had the umask applied
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    inProgress.delete(tmp);
  }
  syncDirectory(dir);
  return true;
}

/**
 * Creates `file` with `content` the same way: a complete temp file, then linked into place, which fails
 * (EEXIST) rather than replace a file that appeared meanwhile. The mode is the default for new files.
 */
export function createFileAtomic(file: string, content: string): void {
  const dir = realpathSync(path.dirname(file));
  const target = path.join(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(target)}.dockerslim-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  const fd = openSync(tmp, 'wx', 0o666); // the umask applies, as to any new file
  inProgress.add(tmp);
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
    inProgress.delete(tmp);
  }
  syncDirectory(dir);
}

/** Overwrites the file's own inode: links, owner, group, mode and extended attributes all stay. */
function writeInPlace(target: string, bytes: Buffer): void {
  const fd = openSync(target, 'r+');
  try {
    writeAll(fd, bytes, 0);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer, position?: number): void {
  for (let off = 0; off < bytes.length; ) {
    off += writeSync(fd, bytes, off, bytes.length - off, position === undefined ? null : position + off);
  }
}

function isPermission(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EPERM' || code === 'EACCES';
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

/** Removes temp files still being written (called when a signal stops the program). */
export function removeTempFiles(): void {
  for (const tmp of inProgress) rmSync(tmp, { force: true });
  inProgress.clear();
}
