/**
 * Seeded generators of benchmark inputs: a `rudder-users.xml` of N users and a large `rudder-web.properties`.
 * The same seed gives the same bytes, so runs on different days or machines compare. The files mix every shape
 * the rules look at (bcrypt of several costs and prefixes, argon2id, hex digests, plain text, LDAP, empty and
 * missing passwords, custom roles, tenants) with a small share of mistakes (duplicates, case collisions, typos,
 * malformed hashes, a custom-role cycle) so that a realistic number of diagnostics fires.
 *
 * Each generator also returns `marks`: offsets of the places the benchmark acts on, near the end of the file.
 */

/** mulberry32: a tiny, fast, seedable PRNG (uniform in [0, 1)). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter'];
const LAST = ['martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau', 'simon', 'laurent', 'lefebvre', 'michel'];
const BUILTIN = ['administrator', 'user', 'administration_only', 'configuration', 'read_only', 'compliance', 'inventory', 'rule_only', 'workflow', 'validator', 'deployer'];
const PERM_TYPES = ['administration', 'compliance', 'configuration', 'deployer', 'deployment', 'directive', 'group', 'node', 'parameter', 'rule', 'technique', 'validator', 'userAccount'];
const LEVELS = ['read', 'write', 'edit', 'all'];
const TYPOS = ['adminstrator', 'node_raed', 'read-only', 'complience', 'rule_al', 'cve_read', 'supervisor'];
const WORDS = ['Summer', 'Winter', 'Rudder', 'Passw0rd', 'Secret', 'Welcome', 'Changeme', 'Letmein'];

/** Pick by weight: `table` is `[[weight, value], …]`. */
function weighted(rnd, table) {
  let x = rnd() * table.reduce((s, [w]) => s + w, 0);
  for (const [w, v] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][1];
}

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];
const chars = (rnd, alphabet, n) => Array.from({ length: n }, () => pick(rnd, alphabet)).join('');
const plaintext = (rnd) => `${pick(rnd, WORDS)}${1000 + Math.floor(rnd() * 9000)}!`;
const bcrypt = (rnd, cost) => `$${pick(rnd, ['2a', '2b', '2b', '2y'])}$${String(cost).padStart(2, '0')}$${chars(rnd, BCRYPT_ALPHABET, 53)}`;

function password(rnd) {
  const kind = weighted(rnd, [
    [55, 'bcrypt'],
    [10, 'argon2id'],
    [4, 'md5'],
    [4, 'sha1'],
    [4, 'sha256'],
    [3, 'sha512'],
    [0.5, 'HEX'],
    [5, 'plain'],
    [5, 'ldap'],
    [4, 'empty'],
    [2, 'missing'],
    [0.5, 'bad-bcrypt'],
    [0.2, 'argon2i'],
  ]);
  switch (kind) {
    case 'bcrypt':
      return bcrypt(rnd, weighted(rnd, [[40, 12], [15, 10], [10, 11], [10, 13], [5, 14], [10, 8], [10, 4]]));
    case 'argon2id': {
      const params = rnd() < 0.8 ? 'm=131072,t=3,p=1' : 'm=4096,t=1,p=1';
      return `$argon2id$v=19$${params}$${chars(rnd, B64_ALPHABET, 22)}$${chars(rnd, B64_ALPHABET, 43)}`;
    }
    case 'md5':
      return chars(rnd, HEX, 32);
    case 'sha1':
      return chars(rnd, HEX, 40);
    case 'sha256':
      return chars(rnd, HEX, 64);
    case 'sha512':
      return chars(rnd, HEX, 128);
    case 'HEX':
      return chars(rnd, HEX, 64).toUpperCase();
    case 'plain':
      return plaintext(rnd);
    case 'ldap':
      return 'LDAP';
    case 'empty':
      return '';
    case 'missing':
      return undefined;
    case 'bad-bcrypt':
      return bcrypt(rnd, 12).slice(0, 50);
    default:
      return `$argon2i$v=19$m=65536,t=2,p=1$${chars(rnd, B64_ALPHABET, 22)}$${chars(rnd, B64_ALPHABET, 43)}`;
  }
}

function roleItems(rnd, customRoles) {
  const n = weighted(rnd, [[60, 1], [30, 2], [10, 3]]);
  const items = Array.from({ length: n }, () =>
    weighted(rnd, [
      [50, () => pick(rnd, BUILTIN)],
      [25, () => `${pick(rnd, PERM_TYPES)}_${pick(rnd, LEVELS)}`],
      [22, () => pick(rnd, customRoles)],
      [1.5, () => pick(rnd, TYPOS)],
      [0.5, () => 'no_rights'],
    ])(),
  );
  return items.join(rnd() < 0.7 ? ', ' : ',');
}

const TENANTS = [
  [40, 'zone-a'],
  [20, 'zoneA, zoneB'],
  [15, '*'],
  [10, '-'],
  [5, 'zoneA, -'],
  [5, 'zone a'],
  [5, 'eu-west_1, us-east_2, ap-south_3'],
];

/** One `<user …/>` line (without indentation or newline). */
function userLine(rnd, name, customRoles) {
  const attrs = [`name="${name}"`];
  const pw = password(rnd);
  if (pw !== undefined) attrs.push(`password="${pw}"`);
  const list = roleItems(rnd, customRoles);
  attrs.push(weighted(rnd, [[70, `role="${list}"`], [28, `permissions="${list}"`], [2, `roles="${list}"`]]));
  if (rnd() < 0.25) attrs.push(`tenants="${weighted(rnd, TENANTS)}"`);
  return `<user ${attrs.join(' ')}/>`;
}

/**
 * Custom roles per users file, the same at every size: completion lists them, so its answer is the same size
 * for 100 and 100,000 users and only the cost of finding the cursor's place can differ.
 */
const CUSTOM_ROLES = 12;

/**
 * A `rudder-users.xml` with `n` users. Marks (offsets into `text`):
 * - `hover`: inside the name of a user near the end;
 * - `completion`: after `, ` in the role list of a user near the end;
 * - `plaintext`: the start of a plain-text password near the end (the hash code action's target);
 * - `edit`: inside the name of a user in the middle, where the benchmark types one character;
 * - `roleRef`: inside the last reference to a custom role (`team-…`), in a user near the end (definition,
 *   references, rename).
 */
export function usersFile(n, seed = 42) {
  const rnd = prng(seed ^ n);
  const customRoles = Array.from({ length: CUSTOM_ROLES }, (_, i) => `team-${i}`);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<!-- Generated by bench/generate.mjs: a synthetic rudder-users.xml. -->', '<authentication hash="bcrypt" case-sensitivity="true">', '  <custom-roles>'];
  customRoles.forEach((role, i) => {
    const refs = i > 0 && rnd() < 0.3 ? `, ${customRoles[Math.floor(rnd() * i)]}` : '';
    lines.push(`    <role name="${role}" permissions="${pick(rnd, PERM_TYPES)}_${pick(rnd, LEVELS)}, ${pick(rnd, BUILTIN)}${refs}"/>`);
  });
  lines.push(
    '    <role name="cycle-a" permissions="cycle-b, node_read"/>',
    '    <role name="cycle-b" permissions="cycle-a"/>',
    '    <role name="ops_team" permissions="node_all"/>',
    '    <role name="auditors" permissions="read_only, unknown-role"/>',
    '  </custom-roles>',
  );
  const names = [];
  const marks = {};
  let offset = lines.reduce((s, l) => s + l.length + 1, 0);
  const push = (line) => {
    lines.push(line);
    offset += line.length + 1;
  };
  /** The offset right after `needle` in `line`, the next line of the file. */
  const markAt = (key, line, needle) => {
    marks[key] = offset + line.indexOf(needle) + needle.length;
  };
  const middle = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    if (i % 50 === 0) push(`  <!-- team ${i / 50} -->`);
    const fromEnd = n - i;
    const marked = fromEnd <= 5 || i === middle;
    let name = `${pick(rnd, FIRST)}.${pick(rnd, LAST)}${i}`;
    const mistake = marked ? 1 : rnd();
    if (names.length && mistake < 0.003) name = pick(rnd, names);
    else if (names.length && mistake < 0.005) name = pick(rnd, names).toUpperCase();
    else if (mistake < 0.0055) name = '';
    names.push(name);
    let line;
    if (fromEnd === 4) {
      line = `  <user name="${name}" password="${bcrypt(rnd, 12)}" role="user, node_read" tenants="zoneA"/>`;
      markAt('completion', line, 'role="user, ');
    } else if (fromEnd === 3) {
      line = `  <user name="${name}" password="${plaintext(rnd)}" role="read_only"/>`;
      markAt('plaintext', line, 'password="');
    } else {
      line = `  ${userLine(rnd, name, customRoles)}`;
      if (fromEnd === 5) markAt('hover', line, `name="${name.slice(0, 2)}`);
      if (i === middle) markAt('edit', line, `name="${name.slice(0, 2)}`);
    }
    push(line);
  }
  lines.push('</authentication>', '');
  const text = lines.join('\n');
  marks.roleRef = text.lastIndexOf('team-') + 2;
  return { text, marks };
}

/** A tiny users file, for the event-loop probe (hover on its only user's name: `marks.hover`). */
export function probeFile() {
  const text = '<authentication hash="bcrypt">\n  <user name="probe" password="LDAP" role="user"/>\n</authentication>\n';
  return { text, marks: { hover: text.indexOf('probe') + 2 } };
}

const OTHER_KEYS = [
  'rudder.jdbc.url=jdbc:postgresql://localhost:5432/rudder',
  'rudder.jdbc.username=rudder',
  'rudder.jdbc.maxPoolSize=25',
  'ldap.host=localhost',
  'ldap.port=389',
  'history.inventories.rootdir=/var/rudder/inventories/historical',
  'rudder.webdav.user=rudder',
  'rudder.batch.reportscleaner.archive.TTL=30',
  'rudder.batch.storeAgentRunTimes.updateInterval=5',
  'upload.root.directory=/var/rudder/files',
  'rudder.dir.gitRoot=/var/rudder/configuration-repository',
  'rudder.cfengine.reports.server=rudder-server',
  'rudder.community.checknodecachesize=true',
  'rudder.syslog.port=514',
];

/**
 * A large `rudder-web.properties` of about `n` entries (24 per OAuth2 registration): Rudder's auth keys, many
 * OAuth2 registrations with comments, continuation lines and escapes, keys outside the checked prefixes, and
 * mistakes (unknown keys, invalid booleans, an LDAP filter without `{0}`, a duplicate key, plain-text secrets).
 * Marks: `hover` (inside a key near the end), `completion` (after `, ` in a `rudder.auth.provider` value near
 * the end), `edit` (in a value in the middle).
 */
export function propertiesFile(n, seed = 42) {
  const rnd = prng(seed ^ n ^ 0x5eed);
  const lines = ['# Generated by bench/generate.mjs: a synthetic rudder-web.properties.', ''];
  const registrations = Math.max(1, Math.ceil(n / 24));
  lines.push(
    'rudder.auth.provider=ldap, file, oidc',
    'rudder.auth.ldap.connection.url=ldaps://ldap.example.com:636/dc=example,dc=com',
    'rudder.auth.ldap.connection.bind.dn=cn=rudder,ou=services,dc=example,dc=com',
    'rudder.auth.ldap.connection.bind.password=ChangeMe',
    'rudder.auth.ldap.searchbase=ou=people',
    'rudder.auth.ldap.filter=(&(uid=admin)(objectclass=person))',
    'rudder.auth.idle-timeout=45 minutes',
    'rudder.server.hsts=true ',
    'rudder.bcrypt.cost=12',
    `rudder.auth.oauth2.provider.registrations=${Array.from({ length: registrations }, (_, i) => `idp${i}`).join(', \\\n    ')}`,
  );
  for (let r = 0; r < registrations; r++) {
    lines.push('', `# Identity provider ${r}: \u00e9quipe ${r % 7}`);
    const base = `rudder.auth.oauth2.provider.idp${r}`;
    lines.push(
      `${base}.name=Provider ${r}`,
      `${base}.client.id=client-${chars(rnd, HEX, 12)}`,
      `${base}.client.secret=${chars(rnd, B64_ALPHABET, 32)}`,
      `${base}.scope=openid email profile`,
      `${base}.userNameAttributeName=email`,
      `${base}.uri.auth=https://idp${r}.example.com/oauth2/v1/authorize`,
      `${base}.uri.token=https://idp${r}.example.com/oauth2/v1/token`,
      `${base}.uri.userInfo=https://idp${r}.example.com/oauth2/v1/userinfo`,
      `${base}.uri.jwkSet=https://idp${r}.example.com/oauth2/v1/keys`,
      `${base}.client.redirect=https://rudder.example.com/rudder/login/oauth2/code/idp${r}`,
      `${base}.enableProvisioning=${weighted(rnd, [[90, 'true'], [10, 'True']])}`,
      `${base}.roles.enabled=true`,
      `${base}.roles.attribute=groups`,
      `${base}.roles.mapping.entitlements.rudder-admins=administrator`,
      `${base}.ui.infoMessage=Log in with provider ${r} \\u00e9 \\`,
      '    (continued on a second line)',
    );
    for (let k = 0; k < 8; k++) {
      const [key, value] = OTHER_KEYS[(r * 8 + k) % OTHER_KEYS.length].split('=');
      lines.push(`${key}.idp${r}=${value}`);
    }
    if (rnd() < 0.2) lines.push(`rudder.auth.idp${r}.idle-timout=${1 + Math.floor(rnd() * 60)} minutes`);
    if (rnd() < 0.1) lines.push(`${base}.tenants.enabled=yes please`);
  }
  const text = `${lines.join('\n')}\n`;
  const hoverLine = 'rudder.auth.admin.login=rootadmin';
  const completionLine = 'rudder.auth.provider=file, ';
  const middle = `rudder.auth.oauth2.provider.idp${Math.floor(registrations / 2)}.name=Provider`;
  const marks = {
    edit: text.indexOf(middle) + middle.length,
    hover: text.length + 5,
    completion: text.length + hoverLine.length + 1 + completionLine.length,
  };
  return { text: `${text}${hoverLine}\n${completionLine}\n`, marks };
}
