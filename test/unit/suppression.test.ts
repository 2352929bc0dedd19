/**
 * What a `rudder-lint-disable-next-line` directive covers, in both file kinds and every line ending: the marked
 * range is the target (the next line, stretched over a continued value or a multi-line start tag); a directive
 * on the last line covers nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../server/src/service/languageService';
import type { FileKind } from '../../server/src/service/rules';
import { markers } from './markers';

const endings = { LF: '\n', CRLF: '\r\n', CR: '\r' };

const cases: { name: string; kind: FileKind; doc: string }[] = [
  { name: 'properties: the next line', kind: 'properties', doc: 'a=b\n# rudder-lint-disable-next-line unknown-key\n[[rudder.auth.idle-timout=1h]]\nc=d\n' },
  { name: 'properties: the next logical line, continuation included', kind: 'properties', doc: '# rudder-lint-disable-next-line\n[[  k=a \\\n    b]]\nc=d\n' },
  { name: 'properties: a blank next line', kind: 'properties', doc: '! rudder-lint-disable-next-line x\n[[]]\nc=d\n' },
  { name: 'properties: a next line without a line break', kind: 'properties', doc: '# rudder-lint-disable-next-line x\n[[c=d]]' },
  { name: 'properties: on the last line, nothing', kind: 'properties', doc: 'a=b\n# rudder-lint-disable-next-line x' },
  { name: 'users: the next line', kind: 'users', doc: '<authentication>\n  <!-- rudder-lint-disable-next-line unknown-role -->\n[[  <user name="a" password="LDAP" role="nope"/>]]\n</authentication>\n' },
  { name: 'users: a multi-line start tag', kind: 'users', doc: '<authentication>\n  <!-- rudder-lint-disable-next-line -->\n[[  <user name="a"\n        role="nope"/>]]\n</authentication>\n' },
];

describe('suppression targets', () => {
  for (const c of cases) {
    for (const [ending, eol] of Object.entries(endings)) {
      test(`${c.name} [${ending}]`, () => {
        const { text, ranges } = markers(c.doc.replace(/\n/g, eol), false);
        const targets = parse(text, c.kind).suppressions.map((s) => s.target);
        assert.deepEqual(targets, ranges);
      });
    }
  }
});
