/**
 * Edits you can trust, through the real server over stdio: a hash edit is computed for the version it names,
 * replaces exactly the value planned (re-located by user identity when the admin typed meanwhile) or is refused
 * with a message; requests coming back from the client are validated and MAC-checked; clients without `codeAction/resolve` get a
 * command; "Hash all" reports n/N, can be cancelled and names the passwords bcrypt truncates; "Set a new
 * password…" writes to the user it was asked for.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import type { CodeAction, WorkspaceEdit } from 'vscode-languageserver-types';
import { CHANGED_WHILE_HASHING, COMMANDS, type PasswordTarget } from '../../server/src/shared/protocol';
import { bcryptVerifies } from '../io/helpers';
import { ClientDocument, startServer, stopServer, type Session } from './session';

const CAPS = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, workspace: { configuration: true }, window: { workDoneProgress: true } };
const HASHED = '$2b$10$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
let n = 0;
const uri = () => `file:///etc/rudder${++n}/rudder-users.xml`;
const file = (...users: string[]) => ['<authentication hash="bcrypt">', ...users.map((u) => `  ${u}`), '</authentication>', ''].join('\n');
const u1 = `<user name="u1" password="${HASHED}" role="administrator"/>`;
const u2 = '<user name="u2" password="Plain-5-secret" role="user"/>';

async function hashActions(s: Session, d: ClientDocument, only?: string[]): Promise<CodeAction[]> {
  const at = d.text.indexOf('Plain-5-secret');
  const range = { start: d.doc.positionAt(at), end: d.doc.positionAt(at + 1) };
  const diagnostics = only ? [] : [{ range, code: 'plaintext-password', source: 'rudder', message: '' }];
  return s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: d.uri }, range, context: { diagnostics, only } });
}
const resolve = (s: Session, a: CodeAction) => s.conn.sendRequest('codeAction/resolve', a) as Promise<CodeAction>;
/** The value of `name`'s password attribute. */
const passwordOf = (text: string, name: string) => new RegExp(`name="${name}" password="([^"]*)"`).exec(text)?.[1];

describe('hash edits through the server', () => {
  let s: Session;
  before(async () => {
    s = await startServer(CAPS);
    s.settings = { bcrypt: { cost: 10 } };
  });
  after(() => stopServer(s));

  test('a line typed above the password while it hashes: the edit names the new version and lands on the value', async () => {
    const d = new ClientDocument(s, uri(), file(u1, u2));
    await d.open();
    const action = (await hashActions(s, d)).find((a) => a.title.startsWith('Hash this password'))!;
    const resolving = resolve(s, action);
    await d.change(0, 0, '<!-- typed while hashing -->\r\n');
    const expected = d.text;
    const resolved = await resolving;
    assert.equal((resolved.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, 2);
    assert.ok(d.apply(resolved.edit));
    const hash = passwordOf(d.text, 'u2')!;
    assert.equal(d.text, expected.replace('Plain-5-secret', hash));
    assert.ok(bcryptVerifies('Plain-5-secret', hash));
    assert.ok(!JSON.stringify(action).includes('Plain-5'), 'the plan carries no password');
  });

  for (const [what, edit] of [
    ['the password is changed', (t: string) => t.replace('Plain-5-secret', 'Plain-6-secret')],
    ['the user is renamed', (t: string) => t.replace('name="u2"', 'name="u9"')],
    ['the user is removed', (t: string) => t.replace(u2, '')],
  ] as const) {
    test(`${what} while hashing: nothing is written, the admin is told`, async () => {
      const d = new ClientDocument(s, uri(), file(u1, u2));
      await d.open();
      const action = (await hashActions(s, d)).find((a) => a.title.startsWith('Hash this password'))!;
      const before = s.messages.length;
      const resolving = resolve(s, action);
      await d.change(0, d.text.length, edit(d.text));
      const resolved = await resolving;
      assert.equal(resolved.edit, undefined);
      assert.deepEqual(s.messages.slice(before), [`Rudder: ${CHANGED_WHILE_HASHING}.`]);
    });
  }

  test('a request changed by the client is refused before any hashing', async () => {
    const d = new ClientDocument(s, uri(), file(u1, u2));
    await d.open();
    const action = (await hashActions(s, d)).find((a) => a.title.startsWith('Hash this password'))!;
    const plan = action.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(plan).sort(), ['algorithm', 'at', 'cost', 'count', 'kind', 'mac', 'scope', 'uri', 'user', 'version'], 'a request, not a list of targets');
    const notOffered = /not one this server offered/;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ cost: 31 }, notOffered],
      [{ cost: 11 }, notOffered],
      [{ algorithm: 'md5' }, notOffered],
      [{ algorithm: 'rot13' }, /unknown algorithm/],
      [{ mac: 'forged' }, notOffered],
      [{ user: { name: 'u1', occurrence: 0 } }, notOffered],
      [{ at: 0 }, notOffered],
      [{ scope: 'all', user: undefined, at: undefined }, notOffered],
      [{ count: 2 }, notOffered],
      [{ version: 99 }, notOffered],
      [{ setHash: true }, notOffered],
      [{ user: undefined }, /malformed/],
      [{ user: null }, /malformed/],
      [{ at: undefined }, /malformed/],
      [{ at: -1 }, /malformed/],
      [{ scope: 'everything' }, /malformed/],
      [{ count: 0 }, /malformed/],
    ];
    for (const [change, message] of cases) {
      const before = s.messages.length;
      const t0 = performance.now();
      const resolved = await resolve(s, { ...action, data: { ...plan, ...change } });
      assert.equal(resolved.edit, undefined, JSON.stringify(change));
      assert.match(s.messages.slice(before).join('\n'), message, JSON.stringify(change));
      assert.ok(performance.now() - t0 < 2000, 'refused without hashing for hours');
    }
  });

  test('a request listed before the admin typed: computed in the text it was offered for, re-located by identity', async () => {
    const d = new ClientDocument(s, uri(), file(u1, u2, '<user name="u3" password="Third-secret" role="user"/>'));
    await d.open();
    const all = (await hashActions(s, d, ['source.rudder.hashPasswords']))[0];
    assert.match(all.title, /^Hash all 2 plain-text/);
    // Typed before resolving: a line above, and a new plain-text user the request was not offered for.
    await d.change(0, 0, '<!-- typed -->\n');
    const end = d.text.indexOf('</authentication>');
    await d.change(end, end, '  <user name="u4" password="Fourth-secret" role="user"/>\n');
    const expected = d.text;
    const resolved = await resolve(s, all);
    assert.ok(d.apply(resolved.edit));
    const [h2, h3] = [passwordOf(d.text, 'u2')!, passwordOf(d.text, 'u3')!];
    assert.equal(d.text, expected.replace('Plain-5-secret', h2).replace('Third-secret', h3), 'the two offered, not the one typed since');
    assert.ok(bcryptVerifies('Plain-5-secret', h2) && bcryptVerifies('Third-secret', h3));

    const again = new ClientDocument(s, uri(), file(u1, u2, '<user name="u3" password="Third-secret" role="user"/>'));
    await again.open();
    const stale = (await hashActions(s, again, ['source.rudder.hashPasswords']))[0];
    await again.change(again.text.indexOf('Third'), again.text.indexOf('Third') + 5, 'Other');
    const before = s.messages.length;
    assert.equal((await resolve(s, stale)).edit, undefined, 'a value changed since the offer: refused');
    assert.deepEqual(s.messages.slice(before), ['Rudder: the file changed since this action was offered; nothing was written.']);
  });

  test('Hash all reports n/N, names the passwords bcrypt truncates (never the passwords), and hashes whole values', async () => {
    const long = 'L'.repeat(80);
    const d = new ClientDocument(s, uri(), file(u1, u2, `<user name="u3" password="${long}" role="user"/>`, '<user name="u4" password="another-one" role="user"/>'));
    await d.open();
    const progress: string[] = [];
    const sub = s.conn.onNotification('$/progress', (p: { value: { message?: string } }) => void (p.value.message && progress.push(p.value.message)));
    const all = (await hashActions(s, d, ['source.rudder.hashPasswords']))[0];
    assert.match(all.title, /^Hash all 3 plain-text password\(s\)/);
    const before = s.messages.length;
    const resolved = await resolve(s, all);
    sub.dispose();
    assert.ok(d.apply(resolved.edit));
    assert.ok(bcryptVerifies('Plain-5-secret', passwordOf(d.text, 'u2')!));
    assert.ok(bcryptVerifies(long, passwordOf(d.text, 'u3')!));
    assert.ok(bcryptVerifies('another-one', passwordOf(d.text, 'u4')!));
    assert.equal(passwordOf(d.text, 'u1'), HASHED);
    assert.ok(progress.some((m) => m.includes('3/3')), progress.join(' | '));
    const told = s.messages.slice(before).join('\n');
    assert.match(told, /'u3' \(8 bytes ignored\)/);
    assert.ok(!told.includes(long) && !progress.join().includes('Plain'));
  });

  test('Hash all cancelled from its progress: nothing is written', async () => {
    const d = new ClientDocument(s, uri(), file(...Array.from({ length: 12 }, (_, i) => `<user name="c${i}" password="pw-${i}" role="user"/>`)));
    await d.open();
    s.settings = { bcrypt: { cost: 14 } };
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const all = (await hashActions(s, d, ['source.rudder.hashPasswords']))[0];
    const begun = new Promise<string>((resolveToken) => {
      const sub = s.conn.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
        if (p.value.kind !== 'begin') return;
        sub.dispose();
        resolveToken(p.token);
      });
    });
    const resolving = resolve(s, all);
    await s.conn.sendNotification('window/workDoneProgress/cancel', { token: await begun });
    const t0 = performance.now();
    const resolved = await resolving;
    assert.equal(resolved.edit, undefined);
    assert.ok(performance.now() - t0 < 5000, 'cancelling drops the queued hashes');
    assert.match(s.messages.at(-1)!, /cancelled; nothing was written/);
    s.settings = { bcrypt: { cost: 10 } };
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  test('Set a new password: the target survives edits elsewhere and is refused when its own value changed', async () => {
    const d = new ClientDocument(s, uri(), file(u1, u2, '<user name="u3" password="old" role="user"/>'));
    await d.open();
    s.onApplyEdit = (p) => d.apply(p.edit);
    const target = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [{ uri: d.uri, user: { name: 'u3', occurrence: 0 } }] })) as PasswordTarget;
    assert.equal(target.name, 'u3');
    await d.change(d.text.indexOf('  <user name="u2"'), d.text.indexOf('  <user name="u2"'), '  <user name="new" password="x" role="user"/>\n');
    const hash = bcrypt.hashSync('brand new', target.cost);
    const expected = d.text.replace('password="old"', `password="${hash}"`);
    const applied = await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [{ uri: d.uri, target: target.target, hash }] });
    assert.deepEqual(applied, { applied: true });
    assert.equal(d.text, expected);

    const again = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [{ uri: d.uri, offset: d.text.indexOf('name="u2"'), version: d.version }] })) as PasswordTarget;
    assert.equal(again.name, 'u2');
    await d.change(d.text.indexOf('Plain-5-secret'), d.text.indexOf('Plain-5-secret') + 5, 'Typed');
    const refused = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [{ uri: d.uri, target: again.target, hash }] })) as { applied: boolean };
    assert.equal(refused.applied, false);
    assert.ok(d.text.includes('password="Typed-5-secret"'));
    s.onApplyEdit = () => true;
  });
});

describe('a client without codeAction/resolve', () => {
  let s: Session;
  before(async () => {
    s = await startServer({ workspace: { configuration: true } });
    s.settings = { bcrypt: { cost: 10 } };
  });
  after(() => stopServer(s));

  test('gets a command that hashes when it runs, not an eager hash', async () => {
    const d = new ClientDocument(s, uri(), file(u1, u2));
    await d.open();
    const action = (await hashActions(s, d)).find((a) => a.title.startsWith('Hash this password'))!;
    assert.equal(action.edit, undefined);
    assert.equal(action.command?.command, COMMANDS.hashPlan);
    const edits: WorkspaceEdit[] = [];
    s.onApplyEdit = (p) => (edits.push(p.edit), d.apply(p.edit));
    const result = await s.conn.sendRequest('workspace/executeCommand', action.command);
    assert.deepEqual(result, { applied: true });
    assert.ok(bcryptVerifies('Plain-5-secret', passwordOf(d.text, 'u2')!));
  });
});
