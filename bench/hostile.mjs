/**
 * Child process of the benchmark (run with `node --expose-gc --single-threaded-gc`, after `npm run compile`; with
 * the collector on this thread, the CPU time of a call is its own work and its own garbage): the hostile set of the
 * hardening issue (`test/fuzz/hostile.ts`, compiled to out/) at three sizes per family, the hardening issue's
 * size and a tenth and a hundredth of it, every feature of the façade timed in this process by CPU time (user +
 * system) as `test/unit/hostileSet.test.ts` times it. Each size is run `--rounds` times
 * (default 3), each round on a fresh analysis (so that the indexes a feature builds on first use are counted, as
 * a server builds them once per version); a feature asked at several spots counts its slowest spot, and a size
 * its fastest round. The heap is collected before a call when the calls before it left 8 MiB of garbage or more,
 * so that no call pays much for another's garbage. A
 * first pass at the smallest sizes warms the code up and is not counted. Prints JSON:
 * `{ families: [{ name, kind, unit, sizes, bytes, diagnostics, ms: { feature: [ms at each size] } }] }`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { HOSTILE_FAMILIES, FEATURES, hostileCase, runFeatures } = require('../out/test/fuzz/hostile.js');

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const SCALES = [0.01, 0.1, 1];

/** Garbage a call may inherit from the ones before it: past this, the heap is collected first. */
const GARBAGE_BYTES = 8 * 1024 * 1024;
let collected = 0;
function collect() {
  if (process.memoryUsage().heapUsed - collected < GARBAGE_BYTES) return;
  global.gc();
  collected = process.memoryUsage().heapUsed;
}

/** CPU ms of each feature on `h` (slowest spot), and the diagnostics' count. */
function once(h) {
  const ms = {};
  let diagnostics = 0;
  runFeatures(h, (feature, _at, work) => {
    collect();
    const cpu = process.cpuUsage();
    const result = work();
    const used = process.cpuUsage(cpu);
    ms[feature] = Math.max(ms[feature] ?? 0, (used.user + used.system) / 1000);
    if (feature === 'diagnostics') diagnostics = result.length;
    return result;
  });
  return { ms, diagnostics };
}

for (const f of HOSTILE_FAMILIES) once(hostileCase(f, Math.round(f.size * SCALES[0] * 1000) / 1000));

const families = HOSTILE_FAMILIES.map((f) => {
  const sizes = SCALES.map((s) => Math.round(f.size * s * 1000) / 1000);
  const ms = Object.fromEntries(FEATURES.map((name) => [name, []]));
  const bytes = [];
  const diagnostics = [];
  for (const n of sizes) {
    const h = hostileCase(f, n);
    const rounds = Array.from({ length: ROUNDS }, () => once(h));
    for (const name of FEATURES) ms[name].push(Math.min(...rounds.map((r) => r.ms[name] ?? 0)));
    bytes.push(Buffer.byteLength(h.text));
    diagnostics.push(rounds[0].diagnostics);
  }
  return { name: f.name, kind: f.kind, unit: f.unit, sizes, bytes, diagnostics, ms };
});
process.stdout.write(JSON.stringify({ rounds: ROUNDS, families }));
