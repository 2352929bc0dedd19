/**
 * "Rudder: Show effective access": a webview with the table the server computes (`rudder/access`) of users ×
 * permission types, with login, password shape and tenants. Theme-aware (VS Code's CSS variables only),
 * keyboard-accessible (a labelled filter box, a native table with column and row headers, levels spelled out for
 * screen readers, a live count), no remote content and a script allowed by nonce only.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { VIEW_REQUESTS, type AccessRow, type AccessTable } from '../../../server/src/shared/protocol';
import { ask, rudderDocument, type Views } from './context';

/** What the command returns: the page shown, and ways to drive it (for tests and other extensions). */
export interface AccessView {
  panel: vscode.WebviewPanel;
  /** The page as shown now. */
  readonly html: string;
  /** Resolves with the number of rows once the page's script has run. */
  rendered: Promise<number>;
  /** Resolves with the number of rows when the page is next drawn again (after an edit in the folder). */
  redrawn(): Promise<number>;
  /** Types `text` in the filter box; resolves with the names of the rows still shown. */
  filter(text: string): Promise<string[]>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A visible short form hidden from screen readers, and the full words for them. */
const spoken = (visible: string, words: string) => `<span aria-hidden="true">${escape(visible)}</span><span class="sr">${escape(words)}</span>`;

function cell(levels: string[] | undefined): string {
  if (!levels?.length) return `<td class="none">${spoken('·', 'none')}</td>`;
  return `<td>${spoken(levels.map((l) => l[0]).join(' '), levels.join(', '))}</td>`;
}

function row(t: AccessTable, r: AccessRow): string {
  const search = [r.name, r.admin ? 'administrator any' : '', ...Object.entries(r.rights).flatMap(([type, levels]) => levels.map((l) => `${type}_${l}`)), r.tenants, r.password, r.loginPossible ? 'login possible' : 'login impossible']
    .join(' ')
    .toLowerCase();
  const login = r.loginPossible ? '<td>possible</td>' : `<td class="no" title="${escape(r.loginProblem ?? '')}">impossible${r.loginProblem ? `<span class="sr">: ${escape(r.loginProblem)}</span>` : ''}</td>`;
  return (
    `<tr data-search="${escape(search)}" data-name="${escape(r.name)}"><th scope="row">${escape(r.name)}${r.admin ? ' <span class="badge">any</span>' : ''}</th>` +
    `${login}<td>${escape(r.password)}</td><td>${escape(r.tenants)}</td>${t.columns.map((c) => cell(r.rights[c])).join('')}</tr>`
  );
}

export function accessHtml(t: AccessTable, webview: vscode.Webview, filter = ''): string {
  const nonce = randomBytes(16).toString('base64');
  const legend = t.levels.map((l) => `${l[0]} = ${l}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Effective access</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
  h1 { font-size: 1.3em; font-weight: 600; }
  .meta, .count, caption { color: var(--vscode-descriptionForeground); }
  caption { text-align: left; padding: 4px 0; }
  label { margin-right: 6px; }
  input { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; width: 24em; font: inherit; }
  input:focus, .scroll:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .scroll { overflow: auto; max-height: calc(100vh - 11em); }
  table { border-collapse: collapse; }
  th, td { border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); padding: 2px 8px; text-align: left; white-space: nowrap; }
  thead th { position: sticky; top: 0; background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); font-weight: 600; vertical-align: bottom; }
  thead th.type { writing-mode: vertical-rl; transform: rotate(180deg); padding: 6px 2px; }
  tbody th { font-weight: 600; }
  td { font-family: var(--vscode-editor-font-family); }
  td.none { color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); }
  td.no, .alert { color: var(--vscode-errorForeground); }
  .badge { font-size: 0.85em; padding: 0 4px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<h1>Effective access: ${escape(path.basename(t.folder))}</h1>
<p class="meta">As Rudder ${escape(t.rudderVersion)} loads ${escape(t.files.join(', ') || 'nothing')} in ${escape(t.folder)}.</p>
${t.usersFileRejected ? '<p class="alert" role="alert">Rudder rejects the users file: nobody from it can log in after a restart.</p>' : ''}
${t.notRead.map((why) => `<p class="alert" role="alert">${escape(why)}.</p>`).join('')}
<p><label for="filter">Filter users</label><input id="filter" type="search" placeholder="name, right (node_write), tenant, login…" value="${escape(filter)}" autofocus></p>
<p class="count" id="count" aria-live="polite"></p>
<div class="scroll" tabindex="0" role="region" aria-labelledby="caption">
<table>
<caption id="caption">Users × permission types (${escape(legend)}; <span class="badge">any</span> = administrator: every level of every type)</caption>
<thead><tr><th scope="col">User</th><th scope="col">Login</th><th scope="col">Password</th><th scope="col">Tenants</th>${t.columns.map((c) => `<th scope="col" class="type">${escape(c)}</th>`).join('')}</tr></thead>
<tbody>
${t.rows.map((r) => row(t, r)).join('\n')}
</tbody>
</table>
</div>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const input = document.getElementById('filter');
  const count = document.getElementById('count');
  const rows = [...document.querySelectorAll('tbody tr')];
  function apply() {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const r of rows) {
      r.hidden = !words.every((w) => r.dataset.search.includes(w));
      if (!r.hidden) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' users';
    return rows.filter((r) => !r.hidden).map((r) => r.dataset.name);
  }
  input.addEventListener('input', () => {
    apply();
    vscode.postMessage({ type: 'filter-changed', text: input.value });
  });
  apply();
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'filter') {
      input.value = e.data.text;
      vscode.postMessage({ type: 'filter-changed', text: input.value });
      vscode.postMessage({ type: 'filtered', names: apply() });
    }
  });
  vscode.postMessage({ type: 'rendered', rows: rows.length });
</script>
</body>
</html>`;
}

/** Edits in the folder redraw the page after this pause. */
const REDRAW_MS = 400;

interface Shown {
  panel: vscode.WebviewPanel;
  /** The document the table is for, and its folder (edits there redraw it). */
  uri: string;
  folder: string;
  html: string;
  /** The filter box's text, kept across redraws. */
  filter: string;
}

let current: Shown | undefined;

/** The next message of `type` from the page. */
function message<T>(panel: vscode.WebviewPanel, type: string): Promise<T> {
  return new Promise<T>((resolve) => {
    const listener = panel.webview.onDidReceiveMessage((m: { type?: string } & T) => {
      if (m?.type !== type) return;
      listener.dispose();
      resolve(m);
    });
  });
}

function draw(shown: Shown, table: AccessTable): void {
  shown.folder = table.folder;
  shown.panel.title = `Effective access: ${path.basename(table.folder)}`;
  shown.html = accessHtml(table, shown.panel.webview, shown.filter);
  shown.panel.webview.html = shown.html;
}

function open(views: Views): Shown {
  const panel = vscode.window.createWebviewPanel('rudder.access', 'Effective access', vscode.ViewColumn.Active, { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
  const shown: Shown = { panel, uri: '', folder: '', html: '', filter: '' };
  let timer: NodeJS.Timeout | undefined;
  const redraw = async () => {
    const table = await ask<AccessTable | null>(views, VIEW_REQUESTS.access, { uri: shown.uri });
    if (table && current === shown) draw(shown, table);
  };
  const subscriptions = vscode.Disposable.from(
    panel.webview.onDidReceiveMessage((m: { type?: string; text?: string }) => {
      if (m?.type === 'filter-changed' && typeof m.text === 'string') shown.filter = m.text;
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const dir = path.dirname(e.document.uri.fsPath);
      if (e.contentChanges.length === 0 || !views.kindOf(e.document) || (dir !== shown.folder && path.dirname(dir) !== shown.folder)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void redraw().catch(() => undefined), REDRAW_MS);
    }),
  );
  panel.onDidDispose(() => {
    clearTimeout(timer);
    subscriptions.dispose();
    if (current === shown) current = undefined;
  });
  return shown;
}

export async function showAccess(views: Views): Promise<AccessView | undefined> {
  const doc = rudderDocument(views);
  if (!doc) return undefined;
  const table = await ask<AccessTable | null>(views, VIEW_REQUESTS.access, { uri: doc.uri.toString() });
  if (!table) {
    void vscode.window.showInformationMessage('Rudder: the effective access is computed for saved files of a folder (not for untitled documents).');
    return undefined;
  }
  if (current) current.panel.reveal(vscode.ViewColumn.Active);
  else current = open(views);
  const shown = current;
  shown.uri = doc.uri.toString();
  const rendered = message<{ rows: number }>(shown.panel, 'rendered').then((m) => m.rows);
  draw(shown, table);
  return {
    panel: shown.panel,
    get html() {
      return shown.html;
    },
    rendered,
    redrawn: () => message<{ rows: number }>(shown.panel, 'rendered').then((m) => m.rows),
    filter: async (text) => {
      const reply = message<{ names: string[] }>(shown.panel, 'filtered');
      await shown.panel.webview.postMessage({ type: 'filter', text });
      return (await reply).names;
    },
  };
}
