/**
 * The requests behind the VS Code views, through the real server over stdio: a document's version and why, the
 * versions to pick from, the effective-access table (whole, and free of any password or hash), compare and
 * upgrade reports (the same markdown `rudder-lint diff` / `upgrade` print for the same files: one model feeds
 * both), and the log line per opened file.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { KNOWN_VERSIONS, LATEST_STABLE, PERMISSION_TYPES } from '../../server/src/service/rudder';
import { VIEW_REQUESTS, type AccessTable, type DocumentStatus, type Report, type VersionChoices } from '../../server/src/shared/protocol';
import { openDocument, startServer, stopServer, type Session } from './session';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const B12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const PLAIN = 'Pl41n-S3cret';
const BIND = 'b1nd-S3cret';
const SECRETS = [B12, SHA1, PLAIN, BIND];

const USERS = `<authentication hash="bcrypt" case-sensitivity="true">
  <user name="alice" password="${B12}" role="administrator"/>
  <user name="bob" password="${PLAIN}" permissions="node_read,rule_all"/>
  <user name="carol" password="${SHA1}" permissions="node_read" tenants="zoneA,zoneB"/>
  <user name="dave" password="${B12}" permissions="cve_read"/>
</authentication>
`;
const PROPERTIES = `rudder.auth.provider=file\nrudder.auth.ldap.connection.bind.password=${BIND}\n`;

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-views-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' }).stdout;
const levels = ['read', 'write', 'edit'];
const all = Object.fromEntries(PERMISSION_TYPES.map((t) => [t, levels]));

describe('the views through the server', () => {
  let s: Session;
  let dir: string;
  let uri: string;
  const logs: string[] = [];
  before(async () => {
    dir = folder({ 'rudder-users.xml': USERS, 'rudder-web.properties': PROPERTIES, 'rudder-web.properties.d/10-site.properties': 'rudder.auth.idle-timeout=45 minutes\n' });
    uri = pathToFileURL(path.join(dir, 'rudder-users.xml')).href;
    s = await startServer({ workspace: { configuration: true } });
    s.conn.onNotification('window/logMessage', (p: { message: string }) => {
      logs.push(p.message);
    });
    await openDocument(s, uri, USERS);
  });
  after(() => stopServer(s));

  /** The log lines that match, once there is one (the line of an opened file may come after a first answer). */
  async function logged(match: (line: string) => boolean): Promise<string[]> {
    for (let waited = 0; !logs.some(match) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    return logs.filter(match);
  }

  test('the status says the version and why; the log says it once per file with the siblings and the limit', async () => {
    const status: DocumentStatus = await s.conn.sendRequest(VIEW_REQUESTS.status, { uri });
    assert.deepEqual({ ...status, detail: typeof status.detail }, { version: LATEST_STABLE, source: 'default', label: `Rudder ${LATEST_STABLE} · assumed`, detail: 'string' });
    await s.conn.sendRequest(VIEW_REQUESTS.status, { uri });
    const mine = await logged((l) => l.startsWith(path.join(dir, 'rudder-users.xml')));
    assert.deepEqual(mine, [
      `${path.join(dir, 'rudder-users.xml')}: Rudder ${LATEST_STABLE} · assumed (${status.detail}); siblings read: rudder-web.properties, rudder-web.properties.d/10-site.properties; files over rudder.maxFileSizeMB = 5 MB get only cheap checks`,
    ]);
  });

  test('a version set in the settings is "set", and the change is logged', async () => {
    s.settings = { version: '8.3' };
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const status: DocumentStatus = await s.conn.sendRequest(VIEW_REQUESTS.status, { uri });
    assert.deepEqual(status, { version: '8.3', source: 'setting', label: 'Rudder 8.3 · set', detail: 'set by rudder.version = 8.3' });
    assert.equal((await logged((l) => l.includes(': Rudder 8.3 · set (set by rudder.version = 8.3)'))).length, 1);
    const choices: VersionChoices = await s.conn.sendRequest(VIEW_REQUESTS.versions, { uri });
    assert.deepEqual(choices, { settings: ['auto', ...KNOWN_VERSIONS], upgradeTargets: KNOWN_VERSIONS.slice(KNOWN_VERSIONS.indexOf('8.3') + 1) });
    s.settings = {};
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  test('the access table: users × permission types with login, password shape and tenants, and no secret', async () => {
    const table: AccessTable = await s.conn.sendRequest(VIEW_REQUESTS.access, { uri });
    const json = JSON.stringify(table);
    for (const secret of SECRETS) assert.ok(!json.includes(secret), `the table holds ${secret}`);
    assert.deepEqual(
      { ...table, rows: table.rows.map((r) => ({ ...r, loginProblem: r.loginProblem && '…' })) },
      {
        folder: dir,
        files: ['rudder-users.xml', 'rudder-web.properties', 'rudder-web.properties.d/10-site.properties'],
        rudderVersion: LATEST_STABLE,
        columns: [...PERMISSION_TYPES],
        levels,
        usersFileRejected: false,
        notRead: [],
        rows: [
          { name: 'alice', admin: true, rights: all, loginPossible: true, loginProblem: undefined, password: 'bcrypt cost 12', tenants: 'all tenants' },
          { name: 'bob', admin: false, rights: { node: ['read'], rule: levels }, loginPossible: false, loginProblem: '…', password: 'not a hash', tenants: 'all tenants' },
          { name: 'carol', admin: false, rights: { node: ['read'] }, loginPossible: false, loginProblem: '…', password: 'sha1', tenants: 'zoneA, zoneB' },
          { name: 'dave', admin: false, rights: {}, loginPossible: true, loginProblem: undefined, password: 'bcrypt cost 12', tenants: 'all tenants' },
        ],
      },
    );
  });

  test('compare with an older text: the markdown of rudder-lint diff, escalations counted', async () => {
    const old = USERS.replace('role="administrator"', 'role="node_read"');
    const oldDir = folder({ 'rudder-users.xml': old, 'rudder-web.properties': PROPERTIES, 'rudder-web.properties.d/10-site.properties': 'rudder.auth.idle-timeout=45 minutes\n' });
    const report: Report = await s.conn.sendRequest(VIEW_REQUESTS.compare, { uri, base: { text: old, label: 'HEAD' } });
    const expected = cli('diff', '--format', 'markdown', path.join(oldDir, 'rudder-users.xml'), path.join(dir, 'rudder-users.xml'));
    assert.equal(report.title, 'rudder-users.xml against HEAD');
    assert.equal(report.markdown, expected.replace('### Rudder access review', '### rudder-users.xml against HEAD'));
    assert.equal(report.escalations, 1);
    assert.ok(report.markdown.includes('#### ⚠️ `alice` — changed\n\n| change | detail |\n|---|---|\n| +administrator (any) | |\n'), report.markdown);
  });

  test('compare with another file: its siblings come from its own folder', async () => {
    const other = folder({ 'rudder-users.xml': USERS.replace(/ *<user name="alice".*\n/, ''), 'rudder-web.properties': 'rudder.auth.provider=file\n' });
    const otherFile = path.join(other, 'rudder-users.xml');
    const report: Report = await s.conn.sendRequest(VIEW_REQUESTS.compare, { uri, base: { uri: pathToFileURL(otherFile).href } });
    const expected = cli('diff', '--format', 'markdown', otherFile, path.join(dir, 'rudder-users.xml'));
    assert.equal(report.markdown, expected.replace('### Rudder access review', `### rudder-users.xml against ${otherFile}`));
    assert.equal(report.escalations, 1, 'alice, an administrator, is new');
  });

  test('upgrade: the markdown of rudder-lint upgrade, with no secret', async () => {
    const to = KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1];
    const report: Report = await s.conn.sendRequest(VIEW_REQUESTS.upgrade, { uri, to });
    assert.equal(report.markdown, cli('upgrade', '--from', LATEST_STABLE, '--to', to, '--format', 'markdown', dir));
    for (const secret of SECRETS) assert.ok(!report.markdown.includes(secret));
    assert.equal(await s.conn.sendRequest(VIEW_REQUESTS.upgrade, { uri, to: '1.0' }), null, 'an unknown version');
  });

  test('a document the server does not have gets null, and nothing logged holds a secret', async () => {
    assert.equal(await s.conn.sendRequest(VIEW_REQUESTS.access, { uri: pathToFileURL(path.join(dir, 'other.xml')).href }), null);
    for (const secret of SECRETS) assert.ok(!logs.join('\n').includes(secret));
  });
});
