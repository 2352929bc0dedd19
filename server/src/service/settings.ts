/** Settings the service reads, resolved per document by the caller (the server or the CLI). */
import { isRuleLevel, RULES, type RuleLevel } from './rules';

export interface Settings {
  /** `auto`, or the Rudder version `X.Y` the files are checked against. */
  rudderVersion: string;
  /** Severity overrides by rule id (`rudder.rules.<id>`). */
  rules: Readonly<Record<string, RuleLevel>>;
}

export const DEFAULT_SETTINGS: Settings = { rudderVersion: 'auto', rules: {} };

/** Build settings from untrusted configuration (a client's `rudder` section, CLI flags): bad values are dropped. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw ?? {}) as { version?: unknown; rudderVersion?: unknown; rules?: unknown };
  const version = r.rudderVersion ?? r.version;
  const rules: Record<string, RuleLevel> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (RULES.has(id) && isRuleLevel(level)) rules[id] = level;
    }
  }
  return { rudderVersion: typeof version === 'string' && version.trim() !== '' ? version.trim() : 'auto', rules };
}
