/**
 * Messages about rudder-users.xml, by rule and variant. A message says what happens first (≤ 80 characters to
 * the first colon's clause, ≤ 120 in all); the `detail` (hover, docs) says why and what to do. Release labels
 * (`{versions}`, `{since}`) come from the knowledge package's timelines; names (`{user}`, `{role}`, `{item}`)
 * are what Rudder itself logs.
 */
import type { MessageTable } from './catalogue';

/** What the first load of a start reads while a start-up rewrite (8.2+) runs beside it: nothing orders the two. */
const FIRST_LOAD_RACE =
  ' The rewrite runs in the background and nothing orders it before the first load of the users: that load reads the rewritten file if the rewrite has finished by then, else the file as it is, which it rejects (only rootAdmin can log in until a reload, which reads the rewritten file). Until the restart, a reload keeps the users loaded before.';

export const USERS_MESSAGES = {
  'xml-syntax': {
    rejected: {
      message: '{problem}',
      detail: 'Rudder rejects the whole file: after a restart nobody but rootAdmin can log in; a reload keeps the users loaded before.',
    },
    suspect: { message: '{problem}', detail: 'The editor shows decoded text: check the bytes of the file on disk.' },
    reloadOnly: {
      message: 'Duplicated attribute: a reload rejects the file; the start-up rewrite keeps the last, maybe after the first load',
      detail: `{problem}. {versions} re-serialise the file at every start with a parser (scala-xml) that only reports a duplicated attribute and writes its last value.${FIRST_LOAD_RACE}`,
    },
    literalReference: {
      message: 'Undefined entity: a reload rejects the file; the start-up rewrite keeps it as text, maybe after the first load',
      detail: `{problem}. {versions} re-serialise the file at every start with a parser (scala-xml) that keeps an entity reference it does not know as its own text and writes it back with its & escaped: after the rewrite the value holds the reference as written, not what it was meant to stand for.${FIRST_LOAD_RACE}`,
    },
    commentReference: {
      message: 'Undefined entity: a reload rejects the file; the start-up rewrite makes it a comment, maybe after the first load',
      detail: `{problem}. {versions} re-serialise the file at every start with a parser (scala-xml) that writes an entity reference it does not know in content as a comment (unknown entity …), which Rudder then ignores.${FIRST_LOAD_RACE}`,
    },
    expandedReference: {
      message: 'DOCTYPE entity: a reload rejects the file; the start-up rewrite writes its text here, maybe after the first load',
      detail: `{problem}. {versions} refuse the DOCTYPE that declares it, but re-serialise the file at every start with a parser (scala-xml) that reads the DOCTYPE and writes the entity's replacement text in place of the reference, markup included: elements it holds become part of the file.${FIRST_LOAD_RACE}`,
    },
  },
  'doctype-forbidden': {
    rejected: {
      message: 'DOCTYPE: Rudder rejects the whole file',
      detail: '{versions} parses the file with DOCTYPE declarations disallowed: after a restart nobody but rootAdmin can log in.',
    },
    reloadOnly: {
      message: 'DOCTYPE: a reload rejects the file; the start-up rewrite drops it, maybe after the first load',
      detail: `{versions} refuses any DOCTYPE when they read the file, and the start-up rewrite writes the file without it.${FIRST_LOAD_RACE}`,
    },
    upgrade: {
      message: 'DOCTYPE: accepted here, but {refusing} rejects the whole file',
      detail: 'Remove it before upgrading: from {refusing} the parser disallows DOCTYPE declarations, and nobody but rootAdmin can log in.',
    },
    oversize: '{refusing} rejects a file with a DOCTYPE',
  },
  'dtd-attribute-default': {
    applied: {
      message: 'DOCTYPE default: {versions} sets {attribute} on {count} <{element}> without it',
      detail: 'The parser of {versions} applies the <!ATTLIST> defaults (#FIXED ones too) to every element that does not write the attribute. Write it on each element instead: from {refusing} the DOCTYPE rejects the file.',
    },
    rights: {
      message: 'DOCTYPE default: {versions} gives its roles to {count} <{element}> without {attribute}',
      detail: 'The parser of {versions} applies the <!ATTLIST> defaults (#FIXED ones too): every such element gets these roles, although none of them says so. Write the roles on each element instead: from {refusing} the DOCTYPE rejects the file.',
    },
    password: {
      message: 'DOCTYPE default: {versions} gives {count} users without password this one, shared',
      detail: 'The parser of {versions} applies the <!ATTLIST> defaults (#FIXED ones too): each of these users logs in with the same password. Give each user its own hash instead: from {refusing} the DOCTYPE rejects the file.',
    },
    lost: {
      message: 'DOCTYPE default: the start-up rewrite of {versions} drops it, {count} <{element}> lose {attribute}',
      detail: 'A reload rejects the file for its DOCTYPE; the rewrite at the next start reads it with a parser that applies no <!ATTLIST> default and writes it without the DOCTYPE, so these elements have no {attribute} afterwards (no rights, no password…). Write it on each element.',
    },
    normalised: {
      message: 'DOCTYPE type: {versions} trims and collapses the spaces of every {attribute} of <{element}>',
      detail: 'The <!ATTLIST> declares {attribute} with a type other than CDATA, so the parser of {versions} drops leading and trailing spaces and makes each run of spaces one, as XML 1.0 §3.3.3 says (the values shown are those).',
    },
  },
  'dtd-external-resource': {
    subset: {
      message: '{versions} fetches this external DTD at every load: if that fails, the file is rejected',
      detail: 'The parser of {versions} reads the file or URL named here each time it loads the users file (this tool never does). If it cannot, nobody but rootAdmin logs in after a restart; if it can, what it declares shapes the users unseen here. Remove it: from {refusing} any DOCTYPE is refused.',
    },
    parameter: {
      message: '{versions} fetches this external parameter entity at every load: if that fails, the file is rejected',
      detail: 'The parser of {versions} reads the file or URL the entity names each time it loads the users file (this tool never does). If it cannot, nobody but rootAdmin logs in after a restart; if it can, what it declares shapes the users unseen here.',
    },
    entity: {
      message: '{versions} reads this external entity into the file at every load: if that fails, it is rejected',
      detail: 'An XML external entity (XXE): the parser of {versions} puts the content of the file or URL it names (a local secret, say) into the users file, read with the rights of the webapp (this tool never reads it). If it cannot, nobody but rootAdmin logs in after a restart.',
    },
  },
  'dtd-not-modelled': {
    elements: {
      message: '{versions} reads the elements of this entity: users or roles not shown here',
      detail: 'The entity holds markup: where it is used in content, the parser of {versions} reads its elements as if written there, so users and roles may be loaded that no check here sees. Write them in the file instead.',
    },
    tooManyDefaults: {
      message: 'Over {limit} DOCTYPE defaults to apply: the users shown here lack the later ones',
      detail: 'The parser of {versions} gives every element the defaults of its <!ATTLIST>; past {limit} of them in all, this tool stops applying them (so that every request stays bounded). Remove the DOCTYPE.',
    },
    parameter: {
      message: '{versions} reads the declarations of this parameter entity: not checked here',
      detail: 'The parser of {versions} reads the entities and attribute defaults this reference brings, which may change users (see dtd-attribute-default); this tool does not follow parameter entities. Write the declarations out, or better, remove the DOCTYPE.',
    },
  },
  'root-element': {
    none: { message: 'No <authentication> element: Rudder rejects the whole file', detail: "Rudder logs 'the root tag <authentication> was not found'." },
    wrongRoot: { message: 'The root element is <{element}>, not <authentication>: Rudder rejects the file', detail: "Rudder logs 'the root tag <authentication> was not found'." },
    extra: { message: 'A second <authentication> element: Rudder rejects the whole file', detail: 'Rudder requires exactly one <authentication> element, anywhere in the file.' },
  },
  'no-login-provider': {
    rootAdminOnly: {
      message: 'No login for any user of this file: rudder.auth.provider loads only rootAdmin',
      detail: 'Rudder still reads this file at start, but only the root admin account can log in. Add file (or ldap, oidc…) to rudder.auth.provider in the sibling rudder-web.properties.',
    },
    empty: {
      message: 'No login for any user of this file: rudder.auth.provider is empty',
      detail: 'An empty list loads no provider but rootAdmin: Rudder still reads this file at start, but only the root admin account can log in. Write file (the default when the key is absent).',
    },
    noneExists: {
      message: 'No login for any user of this file: rudder.auth.provider names no provider {release} has',
      detail: 'Rudder drops each provider it has no configuration for and tries only rootAdmin: nobody logs in with this file. Add file to rudder.auth.provider in the sibling rudder-web.properties.',
    },
  },
  'startup-rewrite': {
    modern: {
      message: 'At start-up Rudder rewrites this file: hash="{hash}" unsafe-hashes="{unsafe}"',
      detail: '{versions} run this check at start-up, in the background, and delete their backup after success: the change you will see in version control comes from Rudder. Nothing orders it before the first load of the users: if that load comes first, it reads the file as it was, until the next reload.',
    },
    always: {
      message: 'At every start Rudder rewrites this file: hash="{hash}", no unsafe-hashes, re-formatted',
      detail: '{versions} re-serialises the whole file at each start (RudderPrettyPrinter): the XML declaration and any DOCTYPE go, and the formatting changes.',
    },
  },
  'missing-hash-attribute': {
    plain: { message: 'No hash attribute: every password is compared as plain text', detail: '{versions} compares passwords as written when hash is missing.' },
    oneVerifier: { message: 'No hash attribute: every password is verified with {algorithm}', detail: '{versions} uses {algorithm} for every password when hash is missing.' },
    detected: { message: 'No hash attribute: new passwords are hashed with {algorithm}', detail: '{versions} logs a warning and use {algorithm}; each stored password is checked by its own algorithm.' },
  },
  'unknown-hash-algorithm': {
    plain: { message: "Unknown hash '{value}': every password is compared as plain text", detail: '{versions} knows {known}; anything else means plain text.' },
    oneVerifier: { message: "Unknown hash '{value}': every password is verified with {algorithm}", detail: '{versions} knows {known}; anything else falls back to {algorithm}.' },
    detected: { message: "Unknown hash '{value}': Rudder falls back to {algorithm}", detail: '{versions} knows only {known}, and log a warning.' },
  },
  'plaintext-password': {
    readable: {
      message: "Plain-text password: anyone who can read this file can log in as '{user}'",
      detail: '{versions} compares passwords as written here ({why}). Hash it with bcrypt and set hash="bcrypt".',
    },
    emptyReadable: {
      message: "Empty password compared as plain text: anyone can log in as '{user}' with nothing",
      detail: '{versions} compares passwords as written here ({why}), and an empty one matches an empty login.',
    },
    notHash: {
      message: 'Not a password hash: login is impossible, and the text may be a real password',
      detail: '{why} If it is a real password, anyone who can read this file knows it: set a new bcrypt password.',
    },
    ldapUnknownProvider: {
      message: "password=\"LDAP\": '{user}' can only log in through LDAP or OIDC",
      detail: 'The convention for users an external provider authenticates; it is not a hash. Open the sibling rudder-web.properties to check rudder.auth.provider.',
    },
    ldapNoProvider: {
      message: "password=\"LDAP\" but no LDAP/OIDC provider is configured: '{user}' cannot log in",
      detail: 'rudder.auth.provider in the sibling rudder-web.properties lists no external provider, and "LDAP" is not a hash.',
    },
  },
  'missing-password': {
    dropped: { message: 'No password attribute: Rudder drops this user', detail: "{versions} requires a password attribute (it may be empty) and log 'some required attribute is missing'." },
    noProvider: {
      message: "No password and no LDAP/OIDC provider: '{user}' cannot log in",
      detail: 'Rudder sets a random password, and rudder.auth.provider in the sibling rudder-web.properties lists no external provider.',
    },
    unknownProvider: {
      message: "No password: '{user}' can only log in through LDAP or OIDC",
      detail: 'Rudder sets a random password. An empty password is the convention for users an external provider authenticates.',
    },
    noLogin: { message: "Empty password verified with {algorithm}: '{user}' cannot log in", detail: '{versions} loads this user, but no typed password matches an empty hash.' },
  },
  'weak-hash': {
    accepted: {
      message: 'Unsalted {algorithm} digest: quickly cracked, set a new password',
      detail: '{versions} accepts it{how}; {never} rejects hex digests, so this login stops working after an upgrade.',
    },
    rejected: { message: 'Unsalted {algorithm} digest: {versions} rejects it, so login is impossible', detail: 'Set a new bcrypt or argon2id password.' },
    strict: {
      message: 'Unsalted {algorithm} digest rejected in strict mode: login is impossible',
      detail: '{versions} accepts hex digests only with unsafe-hashes="true" or a legacy hash attribute. Set a new bcrypt password.',
    },
    lostAtStartup: {
      message: 'Unsalted {algorithm} digest: after the start-up rewrite login is impossible',
      detail: '{versions} writes hash="bcrypt" unsafe-hashes="false" into this file at start-up, which rejects hex digests (if the first load of a start runs before that rewrite, the digest still works until the next reload). Set a new bcrypt password.',
    },
  },
  'hash-mismatch': {
    digestLength: {
      message: 'Not a {algorithm} digest ({length} hex characters{looks}): login is impossible',
      detail: '{versions} verifies every password of the file with {algorithm}, which needs {expected} hex characters.',
    },
    wrongAlgorithm: {
      message: 'A {found} hash verified with {algorithm}: login is impossible',
      detail: '{versions} verifies every password of the file with the algorithm the root hash attribute names: all must use one.',
    },
    unknownLength: { message: 'A hex string of {length} characters is no digest Rudder knows: login is impossible', detail: 'Digests have 32, 40, 64 or 128 hex characters.' },
  },
  'uppercase-hex-digest': {
    never: { message: 'Uppercase {algorithm} digest: Rudder compares lowercase hex, so login is impossible', detail: 'Lowercase it: the digest of what the user types is compared in lowercase.' },
  },
  'bcrypt-malformed': {
    rejected: { message: "Malformed bcrypt hash: Rudder's verifier rejects it, so login is impossible", detail: 'BouncyCastle refuses it: {problem}.' },
  },
  'bcrypt-low-cost': {
    weak: { message: 'bcrypt cost {cost} is weak: re-hash this password with cost {target}', detail: 'Rudder verifies it, but a cost below {floor} is quickly cracked.' },
    belowTarget: { message: 'bcrypt cost {cost} is below {target}: consider re-hashing this password', detail: '{target} is {source}.' },
  },
  'bcrypt-long-password': {
    truncated: {
      message: 'Password over {max} bytes: bcrypt ignores everything after byte {max}',
      detail: 'Every bcrypt implementation truncates: a login with only the first {max} bytes would succeed. Use a shorter password.',
    },
  },
  'argon2-unsupported': {
    notVerified: { message: 'argon2id is not verified here: login with this password is impossible', detail: '{versions} tries bcrypt on it; argon2id needs {since}.' },
    variant: { message: 'Rudder verifies only argon2id, not {variant}: login is impossible', detail: 'Set a new password.' },
    undecodable: { message: 'An argon2id string Rudder cannot decode: login is impossible', detail: '{problem}. Rudder logs a warning at each login attempt.' },
  },
  'argon2-weak-params': {
    never: { message: 'argon2id with t=0 or p=0 never verifies: login is impossible', detail: 'Set a new password.' },
    weak: { message: 'argon2id parameters below the minimum ({params}): re-hash this password', detail: "Rudder's defaults are m={memory}, t={iterations}, p={parallelism}." },
  },
  'unsafe-hashes-enabled': {
    digests: { message: 'unsafe-hashes="true" keeps {count} unsalted digest(s) valid: re-hash them', detail: '{never} rejects hex digests. Set new bcrypt passwords, then unsafe-hashes="false".' },
    none: { message: 'unsafe-hashes="true" but no password is a hex digest: set it to false', detail: 'It only keeps unsalted digests valid.' },
  },
  'unsafe-hashes-obsolete': {
    removed: { message: 'unsafe-hashes is not read: Rudder removes it at start-up', detail: 'Only {readers} read it.' },
    notRead: { message: 'unsafe-hashes is not read by this version', detail: 'Only {readers} read it.' },
  },
  'invalid-boolean-attribute': {
    caseSensitivity: { message: 'case-sensitivity must be true or false: Rudder uses true', detail: "Rudder logs 'unknown case-sensitivity parameter'. The value is not trimmed; case does not matter." },
    unsafeHashes: {
      message: 'unsafe-hashes must be true or false: Rudder uses false',
      detail: 'Hex digests are then rejected unless hash names a legacy algorithm, and the start-up check rewrites the attribute.',
    },
  },
  'empty-user-name': {
    dropped: { message: 'User without a name: Rudder drops it', detail: "Rudder logs 'some required attribute is missing'." },
  },
  'user-name-whitespace': {
    formLogin: {
      message: "User name '{user}' starts or ends with white space: form login is impossible",
      detail: 'Rudder keeps the name as written, but the login form trims what is typed, so it never matches.',
    },
  },
  'duplicate-user': {
    lastWins: { message: "User '{user}' is defined again later: Rudder ignores this definition", detail: 'Rudder keeps the last definition of a name.' },
    allDropped: { message: "User '{user}' is defined more than once: Rudder drops every definition", detail: "{versions} logs 'Users with duplicates username will be ignored'." },
  },
  'case-collision': {
    dropped: { message: 'Users {names} are equal ignoring case: Rudder drops all of them', detail: 'case-sensitivity is false.' },
    droppedMore: { message: 'Users {names} and {more} more are equal ignoring case: Rudder drops all of them', detail: 'case-sensitivity is false.' },
    wouldDrop: {
      message: 'Users {names} differ only by case: fine while case-sensitivity is true',
      detail: 'With case-sensitivity="false" Rudder would drop all of them.',
    },
    wouldDropMore: {
      message: 'Users {names} and {more} more differ only by case: fine while case-sensitivity is true',
      detail: 'With case-sensitivity="false" Rudder would drop all of them.',
    },
  },
  'unknown-role': {
    ignored: { message: "Unknown role '{item}': ignored{hint}", detail: 'Neither a role nor a permission Rudder knows (a plugin may define it); Rudder logs a warning.' },
    noRights: { message: "Unknown role '{item}': ignored, so {who} has no rights{hint}", detail: 'Nothing else valid remains in the list, and an empty list gives no rights.' },
    voids: { message: "Unknown role '{item}': {who} gets no rights at all", detail: '{versions} gives a user no rights at all when one item of the list is unknown.' },
    dropped: { message: "Custom role '{item}' is dropped ({why}): ignored", detail: 'A user item that names a dropped role is ignored.' },
    droppedNoRights: { message: "Custom role '{item}' is dropped ({why}): {who} has no rights", detail: 'Nothing else valid remains in the list.' },
    blank: { message: 'A blank item in role=: {who} gets no rights at all', detail: '{versions} keeps blank items ("a, " or ",a"), and a blank item is no valid role.' },
  },
  'unknown-permission-type': {
    plugin: { message: "'{item}' is a plugin permission: ignored without {plugin}", detail: 'Without that plugin Rudder ignores the item.' },
    unknown: { message: "Unknown permission type '{type}': '{item}' is ignored{hint}", detail: 'Not a Rudder core type; a plugin may define it.' },
    noRights: { message: "Unknown permission type '{type}': ignored, so {who} has no rights{hint}", detail: 'Not a Rudder core type; nothing else valid remains in the list.' },
    voids: { message: "Unknown permission '{item}': {who} gets no rights at all", detail: '{versions} gives a user no rights at all when one item of the list is unknown.' },
  },
  'invalid-permission-level': {
    ignored: { message: "'{level}' is not a permission level: '{item}' is ignored", detail: 'Levels are read, write, edit and all.' },
    noRights: { message: "'{level}' is not a permission level: ignored, so {who} has no rights", detail: 'Levels are read, write, edit and all; nothing else valid remains in the list.' },
    voids: { message: "'{level}' is not a permission level: {who} gets no rights at all", detail: '{versions} gives a user no rights at all when one item of the list is unknown.' },
  },
  'no-rights-overrides': {
    overrides: { message: 'no_rights overrides every other role: {who} gets no rights at all', detail: 'Listed anywhere, no_rights wins over everything, administrator included.' },
  },
  'roles-attribute-ignored': {
    userNoRights: { message: 'Rudder never reads roles=, so {who} has no rights: use permissions=', detail: 'Only role= and permissions= are read.' },
    user: { message: 'Rudder never reads roles=: use permissions= (or role=)', detail: 'Only role= and permissions= are read.' },
    role: { message: 'Rudder never reads roles= on a custom role: use permissions=', detail: 'A custom role reads only name= and permissions=.' },
    permissionsNotRead: { message: 'permissions= is not read by this version: use role=', detail: '{versions} reads only role=; permissions= is read from {since}.' },
  },
  'unknown-attribute': {
    didYouMean: {
      message: 'An attribute Rudder does not read on <{element}>: ignored. Did you mean {suggestion}=?',
      detail: 'Rudder ignores attributes it does not know, silently. The message does not repeat the name: a shifted quote can make a password look like one.',
    },
    ignored: {
      message: 'An attribute Rudder does not read on <{element}>: ignored',
      detail: 'Rudder ignores attributes it does not know, silently. The message does not repeat the name: a shifted quote can make a password look like one.',
    },
    notInVersion: { message: '{attribute}= is not read by this version: ignored', detail: '{versions} does not read it; it is read from {since}.' },
  },
  'custom-role-empty-name': {
    dropped: { message: 'Custom role without a name: Rudder drops it', detail: 'The name is stripped before the check.' },
  },
  'custom-role-reserved-name': {
    dropped: { message: "Custom role '{role}' is dropped: {reason}", detail: "Use '-' instead of '_'." },
  },
  'custom-role-duplicate': {
    builtin: { message: "Custom role '{role}' is dropped: a built-in role '{other}' exists", detail: 'Role names are case-insensitive.' },
    custom: { message: "Custom role '{role}' is dropped: a custom role '{other}' comes first", detail: 'Role names are case-insensitive; the first one wins.' },
  },
  'custom-role-cycle': {
    dropped: { message: "Custom role '{role}' is dropped: it is part of, or depends on, a cycle", detail: 'Through {via}. Rudder forbids cycles of role references.' },
  },
  'custom-role-unknown-reference': {
    dropped: { message: "'{role}' references '{item}', a custom role Rudder drops: ignored", detail: 'The reference is ignored; the role stays valid.' },
    unknown: { message: "'{role}' references unknown role '{item}': ignored{hint}", detail: 'A plugin may define it; the role stays valid.' },
  },
  'custom-role-grants-nothing': {
    role: {
      message: "Custom role '{role}' grants nothing: every user holding it has no rights",
      detail: 'An empty custom role is NoRights, and NoRights in a user denies everything, administrator included.',
    },
    listsNoRights: {
      message: "Custom role '{role}' includes no_rights: every user holding it has no rights",
      detail: 'no_rights in a user denies everything, administrator included.',
    },
    holder: {
      message: "Custom role '{role}' grants nothing: {who} has no rights at all",
      detail: 'NoRights anywhere in a user denies everything, administrator included.',
    },
  },
  'tenant-malformed': {
    dropped: { message: "'{item}' is not a valid tenant id: Rudder silently drops it", detail: "Ids start with a letter or digit, then letters, digits, '-' or '_'." },
    suffix: { message: "'{item}': tenant permission suffixes are not read here, Rudder drops it", detail: 'Suffixes like :r need {since}.' },
  },
  'tenant-none-wins': {
    wins: { message: "'-' means no tenant and wins over the rest: {who} has access to no tenant", detail: "'-' wins over '*' and every id." },
    empty: { message: 'Empty tenants: {who} has access to no tenant', detail: 'Remove the attribute (or write "*") for all tenants.' },
  },
  'role-requires-plugin': {
    item: {
      message: "'{item}' needs the user-management plugin: without it {who} has no rights",
      detail: "{versions} gives a user with any role but 'administrator' no rights without the plugin.",
    },
    block: { message: 'Custom roles need the user-management plugin: without it they are ignored', detail: '{versions} reads custom roles only with the plugin.' },
  },
} as const satisfies MessageTable;
