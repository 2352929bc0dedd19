/**
 * The keys of rudder-web.properties (rudder-spec.md §7) and what each release reads: for every key, the releases
 * that read it, its default over the releases, the type of value Rudder expects (`../properties/valueTypes.ts`
 * says how each type is checked) and what Rudder does when sub-keys turn it into an object (C9).
 *
 * Sources (paths under webapp/sources/rudder/): `rudder-web/.../bootstrap/liftweb/RudderConfig.scala` (RC) and
 * `AppConfigAuth.scala` at the branch heads; the auth-backends plugin of Normation/rudder-plugins for
 * `rudder.auth.ldap.*`, `rudder.auth.oauth2.*` and `rudder.auth.radius.*`.
 */
import { ARGON2_DEFAULT, ARGON2_MIN, BCRYPT_COST } from './hashes';
import { RELEASES, releaseOf, since, spanLabel, Timeline, until, versionOf, type RudderVersion } from './releases';

/**
 * How Rudder reads a value. Typesafe Config types every core key (`boolean`, `int`); the auth-backends plugin
 * hands `rudder.auth.<provider>.*` to Spring, which converts `spring-boolean` itself. Every type has exactly one
 * entry in the registry `VALUE_TYPES` (properties/valueTypes.ts): its parser, checks, hover and fixes.
 */
export type PropertyType =
  /** Typesafe Config: exactly `true|yes|on|false|no|off`. */
  | 'boolean'
  /** Spring's converter: true/false/on/off/yes/no/1/0, case-insensitive, trimmed. */
  | 'spring-boolean'
  /** Typesafe `getInt`, with the bounds and release floors of `PropertyDef.int`. */
  | 'int'
  /**
   * A web session inactivity timeout (`rudder.auth.idle-timeout`, Lift's `sessionInactivityTimeout`): a Scala
   * `Duration` read with a catch-all, empty is "no timeout", unreadable is the default. Its findings speak of
   * sessions (`idle-timeout-*`); a duration of another meaning is another type.
   */
  | 'session-timeout'
  /** A Scala `Duration` or `never` (`rudder.users.cleanup.*`): unreadable is an error and the default, too large stops Rudder. */
  | 'cleanup-duration'
  /** A cron4s expression, or `@never`. */
  | 'cron'
  /** One of `PropertyDef.values`. */
  | 'enum'
  /** `rudder.auth.provider`: comma-separated provider names, trimmed, empty items dropped, case-sensitive. */
  | 'provider-list'
  /** Comma- or semicolon-separated items Rudder does not check further. */
  | 'list'
  | 'string'
  /** An http:// or https:// URL. */
  | 'url'
  /** One or more space-separated `ldap://` or `ldaps://` URLs. */
  | 'ldap-url'
  /** An RFC 4514 DN. */
  | 'dn'
  /** An RFC 4514 DN relative to the base DN of the LDAP URL (`rudder.auth.ldap.searchbase`). */
  | 'ldap-search-base'
  /** An RFC 4515 filter in which JNDI replaces `{0}` with the login. */
  | 'ldap-filter'
  /** A credential stored as is. */
  | 'secret'
  /** A password hash (or, depending on the release, a plain-text password). */
  | 'password-hash'
  | 'path';

/**
 * What Rudder makes of a key that also has sub-keys (`a.b=1` and `a.b.c=2`): Typesafe Config's properties parser
 * lets objects win (lightbend/config `PropertiesParser.fromPathMap`, "drop those string values - objects win"),
 * so the value is gone and reading it throws `ConfigException.WrongType`. What follows depends on the catch
 * around the read:
 * - `default`: the read catches every `ConfigException`, Rudder uses the default;
 * - `unset`: the plugin copies the leaves under `rudder.auth.<provider>.` to Spring (AppConfigAuth.scala:180-190),
 *   so the key is unset there;
 * - `start-fails`: the read catches only `ConfigException.Missing`, or nothing: Rudder does not start.
 */
export type ObjectOutcome = 'default' | 'unset' | 'start-fails';

/**
 * What the patch releases of one release line do with a value below a floor: in order, each names its patch
 * releases and, when they replace low values (with a WARN and the default), the highest value they replace.
 * `rudder.version` names a release line (`9.0`), not a patch release: where the steps differ, findings and
 * hovers say which patch releases do what.
 */
export interface FloorStep {
  patches: string;
  replacesUpTo?: number;
}
export type FloorHistory = readonly FloorStep[];
const NO_FLOOR: FloorHistory = [{ patches: 'every release' }];

/** An integer key: hard bounds (outside them the value cannot work), a release floor and the value Rudder recommends. */
export interface IntSpec {
  min?: number;
  max?: number;
  /** Values below it are weak (a warning); values from it up to `recommended` get an information. */
  weakBelow?: number;
  recommended?: number;
  floor?: Timeline<FloorHistory>;
  /** The unit of the value ("KiB"). */
  unit?: string;
}

export interface PropertyDef {
  /** The key, or a pattern: `<name>` stands for one segment, a final `.*` for any sub-key. */
  key: string;
  type: PropertyType;
  /** The releases that read the key. */
  read: Timeline<boolean>;
  /** The first release that read it, when that is a patch release or older than the timeline ("7.2.3"): for the docs. */
  firstRead?: string;
  /** The last release that read it, when that is older than every release of the timeline ("3.1"). */
  lastRead?: string;
  /** The value Rudder applies when the key is missing, as it would be written, per release; undefined: nothing. */
  default?: Timeline<string | undefined>;
  /** `enum`: the accepted values. */
  values?: readonly string[];
  /** `enum`: values match ignoring case and surrounding white space. */
  lenient?: boolean;
  /** `int`: bounds, floors, recommendation. */
  int?: IntSpec;
  /** What sub-keys of this key do to it (C9); `default` when absent. */
  asObject?: ObjectOutcome;
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
  relayApi: 'rudder.server.relay.api',
} as const;


const P = AUTH_PROPERTY;
export const AUTH_BACKENDS = 'auth-backends';
/** The auth-backends plugin of the 7.x lines still provides radius (rudder-plugins branches 7.x); later ones do not. */
export const RADIUS_READ = until('7.3');
const ALWAYS = new Timeline({ '7.0': true });
const NEVER = new Timeline({ '7.0': false });
const FEATURE_SWITCH = ['enabled', 'disabled'] as const;
const fixed = (value: string) => new Timeline<string | undefined>({ '7.0': value });

/** The idle timeout Rudder applies when the key is missing, and silently when it cannot read it (rudder@9.1 RC:1157-1167). */
export const IDLE_TIMEOUT_DEFAULT = '30 minutes';

/**
 * `rudder.bcrypt.cost`: BouncyCastle takes 4–31. No release replaced a low cost up to 8.3, 9.0.8 and 9.1.3
 * (rudder@8.3 RC:734-744: `config.getInt`, no check). 9.0.9 and 9.1.4 replace a cost `<= 10` with 12 and a WARN
 * (tag 9.0.9 RC:793-810, tag 9.1.4 RC:798-815); the branch heads replace `< 10` (rudder@9.1 RC:805-834
 * `passwordCostParam`, `minimumCost = 10` in rudder-rest RudderUserDetailsFile.scala:88). 9.2 and 10.0 have no
 * release yet: their branch head is what there is.
 */
export const BCRYPT_COST_FLOOR = new Timeline<FloorHistory>({
  '7.0': NO_FLOOR,
  '9.0': [{ patches: '9.0.0–9.0.8' }, { patches: '9.0.9', replacesUpTo: 10 }, { patches: 'the 9.0 branch head', replacesUpTo: BCRYPT_COST.ERROR_BELOW - 1 }],
  '9.1': [{ patches: '9.1.0–9.1.3' }, { patches: '9.1.4', replacesUpTo: 10 }, { patches: 'the 9.1 branch head', replacesUpTo: BCRYPT_COST.ERROR_BELOW - 1 }],
  '9.2': [{ patches: 'the branch head', replacesUpTo: BCRYPT_COST.ERROR_BELOW - 1 }],
});

/** `rudder.argon2.memory`: below 19456 KiB, every 9.x release warns and uses the default (tag 9.0.0 RC:807-828). */
const ARGON2_MEMORY_FLOOR = new Timeline<FloorHistory>({ '7.0': NO_FLOOR, '9.0': [{ patches: 'every release', replacesUpTo: ARGON2_MIN.memory - 1 }] });
/** The iterations and parallelism floors exist only at the branch heads (commit 800297895f, in no tag; rudder@9.1 RC:845-858). */
const headFloor = (min: number) =>
  new Timeline<FloorHistory>({
    '7.0': NO_FLOOR,
    '9.0': [{ patches: 'every 9.0 release' }, { patches: 'the 9.0 branch head', replacesUpTo: min - 1 }],
    '9.1': [{ patches: 'every 9.1 release' }, { patches: 'the 9.1 branch head', replacesUpTo: min - 1 }],
    '9.2': [{ patches: 'the branch head', replacesUpTo: min - 1 }],
  });

/**
 * `rudder.users.cleanup.*` defaults (C10): 60/120 days on 7.3–8.0 (rudder@8.0 RC:1007-1010), 90/120 days on
 * 8.1–8.2 (rudder@8.1 RC:1166-1170, rudder@8.2 RC:1111-1113: an unset delete key deletes accounts after 120
 * days there), 180 days / never from 8.3 (rudder@8.3 RC:1154-1158).
 */
const CLEANUP_DISABLE_DEFAULT = new Timeline<string | undefined>({ '7.0': undefined, '7.3': '60 days', '8.1': '90 days', '8.3': '180 days' });
const CLEANUP_DELETE_DEFAULT = new Timeline<string | undefined>({ '7.0': undefined, '7.3': '120 days', '8.3': 'never' });
const CLEANUP_PURGE_DEFAULT = new Timeline<string | undefined>({ '7.0': undefined, '7.3': '30 days' });
/** The user clean-up is read from 7.3 (rudder@7.3 RC:1002). */
const CLEANUP_READ = since('7.3');

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

/** What every key of the auth-backends plugin shares: Spring reads it through system properties (AppConfigAuth.scala:180-190). */
const PLUGIN_KEY = { read: ALWAYS, plugin: AUTH_BACKENDS, asObject: 'unset' as const };
const RADIUS_KEY = { ...PLUGIN_KEY, read: RADIUS_READ };

function oauth2Family(base: string, what: string): PropertyDef[] {
  return [
    { key: `${base}.registrations`, type: 'list', ...PLUGIN_KEY, doc: `Comma-separated ids of the ${what} registrations configured below.` },
    { key: `${base}.<reg>.client.secret`, type: 'secret', ...PLUGIN_KEY, secret: true, doc: `The client secret of this ${what} registration (hidden from the logs).` },
    ...OAUTH2_BOOLEANS.map<PropertyDef>((sub) => ({ key: `${base}.<reg>.${sub}`, type: 'boolean', default: fixed('false'), ...PLUGIN_KEY, doc: `${sub} of this ${what} registration.` })),
    { key: `${base}.<reg>.*`, type: 'string', ...PLUGIN_KEY, doc: `A setting of this ${what} registration (${OAUTH2_REGISTRATION_KEYS.join(', ')}).` },
  ];
}

/** Every key of rudder-web.properties this project knows about; exact keys first, then patterns, most specific first. */
export const PROPERTY_DEFS: readonly PropertyDef[] = [
  // AppConfigAuth.scala:662 catches only ConfigException.Missing: sub-keys stop the start.
  {
    key: P.provider,
    type: 'provider-list',
    read: ALWAYS,
    firstRead: '3.2',
    default: fixed('file'),
    asObject: 'start-fails',
    doc: 'Authentication providers, tried in this order (rootAdmin always comes first). Names are case-sensitive.',
  },
  // AppConfigAuth.scala:365-367: hasPath, then getString, no catch.
  { key: P.adminLogin, type: 'string', read: ALWAYS, asObject: 'start-fails', doc: 'Login of the root admin account, which bypasses every provider. Empty or unset: the account is disabled.' },
  {
    key: P.adminPassword,
    type: 'password-hash',
    read: ALWAYS,
    asObject: 'start-fails',
    secret: true,
    doc: 'Password of the root admin account: a bcrypt hash (or argon2id from 9.0). Empty or unset: the account is disabled.',
  },
  // rudder@9.1 RC:1157-1167: `catch { case ex: Exception => Full(30.minutes) }`.
  {
    key: P.idleTimeout,
    type: 'session-timeout',
    read: since('7.2'),
    firstRead: '7.2.3',
    default: fixed(IDLE_TIMEOUT_DEFAULT),
    doc: 'Inactivity timeout of web sessions (e.g. `30 minutes`, `1h`). Empty: no timeout. Anything unreadable: 30 minutes.',
  },
  // AppConfigAuth.scala:153-154: catches only ConfigException.Missing.
  {
    key: P.userRestToken,
    type: 'enum',
    values: FEATURE_SWITCH,
    lenient: true,
    read: since('8.1'),
    default: fixed('enabled'),
    asObject: 'start-fails',
    doc: 'Whether users may call the API with their own token (api-authorizations plugin).',
  },
  { key: P.otpEnforce, type: 'boolean', read: since('9.2'), default: fixed('false'), doc: 'Require the TOTP code at login for every user who has configured one.' },
  {
    key: 'rudder.auth.displayLoginForm',
    type: 'enum',
    values: ['show', 'hide', 'remove'],
    lenient: true,
    default: fixed('show'),
    ...PLUGIN_KEY,
    doc: 'Whether the login form is shown next to the OIDC/OAuth2 buttons.',
  },
  { key: P.ldapEnable, type: 'boolean', read: NEVER, lastRead: '3.1', doc: 'Obsolete: enabled LDAP up to Rudder 3.1. Use `ldap` in rudder.auth.provider.' },
  { key: P.ldapUrl, type: 'ldap-url', ...PLUGIN_KEY, doc: 'LDAP server URL, `ldaps://host:port/baseDN` (several URLs: separate them with spaces).' },
  { key: P.ldapBindDn, type: 'dn', ...PLUGIN_KEY, doc: 'DN Rudder binds with to search for users.' },
  { key: P.ldapBindPassword, type: 'secret', secret: true, ...PLUGIN_KEY, doc: 'Password of the bind DN (hidden from the logs).' },
  { key: P.ldapSearchBase, type: 'ldap-search-base', ...PLUGIN_KEY, doc: 'Where users are searched, relative to the base DN of the URL; empty: the base DN itself.' },
  { key: P.ldapFilter, type: 'ldap-filter', ...PLUGIN_KEY, doc: 'RFC 4515 filter that finds the user; `{0}` is the login as typed, e.g. `(&(uid={0})(objectclass=person))`.' },
  { key: 'rudder.auth.ldap.connection.derefLink', type: 'spring-boolean', default: fixed('false'), ...PLUGIN_KEY, doc: 'Follow LDAP referrals (needed for some Active Directory setups).' },
  { key: 'rudder.auth.radius.host.name', type: 'string', ...RADIUS_KEY, doc: 'IP or host name of the RADIUS server.' },
  { key: 'rudder.auth.radius.host.authPort', type: 'int', ...RADIUS_KEY, int: { min: 1, max: 65535 }, doc: 'Authentication port of the RADIUS server.' },
  { key: 'rudder.auth.radius.host.sharedSecret', type: 'secret', secret: true, ...RADIUS_KEY, doc: 'Secret shared with the RADIUS server (hidden from the logs).' },
  { key: 'rudder.auth.radius.auth.timeout', type: 'int', ...RADIUS_KEY, int: { min: 0 }, doc: 'Seconds to wait for the RADIUS server.' },
  { key: 'rudder.auth.radius.auth.retries', type: 'int', ...RADIUS_KEY, int: { min: 0 }, doc: 'Retries after a RADIUS timeout.' },
  { key: 'rudder.auth.radius.auth.protocol', type: 'string', ...RADIUS_KEY, doc: 'RADIUS protocol: pap (default), chap, eap-md5 or eap-ttls, with optional `:key=value` options.' },
  {
    key: P.bcryptCost,
    type: 'int',
    read: ALWAYS,
    firstRead: '6.1',
    default: fixed(String(BCRYPT_COST.DEFAULT)),
    int: { min: BCRYPT_COST.MIN, max: BCRYPT_COST.MAX, weakBelow: BCRYPT_COST.ERROR_BELOW, recommended: BCRYPT_COST.DEFAULT, floor: BCRYPT_COST_FLOOR },
    doc: 'bcrypt cost of the password hashes Rudder generates (4–31).',
  },
  {
    key: P.argon2Memory,
    type: 'int',
    read: since('9.0'),
    default: fixed(String(ARGON2_DEFAULT.memory)),
    int: { weakBelow: ARGON2_MIN.memory, floor: ARGON2_MEMORY_FLOOR, unit: 'KiB' },
    doc: 'argon2id memory of the password hashes Rudder generates, in KiB (at least 19456).',
  },
  {
    key: P.argon2Iterations,
    type: 'int',
    read: since('9.0'),
    default: fixed(String(ARGON2_DEFAULT.iterations)),
    int: { min: 1, weakBelow: ARGON2_MIN.iterations, floor: headFloor(ARGON2_MIN.iterations) },
    doc: 'argon2id iterations of the password hashes Rudder generates (at least 2).',
  },
  {
    key: P.argon2Parallelism,
    type: 'int',
    read: since('9.0'),
    default: fixed(String(ARGON2_DEFAULT.parallelism)),
    int: { min: ARGON2_MIN.parallelism, floor: headFloor(ARGON2_MIN.parallelism) },
    doc: 'argon2id parallelism of the password hashes Rudder generates (at least 1).',
  },
  // rudder@9.1 RC:927-942: `catch { case ex: ConfigException => false }`.
  { key: P.hsts, type: 'boolean', read: since('7.2'), firstRead: '7.2.3', default: fixed('false'), doc: 'Send Strict-Transport-Security (one year) so that browsers only use HTTPS.' },
  {
    key: P.hstsIncludeSubDomains,
    type: 'boolean',
    read: since('7.2'),
    firstRead: '7.2.3',
    default: fixed('false'),
    doc: 'Add includeSubDomains to the HSTS header (only with rudder.server.hsts=true).',
  },
  // rudder@9.1 RC:925: `config.getString("rudder.server.relay.api")`, no catch.
  { key: P.relayApi, type: 'url', read: ALWAYS, asObject: 'start-fails', doc: 'URL of the relay API of the root server.' },
  { key: 'rudder.server.certificate.validation', type: 'boolean', read: since('9.0'), default: fixed('false'), doc: 'Validate node↔server certificates against a PKI instead of key pinning.' },
  { key: 'rudder.server.certificate.httpsOnly', type: 'boolean', read: since('9.0'), default: fixed('false'), doc: 'Disable CFEngine network communications: HTTPS only.' },
  { key: 'rudder.server.certificate.ca.path', type: 'path', read: since('9.0'), default: fixed(''), doc: 'CA certificate file for certificate validation; empty: the system store.' },
  { key: 'rudder.server.certificate.additionalKeyHash', type: 'list', read: since('9.0'), default: fixed(''), doc: 'Extra trusted server key hashes, `sha256//…`, separated by `;`.' },
  {
    key: 'rudder.users.cleanup.cron',
    type: 'cron',
    read: CLEANUP_READ,
    default: new Timeline<string | undefined>({ '7.0': undefined, '7.3': '0 17 1 * * ?' }),
    doc: 'When the user clean-up runs: `sec min hour day-of-month month day-of-week`, or `@never`.',
  },
  { key: 'rudder.users.cleanup.account.disableAfterLastLogin', type: 'cleanup-duration', read: CLEANUP_READ, default: CLEANUP_DISABLE_DEFAULT, doc: 'Disable accounts that have not logged in for this long (a duration, or never).' },
  { key: 'rudder.users.cleanup.account.deleteAfterLastLogin', type: 'cleanup-duration', read: CLEANUP_READ, default: CLEANUP_DELETE_DEFAULT, doc: 'Mark disabled accounts deleted after this long without login (a duration, or never).' },
  { key: 'rudder.users.cleanup.purgeDeletedAfter', type: 'cleanup-duration', read: CLEANUP_READ, default: CLEANUP_PURGE_DEFAULT, doc: 'Purge the data of deleted users after this long (a duration, or never).' },
  { key: 'rudder.users.cleanup.sessions.purgeAfter', type: 'cleanup-duration', read: CLEANUP_READ, default: CLEANUP_PURGE_DEFAULT, doc: 'Purge session records after this long (a duration, or never).' },
  // AppConfigAuth.scala:204-211: an unknown value logs a WARN and uses the provider's default.
  {
    key: 'rudder.auth.<provider>.userRestToken',
    type: 'enum',
    values: FEATURE_SWITCH,
    lenient: true,
    read: since('8.1'),
    doc: 'User API tokens for the users of this provider; default: rudder.auth.userRestToken, but disabled for oidc and oauth2.',
  },
  ...oauth2Family('rudder.auth.oauth2.provider', 'OIDC/OAuth2'),
  ...oauth2Family('rudder.auth.oauth2.jwt.provider', 'JWT bearer-token'),
  ...oauth2Family('rudder.auth.oauth2.opaque.provider', 'opaque-token'),
];

/** Keys under these prefixes are checked: anything not in PROPERTY_DEFS is reported as unknown. */
export const CHECKED_PROPERTY_PREFIXES = ['rudder.auth.', 'rudder.server.', 'rudder.bcrypt.', 'rudder.argon2.', 'rudder.users.'] as const;

/** Other keys whose value Rudder masks in its logs (not auth-related, never checked, never shown). */
export const OTHER_MASKED_PROPERTIES = ['ldap.authpw', 'rudder.jdbc.password'] as const;

const EXACT_DEFS = new Map(PROPERTY_DEFS.filter((d) => !d.key.includes('<')).map((d) => [d.key, d]));
/**
 * The patterns by their literal start: `prefix<segment>rest`, where the segment has no dot and the rest is a
 * literal (`.client.secret`) or, for a pattern ending in `.*`, a dot and anything. A lookup is a few map
 * reads, not a regex per pattern (a file of 100,000 keys looks each of them up on every edit).
 */
interface PatternGroup {
  prefix: string;
  /** Index in PROPERTY_DEFS of the pattern with this literal rest. */
  rest: Map<string, number>;
  /** Index of the `.*` pattern, if any. */
  any?: number;
}

const PATTERN_GROUPS: PatternGroup[] = [];
PROPERTY_DEFS.forEach((d, index) => {
  const open = d.key.indexOf('<');
  if (open < 0) return;
  const close = d.key.indexOf('>', open);
  if (close < 0 || d.key.includes('<', close)) throw new Error(`property pattern ${d.key}: one <segment> expected`);
  const prefix = d.key.slice(0, open);
  let group = PATTERN_GROUPS.find((g) => g.prefix === prefix);
  if (!group) PATTERN_GROUPS.push((group = { prefix, rest: new Map() }));
  const rest = d.key.slice(close + 1);
  if (rest === '.*') group.any ??= index;
  else if (!group.rest.has(rest)) group.rest.set(rest, index);
});

/** The definition of a key: an exact key, else the first pattern that matches. Keys are case-sensitive. */
export function findPropertyDef(key: string): PropertyDef | undefined {
  const exact = EXACT_DEFS.get(key);
  if (exact) return exact;
  let first = -1;
  for (const g of PATTERN_GROUPS) {
    if (!key.startsWith(g.prefix)) continue;
    const dot = key.indexOf('.', g.prefix.length);
    const segmentEnd = dot < 0 ? key.length : dot;
    if (segmentEnd === g.prefix.length) continue;
    const literal = g.rest.get(key.slice(segmentEnd));
    if (literal !== undefined && (first < 0 || literal < first)) first = literal;
    if (g.any !== undefined && dot >= 0 && dot + 1 < key.length && (first < 0 || g.any < first)) first = g.any;
  }
  return first < 0 ? undefined : PROPERTY_DEFS[first];
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

/** A key name that says credential, misspelt or suffixed too: `pasword`, `passwd`, `pwd`, `secrt`, `secret2`, `token`… */
const LOOKS_LIKE_SECRET = /pa?s+w|pass|pwd|pw(?![a-z])|se?cre?t|token|credential|creds?(?![a-z])|private.?key|api.?key/i;

/**
 * A credential: never print its value. A key Rudder documents says for itself (an OAuth2 registration's
 * documented sub-keys included); any other key, misspelt secrets first, is one when its name looks like one.
 */
export function isSecretProperty(key: string): boolean {
  const def = findPropertyDef(key);
  if (def?.secret === true || (OTHER_MASKED_PROPERTIES as readonly string[]).includes(key)) return true;
  const documented = def !== undefined && (!def.key.endsWith('.*') || OAUTH2_REGISTRATION_KEYS.some((sub) => key.endsWith(`.${sub}`)));
  return !documented && LOOKS_LIKE_SECRET.test(key);
}

/** Whether this version reads the key at all. */
export function propertyReadBy(def: PropertyDef, v: RudderVersion): boolean {
  return def.read.at(v);
}

/** What the version applies when the key is missing. */
export function propertyDefault(def: PropertyDef, v: RudderVersion): string | undefined {
  return def.default?.at(v);
}

/** Whether a release after `v` reads the key (it is new), rather than only older ones (it is retired). */
export function propertyReadLater(def: PropertyDef, v: RudderVersion): boolean {
  const now = RELEASES.indexOf(releaseOf(v));
  return def.read.history().some((h) => h.value && RELEASES.indexOf(h.span.from) > now);
}

/** The releases that read the key ("Rudder 9.2+", "Rudder 7.3 and older"), or the last one that did, for a retired key. */
export function propertyReadLabel(def: PropertyDef): string {
  const span = def.read.history().find((h) => h.value)?.span;
  if (!span) return def.lastRead ? `Rudder ${def.lastRead} and older` : 'no Rudder version';
  return spanLabel(span);
}

/** Every default the key had while it was read, oldest first ("Rudder 7.3–8.0": "60 days"), for hovers and docs. */
export function propertyDefaultHistory(def: PropertyDef): { label: string; value: string }[] {
  return (def.default?.history() ?? []).filter((h) => h.value !== undefined && def.read.at(versionOf(h.span.from))).map((h) => ({ label: spanLabel(h.span), value: h.value! }));
}

/** What the patch releases of `v`'s line do with `n` under a floor: which use it, and which replace it with the default. */
export function floorOutcome(floor: Timeline<FloorHistory> | undefined, v: RudderVersion, n: number): { uses: string[]; replaces: string[] } {
  const steps = floor?.at(v) ?? NO_FLOOR;
  const replaced = (s: FloorStep) => s.replacesUpTo !== undefined && n <= s.replacesUpTo;
  return { uses: steps.filter((s) => !replaced(s)).map((s) => s.patches), replaces: steps.filter(replaced).map((s) => s.patches) };
}
