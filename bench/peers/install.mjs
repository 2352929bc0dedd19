/**
 * The peers of the benchmark (other language servers driven the same way as ours), installed on first use into
 * a cache folder with `npm install --prefix`, not as dependencies of the project: vscode-langservers-extracted
 * (VS Code's HTML server among others) weighs about 100 MB with the TypeScript it bundles. Later runs find them
 * there and need no network; a peer that cannot be installed is reported and left out.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PEERS_DIR = path.join(ROOT, 'node_modules', '.cache', 'rudder-bench-peers');
const PACKAGES = ['vscode-langservers-extracted@4.10.0', '@xml-tools/parser@1.0.12', '@xml-tools/ast@5.0.5', '@xml-tools/constraints@1.1.1'];

function installed(spec) {
  const name = spec.slice(0, spec.lastIndexOf('@'));
  const version = spec.slice(spec.lastIndexOf('@') + 1);
  try {
    return JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version === version;
  } catch {
    return false;
  }
}

/** Installs what is missing; returns the peers that can run, and why the others cannot. */
export function ensurePeers() {
  const missing = PACKAGES.filter((p) => !installed(p));
  let error;
  if (missing.length) {
    fs.mkdirSync(PEERS_DIR, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...PACKAGES], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) error = (r.stderr || r.error?.message || `npm exited with ${r.status}`).trim().split('\n').slice(-1)[0];
  }
  const html = path.join(PEERS_DIR, 'node_modules', 'vscode-langservers-extracted', 'bin', 'vscode-html-language-server');
  const env = { ...process.env, RUDDER_BENCH_PEERS: PEERS_DIR };
  const peers = [];
  const unavailable = [];
  if (installed(PACKAGES[0]) && fs.existsSync(html)) {
    peers.push({ name: 'vscode-html-language-server 4.10.0', languageId: 'html', command: [process.execPath, html, '--stdio'], initializationOptions: { provideFormatter: false, embeddedLanguages: { css: true, javascript: true } } });
  } else unavailable.push(`vscode-html-language-server: ${error ?? 'not installed'}`);
  if (PACKAGES.slice(1).every(installed)) {
    peers.push({ name: "SAP's @xml-tools (parser 1.0.12, ast 5.0.5, constraints 1.1.1)", languageId: 'xml', command: [process.execPath, fileURLToPath(new URL('xmlToolsServer.mjs', import.meta.url)), '--stdio'], env });
  } else unavailable.push(`@xml-tools: ${error ?? 'not installed'}`);
  return { peers, unavailable };
}
