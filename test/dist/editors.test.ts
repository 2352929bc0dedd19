// @tier dist
/**
 * The editor snippets of the README are the files of editors/ (verbatim), and what can be checked without the
 * editor is: the Emacs snippet (loaded into emacs --batch with eglot-ensure recorded) starts eglot for Rudder's
 * files and overrides only; the nvim-lspconfig custom server (run in headless Neovim against a recording stand-in for
 * nvim-lspconfig) attaches to Rudder's files only; the Helix and Zed files parse as TOML (python3 tomllib) and
 * JSON and name rudder-lsp --stdio, a bin of the packed npm package; that command, installed from the tarball
 * into a scratch prefix, is run as each editor would run it (Helix: `config` as initializationOptions and the
 * answer to workspace/configuration; Zed: the extension's workspace configuration `{ rudder: settings }`) and
 * answers initialize, then diagnostics on the examples, with the snippet's settings applied. Helix and Zed
 * themselves are neither in Debian nor on npm, so they are not run.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { ROOT, tool } from './support';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const HINT = 'run scripts/install-test-deps.sh';

function toml(file: string): Record<string, unknown> {
  return JSON.parse(execFileSync('python3', ['-c', 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', path.join(ROOT, file)], { encoding: 'utf8' }));
}

describe('editor snippets', () => {
  for (const [file, lang] of [['editors/neovim/rudder.lua', 'lua'], ['editors/neovim/lspconfig.lua', 'lua'], ['editors/helix/languages.toml', 'toml'], ['editors/zed/extension.toml', 'toml'], ['editors/zed/src/lib.rs', 'rust'], ['editors/zed/settings.json', 'json'], ['editors/emacs/rudder.el', 'elisp']]) {
    test(`README shows ${file} verbatim`, () => {
      assert.ok(README.includes(`\`\`\`${lang}\n${fs.readFileSync(path.join(ROOT, file), 'utf8')}\`\`\`\n`));
    });
  }

  test('nvim-lspconfig custom server: rudder-lsp --stdio, for Rudder\'s files only', { ...tool('nvim', ['nvim', '--version'], HINT) }, () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-lspconfig-')), 'out.json');
    const paths = ['/opt/rudder/etc/rudder-users.xml', '/opt/rudder/etc/rudder-web.properties', '/opt/rudder/etc/rudder-web.properties.d/50-ldap.properties', '/srv/app/pom.xml', '/srv/app/application.properties', '/srv/rudder-web.properties.d.bak/x.properties'];
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(ROOT, 'test/dist/lspconfig-stub.lua')}`], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, SNIPPET: path.join(ROOT, 'editors/neovim/lspconfig.lua'), PATHS: JSON.stringify(paths), OUT: out },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), {
      registered: 'rudder',
      setup: 'rudder',
      cmd: ['rudder-lsp', '--stdio'],
      filetypes: ['xml', 'jproperties'],
      single_file_support: false,
      settings: { rudder: { version: 'auto' } },
      roots: {
        '/opt/rudder/etc/rudder-users.xml': '/opt/rudder/etc',
        '/opt/rudder/etc/rudder-web.properties': '/opt/rudder/etc',
        '/opt/rudder/etc/rudder-web.properties.d/50-ldap.properties': '/opt/rudder/etc',
        '/srv/app/pom.xml': null,
        '/srv/app/application.properties': null,
        '/srv/rudder-web.properties.d.bak/x.properties': null,
      },
    });
  });

  test('Emacs: eglot with rudder-lsp --stdio, started for Rudder\'s files only, overrides included', { ...tool('emacs', ['emacs', '--version'], HINT) }, () => {
    const paths = ['/opt/rudder/etc/rudder-users.xml', '/opt/rudder/etc/rudder-web.properties', '/opt/rudder/etc/rudder-web.properties.d/50-ldap.properties', '/srv/app/pom.xml', '/srv/app/application.properties', '/srv/rudder-web.properties.d.bak/x.properties'];
    const probe = [
      '(require \'eglot)',
      `(load ${JSON.stringify(path.join(ROOT, 'editors/emacs/rudder.el'))} nil t)`,
      '(defvar rudder-started nil)',
      '(advice-add \'eglot-ensure :override (lambda () (push buffer-file-name rudder-started)))',
      `(dolist (f '(${paths.map((p) => JSON.stringify(p)).join(' ')})) (with-current-buffer (find-file-noselect f) (set-buffer-modified-p nil)))`,
      '(princ (json-encode (list (cons "started" (vconcat (reverse rudder-started))) (cons "program" (vconcat (cdr (assoc \'(nxml-mode conf-javaprop-mode) eglot-server-programs)))) (cons "config" (format "%S" eglot-workspace-configuration)))))',
    ].join('\n');
    const r = spawnSync('emacs', ['--batch', '--eval', `(progn ${probe})`], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      started: paths.slice(0, 3),
      program: ['rudder-lsp', '--stdio'],
      config: '((:rudder :version "auto"))',
    });
  });

  test('Helix: rudder-lsp --stdio for languages of Rudder\'s file names only', () => {
    const helix = toml('editors/helix/languages.toml') as { 'language-server': Record<string, { command: string; args: string[] }>; language: { name: string; 'language-id': string; 'file-types': { glob: string }[]; 'language-servers': string[] }[] };
    assert.deepEqual(helix['language-server']['rudder-lsp'], { command: 'rudder-lsp', args: ['--stdio'], config: { rudder: { version: 'auto' } } });
    assert.deepEqual(helix.language.map((l) => [l['language-id'], l['file-types'].map((f) => f.glob), l['language-servers']]), [
      ['xml', ['rudder-users.xml'], ['rudder-lsp']],
      ['properties', ['rudder-web.properties', 'rudder-web.properties.d/*.properties'], ['rudder-lsp']],
    ]);
  });

  test('Zed: a dev extension declaring rudder-lsp, started as rudder-lsp --stdio', () => {
    const zed = toml('editors/zed/extension.toml') as { id: string; schema_version: number; language_servers: Record<string, { languages: string[] }> };
    assert.equal(zed.schema_version, 1);
    assert.deepEqual(Object.keys(zed.language_servers), ['rudder-lsp']);
    assert.ok(toml('editors/zed/Cargo.toml'));
    const lib = fs.readFileSync(path.join(ROOT, 'editors/zed/src/lib.rs'), 'utf8');
    assert.match(lib, /worktree\.which\("rudder-lsp"\)/);
    assert.match(lib, /args: vec!\["--stdio"\.into\(\)\]/);
  });
});

/** A section of an editor's configuration object, as Helix and Zed answer workspace/configuration. */
function sectionOf(config: unknown, section: string | undefined): unknown {
  let value = config;
  for (const part of section ? section.split('.') : []) value = (value as Record<string, unknown> | undefined)?.[part];
  return value ?? null;
}

interface EditorRun {
  /** The command and arguments exactly as the editor's snippet names them. */
  command: string;
  args: string[];
  initializationOptions?: unknown;
  /** What the editor answers to workspace/configuration, and sends in workspace/didChangeConfiguration. */
  configuration: unknown;
  /** The file of examples/ and the language id the editor sends for it. */
  files: { file: string; languageId: string }[];
}

/** Runs the server as the editor does; the diagnostic codes it publishes for each file. */
async function runAsEditor(run: EditorRun, env: NodeJS.ProcessEnv): Promise<Record<string, string[]>> {
  const proc = spawn(run.command, run.args, { env });
  const stderr: string[] = [];
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = new Map<string, string[]>();
  let notify = () => {};
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code?: string }[] }) => {
    published.set(p.uri, p.diagnostics.map((d) => String(d.code)));
    notify();
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => sectionOf(run.configuration, i.section)));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  try {
    const init = await conn.sendRequest<{ serverInfo?: { name: string } }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(path.join(ROOT, 'examples')).href,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } },
      initializationOptions: run.initializationOptions,
    });
    assert.equal(init.serverInfo?.name, 'rudder-lsp');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: run.configuration });
    const uris = run.files.map(({ file, languageId }) => {
      const uri = pathToFileURL(path.join(ROOT, 'examples', file)).href;
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8') } });
      return uri;
    });
    // The settings arrive after the first analysis may have been published: wait until the last publication holds.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics within 20 s: ${JSON.stringify([...published])} ${stderr.join('')}`)), 20_000);
      let settle: NodeJS.Timeout | undefined;
      notify = () => {
        if (!uris.every((u) => published.get(u)?.length)) return;
        clearTimeout(settle);
        settle = setTimeout(() => (clearTimeout(timer), resolve()), 1000);
      };
    });
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    return Object.fromEntries(run.files.map(({ file }, i) => [file, published.get(uris[i]) ?? []]));
  } finally {
    conn.dispose();
    proc.kill();
  }
}

describe('Helix and Zed snippets, run as the editors run them', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let bins: Record<string, string>;
  let packed: string[];
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-editors-'));
    const quiet = { ...process.env, npm_config_loglevel: 'error' };
    // dist/ is built (npm test and test:dist build first): --ignore-scripts, so that prepare does not rewrite it
    // under the other packaging tests.
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', env: quiet });
    const [pack] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    packed = pack.files.map((f) => f.path);
    const prefix = path.join(tmp, 'prefix');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(tmp, pack.filename)], { encoding: 'utf8', env: quiet });
    bins = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin;
    env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}` };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** The snippet's command is a bin of the package, and its file is in the tarball. */
  function assertPackaged(command: string): void {
    assert.ok(bins[command], `${command} is not a bin of package.json (${Object.keys(bins).join(', ')})`);
    assert.ok(packed.includes(bins[command].replace(/^\.\//, '')), `${bins[command]} is not in the packed tarball`);
  }

  const FILES = (users: string, properties: string) => [{ file: 'rudder-users.xml', languageId: users }, { file: 'rudder-web.properties', languageId: properties }];

  test('Helix: the languages.toml command, config and language ids', async () => {
    const helix = toml('editors/helix/languages.toml') as { 'language-server': Record<string, { command: string; args: string[]; config: { rudder: Record<string, unknown> } }>; language: { 'language-id': string; 'language-servers': string[] }[] };
    const server = helix['language-server']['rudder-lsp'];
    assertPackaged(server.command);
    const [users, properties] = helix.language.map((l) => l['language-id']);
    const run = (config: unknown) => runAsEditor({ command: server.command, args: server.args, initializationOptions: config, configuration: config, files: FILES(users, properties) }, env);
    const asWritten = await run(server.config);
    assert.ok(asWritten['rudder-users.xml'].includes('unknown-role'), JSON.stringify(asWritten));
    assert.ok(asWritten['rudder-web.properties'].length > 0, JSON.stringify(asWritten));
    const tuned = await run({ rudder: { ...server.config.rudder, rules: { 'unknown-role': 'off' } } });
    assert.ok(!tuned['rudder-users.xml'].includes('unknown-role'), `the config reaches the server: ${JSON.stringify(tuned)}`);
  });

  test("Zed: the extension's command and the settings.json's lsp settings", async () => {
    const lib = fs.readFileSync(path.join(ROOT, 'editors/zed/src/lib.rs'), 'utf8');
    const [, command] = /worktree\.which\("([^"]+)"\)/.exec(lib) ?? [];
    const args = [...(/args: vec!\[([^\]]*)\]/.exec(lib)?.[1] ?? '').matchAll(/"([^"]*)"\.into\(\)/g)].map((m) => m[1]);
    assert.deepEqual([command, args], ['rudder-lsp', ['--stdio']]);
    assertPackaged(command);
    assert.match(lib, /json!\(\{ "rudder": settings\.unwrap_or_default\(\) \}\)/, 'the extension passes the lsp settings as the rudder section');
    const settings = (JSON.parse(fs.readFileSync(path.join(ROOT, 'editors/zed/settings.json'), 'utf8')) as { lsp: Record<string, { settings: Record<string, unknown> }> }).lsp['rudder-lsp'].settings;
    const zed = toml('editors/zed/extension.toml') as { language_servers: Record<string, { languages: string[] }> };
    assert.deepEqual(zed.language_servers['rudder-lsp'].languages, ['XML', 'Java Properties']);
    const run = (s: unknown) => runAsEditor({ command, args, configuration: { rudder: s }, files: FILES('xml', 'java properties') }, env);
    const asWritten = await run(settings);
    assert.ok(asWritten['rudder-users.xml'].includes('unknown-role'), JSON.stringify(asWritten));
    assert.ok(asWritten['rudder-web.properties'].length > 0, JSON.stringify(asWritten));
    const tuned = await run({ ...settings, rules: { 'unknown-role': 'off' } });
    assert.ok(!tuned['rudder-users.xml'].includes('unknown-role'), `the settings reach the server: ${JSON.stringify(tuned)}`);
  });
});
