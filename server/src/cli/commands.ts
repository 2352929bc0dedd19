/**
 * The subcommands of `rudder-lint`: `rudder-lint NAME ARGS…` runs the command NAME; anything else is `lint`'s
 * arguments. Adding a command is one entry in `COMMANDS` (and its import).
 */
import type { Io } from './io';
import { lint } from './lint';
import { passwd } from './passwd';
import { diffCommand, upgradeCommand } from './review';
import { verify } from './verify';

export interface Command {
  name: string;
  /** One line for `rudder-lint --help`. */
  summary: string;
  /**
   * Run with the command's own arguments (without its name); returns the exit status. Throws `UsageError` for a
   * bad command line. `commands` is this table, for a help text that lists them.
   */
  run(argv: string[], io: Io, commands: readonly Command[]): number | Promise<number>;
}

/** The default command comes first. */
export const COMMANDS: readonly Command[] = [
  lint,
  { name: 'diff', summary: 'what a change does to access: users, rights, logins (rudder-lint diff --help)', run: (argv, io) => diffCommand(argv, { write: io.out, writeErr: io.err }) },
  { name: 'upgrade', summary: 'what an upgrade does to access, and what to do first (rudder-lint upgrade --help)', run: (argv, io) => upgradeCommand(argv, { write: io.out, writeErr: io.err }) },
  { name: 'passwd', summary: "set a user's password in rudder-users.xml (rudder-lint passwd --help)", run: (argv, io) => passwd(argv, io.out, io.err) },
  { name: 'verify', summary: "check a typed password against a user's stored one (rudder-lint verify --help)", run: (argv, io) => verify(argv, io.out, io.err) },
  // The server reads its transport from process.argv and ends the process itself (exit notification, closed pipe).
  { name: 'lsp', summary: 'the language server for editors, as rudder-lsp (rudder-lint lsp --stdio)', run: () => (require('../lsp/main'), new Promise<number>(() => undefined)) },
];
