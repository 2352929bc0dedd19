/**
 * One fuzz case: a seeded input (a fixture or a generated file, mutated), random settings and sibling context,
 * pushed through every feature of the language service façade. Each call is timed and its result checked:
 * no exception, under `CALL_LIMIT_MS`, JSON-serialisable, every position and range inside the document, every
 * diagnostic code a rule of this file kind, every edit applicable (no overlap), symbols well nested.
 *
 * `(seed, index)` alone reproduces a case: the input and every argument come from `new Random(seed, index)`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentSymbol, FoldingRange, Position, Range, TextEdit } from 'vscode-languageserver-types';
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
  hashPlanFor,
  parse,
  passwordEdit,
  planEdits,
  planPasswords,
  prepareRename,
  rename,
  type Analysis,
  type DocumentContext,
  type HashRequest,
} from '../../server/src/service/languageService';
import { overrideSource } from '../../server/src/service/properties/overrides';
import { AUTH_PROVIDERS, BUILTIN_ROLES, KNOWN_VERSIONS } from '../../server/src/service/rudder';
import { isRuleId, RULE_LEVELS, RULES, type FileKind } from '../../server/src/service/rules';
import { normalizeSettings, type Settings } from '../../server/src/service/settings';
import type { UsersModel } from '../../server/src/service/users/model';
import { fixtures, generateProperties, generateUsers, mutate, spot } from './inputs';
import { Random } from './random';

/**
 * No single call may take more CPU time than this (user + system of the process: the wall clock of a shared
 * 2-core machine mostly measures the neighbours; a hang is caught by the driver's stall timer).
 */
export const CALL_LIMIT_MS = 1000;

export interface FuzzInput {
  kind: FileKind;
  /** The fixture it started from, or `generated`. */
  origin: string;
  mutations: string[];
  /** The text before mutation: its diagnostics stand in for stale ones a client sends back. */
  original: string;
  text: string;
  /** The raw client configuration, and what `normalizeSettings` made of it. */
  rawSettings: unknown;
  settings: Settings;
  context: DocumentContext;
}

export interface Failure {
  /** The call and its arguments, e.g. `completion at 3:14`. */
  call: string;
  message: string;
  stack?: string;
}

export interface CaseReport {
  seed: number;
  index: number;
  kind: FileKind;
  origin: string;
  mutations: string[];
  length: number;
  calls: number;
  slowest: { call: string; ms: number };
  failures: Failure[];
}

const VERSIONS = ['auto', '7.2', '8.1', '8.3', '9.1', '9.2'];
/** Versions a client may send although they mean nothing (normalizeSettings passes any non-empty string). */
const ODD_VERSIONS = ['', ' 9.1 ', '10.0', '6.0', '9', 'x.y', '9.1.2', '-1.0', ...KNOWN_VERSIONS];
const NEW_NAMES = ['ops2', 'Ops', 'any', 'a_b', 'administrator', 'audit', '', ' ', 'x y', 'é😀', 'a"b', 'z'.repeat(300)];

function randomSettings(r: Random): unknown {
  const ids = [...RULES.keys(), 'no-such-rule'];
  const rules: Record<string, unknown> = {};
  for (let i = r.size(0, 12); i > 0; i--) rules[r.pick(ids)] = r.chance(0.95) ? r.pick([...RULE_LEVELS, 'default']) : r.pick(['ERROR', 3, null]);
  return {
    version: r.chance(0.9) ? r.pick(VERSIONS) : r.pick(ODD_VERSIONS),
    rules,
    maxFileSizeMB: r.weighted<unknown>([
      [18, undefined],
      [1, 0.001],
      [1, r.pick([100, -1, 'big'])],
    ]),
    bcrypt: r.chance(0.2) ? { cost: r.pick([4, 10, 12, 31, 32, 3.5]) } : undefined,
  };
}

function randomContext(r: Random, kind: FileKind, settings: Settings): DocumentContext {
  const corpus = fixtures();
  if (kind === 'users') {
    if (!r.chance(0.4)) return {};
    const providers = [...AUTH_PROVIDERS.map((p) => p.name), 'LDAP', ''];
    return { users: { authProviders: Array.from({ length: r.size(0, 4) }, () => r.pick(providers)), bcryptCost: r.pick([undefined, 4, 9, 11, 12, 31]) } };
  }
  const context: DocumentContext = {};
  if (r.chance(0.4)) context.siblingUsers = parse(r.pick(corpus.users).text, 'users', settings.maxFileSizeMB) as UsersModel;
  if (r.chance(0.3)) {
    context.properties = {
      overrides: Array.from({ length: r.size(1, 3) }, (_, i) => {
        const text = r.chance(0.5) ? generateProperties(r) : mutate(r, r.pick(corpus.properties).text, 'properties').text;
        return overrideSource(`rudder-web.properties.d/${i}.${r.pick(['properties', 'config'])}`, text);
      }),
    };
  }
  return context;
}

export function makeInput(r: Random): FuzzInput {
  const kind: FileKind = r.chance(0.5) ? 'users' : 'properties';
  const corpus = fixtures()[kind];
  const fromFixture = r.chance(0.7);
  const base = fromFixture ? r.pick(corpus) : { name: 'generated', text: kind === 'users' ? generateUsers(r) : generateProperties(r) };
  const { text, applied } = r.chance(0.95) ? mutate(r, base.text, kind) : { text: base.text, applied: [] };
  const rawSettings = randomSettings(r);
  const settings = normalizeSettings(rawSettings);
  return { kind, origin: base.name, mutations: applied, original: base.text, text, rawSettings, settings, context: randomContext(r, kind, settings) };
}

const USERS_URI = 'file:///etc/rudder/rudder-users.xml';
const PROPERTIES_URI = 'file:///etc/rudder/rudder-web.properties';
/** Cursor positions and ranges tried per case. */
const POSITIONS = 4;
const RANGES = 2;

type Json = Record<string, unknown>;

const isPosition = (v: unknown): v is Position => !!v && typeof v === 'object' && typeof (v as Json).line === 'number' && typeof (v as Json).character === 'number';
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const contains = (outer: Range, inner: Range) => !before(inner.start, outer.start) && !before(outer.end, inner.end);
const at = (p: Position) => `${p.line}:${p.character}`;

/** Runs one case: every feature, timed and checked. Never throws. */
class CaseRun {
  readonly failures: Failure[] = [];
  calls = 0;
  slowest = { call: '', ms: 0 };
  private readonly doc: TextDocument;
  private readonly lineLengths = new Map<number, number>();

  constructor(
    private readonly input: FuzzInput,
    private readonly r: Random,
    private readonly onCall?: (name: string) => void,
  ) {
    const users = input.kind === 'users';
    this.doc = TextDocument.create(users ? USERS_URI : PROPERTIES_URI, users ? 'xml' : 'properties', 1 + r.int(1000), input.text);
  }

  run(): void {
    const { kind, text, settings, context } = this.input;
    const model = this.call('parse', () => parse(text, kind, settings.maxFileSizeMB));
    const a = model && this.call('analyze', () => analyze(model, settings, context));
    if (!a) return;
    const diagnostics = this.call('diagnostics', () => getDiagnostics(this.doc, a, settings));
    if (diagnostics) this.checkDiagnostics(diagnostics, 'diagnostics');
    for (let i = 0; i < POSITIONS; i++) this.atPosition(a, this.randomPosition());
    for (let i = 0; i < RANGES; i++) this.inRange(a, this.randomRange(), diagnostics ?? []);
    const symbols = this.call('symbols', () => getSymbols(this.doc, a));
    if (symbols && this.generic(symbols, 'symbols')) this.checkSymbols(symbols, 'symbols');
    const folding = this.call('folding', () => getFoldingRanges(this.doc, a));
    if (folding && this.generic(folding, 'folding')) this.checkFolding(folding);
  }

  private atPosition(a: Analysis, pos: Position): void {
    const where = `at ${at(pos)}`;
    const hover = this.call(`hover ${where}`, () => getHover(this.doc, a, pos));
    if (hover && this.generic(hover, `hover ${where}`) && !hover.contents) this.fail(`hover ${where}`, 'a hover without contents');
    const completion = this.call(`completion ${where}`, () => getCompletion(this.doc, a, pos));
    if (completion && this.generic(completion, `completion ${where}`)) this.checkCompletion(completion.items, pos, `completion ${where}`);
    const definition = this.call(`definition ${where}`, () => getDefinition(this.doc, a, pos));
    if (definition && this.generic(definition, `definition ${where}`)) this.checkUri(definition.uri, `definition ${where}`);
    const includeDeclaration = this.r.chance(0.5);
    const references = this.call(`references ${where}`, () => getReferences(this.doc, a, pos, includeDeclaration));
    if (references && this.generic(references, `references ${where}`)) references.forEach((l) => this.checkUri(l.uri, `references ${where}`));
    const prepared = this.call(`prepareRename ${where}`, () => prepareRename(this.doc, a, pos));
    if (prepared && this.generic(prepared, `prepareRename ${where}`) && typeof prepared.placeholder !== 'string') this.fail(`prepareRename ${where}`, 'no placeholder');
    const newName = this.r.pick(NEW_NAMES);
    const renamed = this.call(`rename ${where} to ${JSON.stringify(newName)}`, () => rename(this.doc, a, pos, newName));
    if (renamed && this.generic(renamed, `rename ${where}`)) {
      if ('edits' in renamed) this.checkEdits(renamed.edits, `rename ${where}`);
      else if (typeof renamed.error !== 'string' || !renamed.error) this.fail(`rename ${where}`, 'an error without a message');
    }
    if (a.kind === 'users') {
      const offset = this.doc.offsetAt(pos);
      const edit = this.call(`passwordEdit ${where}`, () => passwordEdit(a.model, offset, '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu'));
      if (edit) this.checkOffsetEdits([edit], `passwordEdit ${where}`);
    }
  }

  private inRange(a: Analysis, range: Range, diagnostics: Diagnostic[]): void {
    const where = `over ${at(range.start)}-${at(range.end)}`;
    const context = this.r.weighted<() => Diagnostic[]>([
      [4, () => diagnostics.filter((d) => !before(d.range.end, range.start) && !before(range.end, d.range.start))],
      [2, () => diagnostics],
      [1, () => this.staleDiagnostics()],
      [1, () => Array.from({ length: this.r.size(1, 5) }, () => this.forgedDiagnostic())],
    ])();
    const options = {
      bcryptCost: bcryptCostFor(this.input.settings, this.input.context),
      setPasswordCommand: this.r.chance(0.5),
      only: this.r.pick([undefined, undefined, ['quickfix'], ['refactor'], ['source'], [HASH_PASSWORDS_KIND], ['source.fixAll'], []]),
    };
    const actions = this.call(`codeActions ${where} (${context.length} diagnostics, only ${JSON.stringify(options.only)})`, () => getCodeActions(this.doc, a, range, context, options));
    if (actions && this.generic(actions, `codeActions ${where}`)) this.checkCodeActions(a, actions, `codeActions ${where}`);
    const hints = this.call(`inlayHints ${where}`, () => getInlayHints(this.doc, a, range));
    if (hints && this.generic(hints, `inlayHints ${where}`)) hints.forEach((h) => (h.label === '' || (Array.isArray(h.label) && !h.label.length)) && this.fail(`inlayHints ${where}`, 'an empty label'));
  }

  /** What a client sends back after the text changed: the diagnostics of the unmutated text. */
  private staleDiagnostics(): Diagnostic[] {
    const { kind, original, settings, context } = this.input;
    const doc = TextDocument.create(this.doc.uri, this.doc.languageId, this.doc.version - 1, original);
    return this.call('diagnostics of the original text', () => getDiagnostics(doc, analyze(parse(original, kind, settings.maxFileSizeMB), settings, context), settings)) ?? [];
  }

  /** A diagnostic a confused client could send: any code, any (ordered) range, `data` of any shape. */
  private forgedDiagnostic(): Diagnostic {
    const range = this.randomRange();
    return {
      range: before(range.end, range.start) ? { start: range.end, end: range.start } : range,
      message: 'forged',
      source: this.r.pick(['rudder', 'rudder', 'xml']),
      code: this.r.pick([...RULES.keys(), 'bogus']),
      data: this.r.pick<unknown>([undefined, {}, { candidates: [this.r.pick(BUILTIN_ROLES).name, 'Ops', ''] }, { candidates: 'administrator' }, null, 'data', [1, 2]]),
    };
  }

  private randomPosition(): Position {
    const { doc, r } = this;
    return r.weighted<() => Position>([
      [16, () => doc.positionAt(spot(r, this.input.text))],
      [1, () => ({ line: doc.lineCount + r.int(3), character: r.int(10) })],
      [1, () => ({ line: r.int(doc.lineCount), character: r.pick([1e6, 2 ** 31 - 1]) })],
    ])();
  }

  private randomRange(): Range {
    const a = this.randomPosition();
    const b = this.r.chance(0.5) ? this.doc.positionAt(this.doc.offsetAt(a) + this.r.size(0, 5000)) : this.randomPosition();
    return this.r.chance(0.9) && before(b, a) ? { start: b, end: a } : { start: a, end: b };
  }

  // -------------------------------------------------------------------------------------------------------
  // Calls and checks

  private call<T>(name: string, work: () => T): T | undefined {
    this.calls++;
    this.onCall?.(name);
    const started = process.cpuUsage();
    try {
      return work();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.failures.push({ call: name, message: `threw ${err.name}: ${err.message}`, stack: err.stack });
      return undefined;
    } finally {
      const used = process.cpuUsage(started);
      const ms = (used.user + used.system) / 1000;
      if (ms > this.slowest.ms) this.slowest = { call: name, ms };
      if (ms > CALL_LIMIT_MS) this.fail(name, `took ${Math.round(ms)} ms of CPU (limit ${CALL_LIMIT_MS} ms)`);
    }
  }

  private fail(call: string, message: string): void {
    this.failures.push({ call, message });
  }

  private lineLength(line: number): number {
    let length = this.lineLengths.get(line);
    if (length === undefined) {
      const text = this.input.text;
      const start = this.doc.offsetAt({ line, character: 0 });
      let end = text.length;
      if (line + 1 < this.doc.lineCount) {
        end = this.doc.offsetAt({ line: line + 1, character: 0 });
        if (text[end - 1] === '\n') end--;
        if (text[end - 1] === '\r') end--;
      }
      length = end - start;
      this.lineLengths.set(line, length);
    }
    return length;
  }

  /** The checks every result gets: JSON-serialisable, finite numbers, positions inside the document, ranges in order. */
  private generic(result: unknown, call: string): boolean {
    const count = this.failures.length;
    try {
      JSON.stringify(result);
    } catch (e) {
      this.fail(call, `the result is not JSON-serialisable: ${String(e)}`);
      return false;
    }
    const walk = (v: unknown, where: string): void => {
      if (typeof v === 'number' && !Number.isFinite(v)) this.fail(call, `${where} is ${v}`);
      if (!v || typeof v !== 'object') return;
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
      const o = v as Json;
      if (isPosition(o)) return this.checkPosition(o, call, where);
      if (isPosition(o.start) && isPosition(o.end) && before(o.end, o.start)) this.fail(call, `${where} ends before it starts: ${JSON.stringify(o)}`);
      // `data` is opaque; a code action's `diagnostics` are the client's own, echoed back.
      for (const [k, x] of Object.entries(o)) if (k !== 'data' && !(k === 'diagnostics' && call.startsWith('codeActions'))) walk(x, `${where}.${k}`);
    };
    walk(result, 'result');
    return this.failures.length === count;
  }

  private checkPosition(p: Position, call: string, where: string): void {
    const ok = Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < this.doc.lineCount && p.character <= this.lineLength(p.line);
    if (!ok) this.fail(call, `${where} = ${at(p)} is outside the document (${this.doc.lineCount} lines${p.line >= 0 && p.line < this.doc.lineCount ? `, line ${p.line} has ${this.lineLength(p.line)} characters` : ''})`);
  }

  private checkUri(uri: string, call: string): void {
    if (uri !== this.doc.uri) this.fail(call, `points to another document: ${uri}`);
  }

  private checkDiagnostics(diagnostics: Diagnostic[], call: string): void {
    if (!this.generic(diagnostics, call)) return;
    for (const d of diagnostics) {
      const rule = isRuleId(d.code) ? RULES.get(d.code) : undefined;
      if (!rule) this.fail(call, `unknown code ${JSON.stringify(d.code)}`);
      else if (rule.file !== 'both' && rule.file !== this.input.kind) this.fail(call, `${rule.id} is a ${rule.file} rule, reported on a ${this.input.kind} file`);
      if (!d.severity || d.severity < 1 || d.severity > 4) this.fail(call, `${d.code}: severity ${d.severity}`);
      if (typeof d.message !== 'string' || !d.message.trim()) this.fail(call, `${d.code}: empty message`);
      if (d.source !== 'rudder') this.fail(call, `${d.code}: source ${d.source}`);
      d.relatedInformation?.forEach((ri) => this.checkUri(ri.location.uri, call));
    }
  }

  private checkCompletion(items: unknown[], pos: Position, call: string): void {
    const cursor = this.doc.positionAt(this.doc.offsetAt(pos));
    for (const raw of items) {
      const item = raw as { label?: unknown; textEdit?: TextEdit | { newText: string; insert: Range; replace: Range }; additionalTextEdits?: TextEdit[] };
      if (typeof item.label !== 'string' || !item.label) this.fail(call, `an item without a label: ${JSON.stringify(item).slice(0, 200)}`);
      const edit = item.textEdit;
      if (!edit) continue;
      const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
      for (const range of ranges) {
        if (range.start.line !== range.end.line || !contains(range, { start: cursor, end: cursor })) {
          this.fail(call, `item '${String(item.label)}': its edit range ${at(range.start)}-${at(range.end)} must be on one line and contain the cursor ${at(cursor)}`);
        }
      }
      this.checkEdits([{ range: ranges[0], newText: edit.newText }, ...(item.additionalTextEdits ?? [])], `${call}, item '${String(item.label)}'`);
    }
  }

  /** Edits a client can apply together: text to insert, and no two of them overlapping (as `TextDocument.applyEdits` demands). */
  private checkEdits(edits: TextEdit[], call: string): void {
    if (edits.some((e) => typeof e.newText !== 'string')) return this.fail(call, `an edit without text: ${JSON.stringify(edits).slice(0, 200)}`);
    const spans = edits.map((e) => ({ start: this.doc.offsetAt(e.range.start), end: this.doc.offsetAt(e.range.end) })).sort((a, b) => a.start - b.start);
    const overlap = spans.findIndex((s, i) => i > 0 && s.start < spans[i - 1].end);
    if (overlap > 0) this.fail(call, `overlapping edits: ${JSON.stringify(spans[overlap - 1])} and ${JSON.stringify(spans[overlap])}`);
  }

  /** Offset edits (hash plans, passwordEdit): inside the text, and applicable together. */
  private checkOffsetEdits(edits: { range: { start: number; end: number }; newText: string }[], call: string): void {
    const length = this.input.text.length;
    const bad = edits.find((e) => !(Number.isInteger(e.range.start) && Number.isInteger(e.range.end) && e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= length));
    if (bad) return this.fail(call, `offset range ${JSON.stringify(bad.range)} outside the text (length ${length})`);
    this.checkEdits(edits.map((e) => ({ range: { start: this.doc.positionAt(e.range.start), end: this.doc.positionAt(e.range.end) }, newText: e.newText })), call);
  }

  private checkCodeActions(a: Analysis, actions: CodeAction[], call: string): void {
    for (const action of actions) {
      const where = `${call}, '${action.title}'`;
      if (typeof action.title !== 'string' || !action.title) this.fail(call, 'an action without a title');
      if (action.command && typeof action.command.command !== 'string') this.fail(where, 'a command without an id');
      for (const change of action.edit?.documentChanges ?? []) {
        if (!('edits' in change)) continue;
        this.checkUri(change.textDocument.uri, where);
        if (change.textDocument.version !== this.doc.version) this.fail(where, `an edit for version ${change.textDocument.version}, not ${this.doc.version}`);
        this.checkEdits(change.edits as TextEdit[], where);
      }
      for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
        this.checkUri(uri, where);
        this.checkEdits(edits, where);
      }
      const request = action.data as HashRequest | undefined;
      if (request?.kind === 'rudder.hash') this.checkRequest(a, request, where);
    }
  }

  private checkRequest(a: Analysis, request: HashRequest, call: string): void {
    this.checkUri(request.uri, call);
    if (request.version !== this.doc.version) this.fail(call, `a hash request for version ${request.version}, not ${this.doc.version}`);
    const plan = this.call(`hashPlanFor (${call})`, () => hashPlanFor(a, request));
    if (!plan) return this.fail(call, `a hash request without a plan in the text it was offered for`);
    if (plan.targets.length !== request.count) this.fail(call, `a hash request for ${request.count} password(s) whose plan has ${plan.targets.length}`);
    const passwords = this.call(`planPasswords (${call})`, () => planPasswords(this.input.text, plan));
    if (!passwords) return;
    const hashes = passwords.map((_, i) => `$2b$12$${String(i).padStart(53, '.')}`);
    const edits = this.call(`planEdits (${call})`, () => planEdits(plan, hashes));
    if (edits) this.checkOffsetEdits(edits, `planEdits (${call})`);
  }

  private checkSymbols(symbols: DocumentSymbol[], call: string): void {
    for (const s of symbols) {
      if (typeof s.name !== 'string' || !s.name) this.fail(call, `a symbol without a name at ${at(s.range.start)}`);
      if (!Number.isInteger(s.kind) || s.kind < 1 || s.kind > 26) this.fail(call, `symbol '${s.name}': kind ${s.kind}`);
      if (!contains(s.range, s.selectionRange)) this.fail(call, `symbol '${s.name}': selectionRange ${at(s.selectionRange.start)}-${at(s.selectionRange.end)} not inside its range ${at(s.range.start)}-${at(s.range.end)}`);
      if (s.children) this.checkSymbols(s.children, call);
    }
  }

  private checkFolding(ranges: FoldingRange[]): void {
    for (const f of ranges) {
      const ok = Number.isInteger(f.startLine) && Number.isInteger(f.endLine) && f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < this.doc.lineCount;
      if (!ok) this.fail('folding', `range ${f.startLine}-${f.endLine} outside the document (${this.doc.lineCount} lines) or reversed`);
    }
  }
}

/** Builds case `index` of `seed` and runs it; `onCall` hears the name of each call before it starts. */
export function runCase(seed: number, index: number, onCall?: (name: string) => void): { report: CaseReport; input: FuzzInput } {
  const r = new Random(seed, index);
  const input = makeInput(r);
  const run = new CaseRun(input, r, onCall);
  run.run();
  const report: CaseReport = {
    seed,
    index,
    kind: input.kind,
    origin: input.origin,
    mutations: input.mutations,
    length: input.text.length,
    calls: run.calls,
    slowest: run.slowest,
    failures: run.failures,
  };
  return { report, input };
}

/** Saves a failing case next to its description; returns the path of the text. */
export function saveReproducer(report: CaseReport, input: FuzzInput): string {
  const base = path.join(os.tmpdir(), `rudder-fuzz-${report.seed}-${report.index}`);
  const file = `${base}.${input.kind === 'users' ? 'xml' : 'properties'}`;
  fs.writeFileSync(file, input.text);
  const { text: _text, original: _original, context: _context, ...rest } = input;
  fs.writeFileSync(`${base}.json`, JSON.stringify({ ...report, input: rest }, null, 2));
  return file;
}

/**
 * What identifies a bug across cases: the feature, the message without its numbers and names, and the function
 * of the product that appears most on the stack (the first one, unless a recursion fills the stack), without
 * line numbers.
 */
export function signature(f: Failure): string {
  const message = f.message
    .replace(/'[^']*'/g, "'…'")
    .replace(/\{.*\}/g, '{…}')
    .replace(/\d+/g, 'N');
  const frames = (f.stack?.split('\n') ?? []).flatMap((l) => {
    const m = /at (.*?) \(.*?(server\/src\/[^:)]*)/.exec(l);
    return m ? [`${m[1]} (${m[2]})`] : [];
  });
  const count = (frame: string) => frames.filter((x) => x === frame).length;
  const frame = frames.reduce<string | undefined>((best, x) => (best === undefined || count(x) > count(best) ? x : best), undefined);
  return `${f.call.split(' ')[0]}: ${message}${frame ? ` @ ${frame}` : ''}`;
}
