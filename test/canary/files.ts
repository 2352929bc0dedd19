/**
 * Fuzzed canary files: a `rudder-users.xml`, a `rudder-web.properties` and a `rudder-web.properties.d/` override
 * whose passwords, LDAP bind password, admin password, OAuth2 client secrets and look-alike keys (misspelt or
 * suffixed: `…bind.pasword`, `…passwd`, `…secret2`, a `pwd` or `token` attribute) are canaries: unique strings
 * with `&`, `;`, quotes, spaces, tabs, non-ASCII characters and, in .properties, continuation lines and
 * escapes. Every canary is known twice: as Rudder reads it (decoded) and as the file spells it (raw).
 *
 * Broken variants (`BROKEN_XML`) then break the users file the ways admins and attackers do — an unclosed quote, a
 * stray `<`, a bare `&`, an attribute without value, a DOCTYPE whose entity holds a secret, a declared encoding the
 * bytes do not match — each right where a canary is, so that the XML error messages sit on the secret.
 *
 * A leak is any window of `WINDOW` UTF-16 units of either form, with at least `WINDOW_ALNUM` letters or digits
 * (windows of punctuation alone, like `&amp;`, are the file format, not the secret), found in anything a tool
 * prints or sends.
 */
import { Random } from '../fuzz/random';
import { parseJavaProperties } from '../../server/src/service/properties/javaProperties';

export const WINDOW = 6;
const WINDOW_ALNUM = 4;
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
/** What a canary mixes with its random letters: what breaks naive quoting, escaping and redaction. */
const SPECIALS = ['&', ';', '"', "'", ' ', '\t', 'é', 'ß', '€', '日本', '😀', '<', '>', '=', ':', '#', '!', '\\', '%', '$', '{', '}', '/', ','];
const HASH = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';

export interface Canary {
  /** Where it was planted, for the report. */
  where: string;
  /** As Rudder reads it. */
  decoded: string;
  /** As the file spells it. */
  raw: string;
}

export interface CanaryFiles {
  users: string;
  properties: string;
  override: string;
  canaries: Canary[];
}

/** XML attribute values can hold a line end too (a literal one is read as a space, `&#10;` as a line end). */
const XML_SPECIALS = [...SPECIALS, '\n'];

/** A canary: random letters and digits in runs of 3–5, joined by specials. */
function secret(r: Random, tag: string, specials: readonly string[] = SPECIALS): string {
  const parts = [`${tag}${r.chars(ALNUM, 3)}`];
  for (let i = r.size(3, 7); i > 0; i--) parts.push(r.pick(specials), r.chars(ALNUM, 3 + r.int(3)));
  return parts.join('');
}

/** The XML spelling of an attribute value: entities, character references, the other quote left as is. */
function xmlValue(r: Random, value: string, quote: '"' | "'"): string {
  let out = '';
  for (const c of value) {
    if (c === '&') out += r.pick(['&amp;', '&#38;', '&#x26;']);
    else if (c === '<') out += r.pick(['&lt;', '&#60;']);
    else if (c === quote) out += quote === '"' ? r.pick(['&quot;', '&#34;']) : r.pick(['&apos;', '&#39;']);
    else if (c === '\t') out += r.pick(['&#9;', '&#x9;']);
    else if (c === '\n') out += r.pick(['&#10;', '&#xA;', '\n']);
    else if (c === '>' && r.chance(0.5)) out += '&gt;';
    else if (c.codePointAt(0)! > 127 && r.chance(0.3)) out += `&#x${c.codePointAt(0)!.toString(16)};`;
    else out += c;
  }
  return out;
}

/** A `name="value"` attribute with random spacing: on one line, around `=`, or the value on the next line. */
function xmlAttribute(r: Random, name: string, value: string): string {
  const quote = r.pick(['"', "'"] as const);
  const eq = r.pick(['=', ' = ', '=\n        ', '\t=\t', '\n  =  ']);
  return `${name}${eq}${quote}${xmlValue(r, value, quote)}${quote}`;
}

/** The .properties spelling of a value: escapes, `\uXXXX`, continuation lines, a literal tab or two. */
function propertiesValue(r: Random, value: string): string {
  let out = '';
  let first = true;
  for (const c of value) {
    const code = c.codePointAt(0)!;
    if (c === '\\') out += '\\\\';
    else if (first && (c === ' ' || c === '\t')) out += `\\${c}`;
    else if (c === '\t' && r.chance(0.5)) out += '\\t';
    else if (code > 127 && code <= 0xffff && r.chance(0.5)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (/[A-Za-z0-9]/.test(c) && r.chance(0.05)) out += `\\\n${r.pick(['', '  ', '\t', ' \t '])}${c}`;
    else out += c;
    first = false;
  }
  return out;
}

/**
 * The windows of a canary (UTF-16 units: a leak of part of a surrogate pair's neighbourhood counts too). Only
 * the canary's own letters and digits count towards `WINDOW_ALNUM`: those of an entity, a character reference
 * or an escape (`&quot;`, `&#x26;`, `\u00e9`, `\t`) are the file format, which any XML or .properties output
 * may contain.
 */
export function windows(canary: Canary): string[] {
  const out = new Set<string>();
  for (const form of [canary.decoded, canary.raw, canary.decoded.replace(/\s/g, ' ')]) {
    const syntax = new Array<boolean>(form.length).fill(false);
    for (const m of form.matchAll(/&#?\w+;|\\u[0-9a-fA-F]{4}|\\./g)) for (let k = m.index; k < m.index + m[0].length; k++) syntax[k] = true;
    for (let i = 0; i + WINDOW <= form.length; i++) {
      let own = 0;
      for (let k = i; k < i + WINDOW; k++) if (!syntax[k] && /[A-Za-z0-9]/.test(form[k])) own++;
      if (own >= WINDOW_ALNUM) out.add(form.slice(i, i + WINDOW));
    }
  }
  return [...out];
}

/** The ways a broken variant breaks its users file. */
export const BROKEN_XML = ['unclosed-quote', 'stray-less-than', 'bare-ampersand', 'attribute-without-value', 'doctype-entity', 'declared-encoding'] as const;
export type BrokenXml = (typeof BROKEN_XML)[number];

/** The users file broken at (or with) a canary; the canaries' raw forms follow the text. */
function breakUsers(r: Random, users: string, canaries: Canary[], how: BrokenXml, tag: () => string): string {
  const planted = canaries.filter((c) => c.where.startsWith('users') && users.includes(c.raw) && c.raw.length > 8);
  const c = r.pick(planted);
  const at = users.indexOf(c.raw);
  const middle = at + Math.floor(c.raw.length / 2);
  const respell = (raw: string, text: string) => {
    c.raw = raw;
    return text;
  };
  switch (how) {
    case 'unclosed-quote':
      return users.slice(0, at + c.raw.length) + users.slice(at + c.raw.length + 1);
    case 'stray-less-than': {
      const k = Math.floor(c.raw.length / 2);
      return respell(`${c.raw.slice(0, k)}<${c.raw.slice(k)}`, `${users.slice(0, middle)}<${users.slice(middle)}`);
    }
    case 'bare-ampersand': {
      const raw = /&(?:amp|#38|#x26);/.test(c.raw) ? c.raw.replace(/&(?:amp|#38|#x26);/, '&') : `${c.raw.slice(0, 4)}&${c.raw.slice(4, 9)};${c.raw.slice(9)}`;
      return respell(raw, users.replace(c.raw, raw));
    }
    case 'attribute-without-value': {
      const bare = `${tag()}${r.chars(ALNUM, 10)}`;
      canaries.push({ where: 'users: an attribute without value', decoded: bare, raw: bare });
      return users.replace(/(<user name="[^"]*")/, `$1 ${bare}`);
    }
    case 'doctype-entity': {
      const value = secret(r, tag(), XML_SPECIALS);
      const raw = xmlValue(r, value, '"');
      canaries.push({ where: 'users: a DOCTYPE entity', decoded: value, raw });
      const withEntity = users.replace(/password="[^"]*"/, 'password="&pw;"');
      const declaration = /^<\?xml[^>]*\?>\n?/.exec(withEntity)?.[0] ?? '';
      return `${declaration}<!DOCTYPE authentication [\n  <!ENTITY pw "${raw}">\n]>\n${withEntity.slice(declaration.length)}`;
    }
    case 'declared-encoding':
      return `<?xml version="1.0" encoding="${r.pick(['US-ASCII', 'ISO-8859-1', 'UTF-16'])}"?>\n${users.replace(/^<\?xml[^>]*\?>\n?/, '')}`;
  }
}

/** One seeded variant of the three files; `broken`: its users file is broken that way. */
export function canaryFiles(seed: number, index: number, broken?: BrokenXml): CanaryFiles {
  const r = new Random(seed, index);
  const canaries: Canary[] = [];
  let n = 0;
  const tag = () => `C${index}x${n++}`;

  // rudder-users.xml: plain-text passwords, look-alike attributes, a malformed hash that is really a password.
  const userLines: string[] = [];
  const attr = (where: string, name: string, value = secret(r, tag(), XML_SPECIALS)) => {
    const text = xmlAttribute(r, name, value);
    canaries.push({ where: `users: ${where}`, decoded: value, raw: text.slice(text.search(/["']/) + 1, -1) });
    return text;
  };
  const user = (name: string, ...attrs: string[]) => `  <user name="${name}"${attrs.map((a) => (r.chance(0.3) ? `\n        ${a}` : ` ${a}`)).join('')}/>`;
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  for (const name of names) {
    const extras: string[] = [];
    const password = r.weighted<() => string>([
      [6, () => attr(`${name}'s password`, 'password')],
      [2, () => attr(`${name}'s malformed bcrypt`, 'password', `$2b$1${r.int(10)}$${secret(r, tag())}`)],
      [2, () => `password="${HASH}"`],
    ]);
    extras.push(password());
    extras.push(r.pick(['role="administrator"', 'role="adminstrator"', 'permissions="ops, read_only"', 'roles="user"', '']));
    for (const lookAlike of ['pasword', 'passwd', 'pwd', 'secret', 'token', 'credentials', 'password2']) if (r.chance(0.25)) extras.push(attr(`${name}'s ${lookAlike}`, lookAlike));
    if (r.chance(0.3)) userLines.push(`  <!-- rudder-lint-disable-next-line ${r.pick(['plaintext-password', 'unknown-role', ''])} -->`);
    userLines.push(user(name, ...extras.filter(Boolean)));
  }
  if (r.chance(0.5)) userLines.push(user('alice', attr('alice again', 'password'), 'role="user"'));
  if (r.chance(0.5)) userLines.push(user('ALICE', attr('ALICE (case collision)', 'password'), 'role="user"'));
  const root = r.pick(['hash="bcrypt"', 'hash="sha256"', 'hash="md5" unsafe-hashes="true"', '', 'hash="argon2id"', 'case-sensitivity="false"']);
  const wellFormed = [
    r.pick(['<?xml version="1.0" encoding="UTF-8"?>\n', '']),
    `<authentication ${root}>\n`,
    '  <custom-roles>\n    <role name="ops" permissions="node_all, group_read"/>\n  </custom-roles>\n',
    userLines.join('\n'),
    '\n</authentication>\n',
  ].join('');
  const users = broken ? breakUsers(r, wellFormed, canaries, broken, tag) : wellFormed;

  // rudder-web.properties and its override: the secrets Rudder reads, and keys that look like secrets.
  const props: string[] = [];
  const prop = (where: string, key: string, lines: string[]) => {
    const value = secret(r, tag());
    const sep = r.pick(['=', ' = ', ':', ' ', '\t', ' :\t']);
    const rawValue = propertiesValue(r, value);
    canaries.push({ where, decoded: value, raw: rawValue });
    lines.push(`${key}${sep}${rawValue}`);
  };
  props.push('rudder.auth.provider=ldap, file, oauth2', 'rudder.auth.ldap.connection.url=ldaps://ldap.example.com:636', 'rudder.auth.ldap.connection.bind.dn=cn=admin,dc=example,dc=com');
  props.push('rudder.auth.oauth2.provider.registrations=okta', 'rudder.auth.oauth2.provider.okta.client.id=rudder-app', 'rudder.auth.admin.login=admin');
  const secretKeys = [
    'rudder.auth.ldap.connection.bind.password',
    'rudder.auth.admin.password',
    'rudder.auth.oauth2.provider.okta.client.secret',
    'rudder.auth.oidc.provider.okta.client.secret',
    'rudder.auth.ldap.connection.bind.pasword',
    'rudder.auth.ldap.connection.bind.passwd',
    'rudder.auth.ldap.connection.bind.pwd',
    'rudder.auth.oauth2.provider.okta.client.secret2',
    'rudder.auth.oauth2.provider.okta.client.secrt',
    'rudder.auth.admin.passw0rd',
    'rudder.auth.api.token',
    'rudder.auth.ldap.credentials',
    'rudder.server.keystore.pass',
  ];
  for (const key of secretKeys) if (r.chance(0.75)) prop(`properties: ${key.trim()}`, key.trim(), props);
  if (r.chance(0.5)) prop('properties: bind password set twice', 'rudder.auth.ldap.connection.bind.password', props);
  if (r.chance(0.4)) props.push(`# rudder-lint-disable-next-line ${r.pick(['unknown-key', 'plaintext-secret', ''])}`);
  if (r.chance(0.5)) prop('properties: pasword after a suppression', 'rudder.auth.ldap.connection.bind.pasword', props);
  const eol = r.pick(['\n', '\r\n']);
  const properties = `${r.chance(0.2) ? '\uFEFF' : ''}${props.join(eol)}${eol}`;
  const over: string[] = [];
  for (const key of ['rudder.auth.ldap.connection.bind.password', 'rudder.auth.admin.password', 'rudder.auth.ldap.connection.bind.pasword', 'rudder.auth.oauth2.provider.okta.client.secret2']) {
    if (r.chance(0.6)) prop(`override: ${key}`, key, over);
  }
  const override = `${over.join('\n')}\n`;

  // The decoded forms of the properties canaries, as java.util.Properties reads them (continuations joined).
  for (const c of canaries) {
    if (c.where.startsWith('users')) continue;
    const decoded = parseJavaProperties(`k=${c.raw}\n`).entries[0]?.value;
    if (decoded !== undefined && decoded !== c.decoded) c.decoded = decoded;
  }
  return { users, properties, override, canaries };
}
