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
