/**
 * Navigation in `rudder-users.xml`: document symbols (users, custom roles), go to definition, find references
 * and rename for custom roles (case-insensitive, as Rudder resolves them), inlay hints after passwords
 * (algorithm and cost, never the value), and folding.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  FoldingRangeKind,
  InlayHintKind,
  SymbolKind,
  type DocumentSymbol,
  type FoldingRange,
  type InlayHint,
  type Location,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { builtinRole, HASH_DISPLAY, isReservedCustomRoleName } from '../rudder';
import { lastAtOrBefore, positionsOf } from '../offsetIndex';
import { allElements, splitList, type OffsetRange, type XmlAttribute, type XmlElement } from '../xml/scan';
import type { EffectiveRole, UsersEvaluation } from './evaluate';
import type { RoleItem, UsersModel } from './model';

const toRange = (doc: TextDocument, r: OffsetRange): Range => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) });
/** An element's range; an unfinished one extends over its attributes, so its selection range stays inside. */
const elementRange = (el: XmlElement): OffsetRange => ({
  start: el.start,
  end: el.end ?? el.startTagEnd ?? Math.max(el.nameRange.end, ...el.attributes.map((a) => a.valueRange?.end ?? a.nameRange.end)),
});

/** The value's range when the element writes it (a DOCTYPE default's lies outside the element). */
const writtenValue = (a: XmlAttribute | undefined): OffsetRange | undefined => (a?.defaulted ? undefined : a?.valueRange);

export function usersSymbols(doc: TextDocument, model: UsersModel, ev: UsersEvaluation): DocumentSymbol[] {
  const root = model.root;
  if (!root) return [];
  const at = positionsOf(doc);
  const toRange = (r: OffsetRange): Range => ({ start: at(r.start), end: at(r.end) });
  // Counted, not listed: a sorted copy of every role's rights only to take its length was most of the outline's garbage.
  const rights = ({ rights: r }: EffectiveRole) => (r.kind === 'any' ? 'all rights' : `${r.kind === 'set' ? r.rights.size : 0} right(s)`);
  const roleRanges = ev.roles.map((r) => elementRange(r.decl.element));
  const roles: DocumentSymbol[] = ev.roles.map((r, i) => ({
    name: r.name || '(no name)',
    detail: r.valid ? rights(r) : 'dropped',
    kind: SymbolKind.Class,
    range: toRange(roleRanges[i]),
    selectionRange: toRange(writtenValue(r.decl.name) ?? r.decl.element.nameRange),
  }));
  const children = rolesByBlock(model.customRolesBlocks.map(elementRange), roleRanges);
  // One literal per symbol, not a spread of the optional detail: a symbol per user, 100,000 of them in a big file.
  const users: DocumentSymbol[] = ev.users.map((u) => {
    const name = u.name || '(no name)';
    const range = toRange(elementRange(u.decl.element));
    const selectionRange = toRange(writtenValue(u.decl.name) ?? u.decl.element.nameRange);
    return u.loaded ? { name, kind: SymbolKind.Object, range, selectionRange } : { name, detail: 'dropped', kind: SymbolKind.Object, range, selectionRange };
  });
  const blocks: DocumentSymbol[] = model.customRolesBlocks.map((b, k) => ({
    name: 'custom-roles',
    kind: SymbolKind.Namespace,
    range: toRange(elementRange(b)),
    selectionRange: toRange(b.nameRange),
    children: children[k].map((i) => roles[i]),
  }));
  return [{ name: 'authentication', kind: SymbolKind.Namespace, range: toRange(elementRange(root)), selectionRange: toRange(root.nameRange), children: [...blocks, ...users] }];
}

/**
 * For each block (`blocks`, in document order, none inside another), the indexes of the roles whose range lies
 * within it, in the roles' order: a binary search per role instead of every role against every block.
 */
function rolesByBlock(blocks: readonly OffsetRange[], roles: readonly OffsetRange[]): number[][] {
  const out = blocks.map((): number[] => []);
  roles.forEach((r, i) => {
    const k = lastAtOrBefore(blocks, r.start, (b) => b.start);
    if (k >= 0 && r.end <= blocks[k].end) out[k].push(i);
  });
  return out;
}

interface RoleOccurrence {
  role: EffectiveRole;
  /** The declaration's name value, or a reference item. */
  range: OffsetRange;
  declaration: boolean;
}

/** Every place that names a custom role, in document order, and those of the roles asked about so far. */
interface Occurrences {
  text: string;
  roles: readonly EffectiveRole[];
  all: RoleOccurrence[];
  /** Filled on demand: a request asks about one role, and a list per role of the file is 10,000 arrays. */
  byRole: Map<EffectiveRole, RoleOccurrence[]>;
}

/**
 * Kept with the evaluation for the text and the custom roles it was computed for (an edit changes the text), so
 * that definition, references and rename cost a binary search and what they answer, not a pass over every
 * user's role lists per request.
 */
const OCCURRENCES = new WeakMap<UsersEvaluation, Occurrences>();

function occurrencesOf(model: UsersModel, ev: UsersEvaluation): Occurrences {
  const known = OCCURRENCES.get(ev);
  if (known && known.text === model.text && known.roles === ev.roles) return known;
  const index = { text: model.text, roles: ev.roles, all: occurrences(model, ev), byRole: new Map() };
  OCCURRENCES.set(ev, index);
  return index;
}

/**
 * Every place that names a custom role: declarations and references in `role`/`permissions` lists, from the
 * items the model already split (no list is split again, no name lowercased again).
 */
function occurrences(model: UsersModel, ev: UsersEvaluation): RoleOccurrence[] {
  // Most files declare no custom role: nothing to find in their users' lists.
  if (ev.roles.length === 0) return [];
  const byName = new Map<string, EffectiveRole>();
  for (const r of ev.roles) if (r.name && !byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r);
  const out: RoleOccurrence[] = [];
  for (const r of ev.roles) if (r.decl.name?.valueRange && !r.decl.name.defaulted && byName.get(r.name.toLowerCase()) === r) out.push({ role: r, range: nameValueRange(model.text, r.decl.name), declaration: true });
  // A DOCTYPE default is one declaration that many elements share: its items are named once.
  const defaults = new Set<number>();
  const add = (a: XmlAttribute | undefined, items: readonly RoleItem[]) => {
    if (!a || (a.defaulted && defaults.has(a.nameRange.start))) return;
    if (a.defaulted) defaults.add(a.nameRange.start);
    for (const item of items) {
      const role = byName.get(item.key);
      if (role && !builtinRole(item.text)) out.push({ role, range: item.range, declaration: false });
    }
  };
  for (const u of ev.users) {
    add(u.decl.role, u.decl.roleItems);
    add(u.decl.permissions, u.decl.permissionItems);
  }
  for (const r of ev.roles) add(r.decl.permissions, r.decl.permissionItems);
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** The stripped name inside the declaration's value (Rudder strips role names). */
function nameValueRange(text: string, name: XmlAttribute): OffsetRange {
  return splitList(text, name)[0]?.range ?? name.valueRange!;
}

/** The first occurrence containing `offset`: by binary search, the last starting at or before it, or the one before. */
function occurrenceAt(model: UsersModel, ev: UsersEvaluation, offset: number): RoleOccurrence | undefined {
  const { all } = occurrencesOf(model, ev);
  const i = lastAtOrBefore(all, offset, (o) => o.range.start);
  return [all[i - 1], all[i]].find((o) => o && offset >= o.range.start && offset <= o.range.end);
}

/** The occurrences of `role`, in document order. */
function occurrencesOfRole(model: UsersModel, ev: UsersEvaluation, role: EffectiveRole): RoleOccurrence[] {
  const { all, byRole } = occurrencesOf(model, ev);
  let list = byRole.get(role);
  if (!list) byRole.set(role, (list = all.filter((o) => o.role === role)));
  return list;
}

export function usersDefinition(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number): Location | null {
  const o = occurrenceAt(model, ev, offset);
  const decl = o && occurrencesOfRole(model, ev, o.role).find((x) => x.declaration);
  return decl ? { uri: doc.uri, range: toRange(doc, decl.range) } : null;
}

export function usersReferences(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number, includeDeclaration: boolean): Location[] {
  const o = occurrenceAt(model, ev, offset);
  if (!o) return [];
  return occurrencesOfRole(model, ev, o.role)
    .filter((x) => includeDeclaration || !x.declaration)
    .map((x) => ({ uri: doc.uri, range: toRange(doc, x.range) }));
}

export function usersPrepareRename(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number): { range: Range; placeholder: string } | null {
  const o = occurrenceAt(model, ev, offset);
  return o ? { range: toRange(doc, o.range), placeholder: o.role.name } : null;
}

/** Rename a custom role everywhere; an `error` says why a name is refused (Rudder would drop the role). */
export function usersRename(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number, newName: string): { edits: TextEdit[] } | { error: string } | null {
  const o = occurrenceAt(model, ev, offset);
  if (!o) return null;
  const name = newName.trim();
  if (name === '' || /[,\s"'<>&]/.test(name)) return { error: `'${newName}' is not a usable role name.` };
  if (isReservedCustomRoleName(name)) return { error: `Rudder reserves 'any' and names containing '_' and would drop the role.` };
  if (builtinRole(name)) return { error: `'${name}' is a built-in role: Rudder would drop the custom role.` };
  const clash = ev.roles.find((r) => r !== o.role && r.name.toLowerCase() === name.toLowerCase());
  if (clash) return { error: `A custom role named '${clash.name}' already exists (names are case-insensitive).` };
  return { edits: occurrencesOfRole(model, ev, o.role).map((x) => ({ range: toRange(doc, x.range), newText: name })) };
}

/** After each password in `range`: its shape and whether login works; `onlyProblems` keeps the users who cannot log in (or are not loaded). */
export function usersInlayHints(doc: TextDocument, ev: UsersEvaluation, range: OffsetRange, onlyProblems: boolean): InlayHint[] {
  const hints: InlayHint[] = [];
  // Users are sibling elements in document order: the first that can reach into the range is the last starting
  // at or before it, and none starting after the range can.
  for (let i = Math.max(0, lastAtOrBefore(ev.users, range.start, (u) => u.decl.element.start)); i < ev.users.length && ev.users[i].decl.element.start <= range.end; i++) {
    const u = ev.users[i];
    const p = u.decl.password;
    if (!p?.valueRange || p.defaulted || p.valueRange.end < range.start || p.valueRange.start > range.end) continue;
    const v = u.password;
    if (onlyProblems && v.loginPossible && u.loaded && !ev.rejected) continue;
    const what = v.kind === 'missing' ? 'no password' : v.kind === 'plaintext' ? 'not a hash' : v.kind === 'external' ? `${v.external!.join('/')} login` : HASH_DISPLAY[v.kind];
    const detail = v.cost !== undefined ? ` cost ${v.cost}` : v.argon2 ? ` m=${v.argon2.memory} t=${v.argon2.iterations} p=${v.argon2.parallelism}` : '';
    const warning = ev.rejected ? ' ⚠ file rejected: nobody loaded' : !u.loaded ? ' ⚠ user dropped' : v.noLoginBecause ? ' ⚠ no login (rudder.auth.provider)' : v.loginPossible ? '' : ' ⚠ no login';
    hints.push({
      position: doc.positionAt(p.valueRange.end + (p.valueClosed ? 1 : 0)),
      label: `${what}${detail}${warning}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
    });
  }
  return hints;
}

export function usersFolding(doc: TextDocument, model: UsersModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (r: OffsetRange, kind?: string) => {
    const start = doc.positionAt(r.start).line;
    const end = doc.positionAt(r.end).line;
    if (end > start) out.push({ startLine: start, endLine: end - 1 > start ? end - 1 : end, kind });
  };
  for (const el of allElements(model.scan.roots)) if (el.end !== undefined && !el.selfClosing) add({ start: el.start, end: el.end });
  for (const c of model.scan.comments) add(c, FoldingRangeKind.Comment);
  return out.sort((a, b) => a.startLine - b.startLine);
}
