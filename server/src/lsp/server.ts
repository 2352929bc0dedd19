/**
 * The language server: thin wiring of the pure service onto LSP. Runs over node IPC (VS Code) or `--stdio`
 * (`rudder-lsp --stdio` for Neovim, Emacs and others).
 *
 * Owns: open documents (incremental sync), a parse cache per document version, settings per resource
 * (refreshed on change), pull diagnostics when the client supports them and debounced push otherwise, password
 * hashing in a worker thread, and the safety net around every handler (cancellation checks, errors logged and
 * answered with an empty result).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Hasher } from '../hashing/hasher';
import { asyncDiskFiles } from '../io/disk';
import {
  analyze,
  bcryptCostFor,
  getCodeActions,
  getCompletion,
  getDefinition,
  getDiagnostics,
  getFoldingRanges,
  getHover,
  getInlayHints,
  getReferences,
  getSymbols,
  HASH_PASSWORDS_KIND,
  kindFromPath,
  parse,
  passwordEdit,
  planEdits,
  planPasswords,
  prepareRename,
  rename,
  type Analysis,
  type DocumentContext,
  type HashPlan,
  type ParsedDocument,
} from '../service/languageService';
import { BCRYPT_MAX_BYTES, checkBcrypt } from '../service/rudder';
import type { FileKind } from '../service/rules';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../service/settings';
import { affects, siblingContextAsync, type AsyncFileAccess } from '../workspace/siblings';

const PUSH_DEBOUNCE_MS = 250;
/** Costs from which hashing takes long enough to deserve a progress notification. */
const PROGRESS_FROM_COST = 12;
export const APPLY_PASSWORD_HASH_COMMAND = 'rudder.applyPasswordHash';
export const PASSWORD_TARGET_COMMAND = 'rudder.passwordTarget';

function hashWorkerPath(): string {
  const bundled = path.join(__dirname, 'hashWorker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'hashing', 'worker.js');
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new Map<string, { version: number; model: ParsedDocument }>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const hasher = new Hasher(hashWorkerPath());
  let pullDiagnostics = false;
  let configurationRequests = false;
  let diagnosticsRefresh = false;
  let resolveEdits = false;
  let workDoneProgress = false;
  let setPasswordCommand = false;
  let initSettings: unknown;

  /** Run a handler safely: honour cancellation before and after, log and answer `fallback` on error. */
  async function runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      const result = await work();
      return token?.isCancellationRequested ? fallback : result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  function kindOf(doc: TextDocument): FileKind | undefined {
    return kindFromPath(doc.uri) ?? (doc.languageId === 'xml' ? 'users' : doc.languageId === 'properties' ? 'properties' : undefined);
  }

  function model(doc: TextDocument, kind: FileKind, settings: Settings): ParsedDocument {
    const hit = parsed.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.model;
    const m = parse(doc.getText(), kind, settings.maxFileSizeMB);
    parsed.set(doc.uri, { version: doc.version, model: m });
    return m;
  }

  /** Open documents first (their unsaved text is what the admin sees), then the disk. */
  const disk = asyncDiskFiles((e) => connection.console.warn(`sibling ${e.message}`));
  const files: AsyncFileAccess = {
    read: async (file) => documents.all().find((d) => filePath(d.uri) === file)?.getText() ?? disk.read(file),
    list: (dir) => disk.list(dir),
  };

  function settingsFor(uri: string): Promise<Settings> {
    if (!configurationRequests) return Promise.resolve(initSettings ? normalizeSettings(initSettings) : DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'rudder' }).then(
        (raw: unknown) => normalizeSettings(raw),
        () => DEFAULT_SETTINGS,
      );
      settingsCache.set(uri, s);
    }
    return s;
  }

  /**
   * Sibling facts per file, kept until a file that affects them changes. The users file's own text does not
   * change what its siblings say, so editing it does not invalidate its context.
   */
  const contexts = new Map<string, Promise<DocumentContext>>();
  function contextFor(file: string, kind: FileKind, settings: Settings): Promise<DocumentContext> {
    const key = `${kind}:${file}`;
    let c = contexts.get(key);
    if (!c) {
      c = siblingContextAsync(file, kind, settings, files);
      contexts.set(key, c);
    }
    return c;
  }

  /** The last analysis per document, reused while its version, settings and sibling facts are the same. */
  const analyses = new Map<string, { version: number; settings: Settings; context: DocumentContext; a: Analysis }>();

  /** An open Rudder document with its analysis (sibling files included), settings and context. */
  async function analysis(uri: string): Promise<{ doc: TextDocument; a: Analysis; settings: Settings; context: DocumentContext } | undefined> {
    const doc = documents.get(uri);
    const kind = doc && kindOf(doc);
    if (!doc || !kind) return undefined;
    const settings = await settingsFor(uri);
    const file = filePath(uri);
    const context = file ? await contextFor(file, kind, settings) : {};
    const hit = analyses.get(uri);
    if (hit && hit.version === doc.version && hit.settings === settings && hit.context === context) return { doc, a: hit.a, settings, context };
    const a = analyze(model(doc, kind, settings), settings, context);
    analyses.set(uri, { version: doc.version, settings, context, a });
    return { doc, a, settings, context };
  }

  /** Forget sibling facts that a change to `changed` (a file path) may have altered. */
  function forgetContexts(changed?: string): void {
    if (!changed) return contexts.clear();
    for (const key of [...contexts.keys()]) {
      const file = key.slice(key.indexOf(':') + 1);
      if (file !== changed && affects(changed, file)) contexts.delete(key);
    }
  }

  async function diagnose(uri: string): Promise<Diagnostic[]> {
    const u = await analysis(uri);
    return u ? getDiagnostics(u.doc, u.a, u.settings) : [];
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
        void runSafe('diagnostics', undefined, [] as Diagnostic[], () => diagnose(current.uri)).then((diagnostics) =>
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

  /** Hash the plan's passwords in the worker and return the versioned edit; undefined if the document moved on. */
  async function resolveHashPlan(plan: HashPlan): Promise<WorkspaceEdit | undefined> {
    const doc = documents.get(plan.uri);
    if (!doc || doc.version !== plan.version) return undefined;
    const passwords = planPasswords(doc.getText(), plan);
    const progress = workDoneProgress && plan.algorithm === 'bcrypt' && plan.cost >= PROGRESS_FROM_COST ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Rudder', 0, `Hashing ${passwords.length} password(s) with bcrypt (cost ${plan.cost})…`, false);
    try {
      const hashes: string[] = [];
      for (const [i, p] of passwords.entries()) {
        hashes.push(await hasher.hash(plan.algorithm, p, plan.cost));
        progress?.report(Math.round(((i + 1) / passwords.length) * 100));
      }
      const edits = planEdits(plan, hashes).map((e) => ({ range: { start: doc.positionAt(e.range.start), end: doc.positionAt(e.range.end) }, newText: e.newText }));
      return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
    } finally {
      progress?.done();
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationRequests = !!caps.workspace?.configuration;
    diagnosticsRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    resolveEdits = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    workDoneProgress = !!caps.window?.workDoneProgress;
    const init = (params.initializationOptions ?? {}) as { setPasswordCommand?: unknown; settings?: unknown };
    setPasswordCommand = init.setPasswordCommand === true;
    initSettings = init.settings ?? params.initializationOptions;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', "'", ',', ' ', '_'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, HASH_PASSWORDS_KIND], resolveProvider: true },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        inlayHintProvider: true,
        foldingRangeProvider: true,
        executeCommandProvider: { commands: [PASSWORD_TARGET_COMMAND, APPLY_PASSWORD_HASH_COMMAND] },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'rudder', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'rudder-lsp', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => connection.console.log(`rudder-lsp ${SERVER_VERSION} ready (${pullDiagnostics ? 'pull' : 'push'} diagnostics)`));

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    parsed.clear();
    contexts.clear();
    const raw = (change.settings as { rudder?: unknown } | undefined)?.rudder;
    if (!configurationRequests && raw) initSettings = raw;
    revalidateAll();
  });

  documents.onDidChangeContent((e) => {
    parsed.delete(e.document.uri);
    analyses.delete(e.document.uri);
    schedulePush(e.document);
    const changed = filePath(e.document.uri);
    if (!changed) return;
    forgetContexts(changed);
    const others = documents.all().filter((d) => {
      const file = filePath(d.uri);
      return d.uri !== e.document.uri && file !== undefined && affects(changed, file);
    });
    if (others.length === 0) return;
    if (pullDiagnostics) revalidateAll();
    else others.forEach(schedulePush);
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) forgetContexts(filePath(change.uri) ?? undefined);
    revalidateAll();
  });
  documents.onDidClose((e) => {
    parsed.delete(e.document.uri);
    analyses.delete(e.document.uri);
    forgetContexts(filePath(e.document.uri));
    settingsCache.delete(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    pushTimers.delete(e.document.uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => ({
    kind: DocumentDiagnosticReportKind.Full,
    items: await runSafe('diagnostics', token, [] as Diagnostic[], () => diagnose(params.textDocument.uri)),
  }));

  connection.onHover((params, token) =>
    runSafe('hover', token, null, async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getHover(u.doc, u.a, params.position) : null;
    }),
  );

  connection.onCompletion((params, token) =>
    runSafe('completion', token, null, async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getCompletion(u.doc, u.a, params.position) : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    runSafe('codeAction', token, [] as CodeAction[], async () => {
      const u = await analysis(params.textDocument.uri);
      if (!u) return [];
      const actions = getCodeActions(u.doc, u.a, params.range, params.context.diagnostics, {
        bcryptCost: bcryptCostFor(u.settings, u.context),
        setPasswordCommand,
        only: params.context.only,
      });
      if (resolveEdits) return actions;
      for (const a of actions) if (isHashPlan(a.data)) a.edit = await resolveHashPlan(a.data);
      return actions.filter((a) => !isHashPlan(a.data) || a.edit);
    }),
  );

  connection.onCodeActionResolve((action, token) =>
    runSafe('codeAction/resolve', token, action, async () => {
      if (isHashPlan(action.data)) action.edit = await resolveHashPlan(action.data);
      return action;
    }),
  );

  connection.onExecuteCommand((params, token) =>
    runSafe('executeCommand', token, null, async () => {
      const [uri, offset, hash] = (params.arguments ?? []) as [string, number, string?];
      const u = await analysis(uri);
      const users = u?.a.kind === 'users' ? u.a.model : undefined;
      if (params.command === PASSWORD_TARGET_COMMAND) {
        const target = users && passwordEdit(users, offset, '');
        return u && target ? { name: target.user, cost: bcryptCostFor(u.settings, u.context), maxBytes: BCRYPT_MAX_BYTES } : null;
      }
      if (params.command !== APPLY_PASSWORD_HASH_COMMAND) return null;
      const edit = users && typeof hash === 'string' && checkBcrypt(hash).valid ? passwordEdit(users, offset, hash) : undefined;
      if (!u || !edit) return { applied: false };
      const range = { start: u.doc.positionAt(edit.range.start), end: u.doc.positionAt(edit.range.end) };
      return connection.workspace.applyEdit({
        label: 'Set a new password',
        edit: { documentChanges: [{ textDocument: { uri, version: u.doc.version }, edits: [{ range, newText: edit.newText }] }] },
      });
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe('documentSymbol', token, [], async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getSymbols(u.doc, u.a) : [];
    }),
  );

  connection.onDefinition((params, token) =>
    runSafe('definition', token, null, async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getDefinition(u.doc, u.a, params.position) : null;
    }),
  );

  connection.onReferences((params, token) =>
    runSafe('references', token, [], async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getReferences(u.doc, u.a, params.position, params.context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename((params, token) =>
    runSafe('prepareRename', token, null, async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? prepareRename(u.doc, u.a, params.position) : null;
    }),
  );

  connection.onRenameRequest((params, token) =>
    runSafe('rename', token, null, async () => {
      const u = await analysis(params.textDocument.uri);
      const r = u && rename(u.doc, u.a, params.position, params.newName);
      if (!u || !r) return null;
      if ('error' in r) throw new ResponseError(-32803, r.error);
      return { documentChanges: [{ textDocument: { uri: u.doc.uri, version: u.doc.version }, edits: r.edits }] };
    }),
  );

  connection.languages.inlayHint.on((params, token) =>
    runSafe('inlayHint', token, [], async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getInlayHints(u.doc, u.a, params.range, u.settings.inlayHints) : [];
    }),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe('foldingRange', token, [], async () => {
      const u = await analysis(params.textDocument.uri);
      return u ? getFoldingRanges(u.doc, u.a) : [];
    }),
  );

  connection.onShutdown(() => hasher.dispose());

  documents.listen(connection);
  connection.listen();
}

/** The file path of a `file:` URI; other schemes (untitled…) have no siblings. */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function isHashPlan(data: unknown): data is HashPlan {
  return !!data && (data as HashPlan).kind === 'rudder.hash';
}

declare const __SERVER_VERSION__: string | undefined;
/** Replaced by the bundler with package.json's version; the compiled tests see `dev`. */
const SERVER_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';
