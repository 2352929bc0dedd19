/**
 * The hash worker inside the single executable (`npm run dist`): there is no hashWorker.js beside the binary,
 * so the worker is an asset of it (an ES module, since a data: URL worker is loaded as one).
 */
export const EMBEDDED_WORKER_ASSET = 'hashWorker.mjs';

/** The embedded worker as a data: URL, or undefined outside a single executable (or on a Node without node:sea). */
export function embeddedHashWorker(): URL | undefined {
  let sea: typeof import('node:sea');
  try {
    sea = require('node:sea');
  } catch {
    return undefined;
  }
  if (!sea.isSea()) return undefined;
  return new URL(`data:text/javascript;base64,${Buffer.from(sea.getAsset(EMBEDDED_WORKER_ASSET)).toString('base64')}`);
}
