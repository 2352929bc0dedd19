/**
 * The VS Code client: starts the bundled language server over node IPC for rudder-users.xml (language `xml`,
 * selected by file pattern so other XML extensions keep working) and rudder-web.properties, plus the globs of
 * `rudder.files.users` / `rudder.files.properties`. Besides that it only prompts for secrets: "Set a new
 * password…" asks twice in masked input boxes and hashes in a worker thread here, so the password never
 * crosses the LSP connection (which traces may record); only the hash goes to the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Hasher } from '../../server/src/hashing/hasher';

const SET_PASSWORD = 'rudder.setPassword';
const PASSWORD_TARGET = 'rudder.passwordTarget';
const APPLY_PASSWORD_HASH = 'rudder.applyPasswordHash';

/** What the server says about the user under the cursor: its name, the bcrypt cost to use, bcrypt's byte limit. */
interface PasswordTarget {
  name: string;
  cost: number;
  maxBytes: number;
}

let client: LanguageClient | undefined;
let hasher: Hasher | undefined;

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

/**
 * Restart a crashed server (up to 4 times in 3 minutes, like the default handler) and say so once per session,
 * not at every crash.
 */
function restartOnce(): ErrorHandler {
  const crashes: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0] < now - 3 * 60_000) crashes.shift();
      if (crashes.length > 4) return { action: CloseAction.DoNotRestart, message: 'The Rudder language server crashed 5 times in 3 minutes and will not be restarted.' };
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('The Rudder language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    errorHandler: restartOnce(),
    synchronize: {
      configurationSection: 'rudder',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{rudder-users.xml,rudder-web.properties,rudder-web.properties.d/*}'),
    },
    initializationOptions: { setPasswordCommand: true },
  };
  client = new LanguageClient('rudder', 'Rudder', serverOptions, clientOptions);
  await client.start();
}

async function askPassword({ name: user, maxBytes }: PasswordTarget): Promise<string | undefined> {
  const first = await vscode.window.showInputBox({ title: `New password for ${user}`, prompt: 'Type the new password', password: true, ignoreFocusOut: true });
  if (!first) return undefined;
  const second = await vscode.window.showInputBox({
    title: `New password for ${user}`,
    prompt: 'Type it again',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v === first ? undefined : 'The passwords differ'),
  });
  if (second !== first) return undefined;
  if (new TextEncoder().encode(first).length > maxBytes) {
    const go = await vscode.window.showWarningMessage(`bcrypt only uses the first ${maxBytes} bytes of a password: the rest will be ignored.`, { modal: true }, 'Hash anyway');
    if (go !== 'Hash anyway') return undefined;
  }
  return first;
}

/** `rudder.setPassword [uri, offset]`: from a code action, or from the palette on the user under the cursor. */
async function setPassword(context: vscode.ExtensionContext, uri?: string, offset?: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const target = uri ?? editor?.document.uri.toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
  if (!target || !document || !client) return;
  const at = offset ?? document.offsetAt(editor!.selection.active);
  const user = (await client.sendRequest('workspace/executeCommand', { command: PASSWORD_TARGET, arguments: [target, at] })) as PasswordTarget | null;
  if (!user) {
    void vscode.window.showWarningMessage('Rudder: put the cursor on a <user> element of rudder-users.xml to set its password.');
    return;
  }
  const password = await askPassword(user);
  if (password === undefined) return;
  hasher ??= new Hasher(context.asAbsolutePath(path.join('dist', 'hashWorker.js')));
  const hash = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hashing the password of ${user.name} with bcrypt (cost ${user.cost})…` },
    () => hasher!.hash('bcrypt', password, user.cost),
  );
  const result = (await client.sendRequest('workspace/executeCommand', { command: APPLY_PASSWORD_HASH, arguments: [target, at, hash] })) as { applied?: boolean } | null;
  if (!result?.applied) void vscode.window.showErrorMessage('Rudder: could not write the new password (is the cursor on a <user> element?).');
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await start(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(SET_PASSWORD, (uri?: string, offset?: number) => setPassword(context, uri, offset)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('rudder.files')) return;
      await client?.stop();
      await start(context);
    }),
  );
}

export async function deactivate(): Promise<void> {
  hasher?.dispose();
  await client?.stop();
}
