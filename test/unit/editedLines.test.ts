/** The lines being edited come from the changes the client sent; a whole-text replacement is placed by a diff. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { RudderDocument } from '../../server/src/lsp/document';
import { EditedLines } from '../../server/src/lsp/editedLines';
import { updateClamped } from '../../server/src/lsp/store';
import type { TextChange } from '../../server/src/service/languageService';

const TEXT = Array.from({ length: 60 }, (_, i) => `key${i}=value${i}`).join('\n');
const at = (line: number, character: number) => ({ line, character });

/** The lines of the edited text `keepLine` keeps after each edit in turn. */
function kept(edits: TextDocumentContentChangeEvent[][]): number[][] {
  const edited = new EditedLines();
  let doc = RudderDocument.create('file:///x/rudder-web.properties', 'properties', 1, TEXT);
  edited.open(doc.uri);
  return edits.map((changes, i) => {
    const before = doc.getText();
    const recorded: TextChange[] = [];
    doc = updateClamped(doc, changes, i + 2, recorded);
    edited.change(doc, before, recorded);
    const keep = edited.keepLine(doc.uri);
    return Array.from({ length: doc.lineCount }, (_, line) => line).filter(keep);
  });
}

test('the lines of ranged changes, the last eight remembered, a large paste not', () => {
  const paste = Array.from({ length: 30 }, () => 'x=1').join('\n');
  assert.deepEqual(
    kept([
      [{ range: { start: at(10, 3), end: at(10, 3) }, text: 'a' }],
      [
        { range: { start: at(20, 0), end: at(20, 0) }, text: 'b' },
        { range: { start: at(22, 1), end: at(23, 0) }, text: '' },
      ],
      [{ range: { start: at(40, 0), end: at(40, 0) }, text: paste }],
    ]),
    [[10], [10, 20, 21, 22], [10, 20, 21, 22]],
  );
});

test('a line typed after the end of a line: from the new line on, not the line it ends (as a diff of the texts has it)', () => {
  const end = at(10, 'key10=value10'.length);
  assert.deepEqual(kept([[{ range: { start: end, end }, text: '\nnew=1' }]]), [[11, 12]]);
});

test('a whole-text replacement keeps only the lines that differ, the same text none', () => {
  const next = TEXT.replace('key30=value30', 'key30=other');
  assert.deepEqual(kept([[{ text: next }], [{ text: next }]]), [[30], [30]]);
});

test('the key of the kept lines: the same lines kept, the same key, however often they were edited', () => {
  const edited = new EditedLines();
  let doc = RudderDocument.create('file:///x/rudder-web.properties', 'properties', 1, TEXT);
  edited.open(doc.uri);
  const keys = [at(10, 3), at(10, 4), at(20, 0), at(10, 3)].map((position, i) => {
    const before = doc.getText();
    const recorded: TextChange[] = [];
    doc = updateClamped(doc, [{ range: { start: position, end: position }, text: 'a' }], i + 2, recorded);
    edited.change(doc, before, recorded);
    return edited.keptKey(doc.uri);
  });
  assert.deepEqual([keys[0] === keys[1], keys[1] === keys[2], keys[2] === keys[3]], [true, false, true]);
});
