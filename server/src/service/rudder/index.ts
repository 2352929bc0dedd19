/**
 * Everything this project knows about how Rudder reads its security configuration, one file per subject, each
 * a page of Rudder's behaviour with the source it comes from (rudder-spec.md section numbers in comments):
 *
 * - `releases.ts`: the release timeline, timelines of behaviours, eras and their labels;
 * - `roles.ts`: permission types and levels, `parseRight`, built-in roles and their rights;
 * - `hashes.ts`: hash algorithms, the root `hash` attribute, password shapes, bcrypt and argon2id;
 * - `users.ts`: the grammar of rudder-users.xml, what each era reads, tenants;
 * - `properties.ts`: the keys of rudder-web.properties and what each release reads;
 * - `values.ts`: how Typesafe Config, Scala and cron4s read values (booleans, ints, durations, cron);
 * - `providers.ts`: authentication providers;
 * - `startup.ts`: what Rudder rewrites in rudder-users.xml when it starts;
 * - `ldap.ts`: the LDAP keys, JNDI's filter placeholders, RFC 4515 filters, RFC 4514 DNs, URLs and search bases;
 * - `version.ts`: which release a document is checked against (setting, inference from the users file).
 *
 * Diagnostics, completion, hover, code actions and the CLI read this package; nothing else hard-codes a role
 * name, a permission type, a hash rule or a version.
 */
export * from './releases';
export * from './roles';
export * from './hashes';
export * from './users';
export * from './properties';
export * from './values';
export * from './providers';
export * from './startup';
export * from './ldap';
export * from './version';
