/** What every checker produces: a rule id, a range and a message; turned into LSP diagnostics by the façade. */
import type { Severity } from './rules';
import type { OffsetRange } from './xml/scan';

export interface Finding {
  rule: string;
  range: OffsetRange;
  message: string;
  /** Overrides the rule's default severity where the truth depends on the era or a threshold. */
  severity?: Severity;
  /** Structured extras, e.g. `{ candidates }` for "did you mean". */
  data?: { candidates?: string[]; [key: string]: unknown };
  related?: { range: OffsetRange; message: string }[];
  /** The marked text has no effect (rendered faded by editors). */
  unnecessary?: boolean;
}

/** The "did you mean" candidates a diagnostic carries back from the client (untrusted: at most 3 strings). */
export function candidatesOf(d: { data?: unknown }): string[] {
  const list = (d.data as { candidates?: unknown } | undefined)?.candidates;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string').slice(0, 3) : [];
}
