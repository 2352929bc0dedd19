/**
 * "Rudder: Compare with…" and "Rudder: Check upgrade to…": the server words the change in markdown (as
 * `rudder-lint diff` / `upgrade --format markdown` do); the client shows it in VS Code's markdown preview of a
 * read-only virtual document. The old text of a file comes from git HEAD through the built-in git extension's
 * API, or another file is picked in a file dialog and read by the server with its own siblings.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { VIEW_REQUESTS, type CompareBase, type Report, type VersionChoices } from '../../../server/src/shared/protocol';
import { ask, rudderDocument, type Views } from './context';

const SCHEME = 'rudder-report';

/** The shown reports, by virtual document path. */
const reports = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

export function registerReports(): vscode.Disposable {
  return vscode.Disposable.from(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => reports.get(uri.path) ?? '' }),
  );
}

/** What a report command returns: the virtual document shown in the preview, and its markdown. */
export interface ShownReport {
  uri: vscode.Uri;
  report: Report;
}

async function show(report: Report): Promise<ShownReport> {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${report.title.replace(/[\\/]/g, '∕')}.md` });
  reports.set(uri.path, report.markdown);
  changed.fire(uri);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  if (report.escalations > 0) void vscode.window.showWarningMessage(`Rudder: ${report.escalations} privilege escalation(s) in ${report.title}.`);
  return { uri, report };
}

/** The minimum of the built-in git extension's API (`vscode.git`, `getAPI(1)`) used here. */
interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState: vscode.Event<string>;
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
  openRepository?(root: vscode.Uri): Promise<{ show(ref: string, path: string): Promise<string> } | null>;
}

/** How long the git extension may take to find its repositories (it never does without a git binary). */
const GIT_INIT_MS = 10_000;

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  if (api.state === 'initialized') return api;
  return new Promise<GitApi | undefined>((resolve) => {
    const timer = setTimeout(() => done(undefined), GIT_INIT_MS);
    const listener = api.onDidChangeState((s) => s === 'initialized' && done(api));
    function done(result: GitApi | undefined) {
      clearTimeout(timer);
      listener.dispose();
      resolve(result);
    }
  });
}

/** The file's text at HEAD, or undefined (and a message saying why). */
async function headText(doc: vscode.TextDocument): Promise<string | undefined> {
  const api = await gitApi();
  if (!api) {
    void vscode.window.showWarningMessage('Rudder: the built-in Git extension is disabled or found no git, so HEAD cannot be read.');
    return undefined;
  }
  const repo = api.getRepository(doc.uri) ?? (await api.openRepository?.(vscode.Uri.file(path.dirname(doc.uri.fsPath))));
  if (!repo) {
    void vscode.window.showWarningMessage(
      `Rudder: no git repository is open for ${path.basename(doc.uri.fsPath)} (one above the opened folder opens only with git.openRepositoryInParentFolders).`,
    );
    return undefined;
  }
  try {
    return await repo.show('HEAD', doc.uri.fsPath);
  } catch {
    void vscode.window.showWarningMessage(`Rudder: ${path.basename(doc.uri.fsPath)} is not in HEAD.`);
    return undefined;
  }
}

/** `rudder.compareWith [target]`: `'HEAD'` or a file URI; asks which when not given. */
export async function compareWith(views: Views, target?: 'HEAD' | vscode.Uri): Promise<ShownReport | undefined> {
  const doc = rudderDocument(views);
  if (!doc) return undefined;
  if (doc.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Rudder: save the file first; a comparison reads its folder.');
    return undefined;
  }
  if (!target) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: '$(git-commit) Git HEAD', description: 'the last commit of this file', target: 'HEAD' as const },
        { label: '$(file) Another file…', description: 'e.g. a copy from another server', target: undefined },
      ],
      { title: `Compare ${path.basename(doc.uri.fsPath)} with…` },
    );
    if (!picked) return undefined;
    target =
      picked.target ??
      (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.file(path.dirname(doc.uri.fsPath)), openLabel: 'Compare', filters: { 'Rudder files': ['xml', 'properties'] } }))?.[0];
    if (!target) return undefined;
  }
  let base: CompareBase;
  if (target === 'HEAD') {
    const text = await headText(doc);
    if (text === undefined) return undefined;
    base = { text, label: 'HEAD' };
  } else base = { uri: target.toString() };
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Rudder: comparing…' }, () =>
    ask<Report | null>(views, VIEW_REQUESTS.compare, { uri: doc.uri.toString(), base }),
  );
  return report ? show(report) : undefined;
}

/** `rudder.checkUpgrade [to]`: picks among the versions after the file's when not given. */
export async function checkUpgrade(views: Views, to?: string): Promise<ShownReport | undefined> {
  const doc = rudderDocument(views);
  if (!doc) return undefined;
  if (!to) {
    const choices = await ask<VersionChoices>(views, VIEW_REQUESTS.versions, { uri: doc.uri.toString() });
    if (!choices) return undefined;
    if (choices.upgradeTargets.length === 0) {
      void vscode.window.showInformationMessage('Rudder: this file is checked against the newest version known; there is nothing to upgrade to.');
      return undefined;
    }
    to = await vscode.window.showQuickPick(choices.upgradeTargets, { title: 'Check an upgrade to Rudder…', placeHolder: 'the version to upgrade to' });
    if (!to) return undefined;
  }
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Rudder: checking the upgrade…' }, () =>
    ask<Report | null>(views, VIEW_REQUESTS.upgrade, { uri: doc.uri.toString(), to }),
  );
  if (!report) void vscode.window.showInformationMessage('Rudder: the upgrade is checked for saved files of a folder.');
  return report ? show(report) : undefined;
}
