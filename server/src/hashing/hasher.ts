/**
 * Hashes passwords in one long-lived worker thread (created on first use, not keeping the process alive).
 * Shared by the server (hash code actions) and the client ("Set a new password…", where the password must
 * never cross the LSP connection, which traces may record).
 */
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './hash';

export interface HashJob {
  id: number;
  algorithm: HashAlgorithm;
  password: string;
  cost: number;
}
export type HashResult = { id: number; hash: string } | { id: number; error: string };

export class Hasher {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (hash: string) => void; reject: (e: Error) => void }>();

  /** `workerPath`: the bundled `hashWorker.js` (or the compiled `worker.js`). */
  constructor(private readonly workerPath: string) {}

  hash(algorithm: HashAlgorithm, password: string, cost: number): Promise<string> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, algorithm, password, cost } satisfies HashJob);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.unref();
    worker.on('message', (r: HashResult) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) worker.unref();
      if ('hash' in r) p?.resolve(r.hash);
      else p?.reject(new Error(r.error));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`hash worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
