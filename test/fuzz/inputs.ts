/**
 * Fuzz inputs: the Rudder fixtures and seeded generated files of both kinds, then seeded mutations of them (bit
 * flips in code units and in UTF-8 bytes, truncations, duplicated and deleted spans, hostile unicode, deep
 * nesting, very long lines and values, stray markup and properties syntax, repeated lines, line-ending changes,
 * spliced generated content).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AUTH_PROVIDERS, BOOLEAN_TOKENS, BUILTIN_ROLES, PERMISSION_LEVEL_TOKENS, PERMISSION_TYPES, PROPERTY_DEFS, USERS_XML } from '../../server/src/service/rudder';
import { RULES, type FileKind } from '../../server/src/service/rules';
import { DISABLE_NEXT_LINE } from '../../server/src/service/suppression';
import { REPO } from '../unit/markers';
import type { Random } from './random';

interface SourceFile {
  name: string;
  text: string;
}

let corpus: Record<FileKind, SourceFile[]> | undefined;

/** Every fixture of `test/fixtures/{users,invalid}` (users) and `test/fixtures/properties` (properties). */
export function fixtures(): Record<FileKind, SourceFile[]> {
  const read = (dir: string) =>
    fs
      .readdirSync(path.join(REPO, 'test', 'fixtures', dir))
      .sort()
      .map((name) => ({ name: `${dir}/${name}`, text: fs.readFileSync(path.join(REPO, 'test', 'fixtures', dir, name), 'utf8') }));
  corpus ??= { users: [...read('users'), ...read('invalid')], properties: read('properties') };
  return corpus;
}

// ---------------------------------------------------------------------------------------------------------
// Generated files

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const NAMES = ['alice', 'Alice', 'bob', 'carol', 'admin', 'ops', 'Ops', 'audit', 'any', 'has_underscore', 'user', 'x y', '', ' ', 'é', '😀', 'a&amp;b', 'a&#x9;b', '&unknown;'];
const TYPOS = ['adminstrator', 'node_raed', 'read-only', 'complience', 'rule_al', 'cve_read', 'system-update_write', 'supervisor', 'node_', '_read', 'ANY'];
const TENANTS = ['*', '-', 'zoneA', 'zone-b', 'zone_c', 'zoneA:rw', 'zoneA:r', 'zoneA:none', 'zoneA:bogus', 'bad tenant!', '-zone', ''];
const HASH_VALUES = ['bcrypt', 'BCRYPT', 'argon2id', 'sha-1', 'sha1', 'sha', 'md5', 'sha256', 'sha-256', 'sha512', 'plain', 'unsupportedHash', ''];
const BOOLEAN_ATTRIBUTES = ['true', 'false', 'TRUE', 'yes', 'maybe', ''];

function bcrypt(r: Random): string {
  const cost = r.pick(['04', '09', '10', '12', '31', '32', '1x']);
  return `$${r.pick(['2a', '2b', '2y', '2x', '2', '3'])}$${cost}$${r.chars(BCRYPT_ALPHABET, r.pick([53, 53, 53, 52, 60]))}`;
}

function password(r: Random): string {
  return r.weighted<() => string>([
    [4, () => bcrypt(r)],
    [2, () => `$argon2id$v=19$m=${r.pick([65536, 19456, 1024])},t=${r.pick([3, 2, 1])},p=${r.pick([1, 4])}$${r.chars(B64, 22)}$${r.chars(B64, 43)}`],
    [1, () => `$argon2${r.pick(['i', 'd', 'id'])}$v=19$bogus`],
    [2, () => r.chars(HEX, r.pick([32, 40, 64, 128, 33]))],
    [1, () => r.chars(HEX.toUpperCase(), r.pick([32, 40, 64]))],
    [2, () => r.pick(['secret', 'Passw0rd!', '1234', 'LDAP', 'p&amp;ss', '&#x41;&#66;', ' ', ''])],
  ])();
}

function roleItem(r: Random, customRoles: string[]): string {
  return r.weighted<() => string>([
    [3, () => r.pick(BUILTIN_ROLES).name],
    [3, () => `${r.pick(PERMISSION_TYPES)}_${r.pick(PERMISSION_LEVEL_TOKENS)}`],
    [2, () => r.pick(TYPOS)],
    [2, () => (customRoles.length ? r.pick(customRoles) : 'ops')],
    [1, () => 'any'],
  ])();
}

function list(r: Random, item: () => string): string {
  const items = Array.from({ length: r.size(0, 6) }, item);
  return items.join(r.pick([',', ', ', ' , ', ',,', ',\n    ']));
}

function attributes(r: Random, pairs: [string, string][]): string {
  return pairs
    .filter(() => r.chance(0.85))
    .map(([name, value]) => {
      const q = r.chance(0.9) ? '"' : "'";
      return ` ${name}${r.pick(['=', '=', ' = '])}${q}${value}${q}`;
    })
    .join(r.chance(0.9) ? '' : '\n   ');
}

export function generateUsers(r: Random): string {
  const out: string[] = [];
  if (r.chance(0.5)) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  if (r.chance(0.3)) out.push('<!-- generated -->');
  const rootAttributes: [string, string][] = [
    ['hash', r.pick(HASH_VALUES)],
    ['case-sensitivity', r.pick(BOOLEAN_ATTRIBUTES)],
    ['unsafe-hashes', r.pick(BOOLEAN_ATTRIBUTES)],
  ];
  out.push(`<${USERS_XML.root}${attributes(r, rootAttributes)}>`);
  const customRoles = Array.from({ length: r.size(0, 4) }, () => r.pick(NAMES));
  if (customRoles.length || r.chance(0.1)) {
    out.push(`  <${USERS_XML.customRoles}>`);
    for (const name of customRoles) {
      const attrs: [string, string][] = [
        ['name', name],
        [r.chance(0.9) ? 'permissions' : USERS_XML.ignoredRolesAttribute, list(r, () => roleItem(r, customRoles))],
      ];
      out.push(`    <${USERS_XML.role}${attributes(r, attrs)}${r.chance(0.9) ? '/>' : '></role>'}`);
    }
    out.push(`  </${USERS_XML.customRoles}>`);
  }
  for (let i = r.size(0, 10); i > 0; i--) {
    if (r.chance(0.1)) out.push(`  <!-- ${DISABLE_NEXT_LINE}${r.chance(0.5) ? ` ${r.pick([...RULES.keys()])}` : ''} -->`);
    const attrs: [string, string][] = [
      ['name', r.pick(NAMES)],
      ['password', password(r)],
      [r.pick(['role', 'permissions', 'permissions', USERS_XML.ignoredRolesAttribute]), list(r, () => roleItem(r, customRoles))],
      ['tenants', list(r, () => r.pick(TENANTS))],
    ];
    out.push(`  <${USERS_XML.user}${attributes(r, attrs)}${r.chance(0.9) ? '/>' : `>${r.pick(['', 'text', '<role>x</role>'])}</${USERS_XML.user}>`}`);
  }
  out.push(`</${USERS_XML.root}>`);
  return out.join(r.pick(['\n', '\n', '\r\n'])) + (r.chance(0.7) ? '\n' : '');
}

/** A concrete key for a property definition (patterns filled in). */
function concreteKey(r: Random, key: string): string {
  return key.replace(/<[^>]+>/g, () => r.pick(['google', 'ldap', 'oidc', 'admins', 'x'])).replace(/\.\*$/, `.${r.pick(['name', 'client.id', 'a.b'])}`);
}

function ldapFilter(r: Random): string {
  const depth = r.size(0, 30);
  return r.pick([
    '(&(uid={0})(objectclass=person))',
    '(uid={0})',
    '(uid={1})',
    'uid={0}',
    '(&(uid={0})',
    '(|(cn=a\\2a)(cn={0}))',
    '(!(uid={0}))',
    `${'(&'.repeat(depth)}(uid={0})${')'.repeat(depth)}`,
    '',
  ]);
}

function propertyValue(r: Random, type: string, values: readonly string[] | undefined): string {
  switch (type) {
    case 'boolean':
    case 'spring-boolean':
      return r.pick([...BOOLEAN_TOKENS.true, ...BOOLEAN_TOKENS.false, 'True', 'true ', '1', 'maybe', '']);
    case 'int':
      return r.pick(['12', '4', '9', '31', '0', '-1', '19456', '99999999999999999999', 'abc', '1e3', '']);
    case 'session-timeout':
    case 'cleanup-duration':
      return r.pick(['30 minutes', '1h', '10 s', '2 days', 'Inf', '-Inf', 'never', 'forever', '', '1000000000 days']);
    case 'cron':
      return r.pick(['0 17 1 * * ?', '@never', '* * *', '0 0 0 ? * MON-FRI', '']);
    case 'enum':
      return r.pick([...(values ?? []), 'bogus', ' enabled ', '']);
    case 'list':
    case 'provider-list':
      return list(r, () => r.pick([...AUTH_PROVIDERS.map((p) => p.name), 'LDAP', 'kerberos', '']));
    case 'ldap-url':
      return r.pick(['ldap://ldap.example.com:389/dc=example,dc=com', 'ldaps://ldap.example.com:636/dc=example,dc=com', 'ldap://a ldaps://b', 'http://x', '']);
    case 'ldap-filter':
      return ldapFilter(r);
    case 'password-hash':
      return password(r);
    default:
      return r.pick(['secret', 'cn=admin,dc=example,dc=com', '/etc/ssl/ca.pem', 'https://relay/', 'a\\u0041b', '\\uZZZZ', 'tab\\there', '']);
  }
}

export function generateProperties(r: Random): string {
  const eol = r.pick(['\n', '\n', '\r\n', '\r']);
  const lines: string[] = [];
  for (let i = r.size(1, 30); i > 0; i--) {
    const what = r.weighted<string>([
      [8, 'entry'],
      [2, 'comment'],
      [1, 'suppress'],
      [1, 'blank'],
    ]);
    if (what === 'comment') lines.push(`${r.pick(['#', '!', '  #'])} ${r.pick(['comment', 'rudder.auth.provider=ldap', ''])}`);
    else if (what === 'suppress') lines.push(`# ${DISABLE_NEXT_LINE}${r.chance(0.5) ? ` ${r.pick([...RULES.keys()])}` : ''}`);
    else if (what === 'blank') lines.push(r.pick(['', '   ', '\t']));
    else {
      const def = r.pick(PROPERTY_DEFS);
      const key = r.weighted<string>([
        [8, concreteKey(r, def.key)],
        [1, `rudder.auth.${r.pick(['unknown', 'ldap.filtre', 'provider '])}`],
        [1, r.pick(['foo.bar', 'rudder.jdbc.password', 'ldap.authpw', 'key\\ with\\ spaces', 'k\\u00e9y'])],
      ]);
      let value = propertyValue(r, def.type, def.values);
      if (r.chance(0.15) && value.length > 1) {
        const cut = r.int(value.length);
        value = `${value.slice(0, cut)}\\${eol}${r.pick(['', '    ', '\t'])}${value.slice(cut)}`;
      }
      lines.push(`${r.pick(['', '  '])}${key}${r.pick(['=', '=', ':', ' ', ' = ', '\t:'])}${value}`);
    }
  }
  return lines.join(eol) + (r.chance(0.8) ? eol : '');
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

/** Characters that break parsers and position arithmetic. */
const HOSTILE_CHARS = [
  '\0',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '😀',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\f',
  '\u0085',
  '\u00A0',
  '\u202E',
  '\u0301',
  '\uFFFE',
  '\uFFFF',
  '\x7F',
  '\x1B',
];

export const XML_TOKENS = ['"', "'", '<', '>', '/>', '</', '&', '&amp;', '&lt;', '&#x0;', '&#xD800;', '&#1114112;', '&bogus;', ']]>', '<![CDATA[', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE authentication>', '<!DOCTYPE a [<!ENTITY e "x">]>', '=', ',', ' ', `<${USERS_XML.user} name="z"/>`, `</${USERS_XML.root}>`, `<${USERS_XML.root}>`];
export const PROPERTIES_TOKENS = ['\\', '\\\n', '\\\r\n', '\\u', '\\u00', '\\uZZZZ', '\\u0041', '=', ':', ' ', '#', '!', '\n#', '\n!', '\\\\', '{0}', '{1}', '(', ')', '&', '|', ',', '\n=', '\nrudder.auth.provider=ldap', '\nrudder.auth.ldap.filter=(uid={0})'];

interface Mutation {
  name: string;
  apply(r: Random, text: string, kind: FileKind): string;
}

/** An offset to act at: anywhere, or (half the time) next to a character that delimits something. */
export function spot(r: Random, text: string): number {
  const at = r.int(text.length + 1);
  if (r.chance(0.5)) return at;
  const delimiter = /["'<>=,&:\\\n#]/g;
  delimiter.lastIndex = at;
  const m = delimiter.exec(text);
  return m ? m.index + r.int(2) : at;
}

function span(r: Random, text: string): [number, number] {
  const start = r.int(text.length + 1);
  return [start, Math.min(text.length, start + r.size(1, 2000))];
}

const insert = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at);

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [
    2,
    {
      // Bit flips in UTF-16 code units: lone surrogates, control characters, any code point.
      name: 'flip',
      apply(r, text) {
        const chars = text.split('');
        for (let i = r.size(1, 8); i > 0 && chars.length; i--) {
          const at = r.int(chars.length);
          chars[at] = String.fromCharCode(chars[at].charCodeAt(0) ^ (1 << r.int(16)));
        }
        return chars.join('');
      },
    },
  ],
  [
    2,
    {
      // A corrupted byte of the UTF-8 file, decoded as an editor would (invalid sequences become U+FFFD).
      name: 'flip-byte',
      apply(r, text) {
        const bytes = Buffer.from(text, 'utf8');
        for (let i = r.size(1, 8); i > 0 && bytes.length; i--) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
        return bytes.toString('utf8');
      },
    },
  ],
  [2, { name: 'truncate', apply: (r, text) => (r.chance(0.8) ? text.slice(0, r.int(text.length + 1)) : text.slice(r.int(text.length + 1))) }],
  [
    3,
    {
      name: 'duplicate',
      apply(r, text) {
        const [a, b] = span(r, text);
        return insert(text, spot(r, text), text.slice(a, b));
      },
    },
  ],
  [
    3,
    {
      name: 'delete',
      apply(r, text) {
        const [a, b] = span(r, text);
        return text.slice(0, a) + text.slice(b);
      },
    },
  ],
  [
    3,
    {
      name: 'unicode',
      apply(r, text) {
        let out = text;
        for (let i = r.size(1, 6); i > 0; i--) {
          const piece = r.weighted<() => string>([
            [4, () => r.pick(HOSTILE_CHARS)],
            [1, () => String.fromCharCode(r.int(0x10000))],
            [1, () => String.fromCodePoint(0x10000 + r.int(0x100000))],
          ])();
          out = insert(out, spot(r, out), piece);
        }
        return out;
      },
    },
  ],
  [
    3,
    {
      name: 'token',
      apply(r, text, kind) {
        let out = text;
        for (let i = r.size(1, 5); i > 0; i--) out = insert(out, spot(r, out), r.pick(kind === 'users' ? XML_TOKENS : PROPERTIES_TOKENS));
        return out;
      },
    },
  ],
  [
    1,
    {
      name: 'nest',
      apply(r, text, kind) {
        const depth = r.size(2, 8000);
        if (kind === 'properties') {
          const close = r.chance(0.7) ? ')'.repeat(depth) : '';
          return insert(text, spot(r, text), `\nrudder.auth.ldap.filter=${'(&'.repeat(depth)}(uid={0})${close}\n`);
        }
        const name = r.pick(['a', USERS_XML.user, USERS_XML.customRoles, USERS_XML.role, USERS_XML.root]);
        const close = r.chance(0.7) ? `</${name}>`.repeat(depth) : '';
        return insert(text, spot(r, text), `<${name}>`.repeat(depth) + close);
      },
    },
  ],
  [
    1,
    {
      name: 'long',
      apply(r, text, kind) {
        const n = r.size(1000, 100_000);
        const filler = r.pick(['x', ' ', 'a,', 'adminstrator, ', '\\\n ', '&amp;', '{0}', '(']);
        const body = filler.repeat(Math.ceil(n / filler.length));
        const piece = r.weighted<string>([
          [2, body],
          [1, kind === 'users' ? ` ${r.pick(['password', 'role', 'permissions', 'tenants', 'name', 'x'])}="${body}"` : `\nrudder.auth.${r.pick(['ldap.filter', 'provider', 'admin.password', 'idle-timeout', 'x'])}=${body}\n`],
          [1, kind === 'users' ? `<!-- ${DISABLE_NEXT_LINE}${body}x -->` : `\n# ${DISABLE_NEXT_LINE}${body}x\n`],
        ]);
        return insert(text, spot(r, text), piece);
      },
    },
  ],
  [
    1,
    {
      name: 'repeat-line',
      apply(r, text) {
        const starts = lineStartsOf(text);
        const line = r.int(starts.length);
        const content = text.slice(starts[line], starts[line + 1] ?? text.length);
        const times = Math.min(r.size(2, 3000), Math.floor(100_000 / Math.max(content.length, 1)));
        return insert(text, starts[line], (content.endsWith('\n') ? content : `${content}\n`).repeat(times));
      },
    },
  ],
  [
    1,
    {
      name: 'line-endings',
      apply: (r, text) => text.replace(/\r?\n/g, () => r.pick(['\n', '\r\n', '\r', '\u2028', '\n\n'])),
    },
  ],
  [
    1,
    {
      name: 'splice-generated',
      apply: (r, text, kind) => insert(text, spot(r, text), kind === 'users' ? generateUsers(r) : generateProperties(r)),
    },
  ],
];

/** Texts above this size are not mutated further (keeps a case well under a second when the service is linear). */
const MAX_TEXT = 2_000_000;

export function mutate(r: Random, text: string, kind: FileKind): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let i = r.size(1, 8); i > 0; i--) {
    const m = r.weighted(MUTATIONS);
    const next = m.apply(r, out, kind);
    if (next.length > MAX_TEXT) continue;
    out = next;
    applied.push(m.name);
  }
  return { text: out, applied };
}
