/**
 * What Rudder will do with a `rudder-users.xml`, release by release: which users and custom roles it loads,
 * with which rights, whether each password can be verified, and every finding worth a diagnostic. Diagnostics,
 * hover, inlay hints and the CLI's `--explain` all read this one evaluation.
 *
 * The evaluation is a sequence of pure passes over the model (already enriched at parse time): the document,
 * its DOCTYPE (`doctype.ts`), the root attributes, the custom roles, the user names, then each user. Each pass
 * returns what it found; none changes what an earlier pass returned. Never throws on a model built by `parseUsers`.
 *
 * Invariant: no message contains a password value (messages only take names and facts, see messages/).
 */
import {
  ARGON2_DEFAULT,
  ARGON2_MIN,
  ARGON2_PROBLEMS,
  ARGON2ID_VERIFIED,
  BCRYPT_COST,
  BCRYPT_MAX_BYTES,
  bcryptTruncates,
  builtinRole,
  BUILTIN_ROLES,
  DIGEST_HEX_LENGTH,
  EXTERNAL_AUTH_PROVIDERS,
  HASH_ATTRIBUTE,
  HASH_DISPLAY,
  HEX_DIGESTS,
  interpretHashAttribute,
  isDigest,
  isValidTenantId,
  hasTenantSuffix,
  LDAP_PASSWORD_CONVENTION,
  NO_RIGHTS,
  NO_RIGHTS_ROLE,
  noFileLogin,
  formatVersion,
  ONE_VERIFIER_PER_FILE,
  PERMISSION_LEVEL_TOKENS,
  PERMISSION_TYPES,
  PLUGIN_FREE_ROLE,
  PLUGIN_PERMISSION_TYPES,
  RESERVED_ROLE_NAME_REASON,
  REWRITE_TOLERATES_SYNTAX,
  isReservedCustomRoleName,
  STARTUP_REWRITE,
  startupRewrite,
  TENANT_ALL,
  TENANT_NONE,
  UNSAFE_HASHES_READ,
  unionOf,
  userAttributesRead,
  USERS_FILE,
  USERS_XML,
  type DigestAlgorithm,
  type HashAttributeMeaning,
  type NoFileLogin,
  type PasswordShape,
  type ResolvedVersion,
  type Rights,
  type RudderVersion,
  type RootRewrite,
} from '../rudder';
import { finding, placeRange, type Finding } from '../findings';
import { closestIndex } from '../closestIndex';
import { fact, nameOf, type Fact, type Name } from '../messages';
import { closest, firstOthers, LISTED_NAMES, ownStrings } from '../text';
import type { OffsetRange, XmlAttribute, XmlElement } from '../xml/scan';
import { rewriteRepair, type Repair } from '../xml/scalaXml';
import { doctypePass } from './doctype';
import { asRewritten, asWritten, type RoleDecl, type RoleItem, type UserDecl, type UsersModel } from './model';

export type PasswordKind = 'bcrypt' | 'argon2id' | DigestAlgorithm | 'plaintext' | 'missing' | 'external';

export interface PasswordVerdict {
  /** `external`: password `LDAP` or empty while the sibling configures an LDAP/OIDC provider. */
  kind: PasswordKind;
  /** The user can log in: with this password, or through an external provider. */
  loginPossible: boolean;
  cost?: number;
  argon2?: { memory: number; iterations: number; parallelism: number };
  /** The external providers this user logs in through. */
  external?: string[];
  /** Why nobody of the file logs in, whatever the password (C11). */
  noLoginBecause?: string;
}

export type TenantAccess = { kind: 'all' } | { kind: 'none' } | { kind: 'some'; ids: string[] };

export interface EffectiveUser {
  decl: UserDecl;
  name: string;
  /** False when Rudder drops the user; `droppedBecause` says why. */
  loaded: boolean;
  droppedBecause?: string;
  rights: Rights;
  /** Why the rights are none, when they are. */
  noRightsBecause?: string;
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
  /** Hex digests are accepted only in legacy mode (a legacy `hash` or `unsafe-hashes="true"`), after the start-up rewrite. */
  legacyMode: boolean;
  caseSensitive: boolean;
  /** What Rudder rewrites in the file at its next start, if anything. */
  startupRewrite?: RootRewrite;
  /** Why Rudder rejects the whole file at its next start, when it does: then no user is loaded (C7). */
  rejected?: string;
  /** Why no user of the file can log in although it is read (C11: the sibling `rudder.auth.provider`), when so. */
  noLogin?: string;
  /** Every declared user, in file order (dropped ones too, with `loaded: false`). */
  users: EffectiveUser[];
  roles: EffectiveRole[];
  findings: Finding[];
}

export function evaluateUsers(model: UsersModel, version: ResolvedVersion, context: UsersContext = {}): UsersEvaluation {
  return evaluateUsersMemo(model, version, context).evaluation;
}

/**
 * What one evaluation of a file hands to the next: each user's result under the file-wide inputs (`env`) it was
 * computed with. A user's passes read nothing else but its start tag as written and why its name drops it, so an
 * entry holds wherever the same start tag with the same name drop appears under the same `env`; its findings are
 * moved to where the tag now starts. Entries are aligned with the users of the model evaluated (`decls`, whose
 * text is `text`): an incremental parse keeps that order, and keeps the declarations before the edit.
 */
export interface UsersMemo {
  env: string;
  text: string;
  decls: readonly UserDecl[];
  entries: readonly (MemoEntry | undefined)[];
  /** Updated for the users whose name changed (`updateNames`). */
  names: NameGroups;
  /** The findings of the name groups, kept while their users are the same declarations. */
  nameFindings: NamesMemo;
}

interface MemoEntry {
  nameDrop?: string;
  /** Offset of the user's `<` the findings' ranges are absolute for (moved with them by `rebase`). */
  base: number;
  /** The evaluation that last reused this entry (`rebase`). */
  claimed?: object;
  user: EffectiveUser;
  findings: Finding[];
}

/** Misses after which the previous users are indexed by start tag (users were added or removed: a full parse). */
const MISSES_BEFORE_INDEX = 32;

/**
 * What `ownStrings` does not follow in a user's result: its declaration is the model's, replaced on reuse
 * (`rebase`); its rights are built from the catalogue's names (`parseRight`), never cut from the text.
 */
const NOT_OWNED: ReadonlySet<string> = new Set(['decl', 'rights']);

const tagOf = (text: string, u: UserDecl) => text.slice(u.element.start, u.element.startTagEnd);

/** The evaluation, reusing the per-user results of `memo` (the previous evaluation of the file) where they still hold. */
export function evaluateUsersMemo(parsed: UsersModel, version: ResolvedVersion, context: UsersContext = {}, memo?: UsersMemo): { evaluation: UsersEvaluation; memo: UsersMemo } {
  const v = version.version;
  // The users and roles as this release reads them: with the DOCTYPE's attribute defaults only where it reads them.
  const readsDefaults = USERS_FILE.attributeDefaults.at(v);
  const model = readsDefaults ? parsed : REWRITE_TOLERATES_SYNTAX.at(v) ? asRewritten(parsed) : asWritten(parsed);
  const doc = documentPass(model, v);
  const doctype = doctypePass(parsed, v);
  const providers = providersPass(model, v, context);
  const root = rootPass(model, v);
  const roles = rolesPass(model, v);
  const groups = updateNames(memo?.names, memo?.decls, model.users, v);
  const names = namesPass(model, v, root.caseSensitive, groups, memo?.nameFindings);
  const env: UserEnv = { model, v, root, roles, names: names.drops, context, rejected: doc.rejected, noLogin: providers.noLogin, suggest: suggester(roles.valid), unions: new Map() };
  const envKey = userEnvKey(env);
  const previous = memo?.env === envKey ? memo : undefined;
  const entries: (MemoEntry | undefined)[] = [];
  const owner = {};
  let misses = 0;
  let byTag: Map<string, number> | undefined;
  /** The previous entry for the user at `i` whose start tag is the same, if any. */
  const earlier = (u: UserDecl, i: number): MemoEntry | undefined => {
    if (!previous) return undefined;
    const p = previous.decls[i];
    if (p === u) return previous.entries[i];
    if (p && p.element.startTagEnd !== undefined && p.element.startTagEnd - p.element.start === u.element.startTagEnd! - u.element.start && tagOf(previous.text, p) === tagOf(model.text, u)) return previous.entries[i];
    if (++misses <= MISSES_BEFORE_INDEX) return undefined;
    if (!byTag) {
      byTag = new Map();
      previous.decls.forEach((d, k) => {
        const tag = d.element.startTagEnd === undefined ? undefined : tagOf(previous.text, d);
        if (tag !== undefined && !byTag!.has(tag)) byTag!.set(tag, k);
      });
    }
    const k = byTag.get(tagOf(model.text, u));
    return k === undefined ? undefined : previous.entries[k];
  };
  // One pass, no intermediate arrays: the users' findings go straight after the file-wide ones before them.
  const users: EffectiveUser[] = [];
  const findings: Finding[] = [...doc.findings, ...doctype, ...providers.findings, ...root.findings, ...roles.findings];
  const drops = env.names.size > 0 ? env.names : undefined;
  for (let i = 0; i < model.users.length; i++) {
    const u = model.users[i];
    let result: { user: EffectiveUser; findings: Finding[] };
    // A user reading a DOCTYPE default has findings in the DOCTYPE, which do not move with its tag: never reused.
    if (u.element.startTagEnd === undefined || (readsDefaults && u.element.defaulted)) {
      entries.push(undefined);
      result = userPass(u, env);
    } else {
      const nameDrop = drops?.get(u);
      const found = earlier(u, i);
      const hit = found && found.nameDrop === nameDrop ? found : undefined;
      // A fresh result next to reused ones outlives this version's text in the next memos: its own strings.
      result = hit ? rebase(hit, u, owner) : previous ? ownStrings(userPass(u, env), NOT_OWNED) : userPass(u, env);
      entries.push(hit && hit.base === u.element.start && hit.user === result.user ? hit : { nameDrop, base: u.element.start, user: result.user, findings: result.findings });
    }
    users.push(result.user);
    for (const f of result.findings) findings.push(f);
  }
  for (const f of names.findings) findings.push(f);
  const evaluation: UsersEvaluation = {
    version,
    hash: root.hash,
    legacyMode: root.legacyMode,
    caseSensitive: root.caseSensitive,
    startupRewrite: root.rewrite,
    rejected: doc.rejected,
    ...(providers.noLogin ? { noLogin: providers.noLogin } : {}),
    users,
    roles: roles.roles,
    findings,
  };
  return { evaluation, memo: { env: envKey, text: model.text, decls: model.users, entries, names: groups, nameFindings: names.memo } };
}

/** Everything file-wide that a user's passes read, as one string. */
function userEnvKey(env: UserEnv): string {
  const { root, roles, context } = env;
  const rights = (r: Rights) => (r.kind === 'set' ? [...r.rights] : r.kind);
  // The DOCTYPE's entities and `<!ATTLIST>` change what a start tag as written delivers.
  const doctype = env.model.scan.doctypes[0];
  return JSON.stringify([
    env.v,
    doctype ? env.model.text.slice(doctype.start, doctype.end) : null,
    root.hash,
    root.legacyMode,
    root.legacyLostAtStartup,
    root.caseSensitive,
    env.rejected ?? null,
    env.noLogin ?? null,
    env.model.hash !== undefined,
    context.authProviders ?? null,
    context.bcryptCost ?? null,
    roles.roles.map((r) => [r.name, r.valid, r.invalidBecause ?? null, rights(r.rights)]),
  ]);
}

/**
 * A memoised user result moved to `u` (the same start tag at another offset, or another model's declaration).
 * The entry's findings are moved in place (they own their ranges, see `finding`; the memo's evaluation is
 * consumed), so the same objects go on and their converted diagnostics stay cached. An entry this evaluation
 * (`owner`) already reused for another user (two equal start tags) is copied instead.
 */
function rebase(hit: MemoEntry, u: UserDecl, owner: object): { user: EffectiveUser; findings: Finding[] } {
  const own = hit.claimed !== owner;
  hit.claimed = owner;
  let user = hit.user;
  if (user.decl !== u) {
    // A copy by spread, then the new declaration: the same keys in the same order, on V8's fast path.
    user = { ...user };
    user.decl = u;
  }
  const d = u.element.start - hit.base;
  if (d === 0) return { user, findings: hit.findings };
  if (own) {
    for (const f of hit.findings) {
      f.range.start += d;
      f.range.end += d;
      if (f.related) for (const r of f.related) (r.range.start += d), (r.range.end += d);
    }
    hit.base = u.element.start;
    return { user, findings: hit.findings };
  }
  const shift = (r: OffsetRange) => ({ start: r.start + d, end: r.end + d });
  const findings = hit.findings.map((f) => {
    const moved = { ...f };
    moved.range = shift(f.range);
    if (f.related) moved.related = f.related.map((r) => ({ range: shift(r.range), message: r.message }));
    return moved;
  });
  return { user, findings };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** The value's range, or the name's when the value is empty (so an empty value still gets a visible squiggle). */
function valueRange(a: XmlAttribute): OffsetRange {
  return a.valueRange && a.valueRange.end > a.valueRange.start ? a.valueRange : a.nameRange;
}

const quoted = (name: string): Name => nameOf(`'${name}'`);
const whoOf = (name: string): Name | Fact => (name === '' ? fact('this user') : quoted(name));

/** `". Did you mean 'x'?"`, for the first candidate (the others travel in `data`). */
function hint(candidates: readonly string[]): Fact {
  return fact(candidates.length ? `. Did you mean '${candidates[0]}'?` : '');
}

// ---------------------------------------------------------------------------------------------------------
// Document (§1, C3, C7)

interface DocumentResult {
  findings: Finding[];
  rejected?: string;
}

/** The xml-syntax message of each repair of the start-up rewrite (a DOCTYPE has doctype-forbidden's). */
const REPAIR_VARIANT = {
  dropped: 'reloadOnly',
  'kept-once': 'reloadOnly',
  'literal-reference': 'literalReference',
  'comment-reference': 'commentReference',
  'expanded-reference': 'expandedReference',
} as const satisfies Record<Repair, string>;

function documentPass(model: UsersModel, v: RudderVersion): DocumentResult {
  const findings: Finding[] = [];
  const reasons: string[] = [];
  // Where the start-up rewrite reads the file with scala-xml, what it repairs only stops a reload (C3).
  const rewritesAtStart = REWRITE_TOLERATES_SYNTAX.at(v);
  const rewriteLabel = fact(REWRITE_TOLERATES_SYNTAX.label(v));
  const noRoot = model.authenticationElements.length === 0;
  // With a DOCTYPE, the releases that read it expand its entities; those that refuse it never declare them.
  const reading = USERS_FILE.doctypeRefused.at(v) ? 'no-dtd' : 'dtd';
  for (const p of model.syntax) {
    // A DOCTYPE is judged below, by release; no root is the root-element finding; what stops the rewritten file
    // counts only where there is a rewrite.
    if (p.kind === 'doctype' || (noRoot && p.kind === 'missing-root') || (p.reading && p.reading !== reading) || (p.afterRewrite && !rewritesAtStart)) continue;
    const repair = rewritesAtStart && !p.afterRewrite ? rewriteRepair(p) : undefined;
    if (p.kind === 'replacement-character' || p.kind === 'unknown-encoding') {
      findings.push(finding('xml-syntax', 'suspect', { problem: fact(p.message) }, p.range, { severity: 'warning' }));
    } else if (repair) {
      findings.push(finding('xml-syntax', REPAIR_VARIANT[repair], { problem: fact(p.message), versions: rewriteLabel }, p.range));
    } else {
      findings.push(finding('xml-syntax', 'rejected', { problem: fact(p.message) }, p.range));
      reasons.push('it is not well-formed XML');
    }
  }
  const refused = USERS_FILE.doctypeRefused;
  for (const d of model.scan.doctypes) {
    if (!refused.at(v)) {
      findings.push(finding('doctype-forbidden', 'upgrade', { refusing: fact(refused.labelWhere((x) => x)!) }, d, { severity: 'warning' }));
    } else if (rewritesAtStart) {
      findings.push(finding('doctype-forbidden', 'reloadOnly', { versions: rewriteLabel }, d));
    } else {
      findings.push(finding('doctype-forbidden', 'rejected', { versions: fact(refused.label(v)) }, d));
      reasons.push('of its DOCTYPE');
    }
  }
  const docEl = model.documentElement;
  if (!docEl) {
    findings.push(finding('root-element', 'none', {}, { start: 0, end: Math.min(model.text.length, 1) }));
    reasons.push('it has no <authentication> element');
    return { findings, rejected: reasons[0] };
  }
  if (!model.root) {
    findings.push(finding('root-element', 'wrongRoot', { element: nameOf(docEl.name) }, docEl.nameRange));
    reasons.push('its root element is not <authentication>');
  }
  for (const extra of model.authenticationElements.filter((e) => e !== model.root).slice(model.root ? 0 : 1)) {
    findings.push(finding('root-element', 'extra', {}, extra.nameRange));
    reasons.push('it has more than one <authentication> element');
  }
  return { findings, rejected: reasons[0] };
}

// ---------------------------------------------------------------------------------------------------------
// Providers of the sibling rudder-web.properties (C11)

const NO_LOGIN_BECAUSE: Record<NoFileLogin, string> = {
  rootAdminOnly: 'rudder.auth.provider loads only rootAdmin',
  empty: 'rudder.auth.provider is empty, so only rootAdmin is tried',
  noneExists: 'rudder.auth.provider names no provider this version has, so only rootAdmin is tried',
};

/** One finding on the root when no provider lets the file's users log in; each user's verdict says it too. */
function providersPass(model: UsersModel, v: RudderVersion, context: UsersContext): { noLogin?: string; findings: Finding[] } {
  const why = context.authProviders ? noFileLogin(context.authProviders, v) : undefined;
  if (!why) return { findings: [] };
  const at = model.root?.nameRange ?? model.documentElement?.nameRange ?? { start: 0, end: Math.min(model.text.length, 1) };
  return { noLogin: NO_LOGIN_BECAUSE[why], findings: [finding('no-login-provider', why, { release: fact(`Rudder ${formatVersion(v)}`) }, at)] };
}

// ---------------------------------------------------------------------------------------------------------
// Root attributes (§2.1, §4.1, §5, C2, C4)

interface RootResult {
  hash: HashAttributeMeaning;
  legacyMode: boolean;
  /** Legacy mode as the file is written, lost at the next start by the rewrite. */
  legacyLostAtStartup: boolean;
  caseSensitive: boolean;
  rewrite?: RootRewrite;
  findings: Finding[];
}

const lc = (s: string | undefined) => (s ?? '').toLowerCase();

function rootPass(model: UsersModel, v: RudderVersion): RootResult {
  const findings: Finding[] = [];
  const hash = interpretHashAttribute(model.hash?.value, v);
  const root = model.root;
  const rewrite = root ? startupRewrite(v, model.hash?.value, model.unsafeHashes?.value) : undefined;
  const legacy = (hashValue: string | undefined, unsafe: string | null | undefined) => {
    const setting = interpretHashAttribute(hashValue, v).setting;
    return HEX_DIGESTS.at(v) === 'legacy-mode' && (isDigest(setting) || lc(unsafe ?? undefined) === 'true');
  };
  const legacyNow = legacy(model.hash?.value, model.unsafeHashes?.value);
  const legacyMode = rewrite ? legacy(rewrite.hash ?? model.hash?.value, rewrite.unsafeHashes === undefined ? model.unsafeHashes?.value : rewrite.unsafeHashes) : legacyNow;
  let caseSensitive = true;
  if (!root) return { hash, legacyMode, legacyLostAtStartup: false, caseSensitive, findings };

  const versions = fact(HASH_ATTRIBUTE.label(v));
  const algorithm = fact(HASH_DISPLAY[hash.setting]);
  const mode = hash.setting === 'plain' ? 'plain' : ONE_VERIFIER_PER_FILE.at(v) ? 'oneVerifier' : 'detected';
  if (!model.hash) {
    findings.push(finding('missing-hash-attribute', mode, { versions, algorithm }, root.nameRange, mode === 'plain' ? { severity: 'warning' } : {}));
  } else if (!hash.recognised) {
    const known = Object.keys(HASH_ATTRIBUTE.at(v).values).map(fact);
    findings.push(finding('unknown-hash-algorithm', mode, { value: nameOf(model.hash.value ?? ''), versions, algorithm, known }, valueRange(model.hash), mode === 'plain' ? { severity: 'error' } : {}));
  }

  const everyStart = STARTUP_REWRITE.at(v) === 'enforce-argon2id';
  if (rewrite && (!everyStart || lc(model.hash?.value) !== rewrite.hash || model.unsafeHashes || model.scan.doctypes.length > 0)) {
    const versionsOfCheck = fact(STARTUP_REWRITE.label(v));
    const hashAfter = fact(rewrite.hash ?? model.hash?.value ?? '');
    findings.push(
      everyStart
        ? finding('startup-rewrite', 'always', { hash: hashAfter, versions: versionsOfCheck }, root.nameRange)
        : finding('startup-rewrite', 'modern', { hash: hashAfter, unsafe: fact(rewrite.unsafeHashes ?? model.unsafeHashes?.value ?? ''), versions: versionsOfCheck }, root.nameRange),
    );
  }

  // case-sensitivity: empty is unset (INFO "is not set", true), not invalid (rudder@9.1 RUDF:725-733).
  const cs = model.caseSensitivity;
  if (cs && USERS_FILE.caseSensitivity.at(v) && cs.value !== '') {
    const value = lc(cs.value);
    if (value === 'true' || value === 'false') caseSensitive = value === 'true';
    else findings.push(finding('invalid-boolean-attribute', 'caseSensitivity', {}, valueRange(cs)));
  }

  const uh = model.unsafeHashes;
  const readers = fact(UNSAFE_HASHES_READ.labelWhere((x) => x)!);
  if (uh && UNSAFE_HASHES_READ.at(v)) {
    const value = lc(uh.value);
    if (value === 'true') {
      const digests = model.users.filter((u) => u.passwordShape.kind === 'hex').length;
      const never = fact(HEX_DIGESTS.labelWhere((x) => x === 'never')!);
      findings.push(
        digests > 0
          ? finding('unsafe-hashes-enabled', 'digests', { count: digests, never }, uh.nameRange, { severity: 'warning' })
          : finding('unsafe-hashes-enabled', 'none', {}, uh.nameRange, { severity: 'information' }),
      );
    } else if (value !== 'false' && value !== '') {
      findings.push(finding('invalid-boolean-attribute', 'unsafeHashes', {}, valueRange(uh)));
    }
  } else if (uh) {
    findings.push(
      STARTUP_REWRITE.at(v) === 'enforce-argon2id'
        ? finding('unsafe-hashes-obsolete', 'removed', { readers }, uh.nameRange, { unnecessary: true })
        : finding('unsafe-hashes-obsolete', 'notRead', { readers }, uh.nameRange, { severity: 'hint', unnecessary: true }),
    );
  }

  if (USERS_FILE.customRoles.at(v) && USERS_FILE.rolesNeedPlugin.at(v)) {
    for (const block of model.customRolesBlocks) findings.push(finding('role-requires-plugin', 'block', { versions: fact(USERS_FILE.rolesNeedPlugin.label(v)) }, block.nameRange));
  }
  return { hash, legacyMode, legacyLostAtStartup: legacyNow && !legacyMode, caseSensitive, rewrite, findings };
}

// ---------------------------------------------------------------------------------------------------------
// Custom roles (§3.4, C1)

interface RolesResult {
  roles: EffectiveRole[];
  /** Valid custom roles by lowercased name. */
  valid: ReadonlyMap<string, EffectiveRole>;
  /** Every declared custom role by lowercased name (the first of each name), valid or not. */
  declared: ReadonlyMap<string, EffectiveRole>;
  findings: Finding[];
}

/** Rights of an item of a list, given the rights of the custom roles resolved so far; undefined: not (yet) known. */
function itemRights(it: RoleItem, v: RudderVersion, custom: (key: string) => Rights | undefined): Rights | undefined {
  const b = builtinRole(it.text);
  if (b) return b.rights(v);
  if (it.right.kind === 'any') return { kind: 'any' };
  if (it.right.kind === 'right') return { kind: 'set', rights: new Set(it.right.rights) };
  return custom(it.key);
}

const grants = (it: RoleItem) => !!builtinRole(it.text) || it.right.kind === 'right' || it.right.kind === 'any';

function unreadFindings(el: XmlElement, unread: readonly XmlAttribute[], read: readonly string[]): Finding[] {
  return unread.map((a) => {
    const suggestion = closest(a.name, read, 1)[0];
    return suggestion
      ? finding('unknown-attribute', 'didYouMean', { element: nameOf(el.name), suggestion: fact(suggestion) }, a.nameRange, { data: { candidates: [suggestion] } })
      : finding('unknown-attribute', 'ignored', { element: nameOf(el.name) }, a.nameRange, { unnecessary: true });
  });
}

function rolesPass(model: UsersModel, v: RudderVersion): RolesResult {
  const findings: Finding[] = [];
  if (!USERS_FILE.customRoles.at(v)) {
    const why = `${USERS_FILE.customRoles.label(v)} has no custom roles`;
    const roles = model.roles.map((decl) => ({ decl, name: decl.strippedName, valid: false, invalidBecause: why, rights: NO_RIGHTS }));
    return { roles, valid: new Map(), declared: new Map(roles.filter((r) => r.name).map((r) => [r.name.toLowerCase(), r])), findings };
  }

  // 1. Names: empty, reserved, or already taken (built-in, or an earlier custom role) — in file order.
  const invalid = new Map<RoleDecl, string>();
  const accepted = new Map<string, RoleDecl>();
  for (const d of model.roles) {
    if (d.roles) findings.push(finding('roles-attribute-ignored', 'role', {}, d.roles.nameRange, { unnecessary: true }));
    findings.push(...unreadFindings(d.element, d.unread, USERS_XML.roleAttributes));
    const name = d.strippedName;
    if (name === '') {
      invalid.set(d, 'its name is empty');
      findings.push(finding('custom-role-empty-name', 'dropped', {}, d.name ? d.name.nameRange : d.element.nameRange));
      continue;
    }
    const at = valueRange(d.name!);
    if (isReservedCustomRoleName(name)) {
      const reason = RESERVED_ROLE_NAME_REASON.at(v);
      invalid.set(d, reason);
      findings.push(finding('custom-role-reserved-name', 'dropped', { role: nameOf(name), reason: fact(reason) }, at));
      continue;
    }
    const builtin = builtinRole(name);
    const earlier = accepted.get(name.toLowerCase());
    if (builtin || earlier) {
      invalid.set(d, 'a role with the same name already exists');
      findings.push(
        builtin
          ? finding('custom-role-duplicate', 'builtin', { role: nameOf(name), other: nameOf(builtin.name) }, at)
          : finding('custom-role-duplicate', 'custom', { role: nameOf(name), other: nameOf(earlier!.strippedName) }, at, { related: [{ range: valueRange(earlier!.name!), message: 'the role that wins' }] }),
      );
      continue;
    }
    accepted.set(name.toLowerCase(), d);
  }

  // 2. Resolve references, each role once, after the roles it lists (depth first, memoised). A reference to a
  // name declared in the file but not accepted never resolves (Rudder reports it as a cycle), nor does a role
  // on a cycle or one that depends on either: Rudder's verdicts, whatever the declaration order.
  const declaredNames = new Set(model.roles.map((d) => d.strippedName.toLowerCase()).filter((n) => n !== ''));
  const resolved = resolveRoles(accepted, declaredNames, v);

  // 3. Every role's verdict, now that all are known.
  const roles: EffectiveRole[] = model.roles.map((decl) => {
    const name = decl.strippedName;
    const why = invalid.get(decl);
    if (why) return { decl, name, valid: false, invalidBecause: why, rights: NO_RIGHTS };
    const rights = resolved.get(name.toLowerCase());
    return rights ? { decl, name, valid: true, rights } : { decl, name, valid: false, invalidBecause: 'it is part of a cycle', rights: NO_RIGHTS };
  });
  const valid = new Map(roles.filter((r) => r.valid).map((r) => [r.name.toLowerCase(), r]));
  const declared = new Map<string, EffectiveRole>();
  for (const r of roles) if (r.name !== '' && !declared.has(r.name.toLowerCase())) declared.set(r.name.toLowerCase(), r);

  // 4. Findings that depend on the final verdicts: cycles, references, roles that grant nothing.
  const suggest = suggester(valid);
  for (const role of roles) {
    const d = role.decl;
    if (!accepted.has(role.name.toLowerCase()) || accepted.get(role.name.toLowerCase()) !== d) continue;
    const at = valueRange(d.name!);
    if (!role.valid) {
      const via = d.permissionItems.filter((it) => !grants(it) && declaredNames.has(it.key) && !valid.has(it.key)).map((it) => nameOf(it.text));
      findings.push(finding('custom-role-cycle', 'dropped', { role: nameOf(role.name), via }, at));
      continue;
    }
    for (const it of d.permissionItems) {
      if (grants(it) || valid.has(it.key)) continue;
      if (rightShapeFinding(it, quoted(role.name), false, suggest, findings)) continue;
      if (declaredNames.has(it.key)) findings.push(finding('custom-role-unknown-reference', 'dropped', { role: nameOf(role.name), item: nameOf(it.text) }, it.range));
      else {
        const candidates = suggest(it.text);
        findings.push(finding('custom-role-unknown-reference', 'unknown', { role: nameOf(role.name), item: nameOf(it.text), hint: hint(candidates) }, it.range, { data: { candidates } }));
      }
    }
    if (role.rights.kind === 'none') {
      const listsNoRights = d.permissionItems.some((it) => it.key === NO_RIGHTS_ROLE || valid.get(it.key)?.rights.kind === 'none');
      findings.push(finding('custom-role-grants-nothing', listsNoRights ? 'listsNoRights' : 'role', { role: nameOf(role.name) }, at));
    }
  }
  return { roles, valid, declared, findings };
}

/**
 * The rights of every accepted custom role that resolves (by lowercased name): one whose every item naming a
 * role declared in the file names an accepted role that resolves, without coming back to itself. Iterative
 * (a chain of 100,000 roles is no deeper on the stack than one), each role and each item visited once: linear
 * in the lists, in any declaration order.
 */
function resolveRoles(accepted: ReadonlyMap<string, RoleDecl>, declaredNames: ReadonlySet<string>, v: RudderVersion): Map<string, Rights> {
  const resolved = new Map<string, Rights>();
  const failed = new Set<string>();
  const onPath = new Set<string>();
  for (const [start, decl] of accepted) {
    if (resolved.has(start) || failed.has(start)) continue;
    // Each frame: a role and the first of its items not yet known to resolve.
    const path: { key: string; decl: RoleDecl; next: number }[] = [{ key: start, decl, next: 0 }];
    onPath.add(start);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const items = top.decl.permissionItems;
      let fails = false;
      let deeper: RoleDecl | undefined;
      for (; top.next < items.length; top.next++) {
        const it = items[top.next];
        if (grants(it) || !declaredNames.has(it.key) || resolved.has(it.key)) continue;
        deeper = accepted.get(it.key);
        fails = !deeper || failed.has(it.key) || onPath.has(it.key);
        break;
      }
      if (deeper && !fails) {
        path.push({ key: items[top.next].key, decl: deeper, next: 0 });
        onPath.add(items[top.next].key);
        continue;
      }
      path.pop();
      onPath.delete(top.key);
      if (fails) failed.add(top.key);
      else resolved.set(top.key, unionOf(items.map((it) => itemRights(it, v, (k) => resolved.get(k))).filter((r): r is Rights => r !== undefined)));
    }
  }
  return resolved;
}

/**
 * A right-shaped item with an unknown type or level; true when it was reported. `noRights`: the item is the
 * last of a list where nothing valid remains.
 */
function rightShapeFinding(it: RoleItem, who: Name | Fact, noRights: boolean, suggest: (t: string) => string[], out: Finding[]): boolean {
  const r = it.right;
  const severity = noRights ? ({ severity: 'error' } as const) : {};
  if (r.kind === 'unknown-type') {
    const plugin = PLUGIN_PERMISSION_TYPES[r.type.toLowerCase()];
    if (plugin) out.push(finding('unknown-permission-type', 'plugin', { item: nameOf(it.text), plugin: fact(plugin) }, it.range, { data: { candidates: [] } }));
    else {
      const candidates = suggest(it.text);
      const args = { type: nameOf(r.type), item: nameOf(it.text), hint: hint(candidates), who };
      out.push(noRights ? finding('unknown-permission-type', 'noRights', args, it.range, { ...severity, data: { candidates } }) : finding('unknown-permission-type', 'unknown', args, it.range, { data: { candidates } }));
    }
    return true;
  }
  if (r.kind === 'bad-level') {
    const candidates = PERMISSION_LEVEL_TOKENS.map((l) => `${r.type}_${l}`).filter((c) => closest(it.text, [c], 3).length > 0).slice(0, 3);
    const args = { level: nameOf(r.level), item: nameOf(it.text), who };
    out.push(noRights ? finding('invalid-permission-level', 'noRights', args, it.range, { ...severity, data: { candidates } }) : finding('invalid-permission-level', 'ignored', args, it.range, { data: { candidates } }));
    return true;
  }
  return false;
}

/**
 * "Did you mean" over the built-in roles, the valid custom roles and every core right; memoised per item, and
 * through a trie of the names when there are many (10,000 custom roles each asked about a distinct unknown item
 * cost a pass over all of them per item).
 */
function suggester(valid: ReadonlyMap<string, EffectiveRole>): (text: string) => string[] {
  let names: ((word: string, max: number) => string[]) | undefined;
  const cache = new Map<string, string[]>();
  return (text) => {
    const cached = cache.get(text);
    if (cached) return cached;
    names ??= closestIndex([...BUILTIN_ROLES.map((r) => r.name), ...[...valid.values()].map((r) => r.name), ...PERMISSION_TYPES.flatMap((t) => PERMISSION_LEVEL_TOKENS.map((l) => `${t}_${l}`))]);
    const found = names(text, 3);
    cache.set(text, found);
    return found;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Duplicates and case collisions (§2.2, C5)

interface NamesResult {
  /** Users Rudder drops for their name, with why. */
  drops: ReadonlyMap<UserDecl, string>;
  findings: Finding[];
}

/** Whether Rudder's parser keeps the user line at all (name non-empty; up to 7.2 a password attribute too). */
function parsedByRudder(u: UserDecl, passwordRequired: boolean): boolean {
  return (u.name?.value ?? '') !== '' && (!passwordRequired || u.password !== undefined);
}

/**
 * The users that share a name, as indexes into the model's users in the order Rudder meets their names: exactly
 * (among the users Rudder's parser keeps), then but for case (among the ones that win, when the release reads
 * case-sensitivity). Only groups of two or more. `key` says which release behaviours they were grouped under.
 */
export interface NameGroups {
  key: string;
  exact: number[][];
  byCase: number[][];
  /** What they are derived from, kept for the next evaluation (`updateNames`), which updates it in place. */
  index: NameIndex;
}

/** Every kept user's index by exact name, ascending; exact names by lowercased name; the names shared. */
interface NameIndex {
  byName: Map<string, number | number[]>;
  /** Only when the release reads case-sensitivity. */
  byLower?: Map<string, Set<string>>;
  /** Names of two users or more. */
  shared: Set<string>;
  /** Lowercased names of two exact names or more. */
  sharedLower: Set<string>;
}

/** Past this many changed users, the name groups are built again rather than updated. */
const NAME_UPDATES = 64;

function nameGroupsKey(v: RudderVersion): string {
  return `${USERS_FILE.passwordRequired.at(v)}:${USERS_FILE.exactDuplicatesDropAll.at(v)}:${USERS_FILE.caseSensitivity.at(v)}`;
}

function addName(index: NameIndex, name: string, i: number): void {
  const group = index.byName.get(name);
  if (group === undefined) {
    index.byName.set(name, i);
    if (index.byLower) {
      const lower = name.toLowerCase();
      const names = index.byLower.get(lower);
      if (!names) index.byLower.set(lower, new Set([name]));
      else if (names.add(name).size === 2) index.sharedLower.add(lower);
    }
    return;
  }
  index.shared.add(name);
  if (typeof group === 'number') index.byName.set(name, group < i ? [group, i] : [i, group]);
  else {
    let k = group.length;
    while (k > 0 && group[k - 1] > i) k--;
    group.splice(k, 0, i);
  }
}

function removeName(index: NameIndex, name: string, i: number): void {
  const group = index.byName.get(name);
  if (group === undefined) return;
  if (typeof group === 'number') {
    if (group !== i) return;
    index.byName.delete(name);
    if (index.byLower) {
      const lower = name.toLowerCase();
      const names = index.byLower.get(lower)!;
      names.delete(name);
      if (names.size === 0) index.byLower.delete(lower);
      else if (names.size === 1) index.sharedLower.delete(lower);
    }
    return;
  }
  const k = group.indexOf(i);
  if (k < 0) return;
  group.splice(k, 1);
  if (group.length === 1) {
    index.byName.set(name, group[0]);
    index.shared.delete(name);
  }
}

const firstOf = (group: number | number[]) => (typeof group === 'number' ? group : group[0]);

/** The groups of an index: every group in the order of its first user, as a full pass over the users meets them. */
function groupsOf(index: NameIndex, users: readonly UserDecl[], v: RudderVersion): NameGroups {
  const dropAll = USERS_FILE.exactDuplicatesDropAll.at(v);
  const exact = [...index.shared].map((n) => [...(index.byName.get(n) as number[])]).sort((x, y) => x[0] - y[0]);
  const byCase: number[][] = [];
  if (index.byLower) {
    for (const lower of index.sharedLower) {
      const winners: { first: number; winner: number }[] = [];
      for (const name of index.byLower.get(lower)!) {
        const group = index.byName.get(name)!;
        if (typeof group === 'number') winners.push({ first: group, winner: group });
        else if (!dropAll) winners.push({ first: group[0], winner: group[group.length - 1] });
      }
      if (winners.length > 1) byCase.push(winners.sort((x, y) => x.first - y.first).map((w) => w.winner));
    }
    const first = (group: number[]) => firstOf(index.byName.get(users[group[0]].name!.value!)!);
    byCase.sort((x, y) => first(x) - first(y));
  }
  return { key: nameGroupsKey(v), exact, byCase, index };
}

function groupNames(users: readonly UserDecl[], v: RudderVersion): NameGroups {
  const passwordRequired = USERS_FILE.passwordRequired.at(v);
  const index: NameIndex = { byName: new Map(), shared: new Set(), sharedLower: new Set(), ...(USERS_FILE.caseSensitivity.at(v) ? { byLower: new Map() } : {}) };
  users.forEach((u, i) => {
    if (parsedByRudder(u, passwordRequired)) addName(index, u.name!.value!, i);
  });
  return groupsOf(index, users, v);
}

/**
 * The name groups of `users` from those of `prev` (the users of the memo's evaluation, `groups` theirs): when
 * the list has the same length and at most `NAME_UPDATES` declarations are new objects, only the names of those
 * are moved (in place: the memo is consumed); otherwise built again.
 */
function updateNames(groups: NameGroups | undefined, prev: readonly UserDecl[] | undefined, users: readonly UserDecl[], v: RudderVersion): NameGroups {
  if (!groups || !prev || groups.key !== nameGroupsKey(v) || prev.length !== users.length) return groupNames(users, v);
  const changed: number[] = [];
  for (let i = 0; i < users.length; i++) if (prev[i] !== users[i] && changed.push(i) > NAME_UPDATES) return groupNames(users, v);
  const passwordRequired = USERS_FILE.passwordRequired.at(v);
  const nameOfUser = (u: UserDecl) => (parsedByRudder(u, passwordRequired) ? u.name!.value! : undefined);
  let moved = false;
  for (const i of changed) {
    const before = nameOfUser(prev[i]);
    const after = nameOfUser(users[i]);
    if (before === after) continue;
    moved = true;
    if (before !== undefined) removeName(groups.index, before, i);
    if (after !== undefined) addName(groups.index, after, i);
  }
  return moved ? groupsOf(groups.index, users, v) : groups;
}

/**
 * The findings of one name group and the users whose names their ranges show (a finding's own, then its related
 * ones'), kept from one evaluation to the next (`NamesMemo`).
 */
interface GroupFindings {
  /** The group's users, in order: the findings hold while they are the same declarations. */
  members: UserDecl[];
  findings: Finding[];
  shown: UserDecl[][];
}

/**
 * The findings of the name groups, by the first user of each group (exact, then but for case), under the release
 * behaviours and case-sensitivity `key` says. A group whose users are the same declaration objects (the ones an
 * incremental parse keeps, moved in place) keeps its finding objects, moved to where those names now are, so
 * their converted diagnostics and JSON stay cached. The memo's evaluation is consumed.
 */
interface NamesMemo {
  key: string;
  exact: Map<UserDecl, GroupFindings>;
  byCase: Map<UserDecl, GroupFindings>;
}

/** `previous`'s findings for `members` moved to where the names are now, or, when it holds other users, `make`'s. */
function groupFindings(previous: GroupFindings | undefined, members: UserDecl[], make: (add: (f: Finding, shown: UserDecl[]) => void) => void): GroupFindings {
  if (previous && previous.members.length === members.length && previous.members.every((u, i) => u === members[i])) {
    previous.findings.forEach((f, i) => {
      const [at, ...related] = previous.shown[i];
      placeRange(f.range, valueRange(at.name!));
      related.forEach((u, k) => placeRange(f.related![k].range, valueRange(u.name!)));
    });
    return previous;
  }
  const out: GroupFindings = { members, findings: [], shown: [] };
  make((f, shown) => {
    out.findings.push(f);
    out.shown.push(shown);
  });
  return out;
}

function namesPass(model: UsersModel, v: RudderVersion, caseSensitive: boolean, groups: NameGroups, memo: NamesMemo | undefined): NamesResult & { memo: NamesMemo } {
  const key = `${nameGroupsKey(v)}:${USERS_FILE.exactDuplicatesDropAll.label(v)}:${caseSensitive}`;
  const previous = memo?.key === key ? memo : undefined;
  const next: NamesMemo = { key, exact: new Map(), byCase: new Map() };
  const findings: Finding[] = [];
  const drops = new Map<UserDecl, string>();
  const nameRange = (u: UserDecl) => valueRange(u.name!);
  const dropAll = USERS_FILE.exactDuplicatesDropAll.at(v);
  const users = (indexes: number[]) => indexes.map((i) => model.users[i]);
  for (const group of groups.exact.map(users)) {
    const winner = group[group.length - 1];
    const kept = groupFindings(previous?.exact.get(group[0]), group, (add) => {
      if (dropAll) {
        for (const u of group) add(finding('duplicate-user', 'allDropped', { user: nameOf(u.name!.value!), versions: fact(USERS_FILE.exactDuplicatesDropAll.label(v)) }, nameRange(u), { severity: 'error' }), [u]);
        return;
      }
      for (const loser of group.slice(0, -1)) {
        add(finding('duplicate-user', 'lastWins', { user: nameOf(loser.name!.value!) }, nameRange(loser), { unnecessary: true, related: [{ range: nameRange(winner), message: 'the definition Rudder keeps' }] }), [loser, winner]);
      }
    });
    next.exact.set(group[0], kept);
    for (const f of kept.findings) findings.push(f);
    if (dropAll) for (const u of group) drops.set(u, 'another user has the same name');
    else for (const loser of group.slice(0, -1)) drops.set(loser, 'a later user with the same name wins');
  }
  if (!USERS_FILE.caseSensitivity.at(v)) return { drops, findings, memo: next };
  for (const group of groups.byCase.map(users)) {
    const kept = groupFindings(previous?.byCase.get(group[0]), group, (add) => {
      const names = group.slice(0, LISTED_NAMES).map((u) => nameOf(u.name!.value!));
      const more = group.length - names.length;
      for (const u of group) {
        const others = firstOthers(group, u);
        const related = others.map((g) => ({ range: nameRange(g), message: `'${g.name!.value!}'` }));
        if (!caseSensitive) {
          add(more ? finding('case-collision', 'droppedMore', { names, more }, nameRange(u), { severity: 'error', related }) : finding('case-collision', 'dropped', { names }, nameRange(u), { severity: 'error', related }), [u, ...others]);
        } else {
          add(more ? finding('case-collision', 'wouldDropMore', { names, more }, nameRange(u), { severity: 'information', related }) : finding('case-collision', 'wouldDrop', { names }, nameRange(u), { severity: 'information', related }), [u, ...others]);
        }
      }
    });
    next.byCase.set(group[0], kept);
    for (const f of kept.findings) findings.push(f);
    if (!caseSensitive) for (const u of group) drops.set(u, 'another user has the same name but for case, and case-sensitivity is false');
  }
  return { drops, findings, memo: next };
}

// ---------------------------------------------------------------------------------------------------------
// Users (§2.2, §3.3, C1, C5, C12)

interface UserEnv {
  model: UsersModel;
  v: RudderVersion;
  root: RootResult;
  roles: RolesResult;
  names: ReadonlyMap<UserDecl, string>;
  context: UsersContext;
  rejected?: string;
  noLogin?: string;
  suggest: (text: string) => string[];
  /** One rights object per distinct union (the same rights in the same order), shared by the users that have it. */
  unions: Map<string, Rights>;
}

function userPass(u: UserDecl, env: UserEnv): { user: EffectiveUser; findings: Finding[] } {
  const { v } = env;
  const findings: Finding[] = [];
  const name = u.name?.value ?? '';
  const dropped: string[] = [];
  if (env.rejected) dropped.push(`Rudder rejects the whole file (${env.rejected})`);
  if (name === '') {
    dropped.push('its name is missing or empty');
    findings.push(finding('empty-user-name', 'dropped', {}, u.name ? u.name.nameRange : u.element.nameRange));
  } else if (name !== name.trim()) {
    findings.push(finding('user-name-whitespace', 'formLogin', { user: nameOf(name) }, valueRange(u.name!)));
  }
  findings.push(...unreadFindings(u.element, u.unread, userAttributesRead(v)));
  if (u.tenants && !USERS_FILE.tenants.at(v)) {
    findings.push(finding('unknown-attribute', 'notInVersion', { attribute: fact('tenants'), versions: fact(USERS_FILE.tenants.label(v)), since: fact(USERS_FILE.tenants.labelWhere((x) => x)!) }, u.tenants.nameRange, { severity: 'information', unnecessary: true }));
  }
  const verdict = passwordPass(u, name, env, findings, dropped);
  const password = env.noLogin ? { ...verdict, loginPossible: false, noLoginBecause: env.noLogin } : verdict;
  const nameDrop = env.names.get(u);
  if (nameDrop) dropped.push(nameDrop);
  const { rights, noRightsBecause } = rightsPass(u, name, env, findings);
  const tenants = tenantsPass(u, name, env, findings);
  const user: EffectiveUser = { decl: u, name, loaded: dropped.length === 0, rights, password, tenants };
  if (dropped.length) user.droppedBecause = dropped[0];
  if (noRightsBecause) user.noRightsBecause = noRightsBecause;
  // The memo keeps this array for every user: an exact-size copy, not the slack a growing array keeps (~130 bytes).
  return { user, findings: findings.slice() };
}

/** What a user's role list resolves to (§3.3): the rights and, when none, why. */
function rightsPass(u: UserDecl, name: string, env: UserEnv, out: Finding[]): { rights: Rights; noRightsBecause?: string } {
  const { v, roles } = env;
  const who = whoOf(name);
  const readsPermissions = USERS_FILE.permissionsAttribute.at(v);
  const items = [...u.roleItems, ...(readsPermissions ? u.permissionItems : [])];
  if (u.roles) {
    out.push(items.length ? finding('roles-attribute-ignored', 'user', {}, u.roles.nameRange, { unnecessary: true }) : finding('roles-attribute-ignored', 'userNoRights', { who }, u.roles.nameRange, { severity: 'error', unnecessary: true }));
  }
  if (u.permissions && !readsPermissions) {
    out.push(finding('roles-attribute-ignored', 'permissionsNotRead', { versions: fact(USERS_FILE.permissionsAttribute.label(v)), since: fact(USERS_FILE.permissionsAttribute.labelWhere((x) => x)!) }, u.permissions.nameRange, { unnecessary: true }));
  }
  const voids = USERS_FILE.unknownItemVoidsUser.at(v);
  const versionsOfVoid = fact(USERS_FILE.unknownItemVoidsUser.label(v));
  let because: string | undefined;
  if (u.blankRoleItem && USERS_FILE.blankItemVoidsUser.at(v)) {
    out.push(finding('unknown-role', 'blank', { who, versions: fact(USERS_FILE.blankItemVoidsUser.label(v)) }, valueRange(u.role!), { severity: 'error' }));
    because = 'role= has a blank item';
  }

  const granted: Rights[] = [];
  const unknown: RoleItem[] = [];
  const noRightsItems = items.filter((it) => it.key === NO_RIGHTS_ROLE);
  const pluginLabel = fact(USERS_FILE.rolesNeedPlugin.label(v));
  for (const it of items) {
    const custom = roles.valid.get(it.key);
    const rights = grants(it) || custom ? itemRights(it, v, (k) => roles.valid.get(k)?.rights) : undefined;
    if (!rights) {
      unknown.push(it);
      continue;
    }
    granted.push(rights);
    if (USERS_FILE.rolesNeedPlugin.at(v) && it.key !== PLUGIN_FREE_ROLE) out.push(finding('role-requires-plugin', 'item', { item: nameOf(it.text), who, versions: pluginLabel }, it.range));
    if (custom && !builtinRole(it.text) && custom.rights.kind === 'none') {
      out.push(finding('custom-role-grants-nothing', 'holder', { role: nameOf(custom.name), who }, it.range));
      because ??= `custom role '${custom.name}' grants nothing`;
    }
  }

  // Unknown items: dropped one by one from 7.3; up to 7.2 one of them voids the whole user.
  const nothingLeft = granted.length === 0;
  unknown.forEach((it, i) => {
    const last = nothingLeft && i === unknown.length - 1;
    const dropped = roles.declared.get(it.key);
    if (voids) {
      const args = { item: nameOf(it.text), who, versions: versionsOfVoid, level: nameOf(it.right.kind === 'bad-level' ? it.right.level : '') };
      const candidates = env.suggest(it.text);
      const rule = it.right.kind === 'unknown-type' ? 'unknown-permission-type' : it.right.kind === 'bad-level' ? 'invalid-permission-level' : 'unknown-role';
      out.push(finding(rule, 'voids', args, it.range, { severity: 'error', data: { candidates } }));
      return;
    }
    if (dropped && !dropped.valid && !builtinRole(it.text)) {
      const args = { item: nameOf(dropped.name), why: fact(dropped.invalidBecause ?? 'invalid'), who };
      out.push(last ? finding('unknown-role', 'droppedNoRights', args, it.range, { severity: 'error' }) : finding('unknown-role', 'dropped', args, it.range));
      return;
    }
    if (rightShapeFinding(it, who, last, env.suggest, out)) return;
    const candidates = env.suggest(it.text);
    const args = { item: nameOf(it.text), who, hint: hint(candidates) };
    out.push(last ? finding('unknown-role', 'noRights', args, it.range, { severity: 'error', data: { candidates } }) : finding('unknown-role', 'ignored', args, it.range, { data: { candidates } }));
  });
  if (voids && unknown.length) because ??= `'${unknown[0].text}' is not a role or permission this version knows`;

  if (noRightsItems.length > 0 && items.length > noRightsItems.length) {
    for (const it of noRightsItems) out.push(finding('no-rights-overrides', 'overrides', { who }, it.range));
  }
  if (noRightsItems.length) because ??= 'no_rights is listed';
  if (nothingLeft) because ??= items.length ? 'no item of its list is a role or permission Rudder knows' : 'it lists no role';
  if (because) return { rights: NO_RIGHTS, noRightsBecause: because };
  const rights = sharedUnion(unionOf(granted), env.unions);
  return rights.kind === 'none' ? { rights, noRightsBecause: 'its roles grant nothing' } : { rights };
}

/**
 * `rights`, or the equal set met before: 80,000 users of a generated file hold 6,000 distinct unions, and a set
 * of rights is ~200 bytes. Rights are never changed once computed, so sharing them is safe.
 */
function sharedUnion(rights: Rights, unions: Map<string, Rights>): Rights {
  if (rights.kind !== 'set') return rights;
  const key = [...rights.rights].join(',');
  const known = unions.get(key);
  if (known) return known;
  unions.set(key, rights);
  return rights;
}

// ---------------------------------------------------------------------------------------------------------
// Passwords (§4, C5, C6, C12, C13, the LDAP marker)

/** The external providers of the sibling `rudder.auth.provider`; undefined when there is no sibling. */
function externalProviders(context: UsersContext): string[] | undefined {
  return context.authProviders?.filter((p) => (EXTERNAL_AUTH_PROVIDERS as readonly string[]).includes(p));
}

function passwordPass(u: UserDecl, name: string, env: UserEnv, out: Finding[], dropped: string[]): PasswordVerdict {
  const { v, root, context } = env;
  const attr = u.password;
  const value = attr?.value;
  const at = attr ? valueRange(attr) : u.element.nameRange;
  const who = nameOf(name);
  const versions = fact(HASH_ATTRIBUTE.label(v));
  if (value === undefined && USERS_FILE.passwordRequired.at(v)) {
    dropped.push('it has no password attribute');
    out.push(finding('missing-password', 'dropped', { versions: fact(USERS_FILE.passwordRequired.label(v)) }, at, { severity: 'error' }));
    return { kind: 'missing', loginPossible: false };
  }
  const plainMode = ONE_VERIFIER_PER_FILE.at(v) && root.hash.setting === 'plain';
  const why = fact(env.model.hash ? 'the hash attribute says so' : 'there is no hash attribute');
  const long = () => {
    if (value !== undefined && bcryptTruncates(value)) out.push(finding('bcrypt-long-password', 'truncated', { max: BCRYPT_MAX_BYTES }, at));
  };
  if (plainMode && value !== undefined && (value.trim() !== '' || USERS_FILE.passwordRequired.at(v))) {
    out.push(value === '' ? finding('plaintext-password', 'emptyReadable', { user: who, versions, why }, at) : finding('plaintext-password', 'readable', { user: who, versions, why }, at));
    long();
    return { kind: 'plaintext', loginPossible: true };
  }
  const external = externalProviders(context);
  if (value === undefined || value.trim() === '' || value === LDAP_PASSWORD_CONVENTION) {
    if (external?.length) return { kind: 'external', loginPossible: true, external };
    const ldap = value === LDAP_PASSWORD_CONVENTION;
    if (external === undefined) {
      out.push(ldap ? finding('plaintext-password', 'ldapUnknownProvider', { user: who }, at, { severity: 'information' }) : finding('missing-password', 'unknownProvider', { user: who }, at, { severity: 'information' }));
    } else {
      out.push(ldap ? finding('plaintext-password', 'ldapNoProvider', { user: who }, at, { severity: 'error' }) : finding('missing-password', 'noProvider', { user: who }, at, { severity: 'error' }));
    }
    return { kind: ldap ? 'plaintext' : 'missing', loginPossible: false };
  }
  const verdict = ONE_VERIFIER_PER_FILE.at(v) ? singleVerifier(u.passwordShape, at, env, out) : detected(u.passwordShape, at, env, out);
  if (u.passwordShape.kind === 'other') long();
  return verdict;
}

function notHash(at: OffsetRange, why: string, out: Finding[]): PasswordVerdict {
  out.push(finding('plaintext-password', 'notHash', { why: fact(why) }, at));
  return { kind: 'plaintext', loginPossible: false };
}

/** Up to 8.1: the root `hash` picks one verifier for every password of the file. */
function singleVerifier(shape: PasswordShape, at: OffsetRange, env: UserEnv, out: Finding[]): PasswordVerdict {
  const { v } = env;
  const setting = env.root.hash.setting;
  const versions = fact(ONE_VERIFIER_PER_FILE.label(v));
  const algorithm = fact(HASH_DISPLAY[setting]);
  if (isDigest(setting)) {
    if (shape.kind === 'hex' && shape.length === DIGEST_HEX_LENGTH[setting]) return digest(shape, at, setting, true, env, out);
    if (shape.kind === 'hex') {
      const looks = fact(shape.algorithm ? `, like ${HASH_DISPLAY[shape.algorithm]}` : '');
      out.push(finding('hash-mismatch', 'digestLength', { algorithm, length: shape.length, expected: DIGEST_HEX_LENGTH[setting], versions, looks }, at));
      return { kind: shape.algorithm ?? 'plaintext', loginPossible: false };
    }
    if (shape.kind === 'bcrypt' || shape.kind === 'argon2id') {
      out.push(finding('hash-mismatch', 'wrongAlgorithm', { found: fact(HASH_DISPLAY[shape.kind]), algorithm, versions }, at));
      return { kind: shape.kind, loginPossible: false };
    }
    return notHash(at, `${versions} hashes what the user types with ${HASH_DISPLAY[setting]} and compare it with this value, which is no such digest.`, out);
  }
  if (shape.kind === 'bcrypt') return bcrypt(shape, at, env, out);
  if (shape.kind === 'hex') {
    out.push(finding('hash-mismatch', 'wrongAlgorithm', { found: fact(shape.algorithm ? HASH_DISPLAY[shape.algorithm] : 'hex digest'), algorithm, versions }, at));
    return { kind: shape.algorithm ?? 'plaintext', loginPossible: false };
  }
  if (shape.kind === 'argon2id' || shape.kind === 'argon2-other') {
    out.push(finding('argon2-unsupported', 'notVerified', { versions: fact(ARGON2ID_VERIFIED.label(v)), since: fact(ARGON2ID_VERIFIED.labelWhere((x) => x)!) }, at));
    return { kind: shape.kind === 'argon2id' ? 'argon2id' : 'plaintext', loginPossible: false };
  }
  return notHash(at, `${versions} verifies every password of this file with bcrypt.`, out);
}

/** From 8.2: the algorithm is detected from each password. */
function detected(shape: PasswordShape, at: OffsetRange, env: UserEnv, out: Finding[]): PasswordVerdict {
  const { v } = env;
  switch (shape.kind) {
    case 'bcrypt':
      return bcrypt(shape, at, env, out);
    case 'argon2id':
      if (!ARGON2ID_VERIFIED.at(v)) {
        out.push(finding('argon2-unsupported', 'notVerified', { versions: fact(ARGON2ID_VERIFIED.label(v)), since: fact(ARGON2ID_VERIFIED.labelWhere((x) => x)!) }, at));
        return { kind: 'argon2id', loginPossible: false };
      }
      return argon2(shape, at, out);
    case 'argon2-other':
      out.push(finding('argon2-unsupported', 'variant', { variant: fact(shape.variant) }, at));
      return { kind: 'plaintext', loginPossible: false };
    case 'hex': {
      if (!shape.algorithm) {
        out.push(finding('hash-mismatch', 'unknownLength', { length: shape.length }, at));
        return { kind: 'plaintext', loginPossible: false };
      }
      const algorithm = fact(HASH_DISPLAY[shape.algorithm]);
      const versions = fact(HEX_DIGESTS.label(v));
      if (HEX_DIGESTS.at(v) === 'never') {
        out.push(finding('weak-hash', 'rejected', { algorithm, versions }, at, { severity: 'error' }));
        return { kind: shape.algorithm, loginPossible: false };
      }
      if (!env.root.legacyMode) {
        out.push(env.root.legacyLostAtStartup ? finding('weak-hash', 'lostAtStartup', { algorithm, versions: fact(STARTUP_REWRITE.label(v)) }, at, { severity: 'error' }) : finding('weak-hash', 'strict', { algorithm, versions }, at, { severity: 'error' }));
        return { kind: shape.algorithm, loginPossible: false };
      }
      return digest(shape, at, shape.algorithm, false, env, out);
    }
    case 'empty':
    case 'other':
      return notHash(at, `${HEX_DIGESTS.label(v)} detects the algorithm of each password, and this value is no hash it knows.`, out);
  }
}

function digest(shape: Extract<PasswordShape, { kind: 'hex' }>, at: OffsetRange, alg: DigestAlgorithm, fileWide: boolean, env: UserEnv, out: Finding[]): PasswordVerdict {
  const algorithm = fact(HASH_DISPLAY[alg]);
  if (shape.uppercase) {
    out.push(finding('uppercase-hex-digest', 'never', { algorithm }, at));
    return { kind: alg, loginPossible: false };
  }
  const how = fact(fileWide ? '' : ' in legacy mode');
  out.push(finding('weak-hash', 'accepted', { algorithm, versions: fact(HEX_DIGESTS.label(env.v)), how, never: fact(HEX_DIGESTS.labelWhere((x) => x === 'never')!) }, at, { severity: 'warning' }));
  return { kind: alg, loginPossible: true };
}

function bcrypt(shape: Extract<PasswordShape, { kind: 'bcrypt' }>, at: OffsetRange, env: UserEnv, out: Finding[]): PasswordVerdict {
  if (!shape.valid) {
    out.push(finding('bcrypt-malformed', 'rejected', { problem: fact(shape.problem ?? 'malformed') }, at));
    return { kind: 'bcrypt', loginPossible: false, cost: shape.cost };
  }
  const cost = shape.cost!;
  const sibling = env.context.bcryptCost;
  const target = sibling ?? BCRYPT_COST.DEFAULT;
  // Rudder verifies any cost BouncyCastle accepts (rudder@9.1 RUDF:151-153): a low cost is weak, not broken (C13).
  if (cost < BCRYPT_COST.ERROR_BELOW) {
    out.push(finding('bcrypt-low-cost', 'weak', { cost, target: Math.max(target, BCRYPT_COST.DEFAULT), floor: BCRYPT_COST.ERROR_BELOW }, at, { severity: 'warning' }));
  } else if (cost < target) {
    out.push(finding('bcrypt-low-cost', 'belowTarget', { cost, target, source: fact(sibling ? 'rudder.bcrypt.cost' : "Rudder's default") }, at, { severity: 'information' }));
  }
  return { kind: 'bcrypt', loginPossible: true, cost };
}

function argon2(shape: Extract<PasswordShape, { kind: 'argon2id' }>, at: OffsetRange, out: Finding[]): PasswordVerdict {
  if (!shape.valid) {
    out.push(finding('argon2-unsupported', 'undecodable', { problem: fact(ARGON2_PROBLEMS[shape.problem ?? 'shape']) }, at));
    return { kind: 'argon2id', loginPossible: false };
  }
  const params = { memory: shape.memory!, iterations: shape.iterations!, parallelism: shape.parallelism! };
  if (params.iterations === 0 || params.parallelism === 0) {
    out.push(finding('argon2-weak-params', 'never', {}, at, { severity: 'error' }));
    return { kind: 'argon2id', loginPossible: false, argon2: params };
  }
  const weak = [params.memory < ARGON2_MIN.memory ? `m=${params.memory} < ${ARGON2_MIN.memory}` : '', params.iterations < ARGON2_MIN.iterations ? `t=${params.iterations} < ${ARGON2_MIN.iterations}` : ''].filter(Boolean);
  if (weak.length) out.push(finding('argon2-weak-params', 'weak', { params: fact(weak.join(', ')), ...ARGON2_DEFAULT }, at));
  return { kind: 'argon2id', loginPossible: true, argon2: params };
}

// ---------------------------------------------------------------------------------------------------------
// Tenants (§6)

function tenantsPass(u: UserDecl, name: string, env: UserEnv, out: Finding[]): TenantAccess {
  const { v } = env;
  const attr = u.tenants;
  if (!attr || !USERS_FILE.tenants.at(v)) return { kind: 'all' };
  const who = whoOf(name);
  const items = u.tenantItems;
  if (items.length === 0) {
    out.push(finding('tenant-none-wins', 'empty', { who }, attr.nameRange, { severity: 'information' }));
    return { kind: 'none' };
  }
  const withSuffix = USERS_FILE.tenantPermissionSuffix.at(v);
  const none = items.filter((i) => i.text === TENANT_NONE);
  let all = false;
  const ids: string[] = [];
  for (const it of items) {
    if (it.text === TENANT_NONE) continue;
    if (it.text === TENANT_ALL) all = true;
    else if (isValidTenantId(it.text, withSuffix)) ids.push(it.text);
    else if (!withSuffix && hasTenantSuffix(it.text) && isValidTenantId(it.text, true)) {
      out.push(finding('tenant-malformed', 'suffix', { item: nameOf(it.text), since: fact(USERS_FILE.tenantPermissionSuffix.labelWhere((x) => x)!) }, it.range));
    } else out.push(finding('tenant-malformed', 'dropped', { item: nameOf(it.text) }, it.range));
  }
  if (none.length > 0) {
    if (items.length > none.length) for (const it of none) out.push(finding('tenant-none-wins', 'wins', { who }, it.range));
    return { kind: 'none' };
  }
  if (all) return { kind: 'all' };
  return ids.length ? { kind: 'some', ids } : { kind: 'none' };
}
