/**
 * Every rudder-web.properties rule, in every version where it differs. Each case is a document with `[[…]]`
 * around the ranges expected to carry the listed codes (in document order). Only the codes a case names
 * (`expect` and `absent`) are compared, so each case stays about one thing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { evaluateProperties, type PropertiesContext, type PropertiesEvaluation } from '../../server/src/service/properties/evaluate';
import { parseJavaProperties } from '../../server/src/service/properties/javaProperties';
import { KNOWN_VERSIONS } from '../../server/src/service/rudder';
import { PROPERTIES_RULES, RULES } from '../../server/src/service/rules';
import { resolveVersion } from '../../server/src/service/version';
import { markers, REPO } from './markers';

interface Case {
  name: string;
  /** Rudder versions the case holds for. */
  versions: string[];
  doc: string;
  /** `code` or `code:severity`, one per `[[…]]` marker, in document order. */
  expect: string[];
  /** Codes that must not appear. */
  absent?: string[];
  /** Substrings the message of the first expected finding must contain. */
  says?: string[];
  /** Override files of rudder-web.properties.d/, as [name, text]. */
  overrides?: [string, string][];
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
  password: 'Bind-Pa55',
  searchbase: 'ou=People',
  filter: '(&(uid={0})(objectclass=person))',
};

/** A complete LDAP configuration; a part set to null is left out, a string replaces the default. */
function ldap(parts: Partial<Record<LdapPart, string | null>> = {}): string {
  return (Object.keys(LDAP_KEYS) as LdapPart[])
    .filter((p) => parts[p] !== null)
    .map((p) => `${LDAP_KEYS[p]}=${parts[p] ?? LDAP_DEFAULTS[p]}`)
    .join('\n');
}

const cases: Case[] = [
  // File level
  { name: 'a malformed \\u escape stops Java from loading the file', versions: ALL, doc: 'rudder.auth.provider=fi[[\\u00zz]]le', expect: ['properties-syntax:error'] },
  { name: 'a byte-order mark hides the first key', versions: ALL, doc: '[[\uFEFF]]rudder.auth.provider=file', expect: ['properties-bom:warning'] },
  {
    name: 'duplicate key: the last one wins',
    versions: ALL,
    doc: '[[rudder.auth.provider]]=file\nrudder.auth.idle-timeout=30 minutes\nrudder.auth.provider=file',
    expect: ['duplicate-key:warning'],
    says: ['line 3'],
  },
  { name: 'unknown key under rudder.auth.', versions: ALL, doc: `${ldap({ url: null })}\n[[rudder.auth.ldap.connexion.url]]=ldaps://x`, expect: ['unknown-key:warning'], says: ["Did you mean 'rudder.auth.ldap.connection.url'"] },
  { name: 'keys are case-sensitive', versions: ALL, doc: '[[rudder.auth.Provider]]=file', expect: ['unknown-key'], says: ["'rudder.auth.provider'"] },
  { name: 'unknown keys under rudder.server. and rudder.users.', versions: ALL, doc: '[[rudder.server.hst]]=true\n[[rudder.users.cleanup.crontab]]=x', expect: ['unknown-key', 'unknown-key'] },
  {
    name: 'keys outside the checked prefixes are not reported',
    versions: ALL,
    doc: 'rudder.jdbc.password=Normation\nldap.authpw=secret\nrudder.server-roles.ldap=autodetect\nrudder.dir.lock=/var/rudder/lock/',
    expect: [],
    absent: ['unknown-key', 'plaintext-secret'],
  },
  {
    name: 'pattern keys are known',
    versions: FROM_81,
    doc: 'rudder.auth.oauth2.provider.okta.client.id=abc\nrudder.auth.oauth2.provider.okta.tenants.mapping.reverseEntitlements."*"=CN=x\nrudder.auth.ldap.userRestToken=enabled\nrudder.auth.oauth2.jwt.provider.registrations=a\nrudder.server.relay.api=https://localhost/rudder/relay-api',
    expect: [],
    absent: ['unknown-key', 'invalid-value', 'key-not-in-version'],
  },
  {
    name: 'a .d file overrides the main file',
    versions: ALL,
    doc: '[[rudder.auth.idle-timeout]]=never',
    overrides: [['rudder-web.properties.d/10-session.properties', 'rudder.auth.idle-timeout=10 minutes']],
    expect: ['property-overridden:information'],
    absent: ['idle-timeout-invalid'],
    says: ['rudder-web.properties.d/10-session.properties', "'10 minutes'", 'line 1'],
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
    absent: ['hsts-disabled'],
    says: ['20-b.properties', "'true'"],
  },

  // LDAP filter
  { name: 'filter without {0}', versions: ALL, doc: ldap({ filter: '[[(uid=admin)]]' }), expect: ['ldap-filter-missing-placeholder:error'], says: ['same entry or none'] },
  {
    name: 'LDAP findings are softer while ldap is not a provider',
    versions: ALL,
    doc: ldap({ provider: 'file', filter: '[[(uid=admin)]]' }),
    expect: ['ldap-filter-missing-placeholder:warning'],
    says: ['once LDAP is enabled'],
  },
  { name: 'filter with {1}', versions: ALL, doc: ldap({ filter: '(uid=[[{1}]])' }), expect: ['ldap-filter-bad-placeholder:error'], absent: ['ldap-filter-missing-placeholder'], says: ['number exceeds argument list: 1'] },
  { name: 'filter with {x}', versions: ALL, doc: ldap({ filter: '(&(uid={0})(cn=[[{x}]]))' }), expect: ['ldap-filter-bad-placeholder'], says: ['integer expected inside {}'] },
  { name: 'filter with a lone {', versions: ALL, doc: ldap({ filter: '(uid=[[{0)]]' }), expect: ['ldap-filter-bad-placeholder'], says: ['unbalanced {'] },
  { name: 'an escaped \\{0} is literal', versions: ALL, doc: ldap({ filter: '[[(uid=\\\\{0})]]' }), expect: ['ldap-filter-missing-placeholder'], absent: ['ldap-filter-bad-placeholder'], says: ['escaped'] },
  { name: '{00} is {0} for the JDK', versions: ALL, doc: ldap({ filter: '(uid={00})' }), expect: [], absent: ['ldap-filter-bad-placeholder', 'ldap-filter-missing-placeholder', 'ldap-filter-syntax'] },
  { name: 'unbalanced parentheses', versions: ALL, doc: ldap({ filter: '[[(&(uid={0})(objectclass=person)]]' }), expect: ['ldap-filter-syntax:error'], says: ['never closed'] },
  { name: 'one ) too many', versions: ALL, doc: ldap({ filter: '(uid={0})[[)]]' }), expect: ['ldap-filter-syntax:error'] },
  { name: 'empty filter', versions: ALL, doc: ldap({ filter: null }) + '\n[[rudder.auth.ldap.filter]]=', expect: ['ldap-filter-syntax:error'], absent: ['ldap-filter-missing-placeholder'], says: ['empty'] },
  { name: 'filter without parentheses is tolerated', versions: ALL, doc: ldap({ filter: '[[uid={0}]]' }), expect: ['ldap-filter-syntax:information'] },
  { name: 'a bad escape in a value (\\\\ in the file is one \\)', versions: ALL, doc: ldap({ filter: '[[(cn=a\\\\4g{0})]]' }), expect: ['ldap-filter-syntax:error'], says: ['two hex digits'] },
  { name: 'a syntax error is pointed at when nothing is escaped', versions: ALL, doc: ldap({ filter: '(&(uid={0})([[objectclass]]))' }), expect: ['ldap-filter-syntax:error'], says: ['has no ='] },
  { name: '* only with =', versions: ALL, doc: ldap({ filter: '(&(uid={0})(age>=[[*]]))' }), expect: ['ldap-filter-syntax'] },
  { name: 'no space around the attribute', versions: ALL, doc: ldap({ filter: '([[uid ]]={0})' }), expect: ['ldap-filter-syntax'], says: ['no spaces'] },
  { name: 'an empty & list', versions: ALL, doc: ldap({ filter: '(|(uid={0})[[(&)]])' }), expect: ['ldap-filter-syntax'] },
  {
    name: 'valid RFC 4515 filters',
    versions: ALL,
    doc: ldap({ filter: '(&(|(uid={0})(mail={0}))(!(cn=x*y))(cn=*)(memberOf:1.2.840.113556.1.4.1941:=cn=rudder,dc=x)(cn~=a\\\\2a)(uid;x-opt>=0))' }),
    expect: [],
    absent: ['ldap-filter-syntax', 'ldap-filter-bad-placeholder', 'ldap-filter-missing-placeholder'],
  },
  { name: 'Active Directory filter with spaces between filters', versions: ALL, doc: ldap({ filter: '(& (sAMAccountName={0}) (objectclass=user))', searchbase: '' }), expect: [], absent: ['ldap-filter-syntax'] },

  // LDAP connection
  { name: 'ldap:// is clear text', versions: ALL, doc: ldap({ url: '[[ldap://ldap.example.com:389/dc=example,dc=com]]' }), expect: ['ldap-cleartext-url:warning'] },
  { name: 'ldap:// to localhost is information', versions: ALL, doc: ldap({ url: '[[ldap://localhost:389/dc=example,dc=com]]' }), expect: ['ldap-cleartext-url:information'] },
  { name: 'each URL of a list', versions: ALL, doc: ldap({ url: 'ldaps://a.example.com [[ldap://b.example.com]]' }), expect: ['ldap-cleartext-url'] },
  { name: 'not an LDAP URL', versions: ALL, doc: ldap({ url: '[[https://ldap.example.com]]' }), expect: ['invalid-value:warning'], absent: ['ldap-cleartext-url'] },
  { name: 'empty bind DN', versions: ALL, doc: ldap({ dn: null }) + '\n[[rudder.auth.ldap.connection.bind.dn]]=', expect: ['ldap-anonymous-bind:warning'], absent: ['ldap-config-incomplete'] },
  { name: 'empty bind password', versions: ALL, doc: ldap({ password: null }) + '\n[[rudder.auth.ldap.connection.bind.password]]=', expect: ['ldap-anonymous-bind:warning'], absent: ['plaintext-secret'] },
  { name: 'a DN that is not a DN', versions: ALL, doc: ldap({ dn: '[[admin]]' }), expect: ['invalid-value'] },
  {
    name: 'ldap enabled but keys missing',
    versions: ALL,
    doc: ldap({ provider: '[[ldap]],file', filter: null, searchbase: null }),
    expect: ['ldap-config-incomplete:error'],
    says: ['rudder.auth.ldap.searchbase, rudder.auth.ldap.filter'],
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
    doc: ldap({ password: null }),
    overrides: [['rudder-web.properties.d/secret.properties', 'rudder.auth.ldap.connection.bind.password=x']],
    expect: [],
    absent: ['ldap-config-incomplete'],
  },
  { name: 'rudder.auth.ldap.enable is obsolete', versions: ALL, doc: '[[rudder.auth.ldap.enable]]=true', expect: ['ldap-enable-obsolete:warning'], absent: ['key-not-in-version', 'unknown-key'], says: ['3.1', 'not enabled'] },
  { name: 'derefLink is read by Spring', versions: ALL, doc: `${ldap()}\nrudder.auth.ldap.connection.derefLink=True\nrudder.auth.ldap.connection.derefLink=[[maybe]]`, expect: ['invalid-boolean'] },

  // Providers
  { name: 'provider names are case-sensitive', versions: ALL, doc: `${ldap({ provider: null })}\nrudder.auth.provider=[[LDAP]],file`, expect: ['unknown-auth-provider:error'], says: ["Did you mean 'ldap'"] },
  { name: 'radius needs 7.x', versions: ['8.1', '8.3', '9.1'], doc: 'rudder.auth.provider=file,[[radius]]', expect: ['unknown-auth-provider:error'], says: ['7.3'] },
  { name: 'radius is fine on 7.x', versions: ['7.2', '7.3'], doc: 'rudder.auth.provider=file,radius', expect: [], absent: ['unknown-auth-provider'] },
  { name: 'rootAdmin, spaces and empty items are fine', versions: ALL, doc: `${ldap({ provider: null })}\nrudder.auth.provider= rootAdmin , ,ldap , file `, expect: [], absent: ['unknown-auth-provider', 'invalid-value'] },
  { name: 'empty provider list: nobody can log in', versions: ALL, doc: '[[rudder.auth.provider]]=', expect: ['invalid-value:error'], says: ['nobody'] },
  {
    name: 'empty provider list: only rootAdmin',
    versions: ALL,
    doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2Y}\n[[rudder.auth.provider]]=`,
    expect: ['invalid-value:warning'],
    says: ['only the root admin'],
  },

  // Booleans and HSTS
  { name: 'booleans are case-sensitive', versions: ALL, doc: 'rudder.server.hsts=[[True]]', expect: ['invalid-boolean:warning'], says: ['case-sensitive'] },
  { name: 'a trailing space breaks a boolean', versions: ALL, doc: 'rudder.server.hsts=[[true ]]', expect: ['invalid-boolean'], says: ['white space', 'java.util.Properties keeps'] },
  { name: 'yes and on are booleans', versions: ALL, doc: 'rudder.server.hsts=yes\nrudder.server.hstsIncludeSubDomains=on', expect: [], absent: ['invalid-boolean', 'hsts-disabled'] },
  { name: 'HSTS off is a hint', versions: ALL, doc: 'rudder.server.hsts=[[off]]', expect: ['hsts-disabled:hint'] },
  { name: 'HSTS unset says nothing', versions: ALL, doc: 'rudder.auth.provider=file', expect: [], absent: ['hsts-disabled'] },
  { name: 'includeSubDomains without HSTS', versions: ALL, doc: '[[rudder.server.hstsIncludeSubDomains]]=true', expect: ['hsts-disabled:hint'] },
  { name: 'otp.enforce must be a boolean', versions: ['9.2'], doc: 'rudder.auth.otp.enforce=[[TRUE]]', expect: ['invalid-boolean'] },
  { name: 'plugin booleans', versions: ALL, doc: 'rudder.auth.oauth2.provider.okta.roles.enabled=[[1]]', expect: ['invalid-boolean'] },

  // Idle timeout
  { name: '"never" is not accepted by idle-timeout', versions: ALL, doc: 'rudder.auth.idle-timeout=[[never]]', expect: ['idle-timeout-invalid:warning'], says: ['silently uses 30 minutes', 'empty value'] },
  { name: 'idle-timeout units are case-sensitive', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30 Minutes]]', expect: ['idle-timeout-invalid'], says: ['case-sensitive'] },
  { name: 'a number needs a unit', versions: ALL, doc: 'rudder.auth.idle-timeout=[[30]]', expect: ['idle-timeout-invalid'] },
  { name: 'empty idle-timeout disables it', versions: ALL, doc: '[[rudder.auth.idle-timeout]]=', expect: ['idle-timeout-disabled:warning'] },
  {
    name: 'Scala duration forms',
    versions: ALL,
    doc: 'rudder.auth.idle-timeout=30minutes\nrudder.auth.idle-timeout=15 m\nrudder.auth.idle-timeout=0.25hours\nrudder.auth.idle-timeout= 1 800 s\nrudder.auth.idle-timeout=1.2e6 millis\nrudder.auth.idle-timeout=30 min ',
    expect: [],
    absent: ['idle-timeout-invalid', 'idle-timeout-long', 'idle-timeout-disabled'],
  },
  { name: 'longer than 30 minutes', versions: ALL, doc: 'rudder.auth.idle-timeout=[[2 hours]]', expect: ['idle-timeout-long:information'], says: ['2 hours'] },
  { name: 'a day or more is a warning', versions: ALL, doc: 'rudder.auth.idle-timeout=[[2d]]', expect: ['idle-timeout-long:warning'] },
  { name: 'Inf never expires', versions: ALL, doc: 'rudder.auth.idle-timeout=[[Inf]]', expect: ['idle-timeout-long:warning'] },
  { name: 'zero expires at once', versions: ALL, doc: 'rudder.auth.idle-timeout=[[0 s]]', expect: ['idle-timeout-invalid'] },

  // Hash parameters
  { name: 'bcrypt cost below 10', versions: ['7.2', '8.1', '8.3'], doc: 'rudder.bcrypt.cost=[[8]]', expect: ['bcrypt-cost-low:warning'], says: ['hashes new passwords with it'] },
  { name: 'bcrypt cost below 10 on 9.x', versions: E4, doc: 'rudder.bcrypt.cost=[[8]]', expect: ['bcrypt-cost-low:warning'], says: ['use 12 instead'] },
  { name: 'bcrypt cost 11', versions: ALL, doc: 'rudder.bcrypt.cost=[[11]]', expect: ['bcrypt-cost-low:information'] },
  { name: 'bcrypt cost 10 on 9.x', versions: E4, doc: 'rudder.bcrypt.cost=[[10]]', expect: ['bcrypt-cost-low:information'], says: ['9.0.9'] },
  { name: 'bcrypt cost 12 and 14 are fine', versions: ALL, doc: 'rudder.bcrypt.cost=12\nrudder.bcrypt.cost=14', expect: [], absent: ['bcrypt-cost-low', 'invalid-value'] },
  { name: 'bcrypt cost not an int', versions: ALL, doc: 'rudder.bcrypt.cost=[[twelve]]', expect: ['invalid-value:warning'], absent: ['bcrypt-cost-low'], says: ['default (12)'] },
  { name: 'bcrypt cost above 31', versions: ALL, doc: 'rudder.bcrypt.cost=[[40]]', expect: ['invalid-value'] },
  { name: 'argon2 memory below the minimum', versions: E4, doc: 'rudder.argon2.memory=[[4096]]', expect: ['argon2-params-low:warning'], says: ['19456', '131072'] },
  { name: 'argon2 iterations and parallelism', versions: E4, doc: 'rudder.argon2.iterations=[[1]]\nrudder.argon2.parallelism=[[0]]', expect: ['argon2-params-low', 'argon2-params-low'] },
  { name: 'argon2 defaults are fine', versions: E4, doc: 'rudder.argon2.memory=131072\nrudder.argon2.iterations=3\nrudder.argon2.parallelism=1', expect: [], absent: ['argon2-params-low', 'key-not-in-version'] },
  { name: 'argon2 is not read before 9.0', versions: ['8.3'], doc: '[[rudder.argon2.memory]]=65536\n[[rudder.argon2.iterations]]=3', expect: ['key-not-in-version:warning', 'key-not-in-version:information'], absent: ['argon2-params-low'] },

  // Root admin password
  { name: 'plain-text admin password', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[Sup3rS3cret!]]`, expect: ['admin-password-plaintext:error'] },
  { name: '$2y$ is bcrypt in every era', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2Y}`, expect: [], absent: ['admin-password-plaintext', 'invalid-value'] },
  {
    name: '$2b$ is compared as plain text up to 8.1',
    versions: ['7.2', '8.1'],
    doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${BCRYPT_2B}]]`,
    expect: ['admin-password-plaintext:error'],
    says: ['$2y$'],
  },
  { name: '$2b$ is bcrypt from 8.2', versions: ['8.3', '9.1'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${BCRYPT_2B}`, expect: [], absent: ['admin-password-plaintext', 'invalid-value'] },
  { name: 'argon2id admin password on 9.x', versions: E4, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=${ARGON}`, expect: [], absent: ['admin-password-plaintext', 'invalid-value'] },
  { name: 'argon2id admin password on 8.2–8.3', versions: ['8.3'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${ARGON}]]`, expect: ['invalid-value:error'], says: ['9.0'] },
  { name: 'argon2id admin password up to 8.1 is plain text', versions: ['7.2', '8.1'], doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${ARGON}]]`, expect: ['admin-password-plaintext'] },
  { name: 'malformed bcrypt admin password', versions: ALL, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[${BCRYPT_2Y} ]]`, expect: ['invalid-value:error'], says: ['trailing white space'] },
  { name: 'a hex digest is not accepted on 9.x', versions: E4, doc: `rudder.auth.admin.login=admin\nrudder.auth.admin.password=[[a94a8fe5ccb19ba61c4c0873d391e987982fbbd3]]`, expect: ['admin-password-plaintext'], says: ['impossible'] },
  { name: 'no login: the account is disabled', versions: ALL, doc: 'rudder.auth.admin.password=secret\nrudder.auth.admin.login=', expect: [], absent: ['admin-password-plaintext'] },

  // Secrets
  { name: 'bind password in clear', versions: ALL, doc: ldap({ password: '[[Bind-Pa55]]' }), expect: ['plaintext-secret:information'] },
  { name: 'client secret in clear', versions: ALL, doc: 'rudder.auth.oauth2.provider.okta.client.secret=[[s3cr3t]]', expect: ['plaintext-secret:information'], absent: ['unknown-key'] },

  // Typed values
  { name: 'userRestToken: enabled or disabled', versions: FROM_81, doc: 'rudder.auth.userRestToken=[[enable]]', expect: ['invalid-value:warning'], says: ["Did you mean 'enabled'", 'default (enabled)'] },
  { name: 'userRestToken is lenient', versions: FROM_81, doc: 'rudder.auth.userRestToken= Disabled \nrudder.auth.file.userRestToken=ENABLED', expect: [], absent: ['invalid-value'] },
  { name: 'per-provider userRestToken', versions: FROM_81, doc: 'rudder.auth.oidc.userRestToken=[[yes]]', expect: ['invalid-value'], says: ["provider's default"] },
  { name: 'userRestToken needs 8.1', versions: ['7.2'], doc: '[[rudder.auth.userRestToken]]=enabled', expect: ['key-not-in-version:information'], says: ['8.1'] },
  { name: 'displayLoginForm', versions: ALL, doc: 'rudder.auth.displayLoginForm=[[hidden]]', expect: ['invalid-value'], says: ["'hide'"] },
  { name: 'cleanup cron needs 6 fields', versions: FROM_81, doc: 'rudder.users.cleanup.cron=[[0 17 * * *]]', expect: ['invalid-value:warning'], says: ['Unix crontab', 'disables'] },
  { name: 'cleanup cron out of range', versions: FROM_81, doc: 'rudder.users.cleanup.cron=[[0 61 1 * * ?]]', expect: ['invalid-value'], says: ['minutes'] },
  { name: 'cleanup cron forms', versions: FROM_81, doc: 'rudder.users.cleanup.cron=0 17 1 * * ?\nrudder.users.cleanup.cron=@NEVER\nrudder.users.cleanup.cron=0 0/15 8-18 ? JAN,jul MON-FRI', expect: [], absent: ['invalid-value'] },
  { name: 'cleanup durations', versions: FROM_81, doc: 'rudder.users.cleanup.purgeDeletedAfter=30 days\nrudder.users.cleanup.account.deleteAfterLastLogin=NEVER', expect: [], absent: ['invalid-value'] },
  { name: 'cleanup duration "0" has no unit', versions: FROM_81, doc: 'rudder.users.cleanup.purgeDeletedAfter=[[0]]', expect: ['invalid-value'], says: ['default (30 days)'] },
  { name: 'cleanup "never" needs 8.0', versions: ['7.3'], doc: 'rudder.users.cleanup.account.deleteAfterLastLogin=[[never]]', expect: ['invalid-value'], says: ['default (120 days)'] },
  { name: 'cleanup keys need 7.3', versions: ['7.2'], doc: '[[rudder.users.cleanup.cron]]=0 17 1 * * ?', expect: ['key-not-in-version:information'] },
  { name: 'relay API URL', versions: ALL, doc: 'rudder.server.relay.api=[[localhost/relay-api]]', expect: ['invalid-value'] },

  // Versions
  { name: 'otp.enforce needs 9.2', versions: ['8.3', '9.1'], doc: '[[rudder.auth.otp.enforce]]=true', expect: ['key-not-in-version:warning'], says: ['9.2'] },
  { name: 'otp.enforce on 9.2', versions: ['9.2'], doc: 'rudder.auth.otp.enforce=true', expect: [], absent: ['key-not-in-version'] },
  { name: 'certificate settings need 9.0', versions: ['8.3'], doc: '[[rudder.server.certificate.validation]]=true', expect: ['key-not-in-version:warning'] },
  { name: 'idle-timeout and hsts are read by 7.2', versions: ['7.2'], doc: 'rudder.auth.idle-timeout=30 minutes\nrudder.server.hsts=true', expect: [], absent: ['key-not-in-version'] },
  { name: 'radius keys only up to 7.x', versions: ['8.1', '9.1'], doc: '[[rudder.auth.radius.host.name]]=10.0.0.1', expect: ['key-not-in-version'], says: ['7.3'] },
  { name: 'radius keys on 7.2', versions: ['7.2'], doc: 'rudder.auth.radius.host.name=10.0.0.1\nrudder.auth.radius.host.sharedSecret=[[x]]', expect: ['plaintext-secret'], absent: ['key-not-in-version', 'unknown-key'] },
];

function evaluate(text: string, version: string, overrides: [string, string][] = []): PropertiesEvaluation {
  const context: PropertiesContext = { overrides: overrides.map(([name, t]) => ({ name, text: t, parsed: parseJavaProperties(t) })) };
  return evaluateProperties(parseJavaProperties(text), resolveVersion(version), context);
}

const severityOf = (f: PropertiesEvaluation['findings'][number]) => f.severity ?? RULES.get(f.rule)?.severity;

describe('properties diagnostics', () => {
  for (const c of cases) {
    for (const version of c.versions) {
      test(`${c.name} [${version}]`, () => {
        const { text, ranges } = markers(c.doc, false);
        assert.equal(ranges.length, c.expect.length, 'one [[marker]] per expected finding');
        const codes = new Set([...c.expect.map((e) => e.split(':')[0]), ...(c.absent ?? [])]);
        const all = evaluate(text, version, c.overrides).findings;
        const got = all.filter((f) => codes.has(f.rule));
        assert.deepEqual(
          got.map((f, i) => ({ what: c.expect[i]?.includes(':') ? `${f.rule}:${severityOf(f)}` : f.rule, start: f.range.start, end: f.range.end })),
          c.expect.map((e, i) => ({ what: e, ...ranges[i] })),
          `findings: ${JSON.stringify(all.map((f) => `${f.rule}: ${f.message}`), null, 1)}`,
        );
        for (const s of c.says ?? []) assert.ok(got[0].message.includes(s), `message "${got[0].message}" should say "${s}"`);
        for (const f of all) assert.equal(RULES.get(f.rule)?.file, 'properties', `${f.rule} is not a properties rule`);
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

  test("Rudder's sample files and plugin configs give no error, in any version", () => {
    const dir = path.join(REPO, 'test', 'fixtures', 'properties');
    const files = fs.readdirSync(dir);
    assert.ok(files.length >= 14);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const own = /@(\d+\.\d+)/.exec(file)![1];
      for (const version of [own, ...KNOWN_VERSIONS]) {
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
    assert.deepEqual([timeout?.value, timeout?.source, timeout?.entry?.line], ['25 minutes', 'rudder-web.properties.d/b.properties', 0]);
    assert.equal(ev.effective.get('rudder.auth.provider')?.source, 'main');
    assert.equal(ev.effective.get('rudder.auth.ldap.filter')?.value, '(uid={0})');
    assert.deepEqual(ev.effective.get('rudder.argon2.memory'), { key: 'rudder.argon2.memory', value: '131072', source: 'default' });
    assert.equal(ev.effective.get('rudder.auth.otp.enforce'), undefined, '9.1 does not read otp.enforce');
    assert.equal(ev.effective.get('rudder.auth.ldap.connection.url'), undefined, 'no default');
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
