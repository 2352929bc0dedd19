/** Only regular files are read, never blocking, never more than the cap: sync (CLI) and async (server) alike. */
// @tier io
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readRegularFile, readRegularFileSync, ReadError, type ReadErrorKind } from '../../server/src/io/read';
import { mkfifo, tempDir, unixSocket } from './helpers';

const CAP = 1024;

async function kinds(file: string): Promise<[ReadErrorKind | 'ok', ReadErrorKind | 'ok']> {
  const sync = (() => {
    try {
      readRegularFileSync(file, CAP);
      return 'ok' as const;
    } catch (e) {
      assert.ok(e instanceof ReadError, String(e));
      return e.kind;
    }
  })();
  const async = await readRegularFile(file, CAP).then(
    () => 'ok' as const,
    (e) => {
      assert.ok(e instanceof ReadError, String(e));
      return (e as ReadError).kind;
    },
  );
  return [sync, async];
}

describe('readRegularFile', () => {
  const dir = tempDir({ 'ok.xml': 'x'.repeat(CAP), 'big.xml': 'x'.repeat(CAP + 1) });
  fs.symlinkSync(path.join(dir, 'ok.xml'), path.join(dir, 'link.xml'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.xml'));
  fs.symlinkSync('/dev/urandom', path.join(dir, 'urandom.xml'));
  fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  mkfifo(path.join(dir, 'fifo.xml'));
  fs.symlinkSync(path.join(dir, 'fifo.xml'), path.join(dir, 'fifo-link.xml'));
  fs.mkdirSync(path.join(dir, 'folder.xml'));

  const cases: [string, ReadErrorKind | 'ok'][] = [
    ['ok.xml', 'ok'],
    ['link.xml', 'ok'],
    ['big.xml', 'too-large'],
    ['missing.xml', 'missing'],
    ['zero.xml', 'device'],
    ['urandom.xml', 'device'],
    ['fifo.xml', 'fifo'],
    ['fifo-link.xml', 'fifo'],
    ['folder.xml', 'directory'],
    ['loop-a', 'unreadable'],
  ];
  for (const [name, expected] of cases) {
    test(`${name}: ${expected}`, async () => assert.deepEqual(await kinds(path.join(dir, name)), [expected, expected]));
  }

  test('a socket: socket', async () => {
    const file = path.join(dir, 'sock.xml');
    const server = await unixSocket(file);
    try {
      assert.deepEqual(await kinds(file), ['socket', 'socket']);
    } finally {
      server.close();
    }
  });

  test('a regular file that grows past the cap while read is cut at cap + 1 bytes and refused', () => {
    assert.throws(() => readRegularFileSync('/proc/self/maps', 8), (e: unknown) => e instanceof ReadError && e.kind === 'too-large');
  });

  test('the message names the file and what it is, nothing from inside it', async () => {
    const e = (await readRegularFile(path.join(dir, 'fifo.xml'), CAP).catch((x: unknown) => x)) as ReadError;
    assert.equal(e.message, `${path.join(dir, 'fifo.xml')}: is a FIFO (named pipe), not a regular file; not read`);
  });
});
