/**
 * The lines the admin is editing, per document: the line spans of the last few changes, found by comparing each
 * new text with the previous one (common prefix and suffix). Grouped diagnostics never swallow the findings on
 * these lines (service/grouping.ts).
 */
import { lineOf, lineStarts } from '../service/text';

/** Changes remembered per document. */
const REMEMBERED = 8;
/** A change over more lines than this (a paste, a reload) is not "the lines being edited". */
const MAX_SPAN = 20;

export class EditedLines {
  private readonly texts = new Map<string, string>();
  private readonly spans = new Map<string, { from: number; to: number }[]>();

  /** The document's first text: nothing edited yet. */
  open(uri: string, text: string): void {
    this.texts.set(uri, text);
    this.spans.set(uri, []);
  }

  change(uri: string, text: string): void {
    const before = this.texts.get(uri);
    this.texts.set(uri, text);
    if (before === undefined) return;
    let start = 0;
    const max = Math.min(before.length, text.length);
    while (start < max && before.charCodeAt(start) === text.charCodeAt(start)) start++;
    let end = 0;
    while (end < max - start && before.charCodeAt(before.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
    const starts = lineStarts(text);
    const span = { from: lineOf(starts, start), to: lineOf(starts, Math.max(start, text.length - end)) };
    if (span.to - span.from > MAX_SPAN) return;
    this.spans.set(uri, [span, ...(this.spans.get(uri) ?? [])].slice(0, REMEMBERED));
  }

  close(uri: string): void {
    this.texts.delete(uri);
    this.spans.delete(uri);
  }

  /** Whether `line` of the document's current text was touched by one of its last changes. */
  keepLine(uri: string): (line: number) => boolean {
    const spans = this.spans.get(uri) ?? [];
    return (line) => spans.some((s) => line >= s.from && line <= s.to);
  }
}
