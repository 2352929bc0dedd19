/**
 * The lines the admin is editing, per document: the line spans of the last few changes, found by comparing each
 * new text with the previous one (common prefix and suffix, `textChange`). Grouped diagnostics never swallow the
 * findings on these lines (service/grouping.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { textChange } from '../service/text';

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

  /** The document has a new text; its line index (`positionAt`) places the change. */
  change(doc: TextDocument): void {
    const text = doc.getText();
    const before = this.texts.get(doc.uri);
    this.texts.set(doc.uri, text);
    if (before === undefined) return;
    const c = textChange(before, text);
    const span = { from: doc.positionAt(c.start).line, to: doc.positionAt(c.newEnd).line };
    if (span.to - span.from > MAX_SPAN) return;
    this.spans.set(doc.uri, [span, ...(this.spans.get(doc.uri) ?? [])].slice(0, REMEMBERED));
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
