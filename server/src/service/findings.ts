/**
 * What every checker produces: a rule, the catalogue variant that words it, a range and the rendered text;
 * turned into LSP diagnostics by the façade. Checkers build findings with `finding`, so every message comes
 * from the catalogue (`messages/`).
 */
import { say, type Catalogue, type MessageRule, type VariantOf } from './messages';
import type { ArgsOf } from './messages/catalogue';
import type { RuleId, Severity } from './rules';
import type { OffsetRange } from './xml/scan';

export interface Finding {
  rule: RuleId;
  /** The catalogue entry of the rule that words this finding. */
  variant?: string;
  range: OffsetRange;
  message: string;
  /** The longer explanation: hover and docs. */
  detail?: string;
  /** Overrides the rule's default severity where the truth depends on the era or a threshold. */
  severity?: Severity;
  /** Structured extras, e.g. `{ candidates }` for "did you mean". */
  data?: { candidates?: string[]; [key: string]: unknown };
  related?: { range: OffsetRange; message: string }[];
  /** The marked text has no effect (rendered faded by editors). */
  unnecessary?: boolean;
}

export type FindingExtras = Pick<Finding, 'severity' | 'data' | 'related' | 'unnecessary'>;

/**
 * A finding worded by the catalogue entry `rule`/`variant` with `args`. It owns its ranges (copies of `range` and
 * of the related ones): an incremental analysis moves a kept finding by shifting them in place, and the model's
 * ranges are shifted on their own (`users/reparse.ts`), so no range object may be shared between the two.
 */
export function finding<R extends MessageRule & RuleId, V extends VariantOf<R>>(rule: R, variant: V, args: ArgsOf<Catalogue[R][V]>, range: OffsetRange, extras: FindingExtras = {}): Finding {
  const text = say(rule, variant, args);
  const f: Finding = { rule, variant, range: { start: range.start, end: range.end }, message: text.message, ...(text.detail ? { detail: text.detail } : {}), ...extras };
  if (extras.related) f.related = extras.related.map((r) => ({ range: { start: r.range.start, end: r.range.end }, message: r.message }));
  return f;
}

/** Moves a range a finding owns to where `to` is, in place (a kept finding, placed again after an edit). */
export function placeRange(r: OffsetRange, to: OffsetRange): void {
  r.start = to.start;
  r.end = to.end;
}

/** The "did you mean" candidates a diagnostic carries back from the client (untrusted: at most 3 strings). */
export function candidatesOf(d: { data?: unknown }): string[] {
  const list = (d.data as { candidates?: unknown } | undefined)?.candidates;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string').slice(0, 3) : [];
}
