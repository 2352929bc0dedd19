/**
 * The differential check of incremental analysis: a users file (a fixture, a generated file of test/fuzz or of
 * bench/generate.mjs) gets a seeded sequence of edit batches, as an editor sends them (one to three changes per
 * version, each in the text the ones before it left): characters of XML syntax typed in tags and values, words,
 * new user lines, deleted lines and spans, line breaks of every kind, now and then a whole-text replacement or a
 * change of settings. After each batch, `reparse` + `analyzeIncremental` on the previous result must equal
 * `parse` + `analyze` of the new text, byte for byte: the model (offsets, syntax verdict, suppressions), the
 * evaluation (findings and verdicts) and the LSP diagnostics, plain and grouped, compared as JSON, and the bytes
 * the stdio server would send them in (`lsp/wire.ts`, which reuses the JSON of the diagnostic objects kept).
 *
 * The loop is shared with the properties check (`propertiesIncremental.ts`): each kind of file is a
 * `Differential` (its files, settings, sibling facts, edits and what it counts), run by `runDifferential`.
 *
 * Offline: `node out/test/fuzz/incremental.js --cases N [--seed S] [--from I]`.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, analyzeIncremental, getDiagnostics, parse, reparse, type Analysis, type DocumentContext, type ParsedDocument, type TextChange } from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import type { NotificationMessage, ResponseMessage } from 'vscode-languageserver/node';
import { groupDiagnostics } from '../../server/src/service/grouping';
import { PieceText } from '../../server/src/lsp/document';
import { encodeMessage } from '../../server/src/lsp/wire';
import { USERS_XML } from '../../server/src/service/rudder';
import { normalizeSettings, type Settings } from '../../server/src/service/settings';
import type { UsersContext } from '../../server/src/service/users/evaluate';
import { allElements } from '../../server/src/service/xml/scan';
import { REPO } from '../unit/markers';
import { fixtures, generateUsers } from './inputs';
import { Random } from './random';

type BenchGenerator = (n: number, seed: number) => { text: string };

/** bench/generate.mjs's generators: an ES module, loaded once, before the cases run (`loadBenchGenerator`). */
export let bench: { usersFile: BenchGenerator; propertiesFile: BenchGenerator } | undefined;

export async function loadBenchGenerator(): Promise<void> {
  bench = (await import(pathToFileURL(path.join(REPO, 'bench', 'generate.mjs')).href)) as typeof bench;
}

const VERSIONS = ['auto', '7.0', '7.2', '7.3', '8.0', '8.1', '8.2', '8.3', '9.0', '9.1', '9.2', '10.0'];
const TYPED = ['<', '>', '&', '"', "'", '=', '/', ' ', ',', '&amp;', '&lt;', '&#x41;', '&bogus;', '\n', '\r\n', '\r', '\t', 'x', 'é', '😀', '\ufffd'];
const WORDS = ['&r;', 'administrator"', '<!-- rudder-lint-disable-next-line -->', '<!-- rudder-lint-disable-next-line unknown-role -->\n', 'admin', 'administrator', 'node_read', 'read_only', 'no_rights', 'LDAP', 'secret', 'name', 'role', 'password', 'tenants', 'zoneA', '*', '-', 'team-0', '$2b$12$', 'sha1', 'user', 'role="x"', ' a="b"', 'name="n"'];

function randomSettings(r: Random): Settings {
  return normalizeSettings({
    rudderVersion: r.pick(VERSIONS),
    rules: r.chance(0.2) ? { 'weak-hash': r.pick(['off', 'hint']), 'unknown-role': r.pick(['off', 'error']) } : {},
    bcrypt: r.chance(0.2) ? { cost: r.pick([10, 12, 14]) } : undefined,
  });
}

function randomContext(r: Random): { users?: UsersContext } {
  if (!r.chance(0.3)) return {};
  return { users: { authProviders: r.pick([[], ['file'], ['ldap', 'file'], ['oidc']]), bcryptCost: r.pick([undefined, 10, 12, 13]) } };
}

function baseText(r: Random): { origin: string; text: string } {
  const corpus = fixtures().users;
  return r.weighted<() => { origin: string; text: string }>([
    [5, () => {
      const f = r.pick(corpus);
      return { origin: f.name, text: f.text };
    }],
    [3, () => ({ origin: 'generated', text: generateUsers(r) })],
    [2, () => ({ origin: 'bench/generate.mjs', text: bench!.usersFile(r.pick([1, 5, 30, 120]), r.int(1000)).text })],
    [1, () => ({ origin: 'generated, with a DOCTYPE', text: withDoctype(r, generateUsers(r)) })],
  ])();
}

/** `text` with a DOCTYPE whose entity and `<!ATTLIST>` defaults change what the users' tags deliver (≤ 8.1). */
function withDoctype(r: Random, text: string): string {
  const doctype = `<!DOCTYPE authentication [<!ENTITY r "${r.pick(['administrator', 'no_rights', 'node_read, team-0'])}"><!ATTLIST user role CDATA "${r.pick(['administrator', '&r;', 'user'])}" name NMTOKEN #IMPLIED>]>\n`;
  const at = text.startsWith('<?xml') ? text.indexOf('?>') + 2 : 0;
  return text.slice(0, at) + doctype + text.slice(at);
}

/** Where typing usually happens: inside a tag (a name, a value, between attributes), else anywhere. */
function typingSpot(r: Random, model: ParsedDocument, text: string): number {
  if (model.kind === 'users' && r.chance(0.75)) {
    const tags = [...allElements(model.scan.roots)].filter((e) => e.startTagEnd !== undefined);
    if (tags.length) {
      const el = r.pick(tags);
      const attr = el.attributes.length && r.chance(0.7) ? r.pick(el.attributes) : undefined;
      const range = attr?.valueRange ?? { start: el.start, end: el.startTagEnd! };
      return range.start + r.int(range.end - range.start + 1);
    }
  }
  return r.int(text.length + 1);
}

function lineBounds(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return [start, nl < 0 ? text.length : nl + 1];
}

/** One change to `text`, as an editor would send it. */
function randomChange(r: Random, model: ParsedDocument, text: string): TextChange {
  const at = typingSpot(r, model, text);
  return r.weighted<() => TextChange>([
    [6, () => ({ start: at, end: at, text: r.pick(TYPED) })],
    [3, () => ({ start: at, end: at, text: r.pick(WORDS) })],
    [4, () => ({ start: at, end: Math.min(text.length, at + r.size(1, 4)), text: '' })],
    [2, () => ({ start: at, end: Math.min(text.length, at + r.size(1, 3)), text: r.pick([...TYPED, ...WORDS]) })],
    [2, () => {
      const [start] = lineBounds(text, at);
      const line = `  <${USERS_XML.user} name="${r.pick(['new', 'alice', 'Alice', ''])}" password="${r.pick(['secret', 'LDAP', '$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123', ''])}" role="${r.pick(['admin', 'administrator', 'node_read, team-0', ''])}"/>${r.pick(['\n', '\r\n'])}`;
      return { start, end: start, text: line };
    }],
    [2, () => {
      const [start, end] = lineBounds(text, at);
      return { start, end, text: '' };
    }],
    [1, () => {
      const end = Math.min(text.length, at + r.size(1, 400));
      return { start: at, end, text: r.chance(0.5) ? '' : text.slice(r.int(text.length + 1)).slice(0, r.size(1, 200)) };
    }],
    [0.3, () => ({ start: 0, end: text.length, text: text.replace(/\n/g, r.pick(['\r\n', '\n'])) })],
  ])();
}

/** Whether `next` kept objects of `prev` (a splice, not a full parse). */
function reused(prev: ParsedDocument, next: ParsedDocument): boolean {
  if (prev.kind !== 'users' || next.kind !== 'users') return false;
  const kept = new Set([...allElements(prev.scan.roots)]);
  return [...allElements(next.scan.roots)].some((e) => kept.has(e));
}

/** `text` with the change `c` applied. */
export const apply = (text: string, c: TextChange) => text.slice(0, c.start) + c.text + text.slice(c.end);

/** JSON of anything the service returns: Sets and Maps spelled out, `memo` (reuse, not result) left out. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'memo') return undefined;
    if (v instanceof Set) return { set: [...v] };
    if (v instanceof Map) return { map: [...v] };
    return v;
  });
}

export interface Mismatch {
  index: number;
  origin: string;
  step: number;
  what: string;
  changes: TextChange[];
  before: string;
}

/**
 * The results that must agree, as JSON, for one state of a file (`uri`, `languageId`): the model, the evaluation and
 * the diagnostics, plain and grouped, and the bytes that carry them (shared with the properties differential test).
 */
export function outcome(a: Analysis, text: string, settings: Settings, uri = 'file:///w/rudder-users.xml', languageId = 'xml'): Record<string, string> {
  const doc = TextDocument.create(uri, languageId, 1, text);
  const diagnostics = getDiagnostics(doc, a, settings);
  const grouped = groupDiagnostics(diagnostics, doc.uri, { threshold: 3, max: 40 });
  return {
    model: canonical(a.model),
    evaluation: canonical(a.evaluation),
    diagnostics: JSON.stringify(diagnostics),
    grouped: JSON.stringify(grouped),
    // The bytes the stdio server sends, from the JSON it cached for each diagnostic object it sent before.
    wire: [
      encodeMessage({ jsonrpc: '2.0', id: 1, result: { kind: 'full', items: diagnostics } } as ResponseMessage),
      encodeMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, diagnostics: grouped } } as NotificationMessage),
    ]
      .map((bytes) => bytes.toString('utf8'))
      .join('\n'),
  };
}

/** What a differential run of one kind of file varies; the loop (`runCase`) is shared. */
export interface Differential {
  kind: FileKind;
  /** The results that must agree for one state of the file (`outcome` with its URI). */
  outcome: (a: Analysis, text: string, settings: Settings) => Record<string, string>;
  base: (r: Random) => { origin: string; text: string };
  settings: (r: Random) => Settings;
  context: (r: Random) => DocumentContext;
  steps: (r: Random) => number;
  change: (r: Random, model: ParsedDocument, text: string) => TextChange;
  /** Each step, after the settings: the sibling facts for it (the same ones by default). */
  nextContext?: (r: Random, context: DocumentContext) => DocumentContext;
  /** Each step: the changes `reparse` gets (undefined: it compares the texts). */
  given?: (r: Random, changes: TextChange[]) => TextChange[] | undefined;
  /** What a step counts (summed over the cases) from the model and analysis before it and after it. */
  count: (prev: ParsedDocument, next: ParsedDocument, before: Analysis, after: Analysis) => Record<string, number>;
}

export interface Run {
  mismatches: Mismatch[];
  steps: number;
  counts: Record<string, number>;
}

/** Runs case `index` of `d`: its edit sequence, each step compared with a full analysis; the first mismatch, if any. */
function runCase(d: Differential, seed: number, index: number, run: Run): void {
  const r = new Random(seed, index);
  const { origin, text: first } = d.base(r);
  let settings = d.settings(r);
  let context = d.context(r);
  let text = first;
  const kind = d.kind;
  let model = parse(text, kind, settings.maxFileSizeMB);
  let a = analyze(model, settings, context);
  // The text as the server's document keeps it, in pieces (small ones, so that edits cross their ends): what
  // `reparse` reads there.
  let source = PieceText.of(text, [5, 64, 1024, 16 * 1024][index % 4]);
  const steps = d.steps(r);
  for (let step = 0; step < steps; step++) {
    const before = text;
    const changes: TextChange[] = [];
    for (let n = r.weighted([[8, 1], [2, 2], [1, 3]]); n > 0; n--) {
      // The spot is read in the model of the text before this batch: past its first change, it is only an offset.
      const c = d.change(r, model, text);
      changes.push(c);
      text = apply(text, c);
      source = source.replace(c.start, c.end, c.text);
    }
    if (r.chance(0.05)) settings = d.settings(r);
    if (d.nextContext) context = d.nextContext(r, context);
    const next = reparse(model, source, kind, settings.maxFileSizeMB, d.given ? d.given(r, changes) : changes);
    const incremental = analyzeIncremental(a, next, settings, context);
    const got = d.outcome(incremental, text, settings);
    const want = d.outcome(analyze(parse(text, kind, settings.maxFileSizeMB), settings, context), text, settings);
    run.steps++;
    const what = Object.keys(want).find((k) => got[k] !== want[k]);
    if (what) return void run.mismatches.push({ index, origin, step, what, changes, before });
    for (const [k, n] of Object.entries(d.count(model, next, a, incremental))) run.counts[k] = (run.counts[k] ?? 0) + n;
    model = next;
    a = incremental;
  }
}

export function runDifferential(d: Differential, seed: number, from: number, cases: number): Run {
  const run: Run = { mismatches: [], steps: 0, counts: {} };
  for (let i = from; i < from + cases; i++) runCase(d, seed, i, run);
  return run;
}

/** The offline run of `node out/test/fuzz/<script>.js --cases N [--seed S] [--from I]`: prints the counts and the mismatches. */
export function differentialMain(script: string, d: Differential, counted: (counts: Record<string, number>) => string): void {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const seed = arg('seed', 1);
  const from = arg('from', 0);
  const cases = arg('cases', 1000);
  void loadBenchGenerator().then(() => {
    const t = performance.now();
    const { mismatches, steps, counts } = runDifferential(d, seed, from, cases);
    process.stdout.write(`${script}: ${cases} cases (${steps} edit batches, ${counted(counts)}), seed ${seed}, from ${from}: ${mismatches.length} mismatching, ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    for (const m of mismatches.slice(0, 10)) process.stdout.write(`case ${m.index} (${m.origin}) step ${m.step}: ${m.what} differs after ${JSON.stringify(m.changes)}\n`);
    process.exitCode = mismatches.length ? 1 : 0;
  });
}

/**
 * How many findings with related ranges (duplicates, case collisions, duplicate keys) an analysis has, and how many
 * of them it kept from the one before it, the same objects.
 */
export function relatedKept(prev: Analysis, next: Analysis): { related: number; relatedKept: number } {
  const before = new Set(prev.evaluation.findings);
  const related = next.evaluation.findings.filter((f) => f.related?.length);
  return { related: related.length, relatedKept: related.filter((f) => before.has(f)).length };
}

/** What `relatedKept` counted, for the line a run prints. */
export const relatedCounted = (c: Record<string, number>) => `${c.relatedKept ?? 0} of ${c.related ?? 0} with related ranges`;

/** Users files: a keystroke in a tag is a splice, counted (`spliced`), and so are the related findings kept. */
export const USERS: Differential = {
  kind: 'users',
  outcome: (a, text, settings) => outcome(a, text, settings),
  base: baseText,
  settings: randomSettings,
  context: randomContext,
  steps: (r) => r.size(1, 12),
  change: randomChange,
  count: (prev, next, before, after) => ({ spliced: reused(prev, next) ? 1 : 0, ...relatedKept(before, after) }),
};

if (require.main === module) differentialMain('incremental', USERS, (c) => `${c.spliced ?? 0} spliced, findings kept: ${relatedCounted(c)}`);
