/**
 * `rudder-lint --explain` for a properties file: the effective value of every known key, where it comes from,
 * and what Rudder uses when that differs from the value (a default in its place, a key lost to its sub-keys).
 */
import { findPropertyDef, isSecretProperty, type PropertyDef } from '../rudder';
import { PROPERTIES_HOVER } from '../messages/properties';
import type { PropertiesEvaluation } from './evaluate';
import { VALUE_TYPES } from './valueTypes';

export interface ExplainedProperties {
  /** `outcome`: what Rudder does with the key, when that is not simply using the value shown. */
  properties: { key: string; value: string; source: string; line?: number; outcome?: string }[];
}

/** The hover line of a key lost to its sub-keys (C9), by what the read of that key does then. */
export function lostTemplate(def: PropertyDef): 'lost' | 'lost-unset' | 'lost-start-fails' {
  const outcome = def.asObject ?? 'default';
  return outcome === 'default' ? 'lost' : outcome === 'unset' ? 'lost-unset' : 'lost-start-fails';
}

/** A hover template filled in (hovers and --explain show whole values, never a secret's). */
export function fill(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (all, key: string) => (key in args ? String(args[key]) : all));
}

/** `mainName` names the main file in `source`; secret values are shown as `(hidden)`. Lines are 1-based. */
export function explainProperties(ev: PropertiesEvaluation, mainName: string): ExplainedProperties {
  const name = (source: string) => (source === 'main' ? mainName : source);
  return {
    properties: [...ev.effective.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((p) => {
        const secret = isSecretProperty(p.key) && p.source !== 'default';
        const def = findPropertyDef(p.key);
        let outcome: string | undefined;
        if (p.lost && def) outcome = fill(PROPERTIES_HOVER[lostTemplate(def)], { uses: p.value === '' ? 'nothing' : p.value, source: name(p.lost.source), line: p.lost.line + 1 });
        else if (def && !secret) {
          const reading = VALUE_TYPES[def.type].reading(p.value, def, ev.version.version);
          if (reading.uses !== p.value) outcome = `${reading.uses === undefined ? PROPERTIES_HOVER.nothing : fill(PROPERTIES_HOVER.uses, { uses: reading.uses })}${reading.why ? PROPERTIES_HOVER[reading.why] : ''}`.replace(/`/g, '');
        }
        return {
          key: p.key,
          value: secret ? '(hidden)' : p.value,
          source: name(p.source),
          ...(p.entry ? { line: p.entry.line + 1 } : p.line !== undefined ? { line: p.line + 1 } : {}),
          ...(outcome ? { outcome } : {}),
        };
      }),
  };
}
