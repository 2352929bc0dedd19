/**
 * The grammar of rudder-users.xml (§2), what each release reads, tenants (§6). What it rewrites at start-up is
 * in `startup.ts`.
 *
 * Sources: RUDF = `RudderUserDetailsFile.scala` (rudder-rest `users/` from 8.2, rudder-web `bootstrap/liftweb/`
 * before); CUF = `rudder-web/.../checks/earlyconfig/db/CheckUsersFile.scala` (8.2.2+).
 */
import { between, since, until, type RudderVersion } from './releases';

/** What each release reads in rudder-users.xml, one timeline per behaviour. */
export const USERS_FILE = {
  /** `permissions` on `<user>`, read after `role` (rudder@7.3 RUDF `parseXml`). */
  permissionsAttribute: since('7.3'),
  /** `<custom-roles>` (rudder@7.3 `RudderRoles.resolveCustomRoles`). */
  customRoles: since('7.3'),
  /** An unknown item gives the whole user NoRights (rudder@6.1–7.2 `RoleToRights.parseRole`); from 7.3 it is dropped. */
  unknownItemVoidsUser: until('7.2'),
  /**
   * `role` is split like Java's `String.split(",")` (trailing empty strings removed) and each item trimmed,
   * blank items kept: one gives NoRights (rudder@7.2 RUDF:445, AUTHZ:272-273,294). From 7.3 blank items are dropped.
   */
  blankItemVoidsUser: until('7.2'),
  /**
   * Without the user-management plugin every role but `administrator` gives NoRights (rudder@7.2 RUDF:453-458,
   * rudder@8.1 `extendedAuthz=false`); the plugin moved to core in 8.2 (#24799).
   */
  rolesNeedPlugin: until('8.1'),
  /** `password` must be present (it may be empty) up to 7.2 (rudder@7.2 RUDF:447). */
  passwordRequired: until('7.2'),
  /**
   * Two users with the same exact name: 7.2 drops both (rudder@7.2 RUDF:160-166, `groupBy`, ERROR "Users with
   * duplicates username will be ignored"); other releases keep the last (`toMap`, rudder@9.2 RUDF:594).
   */
  exactDuplicatesDropAll: between('7.2', '7.2'),
  /** `case-sensitivity` is read from 7.2 (`RudderConfig.rudderUsernameCaseSensitive` in 7.2, RUDF after). */
  caseSensitivity: since('7.2'),
  /** `tenants` from 8.1 (`NodeSecurityContext.parseList`; `TenantAccessGrant.parseList` from 9.1). */
  tenants: since('8.1'),
  /** `id:r`, `id:rw`, `id:none` tenant suffixes from 9.2. */
  tenantPermissionSuffix: since('9.2'),
  /** From 8.2 the XML parser refuses any DOCTYPE (`XmlSafe`, `disallow-doctype-decl`). */
  doctypeRefused: since('8.2'),
  /**
   * Up to 8.1 the file is read with scala-xml 1.3.0's `XML.load` (rudder@8.1 RUDF:399-414, webapp/sources/pom.xml
   * `scala-xml-version`; scala-xml v1.3.0 `factory/XMLLoader.scala`: `SAXParserFactory.newInstance()` and
   * `setNamespaceAware(false)`, nothing else), so the JDK's parser applies the DOCTYPE's `<!ATTLIST>` as XML 1.0
   * §3.3 says: an absent attribute gets its default (`#FIXED` too), a value of a type other than CDATA has its
   * spaces trimmed and collapsed; scala-xml's `FactoryAdapter` keeps every attribute SAX delivers.
   */
  attributeDefaults: until('8.1'),
  /**
   * Same parser: the external DTD subset and the external parameter entities it references are fetched at every
   * load (the JDK's `load-external-dtd` is on by default, and `FactoryAdapter` resolves no entity itself), and so
   * is an external general entity referenced in content, whose text becomes part of the file (an XXE). One that
   * cannot be read throws (`FileNotFoundException`, caught as `Exception`: "An error occurred while parsing",
   * RUDF:407-411), so the whole file is rejected.
   */
  externalResourcesFetched: until('8.1'),
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

/** A tenant id with a permission suffix (`zoneA:r`), whatever the suffix. */
export function hasTenantSuffix(item: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9\-_]*:/.test(item);
}

// ---------------------------------------------------------------------------------------------------------
// Element and attribute names of rudder-users.xml (§2)

/**
 * Rudder's parser is namespace-unaware and scala-xml matches `\ "user"` on the local label, so `<x:user>` is a
 * user (C8; XmlSafe.scala:64). Attributes are read with `\ "@name"`, which matches unprefixed attributes only:
 * `x:name=` is not read.
 */
export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

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

/** The attributes of `<user>` this release reads. */
export function userAttributesRead(v: RudderVersion): string[] {
  return USERS_XML.userAttributes.filter((a) => (a !== 'permissions' || USERS_FILE.permissionsAttribute.at(v)) && (a !== 'tenants' || USERS_FILE.tenants.at(v)));
}
