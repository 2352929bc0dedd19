/**
 * `rudder-lint-disable-next-line [RULE…]` comments: `<!-- … -->` in XML, `# …` or `! …` in properties. A
 * directive silences the listed rules (all when none is listed) on the next line; when that line starts an
 * element or a logical properties line, the directive covers it up to its end (a multi-line start tag, a
 * continued value), so the comment never has to go inside a tag.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore } from './offsetIndex';
import { lineContentEnd, lineStartAt, type SourceText, type TextChange } from './text';
import type { OffsetRange } from './xml/scan';

export const DISABLE_NEXT_LINE = 'rudder-lint-disable-next-line';
/** The start of a directive comment; the rest of the comment lists the rules (no backtracking regex over it). */
const DIRECTIVE = new RegExp(`(?:<!--|[#!])[ \\t]*${DISABLE_NEXT_LINE}(?![\\w-])`, 'y');

export interface Suppression {
  /** The directive comment itself. */
  comment: OffsetRange;
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** What it silences. */
  target: OffsetRange;
}

/** Where the construct starting at a line's first non-blank offset ends (a start tag, a logical properties line). */
export type Extent = (offset: number) => number;

/** The start of the line after the one holding `offset` (as `lineStarts` counts lines), or -1 on the last line. */
function nextLineStart(text: SourceText, offset: number): number {
  const end = lineContentEnd(text, offset);
  if (end >= text.length) return -1;
  return end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
}

/** Whether the UTF-16 unit `c` separates rule ids in a directive: white space (as `\s` reads it) or a comma. */
function separates(c: number): boolean {
  if (c === 32 || c === 44 || (c >= 9 && c <= 13)) return true;
  return c >= 0x80 && /\s/.test(String.fromCharCode(c));
}

/**
 * The rule ids listed in `text[from, to)`, split at white space and commas: counted first, so that the array is
 * made at its size (a directive lists one or two; a pushed-to empty array would reserve room for 17).
 */
function rulesIn(text: string, from: number, to: number): string[] {
  let count = 0;
  for (let i = from; i < to; i++) if (!separates(text.charCodeAt(i)) && (i === from || separates(text.charCodeAt(i - 1)))) count++;
  const rules = new Array<string>(count);
  let n = 0;
  let start = -1;
  for (let i = from; n < count; i++) {
    if (i < to && !separates(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      rules[n++] = text.slice(start, i);
      start = -1;
    }
  }
  return rules;
}

/** The directive the comment `c` is, if it is one; its ranges are its own (copied, never the comment's). */
function directiveOf(text: SourceText, c: OffsetRange, extent: Extent): Suppression | undefined {
  // The comment's own text: the directive must end inside it, and a text in pieces is not joined for it.
  const own = text.slice(c.start, c.end);
  DIRECTIVE.lastIndex = 0;
  if (!DIRECTIVE.test(own)) return undefined;
  const listed = DIRECTIVE.lastIndex;
  const next = nextLineStart(text, c.end);
  if (next < 0) return undefined;
  const rules = rulesIn(own, listed, own.length - listed >= 3 && own.endsWith('-->') ? own.length - 3 : own.length);
  let first = next;
  while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
  return { comment: { start: c.start, end: c.end }, rules, target: { start: next, end: Math.max(lineContentEnd(text, next), extent(first)) } };
}

/**
 * Suppressions of a document. `comments` are the comment ranges of the document (XML comments, or properties
 * comment lines), in document order; each costs its own text and the line after it, never a pass over the file.
 */
export function findSuppressions<C>(text: SourceText, comments: readonly C[], rangeOf: (comment: C) => OffsetRange, extent: Extent): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const s = directiveOf(text, rangeOf(c), extent);
    if (s) out.push(s);
  }
  return out;
}

/**
 * The suppressions of `text` after the edit `r` of the text `prev` was found in, as `findSuppressions` finds them:
 * the directives whose comment and target end before the edit are kept, those whose comment starts after it are
 * moved in place (`prev` is consumed; each owns its ranges), and only the comments in between are read again.
 * A kept directive's comment must still be a comment of the new text (a properties line the edit made part of a
 * continued value is not): when one is not, all are found again. `readTo`: where the comments that may be new end
 * (a reparse that went on past the edit, reading continued lines again, says where it stopped); past it and past
 * the edit, a comment is an old one, moved, and was a directive only if it is in `prev`.
 */
export function updateSuppressions<C>(prev: Suppression[], r: TextChange, text: SourceText, comments: readonly C[], rangeOf: (comment: C) => OffsetRange, extent: Extent, readTo = text.length + 1): Suppression[] {
  const d = r.newEnd - r.oldEnd;
  // A directive is near the edit when its comment, the line after it or its target touch the edited region.
  let before = 0;
  while (before < prev.length && prev[before].target.end + 2 < r.start) before++;
  let after = before;
  while (after < prev.length && prev[after].comment.start <= r.oldEnd + 2) after++;
  // A comment earlier on the edited line may get a line after it (a line break typed at the end of the file).
  const lineStart = lineStartAt(text, r.start);
  const from = before < prev.length ? Math.min(lineStart, prev[before].comment.start) : lineStart;
  // Up to the next directive after the edit, or past the comments that may be new and those of the directives near
  // the edit (starting at most two characters past it), which are read again.
  const to = Math.min(after < prev.length ? prev[after].comment.start + d : text.length + 1, Math.max(readTo, r.newEnd + 3));
  const out = prev.slice(0, before);
  let i = lastAtOrBefore(comments, from - 1, (c) => rangeOf(c).start) + 1;
  for (; i < comments.length && rangeOf(comments[i]).start < to; i++) {
    const s = directiveOf(text, rangeOf(comments[i]), extent);
    if (s) out.push(s);
  }
  for (let k = after; k < prev.length; k++) {
    const s = prev[k];
    const start = s.comment.start + d;
    while (i < comments.length && rangeOf(comments[i]).start < start) i++;
    if (i === comments.length || rangeOf(comments[i]).start !== start || rangeOf(comments[i]).end !== s.comment.end + d) return findSuppressions(text, comments, rangeOf, extent);
    s.comment.start = start;
    s.comment.end += d;
    s.target.start += d;
    s.target.end += d;
    out.push(s);
  }
  return out;
}

/** Suppressions by target start, with the running maximum of target ends: a lookup is a binary search. */
interface SuppressionIndex {
  byStart: Suppression[];
  maxEnd: number[];
}

const INDEXES = new WeakMap<readonly Suppression[], SuppressionIndex>();

function indexOf(suppressions: readonly Suppression[]): SuppressionIndex {
  let index = INDEXES.get(suppressions);
  if (!index) {
    const byStart = [...suppressions].sort((x, y) => x.target.start - y.target.start);
    const maxEnd: number[] = [];
    byStart.forEach((s, i) => maxEnd.push(Math.max(s.target.end, i > 0 ? maxEnd[i - 1] : -1)));
    index = { byStart, maxEnd };
    INDEXES.set(suppressions, index);
  }
  return index;
}

/**
 * The suppressions whose target contains `offset`, in document order. Built once per suppression list and
 * then logarithmic: a file with one directive per user must not cost a pass over all of them per finding.
 */
export function covering(suppressions: readonly Suppression[], offset: number): Suppression[] {
  const { byStart, maxEnd } = indexOf(suppressions);
  const last = lastAtOrBefore(byStart, offset, (s) => s.target.start);
  const out: Suppression[] = [];
  for (let i = last; i >= 0 && maxEnd[i] >= offset; i--) if (byStart[i].target.end >= offset) out.push(byStart[i]);
  return out.reverse();
}

export function isSuppressed(suppressions: readonly Suppression[], rule: string, offset: number): boolean {
  return covering(suppressions, offset).some((s) => s.rules.length === 0 || s.rules.includes(rule));
}

/**
 * The edit that silences `rule` for the construct starting at `anchor`: add the rule to a directive that
 * already covers it, or insert a directive line above it, indented like it, with the document's line ending
 * (`eol`, computed once per request by the caller). `doc` holds `text`: its line offsets give the line's start,
 * so that an edit costs no pass over the text.
 */
export function disableEdit(doc: TextDocument, text: string, eol: string, suppressions: Suppression[], anchor: number, rule: string, style: 'xml' | 'properties'): { range: OffsetRange; newText: string } {
  const existing = covering(suppressions, anchor)[0];
  if (existing) {
    let at = style === 'xml' ? text.lastIndexOf('-->', existing.comment.end) : existing.comment.end;
    while (at > existing.comment.start && /\s/.test(text[at - 1])) at--;
    return { range: { start: at, end: at }, newText: ` ${rule}` };
  }
  const lineStart = doc.offsetAt({ line: doc.positionAt(anchor).line, character: 0 });
  let indentEnd = lineStart;
  while (text[indentEnd] === ' ' || text[indentEnd] === '\t' || text[indentEnd] === '\f') indentEnd++;
  const directive = style === 'xml' ? `<!-- ${DISABLE_NEXT_LINE} ${rule} -->` : `# ${DISABLE_NEXT_LINE} ${rule}`;
  return { range: { start: lineStart, end: lineStart }, newText: `${text.slice(lineStart, indentEnd)}${directive}${eol}` };
}
