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
  type Position,
  type TextEdit,
} from 'vscode-languageserver-types';
import {
  AD_FILTER_TEMPLATE,
  AUTH_PROPERTY,
  bcryptTruncates,
  findPropertyDef,
  formatVersion,
  isSecretProperty,
  PROPERTY_DEFS,
  propertyDefault,
  propertyDefaultHistory,
  propertyReadBy,
  propertyReadLabel,
  BOOLEAN_TOKENS,
  type PropertyDef,
} from '../rudder';
import { candidatesOf, type Finding } from '../findings';
import { asDiagnostic, FIX_ALL_KIND, fixAllAction, preferredFixes, sourceFixAll, versionedEdit, wants } from '../fixAll';
import { isGroup } from '../grouping';
import { lastAtOrBefore, lineCursorOf } from '../offsetIndex';
import { own, type HashPlan, type HashRequest } from '../users/codeActions';
import { COMMANDS, type SetPasswordArgs, type UserIdentity } from '../../shared/protocol';
import { fact, say } from '../messages';
import { PROPERTIES_HOVER } from '../messages/properties';
import { isRuleId, type RuleId } from '../rules';
import { disableEdit } from '../suppression';
import { commandLink, lineContentEnd, lineEnding, lineStartAt, onCursorLine } from '../text';
import type { PropertiesEvaluation } from './evaluate';
import { parseJavaProperties, type OffsetRange, type PropertyEntry } from './javaProperties';
import type { PropertiesModel } from './model';
import { VALUE_TYPES, type FixData } from './valueTypes';
import { fill, lostTemplate } from './explain';

/** The keys a key completion offers: the exact ones (no `<name>` or `*` pattern). */
const COMPLETED_KEYS = new Set(PROPERTY_DEFS.filter((d) => !/[<*]/.test(d.key)).map((d) => d.key));
const inside = (r: OffsetRange, offset: number) => offset >= r.start && offset <= r.end;
const toRange = (doc: TextDocument, r: OffsetRange) => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) });

/** The entry whose logical line contains `offset`: a binary search, the entries are in document order. */
function entryAt(model: PropertiesModel, offset: number): PropertyEntry | undefined {
  const entries = model.parsed.entries;
  const i = lastAtOrBefore(entries, offset, (e) => e.logicalLineRange.start);
  // An entry ending where the next one starts holds the offset first.
  if (i > 0 && inside(entries[i - 1].logicalLineRange, offset)) return entries[i - 1];
  return i >= 0 && inside(entries[i].logicalLineRange, offset) ? entries[i] : undefined;
}

const H = PROPERTIES_HOVER;


/** Markdown documentation of a key for the target version: what it does, its defaults over the releases, who reads it. */
export function keyDoc(key: string, ev: PropertiesEvaluation): string | undefined {
  const def = findPropertyDef(key);
  if (!def) return undefined;
  const v = ev.version.version;
  const lines = [`**${key}**${def.plugin ? ` (${def.plugin} plugin)` : ''}`, '', def.doc, ''];
  const history = propertyDefaultHistory(def);
  const shown = (x: string) => `\`${x === '' ? '(empty)' : x}\``;
  if (history.length > 1) lines.push(fill(H.defaults, { history: history.map((h) => `${h.label}: ${shown(h.value)}`).join(', ') }));
  else if (propertyDefault(def, v) !== undefined) lines.push(fill(H.defaults, { history: shown(propertyDefault(def, v)!) }));
  const code = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
  if (def.values) lines.push(fill(H.allowed, { values: code(def.values) }));
  if (def.type === 'boolean') lines.push(fill(H['allowed-boolean'], { values: code([...BOOLEAN_TOKENS.true, ...BOOLEAN_TOKENS.false]) }));
  lines.push(fill(H.read, { readBy: propertyReadLabel(def), first: def.firstRead ? fill(H['first-read'], { release: def.firstRead }) : '' }));
  if (!propertyReadBy(def, v)) lines.push(fill(H['not-read'], { release: `Rudder ${formatVersion(v)}` }));
  return lines.join('\n\n');
}

/** "Rudder uses `false` (the default): …": what Rudder does with the effective value of a key, secrets hidden. */
function usesLine(key: string, ev: PropertiesEvaluation): string | undefined {
  const def = findPropertyDef(key);
  const eff = ev.effective.get(key);
  if (!def || !eff || !propertyReadBy(def, ev.version.version)) return undefined;
  const secret = isSecretProperty(key);
  if (eff.lost) {
    const source = eff.lost.source === 'main' ? 'this file' : eff.lost.source;
    return fill(H[lostTemplate(def)], { uses: eff.value === '' ? 'nothing' : `\`${eff.value}\``, source, line: eff.lost.line + 1 });
  }
  const reading = VALUE_TYPES[def.type].reading(eff.value, def, ev.version.version);
  const uses = reading.uses === undefined ? H.nothing : fill(H.uses, { uses: secret ? '(hidden)' : reading.uses });
  const why = eff.source === 'default' ? H.default : reading.why ? H[reading.why] : '';
  const line = `${uses}${why}`;
  if (eff.source !== 'main' && eff.source !== 'default') return fill(H.overridden, { source: eff.source, uses: secret ? H.hidden : `\`${reading.uses ?? ''}\`` });
  return line;
}

export function propertiesHover(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, offset: number, options: { setPasswordLink?: boolean; marker?: string } = {}): Hover | null {
  const entry = entryAt(model, offset);
  if (!entry) return null;
  const docText = keyDoc(entry.key, ev);
  if (!docText) return null;
  const lines = [docText];
  const uses = usesLine(entry.key, ev);
  if (uses) lines.push(uses);
  if (options.setPasswordLink && entry.key === AUTH_PROPERTY.adminPassword) {
    const args: SetPasswordArgs = { uri: doc.uri, user: entryIdentity(model, entry) };
    lines.push(commandLink('Set a new password…', COMMANDS.setPassword, [args], 'Prompt for a new rootAdmin password and write its bcrypt hash', options.marker ?? ''));
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: toRange(doc, entry.keyRange) };
}

/**
 * Keys and typed values at `offset` of the *current* text of `doc`. The entry under the cursor comes from its
 * logical line, parsed alone; the analysis (maybe of an earlier version of the text: the server passes the latest
 * it has) gives only the version, the keys already set and the providers listed.
 */
export function propertiesCompletion(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, offset: number): CompletionList | null {
  const text = doc.getText();
  const before = text.slice(lineStartAt(text, offset), offset);
  if (/^\s*[#!]/.test(before)) return null;
  const entry = localEntry(text, offset);
  if (!entry || offset <= entry.keyRange.end || entry.separatorRange.end === entry.separatorRange.start) {
    const range = onCursorLine(text, entry ? entry.keyRange : wordRange(text, offset), offset);
    /** A key typed alone on its line gets its separator, and then its values are suggested. */
    const alone = !entry || (entry.separatorRange.start === entry.separatorRange.end && entry.valueRange.start === entry.valueRange.end);
    // How many entries set each key offered (not every key of the file: 100,000 unknown keys are not counted).
    const present = new Map<string, number>();
    for (const e of model.parsed.entries) if (COMPLETED_KEYS.has(e.key)) present.set(e.key, (present.get(e.key) ?? 0) + 1);
    if (entry && present.has(entry.key)) present.set(entry.key, present.get(entry.key)! - 1);
    const items: CompletionItem[] = PROPERTY_DEFS.filter((d) => COMPLETED_KEYS.has(d.key) && propertyReadBy(d, ev.version.version) && !((present.get(d.key) ?? 0) > 0)).map((d) => ({
      label: d.key,
      kind: CompletionItemKind.Property,
      detail: propertyDefault(d, ev.version.version) !== undefined ? `default: ${propertyDefault(d, ev.version.version)}` : d.plugin ? `${d.plugin} plugin` : undefined,
      documentation: { kind: MarkupKind.Markdown, value: keyDoc(d.key, ev) ?? d.doc },
      textEdit: { range: toRange(doc, range), newText: alone ? `${d.key}=` : d.key },
      ...(alone ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } } : {}),
    }));
    return { isIncomplete: false, items };
  }
  const def = findPropertyDef(entry.key);
  if (!def) return null;
  const valueRange = toRange(doc, onCursorLine(text, entry.valueRange, offset));
  const values = valueSuggestions(def, ev);
  if (def.type === 'provider-list') {
    const itemStart = text.lastIndexOf(',', offset - 1) + 1;
    let start = onCursorLine(text, { start: Math.max(itemStart, entry.valueRange.start), end: offset }, offset).start;
    while (start < offset && text[start] === ' ') start++;
    const listed = new Set(text.slice(entry.valueRange.start, entry.valueRange.end).split(',').map((p) => p.trim()));
    const typed = text.slice(start, offset).trim();
    return {
      isIncomplete: false,
      items: values.filter((v) => v.label === typed || !listed.has(v.label)).map((v) => ({ ...v, textEdit: { range: toRange(doc, { start, end: offset }), newText: v.label } })),
    };
  }
  return { isIncomplete: false, items: values.map((v) => ({ ...v, textEdit: { range: valueRange, newText: v.label } })) };
}

/** A logical line longer than this gets no completion: the local parse stays bounded. */
const MAX_LOGICAL_LINE = 64 * 1024;

/** Whether the physical line ending at `end` (before its terminator) is continued: an odd run of `\` ends it. */
function continues(text: string, end: number): boolean {
  let n = 0;
  while (end - n - 1 >= 0 && text[end - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** The entry of the logical line around `offset`, parsed alone from the current text, with its raw ranges. */
function localEntry(text: string, offset: number): Pick<PropertyEntry, 'key' | 'keyRange' | 'separatorRange' | 'valueRange'> | undefined {
  let start = lineStartAt(text, offset);
  while (start > 0 && offset - start < MAX_LOGICAL_LINE) {
    const prevEnd = start > 1 && text[start - 2] === '\r' ? start - 2 : start - 1;
    if (!continues(text, prevEnd)) break;
    start = lineStartAt(text, prevEnd);
  }
  let end = offset;
  for (;;) {
    end = lineContentEnd(text, end);
    if (end >= text.length || end - start > MAX_LOGICAL_LINE || !continues(text, end)) break;
    end += text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1;
  }
  if (end - start > MAX_LOGICAL_LINE) return undefined;
  const local = offset - start;
  const e = parseJavaProperties(text.slice(start, end)).entries.find((x) => local >= x.logicalLineRange.start && local <= x.logicalLineRange.end);
  if (!e) return undefined;
  const at = (r: OffsetRange): OffsetRange => ({ start: r.start + start, end: r.end + start });
  return { key: e.key, keyRange: at(e.keyRange), separatorRange: at(e.separatorRange), valueRange: at(e.valueRange) };
}

function valueSuggestions(def: PropertyDef, ev: PropertiesEvaluation): CompletionItem[] {
  return VALUE_TYPES[def.type]
    .suggest(def, ev.version.version)
    .map((x, i) => ({ label: x.label, kind: CompletionItemKind.Value, documentation: x.documentation, sortText: String(i).padStart(3, '0') }));
}

function wordRange(text: string, offset: number): OffsetRange {
  let start = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
  return { start, end: offset };
}

/** A diagnostic's fix data as the client sent it back (untrusted): checked field by field. */
function fixDataOf(d: Diagnostic): FixData | undefined {
  const data = d.data as Partial<Record<string, unknown>> | undefined;
  if (!data || typeof data !== 'object') return undefined;
  const str = (x: unknown): x is string => typeof x === 'string' && x.length <= 1000;
  if (data.fix === 'candidates') return { fix: 'candidates', candidates: candidatesOf(d) };
  if (data.fix === 'value' && str(data.replacement)) return { fix: 'value', replacement: data.replacement };
  if (data.fix === 'password' && typeof data.plain === 'boolean') return { fix: 'password', plain: data.plain };
  if (data.fix === 'bcrypt-prefix') return { fix: 'bcrypt-prefix' };
  if (data.fix === 'double-backslash' && Array.isArray(data.offsets)) return { fix: 'double-backslash', offsets: data.offsets.filter((o): o is number => Number.isInteger(o) && o >= 0).slice(0, 100) };
  return undefined;
}

/** The title of the quick fix that writes `value` for a finding of `rule`. */
function valueFixTitle(rule: RuleId, value: string): string {
  const v = fact(value);
  switch (rule) {
    case 'invalid-boolean':
      return say('invalid-boolean', 'fix', { token: v }).message;
    case 'idle-timeout-invalid':
    case 'idle-timeout-disabled':
    case 'idle-timeout-long':
    case 'bcrypt-cost-low':
    case 'argon2-params-low':
      return say(rule, 'fix', { value: v }).message;
    case 'ldap-filter-missing-placeholder':
      return say(rule, 'fix', { template: v }).message;
    case 'ldap-search-base-repeated':
      return say(rule, 'fix', {}).message;
    default:
      return say('invalid-value', 'fix', { candidate: v }).message;
  }
}

/** What the code actions of a properties file need besides the document. */
export interface PropertiesActionOptions {
  /** bcrypt cost for a new rootAdmin hash (this file's `rudder.bcrypt.cost`, then the setting, then 12). */
  bcryptCost: number;
  /** The client implements `rudder.setPassword` (it prompts for the password). */
  setPasswordCommand: boolean;
  only?: string[];
  /** Whether a finding is shown (its rule not off, not suppressed): fix-all fixes only those. Default: all. */
  shown?: (f: Finding) => boolean;
}

/**
 * Rules whose preferred fix is mechanical (Rudder reads what the line already says: the boolean token written
 * with another case or stray white space, the backslash Java would drop, the key the BOM hides), applied to every
 * finding by fix-all. Replacements that change a setting's meaning (a default, ldaps://, the nearest token to a
 * typo) stay one at a time.
 */
const FIX_ALL_RULES: readonly RuleId[] = ['invalid-boolean', 'ldap-lost-backslash', 'properties-bom'];

/** Whether the preferred fix of `f` is mechanical: an invalid boolean only when its token is already there. */
function mechanical(model: PropertiesModel, f: Finding): boolean {
  if (f.rule !== 'invalid-boolean') return true;
  const data = f.data as FixData | undefined;
  const entry = entryAt(model, f.range.start);
  return data?.fix === 'value' && !!entry && entry.value.trim().toLowerCase() === data.replacement.toLowerCase();
}

export function propertiesCodeActions(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, diagnostics: Diagnostic[], options: PropertiesActionOptions = { bcryptCost: 12, setPasswordCommand: false }): CodeAction[] {
  const out: CodeAction[] = [];
  let eol: string | undefined;
  let fixAll: Map<RuleId, TextEdit[][]> | undefined;
  const everyFix = () => (fixAll ??= fixAllEdits(doc, model, ev, options.shown ?? (() => true)));
  if (wants(options.only, CodeActionKind.QuickFix)) {
    const offered = new Set<RuleId>();
    for (const d of diagnostics) {
      if (d.source !== 'rudder' || typeof d.code !== 'string' || !isRuleId(d.code)) continue;
      const rule = d.code;
      const every = offered.has(rule) ? undefined : ruleFixAll(doc, rule, everyFix, d);
      if (every) offered.add(rule);
      // A grouped diagnostic stands for every finding of its rule: its fix is the rule's fix-all.
      if (isGroup(d)) {
        if (every) out.push({ ...every, isPreferred: true });
        continue;
      }
      out.push(...fixesOf(doc, model, d, options));
      if (every) out.push(every);
      const entry = entryAt(model, doc.offsetAt(d.range.start));
      if (entry) out.push(suppress(doc, model, (eol ??= lineEnding(model.text)), entry, d));
    }
  }
  if (options.only && wants(options.only, FIX_ALL_KIND)) {
    const all = sourceFixAll(doc, everyFix());
    if (all) out.push(all);
  }
  return out;
}

/** The preferred fix of every shown finding of each fix-all rule, by rule (one edit list per finding). */
function fixAllEdits(doc: TextDocument, model: PropertiesModel, ev: PropertiesEvaluation, shown: (f: Finding) => boolean): Map<RuleId, TextEdit[][]> {
  const preferred = (f: Finding) => (mechanical(model, f) ? fixesOf(doc, model, asDiagnostic(doc, f), { bcryptCost: 12, setPasswordCommand: false }).find((a) => a.isPreferred && a.edit) : undefined);
  return preferredFixes(ev.findings, FIX_ALL_RULES, shown, preferred);
}

/** "Fix all <rule> in this file", when the rule has two findings to fix or more (one on a grouped diagnostic). */
function ruleFixAll(doc: TextDocument, rule: RuleId, everyFix: () => Map<RuleId, TextEdit[][]>, d: Diagnostic): CodeAction | undefined {
  return FIX_ALL_RULES.includes(rule) ? fixAllAction(doc, rule, everyFix().get(rule), isGroup(d) ? 1 : 2, d) : undefined;
}

/** The quick fixes of one diagnostic, dispatched on its rule id and typed fix data. */
function fixesOf(doc: TextDocument, model: PropertiesModel, d: Diagnostic, options: PropertiesActionOptions): CodeAction[] {
  const out: CodeAction[] = [];
  const text = model.text;
  const fix = (title: string, edits: TextEdit[], preferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: preferred || undefined,
    edit: versionedEdit(doc, edits),
  });
  const replace = (r: OffsetRange, newText: string): TextEdit => ({ range: toRange(doc, r), newText });
  const rule = d.code as RuleId;
  const at = doc.offsetAt(d.range.start);
  const entry = entryAt(model, at);
  const data = fixDataOf(d);
  if (entry && data?.fix === 'candidates') {
    const r = { start: at, end: doc.offsetAt(d.range.end) };
    data.candidates.forEach((c, i) => out.push(fix(say('unknown-key', 'fix', { candidate: fact(c) }).message, [replace(r, c)], i === 0)));
  }
  if (entry && data?.fix === 'value') out.push(fix(valueFixTitle(rule, data.replacement), [replace(entry.valueRange, data.replacement)], true));
  if (entry && data?.fix === 'double-backslash') {
    const edits = data.offsets.filter((o) => entry.valueRange.start + o < entry.valueRange.end && text[entry.valueRange.start + o] === '\\').map((o) => replace({ start: entry.valueRange.start + o, end: entry.valueRange.start + o }, '\\'));
    if (edits.length) out.push(fix(say('ldap-lost-backslash', 'fix', {}).message, edits, true));
  }
  if (entry && data?.fix === 'password') out.push(...passwordFixes(doc, model, entry, d, data.plain, options));
  if (entry && data?.fix === 'bcrypt-prefix' && /^\$2[ab]\$/.test(text.slice(entry.valueRange.start, entry.valueRange.start + 4))) {
    out.push(fix(say('admin-password-plaintext', 'fix', {}).message, [replace({ start: entry.valueRange.start, end: entry.valueRange.start + 4 }, '$2y$')], true));
    out.push(...passwordFixes(doc, model, entry, d, false, options, false));
  }
  if (entry && rule === 'ldap-cleartext-url') {
    const raw = text.slice(entry.valueRange.start, entry.valueRange.end);
    const fixed = raw.replace(/ldap:\/\//gi, 'ldaps://').replace(/(ldaps:\/\/[^/:\s]+):389\b/gi, '$1:636');
    out.push(fix(say('ldap-cleartext-url', 'fix', {}).message, [replace(entry.valueRange, fixed)], true));
  }
  if (entry && rule === 'ldap-filter-missing-placeholder') out.push(fix(say(rule, 'fix-ad', { template: fact(AD_FILTER_TEMPLATE) }).message, [replace(entry.valueRange, AD_FILTER_TEMPLATE)]));
  if (rule === 'properties-bom') out.push(fix(say('properties-bom', 'fix', {}).message, [replace({ start: 0, end: 1 }, '')], true));
  if (entry && rule === 'duplicate-key') out.push(fix(say('duplicate-key', 'fix', {}).message, [replace(withLineBreak(text, entry.logicalLineRange), '')]));
  return out;
}

/** An entry by identity, which survives edits elsewhere in the file: its key and its index among entries of that key. */
export function entryIdentity(model: PropertiesModel, entry: PropertyEntry): UserIdentity {
  let occurrence = 0;
  for (const e of model.parsed.entries) {
    if (e === entry) break;
    if (e.key === entry.key) occurrence++;
  }
  return { name: entry.key, occurrence };
}

/** The entry with this identity, if the text still has one. */
export function findEntry(model: PropertiesModel, id: UserIdentity): PropertyEntry | undefined {
  let seen = 0;
  for (const e of model.parsed.entries) if (e.key === id.name && seen++ === id.occurrence) return e;
  return undefined;
}

/** The rootAdmin password entry Rudder reads (the last one), for "Set a new password…" from the palette. */
export function adminPasswordEntry(model: PropertiesModel): PropertyEntry | undefined {
  return model.parsed.entries.filter((e) => e.key === AUTH_PROPERTY.adminPassword).at(-1);
}

/**
 * The fixes of a rootAdmin password Rudder compares as text or cannot verify: hash it in place when it is text
 * meant as the password (a plan the server hashes in its workers, with the entry's identity, never the value),
 * and "Set a new password…" to type another one.
 */
function passwordFixes(doc: TextDocument, model: PropertiesModel, entry: PropertyEntry, d: Diagnostic, plain: boolean, options: PropertiesActionOptions, newPreferred = !plain): CodeAction[] {
  const out: CodeAction[] = [];
  const id = entryIdentity(model, entry);
  if (plain && entry.value !== '') {
    const request: HashRequest = { kind: 'rudder.hash', uri: doc.uri, version: doc.version, algorithm: 'bcrypt', cost: options.bcryptCost, scope: 'one', user: id, at: entry.logicalLineRange.start, count: 1 };
    const long = bcryptTruncates(entry.value) ? ' — warning: bcrypt ignores everything after its first 72 bytes' : '';
    out.push({ title: `Hash this password with bcrypt (cost ${options.bcryptCost})${long}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: long ? undefined : true, data: request });
  }
  if (options.setPasswordCommand) {
    out.push({
      title: 'Set a new password…',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: newPreferred || undefined,
      command: { title: 'Set a new password…', command: COMMANDS.setPassword, arguments: [{ uri: doc.uri, user: id } satisfies SetPasswordArgs] },
    });
  }
  return out;
}

/** The plan of a request in this text: the rootAdmin password entry whose line starts at the request's `at` (a binary search). */
export function propertiesHashPlan(model: PropertiesModel, request: HashRequest): HashPlan | undefined {
  const e = request.scope === 'one' && request.count === 1 && !request.setHash && request.user && request.at !== undefined ? entryAt(model, request.at) : undefined;
  if (!e || e.logicalLineRange.start !== request.at || e.key !== request.user!.name || e.key !== AUTH_PROPERTY.adminPassword || e.value === '') return undefined;
  const { kind, uri, version, algorithm, cost } = request;
  return { kind, uri, version, algorithm, cost, targets: [own(e.valueRange)], users: [request.user!] };
}

/** The plan re-located in a later text: the same entry by identity and its value's current range. */
export function relocatePropertiesPlan(model: PropertiesModel, plan: HashPlan, version: number): HashPlan | undefined {
  if (plan.setHash || !Array.isArray(plan.users) || plan.users.length !== plan.targets.length) return undefined;
  const targets: OffsetRange[] = [];
  for (const id of plan.users) {
    const e = findEntry(model, id);
    if (!e || e.key !== AUTH_PROPERTY.adminPassword) return undefined;
    targets.push(own(e.valueRange));
  }
  return { ...plan, version, targets };
}

/** The passwords a properties plan hashes, as java.util.Properties decodes them. */
export function propertiesPlanPasswords(model: PropertiesModel, plan: HashPlan): string[] {
  return plan.users.map((id) => findEntry(model, id)?.value ?? '');
}

function withLineBreak(text: string, r: OffsetRange): OffsetRange {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t' || text[start - 1] === '\f')) start--;
  const end = text.startsWith('\r\n', r.end) ? r.end + 2 : text[r.end] === '\n' || text[r.end] === '\r' ? r.end + 1 : r.end;
  return { start, end };
}

function suppress(doc: TextDocument, model: PropertiesModel, eol: string, entry: PropertyEntry, d: Diagnostic): CodeAction {
  const code = String(d.code);
  const e = disableEdit(doc, model.text, eol, model.suppressions, entry.logicalLineRange.start, code, 'properties');
  return {
    title: `Disable ${code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: versionedEdit(doc, [{ range: toRange(doc, e.range), newText: e.newText }]),
  };
}

/** An outline shows one short line: the value's first line, cut at `OUTLINE_DETAIL_MAX` characters. */
const OUTLINE_DETAIL_MAX = 40;
function outlineDetail(value: string): string {
  const eol = value.search(/[\r\n]/);
  const line = eol < 0 ? value : value.slice(0, eol);
  return line.length > OUTLINE_DETAIL_MAX ? `${line.slice(0, OUTLINE_DETAIL_MAX - 1)}…` : line;
}

/** Where the two-segment prefix of `key` ends (`rudder.auth` of `rudder.auth.provider`): its second dot, else its end. */
function prefixEnd(key: string): number {
  const second = key.indexOf('.', key.indexOf('.') + 1);
  return second < 0 ? key.length : second;
}

/**
 * Each entry's last symbol. A reparse keeps the entry objects of the lines it did not read again, moved in place
 * with the same key and value (`spliceOf`), so after an edit the outline is the same symbol objects but for the
 * entries the edit replaced or moved to other positions, which are checked each time; nothing else is made
 * again. A symbol is never changed once made.
 */
const KEPT = new WeakMap<PropertyEntry, DocumentSymbol>();

const samePosition = (p: Position, line: number, character: number) => p.line === line && p.character === character;

/**
 * Symbols: one namespace per two-segment prefix (`rudder.auth`, `rudder.server`…), with its keys. An entry whose
 * key starts its logical line (most do) shares one position object between its range and its selection range;
 * an entry of the previous entry's prefix (most are) is put in its list without cutting the prefix again.
 */
export function propertiesSymbols(doc: TextDocument, model: PropertiesModel): DocumentSymbol[] {
  const at = lineCursorOf(doc);
  const groups = new Map<string, DocumentSymbol[]>();
  let prefix = '';
  let list: DocumentSymbol[] | undefined;
  for (const e of model.parsed.entries) {
    const end = prefixEnd(e.key);
    if (!list || end === 0 || end !== prefix.length || !e.key.startsWith(prefix)) {
      prefix = end === 0 ? '(empty key)' : e.key.slice(0, end);
      list = groups.get(prefix);
      if (!list) groups.set(prefix, (list = []));
    }
    // In document order, so that each position is on the line of the one before it or the next.
    const lr = e.logicalLineRange;
    const kr = e.keyRange;
    at.seek(lr.start);
    const startLine = at.line;
    const startCharacter = at.character;
    if (kr.start !== lr.start) at.seek(kr.start);
    const keyLine = at.line;
    const keyCharacter = at.character;
    at.seek(kr.end);
    const keyEndLine = at.line;
    const keyEndCharacter = at.character;
    at.seek(lr.end);
    const kept = KEPT.get(e);
    if (
      kept &&
      samePosition(kept.range.start, startLine, startCharacter) &&
      samePosition(kept.range.end, at.line, at.character) &&
      samePosition(kept.selectionRange.start, keyLine, keyCharacter) &&
      samePosition(kept.selectionRange.end, keyEndLine, keyEndCharacter)
    ) {
      list.push(kept);
      continue;
    }
    const start = { line: startLine, character: startCharacter };
    const symbol: DocumentSymbol = {
      name: e.key || '(empty key)',
      detail: isSecretProperty(e.key) ? '(secret)' : outlineDetail(e.value),
      kind: SymbolKind.Property,
      range: { start, end: { line: at.line, character: at.character } },
      selectionRange: { start: kr.start === lr.start ? start : { line: keyLine, character: keyCharacter }, end: { line: keyEndLine, character: keyEndCharacter } },
    };
    KEPT.set(e, symbol);
    list.push(symbol);
  }
  return [...groups].map(([prefix, children]) => ({
    name: prefix,
    kind: SymbolKind.Namespace,
    range: { start: children[0].range.start, end: children[children.length - 1].range.end },
    selectionRange: children[0].selectionRange,
    children,
  }));
}
