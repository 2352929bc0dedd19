/**
 * The hostile set of the hardening issue, as families that grow: each builds its file at any size (a value of n
 * KB, n identical names, n suppression comments, …), and `size` is the one the hardening issue bounds. Shared by
 * `test/unit/hostileSet.test.ts` (every family at `size`, every feature bounded) and `bench/hostile.mjs` (every
 * family at three sizes up to `size`, every feature's scaling exponent). `runFeatures` calls every feature of
 * the façade on a case, in the order a server does after a change, through the caller's `measure`.
 */
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
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';

const KB = 1024;
const HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';

/** One hostile file. */
export interface HostileCase {
  name: string;
  kind: FileKind;
  text: string;
  /** Where hover, completion, definition, references and rename are asked (offsets found in the text). */
  spots: number[];
  /** Codes that must be among the diagnostics. */
  expect: string[];
}

/** A hostile file of any size: `build(n)` is the file at size `n` (in `unit`s), `size` the hardening issue's. */
export interface HostileFamily {
  name: string;
  kind: FileKind;
  size: number;
  unit: string;
  build(n: number): { text: string; needle: string; expect: string[] };
}

const users = (body: string, root = 'hash="bcrypt"') => `<authentication ${root}>\n${body}</authentication>\n`;
const user = (name: string, extra = '') => `  <user name="${name}" password="${HASH}" role="administrator"${extra}/>\n`;
const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');
/** `n` KB of `unit` repeated (whole repetitions). */
const kb = (unit: string, n: number) => unit.repeat(Math.round((n * KB) / unit.length));
/** Offsets of the first, a middle and the last occurrence of `needle`, plus 1 (inside it). */
function spotsOf(text: string, needle: string): number[] {
  const first = text.indexOf(needle);
  const last = text.lastIndexOf(needle);
  const middle = text.indexOf(needle, Math.floor(text.length / 2));
  return [...new Set([first, middle, last].filter((o) => o >= 0).map((o) => o + 1))];
}
/** The spellings of `name` that differ by case only (a name of 14 letters has 16,384). */
const caseVariant = (name: string, i: number) => [...name].map((c, k) => ((i >> k) & 1 ? c.toUpperCase() : c)).join('');

const family = (name: string, kind: FileKind, size: number, unit: string, build: HostileFamily['build']): HostileFamily => ({ name, kind, size, unit, build });

export const HOSTILE_FAMILIES: readonly HostileFamily[] = [
  family('users: a long password', 'users', 80, 'KB', (n) => ({ text: users(user('alice').replace(HASH, kb('x', n))), needle: 'xxxx', expect: ['plaintext-password'] })),
  family('users: a long user name', 'users', 80, 'KB', (n) => ({ text: users(user(kb('x', n))), needle: 'xxxx', expect: [] })),
  family('users: a long role list', 'users', 78, 'KB', (n) => ({ text: users(user('alice').replace('administrator', `${kb('nope, ', n)}administrator`)), needle: 'nope', expect: ['unknown-role'] })),
  family('users: a long custom role name', 'users', 80, 'KB', (n) => ({ text: users(`  <custom-roles><role name="${kb('x', n)}" permissions="read_only"/></custom-roles>\n${user('alice', ` permissions="${kb('x', n)}"`)}`), needle: 'xxxx', expect: [] })),
  family('users: identical user names', 'users', 10_000, 'users', (n) => ({ text: users(times(n, () => user('alice'))), needle: 'alice', expect: ['duplicate-user'] })),
  family('users: case variants of one name (case-sensitivity true)', 'users', 10_000, 'users', (n) => ({ text: users(times(n, (i) => user(caseVariant('administrators', i))), 'hash="bcrypt" case-sensitivity="true"'), needle: 'dministrators', expect: ['case-collision'] })),
  family('users: case variants of one name (case-sensitivity false)', 'users', 10_000, 'users', (n) => ({ text: users(times(n, (i) => user(caseVariant('administrators', i))), 'hash="bcrypt" case-sensitivity="false"'), needle: 'dministrators', expect: ['case-collision'] })),
  family('users: suppression comments', 'users', 10_000, 'comments', (n) => ({
    text: users(times(n, (i) => `  <!-- rudder-lint-disable-next-line unknown-role -->\n${user(`u${i}`).replace('administrator', 'adminstrator')}`) + user('last').replace('administrator', 'adminstrator')),
    needle: 'adminstrator',
    expect: ['unknown-role'],
  })),
  family('users: chained custom roles', 'users', 10_000, 'roles', (n) => ({
    text: users(`  <custom-roles>\n${times(n, (i) => `    <role name="r${i}" permissions="${i === 0 ? 'read_only' : `r${i - 1}`}"/>\n`)}  </custom-roles>\n${user('alice').replace('role="administrator"', `permissions="r${n - 1}"`)}`),
    needle: `r${n - 1}`,
    expect: [],
  })),
  // Each role lists the one declared after it: resolved in declaration order, that is one role per pass.
  family('users: custom roles chained in reverse', 'users', 10_000, 'roles', (n) => ({
    text: users(`  <custom-roles>\n${times(n, (i) => `    <role name="r${i}" permissions="${i === n - 1 ? 'read_only' : `r${i + 1}`}"/>\n`)}  </custom-roles>\n${user('alice').replace('role="administrator"', 'permissions="r0"')}`),
    needle: 'r0',
    expect: [],
  })),
  // Each role lists a distinct unknown name: a "did you mean" per role over every other role.
  family('users: distinct unknown references among as many custom roles', 'users', 10_000, 'roles', (n) => ({
    text: users(`  <custom-roles>\n${times(n, (i) => `    <role name="r${i}" permissions="read_only, q${i}"/>\n`)}  </custom-roles>\n${user('alice').replace('role="administrator"', 'permissions="r0"')}`),
    needle: 'q',
    expect: ['custom-role-unknown-reference'],
  })),
  family('users: users with plain-text passwords', 'users', 10_000, 'users', (n) => ({ text: users(times(n, (i) => user(`u${i}`).replace(HASH, `pw${i}`))), needle: 'pw', expect: ['plaintext-password'] })),
  // Every <!ATTLIST> default goes to every element of its name: the scan stops at DEFAULTS_APPLIED_LIMIT.
  family('users: DOCTYPE defaults over as many users', 'users', 10_000, 'users', (n) => ({
    text: `<!DOCTYPE authentication [${times(Math.ceil(n / 10), (i) => `<!ATTLIST user a${i} NMTOKEN "v${i}">`)}<!ATTLIST user role CDATA "user">]>\n${users(times(n, (i) => user(`u${i}`).replace(' role="administrator"', ' a5=" y "')))}`,
    needle: 'a5',
    expect: ['doctype-forbidden', 'dtd-attribute-default'],
  })),
  family('users: a single-line attribute', 'users', 5, 'MB', (n) => ({ text: users(user('alice', ` description="${'y'.repeat(Math.round(n * 1000 * 1000))}"`)).replace(/\n/g, ''), needle: 'yyyy', expect: [] })),
  family('properties: unknown keys', 'properties', 100_000, 'keys', (n) => ({ text: times(n, (i) => `rudder.auth.unknown${i}=x\n`), needle: 'unknown', expect: ['unknown-key'] })),
  family('properties: identical keys', 'properties', 10_000, 'keys', (n) => ({ text: times(n, () => 'rudder.server.hsts=true\n'), needle: 'hsts', expect: ['duplicate-key'] })),
  family('properties: suppression comments', 'properties', 10_000, 'comments', (n) => ({ text: times(n, (i) => `# rudder-lint-disable-next-line unknown-key\nrudder.auth.unknown${i}=x\n`), needle: 'unknown', expect: [] })),
  family('properties: a long idle-timeout', 'properties', 80, 'KB', (n) => ({ text: `rudder.auth.idle-timeout=${kb('1', n / 2)}${kb('m', n / 2)}\n`, needle: 'mmmm', expect: ['idle-timeout-invalid'] })),
  family('properties: a long idle-timeout of letters', 'properties', 80, 'KB', (n) => ({ text: `rudder.auth.idle-timeout=${kb('é', n)}1\n`, needle: 'éééé', expect: ['idle-timeout-invalid'] })),
  family('properties: a long idle-timeout that is almost a number', 'properties', 80, 'KB', (n) => ({ text: `rudder.auth.idle-timeout=${kb('1', n)}e-m\nrudder.bcrypt.cost=${kb('1', n)}-\n`, needle: '1111', expect: ['idle-timeout-invalid'] })),
  ...['rudder.users.cleanup.account.disableAfterNotLoggedInDuration', 'rudder.users.cleanup.account.deleteAfterDisableDuration', 'rudder.users.cleanup.sessions.deleteAfterDisableDuration'].map((key) =>
    family(`properties: a long ${key}`, 'properties', 80, 'KB', (n) => ({ text: `${key}=${kb('1', n / 2)}${kb('d', n / 2)}\n`, needle: 'dddd', expect: [] })),
  ),
  family('properties: a long value of every kind', 'properties', 80, 'KB', (n) => ({
    text: ['rudder.auth.provider', 'rudder.auth.ldap.connection.url', 'rudder.auth.ldap.searchbase', 'rudder.auth.ldap.filter', 'rudder.auth.ldap.connection.bind.password', 'rudder.server.hsts', 'rudder.bcrypt.cost'].map((k) => `${k}=${kb('(a', n)}\n`).join(''),
    needle: '(a(a',
    expect: ['invalid-value'],
  })),
  family('properties: a value continued over many lines', 'properties', 10_000, 'lines', (n) => ({ text: `rudder.auth.ldap.filter=${'(uid={0})\\\n '.repeat(n)}\n`, needle: 'uid', expect: [] })),
];

/** `f`'s file at size `n`. */
export function hostileCase(f: HostileFamily, n: number = f.size): HostileCase {
  const { text, needle, expect } = f.build(n);
  return { name: `${f.name} (${n.toLocaleString('en-US')} ${f.unit})`, kind: f.kind, text, spots: spotsOf(text, needle), expect };
}

/**
 * Times one call: `feature` is what is called, `at` the spot (`line:character`) for the features asked at one.
 * Returns the call's result.
 */
export type Measure = <T>(feature: string, at: string | undefined, work: () => T) => T;

/**
 * Every feature of the façade on `h`, each through `measure`: diagnostics from the raw text (parse + analyze +
 * diagnostics, as a cold server does), code actions of the whole file (every diagnostic, then fix all),
 * symbols, folding, inlay hints, then at each spot hover, completion, definition, references, prepareRename,
 * rename and the code actions of the diagnostics there. Returns the diagnostics and every code action.
 */
export function runFeatures(h: HostileCase, measure: Measure): { diagnostics: Diagnostic[]; actions: CodeAction[] } {
  const settings = DEFAULT_SETTINGS;
  const doc = TextDocument.create(h.kind === 'users' ? 'file:///etc/rudder/rudder-users.xml' : 'file:///etc/rudder/rudder-web.properties', h.kind === 'users' ? 'xml' : 'properties', 1, h.text);
  let a!: Analysis;
  const diagnostics: Diagnostic[] = measure('diagnostics', undefined, () => {
    a = analyze(parse(h.text, h.kind, settings.maxFileSizeMB), settings);
    return getDiagnostics(doc, a, settings);
  });
  const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(h.text.length) };
  const actions: CodeAction[] = [
    ...measure('code actions (whole file, every diagnostic)', undefined, () => getCodeActions(doc, a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: true })),
    ...measure('code actions (whole file, fix all)', undefined, () => getCodeActions(doc, a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: false, only: ['source.fixAll'] })),
  ];
  measure('symbols', undefined, () => getSymbols(doc, a));
  measure('folding', undefined, () => getFoldingRanges(doc, a));
  measure('inlay hints (whole file)', undefined, () => getInlayHints(doc, a, whole));
  for (const offset of h.spots) {
    const p: Position = doc.positionAt(offset);
    const at = `${p.line}:${p.character}`;
    measure('hover', at, () => getHover(doc, a, p));
    measure('completion', at, () => getCompletion(doc, a, p));
    measure('definition', at, () => getDefinition(doc, a, p));
    measure('references', at, () => getReferences(doc, a, p, true));
    measure('prepareRename', at, () => prepareRename(doc, a, p));
    measure('rename', at, () => rename(doc, a, p, 'renamed'));
    const here = diagnostics.filter((d) => d.range.start.line <= p.line && d.range.end.line >= p.line);
    actions.push(...measure('code actions', at, () => getCodeActions(doc, a, { start: p, end: p }, here, { bcryptCost: 12, setPasswordCommand: true })));
  }
  return { diagnostics, actions };
}

/** The names `runFeatures` measures, in its order. */
export const FEATURES = [
  'diagnostics',
  'code actions (whole file, every diagnostic)',
  'code actions (whole file, fix all)',
  'symbols',
  'folding',
  'inlay hints (whole file)',
  'hover',
  'completion',
  'definition',
  'references',
  'prepareRename',
  'rename',
  'code actions',
] as const;
