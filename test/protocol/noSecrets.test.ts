/**
 * Every feature, over every users fixture and the examples, with verbose tracing on: no plain-text password
 * value may appear in anything the server sends (responses, diagnostics, logs, traces).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, parse } from '../../server/src/service/languageService';
import { LDAP_PASSWORD_CONVENTION } from '../../server/src/service/rudder';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { openDocument, startServer, stopServer, type Session } from './session';

const REPO = path.resolve(__dirname, '../../..');
const files = [
  ...fs.readdirSync(path.join(REPO, 'test/fixtures/users')).map((f) => path.join(REPO, 'test/fixtures/users', f)),
  path.join(REPO, 'examples/rudder-users.xml'),
];

/** Plain-text password values of a file: what must never leak. */
function secrets(text: string): string[] {
  const a = analyze(parse(text, 'users'), DEFAULT_SETTINGS);
  if (a.kind !== 'users') return [];
  return a.evaluation.users.flatMap((u) => {
    const value = u.decl.password?.value;
    return u.password.kind === 'plaintext' && value && value.trim().length >= 3 && value !== LDAP_PASSWORD_CONVENTION ? [value] : [];
  });
}

/** Every string the server sent (message bodies parsed from the wire; numbers such as ids are not text). */
function sentStrings(wire: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const body of wire.split(/Content-Length: \d+\r\n\r\n/).filter(Boolean)) walk(JSON.parse(body));
  return out;
}

let s: Session;
before(async () => {
  s = await startServer({
    textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } },
    window: { workDoneProgress: true },
  });
});
after(() => stopServer(s));

test('no plain-text password in any server message', async () => {
  const leaks: string[] = [];
  let all: string[] = [];
  for (const [i, file] of files.entries()) {
    const text = fs.readFileSync(file, 'utf8');
    const uri = `file:///fixtures/${i}/rudder-users.xml`;
    all = [...all, ...secrets(text)];
    await openDocument(s, uri, text);
    const doc = TextDocument.create(uri, 'xml', 1, text);
    const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: unknown[] };
    await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: report.items } });
    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
    for (let offset = 0; offset < text.length; offset += 7) {
      const position = doc.positionAt(offset);
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    }
  }
  assert.ok(all.length >= 5, `the corpus has plain-text passwords to look for (${all.length})`);
  const sent = [...sentStrings(s.wire.join('')), s.stderr.join('')];
  for (const secret of new Set(all)) if (sent.some((t) => t.includes(secret))) leaks.push(secret.replace(/./g, '*'));
  assert.deepEqual(leaks, [], `${leaks.length} password value(s) leaked`);
});
