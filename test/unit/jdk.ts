/**
 * The JDK the oracle tests compare with (javac + java on PATH). Without one, an oracle test fails in CI
 * (`CI=true`) and is skipped elsewhere, saying why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** Why the JDK cannot be run, or undefined when it can. */
function jdkMissing(): string | undefined {
  for (const tool of ['javac', 'java']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `${tool} not runnable (${probe.error?.message ?? probe.stderr})`;
  }
  return undefined;
}

/** Whether the oracle test `t` can run: true with a JDK; without one it fails in CI and is skipped elsewhere. */
export function jdkOrSkip(t: TestContext): boolean {
  const missing = jdkMissing();
  if (!missing) return true;
  const message = `JDK oracle unavailable: ${missing}. Install a JDK (javac + java on PATH) to run it.`;
  if (process.env.CI === 'true') assert.fail(message);
  t.skip(message);
  return false;
}
