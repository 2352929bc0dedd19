/**
 * `rudder-lint verify USER [FILE]`: does a typed password match what the file stores, checked the way *this*
 * Rudder version checks it (for "why can't alice log in?")? Up to 8.1 the root `hash` picks one verifier for
 * the whole file (plain text, a hex digest or bcrypt); from 8.2 the stored value picks it (bcrypt, hex digests
 * in 8.2–8.3 legacy mode, argon2id from 9.0). Neither the password nor the hash is ever printed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { argon2id } from '@noble/hashes/argon2';
import bcrypt from 'bcryptjs';
import { decodeXml } from '../service/xml/encoding';
import { IoError, readRegularFileSync } from '../io/read';
import { readHiddenLine, readPasswordFromStdin, stdinIsTerminal } from '../io/terminal';
import { checkBcrypt, formatVersion, HASH_DISPLAY, isDigest, ONE_VERIFIER_PER_FILE, type DigestAlgorithm } from '../service/rudder';
import type { EffectiveUser, UsersEvaluation } from '../service/users/evaluate';
import { ONE_VERIFIER_RELEASES } from './fix';
import { Refused, subcommandArgs, usersFacts } from './passwd';

const USAGE = `Usage: rudder-lint verify [--password-stdin] [--rudder-version X.Y] USER [FILE]

Says whether a password typed on the terminal (without echo) matches USER's stored password in FILE
(default /opt/rudder/etc/rudder-users.xml), checked with the algorithm the Rudder version uses. Prints
neither the password nor the hash.

  --password-stdin      read the password from standard input (up to the first line ending)
  --rudder-version X.Y  the Rudder version that reads the file (default: auto, inferred from the file)
  -h, --help            show this help

Exit status: 0 the password matches, 1 it does not (or this user cannot log in with a password), 2 usage or
I/O error.`;

type Verifier = { kind: 'plain' } | { kind: 'digest'; algorithm: DigestAlgorithm } | { kind: 'bcrypt' } | { kind: 'argon2id' } | { kind: 'none'; why: string };

/**
 * How Rudder of the evaluated version checks `user`'s password: by the root `hash` where one verifier serves the
 * whole file, else by the shape the evaluation recognised in the stored value.
 */
function verifierFor(ev: UsersEvaluation, user: EffectiveUser): Verifier {
  if (user.password.noLoginBecause) return { kind: 'none', why: user.password.noLoginBecause };
  if (!user.password.loginPossible) return { kind: 'none', why: `its password is ${user.password.kind}` };
  if (ONE_VERIFIER_PER_FILE.at(ev.version.version)) {
    const setting = ev.hash.setting;
    if (setting === 'plain') return { kind: 'plain' };
    if (isDigest(setting)) return { kind: 'digest', algorithm: setting };
    if (setting === 'bcrypt') return { kind: 'bcrypt' };
    return { kind: 'none', why: `hash="${setting}" verifies no password in ${ONE_VERIFIER_RELEASES}` };
  }
  const kind = user.password.kind;
  if (kind === 'bcrypt' || kind === 'argon2id') return { kind };
  if (kind === 'external') return { kind: 'none', why: 'this user logs in through an external provider' };
  if (kind !== 'plaintext' && kind !== 'missing') return { kind: 'digest', algorithm: kind };
  return { kind: 'none', why: 'the stored value is in no format this version verifies' };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** BouncyCastle's OpenBSDBCrypt.checkPassword: the format rules first, then the hash ($2y$ and $2a$ hash like $2b$). */
function bcryptMatches(password: string, stored: string): boolean | 'unsupported' {
  if (!checkBcrypt(stored).valid) return false;
  if (!/^\$2[aby]\$/.test(stored)) return 'unsupported';
  return bcrypt.compareSync(password, `$2b$${stored.slice(4)}`);
}

/**
 * Rudder's argon2id check (Argon2.scala, BouncyCastle): parameters from the stored string, salt and hash in
 * standard base64, the UTF-8 bytes of the password; `t=0`, `p=0` or a hash under 4 bytes fail, a memory below
 * 8 KiB per lane is raised to it. 'unsupported' when the library refuses what BouncyCastle would compute.
 */
function argon2Matches(password: string, stored: string): boolean | 'unsupported' {
  const m = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (!m) return false;
  const [version, memory, iterations, parallelism] = m.slice(1, 5).map(Number);
  const salt = Buffer.from(m[5], 'base64');
  const hash = Buffer.from(m[6], 'base64');
  if (![version, memory, iterations, parallelism].every((n) => n <= 0x7fffffff) || iterations < 1 || parallelism < 1 || hash.length < 4) return false;
  try {
    const out = argon2id(Buffer.from(password, 'utf8'), salt, { t: iterations, m: Math.max(memory, 8 * parallelism), p: parallelism, version, dkLen: hash.length });
    return timingSafeEqual(Buffer.from(out), hash);
  } catch {
    return 'unsupported';
  }
}

function matches(v: Verifier, password: string, stored: string): boolean | 'unsupported' {
  switch (v.kind) {
    case 'plain':
      return sameText(password, stored);
    case 'digest':
      return sameText(createHash(v.algorithm).update(password, 'utf8').digest('hex'), stored);
    case 'bcrypt':
      return bcryptMatches(password, stored);
    case 'argon2id':
      return argon2Matches(password, stored);
    case 'none':
      return false;
  }
}

/** The user Rudder authenticates for `name`: exact name, or any case when the file is case-insensitive; the last one wins. */
function loginUser(ev: UsersEvaluation, name: string): EffectiveUser[] {
  return ev.users.filter((u) => (ev.caseSensitive ? u.name === name : u.name.toLowerCase() === name.toLowerCase()));
}

export function verify(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): number {
  const args = subcommandArgs(argv, false);
  if (args === 'help') {
    write(`${USAGE}\n`);
    return 0;
  }
  if (typeof args === 'string') {
    writeErr(`rudder-lint verify: ${args}\n\n${USAGE}\n`);
    return 2;
  }
  const { user, file, settings } = args;
  try {
    const { ev } = usersFacts(file, decodeXml(readRegularFileSync(file, settings.maxFileSizeMB * 1024 * 1024)).text, settings);
    const rudder = `Rudder ${formatVersion(ev.version.version)}`;
    const declared = loginUser(ev, user);
    const loaded = declared.filter((u) => u.loaded);
    const target = loaded[loaded.length - 1];
    if (!target) {
      const why = declared.find((u) => u.droppedBecause)?.droppedBecause;
      write(`${user}: ${declared.length ? `${rudder} does not load this user${why ? ` (${why})` : ''}` : `no such user in ${file}`}, so no password logs in\n`);
      return 1;
    }
    const stored = target.decl.password?.value ?? '';
    const verifier = verifierFor(ev, target);
    if (verifier.kind === 'none') {
      write(`${user}: ${rudder} cannot verify any password for this user (${verifier.why})\n`);
      return 1;
    }
    let password: string;
    if (args.passwordStdin) password = readPasswordFromStdin();
    else {
      if (!stdinIsTerminal()) throw new Refused('standard input is not a terminal: type the password in one, or pass it with --password-stdin');
      password = readHiddenLine(`Password for ${user}: `);
    }
    const how = verifier.kind === 'digest' ? HASH_DISPLAY[verifier.algorithm] : verifier.kind === 'plain' ? 'plain-text comparison' : verifier.kind;
    const result = matches(verifier, password, stored);
    if (result === 'unsupported') {
      write(`${user}: rudder-lint cannot check this ${verifier.kind} value (${verifier.kind === 'bcrypt' ? 'the $2$ or $2x$ variant' : 'parameters its library refuses'}); ${rudder} may accept it\n`);
      return 2;
    }
    write(`${user}: the password ${result ? 'matches' : 'does NOT match'} (${how}, as ${rudder} checks it)\n`);
    return result ? 0 : 1;
  } catch (e) {
    if (!(e instanceof IoError)) throw e;
    writeErr(`rudder-lint verify: ${e.message}\n`);
    return 2;
  }
}
