/** The keys of rudder-web.properties (§7) and what each release reads. */
import { compareVersions, type RudderVersion } from './releases';

/**
 * How Rudder reads a value. Typesafe Config types every core key (`boolean`, `int`); the auth-backends plugin
 * hands `rudder.auth.<provider>.*` to Spring, which converts `spring-boolean` itself.
 */
export type PropertyType =
  /** Typesafe Config: exactly `true|yes|on|false|no|off`. */
  | 'boolean'
  /** Spring's converter: true/false/on/off/yes/no/1/0, case-insensitive, trimmed. */
  | 'spring-boolean'
  | 'int'
  /** A Scala `Duration` string (`rudder.auth.idle-timeout`). */
  | 'duration'
  /** A Scala `Duration` string or `never` (`rudder.users.cleanup.*`). */
  | 'cleanup-duration'
  | 'cron'
  | 'enum'
  /** Comma-separated, each item trimmed, empty items dropped. */
  | 'list'
  | 'string'
  | 'url'
  /** One or more space-separated `ldap://` or `ldaps://` URLs. */
  | 'ldap-url'
  | 'dn'
  | 'ldap-filter'
  /** A credential stored as is. */
  | 'secret'
  /** A password hash (or, depending on the era, a plain-text password). */
  | 'password-hash'
  | 'path';

export interface PropertyDef {
  /** The key, or a pattern: `<name>` stands for one segment, a final `.*` for any sub-key. */
  key: string;
  type: PropertyType;
  /** The value Rudder applies when the key is missing, as it would be written; absent when nothing is applied. */
  default?: string;
  /** Up to (excluding) this version, the default was `value` instead. */
  defaultBefore?: { version: string; value: string };
  /** `enum`: the accepted values. */
  values?: readonly string[];
  /** `enum`: values match ignoring case and surrounding white space. */
  lenient?: boolean;
  /** First version that reads it (`X.Y` or `X.Y.Z`; only `X.Y` is compared); absent: older than any we check. */
  since?: string;
  /** Last version that reads it. */
  until?: string;
  /** The plugin that reads it, when it is not Rudder core. */
  plugin?: string;
  /** One line for hover and completion. */
  doc: string;
  /** A credential: masked in Rudder's logs, never shown in a message. */
  secret?: boolean;
}

/** The keys the checks are about, by role: the evaluator reads these names, it never spells a key itself. */
export const AUTH_PROPERTY = {
  provider: 'rudder.auth.provider',
  adminLogin: 'rudder.auth.admin.login',
  adminPassword: 'rudder.auth.admin.password',
  idleTimeout: 'rudder.auth.idle-timeout',
  userRestToken: 'rudder.auth.userRestToken',
  otpEnforce: 'rudder.auth.otp.enforce',
  ldapEnable: 'rudder.auth.ldap.enable',
  ldapUrl: 'rudder.auth.ldap.connection.url',
  ldapBindDn: 'rudder.auth.ldap.connection.bind.dn',
  ldapBindPassword: 'rudder.auth.ldap.connection.bind.password',
  ldapSearchBase: 'rudder.auth.ldap.searchbase',
  ldapFilter: 'rudder.auth.ldap.filter',
  bcryptCost: 'rudder.bcrypt.cost',
  argon2Memory: 'rudder.argon2.memory',
  argon2Iterations: 'rudder.argon2.iterations',
  argon2Parallelism: 'rudder.argon2.parallelism',
  hsts: 'rudder.server.hsts',
  hstsIncludeSubDomains: 'rudder.server.hstsIncludeSubDomains',
} as const;

const P = AUTH_PROPERTY;
export const AUTH_BACKENDS = 'auth-backends';
export const RADIUS_UNTIL = '7.3';
const FEATURE_SWITCH = ['enabled', 'disabled'] as const;

/** The sub-keys of an OAuth2/OIDC registration documented by the auth-backends plugin. */
export const OAUTH2_REGISTRATION_KEYS = [
  'name',
  'client.id',
  'client.secret',
  'scope',
  'userNameAttributeName',
  'uri.auth',
  'uri.token',
  'uri.userInfo',
  'uri.jwkSet',
  'client.redirect',
  'grantType',
  'authMethod',
  'enableProvisioning',
  'ui.infoMessage',
  'roles.enabled',
  'roles.attribute',
  'roles.override',
  'roles.mapping.enforced',
  'roles.mapping.entitlements.<claim value>',
  'roles.mapping.reverseEntitlements.<role>',
  'tenants.enabled',
  'tenants.attribute',
  'tenants.override',
  'tenants.mapping.enforced',
  'tenants.mapping.entitlements.<claim value>',
  'tenants.mapping.reverseEntitlements.<tenant>',
] as const;

/** Sub-keys of every kind of OAuth2 registration (`provider`, `jwt.provider`, `opaque.provider`) that hold a boolean. */
const OAUTH2_BOOLEANS = ['enableProvisioning', 'roles.enabled', 'roles.override', 'roles.mapping.enforced', 'tenants.enabled', 'tenants.override', 'tenants.mapping.enforced'];

function oauth2Family(base: string, what: string): PropertyDef[] {
  return [
    { key: `${base}.registrations`, type: 'list', plugin: AUTH_BACKENDS, doc: `Comma-separated ids of the ${what} registrations configured below.` },
    { key: `${base}.<reg>.client.secret`, type: 'secret', plugin: AUTH_BACKENDS, secret: true, doc: `The client secret of this ${what} registration (hidden from the logs).` },
    ...OAUTH2_BOOLEANS.map<PropertyDef>((sub) => ({ key: `${base}.<reg>.${sub}`, type: 'boolean', default: 'false', plugin: AUTH_BACKENDS, doc: `${sub} of this ${what} registration.` })),
    { key: `${base}.<reg>.*`, type: 'string', plugin: AUTH_BACKENDS, doc: `A setting of this ${what} registration (${OAUTH2_REGISTRATION_KEYS.join(', ')}).` },
  ];
}

/** Every key of rudder-web.properties this project knows about; exact keys first, then patterns, most specific first. */
export const PROPERTY_DEFS: readonly PropertyDef[] = [
  { key: P.provider, type: 'list', default: 'file', since: '3.2', doc: 'Authentication providers, tried in this order (rootAdmin always comes first). Names are case-sensitive.' },
  { key: P.adminLogin, type: 'string', doc: 'Login of the root admin account, which bypasses every provider. Empty or unset: the account is disabled.' },
  { key: P.adminPassword, type: 'password-hash', secret: true, doc: 'Password of the root admin account: a bcrypt hash (or argon2id on 9.x). Empty or unset: the account is disabled.' },
  {
    key: P.idleTimeout,
    type: 'duration',
    default: '30 minutes',
    since: '7.2.3',
    doc: 'Inactivity timeout of web sessions (e.g. `30 minutes`, `1h`). Empty: no timeout. Anything unreadable: 30 minutes.',
  },
  {
    key: P.userRestToken,
    type: 'enum',
    values: FEATURE_SWITCH,
    lenient: true,
    default: 'enabled',
    since: '8.1',
    doc: 'Whether users may call the API with their own token (api-authorizations plugin).',
  },
  { key: P.otpEnforce, type: 'boolean', default: 'false', since: '9.2', doc: 'Require the TOTP code at login for every user who has configured one.' },
  { key: 'rudder.auth.displayLoginForm', type: 'enum', values: ['show', 'hide', 'remove'], lenient: true, default: 'show', plugin: AUTH_BACKENDS, doc: 'Whether the login form is shown next to the OIDC/OAuth2 buttons.' },
  { key: P.ldapEnable, type: 'boolean', until: '3.1', doc: 'Obsolete: enabled LDAP up to Rudder 3.1. Use `ldap` in rudder.auth.provider.' },
  { key: P.ldapUrl, type: 'ldap-url', plugin: AUTH_BACKENDS, doc: 'LDAP server URL, `ldaps://host:port/baseDN` (several URLs: separate them with spaces).' },
  { key: P.ldapBindDn, type: 'dn', plugin: AUTH_BACKENDS, doc: 'DN Rudder binds with to search for users.' },
  { key: P.ldapBindPassword, type: 'secret', secret: true, plugin: AUTH_BACKENDS, doc: 'Password of the bind DN (hidden from the logs).' },
  { key: P.ldapSearchBase, type: 'dn', plugin: AUTH_BACKENDS, doc: 'Where users are searched, relative to the base DN of the URL; empty: the base DN itself.' },
  { key: P.ldapFilter, type: 'ldap-filter', plugin: AUTH_BACKENDS, doc: 'RFC 4515 filter that finds the user; `{0}` is the login as typed, e.g. `(&(uid={0})(objectclass=person))`.' },
  { key: 'rudder.auth.ldap.connection.derefLink', type: 'spring-boolean', default: 'false', plugin: AUTH_BACKENDS, doc: 'Follow LDAP referrals (needed for some Active Directory setups).' },
  { key: 'rudder.auth.radius.host.name', type: 'string', until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'IP or host name of the RADIUS server.' },
  { key: 'rudder.auth.radius.host.authPort', type: 'int', until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'Authentication port of the RADIUS server.' },
  { key: 'rudder.auth.radius.host.sharedSecret', type: 'secret', secret: true, until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'Secret shared with the RADIUS server (hidden from the logs).' },
  { key: 'rudder.auth.radius.auth.timeout', type: 'int', until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'Seconds to wait for the RADIUS server.' },
  { key: 'rudder.auth.radius.auth.retries', type: 'int', until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'Retries after a RADIUS timeout.' },
  { key: 'rudder.auth.radius.auth.protocol', type: 'string', until: RADIUS_UNTIL, plugin: AUTH_BACKENDS, doc: 'RADIUS protocol: pap (default), chap, eap-md5 or eap-ttls, with optional `:key=value` options.' },
  { key: P.bcryptCost, type: 'int', default: '12', since: '6.1', doc: 'bcrypt cost of the password hashes Rudder generates (4–31).' },
  { key: P.argon2Memory, type: 'int', default: '131072', since: '9.0', doc: 'argon2id memory of the password hashes Rudder generates, in KiB (at least 19456).' },
  { key: P.argon2Iterations, type: 'int', default: '3', since: '9.0', doc: 'argon2id iterations of the password hashes Rudder generates (at least 2).' },
  { key: P.argon2Parallelism, type: 'int', default: '1', since: '9.0', doc: 'argon2id parallelism of the password hashes Rudder generates (at least 1).' },
  { key: P.hsts, type: 'boolean', default: 'false', since: '7.2.3', doc: 'Send Strict-Transport-Security (one year) so that browsers only use HTTPS.' },
  { key: P.hstsIncludeSubDomains, type: 'boolean', default: 'false', since: '7.2.3', doc: 'Add includeSubDomains to the HSTS header (only with rudder.server.hsts=true).' },
  { key: 'rudder.server.relay.api', type: 'url', doc: 'URL of the relay API of the root server.' },
  { key: 'rudder.server.certificate.validation', type: 'boolean', default: 'false', since: '9.0', doc: 'Validate node↔server certificates against a PKI instead of key pinning.' },
  { key: 'rudder.server.certificate.httpsOnly', type: 'boolean', default: 'false', since: '9.0', doc: 'Disable CFEngine network communications: HTTPS only.' },
  { key: 'rudder.server.certificate.ca.path', type: 'path', default: '', since: '9.0', doc: 'CA certificate file for certificate validation; empty: the system store.' },
  { key: 'rudder.server.certificate.additionalKeyHash', type: 'list', default: '', since: '9.0', doc: 'Extra trusted server key hashes, `sha256//…`, separated by `;`.' },
  {
    key: 'rudder.users.cleanup.cron',
    type: 'cron',
    default: '0 17 1 * * ?',
    since: '7.3',
    doc: 'When the user clean-up runs: `sec min hour day-of-month month day-of-week`, or `@never`.',
  },
  {
    key: 'rudder.users.cleanup.account.disableAfterLastLogin',
    type: 'cleanup-duration',
    default: '180 days',
    defaultBefore: { version: '8.0', value: '60 days' },
    since: '7.3',
    doc: 'Disable accounts that have not logged in for this long (a duration, or never).',
  },
  {
    key: 'rudder.users.cleanup.account.deleteAfterLastLogin',
    type: 'cleanup-duration',
    default: 'never',
    defaultBefore: { version: '8.0', value: '120 days' },
    since: '7.3',
    doc: 'Mark disabled accounts deleted after this long without login (a duration, or never).',
  },
  { key: 'rudder.users.cleanup.purgeDeletedAfter', type: 'cleanup-duration', default: '30 days', since: '7.3', doc: 'Purge the data of deleted users after this long (a duration, or never).' },
  { key: 'rudder.users.cleanup.sessions.purgeAfter', type: 'cleanup-duration', default: '30 days', since: '7.3', doc: 'Purge session records after this long (a duration, or never).' },
  {
    key: 'rudder.auth.<provider>.userRestToken',
    type: 'enum',
    values: FEATURE_SWITCH,
    lenient: true,
    since: '8.1',
    doc: 'User API tokens for the users of this provider; default: rudder.auth.userRestToken, but disabled for oidc and oauth2.',
  },
  ...oauth2Family('rudder.auth.oauth2.provider', 'OIDC/OAuth2'),
  ...oauth2Family('rudder.auth.oauth2.jwt.provider', 'JWT bearer-token'),
  ...oauth2Family('rudder.auth.oauth2.opaque.provider', 'opaque-token'),
];

/** Keys under these prefixes are checked: anything not in PROPERTY_DEFS is reported as unknown. */
export const CHECKED_PROPERTY_PREFIXES = ['rudder.auth.', 'rudder.server.', 'rudder.bcrypt.', 'rudder.argon2.', 'rudder.users.'] as const;

/** The LDAP keys the auth-backends plugin needs, none of which has a default. */
export const LDAP_REQUIRED_PROPERTIES = [P.ldapUrl, P.ldapBindDn, P.ldapBindPassword, P.ldapSearchBase, P.ldapFilter] as const;

/** Other keys whose value Rudder masks in its logs (not auth-related, never checked, never shown). */
export const OTHER_MASKED_PROPERTIES = ['ldap.authpw', 'rudder.jdbc.password'] as const;

/** The filter of Rudder's documentation; Active Directory: `(&(sAMAccountName={0})(objectclass=user))`. */
export const LDAP_FILTER_TEMPLATE = '(&(uid={0})(objectclass=person))';

const EXACT_DEFS = new Map(PROPERTY_DEFS.filter((d) => !d.key.includes('<')).map((d) => [d.key, d]));
const PATTERN_DEFS = PROPERTY_DEFS.filter((d) => d.key.includes('<')).map((d) => ({ def: d, re: patternRegExp(d.key) }));

function patternRegExp(pattern: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const any = pattern.endsWith('.*');
  const body = (any ? pattern.slice(0, -2) : pattern)
    .split(/(<[^>]+>)/)
    .map((part) => (part.startsWith('<') ? '[^.]+' : escape(part)))
    .join('');
  return new RegExp(`^${body}${any ? '\\..+' : ''}$`);
}

/** The definition of a key: an exact key, else the first pattern that matches. Keys are case-sensitive. */
/** Lookups are memoised (a properties file asks for each of its keys on every edit), within a bound. */
const FOUND_DEFS = new Map<string, PropertyDef | undefined>();
const FOUND_DEFS_MAX = 10_000;

export function findPropertyDef(key: string): PropertyDef | undefined {
  if (!FOUND_DEFS.has(key)) {
    if (FOUND_DEFS.size >= FOUND_DEFS_MAX) FOUND_DEFS.clear();
    FOUND_DEFS.set(key, EXACT_DEFS.get(key) ?? PATTERN_DEFS.find((p) => p.re.test(key))?.def);
  }
  return FOUND_DEFS.get(key);
}

/** Exact keys, and patterns filled in with the segments of `key`: the candidates for "did you mean". */
export function propertyKeyCandidates(key: string): string[] {
  const segments = key.split('.');
  const filled = PROPERTY_DEFS.filter((d) => d.key.includes('<') && !d.key.endsWith('.*')).map((d) =>
    d.key
      .split('.')
      .map((s, i) => (s.startsWith('<') ? (segments[i] ?? s) : s))
      .join('.'),
  );
  return [...EXACT_DEFS.keys(), ...filled];
}

export function isCheckedPropertyKey(key: string): boolean {
  return CHECKED_PROPERTY_PREFIXES.some((p) => key.startsWith(p));
}

/** A credential: never print its value. Unknown keys count as secrets when their name says so. */
export function isSecretProperty(key: string): boolean {
  return findPropertyDef(key)?.secret === true || (OTHER_MASKED_PROPERTIES as readonly string[]).includes(key) || /pass|secret|pw$/i.test(key);
}

/** A `since`/`until` of a key, `X.Y` or `X.Y.Z` (only `X.Y` is compared). */
export function defVersion(text: string): RudderVersion {
  const [major, minor] = text.split('.').map(Number);
  return { major, minor: minor ?? 0 };
}

/** Whether this version reads the key at all (`since`/`until`, compared on X.Y). */
export function propertyReadBy(def: PropertyDef, v: RudderVersion): boolean {
  if (def.since && compareVersions(v, defVersion(def.since)) < 0) return false;
  return !(def.until && compareVersions(v, defVersion(def.until)) > 0);
}

/** What the version applies when the key is missing. */
export function propertyDefault(def: PropertyDef, v: RudderVersion): string | undefined {
  if (def.defaultBefore && compareVersions(v, defVersion(def.defaultBefore.version)) < 0) return def.defaultBefore.value;
  return def.default;
}
