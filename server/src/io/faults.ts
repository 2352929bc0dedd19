/**
 * A test seam for the write path, driven by the environment so the tests can run the real CLI:
 * `RUDDER_LINT_TEST_PAUSE=<step>` stops the process at that step (it prints `rudder-lint: paused at <step>` on
 * stderr, then sleeps until it is killed), `RUDDER_LINT_TEST_FAIL=<step>:<CODE>` makes that step fail as the
 * system call would (`write:ENOSPC` is a full disk after half the bytes), and `RUDDER_LINT_TEST_LOCK_WAIT_MS`
 * shortens the wait for a busy lock. Unset, each costs one lookup.
 */
export type WriteStep = 'locked' | 'temp-created' | 'write' | 'temp-written' | 'temp-synced' | 'renamed' | 'folder-synced';

export function checkpoint(step: WriteStep): void {
  if (process.env.RUDDER_LINT_TEST_PAUSE === step) {
    process.stderr.write(`rudder-lint: paused at ${step}\n`);
    const cell = new Int32Array(new SharedArrayBuffer(4));
    for (;;) Atomics.wait(cell, 0, 0, 60_000);
  }
}

/** The errno code the test asks `step` to fail with, if any. */
export function injectedFailure(step: WriteStep): string | undefined {
  const [at, code] = (process.env.RUDDER_LINT_TEST_FAIL ?? '').split(':');
  return at === step ? code : undefined;
}

export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${file}' (injected)`), { code, syscall, path: file });
}

/** How long to wait for another holder of a file's lock. */
export function lockWaitMs(): number {
  const ms = Number(process.env.RUDDER_LINT_TEST_LOCK_WAIT_MS);
  return Number.isFinite(ms) && ms >= 0 ? ms : 30_000;
}
