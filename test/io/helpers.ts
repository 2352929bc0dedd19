/** Shared by the io suite: the bundled CLI, scratch folders, special files and the independent verifiers. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';

export function run(args: string[], options: { input?: string; env?: Record<string, string>; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, ...options.env },
    timeout: options.timeout ?? 20_000,
  });
}

/** Runs the CLI asynchronously (for concurrent runs and kills). */
export function start(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-io-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A tool the suite needs: missing is a failure in CI, a skip elsewhere. */
export function requireTool(name: string, available: boolean): { skip?: string } {
  if (available) return {};
  if (process.env.CI === 'true') throw new Error(`${name} is required in CI (run scripts/install-test-deps.sh)`);
  return { skip: `${name} not installed (run scripts/install-test-deps.sh)` };
}

export const HAS_PYTHON_BCRYPT = spawnSync(PYTHON, ['-c', 'import bcrypt'], { encoding: 'utf8' }).status === 0;
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
export const HAS_ARGON2 = spawnSync('sh', ['-c', 'command -v argon2'], { encoding: 'utf8' }).status === 0;

/** Debian's python3-bcrypt: does `hash` verify the UTF-8 bytes of `password`? */
export function pythonBcrypt(password: string, hash: string): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import bcrypt,sys; print(bcrypt.checkpw(sys.stdin.buffer.read(), sys.argv[1].encode()))', hash], { input: Buffer.from(password, 'utf8'), encoding: 'utf8' });
  return r.stdout.trim() === 'True';
}

/**
 * Whether `hash` verifies `password`: by python3-bcrypt, the oracle, which CI requires; elsewhere, where it may be
 * missing, by bcryptjs.
 */
export function bcryptVerifies(password: string, hash: string): boolean {
  if (HAS_PYTHON_BCRYPT) return pythonBcrypt(password, hash);
  if (process.env.CI === 'true') throw new Error('python3-bcrypt is required in CI (run scripts/install-test-deps.sh)');
  return bcrypt.compareSync(password, hash);
}

export function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed`);
}

/** A listening Unix socket at `file`; close it when done. */
export async function unixSocket(file: string): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return server;
}

/** The bcrypt hashes in `text`, in order. */
export function bcryptHashes(text: string): string[] {
  return [...text.matchAll(/\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/g)].map((m) => m[0]);
}
