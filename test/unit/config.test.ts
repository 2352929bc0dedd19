/** server/src/workspace/config.ts on an in-memory file system: the resolution the CLI and the server share. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { applyConfig, configKind, findConfig, isConfigFile } from '../../server/src/workspace/config';

const root = path.resolve('/srv');
const memory = (files: Record<string, string>) => {
  const reads: string[] = [];
  return { reads, read: (f: string) => (reads.push(f), files[f]) };
};

test('walks up from the file to the nearest folder with a configuration, reading nothing else', () => {
  const fs = memory({
    [path.join(root, '.rudder-lint.json')]: '{"version":"8.3","rules":{"weak-hash":"error"}}',
    [path.join(root, 'a', 'package.json')]: '{"name":"a"}',
  });
  const found = findConfig(path.join(root, 'a', 'b', 'rudder-users.xml'), fs);
  assert.equal(found?.file, path.join(root, '.rudder-lint.json'));
  assert.deepEqual(found?.problems, []);
  assert.deepEqual(fs.reads, [
    path.join(root, 'a', 'b', '.rudder-lint.json'),
    path.join(root, 'a', 'b', 'package.json'),
    path.join(root, 'a', '.rudder-lint.json'),
    path.join(root, 'a', 'package.json'),
    path.join(root, '.rudder-lint.json'),
  ]);
  assert.deepEqual(applyConfig(DEFAULT_SETTINGS, found!.config), { ...DEFAULT_SETTINGS, rudderVersion: '8.3', rules: { 'weak-hash': 'error' } });
  assert.equal(findConfig(path.join(path.parse(root).root, 'x.xml'), memory({})), undefined, 'none up to the root');
});

test('globs are relative to the configuration folder; files outside it match none', () => {
  const fs = memory({ [path.join(root, 'package.json')]: JSON.stringify({ 'rudder-lint': { files: { users: ['etc/**/*-users.xml'], properties: ['*.props'] } } }) });
  const found = findConfig(path.join(root, 'etc', 'x', 'my-users.xml'), fs);
  assert.equal(configKind(path.join(root, 'etc', 'x', 'my-users.xml'), found), 'users');
  assert.equal(configKind(path.join(root, 'web.props'), found), 'properties');
  assert.equal(configKind(path.join(root, 'etc', 'web.props'), found), undefined);
  assert.equal(configKind(path.join(path.dirname(root), 'etc', 'my-users.xml'), found), undefined);
});

test('configuration files are .rudder-lint.json and package.json', () => {
  assert.ok(isConfigFile(path.join(root, '.rudder-lint.json')));
  assert.ok(isConfigFile(path.join(root, 'package.json')));
  assert.ok(!isConfigFile(path.join(root, 'rudder-lint.json')));
});
