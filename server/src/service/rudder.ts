/**
 * Everything this project knows about how Rudder reads its security configuration, in one place.
 *
 * Diagnostics, completion, hover, code actions and the CLI read this module; none of them hard-codes a role
 * name, a permission type or a hash rule. Sources: `../shared/rudder-spec.md` (section numbers in comments).
 */
import { closest } from './text';

// ---------------------------------------------------------------------------------------------------------
// Versions and eras

/** E1 ≤7.2 · E2 7.3–8.1 · E3 8.2–8.3 · E4 9.0+ (spec header). */
export type Era = 'E1' | 'E2' | 'E3' | 'E4';

export interface RudderVersion {
  major: number;
  minor: number;
}

/** The version `auto` assumes when the file gives no hint: the latest stable release. */
export const LATEST_STABLE: RudderVersion = { major: 9, minor: 1 };

/** Versions offered in settings and completion, oldest first. */
export const KNOWN_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '8.0', '8.1', '8.2', '8.3', '9.0', '9.1', '9.2'] as const;

export function parseVersion(text: string): RudderVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)\s*$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatVersion(v: RudderVersion): string {
  return `${v.major}.${v.minor}`;
}

export function compareVersions(a: RudderVersion, b: RudderVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function atLeast(v: RudderVersion, major: number, minor: number): boolean {
  return compareVersions(v, { major, minor }) >= 0;
}

export function eraOf(v: RudderVersion): Era {
  if (!atLeast(v, 7, 3)) return 'E1';
  if (!atLeast(v, 8, 2)) return 'E2';
  if (!atLeast(v, 9, 0)) return 'E3';
  return 'E4';
}

/** Human label of an era, used in messages ("on 9.x", "up to 7.2"). */
export function eraLabel(era: Era): string {
  switch (era) {
    case 'E1':
      return 'Rudder 7.2 and older';
    case 'E2':
      return 'Rudder 7.3–8.1';
    case 'E3':
      return 'Rudder 8.2–8.3';
    case 'E4':
      return 'Rudder 9.x';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Permissions (§3.2)

export type PermissionLevel = 'read' | 'write' | 'edit';
export const PERMISSION_LEVELS: readonly PermissionLevel[] = ['read', 'write', 'edit'];
/** Levels accepted after `type_`: `all` expands to read, write and edit. */
export const PERMISSION_LEVEL_TOKENS = ['read', 'write', 'edit', 'all'] as const;

export const LEVEL_DOCS: Record<(typeof PERMISSION_LEVEL_TOKENS)[number], string> = {
  read: 'view',
  write: 'create and delete',
  edit: 'modify existing items',
  all: 'read, write and edit',
};

/** Core authorization types, spelled as Rudder spells them (matching is case-insensitive). */
export const PERMISSION_TYPES = [
  'administration',
  'compliance',
  'configuration',
  'deployer',
  'deployment',
  'directive',
  'group',
  'node',
  'parameter',
  'rule',
  'technique',
  'validator',
  'userAccount',
] as const;
export type PermissionType = (typeof PERMISSION_TYPES)[number];

export const PERMISSION_TYPE_DOCS: Record<PermissionType, string> = {
  administration: 'the Administration pages (settings, plugins, API accounts)',
  compliance: 'compliance reports',
  configuration: 'the configuration tab as a whole',
  deployer: 'deploying change requests (change-validation plugin)',
  deployment: 'policy generation and deployment',
  directive: 'directives',
  group: 'node groups',
  node: 'nodes and their inventories',
  parameter: 'global parameters',
  rule: 'rules',
  technique: 'techniques',
  validator: 'validating change requests (change-validation plugin)',
  userAccount: "the user's own account (API token, preferences)",
};

/** Types that Rudder plugins are known to register; without the plugin the right is ignored. */
export const PLUGIN_PERMISSION_TYPES: Record<string, string> = {
  cve: 'the CVE (security) plugin',
  'system-update': 'the system-updates plugin',
};

/** A right as `type_level`, with the type in Rudder's canonical spelling. */
export type Right = string;
/** What a user or role grants: `any` (administrator) or a set of rights. */
export type Rights = { kind: 'any' } | { kind: 'set'; rights: Set<Right> };

function typeByLowercase(): Map<string, PermissionType> {
  return new Map(PERMISSION_TYPES.map((t) => [t.toLowerCase(), t]));
}
const TYPES_LC = typeByLowercase();

export type RightParse =
  | { kind: 'any' }
  | { kind: 'right'; type: PermissionType; rights: Right[] }
  /** Matches `type_level` with a valid level but an unregistered type (a plugin may define it). */
  | { kind: 'unknown-type'; type: string; level: string }
  /** Matches `type_level` with a known type but a level other than read/write/edit/all. */
  | { kind: 'bad-level'; type: PermissionType; level: string }
  | { kind: 'not-a-right' };

/**
 * Rudder's `parseRight`: lowercase, `any`, else split on the last `_`; the level must be read, write, edit or
 * all and the type a registered kind (case-insensitive). Inner spaces are not tolerated.
 */
export function parseRight(item: string): RightParse {
  const lc = item.toLowerCase();
  if (lc === 'any') return { kind: 'any' };
  const us = lc.lastIndexOf('_');
  if (us < 0) return { kind: 'not-a-right' };
  const typeLc = lc.slice(0, us);
  const level = lc.slice(us + 1);
  const type = TYPES_LC.get(typeLc);
  const levelOk = (PERMISSION_LEVEL_TOKENS as readonly string[]).includes(level);
  if (type && levelOk) {
    const levels = level === 'all' ? PERMISSION_LEVELS : [level as PermissionLevel];
    return { kind: 'right', type, rights: levels.map((l) => `${type}_${l}`) };
  }
  if (type) return { kind: 'bad-level', type, level: item.slice(us + 1) };
  if (levelOk && typeLc.length > 0) return { kind: 'unknown-type', type: item.slice(0, us), level };
  return { kind: 'not-a-right' };
}

// ---------------------------------------------------------------------------------------------------------
// Built-in roles (§3.1)

export interface BuiltinRole {
  name: string;
  /** One sentence for hover and completion. */
  doc: string;
  /** Rights in the given era; `any` for administrator, empty set for no_rights. */
  rights(era: Era): Rights;
  /** `no_rights` overrides every other item of a user's list. */
  overridesOthers?: boolean;
  /** How the role differed in older versions, for hover. */
  versionNote?: string;
}

const COMPLIANCE_NOTE = 'Up to 8.1 its compliance part also read techniques and parameters.';

const ALL_KINDS = (...types: PermissionType[]): Right[] =>
  types.flatMap((t) => PERMISSION_LEVELS.map((l) => `${t}_${l}`));
const USER_ACCOUNT = ALL_KINDS('userAccount');

/** compliance_* plus read on what compliance shows; ≤8.1 it also read techniques and parameters. */
function complianceKind(era: Era): Right[] {
  const reads = ['node', 'group', 'configuration', 'rule', 'directive'];
  if (era === 'E1' || era === 'E2') reads.push('technique', 'parameter');
  return [...ALL_KINDS('compliance'), ...reads.map((t) => `${t}_read`)];
}

const set = (...groups: Right[][]): Rights => ({ kind: 'set', rights: new Set(groups.flat()) });

/** Rights computed once per era: they are read for every item of every user. */
function perEra(compute: (era: Era) => Rights): (era: Era) => Rights {
  const byEra = new Map<Era, Rights>();
  return (era) => {
    let r = byEra.get(era);
    if (!r) byEra.set(era, (r = compute(era)));
    return r;
  };
}

const ROLE_DEFINITIONS: readonly BuiltinRole[] = [
  { name: 'administrator', doc: 'All rights, including those of plugins installed later.', rights: () => ({ kind: 'any' }) },
  {
    name: 'user',
    doc: 'Nodes, groups and the whole configuration (rules, directives, techniques, parameters).',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('node', 'group', 'configuration', 'rule', 'directive', 'technique', 'parameter')),
  },
  {
    name: 'administration_only',
    doc: 'The Administration pages only.',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('administration')),
  },
  {
    name: 'configuration',
    doc: 'The configuration tab: rules, directives, techniques and parameters.',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('configuration', 'rule', 'directive', 'technique', 'parameter')),
  },
  {
    name: 'read_only',
    doc: 'Read access to everything Rudder core knows.',
    rights: () => set(USER_ACCOUNT, PERMISSION_TYPES.map((t) => `${t}_read`)),
  },
  { name: 'compliance', doc: 'Compliance reports, and read access to what they show.', rights: (era) => set(USER_ACCOUNT, complianceKind(era)), versionNote: COMPLIANCE_NOTE },
  { name: 'inventory', doc: 'Read access to nodes and their inventories.', rights: () => set(USER_ACCOUNT, ['node_read']) },
  { name: 'rule_only', doc: 'Read access to the configuration and rules.', rights: () => set(USER_ACCOUNT, ['configuration_read', 'rule_read']) },
  {
    name: 'workflow',
    doc: 'Validate and deploy change requests (validator and deployer), plus compliance.',
    rights: (era) => set(USER_ACCOUNT, ALL_KINDS('validator', 'deployer'), complianceKind(era)), versionNote: COMPLIANCE_NOTE,
  },
  { name: 'validator', doc: 'Validate change requests, plus compliance.', rights: (era) => set(USER_ACCOUNT, ALL_KINDS('validator'), complianceKind(era)), versionNote: COMPLIANCE_NOTE },
  { name: 'deployer', doc: 'Deploy change requests, plus compliance.', rights: (era) => set(USER_ACCOUNT, ALL_KINDS('deployer'), complianceKind(era)), versionNote: COMPLIANCE_NOTE },
  {
    name: 'no_rights',
    doc: 'No rights at all. Listed anywhere in a user, it overrides every other role.',
    rights: () => ({ kind: 'set', rights: new Set() }),
    overridesOthers: true,
  },
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = ROLE_DEFINITIONS.map((r) => ({ ...r, rights: perEra(r.rights) }));

const ROLES_LC = new Map(BUILTIN_ROLES.map((r) => [r.name.toLowerCase(), r]));

/** Case-insensitive lookup, as Rudder's role registry does. */
export function builtinRole(name: string): BuiltinRole | undefined {
  return ROLES_LC.get(name.toLowerCase());
}

/** The one role that works without the user-management plugin in 7.3–8.1 (§3.3). */
export const PLUGIN_FREE_ROLE = 'administrator';
/** The special role that wins over everything else in a user's list. */
export const NO_RIGHTS_ROLE = 'no_rights';

/** Custom role names Rudder reserves (§3.4): `any` and anything containing `_`. */
export function isReservedCustomRoleName(name: string): boolean {
  const lc = name.toLowerCase();
  return lc === 'any' || lc.includes('_');
}

export function rightsToList(r: Rights): string[] {
  return r.kind === 'any' ? ['any'] : [...r.rights].sort();
}

export function unionRights(a: Rights, b: Rights): Rights {
  if (a.kind === 'any' || b.kind === 'any') return { kind: 'any' };
  return { kind: 'set', rights: new Set([...a.rights, ...b.rights]) };
}

export const NO_RIGHTS: Rights = { kind: 'set', rights: new Set() };

// ---------------------------------------------------------------------------------------------------------
// Features per era

/** Which eras read what. */
export const FEATURES = {
  /** `permissions` on `<user>` and `<custom-roles>` exist from 7.3 (E2). */
  permissionsAttribute: (era: Era) => era !== 'E1',
  customRoles: (era: Era) => era !== 'E1',
  /** An unknown item makes the whole user no_rights up to 7.2; only that item is dropped since 7.3. */
  unknownRoleVoidsUser: (era: Era) => era === 'E1',
  /** 7.3–8.1: roles other than administrator, and custom roles, need the user-management plugin. */
  rolesNeedPlugin: (era: Era) => era === 'E2',
  /** `password` is a required attribute only up to 7.2. */
  passwordRequired: (era: Era) => era === 'E1',
  /** `case-sensitivity` is read from 7.2. */
  caseSensitivity: (v: RudderVersion) => atLeast(v, 7, 2),
  /** `tenants` is read from 8.1. */
  tenants: (v: RudderVersion) => atLeast(v, 8, 1),
  /** `id:r`, `id:rw`, `id:none` tenant suffixes from 9.2. */
  tenantPermissionSuffix: (v: RudderVersion) => atLeast(v, 9, 2),
  /** Up to 8.1 the root `hash` picks one verifier for every password of the file; from 8.2 it is per password. */
  oneVerifierPerFile: (era: Era) => era === 'E1' || era === 'E2',
  /** `unsafe-hashes` is read only in 8.2–8.3. */
  unsafeHashes: (era: Era) => era === 'E3',
  /** From 8.2 the XML parser refuses any DOCTYPE (XmlSafe). */
  doctypeRefused: (era: Era) => era === 'E3' || era === 'E4',
};

// ---------------------------------------------------------------------------------------------------------
// Hashes (§4)

export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';
export type HashAlgorithm = DigestAlgorithm | 'bcrypt' | 'argon2id';
/** What the root `hash` attribute selects: an algorithm, or plain-text comparison (E1/E2 only). */
export type HashSetting = HashAlgorithm | 'plain';

export const DIGEST_HEX_LENGTH: Record<DigestAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const DIGEST_BY_LENGTH = new Map<number, DigestAlgorithm>(
  (Object.keys(DIGEST_HEX_LENGTH) as DigestAlgorithm[]).map((a) => [DIGEST_HEX_LENGTH[a], a]),
);
export const LEGACY_DIGESTS: readonly DigestAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];
/** Hex strings shorter than an MD5 digest are typed passwords (`1234`), not truncated digests. */
const SHORTEST_DIGEST = DIGEST_HEX_LENGTH.md5;

export function isDigest(a: HashSetting): a is DigestAlgorithm {
  return (LEGACY_DIGESTS as readonly string[]).includes(a);
}

export const HASH_DISPLAY: Record<HashSetting, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  bcrypt: 'bcrypt',
  argon2id: 'argon2id',
  plain: 'plain text',
};

/** Root `hash` values each era recognises (lowercase; matching is case-insensitive, never trimmed). */
const HASH_VALUES: Record<Era, Record<string, HashSetting>> = {
  E1: { md5: 'md5', sha: 'sha1', sha1: 'sha1', sha256: 'sha256', 'sha-256': 'sha256', sha512: 'sha512', 'sha-512': 'sha512', bcrypt: 'bcrypt' },
  E2: {
    md5: 'md5',
    sha: 'sha1',
    sha1: 'sha1',
    sha256: 'sha256',
    'sha-256': 'sha256',
    sha512: 'sha512',
    'sha-512': 'sha512',
    bcrypt: 'bcrypt',
    plain: 'plain',
  },
  E3: {
    md5: 'md5',
    sha: 'sha1',
    sha1: 'sha1',
    'sha-1': 'sha1',
    sha256: 'sha256',
    'sha-256': 'sha256',
    sha512: 'sha512',
    'sha-512': 'sha512',
    bcrypt: 'bcrypt',
  },
  E4: { bcrypt: 'bcrypt', argon2id: 'argon2id' },
};

/** What Rudder uses when `hash` is missing, empty or unknown (§4.1 last row). */
export const HASH_FALLBACK: Record<Era, HashSetting> = { E1: 'plain', E2: 'bcrypt', E3: 'bcrypt', E4: 'argon2id' };

/** `hash` values to offer, modern first. */
export function hashValuesFor(era: Era): string[] {
  const order = ['argon2id', 'bcrypt', 'sha512', 'sha-512', 'sha256', 'sha-256', 'sha1', 'sha-1', 'sha', 'md5', 'plain'];
  return order.filter((v) => v in HASH_VALUES[era]);
}

export interface HashAttributeMeaning {
  setting: HashSetting;
  /** False when the value is not recognised and Rudder falls back to `HASH_FALLBACK`. */
  recognised: boolean;
}

export function interpretHashAttribute(value: string | undefined, era: Era): HashAttributeMeaning {
  const known = value === undefined ? undefined : HASH_VALUES[era][value.toLowerCase()];
  return known ? { setting: known, recognised: true } : { setting: HASH_FALLBACK[era], recognised: false };
}

/** A legacy (unsalted digest) `hash` value in the era's table: used by `auto` to infer ≤8.1. */
export function isLegacyHashValue(value: string): boolean {
  const v = value.toLowerCase();
  return ['md5', 'sha', 'sha1', 'sha-1', 'sha256', 'sha-256', 'sha512', 'sha-512'].includes(v);
}

/** Shape of a stored `password` value, independent of era. */
export type PasswordShape =
  | { kind: 'empty' }
  | { kind: 'bcrypt'; cost?: number; valid: boolean; problem?: string }
  | { kind: 'argon2id'; valid: boolean; memory?: number; iterations?: number; parallelism?: number; problem?: string }
  | { kind: 'argon2-other'; variant: string }
  | { kind: 'hex'; length: number; algorithm?: DigestAlgorithm; uppercase: boolean }
  | { kind: 'other' };

/** BouncyCastle OpenBSDBCrypt rules (§4.2): what `checkPassword` accepts. */
export function checkBcrypt(value: string): { cost?: number; valid: boolean; problem?: string } {
  const m = /^\$(2[abxy]?)\$/.exec(value);
  if (!m) return { valid: false, problem: 'it does not start with $2a$, $2b$, $2x$, $2y$ or $2$' };
  const prefixLen = m[0].length;
  const expectedLength = m[1] === '2' ? 59 : 60;
  const costText = value.slice(prefixLen, prefixLen + 2);
  const cost = /^\d\d$/.test(costText) ? Number(costText) : undefined;
  if (cost === undefined || value[prefixLen + 2] !== '$') return { valid: false, problem: 'the cost must be two digits followed by $' };
  if (cost < 4 || cost > 31) return { cost, valid: false, problem: `cost ${cost} is outside 04–31` };
  if (value.length !== expectedLength) return { cost, valid: false, problem: `it has ${value.length} characters instead of ${expectedLength}` };
  if (!/^[./A-Za-z0-9]{53}$/.test(value.slice(prefixLen + 3))) return { cost, valid: false, problem: 'the salt and hash must be 53 characters of [./A-Za-z0-9]' };
  return { cost, valid: true };
}

const ARGON2ID = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;

export function classifyPassword(value: string): PasswordShape {
  if (value.trim() === '') return { kind: 'empty' };
  if (/^\$2[abxy]?\$.+/.test(value)) return { kind: 'bcrypt', ...checkBcrypt(value) };
  if (value.startsWith('$argon2id')) {
    const m = ARGON2ID.exec(value);
    if (!m) return { kind: 'argon2id', valid: false, problem: 'it does not match $argon2id$v=…$m=…,t=…,p=…$salt$hash' };
    return { kind: 'argon2id', valid: true, memory: Number(m[2]), iterations: Number(m[3]), parallelism: Number(m[4]) };
  }
  const other = /^\$(argon2(?:i|d))\$/.exec(value);
  if (other) return { kind: 'argon2-other', variant: other[1] };
  if (/^[a-fA-F0-9]+$/.test(value) && value.length >= SHORTEST_DIGEST) {
    return { kind: 'hex', length: value.length, algorithm: DIGEST_BY_LENGTH.get(value.length), uppercase: /[A-F]/.test(value) };
  }
  return { kind: 'other' };
}

/** bcrypt cost floors: below ERROR_BELOW is an error, below INFO_BELOW worth knowing. */
export const BCRYPT_COST = { ERROR_BELOW: 10, INFO_BELOW: 12, DEFAULT: 12, MIN: 4, MAX: 31 } as const;
/** bcrypt only uses the first 72 bytes (UTF-8) of a password. */
export const BCRYPT_MAX_BYTES = 72;
/** argon2id floors (Rudder's `rudder.argon2.*` checks, OWASP's minimum). */
export const ARGON2_MIN = { memory: 19456, iterations: 2, parallelism: 1 } as const;
/** What Rudder 9.x generates by default. */
export const ARGON2_DEFAULT = { memory: 131072, iterations: 3, parallelism: 1 } as const;

/** The value admins write for users who log in through LDAP/OIDC (§2.2). */
export const LDAP_PASSWORD_CONVENTION = 'LDAP';
/** Authentication providers that authenticate users elsewhere, so a file password is not used. */
export const EXTERNAL_AUTH_PROVIDERS = ['ldap', 'oidc', 'oauth2', 'radius'] as const;

// ---------------------------------------------------------------------------------------------------------
// Tenants (§6)

export const TENANT_ALL = '*';
export const TENANT_NONE = '-';
/** ASCII alphanumeric first, then alphanumerics, `-` or `_`; 9.2 adds an optional `:r|:rw|:none` suffix. */
export function isValidTenantId(item: string, withSuffix: boolean): boolean {
  const m = /^([A-Za-z0-9][A-Za-z0-9\-_]*)(?::(.*))?$/.exec(item);
  if (!m) return false;
  if (m[2] === undefined) return true;
  return withSuffix && ['r', 'rw', 'none'].includes(m[2].toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// Element and attribute names of rudder-users.xml (§2)

export const USERS_XML = {
  root: 'authentication',
  user: 'user',
  customRoles: 'custom-roles',
  role: 'role',
  rootAttributes: ['hash', 'case-sensitivity', 'unsafe-hashes'],
  userAttributes: ['name', 'password', 'permissions', 'role', 'tenants'],
  roleAttributes: ['name', 'permissions'],
  /** Read by nothing in any version, although Rudder's own comments mention it. */
  ignoredRolesAttribute: 'roles',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Properties of rudder-web.properties (§7)

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
const AUTH_BACKENDS = 'auth-backends';
const RADIUS_UNTIL = '7.3';
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

function versionOf(text: string): RudderVersion {
  const [major, minor] = text.split('.').map(Number);
  return { major, minor: minor ?? 0 };
}

/** Whether this version reads the key at all (`since`/`until`, compared on X.Y). */
export function propertyReadBy(def: PropertyDef, v: RudderVersion): boolean {
  if (def.since && compareVersions(v, versionOf(def.since)) < 0) return false;
  return !(def.until && compareVersions(v, versionOf(def.until)) > 0);
}

/** What the version applies when the key is missing. */
export function propertyDefault(def: PropertyDef, v: RudderVersion): string | undefined {
  if (def.defaultBefore && compareVersions(v, versionOf(def.defaultBefore.version)) < 0) return def.defaultBefore.value;
  return def.default;
}

// Authentication providers (§7 rudder.auth.provider)

export interface AuthProviderDef {
  name: string;
  doc: string;
  plugin?: string;
  /** Last version with a plugin that provides it. */
  until?: string;
}

/** `rootAdmin` is always tried first, whatever the list says; writing it is harmless. */
export const ROOT_ADMIN_PROVIDER = 'rootAdmin';
export const AUTH_PROVIDERS: readonly AuthProviderDef[] = [
  { name: 'file', doc: 'users and passwords of rudder-users.xml' },
  { name: ROOT_ADMIN_PROVIDER, doc: 'the root admin account of rudder.auth.admin.login/password, always tried first' },
  { name: 'ldap', plugin: AUTH_BACKENDS, doc: 'an LDAP or Active Directory server (rudder.auth.ldap.*)' },
  { name: 'oidc', plugin: AUTH_BACKENDS, doc: 'OpenID Connect (rudder.auth.oauth2.provider.*)' },
  { name: 'oauth2', plugin: AUTH_BACKENDS, doc: 'OAuth2 (rudder.auth.oauth2.provider.*)' },
  { name: 'radius', plugin: AUTH_BACKENDS, until: RADIUS_UNTIL, doc: 'a RADIUS server (rudder.auth.radius.*), 7.x plugin only' },
];
/** The provider names whose `rudder.auth.<provider>.userRestToken` defaults to disabled. */
export const REST_TOKEN_DISABLED_PROVIDERS = ['oidc', 'oauth2'] as const;
export const LDAP_PROVIDER = 'ldap';

export function authProvidersFor(v: RudderVersion): AuthProviderDef[] {
  return AUTH_PROVIDERS.filter((p) => !p.until || compareVersions(v, versionOf(p.until)) <= 0);
}

/** `rudder.auth.provider` as Rudder splits it: on commas, each item trimmed, empty items dropped. */
export function splitProviderList(value: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  let from = 0;
  for (const part of value.split(',')) {
    const lead = part.length - part.trimStart().length;
    const name = part.trim();
    if (name) out.push({ name, start: from + lead, end: from + lead + name.length });
    from += part.length + 1;
  }
  return out;
}

// Value readers: what Typesafe Config, Scala and cron4s accept

/** Typesafe Config booleans: exactly these tokens, case-sensitive, not trimmed. */
export const BOOLEAN_TOKENS = { true: ['true', 'yes', 'on'], false: ['false', 'no', 'off'] } as const;
/** The booleans of rudder-users.xml attributes (`case-sensitivity`, `unsafe-hashes`; any case). */
export const XML_BOOLEAN_TOKENS = { true: ['true'], false: ['false'] } as const;
/** What admins write for a boolean, beyond the tokens a reader accepts. */
const BOOLEAN_ALIASES = { true: ['yes', 'on', '1', 'y', 'enabled'], false: ['no', 'off', '0', 'n', 'disabled'] };

/** The accepted token nearest to `value`: itself (trimmed, any case), the meaning of a known alias, or the closest spelling. */
export function nearestBooleanToken(value: string, accepted: { true: readonly string[]; false: readonly string[] }): string {
  const v = value.trim().toLowerCase();
  const all = [...accepted.true, ...accepted.false];
  const exact = all.find((t) => t === v);
  if (exact) return exact;
  if (BOOLEAN_ALIASES.true.includes(v)) return accepted.true[0];
  if (BOOLEAN_ALIASES.false.includes(v)) return accepted.false[0];
  return closest(v, all, 1)[0] ?? accepted.true[0];
}
const SPRING_BOOLEAN_TOKENS = { true: ['true', 'on', 'yes', '1'], false: ['false', 'off', 'no', '0'] } as const;

export function parseConfigBoolean(value: string): boolean | undefined {
  if ((BOOLEAN_TOKENS.true as readonly string[]).includes(value)) return true;
  return (BOOLEAN_TOKENS.false as readonly string[]).includes(value) ? false : undefined;
}

export function parseSpringBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if ((SPRING_BOOLEAN_TOKENS.true as readonly string[]).includes(v)) return true;
  return (SPRING_BOOLEAN_TOKENS.false as readonly string[]).includes(v) ? false : undefined;
}

/** Typesafe `getInt` on a string: `Long.parseLong`, else `Double.parseDouble` (trimmed) truncated; int range. */
export function parseConfigInt(value: string): number | undefined {
  let n: number | undefined;
  if (/^[+-]?\d+$/.test(value)) n = Number(value);
  else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(value.trim())) n = Math.trunc(parseFloat(value.trim()));
  return n !== undefined && n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** Scala `Duration` unit labels: the first of each list has no plural, the others also take an `s`. */
export const DURATION_UNITS: readonly { labels: readonly string[]; ms: number }[] = [
  { labels: ['d', 'day'], ms: 86_400_000 },
  { labels: ['h', 'hr', 'hour'], ms: 3_600_000 },
  { labels: ['m', 'min', 'minute'], ms: 60_000 },
  { labels: ['s', 'sec', 'second'], ms: 1000 },
  { labels: ['ms', 'milli', 'millisecond'], ms: 1 },
  { labels: ['µs', 'micro', 'microsecond'], ms: 1e-3 },
  { labels: ['ns', 'nano', 'nanosecond'], ms: 1e-6 },
];
const DURATION_UNIT_MS = new Map(DURATION_UNITS.flatMap((u) => u.labels.flatMap((l, i) => (i === 0 ? [[l, u.ms] as const] : [[l, u.ms] as const, [`${l}s`, u.ms] as const]))));
/** Scala `Duration.apply` also reads these (white space removed first). */
export const DURATION_INFINITE = { positive: ['Inf', 'PlusInf', '+Inf'], negative: ['MinusInf', '-Inf'] } as const;
/** Scala durations hold at most 2^63-1 nanoseconds. */
const MAX_DURATION_MS = (2 ** 63 - 1) / 1e6;
/** What `rudder.auth.idle-timeout` falls back to, silently, when it cannot be read (and when it is missing). */
export const IDLE_TIMEOUT_FALLBACK_MS = 30 * 60_000;

export type ScalaDuration = { kind: 'finite'; ms: number } | { kind: 'infinite'; negative: boolean };

/**
 * `scala.concurrent.duration.Duration(s)`: white space is removed, the unit is the trailing run of letters
 * (case-sensitive), the number is read by `Double.parseDouble`. `never` is not a duration.
 */
export function parseScalaDuration(text: string): ScalaDuration | undefined {
  const s = [...text].filter((c) => !isJavaWhitespace(c)).join('');
  if ((DURATION_INFINITE.positive as readonly string[]).includes(s)) return { kind: 'infinite', negative: false };
  if ((DURATION_INFINITE.negative as readonly string[]).includes(s)) return { kind: 'infinite', negative: true };
  const unit = /\p{L}*$/u.exec(s)?.[0] ?? '';
  const factor = DURATION_UNIT_MS.get(unit);
  const number = s.slice(0, s.length - unit.length);
  if (factor === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(number)) return undefined;
  const ms = Number(number) * factor;
  return Math.abs(ms) <= MAX_DURATION_MS ? { kind: 'finite', ms } : undefined;
}

/** `Character.isWhitespace`: Unicode spaces except the no-break ones, plus the ASCII controls 9–13 and 28–31. */
function isJavaWhitespace(c: string): boolean {
  if (c === '\u00a0' || c === '\u2007' || c === '\u202f') return false;
  return /[\s\u001c-\u001f]/u.test(c);
}

/** `rudder.users.cleanup.*` also read `never` (any case) from 8.0; 7.3 only reads durations. */
export const CLEANUP_NEVER = 'never';
export const CLEANUP_NEVER_SINCE: RudderVersion = { major: 8, minor: 0 };
/** `rudder.users.cleanup.cron`: this value (any case) disables the job. */
export const CRON_DISABLED = '@never';

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** cron4s fields: name, bounds, names accepted as values, whether `?` is allowed. */
const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: string[]; any?: boolean }[] = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, any: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES, any: true },
  { name: 'year', min: 1970, max: 2099 },
];

/**
 * Checks a cron4s expression as Rudder reads `rudder.users.cleanup.cron` (lowercased first): six fields
 * `sec min hour day-of-month month day-of-week` (an optional seventh, the year, is tolerated) with `*`, `?`,
 * ranges, lists and `/step`, or `@never`. Returns what is wrong, or undefined.
 */
export function cronProblem(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v === CRON_DISABLED) return undefined;
  const fields = v === '' ? [] : v.split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    const five = fields.length === 5 ? '; a Unix crontab has 5, this one starts with the seconds' : '';
    return `${fields.length} field(s) instead of 6, seconds minutes hours day-of-month month day-of-week${five}`;
  }
  for (let i = 0; i < fields.length; i++) {
    const problem = cronFieldProblem(fields[i], CRON_FIELDS[i]);
    if (problem) return `${CRON_FIELDS[i].name} '${fields[i]}': ${problem}`;
  }
  return undefined;
}

function cronFieldProblem(field: string, spec: (typeof CRON_FIELDS)[number]): string | undefined {
  if (field === '?') return spec.any ? undefined : '? is only allowed for the day of month or the day of week';
  const [base, step, extra] = field.split('/');
  if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)) || step === '0') return 'a step is written /N with N ≥ 1';
  if (base === '*') return undefined;
  for (const item of base.split(',')) {
    const bounds = item.split('-');
    if (bounds.length > 2) return `'${item}' is not a value or a range`;
    for (const b of bounds) {
      const value = cronValue(b, spec);
      if (value === undefined) return `'${b}' is not a number${spec.names ? ' or a name' : ''}`;
      if (value < spec.min || value > spec.max) return `${b} is outside ${spec.min}–${spec.max}`;
    }
  }
  return undefined;
}

/** A number, or a name counted from the field's minimum (jan = 1, mon = 0). */
function cronValue(text: string, spec: (typeof CRON_FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = spec.names?.indexOf(text) ?? -1;
  return i < 0 ? undefined : spec.min + i;
}

/** `rudder.auth.admin.password`: which stored values this era verifies as a hash (§4.2 last bullet). */
export function adminPasswordVerifier(shape: PasswordShape, value: string, era: Era): 'bcrypt' | 'argon2id' | 'plain' | 'unverifiable' {
  if (era === 'E1' || era === 'E2') return value.startsWith('$2y$') ? 'bcrypt' : 'plain';
  if (shape.kind === 'bcrypt') return 'bcrypt';
  if (shape.kind === 'argon2id' && era === 'E4') return 'argon2id';
  return 'unverifiable';
}
