/**
 * One writer at a time per file: `rudder-lint --fix` and `passwd` hold `.<name>.rudder-lint.lock` next to the
 * file they change from before they read it until after the rename. The lock file is created with O_EXCL and
 * says who holds it (pid, host, start time). A lock whose process is gone (same host, no such pid) is stale and
 * is broken; breaking goes through a second, short-lived lock so that two runs that find the same stale lock
 * cannot both break it (the second would otherwise delete the first's fresh lock). A live lock is waited for,
 * then reported with the holder and the path to remove if that holder is not a rudder-lint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpoint, lockWaitMs } from './faults';
import { IoError } from './read';

export class LockBusy extends IoError {}

const POLL_MS = 20;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function readHolder(lock: string): Holder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(lock, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/** True when the holder is certainly gone: same host and no such process. */
function isStale(h: Holder | undefined, lock: string): boolean {
  if (!h) {
    try {
      return Date.now() - fs.statSync(lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  if (h.host !== os.hostname()) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function tryCreate(lock: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lock, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new IoError(`${lock}: could not create the lock (${code}); nothing written`);
  }
  try {
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
  } catch (e) {
    fs.rmSync(lock, { force: true });
    throw new IoError(`${lock}: could not write the lock (${(e as NodeJS.ErrnoException).code}); nothing written`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Remove `lock` if it is stale, serialised with every other breaker through `lock.break`. */
function breakIfStale(lock: string): void {
  const breaker = `${lock}.break`;
  if (!tryCreate(breaker)) {
    if (isStale(readHolder(breaker), breaker)) fs.rmSync(breaker, { force: true });
    return;
  }
  try {
    if (isStale(readHolder(lock), lock)) fs.rmSync(lock, { force: true });
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

export function lockPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.rudder-lint.lock`);
}

/** Run `fn` holding the lock of `file` (a real path), waiting up to `waitMs` for another holder. */
export function withFileLock<T>(file: string, fn: () => T, waitMs = lockWaitMs()): T {
  const lock = lockPath(file);
  const deadline = Date.now() + waitMs;
  while (!tryCreate(lock)) {
    breakIfStale(lock);
    if (Date.now() > deadline) {
      const h = readHolder(lock);
      const who = h ? `pid ${h.pid} on ${h.host}, since ${h.since}` : 'an unknown process';
      throw new LockBusy(`${file}: another rudder-lint is changing it (${who}); waited ${Number((waitMs / 1000).toFixed(1))} s. If none is running, remove ${lock}`);
    }
    sleep(POLL_MS);
  }
  try {
    checkpoint('locked');
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
