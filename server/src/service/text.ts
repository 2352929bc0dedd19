/** Small string helpers shared by the service (no Rudder knowledge here). */
import { lastAtOrBefore } from './offsetIndex';

/** Below this length V8 copies a slice; from it on, a slice is a view that keeps its whole parent alive. */
const SLICE_COPY_BELOW = 13;

/**
 * `text.slice(start, end)` as a string of its own: it does not keep `text` alive. For what a re-scan cuts from one
 * version's text and later versions keep (a kept node would otherwise pin every version it was scanned from). A
 * concatenation is a rope that V8 flattens into a new string before slicing it: one copy of the slice, the cheapest
 * of the ways measured (about 60 ns more than a plain slice for 200 characters; a Buffer round trip costs 250 ns).
 */
export function ownedSlice(text: SourceText, start: number, end: number): string {
  return end - start < SLICE_COPY_BELOW ? text.slice(start, end) : (text.slice(start, end) + ' ').slice(0, -1);
}

/**
 * The strings in `value` (its objects, arrays, sets and maps, followed in place, each once) replaced by equal
 * strings of their own: the same contents, in the same order, that pin no text they were cut from. Not followed:
 * the properties named in `skip`, frozen objects. For a result kept across versions (an evaluation memo's entry)
 * made from a version the next ones replace.
 */
export function ownStrings<T>(value: T, skip: ReadonlySet<string>): T {
  const own = (v: unknown) => (typeof v === 'string' && v.length >= SLICE_COPY_BELOW ? ownedSlice(v, 0, v.length) : v);
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const o = stack.pop();
    if (typeof o !== 'object' || o === null || seen.has(o) || Object.isFrozen(o)) continue;
    seen.add(o);
    if (o instanceof Set) {
      const items = [...o];
      o.clear();
      for (const v of items) o.add(own(v)), stack.push(v);
    } else if (o instanceof Map) {
      const items = [...o];
      o.clear();
      for (const [k, v] of items) o.set(own(k), own(v)), stack.push(k, v);
    } else if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) (o[i] = own(o[i])), stack.push(o[i]);
    } else {
      const r = o as Record<string, unknown>;
      for (const k of Object.keys(r)) if (!skip.has(k)) (r[k] = own(r[k])), stack.push(r[k]);
    }
  }
  return value;
}

/**
 * Levenshtein distance, case-insensitive; past `max` the answer is only "more than `max`" (`max + 1`), found as
 * soon as a whole row of the table exceeds it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    let least = i;
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1));
      if (cur[j] < least) least = cur[j];
    }
    if (least > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[t.length];
}

/** Words longer than this get no suggestion: no role or key is that long, and the distance is quadratic. */
export const MAX_SUGGESTED_LENGTH = 200;

/** The farthest a suggestion may be from a word of `length` characters: a third of it, at least 2. */
export const suggestionLimit = (length: number) => Math.max(2, Math.floor(length / 3));

/**
 * Up to `max` candidates close to `word`, best first: an edit distance of at most a third of the word's length
 * (at least 2), or a candidate that starts with the word.
 */
export function closest(word: string, candidates: readonly string[], max: number): string[] {
  if (word.length > MAX_SUGGESTED_LENGTH) return [];
  const limit = suggestionLimit(word.length);
  const lw = word.toLowerCase();
  const found: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const prefixed = lw.length >= 3 && c.toLowerCase().startsWith(lw);
    if (Math.abs(c.length - word.length) > limit && !prefixed) continue;
    const d = editDistance(word, c, prefixed ? Infinity : limit);
    if (d <= limit || prefixed) found.push({ c, d });
  }
  return found
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map(({ c }) => c);
}

/** The longest message, related message or title the service sends (a name can be any length). */
export const MAX_MESSAGE_LENGTH = 1000;

/** `text` cut in the middle to `MAX_MESSAGE_LENGTH`: its start (what is wrong) and its end (what to do) stay. */
export function bounded(text: string): string {
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  const head = Math.floor(MAX_MESSAGE_LENGTH * 0.6);
  const tail = MAX_MESSAGE_LENGTH - head - 3;
  return `${text.slice(0, head)} … ${text.slice(text.length - tail)}`;
}

/** How many names a message lists before "and N more": a message names a few, never thousands. */
export const LISTED_NAMES = 4;

/** The first `LISTED_NAMES` items of `group` other than `self`, without copying the group. */
export function firstOthers<T>(group: readonly T[], self: T): T[] {
  const out: T[] = [];
  for (let i = 0; i < group.length && out.length < LISTED_NAMES; i++) if (group[i] !== self) out.push(group[i]);
  return out;
}

/** Offsets where each line starts; CR LF, CR and LF end a line (as in LSP and in xmldom without normalisation). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** The 0-based line of an offset, given `lineStarts` (or the index of the last of any sorted starts at or before it). */
export function lineOf(starts: readonly number[], offset: number): number {
  return Math.max(0, lastAtOrBefore(starts, offset, (start) => start));
}

/**
 * `r` cut to the cursor's line and stretched to contain the cursor: a completion edit must be single-line and
 * contain the cursor, even in a continued value or with the cursor on the separator.
 */
export function onCursorLine(text: string, r: { start: number; end: number }, offset: number): { start: number; end: number } {
  const lineStart = lineStartAt(text, offset);
  const lineEnd = lineContentEnd(text, offset);
  const start = Math.min(Math.max(r.start, lineStart), offset);
  const end = Math.max(Math.min(r.end, lineEnd), offset);
  return { start, end };
}

/** The start of the line holding `offset`, read back from it (no pass over the file). */
export function lineStartAt(text: SourceText, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Where the content of the line holding `offset` ends (before its line break), read on from it. */
export function lineContentEnd(text: SourceText, offset: number): number {
  let i = offset;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

const isLineBreak = (c: number) => c === 10 || c === 13;

/** The document's line ending, for inserted lines: the first one it uses (LF when it has none). */
export function lineEnding(text: string): string {
  const i = text.search(/[\r\n]/);
  return i < 0 || text[i] === '\n' ? '\n' : text[i + 1] === '\n' ? '\r\n' : '\r';
}

/**
 * A document's text as the edit path reads it: its length, a character, a slice. A string is one; the server's
 * documents keep their text in pieces (`lsp/document.ts`) so that an edit does not copy the whole of it, and
 * `toString()` joins them (once) for what needs one string.
 */
export interface SourceText {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end?: number): string;
  toString(): string;
}

/** The text of `doc` as a `SourceText`: the document's own pieces when it keeps them (`source()`), else its text. */
export function sourceOf(doc: { getText(): string; source?: () => SourceText }): SourceText {
  return doc.source ? doc.source() : doc.getText();
}

/** One replacement in a text: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** One edit as an editor sends it: `[start, end)` of the text as the edits before it left it, replaced by `text`. */
export interface ContentChange {
  start: number;
  end: number;
  text: string;
}

/**
 * The one change covering `changes` (in order, each in the text the ones before it left) that turn a text of
 * `oldLength` into one of `newLength`; undefined when there are none, or one does not fit the text it applies to.
 */
export function changedRegion(changes: readonly ContentChange[], oldLength: number, newLength: number): TextChange | undefined {
  let r: TextChange | undefined;
  let length = oldLength;
  for (const c of changes) {
    if (!(c.start >= 0 && c.start <= c.end && c.end <= length)) return undefined;
    const growth = c.text.length - (c.end - c.start);
    if (!r) r = { start: c.start, oldEnd: c.end, newEnd: c.start + c.text.length };
    else {
      // Past the region so far, the text is the old one moved by what the region grew.
      const oldEnd = c.end > r.newEnd ? r.oldEnd + (c.end - r.newEnd) : r.oldEnd;
      r = { start: Math.min(r.start, c.start), oldEnd, newEnd: Math.max(r.newEnd, c.end) + growth };
    }
    length += growth;
  }
  return r && length === newLength ? r : undefined;
}

/** The one change that turns `oldText` into `newText`: their common start and common end set apart. */
export function textChange(oldText: SourceText, newText: SourceText): TextChange {
  const shorter = Math.min(oldText.length, newText.length);
  const start = common(shorter, (at, n) => oldText.slice(at, at + n) === newText.slice(at, at + n));
  const tail = common(shorter - start, (at, n) => oldText.slice(oldText.length - at - n, oldText.length - at) === newText.slice(newText.length - at - n, newText.length - at));
  return { start, oldEnd: oldText.length - tail, newEnd: newText.length - tail };
}

/**
 * The length, up to `max`, of what two texts have in common, given `same(at, n)`: whether their `n` characters
 * from `at` are equal. Compared in chunks that double while they match and halve when they do not, so native
 * string comparison does the work: a few dozen comparisons, not one step per character.
 */
function common(max: number, same: (at: number, n: number) => boolean): number {
  let length = 0;
  let chunk = 1024;
  while (length < max) {
    const n = Math.min(chunk, max - length);
    if (same(length, n)) {
      length += n;
      chunk *= 2;
    } else if (n === 1) break;
    else chunk = n >> 1;
  }
  return length;
}

/**
 * A string that occurs nowhere in `text` (a run of U+E000 one longer than any in it), to delimit what this
 * service adds to markdown that also quotes the file. Usually one native search.
 */
export function absentMarker(text: string): string {
  if (text.indexOf('\uE000') < 0) return '\uE000';
  let longest = 0;
  for (let i = 0, run = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 0xe000 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return '\uE000'.repeat(longest + 1);
}

/**
 * A `command:` link for trusted markdown, between two `marker`s (see `disarmMarkdown`): its arguments as encoded
 * JSON, parentheses encoded too (a raw one would end the link).
 */
export function commandLink(label: string, command: string, args: unknown, title: string, marker: string): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `${marker}[${label}](command:${command}?${query} "${title}")${marker}`;
}

/**
 * Hover markdown that quotes the file, made unable to form a link from file text: the links this service made
 * (between `marker`s) are kept as they are; elsewhere `[`, `]` and an autolink's `<scheme:` are escaped. A user
 * named `[x](command:…)` would otherwise be a link that a client trusting our commands runs.
 */
export function disarmMarkdown(value: string, marker: string): string {
  return value
    .split(marker)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[[\]]/g, '\\$&').replace(/<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:)/g, '\\<')))
    .join('');
}
