/** `rudder-lint --format sarif`, run in-process: valid SARIF 2.1.0, 1-based regions, stable fingerprints, no secret. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FINGERPRINT_VERSION } from '../../server/src/cli/fingerprint';
import { GITHUB_LINE_HASH, SRCROOT, type SarifLog, type SarifResult } from '../../server/src/cli/formats/sarif';
import { isRuleId, RULES, ruleDocUrl } from '../../server/src/service/rules';
import { runMain } from './cliRun';
import { REPO } from './markers';

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')));

function assertValidSarif(log: unknown): asserts log is SarifLog {
  assert.ok(validateSarif(log), ajv.errorsText(validateSarif.errors, { separator: '\n' }));
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-sarif-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `main` as bin.ts calls it, in `cwd`. */
const lint = (cwd: string, ...args: string[]) => runMain(args, { cwd });

async function sarif(cwd: string, ...paths: string[]): Promise<SarifLog> {
  const r = await lint(cwd, '--rudder-version', '8.3', '--format', 'sarif', ...paths);
  const log: unknown = JSON.parse(r.stdout);
  assertValidSarif(log);
  return log;
}

const HASH = '$2b$12$C5QXJEHER1vwriBe7s7FROpfMmeKc9.Lz.n68SOYsxagQIsJARv.S';
const USERS = [
  '<authentication hash="bcrypt" case-sensitivity="true">',
  '  <user name="alice" password="hunter2" permissions="adminstrator"/>',
  '  <user name="bob" password="S3cr3t-Pa55" permissions="adminstrator"/>',
  `  <user name="alice" password="${HASH}" permissions="administrator"/>`,
  '</authentication>',
].join('\n');
const withLine = (text: string, after: number, line: string) => [...text.split('\n').slice(0, after), line, ...text.split('\n').slice(after)].join('\n');

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
/** GitHub: critical over 9.0, high from 7.0, medium from 4.0, low below. Errors are high, warnings medium. */
const SECURITY: Record<string, string> = { error: '8.0', warning: '5.0', information: '2.0', hint: '1.0' };
const results = (log: SarifLog): SarifResult[] => log.runs[0].results;
const fingerprint = (r: SarifResult) => r.partialFingerprints[FINGERPRINT_VERSION];

test('valid SARIF 2.1.0: one run, the driver lists every rule with its level and documentation', async () => {
  const dir = tempDir({ 'rudder-users.xml': USERS });
  const r = await lint(dir, '--format', 'sarif', '.');
  assert.equal(r.status, 1, 'exit 1 on error findings, as for the other formats');
  const log: unknown = JSON.parse(r.stdout);
  assertValidSarif(log);
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'rudder-lint');
  assert.equal(driver.version, 'dev');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.deepEqual(
    driver.rules.map(({ help: _, ...rest }) => rest),
    [...RULES.values()].map((rule) => ({
      id: rule.id,
      shortDescription: { text: rule.summary },
      helpUri: ruleDocUrl(rule.id),
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ['security'], 'security-severity': SECURITY[rule.severity] },
    })),
  );
  assert.ok(results(log).length > 0);
  for (const res of results(log)) assert.equal(driver.rules[res.ruleIndex!].id, res.ruleId);
});

test('regions are the JSON output 0-based ranges + 1, results in the same order and level', async () => {
  const line = '  <user name="👤 zoé" password="x" permissions="nod_read"/>';
  const dir = tempDir({ 'rudder-users.xml': withLine(USERS, 1, line) });
  const json = JSON.parse((await lint(dir, '--rudder-version', '8.3', '--format', 'json', '.')).stdout);
  const diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] =
    json.files[0].diagnostics;
  const res = results(await sarif(dir, '.'));
  assert.equal(res.length, diagnostics.length);
  diagnostics.forEach((d, i) => {
    assert.equal(res[i].ruleId, d.code);
    assert.equal(res[i].level, LEVEL[d.severity]);
    assert.equal(res[i].message.text, d.message);
    assert.deepEqual(res[i].locations[0].physicalLocation.region, {
      startLine: d.range.start.line + 1,
      startColumn: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    });
  });
  const column = line.indexOf('nod_read') + 1;
  const typo = res.find((x) => x.ruleId === 'unknown-permission-type');
  assert.deepEqual(typo?.locations[0].physicalLocation.region, { startLine: 2, startColumn: column, endLine: 2, endColumn: column + 'nod_read'.length }, 'UTF-16 columns (columnKind)');
});

test('artifact URIs: relative under %SRCROOT% below the current directory, file URIs elsewhere', async () => {
  const dir = tempDir({ 'my etc/rudder-users.xml': USERS });
  const inside = await sarif(dir, 'my etc');
  assert.deepEqual(inside.runs[0].originalUriBaseIds, { [SRCROOT]: { uri: `${pathToFileURL(dir).href}/` } });
  for (const res of results(inside)) assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'my%20etc/rudder-users.xml', uriBaseId: SRCROOT });
  const file = path.join(dir, 'my etc', 'rudder-users.xml');
  const outside = await sarif(tempDir(), file);
  for (const res of results(outside)) assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(file).href });
});

test('related information becomes related locations in the same file', async () => {
  const duplicate = results(await sarif(tempDir({ 'rudder-users.xml': USERS }), '.')).find((r) => r.ruleId === 'duplicate-user');
  assert.ok(duplicate?.relatedLocations?.length, 'duplicate-user points at the definition Rudder keeps');
  assert.deepEqual(duplicate.relatedLocations[0].physicalLocation.artifactLocation, duplicate.locations[0].physicalLocation.artifactLocation);
  assert.equal(duplicate.relatedLocations[0].physicalLocation.region.startLine, 4);
});

test('fingerprints survive lines inserted above and differ between findings', async () => {
  const before = results(await sarif(tempDir({ 'rudder-users.xml': USERS }), '.'));
  const edited = withLine(withLine(USERS, 0, '<!-- reviewed -->'), 2, '  <!-- alice is the admin -->');
  const after = results(await sarif(tempDir({ 'rudder-users.xml': edited }), '.'));
  assert.deepEqual(
    after.map((r) => r.locations[0].physicalLocation.region.startLine),
    before.map((r) => r.locations[0].physicalLocation.region.startLine + (r.locations[0].physicalLocation.region.startLine >= 2 ? 2 : 1)),
    'the findings moved',
  );
  assert.deepEqual(after.map(fingerprint), before.map(fingerprint));
  assert.equal(new Set(before.map(fingerprint)).size, before.length, 'one fingerprint per finding');
  const typos = before.filter((r) => r.ruleId === 'unknown-role');
  assert.equal(typos.length, 2, 'two findings with the same rule and text, told apart by their order');
  for (const print of before.map(fingerprint)) assert.match(print, /^[0-9a-f]{64}$/);
});

test('no secret in the output: passwords are neither printed nor part of the fingerprint', async () => {
  const log = await sarif(tempDir({ 'rudder-users.xml': USERS }), '.');
  const text = JSON.stringify(log);
  for (const secret of ['hunter2', 'S3cr3t-Pa55']) assert.ok(!text.includes(secret), `${secret} in the output`);
  const changed = await sarif(tempDir({ 'rudder-users.xml': USERS.replace('hunter2', 'correct horse battery staple') }), '.');
  const plaintext = (l: SarifLog) => results(l).filter((r) => r.ruleId === 'plaintext-password').map(fingerprint);
  assert.equal(plaintext(log).length, 2);
  assert.deepEqual(plaintext(changed), plaintext(log), 'a new password value is the same finding');
});

test('secret values of properties files stay out of the fingerprint too', async () => {
  const prints = async (value: string) => {
    const dir = tempDir({ 'rudder-web.properties': `rudder.auth.ldap.url=ldaps://ldap:636\nrudder.auth.ldap.authpw=${value}\nrudder.auth.admin.login=admin\nrudder.auth.admin.password=${value}\n` });
    const res = results(await sarif(dir, '.'));
    assert.ok(res.some((r) => r.ruleId === 'admin-password-plaintext'));
    return res.map((r) => [r.ruleId, fingerprint(r)]);
  };
  assert.deepEqual(await prints('hunter2'), await prints('correct horse'));
});

test('help: the rule\'s section of docs/rules.md, as Markdown and as text', async () => {
  const docs = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
  const rules = (await sarif(tempDir({ 'rudder-users.xml': USERS }), '.')).runs[0].tool.driver.rules;
  for (const rule of rules) {
    assert.ok(isRuleId(rule.id));
    const section = docs.split(/^## /m).find((s) => s.startsWith(`${rule.id}\n`))!;
    const body = section.slice(rule.id.length + 1).trim();
    assert.equal(rule.help.markdown, `${body}\n\n[Documentation](${ruleDocUrl(rule.id)})`);
    assert.ok(rule.help.text.startsWith(`${RULES.get(rule.id)!.summary}\n`));
    assert.ok(!rule.help.text.includes('`'), `plain text for ${rule.id}`);
  }
});

test('the fingerprint is also the partial fingerprint GitHub would otherwise compute from the flagged line', async () => {
  for (const r of results(await sarif(tempDir({ 'rudder-users.xml': USERS }), '.'))) {
    assert.equal(r.partialFingerprints[GITHUB_LINE_HASH], fingerprint(r));
    assert.deepEqual(r.fingerprints, { [FINGERPRINT_VERSION]: fingerprint(r) });
  }
});

test('exit codes as for the other formats; --explain is a usage error with sarif', async () => {
  const clean = tempDir({ 'rudder-users.xml': `<authentication hash="argon2id" case-sensitivity="true"><user name="a" password="${HASH}" permissions="administrator"/></authentication>` });
  const ok = await lint(clean, '--format', 'sarif', '.');
  assert.equal(ok.status, 0, ok.stdout);
  const okLog: unknown = JSON.parse(ok.stdout);
  assertValidSarif(okLog);
  assert.ok(results(okLog).every((r) => r.level !== 'error'));

  const io = await lint(clean, '--format', 'sarif', 'missing/rudder-users.xml', '.');
  assert.equal(io.status, 2);
  assert.match(io.stderr, /ENOENT/);
  assertValidSarif(JSON.parse(io.stdout));

  const explain = await lint(clean, '--format', 'sarif', '--explain', '.');
  assert.equal(explain.status, 2);
  assert.match(explain.stderr, /^rudder-lint: --explain does not apply to --format sarif/);
  assert.equal(explain.stdout, '');
});
