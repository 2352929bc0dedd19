/**
 * The server's one workspace store: open documents, their settings, their sibling facts and their analyses.
 *
 * Every open document has an *entry* with a generation, a number taken from one counter on every open and
 * every close, so a document closed and reopened at version 1 is never mistaken for its former self. An
 * analysis is cached under one key, `generation:version:settings:context` (the settings by an id per distinct content,
 * the sibling facts by an id per distinct facts, so that a sibling edit changing none of them, a comment,
 * keeps the key and the analysis), on the entry itself: closing the document drops it,
 * and an analysis finishing after its document closed has nowhere to go. At most `MAX_CACHED_ANALYSES`
 * analyses are kept (least recently used first out). A new version's model is computed from the cached one
 * (`reparse`: a properties file re-reads only the logical lines that changed). That consumes the cached
 * analysis: the store keeps only the newest analysis of a document, and a handler that awaits after reading one
 * reads it again (or reads only what no edit moves: its kind, version, settings).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeIncremental, kindFromPath, reparse, type Analysis, type DocumentContext, type TextChange } from '../service/languageService';
import type { FileKind } from '../service/rules';
import type { PropertiesSource } from '../service/properties/overrides';
import type { Settings } from '../service/settings';
import { sourceOf, type SourceText } from '../service/text';
import { asyncDiskFiles } from '../io/disk';
import { absoluteGlobs, ConfigCache, configKind, settingsOverConfig, type FoundConfig } from '../workspace/config';
import type { ConfiguredFiles } from '../shared/protocol';
import { affects, siblingContextAsync, type AsyncFileAccess } from '../workspace/siblings';
import { RudderDocument } from './document';

const MAX_CACHED_ANALYSES = 32;
const MAX_CONTEXTS = 64;
const MAX_SETTINGS_VARIANTS = 64;
/** Changes remembered between two analyses of a document; past this many, the next one parses the text again. */
const MAX_RECORDED_CHANGES = 256;

/** Settings with an id per distinct content, so equal settings are one object with one key. */
export interface KeyedSettings {
  settings: Settings;
  hash: string;
}

/** A document with everything needed to answer about it, read at one instant. */
export interface Snapshot {
  /** Updated in place by later edits: `version` is the version this snapshot read. */
  doc: TextDocument;
  version: number;
  kind: FileKind;
  settings: Settings;
  /** The configuration file (`.rudder-lint.json`, `package.json`) the settings come from, if any. */
  configFile?: string;
  context: DocumentContext;
  /** The cache key of this state, also the pull-diagnostics result id. */
  key: string;
  /** The id of the sibling facts it read (the last part of the key): equal facts, equal ids. */
  facts: number;
}

export interface Analyzed extends Snapshot {
  a: Analysis;
}

/** A document's settings and the configuration file under them. */
interface DocumentSettings {
  keyed: KeyedSettings;
  config?: FoundConfig;
}

interface Entry {
  generation: number;
  settings?: Promise<DocumentSettings>;
  cached?: { key: string; modelKey: string; version: number; a: Analysis; memo?: Map<string, unknown> };
  /** The content changes from version `from` to version `to`, in order (undefined: not known, or too many). */
  edits?: { from: number; to: number; changes: TextChange[] };
}

export interface StoreOptions {
  /** Whether settings come from `workspace/configuration` (per document) or from the client's pushes. */
  perDocumentSettings: () => boolean;
  /** The raw `rudder` section for a document (`workspace/configuration`). */
  fetchSettings: (uri: string) => Promise<unknown>;
  /** Logs a sibling file that cannot be read. */
  warn: (message: string) => void;
  /** Hears the problems of a configuration file, each once until that file changes. */
  configProblems?: (problems: string[]) => void;
  /** Called once per analysis computed (for tests counting cache misses). */
  onAnalysis?: (uri: string) => void;
  /** Hears each edit of an open document: its text before, the document after, the changes as `reparse` reads them. */
  onEdit?: (doc: TextDocument, before: SourceText, changes: readonly TextChange[]) => void;
}

/**
 * `RudderDocument.update`, each change's range first clamped to the document as the previous changes left it
 * (as LSP says: past the end of a line is its end, past the last line is the end). The line index is spliced
 * with the raw line numbers: a change past the end would leave holes in it, and every position the server
 * sent for that document afterwards was NaN (`null` on the wire). A CR and an LF that an edit joins into one
 * line break (or splits) are missed by the splice: then the text is replaced whole, so that the index is rebuilt.
 * `record` receives each change as offsets into the text before it (what `reparse` reads).
 */
export function updateClamped(doc: RudderDocument, changes: TextDocumentContentChangeEvent[], version: number, record?: TextChange[]): RudderDocument {
  for (const c of changes) {
    if (!('range' in c)) {
      record?.push({ start: 0, end: doc.source().length, text: c.text });
      doc.update([c], version);
      continue;
    }
    const text = doc.source();
    const [start, end] = [doc.offsetAt(c.range.start), doc.offsetAt(c.range.end)].sort((x, y) => x - y);
    record?.push({ start, end, text: c.text });
    /** A character of the text after the change, without building it. */
    const after = (i: number) => (i < start ? text.charCodeAt(i) : i < start + c.text.length ? c.text.charCodeAt(i - start) : text.charCodeAt(i - start - c.text.length + end));
    const crlf = (at: (i: number) => number, i: number) => at(i - 1) === 13 && at(i) === 10;
    const old = (i: number) => text.charCodeAt(i);
    if (crlf(old, start) || crlf(old, end) || crlf(after, start) || crlf(after, start + c.text.length)) doc.update([{ text: text.slice(0, start) + c.text + text.slice(end) }], version);
    else doc.update([{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: c.text }], version);
  }
  return doc;
}

export class WorkspaceStore {
  readonly documents = new TextDocuments<RudderDocument>({ create: RudderDocument.create, update: (doc, changes, version) => this.update(doc, changes, version) });
  private readonly entries = new Map<string, Entry>();
  private readonly cachedOrder = new Set<string>();
  private readonly contexts = new Map<string, { id: Promise<number>; context: Promise<DocumentContext> }>();
  private readonly factIds = new Map<string, number>();
  private readonly interned = new Map<string, KeyedSettings>();
  private generations = 0;
  private factIdCounter = 0;
  private settingsIds = 0;
  private pushed: unknown;
  private readonly configs: ConfigCache;
  private readonly reported = new Set<string>();

  /** Open documents first (their unsaved text is what the admin sees), then the disk. */
  readonly files: AsyncFileAccess;

  constructor(private readonly options: StoreOptions) {
    const disk = asyncDiskFiles((e) => options.warn(`sibling ${e.message}`));
    this.files = {
      read: async (file) => this.documents.all().find((d) => filePath(d.uri) === file)?.getText() ?? disk.read(file),
      list: (dir) => disk.list(dir),
    };
    this.configs = new ConfigCache(this.files);
    this.documents.onDidOpen((e) => this.entries.set(e.document.uri, { generation: ++this.generations }));
    this.documents.onDidClose((e) => {
      this.entries.delete(e.document.uri);
      this.cachedOrder.delete(e.document.uri);
      this.generations++;
      const file = filePath(e.document.uri);
      if (file) this.forgetSiblings(file, true);
    });
    this.documents.onDidChangeContent((e) => {
      const file = filePath(e.document.uri);
      if (file) this.forgetSiblings(file, false);
    });
  }

  /** Applies an edit, remembering its changes for the next analysis (see `analyze`). */
  private update(doc: RudderDocument, changes: TextDocumentContentChangeEvent[], version: number): RudderDocument {
    const entry = this.entries.get(doc.uri);
    const before = doc.version;
    const text = doc.source();
    const recorded: TextChange[] = [];
    // The update changes `doc` in place: its version and text are read before.
    const next = updateClamped(doc, changes, version, recorded);
    this.options.onEdit?.(next, text, recorded);
    if (entry) {
      const edits = entry.edits;
      entry.edits = edits && edits.to === before && edits.changes.length + recorded.length <= MAX_RECORDED_CHANGES ? { from: edits.from, to: version, changes: [...edits.changes, ...recorded] } : undefined;
    }
    return next;
  }

  /** How many entries and cached objects the store holds (for leak tests). */
  get size(): { entries: number; analyses: number; contexts: number; settings: number } {
    return { entries: this.entries.size, analyses: this.cachedOrder.size, contexts: this.contexts.size, settings: this.interned.size };
  }

  /** Settings pushed by a client without `workspace/configuration` (initialization options, didChangeConfiguration). */
  setPushedSettings(raw: unknown): void {
    this.pushed = raw;
    this.settingsChanged();
  }

  /** Forget every document's settings (the configuration changed); equal new settings keep their key. */
  settingsChanged(): void {
    for (const entry of this.entries.values()) entry.settings = undefined;
  }

  /**
   * The configuration file `file` (a `.rudder-lint.json` or `package.json`) changed: read configuration files again,
   * then every document's settings; its problems, if it still has them, are told again.
   */
  configChanged(file: string): void {
    this.configs.clear();
    for (const p of this.reported) if (p.startsWith(`${file}: `)) this.reported.delete(p);
    this.settingsChanged();
  }

  /** Forget sibling facts that a change to `changed` (a file path; undefined: any file) may have altered. */
  forgetSiblings(changed: string | undefined, includingOwn = false): void {
    if (!changed) return this.contexts.clear();
    for (const [key] of this.contexts) {
      const file = key.slice(key.indexOf(':') + 1, key.lastIndexOf(':'));
      if ((includingOwn || file !== changed) && (file === changed || affects(changed, file))) this.contexts.delete(key);
    }
  }

  /** The extra files the configuration files `files` (paths of `.rudder-lint.json` / `package.json`) name. */
  async configuredFiles(files: string[]): Promise<ConfiguredFiles> {
    const found = await Promise.all([...new Set(files.map((f) => path.dirname(f)))].map((dir) => this.configs.inFolder(dir)));
    const globs = found.flatMap((f) => (f ? [absoluteGlobs(f)] : []));
    return { users: globs.flatMap((g) => g.users), properties: globs.flatMap((g) => g.properties) };
  }

  /** The document's current state (no analysis yet), or undefined if it is not an open Rudder file. */
  async snapshot(uri: string): Promise<Snapshot | undefined> {
    for (;;) {
      const entry = this.entries.get(uri);
      if (!entry) return undefined;
      const { keyed, config } = await this.settingsOf(uri, entry);
      if (this.entries.get(uri) !== entry) continue;
      const opened = this.documents.get(uri);
      const kindNow = opened && kindOf(opened, config);
      if (!opened || !kindNow) return undefined;
      const file = filePath(uri);
      const sibling = file ? this.contextFor(file, kindNow, keyed) : { id: Promise.resolve(0), context: Promise.resolve({}) };
      const context = await sibling.context;
      const id = await sibling.id;
      if (this.entries.get(uri) !== entry) continue;
      const doc = this.documents.get(uri);
      const kind = doc && kindOf(doc, config);
      if (!doc || !kind) return undefined;
      if (kind !== kindNow) continue;
      const key = `${entry.generation}:${doc.version}:${keyed.hash}:${id}`;
      return { doc, version: doc.version, kind, settings: keyed.settings, ...(config ? { configFile: config.file } : {}), context, key, facts: id };
    }
  }

  /** The document's current state and analysis, computed at most once per key. */
  async analysis(uri: string): Promise<Analyzed | undefined> {
    for (;;) {
      const s = await this.snapshot(uri);
      if (!s) return undefined;
      const a = this.analyze(s);
      if (a) return a;
    }
  }

  /**
   * The analysis of a snapshot, or undefined if the document changed or closed since it was taken. Synchronous,
   * so the document cannot change between reading its text and storing the result.
   */
  analyze(s: Snapshot): Analyzed | undefined {
    const entry = this.entries.get(s.doc.uri);
    if (!entry || this.documents.get(s.doc.uri) !== s.doc || s.doc.version !== s.version || !s.key.startsWith(`${entry.generation}:`)) return undefined;
    this.cachedOrder.delete(s.doc.uri);
    this.cachedOrder.add(s.doc.uri);
    if (entry.cached?.key === s.key) return { ...s, a: entry.cached.a };
    const modelKey = `${entry.generation}:${s.doc.version}:${s.settings.maxFileSizeMB}`;
    const prev = entry.cached;
    const edits = entry.edits;
    const text = sourceOf(s.doc);
    // The edits recorded since the cached analysis, when they lead from its version to this one.
    const changes = prev && edits && edits.from === prev.version && edits.to === s.doc.version && prev.modelKey === `${entry.generation}:${prev.version}:${s.settings.maxFileSizeMB}` ? edits.changes : undefined;
    // `reparse` and `analyzeIncremental` consume the cached analysis (its offsets are moved in place): it is dropped
    // first, and this store hands out only the newest one (`Analyzed` values read before an await are read again).
    entry.cached = undefined;
    const model = prev?.modelKey === modelKey ? prev.a.model : reparse(prev?.a.model, text, s.kind, s.settings.maxFileSizeMB, changes);
    const a = analyzeIncremental(prev?.a, model, s.settings, s.context);
    entry.cached = { key: s.key, modelKey, version: s.doc.version, a };
    entry.edits = { from: s.doc.version, to: s.doc.version, changes: [] };
    this.options.onAnalysis?.(s.doc.uri);
    this.evict();
    return { ...s, a };
  }

  /**
   * The document as it is now with the latest analysis of it, whatever version of its text that analysis read
   * (undefined when it has none): what completion answers from, so that it never waits for a new analysis.
   */
  latest(uri: string): { doc: TextDocument; a: Analysis } | undefined {
    const a = this.entries.get(uri)?.cached?.a;
    const doc = this.documents.get(uri);
    return a && doc ? { doc, a } : undefined;
  }

  /** Whether the analysis of a snapshot is already cached (answering from it costs nothing). */
  isCached(s: Snapshot): boolean {
    return this.entries.get(s.doc.uri)?.cached?.key === s.key;
  }

  /**
   * An answer that depends only on the analysis (the outline), computed once per key and kept with it: it goes
   * when the analysis goes. `u` no longer current (or evicted): computed, not kept.
   */
  memo<T>(u: Analyzed, name: string, compute: () => T): T {
    const cached = this.entries.get(u.doc.uri)?.cached;
    if (!cached || cached.key !== u.key || cached.a !== u.a) return compute();
    cached.memo ??= new Map();
    if (!cached.memo.has(name)) cached.memo.set(name, compute());
    return cached.memo.get(name) as T;
  }

  private evict(): void {
    for (const uri of this.cachedOrder) {
      if (this.cachedOrder.size <= MAX_CACHED_ANALYSES) return;
      this.cachedOrder.delete(uri);
      const entry = this.entries.get(uri);
      if (entry) entry.cached = undefined;
    }
  }

  /**
   * The editor's settings for the document (per document through `workspace/configuration`, or the client's
   * pushes) over its configuration file's, read once until the settings or a configuration file change.
   */
  private settingsOf(uri: string, entry: Entry): Promise<DocumentSettings> {
    entry.settings ??= (async () => {
      const raw = this.options.perDocumentSettings() ? await this.options.fetchSettings(uri).catch(() => undefined) : this.pushed;
      const file = filePath(uri);
      const config = file ? await this.configs.forFile(file) : undefined;
      if (config?.problems.length) this.report(config.problems);
      return { keyed: this.intern(settingsOverConfig(raw, config)), ...(config ? { config } : {}) };
    })();
    return entry.settings;
  }

  private report(problems: string[]): void {
    const fresh = problems.filter((p) => !this.reported.has(p));
    if (fresh.length === 0) return;
    fresh.forEach((p) => this.reported.add(p));
    this.options.configProblems?.(fresh);
  }

  /** One object per distinct content of settings: the same content gives the same object and key. */
  private intern(settings: Settings): KeyedSettings {
    const canonical = canonicalSettings(settings);
    const hit = this.interned.get(canonical);
    if (hit) return hit;
    if (this.interned.size >= MAX_SETTINGS_VARIANTS) this.interned.clear();
    const keyed = { settings, hash: `s${++this.settingsIds}` };
    this.interned.set(canonical, keyed);
    return keyed;
  }

  /**
   * Sibling facts per file and settings, kept until a file that affects them changes; their id is the same for
   * the same facts (`factsOf`), however often they were recomputed.
   */
  private contextFor(file: string, kind: FileKind, keyed: KeyedSettings): { id: Promise<number>; context: Promise<DocumentContext> } {
    const key = `${kind}:${file}:${keyed.hash}`;
    let c = this.contexts.get(key);
    if (!c) {
      const context = siblingContextAsync(file, kind, keyed.settings, this.files);
      c = { id: context.then((x) => this.factsId(factsOf(x))), context };
      this.contexts.set(key, c);
      if (this.contexts.size > MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value!);
    }
    return c;
  }

  private factsId(facts: string): number {
    let id = this.factIds.get(facts);
    if (id === undefined) {
      if (this.factIds.size >= MAX_CONTEXTS) this.factIds.clear();
      this.factIds.set(facts, (id = ++this.factIdCounter));
    }
    return id;
  }
}

/**
 * What a document's analysis reads of its siblings, as one string: for a users file, the providers and the
 * bcrypt cost of `rudder-web.properties` (`usersContextFrom`); for a properties file, its overrides (and, for
 * an override file, what Rudder applies before it) and what version inference reads of the users file
 * (`VersionHints`). Equal facts, equal strings: the text around them (comments, other keys, users) does not
 * count.
 */
export function factsOf(c: DocumentContext): string {
  const hints = c.siblingUsers && { hash: c.siblingUsers.hash?.value ?? null, unsafeHashes: c.siblingUsers.unsafeHashes !== undefined };
  const sources = (list: PropertiesSource[] | undefined) => list?.map((o) => [o.name, o.syntax, [...o.values], o.problems, o.unchecked]) ?? null;
  return JSON.stringify([c.users?.authProviders ?? null, c.users?.bcryptCost ?? null, sources(c.properties?.overrides), sources(c.properties?.before), hints ?? null]);
}

/** The content of settings as one string (rule overrides sorted): equal settings, equal strings. */
function canonicalSettings(s: Settings): string {
  return JSON.stringify([s.rudderVersion, s.versionSetBy ?? null, s.maxFileSizeMB, s.bcryptCost ?? null, s.inlayHints, Object.entries(s.rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

/**
 * Which of Rudder's files a document is: by its name, else by the globs of its configuration file, else by its
 * language (`rudder-users` in VS Code, `xml` from Neovim, Emacs and others, which attach the server to Rudder's
 * files only).
 */
export function kindOf(doc: TextDocument, config?: FoundConfig): FileKind | undefined {
  if (doc.languageId === 'rudder-users') return 'users';
  const file = config ? filePath(doc.uri) : undefined;
  return kindFromPath(doc.uri) ?? (file ? configKind(file, config) : undefined) ?? (doc.languageId === 'xml' ? 'users' : doc.languageId === 'properties' ? 'properties' : undefined);
}

/** The file path of a `file:` URI; other schemes (untitled…) have no siblings. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
