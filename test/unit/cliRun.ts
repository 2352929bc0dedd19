/** `rudder-lint`'s `main` run in-process with captured output, as bin.ts runs it. */
import { main } from '../../server/src/cli/main';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The working directory (the process's is changed for the run). */
  cwd?: string;
  stdin?: string;
  env?: Record<string, string | undefined>;
}

export async function runMain(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const previous = process.cwd();
  let stdout = '';
  let stderr = '';
  if (options.cwd) process.chdir(options.cwd);
  try {
    const status = await main(args, {
      out: (s) => (stdout += s),
      err: (s) => (stderr += s),
      stdin: async () => options.stdin ?? '',
      env: options.env ?? {},
      cwd: process.cwd(),
    });
    return { status, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}
