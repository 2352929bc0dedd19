/**
 * The hostile set: files built to make one path super-linear (80 KB values, 10,000 identical or case-variant
 * user names, 10,000 suppression comments, 10,000 chained custom roles, 100,000 unknown keys, an 80 KB duration,
 * a 5 MB single-line attribute). Every feature of the façade answers each of them in at most `LIMIT_MS`
 * (diagnostics counted from the raw text: parse + analyze + diagnostics, as a cold server does), still reports
 * the diagnostics the file deserves, and no message, related message or code-action title is over 1 KB.
 *
 * The machine is shared (2 cores, often a load of 10 or more): the bound is on the CPU time the call takes
 * (user + system of this process, GC threads included, so never less than the work), not on the wall clock,
 * which mostly measures the neighbours. Each call is timed up to `ATTEMPTS` times and the best counts.
 */
// @tier robustness
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position } from 'vscode-languageserver-types';
import {
  analyze,
  getCodeActions,
  getCompletion,
  getDefinition,
  getDiagnostics,
  getFoldingRanges,
  getHover,
  getInlayHints,
  getReferences,
  getSymbols,
  parse,
  prepareRename,
  rename,
  type Analysis,
} from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';

const LIMIT_MS = 1000;
const ATTEMPTS = 3;
const MAX_MESSAGE = 1024;
const KB = 1024;
const HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';

interface Hostile {
  name: string;
  kind: FileKind;
  text: string;
  /** Where hover, completion, definition, references and rename are asked (offsets found in the text). */
  spots: number[];
  /** Codes that must be among the diagnostics. */
  expect: string[];
  settings?: Partial<Settings>;
}

const users = (body: string, root = 'hash="bcrypt"') => `<authentication ${root}>\n${body}</authentication>\n`;
const user = (name: string, extra = '') => `  <user name="${name}" password="${HASH}" role="administrator"${extra}/>\n`;
const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');
/** Offsets of the first, a middle and the last occurrence of `needle`, plus 1 (inside it). */
function spotsOf(text: string, needle: string): number[] {
  const first = text.indexOf(needle);
  const last = text.lastIndexOf(needle);
  const middle = text.indexOf(needle, Math.floor(text.length / 2));
  return [...new Set([first, middle, last].filter((o) => o >= 0).map((o) => o + 1))];
}
/** The 10,000 spellings of `name` that differ by case only (a name of 14 letters has 16,384). */
const caseVariant = (name: string, i: number) => [...name].map((c, k) => ((i >> k) & 1 ? c.toUpperCase() : c)).join('');

function hostileSet(): Hostile[] {
  const big = 'x'.repeat(80 * KB);
  const set: Hostile[] = [];
  const add = (h: Omit<Hostile, 'spots'>, needle: string) => set.push({ ...h, spots: spotsOf(h.text, needle) });
  add({ name: 'users: an 80 KB password', kind: 'users', text: users(user('alice').replace(HASH, big)), expect: ['plaintext-password'] }, 'xxxx');
  add({ name: 'users: an 80 KB user name', kind: 'users', text: users(user(big)), expect: [] }, 'xxxx');
  add({ name: 'users: an 80 KB role list', kind: 'users', text: users(user('alice').replace('administrator', `${'nope, '.repeat(13 * KB)}administrator`)), expect: ['unknown-role'] }, 'nope');
  add({ name: 'users: an 80 KB custom role name', kind: 'users', text: users(`  <custom-roles><role name="${big}" permissions="read_only"/></custom-roles>\n${user('alice', ` permissions="${big}"`)}`), expect: [] }, 'xxxx');
  add({ name: 'users: 10,000 identical user names', kind: 'users', text: users(times(10_000, () => user('alice'))), expect: ['duplicate-user'] }, 'alice');
  add({ name: 'users: 10,000 case variants of one name (case-sensitivity true)', kind: 'users', text: users(times(10_000, (i) => user(caseVariant('administrators', i))), 'hash="bcrypt" case-sensitivity="true"'), expect: ['case-collision'] }, 'dministrators');
  add({ name: 'users: 10,000 case variants of one name (case-sensitivity false)', kind: 'users', text: users(times(10_000, (i) => user(caseVariant('administrators', i))), 'hash="bcrypt" case-sensitivity="false"'), expect: ['case-collision'] }, 'dministrators');
  add({ name: 'users: 10,000 suppression comments', kind: 'users', text: users(times(10_000, (i) => `  <!-- rudder-lint-disable-next-line unknown-role -->\n${user(`u${i}`).replace('administrator', 'adminstrator')}`) + user('last').replace('administrator', 'adminstrator')), expect: ['unknown-role'] }, 'adminstrator');
  add({ name: 'users: 10,000 chained custom roles', kind: 'users', text: users(`  <custom-roles>\n${times(10_000, (i) => `    <role name="r${i}" permissions="${i === 0 ? 'read_only' : `r${i - 1}`}"/>\n`)}  </custom-roles>\n${user('alice').replace('role="administrator"', 'permissions="r9999"')}`), expect: [] }, 'r9999');
  add({ name: 'users: 10,000 users with plain-text passwords', kind: 'users', text: users(times(10_000, (i) => user(`u${i}`).replace(HASH, `pw${i}`))), expect: ['plaintext-password'] }, 'pw');
  const fiveMB = 5 * 1000 * 1000;
  add({ name: 'users: a 5 MB single-line attribute', kind: 'users', text: users(user('alice', ` description="${'y'.repeat(fiveMB)}"`)).replace(/\n/g, ''), expect: [] }, 'yyyy');
  add(
    {
      name: 'properties: 100,000 unknown keys',
      kind: 'properties',
      text: times(100_000, (i) => `rudder.auth.unknown${i}=x\n`),
      expect: ['unknown-key'],
    },
    'unknown',
  );
  add({ name: 'properties: 10,000 identical keys', kind: 'properties', text: times(10_000, () => 'rudder.server.hsts=true\n'), expect: ['duplicate-key'] }, 'hsts');
  add({ name: 'properties: 10,000 suppression comments', kind: 'properties', text: times(10_000, (i) => `# rudder-lint-disable-next-line unknown-key\nrudder.auth.unknown${i}=x\n`), expect: [] }, 'unknown');
  add({ name: 'properties: an 80 KB idle-timeout', kind: 'properties', text: `rudder.auth.idle-timeout=${'1'.repeat(40 * KB)}${'m'.repeat(40 * KB)}\n`, expect: ['idle-timeout-invalid'] }, 'mmmm');
  add({ name: 'properties: an 80 KB idle-timeout of letters', kind: 'properties', text: `rudder.auth.idle-timeout=${'é'.repeat(80 * KB)}1\n`, expect: ['idle-timeout-invalid'] }, 'éééé');
  add({ name: 'properties: an 80 KB idle-timeout that is almost a number', kind: 'properties', text: `rudder.auth.idle-timeout=${'1'.repeat(80 * KB)}e-m\nrudder.bcrypt.cost=${'1'.repeat(80 * KB)}-\n`, expect: ['idle-timeout-invalid'] }, '1111');
  for (const key of ['rudder.users.cleanup.account.disableAfterNotLoggedInDuration', 'rudder.users.cleanup.account.deleteAfterDisableDuration', 'rudder.users.cleanup.sessions.deleteAfterDisableDuration']) {
    add({ name: `properties: an 80 KB ${key}`, kind: 'properties', text: `${key}=${'1'.repeat(40 * KB)}${'d'.repeat(40 * KB)}\n`, expect: [] }, 'dddd');
  }
  add({ name: 'properties: an 80 KB value of every kind', kind: 'properties', text: ['rudder.auth.provider', 'rudder.auth.ldap.connection.url', 'rudder.auth.ldap.searchbase', 'rudder.auth.ldap.filter', 'rudder.auth.ldap.connection.bind.password', 'rudder.server.hsts', 'rudder.bcrypt.cost'].map((k) => `${k}=${'(a'.repeat(40 * KB)}\n`).join(''), expect: ['invalid-value'] }, '(a(a');
  add({ name: 'properties: an 80 KB value continued over 10,000 lines', kind: 'properties', text: `rudder.auth.ldap.filter=${'(uid={0})\\\n '.repeat(10_000)}\n`, expect: [] }, 'uid');
  return set;
}

/** The best of up to `ATTEMPTS` CPU timings of `work` (with its wall time), and its (last) result. */
function timed<T>(work: () => T): { ms: number; wallMs: number; result: T } {
  let best = Infinity;
  let wallMs = Infinity;
  let result!: T;
  for (let i = 0; i < ATTEMPTS && best > LIMIT_MS; i++) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    result = work();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000);
    wallMs = Math.min(wallMs, performance.now() - wall);
  }
  return { ms: best, wallMs, result };
}

describe('the hostile set: every feature bounded, with diagnostics and short messages', () => {
  for (const h of hostileSet()) {
    test(h.name, (t) => {
      const settings = { ...DEFAULT_SETTINGS, ...h.settings };
      const doc = TextDocument.create(h.kind === 'users' ? 'file:///etc/rudder/rudder-users.xml' : 'file:///etc/rudder/rudder-web.properties', h.kind === 'users' ? 'xml' : 'properties', 1, h.text);
      const slow: string[] = [];
      const took: string[] = [];
      const measure = <T>(call: string, work: () => T): T => {
        const { ms, wallMs, result } = timed(work);
        took.push(`${call} ${ms.toFixed(0)}${wallMs > ms * 1.5 && wallMs > 100 ? ` (wall ${wallMs.toFixed(0)})` : ''}`);
        if (ms > LIMIT_MS) slow.push(`${call}: ${ms.toFixed(0)} ms of CPU`);
        return result;
      };
      let a!: Analysis;
      const diagnostics: Diagnostic[] = measure('diagnostics', () => {
        a = analyze(parse(h.text, h.kind, settings.maxFileSizeMB), settings);
        return getDiagnostics(doc, a, settings);
      });
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(h.text.length) };
      const actions: CodeAction[] = [
        ...measure('code actions (whole file, every diagnostic)', () => getCodeActions(doc, a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: true })),
        ...measure('code actions (whole file, fix all)', () => getCodeActions(doc, a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: false, only: ['source.fixAll'] })),
      ];
      measure('symbols', () => getSymbols(doc, a));
      measure('folding', () => getFoldingRanges(doc, a));
      measure('inlay hints (whole file)', () => getInlayHints(doc, a, whole));
      for (const offset of h.spots) {
        const p: Position = doc.positionAt(offset);
        const at = `${p.line}:${p.character}`;
        measure(`hover at ${at}`, () => getHover(doc, a, p));
        measure(`completion at ${at}`, () => getCompletion(doc, a, p));
        measure(`definition at ${at}`, () => getDefinition(doc, a, p));
        measure(`references at ${at}`, () => getReferences(doc, a, p, true));
        measure(`prepareRename at ${at}`, () => prepareRename(doc, a, p));
        measure(`rename at ${at}`, () => rename(doc, a, p, 'renamed'));
        const here = diagnostics.filter((d) => d.range.start.line <= p.line && d.range.end.line >= p.line);
        actions.push(...measure(`code actions at ${at}`, () => getCodeActions(doc, a, { start: p, end: p }, here, { bcryptCost: 12, setPasswordCommand: true })));
      }
      t.diagnostic(`${(h.text.length / KB).toFixed(0)} KB, ${diagnostics.length} diagnostics; CPU ms: ${took.join(', ')}`);
      assert.deepEqual(slow, [], `over ${LIMIT_MS} ms`);
      const codes = new Set(diagnostics.map((d) => String(d.code)));
      for (const code of h.expect) assert.ok(codes.has(code), `expected ${code} among ${[...codes].join(' ') || 'no diagnostics'}`);
      const texts: string[] = [...diagnostics.flatMap((d) => [d.message, ...(d.relatedInformation ?? []).map((r) => r.message)]), ...actions.map((c) => c.title)].map(String);
      const long = texts.filter((m) => m.length > MAX_MESSAGE).map((m) => `${m.length} chars: ${m.slice(0, 120)}…`);
      assert.deepEqual(long.slice(0, 3), [], `${long.length} message(s) over ${MAX_MESSAGE} characters`);
    });
  }
});
