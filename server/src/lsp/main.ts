/** Entry point of `rudder-lsp`: `--stdio` or `--node-ipc`, as the client asks. */
import { createConnection, Message, ProposedFeatures, type ResponseMessage } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Requests answered `null` when cancelled before they ran, instead of being computed for nothing. */
const DROPPABLE = new Set(['textDocument/codeAction', 'codeAction/resolve', 'textDocument/inlayHint', 'textDocument/hover', 'textDocument/completion']);

function cancelUndispatched(message: Message): ResponseMessage | undefined {
  return Message.isRequest(message) && DROPPABLE.has(message.method) ? { jsonrpc: message.jsonrpc, id: message.id, result: null } : undefined;
}

const USAGE = 'Usage: rudder-lsp --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n\nThe Rudder language server for rudder-users.xml and rudder-web.properties.\n';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.stderr.write(`rudder-lsp: no transport given\n\n${USAGE}`);
  process.exit(2);
}
process.on('uncaughtException', (e) => process.stderr.write(`rudder-lsp: uncaught error: ${e instanceof Error ? e.message : String(e)}\n`));
startServer(createConnection(ProposedFeatures.all, { cancelUndispatched }));
