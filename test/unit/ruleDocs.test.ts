/**
 * Rule links work offline: the server links diagnostics to the docs/rules.md shipped beside its bundle (a file:
 * URL), else to the published page; every rule has a heading whose anchor is its id; the extension recognises both
 * links and turns them into its command link.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OPEN_RULE_DOC, openRuleDocLink, ruleOfDocLink } from '../../client/src/ruleLinks';
import { rulesDocFor } from '../../server/src/lsp/ruleDocs';
import { RULES, RULES_DOC_URL, ruleDocUrl } from '../../server/src/service/rules';

const ROOT = path.resolve(__dirname, '../../..');

test('the bundle in dist/ links to docs/rules.md beside it, as a file: URL with the rule as anchor', () => {
  const doc = rulesDocFor(path.join(ROOT, 'dist'));
  assert.equal(fileURLToPath(doc), path.join(ROOT, 'docs/rules.md'));
  const link = new URL(ruleDocUrl('weak-hash', doc));
  assert.equal(link.protocol, 'file:');
  assert.equal(link.hash, '#weak-hash');
  assert.ok(fs.existsSync(fileURLToPath(link)));
});

test('without a docs/rules.md beside the bundle (the single executable), the published page', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-nodocs-'));
  try {
    assert.equal(rulesDocFor(path.join(dir, 'bin')), RULES_DOC_URL);
    assert.equal(ruleDocUrl('weak-hash'), `${RULES_DOC_URL}#weak-hash`);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('a file path with spaces and non-ASCII characters is a valid file: URL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder docs é-'));
  try {
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/rules.md'), '# Rules\n');
    const doc = rulesDocFor(path.join(dir, 'dist'));
    assert.equal(fileURLToPath(doc), path.join(dir, 'docs/rules.md'));
    assert.doesNotMatch(doc, / /);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test("every rule's anchor is a heading of docs/rules.md (its slug is the id itself)", () => {
  const headings = new Set(fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3)));
  for (const id of RULES.keys()) {
    assert.ok(headings.has(id), id);
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id}: a GitHub and markdown-it slug keeps only lowercase letters, digits and dashes`);
  }
});

test('the extension turns both links into its command link, and no other', () => {
  for (const doc of [rulesDocFor(path.join(ROOT, 'dist')), RULES_DOC_URL]) {
    const link = new URL(ruleDocUrl('ldap-filter-syntax', doc));
    assert.equal(ruleOfDocLink(link.pathname, link.hash.slice(1)), 'ldap-filter-syntax', doc);
  }
  assert.equal(ruleOfDocLink('/work/docs/rules.md', ''), undefined);
  assert.equal(ruleOfDocLink('/work/docs/rules.md', 'x"y'), undefined);
  assert.equal(ruleOfDocLink('/work/docs/other.md', 'weak-hash'), undefined);
  const command = new URL(openRuleDocLink('weak-hash'));
  assert.equal(command.protocol, 'command:');
  assert.equal(command.pathname, OPEN_RULE_DOC);
  assert.deepEqual(JSON.parse(decodeURIComponent(command.search.slice(1))), ['weak-hash']);
});
