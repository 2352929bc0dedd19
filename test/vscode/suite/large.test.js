// A 10,000-user rudder-users.xml in a real VS Code: thousands of findings (VS Code keeps 1,000 diagnostics per file
// and would drop the rest), and a broken user typed at the end must get its own diagnostic, counted in the status
// bar's problems and drawn as a squiggle. The server groups the findings of a rule beyond a threshold, except on
// the lines being edited (server/src/service/grouping.ts).
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { codeOf, describeDiagnostics, openDocument, positionOf, queryWorkbench, replaceText, revertAndClose, waitForDiagnostics } = require('./helpers');

const USERS = 10000;
/** The last users are healthy: near the end of the file only the typed user has a finding. */
const HEALTHY_TAIL = 100;
const BCRYPT = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const TYPED = 'typed-in-clear';
const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = vscode.DiagnosticSeverity;

/** Half the users have an unsalted hex digest (login impossible on 9.x), the other half a misspelt role (no rights). */
function largeFile() {
  const lines = ['<authentication hash="bcrypt" case-sensitivity="true">'];
  for (let i = 0; i < USERS; i++) {
    const name = `user${String(i).padStart(5, '0')}`;
    if (i >= USERS - HEALTHY_TAIL) lines.push(`  <user name="${name}" password="${BCRYPT}" role="administrator"/>`);
    else if (i % 2 === 0) lines.push(`  <user name="${name}" password="${i.toString(16).padStart(32, '0')}" role="administrator"/>`);
    else lines.push(`  <user name="${name}" password="${BCRYPT}" role="adminstrator"/>`);
  }
  return `${lines.join('\n')}\n</authentication>\n`;
}

/** Errors, warnings and infos of every file, as the status bar counts them (hints are not counted). */
function problemCounts() {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const [, list] of vscode.languages.getDiagnostics()) {
    for (const d of list) {
      if (d.severity === ERROR) counts.errors++;
      else if (d.severity === WARNING) counts.warnings++;
      else if (d.severity === INFORMATION) counts.infos++;
    }
  }
  return counts;
}

/** The status bar's problems item, parsed from its label ("Errors: 3, Warnings: 2, Infos: 1", or "No Problems"). */
async function statusBarCounts() {
  const found = await queryWorkbench('[id="status.problems"], [id="status.problems"] *');
  const label = found.map((e) => e.label).find((l) => l && /Errors: \d+|No Problems/.test(l)) ?? '';
  const count = (what) => Number(new RegExp(`${what}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos'), label };
}

/** Polls `check` (async, truthy when done) every 250 ms for up to 20 s; the last value, to assert on. */
async function poll(check) {
  const deadline = Date.now() + 20000;
  let value = await check();
  while (!value.ok && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await check();
  }
  return value;
}

suite('a 10,000-user rudder-users.xml', () => {
  let dir;
  let doc;

  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-10k-'));
    fs.writeFileSync(path.join(dir, 'rudder-users.xml'), largeFile());
    doc = await openDocument(vscode.Uri.file(path.join(dir, 'rudder-users.xml')));
  });

  suiteTeardown(async () => {
    if (doc) await revertAndClose(doc);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a broken user typed at the end gets its own diagnostic, counted and drawn', async () => {
    const grouped = (list) => list.filter((d) => /^\d[\d,]* findings of /.test(d.message));
    const before = await waitForDiagnostics(doc.uri, (list) => grouped(list).length >= 2, 'the grouped findings of the large file');
    assert.ok(before.length <= 500, `${before.length} diagnostics: more than VS Code draws`);
    const findings = grouped(before).reduce((n, d) => n + Number(/^[\d,]+/.exec(d.message)[0].replace(/,/g, '')), 0);
    assert.ok(findings >= USERS - HEALTHY_TAIL, `the groups count ${findings} findings:\n  ${describeDiagnostics(grouped(before))}`);

    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const end = positionOf(doc, '</authentication>');
    editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenter);
    const drawn = async () => (await queryWorkbench('.monaco-editor .view-overlays .squiggly-error')).length;
    const clean = await poll(async () => ({ ok: (await drawn()) === 0 }));
    assert.ok(clean.ok, 'no error squiggle near the end of the file before the edit');

    await replaceText(doc, '</authentication>', `  <user name="newcomer" password="${TYPED}" role="administrator"/>\n</authentication>`);
    const typedLine = positionOf(doc, TYPED).line;
    const after = await waitForDiagnostics(
      doc.uri,
      (list) => list.some((d) => d.range.start.line === typedLine && codeOf(d) === 'plaintext-password'),
      `a plaintext-password diagnostic on line ${typedLine + 1}`,
    );
    const own = after.find((d) => d.range.start.line === typedLine && codeOf(d) === 'plaintext-password');
    assert.strictEqual(own.severity, ERROR);
    assert.strictEqual(doc.getText(own.range), TYPED);
    assert.ok(after.length <= 500, `${after.length} diagnostics after the edit`);

    // The workbench shows what the extension host holds: nothing was dropped on the way to the Problems count.
    const counted = await poll(async () => {
      const expected = problemCounts();
      const shown = await statusBarCounts();
      return { ok: shown.errors === expected.errors && shown.warnings === expected.warnings && shown.infos === expected.infos, expected, shown };
    });
    assert.ok(counted.ok, `the status bar shows '${counted.shown.label}', the diagnostics are ${JSON.stringify(counted.expected)}`);
    editor.revealRange(own.range, vscode.TextEditorRevealType.InCenter);
    const squiggles = await poll(async () => ({ ok: (await drawn()) > 0 }));
    assert.ok(squiggles.ok, 'the typed user has an error squiggle in the editor');
  });
});
