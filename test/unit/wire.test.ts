/**
 * The bytes the stdio server writes (`server/src/lsp/wire.ts`): a message carrying diagnostics is assembled from
 * each diagnostic's cached JSON, and must be byte for byte `JSON.stringify(message)` in UTF-8, with a
 * `Content-Length` equal to its byte length. Messages from real diagnostics (the fixtures, generated files, the
 * canary corpus of the secrets tests, grouped and plain), sent twice (the second time from the cache), and
 * made-up ones with every odd character and value JSON has a rule for. The incremental fuzz checks the same
 * across edits (its `wire` outcome), where kept diagnostics are the same objects.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Message } from 'vscode-languageserver/node';
import { analyze, getDiagnostics, parse } from '../../server/src/service/languageService';
import { groupDiagnostics } from '../../server/src/service/grouping';
import { normalizeSettings } from '../../server/src/service/settings';
import type { FileKind } from '../../server/src/service/rules';
import { EventEmitter } from 'node:events';
import { IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { encodeMessage, FramedStreamWriter, frameMessage, messageText } from '../../server/src/lsp/wire';
import { JsonTextReader, JsonTextWriter } from '../../server/src/transport/ipcText';
import { BROKEN_XML, canaryFiles } from '../canary/files';
import { fixtures, generateProperties, generateUsers } from '../fuzz/inputs';
import { Random } from '../fuzz/random';

/** The messages a document's diagnostics travel in: a pull report (with a related document), a publish. */
function messages(uri: string, diagnostics: unknown[], id: number): Message[] {
  return [
    { jsonrpc: '2.0', id, result: { kind: 'full', resultId: `1:${id}:0:0`, items: diagnostics } },
    { jsonrpc: '2.0', id, result: { kind: 'full', items: diagnostics, relatedDocuments: { [`${uri}.d`]: { kind: 'full', items: diagnostics.slice(0, 3) }, other: { kind: 'unchanged', resultId: 'r' } } } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: id, diagnostics } },
  ] as unknown as Message[];
}

function assertExact(message: Message, what: string): void {
  const want = Buffer.from(JSON.stringify(message), 'utf8');
  assert.ok(encodeMessage(message).equals(want), `${what}: the body is JSON.stringify's`);
  const framed = frameMessage(message);
  const header = `Content-Length: ${Buffer.byteLength(JSON.stringify(message), 'utf8')}\r\n\r\n`;
  assert.equal(framed.subarray(0, header.length).toString('latin1'), header, `${what}: the header`);
  assert.ok(framed.subarray(header.length).equals(want), `${what}: the framed body`);
  assert.equal(messageText(message), JSON.stringify(message), `${what}: the text node IPC sends`);
}

function diagnosticsOf(text: string, kind: FileKind, uri: string, r: Random): unknown[][] {
  const settings = normalizeSettings({ rudderVersion: r.pick(['auto', '7.2', '8.1', '9.2']) });
  const doc = TextDocument.create(uri, kind === 'users' ? 'xml' : 'properties', 1, text);
  const plain = getDiagnostics(doc, analyze(parse(text, kind), settings), settings);
  return [plain, groupDiagnostics(plain, uri), groupDiagnostics(plain, uri, { threshold: 2, max: 10 })];
}

test('messages of real diagnostics (fixtures, generated files) are exactly JSON.stringify, sent once or again', () => {
  const r = new Random(13, 2);
  const corpus: { name: string; text: string; kind: FileKind }[] = [
    ...fixtures().users.map((f) => ({ ...f, kind: 'users' as const })),
    ...fixtures().properties.map((f) => ({ ...f, kind: 'properties' as const })),
    ...Array.from({ length: 40 }, (_, i) => ({ name: `generated users ${i}`, text: generateUsers(r), kind: 'users' as const })),
    ...Array.from({ length: 40 }, (_, i) => ({ name: `generated properties ${i}`, text: generateProperties(r), kind: 'properties' as const })),
  ];
  let checked = 0;
  for (const { name, text, kind } of corpus) {
    const uri = kind === 'users' ? 'file:///w/rudder-users.xml' : 'file:///w/rudder-web.properties';
    for (const list of diagnosticsOf(text, kind, uri, r))
      for (const round of [1, 2])
        for (const m of messages(uri, list, round)) {
          assertExact(m, `${name}, round ${round}`);
          checked++;
        }
  }
  assert.ok(checked > 1000);
});

test('the canary corpus of the secrets tests: every message exactly JSON.stringify', () => {
  const r = new Random(13, 3);
  for (let i = 0; i < 30; i++) {
    const files = canaryFiles(13, i, i % 3 === 0 ? BROKEN_XML[i % BROKEN_XML.length] : undefined);
    const inputs: [string, FileKind, string][] = [
      [files.users, 'users', 'file:///w/rudder-users.xml'],
      [files.properties, 'properties', 'file:///w/rudder-web.properties'],
      [files.override, 'properties', 'file:///w/rudder-web.properties.d/10-x.properties'],
    ];
    for (const [text, kind, uri] of inputs) for (const list of diagnosticsOf(text, kind, uri, r)) for (const m of messages(uri, list, i)) assertExact(m, `canary ${i} ${kind}`);
  }
});

/** Every character JSON.stringify escapes or passes through: controls, quotes, line separators, surrogates. */
const ODD = [
  Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)).join(''),
  '\u2028\u2029',
  'é ß € 日本 \ufffd \ufeff',
  '😀 \ud83d\ude00 pair',
  'lone \ud800 high, lone \udfff low, reversed \ude00\ud83d',
  '\\"\\\\ \'quoted\' </script>',
];

test('odd characters and values: exactly what JSON.stringify writes, header in bytes', () => {
  class Point {
    constructor(
      public line: number,
      public character: number,
    ) {}
  }
  const byKey = { toJSON: (key: string) => `key ${key}` };
  const diagnostics: unknown[] = ODD.map((message, i) => ({
    range: { start: { line: i, character: 0 }, end: new Point(i, 3) },
    message,
    code: message,
    source: undefined,
    severity: i === 0 ? NaN : -0,
    data: { when: new Date(0), big: Infinity, f: () => 1, s: Symbol('x'), holes: [undefined, () => 2, , null], byKey, [message]: message },
  }));
  const extra: unknown[] = [null, undefined, 3, 'text', [1, [2]], byKey, new Point(1, 2), Object.assign(Object.create(null), { bare: ODD[4] })];
  for (const [i, list] of [diagnostics, [...diagnostics, ...extra], [], extra].entries())
    for (const m of messages(`file:///w/${ODD[3]}/rudder-users.xml`, list, i)) {
      assertExact(m, `odd list ${i}`);
      assertExact(m, `odd list ${i}, again`);
    }
  const odd = [
    { jsonrpc: '2.0', id: 1, result: { kind: 'full', resultId: ODD[1], items: diagnostics, extra: byKey, gone: undefined, [ODD[0]]: ODD[4] } },
    { jsonrpc: '2.0', id: 2, result: { kind: 'unchanged', resultId: ODD[2] } },
    { jsonrpc: '2.0', id: 3, result: { kind: 'full', items: byKey } },
    { jsonrpc: '2.0', id: 4, result: { kind: 'full', items: diagnostics, relatedDocuments: { [ODD[4]]: { kind: 'full', items: [undefined, ...diagnostics] }, x: byKey } } },
    { jsonrpc: '2.0', id: 5, result: { items: diagnostics } },
    { jsonrpc: '2.0', id: 6, result: null },
    { jsonrpc: '2.0', id: 7, error: { code: -32603, message: ODD[3] } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: ODD[2], diagnostics: { not: 'an array' } } },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: ODD[0] } },
    { jsonrpc: '2.0', id: 8, method: 'workspace/diagnostic/refresh' },
  ];
  for (const [i, m] of odd.entries()) assertExact(m as Message, `odd message ${i}`);
});

test('a diagnostic is serialised once: a later message copies its bytes', () => {
  const stringify = JSON.stringify;
  const d = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'once' };
  const m = messages('file:///w/rudder-users.xml', [d], 1)[0];
  encodeMessage(m);
  let calls = 0;
  JSON.stringify = ((...args: Parameters<typeof stringify>) => {
    if (args[0] === d) calls++;
    return stringify(...args);
  }) as typeof stringify;
  try {
    encodeMessage(m);
    frameMessage(messages('file:///w/rudder-users.xml', [d], 2)[2]);
  } finally {
    JSON.stringify = stringify;
  }
  assert.equal(calls, 0);
});

/** A writable that records chunks, completes writes in a later turn, and fails the writes it is told to. */
function sink(fail: (n: number) => boolean): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  let n = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const failing = fail(n++);
      if (!failing) chunks.push(chunk);
      setImmediate(() => callback(failing ? new Error('EPIPE') : undefined));
    },
  });
  return { stream, chunks };
}

test('the writer: one chunk per message in the order written, failures reported as the stock writer does', async () => {
  const { stream, chunks } = sink((n) => n === 7);
  const writer = new FramedStreamWriter(stream);
  const errors: [string, number | undefined][] = [];
  writer.onError(([error, message, count]) => errors.push([`${error.message}${message ? ` ${JSON.stringify(message)}` : ''}`, count]));
  let closed = 0;
  writer.onClose(() => closed++);
  const cyclic: Record<string, unknown> = { jsonrpc: '2.0', id: 1, result: { kind: 'full', items: [] } };
  (cyclic.result as Record<string, unknown>).self = cyclic;
  await assert.rejects(writer.write(cyclic as unknown as Message), TypeError);
  assert.match(errors[0][0], /circular/);
  const sent = Array.from({ length: 8 }, (_, i) => ({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: `${i} ${ODD[3]}` } }) as Message);
  const results = await Promise.allSettled(sent.map((m) => writer.write(m)));
  assert.deepEqual(
    results.map((x) => x.status),
    sent.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')),
  );
  assert.deepEqual(
    chunks.map((c) => c.toString('utf8')),
    sent.slice(0, 7).map((m) => `Content-Length: ${Buffer.byteLength(JSON.stringify(m))}\r\n\r\n${JSON.stringify(m)}`),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(errors.slice(1), [[`EPIPE ${JSON.stringify(sent[7])}`, 1], ['EPIPE', undefined]], 'the failed write, then the stream');
  assert.equal(closed, 1, 'the failed stream closes');
  writer.dispose();
});

test('a stream error is reported', () => {
  const { stream } = sink(() => false);
  const writer = new FramedStreamWriter(stream);
  const errors: string[] = [];
  writer.onError(([error]) => errors.push(error.message));
  stream.emit('error', new Error('broken pipe'));
  assert.deepEqual(errors, ['broken pipe']);
});

/** A node IPC channel's end as `process` and a `ChildProcess` have it: `send`, and the `message` event. */
function channel(fail: (n: number) => boolean): EventEmitter & { sent: unknown[]; send: (m: unknown, h: undefined, o: undefined, cb: (e: Error | null) => void) => boolean } {
  let n = 0;
  const sent: unknown[] = [];
  return Object.assign(new EventEmitter(), {
    sent,
    send(m: unknown, _h: undefined, _o: undefined, cb: (e: Error | null) => void) {
      const failing = fail(n++);
      if (!failing) sent.push(m);
      setImmediate(() => cb(failing ? new Error('EPIPE') : null));
      return true;
    },
  });
}

test('node IPC as JSON text: the text written from the cache is sent, text read is parsed, objects pass, bad text is an error', async () => {
  const end = channel((n) => n === 2);
  const writer = new JsonTextWriter(new IPCMessageWriter(end as unknown as NodeJS.Process), messageText);
  const errors: string[] = [];
  writer.onError(([error, , count]) => errors.push(`${error.message} ${count}`));
  const d = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: ODD[3] };
  const sent = [...messages('file:///w/rudder-users.xml', [d, d], 1), { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: ODD[0] } } as Message];
  for (const m of sent) await writer.write(m);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(end.sent, [sent[0], sent[1], sent[3]].map((m) => JSON.stringify(m)));
  // The stock writer's report, forwarded: it counts a failed send twice (in its callback, then in `handleError`).
  assert.deepEqual(errors, ['EPIPE 2'], 'a failed send, reported as the stock writer reports it');
  const cyclic: Record<string, unknown> = { jsonrpc: '2.0', id: 1, result: null };
  cyclic.result = cyclic;
  await assert.rejects(writer.write(cyclic as unknown as Message), TypeError);

  const reader = new JsonTextReader(new IPCMessageReader(end as unknown as NodeJS.Process));
  const read: unknown[] = [];
  const readErrors: string[] = [];
  reader.onError((error) => readErrors.push(error.message));
  reader.listen((m) => read.push(m));
  end.emit('message', JSON.stringify(sent[0]));
  end.emit('message', sent[3]);
  end.emit('message', '{"jsonrpc":');
  assert.deepEqual(read, [sent[0], sent[3]]);
  assert.equal(readErrors.length, 1);
  let closed = 0;
  reader.onClose(() => closed++);
  end.emit('close');
  assert.equal(closed, 1, 'the channel closing closes the reader');
  reader.dispose();
  writer.dispose();
});
