/**
 * Fingerprints (SARIF `fingerprints`/`partialFingerprints`, GitLab `fingerprint`) give nothing away: a dictionary
 * attack that knows the recipe recovers every name it is fed (the control) and none of the canary passwords, put
 * wherever a value can hide (next line, after a tab or a white-space separator, on a continuation line, in a
 * broken tag, behind an entity); and changing the passwords changes no fingerprint.
 */
// @tier cli
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FINGERPRINT_VERSION } from '../../server/src/cli/fingerprint';
import type { SarifLog } from '../../server/src/cli/formats/sarif';
import { USERS_XML } from '../../server/src/service/rudder';
import { isRuleId } from '../../server/src/service/rules';
import { runMain } from './cliRun';

/** Canary passwords: every one is a plain-text secret in the fixture below. */
const CANARIES = ['hunter2', 'letmein', 'Tr0ub&dor3horse;x', 'S3cret Pa55 wörd', "it's\"quoted\"", 'Zugspitze-Ω-2962', 'MyS3cretPass!', 'bindS3cret', 'admin#Pass;1', 'tab\tsecret', 'cont-secret-1', 'ws-secret-9'];

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/\t/g, '&#9;');
const propValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t');

function fixture(c: string[]): Record<string, string> {
  return {
    'ok/rudder-users.xml': [
      '<authentication hash="bcrypt" case-sensitivity="true">',
      `  <user name="alice" password="${xmlAttr(c[0])}" permissions="adminstrator"/>`,
      '  <user name="bob"',
      `        password="${xmlAttr(c[1])}"`,
      '        role="user"/>',
      `  <user name="carol" password\t=\t"${xmlAttr(c[2])}" role="user"/>`,
      `  <user name="dave" password=\n"${xmlAttr(c[3])}" permissions="nod_read"/>`,
      `  <user name="alice" password="${xmlAttr(c[4])}" role="administrator"/>`,
      `  <user name="erin" password="  ${xmlAttr(c[5])}  " role="user"/>`,
      '</authentication>',
      '',
    ].join('\n'),
    'broken/rudder-users.xml': [
      '<authentication hash="bcrypt">',
      `  <user name="u" password="x" ${c[6]} role="user"/>`,
      `  <user name="v password="${c[7]}" role="user"/>`,
      `  <user name="w" password="${c[2]}" role="user"/>`,
      '</authentication>',
      '',
    ].join('\n'),
    'ok/rudder-web.properties': [
      'rudder.auth.provider=ldap,file',
      'rudder.auth.ldap.connection.url=ldap://ldap.example.com',
      `rudder.auth.ldap.connection.bind.password=${propValue(c[7])}`,
      `rudder.auth.ldap.connection.bind.pasword\t${propValue(c[8])}`,
      'rudder.auth.admin.login=admin',
      `rudder.auth.admin.password=\\\n    ${propValue(c[10])}`,
      `rudder.auth.ldap.authpw ${propValue(c[11])}`,
      `rudder.auth.ldap.connection.bind.password=${propValue(c[9])}`,
      '',
    ].join('\n'),
  };
}

function tempDir(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-fp-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Print {
  rule: string;
  file: string;
  value: string;
}

/** Every fingerprint rudder-lint prints for the fixture, from SARIF and GitLab, with what an attacker knows: rule and file. */
async function fingerprintsOf(canaries: string[]): Promise<Print[]> {
  const dir = tempDir(fixture(canaries));
  const prints: Print[] = [];
  for (const version of ['8.3', '9.1']) {
    const sarif = JSON.parse((await runMain(['--rudder-version', version, '--format', 'sarif', '.'], { cwd: dir })).stdout) as SarifLog;
    for (const r of sarif.runs[0].results) {
      const file = decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri);
      for (const value of new Set([...Object.values(r.fingerprints), ...Object.values(r.partialFingerprints)])) prints.push({ rule: r.ruleId, file, value });
    }
    const gitlab = JSON.parse((await runMain(['--rudder-version', version, '--format', 'gitlab', '.'], { cwd: dir })).stdout) as { check_name: string; fingerprint: string; location: { path: string } }[];
    for (const i of gitlab) prints.push({ rule: i.check_name, file: i.location.path, value: i.fingerprint });
  }
  return prints;
}

/** Words an attacker tries: each canary, decoded and as written in the file, trimmed, quoted, after its separator. */
function dictionary(words: string[]): string[] {
  return [...new Set(words.flatMap((w) => [w, w.trim(), xmlAttr(w), propValue(w), `"${xmlAttr(w)}"`, `=${w}`, ` ${w}`, `\t${w}`, `password="${xmlAttr(w)}"`, w.toLowerCase()]))];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ELEMENTS = [USERS_XML.root, USERS_XML.user, USERS_XML.role, USERS_XML.customRoles, '?', ''];
const ATTRIBUTES = [...new Set<string>([...USERS_XML.rootAttributes, ...USERS_XML.userAttributes, ...USERS_XML.roleAttributes, USERS_XML.ignoredRolesAttribute, '?', ''])];
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'u', 'v', 'w', ''];

/** Preimages that contain `word`, for the recipe of fingerprint.ts and for the hash of flagged text it replaced. */
function* preimages(p: Print, word: string): Generator<string> {
  for (let n = 0; n < 3; n++) {
    yield `${p.rule}\0${word}\0${p.file}\0${n}`;
    const subjects = [
      ...ELEMENTS.flatMap((e) => NAMES.map((name) => [e, name, word])),
      ...ELEMENTS.flatMap((e) => ATTRIBUTES.map((a) => [e, word, a])),
      ...NAMES.flatMap((name) => ATTRIBUTES.map((a) => [word, name, a])),
      [word, 'key'],
      [word, 'value'],
    ];
    for (const s of subjects) yield [FINGERPRINT_VERSION, p.file, [p.rule, ...s].join('\0'), String(n)].join('\0');
  }
  yield word;
  yield `${p.rule}\0${word}`;
}

function attack(prints: Print[], words: string[]): Set<string> {
  const recovered = new Set<string>();
  const byValue = new Set(prints.map((p) => p.value));
  const targets = [...new Map(prints.map((p) => [`${p.rule}\0${p.file}`, p])).values()];
  for (const word of words) {
    for (const p of targets) {
      for (const pre of preimages(p, word)) if (byValue.has(sha256(pre))) recovered.add(word);
    }
  }
  return recovered;
}

test('a dictionary attack on every fingerprint recovers no canary password (and does recover names: the control)', async () => {
  const prints = await fingerprintsOf(CANARIES);
  assert.ok(prints.length > 40, `${prints.length} fingerprints`);
  assert.ok(prints.every((p) => /^[0-9a-f]{64}$/.test(p.value) && isRuleId(p.rule)));
  assert.deepEqual([...attack(prints, dictionary(CANARIES))], []);
  const names = attack(prints, ['alice', 'bob', 'dave', 'rudder.auth.ldap.connection.bind.password', 'rudder.auth.ldap.connection.bind.pasword']);
  assert.deepEqual([...names].sort(), ['alice', 'bob', 'dave', 'rudder.auth.ldap.connection.bind.password', 'rudder.auth.ldap.connection.bind.pasword'].sort(), 'the attack works on what fingerprints are made of');
});

test('other passwords, same fingerprints: no fingerprint depends on a value', async () => {
  const other = CANARIES.map((c) => [...c].reverse().join('').replace(/^\\/, 'x'));
  const a = await fingerprintsOf(CANARIES);
  const b = await fingerprintsOf(other);
  assert.deepEqual(
    b.map((p) => [p.rule, p.file, p.value]),
    a.map((p) => [p.rule, p.file, p.value]),
  );
});
