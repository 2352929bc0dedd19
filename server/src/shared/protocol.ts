/**
 * The commands the client and the server exchange, with their typed payloads: the one place their ids are
 * written. Imported by `client/src/extension.ts`, `server/src/lsp/` and the code actions of the service, so an id
 * or a payload cannot drift between the two sides. Plain data only: no Rudder knowledge, no transport.
 */

export const COMMANDS = {
  /** Client command: prompt twice for a new password, hash it client-side, send the hash. Args: `SetPasswordArgs`. */
  setPassword: 'rudder.setPassword',
  /** Server command: which user a new password is for. Args: `[PasswordTargetArgs]`, returns `PasswordTarget | null`. */
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

/** `rudder.setPassword`: from a code action (`user` known) or from the palette (the cursor, in `offset`). */
export interface SetPasswordArgs {
  uri: string;
  user?: UserIdentity;
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
