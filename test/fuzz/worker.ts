/**
 * Runs fuzz cases `[from, to)` in a worker thread, so that the parent can notice a case that never finishes.
 * Shared memory `beat` holds the case being run and how many are done; failures and progress are messages.
 * With `trace`, the name of every call is posted before it starts (to find the call a hanging case is stuck in).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCase, type CaseReport } from './harness';

export interface WorkerData {
  seed: number;
  from: number;
  to: number;
  /** Int32Array(2): [case being run, cases done]. */
  beat: SharedArrayBuffer;
  trace: boolean;
}

export type WorkerMessage =
  | { type: 'failure'; report: CaseReport }
  | { type: 'progress'; done: number; slowest: Slowest }
  | { type: 'call'; name: string };

export interface Slowest {
  index: number;
  call: string;
  ms: number;
}

/** How often (in cases) the worker reports progress. */
const PROGRESS_EVERY = 250;

const { seed, from, to, beat, trace } = workerData as WorkerData;
const shared = new Int32Array(beat);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
let slowest: Slowest = { index: -1, call: '', ms: 0 };
for (let index = from; index < to; index++) {
  Atomics.store(shared, 0, index);
  const { report } = runCase(seed, index, trace ? (name) => post({ type: 'call', name }) : undefined);
  if (report.slowest.ms > slowest.ms) slowest = { index, ...report.slowest };
  if (report.failures.length) post({ type: 'failure', report });
  Atomics.add(shared, 1, 1);
  if ((index + 1 - from) % PROGRESS_EVERY === 0 || index + 1 === to) post({ type: 'progress', done: index + 1 - from, slowest });
}
