/**
 * Incremental analysis (`reparse`, `analyzeIncremental`) equals a full analysis: a few seeded edit sequences here
 * (the thousands are in incrementalFuzz.test.ts, robustness tier), and the cases where the splice must and must
 * not happen.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { finding } from '../../server/src/service/findings';
import { analyze, analyzeIncremental, getDiagnostics, parse, reparse, type TextChange } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import type { UsersModel } from '../../server/src/service/users/model';
import { canonical, loadBenchGenerator, runDifferential, USERS } from '../fuzz/incremental';
import { REPO } from './markers';

before(loadBenchGenerator);

test('30 seeded edit sequences: the incremental model, evaluation and diagnostics equal a full analysis', () => {
  const { mismatches } = runDifferential(USERS, 7, 0, 30);
  assert.deepEqual(mismatches, []);
});

const FILE = [
  '<authentication hash="bcrypt">',
  '  <custom-roles>',
  '    <role name="ops" permissions="node_read"/>',
  '  </custom-roles>',
  '  <!-- rudder-lint-disable-next-line plaintext-password -->',
  '  <user name="alice" password="secret" role="ops"/>',
  '  <user name="bob" password="secret" role="administrator"/>',
  '  <user name="carol" password="LDAP" role="ops"/>',
  '</authentication>',
  '',
].join('\n');

function edit(text: string, at: string, insert: string, remove = 0): { changes: TextChange[]; text: string } {
  const start = text.indexOf(at) + at.length;
  return { changes: [{ start, end: start + remove, text: insert }], text: text.slice(0, start) + insert + text.slice(start + remove) };
}

/** The incremental model of the edit, checked equal to a full parse; whether it kept the elements before the edit. */
function spliced(at: string, insert: string, remove = 0): boolean {
  const prev = parse(FILE) as UsersModel;
  const firstRole = prev.roles[0];
  const before = analyze(prev, DEFAULT_SETTINGS);
  const e = edit(FILE, at, insert, remove);
  const next = reparse(prev, e.text, 'users', undefined, e.changes) as UsersModel;
  assert.equal(canonical(next), canonical(parse(e.text)));
  const a = analyzeIncremental(before, next, DEFAULT_SETTINGS);
  assert.equal(canonical(a.evaluation), canonical(analyze(parse(e.text), DEFAULT_SETTINGS).evaluation));
  return next.roles[0] === firstRole;
}

test('a keystroke inside one user tag re-reads only that tag', () => {
  assert.equal(spliced('name="bo', 'x'), true);
  assert.equal(spliced('name="bo', '', 1), true);
  assert.equal(spliced('role="administrator"', ' tenants="zoneA"'), true);
  assert.equal(spliced('password="LDAP"', '\n  '), true);
  assert.equal(spliced('name="bo', '"'), true, 'still one tag to the tolerant scan (the verdict is computed again)');
});

test('a keystroke the splice cannot prove safe parses the text again', () => {
  assert.equal(spliced('<authentication', ' case-sensitivity="false"'), false, 'the root tag');
  assert.equal(spliced('name="bo', '"/>'), false, 'the tag is no longer one tag');
  assert.equal(spliced('name="bob" password="secret" role="administrator"/>', '\n  <user name="dave"/>'), false, 'a new element');
  assert.equal(spliced('<!-- ', 'x'), false, 'a comment');
  assert.equal(spliced('<user', 's'), false, 'a renamed element');
});

test('the verdict of a well-formed file is kept only while the edited tag stays well-formed', () => {
  for (const [insert, problems] of [['x', 0], ['&', 1], ['&amp;', 0], ['&bogus;', 1], ['<', 1], ['\u0001', 1]] as const) {
    const e = edit(FILE, 'name="bo', insert);
    const next = reparse(parse(FILE), e.text, 'users', undefined, e.changes) as UsersModel;
    assert.equal(next.syntax.length, problems, JSON.stringify(insert));
    assert.equal(canonical(next), canonical(parse(e.text)));
  }
});

test("an edit of the DOCTYPE changes what the users' unchanged start tags deliver: no user result is reused", () => {
  const BCRYPT = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
  const text = `<!DOCTYPE authentication [<!ENTITY r "administrator"><!ATTLIST user role CDATA "administrator" name NMTOKEN #IMPLIED>]><authentication hash="bcrypt"><user name="a" password="${BCRYPT}"/><user name=" b " password="${BCRYPT}" role="&r;"/></authentication>`;
  for (const version of ['8.1', '8.3', '9.1']) {
    const settings = { ...DEFAULT_SETTINGS, rudderVersion: version };
    let a = analyze(parse(text), settings);
    // One after the other; the last is after the DOCTYPE: a user reading its default 'user' (≤ 8.1) has a finding
    // there, which stays where it is while the user's tag moves.
    for (const [at, insert, remove] of [['CDATA "', 'no_rights', 'administrator'.length], ['ENTITY r "', 'no_rights', 'administrator'.length], ['name ', 'x', 0], ['CDATA "', 'user', 'no_rights'.length], ['<authentication', ' case-sensitivity="true"', 0]] as const) {
      const e = edit(a.model.text, at, insert, remove);
      a = analyzeIncremental(a, reparse(a.model, e.text, 'users', undefined, e.changes), settings);
      assert.equal(canonical(a.evaluation), canonical(analyze(parse(e.text), settings).evaluation), `${version}: ${at}`);
    }
  }
});

test('a reparse consumes the previous model: the elements after the edit are the same objects, moved', () => {
  const prev = parse(FILE) as UsersModel;
  const carol = prev.users[2];
  const e = edit(FILE, 'name="bo', 'xy');
  const next = reparse(prev, e.text, 'users', undefined, e.changes) as UsersModel;
  assert.notEqual(next, prev);
  assert.equal(next.users[2], carol, 'kept, not copied');
  assert.equal(e.text.slice(carol.name!.valueRange!.start, carol.name!.valueRange!.end), 'carol', 'moved in place');
  assert.notEqual(next.users, prev.users, 'a new array: the memo still holds the previous one');
  assert.notEqual(next.users[1], prev.users[1], 'the edited user is declared again');
});

test('findings with related ranges are kept, with their diagnostics, while the users they show are the same declarations', () => {
  const BCRYPT = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
  const user = (name: string) => `  <user name="${name}" password="${BCRYPT}" role="administrator"/>\n`;
  const text = `<authentication hash="bcrypt" case-sensitivity="true">\n${['ann', 'ann', 'bob', 'Bob', 'BOB', 'carl', 'dora', 'eve', 'eve'].map(user).join('')}</authentication>\n`;
  // Each edit, which related findings (by rule and name) are the previous objects after it, and how many of their
  // diagnostics are (a finding kept where lines moved is converted again).
  const all = ['case-collision BOB', 'case-collision Bob', 'case-collision bob', 'duplicate-user ann', 'duplicate-user eve'];
  const cases: { at: string; insert: string; remove?: number; kept: string[]; diagnostics: number }[] = [
    { at: 'name="car', insert: 'x', kept: all, diagnostics: 5 },
    { at: 'name="carx', insert: '', remove: 1, kept: all, diagnostics: 5 },
    { at: 'name="do', insert: '\n', kept: all, diagnostics: 4 },
    { at: 'name="B', insert: 'x', kept: ['duplicate-user ann', 'duplicate-user eve'], diagnostics: 2 },
    { at: 'name="an', insert: 'n', kept: ['case-collision BOB', 'case-collision bob', 'duplicate-user eve'], diagnostics: 3 },
  ];
  let a = analyze(parse(text), DEFAULT_SETTINGS);
  const label = (f: { rule: string; range: { start: number; end: number } }, t: string) => `${f.rule} ${t.slice(f.range.start, f.range.end)}`;
  let doc = TextDocument.create('file:///w/rudder-users.xml', 'xml', 1, text);
  let diagnostics = getDiagnostics(doc, a, DEFAULT_SETTINGS);
  for (const c of cases) {
    const e = edit(a.model.text, c.at, c.insert, c.remove);
    const before = new Set(a.evaluation.findings);
    const shown = new Set(diagnostics);
    a = analyzeIncremental(a, reparse(a.model, e.text, 'users', undefined, e.changes), DEFAULT_SETTINGS);
    const full = analyze(parse(e.text), DEFAULT_SETTINGS);
    assert.equal(canonical(a.evaluation), canonical(full.evaluation), c.at);
    doc = TextDocument.create(doc.uri, 'xml', doc.version + 1, e.text);
    diagnostics = getDiagnostics(doc, a, DEFAULT_SETTINGS);
    assert.equal(JSON.stringify(diagnostics), JSON.stringify(getDiagnostics(doc, full, DEFAULT_SETTINGS)), c.at);
    const related = a.evaluation.findings.filter((f) => f.related);
    assert.deepEqual(related.filter((f) => before.has(f)).map((f) => label(f, e.text)).sort(), c.kept, c.at);
    // A kept finding whose positions, its related ones' included, did not move keeps its diagnostic object.
    assert.equal(diagnostics.filter((d) => d.relatedInformation && shown.has(d)).length, c.diagnostics, `${c.at}: diagnostics kept`);
  }
});

/** Files under server/src calling a function that consumes its argument (`reparse`, `analyzeIncremental`). */
function consumers(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && /\b(reparse|analyzeIncremental)\(/.test(fs.readFileSync(file, 'utf8'))) found.push(path.relative(REPO, file).split(path.sep).join('/'));
    }
  };
  walk(path.join(REPO, 'server', 'src'));
  return found.filter((f) => !f.startsWith('server/src/service/')).sort();
}

test("only the server's store reparses (it keeps only the newest analysis); the CLI never does", () => {
  assert.deepEqual(consumers(), ['server/src/lsp/store.ts']);
});

test("diagnostic positions and order are the text document's, at every offset around CR, LF and CRLF", () => {
  const text = '<authentication hash="bcrypt">\r\n  <user name="a"\r password="x"/>\n\r\n  <user name="b"/>\r\n</authentication>';
  const doc = TextDocument.create('file:///w/rudder-users.xml', 'xml', 1, text);
  const a = analyze(parse(text), DEFAULT_SETTINGS);
  const spans: [number, number][] = [];
  for (let s = 0; s <= text.length + 1; s++) for (const e of [s, s + 1, s + 2, s + 17]) spans.push([s, e]);
  spans.reverse();
  a.evaluation.findings = spans.map(([start, end]) => finding('empty-user-name', 'dropped', {}, { start, end }));
  const expected = spans
    .map(([start, end], i) => ({ i, range: { start: doc.positionAt(start), end: doc.positionAt(end) } }))
    .sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character || x.i - y.i)
    .map((x) => x.range);
  // Twice: converted, then from the cache.
  for (let round = 0; round < 2; round++) assert.deepEqual(getDiagnostics(doc, a, DEFAULT_SETTINGS).map((d) => d.range), expected);
});
