/** The users-file codec: detected as XML parsers detect it, and byte-exact both ways for valid files. */
// @tier io
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText, decodeXml, detectXmlEncoding, encodeText, type Encoding } from '../../server/src/io/encoding';

const TEXT = '<authentication>\r\n  <user name="jürgen" password="Grüße1"/>\n</authentication>\n';

const FILES: { name: string; bytes: Buffer; encoding: Encoding; text: string }[] = [
  { name: 'UTF-8, no declaration', bytes: Buffer.from(TEXT, 'utf8'), encoding: 'utf-8', text: TEXT },
  { name: 'UTF-8 with BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), encoding: 'utf-8', text: `\ufeff${TEXT}` },
  { name: 'UTF-16 LE with BOM', bytes: Buffer.from(`\ufeff${TEXT}`, 'utf16le'), encoding: 'utf-16le', text: `\ufeff${TEXT}` },
  { name: 'UTF-16 BE with BOM', bytes: Buffer.from(`\ufeff${TEXT}`, 'utf16le').swap16(), encoding: 'utf-16be', text: `\ufeff${TEXT}` },
  {
    name: 'ISO-8859-1 declared',
    bytes: Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${TEXT}`, 'latin1'),
    encoding: 'iso-8859-1',
    text: `<?xml version="1.0" encoding="ISO-8859-1"?>\n${TEXT}`,
  },
  {
    name: 'latin1 alias, single quotes',
    bytes: Buffer.from(`<?xml version='1.0' encoding='latin1'?>\n${TEXT}`, 'latin1'),
    encoding: 'iso-8859-1',
    text: `<?xml version='1.0' encoding='latin1'?>\n${TEXT}`,
  },
  { name: 'US-ASCII declared', bytes: Buffer.from('<?xml version="1.0" encoding="US-ASCII"?><a/>', 'latin1'), encoding: 'us-ascii', text: '<?xml version="1.0" encoding="US-ASCII"?><a/>' },
];

for (const f of FILES) {
  test(`${f.name}: detected, decoded and encoded back to the same bytes`, () => {
    const d = decodeXml(f.bytes);
    assert.equal(d.encoding, f.encoding);
    assert.equal(d.text, f.text);
    assert.ok(d.exact);
    assert.ok(encodeText(d.text, f.encoding)!.equals(f.bytes));
  });
}

test('ISO-8859-1 is Latin-1, not windows-1252: 0x80–0x9F are their own code points', () => {
  const bytes = Buffer.from([0x80, 0x9f, 0xe9]);
  assert.equal(decodeText(bytes, 'iso-8859-1').text, '\u0080\u009f\u00e9');
});

test('bytes that are not valid in their encoding decode as not exact (a writer refuses them)', () => {
  assert.equal(decodeText(Buffer.from([0x61, 0xff, 0x62]), 'utf-8').exact, false);
  assert.equal(decodeText(Buffer.from([0x61, 0xe9]), 'us-ascii').exact, false);
  assert.equal(decodeText(Buffer.from([0x3c, 0x00, 0x61]), 'utf-16le').exact, false);
  assert.equal(decodeXml(Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a/>')).exact, false);
});

test('a character the encoding cannot hold is not encoded', () => {
  assert.equal(encodeText('€', 'iso-8859-1'), undefined);
  assert.equal(encodeText('é', 'us-ascii'), undefined);
  assert.equal(encodeText('\ud800', 'utf-8'), undefined);
  assert.ok(encodeText('😀', 'utf-16be')!.equals(Buffer.from('😀', 'utf16le').swap16()));
});

test('an unknown declared encoding is reported by name', () => {
  assert.deepEqual(detectXmlEncoding(Buffer.from('<?xml version="1.0" encoding="EBCDIC-CP-US"?>')), { encoding: undefined, declared: 'EBCDIC-CP-US' });
  assert.deepEqual(detectXmlEncoding(Buffer.from('<?xml version="1.0"?><a/>')), { encoding: 'utf-8' });
  assert.deepEqual(detectXmlEncoding(Buffer.from('<?xml', 'utf16le')), { encoding: 'utf-16le' });
});
