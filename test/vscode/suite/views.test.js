// The views in a real VS Code: the language status item and the version quick pick, "Hash all plain-text
// passwords" from the palette, the effective-access webview (its page rendered and filtered by its own script,
// a screenshot for the README), "Compare with…" git HEAD through the built-in git extension, and "Check upgrade
// to…". No password or hash may reach a view. The teardown puts back settings and edited text.
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { nextChange, openDocument, replaceText, restoreSettings, revert, screenshot, setSetting } = require('./helpers');

const ROOT = path.resolve(__dirname, '../../..');
const bcrypt = require(path.join(ROOT, 'node_modules/bcryptjs'));

const EXTENSION_ID = 'rudder-tooling.rudder-security-config';
const WORKSPACE = path.join(ROOT, 'test/workspace');
const BOB_PASSWORD = 'plain-text-secret';
const SECRETS = [BOB_PASSWORD, 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu'];
const WAIT_MS = 20000;

/** Resolves when `check()` returns a truthy value (polled), with that value; rejects after WAIT_MS with `what`. */
async function until(check, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Replaces VS Code's quick pick for the duration of `run`: `answer(items)` picks. */
async function withQuickPick(answer, run) {
  const showQuickPick = vscode.window.showQuickPick;
  vscode.window.showQuickPick = async (items) => answer(await items);
  try {
    return await run();
  } finally {
    vscode.window.showQuickPick = showQuickPick;
  }
}

suite('views', () => {
  let doc;
  let api;
  const hadVscodeDir = fs.existsSync(path.join(WORKSPACE, '.vscode'));

  suiteSetup(async () => {
    doc = await openDocument('rudder-users.xml');
    api = await vscode.extensions.getExtension(EXTENSION_ID).activate();
  });

  teardown(async () => {
    if (doc.isDirty) await revert(doc);
    await restoreSettings();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('rudder').update('version', undefined, vscode.ConfigurationTarget.Workspace);
    if (!hadVscodeDir) fs.rmSync(path.join(WORKSPACE, '.vscode'), { recursive: true, force: true });
  });

  test('the language status item says the version and why; its quick pick sets rudder.version for the workspace', async () => {
    await openDocument('rudder-users.xml');
    const item = api.languageStatus;
    await until(() => /^Rudder \d+\.\d+ · assumed$/.test(item.text), `"Rudder X.Y · assumed", not "${item.text}"`);
    assert.match(item.detail, /latest stable/);
    assert.strictEqual(item.command.command, 'rudder.pickVersion');
    let offered;
    const set = await withQuickPick(
      (items) => {
        offered = items.map((i) => i.label);
        return items.find((i) => i.label === '8.3');
      },
      () => vscode.commands.executeCommand(item.command.command),
    );
    assert.strictEqual(set, '8.3');
    assert.strictEqual(offered[0], 'auto');
    assert.ok(offered.includes('9.1') && offered.includes('7.0'), offered.join(' '));
    assert.strictEqual(vscode.workspace.getConfiguration('rudder').inspect('version').workspaceValue, '8.3');
    await until(() => item.text === 'Rudder 8.3 · set', `"Rudder 8.3 · set", not "${item.text}"`);
    await vscode.workspace.getConfiguration('rudder').update('version', undefined, vscode.ConfigurationTarget.Workspace);
    await until(() => item.text.endsWith('· assumed'), 'the status back to assumed');
    if (!hadVscodeDir) fs.rmSync(path.join(WORKSPACE, '.vscode'), { recursive: true, force: true });
  });

  test('"Hash all plain-text passwords" runs the source action: bob gets a bcrypt hash of his password, nothing else changes', async () => {
    const before = doc.getText();
    await Promise.all([nextChange(doc), vscode.commands.executeCommand('rudder.hashAllPasswords')]);
    const hash = /name="bob" password="([^"]+)"/.exec(doc.getText())[1];
    assert.strictEqual(doc.getText(), before.replace(BOB_PASSWORD, hash));
    assert.match(hash, /^\$2b\$12\$/);
    assert.ok(await bcrypt.compare(BOB_PASSWORD, hash), `${hash} does not verify bob's password`);
  });

  test('"Show effective access" opens a webview listing every user × permission type, filterable, redrawn on edits, with no secret @smoke', async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await openDocument('rudder-users.xml');
    const view = await vscode.commands.executeCommand('rudder.showAccess');
    assert.strictEqual(await view.rendered, 4, 'the page rendered 4 rows');
    for (const name of ['alice', 'bob', 'carol', 'dave']) assert.ok(view.html.includes(`<th scope="row">${name}`), `${name} has a row header`);
    for (const header of ['User', 'Login', 'Password', 'Tenants']) assert.ok(view.html.includes(`<th scope="col">${header}</th>`), header);
    for (const type of ['node', 'rule', 'administration']) assert.ok(view.html.includes(`<th scope="col" class="type">${type}</th>`), type);
    assert.ok(view.html.includes('<label for="filter">'), 'the filter box is labelled');
    for (const secret of SECRETS) assert.ok(!view.html.includes(secret), 'no password or hash in the page');
    assert.ok(/<th scope="row">bob<\/th><td class="no"[^>]*>impossible/.test(view.html), "bob's plain-text password: login impossible");
    assert.deepStrictEqual(await view.filter('node_read'), ['alice', 'carol', 'dave']);
    assert.deepStrictEqual(await view.filter('bob'), ['bob']);
    assert.deepStrictEqual(await view.filter(''), ['alice', 'bob', 'carol', 'dave']);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.isActive);
    assert.ok(tab && /Effective access/.test(tab.label), 'the view is the active tab');
    await screenshot('access.png');
    // An edit in the folder redraws the page, keeping the filter.
    assert.deepStrictEqual(await view.filter('bob'), ['bob']);
    const redrawn = view.redrawn();
    await replaceText(doc, 'role="adminstrator"', 'role="administrator"');
    assert.strictEqual(await redrawn, 4);
    assert.ok(view.html.includes('<th scope="row">bob <span class="badge">any</span></th>'), 'bob is an administrator now');
    assert.ok(view.html.includes('value="bob"'), 'the filter is kept');
    view.panel.dispose();
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  test('"Compare with…" git HEAD: an unsaved role fix is a privilege escalation, shown in a markdown preview', async () => {
    // The workspace is a sub-folder of the repository: VS Code opens such a repository only when asked.
    await setSetting('git.openRepositoryInParentFolders', 'always');
    await openDocument('rudder-users.xml');
    await replaceText(doc, 'role="adminstrator"', 'role="administrator"');
    const shown = await vscode.commands.executeCommand('rudder.compareWith', 'HEAD');
    assert.ok(shown, 'a report was shown');
    const md = shown.report.markdown;
    assert.match(md, /^### rudder-users\.xml against HEAD\n/);
    assert.ok(md.includes('`bob`') && md.includes('+administrator (any)'), md);
    for (const secret of SECRETS) assert.ok(!md.includes(secret), 'no password or hash in the report');
    assert.strictEqual((await vscode.workspace.openTextDocument(shown.uri)).getText(), md, 'the preview shows the report');
    await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /rudder-users\.xml against HEAD/.test(t.label)), 'the markdown preview tab');
  });

  test('"Check upgrade to…" offers the later versions and shows the upgrade report', async () => {
    await setSetting('rudder.version', '8.1');
    await openDocument('rudder-users.xml');
    let offered;
    const shown = await withQuickPick(
      (items) => {
        offered = items;
        return '9.1';
      },
      () => vscode.commands.executeCommand('rudder.checkUpgrade'),
    );
    assert.strictEqual(offered[0], '8.2', 'the versions after 8.1');
    const md = shown.report.markdown;
    assert.match(md, /^### Upgrade from Rudder 8\.1 to 9\.1\n/);
    assert.ok(md.includes('| new | error | `weak-hash` |'), `carol's SHA-1 hash is refused on 9.x:\n${md}`);
    assert.ok(md.includes('#### What Rudder rewrites at start-up') && md.includes('+<authentication hash="argon2id"'), md);
    for (const secret of SECRETS) assert.ok(!md.includes(secret), "no password or hash in the report");
  });
});
