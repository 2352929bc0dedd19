/**
 * The server started in this process over in-memory streams, with the hooks that let a test look inside: how
 * many analyses it computed, what its store holds. The protocol is the real one (vscode-jsonrpc on both ends).
 */
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';
import type { WorkspaceStore } from '../../server/src/lsp/store';

export interface InProcess {
  conn: MessageConnection;
  analyses: string[];
  /** Per pull that analysed, whether it would wait out the grace after an edit. */
  graces: boolean[];
  store: WorkspaceStore;
  settings: Record<string, unknown>;
  dispose(): void;
}

export async function startInProcess(capabilities: object, initializationOptions?: unknown): Promise<InProcess> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const analyses: string[] = [];
  const graces: boolean[] = [];
  let store: WorkspaceStore | undefined;
  startServer(server, { onAnalysis: (uri) => analyses.push(uri), onStore: (s) => (store = s), onPullGrace: (_, waits) => graces.push(waits) });
  const conn = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const session: InProcess = {
    conn,
    analyses,
    graces,
    store: store!,
    settings: {},
    dispose: () => {
      conn.dispose();
      server.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => session.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities, initializationOptions });
  await conn.sendNotification('initialized', {});
  return session;
}
