/**
 * What the views share: the language client (recreated when the file globs change), which open document is a
 * Rudder file and of which kind (by the client's own document selector: no Rudder logic), the Rudder document
 * the admin last worked in (a view or a preview may have the focus when a command runs), and the context keys
 * the palette's `when` clauses read: `rudder.isRudderFile` and `rudder.fileKind` (`users` / `properties`).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export type FileKind = 'users' | 'properties';

export interface Views {
  client: () => LanguageClient | undefined;
  kindOf: (doc: vscode.TextDocument) => FileKind | undefined;
}

let last: vscode.TextDocument | undefined;

/** Sets the context keys for the active editor and remembers it when it is a Rudder file. */
export function trackActiveEditor(views: Views): vscode.Disposable {
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const kind = doc && views.kindOf(doc);
    if (doc && kind) last = doc;
    void vscode.commands.executeCommand('setContext', 'rudder.isRudderFile', !!kind);
    void vscode.commands.executeCommand('setContext', 'rudder.fileKind', kind ?? '');
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rudder.files')) update();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d === last) last = undefined;
    }),
  );
}

/** The active Rudder document, else the last one the admin was in; says so when there is none. */
export function rudderDocument(views: Views): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  const doc = active && views.kindOf(active) ? active : last;
  if (!doc) void vscode.window.showInformationMessage('Rudder: open rudder-users.xml or rudder-web.properties first.');
  return doc;
}

/** A request to the server, or undefined (and a message) when the server is not running. */
export async function ask<R>(views: Views, method: string, params: object): Promise<R | undefined> {
  const client = views.client();
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('Rudder: the language server is not running.');
    return undefined;
  }
  return client.sendRequest<R>(method, params);
}
