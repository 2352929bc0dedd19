/**
 * The server's workspace store: one analysis per (document identity, version, settings, sibling facts), however
 * many requests ask; nothing kept once documents close; a document closed and reopened while its settings were
 * being fetched never gets its former self's analysis; pull diagnostics answer `unchanged` for an unchanged
 * document; push-only clients get a newly opened document's diagnostics at once.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { startInProcess } from './inProcess';
import { nextDiagnostics, openDocument, startServer, stopServer } from './session';

/** server/src/lsp/server.ts */
const PUSH_DEBOUNCE_MS = 250;

const URI = 'file:///etc/rudder/rudder-users.xml';
const users = (n: number, password = 'plain-secret-1') =>
  ['<authentication hash="bcrypt">', ...Array.from({ length: n }, (_, i) => `  <user name="u${i}" password="${password}" role="administrator"/>`), '</authentication>', ''].join('\n');

for (const configuration of [true, false]) {
  test(`10 hovers and 1 inlay hint on one version cost 1 analysis (${configuration ? 'with' : 'without'} workspace/configuration)`, async () => {
    const s = await startInProcess({ workspace: { configuration }, textDocument: { diagnostic: {} } }, configuration ? undefined : { settings: { bcrypt: { cost: 12 } } });
    try {
      await openDocument({ conn: s.conn } as never, URI, users(5));
      for (let i = 0; i < 10; i++) await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1 + (i % 5), character: 16 } });
      await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } } });
      assert.equal(s.analyses.length, 1);
      await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: configuration ? {} : { rudder: { bcrypt: { cost: 12 } } } });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 16 } });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 16 } });
      assert.equal(s.analyses.length, 1, 'equal settings after a change keep their key');
      s.settings = { rules: { 'plaintext-password': 'hint' } };
      await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { rudder: s.settings } });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 16 } });
      assert.equal(s.analyses.length, 2, 'other settings are another key');
    } finally {
      s.dispose();
    }
  });
}

test('an edit consumes the cached analysis: the store hands out only the new one, with the new offsets', async () => {
  const s = await startInProcess({ workspace: { configuration: true }, textDocument: { diagnostic: {} } });
  try {
    const text = users(3);
    await openDocument({ conn: s.conn } as never, URI, text);
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
    const first = s.store.latest(URI)!.a;
    assert.equal(first.kind, 'users');
    // One character typed in the first user's name: a splice, which moves the later users' offsets in place.
    const at = { line: 1, character: '  <user name="u'.length };
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
    const second = s.store.latest(URI)!.a;
    assert.notEqual(second, first);
    assert.notEqual(second.model, first.model, 'a new model object, so caches keyed by the model miss');
    const now = text.slice(0, text.indexOf('u0')) + 'ux0' + text.slice(text.indexOf('u0') + 2);
    assert.equal(second.model.text, now);
    if (second.kind !== 'users') return assert.fail('a users analysis');
    assert.deepEqual(second.model.users.map((u) => now.slice(u.name!.valueRange!.start, u.name!.valueRange!.end)), ['ux0', 'u1', 'u2']);
    assert.deepEqual(second.evaluation.findings.filter((f) => f.rule === 'plaintext-password').map((f) => now.slice(f.range.start, f.range.end)), ['plain-secret-1', 'plain-secret-1', 'plain-secret-1']);
  } finally {
    s.dispose();
  }
});

test("a pull waits out the grace only after an edit's analysis took 20 ms or more, never for the open's full parse", async () => {
  const s = await startInProcess({ workspace: { configuration: true }, textDocument: { diagnostic: {} } });
  try {
    // 10,000 users: the open's full analysis, and that of an edit between two tags (parsed again in full), take
    // far more than 20 ms.
    await openDocument({ conn: s.conn } as never, URI, users(10_000, '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu'));
    const pull = () => s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } });
    await pull();
    const afterOpen = s.graces.length;
    let version = 1;
    const type = async (line: number, character: number, insert: string) => {
      const at = { line, character };
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: ++version }, contentChanges: [{ range: { start: at, end: at }, text: insert }] });
      await pull();
    };
    await type(2, 0, ' ');
    await type(3, '  <user name="u'.length, 'x');
    assert.deepEqual(s.graces.slice(afterOpen), [false, true], 'the first edit does not wait for the open; the one after a slow edit does');
  } finally {
    s.dispose();
  }
});

test('300 open → request → close cycles leave the store empty', async () => {
  const s = await startInProcess({ workspace: { configuration: true }, textDocument: { diagnostic: {} } });
  try {
    for (let i = 0; i < 300; i++) {
      const uri = `file:///srv/${i}/rudder-users.xml`;
      await openDocument({ conn: s.conn } as never, uri, users(20));
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } });
      await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    assert.deepEqual({ ...s.store.size, settings: 0 }, { entries: 0, analyses: 0, contexts: 0, settings: 0 });
    assert.ok(s.store.size.settings <= 2, `settings variants: ${s.store.size.settings}`);
  } finally {
    s.dispose();
  }
});

test('a document closed and reopened while its settings are fetched gets the new text analysed, not the old', async () => {
  const s = await startServer({ workspace: { configuration: true }, textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } });
  try {
    let release!: () => void;
    s.configurationGate = new Promise((r) => (release = r));
    await openDocument(s, URI, users(1));
    const early = s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source'] } });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const hashed = users(1, '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu');
    await openDocument(s, URI, hashed);
    release();
    const [first, second] = [(await early) as CodeAction[], (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source'] } })) as CodeAction[]];
    assert.deepEqual(first.map((a) => a.title), []);
    assert.deepEqual(second.map((a) => a.title), []);
  } finally {
    await stopServer(s);
  }
});

describe('diagnostics', () => {
  test('pull: result ids, and an unchanged document answers unchanged', async () => {
    const s = await startServer({ textDocument: { diagnostic: {} }, workspace: { configuration: true } });
    try {
      await openDocument(s, URI, users(2));
      const pull = (previousResultId?: string) => s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI }, previousResultId }) as Promise<{ kind: string; resultId?: string; items?: unknown[] }>;
      const full = await pull();
      assert.equal(full.kind, 'full');
      assert.ok(full.resultId && full.items!.length > 0);
      assert.deepEqual(await pull(full.resultId), { kind: 'unchanged', resultId: full.resultId });
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] });
      const changed = await pull(full.resultId);
      assert.equal(changed.kind, 'full');
      assert.notEqual(changed.resultId, full.resultId);
    } finally {
      await stopServer(s);
    }
  });

  test('push: a newly opened document gets its diagnostics at once, edits are debounced', async () => {
    const s = await startServer({ workspace: { configuration: true } });
    try {
      const opened = nextDiagnostics(s, URI);
      const t0 = performance.now();
      await openDocument(s, URI, users(2));
      await opened;
      const openMs = performance.now() - t0;
      assert.ok(openMs < PUSH_DEBOUNCE_MS, `first diagnostics after ${openMs.toFixed(0)} ms`);
      const edited = nextDiagnostics(s, URI);
      const t1 = performance.now();
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] });
      await edited;
      assert.ok(performance.now() - t1 >= PUSH_DEBOUNCE_MS - 5, 'edits wait for the debounce');
    } finally {
      await stopServer(s);
    }
  });
});
