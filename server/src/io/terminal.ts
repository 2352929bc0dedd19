/**
 * Reading a password for `passwd` and `verify`: from the terminal without echo (the terminal is put in
 * non-canonical, no-echo, no-signal mode with `stty`, and restored whatever happens, so Ctrl-C cannot leave it
 * silent), or from standard input for automation. Synchronous: the CLI has no event loop to keep free.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as tty from 'node:tty';
import { IoError } from './read';

/** The password entry was abandoned (Ctrl-C, Ctrl-D, end of input). */
export class PasswordAborted extends IoError {}

const MAX_PASSWORD_BYTES = 64 * 1024;

function stty(...args: string[]): string {
  const r = spawnSync('stty', args, { stdio: [0, 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new IoError(`cannot set up the terminal (stty ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim()})`);
  return r.stdout.trim();
}

function readByte(fd: number, buf: Buffer): number | undefined {
  for (;;) {
    try {
      return fs.readSync(fd, buf, 0, 1, null) === 0 ? undefined : buf[0];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

export function stdinIsTerminal(): boolean {
  return tty.isatty(0);
}

/** One line typed on the terminal (fd 0), not echoed; `prompt` goes to stderr. */
export function readHiddenLine(prompt: string): string {
  const saved = stty('-g');
  const bytes: number[] = [];
  const buf = Buffer.alloc(1);
  try {
    stty('-echo', '-icanon', '-isig', 'min', '1', 'time', '0');
    fs.writeSync(2, prompt);
    for (;;) {
      const b = readByte(0, buf);
      if (b === undefined || b === 0x03 || (b === 0x04 && bytes.length === 0)) throw new PasswordAborted('password entry abandoned; nothing changed');
      if (b === 0x0d || b === 0x0a) break;
      if (b === 0x7f || b === 0x08) {
        do bytes.pop();
        while (bytes.length && (bytes[bytes.length - 1] & 0xc0) === 0x80);
      } else if (b === 0x15) bytes.length = 0;
      else if (b !== 0x04 && bytes.length < MAX_PASSWORD_BYTES) bytes.push(b);
    }
  } finally {
    stty(saved);
    fs.writeSync(2, '\n');
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The password on standard input: everything up to the first line ending (or the end). */
export function readPasswordFromStdin(): string {
  const bytes: number[] = [];
  const buf = Buffer.alloc(1);
  for (;;) {
    const b = readByte(0, buf);
    if (b === undefined || b === 0x0a) break;
    if (bytes.length < MAX_PASSWORD_BYTES) bytes.push(b);
  }
  if (bytes[bytes.length - 1] === 0x0d) bytes.pop();
  return Buffer.from(bytes).toString('utf8');
}
