/**
 * The VS Code client: starts the bundled language server over node IPC for rudder-users.xml (the `rudder-users`
 * language: XML's grammar, its own editor defaults such as quick suggestions inside attribute values and no
 * word-based suggestions; Red Hat's XML extension still serves it, through `xmlLanguageParticipants`) and
 * rudder-web.properties, plus the globs of `rudder.files.users` / `rudder.files.properties` and of the `files` of
 * the workspace's `.rudder-lint.json` files (as the server reads them; the client restarts when they change).
 * Besides that it only prompts for secrets: "Set a new
 * password…" asks twice in masked input boxes and hashes in a worker thread here, so the password never
 * crosses the LSP connection (which traces may record); only the hash goes to the server. The server names the
 * user by an opaque target taken before the prompts and finds the user again when the hash comes back, so
 * typing while a prompt is open cannot send the hash to another user.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type MessageTransports,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Hasher } from '../../server/src/hashing/hasher';
import { IPC_JSON_TEXT, JsonTextReader, JsonTextWriter } from '../../server/src/transport/ipcText';
import {
  COMMANDS,
  HASH_PASSWORDS_KIND,
  VIEW_COMMANDS,
  VIEW_REQUESTS,
  type ApplyPasswordHashArgs,
  type ApplyResult,
  type ConfiguredFiles,
  type PasswordRefused,
  type PasswordTarget,
  type PasswordTargetArgs,
  type SetPasswordArgs,
} from '../../server/src/shared/protocol';
import { registerRuleDocs, ruleDocLinks } from './ruleDocs';
import { explicitSettings, ruleIdsOf } from './settings';
import { createStatusItem, pickVersion } from './status';
import { traceChannel } from './trace';
import { showAccess } from './views/access';
import { rudderDocument, trackActiveEditor, type FileKind, type Views } from './views/context';
import { checkUpgrade, compareWith, registerReports } from './views/reports';

let client: LanguageClient | undefined;
let hasher: Hasher | undefined;
let trace: vscode.LogOutputChannel | undefined;

/** The extra files the workspace's configuration files name, as absolute globs (the server reads the files). */
let configured: ConfiguredFiles = { users: [], properties: [] };
/** Configuration files looked at: a workspace with more `package.json` files is a monorepo, not a Rudder folder. */
const MAX_CONFIG_FILES = 500;
const CONFIG_FILES = '**/{.rudder-lint.json,package.json}';

/** A document filter both the language client and VS Code's own APIs accept. */
type Filter = { scheme: string; language?: string; pattern?: string };

/** The language of rudder-users.xml (package.json `contributes.languages`). */
const USERS_LANGUAGE = 'rudder-users';

/**
 * Users files are the `rudder-users` language, and XML files matching the users globs (the globs of
 * `rudder.files.users`, or a `files.associations` that makes rudder-users.xml `xml`).
 */
function selectors(): Record<FileKind, Filter[]> {
  const config = vscode.workspace.getConfiguration('rudder.files');
  const users = ['**/rudder-users.xml', ...config.get<string[]>('users', []), ...configured.users];
  const properties = ['**/rudder-web.properties', ...config.get<string[]>('properties', []), ...configured.properties];
  return {
    users: [
      { scheme: 'file', language: USERS_LANGUAGE },
      { scheme: 'untitled', language: USERS_LANGUAGE },
      ...users.flatMap((pattern) => [
        { scheme: 'file', language: 'xml', pattern },
        { scheme: 'untitled', language: 'xml', pattern },
      ]),
    ],
    properties: properties.map((pattern) => ({ scheme: 'file', pattern })),
  };
}

/**
 * An XML document that matches the users globs becomes `rudder-users` when first seen in the session (the
 * globs of `rudder.files.users` cannot be static file associations); an admin who switches it back to XML is
 * not overruled.
 */
function adoptUsersFiles(): vscode.Disposable {
  const seen = new Set<string>();
  const adopt = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    if (doc.languageId !== 'xml' || seen.has(key) || vscode.languages.match(selectors().users, doc) === 0) return;
    seen.add(key);
    void vscode.languages.setTextDocumentLanguage(doc, USERS_LANGUAGE);
  };
  vscode.workspace.textDocuments.forEach(adopt);
  return vscode.workspace.onDidOpenTextDocument(adopt);
}

function documentSelector(): Filter[] {
  const { users, properties } = selectors();
  return [...users, ...properties];
}

/** Which of Rudder's files a document is, by the same selector as the language client's. */
function kindOf(doc: vscode.TextDocument): FileKind | undefined {
  const { users, properties } = selectors();
  return vscode.languages.match(users, doc) > 0 ? 'users' : vscode.languages.match(properties, doc) > 0 ? 'properties' : undefined;
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

/**
 * The client over node IPC as JSON text (`server/src/transport/ipcText.ts`): the stock IPC reader and writer, each
 * message its JSON text, so that the server sends the JSON it keeps for each diagnostic.
 */
class RudderClient extends LanguageClient {
  protected override async createMessageTransports(encoding: string): Promise<MessageTransports> {
    const { reader, writer } = await super.createMessageTransports(encoding);
    return { reader: new JsonTextReader(reader), writer: new JsonTextWriter(writer) };
  }
}

/** The server forked with the `advanced` channel (a string sent as it is, not escaped) and told to speak JSON text. */
function forked(module: string, execArgv: string[]) {
  // `serialization` is `child_process.fork`'s own option: the client hands its options to it as they are.
  const options = { execArgv, serialization: 'advanced' };
  return { module, transport: TransportKind.ipc, args: [IPC_JSON_TEXT], options };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const ruleIds = ruleIdsOf(context.extension.packageJSON);
  const serverOptions: ServerOptions = { run: forked(module, []), debug: forked(module, ['--nolazy', '--inspect=6019']) };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    errorHandler: restartOnce(),
    synchronize: {
      configurationSection: 'rudder',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{rudder-users.xml,rudder-web.properties,rudder-web.properties.d/*}'),
    },
    // Hovers on a password carry a `command:` link to "Set a new password…": trusted for that command only.
    initializationOptions: { setPasswordCommand: true, setPasswordLink: true },
    markdown: { isTrusted: { enabledCommands: [COMMANDS.setPassword] } },
    middleware: {
      ...ruleDocLinks,
      workspace: {
        /** Only what the user set, so that a `.rudder-lint.json` applies where the settings are defaults. */
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => {
            if (item.section !== 'rudder') return answers[i];
            const config = vscode.workspace.getConfiguration('rudder', item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined);
            return explicitSettings((key) => config.inspect(key), ruleIds);
          });
        },
      },
    },
    traceOutputChannel: trace,
  };
  client = new RudderClient('rudder', 'Rudder', serverOptions, clientOptions);
  await client.start();
}

/** Restarts of the client, one at a time (a settings change and a configuration file change may come together). */
let restarts: Promise<void> = Promise.resolve();
function serially(work: () => Promise<void>): Promise<void> {
  restarts = restarts.then(work, work);
  return restarts;
}

async function restart(context: vscode.ExtensionContext, status: { refresh(): Promise<void> }): Promise<void> {
  await client?.stop();
  await start(context);
  await status.refresh();
}

/** Asks the server which files the workspace's configuration files add, and restarts the client when they changed. */
async function syncConfiguredFiles(context: vscode.ExtensionContext, status: { refresh(): Promise<void> }): Promise<void> {
  if (!client?.isRunning()) return;
  const found = await vscode.workspace.findFiles(CONFIG_FILES, '**/node_modules/**', MAX_CONFIG_FILES);
  const next = await client.sendRequest<ConfiguredFiles>(VIEW_REQUESTS.configuredFiles, { uris: found.map((u) => u.toString()) });
  if (JSON.stringify(next) === JSON.stringify(configured)) return;
  configured = next;
  await restart(context, status);
}

/** Asks twice; refuses a password longer than bcrypt uses (it would ignore the rest, and any suffix would log in). */
async function askPassword({ name: user, maxBytes }: PasswordTarget): Promise<string | undefined> {
  const first = await vscode.window.showInputBox({
    title: `New password for ${user}`,
    prompt: 'Type the new password',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const bytes = Buffer.byteLength(v, 'utf8');
      return bytes > maxBytes ? `bcrypt uses only the first ${maxBytes} bytes of a password: this one has ${bytes}. Choose a shorter one.` : undefined;
    },
  });
  if (!first || Buffer.byteLength(first, 'utf8') > maxBytes) return undefined;
  const second = await vscode.window.showInputBox({
    title: `New password for ${user}`,
    prompt: 'Type it again',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v === first ? undefined : 'The passwords differ'),
  });
  return second === first ? first : undefined;
}

/**
 * After the "new user" completion item has inserted `<user …/>` at `at`: resolves with the offset of its `<` once
 * the cursor has left the element (the snippet's name and role filled in), following the edits made before it;
 * undefined when the element is gone or its document closed.
 */
function whenNewUserLeft(document: vscode.TextDocument, at: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    let start = at;
    const subscriptions: vscode.Disposable[] = [];
    const done = (value: number | undefined) => {
      subscriptions.forEach((d) => d.dispose());
      resolve(value);
    };
    const check = (cursor: vscode.Position | undefined) => {
      const text = document.getText();
      if (!text.startsWith('<user', start)) return done(undefined);
      const close = text.indexOf('>', start);
      const end = close < 0 ? text.length : close + 1;
      const offset = cursor && document.offsetAt(cursor);
      if (offset === undefined || offset <= start || offset >= end) done(start);
    };
    subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== document) return;
        for (const c of e.contentChanges) {
          if (c.rangeOffset + c.rangeLength <= start) start += c.text.length - c.rangeLength;
          else if (c.rangeOffset <= start) return done(undefined);
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === document) check(e.selections[0]?.active);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document !== document) check(undefined);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === document) done(undefined);
      }),
    );
  });
}

/**
 * `rudder.setPassword`: from a code action or a hover link (the user, or the rootAdmin password entry, by
 * identity), from the palette (the user under the cursor; in rudder-web.properties, rootAdmin), or from the
 * "new user" completion item once the admin has named the user it inserted.
 */
async function setPassword(context: vscode.ExtensionContext, args?: SetPasswordArgs): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = args?.uri ?? editor?.document.uri.toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!uri || !document || !client) return;
  let request: PasswordTargetArgs;
  if (args?.user) request = { uri, user: args.user };
  else if (args?.newUserAt !== undefined) {
    const at = await whenNewUserLeft(document, args.newUserAt);
    if (at === undefined) return;
    request = { uri, offset: at + 1, version: document.version };
  } else request = { uri, offset: document.offsetAt(editor!.selection.active), version: document.version };
  const user = (await client.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [request] })) as PasswordTarget | PasswordRefused | null;
  if (args?.newUserAt !== undefined && (!user || ('name' in user && !user.name))) return;
  if (!user || 'refused' in user) {
    const why = user?.refused ?? 'put the cursor on a <user> of rudder-users.xml, or open a rudder-web.properties that sets rudder.auth.admin.password, to set a password';
    void vscode.window.showWarningMessage(`Rudder: ${why}.`);
    return;
  }
  const password = await askPassword(user);
  if (password === undefined) return;
  hasher ??= new Hasher(context.asAbsolutePath(path.join('dist', 'hashWorker.js')), 1);
  const hash = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hashing the password of ${user.name} with bcrypt (cost ${user.cost})…` },
    () => hasher!.hash('bcrypt', password, user.cost),
  );
  const apply: ApplyPasswordHashArgs = { uri, target: user.target, hash };
  const result = (await client.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [apply] })) as ApplyResult | null;
  if (!result) void vscode.window.showErrorMessage('Rudder: the language server did not answer; nothing was written.');
}

/** "Hash all plain-text passwords": the file's source action, run as the Source Action menu runs it. */
async function hashAll(views: Views): Promise<void> {
  const doc = rudderDocument(views);
  if (!doc) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('editor.action.sourceAction', { kind: HASH_PASSWORDS_KIND, apply: 'first' });
}

/** What `activate` returns: the language status item, for tests and other extensions. */
export interface RudderApi {
  languageStatus: vscode.LanguageStatusItem;
}

export async function activate(context: vscode.ExtensionContext): Promise<RudderApi> {
  trace = traceChannel('Rudder Trace');
  const views: Views = { client: () => client, kindOf };
  const status = createStatusItem(views, documentSelector);
  await start(context);
  void status.refresh();
  const sync = () => void serially(() => syncConfiguredFiles(context, status)).catch((e: unknown) => trace?.warn(`Rudder: configuration files: ${String(e)}`));
  sync();
  let syncTimer: NodeJS.Timeout | undefined;
  const syncLater = () => {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(sync, 300);
  };
  const configFiles = vscode.workspace.createFileSystemWatcher(CONFIG_FILES);
  context.subscriptions.push(
    configFiles,
    configFiles.onDidCreate(syncLater),
    configFiles.onDidChange(syncLater),
    configFiles.onDidDelete(syncLater),
    { dispose: () => clearTimeout(syncTimer) },
  );
  context.subscriptions.push(
    trace,
    status,
    adoptUsersFiles(),
    trackActiveEditor(views),
    registerReports(),
    registerRuleDocs(context),
    vscode.commands.registerCommand(COMMANDS.setPassword, (args?: SetPasswordArgs) => setPassword(context, args)),
    vscode.commands.registerCommand(VIEW_COMMANDS.hashAll, () => hashAll(views)),
    vscode.commands.registerCommand(VIEW_COMMANDS.showAccess, () => showAccess(views)),
    vscode.commands.registerCommand(VIEW_COMMANDS.compareWith, (target?: 'HEAD' | vscode.Uri) => compareWith(views, target)),
    vscode.commands.registerCommand(VIEW_COMMANDS.checkUpgrade, (to?: string) => checkUpgrade(views, to)),
    vscode.commands.registerCommand(VIEW_COMMANDS.pickVersion, (version?: string) => pickVersion(views, version)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rudder.files')) void serially(() => restart(context, status));
    }),
  );
  return { languageStatus: status.item };
}

export async function deactivate(): Promise<void> {
  hasher?.dispose();
  await client?.stop();
}
