/**
 * The server's document (`lsp/document.ts`: its text in pieces), edited as the store edits it (`updateClamped`),
 * answers as a vscode-languageserver-textdocument made afresh from the same text: seeded edit sequences (line
 * breaks of every kind, CR and LF joined and split, edits across the pieces' ends, reversed ranges, positions past
 * a line's end or the last line, whole-text replacements), then every answer compared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PieceText, RudderDocument } from '../../server/src/lsp/document';
import { updateClamped } from '../../server/src/lsp/store';
import { Random } from '../fuzz/random';

const TYPED = ['x', 'é', '😀', '\n', '\r', '\r\n', '\n\n', 'a\r\nb', '', 'key=value\n', '\\\n'];

function randomText(r: Random): string {
  const lines = Array.from({ length: r.size(0, 60) }, () => r.chars('ab= #', r.size(0, 12)));
  return lines.map((l) => l + r.pick(['\n', '\r\n', '\r'])).join('') + r.chars('xy', r.size(0, 3));
}

function randomChange(r: Random, doc: TextDocument): TextDocumentContentChangeEvent {
  if (r.chance(0.03)) return { text: randomText(r) };
  const position = () => ({ line: r.int(doc.lineCount + 2) - 1, character: r.int(14) - 1 });
  const start = position();
  const end = r.chance(0.5) ? start : position();
  return { range: { start, end }, text: r.chance(0.3) ? '' : r.pick(TYPED) };
}

/** Every answer of the two documents, each as JSON. */
function answers(doc: TextDocument, r: Random): string[] {
  // The whole text last: ours reads its pieces until something joins them.
  const length = doc.offsetAt({ line: Number.MAX_SAFE_INTEGER, character: 0 });
  const out = [String(doc.lineCount), String(doc.version)];
  for (let offset = -1; offset <= length + 1; offset++) out.push(JSON.stringify(doc.positionAt(offset)));
  for (let line = -1; line <= doc.lineCount + 1; line++) for (let character = -1; character < 16; character += 3) out.push(String(doc.offsetAt({ line, character })));
  for (let i = 0; i < 5; i++) {
    const a = { line: r.int(doc.lineCount + 1), character: r.int(10) };
    const b = { line: r.int(doc.lineCount + 1), character: r.int(10) };
    out.push(doc.getText({ start: a, end: b }));
  }
  out.push(doc.getText());
  return out;
}

test('200 seeded edit sequences through updateClamped: positions, offsets, line counts and texts as a fresh vscode-languageserver-textdocument of the same text has them', () => {
  for (let index = 0; index < 200; index++) {
    const r = new Random(20261202, index);
    const first = randomText(r);
    const size = [1, 3, 16, 64][index % 4];
    let ours = RudderDocument.create('file:///x/a.properties', 'properties', 1, first, size);
    let theirs = TextDocument.create('file:///x/a.properties', 'properties', 1, first);
    for (let step = 0; step < 25; step++) {
      const changes = Array.from({ length: r.size(1, 3) }, () => randomChange(r, theirs));
      ours = updateClamped(ours, changes, step + 2);
      // The text the changes make, each range clamped to the text before it (a fresh document's offsets).
      let text = theirs.getText();
      for (const c of changes) {
        const fresh = TextDocument.create(theirs.uri, 'properties', 0, text);
        const [start, end] = 'range' in c ? [fresh.offsetAt(c.range.start), fresh.offsetAt(c.range.end)].sort((x, y) => x - y) : [0, text.length];
        text = text.slice(0, start) + c.text + text.slice(end);
      }
      theirs = TextDocument.create(theirs.uri, 'properties', step + 2, text);
      // The same draws for both documents' answers.
      const seed = r.int(1 << 30);
      assert.deepEqual(answers(ours, new Random(seed, 0)), answers(theirs, new Random(seed, 0)), `case ${index}, step ${step}, after ${JSON.stringify(changes)}`);
    }
  }
});

test("a text in pieces reads as the string it holds: characters, slices (negative ends too), length, a piece's end crossed", () => {
  const text = 'ab\r\ncd\ref\n\ngh😀ij';
  for (const size of [1, 2, 5, 100]) {
    let pieces = PieceText.of(text, size);
    let string = text;
    for (const [start, end, inserted] of [[2, 4, 'XY\r'], [0, 0, '\n'], [5, 9, ''], [string.length - 1, string.length - 1, 'end'], [1, 12, 'é']] as const) {
      pieces = pieces.replace(start, end, inserted);
      string = string.slice(0, start) + inserted + string.slice(end);
      const read = (t: { length: number; charCodeAt(i: number): number; slice(a: number, b?: number): string }) => [
        t.length,
        ...Array.from({ length: t.length + 2 }, (_, i) => t.charCodeAt(i - 1)),
        ...[[0, 3], [2, 7], [-4, -1], [3], [-2], [5, 2], [0, 99]].map(([a, b]) => t.slice(a, b)),
      ];
      assert.deepEqual(read(pieces), read(string), `pieces of ${size}`);
      assert.equal(pieces.toString(), string);
    }
  }
});
