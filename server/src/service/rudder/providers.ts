/** Authentication providers (§7 `rudder.auth.provider`). */
import { AUTH_BACKENDS, defVersion, RADIUS_UNTIL } from './properties';
import { compareVersions, type RudderVersion } from './releases';

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
  return AUTH_PROVIDERS.filter((p) => !p.until || compareVersions(v, defVersion(p.until)) <= 0);
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
