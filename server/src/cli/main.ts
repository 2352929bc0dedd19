/**
 * `rudder-lint`: dispatch to a subcommand (`lint` unless the first argument names another one). Exit codes: 0
 * nothing found, 1 an error-severity diagnostic (or too many warnings), 2 usage, configuration or I/O error.
 */
import { COMMANDS } from './commands';
import { EXIT, UsageError, type Io } from './io';

export async function main(argv: string[], io: Io): Promise<number> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const [command, args] = named ? [named, argv.slice(1)] : [COMMANDS[0], argv];
  try {
    return await command.run(args, io, COMMANDS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`rudder-lint: ${e.message}\nRun 'rudder-lint${named ? ` ${named.name}` : ''} --help' for usage.\n`);
    return EXIT.USAGE;
  }
}
