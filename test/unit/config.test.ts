/** server/src/workspace/config.ts on an in-memory file system: the resolution the CLI and the server share. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { applyConfig, ConfigCache, configKind, findConfig, isConfigFile, parseConfig, settingsOverConfig } from '../../server/src/workspace/config';

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
  assert.deepEqual(applyConfig(DEFAULT_SETTINGS, found!), { ...DEFAULT_SETTINGS, rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'error' } });
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

test('the server reads each folder once, both candidates at a time, until the cache is cleared', async () => {
  const files: Record<string, string> = { [path.join(root, 'package.json')]: JSON.stringify({ 'rudder-lint': { version: '9.1' } }) };
  const reads: string[] = [];
  const cache = new ConfigCache({ read: async (f) => (reads.push(f), files[f]) });
  const [a, b] = await Promise.all([cache.forFile(path.join(root, 'a', 'rudder-users.xml')), cache.forFile(path.join(root, 'a', 'rudder-web.properties'))]);
  assert.equal(a, b);
  assert.deepEqual([a?.file, a?.config.version], [path.join(root, 'package.json'), '9.1']);
  assert.deepEqual(reads, [path.join(root, 'a', '.rudder-lint.json'), path.join(root, 'a', 'package.json'), path.join(root, '.rudder-lint.json'), path.join(root, 'package.json')]);
  await cache.forFile(path.join(root, 'rudder-users.xml'));
  assert.equal(reads.length, 4, 'a folder already walked is not read again');
  files[path.join(root, 'a', '.rudder-lint.json')] = '{"version":"8.3"}';
  cache.clear();
  assert.equal((await cache.forFile(path.join(root, 'a', 'rudder-users.xml')))?.config.version, '8.3');
});

/** The configuration file of these rows: version 8.3, weak-hash an error, hsts-disabled off. */
const FILE = parseConfig(path.join(root, '.rudder-lint.json'), '{"version":"8.3","rules":{"weak-hash":"error","hsts-disabled":"off"}}', false)!;

/** A configuration file with only a size limit. */
const SIZED = parseConfig(path.join(root, '.rudder-lint.json'), '{"maxFileSizeMB":20}', false)!;

test('maxFileSizeMB: a number of megabytes greater than 0, else a problem', () => {
  for (const [text, want, problems] of [
    ['{"maxFileSizeMB":20}', 20, 0],
    ['{"maxFileSizeMB":0.5}', 0.5, 0],
    ['{"maxFileSizeMB":0}', undefined, 1],
    ['{"maxFileSizeMB":"20"}', undefined, 1],
  ] as const) {
    const found = parseConfig('/p/.rudder-lint.json', text, false)!;
    assert.equal(found.config.maxFileSizeMB, want, text);
    assert.equal(found.problems.length, problems, text);
  }
});

test('explicit settings (editor, flags) override the configuration file key by key; absent ones do not', () => {
  const rows: { name: string; raw: unknown; found?: typeof FILE; want: Partial<ReturnType<typeof settingsOverConfig>> }[] = [
    { name: 'nothing set: the file', raw: {}, want: { rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'undefined settings: the file', raw: undefined, want: { rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'a version set wins, auto too', raw: { version: 'auto' }, want: { rudderVersion: 'auto', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'a blank version is not set', raw: { version: ' ' }, want: { rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'the CLI flag', raw: { rudderVersion: '9.1', rules: {} }, want: { rudderVersion: '9.1', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'a rule set wins over the same rule only', raw: { rules: { 'weak-hash': 'hint' } }, want: { rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'hint', 'hsts-disabled': 'off' } } },
    { name: 'an invalid rule level is not set', raw: { rules: { 'weak-hash': 'loud' } }, want: { rudderVersion: '8.3', versionSetBy: '.rudder-lint.json', rules: { 'weak-hash': 'error', 'hsts-disabled': 'off' } } },
    { name: 'no configuration file: the settings', found: undefined, raw: { version: '9.0' }, want: { rudderVersion: '9.0', rules: {} } },
    { name: 'the file\'s size limit', found: SIZED, raw: {}, want: { maxFileSizeMB: 20, rules: {} } },
    { name: 'a size limit set wins', found: SIZED, raw: { maxFileSizeMB: 64 }, want: { maxFileSizeMB: 64, rules: {} } },
    { name: 'an invalid size limit is not set', found: SIZED, raw: { maxFileSizeMB: -1 }, want: { maxFileSizeMB: 20, rules: {} } },
  ];
  for (const row of rows) {
    const found = 'found' in row ? row.found : FILE;
    assert.deepEqual(settingsOverConfig(row.raw, found), { ...DEFAULT_SETTINGS, ...row.want }, row.name);
  }
});
