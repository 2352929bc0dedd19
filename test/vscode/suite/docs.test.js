// The documentation a user reaches offline (a Rudder server is often air-gapped): the README shown on the
// extension's page references only files shipped in the extension, and a diagnostic's rule link opens the
// shipped docs/rules.md in the Markdown preview at the rule. @smoke tests also run on the installed .vsix.
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { clickWorkbench, codeOf, openDocument, waitForDiagnostics } = require('./helpers');

const EXTENSION_ID = 'rudder-tooling.rudder-security-config';

/** The relative targets of the Markdown links and images of `markdown` (anchors and web links left out). */
function relativeReferences(markdown) {
  const refs = [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  return [...new Set(refs.filter((r) => !/^[a-z][a-z0-9+.-]*:/i.test(r) && !r.startsWith('#')).map((r) => r.split('#')[0]))];
}

/** `command:ID?ARGS` → [ID, ...ARGS]. */
function commandOf(uri) {
  assert.strictEqual(uri.scheme, 'command', `${uri.toString()} is not a command link`);
  return [uri.path, ...JSON.parse(uri.query)];
}

suite('documentation offline', () => {
  const extension = () => vscode.extensions.getExtension(EXTENSION_ID);

  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the README references only files of the extension, the screenshot and docs/rules.md among them @smoke', () => {
    const root = extension().extensionPath;
    // vsce stores the README as readme.md
    const readme = fs.readdirSync(root).find((f) => /^readme\.md$/i.test(f));
    assert.ok(readme, `a README in ${root}`);
    const refs = relativeReferences(fs.readFileSync(path.join(root, readme), 'utf8'));
    assert.ok(refs.some((r) => /^images\/.+\.png$/.test(r)), `a screenshot by relative path among ${refs.join(', ')}`);
    assert.ok(refs.includes('docs/rules.md'), `docs/rules.md among ${refs.join(', ')}`);
    assert.deepStrictEqual(refs.filter((r) => !fs.existsSync(path.join(root, r))), [], `missing from ${root}`);
  });

  test("a diagnostic's rule link, clicked in the Problems panel, opens the shipped docs/rules.md in the Markdown preview @smoke", async () => {
    const doc = await openDocument('rudder-users.xml');
    const list = await waitForDiagnostics(doc.uri, (l) => l.some((d) => codeOf(d) === 'unknown-role'), 'an unknown-role diagnostic');
    const d = list.find((x) => codeOf(x) === 'unknown-role');
    assert.deepStrictEqual(commandOf(d.code.target), ['rudder.openRuleDoc', 'unknown-role']);
    const heading = fs.readFileSync(path.join(extension().extensionPath, 'docs/rules.md'), 'utf8').split('\n').indexOf('## unknown-role');
    assert.ok(heading > 0, 'docs/rules.md has the heading the link names (its anchor is the rule id)');

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const isPreview = (t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType);
    assert.ok(!tabs().some(isPreview), 'no Markdown preview before the click');
    // Clicked in the Problems panel, as a user does: VS Code opens command links of diagnostics.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await clickWorkbench('.markers-panel .monaco-list-row a.monaco-link:has-text("unknown-role")');
    // The preview's tab appears once its webview panel is created, shortly after the command returns.
    for (const deadline = Date.now() + 20000; !tabs().some(isPreview) && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 100));
    const preview = tabs().find(isPreview);
    assert.ok(preview, `a Markdown preview among the tabs: ${tabs().map((t) => `${t.label} (${t.input?.constructor?.name} ${t.input?.viewType ?? t.input?.uri ?? ''})`).join(', ')}`);
    assert.match(preview.label, /rules\.md/);
  });
});
