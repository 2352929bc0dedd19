// rudder-users.xml in a real VS Code: the extension activates on test/workspace, starts the language server
// over node IPC, and VS Code shows its diagnostics and hovers; settings changes re-check the open file.
// Each feature is one test(...); the teardown puts back the settings a test changed. Features still to come fit
// the same mould, e.g. completion: `vscode.executeCompletionItemProvider`, quick fixes: `vscode.executeCodeActionProvider`
// on a diagnostic's range; another file: a suite that opens it with openDocument (helpers.js).
'use strict';
const assert = require('node:assert');
const vscode = require('vscode');
const {
  codeOf,
  describeDiagnostics,
  hoverText,
  openDocument,
  positionOf,
  restoreSettings,
  screenshot,
  setSetting,
  waitForDiagnostics,
} = require('./helpers');

const EXTENSION_ID = 'rudder-tooling.rudder-security-config';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

/** What the server reports on test/workspace/rudder-users.xml with the default settings, in file order. */
const EXPECTED = [
  { code: 'plaintext-password', severity: vscode.DiagnosticSeverity.Error, text: 'plain-text-secret' },
  { code: 'unknown-role', severity: vscode.DiagnosticSeverity.Warning, text: 'adminstrator', message: /Did you mean 'administrator'\?/ },
  { code: 'weak-hash', severity: vscode.DiagnosticSeverity.Error, text: SHA1 },
];
const byCode = (list, code) => list.filter((d) => codeOf(d) === code);
const signature = (list) => list.map((d) => `${codeOf(d)}|${d.severity}|${d.message}`).join('\n');

suite('rudder-users.xml', () => {
  let doc;
  let baseline;

  suiteSetup(async () => {
    doc = await openDocument('rudder-users.xml');
    baseline = await waitForDiagnostics(
      doc.uri,
      (list) => EXPECTED.every((e) => byCode(list, e.code).length > 0),
      `the codes ${EXPECTED.map((e) => e.code).join(', ')}`,
    );
  });

  teardown(async () => {
    if (await restoreSettings()) {
      await waitForDiagnostics(doc.uri, (list) => signature(list) === signature(baseline), 'the diagnostics of the default settings');
    }
  });

  // The file and its problems, with the default settings, for test-results/problems.png.
  suiteTeardown(async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot();
  });

  test('the extension is active and the file is XML', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, `${EXTENSION_ID} is not active`);
    assert.strictEqual(doc.languageId, 'xml');
  });

  test('diagnostics have the expected codes, severities, ranges and documentation links', () => {
    assert.deepStrictEqual(baseline.map(codeOf), EXPECTED.map((e) => e.code), describeDiagnostics(baseline));
    EXPECTED.forEach((e, i) => {
      const d = baseline[i];
      assert.strictEqual(d.severity, e.severity, `${e.code}: severity`);
      assert.strictEqual(doc.getText(d.range), e.text, `${e.code}: range text`);
      assert.strictEqual(d.source, 'rudder', `${e.code}: source`);
      if (e.message) assert.match(d.message, e.message, `${e.code}: message`);
      assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith(`rules.md#${e.code}`), `${e.code}: documentation link ${d.code.target}`);
    });
  });

  test('hover on a user name shows their rights', async () => {
    const alice = await hoverText(doc, positionOf(doc, 'alice'));
    assert.match(alice, /User `alice`/, alice);
    assert.match(alice, /Rights: \*\*all\*\*/, alice);
    const bob = await hoverText(doc, positionOf(doc, '"bob"').translate(0, 1));
    assert.match(bob, /Rights: \*\*none\*\*/, bob);
  });

  test('hover on the root element names the Rudder version assumed', async () => {
    const text = await hoverText(doc, positionOf(doc, 'authentication').translate(0, 2));
    assert.match(text, /\*\*Rudder \d+\.\d+\*\*/, text);
    assert.match(text, /rudder\.version/, text);
  });

  test('rudder.version 8.3 re-checks the SHA-1 digest for that version', async () => {
    const before = byCode(baseline, 'weak-hash')[0];
    await setSetting('rudder.version', '8.3');
    const after = await waitForDiagnostics(
      doc.uri,
      (list) => byCode(list, 'weak-hash').some((d) => d.message.includes('8.2–8.3')),
      'a weak-hash diagnostic for Rudder 8.2–8.3',
    );
    const d = byCode(after, 'weak-hash')[0];
    assert.notStrictEqual(d.message, before.message);
    assert.strictEqual(doc.getText(d.range), SHA1);
    const root = await hoverText(doc, positionOf(doc, 'authentication').translate(0, 2));
    assert.match(root, /\*\*Rudder 8\.3\*\*.*chosen in settings/, root);
  });

  test('rudder.rules.unknown-role off removes that diagnostic only', async () => {
    await setSetting('rudder.rules.unknown-role', 'off');
    const after = await waitForDiagnostics(
      doc.uri,
      (list) => list.length > 0 && byCode(list, 'unknown-role').length === 0,
      'the diagnostics without unknown-role',
    );
    assert.deepStrictEqual(after.map(codeOf), ['plaintext-password', 'weak-hash'], describeDiagnostics(after));
  });
});
