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
import type { Diagnostic, Range } from 'vscode-languageserver-types';
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

interface Edited {
  text: string;
  changes: { range: Range; text: string }[];
}

/** The document and the one `didChange` of protocol fuzz case 260 (seed 20261201) that broke the server's line index. */
const BROKEN_BY: Edited = {"text": "\"node_read,rule_read\" />\n      <role name=\"read-only-extended\"   permissions=\"read-only-restricted,configuration_r%ad\" />\n      <role name=\"cve-access=\"cve-access, compliance\" />\n  </custom-roles></authentication>\n  <custom-roles>\n      <role name=\"read-only-restricted\"`permissions=\"node_read,rule_read\" />\"\"cve-access=\"cve-access, compliance\" />\n  </custom-roles>\n! ...\n</authentication>\n", "changes": [{"range": {"start": {"line": 1, "character": 15}, "end": {"line": 2, "character": 28}}, "text": "cyb/.\tx\ud83d>"}, {"range": {"start": {"line": 1, "character": 94}, "end": {"line": 9, "character": 0}}, "text": "'"}, {"range": {"start": {"line": 5, "character": 3}, "end": {"line": 9, "character": 0}}, "text": ",rule_read\" />\n      <role name=\"read-only-extended\"   permissions=\"read-only-restricted,configuration_r%ad\" />\n      <role name=\"cve-access=\"cve-access, compliance\" />\n  </custom-roles></authentication>\n  <"}]};

const REGRESSIONS: { name: string; kind: 'users' | 'properties'; edited: Edited }[] = [
  { name: 'changes past the end of the document (the line index got holes, every later position was null)', kind: 'users', edited: BROKEN_BY },
  {
    // Seed 20261203, case 1677: the library kept the CR and the LF as two line breaks, every later line was off by one.
    name: 'an insertion that joins a CR and an LF into one line break',
    kind: 'properties',
    edited: { text: 'rudder.auth.providr=file\r', changes: [{ range: { start: { line: 1, character: 1e6 }, end: { line: 1, character: 1e6 } }, text: '\nrudder.auth.provider=ldap' }] },
  },
  {
    name: 'a deletion that joins a CR and an LF',
    kind: 'properties',
    edited: { text: 'rudder.auth.providr=file\rX\nrudder.auth.provider=ldap\n', changes: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' }] },
  },
];

for (const { name, kind, edited: e } of REGRESSIONS) {
  test(`found by protocol fuzzing: ${name}`, async () => {
    const s = await startServer({ textDocument: { diagnostic: {} } });
    try {
      const file = kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties';
      const [edited, fresh] = [`file:///fuzz/regression/a/${file}`, `file:///fuzz/regression/b/${file}`];
      const languageId = kind === 'users' ? 'xml' : 'properties';
      await openDocument(s, edited, e.text, languageId);
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: edited, version: 2 }, contentChanges: e.changes });
      let text = e.text;
      for (const c of e.changes) {
        const doc = TextDocument.create(fresh, languageId, 1, text);
        const [start, end] = [doc.offsetAt(c.range.start), doc.offsetAt(c.range.end)];
        text = text.slice(0, start) + c.text + text.slice(end);
      }
      await openDocument(s, fresh, text, languageId);
      const diagnostics = async (uri: string) => ((await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;
      const [a, b] = [await diagnostics(edited), await diagnostics(fresh)];
      assert.ok(a.length > 0, 'the file has findings to compare');
      assert.deepEqual(a, b, 'the same diagnostics as the same text opened fresh');
    } finally {
      await stopServer(s);
    }
  });
}
