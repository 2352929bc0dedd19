/** What the editor gets of a large file's findings: errors first, over-represented rules grouped, edited lines kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { groupDiagnostics, isGroup } from '../../server/src/service/grouping';
import { diagnose, usersDoc } from './markers';

const B12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const B08 = '$2b$08$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';

function file(plain: number, lowCost: number): string {
  const lines = ['<authentication hash="bcrypt" case-sensitivity="true">'];
  for (let i = 0; i < lowCost; i++) lines.push(`  <user name="c${i}" password="${B08}" role="user"/>`);
  for (let i = 0; i < plain; i++) lines.push(`  <user name="p${i}" password="secret-${i}" role="user"/>`);
  lines.push(`  <user name="ok" password="${B12}" role="adminstrator"/>`, '</authentication>');
  return lines.join('\n');
}

test('a rule over the threshold becomes one diagnostic with its count; errors come first', () => {
  const text = file(300, 3);
  const grouped = groupDiagnostics(diagnose(text), usersDoc(text).uri);
  const plain = grouped.filter((d) => d.code === 'plaintext-password');
  assert.equal(plain.length, 1);
  assert.ok(isGroup(plain[0]));
  assert.deepEqual(plain[0].data, { group: { rule: 'plaintext-password', count: 300 } });
  assert.match(String(plain[0].message), /^300 findings of plaintext-password in this file/);
  assert.equal(plain[0].relatedInformation?.length, 20);
  assert.equal(plain[0].range.start.line, 4, 'placed on the first of them');
  assert.equal(grouped.filter((d) => d.code === 'bcrypt-low-cost').length, 3, 'rules under the threshold keep every finding');
  const severities = grouped.map((d) => d.severity ?? DiagnosticSeverity.Error);
  assert.deepEqual(severities, [...severities].sort((a, b) => a - b), 'errors first');
});

test('the lines being edited keep their own diagnostics', () => {
  const text = file(300, 0);
  const edited = 150 + 1;
  const grouped = groupDiagnostics(diagnose(text), usersDoc(text).uri, { threshold: 50, max: 500, keepLine: (l) => l === edited });
  const plain = grouped.filter((d) => d.code === 'plaintext-password');
  assert.equal(plain.length, 2);
  assert.ok(plain.some((d) => !isGroup(d) && d.range.start.line === edited));
  assert.deepEqual(plain.find(isGroup)?.data, { group: { rule: 'plaintext-password', count: 299 } });
});

test('at most max diagnostics in all: the threshold is lowered until they fit', () => {
  const text = file(120, 120);
  const grouped = groupDiagnostics(diagnose(text), usersDoc(text).uri, { threshold: 200, max: 100 });
  assert.ok(grouped.length <= 100, `${grouped.length}`);
  assert.equal(grouped.filter(isGroup).length, 2);
});

test('a small file is unchanged but for the order', () => {
  const text = file(2, 2);
  const all = diagnose(text);
  assert.deepEqual(new Set(groupDiagnostics(all, usersDoc(text).uri)), new Set(all));
});

test('a group with the same members is the same object; a changed count, member or document makes a new one', () => {
  const text = file(300, 3);
  const uri = usersDoc(text).uri;
  const diagnostics = diagnose(text);
  const group = (list: typeof diagnostics, at = uri) => groupDiagnostics(list, at).find((d) => d.code === 'plaintext-password')!;
  const first = group(diagnostics);
  assert.equal(group([...diagnostics]), first, 'the same members');
  const plain = diagnostics.filter((d) => d.code === 'plaintext-password');
  const fewer = group(diagnostics.filter((d) => d !== plain[299]));
  assert.notEqual(fewer, first, 'one finding fewer (past the listed ones): another count');
  assert.equal((fewer.data as { group: { count: number } }).group.count, 299);
  const other = group(diagnostics.map((d) => (d === plain[5] ? { ...d, message: 'converted again' } : d)));
  assert.notEqual(other, first, 'a listed member is another object');
  assert.equal(other.relatedInformation?.[5].message, 'converted again');
  assert.notEqual(group(diagnostics, 'file:///elsewhere/rudder-users.xml'), first, 'another document');
  assert.deepEqual(group(diagnostics), JSON.parse(JSON.stringify(first)), 'what it says is what a fresh one says');
});
