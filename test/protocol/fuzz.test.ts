/**
 * Protocol fuzzing in CI: seeded random sequences of edits and requests against the bundled server over
 * stdio, each ending with the differential check against a fresh server (see `test/fuzz/protocol.ts`).
 *
 * Longer runs: `npm run fuzz -- --cases 0 --protocol-cases N --seed S`.
 */
// @tier robustness
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { runProtocolFuzz } from '../fuzz/protocol';
import { openDocument, startServer, stopServer } from './session';

const SEED = 20240613;
const CASES = 150;

test(`${CASES} protocol fuzz cases: every request answered, no error logged, diagnostics equal to a fresh server's`, async (t) => {
  const summary = await runProtocolFuzz({ seed: SEED, cases: CASES });
  t.diagnostic(`${summary.cases} cases, ${summary.steps} steps in ${(summary.ms / 1000).toFixed(1)} s`);
  const failures = summary.failing.map(
    ({ report: r, file }) => `case ${r.index} (${r.kind}, ${r.origin}): ${r.failures.map((f) => `${f.call} → ${f.message}`).join('; ')}\n    steps: ${file}\n    re-run: node out/test/fuzz/run.js --seed ${r.seed} --from ${r.index} --cases 0 --protocol-cases 1`,
  );
  if (failures.length) assert.fail(`${failures.length} of ${summary.cases} protocol fuzz cases failed:\n${failures.join('\n')}`);
});

/** The document and the one `didChange` of protocol fuzz case 260 (seed 20261201) that broke the server's line index. */
const BROKEN_BY: { text: string; changes: { range: Range; text: string }[] } = {"text": "\"node_read,rule_read\" />\n      <role name=\"read-only-extended\"   permissions=\"read-only-restricted,configuration_r%ad\" />\n      <role name=\"cve-access=\"cve-access, compliance\" />\n  </custom-roles></authentication>\n  <custom-roles>\n      <role name=\"read-only-restricted\"`permissions=\"node_read,rule_read\" />\"\"cve-access=\"cve-access, compliance\" />\n  </custom-roles>\n! ...\n</authentication>\n", "changes": [{"range": {"start": {"line": 1, "character": 15}, "end": {"line": 2, "character": 28}}, "text": "cyb/.\tx\ud83d>"}, {"range": {"start": {"line": 1, "character": 94}, "end": {"line": 9, "character": 0}}, "text": "'"}, {"range": {"start": {"line": 5, "character": 3}, "end": {"line": 9, "character": 0}}, "text": ",rule_read\" />\n      <role name=\"read-only-extended\"   permissions=\"read-only-restricted,configuration_r%ad\" />\n      <role name=\"cve-access=\"cve-access, compliance\" />\n  </custom-roles></authentication>\n  <"}]};

test('found by protocol fuzzing: changes past the end of the document (the line index got holes, every later position was null)', async () => {
  const s = await startServer({ textDocument: { diagnostic: {} } });
  try {
    const edited = 'file:///fuzz/regression/a/rudder-users.xml';
    const fresh = 'file:///fuzz/regression/b/rudder-users.xml';
    await openDocument(s, edited, BROKEN_BY.text);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: edited, version: 2 }, contentChanges: BROKEN_BY.changes });
    let expected = TextDocument.create(fresh, 'xml', 1, BROKEN_BY.text);
    for (const c of BROKEN_BY.changes) {
      const clamp = (p: Position) => expected.positionAt(expected.offsetAt(p));
      expected = TextDocument.update(expected, [{ range: { start: clamp(c.range.start), end: clamp(c.range.end) }, text: c.text }], 2);
    }
    await openDocument(s, fresh, expected.getText());
    const diagnostics = async (uri: string) => ((await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;
    const [a, b] = [await diagnostics(edited), await diagnostics(fresh)];
    assert.ok(a.length > 0, 'the broken file is reported');
    assert.deepEqual(a, b, 'the same diagnostics as the same text opened fresh (no null position)');
  } finally {
    await stopServer(s);
  }
});
