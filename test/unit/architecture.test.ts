/** Architecture invariants that code review should not have to remember (see ARCHITECTURE.md). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/service/rules';
import { REPO } from './markers';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('the language service imports no transport and does no I/O', () => {
  const allowed = /^(\.{1,2}\/|vscode-languageserver-types$|vscode-languageserver-textdocument$|saxes$|xmlchars\/xml\/1\.0\/ed4$|vscode-html-languageservice\/lib\/umd\/)/;
  for (const file of sources(path.join(REPO, 'server', 'src', 'service'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from '([^']+)'/g)) assert.match(m[1], allowed, `${path.relative(REPO, file)} imports ${m[1]}`);
    assert.ok(!/\brequire\(|process\.|console\./.test(text), `${path.relative(REPO, file)} must not touch the process or the console`);
  }
});

test('the client stays thin: it imports no Rudder knowledge, only the hashing worker, the shared protocol and the IPC transport', () => {
  for (const file of sources(path.join(REPO, 'client', 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
      assert.ok(!m[1].includes('server/src') || /server\/src\/(hashing|shared|transport)\//.test(m[1]), `${path.relative(REPO, file)} imports ${m[1]}`);
    }
  }
  // The transport the client shares is transport only.
  for (const file of sources(path.join(REPO, 'server', 'src', 'transport'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) assert.equal(m[1], 'vscode-jsonrpc', `${path.relative(REPO, file)} imports ${m[1]}`);
  }
});

test('every rule has an entry in the rudder.rules setting and a section in docs/rules.md', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
  const settings = pkg.contributes.configuration.properties;
  for (const id of RULES.keys()) {
    assert.ok(settings['rudder.rules'].properties[id], `rudder.rules has ${id}`);
    assert.ok(settings[`rudder.rules.${id}`].markdownDeprecationMessage, `the former rudder.rules.${id} is deprecated`);
    assert.ok(doc.includes(`\n## ${id}\n`), `docs/rules.md section for ${id}`);
  }
  const generated = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
});

/** Code with comments removed (a comment may cite a Rudder source like `rudder@9.1 RC:927`). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** A Rudder version or era spelled in code: '8.2', "Rudder 9.x", '8.2–8.3', { major: 9 }, 'E3', a version comparison. */
const VERSION_IN_CODE = [
  /['"`](?:[3-9]|1[0-2])\.\d+(?:\.\d+)?['"`]/,
  /\bRudder (?:[3-9]|1[0-2])\.(?:\d+|x)\b/,
  /\b(?:[3-9]|1[0-2])\.x\b/,
  /\b(?:[3-9]|1[0-2])\.\d+\s*[–-]\s*(?:[3-9]|1[0-2])\.\d+\b/,
  /\bmajor:\s*\d/,
  /['"]E[1-4]['"]/,
  /\b(?:compareVersions|atLeast)\(/,
];

/**
 * Files that still spell versions while their knowledge moves into service/rudder/: this list only shrinks.
 * A file that no longer needs its entry fails the test until the entry is removed.
 */
const NOT_YET_MIGRATED = new Set<string>([]);

test('no version literal or version comparison outside the knowledge package', () => {
  const knowledge = path.join(REPO, 'server', 'src', 'service', 'rudder') + path.sep;
  const offenders = new Map<string, string>();
  for (const file of [...sources(path.join(REPO, 'server', 'src')), ...sources(path.join(REPO, 'client', 'src'))]) {
    if (file.startsWith(knowledge)) continue;
    const text = code(fs.readFileSync(file, 'utf8'));
    const hit = VERSION_IN_CODE.map((re) => re.exec(text)?.[0]).find((m) => m !== undefined);
    if (hit) offenders.set(path.relative(REPO, file).split(path.sep).join('/'), hit);
  }
  for (const [file, hit] of offenders) assert.ok(NOT_YET_MIGRATED.has(file), `${file} names a version (${hit}): move that knowledge into server/src/service/rudder/`);
  for (const file of NOT_YET_MIGRATED) assert.ok(offenders.has(file), `${file} is clean now: remove it from NOT_YET_MIGRATED`);
});
