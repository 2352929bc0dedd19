/**
 * Rudder's release timeline: the releases this project knows, oldest first, and behaviours as timelines over
 * them. Every version-dependent fact of the knowledge package is a `Timeline` ("bcrypt from 7.3, argon2id from
 * 9.0"); eras and the labels messages use ("Rudder 8.2–8.3", "Rudder 9.0+") are derived from timelines, never
 * written by hand. Nothing outside `service/rudder/` names a version or compares two.
 *
 * Source: the release branches of Normation/rudder (`branches/rudder/X.Y`); 10.0 is a branch with no release
 * yet, and behaves like 9.2 for everything checked here (rudder-spec.md, header).
 */

/** Every release line, oldest first. A version after the last one behaves like the last one. */
export const RELEASES = ['7.0', '7.1', '7.2', '7.3', '8.0', '8.1', '8.2', '8.3', '9.0', '9.1', '9.2', '10.0'] as const;
export type Release = (typeof RELEASES)[number];

export interface RudderVersion {
  major: number;
  minor: number;
}

/** The version `auto` assumes when the file gives no hint: the latest stable release line. */
export const LATEST_STABLE: Release = '9.1';

/** Versions offered in settings and completion, oldest first. */
export const KNOWN_VERSIONS: readonly Release[] = RELEASES;

export function parseVersion(text: string): RudderVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)\s*$/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatVersion(v: RudderVersion): string {
  return `${v.major}.${v.minor}`;
}

export function compareVersions(a: RudderVersion, b: RudderVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function isKnownRelease(text: string): text is Release {
  return (RELEASES as readonly string[]).includes(text);
}

const RELEASE_VERSIONS: readonly RudderVersion[] = RELEASES.map((r) => parseVersion(r)!);

/** Index in RELEASES of the release line `v` behaves like: the last one not after it (the first one for older versions). */
function releaseIndex(v: RudderVersion): number {
  let i = 0;
  while (i + 1 < RELEASE_VERSIONS.length && compareVersions(RELEASE_VERSIONS[i + 1], v) <= 0) i++;
  return i;
}

export function releaseOf(v: RudderVersion): Release {
  return RELEASES[releaseIndex(v)];
}

export function versionOf(r: Release): RudderVersion {
  return RELEASE_VERSIONS[RELEASES.indexOf(r)];
}

/** Releases `[from, to]` over which something holds; `to` undefined: up to the newest release and after. */
export interface Span {
  from: Release;
  to?: Release;
}

/**
 * "Rudder 8.2–8.3", "Rudder 9.x" (every release of one major), "Rudder 7.2 and older" (from the oldest
 * release we know), "Rudder 9.0+" (open-ended), "Rudder 8.1" (one release).
 */
export function spanLabel(span: Span): string {
  const first = RELEASES[0];
  if (span.to === undefined) return span.from === first ? 'every Rudder version' : `Rudder ${span.from}+`;
  if (span.from === span.to) return `Rudder ${span.from}`;
  if (span.from === first) return `Rudder ${span.to} and older`;
  const major = (r: Release) => r.split('.')[0];
  const sameMajor = RELEASES.filter((r) => major(r) === major(span.from));
  if (major(span.from) === major(span.to) && sameMajor[0] === span.from && sameMajor[sameMajor.length - 1] === span.to) return `Rudder ${major(span.from)}.x`;
  return `Rudder ${span.from}–${span.to}`;
}

/**
 * A behaviour over the release timeline: `value` from each listed release on, until the next listed one.
 * The first step must be the oldest release, so every version has a value.
 */
export class Timeline<T> {
  private readonly steps: readonly { index: number; value: T }[];

  constructor(steps: Partial<Record<Release, T>>) {
    const entries = (Object.entries(steps) as [Release, T][]).map(([r, value]) => ({ index: RELEASES.indexOf(r), value })).sort((a, b) => a.index - b.index);
    if (entries.length === 0 || entries[0].index !== 0) throw new Error(`a timeline must start at ${RELEASES[0]}`);
    this.steps = entries;
  }

  private step(v: RudderVersion): number {
    const i = releaseIndex(v);
    let s = 0;
    while (s + 1 < this.steps.length && this.steps[s + 1].index <= i) s++;
    return s;
  }

  at(v: RudderVersion): T {
    return this.steps[this.step(v)].value;
  }

  /** The releases over which the value at `v` holds. */
  span(v: RudderVersion): Span {
    const s = this.step(v);
    const next = this.steps[s + 1];
    return { from: RELEASES[this.steps[s].index], to: next ? RELEASES[next.index - 1] : undefined };
  }

  /** "Rudder 8.2–8.3": the label of the span where the value at `v` holds. */
  label(v: RudderVersion): string {
    return spanLabel(this.span(v));
  }

  /** The first release from which the value is `value`, if it ever is. */
  firstWhere(predicate: (value: T) => boolean): Release | undefined {
    const s = this.steps.find((x) => predicate(x.value));
    return s && RELEASES[s.index];
  }

  /** "Rudder 8.2+": the label of the first span where the value satisfies `predicate`, if any. */
  labelWhere(predicate: (value: T) => boolean): string | undefined {
    const release = this.firstWhere(predicate);
    return release && this.label(versionOf(release));
  }

  /** Every distinct step, oldest first (for docs and upgrade reports). */
  history(): { span: Span; value: T }[] {
    return this.steps.map((s, i) => ({ span: { from: RELEASES[s.index], to: this.steps[i + 1] ? RELEASES[this.steps[i + 1].index - 1] : undefined }, value: s.value }));
  }
}

/** `true` from `release` on, `false` before. */
export function since(release: Release): Timeline<boolean> {
  return release === RELEASES[0] ? new Timeline({ [release]: true }) : new Timeline({ [RELEASES[0]]: false, [release]: true });
}

/** `true` up to and including `release`, `false` after. */
export function until(release: Release): Timeline<boolean> {
  const next = RELEASES[RELEASES.indexOf(release) + 1];
  return next ? new Timeline({ [RELEASES[0]]: true, [next]: false }) : new Timeline({ [RELEASES[0]]: true });
}

/** `true` on the releases `[from, to]` only. */
export function between(from: Release, to: Release): Timeline<boolean> {
  const next = RELEASES[RELEASES.indexOf(to) + 1];
  const steps: Partial<Record<Release, boolean>> = { [RELEASES[0]]: false, [from]: true };
  if (next) steps[next] = false;
  return new Timeline(steps);
}

/**
 * How Rudder reads `rudder-users.xml`, in four eras (rudder-spec.md): ≤ 7.2 one verifier and no custom roles,
 * 7.3–8.1 the user-management plugin, 8.2–8.3 per-password detection and `unsafe-hashes`, 9.0+ argon2id.
 */
export type Era = 'E1' | 'E2' | 'E3' | 'E4';
export const ERAS = new Timeline<Era>({ '7.0': 'E1', '7.3': 'E2', '8.2': 'E3', '9.0': 'E4' });

export function eraOf(v: RudderVersion): Era {
  return ERAS.at(v);
}

/** Human label of an era, derived from the timeline ("Rudder 8.2–8.3"). */
export function eraLabel(era: Era): string {
  return spanLabel(ERAS.history().find((h) => h.value === era)!.span);
}
