/**
 * Editing features of `rudder-web.properties`: hover (documentation, default, allowed values, effective value
 * and where it comes from), completion of keys and typed values, quick fixes, and symbols grouped by prefix.
 * Secret values are never shown.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CompletionItemKind,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type TextEdit,
} from 'vscode-languageserver-types';
import {
  authProvidersFor,
  BOOLEAN_TOKENS,
  CLEANUP_NEVER,
  DURATION_UNITS,
  findPropertyDef,
  formatVersion,
  isSecretProperty,
  LDAP_FILTER_TEMPLATE,
  nearestBooleanToken,
  PROPERTY_DEFS,
  propertyDefault,
  propertyReadBy,
  type PropertyDef,
} from '../rudder';
import { candidatesOf } from '../findings';
import { disableEdit, lineIndex, type LineIndex } from '../suppression';
import { onCursorLine } from '../text';
import type { PropertiesEvaluation } from './evaluate';
import type { OffsetRange, PropertyEntry } from './javaProperties';
import type { PropertiesModel } from './model';

/** What an admin usually means for Active Directory: the same filter on sAMAccountName. */
const AD_FILTER_TEMPLATE = '(&(sAMAccountName={0})(objectclass=user))';
const LDAPS_URL_TEMPLATE = 'ldaps://ldap.example.com:636/dc=example,dc=com';

const inside = (r: OffsetRange, offset: number) => offset >= r.start && offset <= r.end;
const toRange = (doc: TextDocument, r: OffsetRange) => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) });

function entryAt(model: PropertiesModel, offset: number): PropertyEntry | undefined {
  return model.parsed.entries.find((e) => inside(e.logicalLineRange, offset));
}

/** Markdown documentation of a key for the target version. */
export function keyDoc(key: string, ev: PropertiesEvaluation): string | undefined {
  const def = findPropertyDef(key);
  if (!def) return undefined;
  const v = ev.version.version;
  const lines = [`**${key}**${def.plugin ? ` (${def.plugin} plugin)` : ''}`, '', def.doc, ''];
  const dflt = propertyDefault(def, v);
  if (dflt !== undefined) lines.push(`Default: \`${dflt === '' ? '(empty)' : dflt}\``);
  if (def.values) lines.push(`Allowed: ${def.values.map((x) => `\`${x}\``).join(', ')}`);
  if (def.type === 'boolean') lines.push(`Allowed: ${[...BOOLEAN_TOKENS.true, ...BOOLEAN_TOKENS.false].map((x) => `\`${x}\``).join(', ')} (exactly; no trailing space)`);
  if (def.since || def.until) lines.push(`Read by Rudder ${def.since ? `${def.since}+` : ''}${def.until ? ` up to ${def.until}` : ''}.`);
  if (!propertyReadBy(def, v)) lines.push(`**Rudder ${formatVersion(v)} does not read it.**`);
  return lines.join('\n\n');
}

export function propertiesHover(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, offset: number): Hover | null {
  const entry = entryAt(model, offset);
  if (!entry) return null;
  const docText = keyDoc(entry.key, ev);
  if (!docText) return null;
  const eff = ev.effective.get(entry.key);
  const secret = isSecretProperty(entry.key);
  const lines = [docText];
  if (eff && eff.source !== 'main' && eff.source !== 'default') {
    lines.push(`**Overridden by \`${eff.source}\`**: Rudder uses ${secret ? 'that file’s value (hidden)' : `\`${eff.value}\``}.`);
  } else if (eff && !secret) lines.push(`Effective value: \`${eff.value}\``);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: toRange(doc, entry.keyRange) };
}

export function propertiesCompletion(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, offset: number): CompletionList | null {
  const text = model.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/^\s*[#!]/.test(before)) return null;
  const entry = entryAt(model, offset);
  if (!entry || offset <= entry.keyRange.end || entry.separatorRange.end === entry.separatorRange.start) {
    const range = onCursorLine(text, entry ? entry.keyRange : wordRange(text, offset), offset);
    const present = new Set(model.parsed.entries.filter((e) => e !== entry).map((e) => e.key));
    const items: CompletionItem[] = PROPERTY_DEFS.filter((d) => !/[<*]/.test(d.key) && propertyReadBy(d, ev.version.version) && !present.has(d.key)).map((d) => ({
      label: d.key,
      kind: CompletionItemKind.Property,
      detail: propertyDefault(d, ev.version.version) !== undefined ? `default: ${propertyDefault(d, ev.version.version)}` : d.plugin ? `${d.plugin} plugin` : undefined,
      documentation: { kind: MarkupKind.Markdown, value: keyDoc(d.key, ev) ?? d.doc },
      textEdit: { range: toRange(doc, range), newText: entry ? d.key : `${d.key}=` },
    }));
    return { isIncomplete: false, items };
  }
  const def = findPropertyDef(entry.key);
  if (!def) return null;
  const valueRange = toRange(doc, onCursorLine(text, entry.valueRange, offset));
  const values = valueSuggestions(def, ev);
  if (def.type === 'list') {
    const itemStart = text.lastIndexOf(',', offset - 1) + 1;
    let start = onCursorLine(text, { start: Math.max(itemStart, entry.valueRange.start), end: offset }, offset).start;
    while (start < offset && text[start] === ' ') start++;
    const listed = new Set(ev.authProviders);
    return {
      isIncomplete: false,
      items: values.filter((v) => !listed.has(v.label)).map((v) => ({ ...v, textEdit: { range: toRange(doc, { start, end: offset }), newText: v.label } })),
    };
  }
  return { isIncomplete: false, items: values.map((v) => ({ ...v, textEdit: { range: valueRange, newText: v.label } })) };
}

function valueSuggestions(def: PropertyDef, ev: PropertiesEvaluation): CompletionItem[] {
  const item = (label: string, documentation?: string): CompletionItem => ({ label, kind: CompletionItemKind.Value, documentation });
  switch (def.type) {
    case 'boolean':
    case 'spring-boolean':
      return ['true', 'false'].map((v) => item(v));
    case 'enum':
      return (def.values ?? []).map((v) => item(v));
    case 'list':
      return authProvidersFor(ev.version.version).map((p) => item(p.name, `${p.doc}${p.plugin ? ` (${p.plugin} plugin)` : ''}`));
    case 'ldap-url':
      return [item(LDAPS_URL_TEMPLATE, 'LDAP over TLS; replace host, port and base DN.')];
    case 'ldap-filter':
      return [item(LDAP_FILTER_TEMPLATE, 'OpenLDAP: the login is the uid.'), item(AD_FILTER_TEMPLATE, 'Active Directory: the login is the sAMAccountName (use an empty search base).')];
    case 'duration':
    case 'cleanup-duration': {
      const examples = ['30 minutes', '15 minutes', '1 hour', '8 hours'].map((v) => item(v));
      const units = DURATION_UNITS.map((u) => item(`1 ${u.labels[u.labels.length - 1]}`));
      return [...examples, ...units, ...(def.type === 'cleanup-duration' ? [item(CLEANUP_NEVER)] : [])];
    }
    default: {
      const d = propertyDefault(def, ev.version.version);
      return d ? [item(d, 'Rudder’s default')] : [];
    }
  }
}

function wordRange(text: string, offset: number): OffsetRange {
  let start = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
  return { start, end: offset };
}

export function propertiesCodeActions(doc: TextDocument, model: PropertiesModel, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const text = model.text;
  const fix = (title: string, edits: TextEdit[], d: Diagnostic, preferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: preferred || undefined,
    edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] },
  });
  const replace = (r: OffsetRange, newText: string): TextEdit => ({ range: toRange(doc, r), newText });
  let lines: LineIndex | undefined;
  for (const d of diagnostics) {
    if (d.source !== 'rudder') continue;
    const code = String(d.code);
    const at = doc.offsetAt(d.range.start);
    const entry = entryAt(model, at);
    const candidates = candidatesOf(d);
    if (entry && candidates.length && ['unknown-key', 'unknown-auth-provider', 'invalid-value'].includes(code)) {
      const r = { start: at, end: doc.offsetAt(d.range.end) };
      candidates.forEach((c, i) => out.push(fix(`Change to '${c}'`, [replace(r, c)], d, i === 0)));
    }
    if (entry && code === 'ldap-cleartext-url') {
      const raw = text.slice(entry.valueRange.start, entry.valueRange.end);
      const fixed = raw.replace(/ldap:\/\//gi, 'ldaps://').replace(/(ldaps:\/\/[^/:\s]+):389\b/gi, '$1:636');
      out.push(fix('Use ldaps:// (LDAP over TLS, port 636)', [replace(entry.valueRange, fixed)], d, true));
    }
    if (entry && code === 'ldap-filter-missing-placeholder') {
      out.push(fix(`Use the standard filter ${LDAP_FILTER_TEMPLATE}`, [replace(entry.valueRange, LDAP_FILTER_TEMPLATE)], d, true));
      out.push(fix(`Use the Active Directory filter ${AD_FILTER_TEMPLATE}`, [replace(entry.valueRange, AD_FILTER_TEMPLATE)], d));
    }
    if (entry && code === 'invalid-boolean') {
      const token = nearestBooleanToken(entry.value, BOOLEAN_TOKENS);
      out.push(fix(`Change to '${token}'`, [replace(entry.valueRange, token)], d, true));
    }
    if (code === 'properties-bom') out.push(fix('Remove the byte-order mark', [replace({ start: 0, end: 1 }, '')], d, true));
    if (entry && code === 'duplicate-key') out.push(fix('Remove this ignored definition', [replace(withLineBreak(text, entry.logicalLineRange), '')], d));
    if (entry) out.push(suppress(doc, model, (lines ??= lineIndex(text)), entry, d));
  }
  return out;
}

function withLineBreak(text: string, r: OffsetRange): OffsetRange {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t' || text[start - 1] === '\f')) start--;
  const end = text.startsWith('\r\n', r.end) ? r.end + 2 : text[r.end] === '\n' || text[r.end] === '\r' ? r.end + 1 : r.end;
  return { start, end };
}

function suppress(doc: TextDocument, model: PropertiesModel, lines: LineIndex, entry: PropertyEntry, d: Diagnostic): CodeAction {
  const code = String(d.code);
  const e = disableEdit(model.text, lines, model.suppressions, entry.logicalLineRange.start, code, 'properties');
  return {
    title: `Disable ${code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: toRange(doc, e.range), newText: e.newText }] }] },
  };
}

/** Symbols: one namespace per two-segment prefix (`rudder.auth`, `rudder.server`…), with its keys. */
export function propertiesSymbols(doc: TextDocument, model: PropertiesModel): DocumentSymbol[] {
  const groups = new Map<string, DocumentSymbol[]>();
  for (const e of model.parsed.entries) {
    const prefix = e.key.split('.').slice(0, 2).join('.') || '(empty key)';
    const list = groups.get(prefix) ?? [];
    list.push({
      name: e.key || '(empty key)',
      detail: isSecretProperty(e.key) ? '(secret)' : e.value,
      kind: SymbolKind.Property,
      range: toRange(doc, e.logicalLineRange),
      selectionRange: toRange(doc, e.keyRange),
    });
    groups.set(prefix, list);
  }
  return [...groups].map(([prefix, children]) => ({
    name: prefix,
    kind: SymbolKind.Namespace,
    range: { start: children[0].range.start, end: children[children.length - 1].range.end },
    selectionRange: children[0].selectionRange,
    children,
  }));
}
