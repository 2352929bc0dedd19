/**
 * Completion in `rudder-users.xml`, as typed: role and permission items at any comma-separated position,
 * attribute names, the values of `hash`, `case-sensitivity`, `unsafe-hashes` and `tenants`, elements at `<` (a
 * new user, a custom role, the `<custom-roles>` block) and the whole skeleton in an empty file.
 *
 * It never waits for an analysis of the text being typed: the syntactic context (which element, which attribute,
 * which list item) comes from a local scan of the current text around the cursor, and the analysis, which may be
 * of an earlier version of the text (the server passes the latest it has), only gives what does not depend on
 * where the cursor is: the Rudder version and the custom roles. The one place that needs the tree, the parent of
 * an element being typed, maps the cursor onto the text that analysis read.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type Command, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import { COMMANDS, type SetPasswordArgs } from '../../shared/protocol';
import {
  BUILTIN_ROLES,
  hashValuesFor,
  localName,
  LEVEL_DOCS,
  PERMISSION_LEVEL_TOKENS,
  PERMISSION_TYPE_DOCS,
  PERMISSION_TYPES,
  TENANT_ALL,
  TENANT_NONE,
  UNSAFE_HASHES_READ,
  userAttributesRead,
  USERS_FILE,
  USERS_XML,
  type RudderVersion,
} from '../rudder';
import { elementContaining, scanXml, type OffsetRange, type XmlAttribute, type XmlElement } from '../xml/scan';
import { lineEnding, onCursorLine } from '../text';
import type { UsersEvaluation } from './evaluate';
import { customRolesByName, itemDoc } from './hover';
import type { UsersModel } from './model';

export interface UsersCompletionOptions {
  /**
   * The client runs `rudder.setPassword` with `newUserAt` (the VS Code extension): the new-user item then asks
   * for the password of the user it inserted.
   */
  newUserPassword?: boolean;
  /** The character whose typing asked for completion, if any: a space or a quote between elements offers nothing. */
  trigger?: string;
  /** The client does not take snippets: each placeholder is inserted as its default, a choice as its first option. */
  plainText?: boolean;
}

/** A snippet as plain text: what it inserts when nothing is typed into it. */
export function snippetAsText(snippet: string): string {
  return snippet.replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1').replace(/\$\{\d+\}|\$\d+/g, '');
}

/** A start tag longer than this (hostile 80 KB values) gets no completion: the local scan stays bounded. */
const MAX_TAG_LENGTH = 64 * 1024;
/** What may be typed after `<` before an element's name is complete. */
const PARTIAL_NAME = /^(?:[A-Za-z_:][\w:.-]*)?$/;

const ATTRIBUTE_DOCS: Record<string, string> = {
  hash: 'The algorithm of new passwords (and, in the oldest releases, of every password in the file).',
  'case-sensitivity': 'Whether user names are case-sensitive (`true`, the default, or `false`).',
  'unsafe-hashes': '`true` keeps unsalted MD5/SHA digests valid.',
  name: 'The login (user) or the role name (custom role; case-insensitive, no `_`).',
  password: 'A bcrypt (or argon2id, where supported) hash. Empty or `LDAP` for LDAP/OIDC users.',
  role: 'Comma-separated roles and permissions.',
  permissions: 'Comma-separated roles and permissions (what the UI writes).',
  tenants: 'Comma-separated tenant ids, `*` for all, `-` for none.',
};

export function usersCompletion(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number, options: UsersCompletionOptions = {}): CompletionList | null {
  const list = completionAt(doc, model, ev, offset, options);
  if (!list || !options.plainText) return list;
  for (const item of list.items) {
    if (item.insertTextFormat !== InsertTextFormat.Snippet) continue;
    item.insertTextFormat = InsertTextFormat.PlainText;
    if (item.textEdit) item.textEdit.newText = snippetAsText(item.textEdit.newText);
    if (item.insertText !== undefined) item.insertText = snippetAsText(item.insertText);
  }
  return list;
}

function completionAt(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number, options: UsersCompletionOptions): CompletionList | null {
  const text = doc.getText();
  const lt = offset > 0 ? text.lastIndexOf('<', offset - 1) : -1;
  if (lt >= 0 && offset - lt <= MAX_TAG_LENGTH) {
    if (inComment(text, lt, offset)) return null;
    if (PARTIAL_NAME.test(text.slice(lt + 1, offset))) return elementNameItems(doc, text, model, ev, lt, offset, options);
    const el = tagAt(text, lt, offset);
    if (el && offset > el.nameRange.end && (el.startTagEnd === undefined || offset < el.startTagEnd)) return inTag(doc, text, ev, el, offset);
  }
  return contentItems(doc, text, model, ev, offset, options);
}

/** Whether `offset` is inside a comment, given the last `<` before it (at `lt`). */
function inComment(text: string, lt: number, offset: number): boolean {
  const open = text.startsWith('<!--', lt) ? lt : text.lastIndexOf('<!--', lt);
  if (open < 0) return false;
  const close = text.indexOf('-->', open + 4);
  return close < 0 || close + 3 > offset;
}

/** The start tag that begins at `lt`, scanned up to the next `<` (which no attribute value may contain). */
function tagAt(text: string, lt: number, offset: number): XmlElement | undefined {
  const next = text.indexOf('<', offset);
  const end = next < 0 ? Math.min(text.length, lt + MAX_TAG_LENGTH) : Math.min(next, lt + MAX_TAG_LENGTH);
  const el = scanXml(text.slice(lt, end)).roots[0];
  if (!el) return undefined;
  const at = (r: OffsetRange): OffsetRange => ({ start: r.start + lt, end: r.end + lt });
  return {
    ...el,
    start: lt,
    nameRange: at(el.nameRange),
    startTagEnd: el.startTagEnd === undefined ? undefined : el.startTagEnd + lt,
    end: undefined,
    children: [],
    attributes: el.attributes.map((a) => ({ ...a, nameRange: at(a.nameRange), valueRange: a.valueRange && at(a.valueRange) })),
  };
}

/** Inside a start tag: the attribute under the cursor (its name or value), or a new attribute's name. */
function inTag(doc: TextDocument, text: string, ev: UsersEvaluation, el: XmlElement, offset: number): CompletionList | null {
  const attr = el.attributes.find(
    (a) => (offset >= a.nameRange.start && offset <= a.nameRange.end) || (a.valueRange && offset >= a.valueRange.start && offset <= a.valueRange.end),
  );
  if (attr?.valueRange && offset >= attr.valueRange.start) {
    const items = valueItems(doc, text, ev, el, attr, offset);
    // The roles of a list item are incomplete until a permission type is typed: `node_` then asks again for its
    // levels (VS Code filters a complete list while the word goes on, and `_` is a word character).
    return items ? { isIncomplete: items.some((i) => i.kind === CompletionItemKind.Module), items } : null;
  }
  if (!attr && /=\s*$/.test(text.slice(Math.max(el.nameRange.end, offset - 64), offset))) return null;
  return { isIncomplete: false, items: attributeItems(doc, el, attr, ev.version.version) };
}

/**
 * `offset` in the text the analysis read: the same where the two texts agree before it, shifted where they
 * agree after it, and the start of the change inside it.
 */
function inAnalysedText(analysed: string, current: string, offset: number): number {
  if (analysed === current) return offset;
  const max = Math.min(analysed.length, current.length);
  let prefix = 0;
  while (prefix < max && analysed.charCodeAt(prefix) === current.charCodeAt(prefix)) prefix++;
  if (offset <= prefix) return offset;
  let suffix = 0;
  while (suffix < max - prefix && analysed.charCodeAt(analysed.length - 1 - suffix) === current.charCodeAt(current.length - 1 - suffix)) suffix++;
  return offset >= current.length - suffix ? offset - current.length + analysed.length : prefix;
}

/** The local name of the element an element typed at `offset` goes into (undefined: the document's top level). */
function parentAt(model: UsersModel, text: string, offset: number): string | undefined {
  const parent = elementContaining(model.scan.roots, inAnalysedText(model.text, text, offset));
  return parent && localName(parent.name);
}

/** The elements that go into `parent`, as snippets (`snippet`) or names; `lt` is the offset of their `<`. */
function elementItems(doc: TextDocument, text: string, ev: UsersEvaluation, parent: string | undefined, snippet: boolean, lt: number, options: UsersCompletionOptions) {
  const v = ev.version.version;
  const eol = lineEnding(text);
  const items: { label: string; detail: string; documentation: string; body: string; command?: Command }[] = [];
  const newUser = (offsetInBody: number): Command | undefined => {
    if (!options.newUserPassword) return undefined;
    const args: SetPasswordArgs = { uri: doc.uri, newUserAt: lt + offsetInBody };
    return { title: 'Set a new password…', command: COMMANDS.setPassword, arguments: [args] };
  };
  const user = `user name="\${1}" password="" role="\${2|${roleChoices(ev).join(',')}|}"/>`;
  if (parent === undefined) {
    if (/<[A-Za-z_:]/.test(text)) return [];
    const hash = hashValuesFor(v).includes('bcrypt') ? 'bcrypt' : hashValuesFor(v)[0];
    const root = `authentication hash="${hash}"${USERS_FILE.caseSensitivity.at(v) ? ' case-sensitivity="true"' : ''}>${eol}  <`;
    items.push({
      label: USERS_XML.root,
      detail: 'rudder-users.xml skeleton',
      documentation: `The root element with \`hash="${hash}"\` and a first user, whose password is set next.`,
      body: `${root}${user}${eol}</authentication>$0`,
      command: newUser(root.length),
    });
  } else if (parent === USERS_XML.root) {
    items.push({ label: USERS_XML.user, detail: 'new user', documentation: 'A new user with a role; its password is set next ("Set a new password…").', body: `${user}$0`, command: newUser(0) });
    if (USERS_FILE.customRoles.at(v)) {
      items.push({
        label: USERS_XML.customRoles,
        detail: 'custom roles block',
        documentation: 'The block of custom roles, with a first role.',
        body: `custom-roles>${eol}  <role name="\${1}" permissions="\${2}"/>${eol}</custom-roles>$0`,
      });
    }
  } else if (parent === USERS_XML.customRoles) {
    items.push({ label: USERS_XML.role, detail: 'new custom role', documentation: 'A custom role: a name (no `_`) and its roles and permissions.', body: 'role name="${1}" permissions="${2}"/>$0' });
  }
  return items.map((x, i) => ({
    label: x.label,
    kind: CompletionItemKind.Snippet,
    detail: x.detail,
    documentation: x.documentation,
    sortText: String(i).padStart(2, '0'),
    ...(snippet ? { insertTextFormat: InsertTextFormat.Snippet, body: x.body, command: x.command } : { body: x.label }),
  }));
}

/** After `<` (or in its name): the elements that go there, as snippets when nothing follows on the line. */
function elementNameItems(doc: TextDocument, text: string, model: UsersModel, ev: UsersEvaluation, lt: number, offset: number, options: UsersCompletionOptions): CompletionList | null {
  let end = offset;
  while (end < text.length && /[\w:.-]/.test(text[end])) end++;
  let rest = end;
  while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
  const snippet = rest === text.length || text[rest] === '\n' || text[rest] === '\r' || text[rest] === '<';
  const range = toRange(doc, { start: lt + 1, end });
  const items = elementItems(doc, text, ev, parentAt(model, text, lt), snippet, lt, options);
  if (!items.length) return null;
  return { isIncomplete: false, items: items.map(({ body, ...item }) => ({ ...item, textEdit: { range, newText: body } })) };
}

/** Between tags: the elements that go there, `<` included (so a word typed there is not a fragment of the file). */
function contentItems(doc: TextDocument, text: string, model: UsersModel, ev: UsersEvaluation, offset: number, options: UsersCompletionOptions): CompletionList | null {
  if (options.trigger) return null;
  let start = offset;
  while (start > 0 && offset - start < 64 && /[\w:.-]/.test(text[start - 1])) start--;
  const markupEnd = text.lastIndexOf('>', start - 1);
  if (text.slice(markupEnd + 1, start).replace(/^\uFEFF/, '').trim() !== '') return null;
  const items = elementItems(doc, text, ev, parentAt(model, text, start), true, start, options);
  if (!items.length) return null;
  const range = toRange(doc, { start, end: offset });
  return { isIncomplete: false, items: items.map(({ body, ...item }) => ({ ...item, filterText: item.label, textEdit: { range, newText: `<${body}` } })) };
}

/** The roles a new user may get, least rights first; then the file's custom roles. */
function roleChoices(ev: UsersEvaluation): string[] {
  const order = ['read_only', 'user', 'administrator'];
  const builtin = [...order, ...BUILTIN_ROLES.map((r) => r.name).filter((n) => !order.includes(n) && n !== 'no_rights')];
  const custom = USERS_FILE.customRoles.at(ev.version.version) ? ev.roles.filter((r) => r.valid).map((r) => r.name) : [];
  return [...builtin, ...custom.filter((n) => /^[\w.-]+$/.test(n))];
}

function attributeItems(doc: TextDocument, el: XmlElement, current: XmlAttribute | undefined, v: RudderVersion): CompletionItem[] {
  const local = localName(el.name);
  const names: readonly string[] =
    local === USERS_XML.root
      ? USERS_XML.rootAttributes.filter((a) => a !== 'unsafe-hashes' || UNSAFE_HASHES_READ.at(v))
      : local === USERS_XML.user
        ? userAttributesRead(v)
        : local === USERS_XML.role
          ? USERS_XML.roleAttributes
          : [];
  const present = new Set(el.attributes.filter((a) => a !== current).map((a) => a.name));
  const range = current ? toRange(doc, current.nameRange) : undefined;
  return names
    .filter((n) => !present.has(n))
    .map((n, i) => ({
      label: n,
      kind: CompletionItemKind.Property,
      sortText: String(i).padStart(2, '0'),
      documentation: ATTRIBUTE_DOCS[n],
      insertTextFormat: InsertTextFormat.Snippet,
      ...(range && current?.valueRange ? { textEdit: { range, newText: n } } : range ? { textEdit: { range, newText: `${n}="$1"` } } : { insertText: `${n}="$1"` }),
      command: current?.valueRange ? undefined : { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    }));
}

function valueItems(doc: TextDocument, text: string, ev: UsersEvaluation, el: XmlElement, attr: XmlAttribute, offset: number): CompletionItem[] | undefined {
  const v = ev.version.version;
  const local = localName(el.name);
  const value = attr.valueRange!;
  const simple = (values: string[], docs?: (v: string) => string): CompletionItem[] => {
    const range = toRange(doc, onCursorLine(text, { start: value.start, end: lineBoundedEnd(text, value, offset, false) }, offset));
    return values.map((v, i) => ({ label: v, kind: CompletionItemKind.Value, sortText: String(i).padStart(2, '0'), textEdit: { range, newText: v }, documentation: docs?.(v) }));
  };
  if (local === USERS_XML.root) {
    if (attr.name === 'hash') return simple(hashValuesFor(v), (x) => (x === hashValuesFor(v)[0] ? 'Recommended for this Rudder version.' : ''));
    if (attr.name === 'case-sensitivity') return simple(['true', 'false']);
    if (attr.name === 'unsafe-hashes' && UNSAFE_HASHES_READ.at(v)) return simple(['false', 'true'], (x) => (x === 'true' ? 'Keeps unsalted digests valid: avoid.' : ''));
    return undefined;
  }
  const isList = (local === USERS_XML.user && (attr.name === 'role' || attr.name === 'permissions')) || (local === USERS_XML.role && attr.name === 'permissions');
  if (local === USERS_XML.user && attr.name === 'tenants') {
    const item = currentItem(text, value, offset);
    const range = toRange(doc, item.range);
    return [
      { label: TENANT_ALL, kind: CompletionItemKind.Keyword, documentation: 'All tenants.', textEdit: { range, newText: TENANT_ALL } },
      { label: TENANT_NONE, kind: CompletionItemKind.Keyword, documentation: 'No tenant; wins over everything else in the list.', textEdit: { range, newText: TENANT_NONE } },
    ];
  }
  if (!isList) return undefined;
  const item = currentItem(text, value, offset);
  const range = toRange(doc, item.range);
  const listed = new Set(
    text
      .slice(value.start, lineBoundedEnd(text, value, offset, true))
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '' && s !== item.prefix.trim().toLowerCase()),
  );
  const selfName = local === USERS_XML.role ? el.attributes.find((a) => a.name === 'name')?.value?.toLowerCase() : undefined;
  const typed = /^([A-Za-z][\w-]*)_/.exec(item.prefix);
  const type = typed && PERMISSION_TYPES.find((t) => t.toLowerCase() === typed[1].toLowerCase());
  const items: CompletionItem[] = [];
  const roles = customRolesByName(ev);
  const push = (label: string, kind: CompletionItemKind, sort: string, extra: Partial<CompletionItem> = {}) => {
    if (listed.has(label.toLowerCase())) return;
    items.push({ label, kind, sortText: `${sort}${label}`, textEdit: { range, newText: label }, documentation: { kind: MarkupKind.Markdown, value: itemDoc(label, ev, roles) }, ...extra });
  };
  if (type) {
    for (const level of PERMISSION_LEVEL_TOKENS) push(`${type}_${level}`, CompletionItemKind.EnumMember, '0', { detail: LEVEL_DOCS[level] });
    return items;
  }
  for (const r of BUILTIN_ROLES) push(r.name, CompletionItemKind.Class, '1', { detail: 'built-in role' });
  if (USERS_FILE.customRoles.at(v)) {
    for (const r of ev.roles) if (r.valid && r.name.toLowerCase() !== selfName) push(r.name, CompletionItemKind.Class, '2', { detail: 'custom role' });
  }
  for (const t of PERMISSION_TYPES) {
    if (PERMISSION_LEVEL_TOKENS.every((l) => listed.has(`${t}_${l}`.toLowerCase()))) continue;
    items.push({
      label: `${t}_`,
      kind: CompletionItemKind.Module,
      sortText: `3${t}`,
      detail: 'permission type',
      documentation: `Permissions on ${PERMISSION_TYPE_DOCS[t]}: \`${t}_read\`, \`${t}_write\`, \`${t}_edit\`, \`${t}_all\`.`,
      textEdit: { range, newText: `${t}_` },
      command: { title: 'Suggest levels', command: 'editor.action.triggerSuggest' },
    });
  }
  push('any', CompletionItemKind.Keyword, '4', { detail: 'every right (like administrator)' });
  return items;
}

/** The comma-separated item under the cursor: from after the previous comma to the next comma, quote or line end. */
function currentItem(text: string, value: OffsetRange, offset: number): { prefix: string; range: OffsetRange } {
  let start = offset;
  while (start > value.start && text[start - 1] !== ',') start--;
  while (start < offset && /\s/.test(text[start])) start++;
  let end = offset;
  const limit = lineBoundedEnd(text, value, offset, false);
  while (end < limit && text[end] !== ',' && !/\s/.test(text[end])) end++;
  const range = onCursorLine(text, { start, end }, offset);
  return { prefix: text.slice(range.start, offset), range };
}

/**
 * Where the value under the cursor really ends: its closing quote, or, in a half-typed value whose quote the
 * scanner matched far away, the end of the cursor's line (or a `<`/`>`).
 */
function lineBoundedEnd(text: string, value: OffsetRange, offset: number, wholeValue: boolean): number {
  let end = wholeValue ? value.start : offset;
  while (end < value.end && text[end] !== '\n' && text[end] !== '\r' && text[end] !== '<' && text[end] !== '>' && text[end] !== '"' && text[end] !== "'") end++;
  return end;
}

function toRange(doc: TextDocument, r: OffsetRange) {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}
