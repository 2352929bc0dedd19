/** What the packaging tests share: a copy of the checkout, a minimal LSP client over stdio, required tools. */
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(__dirname, '../../..');

/** Copy the checkout's files (tracked and new, not ignored: no node_modules, dist/ or build/) to `dest`. */
export function copyCheckout(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  for (const f of files.filter((f) => f && fs.existsSync(path.join(ROOT, f)))) {
    fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dest, f));
  }
}

export interface Server {
  proc: ChildProcessWithoutNullStreams;
  conn: MessageConnection;
  initializeResult: { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  stderr: string[];
}

/** Spawn `command args` and send initialize/initialized; workspace/configuration answers `settings`. */
export async function initialize(command: string, args: string[], env: NodeJS.ProcessEnv, settings: unknown = {}): Promise<Server> {
  const proc = spawn(command, args, { env });
  const stderr: string[] = [];
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${stderr.join('')}`))));
  const initializeResult = await Promise.race([
    conn.sendRequest<Server['initializeResult']>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, workspace: { configuration: true } },
    }),
    exited,
  ]);
  await conn.sendNotification('initialized', {});
  return { proc, conn, initializeResult, stderr };
}

/** shutdown + exit; resolves with the exit code. */
export async function shutdown(s: Server): Promise<number | null> {
  await s.conn.sendRequest('shutdown');
  await s.conn.sendNotification('exit');
  s.conn.dispose();
  return new Promise((resolve) => (s.proc.exitCode !== null ? resolve(s.proc.exitCode) : s.proc.once('exit', (code) => resolve(code))));
}

/** A tool the test needs: present, or a failure under CI=true, else a skip reason. */
export function tool(name: string, probe: string[], hint: string): { skip?: string } {
  const found = spawnSync(probe[0], probe.slice(1), { stdio: 'ignore' }).error === undefined;
  if (found) return {};
  if (process.env.CI === 'true') throw new Error(`${name} is required in CI (${hint})`);
  return { skip: `${name} not installed (${hint})` };
}
