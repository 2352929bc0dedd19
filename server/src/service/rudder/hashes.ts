/**
 * Hash algorithms and passwords (§4): the root `hash` attribute per release, how each release verifies a stored
 * password, password shapes, bcrypt (BouncyCastle `OpenBSDBCrypt`) and argon2id (Rudder's `Argon2.scala`).
 */
import { between, since, spanLabel, Timeline, until, type Era, type RudderVersion } from './releases';

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

/**
 * The root `hash` attribute (§4.1): the values each release recognises (lowercase; matched case-insensitively,
 * never trimmed) and what it falls back to when the value is missing, empty or unknown.
 */
interface HashAttributeTable {
  readonly values: Readonly<Record<string, HashSetting>>;
  readonly fallback: HashSetting;
}

const LEGACY_NAMES: Record<string, DigestAlgorithm> = { md5: 'md5', sha: 'sha1', sha1: 'sha1', sha256: 'sha256', 'sha-256': 'sha256', sha512: 'sha512', 'sha-512': 'sha512' };

export const HASH_ATTRIBUTE = new Timeline<HashAttributeTable>({
  // rudder@7.2 RUDF:428-435: a match on the lowercased name; anything else is plain-text comparison.
  '7.0': { values: { ...LEGACY_NAMES, bcrypt: 'bcrypt' }, fallback: 'plain' },
  // rudder@7.3 RUDF `PasswordEncoder.parse`: `plain` is explicit, anything unknown `.getOrElse(BCRYPT)`.
  '7.3': { values: { ...LEGACY_NAMES, bcrypt: 'bcrypt', plain: 'plain' }, fallback: 'bcrypt' },
  // rudder@8.2 RUDF `PasswordEncoderType` (enumeratum `MD5|SHA-1|SHA-256|SHA-512|BCRYPT` + extra names),
  // `withNameInsensitiveEither`, unknown → BCRYPT with a WARN.
  '8.2': { values: { ...LEGACY_NAMES, 'sha-1': 'sha1', bcrypt: 'bcrypt' }, fallback: 'bcrypt' },
  // rudder@9.2 RUDF:83-108: entries `BCRYPT|ARGON2ID` only; unknown → ARGON2ID with a WARN.
  '9.0': { values: { bcrypt: 'bcrypt', argon2id: 'argon2id' }, fallback: 'argon2id' },
});

/** What Rudder uses when `hash` is missing, empty or unknown (§4.1 last row). */
export function hashFallback(v: RudderVersion): HashSetting {
  return HASH_ATTRIBUTE.at(v).fallback;
}

/** `hash` values to offer, modern first. */
export function hashValuesFor(v: RudderVersion): string[] {
  const order = ['argon2id', 'bcrypt', 'sha512', 'sha-512', 'sha256', 'sha-256', 'sha1', 'sha-1', 'sha', 'md5', 'plain'];
  const values = HASH_ATTRIBUTE.at(v).values;
  return order.filter((x) => x in values);
}

export interface HashAttributeMeaning {
  setting: HashSetting;
  /** False when the value is not recognised and Rudder falls back to `hashFallback`. */
  recognised: boolean;
}

export function interpretHashAttribute(value: string | undefined, v: RudderVersion): HashAttributeMeaning {
  const table = HASH_ATTRIBUTE.at(v);
  const known = value === undefined ? undefined : table.values[value.toLowerCase()];
  return known ? { setting: known, recognised: true } : { setting: table.fallback, recognised: false };
}

/** The releases that recognise `value` in the root `hash` attribute, as a label ("Rudder 8.2–8.3"), if any. */
export function hashValueLabel(value: string): string | undefined {
  const steps = HASH_ATTRIBUTE.history().filter((h) => value.toLowerCase() in h.value.values);
  if (steps.length === 0) return undefined;
  return spanLabel({ from: steps[0].span.from, to: steps[steps.length - 1].span.to });
}

/**
 * How a stored password is verified (§4.2): up to 8.1 the root `hash` picks one verifier for every password
 * of the file; from 8.2 the algorithm is detected from each password (`RudderPasswordEncoder.getFromEncoded`,
 * #24729).
 */
export const ONE_VERIFIER_PER_FILE = until('8.1');

/**
 * Unsalted hex digests: accepted when the root `hash` names them (up to 8.1), only in legacy mode (8.2–8.3:
 * a legacy `hash` or `unsafe-hashes="true"`, RUDF@8.3:642), never from 9.0 (#27128, in tag 9.0.0).
 */
export const HEX_DIGESTS = new Timeline<'file-wide' | 'legacy-mode' | 'never'>({ '7.0': 'file-wide', '8.2': 'legacy-mode', '9.0': 'never' });

/** argon2id is verified from 9.0 (#26996; rudder@9.0 rudder-rest `users/Argon2.scala`). */
export const ARGON2ID_VERIFIED = since('9.0');

/** `unsafe-hashes` is read only by 8.2–8.3 (#24729, refined in 8.2.2 #25935); 9.x removes it at start-up. */
export const UNSAFE_HASHES_READ = between('8.2', '8.3');

/** A legacy (unsalted digest) `hash` value in the era's table: used by `auto` to infer ≤8.1. */
export function isLegacyHashValue(value: string): boolean {
  const v = value.toLowerCase();
  return ['md5', 'sha', 'sha1', 'sha-1', 'sha256', 'sha-256', 'sha512', 'sha-512'].includes(v);
}

/** Shape of a stored `password` value, independent of era. */
export type PasswordShape =
  | { kind: 'empty' }
  | { kind: 'bcrypt'; cost?: number; valid: boolean; problem?: string }
  /** `problem`: the value does not have argon2id's `shape`, a number does not fit an `int`, or salt or hash is not standard `base64`. */
  | { kind: 'argon2id'; valid: boolean; memory?: number; iterations?: number; parallelism?: number; problem?: 'shape' | 'int' | 'base64' }
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

/**
 * Rudder's argon2id decoder (rudder@9.1 rudder-rest `users/Argon2.scala:215-259`): the whole value must match
 * this pattern, each number must fit a Java `int`, and salt and hash must decode as *standard* base64
 * (`java.util.Base64.getDecoder`: no `-`/`_`, no white space, a valid length, padding optional). Anything else
 * is `Left`: a WARN at each login attempt, and login is impossible.
 */
const ARGON2ID = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;
const JAVA_INT_MAX = 2147483647;

/** Why Rudder's decoder refuses an argon2id string, in words. */
export const ARGON2_PROBLEMS: Record<'shape' | 'int' | 'base64', string> = {
  shape: 'it does not match $argon2id$v=…$m=…,t=…,p=…$salt$hash',
  int: 'a parameter does not fit a Java int',
  base64: 'salt or hash is not standard base64 (no - or _, no spaces, a valid length)',
};

/** Whether `java.util.Base64.getDecoder().decode(text)` succeeds. */
export function isStandardBase64(text: string): boolean {
  const m = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(text);
  if (!m) return false;
  const [, body, pad] = m;
  if (body.length % 4 === 1) return false;
  return pad.length === 0 || (body.length + pad.length) % 4 === 0;
}

function fitsInt(digits: string): boolean {
  const n = digits.replace(/^0+(?=\d)/, '');
  return n.length < 10 || (n.length === 10 && Number(n) <= JAVA_INT_MAX);
}

function classifyArgon2id(value: string): PasswordShape {
  const m = ARGON2ID.exec(value);
  if (!m) return { kind: 'argon2id', valid: false, problem: 'shape' };
  const [, version, memory, iterations, parallelism, salt, hash] = m;
  if (![version, memory, iterations, parallelism].every(fitsInt)) return { kind: 'argon2id', valid: false, problem: 'int' };
  if (!isStandardBase64(salt) || !isStandardBase64(hash)) return { kind: 'argon2id', valid: false, problem: 'base64' };
  return { kind: 'argon2id', valid: true, memory: Number(memory), iterations: Number(iterations), parallelism: Number(parallelism) };
}

export function classifyPassword(value: string): PasswordShape {
  if (value.trim() === '') return { kind: 'empty' };
  if (/^\$2[abxy]?\$.+/.test(value)) return { kind: 'bcrypt', ...checkBcrypt(value) };
  if (value.startsWith('$argon2id')) return classifyArgon2id(value);
  const other = /^\$(argon2(?:i|d))\$/.exec(value);
  if (other) return { kind: 'argon2-other', variant: other[1] };
  if (/^[a-fA-F0-9]+$/.test(value) && value.length >= SHORTEST_DIGEST) {
    return { kind: 'hex', length: value.length, algorithm: DIGEST_BY_LENGTH.get(value.length), uppercase: /[A-F]/.test(value) };
  }
  return { kind: 'other' };
}

/**
 * bcrypt costs. Rudder verifies any cost BouncyCastle accepts (04–31, rudder@9.1 RUDF:151-153), so a stored
 * hash below `ERROR_BELOW` works but is weak; below `INFO_BELOW` (the default) it is worth knowing. For
 * `rudder.bcrypt.cost`, 9.x branch heads replace a cost below `ERROR_BELOW` by the default.
 */
export const BCRYPT_COST = { ERROR_BELOW: 10, INFO_BELOW: 12, DEFAULT: 12, MIN: 4, MAX: 31 } as const;
/** bcrypt only uses the first 72 bytes (UTF-8) of a password. */
export const BCRYPT_MAX_BYTES = 72;

/**
 * Whether bcrypt ignores the end of `password` (over `BCRYPT_MAX_BYTES` in UTF-8). A UTF-16 unit is at most 3
 * UTF-8 bytes, so a password of up to 24 units is never encoded: asked once per password of a file, an encoding
 * each (a new byte array) was most of what a code action on a plain-text password cost.
 */
export function bcryptTruncates(password: string): boolean {
  return password.length * 3 > BCRYPT_MAX_BYTES && new TextEncoder().encode(password).length > BCRYPT_MAX_BYTES;
}
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
