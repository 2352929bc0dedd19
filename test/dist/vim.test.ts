// @tier dist
/**
 * Vim and Neovim without a language server (editors/vim): the errorformat of `:compiler rudder_lint` reads
 * rudder-lint's text output into Neovim's quickfix list exactly as the JSON output says (file, line, column,
 * type, code and message), and the ALE linters (Debian's vim-ale) report the JSON output's problems for Rudder's
 * files only. Under CI=true a missing nvim or vim-ale fails instead of skipping.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tool } from './support';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const ALE = '/usr/share/vim-ale';
const HINT = 'run scripts/install-test-deps.sh';
const NVIM = ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--cmd', `set rtp^=${path.join(ROOT, 'editors/vim')}`];

interface JsonDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
function lintJson(...args: string[]): { path: string; diagnostics: JsonDiagnostic[] }[] {
  return JSON.parse(spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8' }).stdout).files;
}

describe('vim errorformat and ALE', { ...tool('nvim', ['nvim', '--version'], HINT) }, () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-vim-'));
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.writeFileSync(path.join(tmp, 'bin/rudder-lint'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test(':compiler rudder_lint reads the text output into the quickfix list', () => {
    const text = spawnSync(process.execPath, [CLI, 'examples/'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    fs.writeFileSync(path.join(tmp, 'out.txt'), text);
    const qf = path.join(tmp, 'qf.json');
    const r = spawnSync('nvim', [...NVIM, '-c', 'compiler rudder_lint', '-c', `cgetfile ${path.join(tmp, 'out.txt')}`,
      '-c', `call writefile([json_encode({'makeprg': &makeprg, 'list': map(getqflist(), {_, e -> {'file': bufname(e.bufnr), 'lnum': e.lnum, 'col': e.col, 'type': e.type, 'text': e.text, 'valid': e.valid}})})], '${qf}')`,
      '-c', 'qall!'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const { makeprg, list } = JSON.parse(fs.readFileSync(qf, 'utf8'));
    assert.equal(makeprg, 'rudder-lint');
    const type = { error: 'e', warning: 'w', information: 'i', hint: 'n' };
    const expected = lintJson('examples/').flatMap((f) => f.diagnostics.map((d) => ({
      file: f.path, lnum: d.range.start.line + 1, col: d.range.start.character + 1, type: type[d.severity], text: `${d.code}: ${d.message}`, valid: 1,
    })));
    assert.ok(expected.length > 10 && expected.some((e) => e.type === 'e') && expected.some((e) => e.type === 'w') && expected.some((e) => e.type === 'i'));
    assert.deepEqual(list, expected);
  });

  test('the hint format maps to a note', () => {
    const qf = path.join(tmp, 'hint.json');
    fs.writeFileSync(path.join(tmp, 'hint.txt'), 'etc/rudder-users.xml:3:7: hint some-style-rule: a message\nrudder-lint: etc/missing: ENOENT no such file\n');
    spawnSync('nvim', [...NVIM, '-c', 'compiler rudder_lint', '-c', `cgetfile ${path.join(tmp, 'hint.txt')}`,
      '-c', `call writefile([json_encode(map(getqflist(), {_, e -> [e.lnum, e.col, e.type, e.text]}))], '${qf}')`, '-c', 'qall!'], { cwd: ROOT, timeout: 30_000 });
    assert.deepEqual(JSON.parse(fs.readFileSync(qf, 'utf8')), [[3, 7, 'n', 'some-style-rule: a message']]);
  });

  describe('ALE', { ...tool('vim-ale', ['test', '-f', `${ALE}/plugin/ale.vim`], HINT) }, () => {
    function ale(file: string): { filetype: string; problems: Record<string, unknown>[]; error?: string } {
      const out = path.join(tmp, `ale-${path.basename(file)}.json`);
      const r = spawnSync('nvim', [...NVIM, '--cmd', `set rtp^=${ALE}`, '-S', path.join(ROOT, 'test/dist/ale.vim')], {
        cwd: ROOT, encoding: 'utf8', timeout: 40_000,
        env: { ...process.env, PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`, RUDDER_FILE: file, RUDDER_OUT: out },
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(fs.readFileSync(out, 'utf8'));
    }
    const TYPE = { error: 'E', warning: 'W', information: 'I', hint: 'I' };

    for (const [file, filetype] of [['examples/rudder-users.xml', 'xml'], ['examples/rudder-web.properties', 'jproperties']]) {
      test(`${file} (${filetype}): the problems of rudder-lint --format json`, () => {
        const result = ale(file);
        assert.equal(result.error, undefined, JSON.stringify(result));
        assert.equal(result.filetype, filetype);
        const [{ diagnostics }] = lintJson(file);
        assert.deepEqual(result.problems, diagnostics.map((d) => ({
          lnum: d.range.start.line + 1, col: d.range.start.character + 1, end_lnum: d.range.end.line + 1, end_col: d.range.end.character,
          type: TYPE[d.severity], code: d.code, text: d.message, linter: 'rudder_lint',
        })));
      });
    }

    test('other XML files are not linted', () => {
      const other = path.join(tmp, 'pom.xml');
      fs.writeFileSync(other, '<project><user name="x" password="plain"/></project>\n');
      const result = ale(other);
      assert.equal(result.filetype, 'xml');
      assert.deepEqual(result.problems, []);
    });
  });
});
