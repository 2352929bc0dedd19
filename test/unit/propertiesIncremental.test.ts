/**
 * Differential test of the incremental properties path: seeded random edit sequences (backslashes,
 * continuations, `=`/`:`/white-space separators, `\uXXXX` escapes good and bad, comments and suppression
 * directives, CR, LF and CR LF) on Rudder's own files (test/fixtures/properties/) and on a generated file of
 * 10,000 entries. After every edit, the model computed from the previous one (`reparse`, chained: each step
 * starts from the incremental model of the step before) must equal a full parse of the text, as JSON; so must
 * the findings and the diagnostics of their analyses.
 * Env: INCREMENTAL_SEQUENCES (per fixture, default 100), INCREMENTAL_STEPS (per sequence, default 6),
 * INCREMENTAL_SEED (default 20261202).
 */
// @tier robustness
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, getDiagnostics, parse, reparse, type ParsedDocument } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { REPO } from './markers';
import { envInt, mulberry32 } from '../fuzz/random';

const SEQUENCES = envInt('INCREMENTAL_SEQUENCES', 100);
const STEPS = envInt('INCREMENTAL_STEPS', 6);
const SEED = envInt('INCREMENTAL_SEED', 20261202);
const SETTINGS = { ...DEFAULT_SETTINGS, rudderVersion: '9.1' };



/** What an edit inserts: the characters Java's reader treats specially, and whole lines Rudder reads. */
const TOKENS = [
  '\\', '\\', '\\\\', '\\\n', '\\\r\n', '\\\r', '\\\n   ', '\n', '\n', '\r\n', '\r', '\n\n', '=', ':', ' ', '\t', '\f',
  ' = ', '#', '!', '\n# comment\n', '\n! bang\n', '\\u00e9', '\\u0041', '\\u12', '\\uZZ', '\\u', 'u', '0a', 'key', 'x',
  'é', '😀', '\\=', '\\:', '\\ ', '\\t', '\nrudder.auth.provider=ldap,file\n', '\nrudder.server.hsts=true \n',
  '\nrudder.auth.idle-timeout=1h\n', '\nrudder.auth.unknwon=1\n', '\nrudder.bcrypt.cost=8\n',
  '\n# rudder-lint-disable-next-line\n', '\n# rudder-lint-disable-next-line duplicate-key unknown-key\n',
  '\nrudder.auth.ldap.filter=(uid={0})\\\n  (objectclass=person)\n',
];

/** A random edit of `text`: a replacement near a special character half of the time, anywhere otherwise. */
function edit(text: string, r: () => number): string {
  let at = Math.floor(r() * (text.length + 1));
  if (r() < 0.5) {
    const special = /[\\\n\r=:#!]/g;
    special.lastIndex = at;
    const m = special.exec(text);
    if (m) at = m.index + (r() < 0.5 ? 0 : 1);
  }
  const removed = r() < 0.4 ? 0 : Math.floor(r() * (r() < 0.9 ? 4 : 40));
  let inserted = '';
  for (let n = r() < 0.3 ? 0 : 1 + Math.floor(r() * 3); n > 0; n--) inserted += TOKENS[Math.floor(r() * TOKENS.length)];
  return text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
}

/** 10,000 entries with what the fixtures have little of: continuations, escapes, CR LF, duplicates, directives. */
function generated(r: () => number): string {
  const lines: string[] = ['# generated: 10,000 entries', 'rudder.auth.provider=ldap, file'];
  for (let i = 0; i < 10_000; i++) {
    const eol = r() < 0.1 ? '\r\n' : '\n';
    const pick = r();
    if (pick < 0.05) lines.push(`# rudder-lint-disable-next-line unknown-key${eol}rudder.auth.x${i}=1`);
    else if (pick < 0.15) lines.push(`rudder.auth.oauth2.provider.idp${i % 50}.ui.infoMessage=caf\\u00e9 ${i} \\${eol}    continued`);
    else if (pick < 0.2) lines.push(`rudder.server.hsts${r() < 0.5 ? ' = ' : ':'}${r() < 0.5 ? 'true' : 'maybe'}`);
    else if (pick < 0.25) lines.push(`! note ${i}`);
    else lines.push(`rudder.auth.oauth2.provider.idp${i % 50}.k${i}=v${i}`);
    if (eol === '\r\n') lines[lines.length - 1] += '\r';
  }
  return lines.join('\n');
}

const uri = 'file:///etc/rudder/rudder-web.properties';

/** Model, findings and diagnostics as JSON. */
function analysed(model: ParsedDocument, text: string): { model: string; findings: string; diagnostics: string } {
  const a = analyze(model, SETTINGS);
  const doc = TextDocument.create(uri, 'properties', 1, text);
  return { model: JSON.stringify(model), findings: JSON.stringify(a.evaluation.findings), diagnostics: JSON.stringify(getDiagnostics(doc, a, SETTINGS)) };
}

function run(name: string, start: string, sequences: number, steps: number, seed: number): number {
  const r = mulberry32(seed);
  let checked = 0;
  for (let s = 0; s < sequences; s++) {
    let text = start;
    let model = parse(text, 'properties');
    for (let k = 0; k < steps; k++) {
      const before = text;
      text = edit(text, r);
      model = reparse(model, text, 'properties');
      const incremental = analysed(model, text);
      const full = analysed(parse(text, 'properties'), text);
      for (const part of ['model', 'findings', 'diagnostics'] as const) {
        if (incremental[part] !== full[part]) {
          assert.fail(`${name}, sequence ${s}, step ${k}: the incremental ${part} differs from a full analysis\nbefore: ${JSON.stringify(before.slice(0, 2000))}\nafter: ${JSON.stringify(text.slice(0, 2000))}`);
        }
      }
      checked++;
    }
  }
  return checked;
}

const FIXTURES = path.join(REPO, 'test/fixtures/properties');

test('incremental properties analysis equals a full one after every edit (Rudder fixtures)', (t) => {
  let edits = 0;
  const files = fs.readdirSync(FIXTURES).sort();
  assert.ok(files.length >= 10, 'the fixtures are there');
  files.forEach((file, i) => {
    edits += run(file, fs.readFileSync(path.join(FIXTURES, file), 'utf8'), SEQUENCES, STEPS, SEED + i);
  });
  t.diagnostic(`${files.length} fixtures, ${files.length * SEQUENCES} sequences, ${edits} edits, seed ${SEED}`);
});

test('incremental properties analysis equals a full one after every edit (10,000 generated entries)', (t) => {
  const text = generated(mulberry32(SEED));
  const sequences = Math.max(1, Math.round(SEQUENCES / 10));
  const edits = run('generated', text, sequences, STEPS, SEED - 1);
  t.diagnostic(`${(text.length / 1024).toFixed(0)} KB, ${sequences} sequences, ${edits} edits`);
});
