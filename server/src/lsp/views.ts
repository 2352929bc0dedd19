/**
 * The requests behind the client's views (`shared/protocol.ts`): a document's Rudder version and why, the versions
 * to choose from, the effective access of its folder, what it changes against an older text or another file,
 * and what an upgrade does. Everything is computed here from the same access model as `rudder-lint diff` and
 * `upgrade`; the client renders it. Also logs, per opened file, the version it is read with, the sibling files
 * read and the limits (the output channel of an editor).
 */
import * as path from 'node:path';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { kindFromPath, type Analysis, type DocumentContext } from '../service/languageService';
import { accessTable } from '../service/review/table';
import { diffToMarkdown } from '../service/review/render';
import { formatVersion, isKnownRelease, KNOWN_VERSIONS, releaseOf } from '../service/rudder';
import type { FileKind } from '../service/rules';
import type { Settings } from '../service/settings';
import type { ResolvedVersion } from '../service/rudder';
import {
  VIEW_REQUESTS,
  type AccessTable,
  type CompareParams,
  type DocumentParams,
  type DocumentStatus,
  type Report,
  type UpgradeParams,
  type VersionChoices,
} from '../shared/protocol';
import { compareSides, fileSide, loadAccess, readFolders, upgradeReport, upgradeToMarkdown, versionFor, withText, type Side } from '../workspace/review';
import { loadOverrides, type AsyncFileAccess, type FileAccess } from '../workspace/siblings';

/** What the server gives the views: its documents, their analyses, file access (open documents first). */
export interface ViewsHost {
  documents: TextDocuments<TextDocument>;
  analysis(uri: string): Promise<{ doc: TextDocument; a: Analysis; settings: Settings; configFile?: string; context: DocumentContext } | undefined>;
  files: AsyncFileAccess;
  filePath(uri: string): string | undefined;
  runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T>;
}

const SOURCE_WORD: Record<ResolvedVersion['source'], string> = { setting: 'set', inferred: 'inferred', default: 'assumed' };

/**
 * "Rudder 9.1 · inferred", or "Rudder 9.1 · .rudder-lint.json" when a configuration file (`configFile`, whose path
 * the detail adds) set the version.
 */
export function statusOf(v: ResolvedVersion, settings: Settings, configFile?: string): DocumentStatus {
  const version = formatVersion(v.version);
  const setBy = v.source === 'setting' ? settings.versionSetBy : undefined;
  return {
    version,
    source: v.source,
    label: `Rudder ${version} · ${setBy ?? SOURCE_WORD[v.source]}`,
    detail: setBy && configFile ? `${v.reason} (${configFile})` : v.reason,
  };
}

/** The sibling files a file of `kind` is read with, by name relative to its folder (only those that exist). */
function siblingsRead(file: string, kind: FileKind, files: FileAccess): string[] {
  const side = fileSide(file, kind, files);
  const other = kind === 'users' ? side.properties : side.users;
  const dir = path.dirname(file);
  return [...(other && files.read(other) !== undefined ? [path.basename(other)] : []), ...loadOverrides(dir, files).map((o) => o.name)];
}

export function registerViews(connection: Connection, host: ViewsHost): void {
  /** The status last logged per document, so that the log says when it changes and not at every request. */
  const logged = new Map<string, string>();

  /** The document's analysis, its file, and the files of its folder (and of `others`) read once. */
  async function located(uri: string, others: string[] = []) {
    const u = await host.analysis(uri);
    const file = host.filePath(uri);
    if (!u || !file) return undefined;
    const files = await readFolders([path.dirname(file), ...others.map((o) => path.dirname(o))], host.files);
    return { ...u, file, files, kind: u.a.kind, version: u.a.evaluation.version };
  }

  async function log(uri: string, u: { a: Analysis; settings: Settings; configFile?: string }, file: string | undefined): Promise<void> {
    const status = statusOf(u.a.evaluation.version, u.settings);
    const configuration = u.configFile ? `; configuration: ${u.configFile}` : '';
    if (logged.get(uri) === status.label + configuration) return;
    logged.set(uri, status.label + configuration);
    const siblings = file ? siblingsRead(file, u.a.kind, await readFolders([path.dirname(file)], host.files)) : [];
    if (!host.documents.get(uri)) return;
    const oversize = u.a.model.oversize ? `; over the ${u.settings.maxFileSizeMB} MB limit: only the cheap checks ran` : '';
    connection.console.info(
      `${file ?? uri}: ${status.label} (${status.detail})${configuration}; siblings read: ${siblings.length ? siblings.join(', ') : 'none'}; ` +
        `files over rudder.maxFileSizeMB = ${u.settings.maxFileSizeMB} MB get only cheap checks${oversize}`,
    );
  }

  host.documents.onDidOpen((e) =>
    void host.runSafe('log', undefined, undefined, async () => {
      const u = await host.analysis(e.document.uri);
      if (u) await log(e.document.uri, u, host.filePath(e.document.uri));
    }),
  );
  host.documents.onDidClose((e) => logged.delete(e.document.uri));

  connection.onRequest(VIEW_REQUESTS.status, (p: DocumentParams, token) =>
    host.runSafe('documentStatus', token, null as DocumentStatus | null, async () => {
      const u = await host.analysis(p.uri);
      if (!u) return null;
      await log(p.uri, u, host.filePath(p.uri));
      return statusOf(u.a.evaluation.version, u.settings, u.configFile);
    }),
  );

  connection.onRequest(VIEW_REQUESTS.versions, (p: DocumentParams, token) =>
    host.runSafe('versions', token, { settings: ['auto', ...KNOWN_VERSIONS], upgradeTargets: [] } as VersionChoices, async () => {
      const u = await host.analysis(p.uri);
      const from = u ? KNOWN_VERSIONS.indexOf(releaseOf(u.a.evaluation.version.version)) : -1;
      return { settings: ['auto', ...KNOWN_VERSIONS], upgradeTargets: from < 0 ? [] : KNOWN_VERSIONS.slice(from + 1) };
    }),
  );

  connection.onRequest(VIEW_REQUESTS.access, (p: DocumentParams, token) =>
    host.runSafe('access', token, null as AccessTable | null, async () => {
      const u = await located(p.uri);
      if (!u) return null;
      const side = fileSide(u.file, u.kind, u.files);
      const model = loadAccess(side, { ...u.settings, rudderVersion: formatVersion(u.version.version) });
      const read = [side.users, side.properties].filter((f): f is string => !!f && u.files.read(f) !== undefined).map((f) => path.basename(f));
      return accessTable(model, { folder: path.dirname(u.file), files: [...read, ...loadOverrides(path.dirname(u.file), u.files).map((o) => o.name)] });
    }),
  );

  connection.onRequest(VIEW_REQUESTS.compare, (p: CompareParams, token) =>
    host.runSafe('compare', token, null as Report | null, async () => {
      const other = 'uri' in p.base ? host.filePath(p.base.uri) : undefined;
      const u = await located(p.uri, other ? [other] : []);
      if (!u || ('uri' in p.base && !other)) return null;
      const after = fileSide(u.file, u.kind, u.files);
      let before: Side;
      let label: string;
      if ('text' in p.base) {
        before = fileSide(u.file, u.kind, withText(u.files, u.file, p.base.text));
        label = p.base.label;
      } else {
        before = fileSide(other!, kindFromPath(other!) ?? u.kind, u.files);
        label = other!;
      }
      const settings = { ...u.settings, rudderVersion: versionFor(u.settings.rudderVersion, after, u.settings.maxFileSizeMB) };
      const d = compareSides(before, after, settings);
      const title = `${path.basename(u.file)} against ${label}`;
      return { title, markdown: diffToMarkdown(d, title), escalations: d.escalations };
    }),
  );

  connection.onRequest(VIEW_REQUESTS.upgrade, (p: UpgradeParams, token) =>
    host.runSafe('upgrade', token, null as Report | null, async () => {
      const u = await located(p.uri);
      if (!u || !isKnownRelease(p.to)) return null;
      const from = formatVersion(u.version.version);
      const report = upgradeReport(fileSide(u.file, u.kind, u.files), from, p.to, u.settings);
      const title = `Upgrade from Rudder ${from} to ${p.to}`;
      return { title, markdown: upgradeToMarkdown(report, title), escalations: report.diff.escalations };
    }),
  );
}
