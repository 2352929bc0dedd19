/**
 * `npm run bench`: the language server's latency and memory on generated files of 100 to 100,000 users, driven
 * over stdio as an editor drives it, next to the floors it cannot beat (a bare @xmldom/xmldom parse and a bare
 * saxes parse of the same text, a full parse of the properties text, a bare `node -e 0`) and to peers, other
 * language servers driven the same way on the same file (`peers/install.mjs`), and the hostile set of the
 * hardening issue at three sizes per family (`hostile.mjs`). Prints Markdown tables: the load average before
 * and after the run, the latencies of every request the server answers, the phases of an edit (from a CPU
 * profile of the unbundled server) next to those of the run in the committed bench/results.json, the peers, the
 * scaling exponents of every feature (users and properties files from 1,000 to 100,000, each hostile family
 * over its three sizes) with a verdict per row (≤ 1.1) and the list of rows over it, and each target's verdict;
 * writes bench/results.json (a `--quick` run bench/results.quick.json, which git ignores, so that the committed
 * results.json stays the last full run's: the next run's "before").
 *
 *   node bench/run.mjs            full run (3 minutes on a quiet 2-core machine, peers included)
 *   node bench/run.mjs --quick    fewer iterations, no 100,000-user or -entry file (about a minute)
 *   node bench/run.mjs --no-peers without the peers (no npm install on the first run)
 *   node bench/run.mjs --profile  where the time goes: the service's stages on the 10,000-user text, timed in
 *                                 this process, and CPU profiles of the server (edits, completion, hover, code
 *                                 actions; edits of the properties file) summarised by function. Runs the
 *                                 unbundled build in out/, for real function names.
 *
 * Run it after `npm run build` (`npm run bench` does): it uses dist/ (and out/ for --profile).
 *
 * Every latency is measured in this process, from sending the first message to receiving the last answer.
 * p95 is the nearest-rank percentile: with fewer than 20 samples it is the maximum.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { probeFile, propertiesFile, usersFile } from './generate.mjs';
import { positions, startSession } from './lsp.mjs';
import { formatPool, poolThroughput } from './pool.mjs';
import { ensurePeers } from './peers/install.mjs';
import { phases, summarize } from './profile.mjs';

const args = new Set(process.argv.slice(2));
const OPTIONS = ['--quick', '--no-peers', '--profile', '--help'];
const USAGE = `Usage: node bench/run.mjs [--quick] [--no-peers] [--profile]   (npm run bench -- [options])

  (none)       full run: 100 to 100,000 users, properties, hostile set, peers; writes bench/results.json
  --quick      fewer iterations, no 100,000-user file; writes bench/results.quick.json (not committed)
  --no-peers   without the peer language servers (no npm install on the first run)
  --profile    where the time goes: in-process stages and CPU profiles of the server (uses out/)
  --help       this text`;
const unknown = [...args].filter((a) => !OPTIONS.includes(a));
if (args.has('--help') || unknown.length) {
  if (unknown.length) console.error(`bench: unknown option ${unknown.join(', ')}`);
  console.log(USAGE);
  process.exit(unknown.length ? 2 : 0);
}
const QUICK = args.has('--quick');
const PEERS = !args.has('--no-peers');
const SEED = 42;
/** bcrypt cost 12 for the hash action; a size limit above the 100,000-user file (13 MB), so it is fully checked. */
const SETTINGS = { bcrypt: { cost: 12 }, maxFileSizeMB: 64 };
/** The server's push debounce (server/src/lsp/server.ts, PUSH_DEBOUNCE_MS). */
const PUSH_DEBOUNCE_MS = 250;
const PROBE_EVERY_MS = 5;
const PROPERTIES_ENTRIES = 10_000;
/**
 * Edits made after an open and before the timed ones, timed apart (a row of their own, in no target): the code of
 * the edit path is compiled by then, as the floors' parse is by their own uncounted parses, so the targets compare
 * warm code with warm code. A type and a delete each, so the text is as it was.
 */
const FIRST_EDITS = 4;

/** Iterations per users-file size. Edits alternate: type a character, delete it (the text stays the same). */
const PLANS = QUICK
  ? {
      100: { open: 5, edit: 6, hover: 10, completion: 10, hash: 3, pushOpen: 3, pushEdit: 2, views: 2 },
      1000: { open: 5, edit: 6, hover: 10, completion: 10, hash: 3, pushOpen: 3, pushEdit: 2, views: 2 },
      10000: { open: 3, edit: 4, hover: 10, completion: 10, hash: 3, pushOpen: 2, pushEdit: 2, views: 1 },
    }
  : {
      100: { open: 20, edit: 30, hover: 30, completion: 30, hash: 5, pushOpen: 8, pushEdit: 8, views: 5 },
      1000: { open: 20, edit: 30, hover: 30, completion: 30, hash: 5, pushOpen: 8, pushEdit: 8, views: 5 },
      10000: { open: 10, edit: 16, hover: 30, completion: 30, hash: 5, pushOpen: 5, pushEdit: 6, views: 2 },
      100000: { open: 3, edit: 4, hover: 10, completion: 10, hash: 3, pushOpen: 2, pushEdit: 2, views: 1 },
    };
const SPAWNS = QUICK ? 5 : 15;
/** Users in the file of the start-up target: spawn → first diagnostics. */
const STARTUP_USERS = 20;
/** Sizes at which the peers run, and the edits they get there (each a full re-parse: seconds at 100,000). */
const PEER_PLAN = QUICK ? { 10000: 4 } : { 10000: 8, 100000: 2 };
/** Sizes at which the phases of an edit are profiled, and how many edits. */
const PHASE_PLAN = QUICK ? { 10000: 10 } : { 10000: 20, 100000: 4 };
/** Iterations per properties-file size (entries); the targets are at `PROPERTIES_ENTRIES`. */
const PROPERTIES_PLANS = QUICK
  ? { 1000: { open: 3, edit: 10, hover: 10, completion: 10 }, 10000: { open: 3, edit: 10, hover: 10, completion: 10 } }
  : { 1000: { open: 6, edit: 30, hover: 30, completion: 30 }, 10000: { open: 6, edit: 30, hover: 30, completion: 30 }, 100000: { open: 3, edit: 8, hover: 10, completion: 10 } };
/** Rounds of the hostile set per size (the fastest counts). */
const HOSTILE_ROUNDS = QUICK ? 2 : 5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function time(fn) {
  const t = performance.now();
  const result = await fn();
  return [performance.now() - t, result];
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const round = (x) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    median: round(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2),
    p95: round(s[Math.ceil(0.95 * s.length) - 1]),
    min: round(s[0]),
    max: round(s[s.length - 1]),
  };
}

function check(ok, what) {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}

function git(args) {
  return spawnSync('git', args, { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' }).stdout.trim();
}

/** Scratch space: the generated files (the xmldom memory child reads them; the server sees real file URIs). */
const WORK = path.join(os.tmpdir(), `rudder-bench-${process.pid}`);
/**
 * The bundled server, copied to WORK before the first spawn so that a rebuild of dist/ during the run (another
 * terminal, a watcher) cannot mix two builds in one set of results. The bundle has no runtime dependencies.
 */
const SERVER = path.join(WORK, 'dist', 'server.js');

function snapshotServer() {
  fs.mkdirSync(path.dirname(SERVER), { recursive: true });
  for (const name of ['server.js', 'hashWorker.js']) fs.copyFileSync(new URL(`../dist/${name}`, import.meta.url), path.join(path.dirname(SERVER), name));
}

const session = (mode) => startSession({ mode, settings: SETTINGS, server: SERVER });

function writeFile(dir, name, text) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { file, uri: pathToFileURL(file).href };
}

/** One bare xmldom parse of `text`, with the options of the floor, timed. */
function xmldomParse(text) {
  const t = performance.now();
  new DOMParser({ locator: true, onError() {} }).parseFromString(text, 'text/xml');
  return performance.now() - t;
}

/** One bare saxes parse of `text`, namespace-unaware as checkWellFormed runs it: the floor of that stage, timed. */
function saxesParse(text) {
  const t = performance.now();
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', () => {});
  parser.write(text).close();
  return performance.now() - t;
}

const requireOut = createRequire(import.meta.url);
/** One full parse of a properties text by the service (`java.util.Properties` rules and the model), timed. */
function propertiesParse(text) {
  const { parse } = requireOut(`${OUT}service/languageService.js`);
  const t = performance.now();
  parse(text, 'properties', 64);
  return performance.now() - t;
}

function xmldomMemory(file, users) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', new URL('xmldomMemory.mjs', import.meta.url).pathname, file]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`xmldomMemory.mjs exited with ${code}`));
      const m = JSON.parse(out);
      check(m.elements === users, `xmldom built ${m.elements} user elements instead of ${users}`);
      resolve({ rssGrowth: m.rssGrowth, heapRetained: m.heapRetained, peakGrowth: m.peakGrowth });
    });
  });
}

/** Time `n` repetitions of `op` (sequentially); `validate` checks each answer so that nothing measured is a no-op. */
async function repeat(n, op, validate) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const [ms, result] = await time(() => op(i));
    validate(result);
    samples.push(ms);
  }
  return stats(samples);
}

/** An incremental one-character edit at `at`: type `x` (even `i`) or delete it again (odd `i`). */
function typeOrDelete(s, uri, at, i) {
  const range = i % 2 === 0 ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
  return s.change(uri, range, i % 2 === 0 ? 'x' : '');
}

/** The `FIRST_EDITS` edits at `at` after an open, each pulled (a full report checked as `what`), timed. */
function firstEditsAfterOpen(s, uri, at, what) {
  return repeat(
    FIRST_EDITS,
    async (i) => {
      await typeOrDelete(s, uri, at, i);
      return s.pullReport(uri);
    },
    (r) => check(r.kind === 'full' && r.items.length > 0, what),
  );
}

/** Send `probe` every 5 ms while `during` runs; the worst latency of a probe bounds the event-loop delay. */
async function probing(probe, during) {
  const latencies = [];
  const inflight = [];
  const timer = setInterval(() => {
    const t = performance.now();
    inflight.push(probe().then(() => latencies.push(performance.now() - t)));
  }, PROBE_EVERY_MS);
  const result = await during();
  clearInterval(timer);
  await Promise.all(inflight);
  check(latencies.length > 0, 'event-loop probes answered');
  return { result, worst: Math.max(...latencies), probes: latencies.length };
}

/**
 * The hash code action on the plain-text password at `range`: `codeAction` (list) then `codeAction/resolve`
 * (bcrypt in the server's worker thread), probing the server's event loop while resolve runs.
 */
async function hashAction(s, uri, range, probe) {
  const diagnostics = [{ range, code: 'plaintext-password', source: 'rudder', message: 'plain text', severity: 1 }];
  const [list, actions] = await time(() => s.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, triggerKind: 1 } }));
  const action = actions.find((a) => a.title.startsWith('Hash this password with bcrypt (cost 12)'));
  check(action && !action.edit, 'a lazy "Hash this password with bcrypt (cost 12)" action');
  const { result, worst, probes } = await probing(probe, () => time(() => s.request('codeAction/resolve', action)));
  const [resolve, resolved] = result;
  check(/^\$2b\$12\$[./A-Za-z0-9]{53}$/.test(resolved.edit?.documentChanges?.[0]?.edits?.[0]?.newText ?? ''), 'resolve returns a bcrypt cost-12 hash');
  return { list, resolve, worstProbe: worst, probes };
}

/**
 * One pull-mode server on one users file: open, edits, hover, completion, the hash action. The bare xmldom
 * floor is sampled between the edits (same process as this client, same moment), so that a change in the
 * machine's load affects both sides of the edit target alike.
 */
async function usersPull(generated, uri, plan) {
  const { text, marks } = generated;
  const at = positions(text);
  const s = await session('pull');
  await sleep(100);
  const idle = s.memory();
  let diagnostics = 0;
  let opened;
  const open = await repeat(
    plan.open,
    async (i) => {
      if (i > 0) await s.close(uri);
      await s.open(uri, text);
      return s.pullDiagnostics(uri);
    },
    (items) => {
      check((diagnostics = items.length) > 0, 'diagnostics on open');
      opened ??= s.memory();
    },
  );
  const firstEdits = await firstEditsAfterOpen(s, uri, at(marks.edit), 'diagnostics after an edit');
  for (let i = 0; i < FIRST_EDITS; i++) {
    xmldomParse(text); // warm-ups, not counted
    saxesParse(text);
  }
  const floor = [];
  const saxesFloor = [];
  let report;
  const edit = await repeat(
    plan.edit,
    async (i) => {
      await typeOrDelete(s, uri, at(marks.edit), i);
      return (report = await s.pullReport(uri));
    },
    (r) => {
      check(r.kind === 'full' && r.items.length > 0, 'diagnostics after an edit');
      floor.push(xmldomParse(text));
      saxesFloor.push(saxesParse(text));
    },
  );
  const unchanged = await repeat(
    plan.edit,
    () => s.pullReport(uri, report.resultId),
    (r) => check(r.kind === 'unchanged' && r.resultId === report.resultId, 'an unchanged report for an unchanged document'),
  );
  const textDocument = { uri };
  let symbolBytes = 0;
  const documentSymbol = await repeat(
    plan.hover,
    () => s.request('textDocument/documentSymbol', { textDocument }),
    (symbols) => {
      check(symbols?.length > 0, 'document symbols');
      symbolBytes = JSON.stringify(symbols).length;
    },
  );
  const editLine = at(marks.edit).line;
  const lineRange = { start: { line: editLine, character: 0 }, end: { line: editLine + 1, character: 0 } };
  const codeActionAll = await repeat(
    plan.hover,
    () => s.request('textDocument/codeAction', { textDocument, range: lineRange, context: { diagnostics: report.items } }),
    (actions) => check(Array.isArray(actions), 'code actions'),
  );
  const hover = await repeat(
    plan.hover,
    () => s.request('textDocument/hover', { textDocument, position: at(marks.hover) }),
    (h) => check(h?.contents?.value?.includes('**User'), 'a user hover'),
  );
  const completion = await repeat(
    plan.completion,
    () => s.request('textDocument/completion', { textDocument, position: at(marks.completion) }),
    (c) => check(c?.items?.some((item) => item.label === 'administrator'), 'role completion items'),
  );
  // Completion right after an edit, under VS Code's edit load: the change, the diagnostics pull it sends at once,
  // then the completion of the key typed (timed alone), the pull then awaited.
  const afterEdit = [];
  for (let i = 0; i < plan.completion; i++) {
    await typeOrDelete(s, uri, at(marks.edit), i);
    const pulled = s.pullDiagnostics(uri);
    const [ms, c] = await time(() => s.request('textDocument/completion', { textDocument, position: at(marks.completion) }));
    check(c?.items?.some((item) => item.label === 'administrator'), 'role completion items right after an edit');
    afterEdit.push(ms);
    await pulled;
  }

  const probeDoc = probeFile();
  const probeUri = 'untitled:bench-probe.xml';
  await s.open(probeUri, probeDoc.text);
  const probe = () => s.request('textDocument/hover', { textDocument: { uri: probeUri }, position: positions(probeDoc.text)(probeDoc.marks.hover) });
  const start = at(marks.plaintext);
  const range = { start, end: { line: start.line, character: start.character + 1 } };
  const hashes = [];
  const idleWindows = [];
  for (let i = 0; i < plan.hash; i++) {
    const h = await hashAction(s, uri, range, probe);
    hashes.push(h);
    idleWindows.push(await probing(probe, () => sleep(h.resolve)));
  }
  const end = s.memory();
  await s.stop();
  return {
    diagnostics,
    xmldomParse: stats(floor),
    saxesParse: stats(saxesFloor),
    open,
    firstEdits,
    edit,
    unchanged,
    documentSymbol,
    symbolBytes,
    codeActionAll,
    hover,
    completion,
    completionAfterEdit: stats(afterEdit),
    hashes: hashes.map((h, i) => ({ ...h, worstProbeIdle: idleWindows[i].worst })),
    codeAction: stats(hashes.map((h) => h.list)),
    resolve: stats(hashes.map((h) => h.resolve)),
    hashRoundTrip: stats(hashes.map((h) => h.list + h.resolve)),
    worstProbe: stats(hashes.map((h) => h.worstProbe)),
    worstProbeIdle: stats(idleWindows.map((w) => w.worst)),
    probesPerHash: Math.min(...hashes.map((h) => h.probes)),
    memory: { idle: idle.rss, opened: opened.rss, growth: opened.rss - idle.rss, peakGrowth: opened.hwm - idle.rss, end: end.rss, peak: end.hwm },
  };
}

async function usersPush(generated, uri, plan) {
  const { text, marks } = generated;
  const at = positions(text);
  const s = await session('push');
  const open = await repeat(
    plan.pushOpen,
    async (i) => {
      if (i > 0) await s.close(uri);
      const published = s.nextPublish(uri, 1);
      await s.open(uri, text);
      return published;
    },
    (items) => check(items.length > 0, 'pushed diagnostics on open'),
  );
  const edit = await repeat(
    plan.pushEdit,
    async (i) => {
      const published = s.nextPublish(uri, s.version(uri) + 1);
      await typeOrDelete(s, uri, at(marks.edit), i);
      return published;
    },
    (items) => check(items.length > 0, 'pushed diagnostics after an edit'),
  );
  await s.stop();
  const minusDebounce = (st) => ({ ...st, median: st.median - PUSH_DEBOUNCE_MS, p95: st.p95 - PUSH_DEBOUNCE_MS, min: st.min - PUSH_DEBOUNCE_MS, max: st.max - PUSH_DEBOUNCE_MS });
  return { open, edit, editMinusDebounce: minusDebounce(edit) };
}

/** The bcrypt cost of the features session: the lowest there is, so that a hash action's resolve is its own work. */
const FEATURES_SETTINGS = { ...SETTINGS, bcrypt: { cost: 4 } };
/** Lines of the viewport the inlay hints are asked for (an editor asks for what it shows). */
const VIEWPORT_LINES = 60;

/**
 * The features of `usersPull` does not time, on a pull-mode server with bcrypt cost 4 (the hash action's resolve
 * then costs the plan's own work, not bcrypt's): definition, references, prepareRename and rename at the last
 * reference to a custom role, folding, inlay hints of a viewport, the hash action's list and resolve, and the
 * views' requests (status, access table, compare, upgrade report).
 */
async function usersFeatures(generated, uri, plan) {
  const { text, marks } = generated;
  const at = positions(text);
  const s = await startSession({ mode: 'pull', settings: FEATURES_SETTINGS, server: SERVER });
  await s.open(uri, text);
  check((await s.pullDiagnostics(uri)).length > 0, 'diagnostics on open');
  const textDocument = { uri };
  const position = at(marks.roleRef);
  const n = plan.hover;
  const timed = (method, params, validate, times = n) => repeat(times, () => s.request(method, params), validate);
  const definition = await timed('textDocument/definition', { textDocument, position }, (l) => check(l?.uri === uri, 'a custom role definition'));
  let referencesFound = 0;
  const references = await timed('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }, (l) => check((referencesFound = l?.length ?? 0) > 1, 'the references of a custom role'));
  const prepareRename = await timed('textDocument/prepareRename', { textDocument, position }, (r) => check(r?.range !== undefined, 'a custom role can be renamed'));
  const rename = await timed('textDocument/rename', { textDocument, position, newName: 'team-renamed' }, (e) => check(e?.changes?.[uri]?.length > 1 || e?.documentChanges?.[0]?.edits?.length > 1, 'rename edits every reference'));
  const folding = await timed('textDocument/foldingRange', { textDocument }, (r) => check(r?.length > 0, 'folding ranges'));
  const line = at(marks.edit).line;
  const viewport = { start: { line: Math.max(0, line - VIEWPORT_LINES / 2), character: 0 }, end: { line: line + VIEWPORT_LINES / 2, character: 0 } };
  const inlayHints = await timed('textDocument/inlayHint', { textDocument, range: viewport }, (h) => check(Array.isArray(h), 'inlay hints'));
  const start = at(marks.plaintext);
  const range = { start, end: { line: start.line, character: start.character + 1 } };
  const context = { diagnostics: [{ range, code: 'plaintext-password', source: 'rudder', message: 'plain text', severity: 1 }], triggerKind: 1 };
  const lists = [];
  const resolves = [];
  for (let i = 0; i < plan.hash; i++) {
    const [list, actions] = await time(() => s.request('textDocument/codeAction', { textDocument, range, context }));
    const action = actions.find((a) => a.title.startsWith('Hash this password with bcrypt (cost 4)'));
    check(action && !action.edit, 'a lazy "Hash this password with bcrypt (cost 4)" action');
    const [resolve, resolved] = await time(() => s.request('codeAction/resolve', action));
    check(/^\$2b\$04\$/.test(resolved.edit?.documentChanges?.[0]?.edits?.[0]?.newText ?? ''), 'resolve returns a bcrypt cost-4 hash');
    lists.push(list);
    resolves.push(resolve);
  }
  const status = await timed('rudder/documentStatus', { uri }, (r) => check(r !== null, 'a document status'));
  const views = await capped(s, plan.views, [
    ['access', 'rudder/access', { uri }],
    ['compare', 'rudder/compare', { uri, base: { text, label: 'the same text' } }],
    ['upgrade', 'rudder/upgrade', { uri, to: (await s.request('rudder/versions', { uri })).upgradeTargets.at(-1) }],
  ]);
  // The views read the file from disk: an access table without a row means they read nothing (the file over
  // the size their reader takes), and then the comparison and the upgrade report are of an empty file too.
  if (views.access && !views.access.capped && !views.accessRows) for (const k of VIEWS) if (views[k]) views[k].empty = true;
  return { definition, references, referencesFound, prepareRename, rename, folding, inlayHints, hashList: stats(lists), hashResolve: stats(resolves), status, ...views };
}

const VIEWS = ['access', 'compare', 'upgrade'];
/** The longest a view's request is waited for; past it the request is recorded as taking at least that. */
const VIEW_CAP_MS = QUICK ? 10_000 : 60_000;

/**
 * The views' requests (`[[key, method, params]…]`, run by a command, not per keystroke), `n` times each, then
 * the session ends. A request still unanswered after `VIEW_CAP_MS` counts as that long (`capped`: a lower
 * bound), the server is killed and the requests after it are not measured.
 */
async function capped(s, n, requests) {
  const out = {};
  for (const [key, method, params] of requests) {
    const samples = [];
    for (let i = 0; i < n; i++) {
      let timer;
      const t = performance.now();
      const answer = await Promise.race([s.request(method, params), new Promise((resolve) => (timer = setTimeout(resolve, VIEW_CAP_MS, 'capped')))]);
      clearTimeout(timer);
      if (answer === 'capped') {
        out[key] = { ...stats([VIEW_CAP_MS]), capped: true };
        await s.kill();
        return out;
      }
      check(answer !== null, `an answer to ${method}`);
      if (key === 'access') out.accessRows = answer.rows.length;
      samples.push(performance.now() - t);
    }
    out[key] = stats(samples);
  }
  await s.stop();
  return out;
}

/**
 * One pull-mode server on a `rudder-web.properties` of `entries` entries: open, edits (the full parse of the
 * text sampled between them, in this process), the unchanged re-pull, hover, completion, documentSymbol and the
 * code actions of the line of the last diagnostic with every diagnostic in context.
 */
async function properties(entries, plan) {
  const generated = propertiesFile(entries, SEED);
  const { text, marks } = generated;
  const { uri } = writeFile(path.join(WORK, `properties-${entries}`), 'rudder-web.properties', text);
  const at = positions(text);
  const s = await session('pull');
  await sleep(100);
  const idle = s.memory();
  let diagnostics = [];
  let opened;
  const open = await repeat(
    plan.open,
    async (i) => {
      if (i > 0) await s.close(uri);
      await s.open(uri, text, 'properties');
      return s.pullDiagnostics(uri);
    },
    (items) => {
      check((diagnostics = items).length > 0, 'properties diagnostics on open');
      opened ??= s.memory();
    },
  );
  const firstEdits = await firstEditsAfterOpen(s, uri, at(marks.edit), 'properties diagnostics after an edit');
  for (let i = 0; i < FIRST_EDITS; i++) propertiesParse(text); // warm-ups, not counted
  const floor = [];
  let report;
  const edit = await repeat(
    plan.edit,
    async (i) => {
      await typeOrDelete(s, uri, at(marks.edit), i);
      return (report = await s.pullReport(uri));
    },
    (r) => {
      check(r.kind === 'full' && r.items.length > 0, 'properties diagnostics after an edit');
      floor.push(propertiesParse(text));
    },
  );
  const unchanged = await repeat(
    plan.edit,
    () => s.pullReport(uri, report.resultId),
    (r) => check(r.kind === 'unchanged', 'an unchanged report for an unchanged properties document'),
  );
  const textDocument = { uri };
  const hover = await repeat(
    plan.hover,
    () => s.request('textDocument/hover', { textDocument, position: at(marks.hover) }),
    (h) => check(h !== null, 'a properties hover'),
  );
  const completion = await repeat(
    plan.completion,
    () => s.request('textDocument/completion', { textDocument, position: at(marks.completion) }),
    (c) => check(c?.items?.length > 0, 'provider completion items'),
  );
  const documentSymbol = await repeat(
    plan.hover,
    () => s.request('textDocument/documentSymbol', { textDocument }),
    (symbols) => check(symbols?.length > 0, 'properties document symbols'),
  );
  const last = report.items.reduce((a, d) => (d.range.start.line > a.range.start.line ? d : a));
  const lineRange = { start: { line: last.range.start.line, character: 0 }, end: { line: last.range.start.line + 1, character: 0 } };
  const codeActionAll = await repeat(
    plan.hover,
    () => s.request('textDocument/codeAction', { textDocument, range: lineRange, context: { diagnostics: report.items } }),
    (actions) => check(Array.isArray(actions), 'properties code actions'),
  );
  const end = s.memory();
  await s.stop();
  return {
    entries,
    bytes: text.length,
    lines: text.split('\n').length,
    diagnostics: diagnostics.length,
    fullParse: stats(floor),
    open,
    firstEdits,
    edit,
    unchanged,
    hover,
    completion,
    documentSymbol,
    codeActionAll,
    memory: { growth: opened.rss - idle.rss, rss: end.rss, peak: end.hwm },
  };
}

/**
 * The hostile set at three sizes per family (`bench/hostile.mjs`, a child process: its heap is not this one's),
 * every façade feature timed by CPU time in that process.
 */
function hostile() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--single-threaded-gc', new URL('hostile.mjs', import.meta.url).pathname, '--rounds', String(HOSTILE_ROUNDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`hostile.mjs exited with ${code}`))));
  });
}

/**
 * `node -e 0` (spawn → exit) and the server, interleaved: spawn → `initialize` answered, and spawn → the first
 * diagnostics of a 20-user file, pulled (`didOpen` right after `initialized`, then `textDocument/diagnostic`)
 * and pushed (`didOpen`, then the `publishDiagnostics` of version 1: no debounce on open).
 */
async function spawns() {
  const generated = usersFile(STARTUP_USERS, SEED);
  const { uri } = writeFile(path.join(WORK, `users-${STARTUP_USERS}`), 'rudder-users.xml', generated.text);
  const bare = [];
  const initialize = [];
  const pulled = [];
  const pushed = [];
  for (let i = 0; i < SPAWNS; i++) {
    const [ms] = await time(() => new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('exit', resolve)));
    bare.push(ms);
    const s = await session('pull');
    initialize.push(s.spawnToInitialize);
    await s.open(uri, generated.text);
    check((await s.pullDiagnostics(uri)).length > 0, 'first pulled diagnostics');
    pulled.push(performance.now() - s.startedAt);
    await s.stop();
    const p = await session('push');
    const published = p.nextPublish(uri, 1);
    await p.open(uri, generated.text);
    check((await published).length > 0, 'first pushed diagnostics');
    pushed.push(performance.now() - p.startedAt);
    await p.stop();
  }
  return { users: STARTUP_USERS, nodeE0: stats(bare), initialize: stats(initialize), firstDiagnosticsPull: stats(pulled), firstDiagnosticsPush: stats(pushed) };
}

/**
 * Each peer on the users file of each size of `PEER_PLAN`, as our server is driven: open → diagnostics, then
 * edits (type, delete) → diagnostics, pulled when the peer offers pull diagnostics, else the next publish.
 * The bare xmldom parse is sampled between the edits, as for our server.
 */
async function peerRuns(files) {
  const { peers, unavailable } = ensurePeers();
  const runs = [];
  for (const peer of peers) {
    for (const [n, edits] of Object.entries(PEER_PLAN)) {
      const { text, marks, uri } = files[n];
      process.stderr.write(`peer ${peer.name} at ${Number(n).toLocaleString('en-US')} users…
`);
      const s = await startSession({ mode: 'pull', settings: null, command: peer.command, env: peer.env, initializationOptions: peer.initializationOptions });
      const pull = !!s.capabilities?.diagnosticProvider;
      const diagnose = async (version) => (pull ? (await s.pullReport(uri)).items : s.nextPublish(uri, version));
      await sleep(100);
      const idle = s.memory();
      const [open, items] = await time(async () => {
        const published = pull ? undefined : s.nextPublish(uri, 1);
        await s.open(uri, text, peer.languageId);
        return published ?? diagnose(1);
      });
      const opened = s.memory();
      const at = positions(text)(marks.edit);
      const floor = [];
      const edit = await repeat(
        edits,
        async (i) => {
          const published = pull ? undefined : s.nextPublish(uri, s.version(uri) + 1);
          await typeOrDelete(s, uri, at, i);
          return published ?? diagnose();
        },
        (d) => {
          check(Array.isArray(d), `${peer.name} answers diagnostics`);
          floor.push(xmldomParse(text));
        },
      );
      await s.stop();
      runs.push({ peer: peer.name, users: Number(n), mode: pull ? 'pull' : 'push', diagnostics: items.length, open, edit, xmldomParse: stats(floor), memoryGrowth: opened.rss - idle.rss });
    }
  }
  return { runs, unavailable };
}

/**
 * The phases of edit → diagnostics: the unbundled server (out/, real file names) under `--cpu-prof`, on the
 * file of each size of `PHASE_PLAN`, open and diagnosed, then edits (type, delete) each pulled; the CPU time of
 * the edits, by phase (profile.mjs `phases`), per edit.
 */
async function editPhases(files) {
  const result = {};
  for (const [n, edits] of Object.entries(PHASE_PLAN)) {
    const { text, marks, uri } = files[n];
    process.stderr.write(`phases at ${Number(n).toLocaleString('en-US')} users…
`);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-bench-phases-'));
    const s = await startSession({ mode: 'pull', settings: SETTINGS, server: `${OUT}lsp/main.js`, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${out}`] });
    await s.open(uri, text);
    await s.pullDiagnostics(uri);
    const at = positions(text)(marks.edit);
    const from = microsNow();
    for (let i = 0; i < edits; i++) {
      await typeOrDelete(s, uri, at, i);
      await s.pullDiagnostics(uri);
    }
    await s.stop();
    const file = path.join(out, fs.readdirSync(out).find((name) => name.endsWith('.cpuprofile')));
    const p = phases(JSON.parse(fs.readFileSync(file, 'utf8')), from);
    fs.rmSync(out, { recursive: true, force: true });
    result[n] = { edits, busyPerEdit: p.busyMs / edits, phases: p.phases.map((x) => ({ ...x, msPerEdit: x.ms / edits })) };
  }
  return result;
}

/** Least-squares slope of log(value) over log(users): 1 is linear, 0 constant. */
function slope(points) {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, v]) => Math.log(v));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return Math.round((num / den) * 100) / 100;
}

/** The highest exponent a feature may have on any step: linear, plus the noise of a shared machine. */
const EXPONENT_LIMIT = 1.1;
/**
 * Below these, a step's exponent is noise (a round trip's jitter, the CPU clock's grain) and not judged: the
 * larger of its two values must reach the resolution (ms client-side or MiB for the LSP rows, ms of CPU for
 * the hostile set).
 */
const RESOLUTION = { lsp: 5, cpu: 10 };

/**
 * The exponent of each step between consecutive sizes and of the whole range of `points` (`[[size, value]…]`);
 * a step is judged when its larger value reaches `resolution`, and the row passes when no judged step is over
 * `EXPONENT_LIMIT`. `reference`: a floor shown for comparison, not judged.
 */
function exponents(points, resolution, reference = false) {
  const p = points.map(([n, v]) => [n, Math.max(v, 0.01)]);
  const steps = p.slice(1).map((q, i) => ({ from: p[i][0], to: q[0], exponent: slope([p[i], q]), judged: !reference && Math.max(p[i][1], q[1]) >= resolution }));
  const judged = steps.filter((st) => st.judged);
  const over = judged.filter((st) => st.exponent > EXPONENT_LIMIT);
  return { values: points.map(([, v]) => v), steps, overall: slope(p), verdict: reference ? 'reference' : !judged.length ? 'below resolution' : over.length ? 'FAIL' : 'PASS' };
}

/** A view's median, unless it answered for an empty file (not a measure of the file's size). */
const view = (st) => (st && !st.empty ? st.median : undefined);

/** What each users-file feature costs from 1,000 users up (`reference`: a floor, shown for comparison). */
const SCALED = [
  ['pull: edit → diagnostics', (u) => u.pull.edit.median],
  ['pull: open → diagnostics', (u) => u.pull.open.median],
  ['pull: unchanged re-pull', (u) => u.pull.unchanged.median],
  ['push: open → publish', (u) => u.push.open.median],
  ['push: edit → publish − 250 ms', (u) => u.push.editMinusDebounce.median],
  ['hover', (u) => u.pull.hover.median],
  ['completion', (u) => u.pull.completion.median],
  ['completion right after an edit', (u) => u.pull.completionAfterEdit.median],
  ['definition (custom role)', (u) => u.features.definition.median],
  ['references (custom role)', (u) => u.features.references.median],
  ['prepareRename (custom role)', (u) => u.features.prepareRename.median],
  ['rename (custom role)', (u) => u.features.rename.median],
  ['documentSymbol', (u) => u.pull.documentSymbol.median],
  ['foldingRange', (u) => u.features.folding.median],
  [`inlayHint (${VIEWPORT_LINES} lines)`, (u) => u.features.inlayHints.median],
  ['codeAction (hash, one diagnostic)', (u) => u.pull.codeAction.median],
  ['codeAction (one line, every diagnostic in context)', (u) => u.pull.codeActionAll.median],
  ['codeAction/resolve (hash, bcrypt cost 4)', (u) => u.features.hashResolve.median],
  ['rudder/documentStatus', (u) => u.features.status.median],
  ['rudder/access (access table)', (u) => view(u.features.access)],
  ['rudder/compare (with the same text)', (u) => view(u.features.compare)],
  ['rudder/upgrade (report)', (u) => view(u.features.upgrade)],
  ['server RSS growth on open (MiB)', (u) => u.pull.memory.growth],
  ['server peak RSS growth on open (MiB)', (u) => u.pull.memory.peakGrowth],
  ['bare xmldom parse', (u) => u.pull.xmldomParse.median, true],
];

/** What each properties-file feature costs from 1,000 entries up. */
const SCALED_PROPERTIES = [
  ['pull: edit → diagnostics', (p) => p.edit.median],
  ['pull: open → diagnostics', (p) => p.open.median],
  ['pull: unchanged re-pull', (p) => p.unchanged.median],
  ['hover', (p) => p.hover.median],
  ['completion', (p) => p.completion.median],
  ['documentSymbol', (p) => p.documentSymbol.median],
  ['codeAction (one line, every diagnostic in context)', (p) => p.codeActionAll.median],
  ['server RSS growth on open (MiB)', (p) => p.memory.growth],
  ['full parse of the text', (p) => p.fullParse.median, true],
];

/** The exponents of each row over the sizes from 1,000 up where it has a value (a row with fewer than two is left out). */
function scalingOf(bySize, rows) {
  const sizes = Object.keys(bySize).map(Number).filter((n) => n >= 1000);
  const measured = rows.map(([name, get, reference]) => [name, sizes.filter((n) => get(bySize[n]) !== undefined), get, reference]);
  return {
    sizes,
    rows: measured.filter(([, at]) => at.length >= 2).map(([name, at, get, reference]) => ({ name, sizes: at, ...exponents(at.map((n) => [n, get(bySize[n])]), RESOLUTION.lsp, reference) })),
  };
}

/** Every hostile family, every feature: its exponents over the family's three sizes, by CPU time. */
function hostileScaling(h) {
  return h.families.map((fam) => ({
    name: fam.name,
    unit: fam.unit,
    sizes: fam.sizes,
    bytes: fam.bytes,
    features: Object.fromEntries(Object.entries(fam.ms).map(([feature, ms]) => [feature, exponents(fam.sizes.map((n, i) => [n, ms[i]]), RESOLUTION.cpu)])),
  }));
}

function scaling(results) {
  return { users: scalingOf(results.users, SCALED), properties: scalingOf(results.properties, SCALED_PROPERTIES), hostile: hostileScaling(results.hostile) };
}

function targets(results) {
  const sizes = Object.keys(results.users).map(Number);
  const largest = results.users[Math.max(...sizes)];
  const u10k = results.users[10000];
  const u100 = results.users[100];
  const hashes = Object.values(results.users).flatMap((u) => u.pull.hashes);
  const worstProbe = stats(hashes.map((h) => h.worstProbe)).median;
  const hashTime = stats(hashes.map((h) => h.resolve)).median;
  const u100k = results.users[100000];
  const props = results.properties[PROPERTIES_ENTRIES];
  const target = (name, value, reference, limit, unit, how) => ({ name, value, reference, ratio: Math.round((value / reference) * 100) / 100, limit, pass: value / reference <= limit, unit, how });
  const perSize = (u, label) => [
    target(`edit → diagnostics at ${label} users`, u.pull.edit.median, u.pull.xmldomParse.median, u === u100k ? 1.0 : 0.5, 'ms', 'median pull edit → diagnostics / median bare xmldom parse'),
    target(`unchanged re-pull at ${label} users`, u.pull.unchanged.median, u.pull.xmldomParse.median, 0.05, 'ms', 'median pull with the previous result id / median bare xmldom parse'),
  ];
  const memory = `at ${largest.users.toLocaleString('en-US')} users`;
  return [
    ...perSize(u10k, '10,000'),
    ...(u100k ? perSize(u100k, '100,000') : [{ name: 'edit → diagnostics and unchanged re-pull at 100,000 users', limit: 1.0, notMeasured: 'not in --quick' }]),
    target(`spawn → first diagnostics, ${results.spawn.users} users (pull)`, results.spawn.firstDiagnosticsPull.median, results.spawn.nodeE0.median, 2.5, 'ms', 'median spawn → first pulled diagnostics / median node -e 0'),
    target(`spawn → first diagnostics, ${results.spawn.users} users (push)`, results.spawn.firstDiagnosticsPush.median, results.spawn.nodeE0.median, 2.5, 'ms', 'median spawn → first published diagnostics / median node -e 0'),
    target(`properties edit → diagnostics (${PROPERTIES_ENTRIES.toLocaleString('en-US')} entries)`, props.edit.median, props.fullParse.median, 0.5, 'ms', 'median pull edit → diagnostics / median full parse of the text in the bench process'),
    target('completion at 10,000 users', u10k.pull.completion.median, u100.pull.completion.median, 2, 'ms', 'median at 10,000 users / median at 100 users'),
    target('completion right after an edit at 10,000 users', u10k.pull.completionAfterEdit.median, u10k.pull.xmldomParse.median, 0.1, 'ms', 'median right after an edit, its pull pending / median bare xmldom parse (it waits for no parse)'),
    target('hover at 10,000 users', u10k.pull.hover.median, u100.pull.hover.median, 2, 'ms', 'median at 10,000 users / median at 100 users'),
    target('event-loop delay while hashing (cost 12)', worstProbe, hashTime, 0.05, 'ms', 'median over every hash of its worst probe latency / median codeAction/resolve time'),
    target('spawn → initialize', results.spawn.initialize.median, results.spawn.nodeE0.median, 2.5, 'ms', 'median spawn → initialize / median node -e 0'),
    target(`memory ${memory}: RSS growth on open`, largest.pull.memory.growth, largest.xmldomMemory.rssGrowth, 2, 'MiB', 'server RSS growth (after open − idle) / xmldom RSS growth (after parse − before)'),
    target(`memory ${memory}: peak RSS growth on open`, largest.pull.memory.peakGrowth, largest.xmldomMemory.peakGrowth, 2, 'MiB', 'server VmHWM after open − idle RSS / xmldom VmHWM after parse − RSS before'),
    ...(u100k ? [] : [{ name: 'memory at 100,000 users', limit: 2, notMeasured: 'not in --quick' }]),
  ];
}

const f = (x, digits = 1) => (x === undefined ? '–' : x.toFixed(digits));
const cell = (st) => (st ? `${f(st.median)} / ${f(st.p95)}` : '–');
const viewCell = (st) => `${cell(st)}${st?.empty ? ' (empty: the view read no file)' : ''}`;

function table(results) {
  const sizes = Object.keys(results.users).map(Number);
  const row = (label, get) => `| ${label} | ${sizes.map((n) => get(results.users[n])).join(' | ')} |`;
  const lines = [
    `| users | ${sizes.map((n) => n.toLocaleString('en-US')).join(' | ')} |`,
    `|---|${sizes.map(() => '--:').join('|')}|`,
    row('file size (MiB)', (u) => f(u.bytes / 1024 / 1024, 2)),
    row('diagnostics', (u) => String(u.pull.diagnostics)),
    row('load average (1 min) when starting', (u) => f(u.load, 2)),
    row('**bare xmldom parse** (floor)', (u) => cell(u.pull.xmldomParse)),
    row('**bare saxes parse** (floor of well-formedness)', (u) => cell(u.pull.saxesParse)),
    row('pull: open → diagnostics', (u) => cell(u.pull.open)),
    row(`pull: the first ${FIRST_EDITS} edits after open (not in a target)`, (u) => cell(u.pull.firstEdits)),
    row('pull: edit → diagnostics', (u) => cell(u.pull.edit)),
    row('pull: edit → diagnostics / xmldom, / saxes', (u) => `${f(u.pull.edit.median / u.pull.xmldomParse.median, 2)}× / ${f(u.pull.edit.median / u.pull.saxesParse.median, 2)}×`),
    row('pull: unchanged re-pull (previous result id)', (u) => cell(u.pull.unchanged)),
    row('pull: unchanged re-pull / xmldom', (u) => `${f(u.pull.unchanged.median / u.pull.xmldomParse.median, 3)}×`),
    row('push: open → publish (no debounce on open)', (u) => cell(u.push.open)),
    row('push: edit → publish − 250 ms', (u) => cell(u.push.editMinusDebounce)),
    row('completion (role value near the end)', (u) => cell(u.pull.completion)),
    row('completion right after an edit (its pull pending)', (u) => cell(u.pull.completionAfterEdit)),
    row('hover (user name near the end)', (u) => cell(u.pull.hover)),
    row('documentSymbol', (u) => cell(u.pull.documentSymbol)),
    row('documentSymbol answer (KiB of JSON)', (u) => f(u.pull.symbolBytes / 1024)),
    row('codeAction: one line, every diagnostic in context', (u) => cell(u.pull.codeActionAll)),
    row('definition (last reference to a custom role)', (u) => cell(u.features.definition)),
    row('references (of that custom role)', (u) => `${cell(u.features.references)} (${u.features.referencesFound})`),
    row('prepareRename / rename (that custom role)', (u) => `${cell(u.features.prepareRename)} · ${cell(u.features.rename)}`),
    row('foldingRange', (u) => cell(u.features.folding)),
    row(`inlayHint (${VIEWPORT_LINES} lines in the middle)`, (u) => cell(u.features.inlayHints)),
    row('hash at bcrypt cost 4: codeAction (list) · resolve', (u) => `${cell(u.features.hashList)} · ${cell(u.features.hashResolve)}`),
    row('rudder/documentStatus · rudder/access', (u) => `${cell(u.features.status)} · ${viewCell(u.features.access)}`),
    row('rudder/compare (same text) · rudder/upgrade', (u) => `${viewCell(u.features.compare)} · ${viewCell(u.features.upgrade)}`),
    ...(Object.values(results.users).some((u) => VIEWS.some((k) => u.features[k]?.capped)) ? [row(`views given up after ${VIEW_CAP_MS / 1000} s (times are lower bounds)`, (u) => VIEWS.filter((k) => u.features[k]?.capped).join(', ') || '–')] : []),
    row('hash: codeAction (list)', (u) => cell(u.pull.codeAction)),
    row('hash: codeAction/resolve (bcrypt 12)', (u) => cell(u.pull.resolve)),
    row('hash: codeAction + resolve', (u) => cell(u.pull.hashRoundTrip)),
    row('hash: worst probe latency while hashing', (u) => cell(u.pull.worstProbe)),
    row('control: worst probe latency, idle server, same duration', (u) => cell(u.pull.worstProbeIdle)),
    row('server RSS idle → after open (MiB)', (u) => `${f(u.pull.memory.idle)} → ${f(u.pull.memory.opened)}`),
    row('server RSS growth on open (MiB)', (u) => f(u.pull.memory.growth)),
    row('server peak RSS growth on open (VmHWM after open − idle, MiB)', (u) => f(u.pull.memory.peakGrowth)),
    row('server VmHWM at the end (MiB)', (u) => f(u.pull.memory.peak)),
    row('**xmldom alone**: RSS growth / peak growth / heap retained (MiB)', (u) => `${f(u.xmldomMemory.rssGrowth)} / ${f(u.xmldomMemory.peakGrowth)} / ${f(u.xmldomMemory.heapRetained)}`),
  ];
  const entries = Object.keys(results.properties).map(Number);
  const prow = (label, get) => `| ${label} | ${entries.map((n) => get(results.properties[n])).join(' | ')} |`;
  return [
    'Times in ms, `median / p95` (client side, round trip). Iterations per cell are in results.json (`n`).',
    '',
    ...lines,
    '',
    `| rudder-web.properties: entries | ${entries.map((n) => n.toLocaleString('en-US')).join(' | ')} |`,
    `|---|${entries.map(() => '--:').join('|')}|`,
    prow('file size (MiB)', (p) => f(p.bytes / 1024 / 1024, 2)),
    prow('diagnostics', (p) => String(p.diagnostics)),
    prow('**full parse of the text** (floor, in the bench process)', (p) => cell(p.fullParse)),
    prow('pull: open → diagnostics', (p) => cell(p.open)),
    prow(`pull: the first ${FIRST_EDITS} edits after open (not in a target)`, (p) => cell(p.firstEdits)),
    prow('pull: edit → diagnostics', (p) => cell(p.edit)),
    prow('pull: edit → diagnostics / full parse', (p) => `${f(p.edit.median / p.fullParse.median, 2)}×`),
    prow('pull: unchanged re-pull (previous result id)', (p) => cell(p.unchanged)),
    prow('hover (key near the end)', (p) => cell(p.hover)),
    prow('completion (provider list near the end)', (p) => cell(p.completion)),
    prow('documentSymbol', (p) => cell(p.documentSymbol)),
    prow('codeAction: the last diagnostic\'s line, every diagnostic in context', (p) => cell(p.codeActionAll)),
    prow('server RSS growth on open / RSS / VmHWM at the end (MiB)', (p) => `${f(p.memory.growth)} / ${f(p.memory.rss)} / ${f(p.memory.peak)}`),
    '',
    '| start | median / p95 |',
    '|---|--:|',
    `| **node -e 0** (spawn → exit, floor) | ${cell(results.spawn.nodeE0)} |`,
    `| server: spawn → initialize answered | ${cell(results.spawn.initialize)} |`,
    `| server: spawn → first diagnostics, ${results.spawn.users} users, pull | ${cell(results.spawn.firstDiagnosticsPull)} |`,
    `| server: spawn → first diagnostics, ${results.spawn.users} users, push | ${cell(results.spawn.firstDiagnosticsPush)} |`,
  ].join('\n');
}

/**
 * The phases of an edit, next to those of the run recorded in the committed bench/results.json (`before`, when
 * there is one, at the sizes both runs profiled).
 */
function phaseTable(result, before) {
  const sizes = Object.keys(result).map(Number);
  const prev = (n) => before?.phases?.[n];
  const names = [...new Set(sizes.flatMap((n) => [...result[n].phases, ...(prev(n)?.phases ?? [])].map((p) => p.phase)))];
  const cellOf = (r, name) => {
    const p = r?.phases.find((x) => x.phase === name);
    return p ? `${f(p.msPerEdit)} (${f(p.pct)} %)` : '–';
  };
  const columns = sizes.flatMap((n) => (prev(n) ? [[`${n.toLocaleString('en-US')} before`, prev(n)], [`${n.toLocaleString('en-US')} now`, result[n]]] : [[n.toLocaleString('en-US'), result[n]]]));
  const was = before
    ? `Before: the run in the committed bench/results.json, of commit \`${before.commit}\`${before.serverUncommitted ? ' + uncommitted server changes' : ''} on ${before.date.slice(0, 10)}${before.quick ? ' (--quick)' : ''}, load average ${f(before.load?.start, 2)} → ${f(before.load?.end, 2)}.`
    : 'Before: no committed bench/results.json to compare with.';
  return [
    `Server CPU per edit → diagnostics, by phase (unbundled server under --cpu-prof; ms per edit and % of busy time; ${sizes.map((n) => `${result[n].edits} edits at ${n.toLocaleString('en-US')}`).join(', ')}). ${was}`,
    '',
    `| phase | ${columns.map(([label]) => label).join(' | ')} |`,
    `|---|${columns.map(() => '--:').join('|')}|`,
    ...names.map((name) => `| ${name} | ${columns.map(([, r]) => cellOf(r, name)).join(' | ')} |`),
    `| **busy** | ${columns.map(([, r]) => f(r.busyPerEdit)).join(' | ')} |`,
  ].join('\n');
}

/** The results.json committed at HEAD (the previous run the lead kept), or undefined. */
function committedResults() {
  const r = spawnSync('git', ['show', 'HEAD:bench/results.json'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

function peerTable(results) {
  const ours = (n) => results.users[n]?.pull;
  const rows = results.peers.runs.map((r) => `| ${r.peer} (${r.mode}) | ${r.users.toLocaleString('en-US')} | ${r.diagnostics} | ${f(r.open)} | ${cell(r.edit)} | ${f(r.edit.median / r.xmldomParse.median, 2)}× | ${f(r.memoryGrowth)} |`);
  const own = Object.keys(PEER_PLAN)
    .map(Number)
    .filter((n) => ours(n))
    .map((n) => `| **this server** (pull) | ${n.toLocaleString('en-US')} | ${ours(n).diagnostics} | ${f(ours(n).open.median)} | ${cell(ours(n).edit)} | ${f(ours(n).edit.median / ours(n).xmldomParse.median, 2)}× | ${f(ours(n).memory.growth)} |`);
  return [
    'Peers on the same users file, driven the same way (open, then edits each followed by its diagnostics); the ratio is to the bare xmldom parse sampled between the same peer\'s edits:',
    '',
    '| server | users | diagnostics | open → diagnostics (ms) | edit → diagnostics (ms) | edit / xmldom | RSS growth on open (MiB) |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...own,
    ...rows,
    ...results.peers.unavailable.map((u) => `| not run: ${u} | | | | | | |`),
  ].join('\n');
}

const exponentCell = (st) => (st.judged ? (st.exponent > EXPONENT_LIMIT ? `**${f(st.exponent, 2)}**` : f(st.exponent, 2)) : `(${f(st.exponent, 2)})`);
const verdictCell = (v) => (v === 'FAIL' ? '**FAIL**' : v);

/** One table of exponents per file kind: a row per feature, a verdict per row. */
function scalingTable({ sizes, rows }, what) {
  if (!rows.length) return '';
  const steps = sizes.slice(1).map((n, i) => `${sizes[i].toLocaleString('en-US')} → ${n.toLocaleString('en-US')}`);
  return [
    `Scaling exponents, ${what} (slope of log(median) over log(size): 1 is linear, 0 constant; ≤ ${EXPONENT_LIMIT} on every step; in parentheses a step under ${RESOLUTION.lsp} ms (or MiB) at both ends, not judged):`,
    '',
    `| feature | ${sizes.map((n) => `at ${n.toLocaleString('en-US')}`).join(' | ')} | ${steps.join(' | ')} | whole range | verdict |`,
    `|---|${sizes.map(() => '--:').join('|')}|${steps.map(() => '--:').join('|')}|--:|---|`,
    ...rows.map((r) => {
      const values = sizes.map((n) => (r.sizes.includes(n) ? f(r.values[r.sizes.indexOf(n)]) : '–'));
      const cells = sizes.slice(1).map((n, i) => r.steps.find((st) => st.from === sizes[i] && st.to === n));
      return `| ${r.name} | ${values.join(' | ')} | ${cells.map((st) => (st ? exponentCell(st) : '–')).join(' | ')} | ${f(r.overall, 2)} | ${verdictCell(r.verdict)} |`;
    }),
  ].join('\n');
}

/**
 * The hostile set: a row per family, a column per feature holding the highest exponent of its judged steps
 * (· when every step is under the resolution), and the features over the limit.
 */
function hostileTable(list, rounds) {
  const features = Object.keys(list[0].features);
  const highest = (e) => {
    const judged = e.steps.filter((st) => st.judged);
    if (!judged.length) return '·';
    const top = judged.reduce((a, b) => (b.exponent > a.exponent ? b : a));
    return exponentCell(top);
  };
  const sizeOf = (fam) => `${fam.sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} ${fam.unit}`;
  return [
    `Scaling exponents of the hostile set (\`test/fuzz/hostile.ts\`; each family at the hardening issue's size, a tenth and a hundredth of it; every façade feature in one process, CPU time, the fastest of ${rounds} round(s), the slowest spot; the highest exponent of the two steps, · when both are under ${RESOLUTION.cpu} ms of CPU):`,
    '',
    `| family | sizes | ${features.join(' | ')} | verdict |`,
    `|---|---|${features.map(() => '--:').join('|')}|---|`,
    ...list.map((fam) => {
      const over = features.filter((x) => fam.features[x].verdict === 'FAIL');
      return `| ${fam.name} | ${sizeOf(fam)} | ${features.map((x) => highest(fam.features[x])).join(' | ')} | ${over.length ? `**FAIL**: ${over.join(', ')}` : 'PASS'} |`;
    }),
  ].join('\n');
}

/** Every row over the exponent limit, with its values at each size: the bugs the scaling tables found. */
function overLimit(scalingResults) {
  const ms = (values, unit) => values.map((v) => `${f(v, 1)}`).join(' → ') + ` ${unit}`;
  const rows = [
    ...scalingResults.users.rows.filter((r) => r.verdict === 'FAIL').map((r) => `- users file, ${r.name}: ${ms(r.values, r.name.includes('MiB') ? 'MiB' : 'ms')} at ${r.sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} users (exponents ${r.steps.map((st) => f(st.exponent, 2)).join(', ')})`),
    ...scalingResults.properties.rows.filter((r) => r.verdict === 'FAIL').map((r) => `- properties file, ${r.name}: ${ms(r.values, r.name.includes('MiB') ? 'MiB' : 'ms')} at ${r.sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} entries (exponents ${r.steps.map((st) => f(st.exponent, 2)).join(', ')})`),
    ...scalingResults.hostile.flatMap((fam) =>
      Object.entries(fam.features)
        .filter(([, e]) => e.verdict === 'FAIL')
        .map(([feature, e]) => `- hostile, ${fam.name}, ${feature}: ${ms(e.values, 'ms of CPU')} at ${fam.sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} ${fam.unit} (exponents ${e.steps.map((st) => f(st.exponent, 2)).join(', ')})`),
    ),
  ];
  return rows.length ? [`Over the exponent limit (${EXPONENT_LIMIT}):`, '', ...rows].join('\n') : `No feature over the exponent limit (${EXPONENT_LIMIT}).`;
}

function targetTable(list) {
  return [
    '| target | measured | reference | ratio | limit | verdict |',
    '|---|--:|--:|--:|--:|---|',
    ...list.map((t) => (t.notMeasured ? `| ${t.name} | – | – | – | ≤ ${t.limit}× | ${t.notMeasured} |` : `| ${t.name} | ${f(t.value)} ${t.unit} | ${f(t.reference)} ${t.unit} | ${f(t.ratio, 2)}× | ≤ ${t.limit}× | **${t.pass ? 'PASS' : 'FAIL'}** |`)),
  ].join('\n');
}

async function bench() {
  const started = performance.now();
  const before = committedResults();
  snapshotServer();
  const results = {
    date: new Date().toISOString(),
    quick: QUICK,
    seed: SEED,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: SETTINGS,
    commit: git(['rev-parse', '--short', 'HEAD']),
    serverUncommitted: git(['status', '--porcelain', '--', 'server', 'esbuild.mjs', 'package-lock.json']) !== '',
    users: {},
    load: { start: os.loadavg()[0], startAll: os.loadavg() },
  };
  const files = {};
  for (const n of Object.keys(PLANS).map(Number)) {
    const plan = PLANS[n];
    const generated = usersFile(n, SEED);
    const { file, uri } = writeFile(path.join(WORK, `users-${n}`), 'rudder-users.xml', generated.text);
    files[n] = { ...generated, uri };
    process.stderr.write(`${n} users (${(generated.text.length / 1024 / 1024).toFixed(2)} MiB)…\n`);
    const load = os.loadavg()[0];
    const memory = await xmldomMemory(file, n);
    const pull = await usersPull(generated, uri, plan);
    const push = await usersPush(generated, uri, plan);
    const features = await usersFeatures(generated, uri, plan);
    results.users[n] = { users: n, bytes: generated.text.length, lines: generated.text.split('\n').length, load, xmldomMemory: memory, pull, push, features };
  }
  results.phases = await editPhases(files);
  results.peers = PEERS ? await peerRuns(files) : { runs: [], unavailable: ['--no-peers'] };
  results.properties = {};
  for (const [n, plan] of Object.entries(PROPERTIES_PLANS)) {
    process.stderr.write(`rudder-web.properties, ${Number(n).toLocaleString('en-US')} entries…\n`);
    const load = os.loadavg()[0];
    results.properties[n] = { ...(await properties(Number(n), plan)), load };
  }
  process.stderr.write('hostile set…\n');
  results.hostile = await hostile();
  process.stderr.write('spawn…\n');
  results.spawn = await spawns();
  process.stderr.write('hash pool…\n');
  results.hashPool = await poolThroughput({ server: SERVER, rounds: QUICK ? 1 : 2 });
  results.load.end = os.loadavg()[0];
  results.load.endAll = os.loadavg();
  results.targets = targets(results);
  results.scaling = scaling(results);
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  fs.writeFileSync(new URL(QUICK ? 'results.quick.json' : 'results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  process.stdout.write(`${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${QUICK ? ' (--quick)' : ''}\n`);
  const loads = (l) => l.map((x) => f(x, 2)).join(' / ');
  process.stdout.write(`commit ${results.commit}${results.serverUncommitted ? ' + uncommitted server changes' : ''}; load average (1 / 5 / 15 min) ${loads(results.load.startAll)} before the run, ${loads(results.load.endAll)} after it\n\n`);
  const sections = [
    table(results),
    phaseTable(results.phases, before),
    peerTable(results),
    scalingTable(results.scaling.users, 'users file'),
    scalingTable(results.scaling.properties, 'rudder-web.properties'),
    hostileTable(results.scaling.hostile, results.hostile.rounds),
    overLimit(results.scaling),
    targetTable(results.targets),
    formatPool(results.hashPool),
  ];
  process.stdout.write(`${sections.filter(Boolean).join('\n\n')}\n\nbench/results.json written (${results.durationSeconds} s).\n`);
}

const OUT = new URL('../out/server/src/', import.meta.url).pathname;
const microsNow = () => Number(process.hrtime.bigint() / 1000n);

function printRanked(title, rows) {
  process.stdout.write(`\n${title}\n`);
  for (const r of rows) process.stdout.write(`  ${String(r.ms).padStart(6)} ms ${String(r.pct).padStart(5)} %  ${r.fn}\n`);
}

/**
 * The server's stages on one text, in this process (the compiled service in out/), round robin so that the
 * machine's load weighs on each alike; median ms of each. Each stage gets the previous one's result, as the
 * server's caches hand it over.
 */
function stages(text, rounds) {
  const require = createRequire(import.meta.url);
  const ls = require(`${OUT}service/languageService.js`);
  const { checkWellFormed } = require(`${OUT}service/xml/wellFormed.js`);
  const { scanXml } = require(`${OUT}service/xml/scan.js`);
  const { normalizeSettings } = require(`${OUT}service/settings.js`);
  const settings = normalizeSettings(SETTINGS);
  const doc = TextDocument.create('file:///bench/rudder-users.xml', 'xml', 1, text);
  const model = ls.parse(text, 'users', settings.maxFileSizeMB);
  const analysis = ls.analyze(model, settings, {});
  const diagnostics = ls.getDiagnostics(doc, analysis, settings);
  const steps = {
    'bare xmldom parse (floor)': () => xmldomParse(text),
    'bare saxes parse (floor of checkWellFormed)': () => saxesParse(text),
    'parse = scanXml + checkWellFormed + model': () => ls.parse(text, 'users', settings.maxFileSizeMB),
    '  scanXml (tolerant scan)': () => scanXml(text),
    '  checkWellFormed (saxes + name, reference and position checks)': () => checkWellFormed(text),
    'analyze (evaluation)': () => ls.analyze(model, settings, {}),
    'getDiagnostics (findings → LSP)': () => ls.getDiagnostics(doc, analysis, settings),
    'JSON.stringify of the diagnostics': () => JSON.stringify(diagnostics),
  };
  const samples = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let r = 0; r <= rounds; r++) {
    for (const [name, step] of Object.entries(steps)) {
      const t = performance.now();
      step();
      if (r > 0) samples[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v).median]));
}

/**
 * CPU profiles of the unbundled server (out/, real function names) on the 10,000-user file and the large
 * properties file, each after the document is open and diagnosed, summarised.
 */
async function profile() {
  const server = `${OUT}lsp/main.js`;
  const document = (generated, dir, name, languageId) => ({ ...generated, ...writeFile(path.join(WORK, dir), name, generated.text), languageId });
  const users = document(usersFile(10000, SEED), 'users-10000', 'rudder-users.xml', 'xml');
  const props = document(propertiesFile(PROPERTIES_ENTRIES, SEED), 'properties', 'rudder-web.properties', 'properties');
  const request = (s, doc, method, mark) => s.request(method, { textDocument: { uri: doc.uri }, position: positions(doc.text)(doc.marks[mark]) });
  const edits = async (s, doc) => {
    const at = positions(doc.text)(doc.marks.edit);
    for (let i = 0; i < 20; i++) {
      await typeOrDelete(s, doc.uri, at, i);
      await s.pullDiagnostics(doc.uri);
    }
  };
  const scenarios = [
    ['10,000 users: 20 × (edit → diagnostics)', users, (s) => edits(s, users)],
    ['10,000 users: 200 × completion', users, async (s) => {
      for (let i = 0; i < 200; i++) await request(s, users, 'textDocument/completion', 'completion');
    }],
    ['10,000 users: 200 × hover', users, async (s) => {
      for (let i = 0; i < 200; i++) await request(s, users, 'textDocument/hover', 'hover');
    }],
    ['10,000 users: 50 × codeAction (list, on the plain-text password)', users, async (s) => {
      const start = positions(users.text)(users.marks.plaintext);
      const range = { start, end: { line: start.line, character: start.character + 1 } };
      const context = { diagnostics: [{ range, code: 'plaintext-password', source: 'rudder', message: 'plain text', severity: 1 }] };
      for (let i = 0; i < 50; i++) await s.request('textDocument/codeAction', { textDocument: { uri: users.uri }, range, context });
    }],
    [`rudder-web.properties (${PROPERTIES_ENTRIES.toLocaleString('en-US')} entries): 20 × (edit → diagnostics)`, props, (s) => edits(s, props)],
  ];
  const rounds = 8;
  process.stdout.write(`# Stages at 10,000 users, in-process (median of ${rounds}, ms)\n\n`);
  for (const [k, v] of Object.entries(stages(users.text, rounds))) process.stdout.write(`  ${f(v).padStart(8)}  ${k}\n`);
  for (const [name, doc, run] of scenarios) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-bench-cpuprofile-'));
    const s = await startSession({ mode: 'pull', settings: SETTINGS, server, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${out}`] });
    await s.open(doc.uri, doc.text, doc.languageId);
    await s.pullDiagnostics(doc.uri);
    const from = microsNow();
    await run(s);
    await s.stop();
    const file = path.join(out, fs.readdirSync(out).find((n) => n.endsWith('.cpuprofile')));
    const sum = summarize(JSON.parse(fs.readFileSync(file, 'utf8')), from);
    process.stdout.write(`\n# Server CPU profile, after open: ${name} (busy ${sum.busyMs} ms)\n${file}\n`);
    printRanked('self time by component:', sum.components);
    printRanked('self time:', sum.self);
    printRanked('total time, project functions:', sum.total);
  }
}

try {
  await (args.has('--profile') ? profile() : bench());
} finally {
  fs.rmSync(WORK, { recursive: true, force: true });
}
