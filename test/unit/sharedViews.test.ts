/** The views' ids are written once, in server/src/shared/views.ts, and the palette offers them only on Rudder's files. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { HASH_PASSWORDS_KIND } from '../../server/src/service/languageService';
import { HASH_PASSWORDS_KIND as SHARED_KIND, VIEW_COMMANDS } from '../../server/src/shared/views';
import { REPO } from './markers';

test('the client runs the source action the service offers', () => {
  assert.equal(SHARED_KIND, HASH_PASSWORDS_KIND);
});

test('package.json contributes every view command, in the palette only on Rudder files (password commands: users files)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const when = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  for (const id of Object.values(VIEW_COMMANDS)) {
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === id), `${id} is contributed`);
    assert.equal(when.get(id), id === VIEW_COMMANDS.hashAll ? 'rudder.fileKind == users' : 'rudder.isRudderFile', id);
  }
  assert.equal(when.get('rudder.setPassword'), 'rudder.fileKind == users');
});

test('the client spells no view command id or request method: it imports them', () => {
  const client = path.join(REPO, 'client', 'src');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of files(client)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const id of [...Object.values(VIEW_COMMANDS), SHARED_KIND]) assert.ok(!text.includes(`'${id}'`), `${path.relative(REPO, file)} spells out '${id}'`);
  }
});
