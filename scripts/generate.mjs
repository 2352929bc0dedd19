// Regenerates what is derived from the rule and version data: the settings contributed in package.json,
// docs/rules.md, the README's rules table and the message bundle l10n/bundle.l10n.json. `--check` fails instead of writing when something is stale.
// Reads the compiled service (run `npm run compile` first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { RULES, RULE_LEVELS, RULES_DOC_URL } = require('../out/server/src/service/rules.js');
const { KNOWN_VERSIONS } = require('../out/server/src/service/rudder/index.js');
const { CATALOGUE, flatten } = require('../out/server/src/service/messages/index.js');
const { ruleSectionLines } = require('../out/server/src/cli/ruleDocs.js');
const check = process.argv.includes('--check');
const root = new URL('../', import.meta.url);
const rules = [...RULES.values()];
let stale = [];

function update(file, next) {
  const path = new URL(file, root);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === next) return;
  if (check) stale.push(file);
  else writeFileSync(path, next);
}

// package.json: contributes.configuration
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const properties = {
  'rudder.version': {
    type: 'string',
    enum: ['auto', ...KNOWN_VERSIONS],
    default: 'auto',
    markdownDescription:
      'The Rudder version the files are checked against. `auto` infers it from `rudder-users.xml` (`hash="argon2id"` → 9.x, an `unsafe-hashes` attribute → 8.2–8.3, a legacy `hash` → ≤ 8.1) and otherwise assumes the latest stable release.',
    scope: 'resource',
  },
  'rudder.files.users': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    markdownDescription: 'Extra glob patterns of files to check as `rudder-users.xml` (opened as the `rudder-users` language), e.g. `**/etc/*-users.xml`.',
  },
  'rudder.files.properties': {
    type: 'array',
    items: { type: 'string' },
    default: [],
    markdownDescription: 'Extra glob patterns of files to check as `rudder-web.properties`.',
  },
  'rudder.bcrypt.cost': {
    type: 'integer',
    minimum: 4,
    maximum: 31,
    default: 12,
    markdownDescription: 'The bcrypt cost of the hashes the code actions write. A `rudder.bcrypt.cost` in the sibling `rudder-web.properties` wins.',
    scope: 'resource',
  },
  'rudder.maxFileSizeMB': {
    type: 'number',
    minimum: 0.1,
    default: 5,
    markdownDescription: 'Files larger than this (in MB) get only cheap checks and a notice, so that a huge file never slows the editor down.',
  },
  'rudder.trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description: 'Traces the communication between VS Code and the Rudder language server in the "Rudder Trace" output channel.',
  },
};
properties['rudder.inlayHints'] = {
  type: 'string',
  enum: ['problems', 'all', 'off'],
  enumDescriptions: ['Only on users who cannot log in or have no rights.', 'On every password: its algorithm, its cost, whether it can be verified.', 'None.'],
  default: 'problems',
  markdownDescription: 'Inlay hints after password values in `rudder-users.xml`.',
  scope: 'resource',
};
properties['rudder.rules'] = {
  type: 'object',
  default: {},
  markdownDescription: `The severity of rules, by id: \`off\`, \`hint\`, \`information\`, \`warning\` or \`error\`, e.g. \`{ "weak-hash": "error", "hsts-disabled": "off" }\`. Rules not listed keep their default. [Rules](${RULES_DOC_URL})`,
  properties: Object.fromEntries(rules.map((r) => [r.id, { type: 'string', enum: RULE_LEVELS, markdownDescription: `${r.summary} Default: \`${r.severity}\`.` }])),
  additionalProperties: false,
  scope: 'resource',
};
// The former one-setting-per-rule keys: still read (VS Code nests them into rudder.rules), hidden from the UI.
for (const r of rules) {
  properties[`rudder.rules.${r.id}`] = {
    type: 'string',
    enum: ['default', ...RULE_LEVELS],
    markdownDeprecationMessage: `Use \`"rudder.rules": { "${r.id}": "…" }\`.`,
    scope: 'resource',
  };
}
// The palette's commands: [id, title, when]; the context keys are set by the client (client/src/views/context.ts).
// "Set a new password…" sets the password of the user under the cursor, or rootAdmin's in rudder-web.properties.
const PALETTE = [
  ['rudder.setPassword', 'Set a new password…', 'rudder.isRudderFile'],
  ['rudder.hashAllPasswords', 'Hash all plain-text passwords', 'rudder.fileKind == users'],
  ['rudder.showAccess', 'Show effective access', 'rudder.isRudderFile'],
  ['rudder.compareWith', 'Compare with…', 'rudder.isRudderFile'],
  ['rudder.checkUpgrade', 'Check upgrade to…', 'rudder.isRudderFile'],
  ['rudder.pickVersion', 'Choose the Rudder version…', 'rudder.isRudderFile'],
];
pkg.contributes = {
  ...pkg.contributes,
  commands: PALETTE.map(([command, title]) => ({ command, title, category: 'Rudder' })),
  menus: { commandPalette: PALETTE.map(([command, , when]) => ({ command, when })) },
  configuration: { title: 'Rudder', properties },
};
update('package.json', `${JSON.stringify(pkg, null, 2)}\n`);

// docs/rules.md
const doc = [
  '# Rules',
  '',
  'Every diagnostic carries one of these ids as its `code`. The ids are part of the public contract: they do not change.',
  'Each rule has a default severity (some findings choose theirs by Rudder version or threshold, as described) and a',
  'setting `rudder.rules.<id>` (`off`, `hint`, `information`, `warning`, `error`) that overrides it.',
  '',
  'Severity policy, applied to every rule and to every finding that chooses its own severity:',
  '',
  '- **error**: Rudder will not do what the file says (the file is rejected, login is impossible, rights are lost, the start fails), or a secret is readable in clear;',
  '- **warning**: it works, but it is weak or risky;',
  '- **information**: what Rudder will do that an admin may not expect (rewrites, overrides, defaults);',
  '- **hint**: style.',
  '',
  ...rules.flatMap((r) => [`## ${r.id}`, '', ...ruleSectionLines(r), '']),
].join('\n');
update('docs/rules.md', doc);

// README.md: the rules table between markers
const readme = readFileSync(new URL('README.md', root), 'utf8');
const table = ['| id | default | what it means |', '|---|---|---|', ...rules.map((r) => `| [\`${r.id}\`](docs/rules.md#${r.id}) | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`)].join('\n');
update('README.md', readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${table}\n$2`));

// l10n/bundle.l10n.json: every message template by `rule/variant` (the shape of an @vscode/l10n bundle)
mkdirSync(new URL('l10n/', root), { recursive: true });
update('l10n/bundle.l10n.json', `${JSON.stringify(flatten(CATALOGUE), null, 2)}\n`);

if (stale.length) {
  console.error(`Out of date: ${stale.join(', ')}. Run: npm run generate`);
  process.exit(1);
}
