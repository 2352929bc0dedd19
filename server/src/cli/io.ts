/** What a `rudder-lint` command talks to: output streams, standard input, environment and working directory. */

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input. */
  stdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Exit statuses: nothing found, an error-severity diagnostic (or more warnings than allowed), usage or I/O error. */
export const EXIT = { OK: 0, FOUND: 1, USAGE: 2 } as const;

/** A mistake in the command line or a configuration file: one line on stderr, exit 2, no stack trace. */
export class UsageError extends Error {}

/** The process's own streams. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
