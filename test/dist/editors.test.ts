// @tier dist
/**
 * The editor snippets of the README are the files of editors/ (verbatim), and what can be checked without the
 * editor is: the nvim-lspconfig custom server (run in headless Neovim against a recording stand-in for
 * nvim-lspconfig) attaches to Rudder's files only; the Helix and Zed files parse as TOML (python3 tomllib) and
 * name rudder-lsp --stdio. Helix and Zed themselves are not packaged by Debian.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, tool } from './support';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const HINT = 'run scripts/install-test-deps.sh';

function toml(file: string): Record<string, unknown> {
  return JSON.parse(execFileSync('python3', ['-c', 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', path.join(ROOT, file)], { encoding: 'utf8' }));
}

describe('editor snippets', () => {
  for (const [file, lang] of [['editors/neovim/lspconfig.lua', 'lua'], ['editors/helix/languages.toml', 'toml'], ['editors/zed/extension.toml', 'toml'], ['editors/zed/src/lib.rs', 'rust']]) {
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
        '/opt/rudder/etc/rudder-web.properties.d/50-ldap.properties': '/opt/rudder/etc/rudder-web.properties.d',
        '/srv/app/pom.xml': null,
        '/srv/app/application.properties': null,
        '/srv/rudder-web.properties.d.bak/x.properties': null,
      },
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
