/**
 * The differential check of incremental analysis for `rudder-web.properties`: a file (a Rudder fixture, a file of
 * `inputs.ts`, the bench's generator, or a large generated one with continuations, escapes, CR LF, duplicates
 * and directives) under random settings and sibling overrides (`rudder-web.properties.d/` files, Java or HOCON,
 * and sometimes the document is itself an override file, with the main file before it) gets a seeded sequence
 * of edit batches as an editor sends them (one to three changes per version, each in the text the ones before it
 * left): characters Java's reader treats specially, whole lines Rudder reads (providers that switch LDAP on and
 * off, sub-keys that turn keys into objects, duplicates), deleted lines and spans, now and then the whole text,
 * the settings or the overrides changed, or no changes handed to `reparse` (the text diff). After each batch,
 * `reparse` + `analyzeIncremental` on the previous result must equal `parse` + `analyze` of the new text, byte
 * for byte: the model, the evaluation (findings, effective values, providers), the diagnostics plain and grouped,
 * and the outline (whose symbols an entry the reparse kept keeps too).
 *
 * Offline: `node out/test/fuzz/propertiesIncremental.js --cases N [--seed S] [--from I]`.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getSymbols, type Analysis, type DocumentContext, type ParsedDocument, type TextChange } from '../../server/src/service/languageService';
import { overrideSource, type PropertiesSource } from '../../server/src/service/properties/overrides';
import { PROPERTY_DEFS } from '../../server/src/service/rudder';
import { normalizeSettings, type Settings } from '../../server/src/service/settings';
import { DISABLE_NEXT_LINE } from '../../server/src/service/suppression';
import { bench, differentialMain, outcome, relatedCounted, relatedKept, type Differential } from './incremental';
import { fixtures, generateProperties, PROPERTIES_TOKENS } from './inputs';
import { Random } from './random';

const URI = 'file:///etc/rudder/rudder-web.properties';
const VERSIONS = ['auto', '7.0', '7.3', '8.1', '8.3', '9.0', '9.1', '9.2', '10.0'];
const EXACT_KEYS = PROPERTY_DEFS.map((d) => d.key).filter((k) => !k.includes('<'));

/** What an edit types: the characters Java's reader treats specially, and pieces of keys and values. */
const TYPED = [
  ...PROPERTIES_TOKENS,
  '\\', '\\\\', '\\\r', '\\\n   ', '\n', '\r\n', '\r', '\n\n', ' = ', '\t', '\f', '\\u00e9', '\\u12', '\\uZZ', 'u', '0a', 'x', 'é', '😀',
  '\\=', '\\:', '\\ ', '\\t', 'ldap', 'file', ',', 'true', 'false', '12', '8', '.x', 'rudder.auth.', 'dc=example,dc=com',
];

/** Whole lines: keys Rudder reads with values, sub-keys of exact keys (objects), unknown keys, directives. */
function randomLine(r: Random, text: string): string {
  const eol = r.pick(['\n', '\n', '\r\n', '\r']);
  return r.weighted<() => string>([
    [3, () => `${r.pick(EXACT_KEYS)}${r.pick(['=', ':', ' ', ' = '])}${r.pick(['true', 'false', 'ldap, file', 'file', '12', '8', '1h', '', 'x', '(uid={0})', 'ldap://h/dc=a', 'ou=people,dc=a'])}`],
    [2, () => `rudder.auth.provider=${r.pick(['ldap, file', 'file', 'ldap', 'oidc, file', ''])}`],
    // Keys whose value other keys' checks read, and those keys.
    [2, () => r.pick(['rudder.server.hsts=', 'rudder.server.hstsIncludeSubDomains=', 'rudder.auth.admin.login=', 'rudder.auth.admin.password=']) + r.pick(['true', 'false', '', 'admin', 'secret', '$2y$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123'])],
    [1, () => `rudder.auth.ldap.searchbase=${r.pick(['ou=people', 'ou=people,dc=example,dc=com', ''])}`],
    [2, () => `${r.pick(EXACT_KEYS)}.${r.pick(['x', 'sub.key'])}=1`],
    [1, () => `rudder.auth.${r.pick(['unknwon', 'ldap.filtre', 'idle-timout'])}=1`],
    [1, () => `rudder.auth.oauth2.provider.${r.pick(['idp0', 'idp1', 'google'])}.${r.pick(['name', 'client.secret', 'enableProvisioning'])}=${r.pick(['x', 'True', ''])}`],
    [1, () => `# ${DISABLE_NEXT_LINE}${r.chance(0.5) ? ' unknown-key duplicate-key' : ''}`],
    [1, () => `rudder.auth.ldap.connection.url=ldap://ldap.example.com/dc=example,dc=com${eol}rudder.auth.ldap.searchbase=ou=people,dc=example,dc=com`],
    [2, () => {
      // A duplicate of a line already there.
      const lines = text.split(/\r\n|\n|\r/).filter((l) => l.includes('='));
      return lines.length ? r.pick(lines) : 'rudder.server.hsts=true';
    }],
  ])() + eol;
}

/** Lines of a large file, with what the fixtures have little of: continuations, escapes, CR LF, duplicates, directives. */
function largeFile(r: Random, n: number): string {
  const lines: string[] = ['# generated', r.pick(['rudder.auth.provider=ldap, file', 'rudder.auth.provider=file', ''])];
  for (let i = 0; i < n; i++) {
    const eol = r.chance(0.1) ? '\r' : '';
    const pick = r.next();
    if (pick < 0.05) lines.push(`# ${DISABLE_NEXT_LINE} unknown-key\nrudder.auth.x${i}=1`);
    else if (pick < 0.15) lines.push(`rudder.auth.oauth2.provider.idp${i % 50}.ui.infoMessage=caf\\u00e9 ${i} \\${eol}\n    continued`);
    else if (pick < 0.2) lines.push(`rudder.server.hsts${r.chance(0.5) ? ' = ' : ':'}${r.chance(0.5) ? 'true' : 'maybe'}`);
    else if (pick < 0.25) lines.push(`! note ${i}`);
    else if (pick < 0.27) lines.push(`${r.pick(EXACT_KEYS)}=${r.pick(['1', 'true', ''])}`);
    else lines.push(`rudder.auth.oauth2.provider.idp${i % 50}.k${i}=v${i}`);
    lines[lines.length - 1] += eol;
  }
  return lines.join('\n');
}

function baseText(r: Random, large: boolean): { origin: string; text: string } {
  const corpus = fixtures().properties;
  return r.weighted<() => { origin: string; text: string }>([
    [5, () => {
      const f = r.pick(corpus);
      return { origin: f.name, text: f.text };
    }],
    [3, () => ({ origin: 'generated', text: generateProperties(r) })],
    [2, () => ({ origin: 'bench/generate.mjs', text: bench!.propertiesFile(r.pick([24, 100, 400]), r.int(1000)).text })],
    [1, () => ({ origin: 'large', text: largeFile(r, large && r.chance(0.2) ? 10_000 : r.pick([200, 1000])) })],
  ])();
}

function randomSettings(r: Random): Settings {
  return normalizeSettings({
    rudderVersion: r.pick(VERSIONS),
    rules: r.chance(0.2) ? { 'unknown-key': r.pick(['off', 'hint']), 'plaintext-secret': r.pick(['off', 'error']) } : {},
  });
}

/** An override file of `rudder-web.properties.d/`, Java properties or HOCON. */
function randomSource(r: Random, name: string): PropertiesSource {
  const lines = Array.from({ length: r.size(0, 6) }, () => randomLine(r, '').trimEnd());
  if (name.endsWith('.properties')) return overrideSource(name, lines.join('\n'));
  return overrideSource(name, lines.map((l) => l.replace(/^([^=:\s]+)\s*[=:\s]\s*/, '$1 = ')).join('\n') + r.pick(['', '\nrudder.auth.provider = ${x}', '\nkey = {']));
}

/** No siblings, overrides after the main file, or the document as an override file (the main file before it). */
function randomContext(r: Random): DocumentContext {
  return r.weighted<() => DocumentContext>([
    [5, () => ({})],
    [3, () => ({ properties: { overrides: Array.from({ length: r.size(1, 3) }, (_, i) => randomSource(r, `rudder-web.properties.d/${i}0-${r.pick(['ldap.properties', 'hsts.config', 'x.prop'])}`)) } })],
    [1, () => ({ properties: { before: [randomSource(r, 'rudder-web.properties')], overrides: r.chance(0.5) ? [randomSource(r, 'rudder-web.properties.d/90-last.properties')] : [] } })],
  ])();
}

function lineBounds(text: string, at: number): [number, number] {
  const start = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const nl = text.slice(at).search(/\r\n|\n|\r/);
  return [start, nl < 0 ? text.length : at + nl + (text.startsWith('\r\n', at + nl) ? 2 : 1)];
}

/** Where typing usually happens: in a key or a value, next to a character that delimits something, else anywhere. */
function typingSpot(r: Random, model: ParsedDocument, text: string): number {
  if (model.kind === 'properties' && model.parsed.entries.length && r.chance(0.4)) {
    const e = r.pick(model.parsed.entries);
    const range = r.chance(0.7) ? e.valueRange : e.keyRange;
    return range.start + r.int(range.end - range.start + 1);
  }
  const at = r.int(text.length + 1);
  if (r.chance(0.5)) {
    const special = /[\\\n\r=:#!]/g;
    special.lastIndex = at;
    const m = special.exec(text);
    if (m) return m.index + (r.chance(0.5) ? 0 : 1);
  }
  return at;
}

/** One change to `text`, as an editor would send it. */
function randomChange(r: Random, model: ParsedDocument, text: string): TextChange {
  const at = Math.min(typingSpot(r, model, text), text.length);
  return r.weighted<() => TextChange>([
    [8, () => ({ start: at, end: at, text: r.pick(TYPED) })],
    [4, () => ({ start: at, end: Math.min(text.length, at + r.size(1, 4)), text: '' })],
    [2, () => ({ start: at, end: Math.min(text.length, at + r.size(1, 3)), text: r.pick(TYPED) })],
    [3, () => {
      const [start] = lineBounds(text, at);
      return { start, end: start, text: randomLine(r, text) };
    }],
    [2, () => {
      const [start, end] = lineBounds(text, at);
      return { start, end, text: '' };
    }],
    [1, () => {
      const end = Math.min(text.length, at + r.size(1, 400));
      return { start: at, end, text: r.chance(0.5) ? '' : text.slice(r.int(text.length + 1)).slice(0, r.size(1, 200)) };
    }],
    [0.3, () => ({ start: 0, end: text.length, text: text.replace(/\r?\n/g, r.pick(['\r\n', '\n'])) })],
  ])();
}

/** How many findings an analysis kept from the one before it, the same objects. */
function keptFindings(prev: Analysis, next: Analysis): number {
  const before = new Set(prev.evaluation.findings);
  return next.evaluation.findings.filter((f) => before.has(f)).length;
}

/**
 * Properties files, with sibling overrides that change now and then, and now and then no changes handed to
 * `reparse`; counted: the findings kept as the same objects. `large`: now and then a file of 10,000 entries (the
 * robustness tier).
 */
export const properties = (large = false): Differential => ({
  kind: 'properties',
  outcome: (a, text, settings) => ({ ...outcome(a, text, settings, URI, 'properties'), symbols: JSON.stringify(getSymbols(TextDocument.create(URI, 'properties', 1, text), a)) }),
  base: (r) => baseText(r, large),
  settings: randomSettings,
  context: randomContext,
  steps: (r) => 2 + r.int(11),
  change: randomChange,
  // The same sibling facts in new objects (the store read them again), or other ones.
  nextContext: (r, context) => (r.chance(0.05) ? (r.chance(0.5) ? { properties: context.properties && { ...context.properties, overrides: context.properties.overrides?.slice() } } : randomContext(r)) : context),
  given: (r, changes) => (r.chance(0.1) ? undefined : changes),
  count: (_prev, _next, before, after) => ({ kept: keptFindings(before, after), findings: after.evaluation.findings.length, ...relatedKept(before, after) }),
});

if (require.main === module) differentialMain('propertiesIncremental', properties(true), (c) => `${c.kept ?? 0} of ${c.findings ?? 0} findings kept, ${relatedCounted(c)}`);
