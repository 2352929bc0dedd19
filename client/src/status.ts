/**
 * The language status item on Rudder's files: "Rudder 9.1 · inferred" (the version the server checks the file
 * against and why, from `rudder/documentStatus`), with a command that sets `rudder.version` from a quick pick of
 * the versions the server knows; "Rudder 8.3 · .rudder-lint.json" when a configuration file set it. Refreshed when
 * the active editor, its text, the settings or a configuration file change.
 */
import * as vscode from 'vscode';
import { VIEW_COMMANDS, VIEW_REQUESTS, type DocumentStatus, type VersionChoices } from '../../server/src/shared/protocol';
import { ask, rudderDocument, type Views } from './views/context';

const REFRESH_MS = 300;

export interface StatusItem {
  readonly item: vscode.LanguageStatusItem;
  /** Asks the server again for the active document (after a restart, for instance). */
  refresh(): Promise<void>;
}

export function createStatusItem(views: Views, selector: () => vscode.DocumentSelector): StatusItem & vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('rudder.version', selector());
  item.name = 'Rudder version';
  item.text = 'Rudder';
  item.command = { title: 'Change', command: VIEW_COMMANDS.pickVersion, tooltip: 'Set rudder.version' };
  let timer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    item.selector = selector();
    const doc = vscode.window.activeTextEditor?.document;
    const client = views.client();
    if (!doc || !views.kindOf(doc) || !client?.isRunning()) return;
    item.busy = true;
    try {
      const status = await client.sendRequest<DocumentStatus | null>(VIEW_REQUESTS.status, { uri: doc.uri.toString() });
      if (status && vscode.window.activeTextEditor?.document === doc) {
        item.text = status.label;
        item.detail = status.detail;
      }
    } finally {
      item.busy = false;
    }
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh().catch(() => undefined), REFRESH_MS);
  };
  const configFiles = vscode.workspace.createFileSystemWatcher('**/{.rudder-lint.json,package.json}');
  const listeners = vscode.Disposable.from(
    configFiles,
    configFiles.onDidCreate(later),
    configFiles.onDidChange(later),
    configFiles.onDidDelete(later),
    vscode.window.onDidChangeActiveTextEditor(later),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) later();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rudder')) later();
    }),
  );
  return {
    item,
    refresh,
    dispose: () => {
      clearTimeout(timer);
      listeners.dispose();
      item.dispose();
    },
  };
}

/** `rudder.pickVersion [version]`: sets `rudder.version` for the workspace (the user settings without one). */
export async function pickVersion(views: Views, version?: string): Promise<string | undefined> {
  const doc = rudderDocument(views);
  if (!doc) return undefined;
  if (!version) {
    const choices = await ask<VersionChoices>(views, VIEW_REQUESTS.versions, { uri: doc.uri.toString() });
    if (!choices) return undefined;
    const current = vscode.workspace.getConfiguration('rudder', doc.uri).get<string>('version', 'auto');
    const picked = await vscode.window.showQuickPick(
      choices.settings.map((v) => ({ label: v, description: v === current ? 'current' : v === 'auto' ? 'infer it from rudder-users.xml' : undefined })),
      { title: 'The Rudder version your files are checked against', placeHolder: `now: ${current}` },
    );
    version = picked?.label;
    if (!version) return undefined;
  }
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('rudder', doc.uri).update('version', version, target);
  return version;
}
