/**
 * A keystroke in a large `rudder-users.xml` re-reads what it touched, not the file. `reparseUsers` takes the
 * previous model and the edits that turned its text into the new one, and splices: when the edits stay inside
 * one empty-element tag (`<user …/>`, `<role …/>`) and its new text is still one such tag of the same name, only
 * that tag is scanned again; the elements, comments and declarations after it are the previous ones moved by the
 * edit's length, and those before it are the previous objects. The well-formedness verdict is kept when the file
 * was well-formed and the new tag is a well-formed tag (`isWellFormedEmptyTag`): nothing else changed. Anything
 * it cannot prove safe (the root's tag, comments, text between tags, a tag that is no longer one, a file with a
 * syntax error) is parsed again in full. The result is always the model `parseUsers` builds from the new text
 * (the differential test, test/unit/incremental.test.ts, holds the two equal).
 */
import type { Suppression } from '../suppression';
import { scanXml, startTagAt, type ListItem, type OffsetRange, type XmlAttribute, type XmlElement, type XmlScan } from '../xml/scan';
import { checkWellFormed, isWellFormedEmptyTag } from '../xml/wellFormed';
import { parseUsers, roleDecl, suppressionsOf, userDecl, type RoleDecl, type RoleItem, type UserDecl, type UsersModel } from './model';

/** One edit: `[start, end)` of the text as the edits before it left it, replaced by `text` (LSP's order). */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** The one region the edits changed: `[start, end)` of the old text became `[start, newEnd)` of the new one. */
interface Region {
  start: number;
  end: number;
  newEnd: number;
}

/** The region covering every edit, or undefined when an edit does not fit the text it applies to. */
function regionOf(changes: readonly TextChange[], oldLength: number, newLength: number): Region | undefined {
  let r: Region | undefined;
  let length = oldLength;
  for (const c of changes) {
    if (!(c.start >= 0 && c.start <= c.end && c.end <= length)) return undefined;
    const growth = c.text.length - (c.end - c.start);
    if (!r) r = { start: c.start, end: c.end, newEnd: c.start + c.text.length };
    else {
      const end = c.end > r.newEnd ? r.end + (c.end - r.newEnd) : r.end;
      r = { start: Math.min(r.start, c.start), end, newEnd: Math.max(r.newEnd, c.end) + growth };
    }
    length += growth;
  }
  return r && length === newLength ? r : undefined;
}

export function reparseUsers(prev: UsersModel, changes: readonly TextChange[], text: string): UsersModel {
  const r = regionOf(changes, prev.text.length, text.length);
  if (!r) return parseUsers(text);
  if (r.start === r.end && r.start === r.newEnd) return { ...prev, text };
  return splice(prev, r, text) ?? parseUsers(text);
}

/** The model with the one empty-element tag holding the region scanned again, or undefined when that is not the case. */
function splice(prev: UsersModel, r: Region, text: string): UsersModel | undefined {
  const old = startTagAt(prev.scan.roots, r.start);
  if (!old || !old.selfClosing || old.end === undefined || old.start > r.start || r.end > old.end) return undefined;
  // A top-level element is the root (or a second one), whose attributes the model reads: parsed again. So is a
  // file with a DOCTYPE: its entities expand in every value (`scan.entities`), which a tag scanned alone misses.
  if (prev.scan.roots.includes(old) || prev.authenticationElements.includes(old) || prev.scan.doctypes.length > 0) return undefined;
  const d = r.newEnd - r.end;
  const tagText = text.slice(old.start, old.end + d);
  const rescan = scanXml(tagText);
  const el = rescan.roots[0];
  if (rescan.roots.length !== 1 || rescan.comments.length || rescan.doctypes.length || !el.selfClosing || el.start !== 0 || el.end !== tagText.length || el.name !== old.name) return undefined;
  const syntax = prev.syntax.length === 0 && isWellFormedEmptyTag(tagText) ? [] : checkWellFormed(text).problems;

  const moved = new Map<XmlElement, XmlElement>();
  const replacement = shiftElement(el, old.start, moved);
  moved.set(old, replacement);
  const roots = spliceSiblings(prev.scan.roots, old, replacement, d, moved);
  if (!roots) return undefined;
  const scan: XmlScan = {
    roots,
    doctypes: prev.scan.doctypes,
    entities: prev.scan.entities,
    comments: shiftRanges(prev.scan.comments, old.start, d),
  };
  const now = (e: XmlElement) => moved.get(e) ?? e;
  const users = spliceDecls(prev.users, old, d, now, (e) => userDecl(text, e), shiftUser);
  const roles = spliceDecls(prev.roles, old, d, now, (e) => roleDecl(text, e), shiftRole);
  return {
    ...prev,
    text,
    scan,
    syntax,
    authenticationElements: prev.authenticationElements.map(now),
    root: prev.root && now(prev.root),
    documentElement: prev.documentElement && now(prev.documentElement),
    customRolesBlocks: prev.customRolesBlocks.map(now),
    roles,
    users,
    suppressions: spliceSuppressions(prev, scan, text, r, d),
  };
}

/**
 * `siblings` with `old` (somewhere in the subtree of one of them) replaced: the ancestors of `old` are new
 * objects (their end moves), the siblings after them moved copies, the ones before them the same objects.
 * Every element that got a new object is recorded in `moved`.
 */
function spliceSiblings(siblings: readonly XmlElement[], old: XmlElement, replacement: XmlElement, d: number, moved: Map<XmlElement, XmlElement>): XmlElement[] | undefined {
  const path: XmlElement[][] = [];
  let level: readonly XmlElement[] = siblings;
  const indexes: number[] = [];
  for (;;) {
    const i = lastStartingAtOrBefore(level, old.start);
    if (i < 0) return undefined;
    path.push([...level]);
    indexes.push(i);
    if (level[i] === old) break;
    level = level[i].children;
  }
  let child = replacement;
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const list = path[depth];
    const i = indexes[depth];
    for (let k = i + 1; k < list.length; k++) list[k] = shiftElement(list[k], d, moved);
    if (depth < path.length - 1) {
      const ancestor = list[i];
      const copy: XmlElement = { ...ancestor, children: path[depth + 1] };
      if (ancestor.end !== undefined) copy.end = ancestor.end + d;
      moved.set(ancestor, copy);
      child = copy;
    }
    list[i] = child;
  }
  return path[0];
}

/** The index of the last element of `list` starting at or before `offset`, or -1. */
function lastStartingAtOrBefore(list: readonly XmlElement[], offset: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const shiftRange = (r: OffsetRange, d: number): OffsetRange => ({ start: r.start + d, end: r.end + d });

// The copies below are object literals with the keys in the order the scan and the model create them (spreads
// with overrides are several times slower, and the differential test compares JSON).

function shiftAttribute(a: XmlAttribute, d: number): XmlAttribute {
  const copy: XmlAttribute = { name: a.name, nameRange: shiftRange(a.nameRange, d), valueClosed: a.valueClosed };
  if (a.valueRange) {
    copy.valueRange = shiftRange(a.valueRange, d);
    copy.value = a.value;
    if (a.valueOffsets) copy.valueOffsets = a.valueOffsets;
  }
  return copy;
}

/** A copy of `root`'s subtree moved by `d`, without recursion; each copy is recorded in `moved`. */
function shiftElement(root: XmlElement, d: number, moved: Map<XmlElement, XmlElement>): XmlElement {
  const copy = (el: XmlElement): XmlElement => {
    const c: XmlElement = { name: el.name, nameRange: shiftRange(el.nameRange, d), start: el.start + d, selfClosing: el.selfClosing, attributes: el.attributes.map((a) => shiftAttribute(a, d)), children: el.children.length ? [...el.children] : [] };
    if (el.startTagEnd !== undefined) c.startTagEnd = el.startTagEnd + d;
    if (el.end !== undefined) c.end = el.end + d;
    moved.set(el, c);
    return c;
  };
  const top = copy(root);
  const stack = [top];
  while (stack.length) {
    const el = stack.pop()!;
    for (let i = 0; i < el.children.length; i++) {
      el.children[i] = copy(el.children[i]);
      stack.push(el.children[i]);
    }
  }
  return top;
}

/** Ranges before the tag as they were, the ones after it moved (a comment or DOCTYPE is never inside the tag). */
function shiftRanges(ranges: readonly OffsetRange[], at: number, d: number): OffsetRange[] {
  return ranges.map((r) => (r.start < at ? r : shiftRange(r, d)));
}

/**
 * Declarations before the tag kept (on the new copy of their element when it holds the tag), the one of the tag
 * built again, the ones after it moved to the new elements.
 */
function spliceDecls<T extends { element: XmlElement }>(decls: readonly T[], old: XmlElement, d: number, now: (e: XmlElement) => XmlElement, build: (e: XmlElement) => T, shift: (decl: T, el: XmlElement, d: number) => T): T[] {
  return decls.map((decl) => {
    if (decl.element === old) return build(now(old));
    if (decl.element.start > old.start) return shift(decl, now(decl.element), d);
    const el = now(decl.element);
    return el === decl.element ? decl : { ...decl, element: el };
  });
}

/** The attribute of `el` (a moved copy of `decl`'s element) at the index `a` had in the original. */
function attributeIn(original: XmlElement, el: XmlElement, a: XmlAttribute | undefined): XmlAttribute | undefined {
  return a && el.attributes[original.attributes.indexOf(a)];
}

const shiftRoleItems = (items: readonly RoleItem[], d: number): RoleItem[] => items.map((it) => ({ text: it.text, range: shiftRange(it.range, d), key: it.key, right: it.right }));
const shiftListItems = (items: readonly ListItem[], d: number): ListItem[] => items.map((it) => ({ text: it.text, range: shiftRange(it.range, d) }));

function shiftUser(u: UserDecl, el: XmlElement, d: number): UserDecl {
  const at = (a: XmlAttribute | undefined) => attributeIn(u.element, el, a);
  return {
    element: el,
    name: at(u.name),
    password: at(u.password),
    role: at(u.role),
    permissions: at(u.permissions),
    roles: at(u.roles),
    tenants: at(u.tenants),
    unread: u.unread.map((a) => at(a)!),
    roleItems: shiftRoleItems(u.roleItems, d),
    permissionItems: shiftRoleItems(u.permissionItems, d),
    blankRoleItem: u.blankRoleItem,
    tenantItems: shiftListItems(u.tenantItems, d),
    passwordShape: u.passwordShape,
  };
}

function shiftRole(role: RoleDecl, el: XmlElement, d: number): RoleDecl {
  const at = (a: XmlAttribute | undefined) => attributeIn(role.element, el, a);
  return {
    element: el,
    name: at(role.name),
    permissions: at(role.permissions),
    roles: at(role.roles),
    unread: role.unread.map((a) => at(a)!),
    strippedName: role.strippedName,
    permissionItems: shiftRoleItems(role.permissionItems, d),
  };
}

/**
 * Suppressions away from the edit kept (before) or moved (after); when one is near it (its target may be the
 * edited tag, or a line the edit split or joined), all are found again.
 */
function spliceSuppressions(prev: UsersModel, scan: XmlScan, text: string, r: Region, d: number): Suppression[] {
  const near = (s: Suppression) => s.comment.start <= r.end + 2 && s.target.end + 2 >= r.start;
  if (prev.suppressions.some(near)) return suppressionsOf(text, scan);
  return prev.suppressions.map((s) => (s.comment.start < r.start ? s : { ...s, comment: shiftRange(s.comment, d), target: shiftRange(s.target, d) }));
}
