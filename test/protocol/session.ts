/** A minimal LSP client over stdio for protocol tests: spawns the bundled server and records every message. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
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
  /** `window/showMessage` texts, in order. */
  messages: string[];
  /** `client/registerCapability` registrations, in order. */
  registrations: { method: string; registerOptions?: unknown }[];
  /** Answers `workspace/applyEdit`; by default records the edit and says it was applied. */
  onApplyEdit: (params: { label?: string; edit: WorkspaceEdit }) => boolean;
  /** Delays `workspace/configuration` answers until it resolves (tests of races with settings). */
  configurationGate?: Promise<void>;
}

export async function startServer(capabilities: object, initializationOptions?: unknown): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio']);
  const session: Session = {
    proc,
    conn: undefined as unknown as MessageConnection,
    wire: [],
    stderr: [],
    settings: {},
    applied: [],
    messages: [],
    registrations: [],
    onApplyEdit: (params) => {
      session.applied.push(params);
      return true;
    },
  };
  proc.stdout.on('data', (d: Buffer) => session.wire.push(d.toString()));
  proc.stderr.on('data', (d: Buffer) => session.stderr.push(d.toString()));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  session.conn = conn;
  conn.onRequest('workspace/configuration', async (params: { items: unknown[] }) => {
    await session.configurationGate;
    return params.items.map(() => session.settings);
  });
  conn.onNotification('window/showMessage', (p: { message: string }) => void session.messages.push(p.message));
  conn.onRequest('client/registerCapability', (p: { registrations: Session['registrations'] }) => {
    session.registrations.push(...p.registrations);
    return null;
  });
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/applyEdit', (params: { label?: string; edit: WorkspaceEdit }) => ({ applied: session.onApplyEdit(params) }));
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

/** The next diagnostics published for `uri` (for its `version` only, when given: a push of an earlier one may still come). */
export function nextDiagnostics(s: Session, uri: string, version?: number): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const d = s.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri !== uri || (version !== undefined && p.version !== version)) return;
      d.dispose();
      resolve(p);
    });
  });
}

export function openDocument(s: Session, uri: string, text: string, languageId = 'xml'): Promise<void> {
  return s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

/** A document as a client holds it: edits go to the server as `didChange`, server edits apply only to their version. */
export class ClientDocument {
  doc: TextDocument;

  constructor(
    private readonly s: Session,
    readonly uri: string,
    text: string,
    readonly languageId = 'xml',
  ) {
    this.doc = TextDocument.create(uri, languageId, 1, text);
  }

  get text(): string {
    return this.doc.getText();
  }

  get version(): number {
    return this.doc.version;
  }

  open(text = this.text): Promise<void> {
    this.doc = TextDocument.create(this.uri, this.languageId, 1, text);
    return openDocument(this.s, this.uri, text, this.languageId);
  }

  close(): Promise<void> {
    return this.s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri } });
  }

  /** Replace `[start, end)` (offsets) with `text`, as typing does. */
  change(start: number, end: number, text: string): Promise<void> {
    const range: Range = { start: this.doc.positionAt(start), end: this.doc.positionAt(end) };
    this.doc = TextDocument.update(TextDocument.create(this.uri, this.languageId, this.version, this.text), [{ range, text }], this.version + 1);
    return this.s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [{ range, text }] });
  }

  /** Apply a server's edit as VS Code does: only if it names this document's current version. */
  apply(edit: WorkspaceEdit | undefined | null): boolean {
    const change = edit?.documentChanges?.[0] as { textDocument: { uri: string; version: number | null }; edits: TextEdit[] } | undefined;
    if (!change || change.textDocument.uri !== this.uri || change.textDocument.version !== this.version) return false;
    const text = TextDocument.applyEdits(this.doc, change.edits);
    this.doc = TextDocument.create(this.uri, this.languageId, this.version + 1, text);
    void this.s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [{ text }] });
    return true;
  }
}
