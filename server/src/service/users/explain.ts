/** `rudder-lint --explain`: what Rudder will load from a users file, as plain data. */
import { rightsToList } from '../rudder';
import type { PasswordKind, UsersEvaluation } from './evaluate';

export interface ExplainedUsers {
  /** Why Rudder rejects the whole file, when it does: then no user is loaded (C7). */
  rejected?: string;
  /** Why no user of the file can log in although it is read (C11). */
  noLogin?: string;
  users: { name: string; rights: string[]; loginPossible: boolean; passwordKind: PasswordKind; loginThrough?: string[]; tenants: 'all' | 'none' | string[] }[];
  customRoles: { name: string; valid: boolean; rights: string[] }[];
}

export function explainUsers(ev: UsersEvaluation): ExplainedUsers {
  return {
    ...(ev.rejected ? { rejected: ev.rejected } : {}),
    ...(ev.noLogin ? { noLogin: ev.noLogin } : {}),
    users: ev.users
      .filter((u) => u.loaded)
      .map((u) => ({
        name: u.name,
        rights: rightsToList(u.rights),
        loginPossible: u.password.loginPossible,
        passwordKind: u.password.kind,
        ...(u.password.external ? { loginThrough: u.password.external } : {}),
        tenants: u.tenants.kind === 'some' ? u.tenants.ids : u.tenants.kind,
      })),
    customRoles: ev.roles.map((r) => ({ name: r.name, valid: r.valid, rights: r.valid ? rightsToList(r.rights) : [] })),
  };
}
