/**
 * Robustness of the language service façade: seeded fuzz cases through every feature (see `test/fuzz/`), then
 * the minimal reproduction of each bug fuzzing found, so that every one of them has a test of its own.
 *
 * Longer runs: `node out/test/fuzz/run.js --cases N --seed S`.
 */
// @tier robustness
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import {
  analyze,
  getCodeActions,
  getCompletion,
  getDiagnostics,
  getFoldingRanges,
  getHover,
  getSymbols,
  parse,
  type Analysis,
} from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { scanXml } from '../../server/src/service/xml/scan';
import { runFuzz } from '../fuzz/fuzz';

const SEED = 20240613;
const CASES = 2500;
const STALL_MS = 10_000;

test(`${CASES} fuzz cases through every feature: no exception, no call over 1 s, well-formed results`, async (t) => {
  const summary = await runFuzz({ seed: SEED, cases: CASES, stallMs: STALL_MS });
  const { slowest } = summary;
  t.diagnostic(`${summary.cases} cases in ${(summary.ms / 1000).toFixed(1)} s; slowest call ${slowest.ms.toFixed(0)} ms (case ${slowest.index}: ${slowest.call})`);
  const bugs = [...summary.bugs].map(([sig, { count, first }]) => {
    const r = first.report;
    return `${count} case(s): ${sig}\n    first: seed ${r.seed} case ${r.index} (${r.kind}, ${r.origin}), text in ${first.file}\n    re-run: node out/test/fuzz/run.js --seed ${r.seed} --from ${r.index} --cases 1`;
  });
  if (bugs.length) assert.fail(`${summary.failing.length} of ${summary.cases} fuzz cases failed:\n${bugs.join('\n')}`);
});

// -----------------------------------------------------------------------------------------------------------
// What fuzzing found, each reduced to a minimal case

const URI: Record<FileKind, string> = { users: 'file:///etc/rudder/rudder-users.xml', properties: 'file:///etc/rudder/rudder-web.properties' };

function setup(text: string, kind: FileKind = 'users'): { doc: TextDocument; a: Analysis; diagnostics: Diagnostic[] } {
  const doc = TextDocument.create(URI[kind], kind === 'users' ? 'xml' : 'properties', 1, text);
  const a = analyze(parse(text, kind), DEFAULT_SETTINGS);
  return { doc, a, diagnostics: getDiagnostics(doc, a, DEFAULT_SETTINGS) };
}

/** Milliseconds of CPU `work` takes (the wall clock of a shared machine mostly measures the neighbours). */
function ms(work: () => unknown): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const options = { bcryptCost: 12, setPasswordCommand: false };
const whole = (doc: TextDocument): Range => ({ start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) });
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

function assertContains(outer: Range, inner: Range, what: string): void {
  assert.ok(!before(inner.start, outer.start) && !before(outer.end, inner.end), `${what}: ${JSON.stringify(inner)} is not inside ${JSON.stringify(outer)}`);
}

describe('found by fuzzing: deep nesting', () => {
  // 10,000 levels: past the ~1 MB stack of the server's main thread for every recursive walk of the element tree.
  const DEPTH = 10_000;
  const nested = `<authentication>\n${'<a>'.repeat(DEPTH)}<user name="x" password="secret" role="adminstrator"/>${'</a>'.repeat(DEPTH)}\n</authentication>\n`;

  test('parse does not overflow the stack (model.ts walked the tree recursively)', () => {
    assert.doesNotThrow(() => parse(nested, 'users'));
  });

  test('folding, completion, hover, code actions and symbols do not overflow the stack (navigation.ts, completion.ts, codeActions.ts recursed too)', () => {
    const { doc, a, diagnostics } = setup(nested);
    const inner = doc.positionAt(nested.indexOf('adminstrator') + 2);
    assert.doesNotThrow(() => getFoldingRanges(doc, a), 'folding');
    assert.doesNotThrow(() => getCompletion(doc, a, inner), 'completion');
    assert.doesNotThrow(() => getHover(doc, a, inner), 'hover');
    assert.doesNotThrow(() => getCodeActions(doc, a, whole(doc), diagnostics, options), 'code actions');
    assert.doesNotThrow(() => getSymbols(doc, a), 'symbols');
  });

  test('an LDAP filter nested 10,000 deep does not overflow the stack (the filter parser of properties/evaluate.ts recursed)', () => {
    const filter = `${'(&'.repeat(DEPTH)}(uid={0})${')'.repeat(DEPTH)}`;
    assert.doesNotThrow(() => setup(`rudder.auth.provider=ldap\nrudder.auth.ldap.filter=${filter}\n`, 'properties'));
  });
});

describe('found by fuzzing: super-linear time', () => {
  test('closing 20,000 nested elements is linear (scan.ts looked each end tag up in a copy of the open stack)', () => {
    const text = `<authentication>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</authentication>`;
    const took = ms(() => scanXml(text));
    assert.ok(took < 500, `scanXml took ${took.toFixed(0)} ms`);
  });

  test('a value continued over 4,000 lines parses in linear time (javaProperties.ts re-sliced the value at each continuation)', () => {
    const text = `rudder.auth.ldap.filter=${`${'(uid={0})'.repeat(12)}\\\n    `.repeat(4_000)}\n`;
    const took = ms(() => parse(text, 'properties'));
    assert.ok(took < 500, `parse took ${took.toFixed(0)} ms`);
  });

  test('a suppression comment followed by 30,000 spaces (the directive regex of suppression.ts backtracked)', () => {
    const spaces = ' '.repeat(30_000);
    const users = ms(() => parse(`<!-- rudder-lint-disable-next-line${spaces}x -->\n<authentication/>\n`, 'users'));
    const properties = ms(() => parse(`# rudder-lint-disable-next-line${spaces}x\na=b\n`, 'properties'));
    assert.ok(users < 300 && properties < 300, `parse took ${users.toFixed(0)} ms (users), ${properties.toFixed(0)} ms (properties)`);
  });

  test('an unknown key of 10,000 characters ("did you mean" computed an unbounded edit distance, text.ts)', () => {
    const took = ms(() => setup(`rudder.auth.${'x'.repeat(10_000)}=1\n`, 'properties'));
    assert.ok(took < 500, `analyze took ${took.toFixed(0)} ms`);
  });

  test('4,000 stray end tags after the root (wellFormed.ts collected every xmldom error; each recovery is O(document))', () => {
    const took = ms(() => parse(`<authentication></authentication>\n${'</authentication>\n'.repeat(4_000)}`, 'users'));
    assert.ok(took < 500, `parse took ${took.toFixed(0)} ms`);
  });

  test('code actions over the 12,000 diagnostics of 6,000 users (codeActions.ts did whole-document work per diagnostic)', () => {
    const users = Array.from({ length: 6_000 }, (_, i) => `  <user name="u${i}" password="secret" role="adminstrator"/>`);
    const { doc, a, diagnostics } = setup(`<authentication hash="bcrypt">\n${users.join('\n')}\n</authentication>\n`);
    const took = ms(() => getCodeActions(doc, a, whole(doc), diagnostics, options));
    assert.ok(took < 1000, `code actions took ${took.toFixed(0)} ms`);
  });
});

describe('found by fuzzing: exceptions and malformed results', () => {
  test('code actions tolerate a diagnostic whose data.candidates is not a list (users and properties)', () => {
    const users = setup('<authentication><user name="a" role="adminstrator"/></authentication>');
    const forged = (d: Diagnostic): Diagnostic => ({ ...d, data: { candidates: 'administrator' } });
    assert.doesNotThrow(() => getCodeActions(users.doc, users.a, whole(users.doc), users.diagnostics.map(forged), options));
    const properties = setup('rudder.server.hsts=treu\n', 'properties');
    assert.doesNotThrow(() => getCodeActions(properties.doc, properties.a, whole(properties.doc), properties.diagnostics.map(forged), options));
  });

  test('completion with the cursor at the end of an attribute name: the edit range is not reversed', () => {
    const { doc, a } = setup('<authentication hash="bcrypt"/>');
    const cursor = doc.positionAt('<authentication hash'.length);
    for (const item of getCompletion(doc, a, cursor)?.items ?? []) {
      const edit = item.textEdit as { range: Range } | undefined;
      if (edit) assert.ok(!before(edit.range.end, edit.range.start), `${item.label}: ${JSON.stringify(edit.range)}`);
    }
  });

  test('completion edit ranges are on the cursor line and contain the cursor (continued value, separator, unclosed quote)', () => {
    const cases: { text: string; cursor: Position; kind: FileKind }[] = [
      { text: 'rudder.server.hsts=tr\\\n  ue\n', cursor: { line: 1, character: 4 }, kind: 'properties' },
      { text: 'rudder.server.hsts = true\n', cursor: { line: 0, character: 19 }, kind: 'properties' },
      { text: '<authentication hash="bcrypt\nfoo bar\n', cursor: { line: 1, character: 2 }, kind: 'users' },
    ];
    for (const { text, cursor, kind } of cases) {
      const { doc, a } = setup(text, kind);
      for (const item of getCompletion(doc, a, cursor)?.items ?? []) {
        const range = (item.textEdit as { range: Range }).range;
        assert.equal(range.start.line, range.end.line, `${JSON.stringify(text)}, ${item.label}: multi-line ${JSON.stringify(range)}`);
        assertContains(range, { start: cursor, end: cursor }, `${JSON.stringify(text)}, ${item.label}`);
      }
    }
  });

  test("a user whose start tag is unfinished: the symbol's selectionRange is inside its range", () => {
    const { doc, a } = setup('<authentication>\n  <user name="alice" password="secret"');
    const check = (symbols: DocumentSymbol[]): void =>
      symbols.forEach((s) => {
        assertContains(s.range, s.selectionRange, s.name);
        check(s.children ?? []);
      });
    check(getSymbols(doc, a));
  });

  test('a properties line without a key (`=value`): every symbol has a name', () => {
    const { doc, a } = setup('=true\n', 'properties');
    const names = (symbols: DocumentSymbol[]): string[] => symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);
    assert.ok(
      names(getSymbols(doc, a)).every((n) => n !== ''),
      'VS Code rejects the whole outline when a symbol name is empty',
    );
  });
});
