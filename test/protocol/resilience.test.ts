/**
 * The real server over stdio keeps serving whatever it is sent: requests on garbage documents, requests with
 * invalid params, edits outside the document, a request cancelled while it waits behind a long one. After each,
 * normal requests still get correct answers, and the process never exits.
 */
// @tier protocol
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import { rulesDocFor } from '../../server/src/lsp/ruleDocs';
import { analyze, getDiagnostics, parse } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { makeInput } from '../fuzz/harness';
import { Random } from '../fuzz/random';
import { openDocument, SERVER, startServer, stopServer, type Session } from './session';

/** Folders that do not exist: the server finds no sibling files, so its answers depend on the text alone. */
const DIR = 'file:///nonexistent-rudder-resilience';
const HEALTHY = `${DIR}/healthy/rudder-users.xml`;
const TEXT = ['<authentication hash="bcrypt">', '  <user name="bob" password="not-a-hash" role="adminstrator"/>', '</authentication>', ''].join('\n');
/** LSP `RequestCancelled` and `RequestFailed` (a refused rename). */
const REQUEST_CANCELLED = -32800;
const REQUEST_FAILED = -32803;

const GARBAGE: { name: string; kind: 'users' | 'properties'; text: string }[] = [
  { name: 'NUL, lone surrogates and stray markup', kind: 'users', text: '\0\uD800<<<>>>&&&"\'\uDC00</</>]]><!--<![CDATA[' },
  { name: 'a tag cut in a value', kind: 'users', text: '<authentication hash="bcr' },
  { name: 'BOM, U+2028 and empty lists', kind: 'users', text: '\uFEFF<authentication>\u2028<user name="\uDC00" password=\'\' role=",,," tenants=",-,*"/>' },
  { name: 'an external entity', kind: 'users', text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><authentication>&x;</authentication>' },
  { name: '8,000 nested elements', kind: 'users', text: `<authentication>${'<a>'.repeat(8000)}${'</a>'.repeat(8000)}</authentication>` },
  { name: 'lone backslashes and broken escapes', kind: 'properties', text: '\\\n\\u\na=\\uZZZZ\n\\\n\\\n\0=\0\n:\n=\n' },
  { name: 'CR-only lines and a continued comment', kind: 'properties', text: 'rudder.auth.provider=ldap,\\\r  file\r# x\\\rrudder.auth.ldap.filter=(&(uid={1})\r' },
  // Mutated fixtures and generated files from the fuzzer, kept small.
  ...Array.from({ length: 40 }, (_, i) => makeInput(new Random(7, i)))
    .filter((input) => input.text.length < 20_000)
    .slice(0, 8)
    .map((input, i) => ({ name: `fuzz input ${i} (${input.origin}, ${input.mutations.join(' ')})`, kind: input.kind, text: input.text })),
];

const fileName = (kind: 'users' | 'properties') => (kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties');

/** A request must be answered: a result, or (for a refused rename) RequestFailed; never an internal error or silence. */
async function answered(s: Session, method: string, params: unknown): Promise<unknown> {
  try {
    return await s.conn.sendRequest(method, params);
  } catch (e) {
    assert.ok(e instanceof ResponseError && method === 'textDocument/rename' && e.code === REQUEST_FAILED, `${method} ${JSON.stringify(params).slice(0, 200)} failed: ${String(e)}`);
    return undefined;
  }
}

/** Every request the server offers, at `position` and over `range`. */
async function everyRequest(s: Session, uri: string, position: Position, range: Range): Promise<void> {
  const textDocument = { uri };
  const requests: [string, object][] = [
    ['textDocument/diagnostic', { textDocument }],
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'ops' }],
    ['textDocument/inlayHint', { textDocument, range }],
    ['textDocument/foldingRange', { textDocument }],
  ];
  for (const [method, params] of requests) await answered(s, method, params);
}

/** The healthy document still gets exactly its diagnostics, a hover and completions. */
async function assertHealthy(s: Session): Promise<void> {
  const report: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: HEALTHY } });
  const role = report.items.find((d) => d.code === 'unknown-role');
  assert.deepEqual(role?.range, { start: { line: 1, character: 47 }, end: { line: 1, character: 59 } }, JSON.stringify(report.items.map((d) => d.code)));
  assert.ok(report.items.some((d) => d.code === 'plaintext-password'));
  const hover: Hover | null = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: HEALTHY }, position: { line: 0, character: 3 } });
  assert.match(JSON.stringify(hover?.contents), /Rudder/);
  const completion: { items: { label: string }[] } | null = await s.conn.sendRequest('textDocument/completion', { textDocument: { uri: HEALTHY }, position: { line: 1, character: 50 } });
  assert.ok(completion?.items.some((i) => i.label === 'administrator'));
}

describe('server resilience over stdio', () => {
  let s: Session;
  let exited = false;

  before(async () => {
    s = await startServer({ textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } });
    s.proc.once('exit', () => (exited = true));
    await openDocument(s, HEALTHY, TEXT);
    await assertHealthy(s);
  });

  after(async () => {
    assert.equal(exited, false, `the server exited:\n${s.stderr.join('')}`);
    assert.ok(!s.stderr.join('').includes('uncaught'), s.stderr.join(''));
    await stopServer(s);
  });

  test('requests of every kind on garbage documents are answered', async () => {
    for (const [i, g] of GARBAGE.entries()) {
      const uri = `${DIR}/garbage-${i}/${fileName(g.kind)}`;
      await openDocument(s, uri, g.text, g.kind === 'users' ? 'xml' : 'properties');
      const doc = TextDocument.create(uri, 'x', 1, g.text);
      const end = doc.positionAt(g.text.length);
      for (const position of [{ line: 0, character: 0 }, doc.positionAt(g.text.length >> 1), end]) await everyRequest(s, uri, position, { start: { line: 0, character: 0 }, end });
    }
    await assertHealthy(s);
  });

  test('requests with invalid params are answered', async () => {
    const textDocument = { uri: HEALTHY };
    const far = { line: 1_000_000, character: 1_000_000 };
    const reversed = { start: { line: 2, character: 5 }, end: { line: 0, character: 1 } };
    await everyRequest(s, HEALTHY, far, { start: far, end: far });
    await everyRequest(s, HEALTHY, { line: -1, character: -5 }, reversed);
    await everyRequest(s, `${DIR}/missing/rudder-users.xml`, { line: 0, character: 0 }, reversed);
    await everyRequest(s, 'untitled:Untitled-1', { line: 0, character: 0 }, reversed);
    // Fields missing altogether: the handler fails inside, and must still answer.
    await answered(s, 'textDocument/hover', { textDocument });
    await answered(s, 'textDocument/codeAction', { textDocument, range: reversed });
    await answered(s, 'textDocument/references', { textDocument, position: far });
    await answered(s, 'textDocument/diagnostic', {});
    await answered(s, 'textDocument/inlayHint', { textDocument });
    await assertHealthy(s);
  });

  test('edits outside the document are applied as the client applies them', async () => {
    const uri = `${DIR}/edited/rudder-users.xml`;
    await openDocument(s, uri, TEXT);
    let mirror = TextDocument.create(uri, 'xml', 1, TEXT);
    const edits: TextDocumentContentChangeEvent[][] = [
      [{ range: { start: { line: 500, character: 0 }, end: { line: 600, character: 10 } }, text: '<!-- tail -->' }],
      [{ range: { start: { line: 1, character: 50 }, end: { line: 1, character: 2 } }, text: 'Z' }],
      [{ range: { start: { line: 0, character: 999 }, end: { line: 0, character: 1000 } }, text: ' case-sensitivity="maybe"' }],
      [{ range: { start: { line: -3, character: -1 }, end: { line: 0, character: 1 } }, text: '<' }],
      [
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  <user name="eve" role="user"/>\n' },
        { range: { start: { line: 99, character: 0 }, end: { line: 0, character: 0 } }, text: '\uD800' },
      ],
    ];
    for (const [i, changes] of edits.entries()) {
      const version = i + 2;
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      mirror = TextDocument.update(mirror, changes, version);
      const report: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      // The bundle links to the docs/rules.md beside it.
      const expected = getDiagnostics(mirror, analyze(parse(mirror.getText(), 'users'), DEFAULT_SETTINGS), DEFAULT_SETTINGS, rulesDocFor(path.dirname(SERVER)));
      // The server sends errors first; compare the same findings in one order.
      const key = (d: Diagnostic) => JSON.stringify([d.range, d.code, d.message]);
      const sorted = (ds: Diagnostic[]) => [...ds].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      assert.deepEqual(sorted(report.items), sorted(JSON.parse(JSON.stringify(expected))), `after edit ${i + 1}: ${JSON.stringify(changes)}`);
    }
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: edits.length + 2 }, contentChanges: [{ text: TEXT }] });
    const report: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    assert.ok(report.items.some((d) => d.code === 'unknown-role'));
    await assertHealthy(s);
  });

  test('a code action cancelled while it waits behind a long request is not computed', async () => {
    const uri = `${DIR}/big/rudder-users.xml`;
    const users = Array.from({ length: 30_000 }, (_, i) => `  <user name="user${i}" password="secret${i}" role="adminstrator, node_read"/>`);
    const text = `<authentication hash="argon2id">\n${users.join('\n')}\n</authentication>\n`;
    await openDocument(s, uri, text);
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    // A new version: the next request parses 2.4 MB again, synchronously, while the code action and its
    // cancellation arrive.
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '<!-- v2 -->\n' }],
    });
    const busy: Promise<{ items: Diagnostic[] }> = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const source = new CancellationTokenSource();
    const whole = { start: { line: 0, character: 0 }, end: { line: users.length + 3, character: 0 } };
    const action = s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [] } }, source.token);
    source.cancel();
    const outcome = await action.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) assert.ok(outcome.error instanceof ResponseError && outcome.error.code === REQUEST_CANCELLED, String(outcome.error));
    else assert.equal(outcome.result, null, 'a cancelled code action is answered null, not computed');
    assert.ok((await busy).items.some((d) => d.code === 'plaintext-password'), 'the long request itself completes');
    await assertHealthy(s);
  });

  test('a document whose file: URI has no path on this system (a host, an encoded /) does not break the others', async () => {
    const odd = ['file://fileserver/share/rudder-users.xml', `${DIR}/a%2Fb/rudder-users.xml`];
    try {
      for (const [i, uri] of odd.entries()) {
        await openDocument(s, uri, TEXT);
        const own: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
        assert.ok(own.items.some((d) => d.code === 'unknown-role'), `${uri}: ${JSON.stringify(own.items.map((d) => d.code))}`);
        const other = `${DIR}/after-odd-uri-${i}/rudder-users.xml`;
        await openDocument(s, other, TEXT);
        const report: { items: Diagnostic[] } = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: other } });
        assert.ok(report.items.some((d) => d.code === 'unknown-role'), `a document opened after ${uri}: ${JSON.stringify(report.items.map((d) => d.code))}`);
      }
    } finally {
      for (const uri of odd) await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await assertHealthy(s);
  });
});
