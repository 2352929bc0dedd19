/**
 * schemas/rudder-users.xsd, checked with xmllint (Debian: libxml2-utils): Rudder's valid fixtures pass, the files of
 * test/fixtures/invalid fail for the expected reason, and the schema stays in step with the language service.
 */
// @tier oracle
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { HASH_ATTRIBUTE } from '../../server/src/service/rudder';
import { REPO } from './markers';

const XSD = path.join(REPO, 'schemas', 'rudder-users.xsd');
const USERS = path.join(REPO, 'test', 'fixtures', 'users');
const INVALID = path.join(REPO, 'test', 'fixtures', 'invalid');

const xmllintMissing = spawnSync('xmllint', ['--version']).error !== undefined;
if (xmllintMissing && process.env.CI === 'true') throw new Error('xmllint is missing: install libxml2-utils (scripts/install-test-deps.sh)');
const skip = xmllintMissing ? 'xmllint is not installed (Debian: apt-get install libxml2-utils)' : false;

function xmllint(file: string): { ok: boolean; errors: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, errors: r.stderr };
}

/** Rudder fixtures the schema rejects on purpose, with the reason xmllint must give. */
const REJECTED_BY_DESIGN: Record<string, RegExp> = {
  // Comment-only doc samples: no root element at all, so not well-formed.
  'rudder-doc@2.11__8_reference__etc__rudder-users.xml': /Start tag expected/,
  'rudder-doc@2.6-2.10__5_references__etc__rudder-users.xml': /Start tag expected/,
  // Text content ("..." placeholder in the docs): Rudder ignores text, the schema flags it as a likely mistake.
  'rudder-doc@9.2__src__reference__modules__administration__pages__users.adoc__example3.xml': /Character content other than whitespace is not allowed/,
  // Unknown values Rudder tolerates (falling back to a default) and that its tests use on purpose.
  'rudder@8.2-10.0__webapp__sources__rudder__rudder-rest__src__test__resources__test-users-wrong-hash.xml': /attribute 'hash': 'unsupportedHash' is not a valid value/,
  'rudder@8.2-10.0__webapp__sources__rudder__rudder-rest__src__test__resources__test-users-wrong-unsafe-hashes.xml': /attribute 'unsafe-hashes': 'fsale' is not a valid value/,
  'rudder@9.2__webapp__sources__rudder__rudder-rest__src__test__scala__com__normation__rudder__users__RudderUserDetailsFileTest.scala__expectedXml.xml':
    /attribute 'hash': 'plop' is not a valid value/,
  // roles= is never read by Rudder (the user gets no rights): not part of the vocabulary.
  'rudder@9.2__webapp__sources__rudder__rudder-web__src__test__scala__bootstrap__liftweb__RudderUserDetailsTest.scala__userXML_empty.xml': /attribute 'roles' is not allowed/,
};

/** Every file of test/fixtures/invalid and why it must fail. */
const INVALID_FILES: Record<string, RegExp> = {
  'wrong-root.xml': /Element 'users': No matching global declaration/,
  'user-without-name.xml': /Element 'user': The attribute 'name' is required but missing/,
  'empty-user-name.xml': /attribute 'name': \[facet 'minLength'\]/,
  'unknown-element.xml': /Element 'group': This element is not expected/,
  'case-sensitivity-maybe.xml': /attribute 'case-sensitivity': 'maybe' is not a valid value/,
  'custom-role-underscore.xml': /attribute 'name': \[facet 'pattern'\] The value 'role_a0'/,
  'user-child-element.xml': /Element 'user': Element content is not allowed/,
  'stray-text.xml': /Character content other than whitespace is not allowed/,
};

const xmlFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

describe('rudder-users.xsd with xmllint', { skip }, () => {
  for (const file of xmlFiles(USERS)) {
    const reason = REJECTED_BY_DESIGN[file];
    test(reason ? `rejects by design: ${file}` : `valid: ${file}`, () => {
      const r = xmllint(path.join(USERS, file));
      if (reason) {
        assert.equal(r.ok, false);
        assert.match(r.errors, reason);
      } else assert.ok(r.ok, r.errors);
    });
  }

  test('every Rudder fixture rejected by design exists', () => {
    for (const file of Object.keys(REJECTED_BY_DESIGN)) assert.ok(fs.existsSync(path.join(USERS, file)), file);
  });

  test('test/fixtures/invalid lists exactly the files with an expected reason', () => {
    assert.deepEqual(xmlFiles(INVALID), Object.keys(INVALID_FILES).sort());
  });

  for (const [file, reason] of Object.entries(INVALID_FILES)) {
    test(`invalid: ${file}`, () => {
      const r = xmllint(path.join(INVALID, file));
      assert.equal(r.ok, false, `${file} validates`);
      assert.match(r.errors, reason);
    });
  }

  test('comments, any case of true/false and of hash names, whitespace in elements are accepted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-xsd-'));
    const file = path.join(dir, 'rudder-users.xml');
    fs.writeFileSync(
      file,
      '<!-- top -->\n<authentication hash="BCrypt" case-sensitivity="FALSE" unsafe-hashes="True">\n  <!-- users -->\n  <user name="a" permissions="administrator">\n    <!-- note -->\n  </user>\n  <custom-roles>\n    <role name="auditor"/>\n  </custom-roles>\n  <custom-roles/>\n</authentication>\n',
    );
    try {
      const r = xmllint(file);
      assert.ok(r.ok, r.errors);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('rudder-users.xsd content', () => {
  const doc = new DOMParser().parseFromString(fs.readFileSync(XSD, 'utf8'), 'text/xml');
  const XS = 'http://www.w3.org/2001/XMLSchema';
  const all = (name: string) => Array.from(doc.getElementsByTagNameNS(XS, name));

  test('every element and attribute declaration has its own documentation, for editor hovers', () => {
    const children = (e: Element, name: string) => Array.from(e.childNodes).filter((n): n is Element => n.nodeType === n.ELEMENT_NODE && (n as Element).localName === name);
    for (const decl of [...all('element'), ...all('attribute')]) {
      const docs = children(decl, 'annotation').flatMap((a) => children(a, 'documentation'));
      assert.ok(docs.some((d) => (d.textContent ?? '').trim() !== ''), `<xs:${decl.localName} name="${decl.getAttribute('name')}"> has no xs:documentation`);
    }
  });

  test('the hash enumeration is every value some Rudder version recognises', () => {
    const hashType = all('simpleType').find((t) => t.getAttribute('name') === 'HashAlgorithmName');
    const enumerated = Array.from(hashType!.getElementsByTagNameNS(XS, 'enumeration')).map((e) => e.getAttribute('value'));
    const known = new Set(HASH_ATTRIBUTE.history().flatMap((h) => Object.keys(h.value.values)));
    assert.deepEqual([...enumerated].sort(), [...known].sort());
  });
});
