/** Hash one password, synchronously: bcrypt (`$2b$`, random salt) or a legacy hex digest. Never logs its input. */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

export const HASH_ALGORITHMS = ['bcrypt', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export function hashPassword(algorithm: HashAlgorithm, password: string, cost: number): string {
  return algorithm === 'bcrypt' ? bcrypt.hashSync(password, bcrypt.genSaltSync(cost)) : createHash(algorithm).update(password, 'utf8').digest('hex');
}
