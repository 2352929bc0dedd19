/**
 * The override files of rudder-web.properties.d/ as this tool reads them: Java properties for `.properties`,
 * HOCON for `.prop` and `.config` (rudder@9.1 RC:186 `configFileExtensions`), as far as `key = value` lines go.
 * Each row: a HOCON text, the values read, the lines that stop Rudder's start, the count of lines not read.
 * What stops the start follows lightbend/config's Tokenizer (`notInUnquotedText = "$\"{}[]:=,+#`^?!@*&\\"`, `//`
 * and `#` comments) and the resolution of each file alone (ConfigFactory.load(parseFile(f)), RC:286).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overrideSource, OVERRIDE_FILE } from '../../server/src/service/properties/overrides';

const rows: { name: string; text: string; values: Record<string, string>; problems?: [number, string][]; unchecked?: number }[] = [
  { name: 'key = value and key : value, comments', text: '# a\n// b\na.b = 30 minutes\na.c: true # on\na.d = x // y\n', values: { 'a.b': '30 minutes', 'a.c': 'true', 'a.d': 'x' } },
  { name: 'a quoted value keeps what HOCON reserves', text: 'f = "(&(uid={0})(objectclass=person))"\nu = "ldaps://h:636/dc=x"\n', values: { f: '(&(uid={0})(objectclass=person))', u: 'ldaps://h:636/dc=x' } },
  { name: 'quoted path segments', text: 'a."b".d = 1\n', values: { 'a.b.d': '1' } },
  { name: 'a quoted segment with a dot is one element: not checked', text: 'a."b.c" = 1\n', values: {}, unchecked: 1 },
  { name: 'an unquoted filter: a reserved character', text: 'f = (&(uid={0})(objectclass=person))\n', values: {}, problems: [[0, 'reserved']] },
  { name: 'an unquoted {0}', text: 'f = (uid={0})\n', values: {}, problems: [[0, 'reserved']] },
  { name: 'an unquoted brace', text: 'f = uid{0}\n', values: {}, problems: [[0, 'brace']] },
  { name: 'an unquoted URL: the colon', text: 'u = ldaps://h/dc=x\n', values: {}, problems: [[0, 'colon']] },
  { name: 'a substitution of nothing in this file', text: 't = ${timeout}\n', values: {}, problems: [[0, 'substitution']] },
  { name: 'a substitution of a key of this file resolves: not checked', text: 'a = 1\nt = ${a}\n', values: { a: '1' }, unchecked: 1 },
  { name: 'an optional substitution: not checked', text: 't = ${?TIMEOUT}\n', values: {}, unchecked: 1 },
  { name: 'a concatenation with a quoted string: not checked', text: 't = 30" minutes"\n', values: {}, unchecked: 1 },
  { name: 'objects, arrays, includes, += and triple quotes: not checked', text: 'rudder {\n  server.hsts = true\n}\nl = [1,\n2]\ninclude "x.conf"\nl += 3\nm = """a"""\n', values: {}, unchecked: 8 },
];

for (const r of rows) {
  test(`HOCON override: ${r.name}`, () => {
    const s = overrideSource('rudder-web.properties.d/x.config', r.text);
    assert.equal(s.syntax, 'hocon');
    assert.deepEqual(Object.fromEntries([...s.values].map(([k, v]) => [k, v.value])), r.values);
    assert.deepEqual(
      s.problems.map((p) => [p.line, p.what]),
      r.problems ?? [],
    );
    assert.equal(s.unchecked, r.unchecked ?? 0);
  });
}

test('.properties overrides are Java properties; .prop and .config HOCON; nothing else is read', () => {
  assert.equal(overrideSource('rudder-web.properties.d/a.properties', 'a=b\\\n  c').values.get('a')?.value, 'bc');
  assert.equal(overrideSource('rudder-web.properties.d/a.prop', 'a = b').syntax, 'hocon');
  assert.deepEqual(
    ['a.properties', 'a.prop', 'a.config', 'a.conf', 'a.properties.bak', 'a.txt'].filter((n) => OVERRIDE_FILE.test(n)),
    ['a.properties', 'a.prop', 'a.config'],
  );
});

test('a HOCON file of 200,000 lines is read in linear time', () => {
  const text = 'a = b\n'.repeat(100_000) + 'x {\n'.repeat(50_000) + '}\n'.repeat(50_000);
  const start = Date.now();
  const s = overrideSource('rudder-web.properties.d/x.config', text);
  assert.equal(s.unchecked, 100_000);
  assert.ok(Date.now() - start < 5000, `${Date.now() - start} ms`);
});
