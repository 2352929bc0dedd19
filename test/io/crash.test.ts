/**
 * `--fix` attacked while it writes: killed at each step of the write (through the pause seam) and at random
 * times, the disk full (ENOSPC injected at the write, and a real full tmpfs where this runs as root), two
 * runs at once with a reader polling the file. The file is always exactly the old bytes or the new ones.
 */
// @tier io
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { WriteStep } from '../../server/src/io/faults';
import { run, start, tempDir } from './helpers';

const OLD = '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- admins -->\r\n<authentication hash="bcrypt">\r\n  <user name="a" password="pw-a" role="administrator"/>\r\n  <user name="b" password="pw-b" role="user"/>\r\n  <user name="c" password="pw-c" role="user"/>\r\n</authentication>\r\n';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NEW = new RegExp(`^${escape(OLD).replace(/pw-[abc]/g, '\\$2b\\$10\\$[./A-Za-z0-9]{53}')}$`);
const FILES = ['rudder-users.xml', 'rudder-web.properties'];

function scratch(): { dir: string; file: string } {
  const dir = tempDir({ 'rudder-users.xml': OLD, 'rudder-web.properties': 'rudder.bcrypt.cost=10\n' });
  return { dir, file: path.join(dir, 'rudder-users.xml') };
}

function state(file: string): 'old' | 'new' | 'corrupt' {
  const text = fs.readFileSync(file, 'utf8');
  return text === OLD ? 'old' : NEW.test(text) ? 'new' : 'corrupt';
}

function exited(p: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (d: Buffer) => (stdout += d));
  p.stderr!.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => p.once('close', (code) => resolve({ code, stdout, stderr })));
}

function paused(p: ChildProcess, step: WriteStep): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    p.stderr!.on('data', (d: Buffer) => {
      seen += d;
      if (seen.includes(`paused at ${step}`)) resolve();
    });
    p.once('close', () => reject(new Error(`exited before ${step}: ${seen}`)));
  });
}

/** After a kill, a normal run finishes the job (stale lock broken, stray temporary removed) and leaves only the files. */
function recovers(dir: string, file: string): void {
  const r = run(['--fix', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(state(file), 'new');
  assert.deepEqual(fs.readdirSync(dir).sort(), FILES);
}

const STEPS: { step: WriteStep; after: 'old' | 'new' }[] = [
  { step: 'locked', after: 'old' },
  { step: 'temp-created', after: 'old' },
  { step: 'temp-written', after: 'old' },
  { step: 'temp-synced', after: 'old' },
  { step: 'renamed', after: 'new' },
  { step: 'folder-synced', after: 'new' },
];
const ROUNDS_PER_STEP = 5;
const RANDOM_KILLS = 30;

describe('killed while writing', () => {
  for (const { step, after } of STEPS) {
    test(`SIGKILL at ${step}, ${ROUNDS_PER_STEP} times: the ${after} file, then a clean recovery`, async () => {
      for (let i = 0; i < ROUNDS_PER_STEP; i++) {
        const { dir, file } = scratch();
        const p = start(['--fix', dir], { RUDDER_LINT_TEST_PAUSE: step });
        const done = exited(p);
        await paused(p, step);
        p.kill('SIGKILL');
        await done;
        assert.equal(state(file), after);
        recovers(dir, file);
      }
    });
  }

  test(`SIGKILL at a random time, ${RANDOM_KILLS} times: old or new, never less`, async (t) => {
    const t0 = Date.now();
    const first = scratch();
    recovers(first.dir, first.file);
    const typical = Math.max(50, Date.now() - t0);
    const seen = { old: 0, new: 0, corrupt: 0 };
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const { dir, file } = scratch();
      const p = start(['--fix', dir]);
      const done = exited(p);
      await new Promise((r) => setTimeout(r, Math.random() * typical * 1.2));
      p.kill('SIGKILL');
      await done;
      seen[state(file)]++;
      recovers(dir, file);
    }
    t.diagnostic(`after the kill: ${seen.old} old, ${seen.new} new (a run takes about ${typical} ms)`);
    assert.equal(seen.corrupt, 0, JSON.stringify(seen));
  });
});

describe('a full disk', () => {
  for (const code of ['ENOSPC', 'EDQUOT', 'EIO']) {
    test(`${code} in the middle of the write: exit 2, the file unchanged, no temporary left`, () => {
      const { dir, file } = scratch();
      const r = run(['--fix', dir], { env: { RUDDER_LINT_TEST_FAIL: `write:${code}` } });
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`rudder-users.xml: ${code} while writing .*; the file is unchanged`));
      assert.equal(state(file), 'old');
      assert.deepEqual(fs.readdirSync(dir).sort(), FILES);
    });
  }

  const root = process.getuid?.() === 0;
  test('a real full tmpfs: exit 2, the file unchanged', { skip: root ? undefined : 'mounting a tmpfs needs root' }, () => {
    const mnt = fs.mkdtempSync(path.join('/tmp', 'rudder-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    assert.equal(mounted.status, 0, `mount -t tmpfs failed: ${mounted.stderr}`);
    try {
      fs.writeFileSync(path.join(mnt, 'rudder-users.xml'), OLD);
      fs.writeFileSync(path.join(mnt, 'rudder-web.properties'), 'rudder.bcrypt.cost=10\n');
      const fill = fs.openSync(path.join(mnt, 'fill'), 'w');
      try {
        for (;;) fs.writeSync(fill, Buffer.alloc(512));
      } catch (e) {
        assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(fill);
      }
      const r = run(['--fix', mnt]);
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, /ENOSPC/);
      assert.equal(state(path.join(mnt, 'rudder-users.xml')), 'old');
      assert.deepEqual(fs.readdirSync(mnt).sort(), ['fill', ...FILES]);
    } finally {
      spawnSync('umount', [mnt]);
      fs.rmdirSync(mnt);
    }
  });
});

test('two --fix at once, 25 rounds, a reader polling: always old or new; one hashes, the other finds nothing left', async () => {
  for (let round = 0; round < 25; round++) {
    const { dir, file } = scratch();
    const runs = [exited(start(['--fix', dir])), exited(start(['--fix', dir]))];
    let finished = false;
    const results = Promise.all(runs).finally(() => (finished = true));
    while (!finished) {
      assert.notEqual(state(file), 'corrupt', `round ${round}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const [x, y] = await results;
    assert.deepEqual([x.code, y.code], [0, 0], x.stderr + y.stderr);
    assert.equal([x, y].filter((r) => /hashed 3 plain-text password/.test(r.stdout)).length, 1, `round ${round}: ${x.stdout} | ${y.stdout}`);
    assert.equal(state(file), 'new');
    assert.deepEqual(fs.readdirSync(dir).sort(), FILES);
  }
});

test('a lock held by a live process is waited for, then reported with the holder and the path to remove', () => {
  const { dir, file } = scratch();
  const lock = path.join(dir, '.rudder-users.xml.rudder-lint.lock');
  fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));
  const r = run(['--fix', dir], { env: { RUDDER_LINT_TEST_LOCK_WAIT_MS: '300' } });
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr.trim(),
    `rudder-lint: ${file}: another rudder-lint is changing it (pid ${process.pid} on ${os.hostname()}, since 2026-01-01T00:00:00.000Z); waited 0.3 s. If none is running, remove ${lock}`,
  );
  assert.equal(state(file), 'old');
});
