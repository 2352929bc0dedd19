/**
 * Command ids, request methods and the hash-all action kind are written once, in server/src/shared/protocol.ts:
 * the client and the server import them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMANDS, FIX_ALL_KIND, HASH_PASSWORDS_KIND, VIEW_COMMANDS, VIEW_REQUESTS } from '../../server/src/shared/protocol';
import { REPO } from './markers';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('no command id, request method or action kind is copied outside server/src/shared/, and package.json contributes the client commands', () => {
  const shared = path.join(REPO, 'server', 'src', 'shared');
  for (const file of [...sources(path.join(REPO, 'client', 'src')), ...sources(path.join(REPO, 'server', 'src'))].filter((f) => !f.startsWith(shared))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const id of [...Object.values(COMMANDS), ...Object.values(VIEW_COMMANDS), ...Object.values(VIEW_REQUESTS), HASH_PASSWORDS_KIND, FIX_ALL_KIND]) {
      assert.ok(!text.includes(`'${id}'`), `${path.relative(REPO, file)} spells out '${id}'`);
    }
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.commands.map((c: { command: string }) => c.command).sort(), [COMMANDS.setPassword, ...Object.values(VIEW_COMMANDS)].sort());
});

test('the palette offers the commands only on Rudder files ("Hash all": on users files)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const when = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  for (const id of [COMMANDS.setPassword, ...Object.values(VIEW_COMMANDS)]) {
    assert.equal(when.get(id), id === VIEW_COMMANDS.hashAll ? 'rudder.fileKind == users' : 'rudder.isRudderFile', id);
  }
});

test('the shared protocol imports nothing', () => {
  for (const file of sources(path.join(REPO, 'server', 'src', 'shared'))) assert.ok(!/\bfrom '/.test(fs.readFileSync(file, 'utf8')), `${path.relative(REPO, file)} imports`);
});
