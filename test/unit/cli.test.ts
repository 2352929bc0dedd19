/** The bundled `rudder-lint` as CI runs it: output formats and exit codes 0/1/2. */
// @tier cli
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import bcrypt from 'bcryptjs';
import { REPO } from './markers';

const CLI = path.join(REPO, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// hash="argon2id": on the assumed 9.x, any other value is rewritten at every start (an information finding).
const GOOD = '<authentication hash="argon2id" case-sensitivity="true"><user name="a" password="$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="administrator"/></authentication>';
const BAD = '<authentication hash="bcrypt">\n  <user name="a" password="hunter2" role="adminstrator"/>\n</authentication>';

test('exit 0 and no output on a clean file', () => {
  const r = run(tempDir({ 'rudder-users.xml': GOOD }));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('exit 1 and path:line:col: severity code: message on errors', () => {
  const dir = tempDir({ 'etc/rudder-users.xml': BAD });
  const r = run(dir);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  const col = BAD.split('\n')[1].indexOf('hunter2') + 1;
  assert.ok(lines.some((l) => l.startsWith(`${path.join(dir, 'etc', 'rudder-users.xml')}:2:${col}: error plaintext-password: `)), r.stdout);
  for (const l of lines) assert.match(l, /^.+:\d+:\d+: (error|warning|information|hint) [a-z0-9-]+: .+$/);
  assert.ok(!r.stdout.includes('hunter2'), 'never prints a password');
});

test('--format json follows the documented shape, 0-based ranges', () => {
  const dir = tempDir({ 'rudder-users.xml': BAD });
  const r = run('--format', 'json', '--rudder-version', '8.3', dir);
  const out = JSON.parse(r.stdout);
  const f = out.files[0];
  assert.equal(f.kind, 'users');
  assert.equal(f.rudderVersion, '8.3');
  const d = f.diagnostics.find((x: { code: string }) => x.code === 'unknown-role');
  const start = BAD.split('\n')[1].indexOf('adminstrator');
  assert.deepEqual(d.range, { start: { line: 1, character: start }, end: { line: 1, character: start + 'adminstrator'.length } });
  assert.deepEqual(d.data.candidates[0], 'administrator');
  assert.equal(f.model, undefined);
});

test('exit 2 on usage errors, with a clear message and no stack trace', () => {
  for (const args of [[], ['--format', 'xml', '.'], ['--rudder-version', 'nine', '.'], ['--bogus', '.']]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^rudder-lint: /);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  }
});

test('exit 2 on I/O errors, after linting what it could', () => {
  const dir = tempDir({ 'rudder-users.xml': GOOD });
  const r = run(path.join(dir, 'missing', 'rudder-users.xml'), dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ENOENT/);
  assert.ok(!/\n\s+at /.test(r.stderr));
});

test('a folder without Rudder files is a usage error', () => {
  const r = run(tempDir({ 'other.txt': 'x' }));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no rudder-users\.xml or rudder-web\.properties found/);
});

test('--help exits 0', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: rudder-lint/);
});

test('a folder with both files: the properties file informs the users file', () => {
  const users = '<authentication hash="bcrypt"><user name="a" password="LDAP" role="user"/></authentication>';
  const withLdap = JSON.parse(run('--format', 'json', tempDir({ 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.auth.provider=ldap,file\n' })).stdout);
  const fileOnly = JSON.parse(run('--format', 'json', tempDir({ 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.auth.provider=file\n' })).stdout);
  const severity = (out: { files: { kind: string; diagnostics: { code: string; severity: string }[] }[] }) =>
    out.files.find((f) => f.kind === 'users')!.diagnostics.find((d) => d.code === 'plaintext-password')!.severity;
  const usersDiagnostics = (out: { files: { kind: string; diagnostics: { code: string }[] }[] }) => out.files.find((f) => f.kind === 'users')!.diagnostics;
  assert.ok(!usersDiagnostics(withLdap).some((d) => d.code === 'plaintext-password'), 'password="LDAP" is intended with an LDAP provider');
  assert.equal(severity(fileOnly), 'error');
});

test('--explain on a properties file: effective values with their source, secrets hidden', () => {
  const dir = tempDir({
    'rudder-web.properties': '# sessions\nrudder.auth.idle-timeout=10 minutes\nrudder.auth.ldap.connection.bind.password=TopSecret\n',
    'rudder-web.properties.d/10-x.properties': 'rudder.server.hsts=true\n',
  });
  const r = run('--format', 'json', '--explain', path.join(dir, 'rudder-web.properties'));
  const f = JSON.parse(r.stdout).files[0];
  assert.equal(f.kind, 'properties');
  const byKey = Object.fromEntries(f.model.properties.map((p: { key: string }) => [p.key, p]));
  assert.deepEqual(byKey['rudder.auth.idle-timeout'], { key: 'rudder.auth.idle-timeout', value: '10 minutes', source: 'rudder-web.properties', line: 2 });
  assert.deepEqual(byKey['rudder.server.hsts'], { key: 'rudder.server.hsts', value: 'true', source: 'rudder-web.properties.d/10-x.properties', line: 1 });
  assert.equal(byKey['rudder.bcrypt.cost'].source, 'default');
  assert.equal(byKey['rudder.auth.ldap.connection.bind.password'].value, '(hidden)');
  assert.ok(!r.stdout.includes('TopSecret'));
});

test('--fix hashes every plain-text password with bcrypt, touching nothing else', () => {
  const text = '<!-- keep -->\r\n<authentication hash="bcrypt">\r\n\t<user name="a" password="first&amp;pw" role="user"/>\r\n\t<user name="b" password="LDAP" role="user"/>\r\n</authentication>\r\n';
  const dir = tempDir({ 'rudder-users.xml': text, 'rudder-web.properties': 'rudder.bcrypt.cost=10\n' });
  const r = run('--fix', dir);
  assert.match(r.stdout, /hashed 1 plain-text password/);
  const after = fs.readFileSync(path.join(dir, 'rudder-users.xml'), 'utf8');
  const hash = /password="(\$2b\$10\$[^"]+)"/.exec(after)![1];
  assert.equal(after, text.replace('first&amp;pw', hash));
  assert.ok(bcrypt.compareSync('first&pw', hash));
  assert.ok(!r.stdout.includes('first&'));
});

test('a file over rudder.maxFileSizeMB gets only the cheap checks', () => {
  const users = Array.from({ length: 60_000 }, (_, i) => `<user name="u${i}" password="plain${i}" role="user"/>`).join('\n');
  const text = `<!DOCTYPE x>\n<authentication>${users}${' '.repeat(5 * 1024 * 1024)}</authentication>`;
  const r = run('--format', 'json', tempDir({ 'rudder-users.xml': text }));
  const codes = JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
  assert.deepEqual(codes, ['file-too-large', 'doctype-forbidden']);
});

test('the size limit: --max-file-size over the configuration\'s "maxFileSizeMB", over 5 MB', () => {
  const text = `<authentication hash="bcrypt">\n  <user name="a" password="plain" role="user"/>\n</authentication>\n<!--${' '.repeat(200 * 1024)}-->\n`;
  const checked = (...args: string[]) => {
    const r = run('--format', 'json', ...args);
    return JSON.parse(r.stdout).files.map((f: { diagnostics: { code: string }[] }) => (f.diagnostics.some((d) => d.code === 'file-too-large') ? 'file-too-large' : 'checked'));
  };
  const plain = tempDir({ 'rudder-users.xml': text });
  const small = tempDir({ 'rudder-users.xml': text, '.rudder-lint.json': '{"maxFileSizeMB": 0.1}' });
  assert.deepEqual(checked(plain), ['checked'], 'under 5 MB');
  assert.deepEqual(checked(small), ['file-too-large'], 'the configuration\'s 0.1 MB');
  assert.deepEqual(checked('--max-file-size', '1', small), ['checked'], 'the flag wins');
  assert.deepEqual(checked('--max-file-size', '0.1', plain), ['file-too-large'], 'the flag alone');
  const bad = run('--max-file-size', 'big', plain);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-file-size needs a number of megabytes greater than 0, not 'big'/);
});

test('--version prints the package version', () => {
  const r = run('--version');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `rudder-lint ${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
});

test('a reader that closes the pipe early (| head) ends rudder-lint quietly with status 0', () => {
  const dir = tempDir({ 'rudder-users.xml': BAD });
  // Error findings (exit 1 otherwise), and enough output to fill the pipe buffer many times over.
  const args = Array.from({ length: 3000 }, () => JSON.stringify(dir)).join(' ');
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" ${args} 2>"${dir}/err" | head -1 >/dev/null; echo $?; cat "${dir}/err"`], { encoding: 'utf8' });
  assert.equal(r.stdout, '0\n', 'status 0, and nothing on stderr');
});

test('rudder-lsp without a transport prints its usage and exits 2 (the .vsix server, the npm bin, rudder-lint lsp)', () => {
  for (const args of [['server.js'], ['lsp.js'], ['cli.js', 'lsp']]) {
    const r = spawnSync(process.execPath, [path.join(REPO, 'dist', args[0]), ...args.slice(1)], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^rudder-lsp: no transport given\n\nUsage: rudder-lsp --stdio/);
  }
  const help = spawnSync(process.execPath, [path.join(REPO, 'dist', 'server.js'), '--help'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: rudder-lsp/);
});

test('the bundles with a shebang are executable after the build, so that a symlink to one is a command', () => {
  for (const file of ['cli.js', 'server.js', 'lsp.js']) {
    const full = path.join(REPO, 'dist', file);
    assert.ok(fs.readFileSync(full, 'utf8').startsWith('#!/usr/bin/env node\n'), file);
    assert.equal(fs.statSync(full).mode & 0o777, 0o755, file);
  }
});

test('- with --stdin-filename: standard input linted as that file, with its siblings and configuration', () => {
  const users = '<authentication hash="bcrypt"><user name="a" password="LDAP" role="user"/></authentication>';
  const dir = tempDir({ 'etc/rudder-web.properties': 'rudder.auth.provider=ldap,file\n', 'etc/rudder-users.xml': GOOD, '.rudder-lint.json': '{"rules":{"startup-rewrite":"error"}}' });
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--stdin-filename', path.join(dir, 'etc', 'rudder-users.xml'), '-'], { encoding: 'utf8', input: users });
  const f = JSON.parse(r.stdout).files[0];
  assert.equal(f.path, path.join(dir, 'etc', 'rudder-users.xml'));
  assert.equal(f.kind, 'users');
  // No plaintext-password: the sibling properties file enables LDAP, so password="LDAP" is intended.
  assert.deepEqual(f.diagnostics.map((d: { code: string; severity: string }) => [d.code, d.severity]), [['startup-rewrite', 'error']], 'the configuration sets the severity');
  assert.equal(r.status, 1);
});

test('the declared encoding is honoured as the JDK does: US-ASCII with a non-ASCII name is rejected, ISO-8859-1 is read', () => {
  const body = (decl: string, name: Buffer) =>
    Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${decl}"?>\n<authentication hash="bcrypt" case-sensitivity="true">\n  <user name="j`), name, Buffer.from(`rgen" password="$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="administrator"/>\n</authentication>\n`)]);
  const ascii = tempDir({});
  fs.writeFileSync(path.join(ascii, 'rudder-users.xml'), body('US-ASCII', Buffer.from('ü', 'utf8')));
  const r = run(path.join(ascii, 'rudder-users.xml'));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /:1:\d+: error xml-syntax: The file declares US-ASCII/);
  const latin1 = tempDir({});
  fs.writeFileSync(path.join(latin1, 'rudder-users.xml'), body('ISO-8859-1', Buffer.from([0xfc])));
  const ok = run(path.join(latin1, 'rudder-users.xml'));
  assert.equal(ok.status, 0, ok.stdout);
});
