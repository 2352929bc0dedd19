/**
 * Long fuzz runs: `node out/test/fuzz/run.js [--cases N] [--protocol-cases M] [--seed S] [--from I] [--stall-ms MS]`.
 * N façade cases (`fuzz.ts`), then M protocol cases against the bundled server over stdio (`protocol.ts`;
 * default N / 20). Prints progress, and for every new kind of failure its reproducer: seed, case index, the
 * saved text and the command that re-runs that one case. Exits 1 when a case failed.
 */
import { parseArgs } from 'node:util';
import { CALL_LIMIT_MS, signature, type Failure } from './harness';
import { runFuzz } from './fuzz';
import { REQUEST_LIMIT_MS, runProtocolFuzz } from './protocol';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    from: { type: 'string', default: '0' },
    'stall-ms': { type: 'string', default: '20000' },
    'protocol-cases': { type: 'string' },
  },
});
const seed = Number(values.seed);
const cases = Number(values.cases);
const from = Number(values.from);
const stallMs = Number(values['stall-ms']);
const protocolCases = Number(values['protocol-cases'] ?? Math.floor(cases / 20));
if (![seed, cases, from, stallMs, protocolCases].every(Number.isInteger) || cases < 0 || protocolCases < 0) {
  process.stderr.write('usage: node out/test/fuzz/run.js [--cases N] [--protocol-cases M] [--seed S] [--from I] [--stall-ms MS]\n');
  process.exit(2);
}

const describe = (f: Failure) => `${f.call} → ${f.message}${f.stack ? `\n      ${f.stack.split('\n').slice(1, 4).join('\n      ')}` : ''}`;

async function main(): Promise<void> {
  if (cases > 0) {
    process.stdout.write(`fuzz: seed ${seed}, cases ${from}…${from + cases - 1}, call limit ${CALL_LIMIT_MS} ms\n`);
    const summary = await runFuzz({
      seed,
      cases,
      from,
      stallMs,
      onProgress: (done, slowest) => process.stdout.write(`  ${done}/${cases} cases, slowest call so far ${slowest.ms.toFixed(0)} ms of CPU (case ${slowest.index}: ${slowest.call})\n`),
      onFailure: ({ report, file }, newKinds) => {
        if (!newKinds.length || !file) return;
        process.stdout.write(
          [
            `FAIL seed ${report.seed} case ${report.index} (${report.kind}, ${report.origin}, mutations: ${report.mutations.join(' ') || 'none'}, ${report.length} chars)`,
            ...newKinds.map((kind) => `    ${describe(report.failures.find((f) => signature(f) === kind)!)}`),
            `    text: ${file} (settings and every failure: ${file.replace(/\.\w+$/, '.json')})`,
            `    re-run: node out/test/fuzz/run.js --seed ${report.seed} --from ${report.index} --cases 1 --protocol-cases 0`,
            '',
          ].join('\n'),
        );
      },
    });
    const { slowest } = summary;
    process.stdout.write(`\n${summary.cases} cases in ${(summary.ms / 1000).toFixed(1)} s; slowest call ${slowest.ms.toFixed(0)} ms (case ${slowest.index}: ${slowest.call})\n`);
    if (summary.failing.length) {
      process.stdout.write(`${summary.failing.length} failing case(s), ${summary.bugs.size} kind(s) of failure:\n`);
      for (const [sig, { count, first }] of summary.bugs) process.stdout.write(`  ${String(count).padStart(5)} × ${sig}\n          first: case ${first.report.index}, ${first.file}\n`);
      process.exitCode = 1;
    }
  }
  if (protocolCases > 0) {
    process.stdout.write(`\nprotocol fuzz: seed ${seed}, cases ${from}…${from + protocolCases - 1}, request limit ${REQUEST_LIMIT_MS} ms\n`);
    const summary = await runProtocolFuzz({
      seed,
      cases: protocolCases,
      from,
      onProgress: (done) => process.stdout.write(`  ${done}/${protocolCases} protocol cases\n`),
      onFailure: (report, file) =>
        process.stdout.write(
          [
            `FAIL protocol seed ${report.seed} case ${report.index} (${report.kind}, ${report.origin}, ${report.steps.length} steps)`,
            ...report.failures.slice(0, 5).map((f) => `    ${f.call} → ${f.message}`),
            `    steps: ${file}`,
            `    re-run: node out/test/fuzz/run.js --seed ${report.seed} --from ${report.index} --cases 0 --protocol-cases 1`,
            '',
          ].join('\n'),
        ),
    });
    process.stdout.write(`\n${summary.cases} protocol cases (${summary.steps} steps) in ${(summary.ms / 1000).toFixed(1)} s; ${summary.failing.length} failing\n`);
    if (summary.failing.length) process.exitCode = 1;
  }
}

void main();
