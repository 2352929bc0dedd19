/**
 * Hostile inputs: entity expansion bombs, external entities (file and HTTP), parameter entities, a 50 MB
 * attribute, 100,000 nested elements, 100,000 attributes on one element, a 10 MB continued properties value.
 * Each goes through parse + analyze + diagnostics (and symbols, folding, hover on the first entity reference),
 * with the default `maxFileSizeMB` (the big ones take the oversize path) and, for the big ones, once more with a
 * raised limit (the full path must stay bounded too).
 *
 * Each input runs in a child process (this file, forked with `RUDDER_HOSTILE` set), so that a hang is killed
 * and reported instead of blocking the suite, and so that memory is measured on a fresh process: the peak RSS
 * (`resourceUsage().maxRSS`) minus the RSS once the input is built.
 *
 * No file or network access, checked three independent ways while the service runs:
 * - every function of `fs`, `fs.promises`, `net`, `tls`, `dns`, `http`, `https`, `child_process` and `fetch`
 *   is replaced by one that records the attempt and throws (recorded, because the service may catch the
 *   error: an attempt counts even when it is swallowed);
 * - an `async_hooks` hook records every asynchronous resource created (the service is synchronous: any socket,
 *   DNS request, file request or timer, however it was reached, even through a reference to `fs` or `net`
 *   captured before the patch, shows up here);
 * - end to end: the external entities point at a local HTTP server that counts connections, and at a canary
 *   file whose unique content must never appear in any result (nor must /etc/passwd's `root:`).
 */
// @tier robustness
import assert from 'node:assert/strict';
import * as async_hooks from 'node:async_hooks';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
// The modules themselves, not `import * as` copies: their functions are what the guard replaces.
import child_process = require('node:child_process');
import dns = require('node:dns');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import tls = require('node:tls');
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, getDiagnostics, getFoldingRanges, getHover, getSymbols, parse } from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { REPO } from './markers';

const TIME_LIMIT_MS = 10_000;
/** A child still running after this is killed: the input hangs. */
const KILL_AFTER_MS = 30_000;
const RSS_LIMIT_MB = 1024;
const RAISED_LIMIT_MB = 100;
const MB = 1024 * 1024;

interface Environment {
  canaryFile: string;
  canaryText: string;
  canaryHost: string;
}

interface HostileInput {
  name: string;
  kind: FileKind;
  text(env: Environment): string;
  /** Oversize by default: also run with RAISED_LIMIT_MB. */
  big?: boolean;
  /** Codes expected with the default limit (each must be reported). */
  expect: string[];
  /** Strings that must appear in no result: expanded entities, file contents. */
  forbidden(env: Environment): string[];
}

const hostileFixture = (name: string) => (env: Environment) =>
  fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'hostile', name), 'utf8').replaceAll('CANARY_FILE', env.canaryFile).replaceAll('CANARY_HOST', env.canaryHost);

/** `root:` is the first line of every /etc/passwd; the canary's text is unique to this run. */
const fileContents = (env: Environment) => ['root:', env.canaryText];

const INPUTS: HostileInput[] = [
  { name: 'billion laughs (nested entity definitions)', kind: 'users', text: hostileFixture('billion-laughs.xml'), expect: ['doctype-forbidden'], forbidden: () => ['lollol'] },
  {
    name: 'quadratic blow-up (one 100 KB entity referenced 10,000 times)',
    kind: 'users',
    text: () =>
      `<?xml version="1.0"?>\n<!DOCTYPE authentication [<!ENTITY big "${'BLOWUP'.repeat(17_000)}">]>\n<authentication hash="bcrypt">\n  <user name="a" password="&big;" role="administrator"/>\n${'&big;'.repeat(10_000)}\n</authentication>\n`,
    expect: ['doctype-forbidden'],
    forbidden: () => ['BLOWUPBLOWUP'],
  },
  { name: 'external entities (file:///etc/passwd, a canary file)', kind: 'users', text: hostileFixture('xxe-file.xml'), expect: ['doctype-forbidden'], forbidden: fileContents },
  { name: 'external entities and DTD over HTTP (a local canary server)', kind: 'users', text: hostileFixture('xxe-http.xml'), expect: ['doctype-forbidden'], forbidden: fileContents },
  {
    name: 'parameter entities (remote DTD, out-of-band exfiltration, nested declarations)',
    kind: 'users',
    text: hostileFixture('parameter-entities.xml'),
    expect: ['doctype-forbidden'],
    forbidden: (env) => ['PARAMETER-ENTITY-EXPANDED', ...fileContents(env)],
  },
  {
    name: 'a 50 MB attribute',
    kind: 'users',
    big: true,
    text: () => `<authentication hash="bcrypt">\n  <user name="big" password="${'x'.repeat(50 * MB)}" role="administrator"/>\n</authentication>\n`,
    expect: ['file-too-large'],
    forbidden: () => ['x'.repeat(64)],
  },
  // Nesting and attributes twice: short names keep the file under the default limit (the full path runs with
  // default settings); long names make it 5.5–8 MB, over it (the oversize path, then the full one when raised).
  { name: '100,000 nested elements (0.7 MB)', kind: 'users', text: () => nested('a'), expect: [], forbidden: () => [] },
  { name: '100,000 nested elements (8.1 MB)', kind: 'users', big: true, text: () => nested(`nested-${'n'.repeat(33)}`), expect: ['file-too-large'], forbidden: () => [] },
  { name: '100,000 attributes on one element (1.0 MB)', kind: 'users', text: () => attributes(0), expect: [], forbidden: () => [] },
  { name: '100,000 attributes on one element (5.5 MB)', kind: 'users', big: true, text: () => attributes(47), expect: ['file-too-large'], forbidden: () => [] },
  {
    name: 'a 10 MB properties value with continuations',
    kind: 'properties',
    big: true,
    text: () => {
      const line = `${'(uid={0})'.repeat(10)}\\\n    `;
      return `rudder.auth.provider=ldap\nrudder.auth.ldap.filter=${line.repeat(Math.ceil((10 * MB) / line.length))}\n`;
    },
    expect: ['file-too-large'],
    forbidden: () => [],
  },
];

function nested(name: string): string {
  return `<authentication>\n${`<${name}>`.repeat(100_000)}${`</${name}>`.repeat(100_000)}\n</authentication>\n`;
}

/** `a0="v"` … `a99999="v"` on one user, each value padded with `padding` more characters. */
function attributes(padding: number): string {
  const list = Array.from({ length: 100_000 }, (_, i) => ` a${i}="v${'p'.repeat(padding)}"`).join('');
  return `<authentication hash="bcrypt">\n  <user name="a" password="secret"${list}/>\n</authentication>\n`;
}

/** What the child reports. */
interface Measurement {
  steps: Record<string, number>;
  totalMs: number;
  inputMB: number;
  rssGrowthMB: number;
  codes: string[];
  /** Forbidden strings found in the results. */
  leaked: string[];
  longestMessage: number;
  /** File, network or other I/O the service attempted. */
  attempts: string[];
}

// -----------------------------------------------------------------------------------------------------------
// Child process: run one input and report

/** Replace every I/O entry point by a recorder that throws; returns the attempts and how to undo it. */
function forbidIo(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  const undo: (() => void)[] = [];
  const trap = (owner: object, label: string, names = Object.getOwnPropertyNames(owner)) => {
    for (const name of names) {
      const d = Object.getOwnPropertyDescriptor(owner, name);
      // Functions only, not classes (`fs.Stats`, `net.Socket`…): what a caller reaches I/O through.
      if (!d || typeof d.value !== 'function' || !d.writable || !/^[a-z]/.test(name)) continue;
      const original = d.value as unknown;
      Object.defineProperty(owner, name, {
        ...d,
        value: (...args: unknown[]) => {
          attempts.push(`${label}.${name}(${String(args[0]).slice(0, 80)})`);
          throw new Error(`${label}.${name} is forbidden in this test`);
        },
      });
      undo.push(() => Object.defineProperty(owner, name, { ...d, value: original }));
    }
  };
  trap(fs, 'fs');
  trap(fs.promises, 'fs.promises');
  trap(net, 'net');
  trap(net.Socket.prototype, 'net.Socket.prototype', ['connect']);
  trap(tls, 'tls');
  trap(dns, 'dns');
  trap(http, 'http');
  trap(https, 'https');
  trap(child_process, 'child_process');
  trap(globalThis, 'globalThis', ['fetch']);
  const hook = async_hooks
    .createHook({
      init: (_id, type) => {
        if (type !== 'PROMISE') attempts.push(`async resource ${type}`);
      },
    })
    .enable();
  return {
    attempts,
    restore: () => {
      hook.disable();
      undo.reverse().forEach((u) => u());
    },
  };
}

function runChild(request: { name: string; limitMB: number; env: Environment }): void {
  const input = INPUTS.find((i) => i.name === request.name)!;
  const text = input.text(request.env);
  const uri = input.kind === 'users' ? 'file:///etc/rudder/rudder-users.xml' : 'file:///etc/rudder/rudder-web.properties';
  const settings = { ...DEFAULT_SETTINGS, maxFileSizeMB: request.limitMB };
  // Warm up on a small document of the same kind: lazily loaded code is read from disk before the guard.
  const warm = TextDocument.create(uri, 'x', 1, 'a');
  getDiagnostics(warm, analyze(parse('a', input.kind), settings), settings);
  const baseline = process.memoryUsage().rss;
  const steps: Record<string, number> = {};
  const step = <T>(name: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      steps[name] = Math.round(performance.now() - started);
    }
  };
  const guard = forbidIo();
  let results: unknown[];
  try {
    const doc = TextDocument.create(uri, input.kind === 'users' ? 'xml' : 'properties', 1, text);
    const model = step('parse', () => parse(text, input.kind, settings.maxFileSizeMB));
    const a = step('analyze', () => analyze(model, settings));
    const entity = text.indexOf('&', text.indexOf('<authentication'));
    results = [
      step('diagnostics', () => getDiagnostics(doc, a, settings)),
      step('symbols', () => getSymbols(doc, a)),
      step('folding', () => getFoldingRanges(doc, a)),
      step('hover', () => getHover(doc, a, doc.positionAt(entity >= 0 ? entity + 1 : 0))),
    ];
  } finally {
    guard.restore();
  }
  const diagnostics = results[0] as { code: string; message: string }[];
  const json = JSON.stringify(results);
  const measurement: Measurement = {
    steps,
    totalMs: Object.values(steps).reduce((s, v) => s + v, 0),
    inputMB: text.length / MB,
    rssGrowthMB: Math.round((process.resourceUsage().maxRSS * 1024 - baseline) / MB),
    codes: [...new Set(diagnostics.map((d) => String(d.code)))],
    leaked: input.forbidden(request.env).filter((s) => json.includes(s)),
    longestMessage: Math.max(0, ...diagnostics.map((d) => d.message.length)),
    attempts: guard.attempts,
  };
  // Give an asynchronous connection that escaped both guards time to reach the canary server.
  setTimeout(() => process.send!(measurement, () => process.exit(0)), 200);
}

// -----------------------------------------------------------------------------------------------------------
// The tests

/** Fork this file on one input; resolves with its measurement, rejects when it crashes or hangs. */
function measure(name: string, limitMB: number, env: Environment): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = child_process.fork(__filename, [], {
      env: { ...process.env, RUDDER_HOSTILE: JSON.stringify({ name, limitMB, env }) },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let result: Measurement | undefined;
    child.on('message', (m: Measurement) => (result = m));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${KILL_AFTER_MS / 1000} s: killed (a hang or a super-linear path)`));
    }, KILL_AFTER_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else if (signal !== 'SIGKILL') reject(new Error(`the child exited (code ${code}, signal ${signal}) without a result:\n${stderr.slice(-3000)}`));
    });
  });
}

if (process.env.RUDDER_HOSTILE) {
  runChild(JSON.parse(process.env.RUDDER_HOSTILE));
} else {
  describe('hostile inputs', () => {
    let server: http.Server;
    let connections = 0;
    const env: Environment = { canaryFile: '', canaryText: `canary-${process.pid}-${Date.now()}`, canaryHost: '' };

    before(async () => {
      env.canaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-hostile-')), 'canary.txt');
      fs.writeFileSync(env.canaryFile, `${env.canaryText}\n`);
      server = http.createServer((_req, res) => res.end(`<!ENTITY leak "${env.canaryText}">`));
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      env.canaryHost = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    });

    after(() => {
      server.closeAllConnections();
      server.close();
      fs.rmSync(path.dirname(env.canaryFile), { recursive: true, force: true });
    });

    test('the I/O guard notices a file read, a connection, and a connection through a reference taken before it', () => {
      const connect: (this: net.Socket, options: net.TcpSocketConnectOpts) => net.Socket = net.Socket.prototype.connect;
      const guard = forbidIo();
      try {
        assert.throws(() => fs.readFileSync(env.canaryFile));
        assert.throws(() => net.connect(9, '127.0.0.1'));
        const socket = new net.Socket().on('error', () => undefined);
        connect.call(socket, { host: '127.0.0.1', port: 9 });
        socket.destroy();
      } finally {
        guard.restore();
      }
      const attempts = guard.attempts.join(', ');
      assert.ok(guard.attempts.some((a) => a.startsWith('fs.readFileSync(')), attempts);
      assert.ok(guard.attempts.some((a) => a.startsWith('net.connect(')), attempts);
      assert.ok(guard.attempts.includes('async resource TCPWRAP'), attempts);
    });

    for (const input of INPUTS) {
      for (const limitMB of input.big ? [DEFAULT_SETTINGS.maxFileSizeMB, RAISED_LIMIT_MB] : [DEFAULT_SETTINGS.maxFileSizeMB]) {
        test(`${input.name}, maxFileSizeMB ${limitMB}`, async (t) => {
          const connected = connections;
          const m = await measure(input.name, limitMB, env);
          t.diagnostic(`${m.inputMB.toFixed(1)} MB in ${m.totalMs} ms (${Object.entries(m.steps).map(([k, v]) => `${k} ${v}`).join(', ')}), peak RSS +${m.rssGrowthMB} MB, codes: ${m.codes.join(' ') || 'none'}`);
          assert.deepEqual(m.attempts, [], 'no file, network or other I/O');
          assert.equal(connections, connected, 'nothing connected to the canary server');
          assert.deepEqual(m.leaked, [], 'no entity expanded, no file content in any result');
          assert.ok(m.longestMessage < 1000, `a message of ${m.longestMessage} characters: file content is echoed`);
          assert.ok(m.totalMs < TIME_LIMIT_MS, `${m.totalMs} ms`);
          assert.ok(m.rssGrowthMB < RSS_LIMIT_MB, `peak RSS grew by ${m.rssGrowthMB} MB`);
          if (limitMB === DEFAULT_SETTINGS.maxFileSizeMB) for (const code of input.expect) assert.ok(m.codes.includes(code), `expected ${code}, got ${m.codes.join(' ')}`);
          else assert.ok(!m.codes.includes('file-too-large'), 'the raised limit runs the full path');
        });
      }
    }
  });
}
