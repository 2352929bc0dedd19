/**
 * Every feature, over every fixture and the examples of both kinds, with verbose tracing on: no plain-text
 * password or secret value may appear in anything the server sends (responses, diagnostics, logs, traces).
 */
// @tier protocol
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, parse } from '../../server/src/service/languageService';
import { isSecretProperty, LDAP_PASSWORD_CONVENTION } from '../../server/src/service/rudder';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { openDocument, startServer, stopServer, type Session } from './session';

const REPO = path.resolve(__dirname, '../../..');
const dir = (d: string) => fs.readdirSync(path.join(REPO, d)).map((f) => path.join(REPO, d, f));
const files: { file: string; kind: 'users' | 'properties' }[] = [
  ...[...dir('test/fixtures/users'), path.join(REPO, 'examples/rudder-users.xml')].map((file) => ({ file, kind: 'users' as const })),
  ...[...dir('test/fixtures/properties'), path.join(REPO, 'examples/rudder-web.properties')].map((file) => ({ file, kind: 'properties' as const })),
];

/**
 * The file with every plain-text password and secret value replaced by a unique canary (real values such as
 * `secret` are ordinary words that messages use), and the canaries: what must never leak.
 */
function plantCanaries(text: string, kind: 'users' | 'properties', tag: number): { text: string; canaries: string[] } {
  const a = analyze(parse(text, kind), DEFAULT_SETTINGS);
  const ranges =
    a.kind === 'users'
      ? a.evaluation.users.flatMap((u) => (u.password.kind === 'plaintext' && u.decl.password?.value !== LDAP_PASSWORD_CONVENTION && u.decl.password?.valueRange ? [u.decl.password.valueRange] : []))
      : a.model.parsed.entries.filter((e) => isSecretProperty(e.key) && e.value !== '').map((e) => e.valueRange);
  const canaries = ranges.map((_, i) => `Canary${tag}x${i}Zq`);
  const planted = ranges
    .map((r, i) => ({ r, c: canaries[i] }))
    .sort((x, y) => y.r.start - x.r.start)
    .reduce((t, { r, c }) => t.slice(0, r.start) + c + t.slice(r.end), text);
  return { text: planted, canaries };
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
  for (const [i, { file, kind }] of files.entries()) {
    const { text, canaries } = plantCanaries(fs.readFileSync(file, 'utf8'), kind, i);
    const uri = `file:///fixtures/${i}/${kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties'}`;
    all = [...all, ...canaries];
    await openDocument(s, uri, text, kind === 'users' ? 'xml' : 'properties');
    const doc = TextDocument.create(uri, kind === 'users' ? 'xml' : 'properties', 1, text);
    const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: unknown[] };
    await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: report.items } });
    await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
    for (let offset = 0; offset < text.length; offset += Math.max(7, Math.floor(text.length / 300))) {
      const position = doc.positionAt(offset);
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    }
  }
  assert.ok(all.length >= 20, `the corpus has plain-text passwords and secrets to look for (${all.length})`);
  const sent = [...sentStrings(s.wire.join('')), s.stderr.join('')];
  for (const secret of new Set(all)) if (sent.some((t) => t.includes(secret))) leaks.push(secret);
  assert.deepEqual(leaks, [], `${leaks.length} password value(s) leaked`);
});
