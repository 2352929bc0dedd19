/**
 * What a change does to access: the difference between two access models (before and after a merge request,
 * or before and after an upgrade). Users added and removed, rights gained and lost, login gained and lost and
 * why, passwords changed (described by shape only), tenants, custom roles, effective properties, and findings
 * that appear or go away. Pure.
 */
import type { AccessFinding, AccessModel, AccessProperty, AccessRole, AccessUser, TooLarge } from './access';

export const ANY = 'any';

export interface UserChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  rightsGained: string[];
  rightsLost: string[];
  login?: { before: boolean; after: boolean; why?: string };
  password?: { before?: AccessUser['password']; after?: AccessUser['password'] };
  tenants?: { before?: AccessUser['tenants']; after?: AccessUser['tenants'] };
  /** Rights gained, administrator gained or login regained: what a reviewer must look at first. */
  escalation: boolean;
  /** What to do about it, when the change loses something (upgrade reports). */
  advice?: string;
}

export interface RoleChange {
  name: string;
  change: 'added' | 'removed' | 'became-invalid' | 'became-valid' | 'became-empty' | 'rights';
  rightsGained: string[];
  rightsLost: string[];
}

export interface PropertyChange {
  key: string;
  before?: { value: string; source: string };
  after?: { value: string; source: string };
}

export interface AccessDiff {
  rudderVersion: { before: string; after: string };
  usersFile?: { before: 'loaded' | 'rejected'; after: 'loaded' | 'rejected' };
  /** The files either side left unread for their size: what the diff says of them is about an empty file. */
  tooLarge?: TooLarge[];
  /** Escalations first, then by name. */
  users: UserChange[];
  roles: RoleChange[];
  properties: PropertyChange[];
  findings: { added: AccessFinding[]; fixed: AccessFinding[] };
  escalations: number;
}

function byName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((x) => [x.name, x]));
}

/** `any` stands for every right: gaining it is gaining administrator. */
export function rightsDelta(before: readonly string[], after: readonly string[]): { gained: string[]; lost: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  if (a.has(ANY) && !b.has(ANY)) return { gained: [ANY], lost: [] };
  if (b.has(ANY) && !a.has(ANY)) return { gained: [], lost: [ANY] };
  return { gained: [...a].filter((r) => !b.has(r)).sort(), lost: [...b].filter((r) => !a.has(r)).sort() };
}

function sameTenants(x: AccessUser['tenants'], y: AccessUser['tenants']): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

function userChange(name: string, before: AccessUser | undefined, after: AccessUser | undefined): UserChange | undefined {
  const { gained, lost } = rightsDelta(before?.rights ?? [], after?.rights ?? []);
  const change: UserChange = { name, change: !before ? 'added' : !after ? 'removed' : 'changed', rightsGained: gained, rightsLost: lost, escalation: false };
  const loginBefore = before?.loginPossible ?? false;
  const loginAfter = after?.loginPossible ?? false;
  if (loginBefore !== loginAfter) change.login = { before: loginBefore, after: loginAfter, ...(after?.loginProblem ? { why: after.loginProblem } : {}) };
  if (before && after && before.passwordPrint !== after.passwordPrint) change.password = { before: before.password, after: after.password };
  if (before && after && !sameTenants(before.tenants, after.tenants)) change.tenants = { before: before.tenants, after: after.tenants };
  change.escalation = loginAfter && (gained.length > 0 || !loginBefore) && (after?.rights.length ?? 0) > 0;
  const nothing = gained.length === 0 && lost.length === 0 && !change.login && !change.password && !change.tenants;
  return change.change === 'changed' && nothing ? undefined : change;
}

function roleChanges(before: readonly AccessRole[], after: readonly AccessRole[]): RoleChange[] {
  const b = byName(before);
  const a = byName(after);
  const out: RoleChange[] = [];
  for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(name);
    const y = a.get(name);
    const { gained, lost } = rightsDelta(x?.rights ?? [], y?.rights ?? []);
    const base = { name, rightsGained: gained, rightsLost: lost };
    if (!x) out.push({ ...base, change: 'added' });
    else if (!y) out.push({ ...base, change: 'removed' });
    else if (x.valid && !y.valid) out.push({ ...base, change: 'became-invalid' });
    else if (!x.valid && y.valid) out.push({ ...base, change: 'became-valid' });
    else if (y.valid && y.rights.length === 0 && x.rights.length > 0) out.push({ ...base, change: 'became-empty' });
    else if (gained.length || lost.length) out.push({ ...base, change: 'rights' });
  }
  return out;
}

function shown(p: AccessProperty | undefined): { value: string; source: string } | undefined {
  return p && { value: p.value, source: p.source };
}

function propertyChanges(before: readonly AccessProperty[], after: readonly AccessProperty[]): PropertyChange[] {
  const b = new Map(before.map((p) => [p.key, p]));
  const a = new Map(after.map((p) => [p.key, p]));
  const out: PropertyChange[] = [];
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(key);
    const y = a.get(key);
    const same = x && y && x.value === y.value && x.source === y.source && x.secretPrint === y.secretPrint;
    if (same) continue;
    const change: PropertyChange = { key };
    const sx = shown(x);
    const sy = shown(y);
    if (sx) change.before = x!.secretPrint !== undefined && y?.secretPrint !== undefined && x!.secretPrint !== y.secretPrint ? { ...sx, value: '(hidden, changed)' } : sx;
    if (sy) change.after = sy;
    out.push(change);
  }
  return out;
}

/**
 * Findings as a multiset keyed by file, rule and message (positions move with every edit), or by file, rule,
 * severity and line when both sides read the same files (an upgrade: the words change with the version).
 */
function findingDelta(before: readonly AccessFinding[], after: readonly AccessFinding[], sameFiles: boolean): AccessDiff['findings'] {
  const key = (f: AccessFinding) => (sameFiles ? `${f.file}\u0000${f.rule}\u0000${f.severity}\u0000${f.line}` : `${f.file}\u0000${f.rule}\u0000${f.message}`);
  const count = new Map<string, number>();
  for (const f of before) count.set(key(f), (count.get(key(f)) ?? 0) + 1);
  const added: AccessFinding[] = [];
  for (const f of after) {
    const n = count.get(key(f)) ?? 0;
    if (n > 0) count.set(key(f), n - 1);
    else added.push(f);
  }
  const left = new Map(count);
  const fixed: AccessFinding[] = [];
  for (const f of before) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) {
      fixed.push(f);
      left.set(key(f), n - 1);
    }
  }
  return { added, fixed };
}

/** `sameFiles`: both models come from the same files (read by two Rudder versions). */
export function diffAccess(before: AccessModel, after: AccessModel, sameFiles = false): AccessDiff {
  const b = byName(before.users);
  const a = byName(after.users);
  const users = [...new Set([...b.keys(), ...a.keys()])]
    .map((name) => userChange(name, b.get(name), a.get(name)))
    .filter((c): c is UserChange => c !== undefined)
    .sort((x, y) => Number(y.escalation) - Number(x.escalation) || x.name.localeCompare(y.name));
  const state = (m: AccessModel) => (m.usersFileRejected ? 'rejected' : 'loaded');
  const tooLarge = [...new Map([...before.tooLarge, ...after.tooLarge].map((t) => [t.file, t])).values()];
  return {
    rudderVersion: { before: before.rudderVersion, after: after.rudderVersion },
    ...(state(before) !== state(after) ? { usersFile: { before: state(before), after: state(after) } } : {}),
    ...(tooLarge.length ? { tooLarge } : {}),
    users,
    roles: roleChanges(before.customRoles, after.customRoles),
    properties: propertyChanges(before.properties, after.properties),
    findings: findingDelta(before.findings, after.findings, sameFiles),
    escalations: users.filter((u) => u.escalation).length,
  };
}

export function isEmptyDiff(d: AccessDiff): boolean {
  return !d.usersFile && !d.tooLarge && d.users.length === 0 && d.roles.length === 0 && d.properties.length === 0 && d.findings.added.length === 0 && d.findings.fixed.length === 0;
}
