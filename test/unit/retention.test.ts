/**
 * Edits must not keep old versions of the text alive. V8 makes a slice of 13 characters or more a view of its
 * whole parent, so a key, a value or a user's name that a re-scan cut from one version, kept by the next parses
 * and evaluations, would keep that version's whole text: one text per edit, for ever. Many edits at distinct
 * places of a generated file through the façade (`reparse`, `analyzeIncremental`), then the heap after a
 * collection: it grows by a few texts (the first one, which the full parse's nodes still cut from, the current
 * one, the one before it) and at most one model with its analysis (a version's objects V8 may keep one step
 * longer: an allocation site's feedback holds the last object its literal built), not by one text per edit. A
 * memory bound, not a timed one: before the fix each case grew by about one text per edited line.
 */
// @tier robustness
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze, analyzeIncremental, parse, reparse } from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { bench, loadBenchGenerator } from '../fuzz/incremental';

before(loadBenchGenerator);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const EDITS = 200;
/** The growth allowed besides one model and its analysis, in texts (one byte a character: the files are ASCII). */
const TEXTS = 8;

interface Case {
  name: string;
  kind: FileKind;
  text: () => string;
  /** Where the `i`-th edit inserts a character, then the next one removes it: each pair in another line. */
  at: (text: string, i: number) => number;
}

/** Inside the `i`-th match of `marker` past the first tenth of the text. */
const inside = (marker: string) => (text: string, i: number) => {
  let at = text.indexOf(marker, text.length / 10);
  for (let k = 0; k < i; k++) at = text.indexOf(marker, at + 1);
  return at + marker.length + 2;
};

const CASES: Case[] = [
  { name: 'users: an edit in one user name at a time (the tag is scanned again)', kind: 'users', text: () => bench!.usersFile(2500, 1).text, at: inside('<user name="') },
  {
    name: 'users with a DOCTYPE: an edit in one user name at a time (parsed again, the memo reused)',
    kind: 'users',
    text: () => bench!.usersFile(2500, 1).text.replace('?>\n', '?>\n<!DOCTYPE authentication>\n'),
    at: inside('<user name="'),
  },
  { name: 'properties: an edit in one entry at a time (its line read again)', kind: 'properties', text: () => bench!.propertiesFile(10000, 1).text, at: inside('\nrudder.') },
];

for (const c of CASES) {
  test(c.name, () => {
    let text = c.text();
    const heapEmpty = heapAfterGc();
    let model = parse(text, c.kind);
    let a = analyze(model, DEFAULT_SETTINGS);
    const heapBefore = heapAfterGc();
    const allowed = heapBefore - heapEmpty + TEXTS * text.length;
    for (let i = 0; i < EDITS; i++) {
      const at = c.at(text, i >> 1);
      const change = i % 2 === 0 ? { start: at, end: at, text: 'x' } : { start: at, end: at + 1, text: '' };
      const next = text.slice(0, change.start) + change.text + text.slice(change.end);
      model = reparse(model, next, c.kind, undefined, [change]);
      a = analyzeIncremental(a, model, DEFAULT_SETTINGS);
      text = next;
    }
    const growth = heapAfterGc() - heapBefore;
    assert.equal(a.model.text, text);
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    assert.ok(growth < allowed, `after ${EDITS} edits the heap grew by ${mb(growth)}, more than one analysed model (${mb(heapBefore - heapEmpty)}) and ${TEXTS} texts of ${mb(text.length)}`);
  });
}
