/**
 * The XML verdict on documents written here: each case marks the expected squiggle with `[[…]]` and names the
 * kind; the whole problem list is compared. Messages never carry file text (the canary values below), only the
 * element names Rudder reads. Decoding and encoding are checked on bytes; the JDK agreement itself is
 * xmlOracle.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXml, encodeXml, lineOf } from '../../server/src/service/xml/encoding';
import { checkWellFormed, checkWellFormedBytes, SYNTAX_MESSAGES, type SyntaxProblemKind } from '../../server/src/service/xml/wellFormed';
import { markers } from './markers';

const SECRETS = ['MyS3cretPass', 'Tr0ub', 'dor3horse', 'hunter2', 'x:user', 'zz'];

interface Case {
  name: string;
  doc: string;
  /** Expected kinds in document order, one per marked range; empty: well-formed. */
  kinds: SyntaxProblemKind[];
  /** Words the (first) message must contain. */
  says?: string[];
}

const A = (body: string) => `<authentication hash="bcrypt">${body}</authentication>`;

const cases: Case[] = [
  { name: 'well-formed', doc: A('<user name="u" password="x" role="user"/>'), kinds: [] },
  { name: 'names with a colon are plain names (namespace-unaware)', doc: A('<x:user a:b="1"/><user name="u" role="user"/>'), kinds: [] },
  { name: 'unquoted value: on the value', doc: A('<user name="u" password=[[hunter2]] role="user"/>'), kinds: ['unquoted-value'], says: ['<user>', 'quotes'] },
  { name: 'attribute without value: on its name', doc: A('<user name="u" password="x" [[bare]] role="user"/>'), kinds: ['attribute-without-value'] },
  { name: 'attribute without value before />', doc: A('<user name="u" password="x" [[bare]]/>'), kinds: ['attribute-without-value'] },
  { name: 'a password shifted out of its quotes is not repeated', doc: A('<user name="u" password="x" [[MyS3cretPass!]] role="a"/>'), kinds: ['attribute-without-value'] },
  { name: 'no space between attributes: where the space belongs', doc: A('<user name="u"[[p]]assword="x"/>'), kinds: ['missing-space'], says: ['space'] },
  { name: '&#0; is not a character', doc: A('<user name="u" password="[[&#0;]]"/>'), kinds: ['invalid-character-reference'] },
  { name: 'undefined entity: on the reference, not repeated', doc: A('<user name="u" password="Tr0ub[[&dor3horse;]]x"/>'), kinds: ['undefined-entity'], says: ['&amp;'] },
  { name: 'bare & in a value', doc: A('<user name="u" password="a[[&]] b"/>'), kinds: ['bad-entity-reference'] },
  { name: 'missing closing quote: where it belongs', doc: A('<user name="u" password="zz[[/]]>'), kinds: ['missing-quote'], says: ['closing quote'] },
  { name: '< in a value', doc: A('<user name="u" password="a[[<]]b"/>'), kinds: ['less-than-in-value'] },
  // A lone surrogate (UTF-16 bytes, or an editor's text) is no XML character: the JDK stops on it.
  { name: 'a lone high surrogate in a value', doc: A('<user name="u" password="a[[\ud800]]b"/>'), kinds: ['forbidden-character'] },
  { name: 'a lone low surrogate in text', doc: A('x[[\udc00]]<user name="u"/>'), kinds: ['forbidden-character'] },
  { name: 'a surrogate pair is one character', doc: A('<user name="u\u{1F600}" password="x"/>'), kinds: [] },
  // Rudder ≤ 8.1 reads a DOCTYPE: declared entities are no error there (the 'dtd' reading), undefined without it.
  { name: 'a declared entity: undefined only where the DOCTYPE is refused', doc: `[[<!DOCTYPE]] authentication [<!ENTITY e "x">]>${A('<user name="u" password="[[&e;]]"/>')}`, kinds: ['doctype', 'undefined-entity'] },
  { name: 'a cycle of entities', doc: `[[<!DOCTYPE]] authentication [<!ENTITY e "&f;"><!ENTITY f "&e;">]>${A('<user name="u" password="[[[[&e;]]]]"/>')}`, kinds: ['doctype', 'recursive-entity', 'undefined-entity'] },

  { name: 'duplicated attribute: on the second', doc: A('<user name="u" [[name]]="v"/>'), kinds: ['duplicate-attribute'] },
  // After a problem scala-xml's rewrite repairs (scalaXml.ts), the first one it does not repair is kept too
  // (`afterRewrite`): that is where the rewritten file stops. Any number of repaired ones may come between.
  { name: 'an undefined entity, then an unquoted value', doc: A('<user name="[[&x;]]"/><user name=[[u]]/>'), kinds: ['undefined-entity', 'unquoted-value'] },
  { name: 'a duplicated attribute, then an end tag that does not match', doc: A('<user name="u" [[name]]="v"/><user>[[</usr>]]</user>'), kinds: ['duplicate-attribute', 'mismatched-end-tag'] },
  { name: 'many undefined entities, then an end tag that does not match', doc: A(`<user name="[[&x;]]"/>${'<user name="&x;"/>'.repeat(40)}<user>[[</usr>]]</user>`), kinds: ['undefined-entity', 'mismatched-end-tag'] },
  { name: 'a real error first: nothing more', doc: A('<user name=[[u]]/><user name="&x;"/>'), kinds: ['unquoted-value'] },
  { name: 'end tag that does not match: names the open element', doc: '<authentication><user name="u">[[</authentication>]]', kinds: ['mismatched-end-tag'], says: ['<user>'] },
  { name: 'unknown element names are not repeated', doc: '<authentication><zz>[[</authentication>]]', kinds: ['mismatched-end-tag'], says: ['this element'] },
  { name: 'never closed', doc: '<authentication><user name="u"/>[[]]', kinds: ['unclosed-element'], says: ['<authentication>'] },
  { name: 'NUL character', doc: A('<user name="u" password="x[[\u0000]]"/>'), kinds: ['forbidden-character'] },
  { name: 'name character of the 5th edition only', doc: A('<user[[\u{10000}]] name="u"/>'), kinds: ['invalid-name'] },
  { name: 'text before the root', doc: '<!-- c -->[[z]]z<authentication/>', kinds: ['content-outside-root'] },
  { name: 'two roots', doc: '<authentication/>[[<]]authentication/>', kinds: ['multiple-roots'] },
  { name: 'DOCTYPE is its own kind, and the next real error is kept', doc: '[[<!DOCTYPE]] authentication><authentication><user name=[[u]]/></authentication>', kinds: ['doctype', 'unquoted-value'] },
  { name: 'a misplaced XML declaration', doc: '<authentication/>\n[[<]]?xml version="1.0"?>', kinds: ['misplaced-xml-declaration'] },
  { name: 'malformed comment', doc: '<authentication><!-- a [[--]] b --></authentication>', kinds: ['bad-comment'] },
  { name: "']]>' in text", doc: '<authentication>a]][[>]]</authentication>', kinds: ['cdata-end-in-text'] },
  { name: 'U+FFFD in editor text is suspect', doc: A('<user name="u[[\ufffd]]"/>'), kinds: ['replacement-character'] },
];

test('XML problems: kind, squiggle and wording', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      const { text, ranges } = markers(c.doc, false);
      const problems = checkWellFormed(text).problems;
      assert.deepEqual(
        problems.map((p) => ({ kind: p.kind, range: p.range })),
        c.kinds.map((kind, i) => ({ kind, range: ranges[i] })),
      );
      for (const p of problems) {
        for (const secret of SECRETS) assert.ok(!p.message.includes(secret), `"${p.message}" repeats file text`);
      }
      for (const word of c.says ?? []) assert.ok(problems[0].message.includes(word), `"${problems[0].message}" should say ${word}`);
    });
  }
});

test('an undefined entity says where it is, and the problem after a repaired one says so', () => {
  const where = (doc: string) => checkWellFormed(doc).problems.map((p) => [p.kind, p.where, p.afterRewrite]);
  assert.deepEqual(where(A('<user name="&x;"/>')), [['undefined-entity', 'attribute', undefined]]);
  assert.deepEqual(where(A('<user>&x;</user>')), [['undefined-entity', 'content', undefined]]);
  assert.deepEqual(where(A('<user>&x;</user><user a=b/>')), [['undefined-entity', 'content', undefined], ['unquoted-value', undefined, true]]);
  // Read from bytes, the same (the encoding problems join the list).
  assert.deepEqual(
    checkWellFormedBytes(utf8(A('<user>&x;</user><user a=b/>'))).problems.map((p) => [p.kind, p.afterRewrite]),
    [['undefined-entity', undefined], ['unquoted-value', true]],
  );
});

test('every message of the table is free of parser wording and ends without a period', () => {
  for (const [kind, message] of Object.entries(SYNTAX_MESSAGES)) {
    const text = message({ element: 'this element', line: 3, encoding: 'UTF-8' });
    assert.ok(text.length > 0 && !text.endsWith('.'), `${kind}: ${text}`);
  }
});

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

interface ByteCase {
  name: string;
  bytes: Uint8Array;
  encoding: { name: string; bom: boolean };
  text?: string;
  /** Kind and 1-based line of the first problem (the line the JDK reports). */
  problem?: [SyntaxProblemKind, number];
}

const DECL = (enc: string) => `<?xml version="1.0" encoding="${enc}"?>\n`;
const ROOT = '<authentication hash="bcrypt">\n  <user name="é" role="user"/>\n</authentication>\n';

const byteCases: ByteCase[] = [
  { name: 'UTF-8 without declaration', bytes: utf8(ROOT), encoding: { name: 'UTF-8', bom: false }, text: ROOT },
  { name: 'UTF-8 BOM is kept out of the text', bytes: Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(ROOT)]), encoding: { name: 'UTF-8', bom: true }, text: ROOT },
  { name: 'UTF-16 LE with BOM is read', bytes: Uint8Array.from(Buffer.from(`\ufeff${ROOT}`, 'utf16le')), encoding: { name: 'UTF-16LE', bom: true }, text: ROOT },
  { name: 'ISO-8859-1 declared: é is one byte', bytes: bytes(DECL('ISO-8859-1'), ROOT), encoding: { name: 'ISO-8859-1', bom: false }, text: DECL('ISO-8859-1') + ROOT },
  { name: 'US-ASCII declared with a non-ASCII name: rejected, reported on the declaration', bytes: Uint8Array.from([...utf8(DECL('US-ASCII')), ...utf8(ROOT)]), encoding: { name: 'US-ASCII', bom: false }, problem: ['not-in-declared-encoding', 1] },
  { name: 'Latin-1 bytes in a UTF-8 file', bytes: bytes(ROOT.replace('é', '\xe9')), encoding: { name: 'UTF-8', bom: false }, problem: ['invalid-bytes', 2] },
  { name: 'an invalid byte at the start of a line is reported on the line before, in content', bytes: bytes('<authentication>\n\n', [0xff], '</authentication>'), encoding: { name: 'UTF-8', bom: false }, problem: ['invalid-bytes', 2] },
  { name: 'a code point above U+10FFFF: where the read started', bytes: bytes(`<authentication hash="${'x'.repeat(60)}">\n\n`, [0xf4, 0x90, 0x80, 0x80], '</authentication>'), encoding: { name: 'UTF-8', bom: false }, problem: ['invalid-bytes', 1] },
  { name: 'NUL byte', bytes: bytes('<authentication>', [0], '</authentication>'), encoding: { name: 'UTF-8', bom: false }, problem: ['forbidden-character', 1] },
  { name: 'declared UTF-16 on 8-bit bytes', bytes: bytes(DECL('UTF-16'), '<authentication/>'), encoding: { name: 'UTF-16BE', bom: false }, problem: ['content-outside-root', 1] },
  { name: 'encoding="UTF8" goes through Java\'s replacing decoder', bytes: bytes(DECL('UTF8'), '<authentication a="', [0xff], '"/>'), encoding: { name: 'UTF8', bom: false } },
  { name: 'a second BOM is content', bytes: bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], '<authentication/>'), encoding: { name: 'UTF-8', bom: true }, problem: ['content-outside-root', 1] },
];

test('bytes are decoded and judged as the JDK reads them', async (t) => {
  for (const c of byteCases) {
    await t.test(c.name, () => {
      const decoded = decodeXml(c.bytes);
      assert.deepEqual(decoded.encoding, c.encoding);
      if (c.text !== undefined) assert.equal(decoded.text, c.text);
      const checked = checkWellFormedBytes(c.bytes);
      const first = checked.problems[0];
      assert.deepEqual(first && [first.kind, lineOf(checked.text, first.range.start)], c.problem);
    });
  }
});

test('encodeXml writes back what decodeXml read, or refuses', () => {
  const samples = [
    utf8(ROOT),
    Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(ROOT)]),
    Uint8Array.from(Buffer.from(`\ufeff${ROOT}`, 'utf16le')),
    bytes(DECL('ISO-8859-1'), ROOT.replace('é', '\xe9')),
    bytes(DECL('windows-1252'), ROOT.replace('é', '\x80')),
  ];
  for (const b of samples) {
    const { text, encoding } = decodeXml(b);
    assert.deepEqual(encodeXml(text, encoding), b, `${encoding.name} round trip`);
  }
  assert.equal(encodeXml('é', { name: 'US-ASCII', bom: false }), undefined);
  assert.equal(encodeXml('\u20ac', { name: 'ISO-8859-1', bom: false }), undefined);
  assert.equal(encodeXml('\u0081', { name: 'windows-1252', bom: false }), undefined);
  assert.equal(encodeXml('\ud800', { name: 'UTF-8', bom: false }), undefined);
});
