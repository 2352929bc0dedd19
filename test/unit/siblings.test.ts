/** The two files inform each other when they sit in one folder; the `.d` overrides win over the main file. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, bcryptCostFor, getDiagnostics, parse } from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';
import type { UsersModel } from '../../server/src/service/users/model';
import { affects, siblingContext, type FileAccess } from '../../server/src/workspace/siblings';

const ETC = '/opt/rudder/etc';
const BCRYPT12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';

function memory(files: Record<string, string>): FileAccess {
  return {
    read: (f) => files[path.relative(ETC, f)],
    list: (d) => {
      const rel = path.relative(ETC, d);
      const names = Object.keys(files).filter((f) => path.dirname(f) === rel).map((f) => path.basename(f));
      return names.length ? names : undefined;
    },
  };
}

function diagnose(kind: FileKind, files: Record<string, string>, settings: Partial<Settings> = {}) {
  const name = kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties';
  const s = { ...DEFAULT_SETTINGS, ...settings };
  const model = parse(files[name], kind);
  const context = siblingContext(path.join(ETC, name), kind, s, memory(files), model.kind === 'users' ? (model as UsersModel) : undefined);
  const doc = TextDocument.create(`file://${ETC}/${name}`, kind === 'users' ? 'xml' : 'properties', 1, files[name]);
  const a = analyze(model, s, context);
  return { diagnostics: getDiagnostics(doc, a, s), context, a };
}

const severityOf = (ds: ReturnType<typeof diagnose>['diagnostics'], code: string) => ds.find((d) => d.code === code)?.severity;

describe('rudder-web.properties informs rudder-users.xml', () => {
  const users = `<authentication hash="bcrypt"><user name="a" password="LDAP" role="user"/><user name="b" role="user"/><user name="c" password="${BCRYPT12}" role="user"/></authentication>`;

  // The LDAP marker (rudder-spec.md §2.2, issue 12): with an external provider, password="LDAP" or none is what
  // the admin meant. The evaluation says those users log in through it.
  test('LDAP in rudder.auth.provider: password="LDAP" and no password are intended (no finding, LDAP login)', () => {
    const { diagnostics, a } = diagnose('users', { 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.auth.provider=ldap, file\n' });
    assert.equal(severityOf(diagnostics, 'plaintext-password'), undefined);
    assert.equal(severityOf(diagnostics, 'missing-password'), undefined);
    assert.ok(a.kind === 'users');
    assert.deepEqual(
      a.evaluation.users.map((u) => [u.name, u.password.kind, u.password.loginPossible, u.password.external]),
      [
        ['a', 'external', true, ['ldap']],
        ['b', 'external', true, ['ldap']],
        ['c', 'bcrypt', true, undefined],
      ],
    );
  });

  test('file only: those users cannot log in (error)', () => {
    const { diagnostics } = diagnose('users', { 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.auth.provider=file\n' });
    assert.equal(severityOf(diagnostics, 'plaintext-password'), 1);
    assert.equal(severityOf(diagnostics, 'missing-password'), 1);
  });

  test('a .d override wins: LDAP enabled there counts', () => {
    const { diagnostics } = diagnose('users', {
      'rudder-users.xml': users,
      'rudder-web.properties': 'rudder.auth.provider=file\n',
      'rudder-web.properties.d/10-ldap.properties': 'rudder.auth.provider=ldap,file\n',
    });
    assert.equal(severityOf(diagnostics, 'plaintext-password'), undefined);
  });

  test('rudder.bcrypt.cost sets the bcrypt-low-cost threshold and the cost of new hashes', () => {
    const { diagnostics, context } = diagnose('users', { 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.bcrypt.cost=14\n' });
    assert.match(String(diagnostics.find((d) => d.code === 'bcrypt-low-cost')?.message), /below 14/);
    assert.equal(bcryptCostFor(DEFAULT_SETTINGS, context), 14);
  });

  test('a sibling cost under 10 is not used for new hashes', () => {
    const { context } = diagnose('users', { 'rudder-users.xml': users, 'rudder-web.properties': 'rudder.bcrypt.cost=8\n' });
    assert.equal(bcryptCostFor({ ...DEFAULT_SETTINGS, bcryptCost: 13 }, context), 13);
    assert.equal(bcryptCostFor(DEFAULT_SETTINGS, context), 12);
  });

  test('no sibling: nothing assumed', () => {
    const { context, diagnostics } = diagnose('users', { 'rudder-users.xml': users });
    assert.deepEqual(context, {});
    assert.equal(severityOf(diagnostics, 'plaintext-password'), 3);
  });
});

describe('rudder-users.xml and the .d folder inform rudder-web.properties', () => {
  test('auto infers the version from the sibling users file', () => {
    const props = 'rudder.argon2.memory=131072\n';
    const e3 = diagnose('properties', { 'rudder-web.properties': props, 'rudder-users.xml': '<authentication hash="bcrypt" unsafe-hashes="true"/>' });
    assert.equal(e3.a.evaluation.version.era, 'E3');
    assert.ok(e3.diagnostics.some((d) => d.code === 'key-not-in-version'));
    const e4 = diagnose('properties', { 'rudder-web.properties': props, 'rudder-users.xml': '<authentication hash="argon2id"/>' });
    assert.ok(!e4.diagnostics.some((d) => d.code === 'key-not-in-version'));
  });

  // rudder@9.1 RC:186 `configFileExtensions = Set("properties", "prop", "config")`, sorted by path (RC:267-269).
  test('overrides apply in sorted order, .prop and .config (HOCON) included, and the main file says so', () => {
    const { diagnostics, a } = diagnose('properties', {
      'rudder-web.properties': 'rudder.auth.idle-timeout=10 minutes\n',
      'rudder-web.properties.d/20-b.properties': 'rudder.auth.idle-timeout=20 minutes\n',
      'rudder-web.properties.d/10-a.properties': 'rudder.auth.idle-timeout=15 minutes\n',
      'rudder-web.properties.d/30-c.prop': 'rudder.auth.idle-timeout = "40 minutes"\n',
      'rudder-web.properties.d/40-d.txt': 'rudder.auth.idle-timeout=50 minutes\n',
    });
    const overridden = diagnostics.find((d) => d.code === 'property-overridden');
    assert.match(String(overridden?.message), /30-c\.prop/);
    assert.equal(a.kind === 'properties' && a.evaluation.effective.get('rudder.auth.idle-timeout')?.value, '40 minutes');
  });

  test('which changes re-validate which file', () => {
    assert.ok(affects(`${ETC}/rudder-web.properties`, `${ETC}/rudder-users.xml`));
    assert.ok(affects(`${ETC}/rudder-web.properties.d/10-x.properties`, `${ETC}/rudder-users.xml`));
    assert.ok(affects(`${ETC}/rudder-users.xml`, `${ETC}/rudder-web.properties`));
    assert.ok(!affects('/elsewhere/rudder-web.properties', `${ETC}/rudder-users.xml`));
    assert.ok(!affects(`${ETC}/other.properties`, `${ETC}/rudder-users.xml`));
  });
});
