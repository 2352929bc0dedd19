/**
 * Completion never waits for an analysis of what was just typed: on a 10,000-user file, the completion sent
 * right after an edit answers from the latest analysis (of the previous version) with the syntax of the current
 * text, before the diagnostics pull the client sent first, and costs no analysis of its own.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-types';
import { startInProcess } from './inProcess';

const URI = 'file:///opt/rudder/etc/rudder-users.xml';
const USERS = 10_000;
const text = ['<authentication hash="bcrypt">', ...Array.from({ length: USERS }, (_, i) => `  <user name="u${i}" password="" role="user"/>`), '</authentication>', ''].join('\n');
const lastLine = USERS + 1;

test('completion right after an edit of a 10,000-user file answers before the pending analysis, from the previous one', async () => {
  const s = await startInProcess({ workspace: { configuration: true }, textDocument: { diagnostic: {} } }, { setPasswordCommand: true });
  try {
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'rudder-users', version: 1, text } });
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(s.analyses.length, 1, 'the analysis of version 1');

    const typed = '  <user name="erin" role="node_"/>\n';
    const at = { line: lastLine, character: 0 };
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: typed }] });
    const order: string[] = [];
    // As VS Code sends them: the pull right after the change, then the completion of the key typed.
    const pulled = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } }).then(() => order.push('diagnostics'));
    const cursor = { line: lastLine, character: typed.indexOf('node_') + 'node_'.length };
    const completion = (await s.conn.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: cursor, context: { triggerKind: 2, triggerCharacter: '_' } })) as CompletionList;
    order.push('completion');
    assert.deepEqual(completion.items.map((i) => i.label).sort(), ['node_all', 'node_edit', 'node_read', 'node_write']);
    await pulled;
    assert.deepEqual(order, ['completion', 'diagnostics'], 'the completion did not wait for the analysis of version 2');
    assert.equal(s.analyses.length, 2, 'version 2 was analysed once, for the pull');

    // Without a pull, completion costs no analysis at all: a new user typed at < gets the element items.
    const lt = { line: lastLine + 1, character: 0 };
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: { start: lt, end: lt }, text: '  <\n' }] });
    const elements = (await s.conn.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line: lastLine + 1, character: 3 }, context: { triggerKind: 2, triggerCharacter: '<' } })) as CompletionList;
    assert.deepEqual(elements.items.map((i) => i.label), ['user', 'custom-roles']);
    assert.equal(elements.items[0].command?.arguments?.[0]?.newUserAt !== undefined, true, 'the new user item sets its password next');
    assert.equal(s.analyses.length, 2, 'no analysis for the completion');
  } finally {
    s.dispose();
  }
});
