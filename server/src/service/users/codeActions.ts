/**
 * Code actions for `rudder-users.xml`. Quick fixes are plain edits computed here. Hashing a password is slow
 * and needs the secret, so a hash action carries a `HashRequest` in `data` (which passwords: one user's, or all
 * of them; which algorithm, which cost; never a password, never the list of targets, so that listing costs the
 * same for one plain-text password or ten thousand) and the server resolves it in worker threads: `hashPlanFor`
 * computes its `HashPlan` (the targets, their users' identities) against an analysis. The text may change
 * while a plan hashes: `relocatePlan` finds its users again by identity.
 *
 * Invariant: every edit replaces only the bytes it must (a value, a name, one item), so line endings, BOM, tabs,
 * comments and attribute order survive.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { commandLink, lineEnding } from '../text';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { bcryptTruncates, ONE_VERIFIER_PER_FILE, nearestBooleanToken, XML_BOOLEAN_TOKENS, HASH_DISPLAY, isDigest, LDAP_PASSWORD_CONVENTION, NO_RIGHTS_ROLE, type DigestAlgorithm } from '../rudder';
import { candidatesOf, type Finding } from '../findings';
import { asDiagnostic, FIX_ALL_KIND, fixAllAction, preferredFixes, sourceFixAll, versionedEdit, wants } from '../fixAll';
import { isGroup } from '../grouping';
import { lastAtOrBefore } from '../offsetIndex';
import { isRuleId, type RuleId } from '../rules';
import { disableEdit, isSuppressed } from '../suppression';
import { allElements, decodeAttributeValue, splitList, type OffsetRange, type XmlAttribute, type XmlElement } from '../xml/scan';
import { COMMANDS, HASH_PASSWORDS_KIND, type SetPasswordArgs, type UserIdentity } from '../../shared/protocol';
import type { EffectiveUser, UsersEvaluation } from './evaluate';
import { usersRename } from './navigation';
import type { UserDecl, UsersModel } from './model';

/**
 * What a listed hash action asks for, the same size whatever the file: the server computes the targets when it
 * runs (`hashPlanFor`), in the text of `version`, and refuses when they are not `count` any more.
 */
export interface HashRequest {
  kind: 'rudder.hash';
  uri: string;
  version: number;
  algorithm: 'bcrypt' | DigestAlgorithm;
  cost: number;
  /**
   * Which passwords: `one` user's (or one entry's, in a properties file), `all` the plain-text ones, or those
   * whose finding no directive hides (`shown`: the fix-all of the rule).
   */
  scope: 'one' | 'all' | 'shown';
  /** For `one`: the user, or the properties entry, by identity (how a later text finds it again). */
  user?: UserIdentity;
  /**
   * For `one`: where that user's start tag (or that entry's line) starts in the text of `version`, so that the
   * plan finds it there by a binary search, not by a pass over every user counting names.
   */
  at?: number;
  /** How many passwords it hashes, as its title says. */
  count: number;
  /** Switch the root `hash` attribute to bcrypt too. */
  setHash?: true;
}

export const HASH_SCOPES: readonly HashRequest['scope'][] = ['one', 'all', 'shown'];

/** A request's targets in one text, computed by the server when it runs it. Offsets refer to `version`. */
export interface HashPlan {
  kind: 'rudder.hash';
  uri: string;
  version: number;
  algorithm: 'bcrypt' | DigestAlgorithm;
  cost: number;
  /** Raw ranges of the password values to replace with their hash. */
  targets: OffsetRange[];
  /** The user owning each target (`users[i]` for `targets[i]`), to find it again in a changed text. */
  users: UserIdentity[];
  /** An extra edit that must go with the hashes (switching the root `hash` attribute). */
  setHash?: { range: OffsetRange; newText: string };
}

export { HASH_PASSWORDS_KIND };
export const SET_PASSWORD_COMMAND = COMMANDS.setPassword;

export interface CodeActionOptions {
  /** bcrypt cost for new hashes (sibling `rudder.bcrypt.cost`, then the setting, then 12). */
  bcryptCost: number;
  /** The client implements `rudder.setPassword` (it prompts for the password). */
  setPasswordCommand: boolean;
  only?: string[];
  /** Whether a finding is shown (its rule not off, not suppressed): fix-all fixes only those. Default: all. */
  shown?: (f: Finding) => boolean;
}

/** A value computed on first use, at most once. */
function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/**
 * What the code actions of one document version share, computed on first use and kept with its evaluation (and
 * its text, so an evaluation reused for another text is never given the index of the former one): the users'
 * identities asked about, how many plain-text passwords there are, and the start tags in document order for
 * the rare finding outside a user. A user is found by binary search over the users, a directive's line by the
 * document's line offsets (which its positions need anyway): the first request after an edit builds no index of the whole text.
 */
interface VersionIndex {
  text: string;
  model: UsersModel;
  users: readonly EffectiveUser[];
  /** Every start tag in document order: only for a finding outside any user's start tag. */
  tags: () => XmlElement[];
  /**
   * Each user's identity: computed for the users asked about, one pass up to each, until `IDENTITY_SCANS` were;
   * then every user's in one pass (a request over the whole file asks about every user).
   */
  ids: Map<UserDecl, UserIdentity>;
  /** The text's line ending, for the directives "Disable" inserts (its first line may be long: a DOCTYPE). */
  eol: () => string;
  /** How many plain-text passwords "Hash all" replaces, and how many of them no directive hides. */
  count: () => number;
  shownCount: () => number;
  /** How many other users log in with a password, which switching `hash` to bcrypt up to 8.1 locks out. */
  others: () => number;
}

const INDEXES = new WeakMap<UsersEvaluation, VersionIndex>();

function versionIndex(model: UsersModel, ev: UsersEvaluation): VersionIndex {
  const known = INDEXES.get(ev);
  // The same text, model and users: an evaluation updated in place for another text or another model misses.
  if (known?.text === model.text && known.model === model && known.users === ev.users) return known;
  const index: VersionIndex = {
    text: model.text,
    model,
    users: ev.users,
    tags: lazy(() => [...allElements(model.scan.roots)]),
    ids: new Map(),
    eol: lazy(() => lineEnding(model.text)),
    count: lazy(() => plaintextTargets(ev).length),
    shownCount: lazy(() => (model.suppressions.length ? shownTargets(model, plaintextTargets(ev)).length : index.count())),
    others: lazy(() => ev.users.filter((u) => u.loaded && u.password.loginPossible && u.password.kind !== 'plaintext').length),
  };
  INDEXES.set(ev, index);
  return index;
}

/** Users whose identity is computed on its own (a pass over the users before it) before all are computed at once. */
const IDENTITY_SCANS = 8;

/** A user's identity, kept for the next request about it. */
function identityOf(index: VersionIndex, of: UserDecl): UserIdentity {
  const decl = modelDecl(index.model, of);
  let id = index.ids.get(decl);
  if (id) return id;
  if (index.ids.size >= IDENTITY_SCANS) {
    index.ids = identities(index.model);
    return index.ids.get(decl)!;
  }
  index.ids.set(decl, (id = userIdentity(index.model, decl)));
  return id;
}

/**
 * The deepest element whose start tag contains `offset`, as `startTagAt` finds it, by one binary search over
 * the start tags in document order: start tags do not overlap, so it is the last one starting at or before
 * `offset`, or, where a first child's tag begins exactly where its parent's ends, the parent.
 */
export function tagAt(tags: XmlElement[], offset: number): XmlElement | undefined {
  const found = lastAtOrBefore(tags, offset, (e) => e.start);
  if (found < 0) return undefined;
  const el = tags[found];
  const contains = (e: XmlElement) => offset <= (e.startTagEnd ?? Number.MAX_SAFE_INTEGER);
  const before = tags[found - 1];
  if (el.start === offset && before?.children[0] === el && contains(before)) return before;
  return contains(el) ? el : undefined;
}

export function usersCodeActions(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, range: Range, diagnostics: Diagnostic[], options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const at = { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
  const edit = (title: string, edits: TextEdit[], diagnostic?: Diagnostic, preferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: preferred || undefined,
    edit: versionedEdit(doc, edits),
  });
  const replace = (r: OffsetRange, newText: string): TextEdit => ({ range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) }, newText });

  const index = versionIndex(model, ev);
  const newPassword = new Set<UserDecl>();
  const setPassword = (user: EffectiveUser, d: Diagnostic): CodeAction[] => {
    if (!options.setPasswordCommand || !user.loaded || !bcryptVerified(ev)) return [];
    newPassword.add(user.decl);
    return [{ title: 'Set a new password…', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, command: setPasswordCommand(doc, index, user.decl) }];
  };
  const context = (d: Diagnostic, r: OffsetRange): FixContext => ({
    doc,
    model,
    ev,
    d,
    r,
    user: () => userAt(ev, r.start),
    edit,
    replace,
    hashThis: (user) => hashThis(doc, model, ev, index, user, d, options),
    setPassword: (user) => setPassword(user, d),
  });
  const shown = options.shown ?? (() => true);
  const fixAll = lazy(() => fixAllEdits(doc, ev, shown, (d, r) => context(d, r)));
  const fixAllOffered = new Set<RuleId>();
  if (wants(options.only, CodeActionKind.QuickFix)) {
    const fixAllOf = (rule: RuleId, d: Diagnostic) => {
      if (fixAllOffered.has(rule)) return undefined;
      const every = ruleFixAll(doc, model, ev, index, rule, fixAll, options.bcryptCost, d);
      if (every) fixAllOffered.add(rule);
      return every;
    };
    for (const d of diagnostics) {
      if (d.source !== 'rudder' || !isRuleId(d.code)) continue;
      const rule = d.code;
      const r = { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) };
      // A grouped diagnostic stands for every finding of its rule: its fix is the rule's fix-all.
      if (isGroup(d)) {
        const every = fixAllOf(rule, d);
        if (every) actions.push({ ...every, isPreferred: true });
        continue;
      }
      const fix = QUICK_FIXES[rule];
      if (fix) actions.push(...fix(context(d, r)));
      const every = fixAllOf(rule, d);
      if (every) actions.push(every);
      actions.push(suppress(doc, model, ev, index, d, r));
    }
  }
  if (options.setPasswordCommand && wants(options.only, CodeActionKind.Refactor)) {
    const user = userAt(ev, at.start);
    if (user?.loaded && bcryptVerified(ev) && !newPassword.has(user.decl)) {
      actions.push({ title: `Set a new password for '${user.name}'…`, kind: `${CodeActionKind.Refactor}.rudder.setPassword`, command: setPasswordCommand(doc, index, user.decl) });
    }
  }
  if (options.only && wants(options.only, FIX_ALL_KIND)) {
    const every = sourceFixAll(doc, fixAll());
    if (every) actions.push(every);
  }
  // Not when the quick fix "Hash all" of the rule hashes the same passwords: the same action twice, same title.
  if (wants(options.only, HASH_PASSWORDS_KIND) && !(fixAllOffered.has('plaintext-password') && index.shownCount() === index.count())) {
    const hashAll = hashAllAction(doc, model, ev, index, { scope: 'all', count: index.count() }, options.bcryptCost);
    if (hashAll) actions.push(hashAll);
  }
  return actions;
}

/** What a quick fix of one diagnostic can read and build. */
interface FixContext {
  doc: TextDocument;
  model: UsersModel;
  ev: UsersEvaluation;
  d: Diagnostic;
  /** The diagnostic's range, as offsets. */
  r: OffsetRange;
  user: () => EffectiveUser | undefined;
  edit: (title: string, edits: TextEdit[], d?: Diagnostic, preferred?: boolean) => CodeAction;
  replace: (r: OffsetRange, newText: string) => TextEdit;
  hashThis: (user: EffectiveUser) => CodeAction[];
  /** "Set a new password…" for this user, preferred (none when the client cannot prompt or bcrypt would not verify). */
  setPassword: (user: EffectiveUser) => CodeAction[];
}

/** The fix of a hash that works badly or not at all: a new password, since no edit of the text can mend it. */
const newPasswordFix = ({ user, setPassword }: FixContext): CodeAction[] => {
  const u = user();
  return u ? setPassword(u) : [];
};

/** "Change to 'x'" for each candidate the finding carried in `data` (the first preferred). */
const changeTo = ({ d, r, edit, replace }: FixContext): CodeAction[] => candidatesOf(d).map((c, i) => edit(`Change to '${c}'`, [replace(r, c)], d, i === 0));

/** The quick fixes of each rule, by rule id (a fix for a rule that does not exist does not compile). */
const QUICK_FIXES: Partial<Record<RuleId, (c: FixContext) => CodeAction[]>> = {
  'unknown-role': changeTo,
  'unknown-permission-type': changeTo,
  'invalid-permission-level': changeTo,
  'custom-role-unknown-reference': changeTo,
  'unknown-attribute': (c) => candidatesOf(c.d).map((name, i) => c.edit(`Rename to ${name}=`, [c.replace(c.r, name)], c.d, i === 0)),
  'roles-attribute-ignored': ({ model, d, r, user, edit, replace }) => {
    if (model.text.slice(r.start, r.end) !== 'roles') return [];
    const owner = user()?.decl ?? model.roles.find((x) => x.roles && x.roles.nameRange.start === r.start);
    return owner && !owner.permissions ? [edit('Rename roles= to permissions=', [replace(r, 'permissions')], d, true)] : [];
  },
  'no-rights-overrides': ({ model, d, user, edit, replace }) => {
    const u = user();
    return u ? noRightsFixes(model, u, d, edit, replace) : [];
  },
  'custom-role-reserved-name': ({ doc, model, ev, d, r }) => {
    const name = model.text.slice(r.start, r.end);
    const renamed = name.replace(/_/g, '-');
    const result = renamed !== name ? usersRename(doc, model, ev, r.start, renamed) : null;
    if (!result || !('edits' in result)) return [];
    return [{ title: `Rename to '${renamed}' (and its references)`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: versionedEdit(doc, result.edits) }];
  },
  'uppercase-hex-digest': ({ model, d, r, edit, replace }) => [edit('Lowercase this digest', [replace(r, model.text.slice(r.start, r.end).toLowerCase())], d, true)],
  'invalid-boolean-attribute': ({ model, d, r, edit, replace }) => {
    const token = nearestBooleanToken(model.text.slice(r.start, r.end), XML_BOOLEAN_TOKENS);
    return [edit(`Change to '${token}'`, [replace(r, token)], d, true)];
  },
  'unsafe-hashes-obsolete': ({ model, d, edit, replace }) => (model.unsafeHashes ? [edit('Remove unsafe-hashes', [replace(attributeWithSpace(model.text, model.unsafeHashes), '')], d, true)] : []),
  'duplicate-user': ({ model, d, user, edit, replace }) => {
    const u = user();
    return u ? [edit('Remove this ignored definition', [replace(wholeLines(model.text, { start: u.decl.element.start, end: u.decl.element.end ?? u.decl.element.nameRange.end }), '')], d)] : [];
  },
  'plaintext-password': ({ user, hashThis }) => {
    const u = user();
    return u ? hashThis(u) : [];
  },
  'weak-hash': newPasswordFix,
  'bcrypt-low-cost': newPasswordFix,
  'bcrypt-malformed': newPasswordFix,
  'hash-mismatch': newPasswordFix,
  'argon2-weak-params': newPasswordFix,
  'argon2-unsupported': newPasswordFix,
};

/**
 * Rules whose preferred quick fix is mechanical: it makes Rudder read what the file already means (a digest it
 * can match, the attribute it reads, a role name it accepts) and is applied to every finding by fix-all. Guesses
 * ("did you mean", the nearest boolean to a typo of case-sensitivity, which can drop users) and fixes that change
 * what a user may do are left out. Plain-text passwords have their own fix-all, through the hash plans.
 */
const FIX_ALL_RULES: readonly RuleId[] = ['uppercase-hex-digest', 'unsafe-hashes-obsolete', 'roles-attribute-ignored', 'custom-role-reserved-name'];

/** The preferred fix of every shown finding of each fix-all rule, by rule (one edit list per finding). */
function fixAllEdits(doc: TextDocument, ev: UsersEvaluation, shown: (f: Finding) => boolean, context: (d: Diagnostic, r: OffsetRange) => FixContext): Map<RuleId, TextEdit[][]> {
  return preferredFixes(ev.findings, FIX_ALL_RULES, shown, (f) => QUICK_FIXES[f.rule]?.(context(asDiagnostic(doc, f), f.range)).find((a) => a.isPreferred && a.edit));
}

/**
 * "Fix all <rule> in this file" on a diagnostic of `rule`: one versioned edit for a textual rule, the hash-all
 * plan for plain-text passwords. Offered when there are two findings to fix or more, or on a grouped diagnostic.
 */
function ruleFixAll(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, index: VersionIndex, rule: RuleId, fixAll: () => Map<RuleId, TextEdit[][]>, cost: number, d: Diagnostic): CodeAction | undefined {
  const least = isGroup(d) ? 1 : 2;
  if (rule === 'plaintext-password') {
    // Asked from a diagnostic of the rule, so the rule is on: only directives can hide some of its findings.
    const count = index.shownCount();
    if (comparesPlainText(ev) || count < least) return undefined;
    const hashAll = hashAllAction(doc, model, ev, index, { scope: 'shown', count }, cost);
    return hashAll && { ...hashAll, kind: CodeActionKind.QuickFix, diagnostics: [d] };
  }
  return fixAllAction(doc, rule, fixAll().get(rule), least, d);
}

/** bcrypt verifies in this file: from 8.2 every bcrypt hash, up to 8.1 only under hash="bcrypt". */
export function bcryptVerified(ev: UsersEvaluation): boolean {
  return !ONE_VERIFIER_PER_FILE.at(ev.version.version) || ev.hash.setting === 'bcrypt';
}

/** The client command that prompts for a new password of `decl` (found again by identity when the hash comes back). */
function setPasswordCommand(doc: TextDocument, index: VersionIndex, decl: UserDecl) {
  return { title: 'Set a new password…', command: SET_PASSWORD_COMMAND, arguments: [{ uri: doc.uri, user: identityOf(index, decl) } satisfies SetPasswordArgs] };
}

/** "Set a new password…" as a markdown link (`command:` URI, arguments as JSON), for hovers. */
export function setPasswordLink(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, decl: UserDecl, marker: string): string {
  const args: SetPasswordArgs = { uri: doc.uri, user: identityOf(versionIndex(model, ev), decl) };
  return commandLink('Set a new password…', SET_PASSWORD_COMMAND, [args], 'Prompt for a new password and write its bcrypt hash', marker);
}

/** The user whose start tag contains `offset`: users are sibling elements in document order, a binary search. */
function userAt(ev: UsersEvaluation, offset: number): EffectiveUser | undefined {
  const u = ev.users[lastAtOrBefore(ev.users, offset, (x) => x.decl.element.start)];
  return u && offset <= (u.decl.element.startTagEnd ?? u.decl.element.nameRange.end) ? u : undefined;
}

/** Up to 8.1 with `hash="plain"` (or ≤7.2 without a known `hash`), every password is compared as written. */
function comparesPlainText(ev: UsersEvaluation): boolean {
  return ONE_VERIFIER_PER_FILE.at(ev.version.version) && ev.hash.setting === 'plain';
}

/**
 * The model's declaration of `decl`'s element: the evaluation's declarations are other objects where the release
 * reads no DOCTYPE default (`asWritten`), and identities are those of the model's users.
 */
function modelDecl(model: UsersModel, decl: UserDecl): UserDecl {
  const own = model.users[lastAtOrBefore(model.users, decl.element.start, (u) => u.element.start)];
  return own?.element === decl.element ? own : decl;
}

/** A user's identity: its name and its index among the users of that name, in document order. */
export function userIdentity(model: UsersModel, decl: UserDecl): UserIdentity {
  const own = modelDecl(model, decl);
  const name = own.name?.value ?? '';
  let occurrence = 0;
  for (const u of model.users) {
    if (u === own) break;
    if ((u.name?.value ?? '') === name) occurrence++;
  }
  return { name, occurrence };
}

/** Every user's identity, in one pass. */
function identities(model: UsersModel): Map<UserDecl, UserIdentity> {
  const seen = new Map<string, number>();
  return new Map(
    model.users.map((u) => {
      const name = u.name?.value ?? '';
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      return [u, { name, occurrence }];
    }),
  );
}

/**
 * The identities of `decls` (users of `model`), in one pass over the users that counts only their names: what
 * it keeps grows with `decls`, not with the file.
 */
function identitiesOf(model: UsersModel, of: readonly UserDecl[]): UserIdentity[] {
  const decls = of.map((d) => modelDecl(model, d));
  const names = new Map<string, number>(decls.map((d) => [d.name?.value ?? '', 0]));
  const wanted = new Set(decls);
  const found = new Map<UserDecl, UserIdentity>();
  for (const u of model.users) {
    const name = u.name?.value ?? '';
    const occurrence = names.get(name);
    if (occurrence === undefined) continue;
    names.set(name, occurrence + 1);
    if (wanted.has(u)) found.set(u, { name, occurrence });
  }
  return decls.map((d) => found.get(d)!);
}

/** The user with this identity, if the text still has one. */
export function findUser(model: UsersModel, id: UserIdentity): UserDecl | undefined {
  let seen = 0;
  for (const u of model.users) if ((u.name?.value ?? '') === id.name && seen++ === id.occurrence) return u;
  return undefined;
}

/**
 * The users with these identities (undefined where the text has none), in one pass over the users that counts
 * only the names asked for.
 */
function findUsers(model: UsersModel, ids: readonly UserIdentity[]): (UserDecl | undefined)[] {
  if (ids.length === 1) return [findUser(model, ids[0])];
  const byName = new Map<string, { seen: number; at: Map<number, UserDecl> }>(ids.map((id) => [id.name, { seen: 0, at: new Map() }]));
  for (const u of model.users) {
    const counted = byName.get(u.name?.value ?? '');
    if (counted) counted.at.set(counted.seen++, u);
  }
  return ids.map((id) => byName.get(id.name)!.at.get(id.occurrence));
}

/**
 * The plan re-located in `model` (a later text of the same document): each user found again by identity (one
 * pass over the users), its password value's current range as target, the root `hash` switch recomputed.
 * Undefined when a user is gone or its value is no longer a closed attribute value. The caller checks that each
 * value is still the one planned.
 */
export function relocatePlan(model: UsersModel, plan: HashPlan, version: number): HashPlan | undefined {
  if (!Array.isArray(plan.users) || plan.users.length !== plan.targets.length) return undefined;
  const targets: OffsetRange[] = [];
  for (const decl of findUsers(model, plan.users)) {
    const p = written(decl?.password);
    if (!p?.valueRange || !p.valueClosed) return undefined;
    targets.push(own(p.valueRange));
  }
  if (plan.setHash && !model.root) return undefined;
  return { ...plan, version, targets, ...(plan.setHash ? { setHash: setHashEdit(model) } : {}) };
}

/**
 * A copy of a model's range: a plan outlives the await of its hashes, and a later edit may move the model's
 * offsets in place; the plan's offsets must stay those of the text it was computed in.
 */
export const own = (r: OffsetRange): OffsetRange => ({ start: r.start, end: r.end });

/** Whether a hash action can replace this user's password: plain text that is not the LDAP/OIDC convention. */
function isPlaintextTarget(user: EffectiveUser, plainMode: boolean): boolean {
  const p = written(user.decl.password);
  const value = p?.value;
  if (!p?.valueRange || !value || value.trim() === '' || value === LDAP_PASSWORD_CONVENTION || user.password.kind !== 'plaintext') return false;
  return plainMode || user.decl.passwordShape.kind === 'other';
}

/** Passwords a hash action replaces, with their users. */
export function plaintextTargets(ev: UsersEvaluation): { user: EffectiveUser; range: OffsetRange }[] {
  const plainMode = comparesPlainText(ev);
  return ev.users.flatMap((user) => (isPlaintextTarget(user, plainMode) ? [{ user, range: user.decl.password!.valueRange! }] : []));
}

/** The targets whose `plaintext-password` finding no directive hides (the finding is on the value). */
function shownTargets<T extends { range: OffsetRange }>(model: UsersModel, targets: T[]): T[] {
  return targets.filter((t) => !isSuppressed(model.suppressions, 'plaintext-password', t.range.start));
}

/**
 * The plan of `request` in this analysis: its targets computed here, with their users' identities. Undefined
 * when they are not the `count` passwords the request was offered for.
 */
export function usersHashPlan(model: UsersModel, ev: UsersEvaluation, request: HashRequest): HashPlan | undefined {
  const chosen = request.scope === 'one' ? oneTarget(ev, request.user, request.at) : request.scope === 'shown' ? shownTargets(model, plaintextTargets(ev)) : plaintextTargets(ev);
  if (chosen.length === 0 || chosen.length !== request.count || (request.setHash && !model.root)) return undefined;
  const { kind, uri, version, algorithm, cost } = request;
  const users = request.scope === 'one' ? [request.user!] : identitiesOf(model, chosen.map((t) => t.user.decl));
  return { kind, uri, version, algorithm, cost, targets: chosen.map((t) => own(t.range)), users, ...(request.setHash ? { setHash: setHashEdit(model) } : {}) };
}

/**
 * The password of the user whose start tag starts at `at` in this text (the request's, found by binary search;
 * its name must be the identity's), when a hash action can replace it.
 */
function oneTarget(ev: UsersEvaluation, id: UserIdentity | undefined, at: number | undefined): { user: EffectiveUser; range: OffsetRange }[] {
  const user = id && at !== undefined ? userAt(ev, at) : undefined;
  const fits = user && user.decl.element.start === at && (user.decl.name?.value ?? '') === id!.name && isPlaintextTarget(user, comparesPlainText(ev));
  return fits ? [{ user, range: user.decl.password!.valueRange! }] : [];
}

/** Which passwords a hash action replaces, and how many. */
type Scope = Pick<HashRequest, 'scope' | 'user' | 'at' | 'count'>;

/** How plain-text passwords can be hashed so that the target version verifies them: each way's title and request. */
function requests(model: UsersModel, ev: UsersEvaluation, index: VersionIndex, uri: string, version: number, scope: Scope, cost: number): { title: string; request: HashRequest }[] {
  const base = { kind: 'rudder.hash' as const, uri, version, cost, ...scope };
  const setting = ev.hash.setting;
  if (!ONE_VERIFIER_PER_FILE.at(ev.version.version) || setting === 'bcrypt') return [{ title: `with bcrypt (cost ${cost})`, request: { ...base, algorithm: 'bcrypt' } }];
  const others = index.others();
  const breaks = others ? `; ${others} other password(s) would stop working` : '';
  const bcrypt = { title: `with bcrypt (cost ${cost}) and set hash="bcrypt" (up to 8.1 one algorithm verifies every password${breaks})`, request: { ...base, algorithm: 'bcrypt' as const, setHash: true as const } };
  if (isDigest(setting)) {
    return [{ title: `with ${HASH_DISPLAY[setting]}, what hash="${model.hash?.value}" verifies up to 8.1 (unsalted, weak)`, request: { ...base, algorithm: setting } }, bcrypt];
  }
  return [bcrypt];
}

/** The passwords a plan hashes, decoded as Rudder reads them (entities expanded). */
export function planPasswords(text: string, plan: HashPlan): string[] {
  return plan.targets.map((r) => decodeAttributeValue(text.slice(r.start, r.end)).text);
}

/** The edits of a plan once its passwords are hashed (`hashes[i]` for `plan.targets[i]`). */
export function planEdits(plan: HashPlan, hashes: string[]): { range: OffsetRange; newText: string }[] {
  return [...plan.targets.map((range, i) => ({ range, newText: hashes[i] })), ...(plan.setHash ? [plan.setHash] : [])];
}

/** The user whose start tag contains `offset`: users are sibling elements in document order, a binary search. */
export function userAtOffset(model: UsersModel, offset: number): UserDecl | undefined {
  const u = model.users[lastAtOrBefore(model.users, offset, (x) => x.element.start)];
  return u && offset <= (u.element.startTagEnd ?? u.element.nameRange.end) ? u : undefined;
}

/**
 * Where a new password hash goes for the user whose start tag contains `offset`: over the current `password`
 * value, or as a new attribute after `name`.
 */
export function passwordEdit(model: UsersModel, offset: number, hash: string): { range: OffsetRange; newText: string; user: string } | undefined {
  const user = userAtOffset(model, offset);
  return user && userPasswordEdit(user, hash);
}

/** Where a new password hash goes for `user` (see `passwordEdit`). */
export function userPasswordEdit(user: UserDecl, hash: string): { range: OffsetRange; newText: string; user: string } {
  const p = written(user.password);
  const name = user.name?.value ?? '';
  if (p?.valueRange && p.valueClosed) return { range: p.valueRange, newText: hash, user: name };
  const at = written(user.name);
  const after = at?.valueRange ? at.valueRange.end + (at.valueClosed ? 1 : 0) : user.element.nameRange.end;
  if (p) return { range: { start: p.nameRange.start, end: p.valueRange ? p.valueRange.end : p.nameRange.end }, newText: `password="${hash}"`, user: name };
  return { range: { start: after, end: after }, newText: ` password="${hash}"`, user: name };
}

function setHashEdit(model: UsersModel): { range: OffsetRange; newText: string } {
  const hash = written(model.hash);
  if (hash?.valueRange) return { range: own(hash.valueRange), newText: 'bcrypt' };
  const at = model.root!.nameRange.end;
  return { range: { start: at, end: at }, newText: ' hash="bcrypt"' };
}

function hashThis(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, index: VersionIndex, user: EffectiveUser, d: Diagnostic, options: CodeActionOptions): CodeAction[] {
  const plainMode = comparesPlainText(ev);
  if (!isPlaintextTarget(user, plainMode)) return [];
  const scope: Scope = plainMode ? { scope: 'all', count: index.count() } : { scope: 'one', user: identityOf(index, user.decl), at: user.decl.element.start, count: 1 };
  const subject = plainMode ? `Hash all ${scope.count} plain-text password(s)` : 'Hash this password';
  const long = bcryptTruncates(user.decl.password?.value ?? '') ? ' — warning: bcrypt ignores everything after its first 72 bytes' : '';
  return requests(model, ev, index, doc.uri, doc.version, scope, options.bcryptCost).map(({ title, request }, i) => ({
    title: `${subject} ${title}${request.algorithm === 'bcrypt' ? long : ''}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: i === 0 && !long ? true : undefined,
    data: request,
  }));
}

function hashAllAction(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, index: VersionIndex, scope: Scope, cost: number): CodeAction | undefined {
  if (!scope.count) return undefined;
  const [{ title, request }] = requests(model, ev, index, doc.uri, doc.version, scope, cost).slice(-1);
  return { title: `Hash all ${scope.count} plain-text password(s) in this file ${title}`, kind: HASH_PASSWORDS_KIND, data: request };
}

function noRightsFixes(
  model: UsersModel,
  user: EffectiveUser,
  d: Diagnostic,
  edit: (title: string, edits: TextEdit[], d?: Diagnostic, preferred?: boolean) => CodeAction,
  replace: (r: OffsetRange, t: string) => TextEdit,
): CodeAction[] {
  const lists = [written(user.decl.role), written(user.decl.permissions)].filter((a): a is XmlAttribute => !!a?.valueRange);
  const others = lists.flatMap((a) => splitList(model.text, a).filter((i) => i.text.toLowerCase() !== NO_RIGHTS_ROLE).map((i) => ({ a, i })));
  const keep = lists.map((a) => {
    const items = splitList(model.text, a);
    const has = items.some((i) => i.text.toLowerCase() === NO_RIGHTS_ROLE);
    return has ? replace(a.valueRange!, items.filter((i) => i.text.toLowerCase() === NO_RIGHTS_ROLE)[0].text) : replace(attributeWithSpace(model.text, a), '');
  });
  const dropNoRights = lists.map((a) => {
    const items = splitList(model.text, a).filter((i) => i.text.toLowerCase() !== NO_RIGHTS_ROLE);
    return replace(a.valueRange!, items.map((i) => i.text).join(', '));
  });
  const out: CodeAction[] = [];
  if (others.length) out.push(edit('Remove the roles that no_rights overrides (the user keeps no rights)', keep, d));
  out.push(edit(`Remove no_rights (the user gets ${others.map((o) => o.i.text).join(', ') || 'no rights'})`, dropNoRights, d, true));
  return out;
}

/**
 * The attribute when the element writes it; undefined for a DOCTYPE default, whose one declaration serves every
 * element: an edit there would change the others too, so an edit of one element writes the attribute on it.
 */
function written(a: XmlAttribute | undefined): XmlAttribute | undefined {
  return a?.defaulted ? undefined : a;
}

/** An attribute with the white space before it, for removal. */
function attributeWithSpace(text: string, a: XmlAttribute): OffsetRange {
  let start = a.nameRange.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const end = a.valueRange ? a.valueRange.end + (a.valueClosed ? 1 : 0) : a.nameRange.end;
  return { start, end };
}

/** The range extended to whole lines when nothing else shares them (so removing it leaves no blank line). */
function wholeLines(text: string, r: OffsetRange): OffsetRange {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = r.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const lineStartOk = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  if (!lineStartOk) return r;
  if (text.startsWith('\r\n', end)) return { start, end: end + 2 };
  if (text[end] === '\n' || text[end] === '\r') return { start, end: end + 1 };
  return end === text.length ? { start, end } : r;
}

/** "Disable <rule> for this line": the directive goes above the start tag of the flagged element, never inside it. */
function suppress(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, index: VersionIndex, d: Diagnostic, r: OffsetRange): CodeAction {
  const code = String(d.code);
  const anchor = userAt(ev, r.start)?.decl.element.start ?? tagAt(index.tags(), r.start)?.start ?? r.start;
  const e = disableEdit(doc, model.text, index.eol(), model.suppressions, anchor, code, 'xml');
  const range = { start: doc.positionAt(e.range.start), end: doc.positionAt(e.range.end) };
  return {
    title: `Disable ${code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: versionedEdit(doc, [{ range, newText: e.newText }]),
  };
}
