// Shared steps of the integration tests: open a workspace file, wait for the diagnostics VS Code shows or a
// document change (on events, with a deadline), read hovers, revert edited documents, and change settings that
// are put back after each test.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

/** How long a test waits for the language server to react (diagnostics, settings) before failing. */
const WAIT_MS = 20000;

function workspaceUri(name) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner opens test/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

/**
 * Opens `uriOrName` (a URI, or a file of test/workspace) in a pinned editor: a preview editor would be replaced
 * by the next document opened, and the language client only pulls diagnostics of documents shown in a tab.
 */
async function openDocument(uriOrName) {
  const doc = await vscode.workspace.openTextDocument(typeof uriOrName === 'string' ? workspaceUri(uriOrName) : uriOrName);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Puts back the saved text of a file edited in the editor (File: Revert File on its editor); nothing is saved. */
async function revert(doc) {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  if (doc.isDirty || doc.getText() !== fs.readFileSync(doc.uri.fsPath, 'utf8')) throw new Error(`${doc.uri.fsPath} was not reverted`);
}

/** Closes the editor of `doc` and drops its unsaved changes (an untitled document is gone). */
async function revertAndClose(doc) {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Replaces the first `needle` of `doc` with `text`, as an edit in the editor (not saved). */
async function replaceText(doc, needle, text) {
  const start = doc.getText().indexOf(needle);
  if (start < 0) throw new Error(`'${needle}' is not in ${doc.uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(start + needle.length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.fsPath}`);
}

/** `Diagnostic.code` is a string/number or `{ value, target }` (when the server sends a codeDescription). */
function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function describeDiagnostics(list) {
  if (!list.length) return '(none)';
  return list
    .map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`)
    .join('\n  ');
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate(diagnostics)` holds: now, or on a later
 * `onDidChangeDiagnostics` for that URI. Rejects after `WAIT_MS` with what was there.
 */
function waitForDiagnostics(uri, predicate, what) {
  const current = () => vscode.languages.getDiagnostics(uri);
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      clearTimeout(timer);
      listener.dispose();
      settle(value);
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && predicate(current())) done(resolve, current());
    });
    const timer = setTimeout(
      () => done(reject, new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; the diagnostics are:\n  ${describeDiagnostics(current())}`)),
      WAIT_MS,
    );
    if (predicate(current())) done(resolve, current());
  });
}

/**
 * Resolves with the first change event of `doc` (call it before what changes the document). Rejects after
 * `WAIT_MS`.
 */
function nextChange(doc) {
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      clearTimeout(timer);
      listener.dispose();
      settle(value);
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && e.contentChanges.length > 0) done(resolve, e);
    });
    const timer = setTimeout(() => done(reject, new Error(`timed out after ${WAIT_MS} ms waiting for ${doc.uri.fsPath} to change`)), WAIT_MS);
  });
}

/** The text of every hover at `position`, Markdown included. */
async function hoverText(doc, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** The position of the `occurrence`-th (0-based) `needle` in the document. */
function positionOf(doc, needle, occurrence = 0) {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = doc.getText().indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) is not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(offset);
}

// Settings are changed in the user settings of the runner's throw-away profile (ConfigurationTarget.Global):
// the workspace target would write test/workspace/.vscode/settings.json into the repository.
const changedSettings = new Map();

async function setSetting(key, value) {
  const config = vscode.workspace.getConfiguration();
  if (!changedSettings.has(key)) changedSettings.set(key, config.inspect(key)?.globalValue);
  await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Puts back every setting changed since the last call; true when there was one. */
async function restoreSettings() {
  const config = vscode.workspace.getConfiguration();
  for (const [key, value] of changedSettings) await config.update(key, value, vscode.ConfigurationTarget.Global);
  const changed = changedSettings.size > 0;
  changedSettings.clear();
  return changed;
}

/**
 * Asks the runner (run.js) for a screenshot of the workbench as it is now and waits until the file is written.
 * The runner names the file in $RUDDER_TEST_SCREENSHOT, or `name` (e.g. `access.png`) beside it; without it (no
 * runner asked for one) this does nothing.
 */
function screenshot(name) {
  const configured = process.env.RUDDER_TEST_SCREENSHOT;
  if (!configured) return Promise.resolve();
  const file = name ? path.join(path.dirname(configured), name) : configured;
  fs.rmSync(file, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      clearTimeout(timer);
      watcher.close();
      settle(value);
    };
    const watcher = fs.watch(path.dirname(file), () => { if (fs.existsSync(file)) done(resolve); });
    const timer = setTimeout(() => done(reject, new Error(`timed out after ${WAIT_MS} ms waiting for the runner to write ${file}`)), WAIT_MS);
    console.log(name ? `rudder-test: screenshot ${name}` : 'rudder-test: screenshot');
  });
}

/** Asks the runner (run.js) to `verb` (query, click) `selector` in the workbench's page; resolves with its answer. */
function askRunner(verb, selector) {
  const configured = process.env.RUDDER_TEST_SCREENSHOT;
  if (!configured) return Promise.reject(new Error('no runner to ask (run the suite through test/vscode/run.js)'));
  const name = `${verb}-${process.pid}-${++requests}.json`;
  const file = path.join(path.dirname(configured), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      clearTimeout(timer);
      watcher.close();
      settle(value);
    };
    const watcher = fs.watch(path.dirname(file), () => {
      if (!fs.existsSync(file)) return;
      const found = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.rmSync(file);
      done(resolve, found);
    });
    const timer = setTimeout(() => done(reject, new Error(`timed out after ${WAIT_MS} ms waiting for the runner to ${verb} '${selector}'`)), WAIT_MS);
    console.log(`rudder-test: ${verb} ${name} ${selector}`);
  });
}
let requests = 0;

/** What the workbench's page shows: the text and aria-label of the elements matching the CSS `selector`. */
function queryWorkbench(selector) {
  return askRunner('query', selector);
}

/** Clicks the first element of the workbench's page matching the playwright `selector`, as a user does. */
async function clickWorkbench(selector) {
  const outcome = await askRunner('click', selector);
  if (outcome.error) throw new Error(`could not click '${selector}': ${outcome.error}`);
}

/** Types `text` in the focused editor of the workbench's page, one key at a time, as the admin does. */
function typeInWorkbench(text) {
  return askRunner('type', JSON.stringify(text));
}

/** Presses one key (`Enter`, `Tab`, `Escape`) in the workbench's page. */
function pressInWorkbench(key) {
  return askRunner('press', key);
}

/** The labels of the suggest widget once `predicate(labels)` holds (polled); rejects after WAIT_MS with the last seen. */
async function suggestWidget(predicate, what) {
  const deadline = Date.now() + WAIT_MS;
  let labels = [];
  while (Date.now() < deadline) {
    labels = (await queryWorkbench('.editor-widget.suggest-widget.visible .monaco-list-row .label-name')).map((e) => e.text);
    if (predicate(labels)) return labels;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out after ${WAIT_MS} ms waiting for the suggest widget to show ${what}; it shows: ${JSON.stringify(labels)}`);
}

module.exports = {
  clickWorkbench,
  codeOf,
  describeDiagnostics,
  hoverText,
  nextChange,
  openDocument,
  positionOf,
  pressInWorkbench,
  queryWorkbench,
  replaceText,
  restoreSettings,
  revert,
  revertAndClose,
  screenshot,
  setSetting,
  suggestWidget,
  typeInWorkbench,
  waitForDiagnostics,
};
