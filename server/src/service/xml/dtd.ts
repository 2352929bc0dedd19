/**
 * The general entities a DOCTYPE's internal subset declares, as the JDK's parser reads them where a DOCTYPE is
 * accepted (Rudder 8.1 and older: `scala.xml.XML.load`, see `rudder/users.ts` `USERS_FILE.doctypeRefused`), and
 * attribute values expanded with them (XML 1.0 §3.3.3, §4.4.5). Pure, bounded, never throws.
 *
 * - `<!ENTITY name "value">`: character references in the value are replaced at declaration, entity references
 *   are kept and expanded where the entity is used; the first declaration of a name wins (§4.2).
 * - `<!ENTITY name SYSTEM "uri">` / `PUBLIC "id" "uri"`: external. The JDK reads the resource where the entity is
 *   used in content (a missing one rejects the file); in an attribute value it is a fatal error (§3.1 WFC).
 * - `NDATA`: unparsed, never allowed in a reference.
 * - Parameter entities and the other declarations are skipped.
 *
 * The JDK's default limit of 64,000 entity expansions per document (`jdk.xml.entityExpansionLimit`) is kept:
 * past it the parser stops with a fatal error, which bounds the work here too.
 */
import type { OffsetRange } from './scan';

export type EntityDecl = { kind: 'internal'; replacement: string } | { kind: 'external' } | { kind: 'unparsed' };

export type Entities = ReadonlyMap<string, EntityDecl>;

/** `jdk.xml.entityExpansionLimit`, the JDK's default. */
export const ENTITY_EXPANSION_LIMIT = 64_000;
/** `jdk.xml.totalEntitySizeLimit`, the JDK's default: characters of all expansions of a document. */
export const TOTAL_ENTITY_SIZE_LIMIT = 50_000_000;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The general entities declared in the internal subset of the DOCTYPE at `doctype`. */
export function declaredEntities(text: string, doctype: OffsetRange): Map<string, EntityDecl> {
  const out = new Map<string, EntityDecl>();
  const decl = text.slice(doctype.start, doctype.end);
  const open = internalSubsetStart(decl);
  if (open < 0) return out;
  const re = /<!ENTITY\s+(%\s+)?([^\s"'<>%&;]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\s[^>]*?(\sNDATA\s+\S+)?\s*)\s*>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![A-Z]+(?:[^>"']|"[^"]*"|'[^']*')*>/g;
  re.lastIndex = open;
  for (let m = re.exec(decl); m; m = re.exec(decl)) {
    const [, parameter, name, dq, sq, external, ndata] = m;
    if (name === undefined || parameter || out.has(name)) continue;
    if (external) out.set(name, ndata ? { kind: 'unparsed' } : { kind: 'external' });
    else out.set(name, { kind: 'internal', replacement: charRefsExpanded(normaliseLineEnds(dq ?? sq ?? '')) });
  }
  return out;
}

/** The offset after the `>` of the DOCTYPE at `start`, its internal subset `[…]` included; -1 when unclosed. */
export function doctypeEnd(text: string, start: number): number {
  const bracket = text.indexOf('[', start);
  const gt = text.indexOf('>', start);
  if (gt < 0) return -1;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const close = text.indexOf(']', bracket);
  const after = close < 0 ? -1 : text.indexOf('>', close);
  return after < 0 ? -1 : after + 1;
}

/** Offset in the DOCTYPE text after its `[`, or -1 without an internal subset. */
function internalSubsetStart(decl: string): number {
  let quote = '';
  for (let i = 0; i < decl.length; i++) {
    const c = decl[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') return i + 1;
    else if (c === '>') return -1;
  }
  return -1;
}

function normaliseLineEnds(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** An entity value with its character references replaced (entity references stay: they are bypassed, §4.4.7). */
function charRefsExpanded(value: string): string {
  return value.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (all, n: string) => {
    const code = n[0] === 'x' ? parseInt(n.slice(1), 16) : parseInt(n, 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

export type ExpansionProblem =
  | 'undefined-entity'
  | 'bad-entity-reference'
  | 'recursive-entity'
  | 'external-entity-in-attribute'
  | 'unparsed-entity-reference'
  | 'less-than-in-value'
  | 'invalid-character-reference'
  | 'entity-expansion-limit';

export interface Expansion {
  /** The replacement text of `&name;` in an attribute value, normalised (§3.3.3). */
  text: string;
  problem?: ExpansionProblem;
  /** 1-based line, inside the innermost entity's replacement text, where the JDK reports the problem. */
  entityLine?: number;
}

/**
 * Past this many characters an expanded value is not built further (the checks go on): no value Rudder reads
 * is that long, and the work stays bounded well under the JDK's size limit.
 */
export const EXPANDED_VALUE_CAP = 1 << 16;

/** A shared budget of expansions for one document. */
export interface ExpansionBudget {
  left: number;
  chars: number;
}

export function newBudget(): ExpansionBudget {
  return { left: ENTITY_EXPANSION_LIMIT, chars: TOTAL_ENTITY_SIZE_LIMIT };
}

/**
 * What `&name;` in an attribute value becomes, or the first problem the JDK meets expanding it. In `content`,
 * markup and external entities are allowed (the JDK parses the one, reads the other); only the references are
 * followed, for cycles, undeclared names and the limit.
 */
export function expandInAttribute(name: string, entities: Entities, budget: ExpansionBudget, where: 'attribute' | 'content' = 'attribute'): Expansion {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return { text: predefined };
  const stack: string[] = [];
  let text = '';
  const walk = (entity: string): Expansion | undefined => {
    const decl = entities.get(entity);
    if (!decl) return { text, problem: 'undefined-entity' };
    if (decl.kind === 'external') return where === 'content' ? undefined : { text, problem: 'external-entity-in-attribute' };
    if (decl.kind === 'unparsed') return { text, problem: 'unparsed-entity-reference' };
    if (stack.includes(entity)) return { text, problem: 'recursive-entity' };
    const r = decl.replacement;
    budget.chars -= r.length;
    if (--budget.left < 0 || budget.chars < 0) return { text, problem: 'entity-expansion-limit', entityLine: 1 };
    stack.push(entity);
    let line = 1;
    for (let i = 0; i < r.length; i++) {
      const plain = /[&<\n\t\r]/g;
      plain.lastIndex = i;
      const next = plain.exec(r)?.index ?? r.length;
      if (next > i) {
        if (text.length < EXPANDED_VALUE_CAP) text += r.slice(i, Math.min(next, i + EXPANDED_VALUE_CAP));
        i = next - 1;
        continue;
      }
      const c = r[i];
      if (c === '\n') line++;
      if (c === '<' && where === 'attribute') return { text, problem: 'less-than-in-value', entityLine: line };
      if (c === '&') {
        const ref = /^&(#x[0-9a-fA-F]+|#[0-9]+|[^\s;&<>"'#%]+);/.exec(r.slice(i, i + 80));
        // The JDK reports a malformed reference at the document's reference in an attribute value, inside the
        // entity in content; an invalid character inside the entity.
        if (!ref) return where === 'content' ? { text, problem: 'bad-entity-reference', entityLine: line } : { text, problem: 'bad-entity-reference' };
        const body = ref[1];
        if (body[0] === '#') {
          const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          if (!isXmlChar(code)) return { text, problem: 'invalid-character-reference', entityLine: line };
          text += String.fromCodePoint(code);
        }
        else if (PREDEFINED[body] !== undefined) text += PREDEFINED[body];
        else {
          const inner = walk(body);
          if (inner) return { ...inner, entityLine: inner.entityLine ?? line };
        }
        i += ref[0].length - 1;
        continue;
      }
      text += c === '\n' || c === '\t' || c === '\r' ? ' ' : c;
    }
    stack.pop();
    return undefined;
  };
  return walk(name) ?? { text };
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

// ---------------------------------------------------------------------------------------------------------
// Attribute-list declarations and what the JDK fetches (XML 1.0 §3.3, §4.2.2, §2.8)

/**
 * An attribute an `<!ATTLIST>` of the internal subset declares for one element name (a qualified name: the
 * parser is namespace-unaware). The JDK applies it even without validation: an absent attribute gets the
 * default (`"v"` or `#FIXED "v"`, a present one is kept even when `#FIXED` says otherwise), and a value of a
 * type other than CDATA (`NMTOKEN`, `ID`, an enumeration…) has its spaces trimmed and collapsed (§3.3.3).
 */
export interface AttributeDeclaration {
  element: string;
  name: string;
  nameRange: OffsetRange;
  /** CDATA, or a tokenized type whose values are trimmed and their space runs collapsed. */
  tokenized: boolean;
  fixed: boolean;
  /** The raw default between its quotes, when there is one (not `#IMPLIED` nor `#REQUIRED`). */
  defaultRange?: OffsetRange;
}

/** Something of the DOCTYPE the JDK reads from elsewhere, or that brings declarations this tool does not read. */
export interface DoctypeReference {
  kind: 'external-subset' | 'external-parameter' | 'internal-parameter';
  range: OffsetRange;
}

export interface DoctypeDeclarations {
  /** By element name, in declaration order; the first declaration of an attribute of an element wins (§3.3). */
  attributes: ReadonlyMap<string, readonly AttributeDeclaration[]>;
  references: DoctypeReference[];
  /** The raw range of every default, those of repeated declarations too (the JDK normalises each one). */
  defaultLiterals: OffsetRange[];
  /** Set by the scan when it stopped applying declarations at `DEFAULTS_APPLIED_LIMIT`. */
  truncated?: true;
}

/**
 * The declarations a scan applies to elements, all elements together (a declaration counts once per element of
 * its name). Past it the scan applies no more: a DOCTYPE of thousands of defaults over thousands of users would
 * make millions of attributes (the JDK would build them all), and every request stays bounded.
 */
export const DEFAULTS_APPLIED_LIMIT = 200_000;

const ATT_DEF = /\s+([^\s"'<>()|]+)\s+(CDATA|IDREFS|IDREF|ID|ENTITIES|ENTITY|NMTOKENS|NMTOKEN|NOTATION\s*\([^)]*\)|\([^)]*\))\s+(#REQUIRED|#IMPLIED|(#FIXED\s+)?("[^"]*"|'[^']*'))/y;

/** The `<!ATTLIST>` declarations and references to elsewhere of the DOCTYPE at `doctype`. Bounded, never throws. */
export function doctypeDeclarations(text: string, doctype: OffsetRange): DoctypeDeclarations {
  const attributes = new Map<string, AttributeDeclaration[]>();
  const references: DoctypeReference[] = [];
  const decl = text.slice(doctype.start, doctype.end);
  const open = internalSubsetStart(decl);
  const head = open < 0 ? decl : decl.slice(0, open);
  const external = /^<!DOCTYPE\s+[^\s[>]+\s+(SYSTEM\s*("[^"]*"|'[^']*')|PUBLIC\s*("[^"]*"|'[^']*')\s*("[^"]*"|'[^']*'))/.exec(head);
  if (external) references.push({ kind: 'external-subset', range: { start: doctype.start + external[0].length - external[1].length, end: doctype.start + external[0].length } });
  const defaultLiterals: OffsetRange[] = [];
  if (open < 0) return { attributes, references, defaultLiterals };
  const parameters = parameterEntities(decl, open);
  const re = /<!ATTLIST\s+([^\s>]+)|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![A-Z]+(?:[^>"']|"[^"]*"|'[^']*')*>|%([^\s;%&<>"']+);|\]/g;
  re.lastIndex = open;
  for (let m = re.exec(decl); m; m = re.exec(decl)) {
    if (m[0] === ']') break;
    if (m[2] !== undefined) {
      const kind = parameters.get(m[2]);
      if (kind) references.push({ kind: kind === 'external' ? 'external-parameter' : 'internal-parameter', range: { start: doctype.start + m.index, end: doctype.start + m.index + m[0].length } });
      continue;
    }
    if (m[1] === undefined) continue;
    const element = m[1];
    const list = attributes.get(element) ?? [];
    ATT_DEF.lastIndex = m.index + m[0].length;
    for (let d = ATT_DEF.exec(decl); d; d = ATT_DEF.exec(decl)) {
      const [all, name, type, , fixed, literal] = d;
      re.lastIndex = ATT_DEF.lastIndex;
      const end = doctype.start + d.index + all.length - 1;
      const defaultRange = literal === undefined ? undefined : { start: end - (literal.length - 2), end };
      if (defaultRange) defaultLiterals.push(defaultRange);
      if (list.some((a) => a.name === name)) continue;
      const nameStart = doctype.start + d.index + all.indexOf(name, 1);
      const at: AttributeDeclaration = { element, name, nameRange: { start: nameStart, end: nameStart + name.length }, tokenized: type !== 'CDATA', fixed: !!fixed };
      if (defaultRange) at.defaultRange = { ...defaultRange };
      list.push(at);
    }
    if (list.length > 0) attributes.set(element, list);
  }
  return { attributes, references, defaultLiterals };
}

/** The parameter entities the internal subset declares: internal or external (the first declaration wins). */
function parameterEntities(decl: string, open: number): Map<string, 'internal' | 'external'> {
  const out = new Map<string, 'internal' | 'external'>();
  const re = /<!ENTITY\s+%\s+([^\s"'<>%&;]+)\s+("|'|SYSTEM|PUBLIC)|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  re.lastIndex = open;
  for (let m = re.exec(decl); m; m = re.exec(decl)) {
    if (m[1] !== undefined && !out.has(m[1])) out.set(m[1], m[2] === 'SYSTEM' || m[2] === 'PUBLIC' ? 'external' : 'internal');
  }
  return out;
}

/** XML 1.0 §3.3.3 for a value of a type other than CDATA: leading and trailing spaces dropped, runs made one. */
export function collapseSpaces(value: string, offsets?: number[]): { text: string; offsets?: number[] } {
  if (!/^ | $|  /.test(value)) return { text: value, offsets };
  let text = '';
  const kept: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === ' ' && (text === '' || text[text.length - 1] === ' ')) continue;
    text += value[i];
    kept.push(offsets ? offsets[i] : i);
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    kept.pop();
  }
  kept.push(offsets ? offsets[value.length] : value.length);
  return { text, offsets: kept };
}

/**
 * Each reference `&name;` to one of `names` in the content after `from` (not in a tag, comment, CDATA section or
 * processing instruction), in document order. One pass over the text.
 */
export function contentReferences(text: string, from: number, names: ReadonlySet<string>): { name: string; range: OffsetRange }[] {
  const out: { name: string; range: OffsetRange }[] = [];
  if (names.size === 0) return out;
  const re = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<(?:[^>"']|"[^"]*"|'[^']*')*>?|&([^\s;&<>"']+);/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined && names.has(m[1])) out.push({ name: m[1], range: { start: m.index, end: m.index + m[0].length } });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * What using each general entity in content brings in, through the entities its replacement text references in
 * turn: an external entity (the JDK fetches it) and markup (elements). One walk per entity, each entity once.
 */
export function entityReach(entities: Entities): Map<string, { external: boolean; markup: boolean }> {
  const out = new Map<string, { external: boolean; markup: boolean }>();
  const visit = (name: string): { external: boolean; markup: boolean } => {
    const known = out.get(name);
    if (known) return known;
    const e = entities.get(name);
    const reach = { external: e?.kind === 'external', markup: e?.kind === 'internal' && e.replacement.includes('<') };
    out.set(name, reach);
    if (e?.kind !== 'internal') return reach;
    for (const m of e.replacement.matchAll(/&([^\s;&<>"'#%]+);/g)) {
      const inner = visit(m[1]);
      reach.external ||= inner.external;
      reach.markup ||= inner.markup;
    }
    return reach;
  };
  for (const name of entities.keys()) visit(name);
  return out;
}
