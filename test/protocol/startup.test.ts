/**
 * Start-up: spawn → the first diagnostics of a 20-user file, pulled and pushed (push-only clients get them at
 * once on open, without the edit debounce), against spawning `node -e 0`, in one run and interleaved. The bench
 * holds the target (≤ 2.5×); this bound is generous, for a loaded machine: it catches a start-up that loads or
 * computes something heavy before answering.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { nextDiagnostics, openDocument, startServer, stopServer } from './session';

const BOUND = 4;
const ROUNDS = 5;
const URI = 'file:///srv/rudder-startup/rudder-users.xml';
const TEXT = ['<authentication hash="bcrypt">', ...Array.from({ length: 20 }, (_, i) => `  <user name="u${i}" password="plain-${i}" role="adminstrator"/>`), '</authentication>', ''].join('\n');

async function firstDiagnostics(pull: boolean): Promise<number> {
  const t = performance.now();
  const s = await startServer(pull ? { textDocument: { diagnostic: {} }, workspace: { configuration: true } } : { workspace: { configuration: true } });
  try {
    const published = pull ? undefined : nextDiagnostics(s, URI);
    await openDocument(s, URI, TEXT);
    const count = pull ? ((await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: URI } })) as { items: unknown[] }).items.length : (await published!).diagnostics.length;
    assert.ok(count > 0);
    return performance.now() - t;
  } finally {
    await stopServer(s);
  }
}

test(`spawn → first diagnostics of a 20-user file stays under ${BOUND}× spawning node -e 0 (best of ${ROUNDS}, pull and push)`, async (t) => {
  const best = { node: Infinity, pull: Infinity, push: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('exit', resolve));
    best.node = Math.min(best.node, performance.now() - t);
    best.pull = Math.min(best.pull, await firstDiagnostics(true));
    best.push = Math.min(best.push, await firstDiagnostics(false));
  }
  const says = `node -e 0 ${best.node.toFixed(0)} ms, pull ${best.pull.toFixed(0)} ms (${(best.pull / best.node).toFixed(2)}×), push ${best.push.toFixed(0)} ms (${(best.push / best.node).toFixed(2)}×)`;
  t.diagnostic(says);
  assert.ok(best.pull / best.node <= BOUND && best.push / best.node <= BOUND, says);
});
