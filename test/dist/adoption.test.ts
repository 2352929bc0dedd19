// @tier dist
/**
 * CI adoption paths, run offline: the composite action's steps (action.yml) run as GitHub's runner would run
 * them (bash -eo pipefail, inputs and github.action_path substituted, GITHUB_OUTPUT, GITHUB_ACTIONS=true),
 * since `act` is not installable here; the pre-commit hook (.pre-commit-hooks.yaml) through Debian's
 * pre-commit in a scratch git repository that uses a scratch clone of this checkout as its hook repository.
 * Under CI=true a missing pre-commit or python3-yaml fails instead of skipping.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { copyCheckout, ROOT, tool } from './support';

const HINT = 'run scripts/install-test-deps.sh';
const CLI = path.join(ROOT, 'dist/cli.js');
const CLEAN_USERS = `<authentication hash="bcrypt" case-sensitivity="true">\n  <user name="admin" password="${bcrypt.hashSync('unused', 12)}" role="administrator"/>\n</authentication>\n`;

function lintText(cwd: string, ...paths: string[]): string {
  return spawnSync(process.execPath, [CLI, ...paths], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: undefined } }).stdout;
}

interface Step {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

describe('GitHub Action (action.yml), its steps run as the runner runs them', { ...tool('python3-yaml', ['python3', '-c', 'import yaml'], HINT) }, () => {
  let tmp: string;
  let actionPath: string;
  let action: Action;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-action-'));
    actionPath = path.join(tmp, 'action');
    copyCheckout(actionPath);
    action = JSON.parse(execFileSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(ROOT, 'action.yml')], { encoding: 'utf8' }));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Run the steps (all, or those with an id in `only`) on `workspace`; the outputs GitHub would give. */
  function runAction(workspace: string, withInputs: Record<string, string>, only?: string[]) {
    const inputs: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, withInputs[k] ?? v.default]));
    const stepOutputs: Record<string, Record<string, string>> = {};
    const expand = (s: string) =>
      s.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
        if (expr === 'github.action_path') return actionPath;
        if (expr.startsWith('inputs.')) return inputs[expr.slice(7)];
        const m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
        if (m) return stepOutputs[m[1]]?.[m[2]] ?? '';
        throw new Error(`unsupported expression ${expr}`);
      });
    const logs: { id?: string; status: number | null; stdout: string; stderr: string }[] = [];
    for (const step of action.runs.steps.filter((s) => !only || only.includes(s.id ?? ''))) {
      assert.equal(step.shell, 'bash');
      const outputFile = path.join(tmp, `output-${logs.length}`);
      fs.writeFileSync(outputFile, '');
      const script = path.join(tmp, `step-${logs.length}.sh`);
      fs.writeFileSync(script, expand(step.run));
      const env = { ...process.env, npm_config_prefer_offline: 'true', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: actionPath, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])) };
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: step['working-directory'] ? expand(step['working-directory']) : workspace, env, encoding: 'utf8', timeout: 300_000 });
      logs.push({ id: step.id, status: r.status, stdout: r.stdout, stderr: r.stderr });
      if (step.id) stepOutputs[step.id] = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      if (r.status !== 0) break;
    }
    return { logs, outputs: Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expand(v.value)])) };
  }

  test('is a composite action whose steps are bash scripts', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(action.runs.steps.map((s) => s.shell), ['bash', 'bash']);
  });

  test('builds rudder-lint, fails on the examples with an annotation per finding, writes SARIF 2.1.0', () => {
    const workspace = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(workspace, 'etc'), { recursive: true });
    for (const f of fs.readdirSync(path.join(ROOT, 'examples'))) fs.copyFileSync(path.join(ROOT, 'examples', f), path.join(workspace, 'etc', f));
    const { logs, outputs } = runAction(workspace, { paths: 'etc/', 'sarif-file': 'rudder.sarif' });
    assert.equal(logs.length, 2);
    assert.equal(logs[0].status, 0, logs[0].stderr);
    assert.equal(logs[1].status, 1, logs[1].stderr);
    // As on GitHub (GITHUB_ACTIONS=true): one workflow annotation per finding of the text output.
    const text = lintText(workspace, 'etc/').trimEnd().split('\n');
    const annotations = logs[1].stdout.trimEnd().split('\n');
    assert.equal(annotations.length, text.length);
    text.forEach((line, i) => {
      const [, file, l, c, severity, code] = /^(.+?):(\d+):(\d+): (\w+) ([\w-]+): /.exec(line)!;
      const level = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
      assert.ok(annotations[i].startsWith(`::${level} title=rudder-lint ${code},file=${file},line=${l},`), `${annotations[i]} for ${line}`);
      assert.ok(annotations[i].includes(`,col=${c},`));
    });
    assert.match(logs[1].stdout, /^::error title=rudder-lint plaintext-password,file=etc\/rudder-users\.xml,/m);
    assert.equal(outputs['exit-code'], '1');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'rudder.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, text.length);
  });

  test('passes on a folder without errors; several paths in one input', () => {
    const workspace = path.join(tmp, 'clean');
    for (const d of ['a', 'b']) {
      fs.mkdirSync(path.join(workspace, d), { recursive: true });
      fs.writeFileSync(path.join(workspace, d, 'rudder-users.xml'), CLEAN_USERS);
    }
    const { logs, outputs } = runAction(workspace, { paths: 'a b', 'rudder-version': '9.0' }, ['lint']);
    assert.equal(logs[0].status, 0, logs[0].stdout + logs[0].stderr);
    assert.equal(outputs['exit-code'], '0');
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml) with Debian\'s pre-commit, offline', { ...tool('pre-commit', ['pre-commit', '--version'], HINT) }, () => {
  let tmp: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const git = (...args: string[]) => spawnSync('git', args, { cwd: work, env, encoding: 'utf8' });
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-pre-commit-'));
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.writeFileSync(path.join(tmp, 'bin/rudder-lint'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
    env = {
      ...process.env,
      PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`,
      PRE_COMMIT_HOME: path.join(tmp, 'cache'),
      GIT_CONFIG_GLOBAL: path.join(tmp, 'gitconfig'),
      GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org',
    };
    fs.writeFileSync(path.join(tmp, 'gitconfig'), '[init]\n\tdefaultBranch = main\n');
    const hooks = path.join(tmp, 'hooks');
    copyCheckout(hooks);
    for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'hooks']]) execFileSync('git', args, { cwd: hooks, env });
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: hooks, env, encoding: 'utf8' }).trim();
    work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(work, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(work, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: rudder-lint\n`);
    fs.writeFileSync(path.join(work, 'README.md'), 'Rudder configuration\n');
    git('init', '-q');
    git('add', '.pre-commit-config.yaml', 'README.md');
    git('commit', '-q', '-m', 'init');
    const install = spawnSync('pre-commit', ['install'], { cwd: work, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a commit with a broken rudder-users.xml is refused with the findings', () => {
    fs.copyFileSync(path.join(ROOT, 'examples/rudder-users.xml'), path.join(work, 'etc/rudder-users.xml'));
    git('add', 'etc/rudder-users.xml');
    const r = git('commit', '-m', 'add users');
    // git gives hooks its stderr as their stdout.
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^rudder-lint\.+Failed$/m);
    for (const line of lintText(work, 'etc/rudder-users.xml').trimEnd().split('\n')) assert.ok(r.stderr.includes(line), line);
    assert.equal(git('rev-list', '--count', 'HEAD').stdout.trim(), '1');
  });

  test('the fixed file is committed; files Rudder does not read are skipped', () => {
    fs.writeFileSync(path.join(work, 'etc/rudder-users.xml'), CLEAN_USERS);
    git('add', 'etc/rudder-users.xml');
    const ok = git('commit', '-m', 'add users');
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stderr, /^rudder-lint\.+Passed$/m);
    fs.appendFileSync(path.join(work, 'README.md'), 'more\n');
    git('add', 'README.md');
    const skipped = git('commit', '-m', 'readme');
    assert.equal(skipped.status, 0, skipped.stdout + skipped.stderr);
    assert.match(skipped.stderr, /^rudder-lint\.+\(no files to check\)Skipped$/m);
  });

  test('pre-commit run --all-files lints rudder-web.properties and rudder-web.properties.d/ files', () => {
    fs.copyFileSync(path.join(ROOT, 'examples/rudder-web.properties'), path.join(work, 'etc/rudder-web.properties'));
    fs.mkdirSync(path.join(work, 'etc/rudder-web.properties.d'));
    fs.writeFileSync(path.join(work, 'etc/rudder-web.properties.d/50-ldap.properties'), 'rudder.auth.ldap.searchbase=ou=People\n');
    git('add', '-A');
    const r = spawnSync('pre-commit', ['run', '--all-files', '--verbose'], { cwd: work, env, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^etc\/rudder-web\.properties:\d+:\d+: error ldap-filter-missing-placeholder: /m);
    assert.doesNotMatch(r.stdout, /README/);
  });
});
