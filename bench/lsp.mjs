/**
 * A minimal LSP client over stdio for the benchmark, as an editor drives the server: spawn, `initialize`
 * with the capabilities of a pull-diagnostics client (VS Code) or a push-only one, answer
 * `workspace/configuration` with fixed settings, and time requests on the client side (what a user waits for:
 * serialisation, the pipe, the server's work and the answer's parsing).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** What an editor advertises: pull diagnostics (`textDocument.diagnostic`) or not, plus code action resolve. */
function capabilities(mode) {
  return {
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: true },
      ...(mode === 'pull' ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true } },
    },
    workspace: { configuration: true },
    window: { workDoneProgress: true },
  };
}

/**
 * Spawn `server` (a server script, run with `--stdio`) and initialize it. `settings` is the `rudder` section
 * answered to every `workspace/configuration` request. `spawnToInitialize` is the time from `spawn()` to the
 * `initialize` answer; `startedAt` the `performance.now()` of the spawn. A peer (another language server) gives
 * its own `command` and `initializationOptions`; `capabilities` is what the server answered.
 */
export async function startSession({ mode, settings, server, nodeArgs = [], command, initializationOptions, env }) {
  const t0 = performance.now();
  // The server logs over LSP; its stderr only carries crashes, which belong in the benchmark's output.
  const [file, ...argv] = command ?? [process.execPath, ...nodeArgs, server, '--stdio'];
  const proc = spawn(file, argv, { stdio: ['pipe', 'pipe', 'inherit'], env: env ?? process.env });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => {});
  conn.onNotification('$/progress', () => {});
  const published = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of published.splice(0)) if (!w(p)) published.push(w);
  });
  conn.listen();
  const initialized = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: capabilities(mode), initializationOptions });
  const spawnToInitialize = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  const versions = new Map();

  return {
    spawnToInitialize,
    startedAt: t0,
    capabilities: initialized.capabilities,
    pid: proc.pid,
    request: (method, params) => conn.sendRequest(method, params),
    open: (uri, text, languageId = 'xml') => {
      versions.set(uri, 1);
      return conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    /** The version of the last change sent for `uri`. */
    version: (uri) => versions.get(uri),
    close: (uri) => conn.sendNotification('textDocument/didClose', { textDocument: { uri } }),
    /** An incremental change: replace `range` with `text`, as the next version. */
    change: (uri, range, text) => {
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      return conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    pullDiagnostics: async (uri) => (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })).items,
    /** The whole report (`full` with a `resultId`, or `unchanged`), given the result id of the previous one. */
    pullReport: (uri, previousResultId) => conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId }),
    /** Resolves with the next `publishDiagnostics` for `uri` at `version` (a close publishes without one). */
    nextPublish: (uri, version) =>
      new Promise((resolve) => {
        published.push((p) => p.uri === uri && p.version === version && (resolve(p.diagnostics), true));
      }),
    /** Resident memory of the server process now (`VmRSS`) and at its peak (`VmHWM`), in MiB. */
    memory: () => {
      const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
      return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
    },
    /** Kill the server (one stuck on a request the benchmark gave up waiting for). */
    kill: async () => {
      const exited = new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve)));
      proc.kill('SIGKILL');
      await exited;
      conn.dispose();
    },
    stop: async () => {
      await conn.sendRequest('shutdown');
      const exited = new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve)));
      await conn.sendNotification('exit');
      await exited;
      conn.dispose();
    },
  };
}

/** Offsets to LSP positions in a fixed text. */
export function positions(text) {
  const doc = TextDocument.create('bench:', 'plaintext', 0, text);
  return (offset) => doc.positionAt(offset);
}
