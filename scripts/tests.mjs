// Runs one tier of the node:test suites (compiled to out/). A test file names its tier on a line of its own,
// `// @tier <name>`, near its top; files without one are in the fast `unit` tier (the data-driven tables).
//   unit        the pure service: tables of documents in, whole results out (seconds)
//   cli         the bundled rudder-lint run as a process
//   oracle      results compared with another implementation (the JDK, python3-bcrypt, htpasswd)
//   robustness  fuzzing and hostile inputs
//   protocol    the bundled server driven over stdio
//   io          file I/O under attack: --fix killed, full disks, concurrent runs, special files, passwd on a pty
//   dist        the npm package, npm run dist's executable, .deb and .rpm, and the adoption paths (test/dist/)
// Usage: node scripts/tests.mjs <tier> [more node --test arguments]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const TIERS = ['unit', 'cli', 'oracle', 'robustness', 'protocol', 'io', 'dist'];
const [tier, ...rest] = process.argv.slice(2);
if (!TIERS.includes(tier)) {
  console.error(`usage: node scripts/tests.mjs ${TIERS.join('|')} [node --test arguments]`);
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const SKIP = new Set(['vscode', 'clients', 'fixtures', 'workspace', 'node_modules']);

function* sources(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !SKIP.has(e.name)) yield* sources(join(dir, e.name));
    else if (e.isFile() && e.name.endsWith('.test.ts')) yield join(dir, e.name);
  }
}

const files = [...sources(join(root, 'test'))]
  .filter((file) => (/^\/\/ @tier (\S+)$/m.exec(readFileSync(file, 'utf8').slice(0, 2000))?.[1] ?? 'unit') === tier)
  .map((file) => join(root, 'out', relative(root, file)).replace(/\.ts$/, '.js'))
  .sort();
if (files.length === 0) {
  console.error(`no test file in tier ${tier}`);
  process.exit(1);
}
// The unit tier is pure computation: its files run on every core (node --test's default leaves one free). The
// other tiers keep the default, as their timing bounds and child processes assume.
const concurrency = tier === 'unit' && !rest.some((a) => a.startsWith('--test-concurrency')) ? [`--test-concurrency=${availableParallelism()}`] : [];
const r = spawnSync(process.execPath, ['--test', ...concurrency, ...rest, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
