/**
 * The users file and its sibling properties file re-validate each other through result ids: the server asks the
 * client to re-pull (`workspace/diagnostic/refresh`) only when the facts a document reads of its sibling changed
 * (providers and bcrypt cost for the users file, what version inference reads for the properties file), not on
 * every edit there, and an unchanged document keeps answering `unchanged`.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDocument, startServer, stopServer, type Session } from './session';

const DIR = 'file:///srv/rudder-facts';
const USERS = `${DIR}/rudder-users.xml`;
const PROPERTIES = `${DIR}/rudder-web.properties`;
/** More than the server's debounce of sibling checks (250 ms), with room for a loaded machine. */
const SETTLE_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Report {
  kind: string;
  resultId?: string;
  items?: { code?: unknown }[];
}

test('refresh only when a sibling fact changes, not on a comment or another key', async () => {
  const s: Session = await startServer({ textDocument: { diagnostic: {} }, workspace: { configuration: true, diagnostics: { refreshSupport: true } } });
  let refreshes = 0;
  let refreshed: () => void = () => undefined;
  s.conn.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    refreshed();
    return null;
  });
  const nextRefresh = () => new Promise<void>((resolve) => (refreshed = resolve));
  const versions = new Map<string, number>();
  const replace = async (uri: string, text: string) => {
    const version = (versions.get(uri) ?? 1) + 1;
    versions.set(uri, version);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  };
  const pull = (uri: string, previousResultId?: string) => s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId }) as Promise<Report>;
  const properties = (provider: string, cost: number, comment: string) => `# ${comment}\nrudder.auth.provider=${provider}\nrudder.bcrypt.cost=${cost}\nrudder.server.hsts=true\n`;
  const users = (hash: string, name: string) => `<authentication hash="${hash}">\n  <user name="${name}" password="LDAP" role="user"/>\n</authentication>\n`;
  try {
    await openDocument(s, PROPERTIES, properties('ldap,file', 12, 'first'), 'properties');
    await openDocument(s, USERS, users('bcrypt', 'alice'));
    let u = await pull(USERS);
    let p = await pull(PROPERTIES);
    assert.equal(u.kind, 'full');

    await replace(PROPERTIES, properties('ldap,file', 12, 'a comment edited'));
    await replace(PROPERTIES, properties('ldap,file', 12, 'a comment edited').replace('hsts=true', 'hsts=false'));
    await sleep(SETTLE_MS);
    assert.equal(refreshes, 0, 'a comment or an unrelated key of the properties file does not refresh');
    assert.deepEqual(await pull(USERS, u.resultId), { kind: 'unchanged', resultId: u.resultId });

    let next = nextRefresh();
    await replace(PROPERTIES, properties('file', 12, 'a comment edited'));
    await next;
    assert.equal(refreshes, 1, 'rudder.auth.provider changed');
    const afterProvider = await pull(USERS, u.resultId);
    assert.equal(afterProvider.kind, 'full');
    assert.ok(afterProvider.items!.some((d) => d.code === 'plaintext-password'), 'password="LDAP" without an LDAP provider');
    u = afterProvider;

    next = nextRefresh();
    await replace(PROPERTIES, properties('file', 13, 'a comment edited'));
    await next;
    assert.equal(refreshes, 2, 'rudder.bcrypt.cost changed');
    assert.equal((await pull(USERS, u.resultId)).kind, 'full');

    p = await pull(PROPERTIES, p.resultId);
    await replace(USERS, users('bcrypt', 'bob'));
    await sleep(SETTLE_MS);
    assert.equal(refreshes, 2, 'a user renamed changes nothing the properties file reads');
    assert.equal((await pull(PROPERTIES, p.resultId)).kind, 'unchanged');

    next = nextRefresh();
    await replace(USERS, users('argon2id', 'bob'));
    await next;
    assert.equal(refreshes, 3, 'hash="argon2id" changes the version the properties file is checked against');
    assert.equal((await pull(PROPERTIES, p.resultId)).kind, 'full');
  } finally {
    await stopServer(s);
  }
});
