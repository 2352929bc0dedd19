/**
 * The commands and requests the client and the server exchange, with their typed payloads: the one place their
 * ids are written. Imported by `client/src/`, `server/src/lsp/` and the service (code actions, the access table),
 * so an id or a payload cannot drift between the two sides. Plain data only: no Rudder knowledge, no transport.
 */

export const COMMANDS = {
  /** Client command: prompt twice for a new password, hash it client-side, send the hash. Args: `SetPasswordArgs`. */
  setPassword: 'rudder.setPassword',
  /**
   * Server command: which user a new password is for. Args: `[PasswordTargetArgs]`, returns `PasswordTarget`,
   * `PasswordRefused` (the user is there but a bcrypt hash would not verify) or `null` (no user there).
   */
  passwordTarget: 'rudder.passwordTarget',
  /** Server command: write a hash for a target. Args: `[ApplyPasswordHashArgs]`, returns `ApplyResult`. */
  applyPasswordHash: 'rudder.applyPasswordHash',
  /** Server command for clients without `codeAction/resolve`: hash a plan, then `workspace/applyEdit`. Args: `[plan]`. */
  hashPlan: 'rudder.hashPlan',
} as const;

/** The server's own commands (`executeCommandProvider`). */
export const SERVER_COMMANDS = [COMMANDS.passwordTarget, COMMANDS.applyPasswordHash, COMMANDS.hashPlan];

/** A user by identity, which survives edits elsewhere in the file: its name and its index among users of that name. */
export interface UserIdentity {
  name: string;
  occurrence: number;
}

/**
 * `rudder.setPassword`: from a code action (`user` known), from the palette (the user under the cursor), or from
 * the "new user" completion item (`newUserAt`: the offset of the `<` of the `<user` it inserted; the client asks
 * once the admin has left the new element, named).
 */
export interface SetPasswordArgs {
  uri: string;
  user?: UserIdentity;
  newUserAt?: number;
}

/** Either the user (from a code action) or the cursor offset in `version` of the document (from the palette). */
export interface PasswordTargetArgs {
  uri: string;
  user?: UserIdentity;
  offset?: number;
  version?: number;
}

export interface PasswordTarget {
  /** Opaque to the client: names the user and the exact value a hash will replace; sent back as is. */
  target: string;
  name: string;
  cost: number;
  /** bcrypt uses this many UTF-8 bytes of a password and ignores the rest. */
  maxBytes: number;
}

/** No new password for this user: why, for the admin. */
export interface PasswordRefused {
  refused: string;
}

export interface ApplyPasswordHashArgs {
  uri: string;
  target: string;
  hash: string;
}

export interface ApplyResult {
  applied: boolean;
  /** Why nothing was written, for the admin (never file text beyond the user name). */
  reason?: string;
}

/** The message of a refused edit: the file changed under an edit in flight. */
export const CHANGED_WHILE_HASHING = 'the file changed while hashing; nothing was written';

// The views: the requests behind the client's effective-access table, compare and upgrade reports and language
// status item, and the client commands that open them. The server computes everything; the client renders it.

export const VIEW_COMMANDS = {
  /** Opens the effective-access table of the active file's folder. */
  showAccess: 'rudder.showAccess',
  /** Shows what the active file changes against git HEAD or another file. */
  compareWith: 'rudder.compareWith',
  /** Shows what an upgrade to a chosen version does to the active file's folder. */
  checkUpgrade: 'rudder.checkUpgrade',
  /** Sets `rudder.version` from a quick pick (the language status item's command). */
  pickVersion: 'rudder.pickVersion',
  /** Runs the "Hash all plain-text passwords" source action of the active file. */
  hashAll: 'rudder.hashAllPasswords',
} as const;

/** The kind of the "Hash all plain-text passwords" source action, which `hashAll` runs. */
export const HASH_PASSWORDS_KIND = 'source.rudder.hashPasswords';

/**
 * The kind of the fix-all source action (`editor.codeActionsOnSave: { "source.fixAll.rudder": … }`): the
 * mechanical text fixes of a file in one edit. Hashing is never part of it: it is slow (a save participant has
 * under a second) and it replaces the only readable copy of a password, so it stays an explicit action.
 */
export const FIX_ALL_KIND = 'source.fixAll.rudder';

export const VIEW_REQUESTS = {
  /** `DocumentParams` → `DocumentStatus | null` */
  status: 'rudder/documentStatus',
  /** `DocumentParams` → `VersionChoices` */
  versions: 'rudder/versions',
  /** `DocumentParams` → `AccessTable | null` */
  access: 'rudder/access',
  /** `CompareParams` → `Report | null` */
  compare: 'rudder/compare',
  /** `UpgradeParams` → `Report | null` */
  upgrade: 'rudder/upgrade',
  /** `ConfiguredFilesParams` → `ConfiguredFiles`: the files the configuration files' globs add. */
  configuredFiles: 'rudder/configuredFiles',
} as const;

export interface ConfiguredFilesParams {
  /** `.rudder-lint.json` and `package.json` files found in the workspace. */
  uris: string[];
}

/** Absolute glob patterns (`/`-separated) of the extra files of each kind, from the configuration files' `files`. */
export interface ConfiguredFiles {
  users: string[];
  properties: string[];
}

export interface DocumentParams {
  uri: string;
}

/** The Rudder version a document is checked against, and why. */
export interface DocumentStatus {
  /** `X.Y` */
  version: string;
  source: 'setting' | 'inferred' | 'default';
  /** The status text, e.g. `Rudder 9.1 · inferred`. */
  label: string;
  /** Why this version, in words. */
  detail: string;
}

export interface VersionChoices {
  /** Every version `rudder.version` accepts, `auto` first. */
  settings: string[];
  /** The releases after the document's version, for "Check upgrade to…". */
  upgradeTargets: string[];
}

export interface AccessRow {
  name: string;
  /** Administrator-equivalent rights (`any`): every level of every type. */
  admin: boolean;
  /** By permission type (the `columns`); a type absent from the map grants nothing. */
  rights: Record<string, string[]>;
  loginPossible: boolean;
  /** Why login is impossible, when it is. */
  loginProblem?: string;
  /** The password's shape (`bcrypt cost 12`), never its value. */
  password: string;
  /** `all tenants`, `no tenant` or the list of tenants. */
  tenants: string;
}

/** Users × permission types of a folder, as Rudder loads them. */
export interface AccessTable {
  /** The folder of the files read. */
  folder: string;
  /** The files read (the users file and its sibling properties), by name. */
  files: string[];
  rudderVersion: string;
  /** Permission types, in column order. */
  columns: string[];
  /** Permission levels, in the order a cell lists them. */
  levels: string[];
  rows: AccessRow[];
  /** Rudder rejects the users file: nobody from it can log in after a restart. */
  usersFileRejected: boolean;
  /** Why a file was not read (over `rudder.maxFileSizeMB`), one sentence per file: its rows are missing. */
  notRead: string[];
}

/** Either the old text of the same file (git HEAD), or another file (its siblings from its own folder). */
export type CompareBase = { text: string; label: string } | { uri: string };

export interface CompareParams {
  uri: string;
  base: CompareBase;
}

export interface UpgradeParams {
  uri: string;
  /** `X.Y` */
  to: string;
}

/** A review in markdown (a table per user, escalations first), as `rudder-lint diff` / `upgrade` print it. */
export interface Report {
  title: string;
  markdown: string;
  escalations: number;
}
