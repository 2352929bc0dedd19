/**
 * Completion in `rudder-users.xml`: role and permission items at any comma-separated position, attribute names,
 * and the values of `hash`, `case-sensitivity`, `unsafe-hashes` and `tenants`. Works on half-typed documents:
 * the tolerant scan gives the attribute under the cursor even when its quote is not closed yet.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
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
import { startTagAt, type OffsetRange, type XmlAttribute, type XmlElement } from '../xml/scan';
import { onCursorLine } from '../text';
import type { UsersEvaluation } from './evaluate';
import { itemDoc } from './hover';
import type { UsersModel } from './model';

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

export function usersCompletion(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, offset: number): CompletionList | null {
  const found = locate(model.scan.roots, offset);
  if (!found) return null;
  const { element, attr } = found;
  if (attr?.valueRange && offset >= attr.valueRange.start) {
    const items = valueItems(doc, model, ev, element, attr, offset);
    return items ? { isIncomplete: false, items } : null;
  }
  return { isIncomplete: false, items: attributeItems(doc, element, attr, ev.version.version) };
}

/** The element whose attribute part contains `offset`, and the attribute under it (name or value). */
function locate(roots: XmlElement[], offset: number): { element: XmlElement; attr?: XmlAttribute } | undefined {
  const el = startTagAt(roots, offset);
  if (!el || offset <= el.nameRange.end || offset >= (el.startTagEnd ?? Number.MAX_SAFE_INTEGER)) return undefined;
  const attr = el.attributes.find(
    (a) => (offset >= a.nameRange.start && offset <= a.nameRange.end) || (a.valueRange && offset >= a.valueRange.start && offset <= a.valueRange.end),
  );
  return { element: el, attr };
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

function valueItems(doc: TextDocument, model: UsersModel, ev: UsersEvaluation, el: XmlElement, attr: XmlAttribute, offset: number): CompletionItem[] | undefined {
  const v = ev.version.version;
  const text = model.text;
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
  const push = (label: string, kind: CompletionItemKind, sort: string, extra: Partial<CompletionItem> = {}) => {
    if (listed.has(label.toLowerCase())) return;
    items.push({ label, kind, sortText: `${sort}${label}`, textEdit: { range, newText: label }, documentation: { kind: MarkupKind.Markdown, value: itemDoc(label, ev) }, ...extra });
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
