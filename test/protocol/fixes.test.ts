/**
 * The fixes that need the server, over stdio: the rootAdmin password of rudder-web.properties hashed in place
 * (worker, `$2y$`, re-located by its key when the admin typed) or set anew through the prompt's commands, and the
 * fix-all of a grouped diagnostic (the server's own grouping): "Hash all N plain-text passwords" through the
 * hash plans, and one versioned edit for a textual rule. Hashes are verified by python3-bcrypt (bcryptjs when it
 * is missing, except under CI=true).
 */
// @tier protocol
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { COMMANDS, FIX_ALL_KIND, type PasswordTarget } from '../../server/src/shared/protocol';
import { bcryptVerifies } from '../io/helpers';
import { ClientDocument, nextDiagnostics, startServer, stopServer, type Session } from './session';

const CAPS = { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, workspace: { configuration: true }, window: { workDoneProgress: true } };
let n = 0;
const folder = () => `file:///etc/rudder-fixes${++n}`;
const resolve = (s: Session, a: CodeAction) => s.conn.sendRequest('codeAction/resolve', a) as Promise<CodeAction>;
const codeActions = (s: Session, d: ClientDocument, diagnostics: Diagnostic[], only?: string[]) =>
  s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: d.uri }, range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } }) as Promise<CodeAction[]>;

/** Opens `d` and returns the diagnostics the server pushes for it (this client does not pull). */
async function opened(s: Session, d: ClientDocument): Promise<Diagnostic[]> {
  const pushed = nextDiagnostics(s, d.uri);
  await d.open();
  return (await pushed).diagnostics;
}

describe('fixes through the server', () => {
  let s: Session;
  before(async () => {
    s = await startServer(CAPS, { setPasswordCommand: true });
    s.settings = { bcrypt: { cost: 10 } };
  });
  after(() => stopServer(s));

  // java.util.Properties reads `s3cr\:et w0rd` as `s3cr:et w0rd`: that is what rootAdmin types.
  const ADMIN = '# rootAdmin\nrudder.auth.admin.login=admin\nrudder.auth.admin.password=s3cr\\:et w0rd\nrudder.bcrypt.cost=11\n';
  const TYPED = 'typed while the hash was computed';

  test('the rootAdmin password hashed in place: $2y$ at the file\'s cost, re-located when a line was typed above', async () => {
    const d = new ClientDocument(s, `${folder()}/rudder-web.properties`, ADMIN, 'properties');
    const diagnostics = (await opened(s, d)).filter((x) => x.code === 'admin-password-plaintext');
    assert.equal(diagnostics.length, 1);
    const actions = await codeActions(s, d, diagnostics);
    const hash = actions.find((a) => a.isPreferred);
    assert.equal(hash?.title, 'Hash this password with bcrypt (cost 11)', JSON.stringify(actions.map((a) => a.title)));
    assert.ok(actions.some((a) => a.title === 'Set a new password…' && a.command?.command === COMMANDS.setPassword));
    assert.ok(!JSON.stringify(actions).includes('w0rd'), 'no action carries the password');
    await d.change(0, 0, `# ${TYPED}\n`);
    const resolved = await resolve(s, hash!);
    assert.ok(d.apply(resolved.edit), 'the edit names the version typed');
    const value = /^rudder\.auth\.admin\.password=(.*)$/m.exec(d.text)![1];
    assert.equal(d.text, `# ${TYPED}\n${ADMIN.replace('s3cr\\:et w0rd', value)}`);
    assert.match(value, /^\$2y\$11\$[./A-Za-z0-9]{53}$/);
    assert.ok(bcryptVerifies('s3cr:et w0rd', value), `${value} does not verify the decoded value`);
    const after = (await nextDiagnostics(s, d.uri, d.doc.version)).diagnostics;
    assert.ok(!after.some((x) => x.code === 'admin-password-plaintext'), JSON.stringify(after.map((x) => x.code)));
  });

  test('"Set a new password…" for rootAdmin: the login as name, the hash written as $2y$, refused once the value changed', async () => {
    const d = new ClientDocument(s, `${folder()}/rudder-web.properties`, ADMIN, 'properties');
    await opened(s, d);
    const ask = (args: object) => s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [args] }) as Promise<PasswordTarget | null>;
    const target = (await ask({ uri: d.uri, user: { name: 'rudder.auth.admin.password', occurrence: 0 } }))!;
    assert.deepEqual({ ...target, target: typeof target.target }, { name: 'admin', cost: 11, maxBytes: 72, target: 'string' });
    assert.equal((await ask({ uri: d.uri, offset: 0, version: 1 }))?.name, 'admin', 'from the palette: the entry Rudder reads');
    assert.equal(await ask({ uri: d.uri, user: { name: 'rudder.auth.admin.login', occurrence: 0 } }), null, 'only the password entry');
    const hash = bcrypt.hashSync('n3w p4ss', 11);
    const applied: { edit: { documentChanges: { edits: { newText: string }[] }[] } }[] = [];
    s.onApplyEdit = (p) => (applied.push(p as (typeof applied)[number]), d.apply(p.edit));
    try {
      const result = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [{ uri: d.uri, target: target.target, hash }] })) as { applied: boolean };
      assert.equal(result.applied, true);
      assert.equal(applied[0].edit.documentChanges[0].edits[0].newText, `$2y$${hash.slice(4)}`);
      assert.equal(d.text, ADMIN.replace('s3cr\\:et w0rd', `$2y$${hash.slice(4)}`));
      assert.ok(bcryptVerifies('n3w p4ss', `$2y$${hash.slice(4)}`));
      const again = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [{ uri: d.uri, target: target.target, hash }] })) as { applied: boolean };
      assert.equal(again.applied, false, 'the value it was asked for is gone');
    } finally {
      s.onApplyEdit = (p) => (s.applied.push(p), true);
    }
  });

  test('"Set a new password…" where one algorithm other than bcrypt verifies the file (8.1, hash="md5"): refused, with the reason', async () => {
    s.settings = { bcrypt: { cost: 10 }, version: '8.1' };
    try {
      const d = new ClientDocument(s, `${folder()}/rudder-users.xml`, '<authentication hash="md5">\n  <user name="a" password="5f4dcc3b5aa765d61d8327deb882cf99" role="administrator"/>\n</authentication>\n');
      await opened(s, d);
      const answer = await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [{ uri: d.uri, user: { name: 'a', occurrence: 0 } }] });
      assert.match((answer as { refused: string }).refused, /not bcrypt: a new bcrypt hash would not work/);
    } finally {
      s.settings = { bcrypt: { cost: 10 } };
    }
  });

  test('a grouped plain-text password diagnostic: its preferred fix hashes all of them', async () => {
    const users = Array.from({ length: 60 }, (_, i) => `  <user name="u${i}" password="pw-${i}" role="user"/>`);
    const d = new ClientDocument(s, `${folder()}/rudder-users.xml`, `<authentication hash="bcrypt">\n${users.join('\n')}\n</authentication>\n`);
    const grouped = (await opened(s, d)).filter((x) => (x.data as { group?: unknown } | undefined)?.group);
    assert.deepEqual(grouped.map((x) => x.data), [{ group: { rule: 'plaintext-password', count: 60 } }]);
    const actions = await codeActions(s, d, grouped);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(preferred.map((a) => a.title), ['Hash all 60 plain-text password(s) in this file with bcrypt (cost 10)']);
    const resolved = await resolve(s, preferred[0]);
    assert.ok(d.apply(resolved.edit));
    for (const i of [0, 31, 59]) assert.ok(bcryptVerifies(`pw-${i}`, new RegExp(`name="u${i}" password="([^"]+)"`).exec(d.text)![1]), `u${i}`);
    assert.ok(!/password="pw-/.test(d.text), 'every password hashed');
  });

  test('a grouped textual rule: one versioned edit fixes every finding; source.fixAll.rudder the same', async () => {
    const digest = 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3';
    const users = Array.from({ length: 55 }, (_, i) => `  <user name="u${i}" password="${digest}" role="administrator"/>`);
    const text = `<authentication hash="sha1">\n${users.join('\n')}\n</authentication>\n`;
    s.settings = { bcrypt: { cost: 10 }, version: '8.1' };
    try {
      const d = new ClientDocument(s, `${folder()}/rudder-users.xml`, text);
      const grouped = (await opened(s, d)).filter((x) => (x.data as { group?: unknown } | undefined)?.group);
      assert.deepEqual(grouped.map((x) => x.data), [{ group: { rule: 'uppercase-hex-digest', count: 55 } }]);
      const [fix] = (await codeActions(s, d, grouped)).filter((a) => a.isPreferred);
      assert.equal(fix.title, 'Fix all uppercase-hex-digest in this file (55)');
      const source = (await codeActions(s, d, [], [FIX_ALL_KIND]))[0];
      assert.equal(source.kind, FIX_ALL_KIND);
      assert.deepEqual(source.edit, fix.edit, 'the same edit');
      assert.ok(d.apply(fix.edit));
      assert.equal(d.text, text.replaceAll(digest, digest.toLowerCase()));
    } finally {
      s.settings = { bcrypt: { cost: 10 } };
    }
  });
});
