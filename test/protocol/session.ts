/** A minimal LSP client over stdio for protocol tests: spawns the bundled server and records every message. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

export interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: Diagnostic[];
}

export interface Session {
  proc: ChildProcessWithoutNullStreams;
  conn: MessageConnection;
  /** Raw bytes the server wrote (every response, notification, log and trace), for leak checks. */
  wire: string[];
  stderr: string[];
  settings: Record<string, unknown>;
  applied: unknown[];
}

export async function startServer(capabilities: object, initializationOptions?: unknown): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio']);
  const session: Session = { proc, conn: undefined as unknown as MessageConnection, wire: [], stderr: [], settings: {}, applied: [] };
  proc.stdout.on('data', (d: Buffer) => session.wire.push(d.toString()));
  proc.stderr.on('data', (d: Buffer) => session.stderr.push(d.toString()));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  session.conn = conn;
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => session.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/applyEdit', (params: unknown) => {
    session.applied.push(params);
    return { applied: true };
  });
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions, trace: 'verbose' });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('$/setTrace', { value: 'verbose' });
  return session;
}

export async function stopServer(s: Session): Promise<void> {
  await s.conn.sendRequest('shutdown');
  await s.conn.sendNotification('exit');
  s.conn.dispose();
  await new Promise((resolve) => (s.proc.exitCode !== null ? resolve(null) : s.proc.once('exit', resolve)));
}

export function nextDiagnostics(s: Session, uri: string): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const d = s.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri !== uri) return;
      d.dispose();
      resolve(p);
    });
  });
}

export function openDocument(s: Session, uri: string, text: string, languageId = 'xml'): Promise<void> {
  return s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}
