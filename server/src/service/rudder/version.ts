/**
 * Which Rudder version a document is checked against: the `rudder.version` setting, or inferred from what
 * only some releases write in rudder-users.xml, or the latest stable release.
 */
import { hashValueLabel, isLegacyHashValue, UNSAFE_HASHES_READ } from './hashes';
import { eraOf, formatVersion, LATEST_STABLE, parseVersion, versionOf, type Era, type Release, type RudderVersion } from './releases';

export interface ResolvedVersion {
  version: RudderVersion;
  era: Era;
  /** `setting`: the admin chose it; `inferred`: read from the file; `default`: nothing to go on. */
  source: 'setting' | 'inferred' | 'default';
  /** Why this version, in words, for the hover of the root element. */
  reason: string;
}

/** What version inference reads from a users file (a `UsersModel` is one). */
export interface VersionHints {
  hash?: { value?: string };
  unsafeHashes?: unknown;
}

/**
 * `setting` is `auto` or `X.Y`; anything else is treated as `auto`. `setBy`: the configuration file that set it,
 * when it is not the `rudder.version` setting.
 */
export function resolveVersion(setting: string, hints?: VersionHints, setBy?: string): ResolvedVersion {
  const explicit = setting === 'auto' ? undefined : parseVersion(setting);
  if (explicit) return make(explicit, 'setting', setBy ? `set by "version": "${formatVersion(explicit)}" in ${setBy}` : `set by rudder.version = ${formatVersion(explicit)}`);
  const inferred = hints && inferFromUsers(hints);
  if (inferred) return make(versionOf(inferred.release), 'inferred', inferred.reason);
  return make(versionOf(LATEST_STABLE), 'default', `nothing in the file pins a version, so the latest stable (${LATEST_STABLE}) is assumed`);
}

function make(version: RudderVersion, source: ResolvedVersion['source'], reason: string): ResolvedVersion {
  return { version, era: eraOf(version), source, reason };
}

/**
 * What a file written by some releases only says about its version, first match wins: `hash="argon2id"` → 9.1
 * (only 9.x recognise it); an `unsafe-hashes` attribute → 8.3 (8.2–8.3 write it at start-up); `hash="sha-1"` →
 * 8.3 (only 8.2–8.3 recognise it); another legacy `hash` without `unsafe-hashes` → 8.1 (8.2+ would have added it).
 */
const INFERENCE: readonly { release: Release; when: (hash: string | undefined, h: VersionHints) => boolean; reason: (hash: string) => string }[] = [
  { release: '9.1', when: (hash) => hash === 'argon2id', reason: () => `hash="argon2id" exists only in ${hashValueLabel('argon2id')}` },
  { release: '8.3', when: (_, h) => h.unsafeHashes !== undefined, reason: () => `the unsafe-hashes attribute exists only in ${UNSAFE_HASHES_READ.label(versionOf('8.2'))}` },
  { release: '8.3', when: (hash) => hash === 'sha-1', reason: () => `hash="sha-1" is recognised only by ${hashValueLabel('sha-1')}` },
  {
    release: '8.1',
    when: (hash) => hash !== undefined && isLegacyHashValue(hash),
    reason: (hash) => `hash="${hash}" without unsafe-hashes is how files looked up to Rudder 8.1`,
  },
];

function inferFromUsers(hints: VersionHints): { release: Release; reason: string } | undefined {
  const raw = hints.hash?.value;
  const hash = raw?.toLowerCase();
  const rule = INFERENCE.find((r) => r.when(hash, hints));
  return rule && { release: rule.release, reason: rule.reason(raw ?? '') };
}
