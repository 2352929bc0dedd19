import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveEntries, parseJavaProperties, reparseJavaProperties, spliceOf } from '../../server/src/service/properties/javaProperties';

/** [name, input, every [key, value] occurrence in file order]. Expectations checked against the JDK. */
const CASES: [string, string, [string, string][]][] = [
  ['empty text', '', []],
  ['blank lines only', '\n\r\n\r  \t\f\n', []],
  ['equals', 'a=b', [['a', 'b']]],
  ['colon', 'a:b', [['a', 'b']]],
  ['space separator', 'a b', [['a', 'b']]],
  ['spaces around separator', 'a \t = \f b', [['a', 'b']]],
  ['second separator belongs to value', 'a==b', [['a', '=b']]],
  ['white space then colon then equals', 'a : =b', [['a', '=b']]],
  ['key only', 'a', [['a', '']]],
  ['key with trailing white space', 'a   ', [['a', '']]],
  ['empty key', '=b', [['', 'b']]],
  ['trailing white space of value kept', 'a=b  \t', [['a', 'b  \t']]],
  ['leading white space skipped', '   \t\fa=b', [['a', 'b']]],
  ['hash comment', '# a=b\nc=d', [['c', 'd']]],
  ['bang comment after white space', '  ! a=b\nc=d', [['c', 'd']]],
  ['hash inside value', 'a=b#c', [['a', 'b#c']]],
  ['hash inside key', 'a#b=c', [['a#b', 'c']]],
  ['escaped separators in key', 'a\\=b\\:c\\ d=e', [['a=b:c d', 'e']]],
  ['escapes', 'a=\\t\\n\\r\\f\\\\\\q\\"', [['a', '\t\n\r\f\\q"']]],
  ['unicode escapes', '\\u00e9t\\u00C9=\\u20ac\\uD83D\\uDE00', [['étÉ', '€😀']]],
  ['raw non-ASCII', 'clé=\u2028😀', [['clé', '\u2028😀']]],
  ['CR terminators', 'a=1\rb=2\r\rc=3', [['a', '1'], ['b', '2'], ['c', '3']]],
  ['CRLF terminators', 'a=1\r\nb=2\r\n', [['a', '1'], ['b', '2']]],
  ['continuation', 'a=b\\\n   c', [['a', 'bc']]],
  ['continuation with CRLF', 'a=b\\\r\n\tc\\\r  d', [['a', 'bcd']]],
  ['continuation inside key', 'ke\\\n  y=v', [['key', 'v']]],
  ['even backslashes do not continue', 'a=b\\\\\nc=d', [['a', 'b\\'], ['c', 'd']]],
  ['odd backslashes continue', 'a=b\\\\\\\nc', [['a', 'b\\c']]],
  ['comment marker on continuation line is data', 'a=b\\\n#c', [['a', 'b#c']]],
  ['blank continuation line ends the logical line', 'a=b\\\n\nc=d', [['a', 'b'], ['c', 'd']]],
  ['white-only continuation line', 'a=b\\\n  \t\nc=d', [['a', 'b'], ['c', 'd']]],
  ['trailing backslash at end of text dropped', 'a=b\\', [['a', 'b']]],
  ['trailing backslash and newline at end of text', 'a=b\\\n', [['a', 'b']]],
  ['lone backslash is an empty key', '\\', [['', '']]],
  ['lone backslash with newline is an empty key', '  \\\n', [['', '']]],
  ['lone backslash then white space at end is nothing', '\\\n  ', []],
  ['lone backslash then blank line is nothing', '\\\n\nx=y', [['x', 'y']]],
  ['comment recognised after lone backslash continuation', '\\\n#x=y\nz', [['z', '']]],
  ['lone backslash joins next line', '\\\n  x=y', [['x', 'y']]],
  ['duplicates kept in order', 'a=1\nb=2\na=3', [['a', '1'], ['b', '2'], ['a', '3']]],
];

for (const [name, input, expected] of CASES) {
  test(`parseJavaProperties: ${name}`, () => {
    const parsed = parseJavaProperties(input);
    assert.deepEqual(
      parsed.entries.map((e) => [e.key, e.value]),
      expected,
    );
    assert.deepEqual(parsed.problems, []);
  });
}

/** Raw text covered by a range. */
function slice(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

test('ranges of a simple line', () => {
  const text = '# c\n  a\\ b = x y \nnext';
  const [e] = parseJavaProperties(text).entries;
  assert.equal(e.key, 'a b');
  assert.equal(slice(text, e.keyRange), 'a\\ b');
  assert.equal(slice(text, e.separatorRange), ' = ');
  assert.equal(slice(text, e.valueRange), 'x y ');
  assert.equal(slice(text, e.logicalLineRange), 'a\\ b = x y ');
  assert.equal(e.line, 1);
});

test('ranges across continuation lines', () => {
  const text = 'x=1\r\nlong\\\r\n  key:\\\n   first \\\n\tsecond\nthird';
  const [, e] = parseJavaProperties(text).entries;
  assert.equal(e.key, 'longkey');
  assert.equal(e.value, 'first second');
  assert.equal(slice(text, e.keyRange), 'long\\\r\n  key');
  assert.equal(slice(text, e.separatorRange), ':');
  assert.equal(slice(text, e.valueRange), 'first \\\n\tsecond');
  assert.equal(slice(text, e.logicalLineRange), 'long\\\r\n  key:\\\n   first \\\n\tsecond');
  assert.equal(e.line, 1);
});

test('ranges of a key without value and of an empty value', () => {
  const text = 'alone\nempty =  \n';
  const [alone, empty] = parseJavaProperties(text).entries;
  assert.deepEqual(alone.separatorRange, { start: 5, end: 5 });
  assert.deepEqual(alone.valueRange, { start: 5, end: 5 });
  assert.equal(slice(text, empty.separatorRange), ' =  ');
  assert.deepEqual(empty.valueRange, { start: 15, end: 15 });
  assert.equal(empty.line, 1);
});

test('range of a value that starts on a continuation line', () => {
  const text = 'k = \\\n    v';
  const [e] = parseJavaProperties(text).entries;
  assert.equal(slice(text, e.separatorRange), ' = ');
  assert.equal(slice(text, e.valueRange), 'v');
});

test('ranges when a lone backslash line continues into the key', () => {
  const text = 'a=1\n  \\\n  x=y';
  const [, e] = parseJavaProperties(text).entries;
  assert.equal(slice(text, e.keyRange), 'x');
  assert.equal(slice(text, e.logicalLineRange), '\\\n  x=y');
  assert.equal(e.line, 2);
});

test('ranges of the empty key of a lone backslash', () => {
  const text = 'a=1\n  \\';
  const [, e] = parseJavaProperties(text).entries;
  assert.deepEqual([e.key, e.value], ['', '']);
  assert.deepEqual(e.keyRange, { start: 6, end: 6 });
  assert.deepEqual(e.valueRange, { start: 6, end: 6 });
  assert.equal(slice(text, e.logicalLineRange), '\\');
});

test('ranges count UTF-16 code units', () => {
  const text = '😀=é\u2028😀';
  const [e] = parseJavaProperties(text).entries;
  assert.equal(slice(text, e.keyRange), '😀');
  assert.equal(slice(text, e.valueRange), 'é\u2028😀');
});

test('comments keep their marker and line', () => {
  const text = 'a=b\r\n  # one\r! two\n\\\n#three';
  const { comments, entries } = parseJavaProperties(text);
  assert.deepEqual(
    comments.map((c) => [c.text, c.line, slice(text, c.range)]),
    [
      ['# one', 1, '# one'],
      ['! two', 2, '! two'],
      ['#three', 4, '#three'],
    ],
  );
  assert.equal(entries.length, 1);
});

test('malformed \\u escapes are problems, never exceptions', () => {
  for (const [text, raw] of [
    ['a=\\u12', '\\u12'],
    ['a=\\u12g4', '\\u12g4'],
    ['\\u=x', '\\u'],
    ['a=\\uXYZW\\u0041', '\\uXYZW'],
  ]) {
    const parsed = parseJavaProperties(text);
    assert.equal(parsed.problems.length, 1, JSON.stringify(text));
    assert.equal(slice(text, parsed.problems[0].range), raw);
    assert.equal(parsed.entries.length, 1);
  }
  assert.equal(parseJavaProperties('a=\\uXYZW\\u0041').entries[0].value, '\\uXYZWA');
});

test('effectiveEntries keeps the last occurrence', () => {
  const text = 'a=1\nb=2\na=3';
  const effective = effectiveEntries(parseJavaProperties(text));
  assert.deepEqual(
    [...effective].map(([k, e]) => [k, e.value, e.line]),
    [
      ['a', '3', 2],
      ['b', '2', 1],
    ],
  );
});

test('a reparse keeps the splice one step back only: the parses before it are not kept alive', () => {
  const texts = ['a=1\nb=2\nc=3\n', 'a=1\nb=2x\nc=3\n', 'a=1\nb=2xy\nc=3\n'];
  const first = parseJavaProperties(texts[0]);
  const second = reparseJavaProperties(first, texts[0], texts[1], { start: 7, oldEnd: 7, newEnd: 8 });
  assert.equal(spliceOf(second)?.from, first);
  const third = reparseJavaProperties(second, texts[1], texts[2], { start: 8, oldEnd: 8, newEnd: 9 });
  assert.equal(spliceOf(third)?.from, second);
  assert.equal(spliceOf(second), undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(third)), JSON.parse(JSON.stringify(parseJavaProperties(texts[2]))));
});
