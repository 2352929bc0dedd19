/**
 * Inlay hints in a range and the custom-role navigation (definition, references, rename) look users and
 * occurrences up by binary search instead of a pass over every user per request: they must answer what the
 * pass answers, on every fixture and on generated files with half-typed users, for seeded random ranges and
 * offsets.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, getInlayHints, getReferences, parse, type Analysis } from '../../server/src/service/languageService';
import { builtinRole } from '../../server/src/service/rudder';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { splitList } from '../../server/src/service/xml/scan';
import { mulberry32 } from '../fuzz/random';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

function documents(): string[] {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xml'));
  const r = mulberry32(5);
  const generated = Array.from({ length: 20 }, () => {
    const users = Array.from({ length: 1 + Math.floor(r() * 30) }, (_, i) => {
      const password = r() < 0.3 ? 'plain' : r() < 0.5 ? '$2b$04$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu' : 'LDAP';
      const role = ['ops', 'Ops, user', 'dev,ops', 'administrator'][Math.floor(r() * 4)];
      const tag = `<user name="u${i % 7}" password="${password}" role="${role}"/>`;
      return r() < 0.08 ? tag.slice(0, Math.floor(r() * tag.length)) : tag;
    });
    return `<authentication>\n<custom-roles><role name="ops" permissions="node_read"/><role name="dev" permissions="ops"/></custom-roles>\n${users.join('\n')}\n</authentication>\n`;
  });
  return [...files.map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')), ...generated];
}

/** The hints of the whole file whose password value meets [start, end]: what the pass over every user keeps. */
function expectedHints(doc: TextDocument, a: Analysis & { kind: 'users' }, start: number, end: number, all: ReturnType<typeof getInlayHints>) {
  const meets = new Set<number>();
  for (const u of a.evaluation.users) {
    const p = u.decl.password;
    if (p?.valueRange && !p.defaulted && p.valueRange.end >= start && p.valueRange.start <= end) meets.add(p.valueRange.end + (p.valueClosed ? 1 : 0));
  }
  return all.filter((h) => meets.has(doc.offsetAt(h.position)));
}

test('inlay hints in a range and role references equal the pass over every user', () => {
  const r = mulberry32(9);
  for (const text of documents()) {
    const doc = TextDocument.create('file:///etc/rudder-users.xml', 'xml', 1, text);
    const a = analyze(parse(text, 'users'), DEFAULT_SETTINGS);
    if (a.kind !== 'users') continue;
    const all = getInlayHints(doc, a, { start: doc.positionAt(0), end: doc.positionAt(text.length) }, 'all');
    for (let i = 0; i < 40; i++) {
      const [start, end] = [Math.floor(r() * (text.length + 1)), Math.floor(r() * (text.length + 1))].sort((x, y) => x - y);
      const hints = getInlayHints(doc, a, { start: doc.positionAt(start), end: doc.positionAt(end) }, 'all');
      assert.deepEqual(hints, expectedHints(doc, a, start, end, all), `${start}-${end}`);
    }
    // Every item of every role list: its references are every item naming the same custom role.
    const roles = new Map(a.evaluation.roles.filter((x) => x.name).map((x) => [x.name.toLowerCase(), x]));
    const lists = [...a.evaluation.users.flatMap((u) => [u.decl.role, u.decl.permissions]), ...a.evaluation.roles.map((x) => x.decl.permissions)];
    // A DOCTYPE default is one declaration many elements share: its items once.
    const items = [...new Map(lists.flatMap((l) => (l ? splitList(text, l) : [])).map((x) => [x.range.start, x])).values()];
    for (const item of items) {
      const role = roles.get(item.text.toLowerCase());
      const refs: number[] = getReferences(doc, a, doc.positionAt(item.range.start), false).map((l) => doc.offsetAt(l.range.start));
      const expected = role && !builtinRole(item.text) ? items.filter((x) => x.text.toLowerCase() === item.text.toLowerCase()).map((x) => x.range.start).sort((x, y) => x - y) : [];
      if (role) assert.deepEqual(refs, expected, `references of '${item.text}' at ${item.range.start}`);
    }
  }
});
