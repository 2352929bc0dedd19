/**
 * Bytes ↔ text for `rudder-users.xml`, as the JDK's parser (Xerces, behind Rudder's `XmlSafe.load(InputStream)`)
 * reads them: the encoding is guessed from the first four bytes (a UTF-8 or UTF-16 BOM, or UTF-16 `<?` without
 * one, otherwise UTF-8), then switched to the `encoding=` of the XML declaration right after its `?>`. Bytes the
 * encoding cannot decode are reported where Xerces reports them; they become U+FFFD in the text so that the rest
 * of the file is still checked. Pure: no I/O, never throws.
 */
import type { OffsetRange } from './scan';

export interface XmlEncoding {
  /**
   * `UTF-8`, `UTF-16LE`, `UTF-16BE`, `ISO-8859-1`, `US-ASCII`, `windows-1252`, or `UTF8` (declared so: Java's
   * own decoder then reads it, replacing invalid bytes instead of rejecting the file).
   */
  name: string;
  /** The file starts with a byte order mark (kept out of `text`, written back by `encodeXml`). */
  bom: boolean;
}

export type EncodingProblemKind = 'invalid-bytes' | 'not-in-declared-encoding' | 'unknown-encoding';

export interface EncodingProblem {
  kind: EncodingProblemKind;
  /** Where the JDK reports it, in `text` offsets. */
  range: OffsetRange;
  /** 1-based line of the offending bytes (may be later than `range` when the JDK reports the error early). */
  line: number;
}

export interface DecodedXml {
  /** The text without BOM; undecodable bytes are U+FFFD. */
  text: string;
  /** How the bytes after the XML declaration are read, and how `encodeXml` writes them back. */
  encoding: XmlEncoding;
  /** The first problem only: the JDK stops there. */
  problems: EncodingProblem[];
}

const UTF8 = 'UTF-8';
/** `encoding="UTF8"`: not a name Xerces knows, so Java's own decoder reads it, replacing invalid bytes. */
const JAVA_UTF8 = 'UTF8';
const UTF16LE = 'UTF-16LE';
const UTF16BE = 'UTF-16BE';
const LATIN1 = 'ISO-8859-1';
const ASCII = 'US-ASCII';
const CP1252 = 'windows-1252';

/** Declared names (upper-cased) the JDK reads, with the decoder we use for them. Java's aliases, not WHATWG's. */
const DECLARED: Record<string, string> = {
  'UTF-8': UTF8,
  UTF8: JAVA_UTF8,
  'UTF-16': 'UTF-16',
  'UTF-16LE': UTF16LE,
  'UTF-16BE': UTF16BE,
  'ISO-8859-1': LATIN1,
  'ISO8859_1': LATIN1,
  'ISO_8859-1': LATIN1,
  'ISO-IR-100': LATIN1,
  LATIN1: LATIN1,
  L1: LATIN1,
  'US-ASCII': ASCII,
  ASCII: ASCII,
  'WINDOWS-1252': CP1252,
  CP1252: CP1252,
};

/** windows-1252 bytes 0x80–0x9F; 0xFFFD where Java's decoder has no character (it substitutes U+FFFD). */
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/**
 * Xerces reads the first 4 bytes, then to byte 32, then (through a longer XML declaration) byte by byte, then
 * blocks of 8 KiB less the name its scanner carries over (`cutName`); a reader switched by the declaration reads
 * such blocks from there. Measured against the JDK on files of 8–40 KiB with bad bytes on and around every
 * block edge (the oracle test's large cases).
 */
const FIRST_READ = 4;
const SECOND_READ = 32;
const BLOCK = 8192;

interface Segment {
  text: string;
  /** Offset in `text` of the first undecodable sequence. */
  bad?: number;
  /** Offset in `text` where the JDK's scanner stands when it meets it (it reports the character before). */
  reported?: number;
}

/**
 * The byte offset where the read that starts at byte `i` ends. `copied`: the characters the scanner kept from the
 * buffer before (a name cut by the end of the buffer is moved to its start, XMLEntityScanner.scanName), which a
 * block read leaves out of its 8 KiB.
 */
type NextRead = (i: number, copied?: number) => number;

function initialReads(declEnd: number): NextRead {
  const blocks = Math.max(declEnd, SECOND_READ);
  return (i, copied = 0) => {
    if (i < FIRST_READ) return FIRST_READ;
    if (i < SECOND_READ) return SECOND_READ;
    if (i < declEnd) return i + 1;
    return i < blocks ? blocks : i + BLOCK - copied;
  };
}

function switchedReads(from: number): NextRead {
  return (i, copied = 0) => (i < from ? from : i + BLOCK - copied);
}

/** XML name characters, as far as where a name ends matters here. */
const NAME_RUN = /[^\s<>&;="'\/!?[\]%]*$/;

/**
 * How many characters at the end of `text` (what the scanner has read when its buffer runs out) are the start of
 * a name it is scanning: an element name or PI target (after `<`, `</`, `<?`), an entity name (after `&`), an
 * attribute name (after white space inside a start tag, outside quotes). Xerces moves them to the start of its
 * buffer before the next read.
 */
function cutName(text: string): number {
  // The buffer holds 8 KiB: nothing further back matters (and the work per read stays bounded).
  const tail = text.slice(-BLOCK);
  const run = NAME_RUN.exec(tail)![0].length;
  if (run === 0) return 0;
  const before = tail[tail.length - run - 1];
  if (before === '<' || before === '&' || before === '?' || (before === '/' && tail[tail.length - run - 2] === '<')) return run;
  if (!/\s/.test(before ?? '')) return 0;
  const open = tail.lastIndexOf('<');
  if (open < 0 || tail.lastIndexOf('>') > open || tail[open + 1] === '!' || tail[open + 1] === '?') return 0;
  const quotes = tail.slice(open).replace(/"[^"]*"|'[^']*'/g, '');
  return /["']/.test(quotes) ? 0 : run;
}

export function decodeXml(bytes: Uint8Array): DecodedXml {
  const detected = detect(bytes);
  const bomLength = detected.bom ? (detected.name === UTF8 ? 3 : 2) : 0;
  const decl = xmlDeclaration(bytes, bomLength, detected.name);
  const known = decl.declared === undefined ? detected.name : DECLARED[decl.declared.toUpperCase()];
  const switched = known === undefined ? undefined : switchedEncoding(detected.name, known, bytes, decl.end);
  if (switched === undefined || switched === detected.name) {
    const all = decodeSegment(bytes, bomLength, bytes.length, detected.name, initialReads(decl.end));
    const problems = all.bad !== undefined ? [invalidBytes(all, 0, all.text)] : [];
    if (known === undefined && problems.length === 0) problems.push(unknownEncoding(all.text, decl.declared ?? ''));
    return { text: all.text, encoding: detected, problems };
  }
  const head = decodeSegment(bytes, bomLength, decl.end, detected.name, initialReads(decl.end));
  const encoding = { name: switched, bom: detected.bom };
  if (head.bad !== undefined) return { text: head.text, encoding, problems: [invalidBytes(head, 0, head.text)] };
  const rest = decodeSegment(bytes, decl.end, bytes.length, switched, switchedReads(decl.end));
  const text = head.text + rest.text;
  if (rest.bad === undefined) return { text, encoding, problems: [] };
  if (switched === ASCII) {
    // The ASCII reader rejects a whole read: in the first one, at the declaration; later, where that read starts.
    const line = lineOf(text, head.text.length + rest.bad);
    if (!rest.reported) return { text, encoding, problems: [{ kind: 'not-in-declared-encoding', range: declaredValueRange(head.text, decl.declared ?? ''), line }] };
    return { text, encoding, problems: [{ ...invalidBytes({ ...rest, bad: rest.reported }, head.text.length, text), kind: 'not-in-declared-encoding', line }] };
  }
  return { text, encoding, problems: [invalidBytes(rest, head.text.length, text)] };
}

/**
 * Where the JDK reports an undecodable sequence: at its scanner's position then, or in text, comments and CDATA
 * on the character before (its newline handling has not counted a line end there yet).
 */
function invalidBytes(segment: Segment, base: number, text: string): EncodingProblem {
  const bad = base + (segment.bad ?? 0);
  const reported = base + (segment.reported ?? 0);
  // After a CR LF the JDK has counted the line end: it reports at the start of the next line.
  const afterCrLf = text[reported - 1] === '\n' && text[reported - 2] === '\r';
  const start = Math.max(inData(text, reported) && !afterCrLf ? reported - 1 : reported, 0);
  return { kind: 'invalid-bytes', range: { start, end: Math.max(bad + 1, start + 1) }, line: lineOf(text, bad) };
}

/**
 * Whether `offset` is in a comment, a CDATA section or the content of the root element, where Xerces reads
 * through its data scanner. A rough, linear scan of the markup before it.
 */
function inData(text: string, offset: number): boolean {
  const markup = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<!?[^<>]*(?:>|$)/g;
  const before = text.slice(0, offset);
  let depth = 0;
  let end = 0;
  for (let m = markup.exec(before); m; m = markup.exec(before)) {
    const tag = m[0];
    end = m.index + tag.length;
    if (tag.startsWith('<!--')) {
      if (!tag.endsWith('-->')) return true;
    } else if (tag.startsWith('<![CDATA[')) {
      if (!tag.endsWith(']]>')) return true;
    } else if (!tag.endsWith('>')) return false;
    else if (tag.startsWith('</')) depth--;
    else if (!tag.startsWith('<?') && !tag.startsWith('<!') && !tag.endsWith('/>')) depth++;
  }
  return depth > 0 && end <= offset;
}

function unknownEncoding(text: string, declared: string): EncodingProblem {
  const range = declaredValueRange(text, declared);
  return { kind: 'unknown-encoding', range, line: lineOf(text, range.start) };
}

function declaredValueRange(text: string, declared: string): OffsetRange {
  const start = text.indexOf(declared, text.indexOf('encoding'));
  return { start, end: start + declared.length };
}

/**
 * The text in the given encoding, with the BOM if it had one; undefined when a character cannot be written in it
 * (refuse the edit rather than write something else).
 */
export function encodeXml(text: string, encoding: XmlEncoding): Uint8Array | undefined {
  const name = encoding.name;
  if (name === UTF8 || name === JAVA_UTF8) {
    if (/[\ud800-\udfff]/u.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return undefined;
    const body = new TextEncoder().encode(text);
    if (!encoding.bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  if (name === UTF16LE || name === UTF16BE) {
    const bom = encoding.bom ? 2 : 0;
    const out = new Uint8Array(bom + text.length * 2);
    const le = name === UTF16LE;
    const put = (i: number, unit: number) => {
      out[i] = le ? unit & 0xff : unit >> 8;
      out[i + 1] = le ? unit >> 8 : unit & 0xff;
    };
    if (bom) put(0, 0xfeff);
    for (let i = 0; i < text.length; i++) put(bom + i * 2, text.charCodeAt(i));
    return out;
  }
  const limit = name === ASCII ? 0x80 : name === LATIN1 || name === CP1252 ? 0x100 : 0;
  if (limit === 0) return undefined;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (name === CP1252 && c >= 0x80 && c < 0xa0) return undefined;
    if (c < limit) {
      out[i] = c;
      continue;
    }
    const high = name === CP1252 && c !== 0xfffd ? CP1252_HIGH.indexOf(text[i]) : -1;
    if (high < 0) return undefined;
    out[i] = 0x80 + high;
  }
  return out;
}

function detect(bytes: Uint8Array): XmlEncoding {
  const [b0, b1, b2, b3] = bytes;
  if (bytes.length < 4) return { name: UTF8, bom: false };
  if (b0 === 0xfe && b1 === 0xff) return { name: UTF16BE, bom: true };
  if (b0 === 0xff && b1 === 0xfe) return { name: UTF16LE, bom: true };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { name: UTF8, bom: true };
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return { name: UTF16BE, bom: false };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return { name: UTF16LE, bom: false };
  return { name: UTF8, bom: false };
}

/** The byte offset after the XML declaration's `?>` (or `from` without one) and its `encoding=` value. */
function xmlDeclaration(bytes: Uint8Array, from: number, name: string): { end: number; declared?: string } {
  const unit = name === UTF8 ? 1 : 2;
  const at = (i: number) => (unit === 1 ? bytes[i] : name === UTF16LE ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  const ascii = (start: number, count: number) => {
    let s = '';
    for (let k = 0; k < count && start + k * unit < bytes.length; k++) s += String.fromCharCode(at(start + k * unit));
    return s;
  };
  if (ascii(from, 5) !== '<?xml' || !/^[ \t\r\n]$/.test(ascii(from + 5 * unit, 1))) return { end: from };
  let end = -1;
  for (let i = from + 5 * unit; i + 2 * unit <= bytes.length; i += unit) {
    if (at(i) === 0x3f && at(i + unit) === 0x3e) {
      end = i + 2 * unit;
      break;
    }
  }
  if (end < 0) return { end: from };
  const decl = ascii(from, (end - from) / unit);
  const m = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(decl);
  return { end, declared: m?.[2] };
}

/** The reader Xerces uses after the declaration: UTF-16 files stay UTF-16 for `encoding="UTF-16"`. */
function switchedEncoding(detected: string, declared: string, bytes: Uint8Array, at: number): string {
  if (declared === 'UTF-16') {
    if (detected === UTF16LE || detected === UTF16BE) return detected;
    return bytes[at] === 0xff && bytes[at + 1] === 0xfe ? UTF16LE : UTF16BE;
  }
  return declared;
}

function decodeSegment(bytes: Uint8Array, from: number, to: number, name: string, next: NextRead): Segment {
  if (name === UTF8) return decodeUtf8(bytes, from, to, next);
  if (name === JAVA_UTF8) return { text: new TextDecoder('utf-8').decode(bytes.subarray(from, to)) };
  if (name === UTF16LE || name === UTF16BE) return decodeUtf16(bytes, from, to, name === UTF16LE, next);
  let text = '';
  let bad: number | undefined;
  let reported = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b < 0x80) text += String.fromCharCode(b);
    else if (name === ASCII) {
      if (bad === undefined) {
        bad = text.length;
        for (let read = from; next(read) <= i; read = next(read)) reported = next(read) - from;
      }
      text += '\ufffd';
    } else if (name === CP1252 && b < 0xa0) text += CP1252_HIGH[b - 0x80];
    else text += String.fromCharCode(b);
  }
  return bad === undefined ? { text } : { text, bad, reported };
}

/** Xerces reports the "UTF-8" error "expected byte 2 of 2" at the start of the read holding an odd last byte. */
function decodeUtf16(bytes: Uint8Array, from: number, to: number, le: boolean, next: NextRead): Segment {
  let text = '';
  let i = from;
  for (; i + 1 < to; i += 2) text += String.fromCharCode(le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  if (i >= to) return { text };
  let read = from;
  while (next(read) <= i) read = next(read);
  const early = read < SECOND_READ;
  return { text: text + '\ufffd', bad: text.length, reported: early ? 0 : Math.floor((read - from) / 2) };
}

/**
 * UTF-8 as Xerces' UTF8Reader decodes it: no overlong forms, no surrogates, nothing above U+10FFFF. A read that
 * meets an invalid sequence after valid characters returns those first, so the JDK reports it when its scanner
 * gets there; at the start of a read, or for a code point above U+10FFFF anywhere in it, it reports where the
 * scanner asked for that read (the start of the file for the first two reads).
 */
function decodeUtf8(bytes: Uint8Array, from: number, to: number, next: NextRead): Segment {
  let text = '';
  let bad: number | undefined;
  let reported: number | undefined;
  let readStart = from;
  let readText = 0;
  let readEnd = from;
  let i = from;
  while (i < to) {
    if (i >= readEnd) {
      readStart = i;
      readText = text.length;
      readEnd = next(i, i >= SECOND_READ ? cutName(text) : 0);
    }
    const b0 = bytes[i];
    if (b0 < 0x80) {
      text += String.fromCharCode(b0);
      i++;
      continue;
    }
    const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : (b0 & 0xf0) === 0xe0 ? 2 : (b0 & 0xf8) === 0xf0 ? 3 : 0;
    let cp = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      if (i + k >= to || (bytes[i + k] & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (bytes[i + k] & 0x3f);
    }
    if (ok && need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok && need === 3 && cp < 0x10000) ok = false;
    const tooHigh = ok && cp > 0x10ffff;
    if (!ok || tooHigh) {
      if (bad === undefined) {
        bad = text.length;
        const atReadStart = tooHigh || text.length === readText;
        reported = !atReadStart ? bad : readStart < SECOND_READ ? 0 : readText;
      }
      text += '\ufffd';
      i += tooHigh ? need + 1 : 1;
      continue;
    }
    text += String.fromCodePoint(cp);
    i += need + 1;
  }
  return bad === undefined ? { text } : { text, bad, reported };
}

/** 1-based line of an offset, counting CR LF, CR and LF as one line end (as Xerces does). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}
