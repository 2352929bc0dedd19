#!/usr/bin/env node
// Runs the integration suite (test/vscode/suite) inside a REAL VS Code: code-server's server + web workbench,
// driven headlessly by Debian's chromium through playwright-core. Nothing is downloaded at run time.
//
// The extension under test is the repository itself (package.json `main: ./dist/extension.js`, so run
// `npm run build` first). It runs in the remote (node) extension host of the VS Code server and starts
// dist/server.js over node IPC exactly as on desktop. The tests open test/workspace.
// With --vsix FILE it is that package instead, installed (code-server --install-extension) into the throw-away
// extensions dir. VS Code runs extensionTestsPath only along with an extensionDevelopmentPath: that is then an
// empty extension of another id, made here. The suite checks that the extension it tests was loaded from the
// folder named in $RUDDER_TEST_EXTENSION_PATH: the repository, or the installed package.
//
// Usage: node test/vscode/run.js [--screenshot test-results/problems.png] [--timeout 300] [--verbose] [--keep-data]
//                                [--vsix FILE] [--grep PATTERN (only the tests whose title matches)]
// run-vsix.js runs the @smoke tests on ./rudder-security-config.vsix.
// Screenshots are taken while the tests run (the extension host, and with it the diagnostics, is gone once they
// end): the suite logs SCREENSHOT_REQUEST and waits for the file named by $RUDDER_TEST_SCREENSHOT (see helpers.js).
// What the workbench shows (the status bar's problem counts, squiggles drawn) is read the same way: the suite logs
// QUERY_REQUEST with a file name and a CSS selector, the runner writes the matching elements as JSON to that file;
// CLICK_REQUEST clicks the first element matching a (playwright) selector, as a user does, and writes the outcome;
// TYPE_REQUEST types a JSON string in the focused editor one key at a time (quick suggestions and trigger
// characters as typed) and PRESS_REQUEST presses one key (Enter, Tab, Escape), then write `true`.
// Install the harness first: bash test/vscode/setup.sh. When it is missing the run is skipped (exit 0), or
// fails (exit 1) when CI=true.
// Exit code: 0 all tests passed, 1 a test failed, none ran, or the harness is missing on CI, 2 runner error (a
// missing dist/ or .vsix included), 124 timeout.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '../..');
const CODE_SERVER = path.join(HERE, 'node_modules/.bin/code-server');
const SUMMARY = /^\s*(\d+) passed, (\d+) failed(, \d+ skipped)?\s*$/;
const SCREENSHOT_REQUEST = 'rudder-test: screenshot';
const QUERY_REQUEST = 'rudder-test: query ';
const CLICK_REQUEST = 'rudder-test: click ';
const TYPE_REQUEST = 'rudder-test: type ';
const PRESS_REQUEST = 'rudder-test: press ';
/** The stand-in extensionDevelopmentPath of a --vsix run: an extension without code, of its own id. */
const STAND_IN_MANIFEST = { name: 'vsix-test-stand-in', publisher: 'rudder-test', version: '0.0.0', engines: { vscode: '*' } };

function parseArgs(argv) {
  const a = {
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    screenshot: path.join(ROOT, 'test-results/problems.png'),
    timeout: 300,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--screenshot': a.screenshot = path.resolve(value()); break;
      case '--timeout': a.timeout = Number(value()); break;
      case '--verbose': a.verbose = true; break;
      case '--keep-data': a.keepData = true; break;
      case '--vsix': a.vsix = path.resolve(value()); break;
      case '--grep': a.grep = value(); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return a;
}

/** What the harness lacks (see setup.sh); the extension itself must be built. */
function missingPrerequisites(a) {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
  for (const dep of ['playwright-core', 'mocha']) {
    try { require.resolve(dep, { paths: [HERE] }); } catch { missing.push(`npm package ${dep}`); }
  }
  try { fs.accessSync(a.chromium, fs.constants.X_OK); } catch { missing.push(`chromium (${a.chromium})`); }
  return missing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

function waitHttp(url, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => http.get(url, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', () => (Date.now() > end ? reject(new Error(`code-server did not answer ${url}`)) : setTimeout(attempt, 200)));
    attempt();
  });
}

/** A throw-away user-data dir (settings for a quiet, hermetic workbench) and extensions dir. */
function makeDataDir() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-vscode-test-'));
  fs.mkdirSync(path.join(dataDir, 'user-data/User'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'extensions'));
  fs.writeFileSync(path.join(dataDir, 'user-data/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
    // The web workbench saves edits after a second by default: the tests edit test/workspace and never save.
    'files.autoSave': 'off',
  }, null, 2));
  return dataDir;
}

/** code-server's arguments and environment for the throw-away profile of `dataDir`. */
function codeServerProfile(dataDir) {
  return {
    args: ['--user-data-dir', path.join(dataDir, 'user-data'), '--extensions-dir', path.join(dataDir, 'extensions'),
      '--config', path.join(dataDir, 'config.yaml')],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(dataDir, 'xdg-config'),
      XDG_DATA_HOME: path.join(dataDir, 'xdg-data'),
      // No marketplace: code-server's default (open-vsx.org) is unreachable offline.
      EXTENSIONS_GALLERY: '{}',
    },
  };
}

/** Installs `vsix` into the extensions dir of `dataDir`; returns the folder it was unpacked into. */
function installVsix(dataDir, vsix) {
  const profile = codeServerProfile(dataDir);
  const r = spawnSync(CODE_SERVER, ['--install-extension', vsix, ...profile.args], { env: profile.env, encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`could not install ${vsix} (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  const [installed, ...others] = JSON.parse(fs.readFileSync(path.join(dataDir, 'extensions/extensions.json'), 'utf8'));
  if (!installed || others.length) throw new Error(`installing ${vsix} did not install exactly one extension`);
  return installed.location.fsPath;
}

/** The extensionDevelopmentPath of a --vsix run (see STAND_IN_MANIFEST). */
function makeStandIn(dataDir) {
  const dir = path.join(dataDir, 'stand-in');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(STAND_IN_MANIFEST, null, 2));
  return dir;
}

/** `testEnv`: what the suite reads from its environment (the server passes its own to the extension host). */
function startCodeServer(host, dataDir, testEnv, verbose) {
  const profile = codeServerProfile(dataDir);
  const args = [
    '--auth', 'none', '--bind-addr', host,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ...profile.args,
  ];
  if (verbose) args.push('--log', 'trace');
  const env = {
    ...profile.env,
    // Newer VS Code builds ignore the extension-development payload of the URL without the smoke-test driver.
    VSCODE_OPTIONS: 'enable-smoke-test-driver',
    ...testEnv,
  };
  // Own process group, so that the whole tree (extension host, language server) can be killed at the end.
  const cs = spawn(CODE_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  const output = [];
  const onData = (d) => { output.push(d.toString()); if (verbose) process.stdout.write(`[code-server] ${d}`); };
  cs.stdout.on('data', onData);
  cs.stderr.on('data', onData);
  return { cs, output };
}

async function run(argv) {
  const a = parseArgs(argv);
  if (a.vsix) {
    if (!fs.existsSync(a.vsix)) {
      console.error(`vscode tests: ${a.vsix} is missing: build it with \`npm run package\``);
      return 2;
    }
  } else {
    for (const f of ['dist/extension.js', 'dist/server.js']) {
      if (!fs.existsSync(path.join(ROOT, f))) {
        console.error(`vscode tests: ${f} is missing: run \`npm run build\` first`);
        return 2;
      }
    }
  }
  const missing = missingPrerequisites(a);
  if (missing.length) {
    const msg = `vscode tests: missing ${missing.join(', ')}: run \`bash test/vscode/setup.sh\``;
    if (process.env.CI === 'true') { console.error(`FAIL ${msg}`); return 1; }
    console.log(`SKIPPED ${msg}`);
    return 0;
  }

  const { chromium } = require(require.resolve('playwright-core', { paths: [HERE] }));
  const t0 = Date.now();
  const log = (...m) => console.log(`[runner +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);
  const dataDir = makeDataDir();
  let cs;
  let output = [];
  let csExited = false;
  let browser;
  try {
    let developmentPath = ROOT;
    let extensionPath = ROOT;
    if (a.vsix) {
      extensionPath = installVsix(dataDir, a.vsix);
      developmentPath = makeStandIn(dataDir);
      log('installed', path.basename(a.vsix), 'into', extensionPath);
    }
    const host = `127.0.0.1:${await freePort()}`;
    fs.rmSync(a.screenshot, { force: true });
    ({ cs, output } = startCodeServer(host, dataDir, {
      RUDDER_TEST_SCREENSHOT: a.screenshot,
      RUDDER_TEST_EXTENSION_PATH: extensionPath,
      RUDDER_TEST_GREP: a.grep,
    }, a.verbose));
    cs.on('exit', () => { csExited = true; });
    await waitHttp(`http://${host}/healthz`, 60000);
    log('code-server is up on', host);
    browser = await chromium.launch({
      executablePath: a.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    // The suite has opened the Problems panel: wait for its rows to render, then write the picture atomically
    // (the suite is waiting for the file to appear). A request naming a file (next to --screenshot) is for a view
    // the suite has already seen rendered.
    const screenshot = async (named) => {
      const file = named ? path.join(path.dirname(a.screenshot), path.basename(named)) : a.screenshot;
      if (!named) {
        await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 10000 })
          .catch(() => log('the Problems panel shows no row'));
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, await page.screenshot());
      fs.renameSync(`${file}.tmp`, file);
      log('screenshot', file);
    };
    // `rudder-test: query NAME SELECTOR`: the text and aria-label of each element of the workbench's page that
    // matches SELECTOR, written atomically to NAME beside --screenshot.
    const answer = (name, value) => {
      const file = path.join(path.dirname(a.screenshot), path.basename(name));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
      fs.renameSync(`${file}.tmp`, file);
    };
    const query = async (request) => {
      const [name, ...selector] = request.split(' ');
      answer(name, await page.$$eval(selector.join(' '), (els) => els.map((e) => ({ text: e.textContent, label: e.getAttribute('aria-label') }))));
    };
    // `rudder-test: click NAME SELECTOR`: `{ clicked: true }` or `{ error }` in NAME.
    const click = async (request) => {
      const [name, ...selector] = request.split(' ');
      answer(name, await page.click(selector.join(' '), { timeout: 10000 }).then(() => ({ clicked: true }), (e) => ({ error: e.message })));
    };
    const keys = async (request, press) => {
      const [name, ...what] = request.split(' ');
      await press(what.join(' '));
      answer(name, true);
    };
    let summary;
    let reportExit;
    const exited = new Promise((resolve) => { reportExit = resolve; });
    // The workbench reports through these when it runs under automation (the contract of @vscode/test-web):
    // all console output, including the extension host's (mocha's reporter), then the tests' exit code.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const msg = util.format(...args);
      const m = SUMMARY.exec(msg);
      if (m) summary = { line: msg.trim(), passed: Number(m[1]), failed: Number(m[2]) };
      else if (msg === SCREENSHOT_REQUEST || msg.startsWith(`${SCREENSHOT_REQUEST} `)) {
        screenshot(msg.slice(SCREENSHOT_REQUEST.length + 1)).catch((e) => log('screenshot failed:', e.message));
      }
      else if (msg.startsWith(QUERY_REQUEST)) query(msg.slice(QUERY_REQUEST.length)).catch((e) => log('query failed:', e.message));
      else if (msg.startsWith(CLICK_REQUEST)) click(msg.slice(CLICK_REQUEST.length)).catch((e) => log('click failed:', e.message));
      else if (msg.startsWith(TYPE_REQUEST)) keys(msg.slice(TYPE_REQUEST.length), (text) => page.keyboard.type(JSON.parse(text), { delay: 60 })).catch((e) => log('type failed:', e.message));
      else if (msg.startsWith(PRESS_REQUEST)) keys(msg.slice(PRESS_REQUEST.length), (key) => page.keyboard.press(key)).catch((e) => log('press failed:', e.message));
      else console.log(`[vscode:${type}] ${msg}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    page.on('console', (m) => { if (a.verbose || m.type() === 'error') console.log('[browser]', m.text()); });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));

    // vscode-remote:// URIs whose authority is the host the browser uses: the extension and its tests run in the
    // server's node extension host.
    const remote = (p) => `vscode-remote://${host}${p}`;
    const params = new URLSearchParams({
      folder: path.join(ROOT, 'test/workspace'),
      payload: JSON.stringify([
        ['extensionDevelopmentPath', remote(developmentPath)],
        ['extensionTestsPath', remote(path.join(HERE, 'suite/index.js'))],
      ]),
    });
    await page.goto(`http://${host}/?${params}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    log('workbench rendered');

    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), a.timeout * 1000); });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      log(`TIMEOUT after ${a.timeout}s; end of the code-server log:`);
      console.log(output.join('').slice(-4000));
      return 124;
    }
    if (!summary) {
      console.error('vscode tests: the test index printed no summary: did the tests run?');
      return code || 1;
    }
    console.log(summary.line);
    log('VS Code reported exit code', code);
    if (code === 0 && summary.passed === 0) console.error(`vscode tests: no test ran${a.grep ? ` (--grep ${a.grep})` : ''}`);
    return code !== 0 ? code : summary.failed > 0 || summary.passed === 0 ? 1 : 0;
  } catch (e) {
    console.error('vscode tests: runner error:', e);
    console.log(output.join('').slice(-4000));
    return 2;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (cs && !csExited) {
      try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    if (!a.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Exits with run()'s code (see Usage). */
function exitWith(promise) {
  promise.then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
}

module.exports = { ROOT, exitWith, run };
if (require.main === module) exitWith(run(process.argv.slice(2)));
