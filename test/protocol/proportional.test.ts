/**
 * Requests cost what they answer, not the file, checked by what they read and keep, never by timing them (the
 * bench measures their cost and its scaling: `npm run bench`): a code action on one line answers the same
 * whatever the context holds outside that line, and the outline and the folding ranges are computed once per
 * version. The hash actions are counted: the JSON of a list and what the server seals for it are the same size
 * with 100 or 10,000 plain-text passwords (the targets are computed when an action runs, not carried by the list).
 */
// @tier protocol
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { Seal } from '../../server/src/lsp/seal';
import { startInProcess } from './inProcess';

const HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
/** The user on line `i + 1`; one in a thousand has a plain-text password (so "Hash all" answers about few). */
const userLine = (i: number) => `  <user name="u${i}" password="${i % 1000 === 49 ? `plain-${i}` : HASH}" role="adminstrator"/>`;
const users = (n: number) => ['<authentication hash="bcrypt">', ...Array.from({ length: n }, (_, i) => userLine(i)), '</authentication>', ''].join('\n');

/** A diagnostic on the value of `attribute` of the user on `line`. */
function diagnosticOn(line: number, attribute: string, code: string): Diagnostic {
  const text = userLine(line - 1);
  const start = text.indexOf(`${attribute}="`) + attribute.length + 2;
  return { range: { start: { line, character: start }, end: { line, character: text.indexOf('"', start) } }, code, source: 'rudder', message: code, severity: 1 };
}

test('a code action on one line reads only its range: context diagnostics outside it change nothing; the outline is kept per version', async () => {
  const s = await startInProcess({ textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } });
  try {
    const uri = (n: number) => `file:///srv/proportional-${n}/rudder-users.xml`;
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(10_000), languageId: 'xml', version: 1, text: users(10_000) } });
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri(10_000) } });
    const line = 50;
    const range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    const request = (n: number, diagnostics: Diagnostic[]) => s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(n) }, range, context: { diagnostics } }) as Promise<CodeAction[]>;
    const titles = (actions: CodeAction[]) => actions.map((a) => a.title).sort();

    const here = [diagnosticOn(line, 'password', 'plaintext-password'), diagnosticOn(line, 'role', 'unknown-role')];
    const everywhere = [...Array.from({ length: 2_000 }, (_, i) => diagnosticOn(i + 1, 'role', 'unknown-role')), here[0]];
    assert.deepEqual(titles(await request(10_000, everywhere)), titles(await request(10_000, here)), 'diagnostics outside the range change nothing');
    assert.ok(titles(await request(10_000, here)).some((t) => t.startsWith('Hash this password')));

    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(10_000) } });
    await s.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: uri(10_000) } });
    const u = await s.store.analysis(uri(10_000));
    assert.ok(u);
    let computed = 0;
    s.store.memo(u, 'documentSymbol', () => ++computed);
    s.store.memo(u, 'foldingRange', () => ++computed);
    assert.equal(computed, 0, 'the outline and the folding ranges are computed once per version: the requests kept them with the analysis');
  } finally {
    s.dispose();
  }
});

test('a code action list on a plain-text password: the same JSON and the same sealing work with 100 or 10,000 of them', async () => {
  const s = await startInProcess({ textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } });
  const mac = Seal.prototype.mac;
  const sealed = { calls: 0, bytes: 0 };
  Seal.prototype.mac = function (this: Seal, value: string) {
    sealed.calls++;
    sealed.bytes += value.length;
    return mac.call(this, value);
  };
  try {
    const plainLine = (i: number) => `  <user name="u${i}" password="plain-${i}" role="user"/>`;
    const measure = async (n: number) => {
      const uri = `file:///srv/plain-${n}/rudder-users.xml`;
      const text = ['<authentication hash="bcrypt">', ...Array.from({ length: n }, (_, i) => plainLine(i)), '</authentication>', ''].join('\n');
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      const line = 50;
      const start = plainLine(line - 1).indexOf('plain-');
      const range = { start: { line, character: start }, end: { line, character: start + 8 } };
      const diagnostics = [{ range, code: 'plaintext-password', source: 'rudder', message: 'plaintext-password', severity: 1 }];
      const request = () => s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } }) as Promise<CodeAction[]>;
      await request();
      Object.assign(sealed, { calls: 0, bytes: 0 });
      const actions = await request();
      // The numbers (count, offsets) and the file name may differ in digits, nothing else.
      const json = JSON.stringify(actions).replace(/\d+/g, '#').replace(/"mac":"[^"]*"/g, '"mac":"…"');
      return { titles: actions.map((a) => a.title.replace(/\d+/g, '#')), json, size: json.length, ...sealed };
    };
    const small = await measure(100);
    const large = await measure(10_000);
    assert.ok(large.titles.includes('Hash all # plain-text password(s) in this file with bcrypt (cost #)'), JSON.stringify(large.titles));
    assert.deepEqual(large.titles, small.titles);
    assert.equal(large.size, small.size, `the list's JSON: ${small.size} characters at 100, ${large.size} at 10,000`);
    assert.ok(large.size < 4000, `${large.size} characters`);
    assert.equal(large.calls, small.calls, 'as many MACs');
    assert.ok(large.calls <= 3, `${large.calls} MACs: one per hash action`);
    // Only the digits of the file name and of the count differ (two more in each of three MACs, in two counts).
    assert.ok(large.bytes - small.bytes <= 12, `MAC input: ${small.bytes} characters at 100, ${large.bytes} at 10,000`);
  } finally {
    Seal.prototype.mac = mac;
    s.dispose();
  }
});
