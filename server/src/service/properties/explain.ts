/** `rudder-lint --explain` for a properties file: the effective value of every known key, and where it comes from. */
import { isSecretProperty } from '../rudder';
import type { PropertiesEvaluation } from './evaluate';

export interface ExplainedProperties {
  properties: { key: string; value: string; source: string; line?: number }[];
}

/** `mainName` names the main file in `source`; secret values are shown as `(hidden)`. Lines are 1-based. */
export function explainProperties(ev: PropertiesEvaluation, mainName: string): ExplainedProperties {
  return {
    properties: [...ev.effective.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((p) => ({
        key: p.key,
        value: isSecretProperty(p.key) && p.source !== 'default' ? '(hidden)' : p.value,
        source: p.source === 'main' ? mainName : p.source,
        ...(p.entry ? { line: p.entry.line + 1 } : p.line !== undefined ? { line: p.line + 1 } : {}),
      })),
  };
}
