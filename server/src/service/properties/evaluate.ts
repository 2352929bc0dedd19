/**
 * What Rudder will do with a `rudder-web.properties`, version by version: the value each known key ends up
 * with (after the `rudder-web.properties.d/` overrides, and after Typesafe Config's "objects win"), the
 * authentication providers it loads, and every finding worth a diagnostic in the main file. The checks of a
 * value belong to its type (`valueTypes.ts`); this file does what is about the file and the keys together.
 * Pure; never throws on a result of `parseJavaProperties`.
 *
 * Every key name comes from the data of `../rudder`. Invariant: no message contains a value of the file.
 */
import {
  AUTH_PROPERTY,
  findPropertyDef,
  formatVersion,
  isCheckedPropertyKey,
  LDAP_PROVIDER,
  LDAP_REQUIRED_PROPERTIES,
  loadedProviders,
  parseConfigInt,
  propertyDefault,
  propertyKeyCandidates,
  propertyReadBy,
  propertyReadLabel,
  propertyReadLater,
  PROPERTY_DEFS,
  splitProviderList,
  versionOf,
  type PropertyDef,
  type RudderVersion,
} from '../rudder';
import { finding, type Finding } from '../findings';
import { fact, nameOf, say, type Fact } from '../messages';
import type { Severity } from '../rules';
import { closest } from '../text';
import type { ResolvedVersion } from '../rudder';
import { type OffsetRange, type ParsedProperties, type PropertyEntry } from './javaProperties';
import type { OverrideProblem, PropertiesSource } from './overrides';
import { VALUE_TYPES, type CheckContext } from './valueTypes';

export type { PropertiesSource } from './overrides';

export interface PropertiesContext {
  /** rudder-web.properties.d/ override files in the order Rudder applies them (sorted; later wins; all override the main file). */
  overrides?: PropertiesSource[];
  /**
   * Set when the document is itself an override file: what Rudder applies before it (the main file, then the
   * earlier override files), so that it is checked in the merged configuration Rudder reads. Its findings are
   * then those of its own lines; what is about the configuration as a whole (LDAP completeness unless this
   * file enables LDAP, the HOCON files) is said in the main file.
   */
  before?: PropertiesSource[];
}

export interface EffectiveProperty {
  key: string;
  /** The decoded value that wins (the default, written as in the file, when unset or lost). */
  value: string;
  /** 'main', the name of the override file that sets it, or 'default'. */
  source: 'main' | 'default' | (string & {});
  /** The main-file entry, when the main file's value is the one used. */
  entry?: PropertyEntry;
  /** 0-based line of the value in an override file. */
  line?: number;
  /** The value is lost: this file gives the key sub-keys (C9), at this 0-based line. */
  lost?: { source: 'main' | (string & {}); line: number };
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

export function evaluateProperties(text: string, parsed: ParsedProperties, version: ResolvedVersion, context: PropertiesContext = {}): PropertiesEvaluation {
  return new Evaluator(text, parsed, version, context.overrides ?? [], context.before).run();
}

const P = AUTH_PROPERTY;
const BYTE_ORDER_MARK = '\uFEFF';
const DOT = 46;
/** Unknown keys that get a "did you mean": past these, a file of 100,000 unknown keys would spend seconds on it. */
const SUGGESTED_UNKNOWN_KEYS = 200;
/** The longest exact key: sub-key prefixes are only looked up up to this length (linear in the file). */
const MAX_KEY_LENGTH = Math.max(...PROPERTY_DEFS.map((d) => d.key.length));
const EXACT_KEYS = new Set(PROPERTY_DEFS.filter((d) => !d.key.includes('<')).map((d) => d.key));
/** The exact keys, a character at a time: finding the exact keys above a key allocates nothing. */
interface KeyTrie {
  next: Map<number, KeyTrie>;
  exact: boolean;
}
const KEY_TRIE: KeyTrie = { next: new Map(), exact: false };
for (const key of EXACT_KEYS) {
  let node = KEY_TRIE;
  for (let i = 0; i < key.length; i++) {
    let child = node.next.get(key.charCodeAt(i));
    if (!child) node.next.set(key.charCodeAt(i), (child = { next: new Map(), exact: false }));
    node = child;
  }
  node.exact = true;
}

/** The exact keys that `key` is a sub-key of, shortest first (one walk down the trie, most keys leave it early). */
function exactParents(key: string): string[] | undefined {
  let out: string[] | undefined;
  let node: KeyTrie | undefined = KEY_TRIE;
  for (let i = 0; node && i < key.length && i <= MAX_KEY_LENGTH; i++) {
    const c = key.charCodeAt(i);
    if (c === DOT && i > 0 && node.exact) (out ??= []).push(key.slice(0, i));
    node = node.next.get(c);
  }
  return out;
}

/** "Did you mean" per unknown key, kept across evaluations (an edit re-evaluates the same keys), within a bound. */
const SUGGESTIONS = new Map<string, string[]>();
const SUGGESTIONS_KEPT = 4 * SUGGESTED_UNKNOWN_KEYS;

function suggestionsFor(key: string): string[] {
  let found = SUGGESTIONS.get(key);
  if (!found) {
    if (SUGGESTIONS.size >= SUGGESTIONS_KEPT) SUGGESTIONS.clear();
    found = closest(key, propertyKeyCandidates(key), 3);
    SUGGESTIONS.set(key, found);
  }
  return found;
}

/** One step less severe: LDAP findings matter less while LDAP is not an enabled provider. */
const SOFTER: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };
const NOT_ENABLED = fact(' (LDAP is not enabled yet)');
const NO_SCOPE = fact('');
const HOCON_WHAT: Record<OverrideProblem['what'], Fact> = { substitution: fact('${ substitution'), brace: fact('brace'), colon: fact('colon (a URL needs quotes)'), reserved: fact('reserved character') };

/** The known exact keys that `keys` give sub-keys to: key → the first sub-key (in the order given). */
function objectKeys<T>(keys: Iterable<[string, T]>): Map<string, { subKey: string; at: T }> {
  const out = new Map<string, { subKey: string; at: T }>();
  for (const [key, at] of keys) {
    for (const prefix of exactParents(key) ?? []) if (!out.has(prefix)) out.set(prefix, { subKey: key, at });
  }
  return out;
}

/** What sub-keys do to a key, in words (C9). */
function lostOutcome(def: PropertyDef, v: RudderVersion): Fact {
  const outcome = def.asObject ?? 'default';
  if (outcome === 'start-fails') return fact('Rudder fails to start');
  if (outcome === 'unset') return fact('Spring sees it unset');
  const d = propertyDefault(def, v);
  return fact(d === undefined ? 'Rudder applies nothing' : `Rudder uses ${d === '' ? 'an empty value' : d}`);
}

class Evaluator {
  private readonly findings: Finding[] = [];
  private readonly v: RudderVersion;
  private readonly release: Fact;
  /** The main file as Java loads it: one entry per key, the last occurrence. */
  private readonly main = new Map<string, PropertyEntry>();
  /** The keys the main file sets more than once. */
  private readonly duplicated = new Set<string>();
  /** The definitions of the keys of the main file that have one (looked up once per key). */
  private readonly defs = new Map<string, PropertyDef>();
  private readonly mainObjects: Map<string, { subKey: string; at: PropertyEntry }>;
  private readonly overrideObjects: Map<string, { subKey: string; at: number }>[];
  private readonly beforeObjects: Map<string, { subKey: string; at: number }>[];
  private readonly effective = new Map<string, EffectiveProperty>();
  private suggestionsLeft = SUGGESTED_UNKNOWN_KEYS;
  private authProviders: string[] = [];
  private ldapEnabled = false;

  constructor(
    private readonly text: string,
    private readonly parsed: ParsedProperties,
    private readonly version: ResolvedVersion,
    private readonly overrides: PropertiesSource[],
    private readonly before: PropertiesSource[] | undefined,
  ) {
    this.v = version.version;
    this.release = fact(`Rudder ${formatVersion(this.v)}`);
    for (const entry of parsed.entries) {
      if (this.main.has(entry.key)) this.duplicated.add(entry.key);
      else {
        const def = findPropertyDef(entry.key);
        if (def) this.defs.set(entry.key, def);
      }
      this.main.set(entry.key, entry);
    }
    this.mainObjects = objectKeys(this.main);
    const sourceObjects = (o: PropertiesSource) => objectKeys([...o.values].map(([k, x]) => [k, x.line] as [string, number]));
    this.overrideObjects = overrides.map(sourceObjects);
    this.beforeObjects = (before ?? []).map(sourceObjects);
  }

  run(): PropertiesEvaluation {
    this.buildEffective();
    const provider = this.effective.get(P.provider);
    this.authProviders = provider?.lost ? [] : splitProviderList(provider?.value ?? '').map((p) => p.name);
    this.ldapEnabled = loadedProviders(this.authProviders).includes(LDAP_PROVIDER);

    for (const p of this.parsed.problems) this.add(finding('properties-syntax', 'malformed-unicode', {}, p.range));
    // java.util.Properties throws on a malformed escape: Rudder reads nothing else of the file.
    if (this.parsed.problems.length) return this.result();
    this.checkByteOrderMark();
    this.checkDuplicates();
    for (const [key, entry] of this.main) this.checkKey(key, entry);
    for (const entry of this.parsed.entries) this.checkPlaintextSecret(entry);
    this.checkLdapComplete();
    this.checkOverrideFiles();
    return this.result();
  }

  private result(): PropertiesEvaluation {
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

  /**
   * Defaults the version applies, then what comes before this file (for an override file: the main file and the
   * earlier overrides), then this file, then each later override file in order; for an exact key the
   * highest-priority file that mentions it decides: its value, or, when that file gives it sub-keys, nothing
   * (objects win inside a file; across files the higher-priority one wins, `Config.withFallback`).
   */
  private buildEffective(): void {
    for (const def of PROPERTY_DEFS) {
      const value = propertyDefault(def, this.v);
      if (!def.key.includes('<') && value !== undefined && propertyReadBy(def, this.v)) this.effective.set(def.key, { key: def.key, value, source: 'default' });
    }
    const apply = (source: PropertiesSource) => {
      for (const [key, x] of source.values) if (findPropertyDef(key)) this.effective.set(key, { key, value: x.value, source: source.name, line: x.line });
    };
    this.before?.forEach(apply);
    for (const [key, entry] of this.main) if (this.defs.has(key)) this.effective.set(key, { key, value: entry.value, source: 'main', entry });
    this.overrides.forEach(apply);
    for (const key of EXACT_KEYS) {
      const lost = this.lostBy(key);
      const def = findPropertyDef(key)!;
      if (!lost || !propertyReadBy(def, this.v)) continue;
      const dflt = (def.asObject ?? 'default') === 'default' ? propertyDefault(def, this.v) : undefined;
      this.effective.set(key, { key, value: dflt ?? '', source: 'default', lost });
    }
  }

  /** The value Rudder has for a key: undefined when unset, or lost with nothing in its place. */
  private usable(key: string): string | undefined {
    const e = this.effective.get(key);
    if (!e || (e.lost && (findPropertyDef(key)?.asObject ?? 'default') !== 'default')) return undefined;
    return e.value;
  }

  /** The file that turns `key` into an object, when the highest-priority file mentioning `key` does. */
  private lostBy(key: string): EffectiveProperty['lost'] {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      const object = this.overrideObjects[i].get(key);
      if (object) return { source: this.overrides[i].name, line: object.at };
      if (this.overrides[i].values.has(key)) return undefined;
    }
    const object = this.mainObjects.get(key);
    if (object) return { source: 'main', line: object.at.line };
    if (this.main.has(key) || !this.before) return undefined;
    for (let i = this.before.length - 1; i >= 0; i--) {
      const below = this.beforeObjects[i].get(key);
      if (below) return { source: this.before[i].name, line: below.at };
      if (this.before[i].values.has(key)) return undefined;
    }
    return undefined;
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

  /** Severity of an LDAP finding, softened (and said so) while LDAP is not an enabled provider. */
  private ldap(base: Severity): { severity: Severity; scope: Fact } {
    return this.ldapEnabled ? { severity: base, scope: NO_SCOPE } : { severity: SOFTER[base], scope: NOT_ENABLED };
  }

  // -------------------------------------------------------------------------------------------------------
  // File level

  /** java.util.Properties keeps a byte-order mark: it becomes part of the first key, which Rudder then ignores. */
  private checkByteOrderMark(): void {
    const first = this.parsed.entries[0];
    if (!first || !first.key.startsWith(BYTE_ORDER_MARK) || first.keyRange.start !== 0) return;
    const key = first.key.slice(BYTE_ORDER_MARK.length);
    const range = { start: 0, end: 1 };
    if (key) this.add(finding('properties-bom', 'first-key', { key: nameOf(key) }, range));
    else this.add(finding('properties-bom', 'alone', {}, range, { severity: 'warning' }));
  }

  private checkDuplicates(): void {
    if (this.duplicated.size === 0) return;
    for (const entry of this.parsed.entries) {
      if (!this.duplicated.has(entry.key)) continue;
      const winner = this.main.get(entry.key)!;
      if (winner === entry) continue;
      const same = winner.value === entry.value;
      this.add(
        finding('duplicate-key', same ? 'same' : 'different', { line: winner.line + 1 }, entry.keyRange, {
          unnecessary: true,
          severity: same ? 'information' : 'warning',
          related: [{ range: winner.keyRange, message: say('duplicate-key', 'winner', {}).message }],
        }),
      );
    }
  }

  private checkPlaintextSecret(entry: PropertyEntry): void {
    if (this.defs.get(entry.key)?.type !== 'secret' || entry.value.trim() === '') return;
    this.add(finding('plaintext-secret', 'clear', { key: fact(entry.key) }, entry.valueRange));
  }

  private checkKey(key: string, entry: PropertyEntry): void {
    const parents = exactParents(key);
    const parent = parents && this.subKeyOf(parents);
    if (parent) {
      const def = findPropertyDef(parent.key)!;
      this.add(
        finding('subkey-hides-value', 'lost', { key: fact(parent.key), line: parent.entry.line + 1, outcome: lostOutcome(def, this.v) }, entry.keyRange, {
          related: [{ range: parent.entry.keyRange, message: say('subkey-hides-value', 'parent', {}).message }],
        }),
      );
      return;
    }
    const object = parents && this.startFailingParentOf(parents);
    if (object) return this.add(finding('subkey-hides-value', 'start', { key: fact(object) }, entry.keyRange));
    const eff = this.effective.get(key);
    const def = this.defs.get(key);
    if (eff && eff.source !== 'main' && eff.source !== 'default') {
      return this.add(finding('property-overridden', 'value', { file: fact(eff.source), line: (eff.line ?? 0) + 1 }, entry.keyRange, { unnecessary: true }));
    }
    const lost = def && this.lostBy(key);
    if (def && lost && lost.source !== 'main') {
      const outcome = lostOutcome(def, this.v);
      return this.add(
        finding('property-overridden', 'object', { file: fact(lost.source), line: lost.line + 1, outcome }, entry.keyRange, {
          unnecessary: true,
          severity: def.asObject === 'start-fails' ? 'error' : undefined,
        }),
      );
    }
    if (!def) {
      if (!isCheckedPropertyKey(key)) return;
      const candidates = this.suggestionsLeft-- > 0 ? suggestionsFor(key) : [];
      if (candidates.length) {
        this.add(finding('unknown-key', 'suggest', { release: this.release, key: nameOf(key), candidates: candidates.map(nameOf) }, entry.keyRange, { data: { fix: 'candidates', candidates } }));
      } else this.add(finding('unknown-key', 'unknown', { release: this.release, key: nameOf(key) }, entry.keyRange));
      return;
    }
    if (key === P.ldapEnable) return this.ldapEnableObsolete(entry, def);
    if (!propertyReadBy(def, this.v)) return this.notInVersion(def, entry);
    if (lost) return;
    VALUE_TYPES[def.type].check(this.context(def, entry));
  }

  /**
   * The key, unset in this file, that `key` turns into an object when its read catches only
   * `ConfigException.Missing`: an object is `WrongType`, so Rudder does not start (e.g. AppConfigAuth.scala:662).
   */
  private startFailingParentOf(parents: string[]): string | undefined {
    for (const prefix of parents) {
      const def = findPropertyDef(prefix);
      if (def?.asObject === 'start-fails' && propertyReadBy(def, this.v) && this.lostBy(prefix)?.source === 'main') return prefix;
    }
    return undefined;
  }

  /** The known key (with a value in this file) that `key` is a sub-key of. */
  private subKeyOf(parents: string[]): { key: string; entry: PropertyEntry } | undefined {
    for (let i = parents.length - 1; i >= 0; i--) {
      const entry = this.main.get(parents[i]);
      if (entry) return { key: parents[i], entry };
    }
    return undefined;
  }

  private context(def: PropertyDef, entry: PropertyEntry): CheckContext {
    return {
      def,
      entry,
      value: entry.value,
      version: this.version,
      v: this.v,
      release: this.release,
      raw: this.text.slice(entry.valueRange.start, entry.valueRange.end),
      valueOrKey: this.valueOrKey(entry),
      sub: (start, end) => this.sub(entry, start, end),
      effective: (key) => this.usable(key),
      ldap: (base) => this.ldap(base),
      add: (f) => this.add(f),
    };
  }

  private notInVersion(def: PropertyDef, entry: PropertyEntry): void {
    const first = def.read.firstWhere((x) => x);
    const later = propertyReadLater(def, this.v);
    const usual = first !== undefined ? propertyDefault(def, versionOf(first)) : undefined;
    const args = { release: this.release, key: fact(entry.key), readBy: fact(propertyReadLabel(def)), plugin: fact(def.plugin ? ` (${def.plugin} plugin)` : '') };
    this.add(finding('key-not-in-version', later ? 'later' : 'retired', args, entry.keyRange, { unnecessary: true, severity: entry.value === usual ? 'information' : undefined }));
  }

  // -------------------------------------------------------------------------------------------------------
  // LDAP (§7, §8)

  private ldapEnableObsolete(entry: PropertyEntry, def: PropertyDef): void {
    const args = { key: fact(entry.key), provider: fact(P.provider), readBy: fact(propertyReadLabel(def)) };
    const meantOn = /^(true|yes|on)$/.test(entry.value);
    if (meantOn && !this.ldapEnabled) this.add(finding('ldap-enable-obsolete', 'not-enabled', args, entry.keyRange, { unnecessary: true, severity: 'error' }));
    else this.add(finding('ldap-enable-obsolete', 'ignored', args, entry.keyRange, { unnecessary: true }));
  }

  private checkLdapComplete(): void {
    if (!this.ldapEnabled) return;
    const missing = LDAP_REQUIRED_PROPERTIES.filter((k) => this.usable(k) === undefined);
    if (missing.length === 0) return;
    const providerEntry = this.main.get(P.provider);
    const enabledHere = providerEntry !== undefined && this.effective.get(P.provider)?.source === 'main';
    // In an override file, only the line that enables LDAP is its own business: the rest is the main file's.
    if (this.before && !enabledHere) return;
    let range: OffsetRange | undefined;
    if (enabledHere) {
      const item = splitProviderList(providerEntry.value).find((p) => p.name === LDAP_PROVIDER)!;
      range = this.sub(providerEntry, item.start, item.end);
    } else {
      range = this.parsed.entries.find((e) => (LDAP_REQUIRED_PROPERTIES as readonly string[]).includes(e.key))?.keyRange;
    }
    if (!range) return;
    this.add(finding('ldap-config-incomplete', 'missing', { count: missing.length, missing: missing.map(fact) }, range));
  }

  /** What this tool cannot read, or Rudder cannot, in the HOCON override files: on the first line of the main file. */
  private checkOverrideFiles(): void {
    if (this.before) return;
    const at = { start: 0, end: 0 };
    for (const source of this.overrides) {
      for (const p of source.problems) this.add(finding('override-unreadable', 'reserved', { file: fact(source.name), line: p.line + 1, what: HOCON_WHAT[p.what] }, at));
      if (source.unchecked > 0) this.add(finding('override-not-checked', 'partial', { file: fact(source.name), count: source.unchecked }, at));
    }
  }
}

