/**
 * Everything this project knows about how Rudder reads its security configuration, in one place.
 *
 * Diagnostics, completion, hover, code actions and the CLI read this module; none of them hard-codes a role
 * name, a permission type or a hash rule. Sources: `../shared/rudder-spec.md` (section numbers in comments).
 */

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
}

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

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
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
  { name: 'compliance', doc: 'Compliance reports, and read access to what they show.', rights: (era) => set(USER_ACCOUNT, complianceKind(era)) },
  { name: 'inventory', doc: 'Read access to nodes and their inventories.', rights: () => set(USER_ACCOUNT, ['node_read']) },
  { name: 'rule_only', doc: 'Read access to the configuration and rules.', rights: () => set(USER_ACCOUNT, ['configuration_read', 'rule_read']) },
  {
    name: 'workflow',
    doc: 'Validate and deploy change requests (validator and deployer), plus compliance.',
    rights: (era) => set(USER_ACCOUNT, ALL_KINDS('validator', 'deployer'), complianceKind(era)),
  },
  { name: 'validator', doc: 'Validate change requests, plus compliance.', rights: (era) => set(USER_ACCOUNT, ALL_KINDS('validator'), complianceKind(era)) },
  { name: 'deployer', doc: 'Deploy change requests, plus compliance.', rights: (era) => set(USER_ACCOUNT, ALL_KINDS('deployer'), complianceKind(era)) },
  {
    name: 'no_rights',
    doc: 'No rights at all. Listed anywhere in a user, it overrides every other role.',
    rights: () => ({ kind: 'set', rights: new Set() }),
    overridesOthers: true,
  },
];

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
