/** The users-file codec as `--fix` and `passwd` write with it: byte-exact both ways for valid files, refusals otherwise. */
// @tier io
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeXml, encodeXml } from '../../server/src/service/xml/encoding';

const TEXT = '<authentication>\r\n  <user name="jürgen" password="Grüße1"/>\n</authentication>\n';
const DECL = (name: string, q = '"') => `<?xml version=${q}1.0${q} encoding=${q}${name}${q}?>\n`;

const FILES: { name: string; bytes: Buffer; encoding: string; bom: boolean; text: string }[] = [
  { name: 'UTF-8, no declaration', bytes: Buffer.from(TEXT, 'utf8'), encoding: 'UTF-8', bom: false, text: TEXT },
  { name: 'UTF-8 with BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), encoding: 'UTF-8', bom: true, text: TEXT },
  { name: 'UTF-16 LE with BOM', bytes: Buffer.from(`\ufeff${TEXT}`, 'utf16le'), encoding: 'UTF-16LE', bom: true, text: TEXT },
  { name: 'UTF-16 BE with BOM', bytes: Buffer.from(`\ufeff${TEXT}`, 'utf16le').swap16(), encoding: 'UTF-16BE', bom: true, text: TEXT },
  { name: 'ISO-8859-1 declared', bytes: Buffer.from(`${DECL('ISO-8859-1')}${TEXT}`, 'latin1'), encoding: 'ISO-8859-1', bom: false, text: `${DECL('ISO-8859-1')}${TEXT}` },
  { name: 'latin1 alias, single quotes', bytes: Buffer.from(`${DECL('latin1', "'")}${TEXT}`, 'latin1'), encoding: 'ISO-8859-1', bom: false, text: `${DECL('latin1', "'")}${TEXT}` },
  { name: 'US-ASCII declared', bytes: Buffer.from(`${DECL('US-ASCII')}<a/>`, 'latin1'), encoding: 'US-ASCII', bom: false, text: `${DECL('US-ASCII')}<a/>` },
];

for (const f of FILES) {
  test(`${f.name}: detected, decoded and encoded back to the same bytes`, () => {
    const d = decodeXml(f.bytes);
    assert.deepEqual(d.encoding, { name: f.encoding, bom: f.bom });
    assert.equal(d.text, f.text);
    assert.deepEqual(d.problems, []);
    assert.ok(Buffer.from(encodeXml(d.text, d.encoding)!).equals(f.bytes));
  });
}

test('ISO-8859-1 is Latin-1, not windows-1252: 0x80–0x9F are their own code points', () => {
  assert.equal(decodeXml(Buffer.concat([Buffer.from(DECL('ISO-8859-1'), 'latin1'), Buffer.from([0x80, 0x9f, 0xe9])])).text.slice(-3), '\u0080\u009f\u00e9');
});

test('bytes that are not valid in their encoding are reported (a writer refuses them)', () => {
  assert.notDeepEqual(decodeXml(Buffer.from([0x3c, 0x61, 0xff, 0x2f, 0x3e])).problems, []);
  assert.notDeepEqual(decodeXml(Buffer.concat([Buffer.from(DECL('US-ASCII'), 'latin1'), Buffer.from([0x3c, 0x61, 0xe9, 0x2f, 0x3e])])).problems, []);
});

test('a character the encoding cannot hold is not encoded', () => {
  assert.equal(encodeXml('€', { name: 'ISO-8859-1', bom: false }), undefined);
  assert.equal(encodeXml('é', { name: 'US-ASCII', bom: false }), undefined);
  assert.equal(encodeXml('\ud800', { name: 'UTF-8', bom: false }), undefined);
  assert.ok(Buffer.from(encodeXml('😀', { name: 'UTF-16BE', bom: false })!).equals(Buffer.from('😀', 'utf16le').swap16()));
});
