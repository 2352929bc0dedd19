/**
 * Worker-thread entry that hashes passwords, so that bcrypt's deliberate slowness never blocks the language
 * server's (or the extension host's) event loop. Never logs its input.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import type { HashJob, HashResult } from './hasher';

const DIGEST_NAMES = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as const;

parentPort?.on('message', (job: HashJob) => {
  let result: HashResult;
  try {
    const hash =
      job.algorithm === 'bcrypt' ? bcrypt.hashSync(job.password, bcrypt.genSaltSync(job.cost)) : createHash(DIGEST_NAMES[job.algorithm]).update(job.password, 'utf8').digest('hex');
    result = { id: job.id, hash };
  } catch (e) {
    result = { id: job.id, error: e instanceof Error ? e.message : 'hashing failed' };
  }
  parentPort?.postMessage(result);
});
