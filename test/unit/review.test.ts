/**
 * `rudder-lint diff` and `rudder-lint upgrade`, data-driven: each case is a pair of folders (before/after) or
 * one folder and two versions, and the whole expected diff as JSON. Finding messages and login reasons are
 * reduced to their rule and presence (the catalogue words them; these tests are about what changes).
 */
// @tier cli
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { KNOWN_VERSIONS } from '../../server/src/service/rudder';
import { fixture, REPO } from './markers';

const CLI = path.join(REPO, 'dist', 'cli.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

const B12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const B10 = '$2b$10$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SECRETS = [B12, B10, SHA256, 'Pl41n-S3cret', 'b1nd-S3cret'];

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-review-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const users = (body: string, root = 'hash="bcrypt" case-sensitivity="true"') => `<authentication ${root}>\n${body}\n</authentication>\n`;
const user = (name: string, attrs: string, password = B12) => `  <user name="${name}" password="${password}" ${attrs}/>`;

/** The diff with messages reduced to what a test can pin regardless of wording. */
function project(json: string): unknown {
  const d = JSON.parse(json) as Record<string, unknown> & { users: { login?: { why?: string } }[]; findings: Record<string, { file: string; rule: string; severity: string }[]> };
  for (const u of d.users) if (u.login?.why) u.login.why = '…';
  const f = (list: { file: string; rule: string; severity: string }[]) => list.map((x) => `${x.file} ${x.rule}:${x.severity}`).sort();
  return { ...d, findings: { added: f(d.findings.added), fixed: f(d.findings.fixed) } };
}

interface Case {
  name: string;
  before: Record<string, string>;
  after: Record<string, string>;
  args?: string[];
  expect: unknown;
}

const V = (v: string) => ({ before: v, after: v });

const cases: Case[] = [
  {
    name: 'a role gains administrator: an escalation, first',
    before: { 'rudder-users.xml': users([user('jdoe', 'role="inventory"'), user('zed', 'role="inventory"')].join('\n')) },
    after: { 'rudder-users.xml': users([user('jdoe', 'role="inventory"'), user('zed', 'role="inventory, administrator"')].join('\n')) },
    expect: {
      rudderVersion: V('9.1'),
      users: [{ name: 'zed', change: 'changed', rightsGained: ['any'], rightsLost: [], escalation: true }],
      roles: [],
      properties: [],
      findings: { added: [], fixed: [] },
      escalations: 1,
    },
  },
  {
    name: 'users added and removed, rights lost, password and tenants changed (never the hash)',
    before: { 'rudder-users.xml': users([user('old', 'role="user"'), user('kim', 'role="user" tenants="zoneA"', B10)].join('\n')) },
    after: { 'rudder-users.xml': users([user('kim', 'role="inventory" tenants="zoneA,zoneB"'), user('new', 'role="read_only"')].join('\n')) },
    expect: {
      rudderVersion: V('9.1'),
      users: [
        { name: 'new', change: 'added', rightsGained: ['administration_read', 'compliance_read', 'configuration_read', 'deployer_read', 'deployment_read', 'directive_read', 'group_read', 'node_read', 'parameter_read', 'rule_read', 'technique_read', 'userAccount_edit', 'userAccount_read', 'userAccount_write', 'validator_read'], rightsLost: [], escalation: true, login: { before: false, after: true } },
        {
          name: 'kim',
          change: 'changed',
          rightsGained: [],
          rightsLost: ['configuration_edit', 'configuration_read', 'configuration_write', 'directive_edit', 'directive_read', 'directive_write', 'group_edit', 'group_read', 'group_write', 'node_edit', 'node_write', 'parameter_edit', 'parameter_read', 'parameter_write', 'rule_edit', 'rule_read', 'rule_write', 'technique_edit', 'technique_read', 'technique_write'],
          escalation: false,
          password: { before: { kind: 'bcrypt', cost: 10 }, after: { kind: 'bcrypt', cost: 12 } },
          tenants: { before: ['zoneA'], after: ['zoneA', 'zoneB'] },
        },
        {
          name: 'old',
          change: 'removed',
          rightsGained: [],
          rightsLost: ['configuration_edit', 'configuration_read', 'configuration_write', 'directive_edit', 'directive_read', 'directive_write', 'group_edit', 'group_read', 'group_write', 'node_edit', 'node_read', 'node_write', 'parameter_edit', 'parameter_read', 'parameter_write', 'rule_edit', 'rule_read', 'rule_write', 'technique_edit', 'technique_read', 'technique_write', 'userAccount_edit', 'userAccount_read', 'userAccount_write'],
          escalation: false,
          login: { before: true, after: false },
        },
      ],
      roles: [],
      properties: [],
      findings: { added: [], fixed: ['users bcrypt-low-cost:information'] },
      escalations: 1,
    },
  },
  {
    name: 'a custom role made invalid: its holder loses its rights',
    before: { 'rudder-users.xml': users(['  <custom-roles><role name="ops" permissions="node_read"/></custom-roles>', user('una', 'role="ops"')].join('\n')) },
    after: { 'rudder-users.xml': users(['  <custom-roles><role name="ops_team" permissions="node_read"/></custom-roles>', user('una', 'role="ops"')].join('\n')) },
    expect: {
      rudderVersion: V('9.1'),
      users: [{ name: 'una', change: 'changed', rightsGained: [], rightsLost: ['node_read'], escalation: false }],
      roles: [
        { name: 'ops', change: 'removed', rightsGained: [], rightsLost: ['node_read'] },
        { name: 'ops_team', change: 'added', rightsGained: [], rightsLost: [] },
      ],
      properties: [],
      findings: { added: ['users custom-role-reserved-name:error', 'users unknown-role:error'], fixed: [] },
      escalations: 0,
    },
  },
  {
    name: 'LDAP enabled in rudder-web.properties: providers change, a secret is shown hidden',
    before: { 'rudder-users.xml': users(user('lu', 'role="user"')), 'rudder-web.properties': 'rudder.auth.provider=file\n' },
    after: {
      'rudder-users.xml': users(user('lu', 'role="user"')),
      'rudder-web.properties': [
        'rudder.auth.provider=ldap,file',
        'rudder.auth.ldap.connection.url=ldaps://ldap.example.com:636/dc=example,dc=com',
        'rudder.auth.ldap.connection.bind.dn=cn=rudder,dc=example,dc=com',
        'rudder.auth.ldap.connection.bind.password=b1nd-S3cret',
        'rudder.auth.ldap.searchbase=ou=People',
        'rudder.auth.ldap.filter=(&(uid={0})(objectclass=person))',
        '',
      ].join('\n'),
    },
    expect: {
      rudderVersion: V('9.1'),
      users: [],
      roles: [],
      properties: [
        { key: 'rudder.auth.ldap.connection.bind.dn', after: { value: 'cn=rudder,dc=example,dc=com', source: 'main' } },
        { key: 'rudder.auth.ldap.connection.bind.password', after: { value: '(hidden)', source: 'main' } },
        { key: 'rudder.auth.ldap.connection.url', after: { value: 'ldaps://ldap.example.com:636/dc=example,dc=com', source: 'main' } },
        { key: 'rudder.auth.ldap.filter', after: { value: '(&(uid={0})(objectclass=person))', source: 'main' } },
        { key: 'rudder.auth.ldap.searchbase', after: { value: 'ou=People', source: 'main' } },
        { key: 'rudder.auth.provider', before: { value: 'file', source: 'main' }, after: { value: 'ldap,file', source: 'main' } },
      ],
      findings: { added: ['properties plaintext-secret:information'], fixed: [] },
      escalations: 0,
    },
  },
  {
    name: 'a broken file loads nobody: every login is lost',
    before: { 'rudder-users.xml': users(user('ann', 'role="user"')) },
    after: { 'rudder-users.xml': users(user('ann', 'role="user"')).replace('role="user"/>', 'role="user">') },
    expect: {
      rudderVersion: V('9.1'),
      usersFile: { before: 'loaded', after: 'rejected' },
      users: [
        {
          name: 'ann',
          change: 'removed',
          rightsGained: [],
          rightsLost: ['configuration_edit', 'configuration_read', 'configuration_write', 'directive_edit', 'directive_read', 'directive_write', 'group_edit', 'group_read', 'group_write', 'node_edit', 'node_read', 'node_write', 'parameter_edit', 'parameter_read', 'parameter_write', 'rule_edit', 'rule_read', 'rule_write', 'technique_edit', 'technique_read', 'technique_write', 'userAccount_edit', 'userAccount_read', 'userAccount_write'],
          escalation: false,
          login: { before: true, after: false },
        },
      ],
      roles: [],
      properties: [],
      findings: { added: ['users xml-syntax:error'], fixed: [] },
      escalations: 0,
    },
  },
  {
    // RudderUserDetailsFileTest (rudder@9.2 rudder-rest): userXml → expectedXml, read by 8.3. The test's own
    // rewrite drops unsafe-hashes="true" and names an unknown hash: legacy mode is lost, so user2's SHA-1
    // stops working (spec §4.2, E3 legacy mode) and the start-up check would now write unsafe-hashes="false".
    name: "Rudder's RudderUserDetailsFileTest pair on 8.3: losing unsafe-hashes kills the SHA-1 login",
    before: { 'rudder-users.xml': fixture('users', 'rudder@9.2__webapp__sources__rudder__rudder-rest__src__test__scala__com__normation__rudder__users__RudderUserDetailsFileTest.scala__userXml.xml') },
    after: { 'rudder-users.xml': fixture('users', 'rudder@9.2__webapp__sources__rudder__rudder-rest__src__test__scala__com__normation__rudder__users__RudderUserDetailsFileTest.scala__expectedXml.xml') },
    args: ['--rudder-version', '8.3'],
    expect: {
      rudderVersion: V('8.3'),
      users: [{ name: 'user2', change: 'changed', rightsGained: [], rightsLost: [], escalation: false, login: { before: true, after: false, why: '…' } }],
      roles: [],
      properties: [],
      findings: {
        added: ['users startup-rewrite:information', 'users unknown-hash-algorithm:warning', 'users weak-hash:error'],
        fixed: ['users startup-rewrite:information', 'users unsafe-hashes-enabled:warning', 'users weak-hash:warning'],
      },
      escalations: 0,
    },
  },
];

function check(out: string, err: string): void {
  for (const s of SECRETS) assert.ok(!out.includes(s) && !err.includes(s), 'no password or hash in a diff');
}

describe('rudder-lint diff', () => {
  for (const c of cases) {
    test(c.name, () => {
      const before = folder(c.before);
      const after = folder(c.after);
      const r = run(REPO, 'diff', '--format', 'json', ...(c.args ?? []), before, after);
      assert.equal(r.status, 0, r.stderr);
      check(r.stdout, r.stderr);
      assert.deepEqual(project(r.stdout), c.expect);
      for (const format of ['text', 'markdown']) check(run(REPO, 'diff', '--format', format, before, after).stdout, '');
    });
  }

  test('--fail-on escalation exits 1 on an escalation, 0 otherwise', () => {
    const [c] = cases;
    assert.equal(run(REPO, 'diff', '--fail-on', 'escalation', folder(c.before), folder(c.after)).status, 1);
    assert.equal(run(REPO, 'diff', '--fail-on', 'escalation', folder(c.after), folder(c.before)).status, 0);
  });

  test('markdown: a table per user, escalations first', () => {
    const c = cases[1];
    const md = run(REPO, 'diff', '--format', 'markdown', folder(c.before), folder(c.after)).stdout;
    assert.match(md, /^### Rudder access review\n/);
    const order = [...md.matchAll(/^#### (⚠️ )?`([^`]+)`/gm)].map((m) => m[2]);
    assert.deepEqual(order, ['new', 'kim', 'old']);
    assert.match(md, /\| password changed \| bcrypt cost 10 → bcrypt cost 12 \|/);
  });

  test('--git REV compares the work tree with a revision', () => {
    const [c] = cases;
    const dir = folder(c.before);
    const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).status, 0);
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'before');
    fs.writeFileSync(path.join(dir, 'rudder-users.xml'), c.after['rudder-users.xml']);
    const r = run(dir, 'diff', '--git', 'HEAD', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(project(r.stdout), c.expect);
  });

  test('usage errors exit 2', () => {
    assert.equal(run(REPO, 'diff', 'only-one').status, 2);
    assert.equal(run(REPO, 'diff', '--rudder-version', '6.0', 'a', 'b').status, 2);
    assert.equal(run(REPO, 'diff', '--fail-on', 'anything', 'a', 'b').status, 2);
  });
});

interface UpgradeCase {
  name: string;
  files: Record<string, string>;
  from: string;
  to: string;
  expect: unknown;
  /** The root start tag after Rudder's start-up rewrite, when there is one. */
  rewritten?: string;
}

const upgrades: UpgradeCase[] = [
  {
    name: '7.2 → 7.3: an unknown item no longer voids the whole user',
    files: { 'rudder-users.xml': users(user('una', 'role="inventory, adminstrator"')) },
    from: '7.2',
    to: '7.3',
    expect: {
      rudderVersion: { before: '7.2', after: '7.3' },
      users: [{ name: 'una', change: 'changed', rightsGained: ['node_read', 'userAccount_edit', 'userAccount_read', 'userAccount_write'], rightsLost: [], escalation: true }],
      roles: [],
      properties: [],
      findings: { added: ['users unknown-role:warning'], fixed: ['users unknown-role:error'] },
      escalations: 1,
    },
  },
  {
    name: '8.1 → 8.3: per-password detection makes a bcrypt hash under hash="sha256" work; legacy mode kept by the rewrite',
    files: { 'rudder-users.xml': users([user('alice', 'role="user"', SHA256), user('bob', 'role="user"')].join('\n'), 'hash="sha256"') },
    from: '8.1',
    to: '8.3',
    rewritten: '<authentication hash="bcrypt" unsafe-hashes="true">',
    expect: {
      rudderVersion: { before: '8.1', after: '8.3' },
      users: [{ name: 'bob', change: 'changed', rightsGained: [], rightsLost: [], escalation: true, login: { before: false, after: true } }],
      roles: [],
      properties: [],
      findings: { added: ['users unsafe-hashes-enabled:warning'], fixed: ['users hash-mismatch:error', 'users role-requires-plugin:warning', 'users role-requires-plugin:warning'] },
      escalations: 1,
    },
  },
  {
    name: '8.3 → 9.1: legacy digests stop working, hash is rewritten to argon2id and unsafe-hashes removed',
    files: { 'rudder-users.xml': users([user('alice', 'role="administrator"', SHA256), user('bob', 'role="user"')].join('\n'), 'hash="sha256" unsafe-hashes="true"') },
    from: '8.3',
    to: '9.1',
    rewritten: '<authentication hash="argon2id">',
    expect: {
      rudderVersion: { before: '8.3', after: '9.1' },
      users: [{ name: 'alice', change: 'changed', rightsGained: [], rightsLost: [], escalation: false, login: { before: true, after: false, why: '…' }, advice: "set a new bcrypt password for 'alice' before upgrading (rudder-lint passwd alice)" }],
      roles: [],
      properties: [],
      findings: { added: ['users weak-hash:error'], fixed: ['users startup-rewrite:information', 'users unsafe-hashes-enabled:warning', 'users weak-hash:warning'] },
      escalations: 0,
    },
  },
  {
    name: "Rudder's own 8.3 test-users.xml (hash=\"sha-1\") read by 9.1",
    files: { 'rudder-users.xml': fixture('users', 'rudder@8.3__webapp__sources__rudder__rudder-rest__src__test__resources__test-users.xml') },
    from: '8.3',
    to: '9.1',
    rewritten: '<authentication hash="argon2id"',
    expect: undefined,
  },
];

describe('rudder-lint upgrade', () => {
  for (const c of upgrades) {
    test(c.name, () => {
      const dir = folder(c.files);
      const r = run(REPO, 'upgrade', '--from', c.from, '--to', c.to, '--format', 'json', dir);
      assert.equal(r.status, 0, r.stderr);
      check(r.stdout, r.stderr);
      const json = JSON.parse(r.stdout) as { rewrite?: { patch: string } };
      if (c.rewritten) assert.ok(json.rewrite?.patch.split('\n').some((l) => l.startsWith(`+${c.rewritten}`)), json.rewrite?.patch);
      else assert.equal(json.rewrite, undefined);
      if (c.expect) {
        const { rewrite: _, ...rest } = json as Record<string, unknown>;
        assert.deepEqual(project(JSON.stringify(rest)), c.expect);
      }
    });
  }

  test('--from is inferred from the files; --to is required', () => {
    const dir = folder(upgrades[2].files);
    const r = run(REPO, 'upgrade', '--to', '9.1', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Rudder 8\.3 → 9\.1\n/);
    assert.equal(run(REPO, 'upgrade', dir).status, 2);
  });
});

test("docs/cli.md's review recipe runs as written: markdown in the job summary, escalation fails the job", () => {
  const readme = fs.readFileSync(path.join(REPO, 'docs/cli.md'), 'utf8');
  const recipe = /<!-- review-recipe:start -->\n```yaml\n([\s\S]*?)```\n<!-- review-recipe:end -->/.exec(readme)?.[1];
  assert.ok(recipe, 'the recipe is in docs/cli.md');
  const steps = [...recipe.matchAll(/^ {6}- run: (npx rudder-lint .*)$/gm)].map((m) => m[1].replace(/^npx rudder-lint /, ''));
  assert.equal(steps.length, 2);
  const [c] = cases;
  const repo = folder({ 'etc/rudder-users.xml': c.before['rudder-users.xml'] });
  const git = (...args: string[]) => assert.equal(spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).status, 0);
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'base');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  fs.writeFileSync(path.join(repo, 'etc', 'rudder-users.xml'), c.after['rudder-users.xml']);
  const summary = path.join(repo, 'summary.md');
  const env = { ...process.env, GITHUB_BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
  const shell = (line: string) => spawnSync('sh', ['-c', `node ${JSON.stringify(CLI)} ${line}`], { cwd: repo, encoding: 'utf8', env });
  assert.equal(shell(steps[0]).status, 0);
  assert.match(fs.readFileSync(summary, 'utf8'), /^### Rudder access review\n[\s\S]*#### ⚠️ `zed` — changed\n[\s\S]*\| \+administrator \(any\) \| \|/);
  assert.equal(shell(steps[1]).status, 1, 'an escalation fails the job');
});

describe('diff and upgrade read the configuration lint reads', () => {
  const config = (json: unknown) => ({ '.rudder-lint.json': JSON.stringify(json) });
  const plain = users([user('ann', 'role="user"'), user('bob', 'role="user"', 'Pl41n-S3cret')].join('\n'));
  const hashed = users(user('ann', 'role="user"'));

  test("diff: the version and rules of the configuration above NEW, --rudder-version over its version", () => {
    const before = folder({ 'rudder-users.xml': hashed });
    const after = folder({ ...config({ version: '8.3', rules: { 'plaintext-password': 'warning' } }), 'rudder-users.xml': plain });
    const diff = (...args: string[]) => {
      const r = run(REPO, 'diff', '--format', 'json', ...args, before, after);
      assert.equal(r.status, 0, r.stderr);
      const d = project(r.stdout) as { rudderVersion: unknown; findings: { added: string[] } };
      return { rudderVersion: d.rudderVersion, added: d.findings.added };
    };
    assert.deepEqual(diff(), { rudderVersion: V('8.3'), added: ['users plaintext-password:warning'] });
    assert.deepEqual(diff('--rudder-version', '9.1'), { rudderVersion: V('9.1'), added: ['users plaintext-password:warning'] });
    const file = run(REPO, 'diff', '--format', 'json', path.join(before, 'rudder-users.xml'), path.join(after, 'rudder-users.xml'));
    assert.deepEqual((project(file.stdout) as { rudderVersion: unknown }).rudderVersion, V('8.3'), 'a named file: the configuration above it');
  });

  test('diff --git: the configuration of the work tree', () => {
    const dir = folder({ 'rudder-users.xml': hashed });
    const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).status, 0);
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'before');
    fs.writeFileSync(path.join(dir, 'rudder-users.xml'), plain);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ 'rudder-lint': { version: '9.0', rules: { 'plaintext-password': 'hint' } } }));
    const r = run(dir, 'diff', '--git', 'HEAD', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const d = project(r.stdout) as { rudderVersion: unknown; findings: { added: string[] } };
    assert.deepEqual([d.rudderVersion, d.findings.added], [V('9.0'), ['users plaintext-password:hint']]);
  });

  test("upgrade: --from defaults to the configuration's version; its rules set the severities", () => {
    const dir = folder({ ...config({ version: '8.3', rules: { 'weak-hash': 'hint' } }), ...upgrades[2].files });
    const text = run(REPO, 'upgrade', '--to', '9.1', dir);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Rudder 8\.3 → 9\.1\n/);
    const r = run(REPO, 'upgrade', '--to', '9.1', '--format', 'json', dir);
    const d = project(JSON.stringify({ ...JSON.parse(r.stdout), rewrite: undefined })) as { findings: { added: string[]; fixed: string[] } };
    // Without the configuration, weak-hash is a warning in 8.3 and an error in 9.1 (the upgrade cases above): one
    // severity on both sides is no change.
    assert.deepEqual(d.findings, { added: [], fixed: ['users startup-rewrite:information', 'users unsafe-hashes-enabled:warning'] });
    assert.match(run(REPO, 'upgrade', '--from', '8.1', '--to', '9.1', dir).stdout, /^Rudder 8\.1 → 9\.1\n/, '--from wins');
  });

  test('a configuration with problems exits 2 and says what, without the usage text', () => {
    const dir = folder({ ...config({ version: '6.0' }), 'rudder-users.xml': hashed });
    for (const args of [['upgrade', '--to', '9.1', dir], ['diff', dir, dir]]) {
      const r = run(REPO, ...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr, `rudder-lint: ${path.join(dir, '.rudder-lint.json')}: "version": unknown Rudder version "6.0" (known: ${KNOWN_VERSIONS.join(', ')}, or auto)\n`);
    }
  });
});
