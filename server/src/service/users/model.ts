/**
 * The structural model of a `rudder-users.xml`: which elements Rudder reads, with their attributes and exact
 * ranges, enriched once here with what every pass of the evaluation reads (list items and how Rudder parses
 * each, password shapes, attributes Rudder does not read). Built from the tolerant scan, so it exists for
 * half-typed files too; well-formedness is carried alongside as problems. Building it never throws.
 * Attributes are read as the parser of the releases that read a DOCTYPE delivers them: an `<!ATTLIST>` default
 * fills an absent one (`XmlAttribute.defaulted`, its ranges in the DOCTYPE); `asWritten` is the model as the
 * other releases read it, `asRewritten` as the releases whose start-up rewrite re-reads it with scala-xml.
 */
import { classifyPassword, localName, parseRight, USERS_XML, type PasswordShape, type RightParse } from '../rudder';
import { lastAtOrBefore } from '../offsetIndex';
import { findSuppressions, updateSuppressions, type Suppression } from '../suppression';
import type { TextChange } from '../text';
import { allElements, attribute, deliveredAttribute, scanXml, splitList, writtenAttribute, type ListItem, type XmlAttribute, type XmlElement, type XmlScan } from '../xml/scan';
import { decodeAsRewritten } from '../xml/scalaXml';
import { checkWellFormed, type SyntaxProblem } from '../xml/wellFormed';

/** An item of a `role`, `permissions` or custom-role list, with Rudder's parse of it. */
export interface RoleItem extends ListItem {
  /** Lowercased text: role names and rights are case-insensitive. */
  key: string;
  right: RightParse;
}

export interface UserDecl {
  element: XmlElement;
  name?: XmlAttribute;
  password?: XmlAttribute;
  role?: XmlAttribute;
  permissions?: XmlAttribute;
  roles?: XmlAttribute;
  tenants?: XmlAttribute;
  /** Attributes Rudder never reads on a user (typos like `pasword`), `roles` and `xmlns` excepted. */
  unread: XmlAttribute[];
  roleItems: RoleItem[];
  permissionItems: RoleItem[];
  /** `role` holds a blank item as Java's `split(",")` leaves them (`"a, "`, `",a"`): up to 7.2 that is NoRights. */
  blankRoleItem: boolean;
  tenantItems: ListItem[];
  /** Shape of the decoded `password` value; `empty` when missing or blank. */
  passwordShape: PasswordShape;
}

export interface RoleDecl {
  element: XmlElement;
  name?: XmlAttribute;
  permissions?: XmlAttribute;
  roles?: XmlAttribute;
  unread: XmlAttribute[];
  /** The name as Rudder reads it: stripped. */
  strippedName: string;
  permissionItems: RoleItem[];
}

export interface UsersModel {
  kind: 'users';
  text: string;
  scan: XmlScan;
  /** Fatal problems as Rudder's XML parser would see them (empty when well-formed). */
  syntax: SyntaxProblem[];
  /** Elements named `authentication` (by local name), anywhere (Rudder requires exactly one, and it must be the root). */
  authenticationElements: XmlElement[];
  /** The `<authentication>` element whose children Rudder reads, when the document root is one. */
  root?: XmlElement;
  /** The document's first element, whatever its name. */
  documentElement?: XmlElement;
  hash?: XmlAttribute;
  caseSensitivity?: XmlAttribute;
  unsafeHashes?: XmlAttribute;
  customRolesBlocks: XmlElement[];
  roles: RoleDecl[];
  users: UserDecl[];
  /** `<!-- rudder-lint-disable-next-line … -->` directives. */
  suppressions: Suppression[];
  /** Set when the text was too large to parse (the model is then empty); `text` is the real text. */
  oversize?: { size: number; text: string };
}

const is = (el: XmlElement, name: string) => localName(el.name) === name;

/** Each item built as one literal: a spread copy would take about three times the memory (100,000 users hold ~150,000 items). */
function roleItems(text: string, attr: XmlAttribute | undefined): RoleItem[] {
  return attr ? splitList(text, attr).map(({ text: t, range }) => ({ text: t, range, key: t.toLowerCase(), right: parseRight(t) })) : [];
}

/** Java's `value.split(",")` drops trailing empty strings only; a blank item left after that is kept by 7.2. */
function hasBlankItem(attr: XmlAttribute | undefined): boolean {
  if (!attr?.value) return false;
  const parts = attr.value.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.some((p) => p.trim() === '');
}

function unreadAttributes(el: XmlElement, read: readonly string[]): XmlAttribute[] {
  return el.attributes.filter((a) => !read.includes(a.name) && a.name !== USERS_XML.ignoredRolesAttribute && a.name !== 'xmlns' && !a.name.startsWith('xmlns:'));
}

/** How an attribute is read: as the parser that applies the DOCTYPE's `<!ATTLIST>` delivers it, or as written. */
type Read = (el: XmlElement, name: string) => XmlAttribute | undefined;

export function userDecl(text: string, element: XmlElement, read: Read = deliveredAttribute): UserDecl {
  const password = read(element, 'password');
  const role = read(element, 'role');
  const tenants = read(element, 'tenants');
  const permissions = read(element, 'permissions');
  return {
    element,
    name: read(element, 'name'),
    password,
    role,
    permissions,
    roles: read(element, USERS_XML.ignoredRolesAttribute),
    tenants,
    unread: unreadAttributes(element, USERS_XML.userAttributes),
    roleItems: roleItems(text, role),
    permissionItems: roleItems(text, permissions),
    blankRoleItem: hasBlankItem(role),
    // An exact-size copy: the model keeps it, and an array grown by push keeps ~130 bytes of slack.
    tenantItems: tenants ? splitList(text, tenants).slice() : [],
    passwordShape: classifyPassword(password?.value ?? ''),
  };
}

export function roleDecl(text: string, element: XmlElement, read: Read = deliveredAttribute): RoleDecl {
  const name = read(element, 'name');
  const permissions = read(element, 'permissions');
  return {
    element,
    name,
    permissions,
    roles: read(element, USERS_XML.ignoredRolesAttribute),
    unread: unreadAttributes(element, USERS_XML.roleAttributes),
    strippedName: (name?.value ?? '').trim(),
    permissionItems: roleItems(text, permissions),
  };
}

/** `syntax`: the verdict on the file's bytes (`checkWellFormedBytes`) when the caller read them itself. */
export function parseUsers(text: string, syntax: SyntaxProblem[] = checkWellFormed(text).problems): UsersModel {
  const scan = scanXml(text);
  const authenticationElements: XmlElement[] = [];
  for (const el of allElements(scan.roots)) if (is(el, USERS_XML.root)) authenticationElements.push(el);
  const documentElement = scan.roots[0];
  const root = documentElement && is(documentElement, USERS_XML.root) ? documentElement : undefined;
  const children = root?.children ?? [];
  const customRolesBlocks = children.filter((c) => is(c, USERS_XML.customRoles));
  const roles = customRolesBlocks.flatMap((block) => block.children.filter((c) => is(c, USERS_XML.role)).map((el) => roleDecl(text, el)));
  const users = children.filter((c) => is(c, USERS_XML.user)).map((el) => userDecl(text, el));
  return {
    kind: 'users',
    text,
    scan,
    syntax,
    authenticationElements,
    root,
    documentElement,
    hash: root && deliveredAttribute(root, 'hash'),
    caseSensitivity: root && deliveredAttribute(root, 'case-sensitivity'),
    unsafeHashes: root && deliveredAttribute(root, 'unsafe-hashes'),
    customRolesBlocks,
    roles,
    users,
    suppressions: suppressionsOf(text, scan),
  };
}

/**
 * The model as a parser that applies no `<!ATTLIST>` reads the file: no default fills an absent attribute and a
 * tokenized type collapses no value. That is every release but those that read the DOCTYPE (`USERS_FILE.
 * attributeDefaults`): from 8.2 the DOCTYPE is refused, and the 9.0+ start-up rewrite applies none of it
 * (`REWRITE_DROPS_DOCTYPE_DEFAULTS`). The model itself when no declaration changed an element; else a new model
 * whose declarations of the changed elements are built again from their written attributes (the others, and
 * every element, are the model's objects).
 */
export function asWritten(model: UsersModel): UsersModel {
  if (!model.scan.declarations) return model;
  const changed = (el: XmlElement) => el.defaulted !== undefined || el.attributes.some((a) => a.undeclared);
  const rebuild = <T extends { element: XmlElement }>(decls: T[], build: (text: string, el: XmlElement, read: Read) => T) => (decls.some((d) => changed(d.element)) ? decls.map((d) => (changed(d.element) ? build(model.text, d.element, writtenAttribute) : d)) : decls);
  const users = rebuild(model.users, userDecl);
  const roles = rebuild(model.roles, roleDecl);
  const root = model.root;
  if (users === model.users && roles === model.roles && !(root && changed(root))) return model;
  return {
    ...model,
    users,
    roles,
    hash: root && writtenAttribute(root, 'hash'),
    caseSensitivity: root && writtenAttribute(root, 'case-sensitivity'),
    unsafeHashes: root && writtenAttribute(root, 'unsafe-hashes'),
  };
}

/**
 * The model as Rudder reads the file its 9.0+ start-up rewrite wrote (`REWRITE_TOLERATES_SYNTAX`): `asWritten`,
 * with each attribute value as scala-xml's parser read it (`decodeAsRewritten`: a reference it does not know,
 * declared in the DOCTYPE or not, is its own text) and the last of a duplicated attribute. It differs from
 * `asWritten` only where a value holds such a reference or an attribute is written twice, so only in a file with
 * a DOCTYPE or one the JDK refuses, whose attributes are read again; any other file is `asWritten`'s model, as
 * cheap.
 */
export function asRewritten(model: UsersModel): UsersModel {
  const written = asWritten(model);
  if (written.syntax.length === 0 && written.scan.entities.size === 0) return written;
  const text = written.text;
  // Of a duplicated attribute, the element keeps the last (scala-xml `Elem` normalises its attributes, and the
  // parser prepends each one it reads).
  const read: Read = (el, name) => {
    let last: XmlAttribute | undefined;
    for (const x of el.attributes) if (x.name === name) last = x;
    const a = last && last !== attribute(el, name) ? last : writtenAttribute(el, name);
    if (!a?.valueRange || a.valueOffsets === undefined) return a;
    const decoded = decodeAsRewritten(text.slice(a.valueRange.start, a.valueRange.end));
    return decoded.text === a.value ? a : { ...a, value: decoded.text, ...(decoded.offsets ? { valueOffsets: decoded.offsets } : {}) };
  };
  const differs = (el: XmlElement, names: readonly string[]) => names.some((n) => read(el, n) !== writtenAttribute(el, n));
  const rebuild = <T extends { element: XmlElement }>(decls: T[], names: readonly string[], build: (text: string, el: XmlElement, read: Read) => T) => (decls.some((d) => differs(d.element, names)) ? decls.map((d) => (differs(d.element, names) ? build(text, d.element, read) : d)) : decls);
  const users = rebuild(written.users, [...USERS_XML.userAttributes, USERS_XML.ignoredRolesAttribute], userDecl);
  const roles = rebuild(written.roles, [...USERS_XML.roleAttributes, USERS_XML.ignoredRolesAttribute], roleDecl);
  const root = written.root;
  if (users === written.users && roles === written.roles && !(root && differs(root, USERS_XML.rootAttributes))) return written;
  return { ...written, users, roles, hash: root && read(root, 'hash'), caseSensitivity: root && read(root, 'case-sensitivity'), unsafeHashes: root && read(root, 'unsafe-hashes') };
}

/** The directives of a scanned text; a directive above a start tag covers the whole tag. */
export function suppressionsOf(text: string, scan: XmlScan): Suppression[] {
  return scan.comments.length === 0 ? [] : findSuppressions(text, scan.comments, (c) => c, tagExtent(scan));
}

/** The suppressions after the edit `r` of the text `prev` was found in (`updateSuppressions`; `prev` is consumed). */
export function suppressionsAfter(prev: Suppression[], r: TextChange, text: string, scan: XmlScan): Suppression[] {
  return scan.comments.length === 0 ? [] : updateSuppressions(prev, r, text, scan.comments, (c) => c, tagExtent(scan));
}

/** Where the start tag of the element starting at `offset` ends, else `offset`: a binary search per level. */
function tagExtent(scan: XmlScan): (offset: number) => number {
  return (offset) => {
    let siblings = scan.roots;
    for (;;) {
      const el = siblings[lastAtOrBefore(siblings, offset, (e) => e.start)];
      if (!el) return offset;
      if (el.start === offset) return el.startTagEnd ?? el.nameRange.end;
      if (el.end !== undefined && el.end <= offset) return offset;
      siblings = el.children;
    }
  };
}
