/**
 * The registry of value types of rudder-web.properties: for each `PropertyType` of the knowledge package, in one
 * place, how Rudder reads a value (`reading`: what it uses, and why, for hovers and `--explain`), what is wrong
 * with it (`check`: findings through `finding()`, each with the quick fix its data names) and what completion
 * offers (`suggest`). `VALUE_TYPES` is a `Record<PropertyType, ValueType>`: a type without its entry does not
 * compile, and a key is typed by one field of its `PropertyDef`.
 */
import {
  AD_FILTER_TEMPLATE,
  adminPasswordVerifier,
  authProvidersFor,
  AUTH_PROPERTY,
  AUTH_PROVIDERS,
  BCRYPT_COST,
  BOOLEAN_TOKENS,
  checkBcrypt,
  classifyPassword,
  CLEANUP_NEVER,
  CLEANUP_NEVER_READ,
  cronProblem,
  DURATION_UNITS,
  eraLabel,
  floorOutcome,
  formatDuration,
  formattedFilter,
  IDLE_TIMEOUT_FALLBACK_MS,
  isDn,
  isLoopbackHost,
  jndiPlaceholders,
  LDAP_FILTER_TEMPLATE,
  LDAP_PROVIDER,
  LDAPS_URL_TEMPLATE,
  ldapFilterProblem,
  loadedProviders,
  lostLdapBackslashes,
  nearestBooleanToken,
  parseConfigBoolean,
  parseConfigInt,
  parseLdapUrls,
  parseScalaDuration,
  parseSpringBoolean,
  propertyDefault,
  ROOT_ADMIN_PROVIDER,
  searchBaseBelowBaseDn,
  searchBaseRepeatsBaseDn,
  spanLabel,
  splitProviderList,
  type PropertyDef,
  type PropertyType,
  type RudderVersion,
} from '../rudder';
import { finding, type Finding } from '../findings';
import { fact, nameOf, type Fact } from '../messages';
import { LDAP_FILTER_PROBLEMS } from '../messages/properties';
import type { Severity } from '../rules';
import { closest } from '../text';
import type { ResolvedVersion } from '../rudder';
import type { OffsetRange, PropertyEntry } from './javaProperties';

const P = AUTH_PROPERTY;

/** What a finding's quick fix does; code actions dispatch on the rule id and this (features.ts). */
export type FixData =
  /** Replace the finding's range with one of the candidates (did you mean). */
  | { fix: 'candidates'; candidates: string[] }
  /** Double the backslashes at these offsets of the value (relative to the value's start in the file). */
  | { fix: 'double-backslash'; offsets: number[] }
  /** Replace the whole value with `replacement`. */
  | { fix: 'value'; replacement: string }
  /** A rootAdmin password to replace: hashed in place when `plain` (text meant as the password), else a new one. */
  | { fix: 'password'; plain: boolean }
  /** A `$2a$`/`$2b$` rootAdmin hash Rudder compares as text: the same hash with the `$2y$` it takes as bcrypt. */
  | { fix: 'bcrypt-prefix' };

/** What Rudder does with a value: what it uses (as written in a file), and why when that is not the value itself. */
export interface Reading {
  /** undefined: nothing (unset, no timeout, the feature off). */
  uses: string | undefined;
  why?: ReadingWhy;
}
export type ReadingWhy = 'as-written' | 'trailing-space' | 'case' | 'not-a-token' | 'never-not-here' | 'unreadable' | 'empty-is-none' | 'overflow-fails' | 'floor';

/** What a check sees: the key, its main-file entry, the version, and the rest of the evaluation. */
export interface CheckContext {
  def: PropertyDef;
  entry: PropertyEntry;
  /** The decoded value. */
  value: string;
  version: ResolvedVersion;
  v: RudderVersion;
  /** "Rudder 9.1". */
  release: Fact;
  /** The value as written in the file (escapes and continuations included). */
  raw: string;
  /** The value, or the key when the value is empty. */
  valueOrKey: OffsetRange;
  /** A sub-range of the decoded value, mapped to the file when no escape shifts it (else the whole value). */
  sub(start: number, end: number): OffsetRange;
  /** The effective value of another key (after overrides and defaults). */
  effective(key: string): string | undefined;
  /** Severity of an LDAP finding, and the words that say LDAP is not enabled yet. */
  ldap(base: Severity): { severity: Severity; scope: Fact };
  add(f: Finding): void;
}

export interface Suggestion {
  label: string;
  documentation?: string;
}

export interface ValueType {
  reading(value: string, def: PropertyDef, v: RudderVersion): Reading;
  check(c: CheckContext): void;
  suggest(def: PropertyDef, v: RudderVersion): Suggestion[];
}

const ONE_DAY_MS = DURATION_UNITS.find((u) => u.labels.includes('day'))!.ms;
const IDLE_TIMEOUT_FALLBACK = formatDuration(IDLE_TIMEOUT_FALLBACK_MS);

/** The default as a fact for messages: the value, `(empty)`, or `nothing` when there is no default. */
function usesDefault(def: PropertyDef, v: RudderVersion): Fact {
  const d = propertyDefault(def, v);
  return fact(d === undefined ? 'nothing' : d === '' ? '(empty)' : d);
}

const asWritten = (value: string): Reading => ({ uses: value, why: 'as-written' });
const noChecks = (): void => undefined;
const none = (): Suggestion[] => [];
const defaultSuggestion = (def: PropertyDef, v: RudderVersion): Suggestion[] => {
  const d = propertyDefault(def, v);
  return d ? [{ label: d, documentation: 'Rudder’s default' }] : [];
};

// ---------------------------------------------------------------------------------------------------------
// Booleans

function booleanWhy(value: string): ReadingWhy {
  if (parseConfigBoolean(value.trim()) !== undefined) return 'trailing-space';
  return parseConfigBoolean(value.trim().toLowerCase()) !== undefined ? 'case' : 'not-a-token';
}

const BOOLEAN: ValueType = {
  reading(value, def, v) {
    return parseConfigBoolean(value) !== undefined ? asWritten(value) : { uses: propertyDefault(def, v), why: booleanWhy(value) };
  },
  check(c) {
    const b = parseConfigBoolean(c.value);
    if (b === undefined) {
      const token = nearestBooleanToken(c.value, BOOLEAN_TOKENS);
      const meant = parseConfigBoolean(token);
      const dflt = propertyDefault(c.def, c.v);
      const same = dflt !== undefined && parseConfigBoolean(dflt) === meant;
      const variant = ({ 'trailing-space': 'trailing-space', case: 'case', 'not-a-token': 'token' } as const)[booleanWhy(c.value) as 'trailing-space' | 'case' | 'not-a-token'];
      c.add(finding('invalid-boolean', variant, { uses: usesDefault(c.def, c.v) }, c.valueOrKey, { severity: same ? 'information' : 'error', data: { fix: 'value', replacement: token } }));
      return;
    }
    if (c.def.key === P.hsts && b === false) c.add(finding('hsts-disabled', 'off', {}, c.entry.valueRange));
    if (c.def.key === P.hstsIncludeSubDomains && b && parseConfigBoolean(c.effective(P.hsts) ?? '') !== true) {
      c.add(finding('hsts-disabled', 'without-hsts', { hsts: fact(P.hsts) }, c.entry.keyRange, { severity: 'information' }));
    }
  },
  suggest: () => [...BOOLEAN_TOKENS.true.slice(0, 1), ...BOOLEAN_TOKENS.false.slice(0, 1)].map((label) => ({ label })),
};

const SPRING_BOOLEAN: ValueType = {
  reading(value) {
    const b = parseSpringBoolean(value);
    return b === undefined ? { uses: undefined, why: 'not-a-token' } : { uses: String(b), why: 'as-written' };
  },
  check(c) {
    if (parseSpringBoolean(c.value) !== undefined) return;
    const provider = fact(c.def.key.split('.')[2] ?? LDAP_PROVIDER);
    c.add(finding('invalid-boolean', 'spring', { provider }, c.valueOrKey, { severity: 'error', data: { fix: 'value', replacement: nearestBooleanToken(c.value, { true: ['true'], false: ['false'] }) } }));
  },
  suggest: () => ['true', 'false'].map((label) => ({ label })),
};

// ---------------------------------------------------------------------------------------------------------
// Integers: hard bounds, then the release floor, then the recommendation

function floorText(def: PropertyDef, v: RudderVersion, n: number): { text: Fact; usedSomewhere: boolean; replacedSomewhere: boolean } {
  const { uses, replaces } = floorOutcome(def.int?.floor, v, n);
  const dflt = propertyDefault(def, v);
  const parts: string[] = [];
  if (uses.length) parts.push(`${uses.join(' and ')}: new hashes use ${n}`);
  if (replaces.length) parts.push(`${replaces.join(' and ')}: a warning, and ${dflt} instead`);
  const patch = uses.length && replaces.length ? ' rudder.version names a release line, not a patch release: which one applies depends on the patch release installed.' : '';
  return { text: fact(`${parts.join('; ')}.${patch}`), usedSomewhere: uses.length > 0, replacedSomewhere: replaces.length > 0 };
}

const INT: ValueType = {
  reading(value, def, v) {
    const n = parseConfigInt(value);
    if (n === undefined) return { uses: propertyDefault(def, v), why: 'unreadable' };
    const { uses } = floorOutcome(def.int?.floor, v, n);
    return uses.length ? asWritten(value) : { uses: propertyDefault(def, v), why: 'floor' };
  },
  check(c) {
    const n = parseConfigInt(c.value);
    const spec = c.def.int ?? {};
    const dflt = propertyDefault(c.def, c.v);
    if (n === undefined) {
      const replace = dflt !== undefined ? { data: { fix: 'value', replacement: dflt } satisfies FixData } : {};
      if (dflt === undefined) c.add(finding('invalid-value', 'not-an-int-unset', {}, c.valueOrKey, { severity: 'error' }));
      else c.add(finding('invalid-value', 'not-an-int', { uses: usesDefault(c.def, c.v) }, c.valueOrKey, { severity: 'error', ...replace }));
      return;
    }
    const fixTo = spec.recommended ?? (dflt !== undefined ? Number(dflt) : undefined);
    const data = fixTo !== undefined ? { data: { fix: 'value', replacement: String(fixTo) } satisfies FixData } : {};
    const what = fact(c.def.key === P.bcryptCost ? 'BouncyCastle refuses it, Rudder cannot hash new passwords' : 'this setting does not work');
    const { text, usedSomewhere, replacedSomewhere } = floorText(c.def, c.v, n);
    if (spec.max !== undefined && n > spec.max) return c.add(finding('invalid-value', 'above-max', { max: spec.max, what }, c.entry.valueRange, { severity: 'error', ...data }));
    if (spec.min !== undefined && n < spec.min && usedSomewhere) return c.add(finding('invalid-value', 'below-min', { min: spec.min, what }, c.entry.valueRange, { severity: 'error', ...data }));
    const rule = c.def.key === P.bcryptCost ? 'bcrypt-cost-low' : 'argon2-params-low';
    const weakBelow = spec.weakBelow ?? spec.min;
    if (weakBelow !== undefined && n < weakBelow) {
      if (rule === 'bcrypt-cost-low') {
        if (!usedSomewhere) c.add(finding(rule, 'ignored', { cost: n, recommended: fixTo ?? BCRYPT_COST.DEFAULT, outcome: text }, c.entry.valueRange, { severity: 'information', ...data }));
        else c.add(finding(rule, 'weak', { cost: n, recommended: fixTo ?? BCRYPT_COST.DEFAULT, outcome: text }, c.entry.valueRange, { severity: 'warning', ...data }));
      } else {
        const args = { min: weakBelow, outcome: text };
        if (!usedSomewhere) c.add(finding(rule, 'ignored', { ...args, uses: usesDefault(c.def, c.v) }, c.entry.valueRange, { severity: 'information', ...data }));
        else c.add(finding(rule, 'weak', args, c.entry.valueRange, { severity: 'warning', ...data }));
      }
      return;
    }
    if (rule === 'bcrypt-cost-low' && spec.recommended !== undefined && n < spec.recommended) {
      c.add(finding(rule, 'below-default', { cost: n, recommended: spec.recommended, outcome: replacedSomewhere ? text : fact('New password hashes are easier to crack.') }, c.entry.valueRange, { severity: 'information', ...data }));
    }
  },
  suggest: defaultSuggestion,
};

// ---------------------------------------------------------------------------------------------------------
// Durations

/** `rudder.auth.idle-timeout`: empty is no timeout, anything unreadable silently the default (rudder@9.1 RC:1157-1167). */
const SESSION_TIMEOUT: ValueType = {
  reading(value, def, v) {
    if (value === '') return { uses: undefined, why: 'empty-is-none' };
    const d = parseScalaDuration(value);
    if (d?.kind === 'finite' || d?.kind === 'infinite') return asWritten(value);
    return { uses: propertyDefault(def, v), why: value.trim().toLowerCase() === CLEANUP_NEVER ? 'never-not-here' : 'unreadable' };
  },
  check(c) {
    const dflt = propertyDefault(c.def, c.v) ?? IDLE_TIMEOUT_FALLBACK;
    const uses = fact(dflt);
    const fix = { data: { fix: 'value', replacement: dflt } satisfies FixData };
    if (c.value === '') return c.add(finding('idle-timeout-disabled', 'empty', { uses }, c.entry.keyRange, fix));
    const d = parseScalaDuration(c.value);
    if (d === undefined || d.kind === 'overflow') {
      const variant = d?.kind === 'overflow' ? 'overflow' : c.value.trim().toLowerCase() === CLEANUP_NEVER ? 'never' : parseScalaDuration(c.value.toLowerCase()) ? 'case' : 'invalid';
      if (variant === 'never') c.add(finding('idle-timeout-invalid', 'never', { uses, key: fact(c.def.key) }, c.valueOrKey, fix));
      else c.add(finding('idle-timeout-invalid', variant, { uses }, c.valueOrKey, fix));
      return;
    }
    if (d.kind === 'infinite') return c.add(finding('idle-timeout-long', 'infinite', {}, c.entry.valueRange, { severity: 'warning', ...fix }));
    if (d.ms <= 0) return c.add(finding('idle-timeout-invalid', 'zero', {}, c.entry.valueRange, fix));
    const fallback = parseScalaDuration(dflt);
    if (fallback?.kind === 'finite' && d.ms > fallback.ms) {
      c.add(finding('idle-timeout-long', 'long', { duration: fact(formatDuration(d.ms)), uses }, c.entry.valueRange, { severity: d.ms >= ONE_DAY_MS ? 'warning' : undefined, ...fix }));
    }
  },
  suggest: () => ['30 minutes', '15 minutes', '1 hour', '8 hours', ...DURATION_UNITS.map((u) => `1 ${u.labels[u.labels.length - 1]}`)].map((label) => ({ label })),
};

/**
 * `rudder.users.cleanup.*` (C10, rudder@9.1 RC:1281-1296): `never` (any case, from 8.1) or a Scala duration; an
 * unreadable value is a `NumberFormatException`, logged, and the default; a value over 2^63-1 ns throws
 * `IllegalArgumentException`, which nothing catches: the webapp exits at start (LiftInitContextListener.scala:179).
 */
const CLEANUP_DURATION: ValueType = {
  reading(value, def, v) {
    if (value.toLowerCase() === CLEANUP_NEVER) return CLEANUP_NEVER_READ.at(v) ? { uses: CLEANUP_NEVER, why: 'as-written' } : { uses: propertyDefault(def, v), why: 'unreadable' };
    const d = parseScalaDuration(value);
    if (d?.kind === 'overflow') return { uses: undefined, why: 'overflow-fails' };
    return d ? asWritten(value) : { uses: propertyDefault(def, v), why: 'unreadable' };
  },
  check(c) {
    const uses = usesDefault(c.def, c.v);
    const neverRead = CLEANUP_NEVER_READ.at(c.v);
    if (c.value.toLowerCase() === CLEANUP_NEVER) {
      if (!neverRead) {
        const readBy = fact(spanLabel({ from: CLEANUP_NEVER_READ.firstWhere((x) => x)! }));
        c.add(finding('invalid-value', 'cleanup-never', { release: c.release, uses, readBy }, c.valueOrKey, { severity: 'error' }));
      }
      return;
    }
    const d = parseScalaDuration(c.value);
    if (d?.kind === 'overflow') return c.add(finding('invalid-value', 'overflow', {}, c.valueOrKey, { severity: 'error', ...(neverRead ? { data: { fix: 'value', replacement: CLEANUP_NEVER } satisfies FixData } : {}) }));
    if (d === undefined) c.add(finding('invalid-value', 'cleanup-invalid', { uses, never: fact(neverRead ? `, or ${CLEANUP_NEVER}` : '') }, c.valueOrKey, { severity: 'error' }));
  },
  suggest(_def, v) {
    return ['30 days', '90 days', '180 days', ...(CLEANUP_NEVER_READ.at(v) ? [CLEANUP_NEVER] : [])].map((label) => ({ label }));
  },
};

const CRON: ValueType = {
  reading(value) {
    return cronProblem(value) ? { uses: undefined, why: 'unreadable' } : asWritten(value);
  },
  check(c) {
    const problem = cronProblem(c.value);
    if (!problem) return;
    if (problem.kind === 'fields' && problem.count === 5) c.add(finding('invalid-value', 'cron-crontab', {}, c.valueOrKey, { severity: 'error' }));
    else if (problem.kind === 'fields') c.add(finding('invalid-value', 'cron-fields', { count: problem.count }, c.valueOrKey, { severity: 'error' }));
    else c.add(finding('invalid-value', 'cron-field', { field: fact(problem.field), problem: fact(problem.problem) }, c.valueOrKey, { severity: 'error' }));
  },
  suggest: defaultSuggestion,
};

// ---------------------------------------------------------------------------------------------------------
// Enumerations and lists

const ENUM: ValueType = {
  reading(value, def, v) {
    const values = def.values ?? [];
    const x = def.lenient ? value.trim().toLowerCase() : value;
    return values.includes(x) ? { uses: x, why: 'as-written' } : { uses: propertyDefault(def, v), why: 'unreadable' };
  },
  check(c) {
    const values = c.def.values ?? [];
    const x = c.def.lenient ? c.value.trim().toLowerCase() : c.value;
    if (values.includes(x)) return;
    const candidates = closest(c.value.trim(), values, 3);
    const data = candidates.length ? { data: { fix: 'candidates', candidates } satisfies FixData } : {};
    const list = values.map(fact);
    // A per-provider switch that cannot be read warns and falls back to the provider's default (AppConfigAuth.scala:204-211).
    if (c.def.key.includes('<')) {
      c.add(finding('invalid-value', 'enum-provider', { values: list, global: fact(P.userRestToken) }, c.valueOrKey, { severity: 'error', ...data }));
      return;
    }
    const uses = usesDefault(c.def, c.v);
    // What was meant is likely the nearest value: when that is the default, Rudder does what was meant.
    const meant = candidates[0] === propertyDefault(c.def, c.v) ? 'information' : 'error';
    if (candidates.length) c.add(finding('invalid-value', 'enum-suggest', { values: list, uses, candidates: candidates.map(fact) }, c.valueOrKey, { severity: meant, ...data }));
    else c.add(finding('invalid-value', 'enum', { values: list, uses }, c.valueOrKey, { severity: 'error' }));
  },
  suggest: (def) => (def.values ?? []).map((label) => ({ label })),
};

/** `rudder.auth.provider` (§7, C11). */
const PROVIDER_LIST: ValueType = {
  reading(value) {
    return { uses: [ROOT_ADMIN_PROVIDER, ...loadedProviders(splitProviderList(value).map((p) => p.name))].join(','), why: 'as-written' };
  },
  check(c) {
    const items = splitProviderList(c.value);
    if (loadedProviders(items.map((i) => i.name)).length === 0) {
      const admin = (c.effective(P.adminLogin) ?? '') !== '' && (c.effective(P.adminPassword) ?? '') !== '';
      c.add(finding('invalid-value', admin ? 'providers-root-only' : 'providers-empty', {}, c.valueOrKey, { severity: admin ? 'warning' : 'error', data: { fix: 'value', replacement: 'file' } }));
      if (items.length === 0) return;
    }
    const known = authProvidersFor(c.v).map((p) => p.name);
    for (const item of items) {
      if (known.includes(item.name)) continue;
      const range = c.sub(item.start, item.end);
      const retired = AUTH_PROVIDERS.find((p) => p.name === item.name);
      if (retired) {
        const readBy = fact(spanLabel(retired.read.history().find((h) => h.value)!.span));
        c.add(finding('unknown-auth-provider', 'retired', { name: nameOf(item.name), plugin: fact(retired.plugin ?? 'core'), readBy }, range));
        continue;
      }
      const candidates = closest(item.name, known, 3);
      if (candidates.length) c.add(finding('unknown-auth-provider', 'suggest', { release: c.release, name: nameOf(item.name), candidates: candidates.map(nameOf) }, range, { data: { fix: 'candidates', candidates } }));
      else c.add(finding('unknown-auth-provider', 'unknown', { release: c.release, name: nameOf(item.name) }, range));
    }
  },
  suggest: (_def, v) => authProvidersFor(v).map((p) => ({ label: p.name, documentation: `${p.doc}${p.plugin ? ` (${p.plugin} plugin)` : ''}` })),
};

const URL_TYPE: ValueType = {
  reading: asWritten,
  check(c) {
    if (/^https?:\/\/\S+$/i.test(c.value.trim())) return;
    c.add(finding('invalid-value', 'url', { what: fact('this setting does not work') }, c.valueOrKey, { severity: 'error' }));
  },
  suggest: none,
};

// ---------------------------------------------------------------------------------------------------------
// LDAP (§7, §8, C12)

const LDAP_URL: ValueType = {
  reading: asWritten,
  check(c) {
    const urls = parseLdapUrls(c.value);
    for (const url of urls) {
      const range = c.sub(url.start, url.end);
      if (!url.scheme) {
        const { severity, scope } = c.ldap('error');
        c.add(finding('invalid-value', 'ldap-url', { scope }, range, { severity }));
        continue;
      }
      if (url.scheme !== 'ldap') continue;
      const local = isLoopbackHost(url.host);
      const { severity, scope } = c.ldap(local ? 'information' : 'warning');
      c.add(finding('ldap-cleartext-url', local ? 'local' : 'remote', { scope }, range, { severity }));
    }
    const bases = new Set(urls.filter((u) => u.scheme).map((u) => u.baseDn.trim().toLowerCase()));
    if (bases.size > 1) {
      const { severity, scope } = c.ldap('error');
      c.add(finding('ldap-base-dn-mismatch', 'mismatch', { scope }, c.valueOrKey, { severity }));
    }
  },
  suggest: () => [{ label: LDAPS_URL_TEMPLATE, documentation: 'LDAP over TLS; replace host, port and base DN.' }],
};

function checkLostBackslashes(c: CheckContext, kind: 'filter' | 'dn'): boolean {
  const offsets = lostLdapBackslashes(c.raw, kind);
  if (offsets.length === 0) return false;
  const { severity, scope } = c.ldap('error');
  const at = c.entry.valueRange.start + offsets[0];
  c.add(finding('ldap-lost-backslash', kind, { scope }, { start: at, end: at + 1 }, { severity, data: { fix: 'double-backslash', offsets } }));
  return true;
}

const DN: ValueType = {
  reading: asWritten,
  check(c) {
    if (checkLostBackslashes(c, 'dn')) return;
    if (c.value.trim() === '') {
      if (c.def.key === P.ldapBindDn) {
        const { severity, scope } = c.ldap('warning');
        c.add(finding('ldap-anonymous-bind', 'dn', { scope }, c.valueOrKey, { severity }));
      }
      return;
    }
    if (isDn(c.value)) return;
    const { severity, scope } = c.ldap('error');
    c.add(finding('invalid-value', 'dn', { scope }, c.valueOrKey, { severity }));
  },
  suggest: none,
};

/** The search base is relative to the base DN of the URL: repeating it finds nobody (C12). */
const LDAP_SEARCH_BASE: ValueType = {
  reading: asWritten,
  check(c) {
    DN.check(c);
    const urls = parseLdapUrls(c.effective(P.ldapUrl) ?? '').filter((u) => u.scheme && u.baseDn.trim() !== '');
    const base = urls[0]?.baseDn;
    if (base === undefined || !searchBaseRepeatsBaseDn(c.value, base)) return;
    const { severity, scope } = c.ldap('error');
    const below = searchBaseBelowBaseDn(c.value, base);
    c.add(finding('ldap-search-base-repeated', 'repeated', { scope, url: fact(P.ldapUrl) }, c.valueOrKey, { severity, data: { fix: 'value', replacement: below } }));
  },
  suggest: none,
};

const LDAP_FILTER: ValueType = {
  reading: asWritten,
  check(c) {
    if (checkLostBackslashes(c, 'filter')) return;
    const filter = c.value;
    const placeholders = jndiPlaceholders(filter);
    for (const p of placeholders) {
      if (!p.problem) continue;
      const { severity, scope } = c.ldap('error');
      const range = c.sub(p.start, p.end);
      if (p.problem.kind === 'exceeds' || p.problem.kind === 'negative') c.add(finding('ldap-filter-bad-placeholder', p.problem.kind, { n: p.problem.n, scope }, range, { severity }));
      else c.add(finding('ldap-filter-bad-placeholder', p.problem.kind, { scope }, range, { severity }));
    }
    if (filter.trim() !== '' && placeholders.length === 0) {
      const { severity, scope } = c.ldap('error');
      const template = fact(LDAP_FILTER_TEMPLATE);
      c.add(finding('ldap-filter-missing-placeholder', filter.includes('\\{') ? 'escaped' : 'none', { scope, template }, c.valueOrKey, { severity, data: { fix: 'value', replacement: LDAP_FILTER_TEMPLATE } }));
    }
    const problem = ldapFilterProblem(formattedFilter(filter, placeholders));
    if (!problem) return;
    const { severity, scope } = c.ldap(problem.tolerated ? 'information' : 'error');
    const range = c.sub(problem.start, problem.end);
    if (problem.tolerated) c.add(finding('ldap-filter-syntax', 'tolerated', { scope, template: fact(LDAP_FILTER_TEMPLATE) }, range, { severity }));
    else c.add(finding('ldap-filter-syntax', 'invalid', { scope, problem: fact(LDAP_FILTER_PROBLEMS[problem.kind]) }, range, { severity }));
  },
  suggest: () => [
    { label: LDAP_FILTER_TEMPLATE, documentation: 'OpenLDAP: the login is the uid.' },
    { label: AD_FILTER_TEMPLATE, documentation: 'Active Directory: the login is the sAMAccountName (use an empty search base).' },
  ],
};

const SECRET: ValueType = {
  reading: asWritten,
  check(c) {
    if (c.value.trim() !== '') return;
    if (c.def.key === P.ldapBindPassword) {
      const { severity, scope } = c.ldap('warning');
      c.add(finding('ldap-anonymous-bind', 'password', { scope }, c.valueOrKey, { severity }));
    }
  },
  suggest: none,
};

/** `rudder.auth.admin.password` (§4.2 last bullet): what this release verifies it with. */
const PASSWORD_HASH: ValueType = {
  reading: asWritten,
  check(c) {
    const value = c.value;
    if (value === '' || (c.effective(P.adminLogin) ?? '') === '') return;
    const era = c.version.era;
    const label = fact(eraLabel(era));
    const shape = classifyPassword(value);
    const at = c.entry.valueRange;
    const howTo = fact(`htpasswd -nBC ${BCRYPT_COST.DEFAULT} "" | tr -d ':\\n'`);
    const space = fact(value !== value.trimEnd() ? ' java.util.Properties keeps the trailing white space, which is part of the value.' : '');
    switch (adminPasswordVerifier(shape, value, era)) {
      case 'plain': {
        const variant = shape.kind === 'bcrypt' ? 'bcrypt-not-2y' : shape.kind === 'argon2id' || shape.kind === 'argon2-other' ? 'argon2-plain' : 'plain';
        // BouncyCastle's OpenBSDBCrypt computes the key the same way for $2a$, $2b$ and $2y$ (the version is only
        // copied into the string), so the same hash verifies under $2y$; $2x$ is another algorithm, left alone.
        const prefix = variant === 'bcrypt-not-2y' && checkBcrypt(value).valid && /^\$2[ab]\$/.test(value);
        const data: FixData = prefix ? { fix: 'bcrypt-prefix' } : { fix: 'password', plain: shape.kind === 'other' };
        c.add(finding('admin-password-plaintext', variant, { label, howTo }, at, { data }));
        return;
      }
      case 'unverifiable': {
        if (shape.kind === 'argon2id') return c.add(finding('invalid-value', 'admin-argon2-unsupported', { label }, c.valueOrKey, { severity: 'error' }));
        if (shape.kind === 'argon2-other') return c.add(finding('invalid-value', 'admin-argon2-other', {}, c.valueOrKey, { severity: 'error' }));
        const hashes = fact(adminPasswordVerifier({ kind: 'argon2id', valid: true }, '', era) === 'argon2id' ? 'bcrypt and argon2id hashes' : 'bcrypt hashes');
        c.add(finding('admin-password-plaintext', 'unverifiable', { label, hashes, howTo }, at, { data: { fix: 'password', plain: shape.kind === 'other' } satisfies FixData }));
        return;
      }
      case 'bcrypt': {
        const bcrypt = checkBcrypt(value);
        if (!bcrypt.valid) c.add(finding('invalid-value', 'admin-bcrypt-malformed', { problem: fact(bcrypt.problem ?? 'malformed'), space }, c.valueOrKey, { severity: 'error' }));
        return;
      }
      case 'argon2id':
        if (shape.kind === 'argon2id' && !shape.valid) c.add(finding('invalid-value', 'admin-argon2-malformed', { problem: fact(shape.problem ?? 'malformed'), space }, c.valueOrKey, { severity: 'error' }));
        return;
    }
  },
  suggest: none,
};

const PLAIN: ValueType = { reading: asWritten, check: noChecks, suggest: defaultSuggestion };

/** Every type, checked: adding a `PropertyType` without its entry here does not compile. */
export const VALUE_TYPES: Record<PropertyType, ValueType> = {
  boolean: BOOLEAN,
  'spring-boolean': SPRING_BOOLEAN,
  int: INT,
  'session-timeout': SESSION_TIMEOUT,
  'cleanup-duration': CLEANUP_DURATION,
  cron: CRON,
  enum: ENUM,
  'provider-list': PROVIDER_LIST,
  list: PLAIN,
  string: PLAIN,
  url: URL_TYPE,
  'ldap-url': LDAP_URL,
  dn: DN,
  'ldap-search-base': LDAP_SEARCH_BASE,
  'ldap-filter': LDAP_FILTER,
  secret: SECRET,
  'password-hash': PASSWORD_HASH,
  path: PLAIN,
};

