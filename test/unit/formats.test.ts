/**
 * The CI formats, each read back by a reference: `github` against GitHub's own toolkit (@actions/core writes the
 * same workflow commands), `gitlab` against the Code Quality schema, `junit` through python3-junitparser
 * (Debian), which CI dashboards' parsers resemble.
 */
// @tier oracle
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { github } from '../../server/src/cli/formats/github';
import type { LintedFile } from '../../server/src/cli/report';
import { runMain } from './cliRun';
import { REPO } from './markers';

function tempDir(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-formats-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const USERS = [
  '<authentication hash="bcrypt" case-sensitivity="true">',
  '  <user name="alice" password="hunter2" permissions="adminstrator, nod_read"/>',
  '  <user name="alice" password="$2b$12$C5QXJEHER1vwriBe7s7FROpfMmeKc9.Lz.n68SOYsxagQIsJARv.S" permissions="administrator"/>',
  '</authentication>',
].join('\n');
const PROPERTIES = 'rudder.auth.idle-timeout=never\nrudder.server.hsts=false\nrudder.auth.ldap.url=ldap://x\n';
/** Names with the characters the formats must escape. */
const FILES = { 'etc, 50%: prod/rudder-users.xml': USERS, 'etc, 50%: prod/rudder-web.properties': PROPERTIES, 'clean/rudder-users.xml': '<authentication hash="argon2id" case-sensitivity="true"/>' };

interface JsonOut {
  files: { path: string; diagnostics: { code: string; severity: string; message: string; range: Diagnostic['range'] }[] }[];
}

async function both(format: string, env: Record<string, string> = {}) {
  const dir = tempDir(FILES);
  const run = (f: string) => runMain(['--rudder-version', '8.3', '--format', f, '.'], { cwd: dir, env });
  const out = await run(format);
  return { dir, out, reference: JSON.parse((await run('json')).stdout) as JsonOut };
}

/** What @actions/core writes for the same annotations. */
type Annotate = (message: string, properties: { title: string; file: string; startLine: number; endLine: number; startColumn?: number; endColumn?: number }) => void;

async function withToolkit(write: (core: { error: Annotate; warning: Annotate; notice: Annotate }) => void): Promise<string> {
  const core: { error: Annotate; warning: Annotate; notice: Annotate } = await import('@actions/core');
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    write(core);
  } finally {
    process.stdout.write = original;
  }
  return out;
}

const COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

test('github: the workflow commands GitHub\'s toolkit writes, one per diagnostic, paths relative to the checkout', async () => {
  const { dir, out, reference } = await both('github');
  assert.equal(out.status, 1);
  const expected = await withToolkit((core) => {
    for (const f of reference.files) {
      for (const d of f.diagnostics) {
        const single = d.range.start.line === d.range.end.line;
        const props = {
          title: `rudder-lint ${d.code}`,
          file: f.path.split(path.sep).join('/'),
          startLine: d.range.start.line + 1,
          endLine: d.range.end.line + 1,
          ...(single ? { startColumn: d.range.start.character + 1, endColumn: Math.max(d.range.start.character + 1, d.range.end.character) } : {}),
        };
        const level = COMMAND[d.severity as keyof typeof COMMAND];
        if (level === 'error') core.error(d.message, props);
        else if (level === 'warning') core.warning(d.message, props);
        else core.notice(d.message, props);
      }
    }
  });
  assert.equal(out.stdout, expected);
  assert.match(out.stdout, /file=etc%2C 50%25%3A prod\/rudder-users.xml,/, 'properties escaped');
  const inWorkspace = await runMain(['--rudder-version', '8.3', '--format', 'github', path.join(dir, 'etc, 50%: prod')], { cwd: os.tmpdir(), env: { GITHUB_WORKSPACE: dir } });
  assert.equal(inWorkspace.stdout, out.stdout.split('\n').filter((l) => l.includes('file=etc')).map((l) => `${l}\n`).join(''), 'relative to GITHUB_WORKSPACE');
});

test('github: message data escaped (%, CR, LF), columns only on single-line ranges', async () => {
  const d = (line: number, endLine: number, severity: DiagnosticSeverity, message: string): Diagnostic => ({ range: { start: { line, character: 4 }, end: { line: endLine, character: 9 } }, severity, code: 'x-rule', message });
  const files: LintedFile[] = [
    {
      path: 'a/b.xml',
      kind: 'users',
      rudderVersion: '8.3',
      reports: [d(0, 0, DiagnosticSeverity.Error, '100% sure,\r\nreally: yes'), d(1, 3, DiagnosticSeverity.Hint, 'over lines')].map((diagnostic) => ({ diagnostic, fingerprint: '' })),
    },
  ];
  const ours = github(files, { cwd: process.cwd(), explain: false, env: {} });
  const expected = await withToolkit((core) => {
    core.error('100% sure,\r\nreally: yes', { title: 'rudder-lint x-rule', file: 'a/b.xml', startLine: 1, endLine: 1, startColumn: 5, endColumn: 9 });
    core.notice('over lines', { title: 'rudder-lint x-rule', file: 'a/b.xml', startLine: 2, endLine: 4 });
  });
  assert.equal(ours, expected);
  assert.equal(ours.split('\n')[0], '::error title=rudder-lint x-rule,file=a/b.xml,line=1,endLine=1,col=5,endColumn=9::100%25 sure,%0D%0Areally: yes');
});

test('gitlab: valid Code Quality JSON, one issue per diagnostic, unique fingerprints, relative paths', async () => {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'schemas', 'gitlab-code-quality.schema.json'), 'utf8')));
  const { dir, out, reference } = await both('gitlab');
  assert.equal(out.status, 1);
  const issues: { check_name: string; description: string; severity: string; fingerprint: string; location: { path: string } }[] = JSON.parse(out.stdout);
  assert.ok(validate(issues), ajv.errorsText(validate.errors));
  const SEVERITY = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' } as const;
  assert.deepEqual(
    issues.map((i) => [i.check_name, i.description, i.severity, i.location]),
    reference.files.flatMap((f) =>
      f.diagnostics.map((d) => [d.code, d.message, SEVERITY[d.severity as keyof typeof SEVERITY], { path: f.path.split(path.sep).join('/'), lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } }]),
    ),
  );
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'GitLab needs unique fingerprints');
  const project = await runMain(['--rudder-version', '8.3', '--format', 'gitlab', dir], { cwd: os.tmpdir(), env: { CI_PROJECT_DIR: dir } });
  assert.deepEqual(JSON.parse(project.stdout).map((i: { location: unknown }) => i.location), issues.map((i) => i.location), 'paths relative to CI_PROJECT_DIR');
});

const junitparserMissing = spawnSync('/usr/bin/python3', ['-c', 'import junitparser']).status !== 0;
if (junitparserMissing && process.env.CI === 'true') throw new Error('python3-junitparser is missing (scripts/install-test-deps.sh)');

/** junitparser's reading of a JUnit file: per suite its counts and per case its result. */
const READ_JUNIT = `
import json, sys
from junitparser import JUnitXml, Failure, Error, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
print(json.dumps([{
  "name": s.name, "tests": s.tests, "failures": s.failures, "errors": s.errors,
  "cases": [{"classname": c.classname, "name": c.name,
             "result": [{"kind": type(r).__name__, "type": r.type, "message": r.message, "text": r.text} for r in c.result],
             "out": c.system_out} for c in s]
} for s in xml]))
`;

test('junit: python3-junitparser reads one suite per file, one case per diagnostic; errors and warnings fail', { skip: junitparserMissing && 'python3-junitparser is not installed' }, async () => {
  const { dir, out, reference } = await both('junit');
  assert.equal(out.status, 1);
  const file = path.join(dir, 'report.xml');
  fs.writeFileSync(file, out.stdout);
  const r = spawnSync('/usr/bin/python3', ['-c', READ_JUNIT, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const where = (f: JsonOut['files'][0], d: JsonOut['files'][0]['diagnostics'][0]) => `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
  const failing = (d: { severity: string }) => d.severity === 'error' || d.severity === 'warning';
  assert.deepEqual(
    JSON.parse(r.stdout),
    reference.files.map((f) => ({
      name: f.path,
      tests: Math.max(1, f.diagnostics.length),
      failures: f.diagnostics.filter(failing).length,
      errors: 0,
      cases: f.diagnostics.length
        ? f.diagnostics.map((d) => ({
            classname: f.path,
            name: `${d.code} (line ${d.range.start.line + 1})`,
            result: failing(d) ? [{ kind: 'Failure', type: d.severity, message: d.message, text: where(f, d) }] : [],
            out: failing(d) ? null : where(f, d),
          }))
        : [{ classname: f.path, name: 'rudder-lint', result: [], out: null }],
    })),
  );
});
