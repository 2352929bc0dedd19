// Completion as an admin types it, in a real VS Code with the default settings: keys pressed in the browser (the
// workbench's own keyboard handling, quick suggestions and trigger characters), the suggest widget read from the
// page. The documents are untitled copies whose path ends in rudder-users.xml, closed without saving.
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { nextChange, openDocument, pressInWorkbench, revertAndClose, suggestWidget, typeInWorkbench } = require('./helpers');

const ROOT = path.resolve(__dirname, '../../..');
const bcrypt = require(path.join(ROOT, 'node_modules/bcryptjs'));
const WORKSPACE_USERS = fs.readFileSync(path.join(ROOT, 'test/workspace/rudder-users.xml'), 'utf8');
const WAIT_MS = 20000;

let copies = 0;

/** An untitled rudder-users.xml holding `text`, in a folder that does not exist (VS Code refuses one over a file). */
async function untitledUsers(text) {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: path.join(os.tmpdir(), `rudder-completion-${process.pid}-${++copies}`, 'rudder-users.xml') });
  const doc = await openDocument(uri);
  const paste = new vscode.WorkspaceEdit();
  paste.insert(uri, new vscode.Position(0, 0), text);
  assert.ok(await vscode.workspace.applyEdit(paste), 'paste the text into the copy');
  return doc;
}

/** Shows `doc` with the cursor `shift` characters after the first `needle`, the editor focused for typing. */
async function cursorAt(doc, needle, shift = 0) {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is in the copy`);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const at = doc.positionAt(offset + shift);
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  return editor;
}

async function until(check, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('completion as typed', () => {
  test('the file is the rudder-users language, whose defaults suggest inside values and never offer words', async () => {
    const doc = await untitledUsers(WORKSPACE_USERS);
    try {
      assert.strictEqual(doc.languageId, 'rudder-users');
      const config = vscode.workspace.getConfiguration('editor', { languageId: 'rudder-users' });
      assert.deepStrictEqual(config.get('quickSuggestions'), { other: 'on', comments: 'off', strings: 'on' });
      assert.strictEqual(config.get('wordBasedSuggestions'), 'off');
      const xml = vscode.workspace.getConfiguration('editor', { languageId: 'xml' });
      assert.strictEqual(xml.get('wordBasedSuggestions'), 'matchingDocuments', 'other XML files keep VS Code defaults');
    } finally {
      await revertAndClose(doc);
    }
  });

  test('typing node_ in a role value shows the four levels in the suggest widget @smoke', async () => {
    const doc = await untitledUsers(WORKSPACE_USERS.replace('</authentication>', '  <user name="erin" role=""/>\n</authentication>'));
    try {
      await cursorAt(doc, 'role=""/>', 'role="'.length);
      await typeInWorkbench('node_');
      const labels = await suggestWidget((l) => l.includes('node_read'), 'the levels of node_');
      assert.deepStrictEqual([...labels].sort(), ['node_all', 'node_edit', 'node_read', 'node_write']);
      await pressInWorkbench('Escape');
    } finally {
      await revertAndClose(doc);
    }
  });

  test('typing < between users offers the new user, whose snippet then asks for its password', async () => {
    const doc = await untitledUsers(WORKSPACE_USERS.replace('</authentication>', '  \n</authentication>'));
    const password = 'a new user typed in';
    const asked = [];
    const showInputBox = vscode.window.showInputBox;
    // The tests, inside the repository, get the `vscode` module of the extension developed there.
    vscode.window.showInputBox = async (options) => (asked.push(options.title), password);
    try {
      await cursorAt(doc, '  \n</authentication>', 2);
      await typeInWorkbench('<');
      const labels = await suggestWidget((l) => l.includes('user'), 'the user element');
      assert.ok(!labels.some((l) => /\$2b\$|a94a8fe5/.test(l)), `no fragment of a password hash: ${JSON.stringify(labels)}`);
      await pressInWorkbench('Enter');
      await until(() => doc.getText().includes('<user name="" password="" role="read_only"/>'), 'the new user snippet');
      await typeInWorkbench('frank');
      await pressInWorkbench('Tab');
      await suggestWidget((l) => l.includes('read_only') && l.includes('administrator'), 'the role choices');
      // Choosing the role ends the snippet, the cursor after the new element: then the password is asked.
      const hashed = nextChangeMatching(doc, (text) => /name="frank" password="\$2b\$/.test(text));
      await pressInWorkbench('Enter');
      const text = await hashed;
      assert.deepStrictEqual(asked, ['New password for frank', 'New password for frank']);
      const hash = /name="frank" password="([^"]+)"/.exec(text)[1];
      assert.strictEqual(text, WORKSPACE_USERS.replace('</authentication>', `  <user name="frank" password="${hash}" role="read_only"/>\n</authentication>`));
      assert.ok(await bcrypt.compare(password, hash), 'the hash verifies the password typed');
    } finally {
      vscode.window.showInputBox = showInputBox;
      await revertAndClose(doc);
    }
  });

  test('rudder-web.properties: keys as typed across the dots, then the values of the boolean chosen', async () => {
    const doc = await openDocument('rudder-web.properties');
    try {
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const end = doc.positionAt(doc.getText().length);
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await pressInWorkbench('Enter');
      await typeInWorkbench('rudder.server.cert');
      await suggestWidget((l) => l.includes('rudder.server.certificate.httpsOnly') && l.includes('rudder.server.certificate.validation'), 'the rudder.server.certificate keys');
      await typeInWorkbench('.https');
      await suggestWidget((l) => l.length === 1 && l[0] === 'rudder.server.certificate.httpsOnly', 'the one key left');
      await pressInWorkbench('Enter');
      await until(() => doc.getText().endsWith('\nrudder.server.certificate.httpsOnly='), 'the key and its separator');
      const values = await suggestWidget((l) => l.includes('true'), 'the values of a boolean');
      assert.deepStrictEqual(values, ['true', 'false']);
      await pressInWorkbench('Escape');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty, 'rudder-web.properties reverted');
    }
  });
});

/** Resolves with the text of `doc` at its first change after which `predicate(text)` holds. */
async function nextChangeMatching(doc, predicate) {
  for (;;) {
    await nextChange(doc);
    if (predicate(doc.getText())) return doc.getText();
  }
}
