/**
 * The language server: thin wiring of the pure service onto LSP. Runs over node IPC (VS Code) or `--stdio`
 * (`rudder-lsp --stdio` for Neovim, Emacs and others).
 *
 * Owns the workspace store (`store.ts`: documents, settings, sibling facts, analyses under one key), pull
 * diagnostics with result ids when the client supports them and push otherwise (at once on open, debounced on
 * edits), the edits that need hashing (`hashEdits.ts`, in a pool of worker threads), and the safety net around
 * every handler (cancellation checks, errors logged and answered with an empty result).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CompletionParams,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { embeddedHashWorker } from '../hashing/embedded';
import { Hasher, defaultPoolSize } from '../hashing/hasher';
import {
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
  prepareRename,
  rename,
  versionedEdit,
  type HashRequest,
} from '../service/languageService';
import { COMMANDS, FIX_ALL_KIND, SERVER_COMMANDS, VIEW_REQUESTS, type ApplyPasswordHashArgs, type ConfiguredFiles, type ConfiguredFilesParams, type ApplyResult, type PasswordTargetArgs } from '../shared/protocol';
import { DEFAULT_GROUPING, groupDiagnostics } from '../service/grouping';
import { CONFIG_FILE_NAME, isConfigFile, PACKAGE_JSON } from '../workspace/config';
import { affects } from '../workspace/siblings';
import { EditedLines } from './editedLines';
import { applyPasswordHash, isHashRequest, Offers, offerRequest, passwordTarget, resolvePlan, type EditContext } from './hashEdits';
import { rulesDocFor } from './ruleDocs';
import { Seal } from './seal';
import { filePath, WorkspaceStore, type Analyzed } from './store';
import { registerViews } from './views';

const PUSH_DEBOUNCE_MS = 250;
/**
 * How long a diagnostics pull waits after an edit before analysing: VS Code pulls at once on every change and asks
 * for completion of the key typed a few milliseconds later (10 ms for quick suggestions); that completion goes
 * first, and a pull cancelled by the next key costs no analysis.
 */
const PULL_GRACE_MS = 50;
/**
 * A pull waits only when the document's last analysis took at least this long: a completion queued behind a
 * shorter one still answers within its budget, so small files get their diagnostics without the grace.
 */
const GRACE_FROM_ANALYSIS_MS = 20;

/**
 * Resolves once the event loop has read what arrived meanwhile and handled it: vscode-jsonrpc handles each
 * message it reads in its own `setImmediate`, queued after any immediate already scheduled, so one immediate
 * would run before a request read by the same turn's poll; two let that request go first. A pull yields so
 * before analysing and before converting, so that a completion typed while it works waits for one stage of it
 * (the analysis, or the conversion), not for all of it.
 */
const requestsReadMeanwhile = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

function hashWorkerPath(): string | URL {
  const bundled = path.join(__dirname, 'hashWorker.js');
  return embeddedHashWorker() ?? (fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'hashing', 'worker.js'));
}

/** Hash workers: one per core, or `RUDDER_HASH_WORKERS` (the benchmark compares pool sizes with it). */
function poolSize(): number {
  const n = Number(process.env.RUDDER_HASH_WORKERS);
  return Number.isInteger(n) && n > 0 ? n : defaultPoolSize();
}

export interface ServerHooks {
  /** Called once per analysis computed (tests count cache misses). */
  onAnalysis?: (uri: string) => void;
  /** Receives the store (tests check that it is empty after documents close). */
  onStore?: (store: WorkspaceStore) => void;
  /** Called for each pull that analyses: whether it waits out the grace after an edit (tests check the decision). */
  onPullGrace?: (uri: string, waits: boolean) => void;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  let pullDiagnostics = false;
  let configurationRequests = false;
  let diagnosticsRefresh = false;
  let resolveEdits = false;
  let workDoneProgress = false;
  let setPasswordCommand = false;
  let watchRegistration = false;
  let snippets = false;
  let setPasswordLink = false;
  const edited = new EditedLines();
  const store = new WorkspaceStore({
    perDocumentSettings: () => configurationRequests,
    fetchSettings: (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'rudder' }),
    warn: (message) => connection.console.warn(message),
    configProblems: (problems) => {
      for (const p of problems) connection.console.warn(p);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Rudder: ${problems.join('; ')}` });
    },
    onAnalysis: hooks.onAnalysis,
    onEdit: (doc, before, changes) => edited.change(doc, before, changes),
  });
  hooks.onStore?.(store);
  const { documents } = store;
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const rulesDoc = rulesDocFor(__dirname);
  const hasher = new Hasher(hashWorkerPath(), poolSize());
  const edits: EditContext = {
    store,
    hasher,
    seal: new Seal(),
    offers: new Offers((uri) => documents.get(uri) !== undefined),
    progress: async () => (workDoneProgress ? connection.window.createWorkDoneProgress() : undefined),
    tell: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  };

  /** Run a handler safely: honour cancellation before and after, log and answer `fallback` on error. */
  async function runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, work: () => T | Promise<T>): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      const result = await work();
      return token?.isCancellationRequested ? fallback : result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      logError(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  /**
   * Log an error to the client. Work still running when the client goes (a debounced check, a pull in flight)
   * fails on the closed connection; logging that must not fail too, or its rejection goes unhandled.
   */
  function logError(message: string): void {
    try {
      connection.console.error(message);
    } catch {
      // The connection is closed or disposed: there is nobody left to tell.
    }
  }

  /** A request about one document: its analysis, then `answer`; `fallback` for documents that are not ours. */
  function feature<P extends { textDocument: { uri: string } }, T>(name: string, fallback: T, answer: (u: Analyzed, params: P) => T) {
    return (params: P, token: CancellationToken) =>
      runSafe(name, token, fallback, async () => {
        const u = await store.analysis(params.textDocument.uri);
        return u ? answer(u, params) : fallback;
      });
  }

  /**
   * Each open document's last shown diagnostics, with what they were grouped from: the converted diagnostics
   * (the same objects when their findings did not move, `getDiagnostics`) and the kept lines.
   */
  const lastShown = new Map<string, { from: Diagnostic[]; kept: string; out: Diagnostic[] }>();

  /**
   * What the editor can show of a document's diagnostics: errors first, large groups folded, edited lines kept.
   * A keystroke that moves no diagnostic (a value typed) gets the previous answer without grouping again.
   */
  function shown(u: Analyzed): Diagnostic[] {
    const uri = u.doc.uri;
    const from = getDiagnostics(u.doc, u.a, u.settings, rulesDoc);
    const kept = edited.keptKey(uri);
    const last = lastShown.get(uri);
    if (last && last.kept === kept && sameDiagnostics(last.from, from)) return last.out;
    const out = groupDiagnostics(from, uri, { ...DEFAULT_GROUPING, keepLine: edited.keepLine(uri) });
    if (documents.get(uri) === u.doc) lastShown.set(uri, { from, kept, out });
    return out;
  }

  /** Publish a document's diagnostics, unless it changed or closed while they were computed. */
  function push(uri: string): void {
    clearTimeout(pushTimers.get(uri));
    pushTimers.delete(uri);
    void runSafe('diagnostics', undefined, undefined, async () => {
      const u = await store.analysis(uri);
      if (u && documents.get(uri) === u.doc && u.doc.version === u.version) connection.sendDiagnostics({ uri, version: u.doc.version, diagnostics: shown(u) });
    });
  }

  function schedulePush(uri: string): void {
    if (pullDiagnostics) return;
    clearTimeout(pushTimers.get(uri));
    pushTimers.set(uri, setTimeout(() => push(uri), PUSH_DEBOUNCE_MS));
  }

  function revalidateAll(): void {
    if (pullDiagnostics) {
      if (diagnosticsRefresh) void connection.languages.diagnostics.refresh();
    } else documents.all().forEach((d) => schedulePush(d.uri));
  }

  /**
   * The sibling facts of the last full answer to each document the client pulled. A sibling's change
   * re-validates a document only when they changed, not on any edit there.
   */
  const pulled = new Map<string, number>();
  const siblingChecks = new Map<string, NodeJS.Timeout>();

  /**
   * After `changed` (an open document, or a file on disk: undefined) settles, ask for a refresh if the sibling
   * facts of a pulled document changed.
   */
  function checkSiblings(changed: string | undefined, uris: string[]): void {
    const timer = changed ?? '';
    clearTimeout(siblingChecks.get(timer));
    siblingChecks.set(
      timer,
      setTimeout(() => {
        siblingChecks.delete(timer);
        void runSafe('sibling facts', undefined, undefined, async () => {
          if (changed) await store.analysis(changed);
          const facts = await Promise.all(uris.filter((uri) => pulled.has(uri)).map(async (uri) => [uri, (await store.snapshot(uri))?.facts] as const));
          if (facts.some(([uri, id]) => id !== undefined && id !== pulled.get(uri)) && diagnosticsRefresh) void connection.languages.diagnostics.refresh();
        });
      }, PUSH_DEBOUNCE_MS),
    );
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationRequests = !!caps.workspace?.configuration;
    diagnosticsRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
    resolveEdits = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    workDoneProgress = !!caps.window?.workDoneProgress;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    snippets = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
    const init = (params.initializationOptions ?? {}) as { setPasswordCommand?: unknown; setPasswordLink?: unknown; settings?: unknown };
    setPasswordCommand = init.setPasswordCommand === true;
    setPasswordLink = setPasswordCommand && init.setPasswordLink === true;
    store.setPushedSettings(init.settings ?? params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', "'", ',', ' ', '_', '<', '.', '='] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, HASH_PASSWORDS_KIND, FIX_ALL_KIND], resolveProvider: true },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        inlayHintProvider: true,
        foldingRangeProvider: true,
        executeCommandProvider: { commands: [...SERVER_COMMANDS] },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'rudder', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'rudder-lsp', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.log(`rudder-lsp ${SERVER_VERSION} ready (${pullDiagnostics ? 'pull' : 'push'} diagnostics, ${hasher.size} hash worker(s))`);
    if (watchRegistration) {
      const watchers = [CONFIG_FILE_NAME, PACKAGE_JSON].map((name) => ({ globPattern: `**/${name}` }));
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((e: unknown) => connection.console.warn(`cannot watch configuration files: ${String(e)}`));
    }
  });

  connection.onDidChangeConfiguration((change) => {
    store.settingsChanged();
    const raw = (change.settings as { rudder?: unknown } | undefined)?.rudder;
    if (!configurationRequests && raw) store.setPushedSettings(raw);
    revalidateAll();
  });

  /** The first diagnostics of a newly opened document go out at once; the debounce is for edits. */
  const opening = new Set<string>();
  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    edited.open(e.document.uri);
  });
  /** When each document was last edited (`performance.now()`), for the pull's grace. */
  const changedAt = new Map<string, number>();
  /**
   * How long the analysis of each document's last edited version took (ms), which decides whether its pulls wait.
   * The open's full parse, or a re-analysis for new settings or siblings, is not what an edit costs and does not
   * count: until an edit's analysis has been timed, pulls do not wait.
   */
  const editAnalysisMs = new Map<string, number>();
  /** The documents edited since their last analysis. */
  const editedSince = new Set<string>();
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    if (opening.delete(uri)) {
      if (!pullDiagnostics) push(uri);
    } else {
      changedAt.set(uri, performance.now());
      editedSince.add(uri);
      schedulePush(uri);
    }
    const changed = filePath(uri);
    if (!changed) return;
    const others = documents.all().filter((d) => {
      const file = filePath(d.uri);
      return d.uri !== uri && file !== undefined && affects(changed, file);
    });
    if (others.length === 0) return;
    if (pullDiagnostics) checkSiblings(uri, others.map((d) => d.uri));
    else others.forEach((d) => schedulePush(d.uri));
  });
  /** A sibling file changed on disk (the client's watcher), or a configuration file (ours, or the client's). */
  connection.onDidChangeWatchedFiles((params) => {
    let configs = false;
    for (const change of params.changes) {
      const file = filePath(change.uri);
      if (file && isConfigFile(file)) {
        store.configChanged(file);
        configs = true;
      } else store.forgetSiblings(file);
    }
    if (pullDiagnostics && !configs) checkSiblings(undefined, documents.all().map((d) => d.uri));
    else revalidateAll();
  });
  documents.onDidClose((e) => {
    changedAt.delete(e.document.uri);
    editAnalysisMs.delete(e.document.uri);
    editedSince.delete(e.document.uri);
    opening.delete(e.document.uri);
    pulled.delete(e.document.uri);
    clearTimeout(siblingChecks.get(e.document.uri));
    siblingChecks.delete(e.document.uri);
    edited.close(e.document.uri);
    lastShown.delete(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    pushTimers.delete(e.document.uri);
    if (!pullDiagnostics) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(
    async (params, token): Promise<DocumentDiagnosticReport> =>
      runSafe('diagnostics', token, { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async () => {
        const s = await store.snapshot(params.textDocument.uri);
        if (!s) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        if (params.previousResultId === s.key) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: s.key };
        const fresh = !store.isCached(s);
        if (fresh) {
          // The completion of the key just typed goes first (PULL_GRACE_MS); a pull the client has cancelled
          // meanwhile (the admin typed on) costs no analysis.
          const slow = (editAnalysisMs.get(params.textDocument.uri) ?? 0) >= GRACE_FROM_ANALYSIS_MS;
          hooks.onPullGrace?.(params.textDocument.uri, slow);
          const grace = slow ? (changedAt.get(params.textDocument.uri) ?? -Infinity) + PULL_GRACE_MS - performance.now() : 0;
          await (grace > 0 ? new Promise((resolve) => setTimeout(resolve, grace)) : requestsReadMeanwhile());
          if (token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        }
        const started = performance.now();
        const now = store.analyze(s);
        if (now && fresh) {
          if (editedSince.delete(s.doc.uri)) editAnalysisMs.set(s.doc.uri, performance.now() - started);
          await requestsReadMeanwhile();
          if (token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        }
        const u = now ?? (await store.analysis(params.textDocument.uri));
        if (u && documents.get(u.doc.uri) === u.doc) pulled.set(u.doc.uri, u.facts);
        return { kind: DocumentDiagnosticReportKind.Full, resultId: u?.key, items: u ? shown(u) : [] };
      }),
  );

  connection.onHover(feature('hover', null, (u, p: TextDocumentPositionParams) => getHover(u.doc, u.a, p.position, { setPasswordLink })));
  // Completion answers from the latest analysis there is, of whatever version: the syntax around the cursor
  // comes from the current text, so it never waits for the analysis of what was just typed.
  connection.onCompletion((params: CompletionParams, token) =>
    runSafe('completion', token, null, async () => {
      const latest = store.latest(params.textDocument.uri) ?? (await store.analysis(params.textDocument.uri));
      return latest ? getCompletion(latest.doc, latest.a, params.position, { newUserPassword: setPasswordCommand, trigger: params.context?.triggerCharacter, plainText: !snippets }) : null;
    }),
  );
  connection.onDocumentSymbol(feature('documentSymbol', [], (u) => store.memo(u, 'documentSymbol', () => getSymbols(u.doc, u.a))));
  connection.onDefinition(feature('definition', null, (u, p: TextDocumentPositionParams) => getDefinition(u.doc, u.a, p.position)));
  connection.onReferences(feature('references', [], (u, p) => getReferences(u.doc, u.a, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename(feature('prepareRename', null, (u, p) => prepareRename(u.doc, u.a, p.position)));
  connection.languages.inlayHint.on(feature('inlayHint', [], (u, p) => getInlayHints(u.doc, u.a, p.range, u.settings.inlayHints)));
  connection.onFoldingRanges(feature('foldingRange', [], (u) => store.memo(u, 'foldingRange', () => getFoldingRanges(u.doc, u.a))));
  connection.onRenameRequest(
    feature('rename', null, (u, p): WorkspaceEdit | null => {
      const r = rename(u.doc, u.a, p.position, p.newName);
      if (!r) return null;
      if ('error' in r) throw new ResponseError(-32803, r.error);
      return versionedEdit(u.doc, r.edits);
    }),
  );

  /**
   * Hash actions carry a small sealed request (never the targets, never a password). A client that resolves
   * gets the edit from `codeAction/resolve`; any other gets a command that hashes when it runs, never an eager hash.
   */
  connection.onCodeAction(
    feature('codeAction', [] as CodeAction[], (u, params) => {
      const actions = getCodeActions(u.doc, u.a, params.range, params.context.diagnostics, {
        bcryptCost: bcryptCostFor(u.settings, u.context, u.a),
        setPasswordCommand,
        only: params.context.only,
        settings: u.settings,
      });
      for (const a of actions) {
        if (!isHashRequest(a.data)) continue;
        const sealed = offerRequest(edits, u.a.model.text, a.data as HashRequest);
        if (resolveEdits) a.data = sealed;
        else {
          a.data = undefined;
          a.command = { title: a.title, command: COMMANDS.hashPlan, arguments: [sealed] };
        }
      }
      return actions;
    }),
  );

  connection.onCodeActionResolve((action, token) =>
    runSafe('codeAction/resolve', token, action, async () => {
      if (isHashRequest(action.data)) action.edit = await resolvePlan(edits, action.data, token);
      return action;
    }),
  );

  const applyEdit = async (label: string, edit: WorkspaceEdit) => (await connection.workspace.applyEdit({ label, edit })).applied;

  connection.onExecuteCommand((params, token) =>
    runSafe('executeCommand', token, null as unknown, async () => {
      const [arg] = params.arguments ?? [];
      if (params.command === COMMANDS.passwordTarget) return passwordTarget(edits, arg as PasswordTargetArgs);
      if (params.command === COMMANDS.applyPasswordHash) return applyPasswordHash(edits, arg as ApplyPasswordHashArgs, (e) => applyEdit('Set a new password', e));
      if (params.command === COMMANDS.hashPlan) {
        const edit = await resolvePlan(edits, arg, token);
        return { applied: !!edit && (await applyEdit('Hash passwords', edit)) } satisfies ApplyResult;
      }
      return null;
    }),
  );

  connection.onRequest(VIEW_REQUESTS.configuredFiles, (p: ConfiguredFilesParams, token) =>
    runSafe('configuredFiles', token, { users: [], properties: [] } as ConfiguredFiles, () => store.configuredFiles((p.uris ?? []).flatMap((u) => filePath(u) ?? []))),
  );

  registerViews(connection, { documents, analysis: (uri) => store.analysis(uri), files: store.files, filePath, runSafe });

  connection.onShutdown(() => hasher.dispose());

  documents.listen(connection);
  connection.listen();
}

/** Diagnostics not converted again after an edit (a finding made anew, with related ranges) that are compared by content, at most. */
const COMPARED_BY_CONTENT = 16;

/**
 * Whether two lists of converted diagnostics are equal: the same objects, but for a few made anew for findings
 * made anew (a duplicate key's), which must then be equal in content.
 */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  let compared = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (++compared > COMPARED_BY_CONTENT || JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  }
  return true;
}

declare const __SERVER_VERSION__: string | undefined;
/** Replaced by the bundler with package.json's version; the compiled tests see `dev`. */
const SERVER_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';
