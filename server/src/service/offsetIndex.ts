/**
 * Offset look-ups that cost a binary search instead of a pass over the file: the last of a sorted list starting
 * at or before an offset (the first at or after one), and the findings whose range contains an offset (hover), through an interval index
 * built once per findings list and text; and positions of offsets taken in document order (the outline).
 *
 * A cached index is checked against the text and the findings list it was built for (the same string and the
 * same array, as long as before): an edit changes the text, so an index can never outlive the analysis it
 * describes, even when a later analysis updates objects in place.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { Finding } from './findings';

/** The index of the last item whose start is at or before `offset` (items sorted by start), or -1. */
export function lastAtOrBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The index of the first item whose start is at or after `offset` (items sorted by start), or `items.length`. */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The findings sorted by start, seen as an implicit balanced tree (the middle of each slice is its root), each
 * node with the largest end in its subtree: a query visits only subtrees that can contain the offset.
 */
interface FindingIndex {
  text: string;
  findings: readonly Finding[];
  length: number;
  /** Positions in `findings`, by start. */
  order: number[];
  starts: number[];
  ends: number[];
  maxEnd: number[];
}

const INDEXES = new WeakMap<readonly Finding[], FindingIndex>();

function build(findings: readonly Finding[], text: string): FindingIndex {
  const order = findings.map((_, i) => i).sort((x, y) => findings[x].range.start - findings[y].range.start || x - y);
  const starts = order.map((i) => findings[i].range.start);
  const ends = order.map((i) => findings[i].range.end);
  const maxEnd = new Array<number>(order.length);
  const fill = (lo: number, hi: number): number => {
    if (lo > hi) return -1;
    const mid = (lo + hi) >> 1;
    maxEnd[mid] = Math.max(ends[mid], fill(lo, mid - 1), fill(mid + 1, hi));
    return maxEnd[mid];
  };
  fill(0, order.length - 1);
  return { text, findings, length: findings.length, order, starts, ends, maxEnd };
}

function indexOf(findings: readonly Finding[], text: string): FindingIndex {
  const known = INDEXES.get(findings);
  if (known && known.text === text && known.length === findings.length) return known;
  const index = build(findings, text);
  INDEXES.set(findings, index);
  return index;
}

/**
 * The findings of `findings` (computed on `text`) whose range contains `offset`, ends included, in their order
 * in the list. Logarithmic plus what it returns, once the index of this list is built.
 */
export function findingsAt(findings: readonly Finding[], text: string, offset: number): Finding[] {
  const { order, starts, ends, maxEnd } = indexOf(findings, text);
  const hits: number[] = [];
  // Depth-first over the implicit tree; the depth is the logarithm of the number of findings.
  const visit = (lo: number, hi: number): void => {
    if (lo > hi) return;
    const mid = (lo + hi) >> 1;
    if (maxEnd[mid] < offset) return;
    visit(lo, mid - 1);
    if (starts[mid] > offset) return;
    if (ends[mid] >= offset) hits.push(order[mid]);
    visit(mid + 1, hi);
  };
  visit(0, order.length - 1);
  return hits.sort((x, y) => x - y).map((i) => findings[i]);
}

/** A position as two numbers: `seek(offset)` sets `line` and `character` to what `doc.positionAt(offset)` gives. */
export interface LineCursor {
  line: number;
  character: number;
  seek(offset: number): void;
}

/**
 * `doc.positionAt` for offsets converted mostly in document order (an outline's ranges, a line's element and its
 * name), without making a position: the line of the previous offset is tried first, then the line after it, so
 * most conversions cost a subtraction instead of a binary search over the line starts. Gives exactly what
 * `positionAt` gives, including its clamping and its placing of an offset between `\r` and `\n` before the `\r`;
 * a text edited meanwhile needs a new one.
 */
export function lineCursorOf(doc: TextDocument): LineCursor {
  const text = doc.getText();
  let start = 0;
  let next = -1;
  const cursor: LineCursor = {
    line: 0,
    character: 0,
    seek(offset) {
      if (offset >= next && next >= 0 && cursor.line + 1 < doc.lineCount) {
        const after = cursor.line + 2 < doc.lineCount ? doc.offsetAt({ line: cursor.line + 2, character: 0 }) : text.length + 1;
        if (offset < after) {
          cursor.line++;
          start = next;
          next = after;
        }
      }
      if (offset >= start && offset < next) {
        const before = offset > start ? text.charCodeAt(offset - 1) : 0;
        if (before !== 10 && before !== 13) {
          cursor.character = offset - start;
          return;
        }
      }
      const p = doc.positionAt(offset);
      cursor.line = p.line;
      cursor.character = p.character;
      start = doc.offsetAt({ line: p.line, character: 0 });
      next = p.line + 1 < doc.lineCount ? doc.offsetAt({ line: p.line + 1, character: 0 }) : text.length + 1;
    },
  };
  return cursor;
}

/** `lineCursorOf`, a position object per conversion. */
export function positionsOf(doc: TextDocument): (offset: number) => Position {
  const cursor = lineCursorOf(doc);
  return (offset) => {
    cursor.seek(offset);
    return { line: cursor.line, character: cursor.character };
  };
}
