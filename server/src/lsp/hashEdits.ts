/**
 * Edits that need a password hashed first: the hash quick fix and "Hash all" (a `HashRequest` in the code
 * action's data, resolved or run as a command), and "Set a new password…" (the client hashes, the server writes).
 *
 * Each is exact or refused. A listed action carries only a small request (which passwords, algorithm, cost,
 * how many, the document version), MAC-sealed so that the client cannot change it, and never a password nor
 * the targets: listing costs the same whatever the number of plain-text passwords. The server remembers the
 * text of the versions it offered hash actions for (`Offers`). When the request comes back, its targets are
 * computed in that text; then re-located by identity in the current text before hashing and again after, since
 * the admin may type meanwhile: every user must still be there with the very value planned, or nothing is
 * written and the admin is told. The edit is stamped with the version it was computed against.
 */
import type { CancellationToken, WorkDoneProgressServerReporter, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../hashing/hash';
import type { Hasher } from '../hashing/hasher';
import {
  adminPasswordEntry,
  analyze,
  bcryptCostFor,
  entryIdentity,
  findEntry,
  findUser,
  HASH_SCOPES,
  hashPlanFor,
  parse,
  planEdits,
  planPasswords,
  propertiesPlanPasswords,
  relocatePlan,
  relocatePropertiesPlan,
  userAtOffset,
  userIdentity,
  userPasswordEdit,
  bcryptVerified,
  versionedEdit,
  type Analysis,
  type HashPlan,
  type HashRequest,
} from '../service/languageService';
import type { PropertiesModel } from '../service/properties/model';
import { AUTH_PROPERTY, BCRYPT_COST, BCRYPT_MAX_BYTES, checkBcrypt } from '../service/rudder';
import type { UserDecl, UsersModel } from '../service/users/model';
import { CHANGED_WHILE_HASHING, type ApplyPasswordHashArgs, type ApplyResult, type PasswordRefused, type PasswordTarget, type PasswordTargetArgs, type UserIdentity } from '../shared/protocol';
import type { Seal } from './seal';
import type { Analyzed, WorkspaceStore } from './store';

/** Costs a plan may ask for besides the one this server proposes (a sibling `rudder.bcrypt.cost` may say more). */
const PLAN_COST = { MIN: BCRYPT_COST.ERROR_BELOW, MAX: 16 } as const;
/** Costs from which a single hash takes long enough to deserve a progress notification. */
const PROGRESS_FROM_COST = 12;
/** More targets than any real file has: a plan claiming more is refused before any work. */
const MAX_TARGETS = 100_000;
const CHANGED_SINCE_OFFERED = 'the file changed since this action was offered; nothing was written';
/** Why "Set a new password…" is refused where one algorithm verifies the whole file and it is not bcrypt. */
const NO_BCRYPT = 'this Rudder version verifies every password of this file with its hash attribute, which is not bcrypt: a new bcrypt hash would not work';
/** How often "Set a new password…" re-locates its user when the client refuses an edit because the admin typed. */
const APPLY_ATTEMPTS = 3;

const NOT_OFFERED = 'this hash request is not one this server offered (was it restarted?); nothing was written';
/** Offered versions remembered per document: the latest few, so that an action listed just before a keystroke still runs. */
const OFFERED_VERSIONS = 3;

/** A request as it travels: the service's request and the MAC of its fields. */
export interface SealedRequest extends HashRequest {
  mac: string;
}

/**
 * The text of each version a hash action was offered for, per open document (the latest `OFFERED_VERSIONS`),
 * so that a request coming back after the admin typed is computed in the text it was offered for. A text is an
 * immutable string: what a later edit does to the models cannot change it.
 */
export class Offers {
  private readonly byUri = new Map<string, { version: number; text: string }[]>();

  constructor(private readonly isOpen: (uri: string) => boolean) {}

  remember(uri: string, version: number, text: string): void {
    for (const known of this.byUri.keys()) if (!this.isOpen(known)) this.byUri.delete(known);
    const list = (this.byUri.get(uri) ?? []).filter((o) => o.version !== version);
    list.push({ version, text });
    this.byUri.set(uri, list.slice(-OFFERED_VERSIONS));
  }

  text(uri: string, version: number): string | undefined {
    return this.byUri.get(uri)?.find((o) => o.version === version)?.text;
  }
}

export interface EditContext {
  store: WorkspaceStore;
  hasher: Hasher;
  seal: Seal;
  offers: Offers;
  /** A server-initiated progress, or undefined when the client cannot show one. */
  progress(): Promise<WorkDoneProgressServerReporter | undefined>;
  /** `window/showMessage` (warning). */
  tell(message: string): void;
}

/** The fields a request's MAC covers, in a fixed order. */
function sealed(r: HashRequest): string {
  return JSON.stringify([r.kind, r.uri, r.version, r.algorithm, r.cost, r.scope, r.user?.name ?? null, r.user?.occurrence ?? null, r.at ?? null, r.count, r.setHash ?? false]);
}

/** A listed action's request, sealed; the text it was computed on is remembered (a reference, not a copy). */
export function offerRequest(ctx: EditContext, text: string, request: HashRequest): SealedRequest {
  ctx.offers.remember(request.uri, request.version, text);
  return { ...request, mac: ctx.seal.mac(sealed(request)) };
}

export function isHashRequest(data: unknown): data is { kind: 'rudder.hash' } {
  return !!data && typeof data === 'object' && (data as HashRequest).kind === 'rudder.hash';
}

/** A request from the client, checked field by field and against its MAC; a string says why it is refused. */
export function parseRequest(seal: Seal, raw: unknown): HashRequest | string {
  const p = raw as Partial<SealedRequest> | undefined;
  const int = (x: unknown, min = 0) => Number.isSafeInteger(x) && (x as number) >= min;
  if (!p || typeof p !== 'object' || p.kind !== 'rudder.hash' || typeof p.uri !== 'string' || !int(p.version, -Infinity)) return 'the hash request is malformed';
  if (!HASH_ALGORITHMS.includes(p.algorithm as HashAlgorithm)) return 'the hash request names an unknown algorithm';
  if (!int(p.cost)) return 'the hash request has no valid cost';
  if (!HASH_SCOPES.includes(p.scope!) || !int(p.count, 1) || p.count! > MAX_TARGETS || (p.setHash !== undefined && p.setHash !== true)) return 'the hash request is malformed';
  const user = p.user as UserIdentity | undefined;
  if ((p.scope === 'one') !== (user !== undefined) || (user !== undefined && (typeof user?.name !== 'string' || !int(user?.occurrence)))) return 'the hash request is malformed';
  if ((p.scope === 'one') !== (p.at !== undefined) || (p.at !== undefined && !int(p.at))) return 'the hash request is malformed';
  const request: HashRequest = {
    kind: 'rudder.hash',
    uri: p.uri,
    version: p.version!,
    algorithm: p.algorithm!,
    cost: p.cost!,
    scope: p.scope!,
    ...(user ? { user: { name: user.name, occurrence: user.occurrence }, at: p.at } : {}),
    count: p.count!,
    ...(p.setHash ? { setHash: true as const } : {}),
  };
  return seal.same(p.mac, sealed(request)) ? request : NOT_OFFERED;
}

/** Why this document's server would not run `plan` (algorithm or cost it would not offer), or undefined. */
function outOfBounds(plan: HashRequest, u: Analyzed): string | undefined {
  if (u.a.kind === 'properties') {
    if (plan.algorithm !== 'bcrypt' || plan.setHash) return 'the hash request is malformed';
  } else if (plan.algorithm !== 'bcrypt' && plan.algorithm !== u.a.evaluation.hash.setting) return `${plan.algorithm} is not what this file's hash attribute verifies`;
  if (plan.setHash && plan.algorithm !== 'bcrypt') return 'the hash request is malformed';
  const proposed = bcryptCostFor(u.settings, u.context, u.a);
  if (plan.algorithm === 'bcrypt' && plan.cost !== proposed && (plan.cost < PLAN_COST.MIN || plan.cost > PLAN_COST.MAX)) {
    return `bcrypt cost ${plan.cost} is outside ${PLAN_COST.MIN}–${Math.max(PLAN_COST.MAX, proposed)}`;
  }
  return undefined;
}

/**
 * `plan` (computed in the text `from`) re-located by identity in analysis `a`, each target holding exactly the
 * value it held in `from`; undefined otherwise. In the same text it is where it was, with no search.
 */
function relocate(plan: HashPlan, from: string, a: Analysis, version: number): HashPlan | undefined {
  if (a.model.text === from && !a.model.oversize) return { ...plan, version };
  const found = a.kind === 'users' ? relocatePlan(a.model, plan, version) : relocatePropertiesPlan(a.model, plan, version);
  if (!found || new Set(found.targets.map((t) => t.start)).size !== found.targets.length) return undefined;
  const text = a.model.text;
  return found.targets.every((t, i) => text.slice(t.start, t.end) === from.slice(plan.targets[i].start, plan.targets[i].end)) ? found : undefined;
}

/**
 * The request's plan in the current analysis `u`: computed there when its text is the one offered, else computed
 * in the text offered (analysed again, with the current settings) and re-located by identity.
 */
function planNow(ctx: EditContext, request: HashRequest, u: Analyzed): HashPlan | undefined {
  const offered = ctx.offers.text(request.uri, request.version);
  if (offered === undefined) return undefined;
  if (u.version === request.version && u.a.model.text === offered) return hashPlanFor(u.a, request);
  const then = analyze(parse(offered, u.a.kind, u.settings.maxFileSizeMB), u.settings, u.context);
  const planned = hashPlanFor(then, request);
  return planned && relocate(planned, offered, u.a, u.version);
}

/** Offset edits of `doc` as its versioned workspace edit. */
function versioned(doc: TextDocument, edits: { range: { start: number; end: number }; newText: string }[]): WorkspaceEdit {
  return versionedEdit(
    doc,
    edits.map((e) => ({ range: { start: doc.positionAt(e.range.start), end: doc.positionAt(e.range.end) }, newText: e.newText })),
  );
}

const isUsers = (u: Analyzed | undefined): u is Analyzed & { a: Analysis & { kind: 'users' } } => u?.a.kind === 'users';

/**
 * The rootAdmin password's hash: up to 8.1 Rudder takes only a `$2y$` prefix for bcrypt there and compares
 * anything else as text (rudder@8.1 AppConfigAuth.scala:351); BouncyCastle verifies `$2y$` as `$2b$` in every
 * later release, so one form works on all of them.
 */
function rootAdminHash(hash: string): string {
  return `$2y$${hash.slice(4)}`;
}

/**
 * Hash a plan's passwords and return the versioned edit, or undefined (refused, cancelled, or the file changed
 * under it: the admin is told which).
 */
export async function resolvePlan(ctx: EditContext, raw: unknown, token?: CancellationToken): Promise<WorkspaceEdit | undefined> {
  const request = parseRequest(ctx.seal, raw);
  if (typeof request === 'string') return refuse(ctx, request);
  const u = await ctx.store.analysis(request.uri);
  if (!u) return refuse(ctx, 'the file is not open; nothing was written');
  const bad = outOfBounds(request, u);
  if (bad) return refuse(ctx, `${bad}; nothing was written`);
  // Read now: a later edit may update the analysis in place while this awaits the hashes.
  const text = u.a.model.text;
  const before = planNow(ctx, request, u);
  if (!before) return refuse(ctx, CHANGED_SINCE_OFFERED);
  const passwords = u.a.kind === 'users' ? planPasswords(text, before) : propertiesPlanPasswords(u.a.model, before);
  const hashed = await hashAll(ctx, before, passwords, token);
  const hashes = hashed && u.a.kind === 'properties' ? hashed.map(rootAdminHash) : hashed;
  if (!hashes) return refuse(ctx, 'hashing was cancelled; nothing was written');
  const now = await ctx.store.analysis(request.uri);
  const after = now && now.a.kind === u.a.kind ? relocate(before, text, now.a, now.version) : undefined;
  if (!now || !after) return refuse(ctx, CHANGED_WHILE_HASHING);
  if (before.algorithm === 'bcrypt') {
    const long = passwords.flatMap((p, i) => {
      const ignored = Buffer.byteLength(p, 'utf8') - BCRYPT_MAX_BYTES;
      return ignored > 0 ? [`'${before.users[i].name}' (${ignored} byte${ignored === 1 ? '' : 's'} ignored)`] : [];
    });
    if (long.length) ctx.tell(`Rudder: bcrypt uses only the first ${BCRYPT_MAX_BYTES} bytes of a password and ignores the rest, for ${long.length} user(s): ${long.join(', ')}. Set shorter passwords with "Set a new password…".`);
  }
  return versioned(now.doc, planEdits(after, hashes));
}

function refuse(ctx: EditContext, reason: string): undefined {
  ctx.tell(`Rudder: ${reason}.`);
  return undefined;
}

/** Hash in the pool, reporting `n/N`; undefined when the request or the progress was cancelled. */
async function hashAll(ctx: EditContext, plan: HashPlan, passwords: string[], token?: CancellationToken): Promise<string[] | undefined> {
  if (token?.isCancellationRequested) return undefined;
  const n = passwords.length;
  const slow = plan.algorithm === 'bcrypt' && (n > 1 || plan.cost >= PROGRESS_FROM_COST);
  const progress = slow ? await ctx.progress() : undefined;
  const abort = new AbortController();
  const subscriptions = [token?.onCancellationRequested(() => abort.abort()), progress?.token.onCancellationRequested(() => abort.abort())];
  const what = `with bcrypt (cost ${plan.cost})`;
  progress?.begin('Rudder', 0, `Hashing 0/${n} password(s) ${what}…`, true);
  let done = 0;
  try {
    return await Promise.all(
      passwords.map((p) =>
        ctx.hasher.hash(plan.algorithm, p, plan.cost, abort.signal).then((hash) => {
          done++;
          progress?.report(Math.floor((done * 100) / n), `Hashing ${done}/${n} password(s) ${what}…`);
          return hash;
        }),
      ),
    );
  } catch (e) {
    if (abort.signal.aborted) return undefined;
    throw e;
  } finally {
    abort.abort();
    subscriptions.forEach((s) => s?.dispose());
    progress?.done();
  }
}

/** What a new password replaces, as the MAC sees it: the raw value, or the absence of one. */
function passwordState(model: UsersModel, user: UserDecl): string {
  const p = user.password;
  if (!p) return 'absent';
  if (!p.valueRange) return 'no value';
  return `${p.valueClosed ? 'value' : 'open value'}:${model.text.slice(p.valueRange.start, p.valueRange.end)}`;
}

interface TargetPayload {
  uri: string;
  /** A user of the users file, or (`rootAdmin`) the `rudder.auth.admin.password` entry of a properties file. */
  user: UserIdentity;
  mac: string;
  rootAdmin?: true;
}

/** The rootAdmin password entry a new password is for: by identity, or the one Rudder reads. */
function adminEntry(model: PropertiesModel, id: UserIdentity | undefined) {
  const entry = id && typeof id.name === 'string' && Number.isSafeInteger(id.occurrence) ? findEntry(model, id) : id ? undefined : adminPasswordEntry(model);
  return entry?.key === AUTH_PROPERTY.adminPassword ? entry : undefined;
}

const entryState = (model: PropertiesModel, range: { start: number; end: number }) => `entry:${model.text.slice(range.start, range.end)}`;

/** `rudder.passwordTarget`: the user a new password is for, sealed with the value it will replace. */
export async function passwordTarget(ctx: EditContext, args: PasswordTargetArgs | undefined): Promise<PasswordTarget | PasswordRefused | null> {
  if (!args || typeof args.uri !== 'string') return null;
  const u = await ctx.store.analysis(args.uri);
  if (u?.a.kind === 'properties') {
    const entry = adminEntry(u.a.model, args.user);
    if (!entry) return null;
    const payload: TargetPayload = { uri: args.uri, user: entryIdentity(u.a.model, entry), mac: ctx.seal.mac(entryState(u.a.model, entry.valueRange)), rootAdmin: true };
    const login = u.a.evaluation.effective.get(AUTH_PROPERTY.adminLogin)?.value;
    return { target: ctx.seal.seal(payload), name: login || 'rootAdmin', cost: bcryptCostFor(u.settings, u.context, u.a), maxBytes: BCRYPT_MAX_BYTES };
  }
  if (!isUsers(u)) return null;
  if (!bcryptVerified(u.a.evaluation)) return { refused: NO_BCRYPT };
  const model = u.a.model;
  const byIdentity = args.user && typeof args.user.name === 'string' && Number.isSafeInteger(args.user.occurrence) ? findUser(model, args.user) : undefined;
  const atCursor = typeof args.offset === 'number' && (args.version === undefined || args.version === u.doc.version) ? userAtOffset(model, args.offset) : undefined;
  const decl = args.user ? byIdentity : atCursor;
  if (!decl) return null;
  const user = userIdentity(model, decl);
  const payload: TargetPayload = { uri: args.uri, user, mac: ctx.seal.mac(passwordState(model, decl)) };
  return { target: ctx.seal.seal(payload), name: user.name, cost: bcryptCostFor(u.settings, u.context), maxBytes: BCRYPT_MAX_BYTES };
}

/**
 * `rudder.applyPasswordHash`: write the hash over the target's password if the user is still there with the
 * same value; retried when the client refuses the edit because the admin typed in between.
 */
export async function applyPasswordHash(ctx: EditContext, args: ApplyPasswordHashArgs | undefined, apply: (edit: WorkspaceEdit) => Promise<boolean>): Promise<ApplyResult> {
  const payload = ctx.seal.open(args?.target) as TargetPayload | undefined;
  if (!args || !payload || payload.uri !== args.uri) return told(ctx, 'this password request is not valid (was the server restarted?); nothing was written');
  const bcrypt: { valid: boolean; cost?: number } = typeof args.hash === 'string' ? checkBcrypt(args.hash) : { valid: false };
  if (!bcrypt.valid) return told(ctx, 'the new password hash is not a valid bcrypt hash; nothing was written');
  for (let attempt = 0; attempt < APPLY_ATTEMPTS; attempt++) {
    const u = await ctx.store.analysis(args.uri);
    if (!u || (u.a.kind === 'properties') !== !!payload.rootAdmin) return told(ctx, 'the file is not open; nothing was written');
    const proposed = bcryptCostFor(u.settings, u.context, u.a);
    const cost = bcrypt.cost;
    if (cost !== proposed && (cost === undefined || cost < PLAN_COST.MIN || cost > PLAN_COST.MAX)) return told(ctx, `bcrypt cost ${cost} is outside ${PLAN_COST.MIN}–${Math.max(PLAN_COST.MAX, proposed)}; nothing was written`);
    const e = u.a.kind === 'properties' ? adminPasswordEdit(ctx, u.a.model, payload, args.hash) : userEdit(ctx, u.a.model, payload, args.hash);
    if (!e) return told(ctx, CHANGED_WHILE_HASHING);
    if (await apply(versioned(u.doc, [e]))) return { applied: true };
    if (ctx.store.documents.get(args.uri)?.version === u.doc.version) break;
  }
  return told(ctx, CHANGED_WHILE_HASHING);
}

/** The new hash over the target user's password, if the user is still there with the same value. */
function userEdit(ctx: EditContext, model: UsersModel, payload: TargetPayload, hash: string) {
  const decl = findUser(model, payload.user);
  return decl && ctx.seal.same(payload.mac, passwordState(model, decl)) ? userPasswordEdit(decl, hash) : undefined;
}

/** The new hash over the rootAdmin password, if the entry is still there with the same value. */
function adminPasswordEdit(ctx: EditContext, model: PropertiesModel, payload: TargetPayload, hash: string) {
  const entry = adminEntry(model, payload.user);
  return entry && ctx.seal.same(payload.mac, entryState(model, entry.valueRange)) ? { range: entry.valueRange, newText: rootAdminHash(hash) } : undefined;
}

function told(ctx: EditContext, reason: string): ApplyResult {
  ctx.tell(`Rudder: ${reason}.`);
  return { applied: false, reason };
}
