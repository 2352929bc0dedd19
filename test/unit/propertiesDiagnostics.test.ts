/**
 * Every rudder-web.properties rule, in every version where it differs. Each case is a document with `[[…]]`
 * around the ranges of *every* finding expected (in document order): an unexpected extra finding fails. The
 * LDAP bind password sits in an override file (`SECRET_FILE`), as an admin should keep it, unless a case says
 * otherwise. Rows about a behaviour of Rudder cite the source it comes from.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { evaluateProperties, type PropertiesContext, type PropertiesEvaluation } from '../../server/src/service/properties/evaluate';
import { explainProperties } from '../../server/src/service/properties/explain';
import { parseJavaProperties } from '../../server/src/service/properties/javaProperties';
import { overrideSource } from '../../server/src/service/properties/overrides';
import { compareVersions, KNOWN_VERSIONS, parseVersion } from '../../server/src/service/rudder';
import { PROPERTIES_RULES, RULES } from '../../server/src/service/rules';
import { resolveVersion } from '../../server/src/service/rudder';
import { markers, REPO } from './markers';

interface Case {
  name: string;
  /** Rudder versions the case holds for. */
  versions: string[];
  doc: string;
  /** `code` or `code:severity`, one per `[[…]]` marker, in document order: every finding of the document. */
  expect: string[];
  /** Substrings the message (or detail) of the first expected finding must contain. */
  says?: string[];
  /** Override files of rudder-web.properties.d/, as [name, text]. */
  overrides?: [string, string][];
  /**
   * The document is itself an override file: what Rudder applies before it, as [name, text] (the main file,
   * then the override files sorted before it); `overrides` are then those sorted after it.
   */
  before?: [string, string][];
  /** Leave out the override file that holds the bind password. */
  noSecretFile?: boolean;
}

const ALL = ['7.2', '8.1', '8.3', '9.1'];
const FROM_81 = ['8.1', '8.3', '9.1', '9.2'];
const E4 = ['9.0', '9.1', '9.2'];
const BCRYPT_2Y = '$2y$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT_2B = BCRYPT_2Y.replace('$2y$', '$2b$');
const ARGON = '$argon2id$v=19$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

type LdapPart = 'provider' | 'url' | 'dn' | 'password' | 'searchbase' | 'filter';
const LDAP_KEYS: Record<LdapPart, string> = {
  provider: 'rudder.auth.provider',
  url: 'rudder.auth.ldap.connection.url',
  dn: 'rudder.auth.ldap.connection.bind.dn',
  password: 'rudder.auth.ldap.connection.bind.password',
  searchbase: 'rudder.auth.ldap.searchbase',
  filter: 'rudder.auth.ldap.filter',
};
const LDAP_DEFAULTS: Record<LdapPart, string> = {
  provider: 'ldap,file',
  url: 'ldaps://ldap.example.com:636/dc=example,dc=com',
  dn: 'cn=rudder,ou=services,dc=example,dc=com',
  password: '',
  searchbase: 'ou=People',
  filter: '(&(uid={0})(objectclass=person))',
};

/** The bind password, where an admin keeps it: in an override file with tighter permissions. */
const SECRET_FILE: [string, string] = ['rudder-web.properties.d/90-secret.properties', 'rudder.auth.ldap.connection.bind.password=Bind-Pa55'];

/** A complete LDAP configuration (the password in `SECRET_FILE`); a part set to null is left out, a string replaces the default. */
function ldap(parts: Partial<Record<LdapPart, string | null>> = {}): string {
  return (Object.keys(LDAP_KEYS) as LdapPart[])
    .filter((p) => parts[p] !== null && (p !== 'password' || parts.password !== undefined))
    .map((p) => `${LDAP_KEYS[p]}=${parts[p] ?? LDAP_DEFAULTS[p]}`)
    .join('\n');
}

/** One case per value: `values` each alone as the value of `key`, all expected to give `expect`. */
function forms(name: string, versions: string[], key: string, values: string[], expect: string[] = []): Case[] {
  return values.map((v) => ({ name: `${name}: ${JSON.stringify(v)}`, versions, doc: `${key}=${v}`, expect }));
}

const cases: Case[] = [
  // File level
  // java.util.Properties.load throws IllegalArgumentException "Malformed \uxxxx encoding": nothing else is read.
  { name: 'a malformed \\u escape stops Java from loading the file', versions: ALL, doc: 'rudder.auth.provider=fi[[\\u00zz]]le\nrudder.server.hsts=True', expect: ['properties-syntax:error'] },
  { name: 'a byte-order mark hides the first key', versions: ALL, doc: '[[\uFEFF]]rudder.auth.provider=file', expect: ['properties-bom:error'], says: ['rudder.auth.provider'] },
  {
    name: 'duplicate key with the same value: information',
    versions: ALL,
    doc: '[[rudder.auth.provider]]=file\nrudder.auth.idle-timeout=30 minutes\nrudder.auth.provider=file',
    expect: ['duplicate-key:information'],
    says: ['line 3'],
  },
  { name: 'duplicate key with another value: warning', versions: ALL, doc: '[[rudder.server.hsts]]=false\nrudder.server.hsts=true', expect: ['duplicate-key:warning'], says: ['another value'] },
  {
    name: 'unknown key under rudder.auth.',
    versions: ALL,
    doc: `${ldap({ provider: '[[ldap]],file', url: null })}\n[[rudder.auth.ldap.connexion.url]]=ldaps://x`,
    expect: ['ldap-config-incomplete:error', 'unknown-key:warning'],
  },
  { name: 'unknown key: did you mean', versions: ALL, doc: '[[rudder.auth.ldap.connexion.url]]=ldaps://x', expect: ['unknown-key:warning'], says: ["Did you mean 'rudder.auth.ldap.connection.url'"] },
  { name: 'keys are case-sensitive', versions: ALL, doc: '[[rudder.auth.Provider]]=file', expect: ['unknown-key'], says: ["'rudder.auth.provider'"] },
  { name: 'unknown keys under rudder.server. and rudder.users.', versions: ALL, doc: '[[rudder.server.hst]]=true\n[[rudder.users.cleanup.crontab]]=x', expect: ['unknown-key', 'unknown-key'] },
  {
    name: 'keys outside the checked prefixes are not reported',
    versions: ALL,
    doc: 'rudder.jdbc.password=Normation\nldap.authpw=secret\nrudder.server-roles.ldap=autodetect\nrudder.dir.lock=/var/rudder/lock/',
    expect: [],
  },
  {
    name: 'pattern keys are known',
    versions: FROM_81,
    doc: 'rudder.auth.oauth2.provider.okta.client.id=abc\nrudder.auth.oauth2.provider.okta.tenants.mapping.reverseEntitlements."*"=CN=x\nrudder.auth.ldap.userRestToken=enabled\nrudder.auth.oauth2.jwt.provider.registrations=a\nrudder.server.relay.api=https://localhost/rudder/relay-api',
    expect: [],
  },
  {
    name: 'a .d file overrides the main file',
    versions: ALL,
    doc: '[[rudder.auth.idle-timeout]]=never',
    overrides: [['rudder-web.properties.d/10-session.properties', 'rudder.auth.idle-timeout=10 minutes']],
    expect: ['property-overridden:information'],
    says: ['rudder-web.properties.d/10-session.properties', 'line 1'],
  },
  {
    name: 'the last .d file wins',
    versions: ALL,
    doc: '[[rudder.server.hsts]]=false',
    overrides: [
      ['rudder-web.properties.d/10-a.properties', 'rudder.server.hsts=false'],
      ['rudder-web.properties.d/20-b.properties', 'rudder.server.hsts=true'],
    ],
    expect: ['property-overridden'],
    says: ['20-b.properties'],
  },

  // C9: Typesafe Config lets objects win (lightbend/config PropertiesParser.fromPathMap); what the read does then:
  // rudder@9.1 RC:927-933 `catch { case ex: ConfigException => false }` (HSTS off),
  {
    name: 'a sub-key of rudder.server.hsts turns HSTS off',
    versions: ALL,
    doc: 'rudder.server.hsts=true\n[[rudder.server.hsts.maxAge]]=31536000',
    expect: ['subkey-hides-value:error'],
    says: ['rudder.server.hsts (line 1)', 'Rudder uses false'],
  },
  // rudder@9.1 RC:1157-1167 catch-all: 30 minutes,
  { name: 'a sub-key of idle-timeout makes it 30 minutes', versions: ALL, doc: 'rudder.auth.idle-timeout=8 hours\n[[rudder.auth.idle-timeout.x]]=1', expect: ['subkey-hides-value:error'], says: ['30 minutes'] },
  // AppConfigAuth.scala:180-190 copies the leaves under rudder.auth.ldap. to Spring: the filter is unset,
  {
    name: 'a sub-key of the LDAP filter leaves it unset',
    versions: ALL,
    doc: `${ldap({ provider: '[[ldap]],file' })}\n[[rudder.auth.ldap.filter.ad]]=(sAMAccountName={0})`,
    expect: ['ldap-config-incomplete:error', 'subkey-hides-value:error'],
    says: ['1 required keys'],
  },
  // AppConfigAuth.scala:662 catches only ConfigException.Missing: WrongType stops the start.
  { name: 'a sub-key of rudder.auth.provider stops the start', versions: ALL, doc: 'rudder.auth.provider=file\n[[rudder.auth.provider.x]]=1', expect: ['subkey-hides-value:error'], says: ['fails to start'] },
  { name: 'a sub-key alone of rudder.auth.provider stops the start too', versions: ALL, doc: '[[rudder.auth.provider.userRestToken]]=disabled', expect: ['subkey-hides-value:error'], says: ['fails to start'] },
  {
    name: 'sub-keys in a .d file take the value of the main file',
    versions: ALL,
    doc: '[[rudder.server.hsts]]=true',
    overrides: [['rudder-web.properties.d/10-x.properties', 'rudder.server.hsts.x=1']],
    expect: ['property-overridden:information'],
    says: ['gives this key sub-keys'],
  },
  {
    name: 'a value in a .d file wins over sub-keys of the main file',
    versions: ALL,
    doc: 'rudder.server.hstsIncludeSubDomains=false',
    overrides: [['rudder-web.properties.d/10-x.properties', 'rudder.server.hsts=true\n']],
    expect: [],
  },

  // LDAP filter
  { name: 'filter without {0}', versions: ALL, doc: ldap({ filter: '[[(uid=admin)]]' }), expect: ['ldap-filter-missing-placeholder:error'], says: ['same entry, or none'] },
  {
    name: 'LDAP findings are softer while ldap is not a provider',
    versions: ALL,
    doc: ldap({ provider: 'file', filter: '[[(uid=admin)]]' }),
    expect: ['ldap-filter-missing-placeholder:warning'],
    says: ['LDAP is not enabled yet'],
  },
  { name: 'filter with {1}', versions: ALL, doc: ldap({ filter: '(uid=[[{1}]])' }), expect: ['ldap-filter-bad-placeholder:error'], says: ['number exceeds argument list', '{1}'] },
  { name: 'filter with {x}', versions: ALL, doc: ldap({ filter: '(&(uid={0})(cn=[[{x}]]))' }), expect: ['ldap-filter-bad-placeholder'], says: ['integer expected inside {}'] },
  { name: 'filter with a lone {', versions: ALL, doc: ldap({ filter: '(uid=[[{0)]]' }), expect: ['ldap-filter-bad-placeholder'], says: ['unbalanced {'] },
  { name: 'an escaped \\{0} is literal', versions: ALL, doc: ldap({ filter: '[[(uid=\\\\{0})]]' }), expect: ['ldap-filter-missing-placeholder'], says: ['literal brace'] },
  { name: '{00} is {0} for the JDK', versions: ALL, doc: ldap({ filter: '(uid={00})' }), expect: [] },
  { name: 'unbalanced parentheses', versions: ALL, doc: ldap({ filter: '[[(&(uid={0})(objectclass=person)]]' }), expect: ['ldap-filter-syntax:error'], says: ['never closed'] },
  { name: 'one ) too many', versions: ALL, doc: ldap({ filter: '(uid={0})[[)]]' }), expect: ['ldap-filter-syntax:error'] },
  { name: 'empty filter', versions: ALL, doc: ldap({ filter: null }) + '\n[[rudder.auth.ldap.filter]]=', expect: ['ldap-filter-syntax:error'], says: ['empty'] },
  { name: 'filter without parentheses is tolerated', versions: ALL, doc: ldap({ filter: '[[uid={0}]]' }), expect: ['ldap-filter-syntax:information'] },
  { name: 'a bad escape in a value (\\\\ in the file is one \\)', versions: ALL, doc: ldap({ filter: '[[(cn=a\\\\4g{0})]]' }), expect: ['ldap-filter-syntax:error'], says: ['two hex digits'] },
  { name: 'a syntax error is pointed at when nothing is escaped', versions: ALL, doc: ldap({ filter: '(&(uid={0})([[objectclass]]))' }), expect: ['ldap-filter-syntax:error'], says: ['without ='] },
  { name: '* only with =', versions: ALL, doc: ldap({ filter: '(&(uid={0})(age>=[[*]]))' }), expect: ['ldap-filter-syntax'] },
  { name: 'no space around the attribute', versions: ALL, doc: ldap({ filter: '([[uid ]]={0})' }), expect: ['ldap-filter-syntax'], says: ['no spaces'] },
  { name: 'an empty & list', versions: ALL, doc: ldap({ filter: '(|(uid={0})[[(&)]])' }), expect: ['ldap-filter-syntax'] },
  {
    name: 'valid RFC 4515 filters',
    versions: ALL,
    doc: ldap({ filter: '(&(|(uid={0})(mail={0}))(!(cn=x*y))(cn=*)(memberOf:1.2.840.113556.1.4.1941:=cn=rudder,dc=x)(cn~=a\\\\2a)(uid;x-opt>=0))' }),
    expect: [],
  },
  { name: 'Active Directory filter with spaces between filters', versions: ALL, doc: ldap({ filter: '(& (sAMAccountName={0}) (objectclass=user))', searchbase: '' }), expect: [] },
  // C12: java.util.Properties reads \2 as 2 (Properties.load: "\\" followed by any other character drops the backslash).
  { name: 'a single backslash before an RFC 4515 escape is lost', versions: ALL, doc: ldap({ filter: '(&(uid={0})(cn=a[[\\]]2a))' }), expect: ['ldap-lost-backslash:error'], says: ['\\\\2a'] },
  { name: 'a single backslash before a DN escape is lost', versions: ALL, doc: ldap({ dn: 'cn=Doe[[\\]], John,dc=example,dc=com' }), expect: ['ldap-lost-backslash:error'] },
  { name: 'a doubled backslash reaches LDAP', versions: ALL, doc: ldap({ dn: 'cn=Doe\\\\, John,dc=example,dc=com' }), expect: [] },

  // LDAP connection
  { name: 'ldap:// is clear text', versions: ALL, doc: ldap({ url: '[[ldap://ldap.example.com:389/dc=example,dc=com]]' }), expect: ['ldap-cleartext-url:warning'] },
  { name: 'ldap:// to localhost is information', versions: ALL, doc: ldap({ url: '[[ldap://localhost:389/dc=example,dc=com]]' }), expect: ['ldap-cleartext-url:information'] },
  { name: 'each URL of a list', versions: ALL, doc: ldap({ url: 'ldaps://a.example.com/dc=example,dc=com [[ldap://b.example.com/dc=example,dc=com]]' }), expect: ['ldap-cleartext-url'] },
  { name: 'not an LDAP URL', versions: ALL, doc: ldap({ url: '[[https://ldap.example.com]]' }), expect: ['invalid-value:error'] },
  // C12: DefaultSpringSecurityContextSource: "Root DNs must be the same when using multiple URLs".
  {
    name: 'several URLs with different base DNs: the provider fails',
    versions: ALL,
    doc: ldap({ url: '[[ldaps://a.example.com/dc=example,dc=com ldaps://b.example.com/dc=example,dc=org]]' }),
    expect: ['ldap-base-dn-mismatch:error'],
  },
  // C12: FilterBasedLdapUserSearch searches relative to the context source's base DN.
  {
    name: 'a search base that repeats the base DN finds nobody',
    versions: ALL,
    doc: ldap({ searchbase: '[[ou=People,dc=example,dc=com]]' }),
    expect: ['ldap-search-base-repeated:error'],
  },
  { name: 'a search base below the base DN', versions: ALL, doc: ldap({ searchbase: 'ou=People,dc=example' }), expect: [] },
  { name: 'empty bind DN', versions: ALL, doc: ldap({ dn: null }) + '\n[[rudder.auth.ldap.connection.bind.dn]]=', expect: ['ldap-anonymous-bind:warning'] },
  { name: 'empty bind password', versions: ALL, noSecretFile: true, doc: ldap() + '\n[[rudder.auth.ldap.connection.bind.password]]=', expect: ['ldap-anonymous-bind:warning'] },
  { name: 'a DN that is not a DN', versions: ALL, doc: ldap({ dn: '[[admin]]' }), expect: ['invalid-value:error'] },
  {
    name: 'ldap enabled but keys missing',
    versions: ALL,
    doc: ldap({ provider: '[[ldap]],file', filter: null, searchbase: null }),
    expect: ['ldap-config-incomplete:error'],
    says: ["'rudder.auth.ldap.searchbase', 'rudder.auth.ldap.filter'"],
  },
  {
    name: 'keys missing, no provider line: at the first LDAP key',
    versions: ALL,
    doc: '[[rudder.auth.ldap.connection.url]]=ldaps://x',
    overrides: [['rudder-web.properties.d/ldap.properties', 'rudder.auth.provider=ldap']],
    expect: ['ldap-config-incomplete'],
  },
  {
    name: 'keys in a .d file complete the configuration',
    versions: ALL,
    noSecretFile: true,
    doc: ldap(),
    overrides: [['rudder-web.properties.d/secret.properties', 'rudder.auth.ldap.connection.bind.password=x']],
    expect: [],
  },
  // An override file in the configuration Rudder merges (rudder@9.1 RC:255-299: the main file, then the .d files
  // sorted, later ones winning): checked against what comes before it, findings on its own lines only.
  {
    name: 'an override file that enables LDAP configured in the main file',
    versions: ALL,
    doc: 'rudder.auth.provider=ldap,file',
    before: [['rudder-web.properties', ldap({ provider: null })]],
    expect: [],
  },
  {
    name: 'an override file that enables LDAP the main file only half configures',
    versions: ALL,
    doc: 'rudder.auth.provider=[[ldap]],file',
    before: [['rudder-web.properties', ldap({ provider: null, filter: null })]],
    expect: ['ldap-config-incomplete:error'],
    says: ["'rudder.auth.ldap.filter'"],
  },
  {
    name: 'an override file with one LDAP key, LDAP enabled and incomplete in the main file: said there, not here',
    versions: ALL,
    doc: 'rudder.auth.ldap.searchbase=ou=People',
    before: [['rudder-web.properties', ldap({ searchbase: null, filter: null })]],
    expect: [],
  },
  {
    name: 'an override file sees the values of the earlier overrides, and is overridden by the later ones',
    versions: ALL,
    doc: 'rudder.auth.provider=ldap,file\n[[rudder.server.hsts]]=true',
    before: [
      ['rudder-web.properties', ldap({ provider: null, url: null })],
      ['rudder-web.properties.d/10-url.properties', `rudder.auth.ldap.connection.url=${LDAP_DEFAULTS.url}`],
    ],
    overrides: [['rudder-web.properties.d/30-hsts.properties', 'rudder.server.hsts=false']],
    expect: ['property-overridden'],
  },
  {
    name: 'HOCON files are reported in the main file, not in each override file',
    versions: ALL,
    doc: 'rudder.server.hsts=true',
    before: [['rudder-web.properties', '']],
    overrides: [['rudder-web.properties.d/30-x.config', 'rudder {\n  server.hsts = true\n}\n']],
    expect: [],
  },
  { name: 'rudder.auth.ldap.enable alone does not enable LDAP', versions: ALL, doc: '[[rudder.auth.ldap.enable]]=true', expect: ['ldap-enable-obsolete:error'], says: ['3.1', 'not enabled'] },
  { name: 'rudder.auth.ldap.enable beside ldap in the providers', versions: ALL, doc: `${ldap()}\n[[rudder.auth.ldap.enable]]=true`, expect: ['ldap-enable-obsolete:information'] },
  { name: 'derefLink is read by Spring', versions: ALL, doc: `${ldap()}\nrudder.auth.ldap.connection.derefLink=True`, expect: [] },
  { name: 'derefLink that Spring cannot read', versions: ALL, doc: `${ldap()}\nrudder.auth.ldap.connection.derefLink=[[maybe]]`, expect: ['invalid-boolean:error'] },

  // Providers
  { name: 'provider names are case-sensitive', versions: ALL, doc: `${ldap({ provider: null })}\nrudder.auth.provider=[[LDAP]],file`, expect: ['unknown-auth-provider:error'], says: ["Did you mean 'ldap'"] },
  { name: 'radius needs 7.x', versions: ['8.1', '8.3', '9.1'], doc: 'rudder.auth.provider=file,[[radius]]', expect: ['unknown-auth-provider:error'], says: ['7.3'] },
  { name: 'radius is fine on 7.x', versions: ['7.2', '7.3'], doc: 'rudder.auth.provider=file,radius', expect: [] },
  { name: 'rootAdmin, spaces and empty items are fine', versions: ALL, doc: `${ldap({ provider: null })}\nrudder.auth.provider= rootAdmin , ,ldap , file `, expect: [] },
  { name: 'empty provider list: nobody can log in', versions: ALL, doc: '[[rudder.auth.provider]]=', expect: ['invalid-value:error'], says: ['nobody'] },
  {
    name: 'empty provider list: only rootAdmin',
    versions: ALL,
    doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2Y}\n[[rudder.auth.provider]]=`,
    expect: ['invalid-value:warning'],
    says: ['only the root admin'],
  },
  // C11: AppConfigAuth.scala:672 `("rootAdmin" +: names).distinct`: rootAdmin alone loads no file provider.
  { name: 'rootAdmin alone: rudder-users.xml is unused', versions: ALL, doc: 'rudder.auth.provider=[[rootAdmin]]', expect: ['invalid-value:error'], says: ['rudder-users.xml is unused'] },

  // Booleans and HSTS
  { name: 'booleans are case-sensitive', versions: ALL, doc: 'rudder.server.hsts=[[True]]', expect: ['invalid-boolean:error'], says: ['case-sensitive', 'Rudder uses false'] },
  { name: 'a trailing space breaks a boolean', versions: ALL, doc: 'rudder.server.hsts=[[true ]]', expect: ['invalid-boolean:error'], says: ['trailing space', 'Java keeps'] },
  { name: 'an invalid boolean that means the default is information', versions: ALL, doc: 'rudder.server.hsts=[[False]]', expect: ['invalid-boolean:information'] },
  { name: 'yes and on are booleans', versions: ALL, doc: 'rudder.server.hsts=yes\nrudder.server.hstsIncludeSubDomains=on', expect: [] },
  { name: 'HSTS off is a hint', versions: ALL, doc: 'rudder.server.hsts=[[off]]', expect: ['hsts-disabled:hint'] },
  { name: 'HSTS unset says nothing', versions: ALL, doc: 'rudder.auth.provider=file', expect: [] },
  { name: 'includeSubDomains without HSTS', versions: ALL, doc: '[[rudder.server.hstsIncludeSubDomains]]=true', expect: ['hsts-disabled:information'] },
  { name: 'otp.enforce must be a boolean', versions: ['9.2'], doc: 'rudder.auth.otp.enforce=[[TRUE]]', expect: ['invalid-boolean'] },
  { name: 'plugin booleans', versions: ALL, doc: 'rudder.auth.oauth2.provider.okta.roles.enabled=[[1]]', expect: ['invalid-boolean'] },

  // Idle timeout (rudder@9.1 RC:1157-1167: empty → no timeout; any exception → 30 minutes)
  { name: '"never" is not accepted by idle-timeout', versions: ALL, doc: 'rudder.auth.idle-timeout=[[never]]', expect: ['idle-timeout-invalid:error'], says: ['silently uses 30 minutes', 'empty value'] },
  { name: 'idle-timeout units are case-sensitive', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30 Minutes]]', expect: ['idle-timeout-invalid'], says: ['case-sensitive'] },
  { name: 'a number needs a unit', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30]]', expect: ['idle-timeout-invalid'] },
  { name: 'an overflowing idle-timeout is caught: 30 minutes', versions: ALL, doc: 'rudder.auth.idle-timeout=[[200000 days]]', expect: ['idle-timeout-invalid:error'], says: ['30 minutes'] },
  { name: 'empty idle-timeout disables it', versions: ALL, doc: '[[rudder.auth.idle-timeout]]=', expect: ['idle-timeout-disabled:warning'] },
  ...forms('Scala duration forms', ALL, 'rudder.auth.idle-timeout', ['30minutes', '15 m', '0.25hours', ' 1 800 s', '1.2e6 millis', '30 min ']),
  // Duration.apply drops what Character.isWhitespace says is white space: Unicode spaces, not the no-break ones.
  ...forms('Java white space inside a duration', ALL, 'rudder.auth.idle-timeout', ['30\u3000minutes', '30\u2003m', '\u001f30 m']),
  { name: 'a no-break space is not white space to Java', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30\u00a0minutes]]', expect: ['idle-timeout-invalid:error'] },
  { name: 'U+FEFF is not white space to Java (\\s says it is)', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30\uFEFFminutes]]', expect: ['idle-timeout-invalid:error'] },
  { name: 'letters longer than any unit are no unit', versions: ALL, doc: `rudder.auth.idle-timeout=[[30 ${'m'.repeat(20)}]]`, expect: ['idle-timeout-invalid:error'] },
  { name: 'a non-ASCII letter before the unit is part of no number', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30é minutes]]', expect: ['idle-timeout-invalid:error'] },
  { name: 'longer than 30 minutes', versions: ALL, doc: 'rudder.auth.idle-timeout=[[2 hours]]', expect: ['idle-timeout-long:information'], says: ['2 hours'] },
  { name: 'a day or more is a warning', versions: ALL, doc: 'rudder.auth.idle-timeout=[[2d]]', expect: ['idle-timeout-long:warning'] },
  { name: 'Inf never expires', versions: ALL, doc: 'rudder.auth.idle-timeout=[[Inf]]', expect: ['idle-timeout-long:warning'] },
  { name: 'zero expires at once', versions: ALL, doc: 'rudder.auth.idle-timeout=[[0 s]]', expect: ['idle-timeout-invalid:error'] },

  // Hash parameters. C13: a cost below 10 works (rudder@9.1 RUDF:151-153): a warning.
  // rudder@8.3 RC:734-744: no minimum up to 8.3.
  { name: 'bcrypt cost below 10', versions: ['7.2', '8.1', '8.3'], doc: 'rudder.bcrypt.cost=[[8]]', expect: ['bcrypt-cost-low:warning'], says: ['every release: new hashes use 8'] },
  // tag 9.0.9 RC:798 `cost <= 10` → 12; rudder@9.1 RC:809 `value < minimumValue` (10) → 12; 9.0.8 and 9.1.3 no check.
  { name: 'bcrypt cost below 10 on 9.0 and 9.1: patch releases differ', versions: ['9.0', '9.1'], doc: 'rudder.bcrypt.cost=[[8]]', expect: ['bcrypt-cost-low:warning'], says: ['new hashes use 8', 'a warning, and 12 instead', 'patch release'] },
  { name: 'bcrypt cost below 10 on 9.2: replaced by 12', versions: ['9.2', '10.0'], doc: 'rudder.bcrypt.cost=[[8]]', expect: ['bcrypt-cost-low:information'], says: ['uses 12'] },
  { name: 'bcrypt cost 11', versions: ALL, doc: 'rudder.bcrypt.cost=[[11]]', expect: ['bcrypt-cost-low:information'] },
  { name: 'bcrypt cost 10 on 9.0 and 9.1', versions: ['9.0', '9.1'], doc: 'rudder.bcrypt.cost=[[10]]', expect: ['bcrypt-cost-low:information'], says: [': a warning, and 12 instead', 'patch release installed'] },
  ...forms('bcrypt costs that are fine', ALL, 'rudder.bcrypt.cost', ['12', '14']),
  { name: 'bcrypt cost not an int', versions: ALL, doc: 'rudder.bcrypt.cost=[[twelve]]', expect: ['invalid-value:error'], says: ['Rudder uses 12'] },
  { name: 'bcrypt cost above 31', versions: ALL, doc: 'rudder.bcrypt.cost=[[40]]', expect: ['invalid-value:error'] },
  { name: 'bcrypt cost below 4 cannot hash', versions: ['8.3', '9.1'], doc: 'rudder.bcrypt.cost=[[3]]', expect: ['invalid-value:error'] },
  // tag 9.0.0 RC:807-828: below 19456 KiB every 9.x release warns and uses 131072.
  { name: 'argon2 memory below the minimum: replaced', versions: E4, doc: 'rudder.argon2.memory=[[4096]]', expect: ['argon2-params-low:information'], says: ['19,456', '131072'] },
  // The iterations and parallelism floors exist only at the branch heads (commit 800297895f).
  { name: 'argon2 iterations below 2 on released 9.0/9.1', versions: ['9.0', '9.1'], doc: 'rudder.argon2.iterations=[[1]]', expect: ['argon2-params-low:warning'], says: ['branch head: a warning, and 3 instead'] },
  { name: 'argon2 iterations below 2 at the 9.2 head: replaced', versions: ['9.2'], doc: 'rudder.argon2.iterations=[[1]]', expect: ['argon2-params-low:information'], says: ['uses 3'] },
  { name: 'argon2 parallelism 0 cannot hash on released 9.0/9.1', versions: ['9.0', '9.1'], doc: 'rudder.argon2.parallelism=[[0]]', expect: ['invalid-value:error'] },
  { name: 'argon2 parallelism 0 is replaced at the 9.2 head', versions: ['9.2'], doc: 'rudder.argon2.parallelism=[[0]]', expect: ['argon2-params-low:information'] },
  { name: 'argon2 defaults are fine', versions: E4, doc: 'rudder.argon2.memory=131072\nrudder.argon2.iterations=3\nrudder.argon2.parallelism=1', expect: [] },
  { name: 'argon2 is not read before 9.0', versions: ['8.3'], doc: '[[rudder.argon2.memory]]=65536\n[[rudder.argon2.iterations]]=3', expect: ['key-not-in-version:warning', 'key-not-in-version:information'] },

  // Root admin password
  { name: 'plain-text admin password', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[Sup3rS3cret!]]`, expect: ['admin-password-plaintext:error'] },
  { name: '$2y$ is bcrypt in every era', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2Y}`, expect: [] },
  {
    name: '$2b$ is compared as plain text up to 8.1',
    versions: ['7.2', '8.1'],
    doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${BCRYPT_2B}]]`,
    expect: ['admin-password-plaintext:error'],
    says: ['$2y$'],
  },
  { name: '$2b$ is bcrypt from 8.2', versions: ['8.3', '9.1'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2B}`, expect: [] },
  { name: 'argon2id admin password on 9.x', versions: E4, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${ARGON}`, expect: [] },
  { name: 'argon2id admin password on 8.2–8.3', versions: ['8.3'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${ARGON}]]`, expect: ['invalid-value:error'], says: ['bcrypt only'] },
  { name: 'argon2id admin password up to 8.1 is plain text', versions: ['7.2', '8.1'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${ARGON}]]`, expect: ['admin-password-plaintext'] },
  { name: 'malformed bcrypt admin password', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${BCRYPT_2Y} ]]`, expect: ['invalid-value:error'], says: ['trailing white space'] },
  { name: 'a hex digest is not accepted on 9.x', versions: E4, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[a94a8fe5ccb19ba61c4c0873d391e987982fbbd3]]`, expect: ['admin-password-plaintext'], says: ['impossible'] },
  { name: 'no login: the account is disabled', versions: ALL, doc: 'rudder.auth.admin.password=secret\nrudder.auth.admin.login=', expect: [] },

  // Secrets
  { name: 'bind password in clear', versions: ALL, noSecretFile: true, doc: ldap({ password: '[[Bind-Pa55]]' }), expect: ['plaintext-secret:information'] },
  { name: 'client secret in clear', versions: ALL, doc: 'rudder.auth.oauth2.provider.okta.client.secret=[[s3cr3t]]', expect: ['plaintext-secret:information'] },

  // Typed values
  { name: 'userRestToken: a typo of the default', versions: FROM_81, doc: 'rudder.auth.userRestToken=[[enable]]', expect: ['invalid-value:information'], says: ["Did you mean 'enabled'", 'Rudder uses enabled'] },
  { name: 'userRestToken: a typo of the other value', versions: FROM_81, doc: 'rudder.auth.userRestToken=[[disable]]', expect: ['invalid-value:error'] },
  ...forms('userRestToken is lenient', FROM_81, 'rudder.auth.userRestToken', [' Disabled ', 'ENABLED']),
  { name: 'per-provider userRestToken', versions: FROM_81, doc: 'rudder.auth.oidc.userRestToken=[[yes]]', expect: ['invalid-value:error'], says: ["provider's default"] },
  { name: 'userRestToken needs 8.1', versions: ['7.2'], doc: '[[rudder.auth.userRestToken]]=enabled', expect: ['key-not-in-version:information'], says: ['8.1'] },
  { name: 'displayLoginForm', versions: ALL, doc: 'rudder.auth.displayLoginForm=[[hidden]]', expect: ['invalid-value'], says: ["'hide'"] },
  { name: 'cleanup cron needs 6 fields', versions: FROM_81, doc: 'rudder.users.cleanup.cron=[[0 17 * * *]]', expect: ['invalid-value:error'], says: ['Unix crontab', 'never runs'] },
  { name: 'cleanup cron out of range', versions: FROM_81, doc: 'rudder.users.cleanup.cron=[[0 61 1 * * ?]]', expect: ['invalid-value'], says: ['minutes'] },
  ...forms('cleanup cron forms', FROM_81, 'rudder.users.cleanup.cron', ['0 17 1 * * ?', '@NEVER', '0 0/15 8-18 ? JAN,jul MON-FRI']),
  { name: 'cleanup durations', versions: FROM_81, doc: 'rudder.users.cleanup.purgeDeletedAfter=30 days\nrudder.users.cleanup.account.deleteAfterLastLogin=NEVER', expect: [] },
  { name: 'cleanup duration "0" has no unit', versions: FROM_81, doc: 'rudder.users.cleanup.purgeDeletedAfter=[[0]]', expect: ['invalid-value:error'], says: ['uses 30 days'] },
  // C10: rudder@8.0 RC:1012-1014 has no `never`; rudder@8.1 RC:1176 reads it.
  { name: 'cleanup "never" needs 8.1', versions: ['7.3', '8.0'], doc: 'rudder.users.cleanup.account.deleteAfterLastLogin=[[never]]', expect: ['invalid-value:error'], says: ['uses 120 days', 'Rudder 8.1+'] },
  // C10: rudder@9.1 RC:1281-1296 catches NumberFormatException, not IllegalArgumentException: the webapp exits.
  { name: 'an overflowing cleanup duration stops Rudder', versions: FROM_81, doc: 'rudder.users.cleanup.account.disableAfterLastLogin=[[200000 days]]', expect: ['invalid-value:error'], says: ['fails to start'] },
  { name: 'cleanup keys need 7.3', versions: ['7.2'], doc: '[[rudder.users.cleanup.cron]]=0 17 1 * * ?', expect: ['key-not-in-version:information'] },
  { name: 'relay API URL', versions: ALL, doc: 'rudder.server.relay.api=[[localhost/relay-api]]', expect: ['invalid-value'] },

  // Versions
  { name: 'otp.enforce needs 9.2', versions: ['8.3', '9.1'], doc: '[[rudder.auth.otp.enforce]]=true', expect: ['key-not-in-version:warning'], says: ['9.2'] },
  { name: 'otp.enforce on 9.2', versions: ['9.2'], doc: 'rudder.auth.otp.enforce=true', expect: [] },
  { name: 'certificate settings need 9.0', versions: ['8.3'], doc: '[[rudder.server.certificate.validation]]=true', expect: ['key-not-in-version:warning'] },
  { name: 'idle-timeout and hsts are read by 7.2', versions: ['7.2'], doc: 'rudder.auth.idle-timeout=30 minutes\nrudder.server.hsts=true', expect: [] },
  { name: 'radius keys only up to 7.x', versions: ['8.1', '9.1'], doc: '[[rudder.auth.radius.host.name]]=10.0.0.1', expect: ['key-not-in-version'], says: ['7.3'] },
  { name: 'radius keys on 7.2', versions: ['7.2'], doc: 'rudder.auth.radius.host.name=10.0.0.1\nrudder.auth.radius.host.sharedSecret=[[x]]', expect: ['plaintext-secret'] },

  // C12: override files ending in .prop or .config are HOCON (rudder@9.1 RC:186 configFileExtensions, RC:267).
  {
    name: 'an unquoted LDAP filter in a .config file stops the start',
    versions: ALL,
    doc: '[[]]rudder.auth.provider=file',
    overrides: [['rudder-web.properties.d/20-ldap.config', 'rudder.auth.ldap.filter = (&(uid={0})(objectclass=person))']],
    expect: ['override-unreadable:error'],
    says: ['20-ldap.config line 1', 'fails to start'],
  },
  {
    name: 'an unquoted ${ in a .prop file stops the start',
    versions: ALL,
    doc: '[[]]rudder.auth.provider=file',
    overrides: [['rudder-web.properties.d/20-x.prop', 'rudder.auth.idle-timeout = ${timeout}']],
    expect: ['override-unreadable:error'],
    says: ['substitution'],
  },
  {
    name: 'a quoted HOCON value overrides the main file',
    versions: ALL,
    doc: '[[rudder.auth.idle-timeout]]=10 minutes',
    overrides: [['rudder-web.properties.d/20-x.config', '# session\nrudder.auth.idle-timeout = "20 minutes"\nrudder.server.hsts: true']],
    expect: ['property-overridden:information'],
    says: ['20-x.config (line 2)'],
  },
  {
    name: 'HOCON objects are not checked: said once',
    versions: ALL,
    doc: '[[]]rudder.auth.provider=file',
    overrides: [['rudder-web.properties.d/20-x.config', 'rudder {\n  server.hsts = true\n}\n']],
    expect: ['override-not-checked:information'],
    says: ['3 HOCON lines'],
  },
];

function evaluate(text: string, version: string, overrides: [string, string][] = [], before?: [string, string][]): PropertiesEvaluation {
  const sources = (files: [string, string][]) => files.map(([name, t]) => overrideSource(name, t));
  const context: PropertiesContext = { overrides: sources(overrides), ...(before ? { before: sources(before) } : {}) };
  return evaluateProperties(text, parseJavaProperties(text), resolveVersion(version), context);
}

const severityOf = (f: PropertiesEvaluation['findings'][number]) => f.severity ?? RULES.get(f.rule)?.severity;

describe('properties diagnostics', () => {
  for (const c of cases) {
    for (const version of c.versions) {
      test(`${c.name} [${version}]`, () => {
        const { text, ranges } = markers(c.doc, false);
        assert.equal(ranges.length, c.expect.length, 'one [[marker]] per expected finding');
        const all = evaluate(text, version, [...(c.overrides ?? []), ...(c.noSecretFile ? [] : [SECRET_FILE])], c.before).findings;
        assert.deepEqual(
          all.map((f, i) => ({ what: c.expect[i]?.includes(':') ? `${f.rule}:${severityOf(f)}` : f.rule, start: f.range.start, end: f.range.end })),
          c.expect.map((e, i) => ({ what: e, ...ranges[i] })),
          `findings: ${JSON.stringify(all.map((f) => `${f.rule}:${severityOf(f)}: ${f.message}`), null, 1)}`,
        );
        for (const s of c.says ?? []) assert.ok(`${all[0].message} ${all[0].detail ?? ''}`.includes(s), `message "${all[0].message}" / "${all[0].detail}" should say "${s}"`);
        for (const f of all) {
          assert.equal(RULES.get(f.rule)?.file, 'properties', `${f.rule} is not a properties rule`);
          assert.ok(f.message.length <= 120, `${f.rule}: a message of ${f.message.length} characters: ${f.message}`);
          assert.ok(f.message.split(/: /)[0].length <= 80, `${f.rule}: a first clause over 80 characters: ${f.message}`);
        }
      });
    }
  }

  test('every properties rule is exercised by a case', () => {
    const exercised = new Set(cases.flatMap((c) => c.expect.map((e) => e.split(':')[0])));
    assert.deepEqual(
      PROPERTIES_RULES.map((r) => r.id).filter((id) => !exercised.has(id)),
      [],
    );
  });

  // C10: `never` in the cleanup keys of a sample is an error before 8.1, so a sample is checked on its release and later ones.
  test("Rudder's sample files and plugin configs give no error, on their release and later", () => {
    const dir = path.join(REPO, 'test', 'fixtures', 'properties');
    const files = fs.readdirSync(dir);
    assert.ok(files.length >= 14);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const own = /@(\d+\.\d+)/.exec(file)![1];
      for (const version of [own, ...KNOWN_VERSIONS.filter((r) => compareVersions(parseVersion(r)!, parseVersion(own)!) >= 0)]) {
        const errors = evaluate(text, version).findings.filter((f) => severityOf(f) === 'error');
        assert.deepEqual(
          errors.map((f) => `${f.rule}: ${f.message}`),
          [],
          `${file} [${version}]`,
        );
      }
    }
  });

  test('the 3.2 sample: its LDAP block is recognised, not in use', () => {
    const text = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'properties', 'rudder@3.2__rudder-web__src__main__resources__configuration.properties.sample'), 'utf8');
    const ev = evaluate(text, '7.2');
    assert.deepEqual(ev.authProviders, ['file']);
    assert.deepEqual(
      ev.findings.map((f) => `${f.rule}:${severityOf(f)}`),
      ['ldap-cleartext-url:information', 'plaintext-secret:information'],
    );
  });

  test('no message contains a secret value', () => {
    const secrets = ['Bind-Pa55-Secret', 'Client-S3cret-Value', 'Adm1n-Plain-Pass', 'Radius-Shared-S3cret', 'Override-S3cret'];
    const main = [
      ldap({ password: secrets[0], filter: '(uid=admin)', url: 'ldap://ldap.example.com' }),
      `rudder.auth.ldap.connection.bind.password=${secrets[0]}`,
      `rudder.auth.oauth2.provider.okta.client.secret=${secrets[1]}`,
      `rudder.auth.oauth2.jwt.provider.okta.client.secret=${secrets[1]}`,
      'rudder.auth.admin.login=admin',
      `rudder.auth.admin.password=${secrets[2]}`,
      `rudder.auth.admin.password=${secrets[2]}`,
      `rudder.auth.radius.host.sharedSecret=${secrets[3]}`,
      `rudder.jdbc.password=${secrets[4]}`,
    ].join('\n');
    const override = `rudder.auth.ldap.connection.bind.password=${secrets[4]}\nrudder.jdbc.password=${secrets[4]}\nrudder.auth.admin.password=${secrets[4]}`;
    for (const version of [...KNOWN_VERSIONS]) {
      for (const overrides of [[], [['rudder-web.properties.d/secrets.properties', override]] as [string, string][]]) {
        const findings = evaluate(main, version, overrides).findings;
        assert.ok(findings.length > 5);
        for (const f of findings) {
          for (const s of secrets) assert.ok(!f.message.includes(s), `${f.rule} leaks a secret on ${version}: ${f.message}`);
        }
      }
    }
  });

  test('effective values: defaults, main file, then .d files in order', () => {
    const ev = evaluate('rudder.auth.provider=ldap , file\nrudder.bcrypt.cost=14\nrudder.auth.idle-timeout=10 minutes', '9.1', [
      ['rudder-web.properties.d/a.properties', 'rudder.auth.idle-timeout=20 minutes'],
      ['rudder-web.properties.d/b.properties', 'rudder.auth.idle-timeout=25 minutes\nrudder.auth.ldap.filter=(uid={0})'],
    ]);
    assert.deepEqual(ev.authProviders, ['ldap', 'file']);
    assert.equal(ev.bcryptCost, 14);
    const timeout = ev.effective.get('rudder.auth.idle-timeout');
    assert.deepEqual([timeout?.value, timeout?.source, timeout?.line], ['25 minutes', 'rudder-web.properties.d/b.properties', 0]);
    assert.equal(ev.effective.get('rudder.auth.provider')?.source, 'main');
    assert.equal(ev.effective.get('rudder.auth.ldap.filter')?.value, '(uid={0})');
    assert.deepEqual(ev.effective.get('rudder.argon2.memory'), { key: 'rudder.argon2.memory', value: '131072', source: 'default' });
    assert.equal(ev.effective.get('rudder.auth.otp.enforce'), undefined, '9.1 does not read otp.enforce');
    assert.equal(ev.effective.get('rudder.auth.ldap.connection.url'), undefined, 'no default');
  });

  // C9 and the readings of the value types, in --explain (rudder@9.1 RC:927-933, RC:1157-1167, AppConfigAuth.scala:662).
  test('--explain says what Rudder does when it is not the value', () => {
    const ev = evaluate('rudder.server.hsts=true \nrudder.auth.idle-timeout=never\nrudder.auth.provider=file\nrudder.auth.provider.x=1\nrudder.bcrypt.cost=14', '9.1');
    const outcome = new Map(explainProperties(ev, 'rudder-web.properties').properties.map((p) => [p.key, p.outcome]));
    assert.match(String(outcome.get('rudder.server.hsts')), /^Rudder uses false \(the default\): the value ends with white space/);
    assert.match(String(outcome.get('rudder.auth.idle-timeout')), /^Rudder uses 30 minutes \(the default, silently\)/);
    assert.equal(outcome.get('rudder.auth.provider'), 'Rudder fails to start: rudder-web.properties (line 4) gives this key sub-keys, so its value is lost');
    assert.equal(outcome.get('rudder.bcrypt.cost'), undefined, 'the value is what Rudder uses');
  });

  test('defaults depend on the version', () => {
    const key = 'rudder.users.cleanup.account.deleteAfterLastLogin';
    assert.equal(evaluate('', '7.3').effective.get(key)?.value, '120 days');
    assert.equal(evaluate('', '8.3').effective.get(key)?.value, 'never');
    assert.equal(evaluate('', '7.2').effective.get(key), undefined);
  });

  test('provider list and bcrypt cost when unset or unusable', () => {
    const unset = evaluate('', '9.1');
    assert.deepEqual(unset.authProviders, ['file']);
    assert.equal(unset.bcryptCost, undefined);
    assert.equal(evaluate('rudder.bcrypt.cost=abc', '9.1').bcryptCost, undefined);
    assert.deepEqual(evaluate('rudder.auth.provider=', '9.1').authProviders, []);
  });

  test('duplicate-key points at the winner; unknown-key carries up to 3 candidates', () => {
    const { text, ranges } = markers('rudder.auth.provider=file\n[[rudder.auth.provider]]=file\nrudder.auth.ldap.filtre=(uid={0})', false);
    const ev = evaluate(text, '9.1');
    const dup = ev.findings.find((f) => f.rule === 'duplicate-key');
    assert.deepEqual(dup?.related?.[0].range, ranges[0]);
    assert.equal(dup?.unnecessary, true);
    const unknown = ev.findings.find((f) => f.rule === 'unknown-key');
    const candidates = unknown?.data?.candidates ?? [];
    assert.equal(candidates[0], 'rudder.auth.ldap.filter');
    assert.ok(candidates.length <= 3);
  });

  test('findings come in document order', () => {
    const ev = evaluate('rudder.server.hsts=false\nrudder.auth.idle-timeout=never\nrudder.bcrypt.cost=4\nrudder.auth.provider=LDAP', '9.1');
    const starts = ev.findings.map((f) => f.range.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
    assert.equal(ev.findings.length, 4);
  });
});
