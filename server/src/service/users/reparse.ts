/**
 * A keystroke in a large `rudder-users.xml` re-reads what it touched, not the file. `reparseUsers` takes the
 * previous model and the edits that turned its text into the new one, and splices: when the edits stay inside
 * one empty-element tag (`<user …/>`, `<role …/>`) and its new text is still one such tag of the same name, only
 * that tag is scanned again and takes the old one's place; the elements, comments and declarations after it are
 * the previous objects with their offsets moved by the edit's length *in place* (as tree-sitter's `ts_tree_edit`
 * does), the ones before it the previous objects untouched. The well-formedness verdict is kept when the file
 * was well-formed and the new tag is a well-formed tag (`isWellFormedEmptyTag`): nothing else changed. Anything
 * it cannot prove safe (the root's tag, comments, text between tags, a tag that is no longer one, a file with a
 * syntax error) is parsed again in full. The result is always the model `parseUsers` builds from the new text
 * (the differential test, test/unit/incremental.test.ts, holds the two equal).
 *
 * Ownership: `reparseUsers` consumes `prev`. After it, `prev`'s elements and declarations hold the new text's
 * offsets while `prev.text` is the old one: only the returned model (a new object, so caches keyed by the model
 * miss) may be read. Its `users` and `roles` arrays are new when a declaration was replaced, so an evaluation
 * memo keeping the previous array still tells the replaced declaration from the kept ones (`===`).
 */
import { lastAtOrBefore } from '../offsetIndex';
import { changedRegion, ownedSlice, type ContentChange, type TextChange as Region } from '../text';
import { scanXml, startTagAt, type ListItem, type OffsetRange, type XmlElement, type XmlScan } from '../xml/scan';
import { checkWellFormed, isWellFormedEmptyTag } from '../xml/wellFormed';
import { parseUsers, roleDecl, suppressionsAfter, userDecl, type RoleDecl, type UserDecl, type UsersModel } from './model';

/** One edit: `[start, end)` of the text as the edits before it left it, replaced by `text` (LSP's order). */
export type TextChange = ContentChange;

/** The model of `text`; consumes `prev` (see the ownership note above). */
export function reparseUsers(prev: UsersModel, changes: readonly TextChange[], text: string): UsersModel {
  const r = changedRegion(changes, prev.text.length, text.length);
  if (!r) return parseUsers(text);
  if (r.start === r.oldEnd && r.start === r.newEnd) return { ...prev, text };
  return splice(prev, r, text) ?? parseUsers(text);
}

/**
 * The model with the one empty-element tag holding the region scanned again, or undefined when that is not the
 * case. Everything that can refuse is decided first: once it moves anything, `prev` is consumed (its objects are
 * the new model's, moved in place).
 */
function splice(prev: UsersModel, r: Region, text: string): UsersModel | undefined {
  const old = startTagAt(prev.scan.roots, r.start);
  if (!old || !old.selfClosing || old.end === undefined || old.start > r.start || r.oldEnd > old.end) return undefined;
  // A top-level element is the root (or a second one), whose attributes the model reads: parsed again. So is a
  // file with a DOCTYPE: its entities expand in every value (`scan.entities`), which a tag scanned alone misses.
  if (prev.scan.roots.includes(old) || prev.authenticationElements.includes(old) || prev.scan.doctypes.length > 0) return undefined;
  const d = r.newEnd - r.oldEnd;
  // Its own string: what is scanned from it (names, values, list items) outlives this version's text.
  const tagText = ownedSlice(text, old.start, old.end + d);
  const rescan = scanXml(tagText);
  const el = rescan.roots[0];
  if (rescan.roots.length !== 1 || rescan.comments.length || rescan.doctypes.length || !el.selfClosing || el.start !== 0 || el.end !== tagText.length || el.name !== old.name) return undefined;
  const path = pathTo(prev.scan.roots, old);
  if (!path) return undefined;
  const syntax = prev.syntax.length === 0 && isWellFormedEmptyTag(tagText) ? [] : checkWellFormed(text).problems;

  // From here on, `prev` is consumed. Declarations first, while their elements' offsets are the old ones.
  moveElement(el, old.start);
  const users = spliceDecls(prev.users, old, el, d, (e) => userDecl(text, e), moveUser);
  const roles = spliceDecls(prev.roles, old, el, d, (e) => roleDecl(text, e), moveRole);
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const { list, index } = path[depth];
    for (let k = index + 1; k < list.length; k++) moveElement(list[k], d);
    if (depth === path.length - 1) list[index] = el;
    else if (list[index].end !== undefined) list[index].end! += d;
  }
  for (const c of prev.scan.comments) if (c.start > old.start) moveRange(c, d);
  const scan: XmlScan = { ...prev.scan };
  return {
    ...prev,
    text,
    scan,
    syntax,
    customRolesBlocks: prev.customRolesBlocks.includes(old) ? prev.customRolesBlocks.map((b) => (b === old ? el : b)) : prev.customRolesBlocks,
    roles,
    users,
    suppressions: suppressionsAfter(prev.suppressions, r, text, scan),
  };
}

/** The sibling lists from the roots down to `target`, with its ancestors' (and its own) index in each. */
function pathTo(roots: XmlElement[], target: XmlElement): { list: XmlElement[]; index: number }[] | undefined {
  const path: { list: XmlElement[]; index: number }[] = [];
  let list = roots;
  for (;;) {
    const index = lastAtOrBefore(list, target.start, (e) => e.start);
    if (index < 0) return undefined;
    path.push({ list, index });
    if (list[index] === target) return path;
    list = list[index].children;
  }
}

function moveRange(r: OffsetRange, d: number): void {
  r.start += d;
  r.end += d;
}

/** `root`'s subtree moved by `d`, in place, without recursion (each element and attribute owns its ranges). */
function moveElement(root: XmlElement, d: number): void {
  moveTag(root, d);
  if (root.children.length === 0) return;
  const stack = [...root.children];
  while (stack.length) {
    const el = stack.pop()!;
    moveTag(el, d);
    for (const c of el.children) stack.push(c);
  }
}

function moveTag(el: XmlElement, d: number): void {
  el.start += d;
  moveRange(el.nameRange, d);
  if (el.startTagEnd !== undefined) el.startTagEnd += d;
  if (el.end !== undefined) el.end += d;
  for (const a of el.attributes) {
    moveRange(a.nameRange, d);
    if (a.valueRange) moveRange(a.valueRange, d);
  }
}

/**
 * `decls` (in document order) with the one of `old`, if any, built again on `el` (a new array then); the list
 * items of the ones after it moved in place (their attributes are their elements', moved with the tree).
 */
function spliceDecls<T extends { element: XmlElement }>(decls: T[], old: XmlElement, el: XmlElement, d: number, build: (e: XmlElement) => T, move: (decl: T, d: number) => void): T[] {
  // The first declaration starting at or after `old` (offsets are integers).
  const lo = lastAtOrBefore(decls, old.start - 1, (x) => x.element.start) + 1;
  const own = lo < decls.length && decls[lo].element === old;
  for (let k = own ? lo + 1 : lo; k < decls.length; k++) move(decls[k], d);
  if (!own) return decls;
  const out = decls.slice();
  out[lo] = build(el);
  return out;
}

function moveItems(items: readonly ListItem[], d: number): void {
  for (const it of items) moveRange(it.range, d);
}

function moveUser(u: UserDecl, d: number): void {
  moveItems(u.roleItems, d);
  moveItems(u.permissionItems, d);
  moveItems(u.tenantItems, d);
}

function moveRole(role: RoleDecl, d: number): void {
  moveItems(role.permissionItems, d);
}
