/**
 * One configuration for the editor and the CLI: a `.rudder-lint.json`, or the same keys under `"rudder-lint"` in a
 * `package.json`, found by walking up from the linted file; the nearest one wins (no merging), and in one folder
 * `.rudder-lint.json` wins over `package.json`.
 *
 * ```json
 * { "version": "8.3", "rules": { "weak-hash": "error" }, "files": { "users": ["etc/*-users.xml"], "properties": [] }, "maxFileSizeMB": 20 }
 * ```
 *
 * `version`, `rules` and `maxFileSizeMB` are the editor's `rudder.version`, `rudder.rules.<id>` and
 * `rudder.maxFileSizeMB`; `files` its `rudder.files.*`
 * (extra files to check, as globs relative to the folder of the configuration file). File access is injected,
 * as in `siblings.ts`: nothing here does I/O.
 *
 * The CLI walks with `findConfig` / `configIn` over the disk and puts its flags on top of `applyConfig`. The
 * server walks with `ConfigCache` (each folder's two candidates read concurrently, without blocking, once until a
 * configuration file changes: `isConfigFile`, then `clear()`) and puts on top the editor settings the user set
 * explicitly (`settingsOverConfig`). `found.problems` are one-line messages about the configuration file (show them
 * once); a configuration with problems still yields its valid keys. `configKind(filePath, found)` is the kind its
 * globs give a file.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import { KNOWN_VERSIONS } from '../service/rudder';
import { isRuleId, isRuleLevel, RULE_LEVELS, type FileKind, type RuleId, type RuleLevel } from '../service/rules';
import { normalizeSettings, type Settings } from '../service/settings';
import type { AsyncFileAccess, FileAccess } from './siblings';

export const CONFIG_FILE_NAME = '.rudder-lint.json';
export const PACKAGE_JSON = 'package.json';
/** The key of the configuration in a `package.json`. */
export const PACKAGE_KEY = 'rudder-lint';

export interface LintConfig {
  /** `auto` or a known `X.Y`; undefined when the file does not say. */
  version?: string;
  rules: Readonly<Partial<Record<RuleId, RuleLevel>>>;
  files: { users: readonly string[]; properties: readonly string[] };
  /** Files larger than this many MB get only the cheap checks; undefined when the file does not say. */
  maxFileSizeMB?: number;
}

export interface FoundConfig {
  /** Path of the configuration file (`.rudder-lint.json` or `package.json`). */
  file: string;
  config: LintConfig;
  /** What is wrong with the file, one line each, prefixed with its path; invalid keys are left out of `config`. */
  problems: string[];
}

const KEYS = ['version', 'rules', 'files', 'maxFileSizeMB'];
const FILE_KINDS: readonly FileKind[] = ['users', 'properties'];

/** The configuration that applies to `file` (an absolute path), or undefined when no folder above it has one. */
export function findConfig(file: string, files: Pick<FileAccess, 'read'>): FoundConfig | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const found = configIn(dir, files);
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The configuration file of one folder, if it has one. */
export function configIn(dir: string, files: Pick<FileAccess, 'read'>): FoundConfig | undefined {
  const own = path.join(dir, CONFIG_FILE_NAME);
  const text = files.read(own);
  if (text !== undefined) return parseConfig(own, text, false);
  const pkg = path.join(dir, PACKAGE_JSON);
  const pkgText = files.read(pkg);
  return pkgText === undefined ? undefined : parseConfig(pkg, pkgText, true);
}

/** Folders whose configuration the server keeps; beyond that the cache starts again. */
const MAX_CACHED_FOLDERS = 256;

/**
 * The nearest configuration of each folder for the server: each folder's `.rudder-lint.json` and `package.json`
 * read concurrently through `files` (the server's safe asynchronous readers), once, until `clear()`.
 */
export class ConfigCache {
  private readonly byDir = new Map<string, Promise<FoundConfig | undefined>>();
  constructor(private readonly files: Pick<AsyncFileAccess, 'read'>) {}

  /** The configuration that applies to `file` (an absolute path). */
  forFile(file: string): Promise<FoundConfig | undefined> {
    return this.forDir(path.dirname(file));
  }

  /** The configuration file of `dir` itself, read now (not cached): its globs, for a client's document selector. */
  inFolder(dir: string): Promise<FoundConfig | undefined> {
    return this.read(dir);
  }

  /** Forget every folder (a configuration file changed). */
  clear(): void {
    this.byDir.clear();
  }

  private forDir(dir: string): Promise<FoundConfig | undefined> {
    let found = this.byDir.get(dir);
    if (!found) {
      const parent = path.dirname(dir);
      found = this.read(dir).then((own) => own ?? (parent === dir ? undefined : this.forDir(parent)));
      if (this.byDir.size >= MAX_CACHED_FOLDERS) this.byDir.clear();
      this.byDir.set(dir, found);
    }
    return found;
  }

  private async read(dir: string): Promise<FoundConfig | undefined> {
    const candidates = [path.join(dir, CONFIG_FILE_NAME), path.join(dir, PACKAGE_JSON)];
    const texts = new Map(await Promise.all(candidates.map(async (f) => [f, await this.files.read(f)] as const)));
    return configIn(dir, { read: (f) => texts.get(f) });
  }
}

/**
 * The configuration's globs as absolute patterns (`/`-separated), for a client that picks documents by pattern.
 * A folder whose path has glob characters gives none (they would be read as a pattern).
 */
export function absoluteGlobs(found: FoundConfig): Record<FileKind, string[]> {
  const dir = path.dirname(found.file).split(path.sep).join('/');
  const absolute = (list: readonly string[]) => (/[*?[\]{}!]/.test(dir) ? [] : list.map((g) => `${dir.replace(/\/$/, '')}/${g}`));
  return { users: absolute(found.config.files.users), properties: absolute(found.config.files.properties) };
}

/** Whether a change to `changed` can change the configuration of some file. */
export function isConfigFile(changed: string): boolean {
  const base = path.basename(changed);
  return base === CONFIG_FILE_NAME || base === PACKAGE_JSON;
}

/**
 * Parse a configuration file's text; for a `package.json`, undefined when it has no `"rudder-lint"` key (the walk
 * goes on). Never throws.
 */
export function parseConfig(file: string, text: string, inPackageJson: boolean): FoundConfig | undefined {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(`${file}: ${message}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    if (inPackageJson) return undefined;
    problem('not valid JSON');
    raw = {};
  }
  if (inPackageJson) {
    if (!isObject(raw) || !(PACKAGE_KEY in raw)) return undefined;
    raw = raw[PACKAGE_KEY];
  }
  const config: { version?: string; rules: Partial<Record<RuleId, RuleLevel>>; files: { users: string[]; properties: string[] }; maxFileSizeMB?: number } = { rules: {}, files: { users: [], properties: [] } };
  if (!isObject(raw)) {
    problem(`the configuration must be a JSON object with ${KEYS.join(', ')}`);
    return { file, config, problems };
  }
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) problem(`unknown key '${key}' (known: ${KEYS.join(', ')})`);
  if (raw.version !== undefined) {
    if (raw.version === 'auto' || (KNOWN_VERSIONS as readonly unknown[]).includes(raw.version)) config.version = raw.version as string;
    else problem(`"version": unknown Rudder version ${JSON.stringify(raw.version)} (known: ${KNOWN_VERSIONS.join(', ')}, or auto)`);
  }
  if (raw.maxFileSizeMB !== undefined) {
    if (typeof raw.maxFileSizeMB === 'number' && Number.isFinite(raw.maxFileSizeMB) && raw.maxFileSizeMB > 0) config.maxFileSizeMB = raw.maxFileSizeMB;
    else problem('"maxFileSizeMB" must be a number of megabytes greater than 0');
  }
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) problem('"rules" must be an object of rule id → severity');
    else {
      for (const [id, level] of Object.entries(raw.rules)) {
        if (!isRuleId(id)) problem(`"rules": unknown rule '${id}'`);
        else if (!isRuleLevel(level)) problem(`"rules": '${id}' must be one of ${RULE_LEVELS.join(', ')}`);
        else config.rules[id] = level;
      }
    }
  }
  if (raw.files !== undefined) {
    if (!isObject(raw.files)) problem('"files" must be an object with users and properties glob lists');
    else {
      for (const key of Object.keys(raw.files)) if (!(FILE_KINDS as readonly string[]).includes(key)) problem(`"files": unknown key '${key}' (known: ${FILE_KINDS.join(', ')})`);
      for (const kind of FILE_KINDS) {
        const list = raw.files[kind];
        if (list === undefined) continue;
        if (Array.isArray(list) && list.every((g) => typeof g === 'string' && g !== '')) config.files[kind] = list;
        else problem(`"files.${kind}" must be a list of glob patterns`);
      }
    }
  }
  return { file, config, problems };
}

/** `settings` with the configuration's version (saying which file set it), size limit and rules on top. */
export function applyConfig(settings: Settings, found: FoundConfig): Settings {
  const { version, rules, maxFileSizeMB } = found.config;
  return {
    ...settings,
    ...(version ? { rudderVersion: version, versionSetBy: path.basename(found.file) } : {}),
    ...(maxFileSizeMB !== undefined ? { maxFileSizeMB } : {}),
    rules: { ...settings.rules, ...rules },
  };
}

/**
 * A file's settings: the configuration file's version, size limit and rules, then what was set explicitly on top:
 * the CLI's flags, or the server's editor settings. `raw` is a `rudder` settings section (`version`, `rules`…) holding only
 * what the user set: the VS Code client sends the user, workspace and folder values, never the defaults; whatever
 * another client sends counts as set.
 */
export function settingsOverConfig(raw: unknown, found: FoundConfig | undefined): Settings {
  const editor = normalizeSettings(raw);
  if (!found) return editor;
  const r = (raw ?? {}) as { version?: unknown; rudderVersion?: unknown; maxFileSizeMB?: unknown };
  const version = r.rudderVersion ?? r.version;
  const { versionSetBy, ...applied } = applyConfig(editor, found);
  // A size set (valid: normalizeSettings kept it) wins over the file's; an invalid one is not set.
  const configured = editor.maxFileSizeMB === r.maxFileSizeMB ? { ...applied, maxFileSizeMB: editor.maxFileSizeMB } : applied;
  const rules = { ...found.config.rules, ...editor.rules };
  if (typeof version === 'string' && version.trim() !== '') return { ...configured, rudderVersion: editor.rudderVersion, rules };
  return { ...configured, ...(versionSetBy ? { versionSetBy } : {}), rules };
}

const matchers = new WeakMap<LintConfig, Record<FileKind, (relative: string) => boolean>>();

/** The kind the configuration's globs give `file` (an absolute path), matched relative to the configuration's folder. */
export function configKind(file: string, found: FoundConfig | undefined): FileKind | undefined {
  if (!found) return undefined;
  const relative = path.relative(path.dirname(found.file), file).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
  let match = matchers.get(found.config);
  if (!match) {
    const globs = found.config.files;
    const compile = (list: readonly string[]) => (list.length ? picomatch([...list], { dot: true }) : () => false);
    match = { users: compile(globs.users), properties: compile(globs.properties) };
    matchers.set(found.config, match);
  }
  return FILE_KINDS.find((kind) => match[kind](relative));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
