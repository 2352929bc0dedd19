// @tier dist
/**
 * What `npm run dist` built (run it first: `npm run test:dist` does): the single executable, installed from the
 * .deb with `dpkg --root` into a scratch root, lints the examples and serves LSP (hashing in its embedded worker)
 * with an environment whose PATH reaches no node; the man page renders cleanly; the .rpm holds the same files.
 * Under CI=true a missing dpkg, rpm or groff fails the test instead of skipping it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { initialize, shutdown, tool } from './support';

const ROOT = path.resolve(__dirname, '../../..');
const BUILD = path.join(ROOT, 'build');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const DEB = path.join(BUILD, `rudder-lint_${version}_amd64.deb`);
const RPM = path.join(BUILD, `rudder-lint-${version}-1.x86_64.rpm`);
const HINT = 'run scripts/install-test-deps.sh';
const VIM = ['ale_linters/jproperties/rudder_lint.vim', 'ale_linters/xml/rudder_lint.vim', 'autoload/rudder_lint.vim', 'compiler/rudder_lint.vim'];
const VIM_FILES = ['/usr/share/vim/vimfiles', '/usr/share/nvim/site'].flatMap((d) => VIM.map((f) => `${d}/${f}`));

describe('single executable from the .deb, without Node', { ...tool('dpkg', ['dpkg', '--version'], HINT) }, () => {
  let root: string;
  /** Only a shell: PATH is the scratch /usr/bin and this, so no node is reachable. */
  let shell: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    assert.ok(fs.existsSync(DEB), `${DEB} is missing: run npm run dist`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-deb-'));
    const admin = path.join(root, 'var/lib/dpkg');
    for (const d of ['info', 'updates']) fs.mkdirSync(path.join(admin, d), { recursive: true });
    for (const f of ['status', 'available']) fs.writeFileSync(path.join(admin, f), '');
    // --force-depends: the scratch root has no libc6 package; the binary uses the host's libraries.
    execFileSync('dpkg', [`--root=${root}`, '--force-depends', '--log=/dev/null', '--install', DEB], { stdio: 'pipe' });
    shell = path.join(root, 'shell');
    fs.mkdirSync(shell);
    fs.symlinkSync('/bin/sh', path.join(shell, 'sh'));
    env = { PATH: `${path.join(root, 'usr/bin')}:${shell}`, HOME: root, LANG: 'C.UTF-8' };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('dpkg installed /usr/bin/rudder-lint, its man page and the docs it names', () => {
    const listed = execFileSync('dpkg', [`--root=${root}`, '--listfiles', 'rudder-lint'], { encoding: 'utf8' }).split('\n');
    for (const f of ['/usr/bin/rudder-lint', '/usr/share/man/man1/rudder-lint.1.gz', '/usr/share/doc/rudder-lint/copyright', '/usr/share/doc/rudder-lint/rules.md', '/usr/share/doc/rudder-lint/cli.md', ...VIM_FILES]) assert.ok(listed.includes(f), f);
    assert.equal(fs.statSync(path.join(root, 'usr/bin/rudder-lint')).mode & 0o777, 0o755);
    for (const d of ['rules.md', 'cli.md']) assert.equal(fs.readFileSync(path.join(root, 'usr/share/doc/rudder-lint', d), 'utf8'), fs.readFileSync(path.join(ROOT, 'docs', d), 'utf8'), d);
  });

  test('Vim and Neovim find :compiler rudder_lint and the ALE linters where they were installed', { ...tool('vim', ['vim', '--version'], HINT) }, () => {
    for (const [editor, dir] of [['vim', 'usr/share/vim/vimfiles'], ['nvim', 'usr/share/nvim/site']]) {
      const out = path.join(root, `${editor}.txt`);
      const r = spawnSync(editor, [...(editor === 'vim' ? ['-Nu', 'NONE', '-es'] : ['--headless', '-u', 'NONE']), '--cmd', `set rtp^=${path.join(root, dir)}`,
        '+compiler rudder_lint', `+call writefile([&makeprg, string(globpath(&rtp, 'ale_linters/*/rudder_lint.vim', 0, 1))], '${out}')`, '+qall!'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      const [makeprg, linters] = fs.readFileSync(out, 'utf8').split('\n');
      assert.equal(makeprg, 'rudder-lint', editor);
      for (const ft of ['jproperties', 'xml']) assert.ok(linters.includes(path.join(root, dir, `ale_linters/${ft}/rudder_lint.vim`)), `${editor} ${ft}: ${linters}`);
    }
  });

  test('no node on PATH; rudder-lint lints the examples as the bundle does (exit 1: errors found)', () => {
    const r = spawnSync(path.join(shell, 'sh'), ['-c', 'command -v node; echo "node: $?"; command -v rudder-lint; rudder-lint examples/; echo "rudder-lint: $?"'], { cwd: ROOT, env, encoding: 'utf8' });
    const bundled = spawnSync(process.execPath, ['dist/cli.js', 'examples/'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    const [nodeLine, which, ...rest] = r.stdout.trimEnd().split('\n');
    assert.match(nodeLine, /^node: [1-9]\d*$/);
    assert.equal(which, path.join(root, 'usr/bin/rudder-lint'));
    assert.equal(rest.pop(), 'rudder-lint: 1');
    assert.equal(`${rest.join('\n')}\n`, bundled.stdout);
    assert.match(bundled.stdout, /error plaintext-password: /);
  });

  test('rudder-lint --help and a usage error keep their exit codes', () => {
    const bin = path.join(root, 'usr/bin/rudder-lint');
    const help = spawnSync(bin, ['--help'], { env, encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.equal(help.stdout, spawnSync(process.execPath, ['dist/cli.js', '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout);
    assert.equal(spawnSync(bin, ['--no-such-option'], { env, encoding: 'utf8' }).status, 2);
  });

  test('rudder-lint lsp --stdio answers initialize and hashes in the embedded worker', async () => {
    const s = await initialize(path.join(root, 'usr/bin/rudder-lint'), ['lsp', '--stdio'], env, { bcrypt: { cost: 4 } });
    assert.equal(s.initializeResult.serverInfo?.name, 'rudder-lsp');
    assert.equal(s.initializeResult.serverInfo?.version, version);
    const uri = 'file:///opt/rudder/etc/rudder-users.xml';
    const password = 'Tr0ub4dor&3';
    const text = `<authentication hash="bcrypt">\n  <user name="bob" password="${password.replace('&', '&amp;')}" role="user"/>\n</authentication>\n`;
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const start = text.split('\n')[1].indexOf('password="') + 10;
    const range = { start: { line: 1, character: start }, end: { line: 1, character: start + 1 } };
    const diagnostics = [{ range, code: 'plaintext-password', source: 'rudder', message: '' }];
    const actions: CodeAction[] = await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    const action = actions.find((a) => a.title.startsWith('Hash this password with bcrypt (cost 4)'));
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    const resolved: CodeAction = await s.conn.sendRequest('codeAction/resolve', action);
    const [edit] = (resolved.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    assert.match(edit.newText, /^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    assert.ok(bcrypt.compareSync(password, edit.newText));
    assert.equal(await shutdown(s), 0);
    assert.equal(s.stderr.join(''), '');
  });

  test('the man page renders without a groff warning and documents every option of --help', { ...tool('groff', ['groff', '--version'], HINT) }, () => {
    const roff = execFileSync('gzip', ['-dc', path.join(root, 'usr/share/man/man1/rudder-lint.1.gz')], { encoding: 'utf8' });
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-rLL=200n'], { input: roff, encoding: 'utf8', env: { ...process.env, GROFF_NO_SGR: '1' } });
    assert.equal(r.stderr, '');
    const rendered = r.stdout.replace(/.\x08/g, '').replace(/\u2010\n\s*/g, '').replace(/\u2010|\u2212/g, '-');
    const help = spawnSync(process.execPath, ['dist/cli.js', '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    for (const [, option] of help.matchAll(/^ {2}(-\S+(?:, --\S+)?)/gm)) assert.ok(rendered.includes(option), option);
    assert.match(rendered, /rudder-lint lsp --stdio/);
  });
});

describe('.rpm', { ...tool('rpm', ['rpm', '--version'], HINT) }, () => {
  test('rpm -qlp lists /usr/bin/rudder-lint, the man page, the docs, the licence and the Vim files', () => {
    assert.ok(fs.existsSync(RPM), `${RPM} is missing: run npm run dist`);
    assert.deepEqual(execFileSync('rpm', ['-qlp', RPM], { encoding: 'utf8' }).trim().split('\n'), [
      '/usr/bin/rudder-lint',
      '/usr/share/doc/rudder-lint/cli.md',
      '/usr/share/doc/rudder-lint/rules.md',
      '/usr/share/licenses/rudder-lint/LICENSE',
      '/usr/share/man/man1/rudder-lint.1.gz',
      ...VIM_FILES,
    ].sort());
    assert.equal(execFileSync('rpm', ['-qp', '--queryformat', '%{NAME} %{VERSION} %{ARCH} %{LICENSE}', RPM], { encoding: 'utf8' }), `rudder-lint ${version} x86_64 MIT`);
    assert.match(execFileSync('rpm', ['-qp', '--dump', RPM], { encoding: 'utf8' }), /^\/usr\/bin\/rudder-lint \d+ \d+ \S+ 0100755 root root /m);
  });
});
