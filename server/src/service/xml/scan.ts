/**
 * A tolerant scan of raw XML text into a light element tree with exact offsets of every tag, attribute name and
 * attribute value. It never throws and works on half-typed documents; it does not decide well-formedness
 * (see `wellFormed.ts`). Tokens come from vscode-html-languageservice's maintained scanner.
 */
import { ScannerState, TokenType } from 'vscode-html-languageservice/lib/umd/htmlLanguageTypes';
import { createScanner } from 'vscode-html-languageservice/lib/umd/parser/htmlScanner';
import { lastAtOrBefore } from '../offsetIndex';
import { collapseSpaces, DEFAULTS_APPLIED_LIMIT, declaredEntities, doctypeDeclarations, doctypeEnd, expandInAttribute, newBudget, type AttributeDeclaration, type DoctypeDeclarations, type Entities, type ExpansionBudget } from './dtd';

/** Half-open `[start, end)` range of UTF-16 offsets into the document text. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface XmlAttribute {
  name: string;
  nameRange: OffsetRange;
  /** Value as an XML parser delivers it (entities expanded, white space normalised); undefined without `=`. */
  value?: string;
  /** Range of the raw value between its quotes (or of the unquoted token). */
  valueRange?: OffsetRange;
  /** False when the closing quote is missing (half-typed). */
  valueClosed: boolean;
  /** Raw offset (relative to `valueRange.start`) of each character of `value`, plus one at the end; absent: identity. */
  valueOffsets?: number[];
  /**
   * Set on an attribute the element does not write but gets from an `<!ATTLIST>` default of the DOCTYPE (where
   * the DOCTYPE is read): its name and value ranges are the declaration's, in the DOCTYPE. Never an edit target.
   */
  defaulted?: true;
  /**
   * Set where a tokenized type of an `<!ATTLIST>` (read where the DOCTYPE is) collapsed the written value's
   * spaces: the value as written, as a parser that applies no declaration delivers it (`writtenAttribute`).
   */
  undeclared?: { value: string; valueOffsets?: number[] };
}

export interface XmlElement {
  name: string;
  nameRange: OffsetRange;
  /** Offset of `<`. */
  start: number;
  /** Offset after the start tag's `>` or `/>`; undefined while the tag is unfinished. */
  startTagEnd?: number;
  /** Offset after the end tag (or the self-closing start tag); undefined when never closed. */
  end?: number;
  selfClosing: boolean;
  attributes: XmlAttribute[];
  /**
   * The attributes the DOCTYPE's `<!ATTLIST>` defaults add (absent from `attributes`), in declaration order. The
   * list and its attributes are shared by the elements of the same name that get the same defaults.
   */
  defaulted?: readonly XmlAttribute[];
  children: XmlElement[];
}

export interface XmlScan {
  roots: XmlElement[];
  /** Every `<!DOCTYPE …>` found, with its range. */
  doctypes: OffsetRange[];
  /** The general entities the first DOCTYPE declares (values are expanded with them, as Rudder ≤ 8.1 reads them). */
  entities: Entities;
  /** The first DOCTYPE's attribute-list declarations and references to elsewhere (applied as for `entities`). */
  declarations?: DoctypeDeclarations;
  comments: OffsetRange[];
}

const startOf = (el: XmlElement) => el.start;

/**
 * The deepest element whose start tag (from `<` to its end, or to the end of the text while unfinished)
 * contains `offset`. Siblings are in document order, so each level is a binary search; no recursion, so any
 * nesting depth is fine.
 */
export function startTagAt(roots: XmlElement[], offset: number): XmlElement | undefined {
  let siblings = roots;
  for (;;) {
    const el = siblings[lastAtOrBefore(siblings, offset, startOf)];
    if (!el) return undefined;
    if (offset <= (el.startTagEnd ?? Number.MAX_SAFE_INTEGER)) return el;
    siblings = el.children;
  }
}

/**
 * The deepest element whose content (after its start tag, before its end) contains `offset`: the parent of
 * an element typed there. Undefined at the top level. A binary search per level, no recursion.
 */
export function elementContaining(roots: XmlElement[], offset: number): XmlElement | undefined {
  let siblings = roots;
  let parent: XmlElement | undefined;
  for (;;) {
    // The last sibling starting before `offset` (offsets are integers).
    const el = siblings[lastAtOrBefore(siblings, offset - 1, startOf)];
    if (!el || el.selfClosing || el.startTagEnd === undefined || offset < el.startTagEnd || (el.end !== undefined && offset >= el.end)) return parent;
    parent = el;
    siblings = el.children;
  }
}

/** Every element, depth first in document order, without recursion. */
export function* allElements(roots: XmlElement[]): Generator<XmlElement> {
  const stack = [...roots].reverse();
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
}

export function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

/** The attribute as the parser delivers it: written on the element, else its DOCTYPE default. */
export function deliveredAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return attribute(el, name) ?? el.defaulted?.find((a) => a.name === name);
}

/**
 * The attribute as a parser that applies no `<!ATTLIST>` delivers it: only where written, its value as written
 * (a copy when a tokenized type collapsed it; its ranges are the written attribute's objects).
 */
export function writtenAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  const a = attribute(el, name);
  if (!a?.undeclared) return a;
  const { undeclared, valueOffsets, ...rest } = a;
  return { ...rest, ...undeclared };
}

export function scanXml(text: string): XmlScan {
  const scanner = createScanner(text, 0, ScannerState.WithinContent);
  const roots: XmlElement[] = [];
  const doctypes: OffsetRange[] = [];
  const comments: OffsetRange[] = [];
  const open: XmlElement[] = [];
  let current: XmlElement | undefined;
  let attr: XmlAttribute | undefined;
  let commentStart = -1;
  let doctypeEnds = -1;
  let endTagName: string | undefined;
  let entities: Entities = new Map();
  let declarations: DoctypeDeclarations | undefined;
  let applied = 0;
  const budget = newBudget();
  const defaults = new Map<readonly AttributeDeclaration[], SharedDefaults>();
  /** Each default decoded once, as the JDK does at its declaration; each list's shared attributes built once. */
  const sharedDefaults = (list: readonly AttributeDeclaration[]) => {
    let shared = defaults.get(list);
    if (!shared) {
      shared = newSharedDefaults(list, (d) => {
        const decoded = decodeAttributeValue(text.slice(d.defaultRange.start, d.defaultRange.end), entities, budget);
        return d.tokenized ? collapseSpaces(decoded.text, decoded.offsets) : decoded;
      });
      defaults.set(list, shared);
    }
    return shared;
  };

  const finishTag = (end: number, selfClosing: boolean) => {
    if (!current) return;
    if (declarations && !declarations.truncated) {
      const list = declarations.attributes.get(current.name);
      if (list && (applied += list.length) > DEFAULTS_APPLIED_LIMIT) declarations.truncated = true;
      else if (list) applyDeclarations(current, sharedDefaults(list));
    }
    // Kept for the document's life: an exact-size copy, not the slack of an array grown by push (~130 bytes a tag).
    current.attributes = current.attributes.slice();
    current.startTagEnd = end;
    current.selfClosing = selfClosing;
    if (selfClosing) current.end = end;
    else open.push(current);
    current = undefined;
    attr = undefined;
  };

  for (let token = scanner.scan(); token !== TokenType.EOS; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const end = scanner.getTokenEnd();
    switch (token) {
      case TokenType.StartTagOpen:
        if (current) finishTag(offset, false);
        break;
      case TokenType.StartTag: {
        const parent = open[open.length - 1];
        current = {
          name: scanner.getTokenText(),
          nameRange: { start: offset, end },
          start: offset - 1,
          selfClosing: false,
          attributes: [],
          children: [],
          // Set when the tag, then the element, ends: in the literal, so that V8 keeps them in the object.
          startTagEnd: undefined,
          end: undefined,
        };
        (parent ? parent.children : roots).push(current);
        break;
      }
      case TokenType.AttributeName:
        if (current) {
          // Every property it gets is in the literal (undefined until the value comes), so V8 keeps them in the object.
          attr = { name: scanner.getTokenText(), nameRange: { start: offset, end }, valueClosed: true, valueRange: undefined, value: undefined };
          current.attributes.push(attr);
        }
        break;
      case TokenType.AttributeValue:
        if (attr) {
          const raw = scanner.getTokenText();
          const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
          const closed = quote === '' || (raw.length > 1 && raw[raw.length - 1] === quote);
          const start = offset + (quote ? 1 : 0);
          const valueEnd = quote && closed ? end - 1 : end;
          attr.valueRange = { start, end: valueEnd };
          const decoded = decodeAttributeValue(text.slice(start, valueEnd), entities, budget);
          attr.value = decoded.text;
          if (decoded.offsets) attr.valueOffsets = decoded.offsets;
          attr.valueClosed = closed;
          attr = undefined;
        }
        break;
      case TokenType.StartTagClose:
        finishTag(end, false);
        break;
      case TokenType.StartTagSelfClose:
        finishTag(end, true);
        break;
      case TokenType.EndTagOpen:
        if (current) finishTag(offset, false);
        endTagName = undefined;
        break;
      case TokenType.EndTag:
        endTagName = scanner.getTokenText();
        break;
      case TokenType.EndTagClose: {
        let idx = open.length - 1;
        while (idx >= 0 && open[idx].name !== endTagName) idx--;
        if (idx >= 0) {
          open[idx].end = end;
          open.length = idx;
        }
        endTagName = undefined;
        break;
      }
      case TokenType.StartCommentTag:
        commentStart = offset;
        break;
      case TokenType.EndCommentTag:
        if (commentStart >= 0) comments.push({ start: commentStart, end });
        commentStart = -1;
        break;
      case TokenType.StartDoctypeTag: {
        // The tokenizer ends a DOCTYPE at its first `>`: the internal subset's declarations are inside it.
        if (offset < doctypeEnds) break;
        const close = doctypeEnd(text, offset);
        doctypeEnds = close < 0 ? text.length : close;
        const range = { start: offset, end: doctypeEnds };
        if (doctypes.length === 0) {
          entities = declaredEntities(text, range);
          declarations = doctypeDeclarations(text, range);
          if (declarations.attributes.size === 0 && declarations.references.length === 0) declarations = undefined;
        }
        doctypes.push(range);
        break;
      }
      default:
        break;
    }
  }
  if (commentStart >= 0) comments.push({ start: commentStart, end: text.length });
  return { roots, doctypes, entities, ...(declarations ? { declarations } : {}), comments };
}

/**
 * The defaults of one element name's declarations, shared by every element of that name: one attribute per
 * declaration, and one `defaulted` list per set of declared attributes an element writes (most write none, or
 * the same ones), so that thousands of defaults over thousands of elements cost one list each, not one object
 * per default per element. Never edited in place: a file with a DOCTYPE is scanned again in full
 * (`users/reparse.ts`), and only written attributes are normalised.
 */
interface SharedDefaults {
  list: readonly AttributeDeclaration[];
  /** The index in `list` of each declared name. */
  index: Map<string, number>;
  /** Per declaration, the element that last wrote it (`applyDeclarations`'s own marks, no set per element). */
  writtenBy: (XmlElement | undefined)[];
  attribute: (i: number) => XmlAttribute | undefined;
  /** By the written declarations' indices (ascending, joined by `,`): the `defaulted` list they leave. */
  byWritten: Map<string, XmlAttribute[] | undefined>;
}

function newSharedDefaults(list: readonly AttributeDeclaration[], decode: (d: AttributeDeclaration & { defaultRange: OffsetRange }) => DecodedValue): SharedDefaults {
  const attributes: (XmlAttribute | undefined)[] = [];
  const attribute = (i: number) => {
    const d = list[i];
    if (!d.defaultRange || attributes[i]) return attributes[i];
    const value = decode(d as AttributeDeclaration & { defaultRange: OffsetRange });
    const attr: XmlAttribute = { name: d.name, nameRange: { ...d.nameRange }, value: value.text, valueRange: { ...d.defaultRange }, valueClosed: true, defaulted: true };
    if (value.offsets) attr.valueOffsets = value.offsets;
    return (attributes[i] = attr);
  };
  return { list, index: new Map(list.map((d, i) => [d.name, i])), writtenBy: [], attribute, byWritten: new Map() };
}

/**
 * What the parser does with the `<!ATTLIST>` declarations of `el`'s name: a value of a tokenized type has its
 * spaces collapsed (the first attribute of a name only), an absent attribute with a default gets it (after the
 * written ones, in declaration order).
 */
function applyDeclarations(el: XmlElement, shared: SharedDefaults): void {
  const written: number[] = [];
  for (const a of el.attributes) {
    const i = shared.index.get(a.name);
    if (i === undefined || shared.writtenBy[i] === el) continue;
    shared.writtenBy[i] = el;
    written.push(i);
    if (shared.list[i].tokenized && a.value !== undefined) {
      const collapsed = collapseSpaces(a.value, a.valueOffsets);
      if (collapsed.text !== a.value) {
        a.undeclared = { value: a.value, ...(a.valueOffsets ? { valueOffsets: a.valueOffsets } : {}) };
        a.value = collapsed.text;
        if (collapsed.offsets) a.valueOffsets = collapsed.offsets;
      }
    }
  }
  const key = written.sort((x, y) => x - y).join(',');
  let defaulted = shared.byWritten.get(key);
  if (!shared.byWritten.has(key)) {
    const out: XmlAttribute[] = [];
    for (let i = 0; i < shared.list.length; i++) {
      const attr = shared.writtenBy[i] === el ? undefined : shared.attribute(i);
      if (attr) out.push(attr);
    }
    defaulted = out.length > 0 ? out : undefined;
    shared.byWritten.set(key, defaulted);
  }
  if (defaulted) el.defaulted = defaulted;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export interface DecodedValue {
  text: string;
  /**
   * `offsets[i]` is the raw offset (relative to the raw value) of decoded character `i`, with one extra at the
   * end; absent when decoding changed nothing (offsets are then the identity).
   */
  offsets?: number[];
}

/**
 * Decode an attribute value as an XML parser does: predefined entities, the DOCTYPE's `entities` and character
 * references expanded, each of CR LF, CR, LF and TAB turned into one space. Unknown entities, and those the
 * parser refuses to expand (see `dtd.ts`), are kept as written. Every character of an expansion maps to the
 * reference's offset.
 */
export function decodeAttributeValue(raw: string, entities?: Entities, budget: ExpansionBudget = newBudget()): DecodedValue {
  if (!/[&\r\n\t]/.test(raw)) return { text: raw };
  let text = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/.exec(raw.slice(i, i + 40));
      const declared = m && entities?.has(m[1]) ? expandInAttribute(m[1], entities, budget) : undefined;
      const decoded = declared ? (declared.problem ? undefined : declared.text) : m ? decodeEntity(m[1]) : undefined;
      if (m && decoded !== undefined) {
        for (const unit of decoded) {
          text += unit;
          offsets.push(i);
        }
        i += m[0].length;
        continue;
      }
    }
    if (ch === '\r' && raw[i + 1] === '\n') {
      text += ' ';
      offsets.push(i);
      i += 2;
      continue;
    }
    text += ch === '\r' || ch === '\n' || ch === '\t' ? ' ' : ch;
    offsets.push(i);
    i++;
  }
  offsets.push(raw.length);
  return { text, offsets };
}

function decodeEntity(body: string): string | undefined {
  if (body[0] !== '#') return PREDEFINED[body];
  const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export interface ListItem {
  /** The item as Rudder sees it: split on `,` and stripped. */
  text: string;
  /** Exact document range of the stripped item. */
  range: OffsetRange;
}

/**
 * Split an attribute's value the way Rudder splits `role`, `permissions` and `tenants`: on `,`, each item
 * stripped, blank items dropped. Ranges point into the raw document text.
 */
export function splitList(documentText: string, attr: XmlAttribute): ListItem[] {
  if (!attr.valueRange) return [];
  const base = attr.valueRange.start;
  const { text, offsets } = attr.value !== undefined ? { text: attr.value, offsets: attr.valueOffsets } : decodeAttributeValue(documentText.slice(base, attr.valueRange.end));
  const raw = (i: number) => (offsets ? offsets[i] : i);
  const items: ListItem[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== ',') continue;
    let s = from;
    let e = i;
    while (s < e && isStripSpace(text.charCodeAt(s))) s++;
    while (e > s && isStripSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) items.push({ text: text.slice(s, e), range: { start: base + raw(s), end: base + raw(e) } });
    from = i + 1;
  }
  return items;
}

/** Java's `String.strip()`: Unicode white space. */
function isStripSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c === 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
}
