/**
 * Every users-file rule, in every era where it differs. Each case is a document with `[[…]]` around the ranges
 * expected to carry the listed codes (in document order). Only the codes a case names (`expect` and `absent`)
 * are compared, so each case stays about one thing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRuleId } from '../../server/src/service/rules';
import { diagnose, markers, SEVERITY_NAMES } from './markers';

interface Case {
  name: string;
  /** Rudder versions the case holds for. */
  versions: string[];
  doc: string;
  /** `code` or `code:severity`, one per `[[…]]` marker, in document order. */
  expect: string[];
  /** Codes that must not appear. */
  absent?: string[];
  /** Substrings the message of the first expected diagnostic must contain. */
  says?: string[];
  context?: { authProviders?: string[]; bcryptCost?: number };
}

const ALL = ['7.2', '8.1', '8.3', '9.1'];
const BCRYPT12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT08 = '$2b$08$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT11 = '$2y$11$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const MD5 = '098f6bcd4621d373cade4e832627b4f6';
const ARGON = '$argon2id$v=19$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

const cases: Case[] = [
  // Document level
  { name: 'broken XML is a syntax error', versions: ALL, doc: '<authentication hash="bcrypt"><user name="a" role="user">[[</authentication>]]', expect: ['xml-syntax:error'] },
  { name: 'an undefined entity is fatal for the JVM parser', versions: ALL, doc: '<authentication hash="bcrypt"><user name="a[[&foo;]]" role="user"/></authentication>', expect: ['xml-syntax'] },
  { name: 'DOCTYPE rejects the file from 8.2', versions: ['8.3', '9.1'], doc: '[[<!DOCTYPE authentication>]]<authentication hash="bcrypt"/>', expect: ['doctype-forbidden:error'] },
  { name: 'DOCTYPE is a warning before 8.2', versions: ['7.2', '8.1'], doc: '[[<!DOCTYPE authentication>]]<authentication hash="bcrypt"/>', expect: ['doctype-forbidden:warning'] },
  { name: 'wrong root element', versions: ALL, doc: '<[[authentification]] hash="bcrypt"><user name="a"/></authentification>', expect: ['root-element:error'] },
  { name: 'comment-only file has no root', versions: ALL, doc: '[[<]]!-- nothing -->', expect: ['root-element:error'], absent: ['xml-syntax'] },
  { name: 'nested second authentication', versions: ALL, doc: '<authentication hash="bcrypt"><[[authentication]]/></authentication>', expect: ['root-element'] },

  // hash attribute
  { name: 'missing hash: plain text up to 7.2', versions: ['7.2'], doc: '<[[authentication]]><user name="a" password="x" role="user"/></authentication>', expect: ['missing-hash-attribute:warning'] },
  { name: 'missing hash: bcrypt on 7.3–8.1', versions: ['8.1'], doc: '<[[authentication]]/>', expect: ['missing-hash-attribute:information'], says: ['bcrypt'] },
  { name: 'missing hash: bcrypt + rewrite on 8.2–8.3', versions: ['8.3'], doc: '<[[authentication]]/>', expect: ['missing-hash-attribute:information'], says: ['unsafe-hashes="false"'] },
  { name: 'missing hash: argon2id on 9.x', versions: ['9.1'], doc: '<[[authentication]]/>', expect: ['missing-hash-attribute:information'], says: ['argon2id'] },
  { name: 'unknown hash value 9.x', versions: ['9.1'], doc: '<authentication hash="[[unsupportedHash]]"/>', expect: ['unknown-hash-algorithm:warning'], says: ['argon2id'] },
  { name: 'unknown hash value 8.3 falls back to bcrypt', versions: ['8.3'], doc: '<authentication hash="[[unsupportedHash]]"/>', expect: ['unknown-hash-algorithm:warning'], says: ['bcrypt'] },
  { name: 'unknown hash value ≤7.2 is plain text', versions: ['7.2'], doc: '<authentication hash="[[whatever]]"/>', expect: ['unknown-hash-algorithm:error'], says: ['plain text'] },
  { name: 'md5 is unknown on 9.x', versions: ['9.1'], doc: '<authentication hash="[[md5]]"/>', expect: ['unknown-hash-algorithm'], says: ['9.x only knows bcrypt and argon2id'] },
  { name: 'sha-1 is only known on 8.2–8.3', versions: ['8.1'], doc: '<authentication hash="[[sha-1]]"/>', expect: ['unknown-hash-algorithm'] },
  { name: 'sha-1 is fine on 8.3', versions: ['8.3'], doc: '<authentication hash="sha-1"/>', expect: [], absent: ['unknown-hash-algorithm'] },
  { name: 'hash is case-insensitive', versions: ALL, doc: '<authentication hash="BCRYPT"/>', expect: [], absent: ['unknown-hash-algorithm', 'missing-hash-attribute'] },
  { name: 'hash is not trimmed', versions: ['8.1', '8.3', '9.1'], doc: '<authentication hash="[[bcrypt ]]"/>', expect: ['unknown-hash-algorithm'] },

  // Passwords
  { name: 'plain text on 9.x: login impossible', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[secret]]" role="user"/></authentication>`, expect: ['plaintext-password:error'], says: ['login is impossible'] },
  { name: 'plain text under hash="plain" on 8.1 is readable', versions: ['8.1'], doc: `<authentication hash="plain"><user name="a" password="[[secret]]" role="user"/></authentication>`, expect: ['plaintext-password:error'], says: ['anyone who can read this file can log in'] },
  { name: 'password never appears in a message', versions: ALL, doc: `<authentication hash="bcrypt"><user name="a" password="[[Sup3rS3cret!]]" role="user"/></authentication>`, expect: ['plaintext-password'] },
  { name: 'LDAP convention is information', versions: ['8.1', '8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[LDAP]]" role="user"/></authentication>`, expect: ['plaintext-password:information'] },
  { name: 'LDAP without an external provider is a warning', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[LDAP]]" role="user"/></authentication>`, expect: ['plaintext-password:warning'], context: { authProviders: ['file'] } },
  { name: 'empty password is information (LDAP/OIDC)', versions: ['8.1', '8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" [[password]]="" role="user"/></authentication>`, expect: ['missing-password:information'], absent: ['plaintext-password'] },
  { name: 'missing password with file-only auth is a warning', versions: ['9.1'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="user"/></authentication>`, expect: ['missing-password:warning'], context: { authProviders: ['file'] } },
  { name: 'missing password drops the user up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="user"/></authentication>`, expect: ['missing-password:error'] },
  { name: 'sha1 digest: warning on 8.1', versions: ['8.1'], doc: `<authentication hash="sha1"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['weak-hash:warning'] },
  { name: 'sha1 digest: warning in legacy mode on 8.3', versions: ['8.3'], doc: `<authentication hash="bcrypt" unsafe-hashes="true"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['weak-hash:warning'] },
  { name: 'sha1 digest: error in strict mode on 8.3', versions: ['8.3'], doc: `<authentication hash="bcrypt" unsafe-hashes="false"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['weak-hash:error'] },
  { name: 'md5 digest: error on 9.x', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${MD5}]]" role="user"/></authentication>`, expect: ['weak-hash:error'], says: ['impossible'] },
  { name: 'hash mismatch: 40 hex under sha256 (≤8.1)', versions: ['7.2', '8.1'], doc: `<authentication hash="sha256"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['hash-mismatch:error'], says: ['SHA-1'] },
  { name: 'hash mismatch: bcrypt under md5 (≤8.1)', versions: ['8.1'], doc: `<authentication hash="md5"><user name="a" password="[[${BCRYPT12}]]" role="user"/></authentication>`, expect: ['hash-mismatch:error'] },
  { name: 'hash mismatch: digest under bcrypt (≤8.1)', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${MD5}]]" role="user"/></authentication>`, expect: ['hash-mismatch:error'] },
  { name: '40 hex under sha256 is detected as SHA-1 on 8.3', versions: ['8.3'], doc: `<authentication hash="sha256"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['weak-hash:warning'], absent: ['hash-mismatch'] },
  { name: 'hex of unknown length on 8.3', versions: ['8.3'], doc: `<authentication hash="sha256"><user name="a" password="[[${MD5}abcdef]]" role="user"/></authentication>`, expect: ['hash-mismatch:error'] },
  { name: 'uppercase digest never matches', versions: ['8.1'], doc: `<authentication hash="sha1"><user name="a" password="[[${SHA1.toUpperCase()}]]" role="user"/></authentication>`, expect: ['uppercase-hex-digest:error'], absent: ['weak-hash'] },
  { name: 'malformed bcrypt (length)', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT12.slice(0, 50)}]]" role="user"/></authentication>`, expect: ['bcrypt-malformed:error'] },
  { name: 'malformed bcrypt (cost 32)', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT12.replace('$12$', '$32$')}]]" role="user"/></authentication>`, expect: ['bcrypt-malformed'] },
  { name: 'bcrypt cost 8 is an error', versions: ALL, doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT08}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:error'] },
  { name: 'bcrypt cost 11 is information', versions: ALL, doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT11}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:information'] },
  { name: 'bcrypt cost 12 is fine', versions: ALL, doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user"/></authentication>`, expect: [], absent: ['bcrypt-low-cost', 'bcrypt-malformed', 'plaintext-password'] },
  { name: 'bcrypt cost under rudder.bcrypt.cost', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT12}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:information'], context: { bcryptCost: 13 } },
  { name: 'argon2id needs 9.0', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${ARGON}]]" role="user"/></authentication>`, expect: ['argon2-unsupported:error'] },
  { name: 'argon2id is fine on 9.x', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="${ARGON}" role="user"/></authentication>`, expect: [], absent: ['argon2-unsupported', 'argon2-weak-params', 'plaintext-password'] },
  { name: 'argon2i is never supported', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('argon2id', 'argon2i')}]]" role="user"/></authentication>`, expect: ['argon2-unsupported'] },
  { name: 'argon2id weak memory', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('m=131072', 'm=4096')}]]" role="user"/></authentication>`, expect: ['argon2-weak-params:warning'] },
  { name: 'argon2id t=0 never verifies', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('t=3', 't=0')}]]" role="user"/></authentication>`, expect: ['argon2-weak-params:error'] },

  // unsafe-hashes and booleans
  { name: 'unsafe-hashes=true with digests', versions: ['8.3'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"><user name="a" password="${SHA1}" role="user"/></authentication>`, expect: ['unsafe-hashes-enabled:warning'] },
  { name: 'unsafe-hashes=true without digests', versions: ['8.3'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"/>`, expect: ['unsafe-hashes-enabled:information'] },
  { name: 'unsafe-hashes is obsolete on 9.x', versions: ['9.1'], doc: '<authentication hash="bcrypt" [[unsafe-hashes]]="true"/>', expect: ['unsafe-hashes-obsolete:warning'] },
  { name: 'unsafe-hashes is not read before 8.2', versions: ['8.1'], doc: '<authentication hash="bcrypt" [[unsafe-hashes]]="true"/>', expect: ['unsafe-hashes-obsolete:hint'] },
  { name: 'unsafe-hashes not a boolean (8.3)', versions: ['8.3'], doc: '<authentication hash="bcrypt" unsafe-hashes="[[fsale]]"/>', expect: ['invalid-boolean-attribute'] },
  { name: 'case-sensitivity not a boolean', versions: ALL, doc: '<authentication hash="bcrypt" case-sensitivity="[[yes]]"/>', expect: ['invalid-boolean-attribute'] },
  { name: 'case-sensitivity is case-insensitive', versions: ALL, doc: '<authentication hash="bcrypt" case-sensitivity="FALSE"/>', expect: [], absent: ['invalid-boolean-attribute'] },

  // Users
  { name: 'empty name drops the user', versions: ALL, doc: `<authentication hash="bcrypt"><user [[name]]="" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['empty-user-name:error'] },
  { name: 'missing name drops the user', versions: ALL, doc: `<authentication hash="bcrypt"><[[user]] password="${BCRYPT12}" role="user"/></authentication>`, expect: ['empty-user-name'] },
  { name: 'blank name is accepted (not trimmed)', versions: ALL, doc: `<authentication hash="bcrypt"><user name=" " password="${BCRYPT12}" role="user"/></authentication>`, expect: [], absent: ['empty-user-name'] },
  { name: 'duplicate user: last wins', versions: ALL, doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="user"/><user name="bob" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['duplicate-user:warning'] },
  { name: 'case collision with case-sensitivity=false drops all', versions: ['8.1', '8.3', '9.1'], doc: `<authentication hash="bcrypt" case-sensitivity="false"><user name="[[admin]]" password="${BCRYPT12}" role="user"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['case-collision:error', 'case-collision:error'] },
  { name: 'case collision with case-sensitivity=true is information', versions: ['8.1', '9.1'], doc: `<authentication hash="bcrypt" case-sensitivity="true"><user name="[[admin]]" password="${BCRYPT12}" role="user"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['case-collision:information', 'case-collision:information'] },

  // Roles and permissions
  { name: 'unknown role is dropped (7.3+)', versions: ['8.1', '8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[adminstrator]]"/></authentication>`, expect: ['unknown-role:warning'], says: ["Did you mean 'administrator'"] },
  { name: 'unknown role voids the user up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user,[[adminstrator]]"/></authentication>`, expect: ['unknown-role:error'], says: ['no rights at all'] },
  { name: 'unknown plugin permission type', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[cve_read]]"/></authentication>`, expect: ['unknown-permission-type:warning'], says: ['plugin'] },
  { name: 'invalid permission level', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[node_reed]]"/></authentication>`, expect: ['invalid-permission-level:warning'] },
  { name: 'permissions are case-insensitive', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="NODE_ALL, useraccount_READ, Any, INVENTORY"/></authentication>`, expect: [], absent: ['unknown-role', 'unknown-permission-type', 'invalid-permission-level'] },
  { name: 'inner space is not tolerated', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[node _read]]"/></authentication>`, expect: ['unknown-permission-type'] },
  { name: 'no_rights overrides the rest', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user, [[no_rights]]"/></authentication>`, expect: ['no-rights-overrides:warning'] },
  { name: 'roles= is never read', versions: ALL, doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" [[roles]]="administrator"/></authentication>`, expect: ['roles-attribute-ignored:warning'], says: ['no rights'] },
  { name: 'permissions= is not read up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" [[permissions]]="user"/></authentication>`, expect: ['roles-attribute-ignored'] },
  { name: 'non-admin roles need the plugin on 7.3–8.1', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator, [[inventory]]"/></authentication>`, expect: ['role-requires-plugin:information'] },
  { name: 'roles work without plugin from 8.2', versions: ['8.3', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="inventory"/></authentication>`, expect: [], absent: ['role-requires-plugin'] },

  // Custom roles
  { name: 'custom role with empty name', versions: ['8.3', '9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role [[name]]=" " permissions="node_read"/></custom-roles></authentication>', expect: ['custom-role-empty-name:error'] },
  { name: 'custom role with reserved name', versions: ['8.3', '9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="[[my_role]]" permissions="node_read"/><role name="[[ANY]]"/></custom-roles></authentication>', expect: ['custom-role-reserved-name:error', 'custom-role-reserved-name:error'] },
  { name: 'custom role duplicating a built-in', versions: ['9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="[[Inventory]]" permissions="administrator"/></custom-roles></authentication>', expect: ['custom-role-duplicate:error'] },
  { name: 'custom role duplicating another (case-insensitive)', versions: ['9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="ops" permissions="node_read"/><role name="[[OPS]]" permissions="node_all"/></custom-roles></authentication>', expect: ['custom-role-duplicate'] },
  { name: 'custom role cycle', versions: ['8.3', '9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="[[a]]" permissions="b"/><role name="[[b]]" permissions="a"/><role name="[[c]]" permissions="c"/></custom-roles></authentication>', expect: ['custom-role-cycle', 'custom-role-cycle', 'custom-role-cycle'] },
  { name: 'depending on a rejected name counts as a cycle', versions: ['9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="[[role_a0]]" permissions="node_read"/><role name="[[a1]]" permissions="role_a0"/></custom-roles></authentication>', expect: ['custom-role-reserved-name', 'custom-role-cycle'] },
  { name: 'forward references are fine', versions: ['9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="a" permissions="B"/><role name="b" permissions="node_read"/></custom-roles></authentication>', expect: [], absent: ['custom-role-cycle', 'custom-role-unknown-reference'] },
  { name: 'custom role unknown reference', versions: ['8.3', '9.1'], doc: '<authentication hash="bcrypt"><custom-roles><role name="a" permissions="node_read, [[role-e5]]"/></custom-roles></authentication>', expect: ['custom-role-unknown-reference:warning'] },
  { name: 'custom roles need the plugin on 7.3–8.1', versions: ['8.1'], doc: '<authentication hash="bcrypt"><[[custom-roles]]><role name="a" permissions="node_read"/></custom-roles></authentication>', expect: ['role-requires-plugin'] },
  { name: 'user referencing a dropped custom role', versions: ['9.1'], doc: `<authentication hash="bcrypt"><custom-roles><role name="x" permissions="x"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="[[x]]"/></authentication>`, expect: ['unknown-role'], says: ['dropped'] },

  // Tenants
  { name: 'malformed tenant id', versions: ['8.1', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="zoneA, [[@reza\\]]"/></authentication>`, expect: ['tenant-malformed:warning'] },
  { name: "'-' wins over everything", versions: ['8.1', '9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="[[-]], *, zoneA"/></authentication>`, expect: ['tenant-none-wins:warning'] },
  { name: 'empty tenants means none', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" [[tenants]]=""/></authentication>`, expect: ['tenant-none-wins:information'] },
  { name: 'tenant suffix needs 9.2', versions: ['9.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="[[zoneA:r]]"/></authentication>`, expect: ['tenant-malformed'], says: ['9.2'] },
  { name: 'tenant suffix is fine on 9.2', versions: ['9.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="zoneA:r, zoneB:RW, zoneC:none"/></authentication>`, expect: [], absent: ['tenant-malformed'] },
  { name: 'tenants are not read before 8.1', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="@@"/></authentication>`, expect: [], absent: ['tenant-malformed'] },
];

function label(d: { code?: unknown; severity?: number }, withSeverity: boolean): string {
  return withSeverity ? `${d.code}:${SEVERITY_NAMES[d.severity ?? 1]}` : String(d.code);
}

describe('users diagnostics', () => {
  for (const c of cases) {
    for (const version of c.versions) {
      test(`${c.name} [${version}]`, () => {
        const { text, ranges } = markers(c.doc, false);
        assert.equal(ranges.length, c.expect.length, 'one [[marker]] per expected diagnostic');
        const codes = new Set([...c.expect.map((e) => e.split(':')[0]), ...(c.absent ?? [])]);
        const doc = diagnose(text, { rudderVersion: version }, c.context);
        const got = doc.filter((d) => codes.has(String(d.code)));
        const offsets = (d: (typeof got)[number]) => {
          const lines = text.split('\n');
          const at = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
          return { start: at(d.range.start), end: at(d.range.end) };
        };
        assert.deepEqual(
          got.map((d) => ({ what: label(d, true), ...offsets(d) })).map((g, i) => ({ ...g, what: c.expect[i]?.includes(':') ? g.what : g.what.split(':')[0] })),
          c.expect.map((e, i) => ({ what: e, ...ranges[i] })),
          `diagnostics: ${JSON.stringify(doc.map((d) => `${d.code}: ${d.message}`), null, 1)}`,
        );
        for (const s of c.says ?? []) assert.ok(String(got[0].message).includes(s), `message "${String(got[0].message)}" should say "${s}"`);
        for (const d of doc) assert.ok(isRuleId(d.code), `unknown code ${d.code}`);
      });
    }
  }

  test('no message ever contains a password value', () => {
    const secrets = ['Sup3rS3cret!', 'hunter2-very-secret', SHA1, BCRYPT12];
    for (const version of ALL) {
      for (const hash of ['bcrypt', 'plain', 'md5', 'sha256', 'argon2id', '']) {
        const users = secrets.map((s, i) => `<user name="u${i}" password="${s}" role="user"/>`).join('');
        for (const d of diagnose(`<authentication hash="${hash}">${users}</authentication>`, { rudderVersion: version })) {
          for (const s of secrets) assert.ok(!String(d.message).includes(s), `${d.code} leaks a password on ${version}`);
        }
      }
    }
  });

  test('a rule setting overrides severity, and off removes it', () => {
    const text = '<authentication hash="bcrypt"><user name="a" password="x" role="adminstrator"/></authentication>';
    const base = diagnose(text, { rudderVersion: '9.1' });
    assert.equal(base.find((d) => d.code === 'unknown-role')?.severity, 2);
    const raised = diagnose(text, { rudderVersion: '9.1', rules: { 'unknown-role': 'error', 'plaintext-password': 'off' } });
    assert.equal(raised.find((d) => d.code === 'unknown-role')?.severity, 1);
    assert.equal(raised.find((d) => d.code === 'plaintext-password'), undefined);
  });

  test('unknown-role carries up to 3 candidates in data', () => {
    const d = diagnose('<authentication hash="bcrypt"><user name="a" password="x" role="adminstrator"/></authentication>').find((x) => x.code === 'unknown-role');
    assert.deepEqual((d?.data as { candidates: string[] }).candidates[0], 'administrator');
    assert.ok((d?.data as { candidates: string[] }).candidates.length <= 3);
  });

  test('every diagnostic links to its rule documentation', () => {
    for (const d of diagnose('<authentication><user name="a" password="x" role="nope"/></authentication>')) {
      assert.match(d.codeDescription?.href ?? '', new RegExp(`docs/rules\\.md#${d.code}$`));
    }
  });
});
