// @tier dist
/**
 * The npm package as a user gets it: packed from a checkout without dist/ (what a git dependency is, so
 * `prepare` must build it), at most 300 kB, nothing but the bundles, schemas, docs and notices, no runtime
 * dependency; installed globally into a scratch prefix with --offline, both bins work.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyCheckout, initialize, ROOT, shutdown } from './support';

const ALLOWED = /^(dist\/(cli|lsp|hashWorker)\.js|schemas\/[^/]+|docs\/[^/]+\.md|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;

describe('npm package', () => {
  let tmp: string;
  let src: string;
  let tgz: string;
  let packed: { size: number; files: { path: string }[] };
  let prefix: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-npm-'));
    src = path.join(tmp, 'src');
    copyCheckout(src);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: src, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
    [packed] = JSON.parse(out.slice(out.indexOf('[')));
    tgz = path.join(tmp, (packed as unknown as { filename: string }).filename);
    prefix = path.join(tmp, 'prefix');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz], { encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('prepare built dist/ from a checkout that had none', () => {
    for (const f of ['dist/cli.js', 'dist/lsp.js', 'dist/hashWorker.js']) assert.ok(packed.files.some((p) => p.path === f), f);
  });

  test('at most 300 kB, only the bundles, schemas, docs and notices', () => {
    assert.ok(packed.size <= 300_000, `${packed.size} bytes`);
    assert.deepEqual(packed.files.map((f) => f.path).filter((p) => !ALLOWED.test(p)), []);
  });

  test("the README's relative links are files of the package, but for the screenshots (in the .vsix; npm's budget is 300 kB)", () => {
    const readme = fs.readFileSync(path.join(src, 'README.md'), 'utf8');
    const refs = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((r) => !/^[a-z][a-z0-9+.-]*:/i.test(r) && !r.startsWith('#')).map((r) => r.split('#')[0]);
    assert.ok(refs.includes('docs/rules.md'), refs.join(', '));
    assert.deepEqual([...new Set(refs)].filter((r) => !/^images\/[^/]+\.png$/.test(r) && !packed.files.some((f) => f.path === r)), []);
  });

  test('no runtime dependencies; bins rudder-lint and rudder-lsp; engines.node is the bundles\' target', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(prefix, 'lib/node_modules/rudder-security-config/package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined);
    assert.deepEqual(pkg.bin, { 'rudder-lint': './dist/cli.js', 'rudder-lsp': './dist/lsp.js' });
    const [, major] = /^>=(\d+)$/.exec(pkg.engines.node) ?? [];
    assert.ok(major, pkg.engines.node);
    assert.match(fs.readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8'), /target: nodeTarget/);
    assert.ok(Number(process.versions.node.split('.')[0]) >= Number(major));
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'lib/node_modules/rudder-security-config')).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'docs', 'package.json', 'schemas']);
  });

  test('rudder-lint from the scratch prefix lints the examples like the bundle does (exit 1: errors found)', () => {
    const installed = spawnSync(path.join(prefix, 'bin/rudder-lint'), ['examples/'], { cwd: ROOT, encoding: 'utf8' });
    const bundled = spawnSync(process.execPath, [path.join(src, 'dist/cli.js'), 'examples/'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(installed.status, 1, installed.stderr);
    assert.equal(installed.stderr, '');
    assert.equal(installed.stdout, bundled.stdout);
    for (const line of installed.stdout.trimEnd().split('\n')) assert.match(line, /^examples\/rudder-(users\.xml|web\.properties):\d+:\d+: (error|warning|information|hint) [a-z0-9-]+: \S/);
    assert.match(installed.stdout, /^examples\/rudder-users\.xml:\d+:\d+: error plaintext-password: /m);
  });

  for (const [bin, args] of [['rudder-lsp', ['--stdio']], ['rudder-lint', ['lsp', '--stdio']]] as const) {
    test(`${bin} ${args.join(' ')} from the scratch prefix answers initialize`, async () => {
      const s = await initialize(path.join(prefix, 'bin', bin), [...args], process.env);
      assert.equal(s.initializeResult.serverInfo?.name, 'rudder-lsp');
      assert.ok(s.initializeResult.capabilities.hoverProvider);
      assert.equal(await shutdown(s), 0);
    });
  }
});
