/**
 * Rudder's own fixtures (test/fixtures/users, copied from ../shared/fixtures/rudder; see test/fixtures/INDEX.md),
 * run through `rudder-lint --format json --explain`, must give what Rudder's own tests expect.
 */
// @tier cli
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runMain } from './cliRun';
import { REPO } from './markers';

const DIR = path.join(REPO, 'test', 'fixtures', 'users');
const file = (suffix: string) => {
  const name = fs.readdirSync(DIR).find((f) => f.endsWith(suffix));
  assert.ok(name, `fixture *${suffix}`);
  return path.join(DIR, name);
};

interface Explained {
  path: string;
  rudderVersion: string;
  diagnostics: { code: string; severity: string; message: string }[];
  model: {
    users: { name: string; rights: string[]; loginPossible: boolean; passwordKind: string; tenants: string | string[] }[];
    customRoles: { name: string; valid: boolean; rights: string[] }[];
  };
}

async function lint(suffix: string, ...flags: string[]): Promise<{ code: number; result: Explained }> {
  const r = await runMain(['--format', 'json', '--explain', ...flags, file(suffix)]);
  return { code: r.status, result: JSON.parse(r.stdout).files[0] };
}

const codes = (r: Explained) => r.diagnostics.map((d) => d.code);

describe("Rudder's fixtures", () => {
  test('userXML_1: case-sensitive admin/ADMIN are 2 users', async () => {
    const { result } = await lint('__userXML_1.xml');
    assert.deepEqual(result.model.users.map((u) => u.name), ['admin', 'ADMIN']);
    assert.ok(result.model.users.every((u) => u.rights[0] === 'any' && u.passwordKind === 'sha512'));
  });

  test('userXML_2: case-insensitive admin/ADMIN are both dropped', async () => {
    const { result, code } = await lint('__userXML_2.xml');
    assert.equal(result.model.users.length, 0);
    assert.equal(code, 1);
    assert.deepEqual(codes(result).filter((c) => c === 'case-collision').length, 2);
  });

  test('userXML_empty: one user, random password, no rights (roles= ignored)', async () => {
    const { result } = await lint('__userXML_empty.xml');
    assert.deepEqual(result.model.users, [{ name: 'admin', rights: [], loginPossible: false, passwordKind: 'missing', tenants: 'all' }]);
    assert.ok(codes(result).includes('roles-attribute-ignored'));
  });

  test('userXML_3: exactly 9 valid custom roles and 3 users', async () => {
    const { result } = await lint('__userXML_3.xml');
    const roles = result.model.customRoles;
    assert.deepEqual(
      roles.filter((r) => r.valid).map((r) => r.name),
      ['role-a1', 'role-a0', 'role-a2', 'ROLE-B0', 'role-c0', 'role-c1', 'role-c2', 'role-d0', 'role-e6'],
    );
    assert.deepEqual(
      roles.filter((r) => !r.valid).map((r) => r.name),
      ['role-e0', 'role-e1', 'role-e2', 'role-e3', 'role-e4', 'inventory'],
    );
    assert.deepEqual(codes(result).filter((c) => c === 'custom-role-cycle').length, 5);
    assert.ok(codes(result).includes('custom-role-duplicate'));
    const users = Object.fromEntries(result.model.users.map((u) => [u.name, u.rights]));
    assert.deepEqual(Object.keys(users), ['admin', 'user_a0', 'user_a1']);
    assert.deepEqual(users.admin, ['any']);
    assert.deepEqual(users.user_a0, ['node_read', 'userAccount_edit', 'userAccount_read', 'userAccount_write']);
    assert.deepEqual(users.user_a1, roles.find((r) => r.name === 'role-a1')!.rights);
    assert.ok(users.user_a1.includes('node_write') && users.user_a1.includes('rule_edit'));
    assert.deepEqual(roles.find((r) => r.name === 'role-c2')!.rights, []);
    assert.deepEqual(roles.find((r) => r.name === 'role-c1')!.rights, roles.find((r) => r.name === 'role-c0')!.rights);
  });

  test('tenantXML_1: tenant semantics', async () => {
    const { result } = await lint('__tenantXML_1.xml', '--rudder-version', '9.1');
    const t = Object.fromEntries(result.model.users.map((u) => [u.name, u.tenants]));
    assert.deepEqual(t, {
      user_single: ['zoneA'],
      user_multi: ['zoneA', 'zoneB'],
      user_all_compat: 'all',
      user_all_explicit: 'all',
      user_empty_list: 'none',
      user_none_explicit: 'none',
      user_ascii: ['zoneA'],
    });
  });

  for (const demo of ['rudder@6.1-7.2__', 'rudder@7.3-8.3__', 'rudder@9.0-10.0__']) {
    test(`demo file ${demo}: valid, 0 users, no error`, async () => {
      const { result, code } = await lint(`${demo}webapp__sources__rudder__rudder-web__src__main__resources__demo-rudder-users.xml`);
      assert.equal(result.model.users.length, 0);
      assert.equal(code, 0, JSON.stringify(result.diagnostics));
    });
  }

  test('test-users-wrong-hash: bcrypt fallback on 8.3, argon2id on 9.x', async () => {
    const e3 = (await lint('test-users-wrong-hash.xml', '--rudder-version', '8.3')).result;
    assert.match(e3.diagnostics.find((d) => d.code === 'unknown-hash-algorithm')!.message, /falls back to bcrypt/);
    const e4 = (await lint('test-users-wrong-hash.xml', '--rudder-version', '9.0')).result;
    assert.match(e4.diagnostics.find((d) => d.code === 'unknown-hash-algorithm')!.message, /falls back to argon2id/);
  });

  test('test-users-wrong-unsafe-hashes: not a boolean on 8.3, obsolete on 9.x; cost-4 bcrypt', async () => {
    const e3 = (await lint('test-users-wrong-unsafe-hashes.xml', '--rudder-version', '8.3')).result;
    assert.ok(codes(e3).includes('invalid-boolean-attribute'));
    assert.ok(codes(e3).includes('bcrypt-low-cost'));
    const e4 = (await lint('test-users-wrong-unsafe-hashes.xml', '--rudder-version', '9.1')).result;
    assert.ok(codes(e4).includes('unsafe-hashes-obsolete'));
    assert.ok(!codes(e4).includes('invalid-boolean-attribute'));
  });

  test('test-users (8.2, hash="sha-1"): inferred 8.3, SHA-1 accepted in legacy mode', async () => {
    const { result } = await lint('rudder@8.2__webapp__sources__rudder__rudder-rest__src__test__resources__test-users.xml');
    assert.equal(result.rudderVersion, '8.3');
    const user2 = result.model.users.find((u) => u.name === 'user2')!;
    assert.deepEqual([user2.passwordKind, user2.loginPossible], ['sha1', true]);
  });

  test('test-users (9.x): the SHA-1 user cannot log in on 9.x', async () => {
    const { result } = await lint('rudder@9.0-10.0__webapp__sources__rudder__rudder-rest__src__test__resources__test-users.xml', '--rudder-version', '9.1');
    const user2 = result.model.users.find((u) => u.name === 'user2')!;
    assert.deepEqual([user2.passwordKind, user2.loginPossible], ['sha1', false]);
    assert.ok(result.diagnostics.some((d) => d.code === 'weak-hash' && d.severity === 'error'));
  });

  for (const doc of ['rudder-doc@2.11__', 'rudder-doc@2.6-2.10__']) {
    test(`comment-only doc sample ${doc}: no <authentication> root`, async () => {
      const { result, code } = await lint(`${doc}8_reference__etc__rudder-users.xml`.replace('2.6-2.10__8_reference', '2.6-2.10__5_references'));
      assert.deepEqual(codes(result), ['root-element']);
      assert.equal(code, 1);
    });
  }

  test('users.adoc example2: bcrypt administrator, no finding', async () => {
    const { result, code } = await lint('users.adoc__example2.xml');
    assert.equal(code, 0);
    assert.deepEqual(result.model.users[0].rights, ['any']);
    assert.equal(result.model.users[0].passwordKind, 'bcrypt');
  });

  test('users.adoc example3: text content is ignored; plugin permission is a warning', async () => {
    const { result } = await lint('users.adoc__example3.xml');
    assert.ok(!codes(result).includes('xml-syntax'));
    assert.deepEqual(result.model.customRoles.map((r) => r.valid), [true, true, true, true]);
    assert.ok(result.diagnostics.some((d) => d.code === 'unknown-permission-type' && d.severity === 'warning'));
  });

  test('every users fixture lints without throwing', async () => {
    for (const f of fs.readdirSync(DIR)) {
      const r = await runMain(['--format', 'json', path.join(DIR, f)]);
      assert.ok(r.status === 0 || r.status === 1, f);
      assert.equal(JSON.parse(r.stdout).files.length, 1);
    }
  });
});
