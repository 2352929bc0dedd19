/**
 * Hover for `rudder-users.xml`: the version assumed (root element, `hash`), what Rudder loads for a user or a
 * custom role, and what a role or permission grants. Never shows a password value.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import {
  builtinRole,
  eraLabel,
  formatVersion,
  HASH_DISPLAY,
  LEVEL_DOCS,
  parseRight,
  PERMISSION_TYPE_DOCS,
  PLUGIN_FREE_ROLE,
  PLUGIN_PERMISSION_TYPES,
  rightsToList,
  type BuiltinRole,
  type Rights,
} from '../rudder';
import { splitList, type OffsetRange, type XmlAttribute } from '../xml/scan';
import type { EffectiveRole, EffectiveUser, PasswordVerdict, UsersEvaluation } from './evaluate';
import type { UsersModel } from './model';

const inside = (r: OffsetRange | undefined, offset: number) => !!r && offset >= r.start && offset <= r.end;

export function usersHover(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number): Hover | null {
  const md = hoverMarkdown(model, ev, offset);
  if (!md) return null;
  return { contents: { kind: MarkupKind.Markdown, value: md.value }, range: { start: doc.positionAt(md.range.start), end: doc.positionAt(md.range.end) } };
}

function hoverMarkdown(model: UsersModel, ev: UsersEvaluation, offset: number): { value: string; range: OffsetRange } | undefined {
  const root = model.root;
  if (root && inside(root.nameRange, offset)) return { value: versionSummary(ev), range: root.nameRange };
  if (model.hash && (inside(model.hash.nameRange, offset) || inside(model.hash.valueRange, offset))) {
    return { value: hashSummary(ev), range: model.hash.valueRange ?? model.hash.nameRange };
  }
  const user = lastStartingBefore(ev.users, offset);
  if (user) {
    const d = user.decl;
    if (inside(d.element.nameRange, offset) || inside(d.name?.valueRange, offset)) {
      return { value: userSummary(user, ev), range: d.name?.valueRange ?? d.element.nameRange };
    }
    const item = itemAt(model.text, [d.role, d.permissions], offset);
    if (item) return item.md(ev);
  }
  for (const role of ev.roles) {
    const d = role.decl;
    if (inside(d.name?.valueRange, offset)) return { value: roleSummary(role), range: d.name!.valueRange! };
    const item = itemAt(model.text, [d.permissions], offset);
    if (item) return item.md(ev);
  }
  return undefined;
}

/** The last user whose element starts at or before `offset` (users are in document order): a binary search. */
function lastStartingBefore(users: EffectiveUser[], offset: number): EffectiveUser | undefined {
  let lo = 0;
  let hi = users.length - 1;
  let found: EffectiveUser | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (users[mid].decl.element.start <= offset) {
      found = users[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function itemAt(text: string, attrs: (XmlAttribute | undefined)[], offset: number) {
  for (const a of attrs) {
    if (!a) continue;
    const it = splitList(text, a).find((i) => inside(i.range, offset));
    if (it) return { md: (ev: UsersEvaluation) => ({ value: itemDoc(it.text, ev), range: it.range }) };
  }
  return undefined;
}

/** What a role or permission name means, for hover and completion documentation. */
export function itemDoc(item: string, ev: UsersEvaluation): string {
  const b = builtinRole(item);
  if (b) return `**${b.name}** (built-in role)\n\n${b.doc}\n\n${rightsLine(b.rights(ev.version.era))}\n\n${builtinVersions(b)}`;
  const custom = ev.roles.find((r) => r.name.toLowerCase() === item.toLowerCase());
  if (custom) return `${roleSummary(custom)}\n\nCustom roles: Rudder 7.3+ (on 7.3–8.1 with the user-management plugin).`;
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

/** In which Rudder versions a built-in role works as listed. */
function builtinVersions(role: BuiltinRole): string {
  const plugin = role.name === PLUGIN_FREE_ROLE ? 'in every version' : 'up to 7.2, and from 8.2; on 7.3–8.1 only with the user-management plugin';
  return `Works ${plugin}.${role.versionNote ? ` ${role.versionNote}` : ''}`;
}

function rightsLine(r: Rights): string {
  if (r.kind === 'any') return 'Rights: **all** (`any`).';
  const list = rightsToList(r);
  return list.length ? `Rights: ${list.map((x) => `\`${x}\``).join(', ')}` : 'Rights: **none**.';
}

function versionSummary(ev: UsersEvaluation): string {
  const v = ev.version;
  const how = v.source === 'setting' ? 'chosen in settings' : v.source === 'inferred' ? 'inferred from this file' : 'assumed by default';
  return [
    `**Rudder ${formatVersion(v.version)}** (${eraLabel(v.era)}), ${how}: ${v.reason}.`,
    '',
    hashSummary(ev),
    '',
    `Usernames are case-${ev.caseSensitive ? 'sensitive' : 'insensitive'}.`,
    '',
    'Set `rudder.version` to check against another version.',
  ].join('\n');
}

function hashSummary(ev: UsersEvaluation): string {
  const v = `Rudder ${formatVersion(ev.version.version)}`;
  const algo = HASH_DISPLAY[ev.hash.setting];
  switch (ev.version.era) {
    case 'E1':
    case 'E2':
      return `${v} verifies **every** password with **${algo}**${ev.hash.recognised ? '' : ' (fallback)'}.`;
    case 'E3':
      return `${v} detects each password's algorithm; new passwords use bcrypt. Hex digests are ${ev.legacyMode ? 'accepted (legacy mode)' : 'rejected (strict mode)'}.`;
    case 'E4':
      return `${v} detects each password's algorithm (bcrypt or argon2id); new passwords use ${algo}. Hex digests are rejected.`;
  }
}

function passwordLine(p: PasswordVerdict): string {
  const kind = p.kind === 'missing' ? 'no password' : p.kind === 'plaintext' ? 'not a hash' : HASH_DISPLAY[p.kind];
  const detail = p.cost !== undefined ? `, cost ${p.cost}` : p.argon2 ? `, m=${p.argon2.memory} t=${p.argon2.iterations} p=${p.argon2.parallelism}` : '';
  return `Password: ${kind}${detail}. Login through this file: **${p.loginPossible ? 'possible' : 'impossible'}**.`;
}

function tenantsLine(u: EffectiveUser): string {
  const t = u.tenants;
  return t.kind === 'all' ? 'Tenants: all.' : t.kind === 'none' ? 'Tenants: **none**.' : `Tenants: ${t.ids.map((i) => `\`${i}\``).join(', ')}.`;
}

function userSummary(u: EffectiveUser, ev: UsersEvaluation): string {
  const title = `**User ${u.name === '' ? '(no name)' : `\`${u.name}\``}** on Rudder ${formatVersion(ev.version.version)}`;
  if (!u.loaded) return `${title}\n\nRudder **drops** this user: ${u.droppedBecause}.`;
  return [title, '', rightsLine(u.rights), '', passwordLine(u.password), '', tenantsLine(u)].join('\n');
}

function roleSummary(r: EffectiveRole): string {
  const title = `**${r.name}** (custom role)`;
  if (!r.valid) return `${title}\n\nRudder **drops** this role: ${r.invalidBecause}.`;
  return `${title}\n\n${rightsLine(r.rights)}`;
}

