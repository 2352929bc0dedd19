/** Which Rudder version a document is checked against: the `rudder.version` setting, or inferred from the file. */
import { eraOf, formatVersion, isLegacyHashValue, LATEST_STABLE, parseVersion, versionOf, type Era, type RudderVersion } from './rudder';
import type { UsersModel } from './users/model';

export interface ResolvedVersion {
  version: RudderVersion;
  era: Era;
  /** `setting`: the admin chose it; `inferred`: read from the file; `default`: nothing to go on. */
  source: 'setting' | 'inferred' | 'default';
  /** Why this version, in words, for the hover of the root element. */
  reason: string;
}

/** `setting` is `auto` or `X.Y`; anything else is treated as `auto`. */
export function resolveVersion(setting: string, model?: UsersModel): ResolvedVersion {
  const explicit = setting === 'auto' ? undefined : parseVersion(setting);
  if (explicit) return make(explicit, 'setting', `set by rudder.version = ${formatVersion(explicit)}`);
  const inferred = model && inferFromUsers(model);
  if (inferred) return make(inferred.version, 'inferred', inferred.reason);
  return make(versionOf(LATEST_STABLE), 'default', `nothing in the file pins a version, so the latest stable (${LATEST_STABLE}) is assumed`);
}

function make(version: RudderVersion, source: ResolvedVersion['source'], reason: string): ResolvedVersion {
  return { version, era: eraOf(version), source, reason };
}

/** `hash="argon2id"` → 9.1; an `unsafe-hashes` attribute → 8.3; a legacy `hash` without it → 8.1. */
function inferFromUsers(model: UsersModel): { version: RudderVersion; reason: string } | undefined {
  const hash = model.hash?.value;
  if (hash !== undefined && hash.toLowerCase() === 'argon2id') return { version: { major: 9, minor: 1 }, reason: 'hash="argon2id" exists only in Rudder 9.x' };
  if (model.unsafeHashes) return { version: { major: 8, minor: 3 }, reason: 'the unsafe-hashes attribute exists only in Rudder 8.2–8.3' };
  if (hash !== undefined && hash.toLowerCase() === 'sha-1') return { version: { major: 8, minor: 3 }, reason: 'hash="sha-1" is recognised only by Rudder 8.2–8.3' };
  if (hash !== undefined && isLegacyHashValue(hash)) {
    return { version: { major: 8, minor: 1 }, reason: `hash="${hash}" without unsafe-hashes is how files looked up to Rudder 8.1` };
  }
  return undefined;
}
