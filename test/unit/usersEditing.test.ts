/**
 * Editing features of rudder-users.xml, data-driven: `|` is the cursor, `[[…]]` a range. Code actions are
 * checked by applying their edits and comparing whole texts, on LF, CRLF and BOM variants of each case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, DocumentSymbol, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import {
  analyze,
  getCodeActions,
  getCompletion,
  getDefinition,
  getDiagnostics,
  getFoldingRanges,
  getHover,
  getInlayHints,
  getReferences,
  getSymbols,
  hashPlanFor,
  parse,
  rename,
  type Analysis,
} from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';
import { HASH_PASSWORDS_KIND, planEdits, planPasswords, userPasswordEdit, type HashPlan, type HashRequest } from '../../server/src/service/users/codeActions';
import { groupDiagnostics, isGroup } from '../../server/src/service/grouping';
import { FIX_ALL_KIND } from '../../server/src/shared/protocol';
import { markers } from './markers';

const BCRYPT = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT_06 = '$2b$06$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const ARGON = '$argon2id$v=19$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

function setup(input: string, version = '9.1', extra: Partial<Settings> = {}) {
  const { text, cursor, ranges } = markers(input);
  const doc = TextDocument.create('file:///etc/rudder-users.xml', 'xml', 1, text);
  const settings = { ...DEFAULT_SETTINGS, rudderVersion: version, ...extra };
  const a = analyze(parse(text, 'users'), settings);
  assert.equal(a.kind, 'users');
  return { doc, a, settings, text, cursor: cursor ?? 0, ranges, pos: doc.positionAt(cursor ?? 0) };
}

function labels(input: string, version?: string): string[] {
  const s = setup(input, version);
  return getCompletion(s.doc, s.a, s.pos)?.items.map((i) => i.label) ?? [];
}

/** Apply the completion item `label` and return the whole text. */
function completeTo(input: string, label: string): string {
  const s = setup(input);
  const item = getCompletion(s.doc, s.a, s.pos)?.items.find((i) => i.label === label);
  assert.ok(item?.textEdit, `no item ${label}`);
  return TextDocument.applyEdits(s.doc, [item.textEdit as TextEdit]);
}

describe('completion', () => {
  const cases: { name: string; doc: string; has: string[]; hasNot?: string[]; version?: string }[] = [
    { name: 'roles in an empty role value', doc: '<authentication><user name="a" role="|"/></authentication>', has: ['administrator', 'read_only', 'no_rights', 'node_', 'any'] },
    { name: 'levels after type_', doc: '<authentication><user name="a" role="node_|"/></authentication>', has: ['node_read', 'node_write', 'node_edit', 'node_all'], hasNot: ['administrator'] },
    { name: 'half-typed tag at the end of the file', doc: '<authentication>\n  <user name="a" role="node_|', has: ['node_read', 'node_all'] },
    { name: 'half-typed tag before more users', doc: '<authentication>\n  <user name="a" role="node_|\n  <user name="b" role="user"/>\n</authentication>', has: ['node_read'] },
    { name: 'second item, listed items excluded', doc: '<authentication><user name="a" permissions="inventory, |"/></authentication>', has: ['user', 'rule_only'], hasNot: ['inventory'] },
    { name: 'custom roles of the file, not the role itself', doc: '<authentication><custom-roles><role name="ops" permissions="node_all"/><role name="audit" permissions="|"/></custom-roles></authentication>', has: ['ops'], hasNot: ['audit'] },
    { name: 'no custom roles up to 7.2', doc: '<authentication><custom-roles><role name="ops"/></custom-roles><user name="a" role="|"/></authentication>', has: ['user'], hasNot: ['ops'], version: '7.2' },
    { name: 'user attribute names', doc: '<authentication><user name="a" |/></authentication>', has: ['password', 'permissions', 'role', 'tenants'], hasNot: ['name'] },
    { name: 'no permissions= up to 7.2, no tenants before 8.1', doc: '<authentication><user name="a" |/></authentication>', has: ['role'], hasNot: ['permissions', 'tenants'], version: '7.2' },
    { name: 'root attributes on 8.3 include unsafe-hashes', doc: '<authentication |>', has: ['hash', 'case-sensitivity', 'unsafe-hashes'], version: '8.3' },
    { name: 'root attributes on 9.x exclude unsafe-hashes', doc: '<authentication |>', has: ['hash'], hasNot: ['unsafe-hashes'] },
    { name: 'hash values on 9.x, modern first', doc: '<authentication hash="|">', has: ['argon2id', 'bcrypt'], hasNot: ['md5', 'sha1'] },
    { name: 'hash values on 8.1', doc: '<authentication hash="|">', has: ['bcrypt', 'sha512', 'md5', 'plain'], hasNot: ['argon2id'], version: '8.1' },
    { name: 'case-sensitivity values', doc: '<authentication case-sensitivity="|">', has: ['true', 'false'] },
    { name: 'tenants keywords', doc: '<authentication><user name="a" tenants="zoneA, |"/></authentication>', has: ['*', '-'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = labels(c.doc, c.version);
      for (const l of c.has) assert.ok(got.includes(l), `${l} missing from ${JSON.stringify(got)}`);
      for (const l of c.hasNot ?? []) assert.ok(!got.includes(l), `${l} should not be offered`);
    });
  }

  test('hash values are ordered modern first', () => {
    assert.deepEqual(labels('<authentication hash="|">').slice(0, 2), ['argon2id', 'bcrypt']);
  });

  test('applying an item replaces only the current item', () => {
    assert.equal(completeTo('<authentication><user name="a" permissions="inventory, no|de_read"/></authentication>', 'node_'), '<authentication><user name="a" permissions="inventory, node_"/></authentication>');
    assert.equal(completeTo('<authentication><user name="a" role="node_|"/></authentication>', 'node_all'), '<authentication><user name="a" role="node_all"/></authentication>');
  });

  test('items carry what the role grants', () => {
    const s = setup('<authentication><user name="a" role="|"/></authentication>');
    const item = getCompletion(s.doc, s.a, s.pos)!.items.find((i) => i.label === 'inventory')!;
    assert.match((item.documentation as MarkupContent).value, /node_read/);
  });
});

describe('hover', () => {
  const hover = (input: string, version?: string) => {
    const s = setup(input, version);
    const h = getHover(s.doc, s.a, s.pos);
    return h ? (h.contents as MarkupContent).value : '';
  };
  test('root element says which version is assumed and why', () => {
    assert.match(hover('<authen|tication hash="argon2id"/>', 'auto'), /Rudder 9\.1.*inferred from this file.*argon2id/s);
    assert.match(hover('<authen|tication hash="bcrypt"/>', 'auto'), /Rudder 9\.1.*assumed by default/s);
    assert.match(hover('<authen|tication/>', '8.3'), /Rudder 8\.3.*chosen in settings/s);
  });
  test('user: rights, login, algorithm and cost, never the value', () => {
    const h = hover(`<authentication hash="bcrypt"><user name="al|ice" password="${BCRYPT}" role="inventory"/></authentication>`);
    assert.match(h, /node_read/);
    assert.match(h, /bcrypt, cost 12/);
    assert.match(h, /possible/);
    assert.ok(!h.includes(BCRYPT));
    const plain = hover('<authentication hash="bcrypt"><user name="b|ob" password="Sup3rSecret" role="user"/></authentication>');
    assert.match(plain, /impossible/);
    assert.ok(!plain.includes('Sup3rSecret'));
  });
  test('dropped user says why', () => {
    assert.match(hover('<authentication case-sensitivity="false"><user name="a|dmin"/><user name="ADMIN"/></authentication>'), /drops.*case/s);
  });
  test('role and permission items', () => {
    assert.match(hover('<authentication><user name="a" role="inven|tory"/></authentication>'), /built-in role.*node_read/s);
    assert.match(hover('<authentication><user name="a" role="node_a|ll"/></authentication>'), /node_read.*node_write.*node_edit/s);
    assert.match(hover('<authentication><user name="a" role="cve_r|ead"/></authentication>'), /plugin/);
  });
  describe('a password hash: algorithm, parameters, whether this version accepts it, and "Set a new password…"', () => {
    const withLink = (input: string, version = '9.1') => {
      const s = setup(input, version);
      const h = getHover(s.doc, s.a, s.pos, { setPasswordLink: true });
      return h ? (h.contents as MarkupContent).value : '';
    };
    /** The arguments of the hover's "Set a new password…" link, or undefined when it has none. */
    const linkArgs = (md: string) => {
      const m = /\[Set a new password…\]\(command:rudder\.setPassword\?([^ )]+)/.exec(md);
      return m ? JSON.parse(decodeURIComponent(m[1])) : undefined;
    };
    const cases: { name: string; doc: string; version?: string; says: RegExp; link: boolean }[] = [
      { name: 'SHA-1 on 9.x', doc: `<authentication hash="argon2id"><user name="carol" password="a94a8fe5|ccb19ba61c4c0873d391e987982fbbd3" role="user"/></authentication>`, says: /\*\*Password of `carol`\*\*: SHA-1\.\n\nRudder 9\.1 \*\*cannot verify\*\* it/, link: true },
      { name: 'bcrypt cost 6', doc: `<authentication><user name="lo" password="$2b$0|6$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="user"/></authentication>`, says: /bcrypt, cost 6\.\n\nRudder 9\.1 \*\*accepts\*\* it/, link: true },
      { name: 'argon2id parameters', doc: `<authentication hash="argon2id"><user name="m" password="$argon2id$v=19$m=4096|,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" role="user"/></authentication>`, says: /argon2id, m=4096 t=3 p=1\.\n\nRudder 9\.1 \*\*accepts\*\* it/, link: true },
      { name: 'argon2id on 8.3', version: '8.3', doc: `<authentication hash="bcrypt"><user name="m" password="$argon2id$v=19$m=65536|,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" role="user"/></authentication>`, says: /argon2id, m=65536 t=3 p=1\.\n\nRudder 8\.3 \*\*cannot verify\*\* it/, link: true },
      { name: 'up to 8.1 under hash="sha1": no link (a bcrypt hash would not verify)', version: '8.1', doc: `<authentication hash="sha1"><user name="c" password="a94a8fe5|ccb19ba61c4c0873d391e987982fbbd3" role="user"/></authentication>`, says: /SHA-1\.\n\nRudder 8\.1 \*\*accepts\*\* it/, link: false },
      { name: 'a user whose login is impossible: the link on the user too', doc: `<authentication><user name="ca|rol" password="a94a8fe5ccb19ba61c4c0873d391e987982fbbd3" role="user"/></authentication>`, says: /Login through this file: \*\*impossible\*\*/, link: true },
      { name: 'a user who can log in: no link on the user', doc: `<authentication><user name="al|ice" password="${BCRYPT}" role="user"/></authentication>`, says: /Login through this file: \*\*possible\*\*/, link: false },
      { name: 'an LDAP user: no link', doc: `<authentication><user name="d" password="LD|AP" role="user"/></authentication>`, says: /Password of `d`/, link: false },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const md = withLink(c.doc, c.version);
        assert.match(md, c.says);
        const args = linkArgs(md);
        assert.equal(!!args, c.link, md);
        if (args) assert.deepEqual(args, [{ uri: 'file:///etc/rudder-users.xml', user: { name: /name="([^"]+)"/.exec(c.doc)![1].replace('|', ''), occurrence: 0 } }]);
        assert.ok(!md.includes('a94a8fe5') && !md.includes('abcdefghijklmnop') && !md.includes('c2FsdHNh'), 'never the value');
      });
    }
    test('a name written as a link forms none: only the hover\'s own link is a link', () => {
      const trap = '[x](command:rudder.setPassword?%5B%5D) <command:rudder.setPassword>';
      const md = withLink(`<authentication><user name="${trap.replace('<', '&lt;')}" password="a94a8fe5|ccb19ba61c4c0873d391e987982fbbd3" role="user"/></authentication>`);
      assert.equal(md.match(/(?<!\\)\]\(command:/g)?.length, 1, md);
      assert.ok(md.includes('\\[x\\](command:rudder.setPassword?%5B%5D) \\<command:'), md);
      assert.deepEqual(linkArgs(md), [{ uri: 'file:///etc/rudder-users.xml', user: { name: trap, occurrence: 0 } }]);
      assert.ok(!md.includes('\uE000'), 'the markers are gone');
    });
    test('no link unless the client trusts it', () => {
      assert.ok(!/command:/.test(hover(`<authentication><user name="lo" password="$2b$0|6$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="user"/></authentication>`)));
    });
  });

  test('hash attribute shows the version assumed', () => {
    assert.match(hover('<authentication ha|sh="md5"/>', '9.1'), /Rudder 9\.1/);
  });
});

// ------------------------------------------------------------------------------------------------------------
// Code actions

const variants = {
  LF: (s: string) => s,
  CRLF: (s: string) => s.replace(/\n/g, '\r\n'),
  BOM: (s: string) => `\uFEFF${s}`,
};

function actions(input: string, version = '9.1', only?: string[]) {
  const s = setup(input, version);
  const at = s.ranges[0] ?? { start: s.cursor, end: s.cursor };
  const range = { start: s.doc.positionAt(at.start), end: s.doc.positionAt(at.end) };
  const diagnostics = getDiagnostics(s.doc, s.a, s.settings).filter((d) => s.doc.offsetAt(d.range.end) >= at.start && s.doc.offsetAt(d.range.start) <= at.end);
  return { s, list: getCodeActions(s.doc, s.a, range, diagnostics, { bcryptCost: 4, setPasswordCommand: true, only }) };
}

function applyAction(s: ReturnType<typeof setup>, a: CodeAction): string {
  const change = a.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `action "${a.title}" has no edit`);
  return TextDocument.applyEdits(s.doc, change.edits as TextEdit[]);
}

describe('quick fixes (whole text, LF / CRLF / BOM)', () => {
  const cases: { name: string; doc: string; title: string | RegExp; after: string; version?: string }[] = [
    {
      name: 'unknown role → closest candidate',
      doc: '<authentication>\n\t<user name="a" password="LDAP" role="user, [[adminstrator]]"/>\n</authentication>\n',
      title: "Change to 'administrator'",
      after: '<authentication>\n\t<user name="a" password="LDAP" role="user, administrator"/>\n</authentication>\n',
    },
    {
      name: 'invalid level → valid level',
      doc: '<authentication>\n  <user name="a" password="LDAP" permissions="[[node_reed]]"/>\n</authentication>',
      title: "Change to 'node_read'",
      after: '<authentication>\n  <user name="a" password="LDAP" permissions="node_read"/>\n</authentication>',
    },
    {
      name: 'roles= → permissions=',
      doc: '<authentication>\n  <!-- keep me -->\n  <user name="a" password="LDAP" [[roles]]="user"/>\n</authentication>',
      title: 'Rename roles= to permissions=',
      after: '<authentication>\n  <!-- keep me -->\n  <user name="a" password="LDAP" permissions="user"/>\n</authentication>',
    },
    {
      name: 'remove the roles that no_rights overrides',
      doc: '<authentication>\n  <user name="a" password="LDAP" role="user" permissions="inventory, [[no_rights]]"/>\n</authentication>',
      title: /^Remove the roles that no_rights overrides/,
      after: '<authentication>\n  <user name="a" password="LDAP" permissions="no_rights"/>\n</authentication>',
    },
    {
      name: 'remove no_rights',
      doc: '<authentication>\n  <user name="a" password="LDAP" permissions="inventory, [[no_rights]], rule_only"/>\n</authentication>',
      title: /^Remove no_rights/,
      after: '<authentication>\n  <user name="a" password="LDAP" permissions="inventory, rule_only"/>\n</authentication>',
    },
    {
      name: 'misspelt attribute → the attribute Rudder reads (C12)',
      doc: '<authentication>\n  <user name="a" [[pasword]]="LDAP" role="user"/>\n</authentication>',
      title: 'Rename to password=',
      after: '<authentication>\n  <user name="a" password="LDAP" role="user"/>\n</authentication>',
    },
    {
      name: 'reserved custom-role name → renamed with its references',
      doc: '<authentication>\n  <custom-roles><role name="[[ops_team]]" permissions="node_read"/></custom-roles>\n  <user name="a" password="LDAP" role="OPS_TEAM"/>\n</authentication>',
      title: "Rename to 'ops-team' (and its references)",
      after: '<authentication>\n  <custom-roles><role name="ops-team" permissions="node_read"/></custom-roles>\n  <user name="a" password="LDAP" role="ops-team"/>\n</authentication>',
    },
    {
      name: 'uppercase digest → lowercase',
      version: '8.1',
      doc: '<authentication hash="sha1">\n  <user name="a" password="[[A94A8FE5CCB19BA61C4C0873D391E987982FBBD3]]" role="user"/>\n</authentication>',
      title: 'Lowercase this digest',
      after: '<authentication hash="sha1">\n  <user name="a" password="a94a8fe5ccb19ba61c4c0873d391e987982fbbd3" role="user"/>\n</authentication>',
    },
    {
      name: 'invalid boolean → nearest token',
      version: '8.3',
      doc: '<authentication hash="bcrypt" unsafe-hashes="[[fsale]]" case-sensitivity="true"/>',
      title: "Change to 'false'",
      after: '<authentication hash="bcrypt" unsafe-hashes="false" case-sensitivity="true"/>',
    },
    {
      name: 'remove obsolete unsafe-hashes on 9.x',
      doc: '<authentication hash="bcrypt"\t[[unsafe-hashes]]="true" case-sensitivity="true"/>',
      title: 'Remove unsafe-hashes',
      after: '<authentication hash="bcrypt" case-sensitivity="true"/>',
    },
    {
      name: 'remove an ignored duplicate user',
      doc: '<authentication>\n  <user name="[[bob]]" password="LDAP" role="user"/>\n  <user name="bob" password="LDAP" role="inventory"/>\n</authentication>',
      title: 'Remove this ignored definition',
      after: '<authentication>\n  <user name="bob" password="LDAP" role="inventory"/>\n</authentication>',
    },
    {
      name: 'disable a rule for the next line (indented like the tag)',
      doc: '<authentication>\n    <user name="a" password="LDAP" role="[[nope]]"/>\n</authentication>',
      title: 'Disable unknown-role for this line',
      after: '<authentication>\n    <!-- rudder-lint-disable-next-line unknown-role -->\n    <user name="a" password="LDAP" role="nope"/>\n</authentication>',
    },
    {
      name: 'disable goes above a multi-line start tag, never inside it',
      doc: '<authentication>\n  <user name="a"\n        password="LDAP"\n        role="[[nope]]"/>\n</authentication>',
      title: 'Disable unknown-role for this line',
      after: '<authentication>\n  <!-- rudder-lint-disable-next-line unknown-role -->\n  <user name="a"\n        password="LDAP"\n        role="nope"/>\n</authentication>',
    },
    {
      name: 'disable extends an existing directive',
      doc: '<authentication>\n  <!-- rudder-lint-disable-next-line tenant-malformed -->\n  <user name="a" password="LDAP" role="[[nope]]" tenants="@x"/>\n</authentication>',
      title: 'Disable unknown-role for this line',
      after: '<authentication>\n  <!-- rudder-lint-disable-next-line tenant-malformed unknown-role -->\n  <user name="a" password="LDAP" role="nope" tenants="@x"/>\n</authentication>',
    },
  ];
  for (const c of cases) {
    for (const [variant, transform] of Object.entries(variants)) {
      test(`${c.name} [${variant}]`, () => {
        const { s, list } = actions(transform(c.doc), c.version);
        const a = list.find((x) => (typeof c.title === 'string' ? x.title === c.title : c.title.test(x.title)));
        assert.ok(a, `no action ${c.title} in ${JSON.stringify(list.map((x) => x.title))}`);
        assert.equal(applyAction(s, a), transform(c.after));
      });
    }
  }

  test('a suppressed diagnostic is gone', () => {
    const s = setup('<authentication>\n  <!-- rudder-lint-disable-next-line unknown-role -->\n  <user name="a" password="LDAP" role="nope"/>\n</authentication>');
    assert.ok(!getDiagnostics(s.doc, s.a, s.settings).some((d) => d.code === 'unknown-role'));
    const all = setup('<authentication>\n  <!-- rudder-lint-disable-next-line -->\n  <user name="a" password="x" role="nope"/>\n</authentication>');
    assert.ok(!getDiagnostics(all.doc, all.a, all.settings).some((d) => d.range.start.line === 2));
  });
});

/** The plan the server computes for a hash action's request, in the text it was offered for. */
function planOf(s: { a: Analysis }, a: CodeAction): HashPlan {
  const plan = hashPlanFor(s.a, a.data as HashRequest);
  assert.ok(plan, `no plan for ${JSON.stringify(a.data)}`);
  return plan;
}

describe('hash actions (plans)', () => {
  const plain = '<authentication hash="bcrypt">\n  <user name="a" password="[[p&amp;ss]]" role="user"/>\n  <user name="b" password="LDAP" role="user"/>\n  <user name="c" password="other" role="user"/>\n</authentication>';

  test('hash this password: a plan over this value only, decoded as Rudder reads it', () => {
    const { s, list } = actions(plain);
    const a = list.find((x) => x.title.startsWith('Hash this password with bcrypt'));
    assert.ok(a && !a.edit, 'resolved by the server');
    const plan = planOf(s, a);
    assert.deepEqual(planPasswords(s.text, plan), ['p&ss']);
    const out = TextDocument.applyEdits(s.doc, planEdits(plan, ['HASH']).map((e) => ({ range: { start: s.doc.positionAt(e.range.start), end: s.doc.positionAt(e.range.end) }, newText: e.newText })));
    assert.equal(out, plain.replace('[[p&amp;ss]]', 'HASH').replace(/\[\[|\]\]/g, ''));
    assert.ok(!JSON.stringify(a).includes('p&amp;ss') && !JSON.stringify(a).includes('p&ss'), 'the plan never carries the password');
  });

  test('hash all: every plain-text password but the LDAP convention', () => {
    const { s, list } = actions(plain, '9.1', [HASH_PASSWORDS_KIND]);
    const a = list.find((x) => x.kind === HASH_PASSWORDS_KIND)!;
    assert.match(a.title, /Hash all 2 plain-text password/);
    assert.deepEqual(planPasswords(s.text, planOf(s, a)), ['p&ss', 'other']);
  });

  test('a plan owns its offsets: moving the model\'s offsets in place (as a later edit may) leaves them', () => {
    const { s, list } = actions(plain, '9.1', [HASH_PASSWORDS_KIND]);
    const plan = planOf(s, list.find((x) => x.kind === HASH_PASSWORDS_KIND)!);
    const before = JSON.stringify(plan.targets);
    if (s.a.kind !== 'users') throw new Error('a users file');
    for (const u of s.a.model.users) if (u.password?.valueRange) u.password.valueRange.start += 1000;
    assert.equal(JSON.stringify(plan.targets), before);
  });

  test('over 72 bytes: the title warns', () => {
    const { list } = actions(`<authentication hash="bcrypt"><user name="a" password="[[${'é'.repeat(40)}]]" role="user"/></authentication>`);
    assert.match(list.find((x) => x.title.startsWith('Hash this password'))!.title, /72 bytes/);
  });

  test('up to 8.1 with hash="sha256": says bcrypt needs hash="bcrypt", offers SHA-256 too', () => {
    const { s, list } = actions('<authentication hash="sha256"><user name="a" password="[[secret]]" role="user"/><user name="b" password="2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b" role="user"/></authentication>', '8.1');
    const titles = list.filter((x) => x.data).map((x) => x.title);
    assert.ok(titles.some((t) => /SHA-256, what hash="sha256" verifies/.test(t)), JSON.stringify(titles));
    const bcrypt = list.find((x) => /set hash="bcrypt"/.test(x.title))!;
    assert.match(bcrypt.title, /1 other password\(s\) would stop working/);
    assert.ok(planOf(s, bcrypt).setHash);
  });

  test('hash="plain" on 8.1: all passwords at once, and hash switched to bcrypt', () => {
    const { s, list } = actions('<authentication hash="plain"><user name="a" password="[[one]]" role="user"/><user name="b" password="two" role="user"/></authentication>', '8.1');
    const a = list.find((x) => x.title.startsWith('Hash all 2'))!;
    assert.equal(planOf(s, a).targets.length, 2);
    assert.equal(planOf(s, a).setHash?.newText, 'bcrypt');
  });

  test('set a new password is offered on any user, where a bcrypt hash verifies', () => {
    const { list } = actions(`<authentication><user name="al|ice" password="${BCRYPT}" role="user"/></authentication>`);
    assert.ok(list.some((x) => x.command?.command === 'rudder.setPassword'));
    const sha1 = actions(`<authentication hash="sha1"><user name="al|ice" password="${SHA1}" role="user"/></authentication>`, '8.1');
    assert.ok(!sha1.list.some((x) => x.command?.command === 'rudder.setPassword'), 'up to 8.1 under hash="sha1" a bcrypt hash would lock the user out');
  });
});

describe('where the release reads no DOCTYPE default, the users read as written are still the targets', () => {
  // 9.x evaluates the users as written (the start-up rewrite drops the <!ATTLIST> defaults): its declarations are
  // other objects than the model's for the same elements, and a plan names its users by the model's identity.
  test('a hash action on one user of two, under a default', () => {
    const text = '<!DOCTYPE authentication [<!ATTLIST user tenants CDATA "*">]><authentication hash="bcrypt"><user name="a" password="one" role="user"/><user name="a" password="[[two]]" role="user"/></authentication>';
    const { s, list } = actions(text, '9.1');
    const one = list.find((x) => x.title.startsWith('Hash this password with bcrypt'));
    assert.ok(one, JSON.stringify(list.map((x) => x.title)));
    const plan = planOf(s, one);
    assert.deepEqual(plan.users, [{ name: 'a', occurrence: 1 }]);
    assert.deepEqual(plan.targets.map((t) => s.text.slice(t.start, t.end)), ['two']);
  });
});

describe('a DOCTYPE default is never an edit target (one declaration serves every element)', () => {
  const doctype = `<!DOCTYPE authentication [<!ATTLIST user password CDATA "secret" name CDATA "dflt">]>`;

  test('a plain-text password from a default gets no hash action', () => {
    const { list } = actions(`${doctype}<authentication hash="bcrypt"><user name="a" role="administrator"/><user name="b" role="administrator"/></authentication>`, '8.1', [HASH_PASSWORDS_KIND]);
    assert.ok(!list.some((x) => x.kind === HASH_PASSWORDS_KIND), JSON.stringify(list.map((x) => x.title)));
  });

  test('a new password is written on the user, after its name, not over the default', () => {
    const text = `${doctype}<authentication hash="bcrypt"><user name="a" role="administrator"/></authentication>`;
    const model = parse(text, 'users');
    assert.ok(model.kind === 'users');
    const edit = userPasswordEdit(model.users[0], 'HASH');
    assert.equal(text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end), text.replace('<user name="a"', '<user name="a" password="HASH"'));
    const unnamed = `${doctype}<authentication hash="bcrypt"><user role="administrator"/></authentication>`;
    const m2 = parse(unnamed, 'users');
    assert.ok(m2.kind === 'users');
    const e2 = userPasswordEdit(m2.users[0], 'HASH');
    assert.equal(unnamed.slice(0, e2.range.start) + e2.newText + unnamed.slice(e2.range.end), unnamed.replace('<user role', '<user password="HASH" role'));
  });

  test('symbols and inlay hints stay inside the user element', () => {
    const text = `${doctype}<authentication hash="bcrypt"><user role="administrator"/></authentication>`;
    const s = setup(text, '8.1');
    const user = (getSymbols(s.doc, s.a) as DocumentSymbol[])[0].children![0];
    assert.equal(user.name, 'dflt');
    assert.ok(s.doc.offsetAt(user.selectionRange.start) >= text.indexOf('<user'), 'selection range inside the element');
    assert.deepEqual(getInlayHints(s.doc, s.a, { start: s.doc.positionAt(0), end: s.doc.positionAt(text.length) }, 'all'), []);
  });
});

describe('the preferred fix of a password finding', () => {
  // `preferred`: the title of the one preferred action on the finding under [[…]], undefined for none; `command`:
  // the user "Set a new password…" is for. The fixes of one diagnostic come before its "Disable".
  const cases: { name: string; doc: string; version?: string; preferred: string | undefined; user?: string }[] = [
    { name: 'weak-hash rejected on 9.x: a new password', doc: `<authentication hash="argon2id"><user name="carol" password="[[${SHA1}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'carol' },
    { name: 'weak-hash accepted in legacy mode (8.3)', version: '8.3', doc: `<authentication hash="sha1"><user name="carol" password="[[${SHA1}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'carol' },
    { name: 'bcrypt-low-cost: a new password', doc: `<authentication><user name="lo" password="[[${BCRYPT_06}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'lo' },
    { name: 'argon2-weak-params: a new password', doc: `<authentication hash="argon2id"><user name="m" password="[[${ARGON.replace('m=131072', 'm=4096')}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'm' },
    { name: 'argon2id before 9.0: a new password (bcrypt)', version: '8.3', doc: `<authentication hash="bcrypt"><user name="a" password="[[${ARGON}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'a' },
    { name: 'the second of two users of one name', doc: `<authentication><user name="x" password="LDAP"/><user name="x" password="[[${BCRYPT_06}]]" role="user"/></authentication>`, preferred: 'Set a new password…', user: 'x#1' },
    { name: 'up to 8.1 under hash="sha1" a bcrypt hash would not verify: no new password', version: '8.1', doc: `<authentication hash="sha1"><user name="c" password="[[${SHA1.toUpperCase()}]]" role="user"/></authentication>`, preferred: 'Lowercase this digest' },
    { name: 'plain text keeps "Hash this password" preferred', doc: '<authentication hash="bcrypt"><user name="b" password="[[secret]]" role="user"/></authentication>', preferred: 'Hash this password with bcrypt (cost 4)' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { list } = actions(c.doc, c.version);
      const preferred = list.filter((a) => a.isPreferred);
      assert.deepEqual(preferred.map((a) => a.title), c.preferred ? [c.preferred] : [], JSON.stringify(list.map((a) => a.title)));
      if (c.user) {
        const [name, occurrence = '0'] = c.user.split('#');
        assert.deepEqual(preferred[0].command, { title: 'Set a new password…', command: 'rudder.setPassword', arguments: [{ uri: 'file:///etc/rudder-users.xml', user: { name, occurrence: Number(occurrence) } }] });
        assert.equal(preferred[0].kind, 'quickfix');
        assert.ok(list.findIndex((a) => a.isPreferred) < list.findIndex((a) => a.title.startsWith('Disable ')), 'before Disable');
        assert.ok(!list.some((a) => a.kind?.startsWith('refactor') && a.command?.command === 'rudder.setPassword'), 'not twice (quick fix and refactor)');
      }
    });
  }

  test('without a client that prompts, no "Set a new password…"', () => {
    const s = setup(`<authentication><user name="lo" password="${BCRYPT_06}" role="user"/></authentication>`);
    const list = getCodeActions(s.doc, s.a, { start: s.pos, end: s.pos }, getDiagnostics(s.doc, s.a, s.settings), { bcryptCost: 12, setPasswordCommand: false });
    assert.ok(!list.some((a) => /password/i.test(a.title)), JSON.stringify(list.map((a) => a.title)));
  });
});

describe('fix-all (whole text)', () => {
  /** The action titled `title` offered on the diagnostics under [[…]] (grouped as the server groups them when `group`). */
  function fixAll(input: string, title: string | RegExp, opts: { version?: string; group?: boolean; only?: string[]; settings?: Partial<Settings> } = {}) {
    const s = setup(input, opts.version ?? '9.1', opts.settings);
    const at = s.ranges[0] ?? { start: s.cursor, end: s.cursor };
    const all = getDiagnostics(s.doc, s.a, s.settings);
    const shown = opts.group ? groupDiagnostics(all, s.doc.uri, { threshold: 1, max: 500 }) : all;
    const diagnostics = shown.filter((d) => s.doc.offsetAt(d.range.end) >= at.start && s.doc.offsetAt(d.range.start) <= at.end);
    const range = { start: s.doc.positionAt(at.start), end: s.doc.positionAt(at.end) };
    const list = getCodeActions(s.doc, s.a, range, diagnostics, { bcryptCost: 12, setPasswordCommand: true, only: opts.only, settings: s.settings });
    const a = list.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
    assert.ok(a, `no "${title}" in ${JSON.stringify(list.map((x) => x.title))}`);
    return { s, a, list, diagnostics };
  }

  const digests = ['A94A8FE5CCB19BA61C4C0873D391E987982FBBD3', '7C4A8D09CA3762AF61E59520943DC26494F8941B', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'];
  const upper = `<authentication hash="sha1">\n  <user name="a" password="[[${digests[0]}]]" role="user"/>\n  <user name="b" password="${digests[1]}" role="user"/>\n  <!-- rudder-lint-disable-next-line uppercase-hex-digest -->\n  <user name="c" password="${digests[2]}" role="user"/>\n</authentication>\n`;
  const upperFixed = upper.replace(digests[0], digests[0].toLowerCase()).replace(digests[1], digests[1].toLowerCase()).replace(/\[\[|\]\]/g, '');

  for (const [variant, t] of Object.entries(variants)) {
    test(`"Fix all <rule> in this file" on one diagnostic: every shown finding, the suppressed one kept [${variant}]`, () => {
      const { s, a } = fixAll(t(upper), 'Fix all uppercase-hex-digest in this file (2)', { version: '8.1' });
      assert.equal(a.kind, 'quickfix');
      assert.ok(!a.isPreferred, 'the fix of this line stays preferred');
      assert.equal(applyAction(s, a), t(upperFixed));
    });
  }

  test('a rule off in the settings is not fixed by source.fixAll.rudder', () => {
    const doc = '<authentication>\n  <user name="a" password="LDAP" roles="user"/>\n  <user name="b" password="LDAP" roles="inventory"/>\n</authentication>';
    const { s, a } = fixAll(doc, /^Fix 2 problem/, { only: [FIX_ALL_KIND] });
    assert.equal(a.kind, FIX_ALL_KIND);
    assert.equal(applyAction(s, a), doc.replace(/roles=/g, 'permissions='));
    const off = setup(doc, '9.1', { rules: { 'roles-attribute-ignored': 'off' } });
    assert.deepEqual(getCodeActions(off.doc, off.a, { start: off.pos, end: off.pos }, [], { bcryptCost: 12, setPasswordCommand: true, only: ['source.fixAll'], settings: off.settings }), []);
  });

  test('source.fixAll.rudder: every mechanical fix of the file in one versioned edit, no hashing, no guess', () => {
    const doc = '<authentication hash="bcrypt" unsafe-hashes="true">\n  <custom-roles><role name="ops_team" permissions="node_read"/></custom-roles>\n  <user name="a" password="plain" role="ops_team"/>\n  <user name="b" password="LDAP" roles="user"/>\n  <user name="c" password="LDAP" role="adminstrator"/>\n</authentication>';
    const { s, a, list } = fixAll(doc, /^Fix \d+ problem/, { only: ['source.fixAll'] });
    assert.equal(applyAction(s, a), '<authentication hash="bcrypt">\n  <custom-roles><role name="ops-team" permissions="node_read"/></custom-roles>\n  <user name="a" password="plain" role="ops-team"/>\n  <user name="b" password="LDAP" permissions="user"/>\n  <user name="c" password="LDAP" role="adminstrator"/>\n</authentication>');
    assert.match(a.title, /^Fix 3 problem/);
    assert.equal((a.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, 1);
    assert.deepEqual(list.map((x) => x.kind), [FIX_ALL_KIND], 'only the fix-all source action');
  });

  test('a grouped diagnostic: its preferred fix is the fix-all of its rule', () => {
    const { s, a, list, diagnostics } = fixAll(upper, 'Fix all uppercase-hex-digest in this file (2)', { version: '8.1', group: true });
    assert.ok(diagnostics.some(isGroup), 'the diagnostic is grouped');
    assert.ok(a.isPreferred);
    assert.deepEqual(list.filter((x) => x.kind === 'quickfix').map((x) => x.title), ['Fix all uppercase-hex-digest in this file (2)'], 'no fix of its first location alone, no Disable of one line');
    assert.equal(applyAction(s, a), upperFixed);
  });

  test('a grouped plain-text password diagnostic: "Hash all N plain-text passwords", the hash-all plan', () => {
    const users = Array.from({ length: 5 }, (_, i) => `  <user name="u${i}" password="${i === 0 ? '[[secret-0]]' : `secret-${i}`}" role="user"/>`);
    const doc = `<authentication hash="bcrypt">\n${users.join('\n')}\n  <user name="ldap" password="LDAP" role="user"/>\n</authentication>`;
    const { s, a } = fixAll(doc, /^Hash all 5 plain-text password\(s\) in this file with bcrypt \(cost 12\)$/, { group: true });
    assert.ok(a.isPreferred && a.kind === 'quickfix' && !a.edit);
    const plan = planOf(s, a);
    assert.deepEqual(planPasswords(s.text, plan), ['secret-0', 'secret-1', 'secret-2', 'secret-3', 'secret-4']);
    assert.deepEqual(plan.users.map((u) => u.name), ['u0', 'u1', 'u2', 'u3', 'u4']);
    assert.ok(!JSON.stringify(a).includes('secret-'), 'the plan never carries a password');
  });

  test('on an ungrouped plain-text password: "Hash this password" preferred, "Hash all" beside it', () => {
    const doc = '<authentication hash="bcrypt"><user name="a" password="[[one]]"/><user name="b" password="two"/></authentication>';
    const { list } = fixAll(doc, /^Hash all 2 plain-text/);
    assert.deepEqual(list.filter((x) => x.isPreferred).map((x) => x.title), ['Hash this password with bcrypt (cost 12)']);
    assert.deepEqual(
      list.filter((x) => x.title.startsWith('Hash all')).map((x) => x.kind),
      ['quickfix'],
      'once: the source action "Hash all" of the same passwords is not listed beside the quick fix',
    );
  });

  test('"Hash all" of the rule leaves out a suppressed plain-text password', () => {
    const doc = '<authentication hash="bcrypt">\n  <user name="a" password="[[one]]"/>\n  <!-- rudder-lint-disable-next-line plaintext-password -->\n  <user name="b" password="two"/>\n  <user name="c" password="three"/>\n</authentication>';
    const { s, a, list } = fixAll(doc, /^Hash all 2 plain-text/);
    assert.deepEqual(
      list.filter((x) => x.title.startsWith('Hash all')).map((x) => `${x.kind}: ${x.title.slice(0, 10)}`),
      ['quickfix: Hash all 2', `${HASH_PASSWORDS_KIND}: Hash all 3`],
      'the source action hashes the suppressed one too',
    );
    assert.deepEqual(planPasswords(s.text, planOf(s, a)), ['one', 'three']);
    assert.deepEqual(planOf(s, a).users, [{ name: 'a', occurrence: 0 }, { name: 'c', occurrence: 0 }]);
  });

  test('one finding of a rule: no fix-all', () => {
    const s = setup('<authentication><user name="a" password="LDAP" [[roles]]="user"/></authentication>');
    const list = getCodeActions(s.doc, s.a, { start: s.doc.positionAt(s.ranges[0].start), end: s.doc.positionAt(s.ranges[0].end) }, getDiagnostics(s.doc, s.a, s.settings), { bcryptCost: 12, setPasswordCommand: true });
    assert.ok(!list.some((x) => x.title.startsWith('Fix all')), JSON.stringify(list.map((x) => x.title)));
  });

  test('fixes that overlap: the first is taken, the other finding stays for the next run', () => {
    const doc = '<authentication>\n  <custom-roles><role name="a_b" permissions="node_read"/><role name="a-b_" permissions="a_b"/></custom-roles>\n</authentication>';
    const s = setup(doc);
    const list = getCodeActions(s.doc, s.a, { start: s.pos, end: s.pos }, [], { bcryptCost: 12, setPasswordCommand: true, only: [FIX_ALL_KIND] });
    for (const a of list) {
      const edits = (a.edit!.documentChanges![0] as { edits: TextEdit[] }).edits.map((e) => [s.doc.offsetAt(e.range.start), s.doc.offsetAt(e.range.end)]).sort((x, y) => x[0] - y[0]);
      assert.ok(edits.every((e, i) => i === 0 || e[0] >= edits[i - 1][1]), `overlapping edits ${JSON.stringify(edits)}`);
    }
  });
});

describe('navigation', () => {
  const roles = '<authentication>\n  <custom-roles>\n    <role name="[[ops]]" permissions="node_all"/>\n    <role name="lead" permissions="[[OPS]], rule_all"/>\n  </custom-roles>\n  <user name="a" password="LDAP" permissions="[[o|ps]]"/>\n</authentication>';

  test('definition, references and rename of a custom role (case-insensitive)', () => {
    const s = setup(roles);
    const def = getDefinition(s.doc, s.a, s.pos)!;
    assert.equal(s.doc.offsetAt(def.range.start), s.ranges[0].start);
    const refs = getReferences(s.doc, s.a, s.pos, true).map((r) => s.doc.offsetAt(r.range.start));
    assert.deepEqual(refs, s.ranges.map((r) => r.start));
    const r = rename(s.doc, s.a, s.pos, 'operators');
    assert.ok(r && 'edits' in r);
    assert.equal(TextDocument.applyEdits(s.doc, r.edits), s.text.replace(/"ops"/g, '"operators"').replace('"OPS,', '"operators,').replace('OPS, rule_all', 'operators, rule_all'));
  });

  test('rename refuses names Rudder would drop', () => {
    const s = setup(roles);
    for (const bad of ['my_role', 'any', 'inventory', 'LEAD', '']) assert.ok('error' in (rename(s.doc, s.a, s.pos, bad) ?? {}), bad);
  });

  test('document symbols: users and custom roles', () => {
    const s = setup(roles);
    const [root] = getSymbols(s.doc, s.a);
    assert.equal(root.name, 'authentication');
    assert.deepEqual(root.children!.map((c) => c.name), ['custom-roles', 'a']);
    assert.deepEqual(root.children![0].children!.map((c) => c.name), ['ops', 'lead']);
  });

  test('document symbols: what each custom role grants, counted', () => {
    const text = '<authentication hash="bcrypt"><custom-roles><role name="ops" permissions="node_read, node_write"/><role name="all" permissions="administrator"/><role name="none" permissions=""/><role name="loop" permissions="loop"/></custom-roles></authentication>';
    const s = setup(text, '9.1');
    const [root] = getSymbols(s.doc, s.a);
    assert.deepEqual(
      root.children![0].children!.map((c) => `${c.name}: ${c.detail}`),
      ['ops: 2 right(s)', 'all: all rights', 'none: 0 right(s)', 'loop: dropped'],
    );
  });

  test('inlay hints: algorithm and cost after each password (all), only the problems by default, none when off; never the value', () => {
    const s = setup(`<authentication><user name="a" password="${BCRYPT}"/><user name="b" password="plain"/></authentication>`);
    const whole = { start: s.doc.positionAt(0), end: s.doc.positionAt(s.text.length) };
    assert.deepEqual(getInlayHints(s.doc, s.a, whole, 'all').map((h) => h.label), ['bcrypt cost 12', 'not a hash ⚠ no login']);
    assert.deepEqual(getInlayHints(s.doc, s.a, whole).map((h) => h.label), ['not a hash ⚠ no login']);
    assert.deepEqual(getInlayHints(s.doc, s.a, whole, 'off'), []);
  });

  test('folding ranges for multi-line elements and comments', () => {
    const s = setup(roles);
    assert.deepEqual(getFoldingRanges(s.doc, s.a).map((f) => [f.startLine, f.endLine]), [[0, 5], [1, 3]]);
  });
});
