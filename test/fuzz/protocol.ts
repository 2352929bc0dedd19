/**
 * Protocol fuzzing: random sequences of LSP edits and requests against the bundled server over stdio, as a
 * hurried editor sends them (requests pipelined behind edits, some cancelled, positions past the end, stale
 * diagnostics in code-action contexts, a configuration change now and then). Every request must answer (no
 * error other than a cancellation, within `REQUEST_LIMIT_MS`), the server must stay up and log no error, and
 * at the end the diagnostics of the edited document must equal those of a fresh server opened on its final
 * text (the differential check: incremental sync, caches and sibling bookkeeping change nothing).
 *
 * `(seed, index)` alone reproduces a case; a failing one is saved (initial text, steps) to the temp folder.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CancellationTokenSource, createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { FileKind } from '../../server/src/service/rules';
import { makeInput, type Failure } from './harness';
import { PROPERTIES_TOKENS, spot, XML_TOKENS } from './inputs';
import { Random } from './random';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
/** One request over stdio, queued behind the others of its step. */
export const REQUEST_LIMIT_MS = 5000;
/** Larger inputs are cut: the façade fuzz covers them, here they would only slow every step down. */
const MAX_TEXT = 200_000;
/** Decorrelates protocol cases from the façade cases of the same seed and index. */
const SEED_SALT = 0x5bd1e995;
const CANCELLED = [-32800, -32801];
/** `RequestFailed`: how the server refuses a rename (an invalid or taken name), with a message saying why. */
const REFUSED = -32803;

export interface ProtocolCaseReport {
  seed: number;
  index: number;
  kind: FileKind;
  origin: string;
  steps: string[];
  failures: Failure[];
}

/** The bundled server on stdio, answering `workspace/configuration` with `settings`, noting logged errors. */
class Server {
  readonly errors: string[] = [];
  settings: unknown = {};
  private stderr = '';
  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
  ) {}

  static async start(): Promise<Server> {
    const proc = spawn(process.execPath, [SERVER, '--stdio']);
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const s = new Server(proc, conn);
    proc.stderr.on('data', (d: Buffer) => (s.stderr = (s.stderr + d.toString()).slice(-4000)));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => s.settings));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) s.errors.push(m.message.split('\n')[0]);
    });
    conn.onError(() => undefined);
    conn.listen();
    const capabilities = {
      textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } }, inlayHint: {}, foldingRange: {}, rename: { prepareSupport: true } },
      workspace: { configuration: true, didChangeConfiguration: {} },
      window: { workDoneProgress: true },
    };
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, trace: 'verbose' });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('$/setTrace', { value: 'verbose' });
    return s;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get lastStderr(): string {
    return this.stderr;
  }

  /** A request with a time limit; cancelled when `cancel` fires first. */
  request(method: string, params: unknown, cancel?: CancellationTokenSource): Promise<{ value?: unknown; error?: string; ms: number }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ error: `no answer within ${REQUEST_LIMIT_MS} ms`, ms: REQUEST_LIMIT_MS }), REQUEST_LIMIT_MS);
      (cancel ? this.conn.sendRequest(method, params, cancel.token) : this.conn.sendRequest(method, params)).then(
        (value) => (clearTimeout(timer), resolve({ value, ms: performance.now() - started })),
        (e: unknown) => {
          clearTimeout(timer);
          const expected = e instanceof ResponseError && (CANCELLED.includes(e.code) || (method === 'textDocument/rename' && e.code === REFUSED && e.message !== ''));
          resolve(expected ? { ms: performance.now() - started } : { error: e instanceof Error ? e.message : String(e), ms: performance.now() - started });
        },
      );
    });
  }

  notify(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    if (this.alive) {
      await this.request('shutdown', undefined);
      await this.conn.sendNotification('exit').catch(() => undefined);
      await new Promise((resolve) => (this.alive ? this.proc.once('exit', resolve) && setTimeout(resolve, 2000) : resolve(null)));
    }
    this.conn.dispose();
    if (this.alive) this.proc.kill('SIGKILL');
  }
}

const METHODS = ['hover', 'completion', 'definition', 'references', 'prepareRename', 'rename', 'documentSymbol', 'foldingRange', 'inlayHint', 'codeAction', 'diagnostic', 'resolve'] as const;

/** One case: a document opened, edited and queried at random, then compared with a fresh server. */
class ProtocolCase {
  readonly report: ProtocolCaseReport;
  private doc: TextDocument;
  private diagnostics: Diagnostic[] = [];
  private actions: CodeAction[] = [];
  private pending: Promise<void>[] = [];

  constructor(
    private readonly fuzzed: Server,
    private readonly fresh: Server,
    seed: number,
    index: number,
    private readonly r = new Random(seed ^ SEED_SALT, index),
  ) {
    const input = makeInput(r);
    const settings = { ...(input.rawSettings as object), bcrypt: { cost: 4 } };
    fuzzed.settings = fresh.settings = settings;
    const uri = `file:///fuzz/${seed}/${index}/${input.kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties'}`;
    this.doc = TextDocument.create(uri, input.kind === 'users' ? 'xml' : 'properties', 1, input.text.slice(0, MAX_TEXT));
    this.report = { seed, index, kind: input.kind, origin: input.origin, steps: [], failures: [] };
  }

  get initialText(): string {
    return this.doc.getText();
  }

  async run(): Promise<void> {
    const { doc } = this;
    this.fuzzed.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.getText() } });
    const initial = doc.getText();
    this.report.steps.push(`open ${initial.length} chars`);
    for (let i = this.r.size(3, 40); i > 0 && this.fuzzed.alive; i--) {
      const step = this.r.weighted<() => void>([
        [6, () => this.edit()],
        [1, () => this.replaceAll()],
        [10, () => this.query()],
        [1, () => this.configure()],
      ]);
      step();
      if (this.r.chance(0.4)) await this.settle();
    }
    await this.settle();
    await this.differential();
    this.fuzzed.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
    this.fresh.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
    if (!this.fuzzed.alive) this.fail('server', `the server exited (${this.fuzzed.proc.exitCode ?? this.fuzzed.proc.signalCode}): ${this.fuzzed.lastStderr.slice(-500)}`);
    for (const e of this.fuzzed.errors.splice(0)) this.fail('server', `logged an error: ${e}`);
    for (const e of this.fresh.errors.splice(0)) this.fail('fresh server', `logged an error: ${e}`);
  }

  private fail(call: string, message: string): void {
    this.report.failures.push({ call, message });
  }

  private async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  private position(): Position {
    const text = this.doc.getText();
    return this.r.weighted<() => Position>([
      [12, () => this.doc.positionAt(spot(this.r, text))],
      [1, () => ({ line: this.doc.lineCount + this.r.int(3), character: this.r.int(5) })],
      [1, () => ({ line: this.r.int(this.doc.lineCount), character: 1e6 })],
    ])();
  }

  private range(): Range {
    const a = this.doc.offsetAt(this.position());
    const b = Math.min(this.doc.getText().length, a + this.r.size(0, 400));
    return { start: this.doc.positionAt(a), end: this.doc.positionAt(b) };
  }

  /**
   * Sends the changes as they are (positions past a line or the document included) and applies them to the
   * local copy the way LSP defines: in order, each position clamped to the document the previous ones left.
   * The local copy is rebuilt from its text each time (no incremental line index to trust).
   */
  private change(contentChanges: ({ range: Range; text: string } | { text: string })[], label: string): void {
    const version = this.doc.version + 1;
    for (const c of contentChanges) {
      const text = this.doc.getText();
      const [start, end] = 'range' in c ? [this.doc.offsetAt(c.range.start), this.doc.offsetAt(c.range.end)].sort((x, y) => x - y) : [0, text.length];
      this.doc = TextDocument.create(this.doc.uri, this.doc.languageId, version, text.slice(0, start) + c.text + text.slice(end));
    }
    this.fuzzed.notify('textDocument/didChange', { textDocument: { uri: this.doc.uri, version: this.doc.version }, contentChanges });
    this.report.steps.push(label);
  }

  private edit(): void {
    const tokens = this.report.kind === 'users' ? XML_TOKENS : PROPERTIES_TOKENS;
    const changes = Array.from({ length: this.r.size(1, 3) }, () => {
      const range = this.r.chance(0.6) ? { start: this.position(), end: this.position() } : this.range();
      if (this.doc.offsetAt(range.end) < this.doc.offsetAt(range.start)) [range.start, range.end] = [range.end, range.start];
      const text = this.r.weighted<() => string>([
        [4, () => this.r.pick(tokens)],
        [2, () => ''],
        [2, () => this.r.chars('abcxyz019 _-.\n\t"\'<>=/&;é😀\\', this.r.size(1, 12))],
        [1, () => this.doc.getText().slice(this.doc.offsetAt(this.position()), this.doc.offsetAt(this.position()) + this.r.size(1, 200))],
      ])();
      return { range, text };
    });
    this.change(changes, `edit ${changes.map((c) => `${c.range.start.line}:${c.range.start.character}-${c.range.end.line}:${c.range.end.character} ${JSON.stringify(c.text)}`).join(', ')}`);
  }

  private replaceAll(): void {
    const text = this.doc.getText();
    const cut = this.r.int(text.length + 1);
    this.change([{ text: text.slice(0, cut) + text.slice(cut + this.r.size(0, 50)) }], 'replace the whole text');
  }

  private configure(): void {
    const versions = ['auto', '7.2', '8.1', '8.3', '9.1', '9.2', '10.0', ''];
    this.fuzzed.settings = this.fresh.settings = { ...(this.fuzzed.settings as object), version: this.r.pick(versions) };
    this.fuzzed.notify('workspace/didChangeConfiguration', { settings: null });
    this.report.steps.push(`configuration ${JSON.stringify(this.fuzzed.settings)}`);
  }

  private query(): void {
    const method = this.r.pick(METHODS);
    const textDocument = { uri: this.doc.uri };
    const position = this.position();
    const params: Record<(typeof METHODS)[number], () => [string, unknown]> = {
      hover: () => ['textDocument/hover', { textDocument, position }],
      completion: () => ['textDocument/completion', { textDocument, position }],
      definition: () => ['textDocument/definition', { textDocument, position }],
      references: () => ['textDocument/references', { textDocument, position, context: { includeDeclaration: this.r.chance(0.5) } }],
      prepareRename: () => ['textDocument/prepareRename', { textDocument, position }],
      rename: () => ['textDocument/rename', { textDocument, position, newName: this.r.pick(['ops2', '', 'a b', 'é😀', 'x'.repeat(300)]) }],
      documentSymbol: () => ['textDocument/documentSymbol', { textDocument }],
      foldingRange: () => ['textDocument/foldingRange', { textDocument }],
      inlayHint: () => ['textDocument/inlayHint', { textDocument, range: this.range() }],
      codeAction: () => ['textDocument/codeAction', { textDocument, range: this.range(), context: { diagnostics: this.diagnostics, only: this.r.pick([undefined, ['quickfix'], ['source'], ['source.fixAll']]) } }],
      diagnostic: () => ['textDocument/diagnostic', { textDocument }],
      resolve: () => ['codeAction/resolve', this.actions.length ? this.r.pick(this.actions) : { title: 'forged', data: { version: 1, offsets: [0, 99] } }],
    };
    const [name, p] = params[method]();
    const cancel = this.r.chance(0.1) ? new CancellationTokenSource() : undefined;
    const label = `${name}${'position' in (p as object) ? ` at ${position.line}:${position.character}` : ''}${cancel ? ' (cancelled)' : ''}`;
    this.report.steps.push(label);
    const answer = this.fuzzed.request(name, p, cancel).then(({ value, error }) => {
      if (error) this.fail(label, error);
      if (method === 'diagnostic' && value) this.diagnostics = (value as { items: Diagnostic[] }).items ?? [];
      if (method === 'codeAction' && Array.isArray(value)) this.actions = value as CodeAction[];
    });
    if (cancel) setImmediate(() => cancel.cancel());
    this.pending.push(answer);
  }

  /** The edited document's diagnostics against a fresh server's on the same final text. */
  private async differential(): Promise<void> {
    const { doc } = this;
    const edited = await this.fuzzed.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    this.fresh.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: 1, text: doc.getText() } });
    const fresh = await this.fresh.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    if (edited.error || fresh.error) return this.fail('differential', `diagnostics failed: ${edited.error ?? fresh.error}`);
    const [a, b] = comparable((edited.value as { items: Diagnostic[] }).items, (fresh.value as { items: Diagnostic[] }).items);
    if (a !== b) this.fail('differential', `the edited document's diagnostics differ from a fresh server's on the same text:\n      edited: ${a.slice(0, 400)}\n      fresh:  ${b.slice(0, 400)}`);
  }
}

/**
 * Two diagnostic lists in a form to compare: exactly, except the rules either side groups (the server groups
 * a rule's findings beyond a threshold but keeps those of the lines being edited apart, so only a fresh server
 * groups them all): for those, how many findings each side reports.
 */
function comparable(x: Diagnostic[], y: Diagnostic[]): [string, string] {
  const groupOf = (d: Diagnostic) => (d.data as { group?: { rule: string; count: number } } | undefined)?.group;
  const grouped = new Set([...x, ...y].flatMap((d) => (groupOf(d) ? [String(d.code)] : [])));
  const form = (list: Diagnostic[]) => {
    const counts = new Map<string, number>();
    for (const d of list) if (grouped.has(String(d.code))) counts.set(String(d.code), (counts.get(String(d.code)) ?? 0) + (groupOf(d)?.count ?? 1));
    return JSON.stringify([list.filter((d) => !grouped.has(String(d.code))), [...counts].sort()]);
  };
  return [form(x), form(y)];
}

export interface ProtocolFuzzSummary {
  cases: number;
  steps: number;
  ms: number;
  failing: { report: ProtocolCaseReport; file: string }[];
}

/** Runs protocol cases `[from, from + cases)`, restarting a server that died; never throws. */
export async function runProtocolFuzz(options: { seed: number; cases: number; from?: number; onProgress?(done: number): void; onFailure?(report: ProtocolCaseReport, file: string): void }): Promise<ProtocolFuzzSummary> {
  const started = Date.now();
  const summary: ProtocolFuzzSummary = { cases: 0, steps: 0, ms: 0, failing: [] };
  let fuzzed = await Server.start();
  let fresh = await Server.start();
  const from = options.from ?? 0;
  for (let index = from; index < from + options.cases; index++) {
    const c = new ProtocolCase(fuzzed, fresh, options.seed, index);
    const initial = c.initialText;
    await c.run();
    summary.cases++;
    summary.steps += c.report.steps.length;
    if (c.report.failures.length) {
      const file = saveProtocolReproducer(c.report, initial);
      summary.failing.push({ report: c.report, file });
      options.onFailure?.(c.report, file);
    }
    if (!fuzzed.alive) fuzzed = await Server.start();
    if (!fresh.alive) fresh = await Server.start();
    if ((index + 1 - from) % 50 === 0) options.onProgress?.(index + 1 - from);
  }
  await Promise.all([fuzzed.stop(), fresh.stop()]);
  summary.ms = Date.now() - started;
  return summary;
}

function saveProtocolReproducer(report: ProtocolCaseReport, initial: string): string {
  const base = path.join(os.tmpdir(), `rudder-protocol-fuzz-${report.seed}-${report.index}`);
  fs.writeFileSync(`${base}.${report.kind === 'users' ? 'xml' : 'properties'}`, initial);
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
  return `${base}.json`;
}
