/**
 * Who can log in, with which rights: the access model a review compares. Built from the analyses of a folder's
 * users and properties files (what Rudder will load), it holds no password and no hash: a password is described
 * by its shape and a keyed fingerprint that only tells "changed" from "unchanged" within one comparison.
 */
import { isSecretProperty, rightsToList } from '../rudder';
import type { Finding } from '../findings';
import { firstAtOrAfter } from '../offsetIndex';
import { lineOf, lineStarts } from '../text';
import type { RuleId, Severity } from '../rules';
import type { PropertiesEvaluation } from '../properties/evaluate';
import type { UsersEvaluation } from '../users/evaluate';

export interface AccessUser {
  name: string;
  /** `['any']` for administrator-equivalent rights. */
  rights: string[];
  loginPossible: boolean;
  /** Why login is impossible (the first error on the user's password), when it is. */
  loginProblem?: string;
  password: { kind: string; cost?: number };
  /** A keyed fingerprint of the stored value (`AccessInput.fingerprint`): tells a changed password, reveals nothing. */
  passwordPrint: string;
  tenants: 'all' | 'none' | string[];
}

export interface AccessRole {
  name: string;
  valid: boolean;
  rights: string[];
}

export interface AccessProperty {
  key: string;
  /** `(hidden)` for secrets set in a file. */
  value: string;
  /** A keyed fingerprint of a secret's value: tells a changed secret, reveals nothing. */
  secretPrint?: string;
  source: string;
}

export interface AccessFinding {
  file: 'users' | 'properties';
  rule: RuleId;
  message: string;
  severity: Severity;
  /** 0-based line of the flagged text: the same finding in the same file, read by two versions (upgrade). */
  line: number;
}

/** A file the review did not read: it is over `rudder.maxFileSizeMB`, so its side of the model is empty. */
export interface TooLarge {
  file: 'users' | 'properties';
  limitMB: number;
}

export interface AccessModel {
  rudderVersion: string;
  /** The files left unread for their size (the model says nothing about them). */
  tooLarge: TooLarge[];
  /** Rudder rejects the users file: nobody from it can log in after a restart. */
  usersFileRejected: boolean;
  users: AccessUser[];
  customRoles: AccessRole[];
  properties: AccessProperty[];
  findings: AccessFinding[];
}

/** Rules whose error means Rudder loads nothing from the users file. */
const REJECTING: ReadonlySet<RuleId> = new Set<RuleId>(['xml-syntax', 'root-element', 'doctype-forbidden']);

export interface AccessInput {
  rudderVersion: string;
  users?: UsersEvaluation;
  properties?: PropertiesEvaluation;
  /** The severity each finding ends up with (settings applied); findings it drops are left out. */
  /**
   * A keyed one-way fingerprint of a stored password or secret (the caller's, e.g. an HMAC with a random key of
   * the process): the model keeps no value, only what tells "changed" from "unchanged" within one comparison.
   */
  fingerprint: (value: string) => string;
  severity: (f: Finding) => Severity | undefined;
  /** The texts the findings point into, for their line numbers. */
  usersText?: string;
  propertiesText?: string;
  tooLarge?: TooLarge[];
}

/** The findings whose severity is `error`, each with its index in `list`, by start offset. */
function errorsByStart(list: readonly Finding[], severity: AccessInput['severity']): { f: Finding; i: number }[] {
  return list
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => severity(f) === 'error')
    .sort((x, y) => x.f.range.start - y.f.range.start || x.i - y.i);
}

/** The first error (in the findings' order) that lies within `start`–`end`: a binary search, then the errors starting there. */
function firstErrorWithin(errors: readonly { f: Finding; i: number }[], start: number, end: number): Finding | undefined {
  let first: { f: Finding; i: number } | undefined;
  for (let k = firstAtOrAfter(errors, start, (e) => e.f.range.start); k < errors.length && errors[k].f.range.start <= end; k++) if (errors[k].f.range.end <= end && (!first || errors[k].i < first.i)) first = errors[k];
  return first?.f;
}

export function accessModel(input: AccessInput): AccessModel {
  const findings: AccessFinding[] = [];
  const collect = (file: AccessFinding['file'], list: readonly Finding[], text: string) => {
    const starts = lineStarts(text);
    for (const f of list) {
      const severity = input.severity(f);
      if (severity) findings.push({ file, rule: f.rule, message: f.message, severity, line: lineOf(starts, f.range.start) });
    }
  };
  const ev = input.users;
  if (ev) collect('users', ev.findings, input.usersText ?? '');
  if (input.properties) collect('properties', input.properties.findings, input.propertiesText ?? '');
  const usersFileRejected = !!ev && ev.findings.some((f) => REJECTING.has(f.rule) && input.severity(f) === 'error');
  const errors = ev ? errorsByStart(ev.findings, input.severity) : [];

  const users: AccessUser[] =
    ev && !usersFileRejected
      ? ev.users
          .filter((u) => u.loaded)
          .map((u) => {
            const start = u.decl.element.start;
            const end = u.decl.element.startTagEnd ?? u.decl.element.nameRange.end;
            const problem = u.password.loginPossible ? undefined : firstErrorWithin(errors, start, end)?.message;
            return {
              name: u.name,
              rights: rightsToList(u.rights),
              loginPossible: u.password.loginPossible,
              ...(problem ? { loginProblem: problem } : {}),
              password: { kind: u.password.kind, ...(u.password.cost !== undefined ? { cost: u.password.cost } : {}) },
              passwordPrint: input.fingerprint(u.decl.password?.value ?? ''),
              tenants: u.tenants.kind === 'some' ? u.tenants.ids : u.tenants.kind,
            };
          })
      : [];
  const customRoles: AccessRole[] = ev && !usersFileRejected ? ev.roles.filter((r) => r.name !== '').map((r) => ({ name: r.name, valid: r.valid, rights: r.valid ? rightsToList(r.rights) : [] })) : [];
  const properties: AccessProperty[] = input.properties
    ? [...input.properties.effective.values()]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((p) => {
          const hidden = isSecretProperty(p.key) && p.source !== 'default';
          return { key: p.key, value: hidden ? '(hidden)' : p.value, ...(hidden ? { secretPrint: input.fingerprint(p.value) } : {}), source: p.source };
        })
    : [];
  return { rudderVersion: input.rudderVersion, tooLarge: input.tooLarge ?? [], usersFileRejected, users, customRoles, properties, findings };
}
