/** Hash algorithms and passwords (§4): the root `hash` attribute per era, password shapes, bcrypt, argon2id. */
import type { Era } from './releases';

export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';
export type HashAlgorithm = DigestAlgorithm | 'bcrypt' | 'argon2id';
/** What the root `hash` attribute selects: an algorithm, or plain-text comparison (E1/E2 only). */
export type HashSetting = HashAlgorithm | 'plain';

export const DIGEST_HEX_LENGTH: Record<DigestAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const DIGEST_BY_LENGTH = new Map<number, DigestAlgorithm>(
  (Object.keys(DIGEST_HEX_LENGTH) as DigestAlgorithm[]).map((a) => [DIGEST_HEX_LENGTH[a], a]),
);
export const LEGACY_DIGESTS: readonly DigestAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];
/** Hex strings shorter than an MD5 digest are typed passwords (`1234`), not truncated digests. */
const SHORTEST_DIGEST = DIGEST_HEX_LENGTH.md5;

export function isDigest(a: HashSetting): a is DigestAlgorithm {
  return (LEGACY_DIGESTS as readonly string[]).includes(a);
}

export const HASH_DISPLAY: Record<HashSetting, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  bcrypt: 'bcrypt',
  argon2id: 'argon2id',
  plain: 'plain text',
};

/** Root `hash` values each era recognises (lowercase; matching is case-insensitive, never trimmed). */
const HASH_VALUES: Record<Era, Record<string, HashSetting>> = {
  E1: { md5: 'md5', sha: 'sha1', sha1: 'sha1', sha256: 'sha256', 'sha-256': 'sha256', sha512: 'sha512', 'sha-512': 'sha512', bcrypt: 'bcrypt' },
  E2: {
    md5: 'md5',
    sha: 'sha1',
    sha1: 'sha1',
    sha256: 'sha256',
    'sha-256': 'sha256',
    sha512: 'sha512',
    'sha-512': 'sha512',
    bcrypt: 'bcrypt',
    plain: 'plain',
  },
  E3: {
    md5: 'md5',
    sha: 'sha1',
    sha1: 'sha1',
    'sha-1': 'sha1',
    sha256: 'sha256',
    'sha-256': 'sha256',
    sha512: 'sha512',
    'sha-512': 'sha512',
    bcrypt: 'bcrypt',
  },
  E4: { bcrypt: 'bcrypt', argon2id: 'argon2id' },
};

/** What Rudder uses when `hash` is missing, empty or unknown (§4.1 last row). */
export const HASH_FALLBACK: Record<Era, HashSetting> = { E1: 'plain', E2: 'bcrypt', E3: 'bcrypt', E4: 'argon2id' };

/** `hash` values to offer, modern first. */
export function hashValuesFor(era: Era): string[] {
  const order = ['argon2id', 'bcrypt', 'sha512', 'sha-512', 'sha256', 'sha-256', 'sha1', 'sha-1', 'sha', 'md5', 'plain'];
  return order.filter((v) => v in HASH_VALUES[era]);
}

export interface HashAttributeMeaning {
  setting: HashSetting;
  /** False when the value is not recognised and Rudder falls back to `HASH_FALLBACK`. */
  recognised: boolean;
}

export function interpretHashAttribute(value: string | undefined, era: Era): HashAttributeMeaning {
  const known = value === undefined ? undefined : HASH_VALUES[era][value.toLowerCase()];
  return known ? { setting: known, recognised: true } : { setting: HASH_FALLBACK[era], recognised: false };
}

/** A legacy (unsalted digest) `hash` value in the era's table: used by `auto` to infer ≤8.1. */
export function isLegacyHashValue(value: string): boolean {
  const v = value.toLowerCase();
  return ['md5', 'sha', 'sha1', 'sha-1', 'sha256', 'sha-256', 'sha512', 'sha-512'].includes(v);
}

/** Shape of a stored `password` value, independent of era. */
export type PasswordShape =
  | { kind: 'empty' }
  | { kind: 'bcrypt'; cost?: number; valid: boolean; problem?: string }
  | { kind: 'argon2id'; valid: boolean; memory?: number; iterations?: number; parallelism?: number; problem?: string }
  | { kind: 'argon2-other'; variant: string }
  | { kind: 'hex'; length: number; algorithm?: DigestAlgorithm; uppercase: boolean }
  | { kind: 'other' };

/** BouncyCastle OpenBSDBCrypt rules (§4.2): what `checkPassword` accepts. */
export function checkBcrypt(value: string): { cost?: number; valid: boolean; problem?: string } {
  const m = /^\$(2[abxy]?)\$/.exec(value);
  if (!m) return { valid: false, problem: 'it does not start with $2a$, $2b$, $2x$, $2y$ or $2$' };
  const prefixLen = m[0].length;
  const expectedLength = m[1] === '2' ? 59 : 60;
  const costText = value.slice(prefixLen, prefixLen + 2);
  const cost = /^\d\d$/.test(costText) ? Number(costText) : undefined;
  if (cost === undefined || value[prefixLen + 2] !== '$') return { valid: false, problem: 'the cost must be two digits followed by $' };
  if (cost < 4 || cost > 31) return { cost, valid: false, problem: `cost ${cost} is outside 04–31` };
  if (value.length !== expectedLength) return { cost, valid: false, problem: `it has ${value.length} characters instead of ${expectedLength}` };
  if (!/^[./A-Za-z0-9]{53}$/.test(value.slice(prefixLen + 3))) return { cost, valid: false, problem: 'the salt and hash must be 53 characters of [./A-Za-z0-9]' };
  return { cost, valid: true };
}

const ARGON2ID = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;

export function classifyPassword(value: string): PasswordShape {
  if (value.trim() === '') return { kind: 'empty' };
  if (/^\$2[abxy]?\$.+/.test(value)) return { kind: 'bcrypt', ...checkBcrypt(value) };
  if (value.startsWith('$argon2id')) {
    const m = ARGON2ID.exec(value);
    if (!m) return { kind: 'argon2id', valid: false, problem: 'it does not match $argon2id$v=…$m=…,t=…,p=…$salt$hash' };
    return { kind: 'argon2id', valid: true, memory: Number(m[2]), iterations: Number(m[3]), parallelism: Number(m[4]) };
  }
  const other = /^\$(argon2(?:i|d))\$/.exec(value);
  if (other) return { kind: 'argon2-other', variant: other[1] };
  if (/^[a-fA-F0-9]+$/.test(value) && value.length >= SHORTEST_DIGEST) {
    return { kind: 'hex', length: value.length, algorithm: DIGEST_BY_LENGTH.get(value.length), uppercase: /[A-F]/.test(value) };
  }
  return { kind: 'other' };
}

/** bcrypt cost floors: below ERROR_BELOW is an error, below INFO_BELOW worth knowing. */
export const BCRYPT_COST = { ERROR_BELOW: 10, INFO_BELOW: 12, DEFAULT: 12, MIN: 4, MAX: 31 } as const;
/** bcrypt only uses the first 72 bytes (UTF-8) of a password. */
export const BCRYPT_MAX_BYTES = 72;
/** argon2id floors (Rudder's `rudder.argon2.*` checks, OWASP's minimum). */
export const ARGON2_MIN = { memory: 19456, iterations: 2, parallelism: 1 } as const;
/** What Rudder 9.x generates by default. */
export const ARGON2_DEFAULT = { memory: 131072, iterations: 3, parallelism: 1 } as const;

/** `rudder.auth.admin.password`: which stored values this era verifies as a hash (§4.2 last bullet). */
export function adminPasswordVerifier(shape: PasswordShape, value: string, era: Era): 'bcrypt' | 'argon2id' | 'plain' | 'unverifiable' {
  if (era === 'E1' || era === 'E2') return value.startsWith('$2y$') ? 'bcrypt' : 'plain';
  if (shape.kind === 'bcrypt') return 'bcrypt';
  if (shape.kind === 'argon2id' && era === 'E4') return 'argon2id';
  return 'unverifiable';
}
