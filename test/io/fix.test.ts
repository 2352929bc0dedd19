/**
 * `rudder-lint --fix` as admins run it: the file's encoding and every byte but the hashed values kept, mode,
 * owner and symlinks kept, hard links and special files refused with exit 2 and nothing written, the ≤ 8.1
 * single-verifier trap explained instead of sprung, a masked dry run. Hashes are checked with python3-bcrypt.
 */
// @tier io
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { bcryptHashes, HAS_PYTHON_BCRYPT, mkfifo, pythonBcrypt, requireTool, run, tempDir, unixSocket } from './helpers';

const COST = { 'rudder-web.properties': 'rudder.bcrypt.cost=10\n' };
const users = (body: string, root = '<authentication hash="bcrypt">') => `${root}\r\n${body}</authentication>\r\n`;

describe('--fix keeps the encoding and every other byte', () => {
  const latin1 = `<?xml version="1.0" encoding="ISO-8859-1"?>\r\n${users('  <user name="jürgen" password="Grüße1" role="administrator"/>\r\n  <user name="zoë" password="$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="user"/>\r\n')}`;
  const cases: { name: string; bytes: Buffer; encode: (s: string) => Buffer }[] = [
    { name: 'ISO-8859-1', bytes: Buffer.from(latin1, 'latin1'), encode: (s) => Buffer.from(s, 'latin1') },
    { name: 'UTF-8 with BOM', bytes: Buffer.from(`\ufeff${users('\t<user name="jürgen" password="Grüße1" role="user"/>\n')}`, 'utf8'), encode: (s) => Buffer.from(s, 'utf8') },
    { name: 'UTF-16 LE', bytes: Buffer.from(`\ufeff${users('<user name="jürgen" password="Grüße1"/>')}`, 'utf16le'), encode: (s) => Buffer.from(s, 'utf16le') },
    { name: 'UTF-16 BE', bytes: Buffer.from(`\ufeff${users('<user name="jürgen" password="Grüße1"/>')}`, 'utf16le').swap16(), encode: (s) => Buffer.from(s, 'utf16le').swap16() },
  ];
  for (const c of cases) {
    test(`${c.name}: jürgen intact, the hash verifies the UTF-8 bytes of Grüße1`, requireTool('python3-bcrypt', HAS_PYTHON_BCRYPT), () => {
      const dir = tempDir({ ...COST, 'rudder-users.xml': c.bytes });
      const r = run(['--fix', dir]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /hashing the plain-text password of 'jürgen' with bcrypt \(cost 10\)/);
      const after = fs.readFileSync(path.join(dir, 'rudder-users.xml'));
      const decoded = c.name.startsWith('UTF-16 BE') ? Buffer.from(after).swap16().toString('utf16le') : c.name === 'UTF-16 LE' ? after.toString('utf16le') : c.name === 'ISO-8859-1' ? after.toString('latin1') : after.toString('utf8');
      const [hash] = bcryptHashes(decoded).filter((h) => h.startsWith('$2b$10$'));
      assert.ok(after.equals(c.encode(decodeOriginal(c).replace('Grüße1', hash))), 'only the value changed');
      assert.ok(pythonBcrypt('Grüße1', hash), 'python3-bcrypt verifies Grüße1');
      assert.ok(!r.stdout.includes('Grüße1') && !r.stderr.includes('Grüße1'));
    });
  }
  function decodeOriginal(c: (typeof cases)[number]): string {
    if (c.name === 'ISO-8859-1') return c.bytes.toString('latin1');
    if (c.name === 'UTF-16 LE') return c.bytes.toString('utf16le');
    if (c.name === 'UTF-16 BE') return Buffer.from(c.bytes).swap16().toString('utf16le');
    return c.bytes.toString('utf8');
  }

  test('a file that is not valid in its encoding is refused (exit 2), nothing written', () => {
    const bytes = Buffer.concat([Buffer.from('<authentication hash="bcrypt"><user name="j'), Buffer.from([0xfc]), Buffer.from('rgen" password="pw"/></authentication>')]);
    const dir = tempDir({ ...COST, 'rudder-users.xml': bytes });
    const r = run(['--fix', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not valid UTF-8 \(Rudder's parser rejects it\); nothing written/);
    assert.ok(fs.readFileSync(path.join(dir, 'rudder-users.xml')).equals(bytes));
  });
});

describe('--fix keeps mode, owner and links', () => {
  const TEXT = users('  <user name="a" password="first" role="user"/>\r\n');

  test('mode and owner are kept', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const file = path.join(dir, 'rudder-users.xml');
    fs.chmodSync(file, 0o640);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chownSync(file, 1234, 4321);
    const r = run(['--fix', dir]);
    assert.equal(r.status, 0, r.stderr);
    const st = fs.statSync(file);
    assert.equal(st.mode & 0o7777, 0o640);
    if (asRoot) assert.deepEqual([st.uid, st.gid], [1234, 4321]);
    assert.equal(bcryptHashes(fs.readFileSync(file, 'utf8')).length, 1);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['rudder-users.xml', 'rudder-web.properties'], 'no temporary or lock file left');
  });

  test("a symlink's target is written and the link stays", () => {
    const dir = tempDir({ ...COST, 'real/users.xml': TEXT });
    const link = path.join(dir, 'rudder-users.xml');
    fs.symlinkSync(path.join('real', 'users.xml'), link);
    const r = run(['--fix', link]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readlinkSync(link), path.join('real', 'users.xml'));
    assert.equal(bcryptHashes(fs.readFileSync(path.join(dir, 'real', 'users.xml'), 'utf8')).length, 1);
  });

  test('a file with two hard links is refused with exit 2 and the reason; both names unchanged', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    fs.linkSync(path.join(dir, 'rudder-users.xml'), path.join(dir, 'backup.xml'));
    const r = run(['--fix', path.join(dir, 'rudder-users.xml')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /has 2 hard links; replacing it would detach the other 1 .*nothing was written/);
    assert.equal(fs.readFileSync(path.join(dir, 'backup.xml'), 'utf8'), TEXT);
    assert.equal(fs.statSync(path.join(dir, 'rudder-users.xml')).nlink, 2);
  });
});

describe('--fix refuses special and oversize files with exit 2, without hanging', () => {
  const specials: [string, (file: string) => void, RegExp][] = [
    ['a FIFO', (f) => mkfifo(f), /is a FIFO/],
    ['a symlink to /dev/zero', (f) => fs.symlinkSync('/dev/zero', f), /is a device/],
    ['a symlink to /dev/urandom', (f) => fs.symlinkSync('/dev/urandom', f), /is a device/],
    ['a file over the size limit', (f) => fs.writeFileSync(f, `<authentication>${' '.repeat(6 * 1024 * 1024)}</authentication>`), /is larger than 5 MB/],
  ];
  for (const [name, make, message] of specials) {
    for (const args of [['--fix'], []]) {
      test(`${name}${args.length ? ' (--fix)' : ' (lint)'}`, () => {
        const dir = tempDir(COST);
        const file = path.join(dir, 'rudder-users.xml');
        make(file);
        const r = run([...args, file], { timeout: 10_000 });
        if (!args.length && name.includes('size limit')) {
          assert.equal(r.status, 0, 'a lint over the limit gets the cheap checks');
          return;
        }
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, message);
      });
    }
  }

  test('a socket', async () => {
    const dir = tempDir(COST);
    const file = path.join(dir, 'rudder-users.xml');
    const server = await unixSocket(file);
    try {
      const r = run(['--fix', file], { timeout: 10_000 });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is a socket/);
    } finally {
      server.close();
    }
  });

  test('special siblings are named on stderr and skipped; the users file is still checked and fixed', () => {
    const dir = tempDir({ 'rudder-users.xml': users('  <user name="a" password="first" role="user"/>\r\n') });
    mkfifo(path.join(dir, 'rudder-web.properties'));
    fs.mkdirSync(path.join(dir, 'rudder-web.properties.d'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'rudder-web.properties.d', '10-zero.properties'));
    const r = run(['--fix', path.join(dir, 'rudder-users.xml')], { timeout: 15_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: sibling .*rudder-web.properties: is a FIFO/);
    assert.match(r.stderr, /warning: sibling .*10-zero.properties: is a device/);
    assert.equal(bcryptHashes(fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8')).length, 1);
  });
});

describe('--fix up to 8.1: one verifier for the whole file', () => {
  const SHA = 'c6ba91b90d922e159893f46c387e5dc1b3dc5c101a5a4522f03b987177a24a91';
  const TEXT = users(`  <user name="admin" password="${SHA}" role="administrator"/>\r\n  <user name="bob" password="plain-pw" role="user"/>\r\n`, '<authentication hash="sha256">');

  test('without --switch-hash: nothing written, and it says who would be locked out', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const r = run(['--rudder-version', '8.1', '--fix', dir]);
    assert.match(r.stdout, /not fixed: in Rudder 8\.1 and older one algorithm verifies every password of the file \(hash="sha256": SHA-256\).*'admin' could no longer log in\. Run --fix --switch-hash/);
    assert.equal(fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8'), TEXT);
  });

  test('with --switch-hash: hash="bcrypt", the plain password hashed, the locked-out user named', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const r = run(['--rudder-version', '8.1', '--fix', '--switch-hash', dir]);
    assert.match(r.stdout, /setting hash="bcrypt" \(--switch-hash\); 'admin' will no longer log in/);
    const after = fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8');
    const [hash] = bcryptHashes(after);
    assert.equal(after, TEXT.replace('hash="sha256"', 'hash="bcrypt"').replace('plain-pw', hash));
  });

  test('from 8.2 the root hash is left alone (per-password detection)', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const r = run(['--rudder-version', '8.3', '--fix', dir]);
    assert.doesNotMatch(r.stdout, /not fixed/);
    assert.match(fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8'), /hash="sha256"/);
  });
});

test('--fix names passwords longer than the 72 bytes bcrypt reads', () => {
  const long = 'é'.repeat(40);
  const dir = tempDir({ ...COST, 'rudder-users.xml': users(`<user name="long" password="${long}" role="user"/>`) });
  const r = run(['--fix', dir]);
  assert.match(r.stdout, /warning: the password of 'long' is 80 UTF-8 bytes; bcrypt ignores the last 8/);
  assert.ok(!r.stdout.includes(long));
});

test('--fix --dry-run prints a unified diff with every password masked and writes nothing', () => {
  const TEXT = users('  <user name="a" password="s3cret-a" role="user"/>\r\n  <user name="b" password="LDAP" role="user"/>\r\n  <user name="c" password="s3cret-c"\r\n        role="user"/>\r\n');
  const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
  const r = run(['--fix', '--dry-run', dir]);
  const diff = r.stdout.slice(r.stdout.indexOf('===='), r.stdout.indexOf(dir, r.stdout.indexOf('--- a/')));
  assert.equal(
    diff,
    [
      '='.repeat(67),
      '--- a/rudder-users.xml',
      '+++ b/rudder-users.xml',
      '@@ -1,6 +1,6 @@',
      ' <authentication hash="bcrypt">',
      '-  <user name="a" password="********" role="user"/>',
      '+  <user name="a" password="<new bcrypt hash>" role="user"/>',
      '   <user name="b" password="********" role="user"/>',
      '-  <user name="c" password="********"',
      '+  <user name="c" password="<new bcrypt hash>"',
      '         role="user"/>',
      ' </authentication>',
      '',
    ].join('\n'),
  );
  assert.ok(!/s3cret/.test(r.stdout + r.stderr));
  assert.equal(fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8'), TEXT);
});
