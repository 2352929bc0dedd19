/**
 * Atomic, faithful writes: the new bytes go to a temporary file in the same folder, which is flushed to disk
 * (fsync), given the mode and owner of the file it replaces, renamed over it, and the folder is flushed so the
 * rename survives a crash. At every instant the path holds either the old bytes or the new ones, never less:
 * a full disk or a kill leaves the old file (a failed write removes its temporary file; a killed run's is
 * removed by the next write). A symlink's target is written and the link stays. A file with several hard links is
 * refused: a rename would detach the other names, and writing in place is not atomic.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpoint, errnoError, injectedFailure } from './faults';
import { IoError, notRegular, ReadError } from './read';

/** The write was refused before anything changed; the message says why. */
export class WriteRefused extends IoError {}

export interface WriteTarget {
  /** The real path (symlinks resolved): the file that is replaced. */
  file: string;
  stat: fs.Stats;
}

/** Where a write to `file` lands, after checking that it can be done faithfully. */
export function writeTarget(file: string): WriteTarget {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReadError(file, code === 'ENOENT' ? 'missing' : 'unreadable', code === 'ENOENT' ? 'does not exist' : `cannot be resolved (${code})`);
  }
  const stat = fs.statSync(real);
  const special = notRegular(file, stat);
  if (special) throw special;
  if (stat.nlink > 1) {
    throw new WriteRefused(
      `${file}: has ${stat.nlink} hard links; replacing it would detach the other ${stat.nlink - 1} and writing in place is not atomic, so nothing was written (make it a single file first, e.g. cp -p FILE FILE.tmp && mv FILE.tmp FILE)`,
    );
  }
  return { file: real, stat };
}

function writeAll(fd: number, data: Uint8Array, tmp: string): void {
  const fail = injectedFailure('write');
  const end = fail ? data.length >> 1 : data.length;
  for (let off = 0; off < end; ) off += fs.writeSync(fd, data, off, end - off);
  if (fail) throw errnoError(fail, 'write', tmp);
}

/** Keep the replaced file's owner and group; refuse when that is not permitted rather than change them. */
function keepOwner(fd: number, target: WriteTarget): void {
  try {
    fs.fchownSync(fd, target.stat.uid, target.stat.gid);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EINVAL') throw e;
    throw new WriteRefused(`${target.file}: its owner (${target.stat.uid}:${target.stat.gid}) could not be kept (${code}); nothing written (run as that user or as root)`);
  }
}

/**
 * Replace `target.file` by `data`. `unchanged` is checked just before the rename: when the file changed since it
 * was read (another program wrote it), nothing is written.
 */
export function writeFileAtomicSync(target: WriteTarget, data: Uint8Array, unchanged: (now: fs.Stats) => boolean = () => true): void {
  const dir = path.dirname(target.file);
  removeStaleTemporaries(dir, path.basename(target.file));
  const tmp = path.join(dir, `.${path.basename(target.file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  let open = true;
  let renamed = false;
  try {
    checkpoint('temp-created');
    keepOwner(fd, target);
    fs.fchmodSync(fd, target.stat.mode & 0o7777);
    writeAll(fd, data, tmp);
    checkpoint('temp-written');
    fs.fsyncSync(fd);
    checkpoint('temp-synced');
    fs.closeSync(fd);
    open = false;
    if (!unchanged(fs.statSync(target.file))) throw new WriteRefused(`${target.file}: changed while it was being fixed; nothing written`);
    fs.renameSync(tmp, target.file);
    renamed = true;
    checkpoint('renamed');
    syncFolder(dir);
    checkpoint('folder-synced');
  } catch (e) {
    if (open) fs.closeSync(fd);
    if (!renamed) fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Temporary files that a killed run left (its pid is gone); called under the file's lock. */
function removeStaleTemporaries(dir: string, base: string): void {
  const prefix = `.${base}.`;
  for (const name of fs.readdirSync(dir)) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}

function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
