/**
 * The bundled server over node IPC, started as the VS Code client starts it (`--node-ipc --ipc-json-text`, the
 * `advanced` channel, each message its JSON text both ways: `server/src/transport/ipcText.ts`) and as any other
 * node IPC client does (`--node-ipc`, the `json` channel, messages as objects). One session, the same requests
 * through both: the answers are the same, and in the first every message arrives as a string that is exactly
 * `JSON.stringify` of what it parses to (the text is written from the diagnostics' cached JSON).
 */
// @tier protocol
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { before, test } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { IPC_JSON_TEXT, JsonTextReader, JsonTextWriter } from '../../server/src/transport/ipcText';
import { bench, loadBenchGenerator } from '../fuzz/incremental';
import { SERVER } from './session';

before(loadBenchGenerator);

const URI = 'file:///etc/rudder/rudder-users.xml';

interface Run {
  answers: unknown[];
  /** What arrived on the channel, as it arrived. */
  raw: unknown[];
}

async function session(text: boolean, file: string, edit: number): Promise<Run> {
  const child: ChildProcess = fork(SERVER, ['--node-ipc', ...(text ? [IPC_JSON_TEXT] : []), `--clientProcessId=${process.pid}`], { serialization: text ? 'advanced' : 'json', silent: true });
  const raw: unknown[] = [];
  child.on('message', (m) => raw.push(m));
  const reader = new IPCMessageReader(child);
  const writer = new IPCMessageWriter(child);
  const conn: MessageConnection = text ? createMessageConnection(new JsonTextReader(reader), new JsonTextWriter(writer)) : createMessageConnection(reader, writer);
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();
  const answers: unknown[] = [];
  const ask = async (method: string, params: unknown) => answers.push(await conn.sendRequest(method, params));
  await ask('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: true } }, workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'xml', version: 1, text: file } });
  await ask('textDocument/diagnostic', { textDocument: { uri: URI } });
  const position = { line: file.slice(0, edit).split('\n').length - 1, character: edit - file.lastIndexOf('\n', edit - 1) - 1 };
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: position, end: position }, text: 'é"<' }] });
  await ask('textDocument/diagnostic', { textDocument: { uri: URI } });
  await ask('textDocument/diagnostic', { textDocument: { uri: URI }, previousResultId: (answers[answers.length - 1] as { resultId: string }).resultId });
  await ask('textDocument/hover', { textDocument: { uri: URI }, position });
  await ask('textDocument/documentSymbol', { textDocument: { uri: URI } });
  await ask('shutdown', undefined);
  await conn.sendNotification('exit');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  conn.dispose();
  return { answers, raw };
}

test('over node IPC as JSON text, the answers are the stock transport’s, and each message arrives as exactly its JSON', async () => {
  const file = bench!.usersFile(2000, 42).text;
  // Inside the name of a user in the middle.
  const edit = file.indexOf('<user name="', file.length >> 1) + '<user name="'.length + 2;
  const stock = await session(false, file, edit);
  const text = await session(true, file, edit);
  assert.equal(JSON.stringify(text.answers), JSON.stringify(stock.answers));
  const items = (text.answers[1] as { items: { relatedInformation?: unknown }[] }).items;
  assert.ok(items.length > 100 && items.some((d) => d.relatedInformation), 'a report with many diagnostics, related ones among them');
  assert.ok(stock.raw.length > 0 && stock.raw.every((m) => typeof m === 'object'), 'the stock transport: objects');
  assert.equal(text.raw.length, stock.raw.length);
  for (const m of text.raw) {
    assert.equal(typeof m, 'string');
    assert.equal(m, JSON.stringify(JSON.parse(m as string)));
  }
});
