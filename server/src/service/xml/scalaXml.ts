/**
 * What scala-xml's `ConstructingParser` does to a document that the JDK's parser refuses, and how the JDK reads
 * back what scala-xml then writes: the releases whose start-up rewrite goes through it are named in
 * `rudder/startup.ts` (`REWRITE_TOLERATES_SYNTAX`). Read in scala-xml v1.3.0, v1.3.1 and v2.4.0, which agree on
 * all of it: `parsing/MarkupParser.scala` (`content`, `push`, `xAttributes`), `parsing/MarkupParserCommon.scala`
 * (`xAttributeValue`, `normalizeAttributeValue`, `attr_unescape`), `parsing/MarkupHandler.scala`
 * (`replacementText`), `Attribute.toString1` and `Utility.escape`. Its syntax errors go to
 * `reportSyntaxError`, which prints and goes on; only a truncated input or an end tag that does not match throws.
 */
import { decodeAttributeValue, type DecodedValue } from './scan';
import type { SyntaxProblem } from './wellFormed';

/**
 * What the rewrite makes of a problem the JDK refuses, when it repairs it: a DOCTYPE is parsed and not written
 * back; a duplicated attribute is reported (`xAttributes`: "double attribute") and kept once; an entity reference
 * it does not know stays in an attribute value as its own text (`attr_unescape`: `"&" + s + ";"`, written back as
 * `&amp;name;`) and becomes a comment in content (`replacementText`: `<!-- unknown entity name; -->`), unless the
 * DOCTYPE declares it as an internal entity: then its replacement text is parsed there, markup included, and
 * written into the file (`push`; an external one is not read, `someEntityDecl` ignores it when not validating).
 */
export type Repair = 'dropped' | 'kept-once' | 'literal-reference' | 'comment-reference' | 'expanded-reference';

export function rewriteRepair(p: Pick<SyntaxProblem, 'kind' | 'where' | 'declared'>): Repair | undefined {
  switch (p.kind) {
    case 'doctype':
      return 'dropped';
    case 'duplicate-attribute':
      return 'kept-once';
    case 'undefined-entity':
      return p.where !== 'content' ? 'literal-reference' : p.declared ? 'expanded-reference' : 'comment-reference';
    default:
      return undefined;
  }
}

/** The predefined entities `attr_unescape` knows: XML's five, and `quote`. */
const UNESCAPED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"', quote: '"' };

/**
 * An attribute value as the JDK reads it in the rewritten file: `normalizeAttributeValue` decodes the entities of
 * `UNESCAPED` and keeps any other `&name;` (to the next `;`, whatever is between) as written, declared in the
 * DOCTYPE or not, and `Utility.escape` writes it back as `&amp;name;`. White space and character references are
 * decoded as the JDK decodes them in the file as written (`decodeAttributeValue`), so that a value without such a
 * reference reads the same either way: scala-xml also makes two spaces of a CR LF in a value and drops a control
 * character a reference gives, which is not modelled. Offsets as `decodeAttributeValue`'s. A value the rewrite
 * cannot read (a `&` with no `;` after it) is decoded as far as it goes: that file is rejected anyway.
 */
export function decodeAsRewritten(raw: string): DecodedValue {
  if (!raw.includes('&')) return decodeAttributeValue(raw);
  let text = '';
  const offsets: number[] = [];
  let from = 0;
  const plain = (to: number) => {
    const part = decodeAttributeValue(raw.slice(from, to));
    text += part.text;
    for (let k = 0; k < part.text.length; k++) offsets.push(from + (part.offsets ? part.offsets[k] : k));
  };
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const end = raw.indexOf(';', amp + 1);
    if (end < 0) break;
    const body = raw.slice(amp + 1, end);
    if (body.startsWith('#')) {
      plain(end + 1);
    } else {
      plain(amp);
      const decoded = UNESCAPED[body];
      if (decoded !== undefined) {
        text += decoded;
        offsets.push(amp);
      } else {
        for (let k = amp; k <= end; k++) {
          text += raw[k] === '\t' || raw[k] === '\n' || raw[k] === '\r' ? ' ' : raw[k];
          offsets.push(k);
        }
      }
    }
    from = end + 1;
  }
  plain(raw.length);
  offsets.push(raw.length);
  return { text, offsets };
}
