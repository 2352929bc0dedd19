/**
 * The hashing pool's throughput through the real server: "Hash all" (list, then `codeAction/resolve`) on a
 * file of plain-text passwords at bcrypt cost 12, once with one hash worker (`RUDDER_HASH_WORKERS=1`) and once
 * with the default pool (one worker per core), interleaved. The ratio is single-worker time over pool time.
 *
 *   node bench/pool.mjs [--server dist/server.js] [--passwords 16] [--rounds 2]
 *
 * `bench/run.mjs` calls `poolThroughput` with its snapshot of the server.
 */
import * as os from 'node:os';
import { startSession } from './lsp.mjs';

const TARGET_RATIO = 1.8;

function usersWithPlainPasswords(n) {
  const users = Array.from({ length: n }, (_, i) => `  <user name="u${i}" password="plain-password-${i}" role="user"/>`);
  return ['<authentication hash="bcrypt">', ...users, '</authentication>', ''].join('\n');
}

async function hashAllOnce(server, workers, n) {
  const previous = process.env.RUDDER_HASH_WORKERS;
  if (workers === undefined) delete process.env.RUDDER_HASH_WORKERS;
  else process.env.RUDDER_HASH_WORKERS = String(workers);
  const s = await startSession({ mode: 'pull', settings: { bcrypt: { cost: 12 } }, server });
  if (previous === undefined) delete process.env.RUDDER_HASH_WORKERS;
  else process.env.RUDDER_HASH_WORKERS = previous;
  try {
    const uri = 'file:///bench/pool/rudder-users.xml';
    await s.open(uri, usersWithPlainPasswords(n));
    const origin = { line: 0, character: 0 };
    const [action] = await s.request('textDocument/codeAction', { textDocument: { uri }, range: { start: origin, end: origin }, context: { diagnostics: [], only: ['source.rudder.hashPasswords'] } });
    const t = performance.now();
    const resolved = await s.request('codeAction/resolve', action);
    const ms = performance.now() - t;
    const edits = resolved.edit?.documentChanges?.[0]?.edits ?? [];
    if (edits.length !== n || !edits.every((e) => /^\$2b\$12\$/.test(e.newText))) throw new Error('benchmark sanity check failed: Hash all returns one cost-12 hash per password');
    return ms;
  } finally {
    await s.stop();
  }
}

/** Median milliseconds of Hash all with 1 worker and with the default pool, and their ratio. */
export async function poolThroughput({ server, passwords = 16, rounds = 2 }) {
  const single = [];
  const pool = [];
  for (let r = 0; r < rounds; r++) {
    single.push(await hashAllOnce(server, 1, passwords));
    pool.push(await hashAllOnce(server, undefined, passwords));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const result = { passwords, cost: 12, cores: os.availableParallelism(), singleMs: Math.round(median(single)), poolMs: Math.round(median(pool)) };
  return { ...result, ratio: Math.round((result.singleMs / result.poolMs) * 100) / 100, target: TARGET_RATIO };
}

export function formatPool(p) {
  const pass = p.cores < 2 || p.ratio >= p.target;
  return `Hash all, ${p.passwords} passwords at bcrypt cost ${p.cost}: 1 worker ${p.singleMs} ms, pool of ${p.cores} ${p.poolMs} ms: ${p.ratio.toFixed(2)}× (target ≥ ${p.target}× on 2 cores) **${pass ? 'PASS' : 'FAIL'}**`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const p = await poolThroughput({ server: arg('server', new URL('../dist/server.js', import.meta.url).pathname), passwords: Number(arg('passwords', 16)), rounds: Number(arg('rounds', 2)) });
  process.stdout.write(`${formatPool(p)}\n`);
}
