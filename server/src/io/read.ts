/**
 * Reading files that an admin (or an attacker) may have replaced by something else: only regular files are
 * read, symlinks are followed to regular files only, a FIFO never blocks (it is opened with O_NONBLOCK and
 * refused after `fstat` of the open descriptor, so there is no window between the check and the read), and at
 * most `maxBytes + 1` bytes are read whatever the file claims to be.
 */
import * as fs from 'node:fs';

export type ReadErrorKind = 'missing' | 'directory' | 'fifo' | 'socket' | 'device' | 'too-large' | 'unreadable';

/** A file problem with a complete one-line message (it names the file): the CLI prints it and exits 2. */
export class IoError extends Error {}

export class ReadError extends IoError {
  constructor(
    readonly file: string,
    readonly kind: ReadErrorKind,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;
const CHUNK = 64 * 1024;

function describeMB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** The error for a file whose `stat` is not a regular file, or undefined when it is one. */
export function notRegular(file: string, st: fs.Stats): ReadError | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return new ReadError(file, 'directory', 'is a directory, not a file');
  if (st.isFIFO()) return new ReadError(file, 'fifo', 'is a FIFO (named pipe), not a regular file; not read');
  if (st.isSocket()) return new ReadError(file, 'socket', 'is a socket, not a regular file; not read');
  return new ReadError(file, 'device', 'is a device, not a regular file; not read');
}

function tooLarge(file: string, maxBytes: number): ReadError {
  return new ReadError(file, 'too-large', `is larger than ${describeMB(maxBytes)}; not read`);
}

/** Why `open` failed, in our words. A socket cannot be opened (ENXIO): `stat` tells it apart. */
function openError(file: string, e: NodeJS.ErrnoException, stat: () => fs.Stats | undefined): ReadError {
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return new ReadError(file, 'missing', 'does not exist');
  if (e.code === 'ENXIO' || e.code === 'EOPNOTSUPP') {
    const st = stat();
    if (st) return notRegular(file, st) ?? new ReadError(file, 'unreadable', `cannot be opened (${e.code})`);
  }
  if (e.code === 'EISDIR') return new ReadError(file, 'directory', 'is a directory, not a file');
  if (e.code === 'ELOOP') return new ReadError(file, 'unreadable', 'is a symbolic link loop');
  return new ReadError(file, 'unreadable', `cannot be read (${e.code ?? e.message})`);
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The bytes of the regular file `file` (symlinks followed), or a `ReadError`. Synchronous, for the CLI. */
export function readRegularFileSync(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    throw openError(file, e as NodeJS.ErrnoException, () => statOrUndefined(file));
  }
  try {
    const st = fs.fstatSync(fd);
    const bad = notRegular(file, st);
    if (bad) throw bad;
    if (st.size > maxBytes) throw tooLarge(file, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw openError(file, e as NodeJS.ErrnoException, () => undefined);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same as `readRegularFileSync`, without blocking the event loop: for the language server. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (e) {
    const st = await fs.promises.stat(file).catch(() => undefined);
    throw openError(file, e as NodeJS.ErrnoException, () => st);
  }
  try {
    const st = await handle.stat();
    const bad = notRegular(file, st);
    if (bad) throw bad;
    if (st.size > maxBytes) throw tooLarge(file, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw openError(file, e as NodeJS.ErrnoException, () => undefined);
  } finally {
    await handle.close();
  }
}
