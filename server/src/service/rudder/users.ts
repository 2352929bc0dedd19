/** The grammar of rudder-users.xml (§2), what each era reads, tenants (§6). */
import { atLeast, type Era, type RudderVersion } from './releases';

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
  caseSensitivity: (v: RudderVersion) => atLeast(v, '7.2'),
  /** `tenants` is read from 8.1. */
  tenants: (v: RudderVersion) => atLeast(v, '8.1'),
  /** `id:r`, `id:rw`, `id:none` tenant suffixes from 9.2. */
  tenantPermissionSuffix: (v: RudderVersion) => atLeast(v, '9.2'),
  /** Up to 8.1 the root `hash` picks one verifier for every password of the file; from 8.2 it is per password. */
  oneVerifierPerFile: (era: Era) => era === 'E1' || era === 'E2',
  /** `unsafe-hashes` is read only in 8.2–8.3. */
  unsafeHashes: (era: Era) => era === 'E3',
  /** From 8.2 the XML parser refuses any DOCTYPE (XmlSafe). */
  doctypeRefused: (era: Era) => era === 'E3' || era === 'E4',
};

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
