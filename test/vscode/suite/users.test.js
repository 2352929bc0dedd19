// rudder-users.xml in a real VS Code: the extension activates on test/workspace, starts the language server
// over node IPC, and VS Code shows its diagnostics, hovers, completions and code actions; settings and edits of the
// sibling rudder-web.properties re-check the open file.
// Each feature is one test(...); the teardown puts back the settings and the text a test changed (edits are made
// in the editor and never saved), and the suite checks at the end that the workspace files are unchanged.
// Tests tagged @smoke are the subset run against the packaged extension (run-vsix.js).
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const {
  codeOf,
  describeDiagnostics,
  hoverText,
  nextChange,
  openDocument,
  positionOf,
  replaceText,
  restoreSettings,
  revert,
  revertAndClose,
  screenshot,
  setSetting,
  waitForDiagnostics,
} = require('./helpers');

const ROOT = path.resolve(__dirname, '../../..');
// The repository's own copy (a dependency of the extension), loaded by path: the tests are not a package.
const bcrypt = require(path.join(ROOT, 'node_modules/bcryptjs'));

const EXTENSION_ID = 'rudder-tooling.rudder-security-config';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const BOB_PASSWORD = 'plain-text-secret';
const ALICE_HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const { Error: ERROR, Information: INFORMATION } = vscode.DiagnosticSeverity;

/**
 * What the server reports on test/workspace/rudder-users.xml with the default settings, in file order (the
 * server sends errors first). dave's password="LDAP" has none: the sibling rudder-web.properties lists ldap.
 */
const EXPECTED = [
  { code: 'startup-rewrite', severity: INFORMATION, text: 'authentication', message: /At every start Rudder rewrites this file/ },
  { code: 'plaintext-password', severity: ERROR, text: BOB_PASSWORD },
  { code: 'unknown-role', severity: ERROR, text: 'adminstrator', message: /Did you mean 'administrator'\?/ },
  { code: 'weak-hash', severity: ERROR, text: SHA1 },
];
const inFileOrder = (list) => [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
const codes = (list) => inFileOrder(list).map(codeOf).join(', ');
const byCode = (list, code) => list.filter((d) => codeOf(d) === code);
const signature = (list) => inFileOrder(list).map((d) => `${codeOf(d)}|${d.severity}|${d.message}`).join('\n');
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

/**
 * `after` is `before` with only the attribute value `old` replaced: returns the new value. `old` must be a
 * whole value that occurs once in `before`.
 */
function replacedValue(before, after, old) {
  const start = before.indexOf(`"${old}"`) + 1;
  assert.ok(start > 0 && before.indexOf(`"${old}"`, start) < 0, `"${old}" is not a value that occurs once`);
  const end = after.indexOf('"', start);
  const value = after.slice(start, end);
  assert.strictEqual(after, before.slice(0, start) + value + before.slice(start + old.length), 'only the password value changed');
  return value;
}

suite('rudder-users.xml', () => {
  let doc;
  let baseline;
  let onDisk;
  /** dave's diagnostic: password="LDAP", whose severity depends on rudder.auth.provider in rudder-web.properties. */
  const ldapUser = (list) => byCode(list, 'plaintext-password').find((d) => doc.getText(d.range) === 'LDAP');

  suiteSetup(async () => {
    onDisk = ['rudder-users.xml', 'rudder-web.properties'].map((name) => {
      const file = path.join(ROOT, 'test/workspace', name);
      return { file, text: fs.readFileSync(file, 'utf8') };
    });
    // The tests edit the workspace files in the editor and never save them (run.js turns auto save off).
    assert.strictEqual(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave');
    doc = await openDocument('rudder-users.xml');
    baseline = inFileOrder(await waitForDiagnostics(doc.uri, (list) => codes(list) === EXPECTED.map((e) => e.code).join(', '), `the codes ${EXPECTED.map((e) => e.code).join(', ')}`));
  });

  teardown(async () => {
    await restoreSettings();
    if (doc.isDirty) await revert(doc);
    await waitForDiagnostics(doc.uri, (list) => signature(list) === signature(baseline), 'the diagnostics of the default settings and the saved files');
  });

  // The file and its problems, with the default settings, for test-results/problems.png; then the workspace
  // files must be as the suite found them.
  suiteTeardown(async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot();
    for (const { file, text } of onDisk) assert.strictEqual(fs.readFileSync(file, 'utf8'), text, `${file} changed`);
    assert.ok(!doc.isDirty, `${doc.uri.fsPath} has unsaved changes`);
  });

  test('the extension under test is active and the file is the rudder-users language @smoke', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, `${EXTENSION_ID} is not active`);
    // The runner says where it comes from: this repository, or the folder the .vsix was installed into.
    assert.strictEqual(extension.extensionPath, process.env.RUDDER_TEST_EXTENSION_PATH, 'the extension under test');
    assert.strictEqual(doc.languageId, 'rudder-users');
  });

  test('diagnostics have the expected codes, severities, ranges and documentation links @smoke', () => {
    assert.deepStrictEqual(baseline.map(codeOf), EXPECTED.map((e) => e.code), describeDiagnostics(baseline));
    EXPECTED.forEach((e, i) => {
      const d = baseline[i];
      assert.strictEqual(d.severity, e.severity, `${e.code}: severity`);
      assert.strictEqual(doc.getText(d.range), e.text, `${e.code}: range text`);
      assert.strictEqual(d.source, 'rudder', `${e.code}: source`);
      if (e.message) assert.match(d.message, e.message, `${e.code}: message`);
      // The server's link to docs/rules.md#<rule>, pointed by the extension at its own copy (docs.test.js opens it).
      const link = typeof d.code === 'object' ? d.code.target : undefined;
      assert.ok(link?.scheme === 'command' && link.path === 'rudder.openRuleDoc' && JSON.parse(link.query)[0] === e.code, `${e.code}: documentation link ${link}`);
    });
  });

  test('hover on a user name shows their rights @smoke', async () => {
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
      (list) => byCode(list, 'weak-hash').some((d) => /strict mode/.test(d.message)),
      'a weak-hash diagnostic for the strict mode of Rudder 8.3',
    );
    const d = byCode(after, 'weak-hash')[0];
    assert.notStrictEqual(d.message, before.message);
    assert.strictEqual(doc.getText(d.range), SHA1);
    const root = await hoverText(doc, positionOf(doc, 'authentication').translate(0, 2));
    assert.match(root, /\*\*Rudder 8\.3\*\*.*chosen in settings/, root);
  });

  test('rudder.rules { "unknown-role": "off" } removes that diagnostic only', async () => {
    await setSetting('rudder.rules', { 'unknown-role': 'off' });
    const after = await waitForDiagnostics(
      doc.uri,
      (list) => list.length > 0 && byCode(list, 'unknown-role').length === 0,
      'the diagnostics without unknown-role',
    );
    assert.deepStrictEqual(inFileOrder(after).map(codeOf), ['startup-rewrite', 'plaintext-password', 'weak-hash'], describeDiagnostics(after));
  });

  test('completion inside role="node_" offers the four levels', async () => {
    // An untitled copy whose path matches **/rudder-users.xml (the client selects untitled files by pattern too),
    // in a folder that does not exist: VS Code refuses an untitled document over an existing file.
    const uri = vscode.Uri.from({ scheme: 'untitled', path: path.join(os.tmpdir(), `rudder-completion-${process.pid}`, 'rudder-users.xml') });
    const copy = await openDocument(uri);
    try {
      assert.strictEqual(copy.languageId, 'rudder-users');
      const paste = new vscode.WorkspaceEdit();
      paste.insert(uri, new vscode.Position(0, 0), doc.getText());
      assert.ok(await vscode.workspace.applyEdit(paste), 'paste the users file into the copy');
      // What typing leaves in the editor: the closing quote comes with the opening one, the cursor before it.
      const typed = '  <user name="erin" role="node_"/>\n';
      await replaceText(copy, '</authentication>', `${typed}</authentication>`);
      const cursor = positionOf(copy, typed.trim()).translate(0, typed.trim().indexOf('node_') + 'node_'.length);
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, cursor, '_');
      assert.deepStrictEqual(list.items.map(labelOf).sort(), ['node_all', 'node_edit', 'node_read', 'node_write']);
      for (const item of list.items) {
        const range = item.range instanceof vscode.Range ? item.range : item.range.replacing;
        assert.strictEqual(copy.getText(range), 'node_', `${labelOf(item)} replaces what was typed`);
      }
    } finally {
      await revertAndClose(copy);
    }
  });

  test("the bcrypt quick fix, resolved lazily, hashes bob's plain-text password and nothing else", async () => {
    const start = positionOf(doc, BOB_PASSWORD);
    const range = new vscode.Range(start, start.translate(0, BOB_PASSWORD.length));
    const bcryptFix = (actions) => {
      const found = actions.filter((a) => /^Hash this password with bcrypt \(cost \d+\)$/.test(a.title));
      assert.strictEqual(found.length, 1, `one bcrypt fix among: ${actions.map((a) => a.title).join(' | ')}`);
      return found[0];
    };
    const quickFixes = (resolveCount) =>
      vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value, resolveCount);
    assert.strictEqual(bcryptFix(await quickFixes(0)).edit, undefined, 'the edit only comes with codeAction/resolve');
    const fix = bcryptFix(await quickFixes(10));
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit, 'codeAction/resolve gave the edit');

    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    const hash = replacedValue(before, doc.getText(), BOB_PASSWORD);
    const cost = /cost (\d+)/.exec(fix.title)[1];
    assert.match(hash, new RegExp(`^\\$2b\\$${cost}\\$`), hash);
    assert.ok(await bcrypt.compare(BOB_PASSWORD, hash), `${hash} does not verify '${BOB_PASSWORD}'`);
    await waitForDiagnostics(doc.uri, (list) => codes(list) === 'startup-rewrite, unknown-role, weak-hash', "the diagnostics without bob's plain-text password");
  });

  /** Replaces VS Code's input box for the test's duration: `answer(options, call)` gives each answer. */
  async function withInputBox(answer, run) {
    // The tests, inside the repository, get the `vscode` module of the extension developed there: this replaces
    // its input box (not that of an installed .vsix, which has its own).
    const showInputBox = vscode.window.showInputBox;
    let call = 0;
    vscode.window.showInputBox = async (options) => answer(options, call++);
    try {
      return await run();
    } finally {
      vscode.window.showInputBox = showInputBox;
    }
  }
  const ALICE = { name: 'alice', occurrence: 0 };

  test('"Set a new password…" asks twice, masked, and writes a bcrypt hash of the answer', async () => {
    const password = 'correct horse battery staple';
    const asked = [];
    const before = doc.getText();
    await withInputBox(
      (options) => (asked.push(options), password),
      () => Promise.all([nextChange(doc), vscode.commands.executeCommand('rudder.setPassword', { uri: doc.uri.toString(), user: ALICE })]),
    );
    assert.strictEqual(asked.length, 2, 'the password is asked twice');
    assert.ok(asked.every((o) => o.password === true), 'in masked input boxes');
    const hash = replacedValue(before, doc.getText(), ALICE_HASH);
    const cost = vscode.workspace.getConfiguration('rudder', doc.uri).get('bcrypt.cost');
    assert.match(hash, new RegExp(`^\\$2b\\$${cost}\\$`), hash);
    assert.ok(await bcrypt.compare(password, hash), `${hash} does not verify the password typed`);
  });

  test('"Set a new password…" refuses a password over 72 bytes in the prompt', async () => {
    const before = doc.getText();
    let refusal;
    await withInputBox(
      (options) => {
        refusal = options.validateInput?.('ü'.repeat(37));
        return 'ü'.repeat(37);
      },
      () => vscode.commands.executeCommand('rudder.setPassword', { uri: doc.uri.toString(), user: ALICE }),
    );
    assert.match(String(refusal), /first 72 bytes.*74/);
    assert.strictEqual(doc.getText(), before, 'nothing was written');
  });

  test('typing above alice while the "Set a new password" prompt is open: the hash still goes to alice', async () => {
    const password = 'typed while the prompt was open';
    const typed = '  <!-- typed while the prompt was open -->\n';
    await withInputBox(
      async (_options, call) => {
        if (call === 0) {
          const edit = new vscode.WorkspaceEdit();
          edit.insert(doc.uri, positionOf(doc, '  <user name="alice"'), typed);
          assert.ok(await vscode.workspace.applyEdit(edit));
        }
        return password;
      },
      () => vscode.commands.executeCommand('rudder.setPassword', { uri: doc.uri.toString(), user: ALICE }),
    );
    const edited = doc.getText();
    const hash = /name="alice" password="([^"]+)"/.exec(edited)[1];
    assert.strictEqual(edited, onDisk[0].text.replace('  <user name="alice"', `${typed}  <user name="alice"`).replace(ALICE_HASH, hash));
    assert.ok(await bcrypt.compare(password, hash));
  });

  test('typing above a password while the hash quick fix runs: the hash lands on the password, or nothing is written', async () => {
    // Cost 14 makes the hash take a second or more, so the line is typed while the chosen fix resolves.
    await setSetting('rudder.bcrypt.cost', 14);
    await waitForDiagnostics(doc.uri, (list) => codes(list) === EXPECTED.map((e) => e.code).join(', '), 'the diagnostics with the new cost');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const start = positionOf(doc, BOB_PASSWORD);
    editor.selection = new vscode.Selection(start, start);
    const typed = '<!-- typed while hashing -->\n';
    // The admin picks the preferred quick fix (what the light bulb offers first), then types above while it runs.
    const fixing = vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'first', preferred: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), typed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = doc.getText();
    assert.strictEqual(edited, typed + onDisk[0].text);
    const hashed = nextChange(doc).then(() => true, () => false);
    await fixing;
    if (!(await hashed)) {
      console.log('rudder-test: the quick fix was refused (the file changed under it)');
      assert.strictEqual(doc.getText(), edited, 'a refused fix writes nothing');
      return;
    }
    const hash = replacedValue(edited, doc.getText(), BOB_PASSWORD);
    assert.match(hash, /^\$2b\$14\$/);
    assert.ok(await bcrypt.compare(BOB_PASSWORD, hash), `${hash} does not verify '${BOB_PASSWORD}'`);
  });

  test('the preferred fix of a weak hash is "Set a new password…"; it prompts and writes a bcrypt hash over it', async () => {
    const start = positionOf(doc, SHA1);
    const range = new vscode.Range(start, start.translate(0, SHA1.length));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepStrictEqual(preferred.map((a) => a.title), ['Set a new password…'], actions.map((a) => a.title).join(' | '));
    const [fix] = preferred;
    assert.ok(actions.indexOf(fix) < actions.findIndex((a) => /^Disable weak-hash/.test(a.title)), 'offered before "Disable"');
    assert.strictEqual(fix.command.command, 'rudder.setPassword');
    assert.deepStrictEqual(fix.command.arguments, [{ uri: doc.uri.toString(), user: { name: 'carol', occurrence: 0 } }]);

    const password = 'a new password for carol';
    const before = doc.getText();
    await withInputBox(
      () => password,
      () => Promise.all([nextChange(doc), vscode.commands.executeCommand(fix.command.command, ...fix.command.arguments)]),
    );
    const hash = replacedValue(before, doc.getText(), SHA1);
    assert.match(hash, /^\$2b\$\d\d\$/);
    assert.ok(await bcrypt.compare(password, hash), `${hash} does not verify the password typed`);
  });

  test('the hover of a hash says what it is and links "Set a new password…", trusted for that command only', async () => {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, positionOf(doc, SHA1).translate(0, 4));
    const contents = hovers.flatMap((h) => h.contents).filter((c) => typeof c !== 'string' && /Password of `carol`/.test(c.value));
    assert.strictEqual(contents.length, 1, hovers.flatMap((h) => h.contents).map((c) => c.value ?? c).join('\n---\n'));
    const [md] = contents;
    assert.match(md.value, /SHA-1/);
    assert.match(md.value, /\[Set a new password…\]\(command:rudder\.setPassword\?/);
    assert.ok(!md.value.includes(SHA1), 'never the value');
    assert.deepStrictEqual(md.isTrusted, { enabledCommands: ['rudder.setPassword'] });
  });

  test('a grouped rule of a large file: its preferred fix hashes every plain-text password', async () => {
    // Cost 4 keeps 60 hashes quick on a loaded machine (cost 10 took 20 s there).
    await setSetting('rudder.bcrypt.cost', 4);
    // An untitled file whose path matches **/rudder-users.xml, pasted in one go (a paste is not "the lines being
    // edited", so the server groups its findings).
    const uri = vscode.Uri.from({ scheme: 'untitled', path: path.join(os.tmpdir(), `rudder-fix-all-${process.pid}`, 'rudder-users.xml') });
    const copy = await openDocument(uri);
    const count = 60;
    try {
      const users = Array.from({ length: count }, (_, i) => `  <user name="u${i}" password="pw-${i}" role="user"/>`);
      const paste = new vscode.WorkspaceEdit();
      paste.insert(uri, new vscode.Position(0, 0), `<authentication hash="bcrypt">\n${users.join('\n')}\n</authentication>\n`);
      assert.ok(await vscode.workspace.applyEdit(paste), 'paste the file');
      const list = await waitForDiagnostics(uri, (l) => byCode(l, 'plaintext-password').length === 1, 'one grouped plaintext-password diagnostic');
      const [grouped] = byCode(list, 'plaintext-password');
      assert.match(grouped.message, new RegExp(`^${count} findings of plaintext-password`), grouped.message);
      const editor = await vscode.window.showTextDocument(copy, { preview: false });
      editor.selection = new vscode.Selection(grouped.range.start, grouped.range.start);
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, grouped.range, vscode.CodeActionKind.QuickFix.value);
      assert.deepStrictEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), [`Hash all ${count} plain-text password(s) in this file with bcrypt (cost 4)`]);
      // What the admin does: the preferred fix of the line (Ctrl+. then Enter, or the "auto fix" key).
      const told = [];
      const showWarningMessage = vscode.window.showWarningMessage;
      vscode.window.showWarningMessage = async (message) => (told.push(message), undefined);
      try {
        const changed = nextChange(copy);
        await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'first', preferred: true });
        await changed.catch((e) => assert.fail(`${e.message}; the server said: ${told.join(' | ') || 'nothing'}`));
      } finally {
        vscode.window.showWarningMessage = showWarningMessage;
      }
      const text = copy.getText();
      assert.ok(!/password="pw-/.test(text), 'every password is hashed');
      for (const i of [0, 29, count - 1]) {
        const hash = new RegExp(`name="u${i}" password="([^"]+)"`).exec(text)[1];
        assert.match(hash, /^\$2b\$04\$/);
        assert.ok(await bcrypt.compare(`pw-${i}`, hash), `u${i}`);
      }
      await waitForDiagnostics(uri, (l) => byCode(l, 'plaintext-password').length === 0, 'no plain-text password left');
    } finally {
      await revertAndClose(copy);
    }
  });

  test('editing rudder-web.properties re-checks the users file (rudder.auth.provider)', async () => {
    assert.strictEqual(ldapUser(baseline), undefined, 'password="LDAP" is what the admin meant while ldap is a provider');
    const properties = await openDocument('rudder-web.properties');
    try {
      await replaceText(properties, 'rudder.auth.provider=file,ldap', 'rudder.auth.provider=file');
      const fileOnly = ldapUser(await waitForDiagnostics(doc.uri, (list) => ldapUser(list) !== undefined, 'password="LDAP" flagged without an LDAP provider'));
      assert.strictEqual(fileOnly.severity, ERROR, describeDiagnostics([fileOnly]));
      await replaceText(properties, 'rudder.auth.provider=file', 'rudder.auth.provider=ldap, file');
      await waitForDiagnostics(doc.uri, (list) => ldapUser(list) === undefined, 'password="LDAP" not flagged with ldap, file');
    } finally {
      await revertAndClose(properties);
    }
  });
});
