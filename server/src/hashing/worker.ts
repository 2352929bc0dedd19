/**
 * Worker-thread entry that hashes passwords, so that bcrypt's deliberate slowness never blocks the language
 * server's (or the extension host's) event loop. Never logs its input.
 */
import { parentPort } from 'node:worker_threads';
import { hashPassword } from './hash';
import type { HashJob, HashResult } from './hasher';

parentPort?.on('message', (job: HashJob) => {
  let result: HashResult;
  try {
    result = { id: job.id, hash: hashPassword(job.algorithm, job.password, job.cost) };
  } catch (e) {
    result = { id: job.id, error: e instanceof Error ? e.message : 'hashing failed' };
  }
  parentPort?.postMessage(result);
});
