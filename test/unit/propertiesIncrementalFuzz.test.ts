/**
 * The differential test of incremental properties analysis (test/fuzz/propertiesIncremental.ts): seeded edit
 * sequences on Rudder's properties fixtures and generated files (10,000 entries now and then), with overrides in
 * `rudder-web.properties.d/`, each state's incremental result equal to a full analysis, byte for byte.
 *
 * Offline, December 2026: `node out/test/fuzz/propertiesIncremental.js --cases 10000 --seed 20261202`
 * (test/fuzz/README.md).
 */
// @tier robustness
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadBenchGenerator, runDifferential } from '../fuzz/incremental';
import { properties } from '../fuzz/propertiesIncremental';
import { envInt } from '../fuzz/random';

const SEED = envInt('INCREMENTAL_SEED', 20261202);
const CASES = envInt('INCREMENTAL_CASES', 2000);

before(loadBenchGenerator);

test(`${CASES} seeded edit sequences: incremental properties analysis equals a full analysis`, (t) => {
  const { mismatches, steps, counts } = runDifferential(properties(true), SEED, 0, CASES);
  t.diagnostic(`${CASES} cases, ${steps} edit batches, ${counts.kept} of ${counts.findings} findings kept as the same objects`);
  assert.deepEqual(
    mismatches.map((m) => `case ${m.index} (${m.origin}) step ${m.step}: ${m.what} differs; re-run: node out/test/fuzz/propertiesIncremental.js --seed ${SEED} --from ${m.index} --cases 1`),
    [],
  );
});
