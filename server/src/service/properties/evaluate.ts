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
import { finding, placeRange, type Finding } from '../findings';
import { fact, nameOf, say, type Fact } from '../messages';
import type { Severity } from '../rules';
import { closest, type SourceText } from '../text';
import type { ResolvedVersion } from '../rudder';
import { spliceOf, type OffsetRange, type ParsedProperties, type PropertyEntry } from './javaProperties';
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

export function evaluateProperties(text: SourceText, parsed: ParsedProperties, version: ResolvedVersion, context: PropertiesContext = {}): PropertiesEvaluation {
  return evaluatePropertiesMemo(text, parsed, version, context).evaluation;
}

/**
 * What one evaluation of a file hands to the next: each key's findings, with what they were computed from. A
 * key's checks read its own winning entry, file-wide inputs that are the same for every key (`env`: the
 * version and the sibling sources) and a few facts of the rest of the file, each recorded with its answer
 * (`Read`). A record holds wherever the same entry (same key, value and layout) wins under the same `env` and
 * every recorded read gives the same answer again; its findings are moved by how far the entry moved.
 */
export interface PropertiesMemo {
  env: MemoEnv;
  /** The text the records' entries and findings are in. */
  text: SourceText;
  /** One per key of that text, in the order of `layout.keys`. */
  records: KeyRecord[];
  layout: KeyLayout;
  /** The findings about the file as a whole (byte-order mark, LDAP completeness, override files), by identity. */
  fileFindings: Map<string, Finding>;
  /** The positions of the records with findings or reads, in order: the others hold while their entry does. */
  active: number[];
  /** The findings of each overridden entry, by its key and how many overridden entries of that key come before it. */
  duplicates: Map<string, DuplicateRecord>;
  /**
   * Set on a memo handed on past an evaluation that stopped at a malformed escape: the entries of its layout may
   * have been moved in place by the edits since (`reparseJavaProperties`), so its text no longer reads them.
   */
  moved?: true;
}

/**
 * Where each key of a file is: what depends only on the sequence of keys of its entries, so that an edit that
 * changes no key (a value typed) keeps it.
 */
interface KeyLayout {
  /** The parse it describes. */
  parsed: ParsedProperties;
  /** Each key, in the order Java first meets it, with its facts and the index of the entry that wins for it. */
  keys: string[];
  facts: KeyFacts[];
  winners: number[];
  /** Key → its position in `keys`. */
  at: Map<string, number>;
  /** The indices of the entries another entry of the same key overrides. */
  overridden: number[];
  /** The known exact keys that keys give sub-keys to: key → the first such sub-key (in `keys` order). */
  objects: Map<string, string>;
}

interface MemoEnv {
  version: string;
  overrides: PropertiesSource[] | undefined;
  before: PropertiesSource[] | undefined;
  /** The sources as one string: compared when the arrays are not the same objects as the previous ones. */
  sources: string;
  overrideObjects: Map<string, { subKey: string; at: number }>[];
  beforeObjects: Map<string, { subKey: string; at: number }>[];
}

/** What a key is, from its name alone: its definition and the exact keys it is a sub-key of. */
interface KeyFacts {
  def: PropertyDef | undefined;
  parents: string[] | undefined;
}

interface KeyRecord extends KeyFacts {
  key: string;
  /**
   * Where the key of its winning entry starts in the text its findings and reads are in (entries are moved in
   * place by later edits: the number, not the entry, says where it was).
   */
  keyStart: number;
  /** The findings of the key's checks, in the order they were made (ranges in the memo's text). */
  findings: Finding[];
  /** `plaintext-secret` of the winning entry. */
  secret: Finding | undefined;
  /** What the checks read beyond the entry and `env`, in the order they read it. */
  reads: Read[] | undefined;
}

/**
 * The findings of an entry another entry of its key overrides: they hold while that entry and its winner are the
 * same entries (`sameEntry`: the same objects, or read again alike) and the winner is on the same line (the
 * message names it); they are then moved to where the entries are now.
 */
interface DuplicateRecord {
  entry: PropertyEntry;
  winner: PropertyEntry;
  line: number;
  finding: Finding;
  /** `plaintext-secret` of the overridden entry. */
  secret: Finding | undefined;
}

/** One fact of the rest of the file a key's checks read, and its answer. */
type Read =
  /** The main file's entry for a key (a sub-key's parent): its line and key range are in the finding. */
  | { what: 'entry'; key: string; entry: { line: number; start: number; end: number } | undefined }
  | { what: 'lost'; key: string; lost: EffectiveProperty['lost'] }
  | { what: 'usable'; key: string; value: string | undefined }
  | { what: 'ldap'; enabled: boolean }
  /** Whether "did you mean" was still within its budget (`SUGGESTED_UNKNOWN_KEYS`), which the key then used. */
  | { what: 'suggest'; left: boolean };

/** The evaluation, reusing the per-key results of `memo` (the previous evaluation of the file) where they still hold. */
export function evaluatePropertiesMemo(
  text: SourceText,
  parsed: ParsedProperties,
  version: ResolvedVersion,
  context: PropertiesContext = {},
  memo?: PropertiesMemo,
): { evaluation: PropertiesEvaluation; memo: PropertiesMemo } {
  const env = envOf(version, context, memo?.env);
  const previous = memo && memo.env === env ? memo : undefined;
  return new Evaluator(text, parsed, version, env, previous).run();
}

/** The previous `env` when the version and the sources are the same (the same objects, or equal), else a new one. */
function envOf(version: ResolvedVersion, context: PropertiesContext, previous: MemoEnv | undefined): MemoEnv {
  const v = JSON.stringify(version);
  const { overrides, before } = context;
  if (previous && previous.version === v && previous.overrides === overrides && previous.before === before) return previous;
  const sources = JSON.stringify([sourcesKey(overrides), sourcesKey(before)]);
  if (previous && previous.version === v && previous.sources === sources) return previous;
  const sourceObjects = (o: PropertiesSource) => objectKeys([...o.values].map(([k, x]) => [k, x.line] as [string, number]));
  return { version: v, overrides, before, sources, overrideObjects: (overrides ?? []).map(sourceObjects), beforeObjects: (before ?? []).map(sourceObjects) };
}

function sourcesKey(list: PropertiesSource[] | undefined): unknown {
  return list?.map((o) => [o.name, o.syntax, [...o.values], o.problems, o.unchecked]) ?? null;
}

/** Facts of keys by name, kept across evaluations and documents (a pure function of the name), within a bound. */
const KEY_FACTS = new Map<string, KeyFacts>();
const KEY_FACTS_KEPT = 1 << 18;

function keyFacts(key: string): KeyFacts {
  let facts = KEY_FACTS.get(key);
  if (!facts) {
    if (KEY_FACTS.size >= KEY_FACTS_KEPT) KEY_FACTS.clear();
    facts = { def: findPropertyDef(key), parents: exactParents(key) };
    KEY_FACTS.set(key, facts);
  }
  return facts;
}

/**
 * Whether an entry of `newText` is read as `old` of `oldText` is: same key and value, laid out the same from its
 * key. `oldText` undefined: `old`'s ranges may no longer be in it (then an escape or a continuation is a change).
 */
function sameEntry(old: PropertyEntry, oldText: SourceText | undefined, e: PropertyEntry, newText: SourceText): boolean {
  if (old === e) return true;
  const k = old.keyRange.start;
  const n = e.keyRange.start;
  if (old.key !== e.key || old.value !== e.value || old.keyRange.end - k !== e.keyRange.end - n) return false;
  if (old.valueRange.start - k !== e.valueRange.start - n || old.valueRange.end - k !== e.valueRange.end - n) return false;
  // A raw value as long as the decoded one has no escape and no continuation: it is the value.
  return e.valueRange.end - e.valueRange.start === e.value.length || (oldText !== undefined && oldText.slice(old.valueRange.start, old.valueRange.end) === newText.slice(e.valueRange.start, e.valueRange.end));
}

const moveRange = (r: OffsetRange, d: number): void => {
  r.start += d;
  r.end += d;
};

/**
 * Moves a finding of a record by `d`, in place: a finding owns its ranges (`finding()` copies them) and a record
 * is owned by the one memo that holds it, which the next evaluation consumes. The same object at the same line
 * and character is what keeps its converted diagnostic (`getDiagnostics`).
 */
function moveFinding(f: Finding, d: number): void {
  moveRange(f.range, d);
  if (f.related) for (const r of f.related) moveRange(r.range, d);
}

/** Where an entry is, as numbers (the entry itself is moved in place by later edits). */
const placeOf = (e: PropertyEntry | undefined) => e && { line: e.line, start: e.keyRange.start, end: e.keyRange.end };

/** Misses after which the previous records are indexed by key (keys were added or removed before others). */
const MISSES_BEFORE_INDEX = 32;

/** The layout of a memo without records: no parse is spliced from its one. */
const NO_KEYS: KeyLayout = { parsed: { entries: [], comments: [], problems: [] }, keys: [], facts: [], winners: [], at: new Map(), overridden: [], objects: new Map() };

/** The layout of `parsed`: `previous`'s when `parsed` was spliced from its parse without changing a key. */
function layoutOf(parsed: ParsedProperties, previous: KeyLayout | undefined): KeyLayout {
  if (previous?.parsed === parsed) return previous;
  const splice = spliceOf(parsed);
  if (previous && splice?.from === previous.parsed && splice.removed === splice.added) {
    const before = previous.parsed.entries;
    let same = true;
    for (let i = splice.at; same && i < splice.at + splice.added; i++) same = parsed.entries[i].key === before[i].key;
    if (same) return { ...previous, parsed };
  }
  const layout: KeyLayout = { parsed, keys: [], facts: [], winners: [], at: new Map(), overridden: [], objects: new Map() };
  const { keys, winners, at } = layout;
  let duplicates = false;
  parsed.entries.forEach((entry, i) => {
    const key = entry.key;
    const k = at.get(key);
    if (k !== undefined) {
      winners[k] = i;
      duplicates = true;
      return;
    }
    at.set(key, keys.length);
    keys.push(key);
    winners.push(i);
  });
  if (duplicates) parsed.entries.forEach((entry, i) => winners[at.get(entry.key)!] !== i && layout.overridden.push(i));
  return layout;
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

/** The value of `key` in the last of `sources` that sets it. */
function lastSetting(sources: readonly PropertiesSource[], key: string): EffectiveProperty | undefined {
  for (let i = sources.length - 1; i >= 0; i--) {
    const x = sources[i].values.get(key);
    if (x) return { key, value: x.value, source: sources[i].name, line: x.line };
  }
  return undefined;
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
  private readonly entries: PropertyEntry[];
  private readonly layout: KeyLayout;
  /** The previous record of each key of the layout, if any. */
  private readonly earlier: readonly (KeyRecord | undefined)[];
  private suggestionsLeft = SUGGESTED_UNKNOWN_KEYS;
  private authProviders: string[] = [];
  private ldapEnabled = false;
  private readonly overrides: PropertiesSource[];
  private readonly before: PropertiesSource[] | undefined;
  /** The reads of the key being checked, recorded when set. */
  private reads: Read[] | undefined;
  private readonly fileFindings = new Map<string, Finding>();
  private readonly duplicates = new Map<string, DuplicateRecord>();

  constructor(
    private readonly text: SourceText,
    private readonly parsed: ParsedProperties,
    private readonly version: ResolvedVersion,
    private readonly env: MemoEnv,
    private readonly previous: PropertiesMemo | undefined,
  ) {
    this.v = version.version;
    this.release = fact(`Rudder ${formatVersion(this.v)}`);
    this.overrides = env.overrides ?? [];
    this.before = env.before;
    this.entries = parsed.entries;
    const layout = (this.layout = layoutOf(parsed, previous?.layout));
    const records = previous?.records ?? [];
    if (previous?.layout.keys === layout.keys) {
      this.earlier = records;
      return;
    }
    let misses = 0;
    let byKey: Map<string, KeyRecord> | undefined;
    this.earlier = layout.keys.map((key, k) => {
      const record: KeyRecord | undefined = records[k];
      if (record?.key === key) return record;
      if (++misses <= MISSES_BEFORE_INDEX) return undefined;
      return (byKey ??= new Map(records.map((r) => [r.key, r]))).get(key);
    });
    if (layout.facts.length === layout.keys.length) return;
    layout.keys.forEach((key, k) => {
      const facts = this.earlier[k] ?? keyFacts(key);
      layout.facts.push({ def: facts.def, parents: facts.parents });
      if (facts.parents) for (const prefix of facts.parents) if (!layout.objects.has(prefix)) layout.objects.set(prefix, key);
    });
  }

  /** The main file's entry for a key: the last one (java.util.Properties). */
  private mainEntry(key: string): PropertyEntry | undefined {
    const k = this.layout.at.get(key);
    return k === undefined ? undefined : this.entries[this.layout.winners[k]];
  }

  run(): { evaluation: PropertiesEvaluation; memo: PropertiesMemo } {
    const provider = this.effectiveOf(P.provider);
    this.authProviders = provider?.lost ? [] : splitProviderList(provider?.value ?? '').map((p) => p.name);
    this.ldapEnabled = loadedProviders(this.authProviders).includes(LDAP_PROVIDER);

    for (const p of this.parsed.problems) this.add(finding('properties-syntax', 'malformed-unicode', {}, p.range));
    // java.util.Properties throws on a malformed escape: Rudder reads nothing else of the file. The previous
    // records are handed on: they hold again once the escape is complete.
    if (this.parsed.problems.length) return { evaluation: this.result(), memo: this.previous ? { ...this.previous, moved: true } : { env: this.env, text: this.text, records: [], layout: NO_KEYS, fileFindings: this.fileFindings, active: [], duplicates: this.duplicates } };
    this.checkByteOrderMark();
    const secrets: Finding[] = [];
    this.checkDuplicates(secrets);
    const { keys, facts, winners } = this.layout;
    const changed = this.changedKeys();
    // The previous memo is consumed: its records are replaced in place where a key got another one.
    const records = changed ? this.previous!.records : [];
    const active: number[] = [];
    const visit = (k: number) => {
      const entry = this.entries[winners[k]];
      const earlier = this.earlier[k];
      const record = (earlier && this.kept(earlier, entry, changed !== undefined, k)) ?? this.check(keys[k], entry, facts[k]);
      records[k] = record;
      for (let i = 0; i < record.findings.length; i++) this.add(record.findings[i]);
      if (record.secret) secrets.push(record.secret);
      if (record.findings.length || record.secret || record.reads) active.push(k);
    };
    if (changed) changed.forEach(visit);
    else for (let k = 0; k < keys.length; k++) visit(k);
    for (const f of secrets) this.add(f);
    this.checkLdapComplete();
    this.checkOverrideFiles();
    return { evaluation: this.result(), memo: { env: this.env, text: this.text, records, layout: this.layout, fileFindings: this.fileFindings, active, duplicates: this.duplicates } };
  }

  /**
   * When the layout is the previous one: the positions of the keys that can have another result, in order (those
   * whose entry the edit replaced, and those with findings or reads); the others keep theirs. Else undefined.
   */
  private changedKeys(): number[] | undefined {
    const previous = this.previous;
    if (!previous || previous.layout.keys !== this.layout.keys) return undefined;
    const { at, winners } = this.layout;
    const splice = this.layout.parsed === previous.layout.parsed ? undefined : spliceOf(this.layout.parsed);
    const edited: number[] = [];
    if (splice) {
      for (let i = splice.at; i < splice.at + splice.added; i++) {
        const k = at.get(this.entries[i].key)!;
        if (winners[k] === i) edited.push(k);
      }
    }
    if (edited.length === 0) return previous.active;
    const merged = new Set([...previous.active, ...edited]);
    return [...merged].sort((x, y) => x - y);
  }

  private result(): PropertiesEvaluation {
    const cost = this.effectiveOf(P.bcryptCost);
    let effective: Map<string, EffectiveProperty> | undefined;
    const build = () => this.buildEffective();
    return {
      version: this.version,
      findings: this.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end),
      get effective() {
        return (effective ??= build());
      },
      authProviders: this.authProviders,
      bcryptCost: cost && cost.source !== 'default' ? parseConfigInt(cost.value) : undefined,
    };
  }

  private add(f: Finding): void {
    this.findings.push(f);
  }

  /** A finding about the file as a whole: the previous evaluation's object when it found the same. */
  private addFileFinding(f: Finding): void {
    const identity = JSON.stringify(f);
    const same = this.previous?.fileFindings.get(identity);
    this.fileFindings.set(identity, same ?? f);
    this.add(same ?? f);
  }

  /** The record of the previous evaluation for this key, moved to `entry`, when everything it read still holds. */
  private kept(record: KeyRecord, entry: PropertyEntry, sameLayout: boolean, k: number): KeyRecord | undefined {
    const previous = this.previous!;
    const { parsed, winners, at } = previous.layout;
    // The key's entry as the previous evaluation read it, in its text.
    const before = parsed.entries[winners[sameLayout ? k : at.get(record.key)!]];
    if (!sameEntry(before, previous.moved ? undefined : previous.text, entry, this.text)) return undefined;
    const d = entry.keyRange.start - record.keyStart;
    const reads = record.reads;
    if (reads) {
      let suggested = false;
      for (let i = 0; i < reads.length; i++) {
        if (!this.holds(reads[i], d)) return undefined;
        suggested ||= reads[i].what === 'suggest';
      }
      if (suggested) this.suggestionsLeft--;
    }
    // A record's entry, findings and the entries it read are of one text, maybe an earlier one than the
    // previous evaluation's: they are moved (in place: the previous memo is consumed) only when there are
    // findings to move.
    if (d === 0 || (record.findings.length === 0 && !record.secret)) return record;
    for (let i = 0; i < record.findings.length; i++) moveFinding(record.findings[i], d);
    if (record.secret) moveFinding(record.secret, d);
    record.keyStart = entry.keyRange.start;
    if (record.reads) for (const r of record.reads) if (r.what === 'entry') r.entry = placeOf(this.mainEntry(r.key));
    return record;
  }

  /** Whether a read gives the same answer now, for a key whose entry moved by `d`. */
  private holds(read: Read, d: number): boolean {
    switch (read.what) {
      case 'entry': {
        const now = this.mainEntry(read.key);
        const then = read.entry;
        if (!now || !then) return now === then;
        return now.line === then.line && now.keyRange.start - then.start === d && now.keyRange.end - then.end === d;
      }
      case 'lost': {
        const now = this.lostBy(read.key);
        return now?.source === read.lost?.source && now?.line === read.lost?.line;
      }
      case 'usable':
        return this.usable(read.key) === read.value;
      case 'ldap':
        return this.ldapEnabled === read.enabled;
      case 'suggest':
        return this.suggestionsLeft > 0 === read.left;
    }
  }

  /** The checks of one key, recording what they read of the rest of the file. */
  private check(key: string, entry: PropertyEntry, facts: KeyFacts): KeyRecord {
    const at = this.findings.length;
    this.reads = undefined;
    this.checkKey(key, entry, facts);
    const findings = this.findings.splice(at);
    const secret = facts.def?.type === 'secret' ? this.plaintextSecret(entry) : undefined;
    const record: KeyRecord = { key, def: facts.def, parents: facts.parents, keyStart: entry.keyRange.start, findings, secret, reads: this.reads };
    this.reads = undefined;
    return record;
  }

  private read(read: Read): void {
    (this.reads ??= []).push(read);
  }

  /**
   * The effective value of a key, as `buildEffective` leaves it: lost (an exact key the highest-priority file
   * mentioning it gives sub-keys), else the last override file that sets it, the main file, the last file
   * applied before it, the default.
   */
  private effectiveOf(key: string): EffectiveProperty | undefined {
    const def = keyFacts(key).def;
    if (!def) return undefined;
    const exact = EXACT_KEYS.has(key);
    const read = propertyReadBy(def, this.v);
    if (exact && read) {
      const lost = this.lostBy(key);
      if (lost) {
        const dflt = (def.asObject ?? 'default') === 'default' ? propertyDefault(def, this.v) : undefined;
        return { key, value: dflt ?? '', source: 'default', lost };
      }
    }
    const over = lastSetting(this.overrides, key);
    if (over) return over;
    const entry = this.mainEntry(key);
    if (entry) return { key, value: entry.value, source: 'main', entry };
    const below = lastSetting(this.before ?? [], key);
    if (below) return below;
    const value = exact && read ? propertyDefault(def, this.v) : undefined;
    return value === undefined ? undefined : { key, value, source: 'default' };
  }

  /**
   * Every known key with its effective value, in the order it was first given one: defaults the version
   * applies, then what comes before this file (for an override file: the main file and the earlier overrides),
   * then this file, then each later override file in order, then the keys lost to sub-keys (objects win inside a
   * file; across files the higher-priority one wins, `Config.withFallback`).
   */
  private buildEffective(): Map<string, EffectiveProperty> {
    const out = new Map<string, EffectiveProperty>();
    const set = (key: string) => {
      if (out.has(key)) return;
      const e = this.effectiveOf(key);
      if (e) out.set(key, e);
    };
    for (const def of PROPERTY_DEFS) if (EXACT_KEYS.has(def.key) && propertyDefault(def, this.v) !== undefined && propertyReadBy(def, this.v)) set(def.key);
    const apply = (source: PropertiesSource) => {
      for (const key of source.values.keys()) if (keyFacts(key).def) set(key);
    };
    this.before?.forEach(apply);
    this.layout.keys.forEach((key, k) => this.layout.facts[k].def && set(key));
    this.overrides.forEach(apply);
    for (const key of EXACT_KEYS) set(key);
    return out;
  }

  /** The value Rudder has for a key: undefined when unset, or lost with nothing in its place. */
  private usable(key: string): string | undefined {
    const e = this.effectiveOf(key);
    if (!e || (e.lost && (keyFacts(key).def?.asObject ?? 'default') !== 'default')) return undefined;
    return e.value;
  }

  /**
   * The file that turns `key` into an object, when the highest-priority file mentioning `key` does. Only an
   * exact key can be one (`objectKeys`).
   */
  private lostBy(key: string): EffectiveProperty['lost'] {
    if (!EXACT_KEYS.has(key)) return undefined;
    const { overrides, before } = this;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const object = this.env.overrideObjects[i].get(key);
      if (object) return { source: overrides[i].name, line: object.at };
      if (overrides[i].values.has(key)) return undefined;
    }
    const subKey = this.layout.objects.get(key);
    if (subKey !== undefined) return { source: 'main', line: this.mainEntry(subKey)!.line };
    if (this.layout.at.has(key) || !before) return undefined;
    for (let i = before.length - 1; i >= 0; i--) {
      const below = this.env.beforeObjects[i].get(key);
      if (below) return { source: before[i].name, line: below.at };
      if (before[i].values.has(key)) return undefined;
    }
    return undefined;
  }

  /** `lostBy`, recorded. */
  private lost(key: string): EffectiveProperty['lost'] {
    const lost = this.lostBy(key);
    if (EXACT_KEYS.has(key)) this.read({ what: 'lost', key, lost });
    return lost;
  }

  /** `usable`, recorded. */
  private usableRead(key: string): string | undefined {
    const value = this.usable(key);
    this.read({ what: 'usable', key, value });
    return value;
  }

  /** `ldapEnabled`, recorded. */
  private ldapRead(): boolean {
    this.read({ what: 'ldap', enabled: this.ldapEnabled });
    return this.ldapEnabled;
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
    return this.ldapRead() ? { severity: base, scope: NO_SCOPE } : { severity: SOFTER[base], scope: NOT_ENABLED };
  }

  // -------------------------------------------------------------------------------------------------------
  // File level

  /** java.util.Properties keeps a byte-order mark: it becomes part of the first key, which Rudder then ignores. */
  private checkByteOrderMark(): void {
    const first = this.parsed.entries[0];
    if (!first || !first.key.startsWith(BYTE_ORDER_MARK) || first.keyRange.start !== 0) return;
    const key = first.key.slice(BYTE_ORDER_MARK.length);
    const range = { start: 0, end: 1 };
    if (key) this.addFileFinding(finding('properties-bom', 'first-key', { key: nameOf(key) }, range));
    else this.addFileFinding(finding('properties-bom', 'alone', {}, range, { severity: 'warning' }));
  }

  /**
   * Every occurrence of a key but the last: a finding, and its `plaintext-secret` into `secrets`; the previous
   * evaluation's objects, moved, where they hold (`DuplicateRecord`).
   */
  private checkDuplicates(secrets: Finding[]): void {
    const previous = this.previous;
    const before = previous && !previous.moved ? previous.text : undefined;
    const seen = new Map<string, number>();
    for (const i of this.layout.overridden) {
      const entry = this.entries[i];
      const winner = this.mainEntry(entry.key)!;
      const n = seen.get(entry.key) ?? 0;
      seen.set(entry.key, n + 1);
      const id = `${n}:${entry.key}`;
      let record = previous?.duplicates.get(id);
      if (record && record.line === winner.line && sameEntry(record.entry, before, entry, this.text) && sameEntry(record.winner, before, winner, this.text)) {
        placeRange(record.finding.range, entry.keyRange);
        placeRange(record.finding.related![0].range, winner.keyRange);
        if (record.secret) placeRange(record.secret.range, entry.valueRange);
        record.entry = entry;
        record.winner = winner;
      } else {
        const same = winner.value === entry.value;
        record = {
          entry,
          winner,
          line: winner.line,
          finding: finding('duplicate-key', same ? 'same' : 'different', { line: winner.line + 1 }, entry.keyRange, {
            unnecessary: true,
            severity: same ? 'information' : 'warning',
            related: [{ range: winner.keyRange, message: say('duplicate-key', 'winner', {}).message }],
          }),
          secret: keyFacts(entry.key).def?.type === 'secret' ? this.plaintextSecret(entry) : undefined,
        };
      }
      this.duplicates.set(id, record);
      if (record.secret) secrets.push(record.secret);
      this.add(record.finding);
    }
  }

  /** The finding of a secret key's entry whose value is there in clear. */
  private plaintextSecret(entry: PropertyEntry): Finding | undefined {
    return entry.value.trim() === '' ? undefined : finding('plaintext-secret', 'clear', { key: fact(entry.key) }, entry.valueRange);
  }

  /** The checks of the key `entry` wins for; what they read of the rest of the file goes through the recorded reads. */
  private checkKey(key: string, entry: PropertyEntry, { def, parents }: KeyFacts): void {
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
    const lost = def && this.lost(key);
    // The value of a later file wins, unless the key is lost to sub-keys (`effectiveOf`).
    const setBy = def && !(lost && propertyReadBy(def, this.v)) ? lastSetting(this.overrides, key) : undefined;
    if (setBy) {
      return this.add(finding('property-overridden', 'value', { file: fact(setBy.source), line: (setBy.line ?? 0) + 1 }, entry.keyRange, { unnecessary: true }));
    }
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
      const left = this.suggestionsLeft-- > 0;
      this.read({ what: 'suggest', left });
      const candidates = left ? suggestionsFor(key) : [];
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
      if (def?.asObject === 'start-fails' && propertyReadBy(def, this.v) && this.lost(prefix)?.source === 'main') return prefix;
    }
    return undefined;
  }

  /** The known key (with a value in this file) that `key` is a sub-key of. */
  private subKeyOf(parents: string[]): { key: string; entry: PropertyEntry } | undefined {
    for (let i = parents.length - 1; i >= 0; i--) {
      const entry = this.mainEntry(parents[i]);
      this.read({ what: 'entry', key: parents[i], entry: placeOf(entry) });
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
      effective: (key) => this.usableRead(key),
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
    if (meantOn && !this.ldapRead()) this.add(finding('ldap-enable-obsolete', 'not-enabled', args, entry.keyRange, { unnecessary: true, severity: 'error' }));
    else this.add(finding('ldap-enable-obsolete', 'ignored', args, entry.keyRange, { unnecessary: true }));
  }

  private checkLdapComplete(): void {
    if (!this.ldapEnabled) return;
    const missing = LDAP_REQUIRED_PROPERTIES.filter((k) => this.usable(k) === undefined);
    if (missing.length === 0) return;
    const providerEntry = this.mainEntry(P.provider);
    const enabledHere = providerEntry !== undefined && this.effectiveOf(P.provider)?.source === 'main';
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
    this.addFileFinding(finding('ldap-config-incomplete', 'missing', { count: missing.length, missing: missing.map(fact) }, range));
  }

  /** What this tool cannot read, or Rudder cannot, in the HOCON override files: on the first line of the main file. */
  private checkOverrideFiles(): void {
    if (this.before) return;
    const at = { start: 0, end: 0 };
    for (const source of this.overrides) {
      for (const p of source.problems) this.addFileFinding(finding('override-unreadable', 'reserved', { file: fact(source.name), line: p.line + 1, what: HOCON_WHAT[p.what] }, at));
      if (source.unchecked > 0) this.addFileFinding(finding('override-not-checked', 'partial', { file: fact(source.name), count: source.unchecked }, at));
    }
  }
}

