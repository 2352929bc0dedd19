/** Entry point of `rudder-lsp`: `--stdio` or `--node-ipc`, as the client asks. */
import { createConnection, Message, ProposedFeatures, type ResponseMessage } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Requests answered `null` when cancelled before they ran, instead of being computed for nothing. */
const DROPPABLE = new Set(['textDocument/codeAction', 'codeAction/resolve', 'textDocument/inlayHint', 'textDocument/hover', 'textDocument/completion']);

function cancelUndispatched(message: Message): ResponseMessage | undefined {
  return Message.isRequest(message) && DROPPABLE.has(message.method) ? { jsonrpc: message.jsonrpc, id: message.id, result: null } : undefined;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: rudder-lsp --stdio\n\nThe Rudder language server for rudder-users.xml and rudder-web.properties.\n');
  process.exit(0);
}
process.on('uncaughtException', (e) => process.stderr.write(`rudder-lsp: uncaught error: ${e instanceof Error ? e.message : String(e)}\n`));
startServer(createConnection(ProposedFeatures.all, { cancelUndispatched }));
