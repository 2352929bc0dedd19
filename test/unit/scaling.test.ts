/**
 * Work that must grow with the file, not with its square, counted (not timed: the machine is shared): the same
 * request on the same hostile family at two sizes ten times apart, and what it reads per unit of size (or, for a
 * request about one thing, what it reads at one size against a logarithmic bound).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, getCodeActions, getCompletion, getDiagnostics, hashPlanFor, parse, planPasswords, type HashRequest } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { HOSTILE_FAMILIES, hostileCase } from '../fuzz/hostile';

const family = (name: string) => HOSTILE_FAMILIES.find((f) => f.name === name)!;

/** `list` with every read of one of its elements counted in `counter.reads`. */
function counted<T extends object>(list: T[], counter: { reads: number }): T[] {
  return new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key, receiver);
    },
  });
}

/** A users file of the hostile family `name` at size `n`, analysed, and its document. */
function usersCase(name: string, n: number) {
  const h = hostileCase(family(name), n);
  const a = analyze(parse(h.text, 'users'), DEFAULT_SETTINGS);
  assert.equal(a.kind, 'users');
  return { text: h.text, a, doc: TextDocument.create('file:///etc/rudder/rudder-users.xml', 'xml', 1, h.text) };
}

/** How many times `getCompletion` at the chain's last role in a user's permissions reads one of the file's custom roles. */
function roleReadsOfCompletion(roles: number): number {
  const { text, a, doc } = usersCase('users: chained custom roles', roles);
  const counter = { reads: 0 };
  a.evaluation.roles = counted(a.evaluation.roles, counter);
  const list = getCompletion(doc, a, doc.positionAt(text.lastIndexOf(`r${roles - 1}`) + 1));
  assert.ok(list && list.items.filter((i) => i.detail === 'custom role').length >= roles - 1, 'every custom role is offered');
  return counter.reads;
}

/** How many times the code actions of the whole file (every diagnostic in the context) read one of its users. */
function userReadsOfWholeFileActions(users: number): number {
  const { text, a, doc } = usersCase('users: users with plain-text passwords', users);
  const diagnostics = getDiagnostics(doc, a, DEFAULT_SETTINGS);
  const counter = { reads: 0 };
  a.model.users = counted(a.model.users, counter);
  const whole = { start: doc.positionAt(0), end: doc.positionAt(text.length) };
  const list = getCodeActions(doc, a, whole, diagnostics, { bcryptCost: 12, setPasswordCommand: true });
  assert.ok(list.filter((x) => x.title.startsWith('Hash this password')).length >= Math.min(users, 100), 'a hash action per password');
  return counter.reads;
}

/** How many times the plan of the hash action of the last plain-text password reads one of the file's users. */
function userReadsOfOneHashPlan(users: number): number {
  const { text, a, doc } = usersCase('users: users with plain-text passwords', users);
  const at = doc.positionAt(text.lastIndexOf('pw') + 1);
  const diagnostics = getDiagnostics(doc, a, DEFAULT_SETTINGS).filter((d) => d.range.start.line === at.line);
  const action = getCodeActions(doc, a, { start: at, end: at }, diagnostics, { bcryptCost: 12, setPasswordCommand: true }).find((x) => x.title.startsWith('Hash this password'));
  const counter = { reads: 0 };
  a.model.users = counted(a.model.users, counter);
  a.evaluation.users = counted(a.evaluation.users, counter);
  const plan = hashPlanFor(a, action!.data as HashRequest);
  assert.deepEqual(plan && planPasswords(text, plan), [`pw${users - 1}`]);
  return counter.reads;
}

/** How many times the analysis of a chain of custom roles declared in reverse reads one of the roles' items. */
function itemReadsOfReverseChain(roles: number): number {
  const model = parse(hostileCase(family('users: custom roles chained in reverse'), roles).text, 'users');
  assert.equal(model.kind, 'users');
  const counter = { reads: 0 };
  for (const d of model.roles) d.permissionItems = counted(d.permissionItems, counter);
  const a = analyze(model, DEFAULT_SETTINGS);
  assert.equal(a.kind === 'users' && a.evaluation.roles.filter((r) => r.valid).length, roles, 'every role of the chain resolves');
  return counter.reads;
}

describe('counted scaling', () => {
  test('completion in a chain of custom roles reads each role a bounded number of times', () => {
    const small = roleReadsOfCompletion(100) / 100;
    const large = roleReadsOfCompletion(1000) / 1000;
    assert.ok(large <= small * 1.2 && large <= 4, `role reads per role: ${small} at 100 roles, ${large} at 1,000`);
  });

  test('custom roles declared in reverse order resolve reading each role\'s items a bounded number of times (not a pass per role)', () => {
    const small = itemReadsOfReverseChain(100) / 100;
    const large = itemReadsOfReverseChain(1000) / 1000;
    assert.ok(large <= small * 1.2 && large <= 20, `item reads per role: ${small} at 100 roles, ${large} at 1,000`);
  });

  test('code actions of the whole file read each user a bounded number of times (its identity is not a pass over the users before it)', () => {
    const small = userReadsOfWholeFileActions(100) / 100;
    const large = userReadsOfWholeFileActions(1000) / 1000;
    assert.ok(large <= small * 1.2 && large <= 20, `user reads per user: ${small} at 100 users, ${large} at 1,000`);
  });

  test('the plan of one password finds its user by binary search, not by a pass over the users', () => {
    const reads = userReadsOfOneHashPlan(10_000);
    assert.ok(reads <= 2 * Math.ceil(Math.log2(10_000)) + 4, `${reads} user reads at 10,000 users`);
  });
});
