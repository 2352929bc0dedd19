#!/usr/bin/env node
// Third-party LSP clients against the stdio server (`node dist/server.js --stdio`, run `npm run build` first):
// headless Neovim (vim.lsp) and Emacs + eglot open test/workspace/rudder-users.xml, and the diagnostics they
// receive must include plaintext-password and unknown-role at the right places. Then the README's Neovim snippet
// (editors/neovim/rudder.lua, with `rudder-lsp` on PATH as `npm install -g` links it) opens both files of
// test/workspace: one client for the folder, and edits of the properties buffer change the users buffer's
// diagnostics (nvim-folder.lua).
// A missing client is skipped, or fails when CI=true (install them with `bash test/vscode/setup.sh`).
// Usage: node test/clients/run.js   Exit code: 0 all passed (or skipped), 1 a client failed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const FILE = path.join(ROOT, 'test/workspace/rudder-users.xml');
const PROPS = path.join(ROOT, 'test/workspace/rudder-web.properties');
const SNIPPET = path.join(ROOT, 'editors/neovim/rudder.lua');
const RUN_TIMEOUT_MS = 60000;
/** 0-based positions in test/workspace/rudder-users.xml (the same the VS Code suite checks by range text). */
const EXPECTED = [
  { code: 'plaintext-password', line: 2, character: 29 },
  { code: 'unknown-role', line: 2, character: 54 },
];

const CLIENTS = [
  {
    name: 'neovim',
    needs: 'nvim (Debian neovim)',
    available: ['nvim', ['--version']],
    command: ['nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(HERE, 'nvim-diagnostics.lua')}`]],
    env: { LSP_FILETYPE: 'xml' },
  },
  {
    name: 'neovim, the README snippet (one client per folder)',
    needs: 'nvim (Debian neovim)',
    available: ['nvim', ['--version']],
    command: ['nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(HERE, 'nvim-folder.lua')}`]],
    env: { SNIPPET, USERS: FILE, PROPS },
    check: checkFolder,
  },
  {
    name: 'emacs+eglot',
    needs: 'emacs with eglot (Debian emacs-nox, elpa-eglot)',
    available: ['emacs', ['--batch', '--eval', '(kill-emacs (if (locate-library "eglot") 0 1))']],
    command: ['emacs', ['--batch', '-l', path.join(HERE, 'eglot-diagnostics.el')]],
    env: {},
  },
];

/** A `bin` folder with `rudder-lsp` linked to the bundle, as `npm install -g` links the package's bin. */
function binDir() {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'rudder-bin-'));
  fs.symlinkSync(path.join(ROOT, 'dist/lsp.js'), path.join(dir, 'rudder-lsp'));
  return dir;
}

/** The README's snippet in nvim-folder.lua: one client, and the users buffer follows the properties edits. */
function checkFolder(client) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  if (!readme.includes(`\`\`\`lua\n${fs.readFileSync(SNIPPET, 'utf8')}\`\`\`\n`)) return `README.md does not show ${path.relative(ROOT, SNIPPET)} verbatim`;
  const bin = binDir();
  try {
    const env = { ...process.env, ...client.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const r = spawnSync(client.command[0], client.command[1], { cwd: ROOT, env, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
    const transcript = `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    const line = r.stdout?.split('\n').find((l) => l.startsWith('RESULT '));
    if (r.error || r.status !== 0 || !line) return `exit ${r.status ?? r.signal}, no result\n${transcript}`;
    const res = JSON.parse(line.slice('RESULT '.length));
    const at = (list, code, l) => list.some((d) => d.code === code && d.line === l);
    const failures = [
      [res.users_filetype === 'xml' && res.props_filetype === 'jproperties', `filetypes ${res.users_filetype}, ${res.props_filetype}`],
      [res.clients === 1 && res.clients_at_end === 1, `${res.clients} clients, then ${res.clients_at_end}`],
      [res.users_clients.length === 1 && JSON.stringify(res.users_clients) === JSON.stringify(res.props_clients), `clients of the buffers: ${res.users_clients} and ${res.props_clients}`],
      [at(res.before, 'unknown-role', 2) && !at(res.before, 'plaintext-password', 4), `before: ${JSON.stringify(res.before)}`],
      [at(res.after_provider, 'plaintext-password', 4), `without ldap: ${JSON.stringify(res.after_provider)}`],
      [!at(res.after_provider, 'bcrypt-low-cost', 1) && at(res.after_cost, 'bcrypt-low-cost', 1), `cost 14: ${JSON.stringify(res.after_cost)}`],
    ].filter(([ok]) => !ok).map(([, why]) => why);
    if (failures.length) return `${failures.join('; ')}\n${transcript}`;
    console.log(`ok ${client.name}: 1 client; password="LDAP" flagged without ldap; cost 12 below rudder.bcrypt.cost=14`);
    return undefined;
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

/** Runs one client; returns undefined when it passed, else why it failed. */
function check(client) {
  if (client.check) return client.check(client);
  const env = { ...process.env, ...client.env, LSP_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']), LSP_FILE: FILE };
  const r = spawnSync(client.command[0], client.command[1], { cwd: ROOT, env, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  const transcript = `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  if (r.error) return `${r.error.message}\n${transcript}`;
  const line = r.stdout.split('\n').find((l) => l.startsWith('DIAGNOSTICS '));
  if (r.status !== 0 || !line) return `exit ${r.status ?? r.signal}, no diagnostics\n${transcript}`;
  const diagnostics = JSON.parse(line.slice('DIAGNOSTICS '.length));
  const absent = EXPECTED.filter((e) => !diagnostics.some((d) => d.code === e.code && d.line === e.line && d.character === e.character));
  if (absent.length) {
    return `missing ${absent.map((e) => `${e.code} at ${e.line}:${e.character}`).join(', ')}; got ${JSON.stringify(diagnostics.map((d) => `${d.code} at ${d.line}:${d.character}`))}`;
  }
  console.log(`ok ${client.name}: ${diagnostics.map((d) => d.code).join(', ')}`);
  return undefined;
}

function main() {
  if (!fs.existsSync(SERVER)) {
    console.error(`clients: ${path.relative(ROOT, SERVER)} is missing: run \`npm run build\` first`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const client of CLIENTS) {
    const probe = spawnSync(client.available[0], client.available[1], { stdio: 'ignore', timeout: RUN_TIMEOUT_MS });
    if (probe.error || probe.status !== 0) {
      const msg = `${client.name}: ${client.needs} is not installed: run \`bash test/vscode/setup.sh\``;
      if (process.env.CI === 'true') { console.error(`FAIL ${msg}`); failed++; } else { console.log(`SKIPPED ${msg}`); skipped++; }
      continue;
    }
    const started = Date.now();
    const failure = check(client);
    if (failure) { console.error(`FAIL ${client.name}: ${failure}`); failed++; } else passed++;
    console.log(`   ${client.name} took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed ? 1 : 0;
}

process.exit(main());
