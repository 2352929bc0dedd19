// One configuration for editor and CLI, in a real VS Code: a .rudder-lint.json written beside the workspace's files
// applies (the client answers workspace/configuration with only the values the user set, so the default
// `rudder.version: auto` does not hide it); a setting the user sets wins over it, and the file applies again once
// the setting is removed; the language status item names the file; its `files` globs make the extension check
// a file of another name. The files are removed at teardown.
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { openDocument, restoreSettings, setSetting, waitForDiagnostics } = require('./helpers');

const ROOT = path.resolve(__dirname, '../../..');
const EXTENSION_ID = 'rudder-tooling.rudder-security-config';
const CONFIG = path.join(ROOT, 'test/workspace/.rudder-lint.json');
const EXTRA = path.join(ROOT, 'test/workspace/conf');
const WAIT_MS = 20000;

/** Resolves when `check()` is truthy (polled); rejects after WAIT_MS with `what()`, said then. */
async function until(check, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const plaintext = (list) => list.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'plaintext-password');

suite('.rudder-lint.json', () => {
  let doc;
  let api;

  suiteSetup(async () => {
    doc = await openDocument('rudder-users.xml');
    api = await vscode.extensions.getExtension(EXTENSION_ID).activate();
  });

  teardown(() => restoreSettings());

  suiteTeardown(() => {
    fs.rmSync(CONFIG, { force: true });
    fs.rmSync(EXTRA, { recursive: true, force: true });
  });

  test('its version and rules apply where the user set nothing; a user setting wins; removed, the file applies again', async () => {
    const item = api.languageStatus;
    fs.writeFileSync(CONFIG, JSON.stringify({ version: '8.3', rules: { 'plaintext-password': 'warning' } }));
    await until(() => item.text === 'Rudder 8.3 · .rudder-lint.json', () => `"Rudder 8.3 · .rudder-lint.json", not "${item.text}"`);
    assert.match(item.detail, /\.rudder-lint\.json/);
    await waitForDiagnostics(doc.uri, (list) => plaintext(list)?.severity === vscode.DiagnosticSeverity.Warning, 'plaintext-password as a warning');

    await setSetting('rudder.version', '9.1');
    await until(() => item.text === 'Rudder 9.1 · set', () => `"Rudder 9.1 · set", not "${item.text}"`);
    await setSetting('rudder.rules', { 'plaintext-password': 'information' });
    await waitForDiagnostics(doc.uri, (list) => plaintext(list)?.severity === vscode.DiagnosticSeverity.Information, 'plaintext-password as information');

    await restoreSettings();
    await until(() => item.text === 'Rudder 8.3 · .rudder-lint.json', () => `back to "Rudder 8.3 · .rudder-lint.json", not "${item.text}"`);
    await waitForDiagnostics(doc.uri, (list) => plaintext(list)?.severity === vscode.DiagnosticSeverity.Warning, 'plaintext-password a warning again');

    fs.rmSync(CONFIG);
    await until(() => item.text !== 'Rudder 8.3 · .rudder-lint.json', () => 'the status without the file');
    await waitForDiagnostics(doc.uri, (list) => plaintext(list)?.severity === vscode.DiagnosticSeverity.Error, 'plaintext-password an error again');
  });

  test('its "files" globs make the extension check a file of another name', async () => {
    fs.mkdirSync(EXTRA, { recursive: true });
    fs.writeFileSync(path.join(EXTRA, 'site-users.xml'), fs.readFileSync(doc.uri.fsPath));
    fs.writeFileSync(CONFIG, JSON.stringify({ files: { users: ['conf/*-users.xml'] } }));
    const extra = await until(async () => {
      const d = await openDocument(vscode.Uri.file(path.join(EXTRA, 'site-users.xml')));
      return plaintext(vscode.languages.getDiagnostics(d.uri)) ? d : undefined;
    }, () => 'diagnostics on conf/site-users.xml');
    assert.strictEqual(plaintext(vscode.languages.getDiagnostics(extra.uri)).severity, vscode.DiagnosticSeverity.Error);
  });
});
