/**
 * The differential test of incremental analysis (test/fuzz/incremental.ts): seeded edit sequences on the
 * fixtures and generated files, each state's incremental result equal to a full analysis, byte for byte.
 *
 * Offline, December 2026: `node out/test/fuzz/incremental.js --cases 10000 --seed 20261202`: 10,000 cases,
 * 36,226 edit batches (6,732 of them spliced), 0 mismatching; seed 20261203 likewise (test/fuzz/README.md).
 */
// @tier robustness
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadBenchGenerator, runDifferential, USERS } from '../fuzz/incremental';

const SEED = 20261202;
const CASES = 2000;

before(loadBenchGenerator);

test(`${CASES} seeded edit sequences: incremental analysis equals a full analysis`, (t) => {
  const { mismatches, steps, counts } = runDifferential(USERS, SEED, 0, CASES);
  t.diagnostic(`${CASES} cases, ${steps} edit batches, ${counts.spliced} of them spliced`);
  assert.deepEqual(
    mismatches.map((m) => `case ${m.index} (${m.origin}) step ${m.step}: ${m.what} differs; re-run: node out/test/fuzz/incremental.js --seed ${SEED} --from ${m.index} --cases 1`),
    [],
  );
});
