/** Settings the service reads, resolved per document by the caller (the server or the CLI). */
import { BCRYPT_COST } from './rudder';
import { isRuleId, isRuleLevel, type RuleId, type RuleLevel } from './rules';

export interface Settings {
  /** `auto`, or the Rudder version `X.Y` the files are checked against. */
  rudderVersion: string;
  /** What set `rudderVersion` when it is not `rudder.version`: the configuration file's name (`.rudder-lint.json`). */
  versionSetBy?: string;
  /** Severity overrides by rule id (`rudder.rules.<id>`). */
  rules: Readonly<Partial<Record<RuleId, RuleLevel>>>;
  /** `rudder.bcrypt.cost`: the cost of hashes the code actions write, unless the sibling properties file sets one. */
  bcryptCost?: number;
  /** `rudder.maxFileSizeMB`: larger files get only the cheap checks. */
  maxFileSizeMB: number;
  /** `rudder.inlayHints`: on users with a problem only (default), on every password, or none. */
  inlayHints: InlayHintsMode;
}

export type InlayHintsMode = 'problems' | 'all' | 'off';
const INLAY_HINTS_MODES: readonly InlayHintsMode[] = ['problems', 'all', 'off'];

export const DEFAULT_MAX_FILE_SIZE_MB = 5;
export const DEFAULT_SETTINGS: Settings = { rudderVersion: 'auto', rules: {}, maxFileSizeMB: DEFAULT_MAX_FILE_SIZE_MB, inlayHints: 'problems' };

/** Build settings from untrusted configuration (a client's `rudder` section, CLI flags): bad values are dropped. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw ?? {}) as { version?: unknown; rudderVersion?: unknown; rules?: unknown; bcrypt?: { cost?: unknown }; maxFileSizeMB?: unknown; inlayHints?: unknown };
  const version = r.rudderVersion ?? r.version;
  const rules: Partial<Record<RuleId, RuleLevel>> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (isRuleId(id) && isRuleLevel(level)) rules[id] = level;
    }
  }
  const cost = r.bcrypt?.cost;
  return {
    rudderVersion: typeof version === 'string' && version.trim() !== '' ? version.trim() : 'auto',
    rules,
    maxFileSizeMB: typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0 ? r.maxFileSizeMB : DEFAULT_MAX_FILE_SIZE_MB,
    inlayHints: INLAY_HINTS_MODES.find((m) => m === r.inlayHints) ?? 'problems',
    ...(typeof cost === 'number' && Number.isInteger(cost) && cost >= BCRYPT_COST.MIN && cost <= BCRYPT_COST.MAX ? { bcryptCost: cost } : {}),
  };
}
