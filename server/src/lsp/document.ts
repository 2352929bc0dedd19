/**
 * The server's open documents: `TextDocuments` takes their `create` and `update`. A document's text is kept in
 * pieces (`PieceText`), so that an edit copies the piece it falls in, not the whole text: a keystroke in a
 * 0.6 MiB file used to make V8 flatten a new 0.6 MiB string (0.46 ms) before anything read a character of it.
 * Each version's text is a value of its own (an analysis holds the one it read); `toString()` joins the pieces
 * once, for what needs the text as one string (a users file's parse, the outline, the code actions).
 * Positions work as in `vscode-languageserver-textdocument`: line offsets kept in one array that an edit
 * splices and shifts, and the same rules for a position past the end of a line or inside a CR LF pair.
 */
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineOf, lineStarts, type SourceText } from '../service/text';

/** The size pieces are cut to; an edit's piece is cut again past twice this. */
const PIECE = 16 * 1024;
const LF = 10;
const CR = 13;

/** An immutable text in pieces: `starts[k]` is where piece `k` starts. */
export class PieceText implements SourceText {
  /** The piece the last character read was in: reads come in runs. */
  private last = 0;

  private constructor(
    private readonly pieces: readonly string[],
    private readonly starts: readonly number[],
    readonly length: number,
    private readonly size: number,
    private whole?: string,
  ) {}

  /** `text` in pieces of `size` characters (tests cut small pieces, to edit across their ends). */
  static of(text: string, size = PIECE): PieceText {
    const pieces: string[] = [];
    const starts: number[] = [];
    for (let at = 0; at < text.length; at += size) {
      pieces.push(text.slice(at, at + size));
      starts.push(at);
    }
    return new PieceText(pieces, starts, text.length, size, text);
  }

  /** The piece holding offset `i` (0 ≤ i < length). */
  private pieceAt(i: number): number {
    const { starts } = this;
    const k = this.last;
    if (starts[k] <= i && (k + 1 === starts.length || i < starts[k + 1])) return k;
    return (this.last = lineOf(starts, i));
  }

  charCodeAt(i: number): number {
    if (this.whole !== undefined) return this.whole.charCodeAt(i);
    if (!(i >= 0 && i < this.length)) return NaN;
    const k = this.pieceAt(i);
    return this.pieces[k].charCodeAt(i - this.starts[k]);
  }

  slice(start: number, end: number = this.length): string {
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
    const to = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
    if (to <= from) return '';
    const first = this.pieceAt(from);
    const last = this.pieceAt(to - 1);
    if (first === last) return this.pieces[first].slice(from - this.starts[first], to - this.starts[first]);
    const parts = [this.pieces[first].slice(from - this.starts[first])];
    for (let k = first + 1; k < last; k++) parts.push(this.pieces[k]);
    parts.push(this.pieces[last].slice(0, to - this.starts[last]));
    return parts.join('');
  }

  toString(): string {
    return (this.whole ??= this.pieces.join(''));
  }

  /** The same text in JSON as a string (a model holding it compares to one parsed from a string). */
  toJSON(): string {
    return this.toString();
  }

  /** This text with `[start, end)` replaced by `text`: the pieces the range touches are made again, the others shared. */
  replace(start: number, end: number, text: string): PieceText {
    const n = this.pieces.length;
    if (n === 0) return PieceText.of(text, this.size);
    const first = start >= this.length ? n - 1 : this.pieceAt(start);
    const last = end > start ? this.pieceAt(end - 1) : first;
    const piece = this.pieces[first].slice(0, start - this.starts[first]) + text + this.pieces[last].slice(end - this.starts[last]);
    const made: string[] = [];
    if (piece.length <= 2 * this.size) {
      if (piece.length > 0) made.push(piece);
    } else for (let at = 0; at < piece.length; at += this.size) made.push(piece.slice(at, at + this.size));
    const pieces = this.pieces.slice(0, first).concat(made, this.pieces.slice(last + 1));
    const starts = this.starts.slice(0, first);
    let at = this.starts[first];
    for (let k = first; k < pieces.length; k++) {
      starts.push(at);
      at += pieces[k].length;
    }
    return new PieceText(pieces, starts, at, this.size);
  }
}

const isEol = (c: number) => c === LF || c === CR;

/** A `TextDocument` whose text is a `PieceText`, updated in place as `vscode-languageserver-textdocument`'s is. */
export class RudderDocument implements TextDocument {
  private lineOffsets: number[] | undefined;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    private text: PieceText,
    private readonly pieceSize: number,
  ) {}

  /** `pieceSize`: the size of the text's pieces (tests cut small ones). */
  static create(uri: string, languageId: string, version: number, content: string, pieceSize = PIECE): RudderDocument {
    return new RudderDocument(uri, languageId, version, PieceText.of(content, pieceSize), pieceSize);
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The text of this version, not joined: later edits make new texts and leave this one as it is. */
  source(): PieceText {
    return this.text;
  }

  getText(range?: Range): string {
    if (!range) return this.text.toString();
    const [start, end] = [this.offsetAt(range.start), this.offsetAt(range.end)];
    return this.text.slice(Math.min(start, end), Math.max(start, end));
  }

  get lineCount(): number {
    return this.lines().length;
  }

  private lines(): number[] {
    return (this.lineOffsets ??= lineStarts(this.text.toString()));
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.text.length), 0);
    const lines = this.lines();
    const line = lineOf(lines, offset);
    return { line, character: this.beforeEol(offset, lines[line]) - lines[line] };
  }

  offsetAt(position: Position): number {
    const lines = this.lines();
    if (position.line >= lines.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineOffset = lines[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lines.length ? lines[position.line + 1] : this.text.length;
    return this.beforeEol(Math.min(lineOffset + position.character, next), lineOffset);
  }

  /** `offset`, moved back out of the line break that ends its line. */
  private beforeEol(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEol(this.text.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  /** Applies `changes` in order, as `TextDocument.update` does (a range is read in the text the ones before it left). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): this {
    for (const change of changes) {
      if (!('range' in change)) {
        this.text = PieceText.of(change.text, this.pieceSize);
        this.lineOffsets = undefined;
        continue;
      }
      const ordered = change.range.start.line < change.range.end.line || (change.range.start.line === change.range.end.line && change.range.start.character <= change.range.end.character);
      const { start: from, end: to } = ordered ? change.range : { start: change.range.end, end: change.range.start };
      const lines = this.lines();
      const startOffset = this.offsetAt(from);
      const endOffset = this.offsetAt(to);
      this.text = this.text.replace(startOffset, endOffset, change.text);
      const startLine = Math.max(from.line, 0);
      const endLine = Math.max(to.line, 0);
      const added = lineStarts(change.text).slice(1).map((s) => s + startOffset);
      if (endLine - startLine === added.length) for (let i = 0; i < added.length; i++) lines[i + startLine + 1] = added[i];
      else this.lineOffsets = lines.slice(0, startLine + 1).concat(added, lines.slice(endLine + 1));
      const diff = change.text.length - (endOffset - startOffset);
      const shifted = this.lineOffsets!;
      if (diff !== 0) for (let i = startLine + 1 + added.length; i < shifted.length; i++) shifted[i] += diff;
    }
    this.currentVersion = version;
    return this;
  }
}
