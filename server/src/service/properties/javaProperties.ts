/**
 * A `.properties` parser that reads text exactly like `java.util.Properties.load(Reader)` (JDK 9+), and also
 * reports where every key, separator, value and comment sits in the raw text.
 *
 * Pure and total: no I/O, and it never throws. What would make Java throw (a malformed `\uXXXX` escape) is
 * reported in `problems` instead. `test/unit/javaPropertiesOracle.test.ts` checks it against the real JDK.
 */

import { lineOf, lineStarts } from '../text';

/** Half-open offset range [start, end) into the raw text (UTF-16 code units, like JS string indices). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One `key=value` occurrence, decoded as Java decodes it, with its source ranges. */
export interface PropertyEntry {
  /** Decoded key, exactly as java.util.Properties would store it. */
  key: string;
  /** Decoded value, exactly as java.util.Properties would store it (trailing white space kept). */
  value: string;
  /** Raw text of the key (escapes included, across continuation lines if any). */
  keyRange: OffsetRange;
  /** Raw text of the value; an empty range where the value would begin when it is empty. */
  valueRange: OffsetRange;
  /** The raw separator (`=`, `:`, white space, or e.g. ` = `); empty when the line holds a key only. */
  separatorRange: OffsetRange;
  /** From the first non-white character of the logical line to the end of its last physical line. */
  logicalLineRange: OffsetRange;
  /** 0-based physical line where the key starts. */
  line: number;
}

/** A `#` or `!` comment line (raw text, marker included, line terminator excluded). */
export interface PropertyComment {
  range: OffsetRange;
  text: string;
  line: number;
}

/** Something that makes java.util.Properties.load throw: a malformed `\uXXXX` escape. */
export interface PropertyProblem {
  range: OffsetRange;
  message: string;
}

/** Everything parseJavaProperties finds, in file order. */
export interface ParsedProperties {
  /** Every occurrence, duplicates included (Java keeps the last one: see effectiveEntries). */
  entries: PropertyEntry[];
  comments: PropertyComment[];
  /** Non-empty exactly when Java's Properties.load would throw on this text. */
  problems: PropertyProblem[];
}

/** Parses `.properties` text the way java.util.Properties.load(Reader) does. Never throws. */
export function parseJavaProperties(text: string): ParsedProperties {
  const result: ParsedProperties = { entries: [], comments: [], problems: [] };
  const lineOf = lineIndex(text);
  const cursor = { pos: 0 };
  for (let line = readLogicalLine(text, cursor, result.comments, lineOf); line; ) {
    result.entries.push(toEntry(line, result.problems, lineOf));
    line = readLogicalLine(text, cursor, result.comments, lineOf);
  }
  return result;
}

/** The entries Java ends up with: one per key, the last occurrence winning. */
export function effectiveEntries(p: ParsedProperties): Map<string, PropertyEntry> {
  const map = new Map<string, PropertyEntry>();
  for (const entry of p.entries) map.set(entry.key, entry);
  return map;
}

/** A logical line as Java's line reader hands it to the key/value splitter. */
interface LogicalLine {
  /** Its characters: leading white space of each physical line dropped, continuation backslashes removed. */
  chars: string;
  /** Raw offset of each character of `chars`. */
  offsets: number[];
  /** Offset of the first non-white character of the logical line. */
  start: number;
  /** End of its last physical line, before the line terminator. */
  end: number;
}

const MALFORMED_UNICODE =
  'Malformed \\uxxxx escape (exactly 4 hex digits expected): java.util.Properties.load fails with ' +
  'IllegalArgumentException on this file';

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f';
}

function isEol(c: string): boolean {
  return c === '\n' || c === '\r';
}

/** Maps an offset to its 0-based physical line (terminators: `\n`, `\r`, `\r\n`). */
function lineIndex(text: string): (offset: number) => number {
  const starts = lineStarts(text);
  return (offset) => lineOf(starts, offset);
}

/**
 * Reads the next logical line from `cursor.pos`, recording the comments it skips; undefined at end of text.
 *
 * Mirrors Java's state machine, including its corners: a comment is recognised whenever nothing has been
 * collected yet (so also right after a continuation of a lone `\`), a blank physical line ends a
 * continuation unless nothing has been collected yet, and a trailing odd `\` at end of text is dropped.
 */
function readLogicalLine(
  text: string,
  cursor: { pos: number },
  comments: PropertyComment[],
  lineOf: (offset: number) => number,
): LogicalLine | undefined {
  /** One entry per character (joined at the end: appending to or trimming a string would be quadratic). */
  const chars: string[] = [];
  const offsets: number[] = [];
  let skipBlank = true;
  let continued = false;
  let oddBackslashes = false;
  let start = -1;
  const finish = (end: number): LogicalLine => {
    if (oddBackslashes) {
      chars.pop();
      offsets.pop();
    }
    return { chars: chars.join(''), offsets, start, end };
  };
  while (cursor.pos < text.length) {
    const at = cursor.pos++;
    const c = text[at];
    if (skipBlank) {
      if (isBlank(c) || (!continued && isEol(c))) continue;
      skipBlank = false;
      continued = false;
    }
    if (start < 0) start = at;
    if (chars.length === 0 && (c === '#' || c === '!')) {
      let end = at + 1;
      while (end < text.length && !isEol(text[end])) end++;
      comments.push({ range: { start: at, end }, text: text.slice(at, end), line: lineOf(at) });
      cursor.pos = Math.min(end + 1, text.length);
      skipBlank = true;
      start = -1;
    } else if (!isEol(c)) {
      chars.push(c);
      offsets.push(at);
      oddBackslashes = c === '\\' && !oddBackslashes;
    } else if (chars.length === 0) {
      skipBlank = true;
      start = -1;
    } else if (oddBackslashes && cursor.pos < text.length) {
      chars.pop();
      offsets.pop();
      skipBlank = true;
      continued = true;
      oddBackslashes = false;
      if (c === '\r' && text[cursor.pos] === '\n') cursor.pos++;
    } else {
      return finish(at);
    }
  }
  return chars.length === 0 ? undefined : finish(text.length);
}

/** Splits a logical line into key, separator and value, as Java's load0 does, and decodes both. */
function toEntry(l: LogicalLine, problems: PropertyProblem[], lineOf: (offset: number) => number): PropertyEntry {
  const { chars, offsets } = l;
  const limit = chars.length;
  let keyLen = 0;
  let valueStart = limit;
  let hasSeparator = false;
  let escaped = false;
  for (; keyLen < limit; keyLen++) {
    const c = chars[keyLen];
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyLen + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && isBlank(c)) {
      valueStart = keyLen + 1;
      break;
    }
    escaped = c === '\\' && !escaped;
  }
  for (; valueStart < limit; valueStart++) {
    const c = chars[valueStart];
    if (isBlank(c)) continue;
    if (hasSeparator || (c !== '=' && c !== ':')) break;
    hasSeparator = true;
  }
  const keyStart = limit > 0 ? offsets[0] : l.start;
  /** Raw offset just after chars[i - 1]. */
  const after = (i: number): number => (i === 0 ? keyStart : offsets[i - 1] + 1);
  const valueEnd = after(limit);
  return {
    key: unescape(chars, offsets, 0, keyLen, after, problems),
    value: unescape(chars, offsets, valueStart, limit, after, problems),
    keyRange: { start: keyStart, end: after(keyLen) },
    valueRange: { start: valueStart < limit ? offsets[valueStart] : valueEnd, end: valueEnd },
    separatorRange: { start: after(keyLen), end: after(valueStart) },
    logicalLineRange: { start: l.start, end: l.end },
    line: lineOf(keyStart),
  };
}

/** Decodes chars[from, to) like Java's loadConvert; a malformed `\u` is kept verbatim and reported. */
function unescape(
  chars: string,
  offsets: number[],
  from: number,
  to: number,
  after: (i: number) => number,
  problems: PropertyProblem[],
): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = chars[i++];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const escape = i < to ? chars[i++] : '';
    switch (escape) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = chars.slice(i, Math.min(i + 4, to));
        if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else {
          problems.push({ range: { start: offsets[i - 2], end: after(i + hex.length) }, message: MALFORMED_UNICODE });
          out += '\\u';
        }
        break;
      }
      default:
        out += escape;
    }
  }
  return out;
}
