/** `rudder-lint` options and configuration, run in-process: what each flag and each configuration key changes. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMANDS } from '../../server/src/cli/commands';
import { KNOWN_VERSIONS } from '../../server/src/service/rudder';
import { RULES } from '../../server/src/service/rules';
import { runMain } from './cliRun';

function tempDir(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-opts-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** One error (plaintext-password) and one warning (unknown-role) on 8.3. */
const USERS = '<authentication hash="bcrypt" case-sensitivity="true">\n  <user name="a" password="hunter2" role="user, adminstrator"/>\n</authentication>\n';
/** Warnings only: an unknown role. */
const WARNS = '<authentication hash="bcrypt" case-sensitivity="true">\n  <user name="a" password="$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="user, adminstrator"/>\n</authentication>\n';

interface JsonOut {
  files: { path: string; kind: string; rudderVersion: string; diagnostics: { code: string; severity: string }[] }[];
}
const json = async (cwd: string, ...args: string[]) => {
  const r = await runMain(['--format', 'json', ...args], { cwd });
  return { ...r, out: JSON.parse(r.stdout) as JsonOut };
};
const codes = (out: JsonOut) => out.files.map((f) => [path.basename(f.path), ...f.diagnostics.map((d) => `${d.code}:${d.severity}`)]);

test('unknown Rudder versions are refused with the list of known ones', async () => {
  const r = await runMain(['--rudder-version', '6.0', '.']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split('\n')[0], `rudder-lint: --rudder-version: unknown Rudder version '6.0' (known: ${KNOWN_VERSIONS.join(', ')}, or auto)`);
  assert.equal((await runMain(['--rudder-version', 'auto', '--version'])).status, 0);
});

test('--rule id=severity, repeatable, later wins; unknown ids and severities refused', async () => {
  const dir = tempDir({ 'rudder-users.xml': USERS });
  const r = await json(dir, '--rudder-version', '8.3', '--rule', 'unknown-role=error', '--rule', 'plaintext-password=hint', '--rule=plaintext-password=off', '.');
  assert.deepEqual(codes(r.out), [['rudder-users.xml', 'unknown-role:error']]);
  assert.equal(r.status, 1);
  for (const [arg, message] of [
    ['no-such-rule=error', "--rule: unknown rule 'no-such-rule'"],
    ['unknown-role=fatal', '--rule unknown-role: the severity must be one of off, hint, information, warning, error'],
    ['unknown-role', '--rule needs ID=SEVERITY'],
  ]) {
    const bad = await runMain(['--rule', arg, dir]);
    assert.equal(bad.status, 2, arg);
    assert.ok(bad.stderr.startsWith(`rudder-lint: ${message}`), bad.stderr);
    assert.equal(bad.stdout, '');
  }
});

test('--quiet reports errors only; the exit status still counts everything', async () => {
  const dir = tempDir({ 'rudder-users.xml': USERS, 'w/rudder-users.xml': WARNS });
  const r = await json(dir, '--rudder-version', '8.3', '--quiet', '.');
  assert.deepEqual(codes(r.out), [['rudder-users.xml', 'plaintext-password:error'], ['rudder-users.xml']]);
  const text = await runMain(['--rudder-version', '8.3', '-q', 'w'], { cwd: dir });
  assert.deepEqual([text.status, text.stdout], [0, '']);
  assert.equal((await runMain(['--rudder-version', '8.3', '-q', '--max-warnings', '0', 'w'], { cwd: dir })).status, 1);
});

test('--max-warnings N: exit 1 above N warnings, with a message; not a number is a usage error', async () => {
  const dir = tempDir({ 'rudder-users.xml': WARNS });
  const warnings = (await json(dir, '--rudder-version', '8.3', '.')).out.files[0].diagnostics.filter((d) => d.severity === 'warning').length;
  assert.ok(warnings >= 1);
  const at = await runMain(['--rudder-version', '8.3', '--max-warnings', String(warnings), '.'], { cwd: dir });
  assert.equal(at.status, 0);
  const below = await runMain(['--rudder-version', '8.3', '--max-warnings', String(warnings - 1), '.'], { cwd: dir });
  assert.equal(below.status, 1);
  assert.equal(below.stderr, `rudder-lint: ${warnings} warning(s), more than --max-warnings ${warnings - 1}\n`);
  assert.equal((await runMain(['--max-warnings', 'many', '.'], { cwd: dir })).status, 2);
  assert.equal((await runMain(['--max-warnings', '-1', '.'], { cwd: dir })).status, 2);
});

test('-- ends the options: a PATH may then start with -', async () => {
  const dir = tempDir({ '-etc/rudder-users.xml': WARNS });
  const r = await json(dir, '--rudder-version', '8.3', '--', '-etc');
  assert.deepEqual(r.out.files.map((f) => f.path), [path.join('-etc', 'rudder-users.xml')]);
  assert.equal((await runMain(['-etc'], { cwd: dir })).status, 2);
});

test('standard input: - needs --stdin-filename, once, and no --fix', async () => {
  for (const args of [['-'], ['--stdin-filename', 'rudder-users.xml', '.'], ['--stdin-filename', 'rudder-users.xml', '-', '-'], ['--fix', '--stdin-filename', 'rudder-users.xml', '-']]) {
    const r = await runMain(args, { stdin: USERS });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^rudder-lint: /);
  }
  const dir = tempDir({});
  const r = await runMain(['--format', 'json', '--rudder-version', '8.3', '--stdin-filename', 'etc/custom-users.xml', '-'], { cwd: dir, stdin: '<authentication/>' });
  assert.deepEqual(codes(JSON.parse(r.stdout)), [['custom-users.xml', 'missing-hash-attribute:information', 'startup-rewrite:information']], 'the extension of an explicit name: users');
  const viaStdin = await runMain(['--format', 'json', '--rudder-version', '8.3', '--stdin-filename', 'rudder-users.xml', '-'], { cwd: dir, stdin: USERS });
  assert.deepEqual(codes(JSON.parse(viaStdin.stdout)), [['rudder-users.xml', 'plaintext-password:error', 'unknown-role:warning']]);
  assert.ok(!fs.existsSync(path.join(dir, 'rudder-users.xml')), 'nothing written');
});

test('GITHUB_ACTIONS=true selects --format github unless a format is given', async () => {
  const dir = tempDir({ 'rudder-users.xml': USERS });
  const env = { GITHUB_ACTIONS: 'true' };
  const auto = await runMain(['--rudder-version', '8.3', '.'], { cwd: dir, env });
  assert.match(auto.stdout, /^::error title=rudder-lint plaintext-password,file=rudder-users.xml,line=2,/);
  const text = await runMain(['--rudder-version', '8.3', '--format', 'text', '.'], { cwd: dir, env });
  assert.match(text.stdout, /^rudder-users.xml:2:/);
  const explain = await runMain(['--rudder-version', '8.3', '--explain', '.'], { cwd: dir, env });
  assert.match(explain.stdout, /^rudder-users.xml:2:/, '--explain needs a format that can show it: text');
});

test('rudder-web.properties.d/*.properties are found in folders and linted as properties files; HOCON files are not', async () => {
  const dir = tempDir({
    'rudder-web.properties': 'rudder.auth.idle-timeout=10 minutes\n',
    'rudder-web.properties.d/10-a.properties': 'rudder.server.hsts=true \nrudder.auth.idle-timeout=5 minutes\n',
    'rudder-web.properties.d/20-b.properties': 'rudder.auth.idle-timeout=20 minutes\n',
    'rudder-web.properties.d/30-c.config': 'rudder.server.hsts = maybe\n',
    'rudder-web.properties.d/40-d.prop': 'x = y\n',
  });
  const r = await json(dir, '--rudder-version', '8.3', '.');
  assert.deepEqual(
    r.out.files.map((f) => [f.path, f.kind, ...f.diagnostics.map((d) => d.code)]),
    [
      ['rudder-web.properties', 'properties', 'property-overridden'],
      // 30-c.config is read too, as HOCON (rudder@9.1 RC:186), and sets rudder.server.hsts after 10-a.
      [path.join('rudder-web.properties.d', '10-a.properties'), 'properties', 'property-overridden', 'property-overridden'],
      [path.join('rudder-web.properties.d', '20-b.properties'), 'properties'],
    ],
  );
  assert.deepEqual(r.stderr.split('\n'), [
    ...['30-c.config', '40-d.prop'].map((f) => `rudder-lint: ${path.join('.', 'rudder-web.properties.d', f)}: read as HOCON: only its key = value lines are checked, through rudder-web.properties`),
    '',
  ]);
  assert.equal(r.status, 0, 'a notice, not an error');
  const single = await json(dir, '--rudder-version', '8.3', path.join('rudder-web.properties.d', '10-a.properties'));
  assert.deepEqual(codes(single.out), [['10-a.properties', 'property-overridden:information', 'property-overridden:information']], 'later overrides, the HOCON one included, override it');
});

test('an override file is linted in the configuration Rudder merges: LDAP enabled there, configured in the main file', async () => {
  const dir = tempDir({
    'rudder-web.properties': 'rudder.auth.ldap.connection.url=ldaps://ldap.example.com:636/dc=example,dc=com\nrudder.auth.ldap.connection.bind.dn=cn=rudder,dc=example,dc=com\nrudder.auth.ldap.searchbase=ou=People\n',
    'rudder-web.properties.d/10-filter.properties': 'rudder.auth.ldap.filter=(&(uid={0})(objectclass=person))\n',
    'rudder-web.properties.d/20-ldap.properties': 'rudder.auth.provider=ldap,file\n',
    'rudder-web.properties.d/90-secret.properties': 'rudder.auth.ldap.connection.bind.password=x\n',
  });
  const single = await json(dir, '--rudder-version', '8.3', path.join('rudder-web.properties.d', '20-ldap.properties'));
  assert.deepEqual(codes(single.out), [['20-ldap.properties']], 'the URL, DN and search base of the main file and the filter of 10-filter count');
  const all = await json(dir, '--rudder-version', '8.3', '.');
  assert.deepEqual(codes(all.out), [['rudder-web.properties'], ['10-filter.properties'], ['20-ldap.properties'], ['90-secret.properties', 'plaintext-secret:information']]);
});

test('.rudder-lint.json: the nearest one above each file; version, rules and file globs; flags win', async () => {
  const dir = tempDir({
    '.rudder-lint.json': JSON.stringify({ version: '8.3', rules: { 'unknown-role': 'error' }, files: { users: ['etc/*-users.xml'], properties: ['**/*.props'] } }),
    'etc/main-users.xml': WARNS,
    'etc/other.xml': WARNS,
    'etc/web.props': 'rudder.server.hsts=maybe\n',
    'nested/.rudder-lint.json': JSON.stringify({ version: '9.1' }),
    'nested/rudder-users.xml': WARNS,
  });
  const r = await json(dir, '.');
  assert.deepEqual(
    r.out.files.map((f) => [f.path, f.kind, f.rudderVersion, ...f.diagnostics.map((d) => `${d.code}:${d.severity}`)]),
    [
      [path.join('etc', 'main-users.xml'), 'users', '8.3', 'unknown-role:error'],
      [path.join('etc', 'web.props'), 'properties', '8.3', 'invalid-boolean:error'],
      [path.join('nested', 'rudder-users.xml'), 'users', '9.1', 'startup-rewrite:information', 'unknown-role:warning'],
    ],
    'globs add files; other.xml matches none; the nearest configuration wins whole',
  );
  const flags = await json(dir, '--rudder-version', '9.0', '--rule', 'unknown-role=hint', path.join('etc', 'main-users.xml'));
  assert.deepEqual(flags.out.files.map((f) => [f.rudderVersion, ...f.diagnostics.map((d) => `${d.code}:${d.severity}`)]), [['9.0', 'startup-rewrite:information', 'unknown-role:hint']]);
  const fromSubfolder = await json(path.join(dir, 'etc'), 'main-users.xml');
  assert.equal(fromSubfolder.out.files[0].rudderVersion, '8.3', 'found by walking up from the file, wherever rudder-lint runs');
});

test('"rudder-lint" in a package.json is the same configuration; .rudder-lint.json wins in the same folder', async () => {
  const dir = tempDir({ 'package.json': JSON.stringify({ name: 'etc', 'rudder-lint': { version: '8.1' } }), 'rudder-users.xml': WARNS, 'sub/package.json': '{"name":"sub"}', 'sub/rudder-users.xml': WARNS });
  const r = await json(dir, '.');
  assert.deepEqual(r.out.files.map((f) => f.rudderVersion), ['8.1', '8.1'], 'a package.json without the key does not stop the walk');
  fs.writeFileSync(path.join(dir, '.rudder-lint.json'), '{"version":"9.0"}');
  assert.deepEqual((await json(dir, '.')).out.files.map((f) => f.rudderVersion), ['9.0', '9.0']);
});

test('a bad configuration file: every problem on stderr with its path, exit 2, the valid keys still apply', async () => {
  const config = { version: '6.0', rules: { 'unknown-role': 'fatal', 'no-such-rule': 'off', 'plaintext-password': 'off' }, files: { users: 'x.xml' }, extends: 'x' };
  const dir = tempDir({ '.rudder-lint.json': JSON.stringify(config), 'rudder-users.xml': USERS });
  const r = await json(dir, '--rudder-version', '8.3', '.');
  const file = path.join(dir, '.rudder-lint.json');
  assert.deepEqual(r.stderr.trim().split('\n'), [
    `rudder-lint: ${file}: unknown key 'extends' (known: version, rules, files, maxFileSizeMB)`,
    `rudder-lint: ${file}: "version": unknown Rudder version "6.0" (known: ${KNOWN_VERSIONS.join(', ')}, or auto)`,
    `rudder-lint: ${file}: "rules": 'unknown-role' must be one of off, hint, information, warning, error`,
    `rudder-lint: ${file}: "rules": unknown rule 'no-such-rule'`,
    `rudder-lint: ${file}: "files.users" must be a list of glob patterns`,
  ]);
  assert.equal(r.status, 2);
  assert.deepEqual(codes(r.out), [['rudder-users.xml', 'unknown-role:warning']], 'plaintext-password is off');
  fs.writeFileSync(file, '{"version": "8.3",');
  const broken = await runMain(['.'], { cwd: dir });
  assert.equal(broken.stderr, `rudder-lint: ${file}: not valid JSON\n`);
  assert.equal(broken.status, 2);
});

test('subcommands: the table dispatches by name, lint is the default and is listed in --help', async () => {
  assert.equal(COMMANDS[0].name, 'lint');
  const dir = tempDir({ 'rudder-users.xml': WARNS });
  const byName = await runMain(['lint', '--format', 'json', '--rudder-version', '8.3', '.'], { cwd: dir });
  const byDefault = await runMain(['--format', 'json', '--rudder-version', '8.3', '.'], { cwd: dir });
  assert.deepEqual(byName, byDefault);
  const help = await runMain(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: rudder-lint \[OPTION\]\.\.\. PATH\.\.\./);
  for (const c of COMMANDS.slice(1)) assert.ok(help.stdout.includes(`  ${c.name}`), c.name);
  for (const flag of ['--format', '--quiet', '--max-warnings', '--rule', '--stdin-filename', '--version', '--explain', '--fix']) assert.ok(help.stdout.includes(flag), flag);
  const bad = await runMain(['lint', '--bogus']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^rudder-lint: Unknown option '--bogus'.*\nRun 'rudder-lint lint --help' for usage\.\n$/s);
});

test('every rule id is accepted by --rule', async () => {
  const dir = tempDir({ 'rudder-users.xml': WARNS });
  const args = [...RULES.keys()].flatMap((id) => ['--rule', `${id}=off`]);
  const r = await runMain([...args, '.'], { cwd: dir });
  assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
});
