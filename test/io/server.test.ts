/**
 * The language server with hostile sibling files (a FIFO, /dev/zero, /dev/urandom, a socket, as
 * rudder-web.properties or in its .d folder, and as the users file a properties file reads): every request is
 * still answered, with the diagnostics of the file itself, and nothing blocks the event loop.
 */
// @tier io
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { openDocument, startServer, stopServer, type Session } from '../protocol/session';
import { mkfifo, tempDir, unixSocket } from './helpers';

const USERS = '<authentication hash="bcrypt">\n  <user name="a" password="hunter2" role="adminstrator"/>\n</authentication>\n';
const PROPERTIES = 'rudder.auth.idle-timeout=10 minutes\n';

const within = <T>(ms: number, p: Thenable<T>, what: string): Promise<T> =>
  Promise.race([Promise.resolve(p), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms))]);

describe('the server with special sibling files', () => {
  let s: Session;
  const sockets: net.Server[] = [];
  const special: [string, (file: string) => Promise<void> | void][] = [
    ['fifo', (f) => mkfifo(f)],
    ['zero', (f) => fs.symlinkSync('/dev/zero', f)],
    ['urandom', (f) => fs.symlinkSync('/dev/urandom', f)],
    ['socket', async (f) => void sockets.push(await unixSocket(f))],
  ];

  before(async () => {
    s = await startServer({ textDocument: { diagnostic: {}, hover: {}, codeAction: {} } });
  });
  after(async () => {
    await stopServer(s);
    for (const x of sockets) x.close();
  });

  for (const [name, make] of special) {
    for (const where of ['rudder-web.properties', 'rudder-web.properties.d/10-x.properties']) {
      test(`${name} as ${where}: the users file gets its diagnostics, hover and code actions answer`, async () => {
        const dir = tempDir({ 'rudder-web.properties.d/00-ok.properties': PROPERTIES });
        await make(path.join(dir, where));
        const uri = pathToFileURL(path.join(dir, 'rudder-users.xml')).toString();
        await openDocument(s, uri, USERS);
        const report = await within(5000, s.conn.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }), 'diagnostic');
        const codes = report.items.map((d) => d.code);
        assert.ok(codes.includes('plaintext-password') && codes.includes('unknown-role'), codes.join(' '));
        await within(5000, s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } }), 'hover');
        await within(5000, s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 30 }, end: { line: 1, character: 30 } }, context: { diagnostics: report.items } }), 'codeAction');
        const logged = s.wire.join('');
        assert.ok(logged.includes(`sibling ${path.join(dir, where)}: is a`), `the reason is logged for ${where}`);
      });
    }

    test(`${name} as the rudder-users.xml a properties file reads: answered`, async () => {
      const dir = tempDir();
      await make(path.join(dir, 'rudder-users.xml'));
      const uri = pathToFileURL(path.join(dir, 'rudder-web.properties')).toString();
      await openDocument(s, uri, PROPERTIES, 'properties');
      const report = await within(5000, s.conn.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }), 'diagnostic');
      assert.ok(Array.isArray(report.items));
      await within(5000, s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), 'documentSymbol');
    });
  }
});
