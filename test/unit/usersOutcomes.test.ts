/**
 * What Rudder loads from a users file, as `--explain` reports it and hovers and inlay hints say it: each case a
 * document, a release and the whole expected outcome. Each row cites the Rudder source of the behaviour.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, getHover, getInlayHints, parse } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { explainUsers, type ExplainedUsers } from '../../server/src/service/users/explain';
import type { UsersContext } from '../../server/src/service/users/evaluate';
import { markers, usersDoc } from './markers';

const BCRYPT12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const ARGON = '$argon2id$v=19$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

function analysis(text: string, version: string, context: UsersContext = {}) {
  const settings = { ...DEFAULT_SETTINGS, rudderVersion: version };
  const a = analyze(parse(text, 'users'), settings, { users: context });
  assert.ok(a.kind === 'users');
  return a;
}

interface Case {
  name: string;
  version: string;
  doc: string;
  context?: UsersContext;
  explain: ExplainedUsers;
}

const cases: Case[] = [
  // C1: an empty custom role is NoRights (rudder@9.1 rudder-core Authorizations.scala:320), and NoRights in the
  // union denies everything, administrator included (rudder-rest users/User.scala:132).
  {
    name: 'C1 administrator beside an empty custom role: no rights at all',
    version: '9.1',
    doc: `<authentication hash="argon2id"><custom-roles><role name="empty"/></custom-roles><user name="u" password="${ARGON}" permissions="administrator, empty"/></authentication>`,
    explain: { users: [{ name: 'u', rights: [], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [{ name: 'empty', valid: true, rights: [] }] },
  },
  {
    name: 'C1 a custom role listing no_rights gives its holders no rights',
    version: '8.3',
    doc: `<authentication hash="bcrypt"><custom-roles><role name="ro" permissions="node_read, no_rights"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="administrator, ro"/></authentication>`,
    explain: { users: [{ name: 'u', rights: [], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [{ name: 'ro', valid: true, rights: [] }] },
  },
  {
    name: 'C1 unknown items are dropped before the union: the user is not poisoned',
    version: '9.1',
    doc: `<authentication hash="argon2id"><user name="u" password="${ARGON}" permissions="inventory, nope"/></authentication>`,
    explain: { users: [{ name: 'u', rights: ['node_read', 'userAccount_edit', 'userAccount_read', 'userAccount_write'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  },
  // C7: a rejected file loads nobody at the next start (FileUserDetailListProvider.reload keeps the previous
  // users on a reload only).
  {
    name: 'C7 a DOCTYPE on 8.3: the file is rejected, nobody is loaded',
    version: '8.3',
    doc: `<!DOCTYPE authentication><authentication hash="bcrypt"><user name="u" password="${BCRYPT12}" role="administrator"/></authentication>`,
    explain: { rejected: 'of its DOCTYPE', users: [], customRoles: [] },
  },
  {
    name: 'C7 broken XML: nobody is loaded',
    version: '9.1',
    doc: `<authentication hash="argon2id"><user name="u" password="${ARGON}" role="administrator">`,
    explain: { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
  },
  // C3: on 9.x the start-up rewrite drops a DOCTYPE before the first read (UserManagementService.scala:116-121).
  {
    name: 'C3 a DOCTYPE on 9.x: loaded after the next start',
    version: '9.1',
    doc: `<!DOCTYPE authentication><authentication hash="argon2id"><user name="u" password="${ARGON}" role="administrator"/></authentication>`,
    explain: { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  },
  // The LDAP marker: with an external provider, password="LDAP" or none means LDAP/OIDC login.
  {
    name: 'LDAP marker: LDAP login, not "no login"',
    version: '9.1',
    context: { authProviders: ['ldap', 'file'] },
    doc: '<authentication hash="argon2id"><user name="a" password="LDAP" role="administrator"/></authentication>',
    explain: { users: [{ name: 'a', rights: ['any'], loginPossible: true, passwordKind: 'external', loginThrough: ['ldap'], tenants: 'all' }], customRoles: [] },
  },
  // C5: 7.2 drops both users of a duplicated name (rudder@7.2 RUDF:160-166).
  {
    name: 'C5 7.2 loads neither of two users with the same name',
    version: '7.2',
    doc: `<authentication hash="bcrypt"><user name="bob" password="${BCRYPT12}" role="administrator"/><user name="bob" password="${BCRYPT12}" role="administrator"/></authentication>`,
    explain: { users: [], customRoles: [] },
  },
  // C5: ≤ 7.2 an empty password under plain text matches an empty login (rudder@7.2 RUDF:434, :99).
  {
    name: 'C5 7.2 plain text: an empty password logs in',
    version: '7.2',
    doc: '<authentication><user name="a" password="" role="administrator"/></authentication>',
    explain: { users: [{ name: 'a', rights: ['any'], loginPossible: true, passwordKind: 'plaintext', tenants: 'all' }], customRoles: [] },
  },
  // C11: rudder.auth.provider=rootAdmin loads no provider for the file (rudder@9.1 AppConfigAuth.scala:662-672),
  // though Rudder reads it at start (Boot.scala:837): the users are loaded, nobody logs in.
  {
    name: 'C11 rootAdmin alone: users loaded, no login',
    version: '9.1',
    doc: `<authentication hash="argon2id"><user name="u" password="${ARGON}" role="administrator"/></authentication>`,
    context: { authProviders: ['rootAdmin'] },
    explain: { noLogin: 'rudder.auth.provider loads only rootAdmin', users: [{ name: 'u', rights: ['any'], loginPossible: false, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  },
  {
    name: 'C11 an empty provider list',
    version: '8.1',
    doc: `<authentication hash="bcrypt"><user name="u" password="${BCRYPT12}" role="administrator"/></authentication>`,
    context: { authProviders: [] },
    explain: { noLogin: 'rudder.auth.provider is empty, so only rootAdmin is tried', users: [{ name: 'u', rights: ['any'], loginPossible: false, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
  },
  // ≤ 8.1 the JDK's parser applies the DOCTYPE's <!ATTLIST> defaults, #FIXED too (scala-xml 1.3.0 XML.load,
  // rudder@8.1 RudderUserDetailsFile.scala:401; XML 1.0 §3.3.2): the user without role is an administrator (one
  // that writes it keeps its own), and the root without hash verifies MD5.
  {
    name: 'an ATTLIST role default: the user without role is an administrator',
    version: '8.1',
    doc: `<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator">]><authentication hash="bcrypt"><user name="u" password="${BCRYPT12}"/><user name="v" password="${BCRYPT12}" role="administrator,"/></authentication>`,
    explain: { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }, { name: 'v', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
  },
  {
    name: 'a #FIXED hash default: the root verifies MD5',
    version: '7.2',
    doc: '<!DOCTYPE authentication [<!ATTLIST authentication hash CDATA #FIXED "md5">]><authentication><user name="u" password="098f6bcd4621d373cade4e832627b4f6" role="administrator"/></authentication>',
    explain: { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'md5', tenants: 'all' }], customRoles: [] },
  },
  // 9.x: the start-up rewrite reads the file with scala-xml's ConstructingParser (1.3.0 on 9.0, 1.3.1 on 9.1,
  // 2.4.0 on 9.2+: webapp/sources/pom.xml), whose MarkupHandler.attListDecl does nothing and whose
  // ConstructingHandler.elem builds each element from its written attributes (rudder@9.1
  // UserManagementService.scala:116-121): no default fills an attribute, no tokenized type trims a value, and the
  // file is written without the DOCTYPE, so the users after the next start are those of the attributes as written.
  ...eras('an ATTLIST role and password default', `<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator" password CDATA "${BCRYPT12}">]><authentication hash="bcrypt"><user name="u"/></authentication>`, {
    '8.1': { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
    '8.3': { rejected: 'of its DOCTYPE', users: [], customRoles: [] },
    '9.1': { users: [{ name: 'u', rights: [], loginPossible: false, passwordKind: 'missing', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('an ATTLIST case-sensitivity default on the root', `<!DOCTYPE authentication [<!ATTLIST authentication case-sensitivity CDATA "false">]><authentication hash="argon2id"><user name="a" password="${ARGON}" role="administrator"/><user name="A" password="${ARGON}" role="administrator"/></authentication>`, {
    '8.1': { users: [], customRoles: [] },
    '9.2': { users: [{ name: 'a', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }, { name: 'A', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('an NMTOKEN name: trimmed where the DOCTYPE is read, as written after the 9.x rewrite', `<!DOCTYPE authentication [<!ATTLIST user name NMTOKEN #IMPLIED>]><authentication hash="bcrypt"><user name=" u " password="${BCRYPT12}" role="administrator"/></authentication>`, {
    '8.1': { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
    '9.0': { users: [{ name: ' u ', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('an ATTLIST permissions default on a custom role', `<!DOCTYPE authentication [<!ATTLIST role permissions CDATA "node_read">]><authentication hash="argon2id"><custom-roles><role name="r"/></custom-roles><user name="u" password="${ARGON}" permissions="r"/></authentication>`, {
    '8.1': { users: [{ name: 'u', rights: ['node_read'], loginPossible: false, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [{ name: 'r', valid: true, rights: ['node_read'] }] },
    '9.1': { users: [{ name: 'u', rights: [], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [{ name: 'r', valid: true, rights: [] }] },
  }),
  // 9.x: what the start-up rewrite writes is what loads (scala-xml 1.3.0 / 1.3.1 / 2.4.0, the same code in each;
  // rudder@9.1 UserManagementService.scala:116-121 transformUserFile, RudderUserDetailsFile.scala:478
  // enforceModern). MarkupParserCommon.attr_unescape keeps an unknown reference as its text (`"&" + s + ";"`),
  // declared in the DOCTYPE or not, and knows `&quote;`; Utility.escape writes `&amp;`. MarkupParser.content puts
  // a comment for one in content (MarkupHandler.replacementText). Of a duplicated attribute the element keeps the
  // last (xAttributes prepends, Elem normalises with MetaData.normalize). ≤ 8.3 the JDK rejects the file.
  ...eras('an undefined entity in a name', `<authentication hash="argon2id"><user name="a&foo;" password="${ARGON}" role="administrator"/></authentication>`, {
    '8.3': { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
    '9.0': { users: [{ name: 'a&foo;', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
    '9.2': { users: [{ name: 'a&foo;', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('&quote; is a double quote to scala-xml', `<authentication hash="argon2id"><user name="a&quote;b" password="${ARGON}" role="administrator"/></authentication>`, {
    '8.1': { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
    '9.1': { users: [{ name: 'a"b', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('a declared entity in a value: expanded ≤ 8.1, kept as text by the 9.x rewrite', `<!DOCTYPE authentication [<!ENTITY r "administrator">]><authentication hash="bcrypt"><user name="u" password="${BCRYPT12}" role="&r;"/></authentication>`, {
    '8.1': { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
    '8.3': { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
    '9.1': { users: [{ name: 'u', rights: [], loginPossible: true, passwordKind: 'bcrypt', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('an undefined entity in content', `<authentication hash="argon2id"><user name="u" password="${ARGON}" role="administrator">&foo;</user></authentication>`, {
    '7.2': { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
    '9.0': { users: [{ name: 'u', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  }),
  ...eras('a duplicated attribute: the last one after the 9.x rewrite', `<authentication hash="argon2id"><user name="u" name="v" password="${ARGON}" role="administrator"/></authentication>`, {
    '8.3': { rejected: 'it is not well-formed XML', users: [], customRoles: [] },
    '9.1': { users: [{ name: 'v', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
    '9.2': { users: [{ name: 'v', rights: ['any'], loginPossible: true, passwordKind: 'argon2id', tenants: 'all' }], customRoles: [] },
  }),
];

/** One case per release for the same document. */
function eras(name: string, doc: string, byVersion: Record<string, ExplainedUsers>): Case[] {
  return Object.entries(byVersion).map(([version, explain]) => ({ name, version, doc, explain }));
}

describe('what Rudder loads (--explain)', () => {
  for (const c of cases) test(`${c.name} [${c.version}]`, () => assert.deepEqual(explainUsers(analysis(c.doc, c.version, c.context).evaluation), c.explain));
});

describe('hovers and inlay hints state outcomes', () => {
  const hover = (input: string, version: string, context: UsersContext = {}) => {
    const { text, cursor } = markers(input);
    const doc = usersDoc(text);
    const h = getHover(doc, analysis(text, version, context), doc.positionAt(cursor!));
    return h ? (h.contents as { value: string }).value : '';
  };

  test('C7: a user of a rejected file is not loaded', () => {
    const md = hover(`<!DOCTYPE authentication><authentication hash="bcrypt"><user name="u|" password="${BCRYPT12}" role="administrator"/></authentication>`, '8.3');
    assert.match(md, /rejects the whole file/);
    assert.match(md, /no user is loaded/);
  });

  test('C1: why a user has no rights', () => {
    const md = hover(`<authentication hash="argon2id"><custom-roles><role name="empty"/></custom-roles><user name="u|" password="${ARGON}" permissions="administrator, empty"/></authentication>`, '9.1');
    assert.match(md, /Rights: \*\*none\*\*: custom role 'empty' grants nothing/);
  });

  test('≤ 8.1: the rights a DOCTYPE default gives, and that it gives them', () => {
    const md = hover(`<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator">]><authentication hash="bcrypt"><user name="u|" password="${BCRYPT12}"/></authentication>`, '8.1');
    assert.match(md, /Rights: .*all/i);
    assert.match(md, /`role`: not written here, given by a default of the DOCTYPE/);
  });

  test('9.x: the rights without the DOCTYPE default, and that the rewrite drops it', () => {
    const md = hover(`<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator">]><authentication hash="argon2id"><user name="u|" password="${ARGON}"/></authentication>`, '9.1');
    assert.match(md, /Rights: \*\*none\*\*/);
    assert.match(md, /`role`: not written here; the default of the DOCTYPE \(`<!ATTLIST>`\) is lost with it in the start-up rewrite of Rudder 9\.0/);
    assert.doesNotMatch(md, /given by a default/);
  });

  // The root's attributes as the release reads them: a DOCTYPE default is read ≤ 8.1 only (scala-xml 1.3.0
  // XML.load, the JDK's parser), and the 9.x rewrite's ConstructingParser applies none (MarkupHandler.attListDecl
  // does nothing), so on 9.x the declaration is no root attribute to hover.
  test('a DOCTYPE default of case-sensitivity: the root attribute ≤ 8.1, not on 9.x', () => {
    const doc = `<!DOCTYPE authentication [<!ATTLIST authentication case-sensitivity CDATA "fal|se">]><authentication hash="argon2id"><user name="a" password="${ARGON}" role="administrator"/></authentication>`;
    assert.match(hover(doc, '8.1'), /case-insensitive/);
    for (const v of ['9.0', '9.1', '9.2']) {
      const md = hover(doc, v);
      assert.doesNotMatch(md, /User names are/, v);
      assert.match(md, /refuses any DOCTYPE/, v);
    }
  });

  test('LDAP marker: logs in through LDAP', () => {
    const md = hover('<authentication hash="argon2id"><user name="a|" password="LDAP" role="administrator"/></authentication>', '9.1', { authProviders: ['ldap'] });
    assert.match(md, /Login: through \*\*ldap\*\*/);
  });

  test('C11: rootAdmin alone, on the user, the password and the root', () => {
    const doc = (cursor: string) => `<authentication hash="argon2id"><user name="u${cursor === 'name' ? '|' : ''}" password="$argon2id$v=19${cursor === 'password' ? '|' : ''}$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" role="administrator"/></authentication>`;
    for (const at of ['name', 'password']) {
      const md = hover(doc(at), '9.1', { authProviders: ['rootAdmin'] });
      assert.match(md, /\*\*No login\*\* for any user of this file: rudder.auth.provider loads only rootAdmin/, at);
      assert.doesNotMatch(md, /login possible|\*\*accepts\*\*/, at);
    }
    assert.match(hover('<authen|tication hash="argon2id"><user name="u" password="x" role="administrator"/></authentication>', '9.1', { authProviders: ['rootAdmin'] }), /No login/);
  });

  test('on a hash: algorithm, cost and whether this version accepts it; never the value', () => {
    const md = hover(`<authentication hash="bcrypt"><user name="a" password="$2b$12$abc|defghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu" role="administrator"/></authentication>`, '8.3');
    assert.match(md, /bcrypt, cost 12/);
    assert.match(md, /accepts\*\* it/);
    assert.ok(!md.includes('abcdefghij'));
  });

  test('on an argon2id hash on 8.3: not verified', () => {
    const md = hover(`<authentication hash="bcrypt"><user name="a" password="$argon2id$v=19|$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" role="administrator"/></authentication>`, '8.3');
    assert.match(md, /cannot verify/);
  });

  test('on case-sensitivity and unsafe-hashes: what Rudder does with them', () => {
    assert.match(hover('<authentication hash="bcrypt" case-sensitivity="fal|se"/>', '9.1'), /case-insensitive/);
    assert.match(hover('<authentication hash="bcrypt" unsafe-hashes="tr|ue"/>', '8.3'), /Legacy mode/);
    assert.match(hover('<authentication hash="bcrypt" unsafe-hashes="tr|ue"/>', '9.1'), /does not read/);
  });

  test('a finding under the cursor: the hover gives its detail (why, and what to do)', () => {
    const md = hover('<authentication hash="argon2id"><user name="a" pas|word="x" role="administrator"/></authentication>', '9.1');
    assert.match(md, /\*\*unknown-attribute\*\*: Rudder ignores attributes it does not know/);
  });

  test('inlay hints: LDAP login, a rejected file, never a value', () => {
    const hints = (text: string, version: string, context: UsersContext = {}) => {
      const doc = usersDoc(text);
      return getInlayHints(doc, analysis(text, version, context), { start: doc.positionAt(0), end: doc.positionAt(text.length) }, 'all').map((h) => String(h.label));
    };
    assert.deepEqual(hints('<authentication hash="argon2id"><user name="a" password="LDAP" role="administrator"/></authentication>', '9.1', { authProviders: ['ldap'] }), ['ldap login']);
    assert.deepEqual(hints(`<!DOCTYPE a><authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, '8.3'), ['bcrypt cost 12 ⚠ file rejected: nobody loaded']);
    assert.deepEqual(hints(`<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, '8.3', { authProviders: ['rootAdmin'] }), ['bcrypt cost 12 ⚠ no login (rudder.auth.provider)']);
  });
});
