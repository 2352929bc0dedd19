/**
 * What Rudder will do with a `rudder-users.xml`, era by era: which users and custom roles it loads, with which
 * rights, whether each password can be verified, and every finding worth a diagnostic. Diagnostics, hover and
 * the CLI's `--explain` all read this one evaluation. Pure; never throws on a model built by `parseUsers`.
 *
 * Invariant: no message contains a password value.
 */
import {
  ARGON2_MIN,
  BCRYPT_COST,
  builtinRole,
  BUILTIN_ROLES,
  classifyPassword,
  DIGEST_HEX_LENGTH,
  eraLabel,
  EXTERNAL_AUTH_PROVIDERS,
  FEATURES,
  HASH_DISPLAY,
  HASH_FALLBACK,
  interpretHashAttribute,
  isDigest,
  isLegacyHashValue,
  isReservedCustomRoleName,
  isValidTenantId,
  LDAP_PASSWORD_CONVENTION,
  NO_RIGHTS,
  NO_RIGHTS_ROLE,
  parseRight,
  PERMISSION_LEVEL_TOKENS,
  PERMISSION_TYPES,
  PLUGIN_FREE_ROLE,
  PLUGIN_PERMISSION_TYPES,
  TENANT_ALL,
  TENANT_NONE,
  unionRights,
  type DigestAlgorithm,
  type Era,
  type HashAttributeMeaning,
  type PasswordShape,
  type Rights,
} from '../rudder';
import type { Finding } from '../findings';
import { closest, firstOthers, someNames } from '../text';
import type { ResolvedVersion } from '../version';
import { splitList, type ListItem, type OffsetRange, type XmlAttribute } from '../xml/scan';
import type { RoleDecl, UserDecl, UsersModel } from './model';

export type PasswordKind = 'bcrypt' | 'argon2id' | DigestAlgorithm | 'plaintext' | 'missing';

export interface PasswordVerdict {
  kind: PasswordKind;
  loginPossible: boolean;
  cost?: number;
  argon2?: { memory: number; iterations: number; parallelism: number };
}

export type TenantAccess = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; ids: string[] };

export interface EffectiveUser {
  decl: UserDecl;
  name: string;
  /** False when Rudder drops the user; `droppedBecause` says why. */
  loaded: boolean;
  droppedBecause?: string;
  rights: Rights;
  password: PasswordVerdict;
  tenants: TenantAccess;
}

export interface EffectiveRole {
  decl: RoleDecl;
  name: string;
  valid: boolean;
  invalidBecause?: string;
  rights: Rights;
}

/** Facts from outside the file (the sibling `rudder-web.properties`), when known. */
export interface UsersContext {
  authProviders?: readonly string[];
  /** `rudder.bcrypt.cost`: the cost new hashes get, and the floor under which a hash is worth a note. */
  bcryptCost?: number;
}

export interface UsersEvaluation {
  version: ResolvedVersion;
  hash: HashAttributeMeaning;
  /** 8.2–8.3 only: hex digests are accepted (legacy `hash` or `unsafe-hashes="true"`). */
  legacyMode: boolean;
  caseSensitive: boolean;
  /** Every declared user, in file order (dropped ones too, with `loaded: false`). */
  users: EffectiveUser[];
  roles: EffectiveRole[];
  findings: Finding[];
}

export function evaluateUsers(model: UsersModel, version: ResolvedVersion, context: UsersContext = {}): UsersEvaluation {
  return new Evaluator(model, version, context).run();
}

const lc = (s: string) => s.toLowerCase();

function didYouMean(candidates: string[]): string {
  return candidates.length ? ` Did you mean ${candidates.map((c) => `'${c}'`).join(', ')}?` : '';
}

/** `any` or a well-formed right of a core type. */
function isGrantingRight(item: string): boolean {
  const kind = parseRight(item).kind;
  return kind === 'right' || kind === 'any';
}

class Evaluator {
  private readonly era: Era;
  private readonly findings: Finding[] = [];
  private readonly hash: HashAttributeMeaning;
  private readonly legacyMode: boolean;
  private caseSensitive = true;
  private readonly rolesByName = new Map<string, EffectiveRole>();

  constructor(
    private readonly model: UsersModel,
    private readonly version: ResolvedVersion,
    private readonly context: UsersContext,
  ) {
    this.era = version.era;
    this.hash = interpretHashAttribute(model.hash?.value, this.era);
    this.legacyMode = this.era === 'E3' && (isDigest(this.hash.setting) || lc(model.unsafeHashes?.value ?? '') === 'true');
  }

  run(): UsersEvaluation {
    this.checkDocument();
    this.checkRootAttributes();
    const roles = this.resolveCustomRoles();
    const users = this.model.users.map((u) => this.evaluateUser(u));
    this.checkNames(users);
    return {
      version: this.version,
      hash: this.hash,
      legacyMode: this.legacyMode,
      caseSensitive: this.caseSensitive,
      users,
      roles,
      findings: this.findings,
    };
  }

  private add(f: Finding): void {
    this.findings.push(f);
  }

  // -------------------------------------------------------------------------------------------------------
  // Document level

  private checkDocument(): void {
    const m = this.model;
    const noRoot = m.authenticationElements.length === 0;
    for (const p of m.syntax) {
      if (p.kind === 'doctype' || (noRoot && p.kind === 'missing-root')) continue;
      const suspect = p.kind === 'replacement-character' || p.kind === 'unknown-encoding';
      this.add({
        rule: 'xml-syntax',
        range: p.range,
        severity: suspect ? 'warning' : undefined,
        message: suspect
          ? `${p.message}.`
          : `${p.message}. Rudder rejects the whole file: after a restart nobody but rootAdmin can log in (a reload keeps the previous users).`,
      });
    }
    for (const d of m.scan.doctypes) {
      const refused = FEATURES.doctypeRefused(this.era);
      this.add({
        rule: 'doctype-forbidden',
        range: d,
        severity: refused ? 'error' : 'warning',
        message: refused
          ? `${eraLabel(this.era)} refuses any DOCTYPE: the whole file is rejected and nobody but rootAdmin can log in.`
          : `${eraLabel(this.era)} may accept a DOCTYPE, but Rudder 8.2+ rejects the whole file because of it: remove it before upgrading.`,
      });
    }
    const docEl = m.documentElement;
    if (!docEl) {
      this.add({
        rule: 'root-element',
        range: { start: 0, end: Math.min(m.text.length, 1) },
        message: "There is no <authentication> element: Rudder reports 'the root tag <authentication> was not found' and rejects the file.",
      });
      return;
    }
    if (!m.root) {
      this.add({
        rule: 'root-element',
        range: docEl.nameRange,
        message: `The root element is <${docEl.name}>, not <authentication>: Rudder rejects the file ('the root tag <authentication> was not found').`,
      });
    }
    for (const extra of m.authenticationElements.slice(m.root ? 1 : 0).filter((e) => e !== m.root)) {
      this.add({
        rule: 'root-element',
        range: extra.nameRange,
        message: 'Rudder requires exactly one <authentication> element in the file: with this one it rejects the whole file.',
      });
    }
  }

  private checkRootAttributes(): void {
    const m = this.model;
    if (!m.root) return;
    const era = this.era;
    const label = eraLabel(era);
    const fallback = HASH_DISPLAY[HASH_FALLBACK[era]];
    if (!m.hash) {
      const messages: Record<Era, string> = {
        E1: `No hash attribute: ${label} compares every password as plain text.`,
        E2: `No hash attribute: ${label} verifies every password with bcrypt.`,
        E3: `No hash attribute: ${label} uses bcrypt, logs a warning and writes hash="bcrypt" unsafe-hashes="false" into the file at startup.`,
        E4: `No hash attribute: ${label} hashes new passwords with argon2id, logs a warning and writes hash="argon2id" into the file at startup.`,
      };
      this.add({ rule: 'missing-hash-attribute', range: m.root.nameRange, message: messages[era], severity: era === 'E1' ? 'warning' : undefined });
    } else if (!this.hash.recognised) {
      const v = m.hash.value ?? '';
      const why = era === 'E4' && isLegacyHashValue(v) ? ' (9.x only knows bcrypt and argon2id)' : '';
      const after: Record<Era, string> = {
        E1: 'every password is compared as plain text',
        E2: 'every password is verified with bcrypt',
        E3: 'it uses bcrypt, and rewrites the attribute to hash="bcrypt" unsafe-hashes="false" at startup',
        E4: 'new passwords are hashed with argon2id, and the attribute is rewritten to hash="argon2id" at startup',
      };
      this.add({
        rule: 'unknown-hash-algorithm',
        range: this.valueRange(m.hash),
        severity: era === 'E1' ? 'error' : undefined,
        message: `${label} does not know hash="${v}"${why}: it falls back to ${fallback}, so ${after[era]}.`,
      });
    }

    const cs = m.caseSensitivity;
    if (cs && FEATURES.caseSensitivity(this.version.version)) {
      const v = lc(cs.value ?? '');
      if (v !== 'true' && v !== 'false') {
        this.add({
          rule: 'invalid-boolean-attribute',
          range: this.valueRange(cs),
          message: `case-sensitivity must be true or false: Rudder logs 'unknown case-sensitivity parameter' and uses true.`,
        });
      } else this.caseSensitive = v === 'true';
    }

    const uh = m.unsafeHashes;
    if (uh) {
      if (FEATURES.unsafeHashes(era)) {
        const v = lc(uh.value ?? '');
        if (v !== 'true' && v !== 'false') {
          this.add({
            rule: 'invalid-boolean-attribute',
            range: this.valueRange(uh),
            message: 'unsafe-hashes must be true or false: Rudder 8.2–8.3 uses false, so hex digests are rejected unless hash names a legacy algorithm.',
          });
        } else if (v === 'true') {
          const digests = m.users.filter((u) => classifyPassword(u.password?.value ?? '').kind === 'hex').length;
          this.add({
            rule: 'unsafe-hashes-enabled',
            range: uh.nameRange,
            severity: digests > 0 ? 'warning' : 'information',
            message:
              digests > 0
                ? `unsafe-hashes="true" keeps ${digests} unsalted digest password(s) valid; they stop working on 9.x. Re-hash them with bcrypt, then set it to false.`
                : 'unsafe-hashes="true" but no password is a hex digest any more: set it to false.',
          });
        }
      } else {
        this.add({
          rule: 'unsafe-hashes-obsolete',
          range: uh.nameRange,
          severity: era === 'E4' ? undefined : 'hint',
          unnecessary: true,
          message: era === 'E4' ? 'Rudder 9.x ignores unsafe-hashes and removes it from the file at startup.' : `${label} does not read unsafe-hashes (only 8.2–8.3 do).`,
        });
      }
    }

    if (FEATURES.rolesNeedPlugin(era)) {
      for (const block of m.customRolesBlocks) {
        this.add({
          rule: 'role-requires-plugin',
          range: block.nameRange,
          message: 'Custom roles need the user-management plugin on Rudder 7.3–8.1: without it, Rudder ignores them.',
        });
      }
    }
  }

  private valueRange(a: XmlAttribute): OffsetRange {
    return a.valueRange && a.valueRange.end > a.valueRange.start ? a.valueRange : a.nameRange;
  }

  // -------------------------------------------------------------------------------------------------------
  // Custom roles (§3.4)

  private resolveCustomRoles(): EffectiveRole[] {
    const declared = this.model.roles;
    if (!FEATURES.customRoles(this.era)) {
      return declared.map((decl) => ({ decl, name: decl.name?.value ?? '', valid: false, invalidBecause: `${eraLabel(this.era)} has no custom roles`, rights: NO_RIGHTS }));
    }
    const out: EffectiveRole[] = declared.map((decl) => ({ decl, name: (decl.name?.value ?? '').trim(), valid: true, rights: NO_RIGHTS }));
    const accepted = new Map<string, EffectiveRole>();
    /** Names declared in the file, valid or not: Rudder keeps references to them pending. */
    const declaredNames = new Set(out.filter((r) => r.name !== '').map((r) => lc(r.name)));

    for (const role of out) {
      const d = role.decl;
      if (d.roles) this.rolesAttributeIgnored(d.roles, d.permissions !== undefined, 'custom role');
      if (role.name === '') {
        this.reject(role, 'its name is empty');
        this.add({ rule: 'custom-role-empty-name', range: d.name ? d.name.nameRange : d.element.nameRange, message: "A custom role needs a non-empty name: Rudder drops this role." });
        continue;
      }
      const nameRange = this.valueRange(d.name!);
      if (isReservedCustomRoleName(role.name)) {
        const reason = this.era === 'E4' ? "'any' and names with an '_' are reserved" : "'any' and patterns 'kind_[read,edit,write,all]' are reserved";
        this.reject(role, reason);
        this.add({ rule: 'custom-role-reserved-name', range: nameRange, message: `Custom role '${role.name}' is dropped: ${reason}. Use '-' instead of '_'.` });
        continue;
      }
      const builtin = builtinRole(role.name);
      const earlier = accepted.get(lc(role.name));
      if (builtin || earlier) {
        this.reject(role, 'a role with the same name already exists');
        this.add({
          rule: 'custom-role-duplicate',
          range: nameRange,
          message: `Custom role '${role.name}' is dropped: a ${builtin ? 'built-in' : 'custom'} role named '${builtin ? builtin.name : earlier!.name}' already exists (names are case-insensitive).`,
          related: earlier ? [{ range: this.valueRange(earlier.decl.name!), message: 'the role that wins' }] : undefined,
        });
        continue;
      }
      accepted.set(lc(role.name), role);
    }

    for (const [key, role] of accepted) this.rolesByName.set(key, role);
    for (const role of out) if (role.name !== '' && !this.rolesByName.has(lc(role.name))) this.rolesByName.set(lc(role.name), role);

    // Resolve references to a fixpoint; whatever stays pending is part of, or depends on, a cycle.
    const items = new Map<EffectiveRole, ListItem[]>();
    for (const role of accepted.values()) items.set(role, role.decl.permissions ? splitList(this.model.text, role.decl.permissions) : []);
    const resolved = new Set<EffectiveRole>();
    let progress = true;
    while (progress) {
      progress = false;
      for (const role of accepted.values()) {
        if (resolved.has(role)) continue;
        const pending = items.get(role)!.some((it) => {
          if (builtinRole(it.text) || isGrantingRight(it.text)) return false;
          const target = accepted.get(lc(it.text));
          if (target) return !resolved.has(target);
          return declaredNames.has(lc(it.text));
        });
        if (pending) continue;
        role.rights = items.get(role)!.reduce<Rights>((acc, it) => unionRights(acc, this.itemRights(it.text)), NO_RIGHTS);
        resolved.add(role);
        progress = true;
      }
    }
    for (const role of accepted.values()) {
      if (!resolved.has(role)) {
        this.reject(role, 'it is part of a cycle');
        const via = items.get(role)!.filter((it) => !builtinRole(it.text) && !isGrantingRight(it.text) && declaredNames.has(lc(it.text)) && !resolved.has(accepted.get(lc(it.text))!));
        this.add({
          rule: 'custom-role-cycle',
          range: this.valueRange(role.decl.name!),
          message: `Custom role '${role.name}' is dropped: it is part of, or depends on, a cycle of role references (${via.map((i) => `'${i.text}'`).join(', ')}), which Rudder forbids.`,
        });
        continue;
      }
      for (const it of items.get(role)!) this.checkRoleReference(role, it, declaredNames);
    }
    return out;
  }

  private reject(role: EffectiveRole, because: string): void {
    role.valid = false;
    role.invalidBecause = because;
  }

  /** Rights of an item already known to resolve (built-in role, right, or resolved custom role). */
  private itemRights(item: string): Rights {
    const b = builtinRole(item);
    if (b) return b.rights(this.era);
    const r = parseRight(item);
    if (r.kind === 'any') return { kind: 'any' };
    if (r.kind === 'right') return { kind: 'set', rights: new Set(r.rights) };
    const custom = this.rolesByName.get(lc(item));
    return custom?.valid ? custom.rights : NO_RIGHTS;
  }

  private checkRoleReference(role: EffectiveRole, it: ListItem, declaredNames: Set<string>): void {
    if (builtinRole(it.text) || isGrantingRight(it.text) || this.rolesByName.get(lc(it.text))?.valid) return;
    if (this.checkRightShape(it, `role '${role.name}'`)) return;
    if (declaredNames.has(lc(it.text))) {
      this.add({ rule: 'custom-role-unknown-reference', range: it.range, message: `Custom role '${role.name}' references '${it.text}', a custom role Rudder drops: '${it.text}' will be ignored.` });
      return;
    }
    this.add({
      rule: 'custom-role-unknown-reference',
      range: it.range,
      message: `Custom role '${role.name}' references unknown role '${it.text}': Rudder ignores it (a plugin may define it).`,
      data: { candidates: this.candidates(it.text) },
    });
  }

  /** Right-shaped items with an unknown type or level; true when one was reported. */
  private checkRightShape(it: ListItem, owner: string): boolean {
    const r = parseRight(it.text);
    if (r.kind === 'unknown-type') {
      const plugin = PLUGIN_PERMISSION_TYPES[lc(r.type)];
      this.add({
        rule: 'unknown-permission-type',
        range: it.range,
        message: plugin
          ? `'${r.type}' is not a Rudder core permission type; ${plugin} defines it. Without that plugin Rudder ignores '${it.text}' in ${owner}.`
          : `'${r.type}' is not a Rudder core permission type: Rudder ignores '${it.text}' in ${owner} unless a plugin defines it.${didYouMean(this.candidates(it.text))}`,
        data: { candidates: plugin ? [] : this.candidates(it.text) },
      });
      return true;
    }
    if (r.kind === 'bad-level') {
      this.add({
        rule: 'invalid-permission-level',
        range: it.range,
        message: `'${r.level}' is not a permission level (read, write, edit or all): Rudder ignores '${it.text}' in ${owner}.`,
        data: { candidates: PERMISSION_LEVEL_TOKENS.map((l) => `${r.type}_${l}`).filter((c) => closest(it.text, [c], 3).length > 0).slice(0, 3) },
      });
      return true;
    }
    return false;
  }

  /** "Did you mean" names, built once per evaluation, and answers memoised per item. */
  private candidateNames?: string[];
  private readonly candidateCache = new Map<string, string[]>();

  private candidates(text: string): string[] {
    const cached = this.candidateCache.get(text);
    if (cached) return cached;
    this.candidateNames ??= [
      ...BUILTIN_ROLES.map((r) => r.name),
      ...[...this.rolesByName.values()].filter((r) => r.valid).map((r) => r.name),
      ...PERMISSION_TYPES.flatMap((t) => PERMISSION_LEVEL_TOKENS.map((l) => `${t}_${l}`)),
    ];
    const found = closest(text, this.candidateNames, 3);
    this.candidateCache.set(text, found);
    return found;
  }

  // -------------------------------------------------------------------------------------------------------
  // Users

  private evaluateUser(u: UserDecl): EffectiveUser {
    const name = u.name?.value ?? '';
    const user: EffectiveUser = { decl: u, name, loaded: true, rights: NO_RIGHTS, password: { kind: 'missing', loginPossible: false }, tenants: { kind: 'all' } };
    if (name === '') {
      user.loaded = false;
      user.droppedBecause = 'its name is missing or empty';
      this.add({
        rule: 'empty-user-name',
        range: u.name ? u.name.nameRange : u.element.nameRange,
        message: "This user has no name: Rudder drops it ('some required attribute is missing').",
      });
    }
    user.password = this.checkPassword(u, user);
    user.rights = this.resolveUserRights(u, name);
    user.tenants = this.checkTenants(u);
    return user;
  }

  private resolveUserRights(u: UserDecl, name: string): Rights {
    const era = this.era;
    const who = name === '' ? 'this user' : `user '${name}'`;
    if (u.roles) this.rolesAttributeIgnored(u.roles, u.role !== undefined || (u.permissions !== undefined && FEATURES.permissionsAttribute(era)), 'user');
    if (u.permissions && !FEATURES.permissionsAttribute(era)) {
      this.add({
        rule: 'roles-attribute-ignored',
        range: u.permissions.nameRange,
        unnecessary: true,
        message: `${eraLabel(era)} reads only role=: Rudder ignores permissions= on this user.`,
      });
    }
    const items = [u.role, FEATURES.permissionsAttribute(era) ? u.permissions : undefined].flatMap((a) => (a ? splitList(this.model.text, a) : []));
    const granted = new Set<string>();
    let all = false;
    let anyValid = false;
    let unknown = false;
    const noRights = items.filter((it) => lc(it.text) === NO_RIGHTS_ROLE);
    for (const it of items) {
      const builtin = builtinRole(it.text);
      const custom = this.rolesByName.get(lc(it.text));
      const right = parseRight(it.text);
      if (builtin || custom?.valid || isGrantingRight(it.text)) {
        const r = this.itemRights(it.text);
        if (r.kind === 'any') all = true;
        else for (const x of r.rights) granted.add(x);
        anyValid = true;
        if (FEATURES.rolesNeedPlugin(era) && lc(it.text) !== PLUGIN_FREE_ROLE) {
          this.add({
            rule: 'role-requires-plugin',
            range: it.range,
            message: `'${it.text}' needs the user-management plugin on Rudder 7.3–8.1: without it, Rudder removes the rights of ${who} (only 'administrator' works).`,
          });
        }
        continue;
      }
      unknown = true;
      const consequence = FEATURES.unknownRoleVoidsUser(era) ? `${eraLabel(era)} gives ${who} no rights at all` : 'Rudder ignores this item';
      if (custom && !custom.valid) {
        this.add({
          rule: 'unknown-role',
          range: it.range,
          message: `Custom role '${custom.name}' is dropped (${custom.invalidBecause}): ${consequence}.`,
          severity: FEATURES.unknownRoleVoidsUser(era) ? 'error' : undefined,
        });
        continue;
      }
      if (FEATURES.unknownRoleVoidsUser(era)) {
        this.add({
          rule: right.kind === 'unknown-type' ? 'unknown-permission-type' : right.kind === 'bad-level' ? 'invalid-permission-level' : 'unknown-role',
          range: it.range,
          severity: 'error',
          message: `'${it.text}' is neither a role nor a valid permission: ${consequence}.`,
          data: { candidates: this.candidates(it.text) },
        });
        continue;
      }
      if (this.checkRightShape(it, who)) continue;
      const candidates = this.candidates(it.text);
      this.add({
        rule: 'unknown-role',
        range: it.range,
        message: `'${it.text}' is neither a role nor a permission Rudder knows: ${consequence}.${didYouMean(candidates)}`,
        data: { candidates },
      });
    }
    if (noRights.length > 0 && items.length > noRights.length) {
      for (const it of noRights) {
        this.add({ rule: 'no-rights-overrides', range: it.range, message: `no_rights overrides every other role: ${who} gets no rights at all.` });
      }
      return NO_RIGHTS;
    }
    if (unknown && FEATURES.unknownRoleVoidsUser(era)) return NO_RIGHTS;
    if (unknown && !anyValid) {
      // Every item of this user was invalid, so the last finding is about its last item: say the consequence there.
      const last = this.findings[this.findings.length - 1];
      last.message += ` Nothing else valid remains, so ${who} gets no rights.`;
    }
    if (!anyValid) return NO_RIGHTS;
    return all ? { kind: 'any' } : { kind: 'set', rights: granted };
  }

  private rolesAttributeIgnored(attr: XmlAttribute, hasOther: boolean, owner: 'user' | 'custom role'): void {
    this.add({
      rule: 'roles-attribute-ignored',
      range: attr.nameRange,
      unnecessary: true,
      message:
        owner === 'user'
          ? `Rudder never reads roles=${hasOther ? '' : ', so this user gets no rights'}: use permissions= (or role=).`
          : 'Rudder never reads roles= on a custom role: use permissions=.',
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Passwords (§4)

  private externalAuth(): boolean | undefined {
    const p = this.context.authProviders;
    if (!p) return undefined;
    return p.some((x) => (EXTERNAL_AUTH_PROVIDERS as readonly string[]).includes(x));
  }

  private checkPassword(u: UserDecl, user: EffectiveUser): PasswordVerdict {
    const era = this.era;
    const label = eraLabel(era);
    const attr = u.password;
    const value = attr?.value;
    const at = attr ? this.valueRange(attr) : u.element.nameRange;
    if (value === undefined || value.trim() === '') {
      if (FEATURES.passwordRequired(era)) {
        user.loaded = false;
        user.droppedBecause ??= 'it has no password';
        this.add({ rule: 'missing-password', range: at, severity: 'error', message: `${label} requires a password: Rudder drops this user ('some required attribute is missing').` });
      } else {
        const external = this.externalAuth();
        this.add({
          rule: 'missing-password',
          range: at,
          severity: external === false ? 'warning' : 'information',
          message:
            external === false
              ? 'No password, and rudder.auth.provider has no LDAP/OIDC provider: Rudder sets a random password, so this user cannot log in.'
              : 'No password: Rudder sets a random one, so this user can only log in through LDAP/OIDC (an empty password is the convention for that).',
        });
      }
      return { kind: 'missing', loginPossible: false };
    }
    const shape = classifyPassword(value);
    const setting = this.hash.setting;
    const singleVerifier = FEATURES.oneVerifierPerFile(era);

    if (singleVerifier && setting === 'plain') {
      this.add({
        rule: 'plaintext-password',
        range: at,
        message: `${label} compares this password as plain text (${this.model.hash ? `hash="${this.model.hash.value}"` : 'no hash attribute'}): anyone who can read this file can log in as this user. Hash it with bcrypt and set hash="bcrypt".`,
      });
      return { kind: 'plaintext', loginPossible: true };
    }
    if (value === LDAP_PASSWORD_CONVENTION) {
      const external = this.externalAuth();
      this.add({
        rule: 'plaintext-password',
        range: at,
        severity: external === false ? 'warning' : 'information',
        message:
          external === false
            ? 'password="LDAP" marks an LDAP/OIDC user, but rudder.auth.provider has no such provider: this user cannot log in.'
            : 'password="LDAP" is the convention for a user who logs in through LDAP/OIDC: it is not a hash, so login through this file is impossible.',
      });
      return { kind: 'plaintext', loginPossible: false };
    }

    if (singleVerifier) return this.checkSingleVerifier(shape, at, setting as Exclude<typeof setting, 'plain'>);
    return this.checkDetected(shape, at);
  }

  /** ≤8.1: the root `hash` picks one verifier for every password of the file. */
  private checkSingleVerifier(shape: PasswordShape, at: OffsetRange, setting: DigestAlgorithm | 'bcrypt' | 'argon2id'): PasswordVerdict {
    const label = eraLabel(this.era);
    const verifier = HASH_DISPLAY[setting];
    const declared = this.model.hash ? `hash="${this.model.hash.value}"` : 'the missing hash attribute';
    if (isDigest(setting)) {
      if (shape.kind === 'hex' && shape.length === DIGEST_HEX_LENGTH[setting]) return this.checkDigest(shape, at, setting, true);
      if (shape.kind === 'hex') {
        const looks = shape.algorithm ? ` (it looks like ${HASH_DISPLAY[shape.algorithm]})` : '';
        this.add({ rule: 'hash-mismatch', range: at, message: `${declared} makes ${label} verify every password with ${verifier}, which needs ${DIGEST_HEX_LENGTH[setting]} hex characters; this one has ${shape.length}${looks}: login is impossible.` });
        return { kind: shape.algorithm ?? 'plaintext', loginPossible: false };
      }
      if (shape.kind === 'bcrypt' || shape.kind === 'argon2id') {
        this.add({ rule: 'hash-mismatch', range: at, message: `This looks like a ${shape.kind} hash, but ${declared} makes ${label} verify every password with ${verifier}: login is impossible. Up to 8.1 all passwords of the file must use one algorithm.` });
        return { kind: shape.kind, loginPossible: false };
      }
      this.plaintext(at, `it is not a ${verifier} digest: ${label} hashes what the user types and compares, so login is impossible`);
      return { kind: 'plaintext', loginPossible: false };
    }
    // bcrypt verifier (explicit, or the 7.3–8.1 default)
    if (shape.kind === 'bcrypt') return this.checkBcrypt(shape, at);
    if (shape.kind === 'hex') {
      const alg = shape.algorithm ? `a ${HASH_DISPLAY[shape.algorithm]} digest` : 'a hex digest';
      this.add({ rule: 'hash-mismatch', range: at, message: `This looks like ${alg}, but ${declared} makes ${label} verify every password with bcrypt: login is impossible.` });
      return { kind: shape.algorithm ?? 'plaintext', loginPossible: false };
    }
    if (shape.kind === 'argon2id' || shape.kind === 'argon2-other') {
      this.add({ rule: 'argon2-unsupported', range: at, message: `${label} cannot verify argon2 hashes (argon2id needs Rudder 9.0): login with this password is impossible.` });
      return { kind: shape.kind === 'argon2id' ? 'argon2id' : 'plaintext', loginPossible: false };
    }
    this.plaintext(at, `${label} verifies it with bcrypt, so login is impossible`);
    return { kind: 'plaintext', loginPossible: false };
  }

  /** 8.2+: the algorithm is detected from each password. */
  private checkDetected(shape: PasswordShape, at: OffsetRange): PasswordVerdict {
    const era = this.era;
    const label = eraLabel(era);
    switch (shape.kind) {
      case 'bcrypt':
        return this.checkBcrypt(shape, at);
      case 'argon2id':
        if (era !== 'E4') {
          this.add({ rule: 'argon2-unsupported', range: at, message: `${label} cannot verify argon2id (it needs Rudder 9.0) and tries bcrypt instead: login with this password is impossible.` });
          return { kind: 'argon2id', loginPossible: false };
        }
        return this.checkArgon2(shape, at);
      case 'argon2-other':
        this.add({ rule: 'argon2-unsupported', range: at, message: `Rudder verifies only argon2id, not ${shape.variant}: login with this password is impossible.` });
        return { kind: 'plaintext', loginPossible: false };
      case 'hex':
        if (!shape.algorithm) {
          this.add({ rule: 'hash-mismatch', range: at, message: `A hex string of ${shape.length} characters is not a digest Rudder recognises (32, 40, 64 or 128): login with this password is impossible.` });
          return { kind: 'plaintext', loginPossible: false };
        }
        if (era === 'E4') {
          this.add({
            rule: 'weak-hash',
            range: at,
            severity: 'error',
            message: `An unsalted ${HASH_DISPLAY[shape.algorithm]} digest: Rudder 9.x no longer accepts them, so login with this password is impossible. Set a new bcrypt or argon2id password.`,
          });
          return { kind: shape.algorithm, loginPossible: false };
        }
        if (!this.legacyMode) {
          this.add({
            rule: 'weak-hash',
            range: at,
            severity: 'error',
            message: `An unsalted ${HASH_DISPLAY[shape.algorithm]} digest, rejected by ${label} because hash="bcrypt" without unsafe-hashes="true" is strict: login with this password is impossible.`,
          });
          return { kind: shape.algorithm, loginPossible: false };
        }
        return this.checkDigest(shape, at, shape.algorithm, false);
      case 'empty':
      case 'other':
        this.plaintext(at, `${label} cannot recognise it as a hash, so login is impossible`);
        return { kind: 'plaintext', loginPossible: false };
    }
  }

  private plaintext(at: OffsetRange, what: string): void {
    this.add({
      rule: 'plaintext-password',
      range: at,
      message: `This password is not a hash: ${what}. If it is a real password, anyone who can read this file knows it. Replace it with a bcrypt hash.`,
    });
  }

  private checkDigest(shape: Extract<PasswordShape, { kind: 'hex' }>, at: OffsetRange, alg: DigestAlgorithm, fileWide: boolean): PasswordVerdict {
    const label = eraLabel(this.era);
    if (shape.uppercase) {
      this.add({ rule: 'uppercase-hex-digest', range: at, message: `Rudder compares digests in lowercase hex: this uppercase ${HASH_DISPLAY[alg]} digest never matches, so login is impossible. Lowercase it.` });
      return { kind: alg, loginPossible: false };
    }
    const why = fileWide ? `${label} accepts it` : `${label} accepts it only in legacy mode`;
    this.add({
      rule: 'weak-hash',
      range: at,
      message: `An unsalted ${HASH_DISPLAY[alg]} digest: ${why}, but it is quickly cracked and login with it is impossible on 9.x. Set a new bcrypt password.`,
    });
    return { kind: alg, loginPossible: true };
  }

  private checkBcrypt(shape: Extract<PasswordShape, { kind: 'bcrypt' }>, at: OffsetRange): PasswordVerdict {
    if (!shape.valid) {
      this.add({ rule: 'bcrypt-malformed', range: at, message: `This bcrypt hash is malformed (${shape.problem}): Rudder's verifier rejects it, so login is impossible.` });
      return { kind: 'bcrypt', loginPossible: false, cost: shape.cost };
    }
    const cost = shape.cost!;
    const target = this.context.bcryptCost ?? BCRYPT_COST.DEFAULT;
    if (cost < BCRYPT_COST.ERROR_BELOW) {
      this.add({ rule: 'bcrypt-low-cost', range: at, severity: 'error', message: `bcrypt cost ${cost} is far too low (below ${BCRYPT_COST.ERROR_BELOW}): re-hash this password with cost ${Math.max(target, BCRYPT_COST.DEFAULT)}.` });
    } else if (cost < target) {
      this.add({ rule: 'bcrypt-low-cost', range: at, severity: 'information', message: `bcrypt cost ${cost} is below ${target}${this.context.bcryptCost ? ' (rudder.bcrypt.cost)' : ", Rudder's default"}: consider re-hashing this password.` });
    }
    return { kind: 'bcrypt', loginPossible: true, cost };
  }

  private checkArgon2(shape: Extract<PasswordShape, { kind: 'argon2id' }>, at: OffsetRange): PasswordVerdict {
    if (!shape.valid) {
      this.add({ rule: 'argon2-unsupported', range: at, message: `Rudder cannot parse this argon2id string (${shape.problem}): login with this password is impossible.` });
      return { kind: 'argon2id', loginPossible: false };
    }
    const params = { memory: shape.memory!, iterations: shape.iterations!, parallelism: shape.parallelism! };
    if (params.iterations === 0 || params.parallelism === 0) {
      this.add({ rule: 'argon2-weak-params', range: at, severity: 'error', message: 'argon2id with t=0 or p=0 never verifies: login with this password is impossible.' });
      return { kind: 'argon2id', loginPossible: false, argon2: params };
    }
    const weak = [
      params.memory < ARGON2_MIN.memory ? `m=${params.memory} < ${ARGON2_MIN.memory}` : '',
      params.iterations < ARGON2_MIN.iterations ? `t=${params.iterations} < ${ARGON2_MIN.iterations}` : '',
    ].filter(Boolean);
    if (weak.length) {
      this.add({ rule: 'argon2-weak-params', range: at, message: `argon2id parameters below the recommended minimum (${weak.join(', ')}): re-hash this password with Rudder's defaults (m=131072, t=3, p=1).` });
    }
    return { kind: 'argon2id', loginPossible: true, argon2: params };
  }

  // -------------------------------------------------------------------------------------------------------
  // Tenants (§6)

  private checkTenants(u: UserDecl): TenantAccess {
    const attr = u.tenants;
    const v = this.version.version;
    if (!attr || !FEATURES.tenants(v)) return { kind: 'all' };
    const items = splitList(this.model.text, attr);
    if (items.length === 0) {
      this.add({
        rule: 'tenant-none-wins',
        range: attr.nameRange,
        severity: 'information',
        message: 'An empty tenants list gives this user access to no tenant at all; remove the attribute (or write "*") for all tenants.',
      });
      return { kind: 'none' };
    }
    const withSuffix = FEATURES.tenantPermissionSuffix(v);
    const none = items.filter((i) => i.text === TENANT_NONE);
    let all = false;
    const ids: string[] = [];
    for (const it of items) {
      if (it.text === TENANT_NONE) continue;
      if (it.text === TENANT_ALL) {
        all = true;
        continue;
      }
      if (isValidTenantId(it.text, withSuffix)) {
        ids.push(it.text);
        continue;
      }
      const suffixNote = !withSuffix && /^[A-Za-z0-9][A-Za-z0-9\-_]*:/.test(it.text) ? ' (permission suffixes like :r need Rudder 9.2)' : '';
      this.add({
        rule: 'tenant-malformed',
        range: it.range,
        message: `'${it.text}' is not a valid tenant id${suffixNote}: Rudder silently drops it. Ids start with a letter or digit, then letters, digits, '-' or '_'.`,
      });
    }
    if (none.length > 0) {
      if (items.length > none.length) {
        for (const it of none) this.add({ rule: 'tenant-none-wins', range: it.range, message: "'-' means no tenant and wins over everything else in the list: this user has access to no tenant." });
      }
      return { kind: 'none' };
    }
    if (all) return { kind: 'all' };
    return ids.length ? { kind: 'some', ids } : { kind: 'none' };
  }

  // -------------------------------------------------------------------------------------------------------
  // Duplicates and case collisions (§2.2)

  private checkNames(users: EffectiveUser[]): void {
    const named = users.filter((u) => u.loaded && u.name !== '');
    const byName = new Map<string, EffectiveUser[]>();
    for (const u of named) byName.get(u.name)?.push(u) ?? byName.set(u.name, [u]);
    const winners: EffectiveUser[] = [];
    for (const group of byName.values()) {
      const winner = group[group.length - 1];
      winners.push(winner);
      for (const loser of group.slice(0, -1)) {
        loser.loaded = false;
        loser.droppedBecause = 'a later user with the same name wins';
        this.add({
          rule: 'duplicate-user',
          range: this.valueRange(loser.decl.name!),
          unnecessary: true,
          message: `User '${loser.name}' is defined again later: Rudder keeps only the last definition and silently ignores this one.`,
          related: [{ range: this.valueRange(winner.decl.name!), message: 'the definition Rudder keeps' }],
        });
      }
    }
    if (!FEATURES.caseSensitivity(this.version.version)) return;
    const byLower = new Map<string, EffectiveUser[]>();
    for (const u of winners) byLower.get(lc(u.name))?.push(u) ?? byLower.set(lc(u.name), [u]);
    for (const group of byLower.values()) {
      if (group.length < 2) continue;
      const names = someNames(group.map((g) => `'${g.name}'`));
      for (const u of group) {
        if (!this.caseSensitive) {
          u.loaded = false;
          u.droppedBecause = 'another user has the same name but for case, and case-sensitivity is false';
        }
        this.add({
          rule: 'case-collision',
          range: this.valueRange(u.decl.name!),
          severity: this.caseSensitive ? 'information' : 'error',
          message: this.caseSensitive
            ? `Users ${names} differ only by case: fine while case-sensitivity is true, but with case-sensitivity="false" Rudder would drop all of them.`
            : `Users ${names} are equal ignoring case and case-sensitivity is false: Rudder drops all of them.`,
          related: firstOthers(group, u).map((g) => ({ range: this.valueRange(g.decl.name!), message: `'${g.name}'` })),
        });
      }
    }
  }
}
