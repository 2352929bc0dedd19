/**
 * The access model as a table of users × permission types, for a view: the levels each user has per type
 * (`any` grants every level of every type), login, password shape and tenants. Holds no password and no hash:
 * it is made from the access model, which has none, and leaves out its change-detection fields. Pure.
 */
import { PERMISSION_LEVELS, PERMISSION_TYPES } from '../rudder';
import type { AccessRow, AccessTable } from '../../shared/protocol';
import type { AccessModel } from './access';
import { ANY } from './diff';
import { passwordLabel, tenantsLabel, tooLargeLine } from './render';

/** `node_read` → [`node`, `read`]; a type may itself hold no `_` (Rudder splits at the last one). */
function splitRight(right: string): [string, string] {
  const i = right.lastIndexOf('_');
  return i < 0 ? [right, ''] : [right.slice(0, i), right.slice(i + 1)];
}

export function accessTable(model: AccessModel, where: { folder: string; files: string[] }): AccessTable {
  const levels: string[] = [...PERMISSION_LEVELS];
  const columns: string[] = [...PERMISSION_TYPES];
  const byType = model.users.map((u) => {
    const rights: Record<string, string[]> = {};
    for (const right of u.rights.includes(ANY) ? [] : u.rights) {
      const [type, level] = splitRight(right);
      if (!columns.includes(type)) columns.push(type);
      (rights[type] ??= []).push(level);
    }
    for (const type of Object.keys(rights)) rights[type].sort((a, b) => levels.indexOf(a) - levels.indexOf(b));
    return rights;
  });
  const rows = model.users.map((u, i): AccessRow => {
    const admin = u.rights.includes(ANY);
    return {
      name: u.name,
      admin,
      rights: admin ? Object.fromEntries(columns.map((t) => [t, [...levels]])) : byType[i],
      loginPossible: u.loginPossible,
      ...(u.loginProblem ? { loginProblem: u.loginProblem } : {}),
      password: passwordLabel(u.password),
      tenants: tenantsLabel(u.tenants),
    };
  });
  return { folder: where.folder, files: where.files, rudderVersion: model.rudderVersion, columns, levels, rows, usersFileRejected: model.usersFileRejected, notRead: model.tooLarge.map(tooLargeLine) };
}
