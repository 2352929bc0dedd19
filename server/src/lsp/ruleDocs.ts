/**
 * The docs/rules.md the diagnostics link to. The .vsix and the npm package ship docs/ beside dist/, so the link
 * is a file: URL to that copy and opens without network (Rudder servers are often air-gapped); without a copy
 * (the single executable of `npm run dist`, a build run from out/) it is the published page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES_DOC_URL } from '../service/rules';

/** `serverDir`: the folder of the running bundle (dist/). */
export function rulesDocFor(serverDir: string): string {
  const file = path.resolve(serverDir, '..', 'docs', 'rules.md');
  return fs.existsSync(file) ? pathToFileURL(file).href : RULES_DOC_URL;
}
