/**
 * `rudder-lint passwd USER [FILE]`: Rudder's documented procedure (type a password, hash it, put the hash in
 * rudder-users.xml) as one command. The password is read twice from the terminal without echo, or once from
 * standard input; it is hashed with bcrypt at the sibling `rudder.bcrypt.cost` (else 12) and only that user's
 * password value changes (or one `<user>` line is added with `--role`), written like `--fix` writes.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../hashing/hash';
import { diskFiles } from '../io/disk';
import { decodeXml } from '../service/xml/encoding';
import { IoError, readRegularFileSync } from '../io/read';
import { readHiddenLine, readPasswordFromStdin, stdinIsTerminal } from '../io/terminal';
import { updateXmlFileSync } from '../io/update';
import { analyze, bcryptCostFor, parse, passwordEdit } from '../service/languageService';
import { BCRYPT_MAX_BYTES, formatVersion, HASH_DISPLAY, KNOWN_VERSIONS, ONE_VERIFIER_PER_FILE, parseVersion } from '../service/rudder';
import { normalizeSettings, type Settings } from '../service/settings';
import type { UsersEvaluation } from '../service/users/evaluate';
import type { UsersModel } from '../service/users/model';
import { siblingContext } from '../workspace/siblings';
import { ONE_VERIFIER_RELEASES } from './fix';

export const DEFAULT_USERS_FILE = '/opt/rudder/etc/rudder-users.xml';

const USAGE = `Usage: rudder-lint passwd [--password-stdin] [--role ROLE] [--rudder-version X.Y] USER [FILE]

Sets USER's password in FILE (default ${DEFAULT_USERS_FILE}): the password is read twice from the
terminal without echo, hashed with bcrypt (cost: rudder.bcrypt.cost of the sibling rudder-web.properties,
else 12), and only that user's password value changes. The file is replaced atomically, keeping its mode,
owner, encoding and every other byte.

  --password-stdin      read the password once from standard input (up to the first line ending)
  --role ROLE           add USER with this role when the file has no such user
  --rudder-version X.Y  the Rudder version that reads the file (default: auto, inferred from the file)
  -h, --help            show this help

Exit status: 0 password set, 2 refused or I/O error (nothing written).`;

/** A refusal with its reason; nothing was written. */
export class Refused extends IoError {}

export interface UsersFileFacts {
  model: UsersModel;
  ev: UsersEvaluation;
  cost: number;
}

/** The users file `text` at `file` as Rudder reads it, with its siblings. */
export function usersFacts(file: string, text: string, settings: Settings): UsersFileFacts {
  const model = parse(text, 'users', settings.maxFileSizeMB) as UsersModel;
  const context = siblingContext(path.resolve(file), 'users', settings, diskFiles(), model);
  const a = analyze(model, settings, context);
  if (a.kind !== 'users') throw new Refused(`${file}: not a users file`);
  return { model, ev: a.evaluation, cost: bcryptCostFor(settings, context) };
}

export interface SubcommandArgs {
  user: string;
  file: string;
  settings: Settings;
  passwordStdin: boolean;
  role?: string;
}

/** The arguments shared by `passwd` and `verify`; a string is a usage error, 'help' asks for the usage. */
export function subcommandArgs(argv: string[], withRole: boolean): SubcommandArgs | 'help' | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'password-stdin': { type: 'boolean' },
        'rudder-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...(withRole ? { role: { type: 'string' as const } } : {}),
      },
    });
  } catch (e) {
    return (e as Error).message;
  }
  const v = parsed.values as { 'password-stdin'?: boolean; 'rudder-version'?: string; help?: boolean; role?: string };
  if (v.help) return 'help';
  const [user, file, ...rest] = parsed.positionals;
  if (!user) return 'no USER given';
  if (rest.length) return `unexpected argument '${rest[0]}'`;
  const version = v['rudder-version'] ?? 'auto';
  if (version !== 'auto' && !parseVersion(version)) return `--rudder-version must be one of ${KNOWN_VERSIONS.join(', ')} or auto, not '${version}'`;
  if (v.role !== undefined && !/^[^\s"<>&,]+$/.test(v.role)) return `--role must be one role name, not '${v.role}'`;
  return { user, file: file ?? DEFAULT_USERS_FILE, settings: normalizeSettings({ rudderVersion: version }), passwordStdin: !!v['password-stdin'], role: v.role };
}

/** The password, typed twice on the terminal or once on standard input, refused when empty, mismatched or too long. */
function newPassword(user: string, fromStdin: boolean): string {
  let password: string;
  if (fromStdin) password = readPasswordFromStdin();
  else {
    if (!stdinIsTerminal()) throw new Refused('standard input is not a terminal: type the password in one, or pass it with --password-stdin');
    password = readHiddenLine(`New password for ${user}: `);
    if (password !== '' && readHiddenLine('Retype it: ') !== password) throw new Refused('the two passwords differ; nothing changed');
  }
  if (password === '') throw new Refused('the password is empty; nothing changed');
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > BCRYPT_MAX_BYTES) throw new Refused(`the password is ${bytes} UTF-8 bytes; bcrypt only uses the first ${BCRYPT_MAX_BYTES}, so the rest would not count; nothing changed`);
  return password;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** `text` with one `<user>` added after the last one (same indentation and line ending), or inside the root. */
function addUser(file: string, model: UsersModel, name: string, role: string, hash: string): string {
  const text = model.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const line = `<user name="${escapeAttribute(name)}" password="${hash}" role="${escapeAttribute(role)}"/>`;
  const last = model.users[model.users.length - 1]?.element;
  if (last?.end !== undefined) {
    const lineStart = Math.max(text.lastIndexOf('\n', last.start), text.lastIndexOf('\r', last.start)) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.start))![0];
    return text.slice(0, last.end) + eol + indent + line + text.slice(last.end);
  }
  const root = model.root;
  if (!root || root.selfClosing || root.end === undefined) throw new Refused(`${file}: no <authentication>…</authentication> element to add the user to; nothing written`);
  const close = text.lastIndexOf('</', root.end);
  const lineStart = Math.max(text.lastIndexOf('\n', close), text.lastIndexOf('\r', close)) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, close))) return `${text.slice(0, lineStart)}${text.slice(lineStart, close)}    ${line}${eol}${text.slice(lineStart)}`;
  return `${text.slice(0, close)}${eol}    ${line}${eol}${text.slice(close)}`;
}

/** The users declared with exactly this name. */
export function declaredUsers(model: UsersModel, name: string) {
  return model.users.filter((u) => u.name?.value === name);
}

export function passwd(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): number {
  const args = subcommandArgs(argv, true);
  if (args === 'help') {
    write(`${USAGE}\n`);
    return 0;
  }
  if (typeof args === 'string') {
    writeErr(`rudder-lint passwd: ${args}\n\n${USAGE}\n`);
    return 2;
  }
  const { user, file, settings } = args;
  const maxBytes = settings.maxFileSizeMB * 1024 * 1024;
  /** What Rudder makes of the file, and the user to change; refused when a bcrypt hash would not work. */
  const check = (text: string) => {
    const facts = usersFacts(file, text, settings);
    if (ONE_VERIFIER_PER_FILE.at(facts.ev.version.version) && facts.ev.hash.setting !== 'bcrypt') {
      throw new Refused(
        `${file}: in ${ONE_VERIFIER_RELEASES} one algorithm verifies every password of the file, and this one uses ${HASH_DISPLAY[facts.ev.hash.setting]}: a bcrypt hash would not log in. Switch the file to bcrypt first (rudder-lint --fix --switch-hash); nothing written`,
      );
    }
    const found = declaredUsers(facts.model, user);
    if (found.length > 1) throw new Refused(`${file}: '${user}' is declared ${found.length} times; remove the duplicates first; nothing written`);
    if (found.length === 0 && args.role === undefined) throw new Refused(`${file}: no user '${user}' (add one with --role ROLE); nothing written`);
    return { facts, found: found[0] };
  };
  try {
    const before = check(decodeXml(readRegularFileSync(file, maxBytes)).text);
    const cost = before.facts.cost;
    const version = formatVersion(before.facts.ev.version.version);
    const hash = hashPassword('bcrypt', newPassword(user, args.passwordStdin), cost);
    let added = false;
    updateXmlFileSync(file, maxBytes, ({ text }) => {
      const { facts, found } = check(text);
      if (!found) {
        added = true;
        return addUser(file, facts.model, user, args.role!, hash);
      }
      const edit = passwordEdit(facts.model, found.element.start, hash)!;
      return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
    });
    write(
      `${added ? `Added '${user}' (role ${args.role}) with` : `Set the password of '${user}' to`} a bcrypt hash (cost ${cost}) in ${file}.\n` +
        `Rudder ${version} reads this file when it starts: run  systemctl restart rudder-jetty  (or reload the users through the API: /rudder/api/latest/usermanagement/users/reload).\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof IoError)) throw e;
    writeErr(`rudder-lint passwd: ${e.message}\n`);
    return 2;
  }
}
