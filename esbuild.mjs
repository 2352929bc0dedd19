// Bundles the extension client, the language server and the CLI into dist/ (CommonJS, for the Node version of
// package.json's engines.node). scripts/dist/build.mjs reuses `common` for the single executable.
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The scanner's UMD build loads its dependencies with a dynamic require; bundle its ESM twin instead. */
const htmlScannerEsm = {
  name: 'html-scanner-esm',
  setup(b) {
    b.onResolve({ filter: /^vscode-html-languageservice\/lib\/umd\// }, (args) => ({
      path: require.resolve(`${args.path.replace('/lib/umd/', '/lib/esm/')}.js`),
    }));
  },
};

const { version, engines } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
/** The oldest Node the bundles run on: engines.node ">=N" is the one place that says it. */
export const nodeTarget = `node${/^>=(\d+)$/.exec(engines.node)[1]}`;
const watch = process.argv.includes('--watch');
export const common = {
  bundle: true,
  platform: 'node',
  target: nodeTarget,
  format: 'cjs',
  minify: !watch,
  sourcemap: watch,
  mainFields: ['module', 'main'],
  define: { __SERVER_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: [htmlScannerEsm],
};
const bin = { banner: { js: '#!/usr/bin/env node' } };

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await Promise.all([
    build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    build({ ...common, ...bin, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
    build({ ...common, ...bin, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js' }),
    build({ ...common, entryPoints: ['server/src/hashing/worker.ts'], outfile: 'dist/hashWorker.js' }),
  ]);
  // The npm package's rudder-lsp: dist/cli.js holds the server too (`rudder-lint lsp`), so the package ships
  // one bundle of the language service instead of two (dist/server.js is the .vsix's).
  writeFileSync('dist/lsp.js', `${bin.banner.js}\nprocess.argv.splice(2, 0, 'lsp');\nrequire('./cli.js');\n`);
  // Executable whatever the umask or an earlier build left: a symlink to them is a command (ALE checks the mode).
  for (const file of ['dist/cli.js', 'dist/server.js', 'dist/lsp.js']) chmodSync(file, 0o755);
}
