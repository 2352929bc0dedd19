/**
 * The code actions find the start tag at an offset with one binary search over the tags in document order
 * (`tagAt`); it must be the tag the tree walk (`startTagAt`) finds, at every offset of every document: nested,
 * adjacent, self-closing, half-typed, unclosed, and Rudder's own fixtures.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tagAt } from '../../server/src/service/users/codeActions';
import { allElements, scanXml, startTagAt } from '../../server/src/service/xml/scan';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

const DOCUMENTS = [
  '<a><b><c/></b><d></d></a>',
  '<a><b/><c/></a>',
  '<authentication><user name="x"/><user name="y"></user></authentication>',
  '<a><b',
  '<a><b name="x',
  '<a>\n  <b>\n    <c x="1" y=\'2\'/>\n  </b>\n  <d/>\n',
  '<!-- c --><a><?pi x?><b/></a><e/>',
  '<a><<b/></a>',
  '<a/><b/><c>',
  `${'<x>'.repeat(200)}<user/>${'</x>'.repeat(200)}`,
];

function fixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.xml')) out.push(readFileSync(path.join(dir, e.name), 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

test('tagAt over the flat list finds the tag startTagAt finds, at every offset', () => {
  const docs = [...DOCUMENTS, ...fixtures()];
  assert.ok(docs.length > DOCUMENTS.length, 'the fixtures have XML files');
  for (const text of docs) {
    const { roots } = scanXml(text);
    const tags = [...allElements(roots)];
    for (let offset = 0; offset <= text.length; offset++) {
      assert.equal(tagAt(tags, offset), startTagAt(roots, offset), `offset ${offset} of ${JSON.stringify(text.slice(0, 60))}`);
    }
  }
});
