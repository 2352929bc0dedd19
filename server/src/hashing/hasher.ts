/**
 * Hashes passwords in a pool of worker threads (created on demand, up to one per core, never keeping the
 * process alive). Shared by the server (hash code actions, "Hash all") and the client ("Set a new password…",
 * where the password must never cross the LSP connection, which traces may record).
 *
 * Jobs run first in, first out; an aborted job leaves the queue at once (one already running finishes in its
 * worker, and its result is dropped).
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './hash';

export interface HashJob {
  id: number;
  algorithm: HashAlgorithm;
  password: string;
  cost: number;
}
export type HashResult = { id: number; hash: string } | { id: number; error: string };

interface Pending {
  job: HashJob;
  resolve: (hash: string) => void;
  reject: (e: Error) => void;
}

/** One worker per core the process may use. */
export function defaultPoolSize(): number {
  return Math.max(1, os.availableParallelism());
}

export class Hasher {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private peakBusy = 0;

  /**
   * `script`: the bundled `hashWorker.js` (or the compiled `worker.js`), or the single executable's embedded one;
   * `size`: the most workers at once.
   */
  constructor(
    private readonly script: string | URL,
    readonly size = defaultPoolSize(),
  ) {}

  /** The most jobs that ran at the same time so far. */
  get peak(): number {
    return this.peakBusy;
  }

  hash(algorithm: HashAlgorithm, password: string, cost: number, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const pending: Pending = { job: { id: this.nextId++, algorithm, password, cost }, resolve, reject };
      signal?.addEventListener(
        'abort',
        () => {
          const queued = this.queue.indexOf(pending);
          if (queued >= 0) this.queue.splice(queued, 1);
          pending.resolve = () => undefined;
          pending.reject = () => undefined;
          reject(abortError());
        },
        { once: true },
      );
      this.queue.push(pending);
      this.dispatch();
    });
  }

  dispose(): void {
    for (const w of [...this.idle, ...this.busy.keys()]) void w.terminate();
    for (const p of [...this.queue, ...this.busy.values()]) p.reject(new Error('the hasher was disposed'));
    this.idle.length = 0;
    this.busy.clear();
    this.queue.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      this.peakBusy = Math.max(this.peakBusy, this.busy.size);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (r: HashResult) => {
      const p = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (p && 'hash' in r) p.resolve(r.hash);
      else p?.reject(new Error('error' in r ? r.error : 'hashing failed'));
      this.dispatch();
    });
    const fail = (e: Error) => {
      this.busy.get(worker)?.reject(e);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`hash worker exited with code ${code}`)));
    return worker;
  }
}

function abortError(): Error {
  const e = new Error('hashing was cancelled');
  e.name = 'AbortError';
  return e;
}
