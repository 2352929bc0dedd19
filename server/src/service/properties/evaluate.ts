/**
 * What Rudder will do with a `rudder-web.properties`, version by version: the value each known key ends up
 * with (after the `rudder-web.properties.d/` overrides), the authentication providers it loads, and every
 * finding worth a diagnostic in the main file. Checks read the decoded values; findings point at the raw text.
 * Pure; never throws on a result of `parseJavaProperties`.
 *
 * Every key name comes from the data of `../rudder`. Invariant: no message contains the value of a secret
 * (passwords, the LDAP bind password, client secrets).
 */
import {
  adminPasswordVerifier,
  ARGON2_DEFAULT,
  ARGON2_MIN,
  atLeast,
  AUTH_PROPERTY,
  AUTH_PROVIDERS,
  authProvidersFor,
  BCRYPT_COST,
  checkBcrypt,
  classifyPassword,
  CLEANUP_NEVER,
  CLEANUP_NEVER_SINCE,
  cronProblem,
  DURATION_UNITS,
  eraLabel,
  findPropertyDef,
  formatVersion,
  IDLE_TIMEOUT_FALLBACK_MS,
  isCheckedPropertyKey,
  isSecretProperty,
  LDAP_FILTER_TEMPLATE,
  LDAP_PROVIDER,
  LDAP_REQUIRED_PROPERTIES,
  parseConfigBoolean,
  parseConfigInt,
  parseScalaDuration,
  parseSpringBoolean,
  propertyDefault,
  propertyKeyCandidates,
  propertyReadBy,
  PROPERTY_DEFS,
  REST_TOKEN_DISABLED_PROVIDERS,
  splitProviderList,
  type PropertyDef,
  type RudderVersion,
} from '../rudder';
import type { Finding } from '../findings';
import type { Severity } from '../rules';
import { closest } from '../text';
import type { ResolvedVersion } from '../version';
import { effectiveEntries, type OffsetRange, type ParsedProperties, type PropertyEntry } from './javaProperties';

export interface PropertiesSource {
  /** Display name, e.g. 'rudder-web.properties.d/10-ldap.properties'. */
  name: string;
  text: string;
  parsed: ParsedProperties;
}

export interface PropertiesContext {
  /** rudder-web.properties.d/ override files in the order Rudder applies them (sorted; later wins; all override the main file). */
  overrides?: PropertiesSource[];
}

export interface EffectiveProperty {
  key: string;
  /** The decoded value that wins (the default, written as in the file, when unset). */
  value: string;
  /** 'main', the name of the override file that sets it, or 'default'. */
  source: 'main' | 'default' | (string & {});
  entry?: PropertyEntry;
}

export interface PropertiesEvaluation {
  version: ResolvedVersion;
  /** For the main file only (ranges into the main text), in document order. */
  findings: Finding[];
  /** Every known key with its effective value and source (the default when unset and the version reads it). */
  effective: Map<string, EffectiveProperty>;
  /** Parsed `rudder.auth.provider` (trimmed, empties dropped, case-sensitive); ['file'] when the key is missing. */
  authProviders: string[];
  /** Effective `rudder.bcrypt.cost` if set and a valid int, else undefined. */
  bcryptCost?: number;
}

export function evaluateProperties(parsed: ParsedProperties, version: ResolvedVersion, context: PropertiesContext = {}): PropertiesEvaluation {
  return new Evaluator(parsed, version, context.overrides ?? []).run();
}

const P = AUTH_PROPERTY;
const BYTE_ORDER_MARK = '\uFEFF';
const quote = (s: string) => `'${s}'`;

function didYouMean(candidates: string[]): string {
  return candidates.length ? ` Did you mean ${candidates.map(quote).join(', ')}?` : '';
}

/** One step less severe: LDAP findings matter less while LDAP is not an enabled provider. */
const SOFTER: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

/** `2 hours`, `45 minutes`, `1.5 days`: the largest unit the duration reaches. */
function formatDuration(ms: number): string {
  const unit = DURATION_UNITS.find((u) => Math.abs(ms) >= u.ms) ?? DURATION_UNITS[DURATION_UNITS.length - 1];
  const n = Math.round((ms / unit.ms) * 100) / 100;
  const name = unit.labels[unit.labels.length - 1];
  return `${n} ${name}${n === 1 ? '' : 's'}`;
}

class Evaluator {
  private readonly findings: Finding[] = [];
  private readonly v: RudderVersion;
  private readonly label: string;
  /** The main file as Java loads it: one entry per key, the last occurrence. */
  private readonly main: Map<string, PropertyEntry>;
  /** For each key an override file sets: the last file setting it, and its entry. */
  private readonly overriddenBy = new Map<string, { source: PropertiesSource; entry: PropertyEntry }>();
  private readonly effective = new Map<string, EffectiveProperty>();
  private authProviders: string[] = [];
  private ldapEnabled = false;

  constructor(
    private readonly parsed: ParsedProperties,
    private readonly version: ResolvedVersion,
    private readonly overrides: PropertiesSource[],
  ) {
    this.v = version.version;
    this.label = `Rudder ${formatVersion(this.v)}`;
    this.main = effectiveEntries(parsed);
  }

  run(): PropertiesEvaluation {
    this.buildEffective();
    this.authProviders = splitProviderList(this.effective.get(P.provider)?.value ?? '').map((p) => p.name);
    this.ldapEnabled = this.authProviders.includes(LDAP_PROVIDER);

    for (const p of this.parsed.problems) {
      this.add({ rule: 'properties-syntax', range: p.range, message: `${p.message}: Rudder cannot read its configuration at all.` });
    }
    this.checkByteOrderMark();
    this.checkDuplicates();
    for (const [key, entry] of this.main) this.checkKey(key, entry);
    for (const entry of this.parsed.entries) this.checkPlaintextSecret(entry);
    this.checkLdapComplete();

    const cost = this.effective.get(P.bcryptCost);
    return {
      version: this.version,
      findings: this.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end),
      effective: this.effective,
      authProviders: this.authProviders,
      bcryptCost: cost && cost.source !== 'default' ? parseConfigInt(cost.value) : undefined,
    };
  }

  private add(f: Finding): void {
    this.findings.push(f);
  }

  /** Defaults the version applies, then the main file, then each override file in order. */
  private buildEffective(): void {
    for (const def of PROPERTY_DEFS) {
      const value = propertyDefault(def, this.v);
      if (!def.key.includes('<') && value !== undefined && propertyReadBy(def, this.v)) this.effective.set(def.key, { key: def.key, value, source: 'default' });
    }
    for (const [key, entry] of this.main) if (findPropertyDef(key)) this.effective.set(key, { key, value: entry.value, source: 'main', entry });
    for (const source of this.overrides) {
      for (const [key, entry] of effectiveEntries(source.parsed)) {
        this.overriddenBy.set(key, { source, entry });
        if (findPropertyDef(key)) this.effective.set(key, { key, value: entry.value, source: source.name, entry });
      }
    }
  }

  /** A sub-range of the decoded value, mapped to the raw text when no escape or continuation shifts it. */
  private sub(entry: PropertyEntry, start: number, end: number): OffsetRange {
    const r = entry.valueRange;
    const length = entry.value.length;
    if (length === 0 || r.end - r.start !== length) return this.valueOrKey(entry);
    const from = Math.min(start, length - 1);
    return { start: r.start + from, end: r.start + Math.min(Math.max(end, from + 1), length) };
  }

  /** The value, or the key when the value is empty. */
  private valueOrKey(entry: PropertyEntry): OffsetRange {
    return entry.valueRange.end > entry.valueRange.start ? entry.valueRange : entry.keyRange;
  }

  // -------------------------------------------------------------------------------------------------------
  // File level

  /** java.util.Properties keeps a byte-order mark: it becomes part of the first key, which Rudder then ignores. */
  private checkByteOrderMark(): void {
    const first = this.parsed.entries[0];
    if (!first || !first.key.startsWith(BYTE_ORDER_MARK) || first.keyRange.start !== 0) return;
    const key = first.key.slice(BYTE_ORDER_MARK.length);
    this.add({
      rule: 'properties-bom',
      range: { start: 0, end: 1 },
      message: `The file starts with a byte-order mark: java.util.Properties keeps it, so Rudder reads the first ${key ? `key as '\\uFEFF${key}' and ignores ${key}` : 'line as a key of its own'}. Save the file without BOM.`,
    });
  }

  private checkDuplicates(): void {
    for (const entry of this.parsed.entries) {
      const winner = this.main.get(entry.key)!;
      if (winner === entry) continue;
      this.add({
        rule: 'duplicate-key',
        range: entry.keyRange,
        unnecessary: true,
        message: `${entry.key} is set again on line ${winner.line + 1}: java.util.Properties keeps the last value, so Rudder ignores this one.`,
        related: [{ range: winner.keyRange, message: 'the occurrence that wins' }],
      });
    }
  }

  private checkPlaintextSecret(entry: PropertyEntry): void {
    if (findPropertyDef(entry.key)?.type !== 'secret' || entry.value.trim() === '') return;
    this.add({
      rule: 'plaintext-secret',
      range: entry.valueRange,
      message: `${entry.key} is a credential stored in clear: make this file readable by Rudder only (e.g. chmod 600), or move the key to a file of rudder-web.properties.d/ with tighter permissions.`,
    });
  }

  private checkKey(key: string, entry: PropertyEntry): void {
    const over = this.overriddenBy.get(key);
    if (over) {
      const used = isSecretProperty(key) ? 'that value' : `its value ${quote(over.entry.value)}`;
      this.add({
        rule: 'property-overridden',
        range: entry.keyRange,
        unnecessary: true,
        message: `${over.source.name} (line ${over.entry.line + 1}) sets ${key} too, and rudder-web.properties.d/ overrides this file: Rudder uses ${used}, not this one.`,
      });
      return;
    }
    const def = findPropertyDef(key);
    if (!def) {
      if (isCheckedPropertyKey(key)) {
        const candidates = closest(key, propertyKeyCandidates(key), 3);
        this.add({
          rule: 'unknown-key',
          range: entry.keyRange,
          data: { candidates },
          message: `${this.label} does not read ${key}: this line has no effect.${didYouMean(candidates)}`,
        });
      }
      return;
    }
    if (key === P.ldapEnable) return this.ldapEnableObsolete(entry);
    if (!propertyReadBy(def, this.v)) return this.notInVersion(def, entry);
    this.checkType(def, entry);
    this.checkRole(key, entry);
  }

  private notInVersion(def: PropertyDef, entry: PropertyEntry): void {
    const plugin = def.plugin ? ` (${def.plugin} plugin)` : '';
    const when = def.since && !propertyReadBy({ ...def, until: undefined }, this.v) ? `it is read from Rudder ${def.since}` : `it was read only up to Rudder ${def.until}${plugin}`;
    this.add({
      rule: 'key-not-in-version',
      range: entry.keyRange,
      unnecessary: true,
      severity: entry.value === propertyDefault(def, this.v) ? 'information' : undefined,
      message: `${this.label} does not read ${entry.key} (${when}): this line has no effect.`,
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Checks by type

  private checkType(def: PropertyDef, entry: PropertyEntry): void {
    const value = entry.value;
    const fallback = propertyDefault(def, this.v);
    const usesDefault = fallback !== undefined ? `Rudder uses the default (${fallback || 'empty'})` : 'Rudder cannot use it';
    switch (def.type) {
      case 'boolean':
        if (parseConfigBoolean(value) === undefined) this.invalidBoolean(entry, usesDefault);
        return;
      case 'spring-boolean':
        if (parseSpringBoolean(value) === undefined) {
          this.add({
            rule: 'invalid-boolean',
            range: this.valueOrKey(entry),
            message: `Spring cannot convert ${quote(value)} to a boolean (true/false, on/off, yes/no, 1/0): the provider that reads ${entry.key} fails to load.`,
          });
        }
        return;
      case 'int':
        if (parseConfigInt(value) === undefined) this.invalid(entry, `${quote(value)} is not an integer: ${usesDefault}.`);
        return;
      case 'enum':
        return this.checkEnum(def, entry, usesDefault);
      case 'duration':
        return this.checkIdleTimeout(entry);
      case 'cleanup-duration':
        return this.checkCleanupDuration(entry, fallback);
      case 'cron': {
        const problem = cronProblem(value);
        if (problem) {
          this.invalid(entry, `This cron expression cannot be parsed (${problem}): Rudder logs an error and disables the user clean-up, so inactive accounts are never disabled or purged.`);
        }
        return;
      }
      case 'url':
        if (!/^https?:\/\/\S+$/i.test(value.trim())) this.invalid(entry, `${quote(value)} is not an http:// or https:// URL.`);
        return;
      case 'ldap-url':
        return this.checkLdapUrl(entry);
      case 'dn':
        return this.checkDn(entry);
      case 'ldap-filter':
        return this.checkLdapFilter(entry);
      case 'password-hash':
        return this.checkAdminPassword(entry);
      case 'list':
      case 'string':
      case 'secret':
      case 'path':
        return;
    }
  }

  private invalid(entry: PropertyEntry, message: string, severity?: Severity, data?: Finding['data']): void {
    this.add({ rule: 'invalid-value', range: this.valueOrKey(entry), message, severity, data });
  }

  private invalidBoolean(entry: PropertyEntry, usesDefault: string): void {
    const value = entry.value;
    let why = 'Typesafe Config accepts exactly true, yes, on, false, no or off';
    if (parseConfigBoolean(value.trim()) !== undefined) why = 'the value ends with white space, which java.util.Properties keeps, and Typesafe Config accepts only the exact tokens';
    else if (parseConfigBoolean(value.trim().toLowerCase()) !== undefined) why = 'booleans are case-sensitive: write true, yes, on, false, no or off in lowercase';
    this.add({ rule: 'invalid-boolean', range: this.valueOrKey(entry), message: `${quote(value)} is not a boolean for Rudder (${why}): ${usesDefault}.` });
  }

  private checkEnum(def: PropertyDef, entry: PropertyEntry, usesDefault: string): void {
    const values = def.values ?? [];
    const v = def.lenient ? entry.value.trim().toLowerCase() : entry.value;
    if (values.includes(v)) return;
    const candidates = closest(entry.value.trim(), values, 3);
    const perProvider = def.key.includes('<')
      ? `Rudder logs a warning and uses the provider's default (${REST_TOKEN_DISABLED_PROVIDERS.join(' and ')}: disabled; others: ${P.userRestToken})`
      : usesDefault;
    this.invalid(entry, `${quote(entry.value)} is not one of ${values.join(', ')}: ${perProvider}.${didYouMean(candidates)}`, undefined, { candidates });
  }

  private checkCleanupDuration(entry: PropertyEntry, fallback: string | undefined): void {
    const value = entry.value;
    const uses = `Rudder logs 'Error when reading key' and uses the default (${fallback ?? 'its default'})`;
    if (value.toLowerCase() === CLEANUP_NEVER) {
      if (!atLeast(this.v, CLEANUP_NEVER_SINCE)) {
        this.invalid(entry, `${this.label} does not read ${CLEANUP_NEVER} here (it needs Rudder ${CLEANUP_NEVER_SINCE}): ${uses}.`);
      }
      return;
    }
    if (parseScalaDuration(value) === undefined) {
      const never = atLeast(this.v, CLEANUP_NEVER_SINCE) ? ` or ${CLEANUP_NEVER}` : '';
      this.invalid(entry, `${quote(value)} is not a duration (e.g. 30 days, 12h; a number needs its unit)${never}: ${uses}.`);
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Checks by key

  private checkRole(key: string, entry: PropertyEntry): void {
    switch (key) {
      case P.provider:
        return this.checkProviders(entry);
      case P.bcryptCost:
        return this.checkBcryptCost(entry);
      case P.argon2Memory:
      case P.argon2Iterations:
      case P.argon2Parallelism:
        return this.checkArgon2(key, entry);
      case P.hsts:
        if (parseConfigBoolean(entry.value) === false) {
          this.add({
            rule: 'hsts-disabled',
            range: entry.valueRange,
            message: 'HSTS is off: browsers are not told to reach Rudder over HTTPS only. Set it to true if Rudder is only served over HTTPS (and nothing on this domain needs plain HTTP).',
          });
        }
        return;
      case P.hstsIncludeSubDomains:
        if (parseConfigBoolean(entry.value) === true && parseConfigBoolean(this.effective.get(P.hsts)?.value ?? '') !== true) {
          this.add({ rule: 'hsts-disabled', range: entry.keyRange, message: `${key} has no effect while ${P.hsts} is not true: Rudder sends no HSTS header at all.` });
        }
        return;
      case P.ldapBindDn:
      case P.ldapBindPassword:
        return this.checkAnonymousBind(key, entry);
    }
  }

  private checkProviders(entry: PropertyEntry): void {
    const items = splitProviderList(entry.value);
    if (items.length === 0) {
      const admin = (this.effective.get(P.adminLogin)?.value ?? '') !== '' && (this.effective.get(P.adminPassword)?.value ?? '') !== '';
      this.invalid(
        entry,
        `${P.provider} is empty: Rudder loads no provider but rootAdmin, so rudder-users.xml is not used and ${admin ? 'only the root admin account' : 'nobody'} can log in. Write file (the default) or a list such as ldap,file.`,
        admin ? undefined : 'error',
      );
      return;
    }
    const known = authProvidersFor(this.v).map((p) => p.name);
    for (const item of items) {
      if (known.includes(item.name)) continue;
      const retired = AUTH_PROVIDERS.find((p) => p.name === item.name);
      const candidates = closest(item.name, known, 3);
      this.add({
        rule: 'unknown-auth-provider',
        range: this.sub(entry, item.start, item.end),
        data: { candidates },
        message: retired
          ? `The ${item.name} provider only exists up to Rudder ${retired.until} (${retired.plugin} plugin): ${this.label} logs an error and skips it, so nobody can log in through it.`
          : `${this.label} has no authentication provider ${quote(item.name)} (names are case-sensitive): it logs an error ('spring resource file … was not found') and skips it, unless a plugin you installed provides it.${didYouMean(candidates)}`,
      });
    }
  }

  private checkIdleTimeout(entry: PropertyEntry): void {
    const value = entry.value;
    const fallback = formatDuration(IDLE_TIMEOUT_FALLBACK_MS);
    if (value === '') {
      this.add({
        rule: 'idle-timeout-disabled',
        range: entry.keyRange,
        message: `An empty value disables the inactivity timeout: a session stays open as long as a browser keeps it, even unattended. Remove the line or write e.g. ${fallback}.`,
      });
      return;
    }
    const d = parseScalaDuration(value);
    if (!d) {
      let hint = '';
      if (value.trim().toLowerCase() === CLEANUP_NEVER) hint = ` (${CLEANUP_NEVER} is read by rudder.users.cleanup.*, not here; an empty value disables the timeout)`;
      else if (parseScalaDuration(value.toLowerCase())) hint = ' (units are case-sensitive: write them in lowercase)';
      this.add({
        rule: 'idle-timeout-invalid',
        range: this.valueOrKey(entry),
        message: `${quote(value)} is not a duration Rudder can read${hint}: it silently uses ${fallback}. Write e.g. ${fallback}, 1h or 90m.`,
      });
      return;
    }
    if (d.kind === 'infinite') {
      this.add({ rule: 'idle-timeout-long', range: entry.valueRange, severity: 'warning', message: 'An infinite timeout: sessions never expire for inactivity, as with an empty value.' });
    } else if (d.ms <= 0) {
      this.add({ rule: 'idle-timeout-invalid', range: entry.valueRange, message: 'A timeout of zero or less: every session expires immediately, so nobody stays logged in.' });
    } else if (d.ms > IDLE_TIMEOUT_FALLBACK_MS) {
      const day = DURATION_UNITS.find((u) => u.labels.includes('day'))!.ms;
      this.add({
        rule: 'idle-timeout-long',
        range: entry.valueRange,
        severity: d.ms >= day ? 'warning' : undefined,
        message: `Sessions stay open for ${formatDuration(d.ms)} without activity (the default is ${fallback}): an unattended browser stays logged in that long.`,
      });
    }
  }

  private checkBcryptCost(entry: PropertyEntry): void {
    const cost = parseConfigInt(entry.value);
    if (cost === undefined) return;
    if (cost > BCRYPT_COST.MAX) {
      this.invalid(entry, `BouncyCastle accepts bcrypt costs ${BCRYPT_COST.MIN}–${BCRYPT_COST.MAX}: with ${cost}, Rudder fails to hash new passwords.`);
      return;
    }
    const e4 = this.version.era === 'E4';
    if (cost < BCRYPT_COST.ERROR_BELOW) {
      const what = e4
        ? `Rudder 9.x branch heads (and 9.0.9/9.1.4 for costs up to ${BCRYPT_COST.ERROR_BELOW}) log a warning and use ${BCRYPT_COST.DEFAULT} instead; earlier 9.0/9.1 releases hash new passwords with cost ${cost}`
        : `${this.label} hashes new passwords with it`;
      const bc = cost < BCRYPT_COST.MIN ? ` Below ${BCRYPT_COST.MIN}, BouncyCastle refuses to hash at all.` : '';
      this.add({ rule: 'bcrypt-cost-low', range: entry.valueRange, message: `bcrypt cost ${cost} is too low: ${what}. Use ${BCRYPT_COST.DEFAULT} (the default) or more.${bc}` });
    } else if (cost < BCRYPT_COST.INFO_BELOW) {
      const patch = e4 && cost === BCRYPT_COST.ERROR_BELOW ? ` (9.0.9 and 9.1.4 treat ${cost} as too low and use ${BCRYPT_COST.DEFAULT})` : '';
      this.add({
        rule: 'bcrypt-cost-low',
        range: entry.valueRange,
        severity: 'information',
        message: `bcrypt cost ${cost} is below the default ${BCRYPT_COST.DEFAULT}${patch}: new password hashes are easier to crack.`,
      });
    }
  }

  private checkArgon2(key: string, entry: PropertyEntry): void {
    const n = parseConfigInt(entry.value);
    if (n === undefined) return;
    const at = entry.valueRange;
    if (key === P.argon2Memory && n < ARGON2_MIN.memory) {
      this.add({
        rule: 'argon2-params-low',
        range: at,
        message: `${n} KiB is below the minimum of ${ARGON2_MIN.memory} KiB: Rudder logs a warning and uses the default (${ARGON2_DEFAULT.memory} KiB). The unit is KiB.`,
      });
    } else if (key === P.argon2Iterations && n < ARGON2_MIN.iterations) {
      this.add({
        rule: 'argon2-params-low',
        range: at,
        message: `Fewer than ${ARGON2_MIN.iterations} iterations: Rudder 9.x branch heads log a warning and use ${ARGON2_DEFAULT.iterations}; released 9.0/9.1 versions hash new passwords with ${n}${n < 1 ? ', which BouncyCastle refuses' : ''}.`,
      });
    } else if (key === P.argon2Parallelism && n < ARGON2_MIN.parallelism) {
      this.add({
        rule: 'argon2-params-low',
        range: at,
        message: `A parallelism below ${ARGON2_MIN.parallelism}: Rudder 9.x branch heads log a warning and use ${ARGON2_DEFAULT.parallelism}; released 9.0/9.1 versions cannot hash new passwords with it.`,
      });
    }
  }

  private checkAdminPassword(entry: PropertyEntry): void {
    const value = entry.value;
    const login = this.effective.get(P.adminLogin)?.value ?? '';
    if (value === '' || login === '') return;
    const era = this.version.era;
    const label = eraLabel(era);
    const shape = classifyPassword(value);
    const at = entry.valueRange;
    const ws = value !== value.trimEnd() ? ' (java.util.Properties keeps the trailing white space, which is part of the value)' : '';
    const howTo = `Store a bcrypt hash (htpasswd -nBC ${BCRYPT_COST.DEFAULT} "" | tr -d ':\\n')`;
    switch (adminPasswordVerifier(shape, value, era)) {
      case 'plain': {
        const what =
          shape.kind === 'bcrypt'
            ? `only $2y$ hashes are bcrypt for rootAdmin on ${label}: this one is compared as plain text, so logging in requires typing the hash itself. Use a $2y$ hash`
            : shape.kind === 'argon2id' || shape.kind === 'argon2-other'
              ? `${label} cannot verify argon2 for rootAdmin and compares this value as plain text. ${howTo}, starting with $2y$`
              : `${label} compares the rootAdmin password as plain text: anyone who can read this file can log in with every right. ${howTo}, starting with $2y$`;
        this.add({ rule: 'admin-password-plaintext', range: at, message: `${what[0].toUpperCase()}${what.slice(1)}.` });
        return;
      }
      case 'unverifiable': {
        if (shape.kind === 'argon2id' || shape.kind === 'argon2-other') {
          const why = shape.kind === 'argon2id' ? `${label} verifies rootAdmin with bcrypt only (argon2id needs 9.0)` : 'Rudder verifies only argon2id, not argon2i or argon2d';
          this.invalid(entry, `${why}: rootAdmin login is impossible.`, 'error');
          return;
        }
        const hashes = era === 'E4' ? 'a bcrypt or argon2id hash' : 'a bcrypt hash';
        this.add({
          rule: 'admin-password-plaintext',
          range: at,
          message: `This is not ${hashes}: ${label} cannot verify it, so rootAdmin login is impossible; if it is a real password, anyone who can read this file knows it. ${howTo}.`,
        });
        return;
      }
      case 'bcrypt': {
        const bcrypt = checkBcrypt(value);
        if (!bcrypt.valid) this.invalid(entry, `This bcrypt hash is malformed (${bcrypt.problem})${ws}: BouncyCastle rejects it, so rootAdmin login is impossible.`, 'error');
        return;
      }
      case 'argon2id':
        if (shape.kind === 'argon2id' && !shape.valid) this.invalid(entry, `Rudder cannot parse this argon2id string (${shape.problem})${ws}: rootAdmin login is impossible.`, 'error');
        return;
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // LDAP (§7, §8)

  /** Severity and message tail of an LDAP finding, softened while LDAP is not an enabled provider. */
  private ldap(base: Severity): { severity: Severity; tail: string } {
    return this.ldapEnabled ? { severity: base, tail: '' } : { severity: SOFTER[base], tail: ` (${LDAP_PROVIDER} is not in ${P.provider}, so this matters once LDAP is enabled)` };
  }

  private ldapEnableObsolete(entry: PropertyEntry): void {
    const off = parseConfigBoolean(entry.value) === true && !this.ldapEnabled ? `, so LDAP is not enabled now` : '';
    this.add({
      rule: 'ldap-enable-obsolete',
      range: entry.keyRange,
      unnecessary: true,
      message: `${entry.key} is read only up to Rudder 3.1; ${this.label} ignores it${off}. LDAP is enabled by listing ${LDAP_PROVIDER} in ${P.provider} (with the auth-backends plugin).`,
    });
  }

  private checkLdapComplete(): void {
    if (!this.ldapEnabled) return;
    const missing = LDAP_REQUIRED_PROPERTIES.filter((k) => !this.effective.has(k));
    if (missing.length === 0) return;
    const providerEntry = this.main.get(P.provider);
    let range: OffsetRange | undefined;
    if (providerEntry && !this.overriddenBy.has(P.provider)) {
      const item = splitProviderList(providerEntry.value).find((p) => p.name === LDAP_PROVIDER)!;
      range = this.sub(providerEntry, item.start, item.end);
    } else {
      range = this.parsed.entries.find((e) => (LDAP_REQUIRED_PROPERTIES as readonly string[]).includes(e.key))?.keyRange;
    }
    if (!range) return;
    this.add({
      rule: 'ldap-config-incomplete',
      range,
      data: { missing },
      message: `${LDAP_PROVIDER} is in ${P.provider} but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set, and there is no default: Spring keeps the literal \${…} placeholder, so LDAP login cannot work.`,
    });
  }

  private checkLdapUrl(entry: PropertyEntry): void {
    let from = 0;
    for (const url of entry.value.split(' ')) {
      const start = from;
      from += url.length + 1;
      if (url === '') continue;
      const m = /^(ldaps?):\/\/([^/:]*)/i.exec(url);
      const range = this.sub(entry, start, start + url.length);
      if (!m) {
        const { severity, tail } = this.ldap('warning');
        this.add({ rule: 'invalid-value', range, severity, message: `${quote(url)} is not an ldap:// or ldaps:// URL: the LDAP provider cannot connect${tail}.` });
        continue;
      }
      if (m[1].toLowerCase() !== 'ldap') continue;
      const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(m[2]);
      const { severity, tail } = this.ldap(local ? 'information' : 'warning');
      this.add({
        rule: 'ldap-cleartext-url',
        range,
        severity,
        message: `ldap:// is not encrypted: the bind password, and the password of every user who logs in, cross the network in clear${local ? ' (here only to this machine)' : ''}. Use ldaps://${tail}.`,
      });
    }
  }

  private checkDn(entry: PropertyEntry): void {
    const problem = dnProblem(entry.value);
    if (!problem) return;
    const { severity, tail } = this.ldap('warning');
    this.invalid(entry, `${quote(entry.value)} is not a DN (${problem}): LDAP searches with it fail${tail}.`, severity);
  }

  private checkAnonymousBind(key: string, entry: PropertyEntry): void {
    if (entry.value.trim() !== '') return;
    const { severity, tail } = this.ldap('warning');
    const message =
      key === P.ldapBindDn
        ? `An empty bind DN: Rudder searches the directory anonymously, which works only if the directory allows anonymous searches${tail}.`
        : `An empty bind password: a bind with a DN and no password is an unauthenticated bind (RFC 4513), which directories refuse or treat as anonymous, so the user search fails or runs anonymously${tail}.`;
    this.add({ rule: 'ldap-anonymous-bind', range: this.valueOrKey(entry), severity, message });
  }

  private checkLdapFilter(entry: PropertyEntry): void {
    const filter = entry.value;
    const placeholders = jndiPlaceholders(filter);
    for (const p of placeholders.filter((x) => x.problem)) {
      const { severity, tail } = this.ldap('error');
      this.add({
        rule: 'ldap-filter-bad-placeholder',
        range: this.sub(entry, p.start, p.end),
        severity,
        message: `The JDK rejects this placeholder ('${p.problem}'), so every LDAP search fails and nobody can log in through LDAP. Only {0}, the login, exists${tail}.`,
      });
    }
    if (filter.trim() !== '' && placeholders.length === 0) {
      const { severity, tail } = this.ldap('error');
      const escaped = filter.includes('\\{') ? ' (\\{ is an escaped, literal brace)' : '';
      this.add({
        rule: 'ldap-filter-missing-placeholder',
        range: this.valueOrKey(entry),
        severity,
        message: `The filter has no {0}${escaped}: every login would match the same entry or none, and with one match anyone who knows that entry's password could log in under any user name. Use e.g. ${LDAP_FILTER_TEMPLATE}${tail}.`,
      });
    }
    const parts: string[] = [];
    let from = 0;
    for (const p of placeholders) {
      if (p.problem === UNBALANCED) continue;
      parts.push(filter.slice(from, p.start), 'x'.repeat(p.end - p.start));
      from = p.end;
    }
    const formatted = parts.join('') + filter.slice(from);
    const problem = ldapFilterProblem(formatted);
    if (!problem) return;
    const { severity, tail } = this.ldap(problem.tolerated ? 'information' : 'error');
    this.add({
      rule: 'ldap-filter-syntax',
      range: this.sub(entry, problem.start, problem.end),
      severity,
      message: problem.tolerated
        ? `${problem.message}: RFC 4515 requires it and JNDI tolerates it, but write e.g. ${LDAP_FILTER_TEMPLATE}${tail}.`
        : `Not a valid LDAP filter: ${problem.message}. JNDI rejects it, so every LDAP login fails${tail}.`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// LDAP filters: JNDI's placeholder substitution, then an RFC 4515 check

const UNBALANCED = 'unbalanced {';

interface Placeholder {
  start: number;
  end: number;
  problem?: string;
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
function jndiPlaceholders(expr: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (let at = findUnescaped('{', expr, 0); at >= 0; ) {
    const close = expr.indexOf('}', at + 1);
    if (close < 0) {
      out.push({ start: at, end: expr.length, problem: UNBALANCED });
      break;
    }
    const inner = expr.slice(at + 1, close);
    const n = /^[+-]?\d{1,10}$/.test(inner) ? Number(inner) : NaN;
    let problem: string | undefined;
    if (Number.isNaN(n) || Math.abs(n) >= 2 ** 31) problem = 'integer expected inside {}';
    else if (n >= 1) problem = `number exceeds argument list: ${n}`;
    else if (n < 0) problem = `no argument ${n}`;
    out.push({ start: at, end: close + 1, problem });
    at = findUnescaped('{', expr, close + 1);
  }
  return out;
}

interface FilterProblem {
  start: number;
  end: number;
  message: string;
  /** Not RFC 4515, but JNDI accepts it. */
  tolerated?: boolean;
}

class FilterError extends Error {
  constructor(readonly problem: FilterProblem) {
    super(problem.message);
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
function ldapFilterProblem(s: string): FilterProblem | undefined {
  try {
    new FilterParser(s).parse();
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e.problem;
    throw e;
  }
}

/** Deeper nesting than any real filter: reported instead of recursing on. */
const MAX_FILTER_DEPTH = 100;

class FilterParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  parse(): void {
    const s = this.s;
    this.spaces();
    if (this.pos >= s.length) this.fail(0, s.length, 'the filter is empty');
    if (s[this.pos] !== '(') {
      const end = s.trimEnd().length;
      this.item(this.pos, end);
      throw new FilterError({ start: this.pos, end, message: 'The filter is not in parentheses', tolerated: true });
    }
    this.filter();
    this.spaces();
    if (this.pos < s.length) this.fail(this.pos, s.length, s[this.pos] === ')' ? 'one ) too many' : 'text after the end of the filter');
  }

  private fail(start: number, end: number, message: string): never {
    throw new FilterError({ start, end: Math.max(end, start + 1), message });
  }

  private spaces(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  private filter(): void {
    const s = this.s;
    const open = this.pos;
    if (s[open] !== '(') this.fail(open, open + 1, 'expected ( here');
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(open, open + 1, `filters nested more than ${MAX_FILTER_DEPTH} deep`);
    this.pos++;
    const op = s[this.pos];
    if (op === '&' || op === '|' || op === '!') {
      this.pos++;
      let count = 0;
      for (this.spaces(); s[this.pos] === '('; this.spaces()) {
        this.filter();
        count++;
      }
      if (count === 0) this.fail(open, this.pos + (s[this.pos] === ')' ? 1 : 0), `${op} must be followed by ${op === '!' ? 'a filter' : 'at least one filter'} in parentheses`);
      if (op === '!' && count > 1) this.fail(open, this.pos, '! takes exactly one filter');
      if (this.pos >= s.length) this.fail(open, s.length, 'unbalanced parentheses: this ( is never closed');
      if (s[this.pos] !== ')') this.fail(this.pos, this.pos + 1, `expected ) or ( here, not ${s[this.pos]}`);
      this.pos++;
      this.depth--;
      return;
    }
    let end = this.pos;
    while (end < s.length && s[end] !== ')') {
      if (s[end] === '(') this.fail(end, end + 1, 'a ( inside an item must be escaped as \\28');
      end += s[end] === '\\' ? 2 : 1;
    }
    if (end >= s.length) this.fail(open, s.length, 'unbalanced parentheses: this ( is never closed');
    this.item(this.pos, end);
    this.pos = end + 1;
    this.depth--;
  }

  /** attr op value, between `start` and `end` (exclusive). */
  private item(start: number, end: number): void {
    const text = this.s.slice(start, end);
    if (text === '') this.fail(start - 1, end + 1, 'empty parentheses');
    const eq = text.indexOf('=');
    if (eq < 0) this.fail(start, end, `${quote(text)} has no =`);
    let left = text.slice(0, eq);
    let op = '=';
    if (/[~<>]$/.test(left)) {
      op = `${left[left.length - 1]}=`;
      left = left.slice(0, -1);
    }
    if (left.endsWith(':')) {
      if (!EXTENSIBLE.test(left.slice(0, -1))) this.fail(start, start + eq, `${quote(left)} is not an extensible match (attr:dn:rule:=value)`);
    } else if (left === '') {
      this.fail(start, start + eq + 1, 'the attribute is missing before =');
    } else if (!ATTRIBUTE.test(left)) {
      this.fail(start, start + left.length, `${quote(left)} is not an attribute name${/\s/.test(left) ? ' (no spaces around the attribute)' : ''}`);
    }
    this.value(start + eq + 1, end, op);
  }

  private value(start: number, end: number, op: string): void {
    const s = this.s;
    for (let i = start; i < end; ) {
      const c = s[i];
      if (c === '\\') {
        if (i + 1 >= end) this.fail(i, i + 1, 'a \\ at the end of a value');
        if (isHex(s[i + 1]) && !isHex(s[i + 2])) this.fail(i, i + 3, 'an escape is \\ and two hex digits');
        i += isHex(s[i + 1]) ? 3 : 2;
        continue;
      }
      if (c === '*' && op !== '=') this.fail(i, i + 1, `* is only allowed with =, not ${op}`);
      if (c === '\u0000') this.fail(i, i + 1, 'a NUL character must be escaped as \\00');
      i++;
    }
  }
}

/** RFC 4514 as javax.naming.ldap.LdapName reads it: RDNs `attr=value` separated by `,` (or `;`), `+` inside an RDN. */
function dnProblem(dn: string): string | undefined {
  if (dn.trim() === '') return undefined;
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\') {
      current += c + (dn[i + 1] ?? '');
      i++;
    } else if (c === ',' || c === ';' || c === '+') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const bad = parts.find((p) => !new RegExp(`^\\s*(?:${DESCR}|\\d+(?:\\.\\d+)*)\\s*=`).test(p));
  return bad === undefined ? undefined : `${quote(bad.trim())} is not attribute=value`;
}
