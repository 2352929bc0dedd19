/**
 * The language server: thin wiring of the pure service onto LSP. Runs over node IPC (VS Code) or `--stdio`
 * (`rudder-lsp --stdio` for Neovim, Emacs and others).
 *
 * Owns: open documents (incremental sync), a parse cache per document version, settings per resource
 * (refreshed on change), pull diagnostics when the client supports them and debounced push otherwise, and the
 * safety net around every handler (cancellation checks, errors logged and answered with an empty result).
 */
import {
  DocumentDiagnosticReportKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, getDiagnostics, getHover, kindFromPath, parse, type ParsedDocument } from '../service/languageService';
import type { FileKind } from '../service/rules';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../service/settings';

const PUSH_DEBOUNCE_MS = 250;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new Map<string, { version: number; model: ParsedDocument }>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  let pullDiagnostics = false;
  let configurationRequests = false;
  let diagnosticsRefresh = false;
  let initSettings: unknown;

  const log = (message: string) => connection.console.log(message);

  /** Run a handler safely: honour cancellation before and after, log and answer `fallback` on error. */
  async function runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      const result = await work();
      return token?.isCancellationRequested ? fallback : result;
    } catch (e) {
      connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  function kindOf(doc: TextDocument): FileKind | undefined {
    return kindFromPath(doc.uri) ?? (doc.languageId === 'xml' ? 'users' : doc.languageId === 'properties' ? 'properties' : undefined);
  }

  function model(doc: TextDocument): ParsedDocument {
    const hit = parsed.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.model;
    const m = parse(doc.getText());
    parsed.set(doc.uri, { version: doc.version, model: m });
    return m;
  }

  function settingsFor(uri: string): Promise<Settings> {
    if (!configurationRequests) return Promise.resolve(initSettings ? normalizeSettings(initSettings) : DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'rudder' })
        .then((raw) => normalizeSettings(raw), () => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  async function diagnose(doc: TextDocument): Promise<Diagnostic[]> {
    if (kindOf(doc) !== 'users') return [];
    const settings = await settingsFor(doc.uri);
    return getDiagnostics(doc, analyze(model(doc), settings), settings);
  }

  function schedulePush(doc: TextDocument): void {
    if (pullDiagnostics) return;
    clearTimeout(pushTimers.get(doc.uri));
    pushTimers.set(
      doc.uri,
      setTimeout(() => {
        pushTimers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        void runSafe('diagnostics', undefined, [] as Diagnostic[], () => diagnose(current)).then((diagnostics) =>
          connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics }),
        );
      }, PUSH_DEBOUNCE_MS),
    );
  }

  function revalidateAll(): void {
    if (pullDiagnostics) {
      if (diagnosticsRefresh) void connection.languages.diagnostics.refresh();
    } else documents.all().forEach(schedulePush);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationRequests = !!caps.workspace?.configuration;
    diagnosticsRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    initSettings = params.initializationOptions;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'rudder', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'rudder-lsp', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => log(`rudder-lsp ${SERVER_VERSION} ready (${pullDiagnostics ? 'pull' : 'push'} diagnostics)`));

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const raw = (change.settings as { rudder?: unknown } | undefined)?.rudder;
    if (!configurationRequests && raw) initSettings = raw;
    revalidateAll();
  });

  documents.onDidChangeContent((e) => schedulePush(e.document));
  documents.onDidClose((e) => {
    parsed.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    pushTimers.delete(e.document.uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    const items = doc ? await runSafe('diagnostics', token, [] as Diagnostic[], () => diagnose(doc)) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onHover((params, token) =>
    runSafe('hover', token, null, async () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || kindOf(doc) !== 'users') return null;
      const m = model(doc);
      return getHover(doc, m, analyze(m, await settingsFor(doc.uri)), params.position);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

declare const __SERVER_VERSION__: string | undefined;
/** Replaced by the bundler with package.json's version; the compiled tests see `dev`. */
const SERVER_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';
