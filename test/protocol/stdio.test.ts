/**
 * Protocol tests: start the real bundled server (`dist/server.js --stdio`) as an editor would, open a document
 * and receive its diagnostics, both pushed (client without pull support) and pulled; hover; settings changes.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Trace } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover } from 'vscode-languageserver-types';
import { nextDiagnostics, openDocument, startServer, stopServer, type Session } from './session';

const URI = 'file:///etc/rudder/rudder-users.xml';
const TEXT = [
  '<authentication hash="bcrypt">',
  '  <user name="bob" password="not-a-hash" role="adminstrator"/>',
  '</authentication>',
].join('\n');

const open = (s: Session, text = TEXT, uri = URI) => openDocument(s, uri, text);

describe('server over stdio, push diagnostics', () => {
  let s: Session;
  before(async () => (s = await startServer({ workspace: { configuration: true } })));
  after(() => stopServer(s));

  test('opening a document publishes its diagnostics', async () => {
    const published = nextDiagnostics(s, URI);
    await open(s);
    const { diagnostics } = await published;
    const codes = diagnostics.map((d) => d.code);
    assert.ok(codes.includes('plaintext-password'), JSON.stringify(codes));
    assert.ok(codes.includes('unknown-role'));
    const role = diagnostics.find((d) => d.code === 'unknown-role')!;
    assert.deepEqual(role.range, { start: { line: 1, character: 47 }, end: { line: 1, character: 59 } });
    assert.ok(diagnostics.every((d) => !String(d.message).includes('not-a-hash')), 'no password in messages');
  });

  test('an incremental edit re-validates', async () => {
    const published = nextDiagnostics(s, URI);
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 47 }, end: { line: 1, character: 59 } }, text: 'administrator' }],
    });
    const { diagnostics } = await published;
    assert.ok(!diagnostics.some((d) => d.code === 'unknown-role'));
  });

  test('a settings change re-validates with the new severity', async () => {
    s.settings = { rules: { 'plaintext-password': 'hint' }, version: '8.3' };
    const published = nextDiagnostics(s, URI);
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const { diagnostics } = await published;
    assert.equal(diagnostics.find((d) => d.code === 'plaintext-password')?.severity, 4);
  });

  test('hover on the root element names the assumed version', async () => {
    const hover: Hover = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
    assert.match((hover.contents as { value: string }).value, /Rudder 8\.3/);
  });

  test('a request on an unknown document answers empty, and the server keeps serving', async () => {
    const hover = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope/rudder-users.xml' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    const again: Hover = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
    assert.ok(again);
  });
});

describe('server over stdio, pull diagnostics', () => {
  let s: Session;
  before(async () => (s = await startServer({ textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } })));
  after(() => stopServer(s));

  test('textDocument/diagnostic returns a full report', async () => {
    await open(s);
    const report: { kind: string; items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some((d) => d.code === 'unknown-role'));
  });

  test('broken XML still gets its other diagnostics', async () => {
    const uri = 'file:///etc/rudder/broken/rudder-users.xml';
    await open(s, '<authentication hash="bcrypt">\n  <user name="x" password="x" role="nope">\n', uri);
    const report: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const codes = report.items.map((d) => d.code);
    assert.ok(codes.includes('xml-syntax') && codes.includes('unknown-role'), JSON.stringify(codes));
  });
});

describe('server over stdio, sibling files', () => {
  let s: Session;
  before(async () => (s = await startServer({ workspace: { configuration: true } })));
  after(() => stopServer(s));

  test('editing rudder-web.properties re-validates the rudder-users.xml beside it', async () => {
    const usersUri = 'file:///srv/rudder-etc/rudder-users.xml';
    const propsUri = 'file:///srv/rudder-etc/rudder-web.properties';
    const severity = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.find((d) => d.code === 'plaintext-password')?.severity;
    let published = nextDiagnostics(s, usersUri);
    await openDocument(s, propsUri, 'rudder.auth.provider=ldap,file\n', 'properties');
    await openDocument(s, usersUri, '<authentication hash="bcrypt"><user name="a" password="LDAP" role="user"/></authentication>');
    // password="LDAP" with an LDAP provider is what the admin meant: no finding; with file only, no login.
    assert.equal(severity(await published), undefined);
    published = nextDiagnostics(s, usersUri);
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: propsUri, version: 2 },
      contentChanges: [{ text: 'rudder.auth.provider=file\n' }],
    });
    assert.equal(severity(await published), 1);
  });
});

describe('server over stdio, a large file', () => {
  let s: Session;
  before(async () => (s = await startServer({ textDocument: { diagnostic: { dynamicRegistration: false } } })));
  after(() => stopServer(s));

  test('repeated findings are grouped, errors first, and the line being edited keeps its own diagnostic', async () => {
    const uri = 'file:///etc/rudder/large/rudder-users.xml';
    const lines = ['<authentication hash="bcrypt" case-sensitivity="true">', ...Array.from({ length: 300 }, (_, i) => `  <user name="u${i}" password="secret-${i}" role="user"/>`), '</authentication>'];
    await open(s, lines.join('\n'), uri);
    const pull = async () => ((await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;
    const first = await pull();
    assert.equal(first.filter((d) => d.code === 'plaintext-password').length, 1);
    assert.match(String(first[0].message), /^300 findings of plaintext-password/);
    const at = { line: 300, character: lines[300].length };
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: at }, text: '\n  <user name="late" password="typed-now" role="adminstrator"/>' }],
    });
    const after = await pull();
    const late = after.filter((d) => d.range.start.line === 301);
    assert.deepEqual(late.map((d) => d.code).sort(), ['plaintext-password', 'unknown-role']);
    assert.ok(after.some((d) => d.code === 'plaintext-password' && /^300 findings/.test(String(d.message))));
  });

  test('every message is one frame whose Content-Length is its body in bytes, JSON.stringify\'s, and the verbose trace shows them', async () => {
    const uri = 'file:///etc/rudder/odd/rudder-users.xml';
    const names = ['é', '😀', 'a\u2028b', '日本', 'x"y', 'ß'];
    const lines = ['<authentication hash="bcrypt" case-sensitivity="true">', ...[...names, ...names, 'É'].map((n, i) => `  <user name="${n.replace('"', '&quot;')}" password="p${i}" role="adminstrator"/>`), '</authentication>'];
    const chunks: Buffer[] = [];
    const listener = (d: Buffer) => void chunks.push(d);
    s.proc.stdout.on('data', listener);
    // What VS Code's rudder.trace.server shows: the client's verbose trace of the messages it reads.
    const traces: { message: string; verbose?: string }[] = [];
    await s.conn.trace(Trace.Verbose, { log: (message: string, verbose?: string) => void traces.push({ message, verbose }) });
    await open(s, lines.join('\n'), uri);
    const pull = () => s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as Promise<{ items: Diagnostic[] }>;
    const first = await pull();
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, text: ' ' }] });
    const second = await pull();
    s.proc.stdout.off('data', listener);
    assert.ok(first.items.some((d) => d.code === 'duplicate-user') && second.items.length === first.items.length);
    const bytes = Buffer.concat(chunks);
    let at = 0;
    while (at < bytes.length) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(bytes.subarray(at, at + 40).toString('latin1'));
      assert.ok(header, `a header at byte ${at}`);
      const body = bytes.subarray(at + header[0].length, at + header[0].length + Number(header[1]));
      assert.equal(body.length, Number(header[1]), 'the whole body');
      assert.ok(Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))), 'utf8').equals(body), 'the body is JSON.stringify of what it says');
      at += header[0].length + body.length;
    }
    await s.conn.trace(Trace.Off, { log: () => undefined });
    const answers = traces.filter((t) => t.message.startsWith("Received response 'textDocument/diagnostic"));
    assert.equal(answers.length, 2, traces.map((t) => t.message).join('\n'));
    for (const t of answers) assert.ok(names.every((n) => t.verbose?.includes(JSON.stringify(n).slice(1, -1))), 'the trace shows the answer');
  });

  // The session asked for a verbose trace (`trace` in initialize, then `$/setTrace`): that only sets the library's
  // tracer, which the server logs nothing through. The trace a user reads is the client's own record of the
  // messages (README "Tracing"); the server's own lines are window/logMessage.
  test('$/setTrace: the server sends no $/logTrace of its own, and logs through window/logMessage', async () => {
    const logs: string[] = [];
    s.conn.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    await open(s, TEXT, 'file:///etc/rudder/traced/rudder-users.xml');
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///etc/rudder/traced/rudder-users.xml' }, position: { line: 0, character: 3 } });
    await s.conn.sendNotification('$/setTrace', { value: 'messages' });
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///etc/rudder/traced/rudder-users.xml' } });
    for (let i = 0; i < 100 && !logs.some((m) => m.includes('traced/rudder-users.xml')); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(logs.some((m) => m.includes('traced/rudder-users.xml')), logs.join('\n'));
    assert.ok(!s.wire.join('').includes('"$/logTrace"'));
  });
});
