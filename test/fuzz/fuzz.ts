/**
 * The fuzz driver shared by `test/unit/fuzz.test.ts` and the CLI (`run.ts`): runs cases in a worker thread,
 * saves a reproducer for each failing case, and turns a case that stops making progress (a hang, or a
 * quadratic blow-up) or kills the worker (out of memory) into a failure of that case, then goes on after it.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeInput, saveReproducer, signature, type CaseReport } from './harness';
import { Random } from './random';
import type { Slowest, WorkerData, WorkerMessage } from './worker';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** First case index (to re-run one case: `from: I, cases: 1`). */
  from?: number;
  /** A case that runs longer than this is a hang. */
  stallMs?: number;
  onProgress?(done: number, slowest: Slowest): void;
  /** Every failing case, with the kinds of failure (signatures) it is the first to show. */
  onFailure?(failing: FailingCase, newKinds: string[]): void;
}

export interface FailingCase {
  report: CaseReport;
  /** The saved text (a `.json` description next to it), for the first case of each kind of failure. */
  file?: string;
}

export interface FuzzSummary {
  cases: number;
  ms: number;
  slowest: Slowest;
  failing: FailingCase[];
  /** Failure signatures, with how many cases hit each and the first of them (saved). */
  bugs: Map<string, { count: number; first: Required<FailingCase> }>;
}

const DEFAULT_STALL_MS = 20_000;

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const from = options.from ?? 0;
  const end = from + options.cases;
  const summary: FuzzSummary = { cases: 0, ms: 0, slowest: { index: -1, call: '', ms: 0 }, failing: [], bugs: new Map() };
  const record = (report: CaseReport) => {
    const failing: FailingCase = { report };
    summary.failing.push(failing);
    const newKinds: string[] = [];
    for (const sig of new Set(report.failures.map(signature))) {
      const known = summary.bugs.get(sig);
      if (known) known.count++;
      else {
        // The input is rebuilt from (seed, index): cheap, and only the first case of each kind is saved.
        failing.file ??= saveReproducer(report, makeInput(new Random(report.seed, report.index)));
        summary.bugs.set(sig, { count: 1, first: { report, file: failing.file } });
        newKinds.push(sig);
      }
    }
    options.onFailure?.(failing, newKinds);
  };
  for (let next = from; next < end; ) {
    const outcome = await runWorker({ seed: options.seed, from: next, to: end }, options.stallMs ?? DEFAULT_STALL_MS, {
      failure: record,
      progress: (done, slowest) => {
        if (slowest.ms > summary.slowest.ms) summary.slowest = slowest;
        options.onProgress?.(summary.cases + done, summary.slowest);
      },
    });
    summary.cases += outcome.done;
    if (outcome.stopped === undefined) break;
    const index = outcome.stopped.index;
    const call = outcome.stopped.hang ? await stuckCall(options.seed, index, options.stallMs ?? DEFAULT_STALL_MS) : undefined;
    record(stoppedCase(options.seed, index, { call: call ?? 'case', message: outcome.stopped.reason }));
    summary.cases++;
    next = index + 1;
  }
  summary.ms = Date.now() - started;
  return summary;
}

interface Outcome {
  done: number;
  stopped?: { index: number; reason: string; hang: boolean };
}

/** One worker over `[from, to)`; resolves when it finishes, hangs (then it is terminated) or dies. */
function runWorker(
  range: { seed: number; from: number; to: number },
  stallMs: number,
  on: { failure?(report: CaseReport): void; progress?(done: number, slowest: Slowest): void; call?(name: string): void },
  trace = false,
): Promise<Outcome> {
  const beat = new SharedArrayBuffer(8);
  const shared = new Int32Array(beat);
  const data: WorkerData = { ...range, beat, trace };
  // The stack of a worker is 4 MB by default; the server runs on the main thread's (about 1 MB): use that.
  const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: data, execArgv: ['--enable-source-maps'], resourceLimits: { stackSizeMb: 1 } });
  return new Promise((resolve) => {
    let lastDone = 0;
    let lastChange = Date.now();
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      void worker.terminate();
      resolve(outcome);
    };
    const watch = setInterval(() => {
      const done = Atomics.load(shared, 1);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        settle({ done, stopped: { index: Atomics.load(shared, 0), reason: `did not finish within ${stallMs} ms (hang)`, hang: true } });
      }
    }, 100);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'failure') on.failure?.(m.report);
      else if (m.type === 'progress') on.progress?.(m.done, m.slowest);
      else on.call?.(m.name);
    });
    worker.on('error', (e) => settle({ done: Atomics.load(shared, 1), stopped: { index: Atomics.load(shared, 0), reason: `the worker died: ${e.message}`, hang: false } }));
    worker.on('exit', (code) => {
      const done = Atomics.load(shared, 1);
      settle(done === range.to - range.from ? { done } : { done, stopped: { index: Atomics.load(shared, 0), reason: `the worker exited with code ${code}`, hang: false } });
    });
  });
}

/** Re-runs a hanging case with tracing on and returns the call it got stuck in. */
async function stuckCall(seed: number, index: number, stallMs: number): Promise<string | undefined> {
  let last: string | undefined;
  await runWorker({ seed, from: index, to: index + 1 }, stallMs, { call: (name) => (last = name) }, true);
  return last;
}

/** The report of a case that never reported back (its input is rebuilt, without running any feature). */
function stoppedCase(seed: number, index: number, failure: { call: string; message: string }): CaseReport {
  const input = makeInput(new Random(seed, index));
  return {
    seed,
    index,
    kind: input.kind,
    origin: input.origin,
    mutations: input.mutations,
    length: input.text.length,
    calls: 0,
    slowest: { call: '', ms: 0 },
    failures: [failure],
  };
}
