/**
 * Well-formedness as Rudder's parser decides it. Rudder reads `rudder-users.xml` with the JDK's SAX parser
 * (`XmlSafe`: secure processing, `disallow-doctype-decl`, namespace-unaware); saxes, a conformant XML 1.0 parser,
 * is run namespace-unaware on the same text, and the places where it and the JDK differ are bridged here (names
 * are checked against the XML 1.0 fourth-edition classes the JDK uses; `&` references are checked on the `&`;
 * each error is placed where the JDK reports it). saxes' messages are never shown: each problem gets a typed
 * kind, our own wording (`SYNTAX_MESSAGES`, no file text) and the range of the culprit. Never throws.
 *
 * Two entry points. `checkWellFormedBytes` judges a file's bytes (decoded by `encoding.ts`, as the JDK reads
 * them). `checkWellFormed` judges text an editor already decoded: forbidden characters (NUL, other controls,
 * U+FFFE) are checked as in the bytes, but undecodable bytes are gone, so a U+FFFD (what editors, and Node's
 * `readFileSync(…, 'utf8')`, put in their place) is reported as `replacement-character`, a likely sign of bytes
 * Rudder would reject: a real U+FFFD in a users file is far rarer than a Latin-1 name in a UTF-8 file.
 */
import { SaxesParser } from 'saxes';
import * as ed4 from 'xmlchars/xml/1.0/ed4';
import { declaredEntities, doctypeDeclarations, doctypeEnd, expandInAttribute, newBudget, type Entities, type ExpansionBudget, type ExpansionProblem } from './dtd';
import { decodeXml, type EncodingProblemKind, type XmlEncoding } from './encoding';
import { rewriteRepair } from './scalaXml';
import type { OffsetRange } from './scan';

export type SyntaxProblemKind =
  | EncodingProblemKind
  | 'doctype'
  | 'xml-declaration'
  | 'misplaced-xml-declaration'
  | 'forbidden-character'
  | 'replacement-character'
  | 'invalid-name'
  | 'missing-space'
  | 'unquoted-value'
  | 'attribute-without-value'
  | 'missing-quote'
  | 'less-than-in-value'
  | 'duplicate-attribute'
  | ExpansionProblem
  | 'bad-entity-reference'
  | 'invalid-character-reference'
  | 'bad-tag'
  | 'bad-markup'
  | 'mismatched-end-tag'
  | 'unexpected-end-tag'
  | 'unclosed-element'
  | 'cdata-end-in-text'
  | 'bad-comment'
  | 'bad-processing-instruction'
  | 'content-outside-root'
  | 'multiple-roots'
  | 'missing-root'
  | 'unexpected-end';

/**
 * Which reading of a file with a DOCTYPE a problem belongs to: `dtd` where the DOCTYPE is read and its entities
 * expanded (Rudder 8.1 and older), `no-dtd` where the DOCTYPE is refused and its entities never declared.
 * Without it, the problem is in both.
 */
export type Reading = 'dtd' | 'no-dtd';

export interface SyntaxProblem {
  kind: SyntaxProblemKind;
  range: OffsetRange;
  /** Our wording (SYNTAX_MESSAGES), never the parser's, never file text. */
  message: string;
  reading?: Reading;
  /** For a problem met inside an entity's replacement text: the line there, where the JDK reports it. */
  entityLine?: number;
  /** For an undefined entity reference: whether it is in an attribute value or in content. */
  where?: 'attribute' | 'content';
  /** For one undefined only where the DOCTYPE is refused: the DOCTYPE declares it, as an internal entity. */
  declared?: true;
  /**
   * Set on the first problem of the no-DOCTYPE reading that scala-xml's rewrite does not repair (`scalaXml.ts`),
   * listed after the first problems when those are all repaired ones: where the file is rejected after that
   * rewrite. Not a problem the JDK reports first.
   */
  afterRewrite?: true;
}

export interface WellFormedness {
  problems: SyntaxProblem[];
}

/** Element names Rudder reads: the only element names a message may repeat. */
const KNOWN_ELEMENTS = new Set(['authentication', 'user', 'custom-roles', 'role']);

interface MessageContext {
  /** `<user>` for an element Rudder reads, otherwise "this element". */
  element: string;
  /** Line of the offending bytes, and the encoding they were read in (our canonical name). */
  line?: number;
  encoding?: string;
}

/** The one table of syntax wording. */
export const SYNTAX_MESSAGES: Record<SyntaxProblemKind, (c: MessageContext) => string> = {
  'invalid-bytes': (c) => `The file has bytes here that are not valid ${c.encoding ?? 'UTF-8'} (line ${c.line})`,
  'not-in-declared-encoding': (c) => `The file declares ${c.encoding ?? 'US-ASCII'}, but has a byte outside it on line ${c.line}`,
  'unknown-encoding': (c) =>
    `This tool does not know this encoding name (it reads UTF-8, UTF-16, ISO-8859-1, US-ASCII and windows-1252) and checks the file as ${c.encoding ?? 'UTF-8'}; if Java does not know the name either, Rudder rejects the whole file`,
  doctype: () => 'A DOCTYPE declaration is not allowed here',
  'xml-declaration': () => 'The XML declaration is malformed (it must read like <?xml version="1.0" encoding="UTF-8"?>)',
  'misplaced-xml-declaration': () => 'An XML declaration is only allowed at the very start of the file',
  'forbidden-character': () => 'This character is not allowed in an XML file',
  'replacement-character': () =>
    "This is U+FFFD, the character editors show for bytes not valid in the file's encoding: if the file on disk has such bytes here, Rudder rejects the whole file",
  'invalid-name': ({ element: e }) => `This character is not allowed in a name, in ${e}`,
  'missing-space': ({ element: e }) => `A space is missing between two attributes of ${e}`,
  'unquoted-value': ({ element: e }) => `An attribute value of ${e} is not in quotes`,
  'attribute-without-value': ({ element: e }) => `An attribute of ${e} has no ="value"`,
  'missing-quote': ({ element: e }) => `An attribute value of ${e} has no closing quote`,
  'less-than-in-value': ({ element: e }) => `An attribute value of ${e} contains '<' (write &lt;), here or in the entity it references`,
  'duplicate-attribute': ({ element: e }) => `This attribute appears twice in ${e}`,
  'undefined-entity': () => "This entity reference is not defined (XML only knows &amp; &lt; &gt; &quot; &apos;; write & as &amp;)",
  'recursive-entity': () => 'This entity reference expands to itself (the entities of the DOCTYPE form a cycle)',
  'external-entity-in-attribute': () => 'This entity is external (SYSTEM or PUBLIC): a reference to it is not allowed in an attribute value',
  'unparsed-entity-reference': () => 'This entity is unparsed (NDATA): a reference to it is not allowed',
  'entity-expansion-limit': () => "The DOCTYPE's entities expand more than 64,000 times: the JDK stops there (an entity bomb)",
  'bad-entity-reference': () => "A '&' must start an entity reference like &amp; (write & as &amp;)",
  'invalid-character-reference': () => 'This character reference is not a character allowed in XML',
  'bad-tag': ({ element: e }) => `The tag of ${e} is malformed`,
  'bad-markup': () => "'<!' must start a comment (<!-- … -->) or a CDATA section (<![CDATA[ … ]]>)",
  'mismatched-end-tag': ({ element: e }) => `This end tag does not close ${e}`,
  'unexpected-end-tag': () => 'This end tag closes no open element',
  'unclosed-element': ({ element: e }) => `${capitalise(e)} is never closed`,
  'cdata-end-in-text': () => "']]>' is not allowed in text (write ]]&gt;)",
  'bad-comment': () => "This comment is malformed ('--' is not allowed inside a comment)",
  'bad-processing-instruction': () => 'This processing instruction is malformed',
  'content-outside-root': () => 'Only comments and white space may appear outside the root element',
  'multiple-roots': () => 'A second root element: the file must have exactly one',
  'missing-root': () => 'The file has no root element',
  'unexpected-end': () => 'The file ends in the middle of markup',
};

/**
 * Rudder's parser stops at the first error, and what a recovering parser finds after it is mostly its own
 * cascade: only the first problem is reported. Collection stops after this many candidates.
 */
const MAX_PROBLEMS = 20;
const STOP = new Error('enough XML errors');

interface Raw {
  message: string;
  position: number;
  tag?: string;
  /** The innermost open element then. */
  open?: string;
  /** Where a run of text before the error may start: after the last markup saxes finished or error it recovered from. */
  runStart: number;
}

export interface CheckedBytes extends WellFormedness {
  /** The decoded text (no BOM); the problems' ranges are offsets into it. */
  text: string;
  encoding: XmlEncoding;
}

/**
 * The verdict on a file's bytes, as Rudder reads them (BOM, declared encoding): the decoding problem, if any,
 * then the syntax problems of the decoded text, in document order.
 */
export function checkWellFormedBytes(bytes: Uint8Array): CheckedBytes {
  const decoded = decodeXml(bytes);
  const encodingProblems: SyntaxProblem[] = decoded.problems.map((p) => ({
    kind: p.kind,
    range: p.range,
    message: SYNTAX_MESSAGES[p.kind]({ element: '', line: p.line, encoding: decoded.encoding.name }),
  }));
  const syntax = checkWellFormed(decoded.text, true).problems;
  const all = [...encodingProblems, ...syntax];
  const problems = withAfterRewrite(firstPerReading(all.filter((p) => !p.afterRewrite)), all.map(({ afterRewrite: _, ...p }) => p));
  return { text: decoded.text, encoding: decoded.encoding, problems };
}

/**
 * `text` as an editor holds it; with `fromBytes`, text decoded by `decodeXml`, whose problems already cover the
 * undecodable bytes (a U+FFFD is then a real character).
 */
export function checkWellFormed(text: string, fromBytes = false): WellFormedness {
  const raws: Raw[] = [];
  const problems: SyntaxProblem[] = [];
  const parser = new SaxesParser({ xmlns: false, position: false });
  let currentTag: string | undefined;
  const open: string[] = [];
  let lastClosed = { name: '', position: -1 };
  const push = (kind: SyntaxProblemKind, range: OffsetRange, tag?: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ kind, range, message: SYNTAX_MESSAGES[kind]({ element: elementLabel(tag) }) });
  };
  let runStart = 0;
  const markup = () => (runStart = parser.position);
  let duplicates = 0;
  parser.on('error', (err) => {
    // No duplicated attribute but the first can come first, and the rewrite repairs them: up to a bound, they do not
    // count toward the limit, so that the first problem it does not repair is found after them.
    const message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    if (message.startsWith('duplicate attribute') && duplicates++ > 0) {
      if (duplicates > MAX_SKIPPED_DUPLICATES) throw STOP;
    } else {
      if (raws.length >= MAX_PROBLEMS) throw STOP;
      const implicitlyClosed = lastClosed.position === parser.position ? lastClosed.name : undefined;
      raws.push({ message: err.message, position: parser.position, tag: currentTag, open: implicitlyClosed ?? open[open.length - 1], runStart });
    }
    runStart = parser.position;
  });
  parser.on('xmldecl', markup);
  parser.on('comment', markup);
  parser.on('cdata', markup);
  parser.on('closetag', (tag) => {
    open.pop();
    lastClosed = { name: tag.name, position: parser.position };
    markup();
  });
  parser.on('doctype', () => {
    markup();
    const end = parser.position;
    const start = text.lastIndexOf('<!DOCTYPE', end);
    if (start >= 0) push('doctype', { start, end: start + '<!DOCTYPE'.length });
  });
  parser.on('opentagstart', (tag) => {
    currentTag = tag.name;
    const start = parser.position - 1 - tag.name.length;
    const bad = badNameChar(tag.name);
    if (bad >= 0) push('invalid-name', charRange(text, start + bad), tag.name);
  });
  parser.on('attribute', (attr) => {
    const bad = badNameChar(attr.name);
    if (bad < 0) return;
    const start = text.lastIndexOf(attr.name, parser.position);
    if (start >= 0) push('invalid-name', charRange(text, start + bad), currentTag);
  });
  parser.on('opentag', (tag) => {
    currentTag = undefined;
    if (!tag.isSelfClosing) open.push(tag.name);
    markup();
  });
  parser.on('processinginstruction', (pi) => {
    markup();
    const bad = badNameChar(pi.target);
    if (bad < 0) return;
    const start = text.lastIndexOf(`<?${pi.target}`, parser.position);
    if (start >= 0) push('bad-processing-instruction', charRange(text, start + 2 + bad));
  });
  try {
    // References are `referenceProblems`' to check, as the JDK reports them (on the `&`): saxes gets the text with
    // each `&` made a character that is text in values and content and no name character, the same length, so that
    // its errors are the structure's only, wherever they are, and the references cost it no error each.
    parser.write(text.includes('&') ? text.replaceAll('&', '~') : text).close();
  } catch {
    // STOP, or saxes giving up: the problems found so far stand (checking never throws).
  }
  for (const raw of raws) {
    let kind = classify(raw.message);
    if (kind === 'mismatched-end-tag' && raw.open === undefined) kind = 'unexpected-end-tag';
    if (kind === 'invalid-attribute-name' || !ENTITY_KINDS.has(kind)) {
      const tag = kind === 'mismatched-end-tag' ? raw.open : (raw.tag ?? tagOf(raw.message));
      const located = locate(text, kind, raw);
      push(located.kind ?? (kind === 'invalid-attribute-name' ? 'invalid-name' : kind), located.range, tag);
    }
  }
  // A lone surrogate (from UTF-16 bytes, or an editor's text) is no XML character; saxes lets it through.
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  for (let m = lone.exec(text); m && problems.length < MAX_PROBLEMS; m = lone.exec(text)) push('forbidden-character', { start: m.index, end: m.index + 1 });
  if (!fromBytes) problems.push(...charProblems(text, problems));
  else if (text.startsWith('\ufeff')) push('content-outside-root', { start: 0, end: 1 });
  const doctype = problems.find((p) => p.kind === 'doctype');
  const subsetEnd = doctype ? doctypeEnd(text, doctype.range.start) : -1;
  const entities = doctype ? declaredEntities(text, { start: doctype.range.start, end: subsetEnd < 0 ? text.length : subsetEnd }) : new Map();
  const reference = (p: ReferenceProblem, reading?: Reading): SyntaxProblem => ({ ...p, message: SYNTAX_MESSAGES[p.kind]({ element: 'this element' }), ...(reading ? { reading } : {}) });
  const defaults = doctype ? defaultValueProblems(text, { start: doctype.range.start, end: subsetEnd < 0 ? text.length : subsetEnd }, entities).map((p) => reference(p, 'dtd')) : [];
  if (entities.size === 0 && defaults.length === 0) {
    const all = [...problems, ...referenceProblems(text).map((p) => reference(p))];
    return { problems: withAfterRewrite(firstProblems(all), all) };
  }
  const internal = (p: ReferenceProblem) => p.kind === 'undefined-entity' && entities.get(text.slice(p.range.start + 1, p.range.end - 1))?.kind === 'internal';
  const plain = referenceProblems(text).map((p) => reference(internal(p) ? { ...p, declared: true } : p, 'no-dtd'));
  const expanded = referenceProblems(text, entities).map((p) => reference(p, 'dtd'));
  const all = [...problems, ...defaults, ...plain, ...expanded];
  return { problems: withAfterRewrite(firstPerReading(all), all) };
}

/** Duplicated attributes after the first that saxes may report before the check stops (each costs it an error). */
const MAX_SKIPPED_DUPLICATES = 1000;

/**
 * `first` (the first problems), plus the first problem of the no-DOCTYPE reading that the rewrite of scala-xml
 * does not repair (`afterRewrite`), when the first problem of that reading is one it repairs and that one is not
 * already among them for that reading. Suspect characters are no verdict and are passed over.
 */
function withAfterRewrite(first: SyntaxProblem[], all: SyntaxProblem[]): SyntaxProblem[] {
  const plain = (p: SyntaxProblem) => p.reading !== 'dtd';
  const lead = first.find((p) => plain(p) && p.kind !== 'doctype');
  if (!lead || !rewriteRepair(lead)) return first;
  let after: SyntaxProblem | undefined;
  for (const p of all) {
    if (!plain(p) || p.afterRewrite || rewriteRepair(p) || p.kind === 'replacement-character' || p.kind === 'unknown-encoding') continue;
    if (!after || p.range.start < after.range.start) after = p;
  }
  if (!after || first.some((p) => plain(p) && p.kind === after!.kind && p.range.start === after!.range.start)) return first;
  return [...first, { ...after, afterRewrite: true as const }].sort((a, b) => a.range.start - b.range.start);
}

/** saxes' "disallowed character in attribute name" is an attribute without value when that character ends it. */
type RawKind = SyntaxProblemKind | 'invalid-attribute-name';

function classify(message: string): RawKind {
  const m = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
  const table: [RegExp, RawKind][] = [
    [/^no whitespace between attributes/, 'missing-space'],
    [/^unquoted attribute value|^value must be quoted/, 'unquoted-value'],
    [/^attribute without value|^value required/, 'attribute-without-value'],
    [/^duplicate attribute/, 'duplicate-attribute'],
    [/^undefined entity/, 'undefined-entity'],
    [/^malformed character entity/, 'invalid-character-reference'],
    [/^disallowed character in entity name|^empty entity name|^invalid character entity/, 'bad-entity-reference'],
    [/^disallowed character in closing tag/, 'mismatched-end-tag'],
    [/^disallowed character in attribute name/, 'invalid-attribute-name'],
    [/^disallowed character in tag name|^malformed name/, 'invalid-name'],
    [/^disallowed character in processing instruction|^processing instruction without a target|^processing instructions are not allowed/, 'bad-processing-instruction'],
    [/^unmatched closing tag|^unexpected close tag/, 'mismatched-end-tag'],
    [/^weird empty close tag/, 'unexpected-end-tag'],
    [/^unclosed tag/, 'unclosed-element'],
    [/^the string "\]\]>" is disallowed/, 'cdata-end-in-text'],
    [/^malformed comment/, 'bad-comment'],
    [/^text data outside of root node/, 'content-outside-root'],
    [/^documents may contain only one root/, 'multiple-roots'],
    [/^document must contain a root element/, 'missing-root'],
    [/^an XML declaration must be at the start|^the XML declaration must appear at the start/, 'misplaced-xml-declaration'],
    [/XML declaration|^version number|^expected (the name|one of)|^did not expect any more name|The character \? is disallowed/, 'xml-declaration'],
    [/^inappropriately located doctype/, 'content-outside-root'],
    [/^disallowed character\.|^invalid character/, 'forbidden-character'],
    [/^incorrect syntax/, 'bad-markup'],
    [/^unexpected end/, 'unexpected-end'],
    [/^forward-slash in opening tag|^whitespace required/, 'bad-tag'],
  ];
  for (const [re, kind] of table) if (re.test(m)) return kind;
  return 'bad-tag';
}

function tagOf(message: string): string | undefined {
  return /^(?:(?:[^:]*:)?\d+:\d+: )?unclosed tag: (\S+)/.exec(message)?.[1];
}

/**
 * The culprit's range for a saxes error reported at `raw.position` (just after the character it choked on), and a
 * more precise kind where the text shows one. A range that would start on another line than the JDK reports
 * (the character saxes choked on) stays on that character.
 */
function locate(text: string, kind: RawKind, raw: Raw): { kind?: SyntaxProblemKind; range: OffsetRange } {
  const position = raw.position;
  const at = Math.min(Math.max(position - 1, 0), Math.max(text.length - 1, 0));
  const here = charRange(text, at);
  const sameLine = (r: OffsetRange) => (r.start <= at && !/[\r\n]/.test(text.slice(r.start, at)) ? r : here);
  switch (kind) {
    case 'unclosed-element':
    case 'missing-root':
      return { range: position >= text.length ? { start: text.length, end: text.length } : here };
    case 'unexpected-end':
      return { range: endOfFile(text, here) };
    case 'mismatched-end-tag':
    case 'unexpected-end-tag': {
      const open = text.lastIndexOf('</', at);
      return { range: open >= 0 ? { start: open, end: Math.min(text.indexOf('>', open) + 1 || at + 1, at + 1) } : here };
    }
    case 'xml-declaration': {
      // The JDK reads pseudo-attributes (a quoted value runs to the next matching quote) and stops at the first
      // character that does not continue one.
      const declStart = text.lastIndexOf('<?xml', at);
      if (declStart < 0) return { range: here };
      const ok = /^<\?xml(?:\s+[A-Za-z]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/.exec(text.slice(declStart, declStart + 4096))!;
      let stop = declStart + ok[0].length;
      while (stop < text.length && /[A-Za-z]/.test(text[stop])) stop++;
      return { range: charRange(text, stop) };
    }
    case 'multiple-roots':
    case 'misplaced-xml-declaration': {
      const lt = text.lastIndexOf('<', at);
      return { range: lt >= 0 ? sameLine({ start: lt, end: lt + 1 }) : here };
    }
    case 'bad-comment':
      return { range: text.slice(at - 2, at) === '--' ? { start: at - 2, end: at } : here };
    case 'bad-markup': {
      const open = text.lastIndexOf('<!', at);
      return { range: open >= 0 ? { start: open, end: open + 2 } : here };
    }
    case 'content-outside-root': {
      let i = Math.min(raw.runStart, at);
      if (text[i] === '>') i++;
      while (i < at && /[ \t\r\n]/.test(text[i])) i++;
      return { range: charRange(text, i) };
    }
    case 'invalid-attribute-name':
    case 'attribute-without-value': {
      if (kind === 'invalid-attribute-name' && !/[/>\s]/.test(text[at])) return { kind: 'invalid-name', range: here };
      let end = at;
      while (end > 0 && /\s/.test(text[end - 1])) end--;
      let start = end;
      while (start > 0 && !/[\s"'<>/=]/.test(text[start - 1])) start--;
      return { kind: 'attribute-without-value', range: start < end ? sameLine({ start, end }) : here };
    }
    case 'unquoted-value': {
      let end = at;
      while (end < text.length && !/[\s/>]/.test(text[end])) end++;
      return { range: { start: at, end: Math.max(end, at + 1) } };
    }
    case 'duplicate-attribute': {
      const name = /duplicate attribute: (.*)\.$/.exec(raw.message)?.[1] ?? '';
      const start = name ? text.lastIndexOf(name, at) : -1;
      return { range: start >= 0 ? sameLine({ start, end: start + name.length }) : here };
    }
    case 'forbidden-character': {
      if (text[at] !== '<') return { range: here };
      const quote = /=\s*(["'])[^"']*$/.exec(text.slice(Math.max(0, at - 4096), at));
      if (!quote) return { range: here };
      const valueStart = at - (quote[0].length - quote[0].indexOf(quote[1]) - 1);
      const gt = text.slice(valueStart, at).search(/\/?>/);
      if (gt < 0) return { kind: 'less-than-in-value', range: here };
      return { kind: 'missing-quote', range: sameLine({ start: valueStart + gt, end: valueStart + gt + 1 }) };
    }
    default:
      return { range: here };
  }
}

/**
 * Where the JDK reports a file that ends inside markup: on the last character inside a comment, CDATA section or
 * processing instruction (its data scanner has not counted a final line end), on `</` inside an end tag, after
 * the last character inside a quoted value.
 */
function endOfFile(text: string, here: OffsetRange): OffsetRange {
  const last = Math.max(text.length - 1, 0);
  for (const [open, close] of [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']]) {
    const at = text.lastIndexOf(open);
    if (at >= 0 && text.indexOf(close, at + open.length) < 0) return charRange(text, last);
  }
  const lt = text.lastIndexOf('<');
  if (lt < 0) return here;
  if (/=\s*(["'])(?:(?!\1)[\s\S])*$/.test(text.slice(lt))) return { start: text.length, end: text.length };
  if (text.indexOf('>', lt) >= 0) return here;
  return text.startsWith('</', lt) ? { start: lt, end: lt + 2 } : here;
}

const ENTITY_KINDS = new Set<SyntaxProblemKind>(['undefined-entity', 'bad-entity-reference', 'invalid-character-reference']);
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

interface ReferenceProblem {
  kind: SyntaxProblemKind;
  range: OffsetRange;
  entityLine?: number;
  where?: 'attribute' | 'content';
  declared?: true;
}

/**
 * Every `&` in markup and text (not in comments, CDATA sections, processing instructions or a DOCTYPE) must start
 * `&name;` with a predefined name, a name the DOCTYPE declares (in `entities`, where it is read), or `&#…;` for
 * an XML character. saxes reads an entity name up to the next `;` wherever that is, so this is checked here, on
 * the `&` itself, as the JDK reports it. A declared entity is expanded as the JDK does, within its limit.
 */
function referenceProblems(text: string, entities?: Entities): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  const budget = newBudget();
  const skipped: [string, string][] = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!DOCTYPE', '>']];
  // Next occurrence of each opener, recomputed only once passed: linear in the text.
  const next = skipped.map(([open]) => text.indexOf(open));
  let amp = text.indexOf('&');
  let pos = 0;
  // Only the first undefined reference can be a first problem, and it is one the rewrite repairs: the others are
  // not kept, so that the limit counts those it does not repair.
  let undefinedKept = false;
  while (amp >= 0 && out.length < MAX_PROBLEMS) {
    let skip = -1;
    for (let k = 0; k < skipped.length; k++) {
      if (next[k] >= 0 && next[k] < pos) next[k] = text.indexOf(skipped[k][0], pos);
      if (next[k] >= 0 && next[k] < amp && (skip < 0 || next[k] < next[skip])) skip = k;
    }
    if (skip >= 0) {
      const [open, close] = skipped[skip];
      const end = skip === 3 ? doctypeEnd(text, next[skip]) : text.indexOf(close, next[skip] + open.length);
      pos = end < 0 ? text.length : end + (skip === 3 ? 0 : close.length);
      if (amp < pos) amp = text.indexOf('&', pos);
      continue;
    }
    const problem = referenceProblem(text, amp, entities, budget);
    if (problem && !(problem.kind === 'undefined-entity' && undefinedKept)) {
      const undefinedHere = problem.kind === 'undefined-entity' && !entities;
      out.push(undefinedHere ? { ...problem, where: inAttributeValue(text, amp) ? 'attribute' : 'content' } : problem);
      undefinedKept ||= problem.kind === 'undefined-entity';
    }
    pos = amp + 1;
    amp = text.indexOf('&', pos);
  }
  return out;
}

function referenceProblem(text: string, at: number, entities: Entities | undefined, budget: ExpansionBudget): ReferenceProblem | undefined {
  const ref = /^&(?:#x([0-9a-fA-F]+);|#([0-9]+);|([^\s;&<>"']+);)/.exec(text.slice(at, at + 80));
  if (!ref) return { kind: 'bad-entity-reference', range: { start: at, end: at + 1 } };
  const range = { start: at, end: at + ref[0].length };
  if (ref[3] !== undefined) {
    if (badNameChar(ref[3]) >= 0) return { kind: 'bad-entity-reference', range: { start: at, end: at + 1 } };
    if (PREDEFINED.has(ref[3])) return undefined;
    if (!entities) return { kind: 'undefined-entity', range };
    const expansion = expandInAttribute(ref[3], entities, budget, inAttributeValue(text, at) ? 'attribute' : 'content');
    return expansion.problem ? { kind: expansion.problem, range, ...(expansion.entityLine ? { entityLine: expansion.entityLine } : {}) } : undefined;
  }
  const code = ref[1] !== undefined ? parseInt(ref[1], 16) : parseInt(ref[2], 10);
  return isXmlChar(code) ? undefined : { kind: 'invalid-character-reference', range };
}

/**
 * Where the DOCTYPE is read, the JDK normalises each `<!ATTLIST>` default at its declaration, as an attribute
 * value: a `<` or a reference it cannot expand there is a fatal error, even if no element takes the default.
 * (Entities declared after the declaration count as declared here: the JDK would call them undeclared.)
 */
function defaultValueProblems(text: string, doctype: OffsetRange, entities: Entities): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  const budget = newBudget();
  for (const literal of doctypeDeclarations(text, doctype).defaultLiterals) {
    for (let i = literal.start; i < literal.end && out.length < MAX_PROBLEMS; i++) {
      const c = text[i];
      const problem = c === '<' ? { kind: 'less-than-in-value' as const, range: { start: i, end: i + 1 } } : c === '&' ? referenceProblem(text, i, entities, budget) : undefined;
      if (problem) {
        out.push(problem);
        break;
      }
    }
  }
  return out;
}

/** Whether the `&` at `at` is inside a start tag (so in an attribute value): a `<` after the last `>`. */
function inAttributeValue(text: string, at: number): boolean {
  return text.lastIndexOf('<', at) > text.lastIndexOf('>', at);
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function charRange(text: string, at: number): OffsetRange {
  const start = Math.min(Math.max(at, 0), text.length);
  const wide = /[\ud800-\udbff]/.test(text[start] ?? '') && /[\udc00-\udfff]/.test(text[start + 1] ?? '');
  return { start, end: Math.min(start + (wide ? 2 : 1), text.length) };
}

/** Index of the first character of `name` the JDK refuses in a name (XML 1.0 fourth edition), or -1. */
function badNameChar(name: string): number {
  if (ed4.NAME_RE.test(name)) return -1;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (i === 0 ? !(ed4.LETTER_RE.test(c) || c === '_' || c === ':') : !ed4.NAME_CHAR_RE.test(c)) return i;
  }
  return 0;
}

/** U+FFFD (an editor's stand-in for undecodable bytes): saxes accepts it, the JDK only if the bytes were valid. */
function charProblems(text: string, already: SyntaxProblem[]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (let i = text.indexOf('\ufffd'); i >= 0 && out.length < MAX_PROBLEMS; i = text.indexOf('\ufffd', i + 1)) {
    if (!already.some((p) => p.range.start === i)) {
      out.push({ kind: 'replacement-character', range: { start: i, end: i + 1 }, message: SYNTAX_MESSAGES['replacement-character']({ element: '' }) });
    }
  }
  return out;
}

function elementLabel(tag: string | undefined): string {
  return tag !== undefined && KNOWN_ELEMENTS.has(tag) ? `<${tag}>` : 'this element';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The first problem, as Rudder reports it, in document order with the DOCTYPE before it if any: a DOCTYPE is
 * refused only from 8.2 (the evaluator decides per era), so the first real error after it is kept too.
 */
function firstProblems(problems: SyntaxProblem[]): SyntaxProblem[] {
  const sorted = dedupe(problems).sort((a, b) => a.range.start - b.range.start);
  const first = sorted.find((p) => p.kind !== 'doctype');
  return sorted.filter((p) => p === first || (p.kind === 'doctype' && (!first || p.range.start < first.range.start)));
}

/**
 * The first problems of each reading (`firstProblems`), each tagged with its reading unless it is first in both.
 * Without problems of a reading, that is the plain first problems.
 */
function firstPerReading(problems: SyntaxProblem[]): SyntaxProblem[] {
  if (!problems.some((p) => p.reading)) return firstProblems(problems);
  const of = (reading: Reading) => firstProblems(problems.filter((p) => !p.reading || p.reading === reading));
  const dtd = of('dtd');
  const plain = of('no-dtd');
  const tagged = (p: SyntaxProblem, reading: Reading, other: SyntaxProblem[]): SyntaxProblem => {
    const { reading: _, ...rest } = p;
    return other.includes(p) ? rest : { ...rest, reading };
  };
  return [...dtd.map((p) => tagged(p, 'dtd', plain)), ...plain.filter((p) => !dtd.includes(p)).map((p) => tagged(p, 'no-dtd', dtd))].sort((a, b) => a.range.start - b.range.start);
}

function dedupe(problems: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.range.start}:${p.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const S = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * Whether `tag` is exactly one empty-element tag (`<name attr="value" …/>`) that `checkWellFormed` accepts: names
 * of the fourth edition, white space between attributes, quoted values without `<`, each `&` a predefined
 * reference or one to an XML character, no attribute twice, only XML characters and no U+FFFD. In a well-formed
 * document, such a tag put in place of another empty-element tag leaves the document well-formed: an edit
 * confined to one tag needs only this check of the tag's new text.
 */
export function isWellFormedEmptyTag(tag: string): boolean {
  if (tag[0] !== '<' || !tag.endsWith('/>') || !onlyXmlChars(tag)) return false;
  const end = tag.length - 2;
  let i = 1;
  const name = (): string | undefined => {
    const from = i;
    while (i < end && !S(tag[i]) && tag[i] !== '=' && tag[i] !== '/' && tag[i] !== '>') i++;
    const n = tag.slice(from, i);
    return n !== '' && badNameChar(n) < 0 ? n : undefined;
  };
  if (name() === undefined) return false;
  const seen = new Set<string>();
  for (;;) {
    const before = i;
    while (i < end && S(tag[i])) i++;
    if (i === end) return true;
    if (i === before) return false;
    const attr = name();
    if (attr === undefined || seen.has(attr)) return false;
    seen.add(attr);
    while (i < end && S(tag[i])) i++;
    if (tag[i++] !== '=') return false;
    while (i < end && S(tag[i])) i++;
    const quote = tag[i++];
    if (quote !== '"' && quote !== "'") return false;
    const close = tag.indexOf(quote, i);
    if (close < 0 || close >= end) return false;
    const value = tag.slice(i, close);
    if (value.includes('<')) return false;
    for (let amp = value.indexOf('&'); amp >= 0; amp = value.indexOf('&', amp + 1)) if (referenceProblem(value, amp, undefined, newBudget())) return false;
    i = close + 1;
  }
}

/** Every character an XML character (surrogates paired), and no U+FFFD. */
function onlyXmlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0xe000 && c <= 0xfffc)) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}
