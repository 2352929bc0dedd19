// Bundles the extension client, the language server and the CLI into dist/ (CommonJS, Node 20).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !watch,
  sourcemap: watch,
  mainFields: ['module', 'main'],
  define: { __SERVER_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: [htmlScannerEsm],
};
const bin = { banner: { js: '#!/usr/bin/env node' } };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, ...bin, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, ...bin, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/hashing/worker.ts'], outfile: 'dist/hashWorker.js' }),
]);
