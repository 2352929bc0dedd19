/** The hashing pool: concurrent jobs run on every worker at once, an aborted job leaves the queue, results verify. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import bcrypt from 'bcryptjs';
import { Hasher } from '../../server/src/hashing/hasher';

const WORKER = path.resolve(__dirname, '../../server/src/hashing/worker.js');

test('100 concurrent hash requests run on every worker of the pool, not one at a time', async () => {
  const hasher = new Hasher(WORKER, 2);
  try {
    const hashes = await Promise.all(Array.from({ length: 100 }, (_, i) => hasher.hash('bcrypt', `pw-${i}`, 4)));
    assert.equal(hasher.peak, 2);
    assert.ok(hashes.every((h, i) => bcrypt.compareSync(`pw-${i}`, h)));
  } finally {
    hasher.dispose();
  }
});

test('an aborted job is dropped from the queue; the others finish', async () => {
  const hasher = new Hasher(WORKER, 1);
  try {
    const abort = new AbortController();
    const first = hasher.hash('bcrypt', 'a', 8);
    const dropped = hasher.hash('bcrypt', 'b', 8, abort.signal);
    const last = hasher.hash('sha256', 'c', 0);
    abort.abort();
    await assert.rejects(dropped, { name: 'AbortError' });
    assert.ok(bcrypt.compareSync('a', await first));
    assert.equal(await last, '2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6');
  } finally {
    hasher.dispose();
  }
});
