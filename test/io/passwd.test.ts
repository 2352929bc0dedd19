/**
 * `rudder-lint passwd` and `verify` typed at a real pseudo-terminal (util-linux `script`): no echo, two entries
 * that must agree, refusals that write nothing, the terminal restored after Ctrl-C; hashes checked with
 * python3-bcrypt, argon2id with Debian's `argon2`. Neither command ever prints the password or the hash.
 */
// @tier io
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { bcryptHashes, CLI, HAS_ARGON2, HAS_PYTHON_BCRYPT, HAS_SCRIPT, pythonBcrypt, requireTool, run, tempDir } from './helpers';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run the CLI on a pseudo-terminal, typing each of `keys` when the next prompt appears; resolves with the exit code and everything the terminal showed. */
function onTerminal(args: string[], keys: string[], after = ''): Promise<{ code: number | null; screen: string }> {
  const command = `${[process.execPath, CLI, ...args].map(shellQuote).join(' ')}${after}`;
  const p = spawn('script', ['-qefc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let prompts = 0;
  p.stdout.on('data', (d: Buffer) => {
    screen += d.toString('utf8');
    const seen = (screen.match(/(password for [^:]+|Retype it): /gi) ?? []).length;
    while (prompts < seen && prompts < keys.length) p.stdin.write(keys[prompts++]);
  });
  const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    p.once('close', (code) => {
      clearTimeout(timer);
      p.stdin.end();
      resolve({ code, screen });
    }),
  );
}

const COST = { 'rudder-web.properties': 'rudder.bcrypt.cost=10\n' };
const TEXT = '<authentication hash="bcrypt">\r\n  <!-- the admins -->\r\n  <user name="alice" password="$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="administrator"/>\r\n  <user name="bob" role="user"/>\r\n</authentication>\r\n';
const terminal = { ...requireTool('script (util-linux)', HAS_SCRIPT), ...requireTool('python3-bcrypt', HAS_PYTHON_BCRYPT) };

describe('rudder-lint passwd on a terminal', () => {
  test('typed twice without echo: only that value changes, python3-bcrypt verifies it, the restart step is printed', terminal, async () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const file = path.join(dir, 'rudder-users.xml');
    const { code, screen } = await onTerminal(['passwd', 'alice', file], ['Tr0ub4dor&3\r', 'Tr0ub4dor&3\r']);
    assert.equal(code, 0, screen);
    assert.match(screen, /New password for alice: /);
    assert.match(screen, /Retype it: /);
    assert.match(screen, /systemctl restart rudder-jetty/);
    const after = fs.readFileSync(file, 'utf8');
    const [hash] = bcryptHashes(after);
    assert.match(hash, /^\$2b\$10\$/, 'the sibling cost');
    assert.equal(after, TEXT.replace(/\$2b\$12\$[^"]+/, hash));
    assert.ok(pythonBcrypt('Tr0ub4dor&3', hash));
    assert.ok(!screen.includes('Tr0ub4dor') && !screen.includes(hash), 'no echo, no hash on screen');
  });

  test('a user without a password gets the attribute after its name', terminal, async () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const file = path.join(dir, 'rudder-users.xml');
    const { code } = await onTerminal(['passwd', 'bob', file], ['pw-of-bob\r', 'pw-of-bob\r']);
    assert.equal(code, 0);
    const after = fs.readFileSync(file, 'utf8');
    const hash = bcryptHashes(after)[1];
    assert.equal(after, TEXT.replace('<user name="bob" role', `<user name="bob" password="${hash}" role`));
    assert.ok(pythonBcrypt('pw-of-bob', hash));
  });

  const refusals: [string, string[], RegExp][] = [
    ['two different entries', ['one-pass\r', 'another\r'], /the two passwords differ; nothing changed/],
    ['an empty password', ['\r'], /the password is empty; nothing changed/],
    ['73 UTF-8 bytes', [`${'é'.repeat(36)}x\r`, `${'é'.repeat(36)}x\r`], /the password is 73 UTF-8 bytes; bcrypt only uses the first 72/],
    ['Ctrl-C', ['abc\u0003'], /password entry abandoned; nothing changed/],
  ];
  for (const [name, keys, message] of refusals) {
    test(`refuses ${name} with exit 2, writes nothing, and leaves the terminal echoing`, terminal, async () => {
      const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
      const file = path.join(dir, 'rudder-users.xml');
      const { code, screen } = await onTerminal(['passwd', 'alice', file], keys, '; echo "exit=$?"; stty -a');
      assert.match(screen, /exit=2/, screen);
      assert.match(screen, message);
      assert.match(screen, /(^|\s)echo(\s|$)/m, 'echo is on again');
      assert.match(screen, /(^|\s)icanon(\s|$)/m);
      assert.equal(code, 0);
      assert.equal(fs.readFileSync(file, 'utf8'), TEXT);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['rudder-users.xml', 'rudder-web.properties']);
    });
  }
});

describe('rudder-lint passwd --password-stdin', () => {
  test('an ISO-8859-1 file: jürgen intact, the hash verifies the UTF-8 bytes of Grüße1', requireTool('python3-bcrypt', HAS_PYTHON_BCRYPT), () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<authentication hash="bcrypt">\n  <user name="jürgen" password="x" role="user"/>\n</authentication>\n', 'latin1');
    const dir = tempDir({ ...COST, 'rudder-users.xml': latin1 });
    const file = path.join(dir, 'rudder-users.xml');
    const r = run(['passwd', '--password-stdin', 'jürgen', file], { input: 'Grüße1\n' });
    assert.equal(r.status, 0, r.stderr);
    const after = fs.readFileSync(file);
    const [hash] = bcryptHashes(after.toString('latin1'));
    assert.ok(after.equals(Buffer.from(latin1.toString('latin1').replace('password="x"', `password="${hash}"`), 'latin1')));
    assert.ok(pythonBcrypt('Grüße1', hash));
  });

  test('--role adds the user after the last one, with its indentation and line ending', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const file = path.join(dir, 'rudder-users.xml');
    const r = run(['passwd', '--password-stdin', '--role', 'read_only', 'carol', file], { input: 'carol-pw\r\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Added 'carol' \(role read_only\)/);
    const after = fs.readFileSync(file, 'utf8');
    const hash = bcryptHashes(after)[1];
    assert.equal(after, TEXT.replace('<user name="bob" role="user"/>', `<user name="bob" role="user"/>\r\n  <user name="carol" password="${hash}" role="read_only"/>`));
    if (HAS_PYTHON_BCRYPT) assert.ok(pythonBcrypt('carol-pw', hash));
  });

  const refused: [string, string[], string, RegExp][] = [
    ['an unknown user without --role', ['passwd', '--password-stdin', 'nobody'], TEXT, /no user 'nobody' \(add one with --role ROLE\); nothing written/],
    ['a duplicated user', ['passwd', '--password-stdin', 'alice'], TEXT.replace('<user name="bob"', '<user name="alice"'), /'alice' is declared 2 times/],
    [
      'a bcrypt hash where hash="sha256" verifies every password (8.1)',
      ['passwd', '--password-stdin', '--rudder-version', '8.1', 'alice'],
      TEXT.replace('hash="bcrypt"', 'hash="sha256"'),
      /in Rudder 8\.1 and older one algorithm verifies every password of the file, and this one uses SHA-256/,
    ],
  ];
  for (const [name, args, text, message] of refused) {
    test(`refuses ${name} (exit 2, nothing written)`, () => {
      const dir = tempDir({ ...COST, 'rudder-users.xml': text });
      const file = path.join(dir, 'rudder-users.xml');
      const r = run([...args, file], { input: 'pw\n' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.equal(fs.readFileSync(file, 'utf8'), text);
    });
  }

  test('without a terminal and without --password-stdin: exit 2 and what to do', () => {
    const dir = tempDir({ ...COST, 'rudder-users.xml': TEXT });
    const r = run(['passwd', 'alice', path.join(dir, 'rudder-users.xml')], { input: '' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /standard input is not a terminal: type the password in one, or pass it with --password-stdin/);
  });
});

describe('rudder-lint verify: the algorithm this Rudder version uses', () => {
  const hex = (alg: string, s: string) => createHash(alg).update(s, 'utf8').digest('hex');
  const cases: { name: string; version: string; text: (pw: string) => string }[] = [
    { name: 'bcrypt (9.1)', version: '9.1', text: () => TEXT },
    { name: 'SHA-256, hash="sha256" (8.1)', version: '8.1', text: (pw) => `<authentication hash="sha256"><user name="alice" password="${hex('sha256', pw)}" role="administrator"/></authentication>` },
    { name: 'plain text, hash="plain" (8.1)', version: '8.1', text: (pw) => `<authentication hash="plain"><user name="alice" password="${pw}" role="administrator"/></authentication>` },
    { name: 'MD5 in legacy mode (8.3)', version: '8.3', text: (pw) => `<authentication hash="md5"><user name="alice" password="${hex('md5', pw)}" role="administrator"/></authentication>` },
  ];
  const PW = 'correct horse';
  for (const c of cases) {
    test(`${c.name}: matches on the terminal (exit 0), a wrong one does not (exit 1)`, terminal, async () => {
      const dir = tempDir({ ...COST, 'rudder-users.xml': c.text(PW) });
      const file = path.join(dir, 'rudder-users.xml');
      if (c.name.startsWith('bcrypt')) assert.equal(run(['passwd', '--password-stdin', 'alice', file], { input: `${PW}\n` }).status, 0);
      const good = await onTerminal(['verify', '--rudder-version', c.version, 'alice', file], [`${PW}\r`]);
      assert.equal(good.code, 0, good.screen);
      assert.match(good.screen, new RegExp(`alice: the password matches \\(.*, as Rudder ${c.version.replace('.', '\\.')} checks it\\)`));
      const bad = await onTerminal(['verify', '--rudder-version', c.version, 'alice', file], ['wrong horse\r']);
      assert.equal(bad.code, 1, bad.screen);
      assert.match(bad.screen, /does NOT match/);
      for (const s of [good.screen, bad.screen]) assert.ok(!s.includes(PW) && !s.includes('wrong horse') && bcryptHashes(s).length === 0 && !/[0-9a-f]{32}/.test(s));
    });
  }

  test("argon2id on 9.x, checked against Debian's argon2", requireTool('argon2', HAS_ARGON2), () => {
    const encoded = spawnSync('argon2', ['somesalt16bytes!', '-id', '-t', '2', '-k', '1024', '-p', '1', '-e'], { input: PW, encoding: 'utf8' }).stdout.trim();
    const dir = tempDir({ 'rudder-users.xml': `<authentication hash="argon2id"><user name="alice" password="${encoded}" role="administrator"/></authentication>` });
    const file = path.join(dir, 'rudder-users.xml');
    assert.equal(run(['verify', '--password-stdin', '--rudder-version', '9.1', 'alice', file], { input: `${PW}\n` }).stdout, 'alice: the password matches (argon2id, as Rudder 9.1 checks it)\n');
    assert.equal(run(['verify', '--password-stdin', '--rudder-version', '9.1', 'alice', file], { input: 'nope\n' }).status, 1);
    const r = run(['verify', '--password-stdin', '--rudder-version', '8.3', 'alice', file], { input: `${PW}\n` });
    assert.equal(r.status, 1, 'argon2id is not verified before 9.0');
    assert.match(r.stdout, /Rudder 8\.3 cannot verify any password for this user/);
  });

  test('a hex digest in 9.x, an unknown user: no password can log in (exit 1), nothing asked', () => {
    const dir = tempDir({ 'rudder-users.xml': `<authentication hash="bcrypt"><user name="alice" password="${hex('sha256', PW)}" role="administrator"/></authentication>` });
    const file = path.join(dir, 'rudder-users.xml');
    const r = run(['verify', '--rudder-version', '9.1', 'alice', file], { input: '' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /alice: Rudder 9\.1 cannot verify any password for this user/);
    const u = run(['verify', '--rudder-version', '9.1', 'zed', file], { input: '' });
    assert.equal(u.status, 1);
    assert.match(u.stdout, /zed: no such user in .*, so no password logs in/);
  });
});
