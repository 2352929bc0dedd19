/**
 * The configuration file in the server: `.rudder-lint.json` (or `"rudder-lint"` in a package.json) found by walking
 * up from the document, its version and rules applied under the editor settings the client sends (all of them
 * explicit: the VS Code client sends only what the user set), its globs giving a document's kind, watched and
 * re-read when it changes, its problems shown once, and the version's origin in the status.
 */
// @tier protocol
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { KNOWN_VERSIONS } from '../../server/src/service/rudder';
import { VIEW_REQUESTS, type ConfiguredFiles, type DocumentStatus } from '../../server/src/shared/protocol';
import { openDocument, startServer, stopServer, type PublishDiagnosticsParams, type Session } from './session';

const USERS = '<authentication hash="bcrypt">\n  <user name="bob" password="Pl41n-S3cret" role="administrator"/>\n</authentication>\n';
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every diagnostics notification, by document, latest last. */
function recordDiagnostics(s: Session): Map<string, Diagnostic[][]> {
  const seen = new Map<string, Diagnostic[][]>();
  s.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void seen.set(p.uri, [...(seen.get(p.uri) ?? []), p.diagnostics]));
  return seen;
}

/** The severity of the plain-text password once the latest diagnostics of `uri` give it `want`, or what they gave. */
async function plaintextSeverity(seen: Map<string, Diagnostic[][]>, uri: string, want: number): Promise<number | undefined> {
  const latest = () => seen.get(uri)?.at(-1)?.find((d) => d.code === 'plaintext-password')?.severity;
  for (let waited = 0; latest() !== want && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  return latest();
}

const status = (s: Session, uri: string): Promise<DocumentStatus> => s.conn.sendRequest(VIEW_REQUESTS.status, { uri });

describe('a .rudder-lint.json under editor settings (workspace/configuration, push diagnostics)', () => {
  let s: Session;
  let seen: Map<string, Diagnostic[][]>;
  let dir: string;
  let uri: string;
  let config: string;
  const changed = (type: 1 | 2 | 3) => s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type }] });
  const settings = (values: Record<string, unknown>) => {
    s.settings = values;
    return s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };

  before(async () => {
    dir = folder({ '.rudder-lint.json': JSON.stringify({ version: '8.3', rules: { 'plaintext-password': 'warning' } }), 'etc/rudder-users.xml': USERS });
    config = path.join(dir, '.rudder-lint.json');
    uri = pathToFileURL(path.join(dir, 'etc', 'rudder-users.xml')).href;
    s = await startServer({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
    seen = recordDiagnostics(s);
    await openDocument(s, uri, USERS);
  });
  after(() => stopServer(s));

  test('the server asks to watch configuration files', async () => {
    for (let waited = 0; s.registrations.length === 0 && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.deepEqual(s.registrations.map((r) => [r.method, r.registerOptions]), [['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/.rudder-lint.json' }, { globPattern: '**/package.json' }] }]]);
  });

  test("the file's version and rules apply when nothing is set; the status names the file", async () => {
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.warning), SEVERITY.warning);
    assert.deepEqual(await status(s, uri), { version: '8.3', source: 'setting', label: 'Rudder 8.3 · .rudder-lint.json', detail: `set by "version": "8.3" in .rudder-lint.json (${config})` });
  });

  test('a rule set in the editor overrides that rule; the version stays the file’s', async () => {
    await settings({ rules: { 'plaintext-password': 'hint' } });
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.hint), SEVERITY.hint);
    assert.equal((await status(s, uri)).label, 'Rudder 8.3 · .rudder-lint.json');
  });

  test('a version set in the editor overrides the file’s; the file’s rules stay', async () => {
    await settings({ version: '9.1' });
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.warning), SEVERITY.warning);
    assert.deepEqual(await status(s, uri), { version: '9.1', source: 'setting', label: 'Rudder 9.1 · set', detail: 'set by rudder.version = 9.1' });
    await settings({});
  });

  test('an edited configuration file is read again when the watcher says so', async () => {
    fs.writeFileSync(config, JSON.stringify({ version: '9.0', rules: { 'plaintext-password': 'information' } }));
    await changed(2);
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.information), SEVERITY.information);
    assert.equal((await status(s, uri)).label, 'Rudder 9.0 · .rudder-lint.json');
  });

  test('a deleted configuration file leaves the defaults', async () => {
    fs.rmSync(config);
    await changed(3);
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.error), SEVERITY.error);
    assert.notEqual((await status(s, uri)).source, 'setting');
  });

  test('a new one nearer the file wins over one further up; a bad key is shown once (until that file changes) and the rest applies', async () => {
    fs.writeFileSync(config, JSON.stringify({ version: '8.3' }));
    fs.writeFileSync(path.join(dir, 'etc', '.rudder-lint.json'), JSON.stringify({ version: '6.0', rules: { 'plaintext-password': 'hint' } }));
    await changed(1);
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.hint), SEVERITY.hint);
    await status(s, uri);
    fs.writeFileSync(config, JSON.stringify({ version: '8.2' }));
    await changed(2);
    await status(s, uri);
    assert.deepEqual(
      s.messages.filter((m) => m.includes('.rudder-lint.json')),
      [`Rudder: ${path.join(dir, 'etc', '.rudder-lint.json')}: "version": unknown Rudder version "6.0" (known: ${KNOWN_VERSIONS.join(', ')}, or auto)`],
    );
  });
});

describe('"rudder-lint" in a package.json, with settings pushed by a client without workspace/configuration', () => {
  let s: Session;
  let dir: string;
  before(async () => {
    dir = folder({
      'package.json': JSON.stringify({ name: 'site', 'rudder-lint': { version: '8.3', rules: { 'plaintext-password': 'warning' }, files: { properties: ['conf/*.props'] } } }),
      'rudder-users.xml': USERS,
    });
    s = await startServer({}, { settings: { rules: { 'plaintext-password': 'hint' } } });
  });
  after(() => stopServer(s));

  test('pushed settings count as set: they override the file rule by rule', async () => {
    const seen = recordDiagnostics(s);
    const uri = pathToFileURL(path.join(dir, 'rudder-users.xml')).href;
    await openDocument(s, uri, USERS);
    assert.equal(await plaintextSeverity(seen, uri, SEVERITY.hint), SEVERITY.hint);
    assert.equal((await status(s, uri)).label, 'Rudder 8.3 · package.json');
  });

  test('the globs of configuration files, absolute, for a client that picks documents by pattern', async () => {
    const uris = [pathToFileURL(path.join(dir, 'package.json')).href, pathToFileURL(path.join(os.tmpdir(), 'no-such-folder', '.rudder-lint.json')).href, 'untitled:x'];
    const files: ConfiguredFiles = await s.conn.sendRequest(VIEW_REQUESTS.configuredFiles, { uris });
    assert.deepEqual(files, { users: [], properties: [`${dir.split(path.sep).join('/')}/conf/*.props`] });
  });

  test("the file's globs make a document of another language a Rudder file", async () => {
    const uri = pathToFileURL(path.join(dir, 'conf', 'site.props')).href;
    const next = new Promise<PublishDiagnosticsParams>((resolve) => s.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void (p.uri === uri && resolve(p))));
    await openDocument(s, uri, 'rudder.auth.idle-timeout = forever\n', 'plaintext');
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['idle-timeout-invalid']);
  });
});
