/**
 * A `.properties` parser that reads text exactly like `java.util.Properties.load(Reader)` (JDK 9+), and also
 * reports where every key, separator, value and comment sits in the raw text.
 *
 * Pure and total: no I/O, and it never throws. What would make Java throw (a malformed `\uXXXX` escape) is
 * reported in `problems` instead. `test/unit/javaPropertiesOracle.test.ts` checks it against the real JDK.
 *
 * One pass over char codes: a logical line that is one physical line without a backslash (nearly all of them)
 * is cut into its key and value by two slices; only a line with a backslash is joined and decoded. The scan can
 * start at any point where Java's line reader starts afresh and stop at the start of any logical line, which
 * is what `reparseJavaProperties` uses to re-read only the logical lines an edit touches.
 */

import { firstAtOrAfter, lastAtOrBefore } from '../offsetIndex';
import { ownedSlice, type SourceText, type TextChange } from '../text';

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
  scan(text, 0, 0, result);
  return result;
}

/** The entries Java ends up with: one per key, the last occurrence winning. */
export function effectiveEntries(p: ParsedProperties): Map<string, PropertyEntry> {
  const map = new Map<string, PropertyEntry>();
  for (const entry of p.entries) map.set(entry.key, entry);
  return map;
}

/** How `reparseJavaProperties` made a parse from another: its entries are `from`'s with `[at, at + removed)` replaced by `added` new ones. */
export interface EntrySplice {
  from: ParsedProperties;
  at: number;
  removed: number;
  added: number;
  /** Where in the new text `from`'s entries and comments go on, moved (its length when none do): what was read again ends there. */
  resumed: number;
}

const SPLICES = new WeakMap<ParsedProperties, EntrySplice>();

/**
 * The splice that made `parsed` from an earlier parse, when `reparseJavaProperties` made it: the entries before
 * `at` are `from`'s objects, those after the new ones are `from`'s moved (the same keys and values).
 */
export function spliceOf(parsed: ParsedProperties): EntrySplice | undefined {
  return SPLICES.get(parsed);
}

/**
 * `parseJavaProperties(newText)`, computed from the parse of `oldText` that `change` turned into `newText`:
 * only the logical lines the change touches are read again (from the last point before it where Java's reader
 * starts afresh, to the first logical line after it that starts where an old one started); the entries,
 * comments and problems after it are the old objects, moved in place: `old` is consumed (its arrays keep
 * their objects, whose positions are now in `newText`). Equal, field by field, to a full parse.
 */
export function reparseJavaProperties(old: ParsedProperties, oldText: SourceText, newText: SourceText, change: TextChange): ParsedProperties {
  // `old` is consumed, and only the splice one step back is read (`layoutOf`): kept, the splice that made `old`
  // would keep every earlier parse of the document alive through the one after it.
  SPLICES.delete(old);
  const delta = change.newEnd - change.oldEnd;
  const from = freshLineBefore(oldText, change.start);
  const fromLine = lineAt(old, oldText, from);
  const entryAt = firstAtOrAfter(old.entries, from, (e) => e.logicalLineRange.start);
  const commentAt = firstAtOrAfter(old.comments, from, (c) => c.range.start);
  let e = entryAt;
  let c = commentAt;
  /** Whether a logical line of the old text starts at `s - delta` (asked for increasing `s`). */
  const resumes = (s: number): boolean => {
    if (s < change.newEnd) return false;
    const target = s - delta;
    while (e < old.entries.length && old.entries[e].logicalLineRange.start < target) e++;
    while (c < old.comments.length && old.comments[c].range.start < target) c++;
    return (e < old.entries.length && old.entries[e].logicalLineRange.start === target) || (c < old.comments.length && old.comments[c].range.start === target);
  };
  const { found: fresh, stopped: stop } = scanFrom(newText, from, change.newEnd, fromLine, resumes);
  const problemAt = firstAtOrAfter(old.problems, from, (p) => p.range.start);
  if (!stop) {
    const parsed = {
      entries: old.entries.slice(0, entryAt).concat(fresh.entries),
      comments: old.comments.slice(0, commentAt).concat(fresh.comments),
      problems: old.problems.slice(0, problemAt).concat(fresh.problems),
    };
    SPLICES.set(parsed, { from: old, at: entryAt, removed: old.entries.length - entryAt, added: fresh.entries.length, resumed: newText.length });
    return parsed;
  }
  const oldStop = stop.pos - delta;
  const lines = stop.line - (fromLine + countLines(oldText, from, oldStop));
  const problemEnd = firstAtOrAfter(old.problems, oldStop, (p) => p.range.start);
  // The old parse is consumed: what follows the change is the same objects, moved in place.
  if (delta !== 0 || lines !== 0) {
    for (let i = e; i < old.entries.length; i++) moveEntry(old.entries[i], delta, lines);
    for (let i = c; i < old.comments.length; i++) {
      shift(old.comments[i].range, delta);
      old.comments[i].line += lines;
    }
    for (let i = problemEnd; i < old.problems.length; i++) shift(old.problems[i].range, delta);
  }
  const parsed = {
    entries: old.entries.slice(0, entryAt).concat(fresh.entries, old.entries.slice(e)),
    comments: old.comments.slice(0, commentAt).concat(fresh.comments, old.comments.slice(c)),
    problems: old.problems.slice(0, problemAt).concat(fresh.problems, old.problems.slice(problemEnd)),
  };
  SPLICES.set(parsed, { from: old, at: entryAt, removed: e - entryAt, added: fresh.entries.length, resumed: stop.pos });
  return parsed;
}

const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const HASH = 35;
const BANG = 33;
const EQUALS = 61;
const COLON = 58;

const MALFORMED_UNICODE =
  'Malformed \\uxxxx escape (exactly 4 hex digits expected): java.util.Properties.load fails with ' +
  'IllegalArgumentException on this file';

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === FORM_FEED;
const isEol = (c: number): boolean => c === LF || c === CR;
const isSeparator = (c: number): boolean => c === EQUALS || c === COLON;

const shift = (r: OffsetRange, d: number): void => {
  r.start += d;
  r.end += d;
};

/** Moves an entry by `d` characters and `lines` lines, in place (each entry owns its ranges). */
function moveEntry(x: PropertyEntry, d: number, lines: number): void {
  shift(x.keyRange, d);
  shift(x.valueRange, d);
  shift(x.separatorRange, d);
  shift(x.logicalLineRange, d);
  x.line += lines;
}

/** Where the line holding `offset` starts (a CR LF pair ends one line). */
function lineStartOf(text: SourceText, offset: number): number {
  let i = Math.min(offset, text.length);
  if (i < text.length && text.charCodeAt(i) === LF && i > 0 && text.charCodeAt(i - 1) === CR) i--;
  while (i > 0 && !isEol(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * A line start at or before the line before `offset`'s, that no continuation reaches: the line before it does
 * not end with a backslash, so whatever Java's reader was doing, that line's terminator left it afresh.
 */
function freshLineBefore(text: SourceText, offset: number): number {
  let at = lineStartOf(text, offset);
  if (at > 0) at = lineStartOf(text, at - 1);
  while (at > 0) {
    const terminator = text.charCodeAt(at - 1) === LF && at > 1 && text.charCodeAt(at - 2) === CR ? at - 2 : at - 1;
    if (terminator === 0 || text.charCodeAt(terminator - 1) !== BACKSLASH) break;
    at = lineStartOf(text, terminator - 1);
  }
  return at;
}

/** Line breaks in `text[from, to)` (a CR LF pair is one). */
function countLines(text: SourceText, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

/** The 0-based line of `offset`, counted from the last entry key or comment before it. */
function lineAt(p: ParsedProperties, text: SourceText, offset: number): number {
  let anchor = 0;
  let line = 0;
  const e = lastAtOrBefore(p.entries, offset, (x) => x.keyRange.start);
  if (e >= 0) [anchor, line] = [p.entries[e].keyRange.start, p.entries[e].line];
  const c = lastAtOrBefore(p.comments, offset, (x) => x.range.start);
  if (c >= 0 && p.comments[c].range.start > anchor) [anchor, line] = [p.comments[c].range.start, p.comments[c].line];
  return line + countLines(text, anchor, offset);
}

/** The offset of the line terminator at or after `i`, or the end of the text. */
function eolFrom(text: string, i: number): number {
  while (i < text.length && !isEol(text.charCodeAt(i))) i++;
  return i;
}

/** Past the line terminator at `i` (a CR LF pair is one). */
function afterEol(text: string, i: number): number {
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

/** What the scan of an edit reads past the end of the edit at first; a window that ends before the scan stops is doubled. */
const WINDOW = 64;

/**
 * `scan(text, pos, line, found, stop)` over a slice of `text` from `pos` (a text kept in pieces is not joined into
 * one string): a window that reaches past the edit's end `editEnd`, grown until the scan stops inside it or it
 * reaches the end of the text. What the scan found is moved from the window's offsets to the text's.
 */
function scanFrom(text: SourceText, pos: number, editEnd: number, line: number, stop: (start: number) => boolean): { found: ParsedProperties; stopped: { pos: number; line: number } | undefined } {
  for (let size = Math.max(editEnd - pos, 0) + WINDOW; ; size *= 2) {
    const end = Math.min(text.length, pos + size);
    const found: ParsedProperties = { entries: [], comments: [], problems: [] };
    // A window of its own: the keys, values and comments cut from it outlive this text in the next parses.
    const stopped = scan(ownedSlice(text, pos, end), 0, line, found, (s) => stop(s + pos));
    if (!stopped && end < text.length) continue;
    for (const e of found.entries) moveEntry(e, pos, 0);
    for (const c of found.comments) shift(c.range, pos);
    for (const p of found.problems) shift(p.range, pos);
    return { found, stopped: stopped && { pos: stopped.pos + pos, line: stopped.line } };
  }
}

/**
 * Reads logical lines from `pos`, a point where Java's line reader starts afresh, on physical line `line`,
 * into `out`. `stop(start)`, asked where each logical line not continued from another starts, ends the scan
 * there; returns that point, or undefined at the end of the text.
 */
function scan(text: string, pos: number, line: number, out: ParsedProperties, stop?: (start: number) => boolean): { pos: number; line: number } | undefined {
  const length = text.length;
  while (pos < length) {
    let i = pos;
    while (i < length && isBlank(text.charCodeAt(i))) i++;
    if (i >= length) break;
    const c = text.charCodeAt(i);
    if (isEol(c)) {
      pos = afterEol(text, i);
      line++;
      continue;
    }
    if (stop?.(i)) return { pos: i, line };
    if (c === HASH || c === BANG) {
      pos = comment(text, i, line, out);
      continue;
    }
    let backslash = false;
    let end = i;
    for (; end < length; end++) {
      const d = text.charCodeAt(end);
      if (d === LF || d === CR) break;
      if (d === BACKSLASH) backslash = true;
    }
    if (!backslash) {
      out.entries.push(simpleEntry(text, i, end, line));
      pos = end;
    } else [pos, line] = continued(text, i, line, out);
  }
  return undefined;
}

function comment(text: string, at: number, line: number, out: ParsedProperties): number {
  const end = eolFrom(text, at + 1);
  out.comments.push({ range: { start: at, end }, text: text.slice(at, end), line });
  return end;
}

/** A logical line that is the physical line [start, end) and holds no backslash: two slices. */
function simpleEntry(text: string, start: number, end: number, line: number): PropertyEntry {
  let k = start;
  while (k < end) {
    const c = text.charCodeAt(k);
    if (isSeparator(c) || isBlank(c)) break;
    k++;
  }
  let v = k;
  let separator = false;
  if (k < end) {
    separator = isSeparator(text.charCodeAt(k));
    v = k + 1;
  }
  while (v < end) {
    const c = text.charCodeAt(v);
    if (!isBlank(c) && (separator || !isSeparator(c))) break;
    if (!isBlank(c)) separator = true;
    v++;
  }
  return {
    key: text.slice(start, k),
    value: text.slice(v, end),
    keyRange: { start, end: k },
    valueRange: { start: v, end },
    separatorRange: { start: k, end: v },
    logicalLineRange: { start, end },
    line,
  };
}

/**
 * A logical line with a backslash somewhere, from its first character `start`: its physical lines are joined
 * as Java joins them (leading white space of each continuation line dropped, the continuing backslash removed),
 * keeping where each piece sits in the raw text, then split and decoded. Mirrors Java's state machine with its
 * corners: a comment is recognised when nothing has been collected yet (right after a lone `\`), a blank line
 * ends a continuation unless nothing has been collected yet, a trailing odd `\` at the end of text is dropped.
 * Returns where the scan resumes, and its physical line.
 */
function continued(text: string, start: number, line: number, out: ParsedProperties): [number, number] {
  const length = text.length;
  /** The pieces: raw start, raw end, and the physical line of each. */
  const raw: number[] = [];
  const lines: number[] = [];
  let collected = 0;
  let at = start;
  for (;;) {
    const eol = eolFrom(text, at);
    let backslashes = 0;
    while (eol - backslashes > at && text.charCodeAt(eol - backslashes - 1) === BACKSLASH) backslashes++;
    const odd = backslashes % 2 === 1;
    const next = eol < length ? afterEol(text, eol) : length;
    if (!odd || eol + 1 >= length) {
      raw.push(at, odd ? eol - 1 : eol);
      lines.push(line);
      collected += (odd ? eol - 1 : eol) - at;
      out.entries.push(joinedEntry(text, raw, lines, start, eol, out.problems));
      return [eol, line];
    }
    raw.push(at, eol - 1);
    lines.push(line);
    collected += eol - 1 - at;
    at = next;
    line++;
    while (at < length && isBlank(text.charCodeAt(at))) at++;
    if (at >= length) {
      if (collected > 0) out.entries.push(joinedEntry(text, raw, lines, start, length, out.problems));
      return [length, line];
    }
    const c = text.charCodeAt(at);
    if (isEol(c)) {
      if (collected > 0) out.entries.push(joinedEntry(text, raw, lines, start, at, out.problems));
      return [at, line];
    }
    if (collected === 0 && (c === HASH || c === BANG)) return [comment(text, at, line, out), line];
  }
}

/** Splits a joined logical line into key, separator and value, as Java's load0 does, and decodes both. */
function joinedEntry(text: string, raw: number[], lines: number[], start: number, end: number, problems: PropertyProblem[]): PropertyEntry {
  const pieces = raw.length / 2;
  /** Logical offset where each piece starts in the joined characters. */
  const logical: number[] = [];
  const parts: string[] = [];
  let limit = 0;
  for (let k = 0; k < pieces; k++) {
    logical.push(limit);
    parts.push(text.slice(raw[2 * k], raw[2 * k + 1]));
    limit += raw[2 * k + 1] - raw[2 * k];
  }
  const chars = pieces === 1 ? parts[0] : parts.join('');
  /** The piece holding joined character i < limit: the last one that starts at or before it (so not an empty one). */
  const pieceAt = (i: number): number => lastAtOrBefore(logical, i, (start) => start);
  /** The raw offset of joined character i < limit. */
  const offsetOf = (i: number): number => {
    const k = pieceAt(i);
    return raw[2 * k] + (i - logical[k]);
  };
  let keyLen = 0;
  let valueStart = limit;
  let separator = false;
  let escaped = false;
  for (; keyLen < limit; keyLen++) {
    const c = chars.charCodeAt(keyLen);
    if (!escaped && (isSeparator(c) || isBlank(c))) {
      valueStart = keyLen + 1;
      separator = isSeparator(c);
      break;
    }
    escaped = c === BACKSLASH && !escaped;
  }
  for (; valueStart < limit; valueStart++) {
    const c = chars.charCodeAt(valueStart);
    if (isBlank(c)) continue;
    if (separator || !isSeparator(c)) break;
    separator = true;
  }
  const keyStart = limit > 0 ? offsetOf(0) : start;
  /** Raw offset just after joined character i - 1. */
  const after = (i: number): number => (i === 0 ? keyStart : offsetOf(i - 1) + 1);
  const valueEnd = after(limit);
  const keyLine = limit > 0 ? lines[pieceAt(0)] : lines[0];
  return {
    key: unescape(chars, 0, keyLen, offsetOf, after, problems),
    value: unescape(chars, valueStart, limit, offsetOf, after, problems),
    keyRange: { start: keyStart, end: after(keyLen) },
    valueRange: { start: valueStart < limit ? offsetOf(valueStart) : valueEnd, end: valueEnd },
    separatorRange: { start: after(keyLen), end: after(valueStart) },
    logicalLineRange: { start, end },
    line: keyLine,
  };
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Decodes chars[from, to) like Java's loadConvert; a malformed `\u` is kept verbatim and reported. */
function unescape(chars: string, from: number, to: number, offsetOf: (i: number) => number, after: (i: number) => number, problems: PropertyProblem[]): string {
  let out = '';
  let run = from;
  let i = chars.indexOf('\\', from);
  while (i >= 0 && i < to) {
    out += chars.slice(run, i);
    i++;
    if (i >= to) {
      run = to;
      break;
    }
    const escape = chars.charCodeAt(i++);
    switch (escape) {
      case 116:
        out += '\t';
        break;
      case 110:
        out += '\n';
        break;
      case 114:
        out += '\r';
        break;
      case 102:
        out += '\f';
        break;
      case 117: {
        const n = Math.min(i + 4, to) - i;
        let valid = n === 4;
        for (let k = 0; valid && k < 4; k++) valid = isHex(chars.charCodeAt(i + k));
        if (valid) {
          out += String.fromCharCode(parseInt(chars.slice(i, i + 4), 16));
          i += 4;
        } else {
          problems.push({ range: { start: offsetOf(i - 2), end: after(i + n) }, message: MALFORMED_UNICODE });
          out += '\\u';
        }
        break;
      }
      default:
        out += chars[i - 1];
    }
    run = i;
    i = chars.indexOf('\\', i);
  }
  return run < to ? out + chars.slice(run, to) : out;
}
