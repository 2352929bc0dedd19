/**
 * The VS Code client: starts the bundled language server over node IPC for rudder-users.xml (language `xml`,
 * selected by file pattern so other XML extensions keep working) and rudder-web.properties, plus the globs of
 * `rudder.files.users` / `rudder.files.properties`. Everything else happens in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function documentSelector(): DocumentSelector {
  const config = vscode.workspace.getConfiguration('rudder.files');
  const users = ['**/rudder-users.xml', ...config.get<string[]>('users', [])];
  const properties = ['**/rudder-web.properties', ...config.get<string[]>('properties', [])];
  return [
    ...users.flatMap((pattern) => [
      { scheme: 'file', language: 'xml', pattern },
      { scheme: 'untitled', language: 'xml', pattern },
    ]),
    ...properties.map((pattern) => ({ scheme: 'file', pattern })),
  ];
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: { configurationSection: 'rudder' },
  };
  client = new LanguageClient('rudder', 'Rudder', serverOptions, clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await start(context);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('rudder.files')) return;
      await client?.stop();
      await start(context);
    }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
