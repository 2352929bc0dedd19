/** Entry point of `rudder-lsp`: `--stdio` or `--node-ipc`, as the client asks. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: rudder-lsp --stdio\n\nThe Rudder language server for rudder-users.xml and rudder-web.properties.\n');
  process.exit(0);
}
process.on('uncaughtException', (e) => process.stderr.write(`rudder-lsp: uncaught error: ${e instanceof Error ? e.message : String(e)}\n`));
startServer(createConnection(ProposedFeatures.all));
