/**
 * Rules are data: a stable id (the diagnostic `code`, part of the public contract), a default severity, a
 * one-line summary and an anchor in `docs/rules.md`. A setting `rudder.rules.<id>` overrides the severity.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleLevel = Severity | 'off';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'information', 'warning', 'error'];

export type FileKind = 'users' | 'properties';

export interface Rule {
  id: string;
  /** The file kind the rule is about; `both` for rules about any document. */
  file: FileKind | 'both';
  /** Severity when the finding does not choose one itself (some rules depend on the era or a threshold). */
  severity: Severity;
  summary: string;
}

/** Where `docs/rules.md` is published; each rule is a heading whose anchor is its id. */
export const RULES_DOC_URL = 'https://github.com/rudder-tooling/rudder-security-config/blob/main/docs/rules.md';

export function ruleDocUrl(id: string): string {
  return `${RULES_DOC_URL}#${id}`;
}

const users = (id: string, severity: Severity, summary: string): Rule => ({ id, file: 'users', severity, summary });

export const USERS_RULES: readonly Rule[] = [
  users('xml-syntax', 'error', 'The file is not well-formed XML: Rudder rejects the whole file.'),
  users('doctype-forbidden', 'error', 'A DOCTYPE makes Rudder 8.2+ reject the whole file.'),
  users('root-element', 'error', 'The root element must be a single <authentication>.'),
  users('unknown-hash-algorithm', 'warning', 'The hash attribute names an algorithm this Rudder version does not know; it falls back to its default.'),
  users('missing-hash-attribute', 'information', 'No hash attribute: what Rudder assumes depends on the version.'),
  users('plaintext-password', 'error', 'The password is not a hash Rudder can verify: it is stored in clear, and on 8.2+ login is impossible.'),
  users('weak-hash', 'warning', 'An unsalted MD5/SHA digest: weak, and not accepted at all on 9.x.'),
  users('hash-mismatch', 'error', 'The password does not have the shape of the algorithm Rudder will verify it with.'),
  users('uppercase-hex-digest', 'error', 'Rudder compares lowercase hex: an uppercase digest never matches.'),
  users('bcrypt-malformed', 'error', 'A bcrypt hash that BouncyCastle rejects: login is impossible.'),
  users('bcrypt-low-cost', 'warning', 'The bcrypt cost is low (below 10: error; 10–11: information).'),
  users('argon2-unsupported', 'error', 'An argon2 hash Rudder cannot verify (argon2id needs 9.0+; argon2i/argon2d never work).'),
  users('argon2-weak-params', 'warning', 'argon2id parameters below the recommended minimum (m=19456, t=2, p=1).'),
  users('unsafe-hashes-enabled', 'warning', 'unsafe-hashes="true" keeps unsalted digests valid on 8.2–8.3.'),
  users('unsafe-hashes-obsolete', 'warning', 'unsafe-hashes is only read by 8.2–8.3; 9.x ignores and removes it.'),
  users('invalid-boolean-attribute', 'warning', 'case-sensitivity and unsafe-hashes accept only true or false.'),
  users('empty-user-name', 'error', 'A user without a name is dropped.'),
  users('missing-password', 'warning', 'No usable password: Rudder sets a random one, so only LDAP/OIDC login works.'),
  users('duplicate-user', 'warning', 'Two users with the same name: the last one wins.'),
  users('case-collision', 'warning', 'User names equal but for case: with case-sensitivity="false" all of them are dropped.'),
  users('unknown-role', 'warning', 'A role or permission Rudder does not know: the item is ignored (the whole user had no rights up to 7.2).'),
  users('unknown-permission-type', 'warning', 'A permission type not in Rudder core: ignored unless a plugin defines it.'),
  users('invalid-permission-level', 'warning', 'A permission level other than read, write, edit or all: the item is ignored.'),
  users('no-rights-overrides', 'warning', 'no_rights overrides every other role of the user.'),
  users('roles-attribute-ignored', 'warning', 'Rudder never reads roles=; use permissions= (or role=).'),
  users('custom-role-empty-name', 'error', 'A custom role without a name is dropped.'),
  users('custom-role-reserved-name', 'error', "Custom role names can't be 'any' or contain '_': the role is dropped."),
  users('custom-role-duplicate', 'error', 'A custom role with the name of an existing role is dropped.'),
  users('custom-role-cycle', 'error', 'Custom roles that reference each other in a cycle are dropped.'),
  users('custom-role-unknown-reference', 'warning', 'A custom role references something unknown: that reference is ignored.'),
  users('tenant-malformed', 'warning', 'A malformed tenant id is silently dropped.'),
  users('tenant-none-wins', 'warning', "'-' (no tenant) wins over every other tenant in the list."),
  users('role-requires-plugin', 'information', 'On 7.3–8.1, roles other than administrator and custom roles need the user-management plugin.'),
];

const properties = (id: string, severity: Severity, summary: string): Rule => ({ id, file: 'properties', severity, summary });

export const PROPERTIES_RULES: readonly Rule[] = [
  properties('properties-syntax', 'error', 'A malformed \\uXXXX escape: java.util.Properties refuses to load the whole file.'),
  properties('properties-bom', 'warning', 'A byte-order mark at the start: Rudder reads it as part of the first key, which it then ignores.'),
  properties('ldap-filter-missing-placeholder', 'error', 'The LDAP filter has no {0}: every login would match the same entry or none.'),
  properties('ldap-filter-bad-placeholder', 'error', 'A placeholder other than {0} in the LDAP filter: the JDK rejects the search, so LDAP login fails.'),
  properties('ldap-filter-syntax', 'error', 'The LDAP filter is not a valid RFC 4515 filter (parentheses, operators, escapes).'),
  properties('ldap-cleartext-url', 'warning', 'An ldap:// URL: the bind password and every user password cross the network in clear.'),
  properties('ldap-anonymous-bind', 'warning', 'An empty bind DN or password: Rudder searches the directory anonymously.'),
  properties('ldap-config-incomplete', 'error', 'ldap is in rudder.auth.provider but a required rudder.auth.ldap.* key is missing.'),
  properties('ldap-enable-obsolete', 'warning', 'rudder.auth.ldap.enable is read only up to Rudder 3.1; rudder.auth.provider replaced it.'),
  properties('unknown-auth-provider', 'error', 'rudder.auth.provider names a provider this Rudder version does not have: it is skipped.'),
  properties('invalid-boolean', 'warning', 'Not exactly true, yes, on, false, no or off (case-sensitive, trailing spaces count): Rudder uses the default.'),
  properties('idle-timeout-invalid', 'warning', 'rudder.auth.idle-timeout is not a duration Rudder understands: it silently uses 30 minutes.'),
  properties('idle-timeout-disabled', 'warning', 'An empty rudder.auth.idle-timeout: sessions never expire for inactivity.'),
  properties('idle-timeout-long', 'information', 'rudder.auth.idle-timeout is longer than the default 30 minutes.'),
  properties('hsts-disabled', 'hint', 'rudder.server.hsts is false: browsers are not told to use HTTPS only.'),
  properties('bcrypt-cost-low', 'warning', 'rudder.bcrypt.cost is low (below 10: warning; 10–11: information).'),
  properties('argon2-params-low', 'warning', 'rudder.argon2.* below the minimum (memory 19456 KiB, iterations 2, parallelism 1).'),
  properties('admin-password-plaintext', 'error', 'rudder.auth.admin.password is not a hash this Rudder version verifies: it is compared as plain text, or login is impossible.'),
  properties('plaintext-secret', 'information', 'A credential stored in clear: restrict who can read the file.'),
  properties('duplicate-key', 'warning', 'A key set twice in the file: the last value wins.'),
  properties('unknown-key', 'warning', 'A key Rudder does not read under rudder.auth., rudder.server., rudder.bcrypt., rudder.argon2. or rudder.users.'),
  properties('invalid-value', 'warning', 'A value Rudder cannot use for this key: it falls back to a default or the feature does not work.'),
  properties('property-overridden', 'information', 'A file in rudder-web.properties.d/ sets this key too: Rudder uses that value.'),
  properties('key-not-in-version', 'warning', 'The target Rudder version does not read this key: it has no effect.'),
];

/** Rules about the document itself, whatever its kind. */
export const DOCUMENT_RULES: readonly Rule[] = [
  { id: 'file-too-large', file: 'both', severity: 'information', summary: 'The file is over rudder.maxFileSizeMB: only the cheap checks run.' },
];

/** Every rule the service can report, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map([...USERS_RULES, ...PROPERTIES_RULES, ...DOCUMENT_RULES].map((r) => [r.id, r]));

export function isRuleLevel(v: unknown): v is RuleLevel {
  return typeof v === 'string' && (RULE_LEVELS as readonly string[]).includes(v);
}
