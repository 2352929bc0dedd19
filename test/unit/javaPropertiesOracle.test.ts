/**
 * Differential test: parseJavaProperties against the real java.util.Properties.load(Reader).
 *
 * Writes seeded pseudo-random files, hand-written tricky cases and the Rudder fixtures to a temp directory,
 * loads them all in one JVM run (test/oracle/PropertiesOracle.java) and compares, per file, the effective
 * key → value map, and Java throwing ↔ our `problems` being non-empty.
 * Env: ORACLE_CASES (random files, default 3000), ORACLE_SEED (default 20240601). Needs javac/java on PATH:
 * skipped without them, except when CI=true where it fails.
 */
// @tier oracle
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { effectiveEntries, parseJavaProperties } from '../../server/src/service/properties/javaProperties';
import { envInt, mulberry32 } from '../fuzz/random';
import { jdkOrSkip } from './jdk';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ORACLE_SOURCE = path.join(REPO_ROOT, 'test/oracle/PropertiesOracle.java');
/** The project copy first; the shared folder (absent from a fresh clone) only adds files the copy lacks. */
const FIXTURE_DIRS = [
  path.join(REPO_ROOT, 'test/fixtures/properties'),
  path.resolve(REPO_ROOT, '../shared/fixtures/rudder'),
];

const CASE_COUNT = envInt('ORACLE_CASES', 3000);
const SEED = envInt('ORACLE_SEED', 20240601);



/** Tokens that can never form a malformed \u escape, whatever precedes them. */
const SAFE_TOKENS = [
  '=', '=', ':', ':', ' ', ' ', ' ', '\t', '\f', '\\', '\\', '\\', '\\\\', '#', '!', '\n', '\n', '\n', '\r',
  '\r\n', '\r\n', '0', '7', '9', 'a', 'b', 'c', 'e', 'f', 'n', 't', 'r', 'A', 'F', 'k', 'v', '{0}', 'é', '\u2028',
  '\u0085', '😀', '\ud83c\udf89', '\\u00e9', '\\u0041', '\\uD83D\\uDE00', '\\\n   ', '\\\r\n\t', '\\\r ', 'key\\=x',
  'a.b.c', 'value with spaces', ' = ', '\\ ', '\\:', '\\=', '\\#', '\\t', '\\n', '\\r', '\\f', '\\\\\n', '\n  #c',
  '\n! x', '\n\n', '  ',
];
/** Tokens that may produce malformed \u escapes (Java throws on those). */
const RISKY_TOKENS = ['u', 'u', 'U', '\\u', '\\u12', '\\uZZ', '\\u00', '\\u0', 'd', 'D'];

function randomText(rand: () => number, tokens: string[]): string {
  const count = Math.floor(rand() * rand() * 80);
  let text = '';
  for (let i = 0; i < count; i++) text += tokens[Math.floor(rand() * tokens.length)];
  return text;
}

const MANUAL_CASES = [
  '',
  '\\',
  '   \\',
  '\\\n',
  '\\\r',
  '\\\r\n',
  '\\\n  ',
  '\\\n\n',
  '\\\n\nx=y',
  '\\\n#x=y\nz',
  '\\\n!x\r\nz=1',
  '\\\n  x=y',
  '\\\\',
  '\\\\\\',
  'a=b\\',
  'a=b\\\n',
  'a=b\\\r\n',
  'a=b\\\\\\',
  'a=b\\\n\nc=d',
  'a=b\\\n  \t\nc=d',
  'a=b\\\n#c',
  'a=b\\\r\n\tc\\\r  d',
  'a==b',
  'a : =b',
  'a  =  =b',
  'a\t:\f:b',
  '=',
  ':',
  ' = ',
  'a   ',
  'a=b  \t',
  '\f\t a=b',
  '# a=b\nc=d',
  '  ! a=b\nc=d',
  '#\\\nc=d',
  'a\\=b\\:c\\ d=e',
  'a=\\t\\n\\r\\f\\\\\\q\\"',
  '\\u00e9t\\u00C9=\\u20ac\\uD83D\\uDE00',
  'clé=\u2028😀',
  'a=1\rb=2\r\rc=3',
  'a=1\r\nb=2\r\n',
  'ke\\\n  y=v',
  'a=b\\\\\nc=d',
  'a=b\\\\\\\nc',
  'a=\\u12',
  'a=\\u12g4',
  '\\u=x',
  'a=\\uXYZW\\u0041',
  'a=\\u00e',
  'a=\\\n\\u00\\\n41',
  'k=\\u\\\nABCD',
  'x=1\ny=\\u004',
  'a=1\na=2\nb=\\\n',
  '\ufeffa=b',
  'key\u0085=v',
];

/** Rudder fixture files whose name contains `.properties`, by name, the project copy winning. */
function fixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of FIXTURE_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.includes('.properties') && !files.has(name)) files.set(name, path.join(dir, name));
    }
  }
  return files;
}

/** The whole corpus by file name: seeded random files, MANUAL_CASES and the Rudder fixtures. */
function buildCorpus(): { inputs: Map<string, string>; fixtureCount: number } {
  const inputs = new Map<string, string>();
  const rand = mulberry32(SEED);
  for (let i = 0; i < CASE_COUNT; i++) {
    const tokens = rand() < 0.6 ? SAFE_TOKENS : [...SAFE_TOKENS, ...RISKY_TOKENS];
    inputs.set(`random-${String(i).padStart(5, '0')}.properties`, randomText(rand, tokens));
  }
  MANUAL_CASES.forEach((text, i) => inputs.set(`manual-${String(i).padStart(3, '0')}.properties`, text));
  const fixtures = fixtureFiles();
  assert.ok(fixtures.size > 0, `no *.properties* fixture found in ${FIXTURE_DIRS.join(' or ')}`);
  for (const [name, file] of fixtures) inputs.set(`fixture-${name}`, fs.readFileSync(file, 'utf8'));
  return { inputs, fixtureCount: fixtures.size };
}

type JavaResult = { ok: true; map: Map<string, string> } | { ok: false; error: string };

function decodeOracle(s: string): string {
  return s.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Parses PropertiesOracle's output: one `name TAB OK (TAB key TAB value)*` or `name TAB ERROR TAB msg` per file. */
function parseOracleOutput(stdout: string): Map<string, JavaResult> {
  const results = new Map<string, JavaResult>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [name, status, ...rest] = line.split('\t').map(decodeOracle);
    if (status === 'ERROR') {
      results.set(name, { ok: false, error: rest.join('\t') });
    } else {
      const map = new Map<string, string>();
      for (let i = 0; i + 1 < rest.length; i += 2) map.set(rest[i], rest[i + 1]);
      results.set(name, { ok: true, map });
    }
  }
  return results;
}

/** Why our parse disagrees with Java on this text, or undefined when it agrees. */
function disagreement(text: string, java: JavaResult): string | undefined {
  const parsed = parseJavaProperties(text);
  if (!java.ok) {
    return parsed.problems.length > 0 ? undefined : `Java throws (${java.error}) but we report no problem`;
  }
  if (parsed.problems.length > 0) {
    return `Java loads it but we report problems: ${JSON.stringify(parsed.problems)}`;
  }
  const ours = new Map([...effectiveEntries(parsed)].map(([k, e]) => [k, e.value]));
  const sortPairs = (m: Map<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const javaPairs = JSON.stringify(sortPairs(java.map));
  const ourPairs = JSON.stringify(sortPairs(ours));
  return javaPairs === ourPairs ? undefined : `Java: ${javaPairs}\n  ours: ${ourPairs}`;
}

/** Failure message: how many files failed and the first few, with their input text escaped. */
function mismatchReport(mismatches: string[], what: string): string {
  return `${mismatches.length} file(s) ${what} (ORACLE_SEED=${SEED}); first:\n${mismatches.slice(0, 3).join('\n')}`;
}

test('parseJavaProperties agrees with java.util.Properties.load(Reader)', (t) => {
  if (!jdkOrSkip(t)) return;
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'properties-oracle-'));
  try {
    const classes = path.join(work, 'classes');
    const corpus = path.join(work, 'corpus');
    fs.mkdirSync(corpus);
    const javac = spawnSync('javac', ['-d', classes, ORACLE_SOURCE], { encoding: 'utf8' });
    assert.equal(javac.status, 0, `javac failed:\n${javac.stderr}`);

    const { inputs, fixtureCount } = buildCorpus();
    for (const [name, text] of inputs) fs.writeFileSync(path.join(corpus, name), text, 'utf8');

    const run = spawnSync('java', ['-cp', classes, 'PropertiesOracle', corpus], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.equal(run.status, 0, `PropertiesOracle failed:\n${run.stderr}`);
    const javaResults = parseOracleOutput(run.stdout);
    assert.equal(javaResults.size, inputs.size, 'PropertiesOracle did not report every file');

    const mismatches: string[] = [];
    let javaErrors = 0;
    for (const [name, text] of inputs) {
      const java = javaResults.get(name);
      assert.ok(java, `no oracle result for ${name}`);
      if (!java.ok) javaErrors++;
      const why = disagreement(text, java);
      if (why) mismatches.push(`${name}: input ${JSON.stringify(text)}\n  ${why}`);
    }
    t.diagnostic(
      `${inputs.size} files (${CASE_COUNT} random, seed ${SEED}; ${MANUAL_CASES.length} manual; ${fixtureCount} ` +
        `fixtures), ${javaErrors} rejected by Java, ${Date.now() - started} ms`,
    );
    assert.ok(javaErrors > 0 && javaErrors < inputs.size, 'corpus should exercise both loads and failures');
    assert.equal(mismatches.length, 0, mismatchReport(mismatches, 'differ from Java'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

/** Why the ranges of this text's entries and comments are inconsistent, or undefined when they are fine. */
function rangeInconsistency(text: string): string | undefined {
  const parsed = parseJavaProperties(text);
  const reparse = (raw: string) => parseJavaProperties(raw).entries.map((e) => [e.key, e.value]);
  const slice = (r: { start: number; end: number }) => text.slice(r.start, r.end);
  for (const e of parsed.entries) {
    const bounds = [
      0,
      e.logicalLineRange.start,
      e.keyRange.start,
      e.keyRange.end,
      e.separatorRange.start,
      e.separatorRange.end,
      e.valueRange.start,
      e.valueRange.end,
      e.logicalLineRange.end,
      text.length,
    ];
    const pair = JSON.stringify([[e.key, e.value]]);
    if (bounds.some((b, i) => i > 0 && b < bounds[i - 1])) return `unordered ranges ${JSON.stringify(e)}`;
    if (e.keyRange.end !== e.separatorRange.start) return `separator not right after key ${JSON.stringify(e)}`;
    if (JSON.stringify(reparse(slice(e.logicalLineRange))) !== pair) return `logical line of ${pair}`;
    const lineHead = /[^\r\n]*$/.exec(text.slice(0, e.logicalLineRange.start))?.[0] ?? '';
    const first = text[e.logicalLineRange.start] ?? '';
    const next = text[e.logicalLineRange.end] ?? '\n';
    if (!/^[ \t\f]*$/.test(lineHead) || /^[ \t\f\r\n#!]?$/.test(first) || !/[\r\n]/.test(next)) {
      return `logical line range of ${pair} is not first non-white char to end of line`;
    }
    if (e.key !== '' && JSON.stringify(reparse(slice(e.keyRange))) !== JSON.stringify([[e.key, '']])) {
      return `key range of ${pair}`;
    }
    if (reparse(`k=${slice(e.valueRange)}`)[0][1] !== e.value) return `value range of ${pair}`;
    if (e.line !== (text.slice(0, e.keyRange.start).match(/\r\n|\r|\n/g) ?? []).length) return `line of ${pair}`;
  }
  for (const c of parsed.comments) {
    if (!/^[#!][^\r\n]*$/.test(c.text) || slice(c.range) !== c.text) return `comment ${JSON.stringify(c)}`;
    if (c.line !== (text.slice(0, c.range.start).match(/\r\n|\r|\n/g) ?? []).length) return `comment line ${c.line}`;
  }
  return undefined;
}

test('parseJavaProperties ranges re-parse to the same keys and values (no JDK needed)', () => {
  const mismatches: string[] = [];
  for (const [name, text] of buildCorpus().inputs) {
    const why = rangeInconsistency(text);
    if (why) mismatches.push(`${name}: input ${JSON.stringify(text)}\n  ${why}`);
  }
  assert.equal(mismatches.length, 0, mismatchReport(mismatches, 'have inconsistent ranges'));
});
