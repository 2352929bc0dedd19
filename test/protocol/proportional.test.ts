/**
 * Requests cost what they answer, not the file: a code action on one line of a 10,000-user file costs about
 * what it costs in a 100-user file (the context's diagnostics outside the range are not processed, start tags
 * are found by one binary search, what a version shares is computed once), and the outline is computed once
 * per version. CPU time of the in-process server, compared as a ratio in one run with a generous bound.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { startInProcess } from './inProcess';

const HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
/** The user on line `i + 1`; one in a thousand has a plain-text password (so "Hash all" answers about few). */
const userLine = (i: number) => `  <user name="u${i}" password="${i % 1000 === 49 ? `plain-${i}` : HASH}" role="adminstrator"/>`;
const users = (n: number) => ['<authentication hash="bcrypt">', ...Array.from({ length: n }, (_, i) => userLine(i)), '</authentication>', ''].join('\n');

/** A diagnostic on the value of `attribute` of the user on `line`. */
function diagnosticOn(line: number, attribute: string, code: string): Diagnostic {
  const text = userLine(line - 1);
  const start = text.indexOf(`${attribute}="`) + attribute.length + 2;
  return { range: { start: { line, character: start }, end: { line, character: text.indexOf('"', start) } }, code, source: 'rudder', message: code, severity: 1 };
}

function cpuMs(work: () => Promise<void>): Promise<number> {
  const t = process.cpuUsage();
  return work().then(() => {
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  });
}

test('a code action on one line costs the same at 100 and at 10,000 users; context diagnostics outside the range are ignored', async () => {
  const s = await startInProcess({ textDocument: { diagnostic: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } });
  try {
    const sizes = [100, 10_000];
    const uri = (n: number) => `file:///srv/proportional-${n}/rudder-users.xml`;
    for (const n of sizes) {
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(n), languageId: 'xml', version: 1, text: users(n) } });
      await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri(n) } });
    }
    const line = 50;
    const range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    const request = (n: number, diagnostics: Diagnostic[]) => s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(n) }, range, context: { diagnostics } }) as Promise<CodeAction[]>;
    const titles = (actions: CodeAction[]) => actions.map((a) => a.title).sort();

    const here = [diagnosticOn(line, 'password', 'plaintext-password'), diagnosticOn(line, 'role', 'unknown-role')];
    const everywhere = [...Array.from({ length: 2_000 }, (_, i) => diagnosticOn(i + 1, 'role', 'unknown-role')), here[0]];
    assert.deepEqual(titles(await request(10_000, everywhere)), titles(await request(10_000, here)), 'diagnostics outside the range change nothing');
    assert.ok(titles(await request(10_000, here)).some((t) => t.startsWith('Hash this password')));

    const best = new Map(sizes.map((n) => [n, Infinity]));
    for (let round = 0; round < 5; round++) {
      for (const n of sizes) {
        const ms = await cpuMs(async () => {
          for (let i = 0; i < 20; i++) await request(n, here);
        });
        best.set(n, Math.min(best.get(n)!, ms));
      }
    }
    const ratio = best.get(10_000)! / best.get(100)!;
    assert.ok(ratio < 3, `20 code actions: ${best.get(100)!.toFixed(1)} ms of CPU at 100 users, ${best.get(10_000)!.toFixed(1)} ms at 10,000 (${ratio.toFixed(2)}×)`);

    const first = await cpuMs(async () => void (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(10_000) } })));
    const again = await cpuMs(async () => void (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri(10_000) } })));
    assert.ok(again < first, `the outline is computed once per version (first ${first.toFixed(1)} ms, again ${again.toFixed(1)} ms of CPU)`);
  } finally {
    s.dispose();
  }
});
