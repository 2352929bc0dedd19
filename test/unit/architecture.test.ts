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
  const allowed = /^(\.{1,2}\/|vscode-languageserver-types$|vscode-languageserver-textdocument$|@xmldom\/xmldom$|vscode-html-languageservice\/lib\/umd\/)/;
  for (const file of sources(path.join(REPO, 'server', 'src', 'service'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from '([^']+)'/g)) assert.match(m[1], allowed, `${path.relative(REPO, file)} imports ${m[1]}`);
    assert.ok(!/\brequire\(|process\.|console\./.test(text), `${path.relative(REPO, file)} must not touch the process or the console`);
  }
});

test('the client stays thin: it imports no Rudder knowledge, only the hashing worker', () => {
  for (const file of sources(path.join(REPO, 'client', 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
      assert.ok(!m[1].includes('server/src') || m[1].includes('server/src/hashing/'), `${path.relative(REPO, file)} imports ${m[1]}`);
    }
  }
});

test('every rule has a setting in package.json and a section in docs/rules.md', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
  for (const id of RULES.keys()) {
    assert.ok(pkg.contributes.configuration.properties[`rudder.rules.${id}`], `setting for ${id}`);
    assert.ok(doc.includes(`\n## ${id}\n`), `docs/rules.md section for ${id}`);
  }
  const generated = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
});
