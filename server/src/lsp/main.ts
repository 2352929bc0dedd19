/** Entry point of `rudder-lsp`: `--stdio` or `--node-ipc`, as the client asks. */
import { format } from 'node:util';
import { createConnection, IPCMessageReader, IPCMessageWriter, Message, ProposedFeatures, type Connection, type ResponseMessage } from 'vscode-languageserver/node';
import { IPC_JSON_TEXT, JsonTextReader, JsonTextWriter } from '../transport/ipcText';
import { startServer } from './server';
import { FramedStreamWriter, messageText } from './wire';

/** Requests answered `null` when cancelled before they ran, instead of being computed for nothing. */
const DROPPABLE = new Set(['textDocument/codeAction', 'codeAction/resolve', 'textDocument/inlayHint', 'textDocument/hover', 'textDocument/completion']);

function cancelUndispatched(message: Message): ResponseMessage | undefined {
  return Message.isRequest(message) && DROPPABLE.has(message.method) ? { jsonrpc: message.jsonrpc, id: message.id, result: null } : undefined;
}

const USAGE = `Usage: rudder-lsp --stdio | --node-ipc [${IPC_JSON_TEXT}] | --socket=PORT | --pipe=NAME\n\nThe Rudder language server for rudder-users.xml and rudder-web.properties.\n${IPC_JSON_TEXT}: over node IPC, messages travel as their JSON text, both ways (the VS Code extension's client).\n`;
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

/**
 * Over stdio the messages are written by `FramedStreamWriter` (each diagnostic's JSON computed once). stdin stays
 * a stream, so that the library still ends the server when the client's end closes: it takes a stream and a
 * writer together (a writer has no `addListener`), though its types only name a pair of either. It does not take
 * over `console` then, as it does for the `--stdio` it parses itself, so that is done here: stdout carries the
 * protocol, and anything logged goes to the client's log instead.
 */
function stdioConnection(): Connection {
  const writer = new FramedStreamWriter(process.stdout) as unknown as NodeJS.WritableStream;
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer, { cancelUndispatched });
  const log = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = console.info = log((m) => connection.console.log(m));
  console.debug = console.trace = log((m) => connection.console.debug(m));
  console.warn = log((m) => connection.console.warn(m));
  console.error = log((m) => connection.console.error(m));
  return connection;
}

/**
 * Node IPC as JSON text (`transport/ipcText.ts`): the messages written from the diagnostics' cached JSON. Without
 * `--ipc-json-text` (another client), the stock transport: `process.send` serialises each message itself.
 */
function ipcTextConnection(): Connection {
  const reader = new JsonTextReader(new IPCMessageReader(process));
  const writer = new JsonTextWriter(new IPCMessageWriter(process), messageText);
  return createConnection(ProposedFeatures.all, reader, writer, { cancelUndispatched });
}

const ipcText = args.includes('--node-ipc') && args.includes(IPC_JSON_TEXT);
startServer(args.includes('--stdio') ? stdioConnection() : ipcText ? ipcTextConnection() : createConnection(ProposedFeatures.all, { cancelUndispatched }));
