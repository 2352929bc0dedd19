/**
 * Protocol fuzzing in CI: seeded random sequences of edits and requests against the bundled server over
 * stdio, each ending with the differential check against a fresh server (see `test/fuzz/protocol.ts`).
 *
 * Longer runs: `npm run fuzz -- --cases 0 --protocol-cases N --seed S`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProtocolFuzz } from '../fuzz/protocol';

const SEED = 20240613;
const CASES = 150;

test(`${CASES} protocol fuzz cases: every request answered, no error logged, diagnostics equal to a fresh server's`, async (t) => {
  const summary = await runProtocolFuzz({ seed: SEED, cases: CASES });
  t.diagnostic(`${summary.cases} cases, ${summary.steps} steps in ${(summary.ms / 1000).toFixed(1)} s`);
  const failures = summary.failing.map(
    ({ report: r, file }) => `case ${r.index} (${r.kind}, ${r.origin}): ${r.failures.map((f) => `${f.call} → ${f.message}`).join('; ')}\n    steps: ${file}\n    re-run: node out/test/fuzz/run.js --seed ${r.seed} --from ${r.index} --cases 0 --protocol-cases 1`,
  );
  if (failures.length) assert.fail(`${failures.length} of ${summary.cases} protocol fuzz cases failed:\n${failures.join('\n')}`);
});
