/**
 * Authentication providers (rudder-spec.md §7 `rudder.auth.provider`, C11). Rudder splits the list on commas,
 * trims each item and drops empty ones, then tries `("rootAdmin" +: names).distinct` in that order
 * (AppConfigAuth.scala:662-672): `rootAdmin` always comes first, and a list that names only `rootAdmin` loads no
 * other provider, exactly like an empty list. A provider other than rootAdmin exists when the classpath has its
 * `applicationContext-security-auth-<name>.xml`: `file` in core, the others in the auth-backends plugin.
 */
import { AUTH_BACKENDS, RADIUS_READ } from './properties';
import { Timeline, type RudderVersion } from './releases';

export interface AuthProviderDef {
  name: string;
  doc: string;
  plugin?: string;
  /** The releases for which a provider of this name exists. */
  read: Timeline<boolean>;
}

const ALWAYS = new Timeline({ '7.0': true });

/** `rootAdmin` is always tried first, whatever the list says; writing it is harmless. */
export const ROOT_ADMIN_PROVIDER = 'rootAdmin';
export const FILE_PROVIDER = 'file';
export const LDAP_PROVIDER = 'ldap';
export const AUTH_PROVIDERS: readonly AuthProviderDef[] = [
  { name: FILE_PROVIDER, read: ALWAYS, doc: 'users and passwords of rudder-users.xml' },
  { name: ROOT_ADMIN_PROVIDER, read: ALWAYS, doc: 'the root admin account of rudder.auth.admin.login/password, always tried first' },
  { name: LDAP_PROVIDER, read: ALWAYS, plugin: AUTH_BACKENDS, doc: 'an LDAP or Active Directory server (rudder.auth.ldap.*)' },
  { name: 'oidc', read: ALWAYS, plugin: AUTH_BACKENDS, doc: 'OpenID Connect (rudder.auth.oauth2.provider.*)' },
  { name: 'oauth2', read: ALWAYS, plugin: AUTH_BACKENDS, doc: 'OAuth2 (rudder.auth.oauth2.provider.*)' },
  // rudder-plugins auth-backends: the radius provider ships with the 7.x plugin only.
  { name: 'radius', read: RADIUS_READ, plugin: AUTH_BACKENDS, doc: 'a RADIUS server (rudder.auth.radius.*), 7.x plugin only' },
];
/** The provider names whose `rudder.auth.<provider>.userRestToken` defaults to disabled (AppConfigAuth.scala:170-172). */
export const REST_TOKEN_DISABLED_PROVIDERS = ['oidc', 'oauth2'] as const;

export function authProvidersFor(v: RudderVersion): AuthProviderDef[] {
  return AUTH_PROVIDERS.filter((p) => p.read.at(v));
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

/** The providers Rudder loads besides rootAdmin, in order: `[]` for an empty list or one that names only rootAdmin (C11). */
export function loadedProviders(names: readonly string[]): string[] {
  return [...new Set(names)].filter((n) => n !== ROOT_ADMIN_PROVIDER);
}

/** Why no user of rudder-users.xml can log in, as the variant of its finding. */
export type NoFileLogin = 'rootAdminOnly' | 'empty' | 'noneExists';

/**
 * Whether the users of rudder-users.xml can log in at all (C11), from the sibling's `rudder.auth.provider`:
 * only through a provider Rudder loads besides rootAdmin (`file`, or an external one, which takes the rights
 * from the file). A name this version has no provider for is dropped with an error log (AppConfigAuth.scala:
 * 677-690). Rudder still reads the file at every start (Boot.scala:837 `rudderUserListProvider.reload()`; the
 * start-up rewrite, the users' sync to the database), but nobody logs in with it. Undefined: some can.
 */
export function noFileLogin(names: readonly string[], v: RudderVersion): NoFileLogin | undefined {
  const loaded = loadedProviders(names);
  const available = authProvidersFor(v).map((p) => p.name);
  if (loaded.some((n) => available.includes(n))) return undefined;
  if (loaded.length) return 'noneExists';
  return names.length ? 'rootAdminOnly' : 'empty';
}
