/**
 * How the auth-backends plugin talks to LDAP (rudder-spec.md §7, §8, C12): the keys it needs, how JNDI reads the
 * filter, what an RFC 4515 filter and an RFC 4514 DN are, and what Spring does with the URL and the search base.
 *
 * Flow (rudder-plugins auth-backends `applicationContext-security-auth-ldap.xml`): a
 * `DefaultSpringSecurityContextSource` on `rudder.auth.ldap.connection.url`, a `FilterBasedLdapUserSearch` on
 * `searchbase` + `filter`, then a bind as the DN found. JNDI's `SearchFilter.format` replaces `{0}` with the login,
 * escaped per RFC 2254, and throws for any other placeholder.
 */
import { AUTH_PROPERTY } from './properties';

const P = AUTH_PROPERTY;

/** The LDAP keys the plugin needs, none of which has a default: Spring keeps the literal `${…}` placeholder. */
export const LDAP_REQUIRED_PROPERTIES = [P.ldapUrl, P.ldapBindDn, P.ldapBindPassword, P.ldapSearchBase, P.ldapFilter] as const;

/** The filter of Rudder's documentation. */
export const LDAP_FILTER_TEMPLATE = '(&(uid={0})(objectclass=person))';
/** Active Directory: the same filter on sAMAccountName (with an empty search base). */
export const AD_FILTER_TEMPLATE = '(&(sAMAccountName={0})(objectclass=user))';
export const LDAPS_URL_TEMPLATE = 'ldaps://ldap.example.com:636/dc=example,dc=com';

// ---------------------------------------------------------------------------------------------------------
// URLs: `DefaultSpringSecurityContextSource(providerUrl)` splits on spaces; every URL must carry the same base DN
// ("Root DNs must be the same when using multiple URLs"), or the context source, and so the provider, fails.

export interface LdapUrl {
  start: number;
  end: number;
  /** `ldap` or `ldaps` (lowercase), or undefined when the item is not an LDAP URL. */
  scheme?: 'ldap' | 'ldaps';
  host: string;
  /** The base DN after the host, decoded from %XX, as written (may be empty). */
  baseDn: string;
}

export function parseLdapUrls(value: string): LdapUrl[] {
  const out: LdapUrl[] = [];
  let from = 0;
  for (const url of value.split(' ')) {
    const start = from;
    from += url.length + 1;
    if (url === '') continue;
    const m = /^(ldaps?):\/\/([^/:]*)(?::\d*)?(?:\/(.*))?$/i.exec(url);
    const scheme = m ? (m[1].toLowerCase() as 'ldap' | 'ldaps') : undefined;
    out.push({ start, end: start + url.length, scheme, host: m?.[2] ?? '', baseDn: m ? percentDecoded(m[3] ?? '') : '' });
  }
  return out;
}

function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function isLoopbackHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host);
}

/** A DN compared as LDAP compares names: RDNs split on unescaped commas, attribute types and values without case or padding. */
export function normalizedDn(dn: string): string[] {
  return splitDn(dn)
    .map((rdn) => rdn.trim().toLowerCase().replace(/\s*=\s*/, '='))
    .filter((rdn) => rdn !== '');
}

/** Whether the search base ends with the URL's base DN: Spring searches relative to that base, so nothing is found (C12). */
export function searchBaseRepeatsBaseDn(searchBase: string, baseDn: string): boolean {
  const base = normalizedDn(baseDn);
  const search = normalizedDn(searchBase);
  if (base.length === 0 || search.length < base.length) return false;
  return base.every((rdn, i) => search[search.length - base.length + i] === rdn);
}

/** The search base without the URL's base DN at its end, as written (the RDNs before it). */
export function searchBaseBelowBaseDn(searchBase: string, baseDn: string): string {
  const rdns = splitDn(searchBase);
  return rdns
    .slice(0, Math.max(0, rdns.length - normalizedDn(baseDn).length))
    .map((r) => r.trim())
    .join(',');
}

// ---------------------------------------------------------------------------------------------------------
// The filter: JNDI's placeholder substitution, then RFC 4515.

export type PlaceholderProblem = { kind: 'unbalanced' } | { kind: 'not-an-integer' } | { kind: 'exceeds'; n: number } | { kind: 'negative'; n: number };

export interface Placeholder {
  start: number;
  end: number;
  problem?: PlaceholderProblem;
}

/** JNDI `SearchFilter.findUnescaped`: a `{` counts unless the character before it is `\` (and the search moved past it). */
function findUnescaped(ch: string, s: string, from: number): number {
  for (let start = from; start < s.length; ) {
    const at = s.indexOf(ch, start);
    if (at === start || at === -1 || s[at - 1] !== '\\') return at;
    start = at + 1;
  }
  return -1;
}

/** Every `{…}` JNDI's `SearchFilter.format` substitutes, with the exception it would throw for it (one argument: the login). */
export function jndiPlaceholders(expr: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (let at = findUnescaped('{', expr, 0); at >= 0; ) {
    const close = expr.indexOf('}', at + 1);
    if (close < 0) {
      out.push({ start: at, end: expr.length, problem: { kind: 'unbalanced' } });
      break;
    }
    const inner = expr.slice(at + 1, close);
    const n = /^[+-]?\d{1,10}$/.test(inner) ? Number(inner) : NaN;
    let problem: PlaceholderProblem | undefined;
    if (Number.isNaN(n) || Math.abs(n) >= 2 ** 31) problem = { kind: 'not-an-integer' };
    else if (n >= 1) problem = { kind: 'exceeds', n };
    else if (n < 0) problem = { kind: 'negative', n };
    out.push({ start: at, end: close + 1, problem });
    at = findUnescaped('{', expr, close + 1);
  }
  return out;
}

/** The filter with every substitutable placeholder replaced by as many `x`: what the RFC 4515 check reads. */
export function formattedFilter(filter: string, placeholders: readonly Placeholder[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const p of placeholders) {
    if (p.problem?.kind === 'unbalanced') continue;
    parts.push(filter.slice(from, p.start), 'x'.repeat(p.end - p.start));
    from = p.end;
  }
  return parts.join('') + filter.slice(from);
}

/** What is wrong with a filter; the messages catalogue words each kind. */
export type FilterProblemKind =
  | 'empty'
  | 'no-parentheses'
  | 'extra-close'
  | 'trailing-text'
  | 'expected-open'
  | 'too-deep'
  | 'operator-without-filter'
  | 'not-takes-one'
  | 'never-closed'
  | 'expected-close'
  | 'open-in-item'
  | 'empty-parentheses'
  | 'no-equals'
  | 'bad-extensible'
  | 'missing-attribute'
  | 'bad-attribute'
  | 'attribute-with-space'
  | 'backslash-at-end'
  | 'short-escape'
  | 'star-with-operator'
  | 'nul';

export interface FilterProblem {
  start: number;
  end: number;
  kind: FilterProblemKind;
  /** Not RFC 4515, but JNDI accepts it. */
  tolerated?: boolean;
}

/** Deeper nesting than any real filter: reported instead of recursing on. */
export const MAX_FILTER_DEPTH = 100;

class FilterError extends Error {
  constructor(readonly problem: FilterProblem) {
    super(problem.kind);
  }
}

const DESCR = '[A-Za-z][A-Za-z0-9-]*';
const OID = '\\d+(?:\\.\\d+)+';
const ATTRIBUTE = new RegExp(`^(?:${DESCR}|${OID})(?:;[A-Za-z0-9-]+)*$`);
const ATTRIBUTE_TEXT = `(?:${DESCR}|${OID})(?:;[A-Za-z0-9-]+)*`;
const EXTENSIBLE = new RegExp(`^(?:${ATTRIBUTE_TEXT}(?::dn)?(?::(?:${DESCR}|${OID}))?|(?::dn)?:(?:${DESCR}|${OID}))$`, 'i');
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * RFC 4515: filter = "(" (and / or / not / item) ")", with `&`/`|` lists, `!`, and items `attr=value`,
 * `~=`, `>=`, `<=`, presence `=*`, substrings and extensible `attr:dn:rule:=value`; `\XX` escapes. Spaces
 * between filters, and a lone item without parentheses, are what JNDI tolerates on top.
 */
export function ldapFilterProblem(s: string): FilterProblem | undefined {
  try {
    new FilterParser(s).parse();
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e.problem;
    throw e;
  }
}

class FilterParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  parse(): void {
    const s = this.s;
    this.spaces();
    if (this.pos >= s.length) this.fail(0, s.length, 'empty');
    if (s[this.pos] !== '(') {
      const end = s.trimEnd().length;
      this.item(this.pos, end);
      throw new FilterError({ start: this.pos, end, kind: 'no-parentheses', tolerated: true });
    }
    this.filter();
    this.spaces();
    if (this.pos < s.length) this.fail(this.pos, s.length, s[this.pos] === ')' ? 'extra-close' : 'trailing-text');
  }

  private fail(start: number, end: number, kind: FilterProblemKind): never {
    throw new FilterError({ start, end: Math.max(end, start + 1), kind });
  }

  private spaces(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  private filter(): void {
    const s = this.s;
    const open = this.pos;
    if (s[open] !== '(') this.fail(open, open + 1, 'expected-open');
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(open, open + 1, 'too-deep');
    this.pos++;
    const op = s[this.pos];
    if (op === '&' || op === '|' || op === '!') {
      this.pos++;
      let count = 0;
      for (this.spaces(); s[this.pos] === '('; this.spaces()) {
        this.filter();
        count++;
      }
      if (count === 0) this.fail(open, this.pos + (s[this.pos] === ')' ? 1 : 0), 'operator-without-filter');
      if (op === '!' && count > 1) this.fail(open, this.pos, 'not-takes-one');
      if (this.pos >= s.length) this.fail(open, s.length, 'never-closed');
      if (s[this.pos] !== ')') this.fail(this.pos, this.pos + 1, 'expected-close');
      this.pos++;
      this.depth--;
      return;
    }
    let end = this.pos;
    while (end < s.length && s[end] !== ')') {
      if (s[end] === '(') this.fail(end, end + 1, 'open-in-item');
      end += s[end] === '\\' ? 2 : 1;
    }
    if (end >= s.length) this.fail(open, s.length, 'never-closed');
    this.item(this.pos, end);
    this.pos = end + 1;
    this.depth--;
  }

  /** attr op value, between `start` and `end` (exclusive). */
  private item(start: number, end: number): void {
    const text = this.s.slice(start, end);
    if (text === '') this.fail(start - 1, end + 1, 'empty-parentheses');
    const eq = text.indexOf('=');
    if (eq < 0) this.fail(start, end, 'no-equals');
    let left = text.slice(0, eq);
    let op = '=';
    if (/[~<>]$/.test(left)) {
      op = `${left[left.length - 1]}=`;
      left = left.slice(0, -1);
    }
    if (left.endsWith(':')) {
      if (!EXTENSIBLE.test(left.slice(0, -1))) this.fail(start, start + eq, 'bad-extensible');
    } else if (left === '') {
      this.fail(start, start + eq + 1, 'missing-attribute');
    } else if (!ATTRIBUTE.test(left)) {
      this.fail(start, start + left.length, /\s/.test(left) ? 'attribute-with-space' : 'bad-attribute');
    }
    this.value(start + eq + 1, end, op);
  }

  private value(start: number, end: number, op: string): void {
    const s = this.s;
    for (let i = start; i < end; ) {
      const c = s[i];
      if (c === '\\') {
        if (i + 1 >= end) this.fail(i, i + 1, 'backslash-at-end');
        if (isHex(s[i + 1]) && !isHex(s[i + 2])) this.fail(i, i + 3, 'short-escape');
        i += isHex(s[i + 1]) ? 3 : 2;
        continue;
      }
      if (c === '*' && op !== '=') this.fail(i, i + 1, 'star-with-operator');
      if (c === '\u0000') this.fail(i, i + 1, 'nul');
      i++;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// DNs (RFC 4514 as javax.naming.ldap.LdapName reads them)

/** RDNs separated by unescaped `,` or `;` (an escaped character stays in its RDN). */
function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\') {
      current += c + (dn[i + 1] ?? '');
      i++;
    } else if (c === ',' || c === ';') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Whether `dn` is a DN: every RDN (and every `+` part of one) is `attr=value`. Empty is not checked here. */
export function isDn(dn: string): boolean {
  if (dn.trim() === '') return true;
  const attribute = new RegExp(`^\\s*(?:${DESCR}|\\d+(?:\\.\\d+)*)\\s*=`);
  return splitDn(dn).every((rdn) => rdn.split(/(?<!\\)\+/).every((part) => attribute.test(part)));
}

// ---------------------------------------------------------------------------------------------------------
// Backslashes in .properties: java.util.Properties reads `\X` as `X` for any X but t, n, r, f, u and a line end,
// so an RFC 4515 escape `\2a` or an RFC 4514 `\,` written once reaches LDAP without its backslash. It must be
// written `\\2a`, `\\,`.

/** The offsets (in `raw`, the value as written in the file) of single backslashes Java drops before an LDAP escape. */
export function lostLdapBackslashes(raw: string, kind: 'filter' | 'dn'): number[] {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') continue;
    const next = raw[i + 1];
    if (next === '\\') {
      i++;
      continue;
    }
    const hexEscape = isHex(next) && isHex(raw[i + 2]);
    const dnSpecial = kind === 'dn' && next !== undefined && ',+;"<>=#'.includes(next);
    if (hexEscape || dnSpecial) out.push(i);
  }
  return out;
}
