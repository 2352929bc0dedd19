/**
 * Editing features of rudder-web.properties: completion and hover at `|`, quick fixes applied as whole texts on
 * LF, CRLF and BOM variants, suppression comments and symbols.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { analyze, getCodeActions, getCompletion, getDiagnostics, getHover, getSymbols, hashPlanFor, parse, type DocumentContext, type HashRequest } from '../../server/src/service/languageService';
import { overrideSource } from '../../server/src/service/properties/overrides';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { markers } from './markers';

function setup(input: string, version = '9.1', context: DocumentContext = {}) {
  const { text, cursor, ranges } = markers(input, input.includes('|') && !input.includes('(|'));
  const doc = TextDocument.create('file:///opt/rudder/etc/rudder-web.properties', 'properties', 1, text);
  const settings = { ...DEFAULT_SETTINGS, rudderVersion: version };
  const a = analyze(parse(text, 'properties'), settings, context);
  return { doc, a, settings, text, cursor: cursor ?? 0, ranges, pos: doc.positionAt(cursor ?? 0) };
}

describe('properties completion', () => {
  const labels = (input: string, version?: string) => {
    const s = setup(input, version);
    return getCompletion(s.doc, s.a, s.pos)?.items.map((i) => i.label) ?? [];
  };
  test('keys with their default, not the ones already set, only those the version reads', () => {
    const got = labels('rudder.auth.provider=file\nrudder.auth.idle|');
    assert.ok(got.includes('rudder.auth.idle-timeout'));
    assert.ok(!got.includes('rudder.auth.provider'));
    assert.ok(labels('|', '9.2').includes('rudder.auth.otp.enforce'));
    assert.ok(!labels('|', '9.1').includes('rudder.auth.otp.enforce'));
    assert.ok(!labels('|', '8.3').includes('rudder.argon2.memory'));
  });
  test('typed values', () => {
    assert.deepEqual(labels('rudder.server.hsts=|'), ['true', 'false']);
    assert.ok(labels('rudder.auth.provider=file, |').includes('ldap'));
    assert.ok(!labels('rudder.auth.provider=file, |').includes('file'));
    assert.ok(labels('rudder.auth.ldap.connection.url=|').some((l) => l.startsWith('ldaps://')));
    assert.ok(labels('rudder.auth.ldap.filter=|').every((l) => l.includes('{0}')));
    assert.ok(labels('rudder.auth.idle-timeout=|').includes('30 minutes'));
    assert.ok(labels('rudder.users.cleanup.purgeDeletedAfter=|').includes('never'));
    assert.ok(labels('rudder.auth.userRestToken=|').includes('disabled'));
  });
  test('none inside a comment', () => assert.deepEqual(labels('# rudder.auth|'), []));
  test('lines ended by a lone CR, as java.util.Properties reads them', () => {
    assert.deepEqual(labels('# HSTS\rrudder.server.hsts=|'), ['true', 'false']);
    assert.deepEqual(labels('rudder.auth.ldap.filter=(uid={0})\r# rudder.auth|'), []);
    assert.ok(labels('rudder.auth.provider=file, \\\r  |').includes('ldap'));
  });
});

describe('properties hover', () => {
  const hover = (input: string, context?: DocumentContext) => {
    const s = setup(input, '9.1', context);
    const h = getHover(s.doc, s.a, s.pos);
    return h ? (h.contents as MarkupContent).value : '';
  };
  test('documentation, default, allowed values and effective value', () => {
    const h = hover('rudder.server.h|sts=true');
    assert.match(h, /Strict-Transport-Security/);
    assert.match(h, /Default: `false`/);
    assert.match(h, /Allowed: `true`/);
    assert.match(h, /Rudder uses `true`/);
  });
  test('the value Rudder uses, and why (issue 14: outcome hovers)', () => {
    assert.match(hover('rudder.server.h|sts=true '), /Rudder uses `false` \(the default\): the value ends with white space/);
    assert.match(hover('rudder.auth.idle-t|imeout=never'), /Rudder uses `30 minutes` \(the default, silently\): never is not read by this key/);
    assert.match(hover('rudder.auth.idle-t|imeout='), /Rudder uses nothing: an empty value turns it off/);
    // C9: a sub-key deletes the value (lightbend/config PropertiesParser.fromPathMap, objects win).
    assert.match(hover('rudder.server.h|sts=true\nrudder.server.hsts.x=1'), /Rudder uses `false`: this file \(line 2\) gives this key sub-keys, so its value is lost/);
    assert.match(hover('rudder.bcrypt.c|ost=40'), /Rudder uses `40`/);
  });
  test('defaults over the releases (C10)', () => {
    assert.match(hover('rudder.users.cleanup.account.disableAfterLastL|ogin=30 days'), /Default: Rudder 7\.3–8\.0: `60 days`, Rudder 8\.1–8\.2: `90 days`, Rudder 8\.3\+: `180 days`/);
  });
  test('the effective value from rudder-web.properties.d, never a secret', () => {
    const override = (text: string) => ({ properties: { overrides: [overrideSource('rudder-web.properties.d/10-ldap.properties', text)] } });
    assert.match(hover('rudder.auth.idle-t|imeout=10 minutes', override('rudder.auth.idle-timeout=45 minutes\n')), /Overridden by `rudder-web.properties.d\/10-ldap.properties`.*45 minutes/s);
    const secret = hover('rudder.auth.ldap.connection.bind.pass|word=first-Secret', override('rudder.auth.ldap.connection.bind.password=second-Secret\n'));
    assert.match(secret, /hidden/);
    assert.ok(!secret.includes('Secret'));
  });
});

/** With a BOM, java.util.Properties reads a first line of its own (`\uFEFF` as a key); the fixes below it still apply. */
const variants = { LF: (s: string) => s, CRLF: (s: string) => s.replace(/\n/g, '\r\n'), BOM: (s: string) => `\uFEFF\n${s}` };

function applyFix(input: string, title: string | RegExp, version = '9.1'): string {
  const s = setup(input, version);
  const diagnostics = getDiagnostics(s.doc, s.a, s.settings).filter((d) => s.ranges.some((r) => s.doc.offsetAt(d.range.start) >= r.start && s.doc.offsetAt(d.range.start) <= r.end));
  const actions = getCodeActions(s.doc, s.a, diagnostics[0]?.range ?? { start: s.pos, end: s.pos }, diagnostics, { bcryptCost: 12, setPasswordCommand: false });
  const a: CodeAction | undefined = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  assert.ok(a, `no "${title}" in ${JSON.stringify(actions.map((x) => x.title))} for ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  const change = a.edit!.documentChanges![0] as { edits: TextEdit[] };
  return TextDocument.applyEdits(s.doc, change.edits);
}

describe('properties quick fixes (whole text, LF / CRLF / BOM)', () => {
  const cases: { name: string; doc: string; title: string | RegExp; after: string; version?: string }[] = [
    {
      name: 'ldap:// → ldaps:// with port 636',
      doc: '# LDAP\nrudder.auth.provider=ldap\nrudder.auth.ldap.connection.url=[[ldap://ldap.example.com:389/dc=example,dc=com]]\n',
      title: /^Use ldaps:\/\//,
      after: '# LDAP\nrudder.auth.provider=ldap\nrudder.auth.ldap.connection.url=ldaps://ldap.example.com:636/dc=example,dc=com\n',
    },
    {
      name: 'a filter without {0} → the standard filter',
      doc: 'rudder.auth.provider=ldap\nrudder.auth.ldap.filter = [[(uid=admin)]]\n',
      title: /^Use the standard filter/,
      after: 'rudder.auth.provider=ldap\nrudder.auth.ldap.filter = (&(uid={0})(objectclass=person))\n',
    },
    {
      name: 'invalid boolean (trailing space) → the token',
      doc: 'rudder.server.hsts=[[true ]]\nrudder.server.hstsIncludeSubDomains=false\n',
      title: "Change to 'true'",
      after: 'rudder.server.hsts=true\nrudder.server.hstsIncludeSubDomains=false\n',
    },
    {
      name: 'unknown key → closest key',
      doc: '[[rudder.auth.idle-timout]]=30 minutes\n',
      title: "Change to 'rudder.auth.idle-timeout'",
      after: 'rudder.auth.idle-timeout=30 minutes\n',
    },
    {
      name: 'remove an ignored duplicate',
      doc: '[[rudder.bcrypt.cost]]=10\nrudder.bcrypt.cost=12\n',
      title: 'Remove this ignored definition',
      after: 'rudder.bcrypt.cost=12\n',
    },
    {
      name: 'idle-timeout never → 30 minutes',
      doc: 'rudder.auth.idle-timeout=[[never]]\n',
      title: "Change to '30 minutes'",
      after: 'rudder.auth.idle-timeout=30 minutes\n',
    },
    {
      name: 'bcrypt cost 8 → 12',
      doc: 'rudder.bcrypt.cost=[[8]]\n',
      title: "Change to '12'",
      after: 'rudder.bcrypt.cost=12\n',
    },
    {
      name: 'a $2a$ rootAdmin hash on 8.1 → the same hash as $2y$',
      doc: 'rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[$2a$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu]]\n',
      title: 'Write it as $2y$ (the same hash, which Rudder takes as bcrypt)',
      after: 'rudder.auth.admin.login=admin\nrudder.auth.admin.password=$2y$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu\n',
      version: '8.1',
    },
    {
      name: 'idle-timeout empty (no timeout) → 30 minutes',
      doc: '[[rudder.auth.idle-timeout]]=\n',
      title: "Change to '30 minutes'",
      after: 'rudder.auth.idle-timeout=30 minutes\n',
    },
    {
      name: 'idle-timeout Inf → 30 minutes',
      doc: 'rudder.auth.idle-timeout = [[Inf]]\n',
      title: "Change to '30 minutes'",
      after: 'rudder.auth.idle-timeout = 30 minutes\n',
    },
    {
      name: 'bcrypt cost over the range → 12',
      doc: 'rudder.bcrypt.cost=[[40]]\n',
      title: "Change to '12'",
      after: 'rudder.bcrypt.cost=12\n',
    },
    {
      name: 'fix all invalid-boolean in this file: the tokens written with another case or white space, not a typo',
      doc: 'rudder.server.hsts=[[True ]]\nrudder.server.hstsIncludeSubDomains=FALSE\nrudder.server.certificate.validation=fasle\n',
      title: 'Fix all invalid-boolean in this file (2)',
      after: 'rudder.server.hsts=true\nrudder.server.hstsIncludeSubDomains=false\nrudder.server.certificate.validation=fasle\n',
    },
    {
      name: 'a lost backslash before an RFC 4515 escape → doubled',
      doc: 'rudder.auth.ldap.filter=(&(uid={0})(cn=a[[\\]]2a\\2a))\n',
      title: 'Double the backslash',
      after: 'rudder.auth.ldap.filter=(&(uid={0})(cn=a\\\\2a\\\\2a))\n',
    },
    {
      name: 'a search base that repeats the base DN → the part below it',
      doc: 'rudder.auth.ldap.connection.url=ldaps://h/dc=example,dc=com\nrudder.auth.ldap.searchbase=[[ou=People, dc=example,dc=com]]\n',
      title: 'Keep only the part below the base DN',
      after: 'rudder.auth.ldap.connection.url=ldaps://h/dc=example,dc=com\nrudder.auth.ldap.searchbase=ou=People\n',
    },
    {
      name: 'rootAdmin alone → file',
      doc: 'rudder.auth.provider=[[rootAdmin]]\n',
      title: "Change to 'file'",
      after: 'rudder.auth.provider=file\n',
    },
    {
      name: 'disable a rule for the next line',
      doc: '  [[rudder.auth.idle-timout]]=1h\n',
      title: 'Disable unknown-key for this line',
      after: '  # rudder-lint-disable-next-line unknown-key\n  rudder.auth.idle-timout=1h\n',
    },
  ];
  for (const c of cases) {
    for (const [variant, t] of Object.entries(variants)) {
      test(`${c.name} [${variant}]`, () => assert.equal(applyFix(t(c.doc), c.title, c.version), t(c.after)));
    }
  }

  test('a byte-order mark: flagged, and removed by its fix', () => {
    const s = setup('\uFEFFrudder.auth.provider=ldap\n');
    const d = getDiagnostics(s.doc, s.a, s.settings).find((x) => x.code === 'properties-bom');
    assert.match(String(d?.message), /ignores the first key, rudder\.auth\.provider/);
    assert.equal(applyFix('[[\uFEFF]]rudder.auth.provider=file\n', 'Remove the byte-order mark'), 'rudder.auth.provider=file\n');
  });

  test('a directive silences the next logical line, continuation included', () => {
    const s = setup('# rudder-lint-disable-next-line ldap-cleartext-url\nrudder.auth.ldap.connection.url=\\\n    ldap://host/dc=x\nrudder.auth.provider=ldap\n');
    assert.ok(!getDiagnostics(s.doc, s.a, s.settings).some((d) => d.code === 'ldap-cleartext-url'));
  });

  test('a request over more diagnostics than the server ever sends: the first 500 get their fixes, every rule its fix-all', () => {
    const unknown = Array.from({ length: 600 }, (_, i) => `rudder.auth.unknown${i}=x\n`).join('');
    const s = setup(`${unknown}rudder.server.hsts=True \nrudder.server.hstsIncludeSubDomains=FALSE\n`);
    const diagnostics = getDiagnostics(s.doc, s.a, s.settings);
    assert.equal(diagnostics.length, 602);
    const whole = { start: s.doc.positionAt(0), end: s.doc.positionAt(s.doc.getText().length) };
    const list = getCodeActions(s.doc, s.a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: true });
    const count = (title: string) => list.filter((a) => a.title === title).length;
    assert.equal(count('Disable unknown-key for this line'), 500, 'the first 500 diagnostics');
    assert.equal(count('Disable invalid-boolean for this line'), 1, 'the first of a rule past them');
    assert.equal(count('Fix all invalid-boolean in this file (2)'), 1);
    const all = list.find((a) => a.title === 'Fix all invalid-boolean in this file (2)')!;
    assert.equal(TextDocument.applyEdits(s.doc, (all.edit!.documentChanges![0] as { edits: TextEdit[] }).edits), `${unknown}rudder.server.hsts=true\nrudder.server.hstsIncludeSubDomains=false\n`);
  });
});

describe('the rootAdmin password', () => {
  const actionsOf = (input: string, version = '9.1') => {
    const s = setup(input, version);
    const diagnostics = getDiagnostics(s.doc, s.a, s.settings).filter((d) => s.ranges.some((r) => s.doc.offsetAt(d.range.start) === r.start));
    return { s, diagnostics, list: getCodeActions(s.doc, s.a, diagnostics[0]?.range ?? { start: s.pos, end: s.pos }, diagnostics, { bcryptCost: 11, setPasswordCommand: true }) };
  };
  const LOGIN = 'rudder.auth.admin.login=admin\n';
  // `preferred`: the title of the one preferred action; `hash`: whether the value is hashed in place (a plan).
  const cases: { name: string; doc: string; version?: string; preferred: string; hash: boolean }[] = [
    { name: 'plain text on 9.x (login impossible): hashed in place', doc: `${LOGIN}rudder.auth.admin.password=[[s3cr\\:et]]\n`, preferred: 'Hash this password with bcrypt (cost 11)', hash: true },
    { name: 'plain text on 8.1 (compared as text): hashed in place', version: '8.1', doc: `${LOGIN}rudder.auth.admin.password=[[s3cret]]\n`, preferred: 'Hash this password with bcrypt (cost 11)', hash: true },
    { name: 'a $2x$ hash on 8.1 (compared as text): a new password, never the hash hashed', version: '8.1', doc: `${LOGIN}rudder.auth.admin.password=[[$2x$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu]]\n`, preferred: 'Set a new password…', hash: false },
    { name: 'a $2b$ hash on 8.1 (compared as text): the same hash as $2y$', version: '8.1', doc: `${LOGIN}rudder.auth.admin.password=[[$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu]]\n`, preferred: 'Write it as $2y$ (the same hash, which Rudder takes as bcrypt)', hash: false },
    { name: 'a hex digest on 9.x (unverifiable): a new password', doc: `${LOGIN}rudder.auth.admin.password=[[a94a8fe5ccb19ba61c4c0873d391e987982fbbd3]]\n`, preferred: 'Set a new password…', hash: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { s, diagnostics, list } = actionsOf(c.doc, c.version);
      assert.deepEqual(diagnostics.map((d) => d.code), ['admin-password-plaintext']);
      assert.deepEqual(list.filter((a) => a.isPreferred).map((a) => a.title), [c.preferred]);
      const request = list.find((a) => a.data)?.data as HashRequest | undefined;
      assert.equal(!!request, c.hash);
      const plan = request && hashPlanFor(s.a, request);
      assert.equal(!!plan, c.hash);
      if (plan) {
        assert.deepEqual(plan.users, [{ name: 'rudder.auth.admin.password', occurrence: 0 }]);
        assert.deepEqual(plan.targets, [s.ranges[0]]);
        assert.equal(plan.cost, 11);
      }
      const set = list.find((a) => a.title === 'Set a new password…');
      assert.deepEqual(set?.command?.arguments, [{ uri: s.doc.uri, user: { name: 'rudder.auth.admin.password', occurrence: 0 } }]);
      assert.ok(!JSON.stringify(list).includes('s3cr'), 'no action carries the password');
    });
  }

  test('its hover links "Set a new password…" when the client trusts the link, never showing the value', () => {
    const s = setup(`${LOGIN}rudder.auth.admin.pass|word=s3cret\n`);
    const md = (getHover(s.doc, s.a, s.pos, { setPasswordLink: true })!.contents as MarkupContent).value;
    const m = /\[Set a new password…\]\(command:rudder\.setPassword\?([^ )]+)/.exec(md);
    assert.deepEqual(JSON.parse(decodeURIComponent(m![1])), [{ uri: s.doc.uri, user: { name: 'rudder.auth.admin.password', occurrence: 0 } }]);
    assert.ok(!md.includes('s3cret'));
    assert.ok(!(getHover(s.doc, s.a, s.pos)!.contents as MarkupContent).value.includes('command:'));
  });

  test('a bcrypt hash Rudder verifies: no action', () => {
    const { diagnostics } = actionsOf(`${LOGIN}rudder.auth.admin.password=$2y$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu\n`);
    assert.deepEqual(diagnostics, []);
  });
});

test('properties symbols are grouped by prefix; secrets are not shown', () => {
  const s = setup('rudder.auth.provider=file\nrudder.server.hsts=true\nrudder.auth.ldap.connection.bind.password=hidden-value\n');
  const symbols = getSymbols(s.doc, s.a);
  assert.deepEqual(symbols.map((g) => [g.name, g.children!.map((c) => c.name)]), [
    ['rudder.auth', ['rudder.auth.provider', 'rudder.auth.ldap.connection.bind.password']],
    ['rudder.server', ['rudder.server.hsts']],
  ]);
  assert.ok(!JSON.stringify(symbols).includes('hidden-value'));
});
