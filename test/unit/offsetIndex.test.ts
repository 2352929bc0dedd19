/**
 * The findings at an offset come from an interval index (`findingsAt`) instead of a pass over every finding:
 * it must give what the pass gives (the findings whose range contains the offset, ends included, in list
 * order) for every offset of seeded random lists — nested, overlapping, empty, equal and whole-file ranges —
 * and of every fixture's analysis; and an index must never answer for a list or a text it was not built for.
 * `positionsOf` gives what `positionAt` gives, for offsets in order and out of it, on texts of every line ending.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, parse } from '../../server/src/service/languageService';
import type { Finding } from '../../server/src/service/findings';
import { findingsAt, lastAtOrBefore, positionsOf } from '../../server/src/service/offsetIndex';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { mulberry32 } from '../fuzz/random';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

const inside = (f: Finding, offset: number) => offset >= f.range.start && offset <= f.range.end;
const scan = (findings: Finding[], offset: number) => findings.filter((f) => inside(f, offset));
const fake = (start: number, end: number, i: number) => ({ rule: 'unknown-role', message: `#${i}`, range: { start, end } }) as Finding;

test('findingsAt equals the pass over every finding, on seeded random ranges', () => {
  const r = mulberry32(13);
  const int = (n: number) => Math.floor(r() * n);
  for (let round = 0; round < 100; round++) {
    const size = 1 + int(400);
    const text = 'x'.repeat(size);
    const findings = Array.from({ length: int(60) }, (_, i) => {
      const kind = r();
      if (kind < 0.05) return fake(0, size, i);
      const start = int(size);
      return fake(start, kind < 0.15 ? start : Math.min(size, start + int(kind < 0.8 ? 10 : 200)), i);
    });
    for (let offset = 0; offset <= size; offset++) assert.deepEqual(findingsAt(findings, text, offset), scan(findings, offset), `round ${round}, offset ${offset}`);
  }
});

test('findingsAt equals the pass over every finding, on every fixture', () => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(xml|properties)$/.test(f));
  assert.ok(files.length > 5);
  for (const file of files) {
    const text = readFileSync(path.join(FIXTURES, file), 'utf8');
    const a = analyze(parse(text, file.endsWith('.xml') ? 'users' : 'properties'), DEFAULT_SETTINGS);
    const findings = a.evaluation.findings;
    for (let offset = 0; offset <= text.length; offset += 1 + (offset % 13)) assert.deepEqual(findingsAt(findings, text, offset), scan(findings, offset), `${file} at ${offset}`);
  }
});

test('an index answers only for the list and the text it was built for', () => {
  const findings = [fake(0, 3, 0)];
  assert.deepEqual(findingsAt(findings, 'abcdef', 5), []);
  findings.push(fake(4, 6, 1));
  assert.deepEqual(findingsAt(findings, 'abcdef', 5), [findings[1]], 'a finding added to the list');
  findings[1].range = { start: 0, end: 1 };
  assert.deepEqual(findingsAt(findings, 'abcdeg', 5), [], 'the text changed: built again');
});

test('lastAtOrBefore: the last item starting at or before an offset', () => {
  const starts = [2, 5, 5, 9];
  assert.deepEqual([0, 2, 4, 5, 8, 9, 20].map((o) => lastAtOrBefore(starts, o, (x) => x)), [-1, 0, 0, 2, 2, 3, 3]);
  assert.equal(lastAtOrBefore([], 3, (x: number) => x), -1);
});

test('positionsOf equals positionAt, offsets in order and not, on seeded texts of \\n, \\r\\n and \\r lines', () => {
  const r = mulberry32(29);
  const int = (n: number) => Math.floor(r() * n);
  const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '<user name="x"/>'];
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: int(80) }, () => pieces[int(pieces.length)]).join('');
    const doc = TextDocument.create('file:///t', 'xml', 1, text);
    const ascending = Array.from({ length: text.length + 3 }, (_, i) => i - 1);
    const shuffled = Array.from({ length: 2 * text.length + 4 }, () => int(text.length + 4) - 1);
    for (const offsets of [ascending, shuffled]) {
      const at = positionsOf(doc);
      for (const offset of offsets) assert.deepEqual(at(offset), doc.positionAt(offset), `round ${round}, ${JSON.stringify(text)} at ${offset}`);
    }
  }
});
