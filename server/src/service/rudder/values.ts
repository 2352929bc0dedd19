/** How Typesafe Config, Scala and cron4s read values: booleans, ints, durations, cron. */
import { closest } from '../text';
import { since } from './releases';

/** Typesafe Config booleans: exactly these tokens, case-sensitive, not trimmed. */
export const BOOLEAN_TOKENS = { true: ['true', 'yes', 'on'], false: ['false', 'no', 'off'] } as const;
/** The booleans of rudder-users.xml attributes (`case-sensitivity`, `unsafe-hashes`; any case). */
export const XML_BOOLEAN_TOKENS = { true: ['true'], false: ['false'] } as const;
/** What admins write for a boolean, beyond the tokens a reader accepts. */
const BOOLEAN_ALIASES = { true: ['yes', 'on', '1', 'y', 'enabled'], false: ['no', 'off', '0', 'n', 'disabled'] };

/** The accepted token nearest to `value`: itself (trimmed, any case), the meaning of a known alias, or the closest spelling. */
export function nearestBooleanToken(value: string, accepted: { true: readonly string[]; false: readonly string[] }): string {
  const v = value.trim().toLowerCase();
  const all = [...accepted.true, ...accepted.false];
  const exact = all.find((t) => t === v);
  if (exact) return exact;
  if (BOOLEAN_ALIASES.true.includes(v)) return accepted.true[0];
  if (BOOLEAN_ALIASES.false.includes(v)) return accepted.false[0];
  return closest(v, all, 1)[0] ?? accepted.true[0];
}
const SPRING_BOOLEAN_TOKENS = { true: ['true', 'on', 'yes', '1'], false: ['false', 'off', 'no', '0'] } as const;

export function parseConfigBoolean(value: string): boolean | undefined {
  if ((BOOLEAN_TOKENS.true as readonly string[]).includes(value)) return true;
  return (BOOLEAN_TOKENS.false as readonly string[]).includes(value) ? false : undefined;
}

export function parseSpringBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if ((SPRING_BOOLEAN_TOKENS.true as readonly string[]).includes(v)) return true;
  return (SPRING_BOOLEAN_TOKENS.false as readonly string[]).includes(v) ? false : undefined;
}

/** Typesafe `getInt` on a string: `Long.parseLong`, else `Double.parseDouble` (trimmed) truncated; int range. */
export function parseConfigInt(value: string): number | undefined {
  let n: number | undefined;
  if (/^[+-]?\d+$/.test(value)) n = Number(value);
  else if (/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(value.trim())) n = Math.trunc(parseFloat(value.trim()));
  return n !== undefined && n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** Scala `Duration` unit labels: the first of each list has no plural, the others also take an `s`. */
export const DURATION_UNITS: readonly { labels: readonly string[]; ms: number }[] = [
  { labels: ['d', 'day'], ms: 86_400_000 },
  { labels: ['h', 'hr', 'hour'], ms: 3_600_000 },
  { labels: ['m', 'min', 'minute'], ms: 60_000 },
  { labels: ['s', 'sec', 'second'], ms: 1000 },
  { labels: ['ms', 'milli', 'millisecond'], ms: 1 },
  { labels: ['µs', 'micro', 'microsecond'], ms: 1e-3 },
  { labels: ['ns', 'nano', 'nanosecond'], ms: 1e-6 },
];
const DURATION_UNIT_MS = new Map(DURATION_UNITS.flatMap((u) => u.labels.flatMap((l, i) => (i === 0 ? [[l, u.ms] as const] : [[l, u.ms] as const, [`${l}s`, u.ms] as const]))));
/** Scala `Duration.apply` also reads these (white space removed first). */
export const DURATION_INFINITE = { positive: ['Inf', 'PlusInf', '+Inf'], negative: ['MinusInf', '-Inf'] } as const;
/** Scala durations hold at most 2^63-1 nanoseconds. */
const MAX_DURATION_MS = (2 ** 63 - 1) / 1e6;
/** What `rudder.auth.idle-timeout` falls back to, silently, when it cannot be read (and when it is missing). */
export const IDLE_TIMEOUT_FALLBACK_MS = 30 * 60_000;

export type ScalaDuration = { kind: 'finite'; ms: number } | { kind: 'infinite'; negative: boolean } | { kind: 'overflow' };

/**
 * `scala.concurrent.duration.Duration(s)`: white space is removed, the unit is the trailing run of letters
 * (case-sensitive), the number is read by `Double.parseDouble`. `never` is not a duration. A number that does
 * not fit in 2^63-1 nanoseconds (about 106,751 days) is an `overflow`: Scala throws `IllegalArgumentException`,
 * not the `NumberFormatException` of an unreadable value (scala/concurrent/duration/Duration.scala `fromNanos`).
 */
export function parseScalaDuration(text: string): ScalaDuration | undefined {
  const s = text.replace(JAVA_WHITESPACE, '');
  if ((DURATION_INFINITE.positive as readonly string[]).includes(s)) return { kind: 'infinite', negative: false };
  if ((DURATION_INFINITE.negative as readonly string[]).includes(s)) return { kind: 'infinite', negative: true };
  // The trailing letters (`Character.isLetter` on each UTF-16 unit), read from the end and no further than the
  // longest unit: a longer run is no unit, and a value of 80 KB of letters costs no more than a short one.
  let unitStart = s.length;
  while (unitStart > 0 && s.length - unitStart <= LONGEST_UNIT && isLetter(s.charCodeAt(unitStart - 1))) unitStart--;
  const factor = DURATION_UNIT_MS.get(s.slice(unitStart));
  const number = s.slice(0, unitStart);
  if (factor === undefined || !/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(number)) return undefined;
  const ms = Number(number) * factor;
  return Math.abs(ms) <= MAX_DURATION_MS ? { kind: 'finite', ms } : { kind: 'overflow' };
}

/** `2 hours`, `45 minutes`, `1.5 days`: the largest unit the duration reaches. */
export function formatDuration(ms: number): string {
  const unit = DURATION_UNITS.find((u) => Math.abs(ms) >= u.ms) ?? DURATION_UNITS[DURATION_UNITS.length - 1];
  const n = Math.round((ms / unit.ms) * 100) / 100;
  const name = unit.labels[unit.labels.length - 1];
  return `${n} ${name}${n === 1 ? '' : 's'}`;
}

/**
 * `Character.isWhitespace`: the Unicode space, line and paragraph separators except the no-break ones (U+00A0,
 * U+2007, U+202F), plus the controls 9–13 and 28–31. Not U+FEFF (a format character), which `\s` matches.
 */
const JAVA_WHITESPACE = /[\t-\r\u001c-\u0020\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/g;
const LONGEST_UNIT = Math.max(...[...DURATION_UNIT_MS.keys()].map((u) => u.length));
const LETTER = /\p{L}/u;
/** `Character.isLetter` of one UTF-16 unit (a surrogate is none). */
function isLetter(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return LETTER.test(String.fromCharCode(c));
}

/**
 * `rudder.users.cleanup.*` also read `never` (any case) from 8.1 (rudder@8.1 RC:1176 `case "never" =>
 * Duration.Infinity`); 7.3 and 8.0 only read durations (rudder@8.0 RC:1012-1014), so `never` there is a
 * `NumberFormatException`: an error in the log and the default.
 */
export const CLEANUP_NEVER = 'never';
export const CLEANUP_NEVER_READ = since('8.1');
/** `rudder.users.cleanup.cron`: this value (any case) disables the job. */
export const CRON_DISABLED = '@never';

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** cron4s fields: name, bounds, names accepted as values, whether `?` is allowed. */
const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: string[]; any?: boolean }[] = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, any: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES, any: true },
  { name: 'year', min: 1970, max: 2099 },
];

export type CronProblem = { kind: 'fields'; count: number } | { kind: 'field'; field: string; problem: string };

/**
 * Checks a cron4s expression as Rudder reads `rudder.users.cleanup.cron` (lowercased first): six fields
 * `sec min hour day-of-month month day-of-week` (an optional seventh, the year, is tolerated) with `*`, `?`,
 * ranges, lists and `/step`, or `@never`. Returns what is wrong, or undefined; the words name no file text.
 */
export function cronProblem(value: string): CronProblem | undefined {
  const v = value.trim().toLowerCase();
  if (v === CRON_DISABLED) return undefined;
  const fields = v === '' ? [] : v.split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return { kind: 'fields', count: fields.length };
  for (let i = 0; i < fields.length; i++) {
    const problem = cronFieldProblem(fields[i], CRON_FIELDS[i]);
    if (problem) return { kind: 'field', field: CRON_FIELDS[i].name, problem };
  }
  return undefined;
}

function cronFieldProblem(field: string, spec: (typeof CRON_FIELDS)[number]): string | undefined {
  if (field === '?') return spec.any ? undefined : '? only goes in the day of month or the day of week';
  const [base, step, extra] = field.split('/');
  if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)) || step === '0') return 'a step is written /N with N ≥ 1';
  if (base === '*') return undefined;
  for (const item of base.split(',')) {
    const bounds = item.split('-');
    if (bounds.length > 2) return 'not a value or a range';
    for (const b of bounds) {
      const value = cronValue(b, spec);
      if (value === undefined) return `not a number${spec.names ? ' or a name' : ''}`;
      if (value < spec.min || value > spec.max) return `outside ${spec.min}–${spec.max}`;
    }
  }
  return undefined;
}

/** A number, or a name counted from the field's minimum (jan = 1, mon = 0). */
function cronValue(text: string, spec: (typeof CRON_FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = spec.names?.indexOf(text) ?? -1;
  return i < 0 ? undefined : spec.min + i;
}

