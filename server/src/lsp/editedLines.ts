/**
 * The lines the admin is editing, per document: the line spans of the last few changes, from the content changes
 * the client sent (`changedRegion`, without what it left unchanged at its ends); a change that replaces the whole text (a client that sends no ranges) is
 * placed by comparing the two texts (common prefix and suffix, `textChange`). Grouped diagnostics never swallow
 * the findings on these lines (service/grouping.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { changedRegion, sourceOf, textChange, type ContentChange, type SourceText, type TextChange } from '../service/text';

/** Changes remembered per document. */
const REMEMBERED = 8;
/** A change over more lines than this (a paste, a reload) is not "the lines being edited". */
const MAX_SPAN = 20;

export class EditedLines {
  private readonly spans = new Map<string, { from: number; to: number }[]>();

  /** The document's first text: nothing edited yet. */
  open(uri: string): void {
    this.spans.set(uri, []);
  }

  /**
   * `changes` (in order, each in the text the ones before it left) turned `before` into the document's text; its
   * line index (`positionAt`) places them.
   */
  change(doc: TextDocument, before: SourceText, changes: readonly ContentChange[]): void {
    const spans = this.spans.get(doc.uri);
    if (!spans) return;
    const text = sourceOf(doc);
    const region = changedRegion(changes, before.length, text.length);
    const c = !region || (region.start === 0 && region.oldEnd === before.length && before.length > 0) ? textChange(before, text) : narrowed(region, before, text);
    if (c.start === c.oldEnd && c.start === c.newEnd) return;
    const span = { from: doc.positionAt(c.start).line, to: doc.positionAt(c.newEnd).line };
    if (span.to - span.from > MAX_SPAN) return;
    this.spans.set(doc.uri, [span, ...spans].slice(0, REMEMBERED));
  }

  close(uri: string): void {
    this.spans.delete(uri);
  }

  /** The lines `keepLine` keeps, as one string: equal strings, equal answers. */
  keptKey(uri: string): string {
    return [...new Set((this.spans.get(uri) ?? []).map((s) => `${s.from}-${s.to}`))].sort().join(',');
  }

  /** Whether `line` of the document's current text was touched by one of its last changes. */
  keepLine(uri: string): (line: number) => boolean {
    const spans = this.spans.get(uri) ?? [];
    return (line) => spans.some((s) => line >= s.from && line <= s.to);
  }
}

/**
 * `region` without the characters at its ends that the edit left as they were (an editor sends a line break typed
 * at the end of a line as an insertion there, although the line it ends is unchanged): what `textChange` finds,
 * comparing only as far as the region's new text goes.
 */
function narrowed(region: TextChange, before: SourceText, text: SourceText): TextChange {
  let { start, oldEnd, newEnd } = region;
  while (start < newEnd && start < before.length && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  // Past the old region, the old text is the new one's after the new region: they stay aligned.
  if (start > oldEnd) [newEnd, oldEnd] = [newEnd + start - oldEnd, start];
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) [oldEnd, newEnd] = [oldEnd - 1, newEnd - 1];
  return { start, oldEnd, newEnd };
}
