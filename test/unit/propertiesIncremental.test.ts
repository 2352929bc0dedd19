/**
 * Incremental properties analysis (`reparse` with the editor's changes, `analyzeIncremental` with the previous
 * analysis) equals a full one: seeded edit sequences here (the thousands are in propertiesIncrementalFuzz.test.ts,
 * robustness tier), and what the memo must keep and must not.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, analyzeIncremental, getDiagnostics, parse, reparse, type Analysis, type DocumentContext, type TextChange } from '../../server/src/service/languageService';
import { overrideSource } from '../../server/src/service/properties/overrides';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { canonical, loadBenchGenerator, runDifferential } from '../fuzz/incremental';
import { properties } from '../fuzz/propertiesIncremental';

before(loadBenchGenerator);

test('20 seeded edit sequences: the incremental model, evaluation and diagnostics equal a full analysis', () => {
  const { mismatches } = runDifferential(properties(), 11, 0, 20);
  assert.deepEqual(mismatches, []);
});

const SETTINGS = { ...DEFAULT_SETTINGS, rudderVersion: '9.1' };

const FILE = [
  'rudder.auth.provider=ldap, file',
  'rudder.auth.ldap.connection.url=ldap://ldap.example.com/dc=example,dc=com',
  'rudder.auth.ldap.searchbase=ou=people,dc=example,dc=com',
  'rudder.auth.ldap.filter=(uid={0})',
  'rudder.server.hsts=true',
  'rudder.server.hstsIncludeSubDomains=true',
  'rudder.auth.unknwon=1',
  'rudder.auth.ldap.connection.bind.password=secret',
  'rudder.auth.idle-timeout=90 days',
  '',
].join('\n');

/** `text` with `insert` put after the first `at` (and `remove` characters there removed), as one change. */
function edit(text: string, at: string, insert: string, remove = 0): { changes: TextChange[]; text: string } {
  const start = text.indexOf(at) + at.length;
  assert.ok(start >= at.length, at);
  return { changes: [{ start, end: start + remove, text: insert }], text: text.slice(0, start) + insert + text.slice(start + remove) };
}

/** The incremental analysis of an edit of `prev`, checked equal to a full analysis. */
function step(prev: Analysis, e: { changes: TextChange[]; text: string }, context: DocumentContext = {}): Analysis {
  const next = analyzeIncremental(prev, reparse(prev.model, e.text, 'properties', undefined, e.changes), SETTINGS, context);
  const full = analyze(parse(e.text, 'properties'), SETTINGS, context);
  assert.equal(canonical(next.model), canonical(full.model));
  assert.equal(canonical(next.evaluation), canonical(full.evaluation));
  return next;
}

const rules = (a: Analysis) => a.evaluation.findings.map((f) => f.rule);

test('a value typed: the findings before it are the same objects, those after it the same objects moved in place', () => {
  const a = analyze(parse(FILE, 'properties'), SETTINGS);
  const at = FILE.indexOf('rudder.server.hsts=true') + 'rudder.server.hsts=true'.length;
  const before = a.evaluation.findings.filter((f) => f.range.end < at).map((f) => ({ f, start: f.range.start }));
  const after = a.evaluation.findings.filter((f) => f.range.start > at).map((f) => ({ f, start: f.range.start }));
  assert.ok(before.length > 0 && after.length > 0);
  const b = step(a, edit(FILE, 'rudder.server.hsts=true', 'x'));
  for (const { f, start } of before) assert.ok(b.evaluation.findings.includes(f) && f.range.start === start, `${f.rule} kept`);
  for (const { f, start } of after) assert.ok(b.evaluation.findings.includes(f) && f.range.start === start + 1, `${f.rule} one further`);
});

test('a value typed: the diagnostics of the findings it moved along their lines are not converted again', () => {
  const uri = 'file:///etc/rudder/rudder-web.properties';
  const a = analyze(parse(FILE, 'properties'), SETTINGS);
  const first = getDiagnostics(TextDocument.create(uri, 'properties', 1, FILE), a, SETTINGS);
  const e = edit(FILE, 'rudder.server.hsts=true', 'x');
  const b = step(a, e);
  const second = getDiagnostics(TextDocument.create(uri, 'properties', 2, e.text), b, SETTINGS);
  const line = FILE.slice(0, FILE.indexOf('rudder.server.hsts=true')).split('\n').length - 1;
  const others = first.filter((d) => d.range.start.line !== line);
  assert.ok(others.length > 0);
  for (const d of others) assert.ok(second.includes(d), `${String(d.code)} at line ${d.range.start.line} kept`);
});

test('a key whose checks read another key is checked again when that key changes', () => {
  const a = analyze(parse(FILE, 'properties'), SETTINGS);
  assert.ok(!rules(a).includes('hsts-disabled'));
  const b = step(a, edit(FILE, 'rudder.server.hsts=', 'false', 4));
  assert.deepEqual(
    b.evaluation.findings.filter((f) => f.rule === 'hsts-disabled').map((f) => f.variant),
    ['off', 'without-hsts'],
  );
  // LDAP switched off: every LDAP finding softens.
  const c = step(b, edit(b.model.text, 'rudder.auth.provider=', '', 6));
  assert.notEqual(canonical(c.evaluation.findings.filter((f) => f.rule.startsWith('ldap'))), canonical(b.evaluation.findings.filter((f) => f.rule.startsWith('ldap'))));
});

test('a sub-key typed and removed, a duplicate added and removed', () => {
  let a = analyze(parse(FILE, 'properties'), SETTINGS);
  a = step(a, edit(a.model.text, 'rudder.auth.ldap.filter=(uid={0})\n', 'rudder.auth.ldap.connection.url.x=1\n'));
  assert.ok(rules(a).includes('subkey-hides-value'));
  a = step(a, edit(a.model.text, 'rudder.auth.ldap.connection.url.x=1\n', '', -'rudder.auth.ldap.connection.url.x=1\n'.length));
  a = step(a, edit(a.model.text, '', 'rudder.auth.idle-timeout=1h\n'));
  assert.ok(rules(a).includes('duplicate-key'));
});

test('a duplicate key keeps its findings and diagnostics while both entries are the same objects on the same lines', () => {
  const uri = 'file:///etc/rudder/rudder-web.properties';
  const text = `rudder.auth.ldap.connection.bind.password=first\nrudder.auth.idle-timeout=1h\n${FILE}`;
  let a = analyze(parse(text, 'properties'), SETTINGS);
  let shown = getDiagnostics(TextDocument.create(uri, 'properties', 1, text), a, SETTINGS);
  // The overridden entries' findings (`duplicate-key`, and the clear secret of the overridden password).
  const duplicates = (x: Analysis) => x.evaluation.findings.filter((f) => f.rule === 'duplicate-key' || (f.rule === 'plaintext-secret' && f.range.start < x.model.text.indexOf('\n')));
  assert.equal(duplicates(a).length, 3);
  // Each edit, and how many of those findings, then of their diagnostics, are the previous objects after it.
  const cases: [at: string, insert: string, remove: number, findings: number, diagnostics: number][] = [
    ['rudder.server.hsts=true', 'x', 0, 3, 3],
    ['rudder.server.hsts=true', '', 1, 3, 3],
    // A line more before the winners: their lines, which the message names, moved.
    ['rudder.server.hsts=', '\\\n  ', 0, 0, 0],
    ['rudder.auth.idle-timeout=', '2', 0, 2, 2],
    ['rudder.auth.ldap.connection.bind.password=secre', 't2', 1, 1, 1],
  ];
  for (const [at, insert, remove, findings, diagnostics] of cases) {
    const before = new Set(a.evaluation.findings);
    const converted = new Set(shown);
    const e = edit(a.model.text, at, insert, remove);
    a = step(a, e);
    const doc = TextDocument.create(uri, 'properties', 2, e.text);
    shown = getDiagnostics(doc, a, SETTINGS);
    assert.equal(JSON.stringify(shown), JSON.stringify(getDiagnostics(doc, analyze(parse(e.text, 'properties'), SETTINGS), SETTINGS)), at);
    assert.equal(duplicates(a).filter((f) => before.has(f)).length, findings, `${at}: findings kept`);
    assert.equal(shown.filter((d) => (d.code === 'duplicate-key' || (d.code === 'plaintext-secret' && d.range.start.line === 0)) && converted.has(d)).length, diagnostics, `${at}: diagnostics kept`);
  }
});

test('the same decoded value written with its backslash elsewhere is checked again', () => {
  // `\(` and `(\u…` decode alike but lose a backslash at another offset of the raw value.
  const text = 'rudder.auth.provider=ldap\nrudder.auth.ldap.filter=\\(uid={0})\n';
  const a = analyze(parse(text, 'properties'), SETTINGS);
  const b = step(a, { changes: [{ start: text.indexOf('\\('), end: text.indexOf('\\(') + 3, text: '(\\u' }], text: text.replace('\\(u', '(\\u') });
  assert.notEqual(canonical(a.evaluation.findings), canonical(b.evaluation.findings));
});

test('overrides: the same facts in new objects keep every finding; other facts change them', () => {
  const source = (text: string) => ({ properties: { overrides: [overrideSource('rudder-web.properties.d/10-x.properties', text)] } });
  const a = analyze(parse(FILE, 'properties'), SETTINGS, source('rudder.server.hsts=false\n'));
  const b = step(a, edit(FILE, 'rudder.auth.unknwon=1', '2'), source('rudder.server.hsts=false\n'));
  const at = FILE.indexOf('rudder.auth.unknwon=1');
  for (const f of a.evaluation.findings.filter((g) => g.range.end < at)) assert.ok(b.evaluation.findings.includes(f), `${f.rule} kept`);
  const c = step(b, edit(b.model.text, 'rudder.auth.unknwon=12', '3'), source('rudder.auth.idle-timeout=1h\n'));
  assert.ok(rules(c).includes('property-overridden'));
});

test('reparse reads the region the changes cover, and a diff of the texts without them', () => {
  const prev = parse(FILE, 'properties');
  const e = edit(FILE, 'rudder.server.hsts=true', '\\\n  x');
  for (const changes of [e.changes, undefined, [{ start: 0, end: FILE.length, text: e.text }]]) {
    assert.equal(canonical(reparse(prev, e.text, 'properties', undefined, changes)), canonical(parse(e.text, 'properties')));
  }
});

test('a malformed escape typed, then completed: the keys are checked again', () => {
  // java.util.Properties throws on the half-typed `\u00`: that evaluation checks no key, and hands on no record.
  const text = 'rudder.server.hsts=maybe\nrudder.auth.unknwon=caf\\u00\nrudder.auth.idle-timeout=90 days\n';
  let a = analyze(parse(text, 'properties'), SETTINGS);
  assert.deepEqual(rules(a), ['properties-syntax']);
  a = step(a, edit(text, 'caf\\u00', 'e9'));
  assert.deepEqual(rules(a), ['invalid-boolean', 'unknown-key', 'idle-timeout-long']);
});

test('suppressions are found again near the edit only, and equal a full parse around it', () => {
  const directive = '# rudder-lint-disable-next-line unknown-key';
  const text = `${directive}\nrudder.auth.unknown0=x\nrudder.auth.provider=file\n${directive}\nrudder.auth.unknown1=x\nrudder.auth.unknown2=y\\\n# not a comment: continued\n${directive}\nrudder.auth.unknown3=z\n${directive}`;
  let a = analyze(parse(text, 'properties'), SETTINGS);
  assert.equal(a.model.suppressions.length, 3, 'the last directive has no line after it');
  const far = a.model.suppressions[0];
  const cases: [string, string, number][] = [
    [`${directive}\nrudder.auth.unknown3=z\n${directive}`, '\nrudder.auth.unknown4=w', 0], // a line after the last directive
    ['rudder.auth.unknown2=y', '', 1], // the continuation removed: a comment line appears
    ['rudder.auth.unknown2=y', '\\', 0], // and back
    ['rudder.auth.unknown1=x\n', '# rudder-lint-disable-next-line\n', 0], // a directive typed
    ['rudder.auth.unknown1=x\n#', ' ', 0],
  ];
  for (const [at, insert, remove] of cases) a = step(a, edit(a.model.text, at, insert, remove));
  assert.equal(a.model.suppressions[0], far, 'the directive before every edit is the same object');
  a = step(a, edit(a.model.text, 'provider=file\n# rudder-lint-disable-next-line unknown-key', '', '\nrudder.auth.unknown1=x'.length)); // its line joined to its target's
});
