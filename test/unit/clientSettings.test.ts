/** client/src/settings.ts: what the VS Code client answers for `rudder`, from `inspect`, without VS Code. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explicitSettings, ruleIdsOf } from '../../client/src/settings';
import { RULES } from '../../server/src/service/rules';
import { REPO } from './markers';

const RULE_IDS = ruleIdsOf(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')));

test("the rules with a setting of their own are read from the manifest: every rule", () => {
  assert.deepEqual([...RULE_IDS].sort(), [...RULES.keys()].sort());
});

type Scopes = { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };
const inspectOf = (values: Record<string, Scopes>) => (key: string) => values[key] ?? { defaultValue: undefined };

test('only values set in the user, workspace or folder settings are sent, the most specific first', () => {
  const rows: { name: string; values: Record<string, Scopes>; want: Record<string, unknown> }[] = [
    { name: 'defaults only: nothing', values: { version: { defaultValue: 'auto' }, rules: { defaultValue: {} }, inlayHints: { defaultValue: 'problems' } }, want: {} },
    { name: 'a user value', values: { version: { defaultValue: 'auto', globalValue: '8.3' } }, want: { version: '8.3' } },
    { name: 'the folder beats the workspace beats the user', values: { version: { globalValue: '8.1', workspaceValue: '8.2', workspaceFolderValue: '8.3' } }, want: { version: '8.3' } },
    { name: 'auto set explicitly is sent', values: { version: { defaultValue: 'auto', workspaceValue: 'auto' } }, want: { version: 'auto' } },
    { name: 'a dotted key nests', values: { 'bcrypt.cost': { defaultValue: 12, globalValue: 13 }, maxFileSizeMB: { workspaceValue: 2 } }, want: { bcrypt: { cost: 13 }, maxFileSizeMB: 2 } },
    {
      name: 'rules merge across scopes, rule by rule',
      values: { rules: { defaultValue: {}, globalValue: { 'weak-hash': 'error', 'hsts-disabled': 'off' }, workspaceValue: { 'weak-hash': 'hint' } } },
      want: { rules: { 'weak-hash': 'hint', 'hsts-disabled': 'off' } },
    },
    {
      name: 'the deprecated per-rule keys count, except "default"',
      values: { rules: { globalValue: { 'weak-hash': 'error' } }, 'rules.weak-hash': { workspaceValue: 'warning' }, 'rules.hsts-disabled': { globalValue: 'default' } },
      want: { rules: { 'weak-hash': 'warning' } },
    },
  ];
  for (const row of rows) assert.deepEqual(explicitSettings(inspectOf(row.values), RULE_IDS), row.want, row.name);
});
