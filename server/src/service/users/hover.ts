/**
 * Hover for `rudder-users.xml`: outcomes, not definitions. The version assumed (root element), what `hash`,
 * `case-sensitivity` and `unsafe-hashes` make Rudder do, what a password is and whether this version accepts it,
 * what Rudder loads for a user (and why its rights are none) or a custom role, what a role or permission grants,
 * and a user's tenants. Never shows a password value.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import {
  builtinRole,
  eraLabel,
  formatVersion,
  HASH_DISPLAY,
  HEX_DIGESTS,
  LDAP_PASSWORD_CONVENTION,
  LEVEL_DOCS,
  ONE_VERIFIER_PER_FILE,
  parseRight,
  PERMISSION_TYPE_DOCS,
  PLUGIN_FREE_ROLE,
  PLUGIN_PERMISSION_TYPES,
  REWRITE_DROPS_DOCTYPE_DEFAULTS,
  rightsToList,
  UNSAFE_HASHES_READ,
  USERS_FILE,
  USERS_XML,
  type BuiltinRole,
  type PasswordShape,
  type Rights,
} from '../rudder';
import { findingsAt, lastAtOrBefore } from '../offsetIndex';
import { attribute, deliveredAttribute, splitList, type OffsetRange, type XmlAttribute } from '../xml/scan';
import { bcryptVerified, setPasswordLink } from './codeActions';
import type { EffectiveRole, EffectiveUser, PasswordVerdict, UsersEvaluation } from './evaluate';
import type { UsersModel } from './model';

export interface HoverOptions {
  /** The client runs `rudder.setPassword` from a trusted `command:` link: hovers offer "Set a new password…". */
  setPasswordLink?: boolean;
  /** Delimits the links the hover adds (`absentMarker` of the text), so that `disarmMarkdown` keeps only those. */
  marker?: string;
}

const inside = (r: OffsetRange | undefined, offset: number) => !!r && offset >= r.start && offset <= r.end;

export function usersHover(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number, options: HoverOptions = {}): Hover | null {
  const link = (u: EffectiveUser) => (options.setPasswordLink && u.loaded && u.decl.password?.value !== LDAP_PASSWORD_CONVENTION && bcryptVerified(ev) ? setPasswordLink(doc, model, ev, u.decl, options.marker ?? '') : undefined);
  const md = hoverMarkdown(model, ev, offset, link);
  const why = findingDetails(model, ev, offset);
  if (!md && !why) return null;
  const range = md?.range ?? why!.range;
  const value = [md?.value, why?.value].filter(Boolean).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: doc.positionAt(range.start), end: doc.positionAt(range.end) } };
}

/**
 * The longer explanation of the findings under the cursor: a diagnostic says what happens, the hover says why.
 * Found through the findings' offset index, not a pass over every finding of the file.
 */
function findingDetails(model: UsersModel, ev: UsersEvaluation, offset: number): { value: string; range: OffsetRange } | undefined {
  const here = findingsAt(ev.findings, model.text, offset)
    .filter((f) => f.detail)
    .slice(0, 5);
  if (here.length === 0) return undefined;
  return { value: here.map((f) => `**${f.rule}**: ${f.detail}`).join('\n\n'), range: here[0].range };
}

function hoverMarkdown(model: UsersModel, ev: UsersEvaluation, offset: number, link: (u: EffectiveUser) => string | undefined): { value: string; range: OffsetRange } | undefined {
  const root = model.root;
  if (root && inside(root.nameRange, offset)) return { value: versionSummary(ev), range: root.nameRange };
  const rootAttr = (name: string, md: () => string) => {
    // As this release reads the root: a DOCTYPE default only where the parser applies it.
    const a = root && (USERS_FILE.attributeDefaults.at(ev.version.version) ? deliveredAttribute(root, name) : attribute(root, name));
    return a && (inside(a.nameRange, offset) || inside(a.valueRange, offset)) ? { value: md(), range: a.valueRange ?? a.nameRange } : undefined;
  };
  const onRoot = rootAttr('hash', () => hashSummary(ev)) ?? rootAttr('case-sensitivity', () => caseSummary(ev)) ?? rootAttr('unsafe-hashes', () => unsafeSummary(ev));
  if (onRoot) return onRoot;
  const user = ev.users[lastAtOrBefore(ev.users, offset, startOf)];
  if (user) {
    const d = user.decl;
    if (inside(d.element.nameRange, offset) || inside(d.name?.valueRange, offset)) {
      const value = userSummary(user, ev);
      const setLink = !ev.rejected && user.password.kind !== 'external' && !user.password.loginPossible ? link(user) : undefined;
      return { value: setLink ? `${value}\n\n${setLink}` : value, range: (d.name?.defaulted ? undefined : d.name?.valueRange) ?? d.element.nameRange };
    }
    if (d.password && inside(d.password.valueRange, offset)) {
      const setLink = user.password.kind !== 'external' ? link(user) : undefined;
      return { value: setLink ? `${passwordSummary(user, ev)}\n\n${setLink}` : passwordSummary(user, ev), range: d.password.valueRange! };
    }
    if (d.tenants && (inside(d.tenants.nameRange, offset) || inside(d.tenants.valueRange, offset))) return { value: tenantsLine(user), range: d.tenants.valueRange ?? d.tenants.nameRange };
    const item = itemAt(model.text, [d.role, d.permissions], offset);
    if (item) return item.md(ev);
  }
  // Custom roles are in document order too, and their elements do not nest: only the last one starting here can hold it.
  const role = ev.roles[lastAtOrBefore(ev.roles, offset, startOf)];
  if (role) {
    const d = role.decl;
    if (inside(d.name?.valueRange, offset)) return { value: roleSummary(role), range: d.name!.valueRange! };
    const item = itemAt(model.text, [d.permissions], offset);
    if (item) return item.md(ev);
  }
  return undefined;
}

/** Where a user's or a custom role's element starts (both lists are in document order). */
const startOf = (x: EffectiveUser | EffectiveRole) => x.decl.element.start;

function itemAt(text: string, attrs: (XmlAttribute | undefined)[], offset: number) {
  for (const a of attrs) {
    if (!a) continue;
    const it = splitList(text, a).find((i) => inside(i.range, offset));
    if (it) return { md: (ev: UsersEvaluation) => ({ value: itemDoc(it.text, ev), range: it.range }) };
  }
  return undefined;
}

/** `ev`'s custom roles by lowercased name, the first declared of each: what `itemDoc` looks a name up in. */
export function customRolesByName(ev: UsersEvaluation): ReadonlyMap<string, EffectiveRole> {
  const byName = new Map<string, EffectiveRole>();
  for (const r of ev.roles) if (!byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r);
  return byName;
}

/**
 * What a role or permission name means, for hover and completion documentation. A caller documenting many names
 * passes `customRolesByName(ev)`, built once, instead of a search of every role per name.
 */
export function itemDoc(item: string, ev: UsersEvaluation, roles?: ReadonlyMap<string, EffectiveRole>): string {
  const b = builtinRole(item);
  if (b) return `**${b.name}** (built-in role)\n\n${b.doc}\n\n${rightsLine(b.rights(ev.version.version))}\n\n${builtinVersions(b)}`;
  const custom = roles ? roles.get(item.toLowerCase()) : ev.roles.find((r) => r.name.toLowerCase() === item.toLowerCase());
  if (custom) return `${roleSummary(custom)}\n\n${customRolesNote()}`;
  const r = parseRight(item);
  if (r.kind === 'any') return '**any**\n\nEvery right Rudder knows, like `administrator` (undocumented).';
  if (r.kind === 'right') {
    const level = item.slice(item.lastIndexOf('_') + 1).toLowerCase() as keyof typeof LEVEL_DOCS;
    return `**${item}** (permission)\n\n${LEVEL_DOCS[level]} on ${PERMISSION_TYPE_DOCS[r.type]}.\n\nGrants: ${r.rights.map((x) => `\`${x}\``).join(', ')}`;
  }
  if (r.kind === 'unknown-type') {
    const plugin = PLUGIN_PERMISSION_TYPES[r.type.toLowerCase()];
    return `**${item}**\n\n\`${r.type}\` is not a core permission type${plugin ? `; ${plugin} defines it` : ''}. Rudder ignores it unless a plugin registers it.`;
  }
  return `**${item}**\n\nNot a role or permission Rudder knows: it is ignored.`;
}

/** "Rudder 8.1 and older": where roles other than administrator need the user-management plugin. */
function pluginLabel(): string {
  return USERS_FILE.rolesNeedPlugin.labelWhere((x) => x)!;
}

let customRoles: string | undefined;
/** Where custom roles work: the same words under every custom role's documentation, made once. */
function customRolesNote(): string {
  return (customRoles ??= `Custom roles: ${USERS_FILE.customRoles.labelWhere((x) => x)} (${pluginLabel()} with the user-management plugin only).`);
}

/** In which Rudder versions a built-in role works as listed. */
function builtinVersions(role: BuiltinRole): string {
  const plugin = role.name === PLUGIN_FREE_ROLE ? 'in every version' : `from ${USERS_FILE.rolesNeedPlugin.labelWhere((x) => !x)}; on ${pluginLabel()} only with the user-management plugin`;
  return `Works ${plugin}.${role.versionNote ? ` ${role.versionNote}` : ''}`;
}

/**
 * The line of each set of rights, by identity: custom roles that inherit one role's rights share its set (a
 * completion documents every role, thousands in a chain, with the same set sorted and joined once).
 */
const RIGHTS_LINES = new WeakMap<Rights, string>();

function rightsLine(r: Rights, because?: string): string {
  if (r.kind === 'any') return 'Rights: **all** (`any`).';
  const known = RIGHTS_LINES.get(r);
  if (known !== undefined) return known;
  const list = rightsToList(r);
  if (!list.length) return `Rights: **none**${because ? `: ${because}` : ''}.`;
  const line = `Rights: ${list.map((x) => `\`${x}\``).join(', ')}`;
  RIGHTS_LINES.set(r, line);
  return line;
}

function versionSummary(ev: UsersEvaluation): string {
  const v = ev.version;
  const how = v.source === 'setting' ? 'chosen in settings' : v.source === 'inferred' ? 'inferred from this file' : 'assumed by default';
  return [
    `**Rudder ${formatVersion(v.version)}** (${eraLabel(v.era)}), ${how}: ${v.reason}.`,
    ...(ev.rejected ? ['', rejectedLine(ev)] : []),
    ...(ev.noLogin ? ['', noLoginLine(ev.noLogin)] : []),
    '',
    hashSummary(ev),
    '',
    `Usernames are case-${ev.caseSensitive ? 'sensitive' : 'insensitive'}.`,
    '',
    'Set `rudder.version` to check against another version.',
  ].join('\n');
}

/** C7: a rejected file loads nobody. */
function rejectedLine(ev: UsersEvaluation): string {
  return `Rudder **rejects the whole file** because ${ev.rejected}: after a restart **no user is loaded** (only rootAdmin can log in); a reload keeps the users loaded before.`;
}

/** C11: the sibling's providers let nobody of this file log in. */
function noLoginLine(because: string): string {
  return `**No login** for any user of this file: ${because} (sibling rudder-web.properties); Rudder reads the file, but only rootAdmin can log in.`;
}

function hashSummary(ev: UsersEvaluation): string {
  const v = `Rudder ${formatVersion(ev.version.version)}`;
  const algo = HASH_DISPLAY[ev.hash.setting];
  const rewrite = ev.startupRewrite ? ` At start-up Rudder rewrites it to \`hash="${ev.startupRewrite.hash}"\`.` : '';
  if (ONE_VERIFIER_PER_FILE.at(ev.version.version)) return `${v} verifies **every** password with **${algo}**${ev.hash.recognised ? '' : ' (fallback)'}.`;
  const hex = HEX_DIGESTS.at(ev.version.version) === 'never' ? 'rejected' : ev.legacyMode ? 'accepted (legacy mode)' : 'rejected (strict mode)';
  return `${v} detects each password's algorithm; new passwords use ${algo}${ev.hash.recognised ? '' : ' (fallback)'}. Hex digests are ${hex}.${rewrite}`;
}

function caseSummary(ev: UsersEvaluation): string {
  if (!USERS_FILE.caseSensitivity.at(ev.version.version)) return `Rudder ${formatVersion(ev.version.version)} does not read \`case-sensitivity\`: user names are case-sensitive.`;
  return ev.caseSensitive
    ? 'User names are **case-sensitive**: `admin` and `Admin` are two users. An empty or missing value means `true`.'
    : 'User names are **case-insensitive**: users whose names differ only by case are all **dropped**.';
}

function unsafeSummary(ev: UsersEvaluation): string {
  const v = ev.version.version;
  if (!UNSAFE_HASHES_READ.at(v)) return `Rudder ${formatVersion(v)} does not read \`unsafe-hashes\` (only ${UNSAFE_HASHES_READ.labelWhere((x) => x)} do).`;
  return ev.legacyMode ? 'Legacy mode: unsalted MD5/SHA digests are **accepted** (weak).' : 'Strict mode: unsalted MD5/SHA digests are **rejected**, so such logins are impossible.';
}

function passwordSummary(u: EffectiveUser, ev: UsersEvaluation): string {
  const p = u.password;
  const v = `Rudder ${formatVersion(ev.version.version)}`;
  const outcome = p.noLoginBecause ? noLoginLine(p.noLoginBecause) : p.kind === 'external' ? `${v} lets this user log in through ${p.external!.join(', ')}.` : p.loginPossible ? `${v} **accepts** it: login possible.` : `${v} **cannot verify** it: login through this file is impossible.`;
  return [`**Password of ${u.name === '' ? 'this user' : `\`${u.name}\``}**: ${passwordKind(p, u.decl.passwordShape)}.`, '', outcome].join('\n');
}

/** The algorithm and its parameters: the verdict's, or those of the string when this version does not verify it. */
function passwordKind(p: PasswordVerdict, shape?: PasswordShape): string {
  const kind = p.kind === 'missing' ? 'no password' : p.kind === 'plaintext' ? 'not a hash' : p.kind === 'external' ? 'none (external login)' : HASH_DISPLAY[p.kind];
  const argon2 = p.argon2 ?? (p.kind === 'argon2id' && shape?.kind === 'argon2id' && shape.valid ? { memory: shape.memory!, iterations: shape.iterations!, parallelism: shape.parallelism! } : undefined);
  const detail = p.cost !== undefined ? `, cost ${p.cost}` : argon2 ? `, m=${argon2.memory} t=${argon2.iterations} p=${argon2.parallelism}` : '';
  return `${kind}${detail}`;
}

function passwordLine(p: PasswordVerdict): string {
  if (p.noLoginBecause) return `Password: ${passwordKind(p)}. ${noLoginLine(p.noLoginBecause)}`;
  if (p.kind === 'external') return `Login: through **${p.external!.join(', ')}** (the password here is not used).`;
  return `Password: ${passwordKind(p)}. Login through this file: **${p.loginPossible ? 'possible' : 'impossible'}**.`;
}

function tenantsLine(u: EffectiveUser): string {
  const t = u.tenants;
  return t.kind === 'all' ? 'Tenants: all.' : t.kind === 'none' ? 'Tenants: **none**.' : `Tenants: ${t.ids.map((i) => `\`${i}\``).join(', ')}.`;
}

function userSummary(u: EffectiveUser, ev: UsersEvaluation): string {
  const title = `**User ${u.name === '' ? '(no name)' : `\`${u.name}\``}** on Rudder ${formatVersion(ev.version.version)}`;
  if (ev.rejected) return `${title}\n\n${rejectedLine(ev)}`;
  if (!u.loaded) return `${title}\n\nRudder **drops** this user: ${u.droppedBecause}.`;
  const d = u.decl;
  const read = [d.name, d.password, d.role, d.permissions, d.tenants];
  const names = (list: (XmlAttribute | undefined)[]) => list.map((a) => `\`${a!.name}\``).join(', ');
  const defaulted = read.filter((a) => a?.defaulted);
  const v = ev.version.version;
  // Where this release reads no default (`asWritten`), the ones the element has are lost at the next start.
  const lost = REWRITE_DROPS_DOCTYPE_DEFAULTS.at(v) ? (d.element.defaulted ?? []).filter((a) => !read.includes(a) && (USERS_XML.userAttributes as readonly string[]).includes(a.name)) : [];
  const doctype = [
    ...(defaulted.length ? ['', `${names(defaulted)}: not written here, given by a default of the DOCTYPE (\`<!ATTLIST>\`).`] : []),
    ...(lost.length ? ['', `${names(lost)}: not written here; the default of the DOCTYPE (\`<!ATTLIST>\`) is lost with it in the start-up rewrite of ${REWRITE_DROPS_DOCTYPE_DEFAULTS.label(v)}.`] : []),
  ];
  return [title, '', rightsLine(u.rights, u.noRightsBecause), '', passwordLine(u.password), '', tenantsLine(u), ...doctype].join('\n');
}

function roleSummary(r: EffectiveRole): string {
  const title = `**${r.name}** (custom role)`;
  if (!r.valid) return `${title}\n\nRudder **drops** this role: ${r.invalidBecause}.`;
  return `${title}\n\n${rightsLine(r.rights, r.rights.kind === 'none' ? 'it grants nothing, so every user holding it has no rights at all, `administrator` included' : undefined)}`;
}

