/**
 * `npm run test:race [-- --cases N --seed S --cycles C]`: the differential race test of the hash edits.
 *
 * Drives the real bundled server over stdio. Each case opens a generated rudder-users.xml, starts one of the
 * three edits that hash (the quick fix through `codeAction/resolve`, "Hash all", "Set a new password…" through
 * its two commands), and while it is in flight sends seeded random edits: comments inserted or deleted, users
 * added, removed or renamed, passwords and roles changed, line endings switched, the document closed and
 * reopened. The client side applies the server's edits as VS Code does (only to the version they name). The
 * oracle: the text is the edited text with exactly the planned users' values replaced by bcrypt hashes that
 * python3-bcrypt verifies, or nothing was written. A user is "the planned one" by identity (name, index among
 * users of that name) with the very value it had when the edit was planned.
 *
 * Then `--cycles` open → request → close cycles (closed while the requests wait for their settings), with the
 * server's resident memory before and after.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import bcrypt from 'bcryptjs';
import type { CodeAction, WorkspaceEdit } from 'vscode-languageserver-types';
import { COMMANDS, type PasswordTarget, type UserIdentity } from '../../server/src/shared/protocol';
import { ClientDocument, startServer, stopServer, type Session } from '../protocol/session';
import { mulberry32 } from '../fuzz/random';

const PYTHON = '/usr/bin/python3';
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CASES = option('cases', 200);
const SEED = option('seed', 1);
const CYCLES = option('cycles', 1500);
const COST = 10;
const HASHED = '$2b$10$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const NAMES = ['alice', 'bob', 'carol', 'dave'];


interface User {
  name: string;
  /** The raw attribute value, as in the file. */
  raw: string;
  /** The password Rudder reads (entities decoded). */
  plain: string;
  role: string;
}
interface Doc {
  eol: string;
  users: User[];
  /** `junk[i]` comes before user i; the last one before the end tag. */
  junk: string[];
}

const render = (d: Doc) =>
  `<authentication hash="bcrypt">${d.eol}${d.users.map((u, i) => `${d.junk[i]}  <user name="${u.name}" password="${u.raw}" role="${u.role}"/>${d.eol}`).join('')}${d.junk[d.users.length]}</authentication>${d.eol}`;
const clone = (d: Doc): Doc => ({ eol: d.eol, users: d.users.map((u) => ({ ...u })), junk: [...d.junk] });
function find(d: Doc, id: UserIdentity): User | undefined {
  let seen = 0;
  for (const u of d.users) if (u.name === id.name && seen++ === id.occurrence) return u;
  return undefined;
}
function identity(d: Doc, user: User): UserIdentity {
  const same = d.users.filter((u) => u.name === user.name);
  return { name: user.name, occurrence: same.indexOf(user) };
}

function plainPassword(r: () => number): { raw: string; plain: string } {
  const chars = 'abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789-_.!';
  let plain = '';
  const len = 4 + Math.floor(r() * 14);
  for (let i = 0; i < len; i++) plain += chars[Math.floor(r() * chars.length)];
  if (r() < 0.2) plain += '&';
  if (r() < 0.15) plain += 'ü';
  return { raw: plain.replace(/&/g, '&amp;'), plain };
}
function newUser(r: () => number): User {
  const p = r() < 0.75 ? plainPassword(r) : { raw: HASHED, plain: '' };
  return { name: NAMES[Math.floor(r() * NAMES.length)], ...p, role: r() < 0.5 ? 'administrator' : 'user' };
}

type Mutation = (d: Doc, r: () => number) => Doc | 'reopen';
const MUTATIONS: [string, Mutation][] = [
  ['insert comment', (d, r) => ((d.junk[Math.floor(r() * d.junk.length)] += `  <!-- typed ${Math.floor(r() * 1000)} -->${d.eol}`), d)],
  ['delete comment', (d) => ((d.junk = d.junk.map(() => '')), d)],
  ['insert user', (d, r) => (d.users.splice(Math.floor(r() * (d.users.length + 1)), 0, newUser(r)), d.junk.splice(0, 0, ''), d)],
  ['remove user', (d, r) => (d.users.length > 1 && (d.users.splice(Math.floor(r() * d.users.length), 1), d.junk.pop()), d)],
  ['rename user', (d, r) => ((d.users[Math.floor(r() * d.users.length)].name = NAMES[Math.floor(r() * NAMES.length)]), d)],
  ['change password', (d, r) => (Object.assign(d.users[Math.floor(r() * d.users.length)], plainPassword(r)), d)],
  ['change role', (d, r) => ((d.users[Math.floor(r() * d.users.length)].role += ', inventory'), d)],
  ['switch line endings', (d) => ((d.eol = d.eol === '\n' ? '\r\n' : '\n'), d)],
  ['close and reopen', () => 'reopen'],
];

/** Send the change from the client's text to `next` as one minimal range edit, as typing does. */
async function sendDiff(cd: ClientDocument, next: string): Promise<void> {
  const old = cd.text;
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start++;
  let end = 0;
  while (end < old.length - start && end < next.length - start && old[old.length - 1 - end] === next[next.length - 1 - end]) end++;
  if (start === old.length && start === next.length) return;
  /** A position cannot fall between \r and \n: widen the range over the whole line break. */
  if (start > 0 && old[start - 1] === '\r' && old[start] === '\n') start--;
  if (end > 0 && old[old.length - end - 1] === '\r' && old[old.length - end] === '\n') end--;
  await cd.change(start, old.length - end, next.slice(start, next.length - end));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Stats {
  cases: number;
  applied: number;
  refused: number;
  hashes: number;
  byKind: Record<string, { applied: number; refused: number }>;
  mutations: Record<string, number>;
}

async function runCase(s: Session, index: number, r: () => number, stats: Stats, toVerify: [string, string][]): Promise<string | undefined> {
  let model: Doc = { eol: r() < 0.5 ? '\n' : '\r\n', users: [], junk: [''] };
  const n = 2 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) (model.users.push(newUser(r)), model.junk.push(''));
  if (!model.users.some((u) => u.raw !== HASHED)) Object.assign(model.users[0], plainPassword(r));
  const cd = new ClientDocument(s, `file:///race/${index}/rudder-users.xml`, render(model));
  await cd.open();
  const kinds = ['fix', 'all', 'set'] as const;
  const kind = kinds[Math.floor(r() * kinds.length)];
  const planned = clone(model);
  let targets: UserIdentity[] = [];
  let result: Promise<WorkspaceEdit | undefined>;
  let setHash: string | undefined;
  let appliedBySet = false;
  let failure: string | undefined;

  if (kind === 'set') {
    const user = model.users[Math.floor(r() * model.users.length)];
    targets = [identity(model, user)];
    const target = (await s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.passwordTarget, arguments: [{ uri: cd.uri, user: targets[0] }] })) as PasswordTarget | null;
    if (!target) return `case ${index}: no password target`;
    const password = plainPassword(r).plain;
    setHash = bcrypt.hashSync(password, target.cost);
    toVerify.push([password, setHash]);
    s.onApplyEdit = (p) => {
      const before = cd.text;
      const ok = cd.apply(p.edit);
      if (ok) {
        appliedBySet = true;
        const u = find(model, targets[0]);
        const was = u && find(planned, targets[0]);
        if (!u || !was || u.raw !== was.raw) failure = `case ${index}: set password wrote to a user whose value changed or who is gone`;
        else {
          u.raw = setHash!;
          if (render(model) !== cd.text) failure = `case ${index}: set password wrote something else than the hash over the value\n${JSON.stringify(before)}\n${JSON.stringify(cd.text)}`;
        }
      }
      return ok;
    };
    result = s.conn.sendRequest('workspace/executeCommand', { command: COMMANDS.applyPasswordHash, arguments: [{ uri: cd.uri, target: target.target, hash: setHash }] }).then(() => undefined);
  } else {
    let action: CodeAction | undefined;
    let fixed: UserIdentity | undefined;
    if (kind === 'fix') {
      const plainUsers = model.users.filter((u) => u.raw !== HASHED);
      const user = plainUsers[Math.floor(r() * plainUsers.length)];
      // The first user of that name and value is the one whose value the request below points at.
      fixed = identity(planned, planned.users[model.users.findIndex((u) => u.name === user.name && u.raw === user.raw)]);
      const text = cd.text;
      const at = text.indexOf(`password="${user.raw}"`, text.indexOf(`name="${user.name}" password="${user.raw}"`)) + 10;
      const range = { start: cd.doc.positionAt(at), end: cd.doc.positionAt(at + 1) };
      const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: cd.uri }, range, context: { diagnostics: [{ range, code: 'plaintext-password', source: 'rudder', message: '' }] } })) as CodeAction[];
      action = actions.find((a) => a.title.startsWith('Hash this password'));
    } else {
      const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: cd.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.rudder.hashPasswords'] } })) as CodeAction[];
      action = actions[0];
    }
    if (!action) return `case ${index}: no ${kind} action offered`;
    // The action carries no targets: the planned ones are the user chosen, or every plain-text password.
    targets = kind === 'fix' ? [fixed!] : planned.users.filter((u) => u.raw !== HASHED).map((u) => identity(planned, u));
    if ((action.data as { count?: number }).count !== targets.length) return `case ${index} (${kind}): offered for ${(action.data as { count?: number }).count} password(s), not ${targets.length}`;
    result = (s.conn.sendRequest('codeAction/resolve', action) as Promise<CodeAction>).then((a) => a.edit);
  }

  let done = false;
  void result.then(() => (done = true));
  const count = Math.floor(r() * 4);
  for (let i = 0; i < count && !done; i++) {
    await sleep(Math.floor(r() * 120));
    const [name, mutate] = MUTATIONS[Math.floor(r() * MUTATIONS.length)];
    stats.mutations[name] = (stats.mutations[name] ?? 0) + 1;
    const next = mutate(clone(model), r);
    if (next === 'reopen') {
      await cd.close();
      await cd.open(cd.text);
    } else {
      model = next;
      await sendDiff(cd, render(model));
    }
  }
  const edit = await result;
  s.onApplyEdit = () => true;

  let applied = appliedBySet;
  if (kind !== 'set' && edit) {
    const before = cd.text;
    if (cd.apply(edit)) {
      applied = true;
      const expected = clone(model);
      const markers: User[] = [];
      for (const id of targets) {
        const u = find(expected, id);
        const was = find(planned, id);
        if (!u || !was || u.raw !== was.raw) return `case ${index} (${kind}): an edit was written although '${id.name}'#${id.occurrence} changed or is gone`;
        u.raw = `\u0000${markers.length}\u0000`;
        markers.push(was);
      }
      const pattern = new RegExp(`^${escape(render(expected)).replace(/\u0000\d+\u0000/g, '(\\$2b\\$10\\$[./A-Za-z0-9]{53})')}$`);
      const m = pattern.exec(cd.text);
      if (!m) return `case ${index} (${kind}): the text is not the edited text with the planned values hashed\nbefore: ${JSON.stringify(before)}\nafter:  ${JSON.stringify(cd.text)}`;
      markers.forEach((u, i) => toVerify.push([u.plain, m[i + 1]]));
      stats.hashes += markers.length;
    }
  }
  if (!applied && cd.text !== render(model)) return `case ${index} (${kind}): nothing was applied but the text differs from the edited text`;
  stats.byKind[kind] ??= { applied: 0, refused: 0 };
  stats.byKind[kind][applied ? 'applied' : 'refused']++;
  stats[applied ? 'applied' : 'refused']++;
  stats.cases++;
  await cd.close();
  return failure;
}

/** Verify every (password, hash) pair with python3-bcrypt in one process; the indexes that fail. */
function verifyAll(pairs: [string, string][]): number[] {
  const script = 'import bcrypt,json,sys\nfor i,l in enumerate(sys.stdin):\n  p,h=json.loads(l)\n  if not bcrypt.checkpw(p.encode(),h.encode()): print(i)\n';
  const r = spawnSync(PYTHON, ['-c', script], { input: pairs.map((p) => JSON.stringify(p)).join('\n'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3-bcrypt failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function memoryCycles(): Promise<string | undefined> {
  const s = await startServer({ workspace: { configuration: true }, textDocument: { diagnostic: {} } });
  try {
    const text = render({ eol: '\n', users: Array.from({ length: 200 }, (_, i) => ({ name: `u${i}`, raw: `plain-${i}`, plain: '', role: 'user' })), junk: Array(201).fill('') });
    const cycle = async (i: number) => {
      const uri = `file:///cycles/${i}/rudder-users.xml`;
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      // The requests are still waiting for workspace/configuration when the document closes.
      const pending = [s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }), s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } })];
      await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await Promise.all(pending);
    };
    const warm = Math.min(100, CYCLES);
    for (let i = 0; i < warm; i++) await cycle(i);
    const before = rssMiB(s.proc.pid!);
    for (let i = warm; i < CYCLES; i++) await cycle(i);
    const afterRss = rssMiB(s.proc.pid!);
    console.log(`memory: ${CYCLES} open → pull diagnostics + hover → close (before they are answered) cycles of a 200-user file: server RSS ${before.toFixed(1)} MiB after ${warm}, ${afterRss.toFixed(1)} MiB after ${CYCLES}`);
    return afterRss - before > 64 ? `the server grew by ${(afterRss - before).toFixed(1)} MiB over ${CYCLES - warm} cycles` : undefined;
  } finally {
    await stopServer(s);
  }
}

async function main(): Promise<void> {
  const hasPython = spawnSync(PYTHON, ['-c', 'import bcrypt'], { encoding: 'utf8' }).status === 0;
  if (!hasPython) {
    console.error('test:race needs python3-bcrypt (run scripts/install-test-deps.sh)');
    process.exit(1);
  }
  const s = await startServer({ textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, workspace: { configuration: true }, window: { workDoneProgress: true } });
  s.settings = { bcrypt: { cost: COST } };
  const stats: Stats = { cases: 0, applied: 0, refused: 0, hashes: 0, byKind: {}, mutations: {} };
  const toVerify: [string, string][] = [];
  const failures: string[] = [];
  const t0 = performance.now();
  try {
    const r = mulberry32(SEED);
    for (let i = 0; i < CASES; i++) {
      const failure = await runCase(s, i, r, stats, toVerify);
      if (failure) failures.push(failure);
      if (failures.length >= 5) break;
      if ((i + 1) % 100 === 0) process.stderr.write(`race: ${i + 1}/${CASES} cases, ${failures.length} failure(s)\n`);
    }
  } finally {
    await stopServer(s);
  }
  const bad = verifyAll(toVerify);
  if (bad.length) failures.push(`${bad.length} hash(es) do not verify with python3-bcrypt`);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`race: ${stats.cases} cases (seed ${SEED}) in ${seconds} s: ${stats.applied} written, ${stats.refused} refused or rejected as stale; ${toVerify.length} hashes verified by python3-bcrypt`);
  console.log(`  by edit: ${Object.entries(stats.byKind).map(([k, v]) => `${k} ${v.applied}/${v.applied + v.refused} written`).join(', ')}`);
  console.log(`  edits sent while in flight: ${Object.entries(stats.mutations).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (stats.cases >= 50 && stats.applied < stats.cases / 5) failures.push(`only ${stats.applied} of ${stats.cases} cases wrote anything: the server refuses too much`);
  const memory = CYCLES > 0 ? await memoryCycles() : undefined;
  if (memory) failures.push(memory);
  if (failures.length) {
    console.error(failures.join('\n\n'));
    process.exit(1);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
