/**
 * `rudder-lint-disable-next-line [RULE…]` comments: `<!-- … -->` in XML, `# …` or `! …` in properties. A
 * directive silences the listed rules (all when none is listed) on the next line; when that line starts an
 * element or a logical properties line, the directive covers it up to its end (a multi-line start tag, a
 * continued value), so the comment never has to go inside a tag.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OffsetRange } from './xml/scan';

export const DISABLE_NEXT_LINE = 'rudder-lint-disable-next-line';
/** The start of a directive comment; the rest of the comment lists the rules (no backtracking regex over it). */
const DIRECTIVE = new RegExp(`^(?:<!--|[#!])[ \\t]*${DISABLE_NEXT_LINE}(?![\\w-])`);

export interface Suppression {
  /** The directive comment itself. */
  comment: OffsetRange;
  /** Rule ids; empty means every rule. */
  rules: string[];
  /** What it silences. */
  target: OffsetRange;
}

/**
 * Suppressions of a document. `comments` are the comment ranges of the document (XML comments, or properties
 * comment lines); `extent(offset)` gives where the construct starting at a line's first non-blank offset ends.
 */
export function findSuppressions(text: string, comments: OffsetRange[], extent: (offset: number) => number): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const body = text.slice(c.start, c.end);
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const rest = body.slice(m[0].length);
    const rules = (rest.endsWith('-->') ? rest.slice(0, -3) : rest).split(/[\s,]+/).filter(Boolean);
    const next = nextLineStart(text, c.end);
    if (next === undefined) continue;
    let first = next;
    while (first < text.length && (text[first] === ' ' || text[first] === '\t')) first++;
    const target = { start: next, end: Math.max(contentEnd(text, next), extent(first)) };
    out.push({ comment: c, rules, target });
  }
  return out;
}

/**
 * The start of the line after the one holding `offset` (as `lineStarts` places lines: CR LF, CR and LF end one),
 * undefined on the last line. Read from `offset` on: a directive costs its own lines, not a pass over the file.
 */
function nextLineStart(text: string, offset: number): number | undefined {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) return i + 1;
  }
  return undefined;
}

/** Where the content of the line starting at `start` ends (before its line break). */
function contentEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return end;
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
  let lo = 0;
  let hi = byStart.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (byStart[mid].target.start <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
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
