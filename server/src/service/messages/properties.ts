/**
 * Messages about rudder-web.properties, by rule and variant. A message says what Rudder does, first, and repeats
 * no value of the file (only key and provider names, which Rudder logs itself); the range shows the value. Release
 * history goes in `detail` (hover and docs), through labels from the release timeline passed as `{…}` facts.
 * `fix` variants are the titles of quick fixes.
 */
import type { MessageTable } from './catalogue';

export const PROPERTIES_MESSAGES = {
  'properties-syntax': {
    'malformed-unicode': {
      message: 'Malformed \\uXXXX escape: java.util.Properties refuses the file, Rudder does not start',
      detail: 'A \\u must be followed by four hex digits. Write a literal backslash as \\\\.',
    },
  },
  'properties-bom': {
    'first-key': {
      message: "A byte-order mark starts the file: Rudder ignores the first key, {key}",
      detail: 'java.util.Properties keeps the byte-order mark, so the first key becomes \\uFEFF{key}, which Rudder does not read. Save the file without BOM.',
    },
    alone: { message: 'A byte-order mark starts the file: Rudder reads it as a key of its own', detail: 'Save the file without BOM.' },
    fix: 'Remove the byte-order mark',
  },
  'duplicate-key': {
    same: { message: 'Set again on line {line}: this line is ignored', detail: 'java.util.Properties keeps the last value of a key.' },
    different: {
      message: 'Set again on line {line} to another value: Rudder ignores this one',
      detail: 'java.util.Properties keeps the last value of a key, so an edit of this line has no effect.',
    },
    winner: 'the occurrence that wins',
    fix: 'Remove this ignored definition',
  },
  'plaintext-secret': {
    clear: {
      message: 'A credential stored in clear: restrict who can read this file',
      detail: 'Rudder has no hashed form for {key}. Make the file readable by Rudder only (chmod 600), or move the key to a file of rudder-web.properties.d/ with tighter permissions.',
    },
  },
  'property-overridden': {
    value: { message: 'Overridden by {file} (line {line}): Rudder uses that value', detail: 'Files of rudder-web.properties.d/ override this file; the last one in name order wins.' },
    object: {
      message: '{file} (line {line}) gives this key sub-keys: its value is lost',
      detail: 'Typesafe Config lets objects win: a key that also has sub-keys has no value. {outcome}.',
    },
  },
  'subkey-hides-value': {
    lost: {
      message: 'Sub-key of {key} (line {line}): its value is lost, so {outcome}',
      detail: 'Typesafe Config reads the file as a tree and lets objects win (PropertiesParser.fromPathMap): a key with sub-keys is an object, and its own value is dropped.',
    },
    start: {
      message: 'Sub-key of {key}: Rudder reads {key} as an object and fails to start',
      detail: 'Typesafe Config lets objects win (PropertiesParser.fromPathMap), and this key is read with a catch of ConfigException.Missing only: an object is WrongType.',
    },
    parent: 'the key whose value is lost',
  },
  'unknown-key': {
    unknown: '{release} does not read {key}: this line has no effect',
    suggest: { message: '{release} does not read {key}: this line has no effect', detail: 'Did you mean {candidates}?' },
    fix: "Change to '{candidate}'",
  },
  'key-not-in-version': {
    later: { message: '{release} does not read {key}: this line has no effect', detail: 'It is read by {readBy}{plugin}.' },
    retired: { message: '{release} does not read {key}: this line has no effect', detail: 'It was read by {readBy}{plugin}.' },
  },
  'ldap-enable-obsolete': {
    ignored: {
      message: '{key} is ignored: LDAP is enabled by listing ldap in {provider}',
      detail: 'It was read by {readBy} only; today LDAP needs the auth-backends plugin and ldap in {provider}.',
    },
    'not-enabled': {
      message: '{key} is ignored, so LDAP is not enabled: list ldap in {provider}',
      detail: 'It was read by {readBy} only; today LDAP needs the auth-backends plugin and ldap in {provider}.',
    },
  },
  'invalid-boolean': {
    'trailing-space': {
      message: 'Not a boolean (a trailing space, which Java keeps): Rudder uses {uses}',
      detail: 'Typesafe Config accepts exactly true, yes, on, false, no or off; java.util.Properties keeps trailing white space.',
    },
    case: { message: 'Not a boolean (booleans are case-sensitive): Rudder uses {uses}', detail: 'Typesafe Config accepts exactly true, yes, on, false, no or off, in lowercase.' },
    token: { message: 'Not a boolean: Rudder uses {uses}', detail: 'Typesafe Config accepts exactly true, yes, on, false, no or off.' },
    spring: {
      message: 'Spring cannot read this as a boolean: the {provider} provider fails to load',
      detail: 'Spring accepts true/false, on/off, yes/no and 1/0, in any case.',
    },
    fix: "Change to '{token}'",
  },
  'idle-timeout-invalid': {
    never: {
      message: 'never is not read here: Rudder silently uses {uses}',
      detail: 'never is read by rudder.users.cleanup.*, not by {key}. An empty value disables the timeout.',
    },
    case: { message: 'Not a duration (units are case-sensitive): Rudder silently uses {uses}', detail: 'Write the unit in lowercase, e.g. 30 minutes, 1h or 90m.' },
    invalid: { message: 'Not a duration Rudder can read: it silently uses {uses}', detail: 'A number and a unit, e.g. 30 minutes, 1h or 90m.' },
    overflow: { message: 'Too long for a Scala duration: Rudder silently uses {uses}', detail: 'A duration holds at most 2^63-1 nanoseconds, about 106,751 days.' },
    zero: 'A timeout of zero or less: every session expires at once, nobody stays logged in',
    fix: "Change to '{value}'",
  },
  'idle-timeout-disabled': {
    empty: {
      message: 'An empty value disables the inactivity timeout: sessions never expire',
      detail: 'A session stays open as long as a browser keeps it, even unattended. Remove the line or write e.g. {uses}.',
    },
    fix: "Change to '{value}'",
  },
  'idle-timeout-long': {
    long: { message: 'Sessions stay open {duration} without activity (default {uses})', detail: 'An unattended browser stays logged in that long.' },
    infinite: { message: 'An infinite timeout: sessions never expire for inactivity', detail: 'As with an empty value.' },
    fix: "Change to '{value}'",
  },
  'hsts-disabled': {
    off: {
      message: 'HSTS is off: browsers are not told to reach Rudder over HTTPS only',
      detail: 'Set it to true if Rudder is only served over HTTPS and nothing on this domain needs plain HTTP.',
    },
    'without-hsts': 'No effect while {hsts} is not true: no HSTS header is sent',
  },
  'bcrypt-cost-low': {
    weak: {
      message: 'bcrypt cost {cost} is weak: new password hashes are quick to crack',
      detail: '{outcome} Use {recommended} (the default) or more.',
    },
    'below-default': { message: 'bcrypt cost {cost} is below the default {recommended}', detail: '{outcome}' },
    ignored: { message: 'bcrypt cost {cost} is below the minimum: Rudder warns and uses {recommended}', detail: '{outcome}' },
    fix: "Change to '{value}'",
  },
  'argon2-params-low': {
    weak: { message: 'Below the minimum {min}: new argon2id hashes are weaker', detail: '{outcome}' },
    ignored: { message: 'Below the minimum {min}: Rudder warns and uses {uses}', detail: '{outcome}' },
    fix: "Change to '{value}'",
  },
  'admin-password-plaintext': {
    plain: {
      message: 'Compared as plain text: anyone who can read this file can log in as rootAdmin',
      detail: '{label} compares the rootAdmin password as plain text. Store a bcrypt hash starting with $2y$ ({howTo}).',
    },
    'bcrypt-not-2y': {
      message: 'Only $2y$ hashes are bcrypt for rootAdmin here: this one is compared as text',
      detail: 'On {label} logging in would require typing the hash itself. Use a $2y$ hash ({howTo}).',
    },
    'argon2-plain': {
      message: 'argon2 is not verified for rootAdmin here: the value is compared as text',
      detail: '{label} compares it as plain text. Store a bcrypt hash starting with $2y$ ({howTo}).',
    },
    unverifiable: {
      message: 'Not a hash Rudder can verify: rootAdmin login is impossible',
      detail: '{label} verifies {hashes}. If this is a real password, anyone who can read the file knows it ({howTo}).',
    },
    fix: 'Write it as $2y$ (the same hash, which Rudder takes as bcrypt)',
  },
  'invalid-value': {
    'not-an-int': 'Not an integer: Rudder uses {uses}',
    'not-an-int-unset': 'Not an integer: this setting does not work',
    'above-max': 'Above the maximum {max}: {what}',
    'below-min': 'Below the minimum {min}: {what}',
    enum: 'Not one of {values}: Rudder uses {uses}',
    'enum-suggest': { message: 'Not one of {values}: Rudder uses {uses}', detail: 'Did you mean {candidates}?' },
    'enum-provider': {
      message: "Not one of {values}: Rudder warns and uses the provider's default",
      detail: 'oidc and oauth2 default to disabled, the other providers to {global}.',
    },
    'cron-fields': {
      message: 'Not a cron expression ({count} fields instead of 6): the user clean-up never runs',
      detail: 'cron4s reads seconds minutes hours day-of-month month day-of-week; Rudder logs an error and disables the job.',
    },
    'cron-crontab': {
      message: 'A Unix crontab (5 fields): cron4s needs 6, so the user clean-up never runs',
      detail: 'The first field is the seconds: seconds minutes hours day-of-month month day-of-week.',
    },
    'cron-field': {
      message: 'The {field} field is wrong ({problem}): the user clean-up never runs',
      detail: 'Rudder logs an error and disables the job, so inactive accounts are never disabled or purged.',
    },
    url: 'Not an http:// or https:// URL: {what}',
    'ldap-url': 'Not an ldap:// or ldaps:// URL: the LDAP provider cannot connect{scope}',
    dn: 'Not a DN (every part must be attribute=value): LDAP searches fail{scope}',
    'cleanup-invalid': { message: "Not a duration: Rudder logs 'Error when reading key' and uses {uses}", detail: 'A number and a unit, e.g. 30 days or 12h{never}.' },
    'cleanup-never': { message: "never is not read by {release}: Rudder logs an error and uses {uses}", detail: 'never is read by {readBy}.' },
    overflow: {
      message: 'Too long for a Scala duration: Rudder fails to start',
      detail: 'A duration holds at most 2^63-1 nanoseconds, about 106,751 days; Scala throws IllegalArgumentException, which Rudder does not catch. Write never to turn it off.',
    },
    'providers-empty': {
      message: 'No provider but rootAdmin: rudder-users.xml is unused and nobody can log in',
      detail: 'Rudder always prepends rootAdmin; write file (the default) or a list such as ldap,file.',
    },
    'providers-root-only': {
      message: 'No provider but rootAdmin: rudder-users.xml is unused, only the root admin logs in',
      detail: 'Rudder always prepends rootAdmin; write file (the default) or a list such as ldap,file.',
    },
    'admin-argon2-unsupported': { message: 'argon2id is not verified for rootAdmin here: rootAdmin login is impossible', detail: '{label} verifies rootAdmin with bcrypt only.' },
    'admin-argon2-other': 'Rudder verifies only argon2id, not argon2i or argon2d: rootAdmin login is impossible',
    'admin-bcrypt-malformed': { message: 'A malformed bcrypt hash ({problem}): rootAdmin login is impossible', detail: 'BouncyCastle rejects it.{space}' },
    'admin-argon2-malformed': { message: 'An argon2id string Rudder cannot parse ({problem}): rootAdmin login is impossible', detail: '{space}' },
    fix: "Change to '{candidate}'",
  },
  'unknown-auth-provider': {
    retired: {
      message: 'No {name} provider here: Rudder logs an error and skips it',
      detail: 'It was provided by the {plugin} plugin of {readBy}.',
    },
    unknown: {
      message: "{release} has no provider '{name}': Rudder logs an error and skips it",
      detail: "Names are case-sensitive; a provider exists when a plugin ships its spring file ('spring resource file … was not found').",
    },
    suggest: {
      message: "{release} has no provider '{name}': it is skipped. Did you mean {candidates}?",
      detail: "Names are case-sensitive; a provider exists when a plugin ships its spring file ('spring resource file … was not found').",
    },
    fix: "Change to '{candidate}'",
  },
  'ldap-cleartext-url': {
    remote: {
      message: 'ldap:// is not encrypted: the bind and user passwords cross the network in clear{scope}',
      detail: 'Use ldaps:// (LDAP over TLS, port 636).',
    },
    local: { message: 'ldap:// is not encrypted (only to this machine here){scope}', detail: 'Use ldaps:// (LDAP over TLS, port 636).' },
    fix: 'Use ldaps:// (LDAP over TLS, port 636)',
  },
  'ldap-anonymous-bind': {
    dn: { message: 'An empty bind DN: Rudder searches the directory anonymously{scope}', detail: 'That works only if the directory allows anonymous searches.' },
    password: {
      message: 'An empty bind password: the search runs unauthenticated or is refused{scope}',
      detail: 'A bind with a DN and no password is an unauthenticated bind (RFC 4513), which directories refuse or treat as anonymous.',
    },
  },
  'ldap-config-incomplete': {
    missing: {
      message: 'ldap is a provider but {count} required keys are not set: LDAP login fails',
      detail: 'Not set: {missing}. None of them has a default: Spring keeps the literal ${…} placeholder.',
    },
  },
  'ldap-filter-bad-placeholder': {
    unbalanced: { message: 'An unbalanced {: the JDK rejects the filter, so nobody logs in through LDAP{scope}', detail: 'Only {0}, the login, exists; write a literal brace as \\\\{.' },
    'not-an-integer': { message: 'Not {0}: the JDK rejects the filter, so nobody logs in through LDAP{scope}', detail: "'integer expected inside {}': only {0}, the login, exists." },
    exceeds: { message: 'Placeholder {{n}} does not exist: nobody logs in through LDAP{scope}', detail: "'number exceeds argument list': only {0}, the login, exists." },
    negative: { message: 'Placeholder {{n}} does not exist: nobody logs in through LDAP{scope}', detail: 'Only {0}, the login, exists.' },
  },
  'ldap-filter-missing-placeholder': {
    none: {
      message: 'The filter has no {0}: every login matches the same entry, or none{scope}',
      detail: "With one match, anyone who knows that entry's password logs in under any user name. Use e.g. {template}.",
    },
    escaped: {
      message: 'The filter has no {0} (\\{ is a literal brace): every login matches the same entry{scope}',
      detail: "With one match, anyone who knows that entry's password logs in under any user name. Use e.g. {template}.",
    },
    fix: 'Use the standard filter {template}',
    'fix-ad': 'Use the Active Directory filter {template}',
  },
  'ldap-filter-syntax': {
    invalid: { message: 'Not a valid LDAP filter ({problem}): every LDAP login fails{scope}', detail: 'JNDI rejects it (RFC 4515).' },
    tolerated: { message: 'The filter is not in parentheses: JNDI tolerates it{scope}', detail: 'RFC 4515 requires them: write e.g. {template}.' },
  },
  'ldap-lost-backslash': {
    filter: {
      message: 'Java drops this backslash: LDAP gets the escape without it{scope}',
      detail: 'java.util.Properties reads \\X as X, so an RFC 4515 escape such as \\2a must be written \\\\2a in this file.',
    },
    dn: {
      message: 'Java drops this backslash: LDAP gets a different DN{scope}',
      detail: 'java.util.Properties reads \\X as X, so an RFC 4514 escape such as \\, must be written \\\\, in this file.',
    },
    fix: 'Double the backslash',
  },
  'ldap-search-base-repeated': {
    repeated: {
      message: 'The search base repeats the base DN of the URL: Spring finds nobody{scope}',
      detail: 'Spring searches relative to the base DN of {url}: keep only the part below it (often ou=People), or leave it empty.',
    },
    fix: 'Keep only the part below the base DN',
  },
  'ldap-base-dn-mismatch': {
    mismatch: {
      message: 'The LDAP URLs have different base DNs: the LDAP provider fails to start{scope}',
      detail: "DefaultSpringSecurityContextSource refuses them ('Root DNs must be the same when using multiple URLs').",
    },
  },
  'override-unreadable': {
    reserved: {
      message: '{file} line {line}: an unquoted {what} in HOCON: Rudder fails to start',
      detail: 'Files ending in .prop or .config are read as HOCON, where {, }, $, :, =, // and other characters need quotes. Quote the value.',
    },
  },
  'override-not-checked': {
    partial: {
      message: '{file}: {count} HOCON lines are not checked (objects, arrays, includes)',
      detail: 'This tool reads only key = value lines of .prop/.config files; what the other lines set is not known here.',
    },
  },
} as const satisfies MessageTable;

/** Sub-messages of `ldap-filter-syntax/invalid` and `invalid-value/cron-field`: our words for each problem kind. */
export const LDAP_FILTER_PROBLEMS = {
  empty: 'the filter is empty',
  'no-parentheses': 'not in parentheses',
  'extra-close': 'one ) too many',
  'trailing-text': 'text after the end of the filter',
  'expected-open': 'a ( is expected here',
  'too-deep': 'nested too deep',
  'operator-without-filter': '&, | and ! need filters in parentheses',
  'not-takes-one': '! takes exactly one filter',
  'never-closed': 'a ( is never closed',
  'expected-close': 'a ) or ( is expected here',
  'open-in-item': 'a ( inside an item must be escaped as \\28',
  'empty-parentheses': 'empty parentheses',
  'no-equals': 'an item without =',
  'bad-extensible': 'not an extensible match (attr:dn:rule:=value)',
  'missing-attribute': 'the attribute is missing before =',
  'bad-attribute': 'not an attribute name',
  'attribute-with-space': 'no spaces around the attribute',
  'backslash-at-end': 'a \\ at the end of a value',
  'short-escape': 'an escape is \\ and two hex digits',
  'star-with-operator': '* only goes with =',
  nul: 'a NUL must be escaped as \\00',
} as const;

/** Hover lines of a key: the value Rudder uses, and why when that is not the value written. */
export const PROPERTIES_HOVER = {
  uses: 'Rudder uses `{uses}`',
  nothing: 'Rudder uses nothing',
  'as-written': '',
  default: ' (the default)',
  'trailing-space': ' (the default): the value ends with white space, which Java keeps, so it is not a boolean',
  case: ' (the default): booleans are case-sensitive',
  'not-a-token': ' (the default): not one of true, yes, on, false, no, off',
  'never-not-here': ' (the default, silently): never is not read by this key',
  unreadable: ' (the default): Rudder cannot read the value',
  'empty-is-none': ': an empty value turns it off',
  'overflow-fails': ': the value overflows a Scala duration and Rudder fails to start',
  floor: ' (the default): the value is below the minimum of this release',
  lost: 'Rudder uses {uses}: {source} (line {line}) gives this key sub-keys, so its value is lost',
  'lost-unset': 'Spring sees it unset: {source} (line {line}) gives this key sub-keys, so its value is lost',
  'lost-start-fails': 'Rudder fails to start: {source} (line {line}) gives this key sub-keys, so its value is lost',
  overridden: '**Overridden by `{source}`**: Rudder uses {uses}',
  hidden: 'that file’s value (hidden)',
  defaults: 'Default: {history}',
  allowed: 'Allowed: {values}',
  'allowed-boolean': 'Allowed: {values} (exactly; no trailing space)',
  'first-read': ' (first read by {release})',
  read: 'Read by {readBy}{first}.',
  'not-read': '**{release} does not read it.**',
} as const;
