/**
 * Rules are data: a stable id (the diagnostic `code`, part of the public contract), a default severity, a
 * one-line summary and an anchor in `docs/rules.md`. A setting `rudder.rules.<id>` overrides the severity.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleLevel = Severity | 'off';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];

export type FileKind = 'users' | 'properties';

export interface RuleDef {
  /** The file kind the rule is about; `both` for rules about any document. */
  file: FileKind | 'both';
  /** Severity when the finding does not choose one itself (some rules depend on the era or a threshold). */
  severity: Severity;
  summary: string;
}

/** Where `docs/rules.md` is published; each rule is a heading whose anchor is its id. */
export const RULES_DOC_URL = 'https://github.com/rudder-tooling/rudder-security-config/blob/main/docs/rules.md';

/** The rule's section of docs/rules.md at `doc` (the published one, or a copy the server found beside itself). */
export function ruleDocUrl(id: RuleId, doc: string = RULES_DOC_URL): string {
  return `${doc}#${id}`;
}

/**
 * Every rule, by id. The id is the type `RuleId`: a finding, a setting or a code action that names a rule that
 * does not exist does not compile.
 */
const RULE_TABLE = {
  'xml-syntax': { file: 'users', severity: 'error', summary: 'The file is not well-formed XML: Rudder rejects the whole file.' },
  'doctype-forbidden': { file: 'users', severity: 'error', summary: 'A DOCTYPE: Rudder rejects the whole file (or will, after an upgrade).' },
  'dtd-attribute-default': { file: 'users', severity: 'information', summary: 'An <!ATTLIST> of the DOCTYPE gives elements attributes they do not write, or reshapes their values.' },
  'dtd-external-resource': { file: 'users', severity: 'error', summary: 'The DOCTYPE makes Rudder fetch a file or URL at every load: the file is rejected when it fails.' },
  'dtd-not-modelled': { file: 'users', severity: 'warning', summary: 'The DOCTYPE brings elements or declarations that Rudder reads and this tool does not show.' },
  'root-element': { file: 'users', severity: 'error', summary: 'The root element must be a single <authentication>: otherwise Rudder rejects the file.' },
  'startup-rewrite': { file: 'users', severity: 'information', summary: 'What Rudder rewrites in the file at start-up, before it reads it.' },
  'unknown-hash-algorithm': { file: 'users', severity: 'warning', summary: 'The hash attribute names an algorithm this Rudder version does not know: it falls back to its default.' },
  'missing-hash-attribute': { file: 'users', severity: 'information', summary: 'No hash attribute: what Rudder assumes depends on the version.' },
  'plaintext-password': { file: 'users', severity: 'error', summary: 'The password is not a hash Rudder can verify: it is readable in clear, or login is impossible.' },
  'weak-hash': { file: 'users', severity: 'warning', summary: 'An unsalted MD5/SHA digest: weak where it is accepted, login impossible where it is not.' },
  'hash-mismatch': { file: 'users', severity: 'error', summary: 'The password does not have the shape of the algorithm Rudder verifies it with: login is impossible.' },
  'uppercase-hex-digest': { file: 'users', severity: 'error', summary: 'Rudder compares lowercase hex: an uppercase digest never matches.' },
  'bcrypt-malformed': { file: 'users', severity: 'error', summary: 'A bcrypt hash that BouncyCastle rejects: login is impossible.' },
  'bcrypt-low-cost': { file: 'users', severity: 'warning', summary: 'A bcrypt cost below 10 works but is weak (warning); below the target cost, information.' },
  'bcrypt-long-password': { file: 'users', severity: 'warning', summary: 'A plain-text password over 72 bytes: bcrypt ignores everything after the 72nd byte.' },
  'argon2-unsupported': { file: 'users', severity: 'error', summary: 'An argon2 string this Rudder version cannot verify or decode: login is impossible.' },
  'argon2-weak-params': { file: 'users', severity: 'warning', summary: 'argon2id parameters below the recommended minimum (m=19456, t=2, p=1); t=0 or p=0 never verify.' },
  'unsafe-hashes-enabled': { file: 'users', severity: 'warning', summary: 'unsafe-hashes="true" keeps unsalted digests valid.' },
  'unsafe-hashes-obsolete': { file: 'users', severity: 'information', summary: 'unsafe-hashes is not read by this version (and removed at start-up by the newest).' },
  'invalid-boolean-attribute': { file: 'users', severity: 'warning', summary: 'case-sensitivity and unsafe-hashes accept only true or false: anything else gives the default.' },
  'empty-user-name': { file: 'users', severity: 'error', summary: 'A user without a name is dropped.' },
  'user-name-whitespace': { file: 'users', severity: 'error', summary: 'A user name with leading or trailing white space: the login form trims it, so it never matches.' },
  'no-login-provider': { file: 'users', severity: 'error', summary: 'The sibling rudder.auth.provider loads no provider for this file: none of its users can log in.' },
  'missing-password': { file: 'users', severity: 'warning', summary: 'No usable password: Rudder sets a random one, so only LDAP/OIDC login works.' },
  'duplicate-user': { file: 'users', severity: 'warning', summary: 'Two users with the same name: the last one wins (or, in one release, both are dropped).' },
  'case-collision': { file: 'users', severity: 'warning', summary: 'User names equal but for case: with case-sensitivity="false" all of them are dropped.' },
  'unknown-role': { file: 'users', severity: 'warning', summary: 'A role or permission Rudder does not know: the item is ignored (error when the user is left with no rights).' },
  'unknown-permission-type': { file: 'users', severity: 'warning', summary: 'A permission type not in Rudder core: ignored unless a plugin defines it.' },
  'invalid-permission-level': { file: 'users', severity: 'warning', summary: 'A permission level other than read, write, edit or all: the item is ignored.' },
  'no-rights-overrides': { file: 'users', severity: 'error', summary: 'no_rights overrides every other role of the user: no rights at all.' },
  'roles-attribute-ignored': { file: 'users', severity: 'warning', summary: 'An attribute this version never reads for roles (roles=, or permissions= in the oldest releases).' },
  'unknown-attribute': { file: 'users', severity: 'warning', summary: 'An attribute Rudder does not read on <user> or <role> (a typo like pasword=): silently ignored.' },
  'custom-role-empty-name': { file: 'users', severity: 'error', summary: 'A custom role without a name is dropped.' },
  'custom-role-reserved-name': { file: 'users', severity: 'error', summary: "Custom role names can't be 'any' or contain '_': the role is dropped." },
  'custom-role-duplicate': { file: 'users', severity: 'error', summary: 'A custom role with the name of an existing role is dropped.' },
  'custom-role-cycle': { file: 'users', severity: 'error', summary: 'Custom roles that reference each other in a cycle are dropped.' },
  'custom-role-unknown-reference': { file: 'users', severity: 'warning', summary: 'A custom role references something unknown: that reference is ignored.' },
  'custom-role-grants-nothing': { file: 'users', severity: 'error', summary: 'A custom role that grants nothing (or lists no_rights) leaves every user holding it with no rights at all.' },
  'tenant-malformed': { file: 'users', severity: 'warning', summary: 'A malformed tenant id is silently dropped.' },
  'tenant-none-wins': { file: 'users', severity: 'warning', summary: "'-' (no tenant) wins over every other tenant in the list." },
  'role-requires-plugin': { file: 'users', severity: 'warning', summary: 'Roles other than administrator, and custom roles, need the user-management plugin in older releases.' },
  'properties-syntax': { file: 'properties', severity: 'error', summary: 'A malformed \\uXXXX escape: java.util.Properties refuses the whole file, so Rudder does not start.' },
  'properties-bom': { file: 'properties', severity: 'error', summary: 'A byte-order mark at the start: Rudder reads it as part of the first key, which it then ignores.' },
  'subkey-hides-value': { file: 'properties', severity: 'error', summary: 'A key that also has sub-keys loses its value (Typesafe Config lets objects win): Rudder uses its default, the key is unset, or Rudder does not start.' },
  'ldap-filter-missing-placeholder': { file: 'properties', severity: 'error', summary: 'The LDAP filter has no {0}: every login would match the same entry or none.' },
  'ldap-filter-bad-placeholder': { file: 'properties', severity: 'error', summary: 'A placeholder other than {0} in the LDAP filter: the JDK rejects the search, so LDAP login fails.' },
  'ldap-filter-syntax': { file: 'properties', severity: 'error', summary: 'The LDAP filter is not a valid RFC 4515 filter (parentheses, operators, escapes).' },
  'ldap-lost-backslash': { file: 'properties', severity: 'error', summary: 'A single backslash before an LDAP escape: java.util.Properties drops it, so LDAP gets another filter or DN. Write \\\\.' },
  'ldap-search-base-repeated': { file: 'properties', severity: 'error', summary: 'The search base repeats the base DN of the LDAP URL: Spring searches relative to it and finds nobody.' },
  'ldap-base-dn-mismatch': { file: 'properties', severity: 'error', summary: 'Several LDAP URLs with different base DNs: the LDAP provider fails to start.' },
  'ldap-cleartext-url': { file: 'properties', severity: 'warning', summary: 'An ldap:// URL: the bind password and every user password cross the network in clear.' },
  'ldap-anonymous-bind': { file: 'properties', severity: 'warning', summary: 'An empty bind DN or password: Rudder searches the directory anonymously.' },
  'ldap-config-incomplete': { file: 'properties', severity: 'error', summary: 'ldap is in rudder.auth.provider but a required rudder.auth.ldap.* key is missing.' },
  'ldap-enable-obsolete': { file: 'properties', severity: 'information', summary: 'rudder.auth.ldap.enable is no longer read (rudder.auth.provider replaced it); an error when it is the only thing enabling LDAP.' },
  'unknown-auth-provider': { file: 'properties', severity: 'error', summary: 'rudder.auth.provider names a provider this Rudder version does not have: it is skipped.' },
  'invalid-boolean': { file: 'properties', severity: 'error', summary: 'Not exactly true, yes, on, false, no or off (case-sensitive, trailing spaces count): Rudder uses the default (an information when that is what was meant).' },
  'idle-timeout-invalid': { file: 'properties', severity: 'error', summary: 'rudder.auth.idle-timeout is not a duration Rudder understands: it silently uses 30 minutes.' },
  'idle-timeout-disabled': { file: 'properties', severity: 'warning', summary: 'An empty rudder.auth.idle-timeout: sessions never expire for inactivity.' },
  'idle-timeout-long': { file: 'properties', severity: 'information', summary: 'rudder.auth.idle-timeout is longer than the default 30 minutes (a day or more: warning).' },
  'hsts-disabled': { file: 'properties', severity: 'hint', summary: 'rudder.server.hsts is false: browsers are not told to use HTTPS only.' },
  'bcrypt-cost-low': { file: 'properties', severity: 'warning', summary: 'rudder.bcrypt.cost is low (below 10: warning; 10–11, or replaced by the default: information).' },
  'argon2-params-low': { file: 'properties', severity: 'warning', summary: 'rudder.argon2.* below the minimum (memory 19456 KiB, iterations 2, parallelism 1): weak, or replaced by the default.' },
  'admin-password-plaintext': { file: 'properties', severity: 'error', summary: 'rudder.auth.admin.password is not a hash this Rudder version verifies: it is compared as plain text, or login is impossible.' },
  'plaintext-secret': { file: 'properties', severity: 'information', summary: 'A credential Rudder can only read in clear: restrict who can read the file.' },
  'duplicate-key': { file: 'properties', severity: 'warning', summary: 'A key set twice in the file: the last value wins (an information when both values are equal).' },
  'unknown-key': { file: 'properties', severity: 'warning', summary: 'A key Rudder does not read under rudder.auth., rudder.server., rudder.bcrypt., rudder.argon2. or rudder.users.' },
  'invalid-value': { file: 'properties', severity: 'warning', summary: 'A value Rudder cannot use for this key: it falls back to a default, the feature does not work, or Rudder does not start.' },
  'property-overridden': { file: 'properties', severity: 'information', summary: 'A file in rudder-web.properties.d/ sets this key too: Rudder uses that value.' },
  'key-not-in-version': { file: 'properties', severity: 'warning', summary: 'The target Rudder version does not read this key: it has no effect.' },
  'override-unreadable': { file: 'properties', severity: 'error', summary: 'A .prop or .config file of rudder-web.properties.d/ has an unquoted value HOCON cannot read: Rudder does not start.' },
  'override-not-checked': { file: 'properties', severity: 'information', summary: 'Lines of a .prop or .config override file this tool does not read (HOCON objects, arrays, includes).' },
  'file-too-large': { file: 'both', severity: 'information', summary: 'The file is over rudder.maxFileSizeMB: only the cheap checks run.' },
} as const satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULE_TABLE;

export interface Rule extends RuleDef {
  id: RuleId;
}

/** Every rule the service can report, by id, in the table's order (users, properties, document). */
export const RULES: ReadonlyMap<RuleId, Rule> = new Map((Object.keys(RULE_TABLE) as RuleId[]).map((id) => [id, { id, ...RULE_TABLE[id] }]));

export const USERS_RULES: readonly Rule[] = [...RULES.values()].filter((r) => r.file === 'users');
export const PROPERTIES_RULES: readonly Rule[] = [...RULES.values()].filter((r) => r.file === 'properties');

export function isRuleId(v: unknown): v is RuleId {
  return typeof v === 'string' && RULES.has(v as RuleId);
}

export function isRuleLevel(v: unknown): v is RuleLevel {
  return typeof v === 'string' && (RULE_LEVELS as readonly string[]).includes(v);
}
