/** Entry point of `rudder-lint`. */
import { processIo } from './io';
import { main } from './main';

/**
 * A reader that goes away (`rudder-lint . | head`) is not an error: stop quietly with status 0, as ripgrep does,
 * instead of Node's EPIPE stack trace and exit 1, which CI would read as "errors found". Any other write error
 * is an I/O error: status 2.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    process.exit(e.code === 'EPIPE' ? 0 : 2);
  });
}

main(process.argv.slice(2), processIo()).then(
  (status) => (process.exitCode = status),
  (e: unknown) => {
    process.stderr.write(`rudder-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
