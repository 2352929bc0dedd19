/**
 * Roles and permissions (rudder-spec.md §3): permission types and levels, Rudder's `parseRight`, the built-in
 * roles and what they grant in each release, and how rights combine (a `NoRights` anywhere denies everything).
 *
 * Sources: AUTHZ = `rudder-core/.../Authorizations.scala` (9.0+; `rudder-rest/...` before).
 */
import { spanLabel, Timeline, type RudderVersion } from './releases';

export type PermissionLevel = 'read' | 'write' | 'edit';
export const PERMISSION_LEVELS: readonly PermissionLevel[] = ['read', 'write', 'edit'];
/** Levels accepted after `type_`: `all` expands to read, write and edit. */
export const PERMISSION_LEVEL_TOKENS = ['read', 'write', 'edit', 'all'] as const;

export const LEVEL_DOCS: Record<(typeof PERMISSION_LEVEL_TOKENS)[number], string> = {
  read: 'view',
  write: 'create and delete',
  edit: 'modify existing items',
  all: 'read, write and edit',
};

/** Core authorization types, spelled as Rudder spells them (matching is case-insensitive). */
export const PERMISSION_TYPES = [
  'administration',
  'compliance',
  'configuration',
  'deployer',
  'deployment',
  'directive',
  'group',
  'node',
  'parameter',
  'rule',
  'technique',
  'validator',
  'userAccount',
] as const;
export type PermissionType = (typeof PERMISSION_TYPES)[number];

export const PERMISSION_TYPE_DOCS: Record<PermissionType, string> = {
  administration: 'the Administration pages (settings, plugins, API accounts)',
  compliance: 'compliance reports',
  configuration: 'the configuration tab as a whole',
  deployer: 'deploying change requests (change-validation plugin)',
  deployment: 'policy generation and deployment',
  directive: 'directives',
  group: 'node groups',
  node: 'nodes and their inventories',
  parameter: 'global parameters',
  rule: 'rules',
  technique: 'techniques',
  validator: 'validating change requests (change-validation plugin)',
  userAccount: "the user's own account (API token, preferences)",
};

/** Types that Rudder plugins are known to register; without the plugin the right is ignored. */
export const PLUGIN_PERMISSION_TYPES: Record<string, string> = {
  cve: 'the CVE (security) plugin',
  'system-update': 'the system-updates plugin',
};

/** A right as `type_level`, with the type in Rudder's canonical spelling. */
export type Right = string;
/**
 * What a user or role grants: `any` (administrator), a set of rights, or `none`: Rudder's `NoRights`, which
 * denies everything wherever it appears in a user's union, `any` included (rudder@9.1 rudder-rest
 * `users/User.scala:132` `checkRights`; AUTHZ:320 `Rights(empty)` is `NoRights`).
 */
export type Rights = { kind: 'any' } | { kind: 'set'; rights: Set<Right> } | { kind: 'none' };

function typeByLowercase(): Map<string, PermissionType> {
  return new Map(PERMISSION_TYPES.map((t) => [t.toLowerCase(), t]));
}
const TYPES_LC = typeByLowercase();

export type RightParse =
  | { kind: 'any' }
  | { kind: 'right'; type: PermissionType; rights: Right[] }
  /** Matches `type_level` with a valid level but an unregistered type (a plugin may define it). */
  | { kind: 'unknown-type'; type: string; level: string }
  /** Matches `type_level` with a known type but a level other than read/write/edit/all. */
  | { kind: 'bad-level'; type: PermissionType; level: string }
  | { kind: 'not-a-right' };

/**
 * Rudder's `parseRight`: lowercase, `any`, else split on the last `_`; the level must be read, write, edit or
 * all and the type a registered kind (case-insensitive). Inner spaces are not tolerated.
 */
export function parseRight(item: string): RightParse {
  const lc = item.toLowerCase();
  if (lc === 'any') return { kind: 'any' };
  const us = lc.lastIndexOf('_');
  if (us < 0) return { kind: 'not-a-right' };
  const typeLc = lc.slice(0, us);
  const level = lc.slice(us + 1);
  const type = TYPES_LC.get(typeLc);
  const levelOk = (PERMISSION_LEVEL_TOKENS as readonly string[]).includes(level);
  if (type && levelOk) {
    const levels = level === 'all' ? PERMISSION_LEVELS : [level as PermissionLevel];
    return { kind: 'right', type, rights: levels.map((l) => `${type}_${l}`) };
  }
  if (type) return { kind: 'bad-level', type, level: item.slice(us + 1) };
  if (levelOk && typeLc.length > 0) return { kind: 'unknown-type', type: item.slice(0, us), level };
  return { kind: 'not-a-right' };
}

// ---------------------------------------------------------------------------------------------------------
// Built-in roles (§3.1)

export interface BuiltinRole {
  name: string;
  /** One sentence for hover and completion. */
  doc: string;
  /** Rights in the given release; `any` for administrator, `none` for no_rights. */
  rights(v: RudderVersion): Rights;
  /** `no_rights` overrides every other item of a user's list. */
  overridesOthers?: boolean;
  /** How the role differed in older versions, for hover. */
  versionNote?: string;
}


const ALL_KINDS = (...types: PermissionType[]): Right[] =>
  types.flatMap((t) => PERMISSION_LEVELS.map((l) => `${t}_${l}`));
const USER_ACCOUNT = ALL_KINDS('userAccount');

/**
 * `complianceKind`: compliance_* plus read access to what compliance shows (AUTHZ `Role.complianceKind`). Up to
 * 8.1 it also read techniques and parameters; 8.2 dropped them.
 */
export const COMPLIANCE_READS = new Timeline<readonly PermissionType[]>({
  '7.0': ['node', 'group', 'configuration', 'rule', 'directive', 'technique', 'parameter'],
  '8.2': ['node', 'group', 'configuration', 'rule', 'directive'],
});

function complianceKind(v: RudderVersion): Right[] {
  return [...ALL_KINDS('compliance'), ...COMPLIANCE_READS.at(v).map((t) => `${t}_read`)];
}

/** How the roles built on `complianceKind` differed before, for hover. */
function complianceNote(): string {
  const [old, current] = COMPLIANCE_READS.history();
  const extra = old.value.filter((t) => !current.value.includes(t));
  return `On ${spanLabel(old.span)} its compliance part also read ${extra.join(' and ')}.`;
}

const set = (...groups: Right[][]): Rights => ({ kind: 'set', rights: new Set(groups.flat()) });

/** Rights computed once per step of `COMPLIANCE_READS`: they are read for every item of every user. */
function perRelease(compute: (v: RudderVersion) => Rights): (v: RudderVersion) => Rights {
  const byStep = new Map<readonly PermissionType[], Rights>();
  return (v) => {
    const step = COMPLIANCE_READS.at(v);
    let r = byStep.get(step);
    if (!r) byStep.set(step, (r = compute(v)));
    return r;
  };
}

const ROLE_DEFINITIONS: readonly BuiltinRole[] = [
  { name: 'administrator', doc: 'All rights, including those of plugins installed later.', rights: () => ({ kind: 'any' }) },
  {
    name: 'user',
    doc: 'Nodes, groups and the whole configuration (rules, directives, techniques, parameters).',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('node', 'group', 'configuration', 'rule', 'directive', 'technique', 'parameter')),
  },
  {
    name: 'administration_only',
    doc: 'The Administration pages only.',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('administration')),
  },
  {
    name: 'configuration',
    doc: 'The configuration tab: rules, directives, techniques and parameters.',
    rights: () => set(USER_ACCOUNT, ALL_KINDS('configuration', 'rule', 'directive', 'technique', 'parameter')),
  },
  {
    name: 'read_only',
    doc: 'Read access to everything Rudder core knows.',
    rights: () => set(USER_ACCOUNT, PERMISSION_TYPES.map((t) => `${t}_read`)),
  },
  { name: 'compliance', doc: 'Compliance reports, and read access to what they show.', rights: (v) => set(USER_ACCOUNT, complianceKind(v)), versionNote: complianceNote() },
  { name: 'inventory', doc: 'Read access to nodes and their inventories.', rights: () => set(USER_ACCOUNT, ['node_read']) },
  { name: 'rule_only', doc: 'Read access to the configuration and rules.', rights: () => set(USER_ACCOUNT, ['configuration_read', 'rule_read']) },
  {
    name: 'workflow',
    doc: 'Validate and deploy change requests (validator and deployer), plus compliance.',
    rights: (v) => set(USER_ACCOUNT, ALL_KINDS('validator', 'deployer'), complianceKind(v)), versionNote: complianceNote(),
  },
  { name: 'validator', doc: 'Validate change requests, plus compliance.', rights: (v) => set(USER_ACCOUNT, ALL_KINDS('validator'), complianceKind(v)), versionNote: complianceNote() },
  { name: 'deployer', doc: 'Deploy change requests, plus compliance.', rights: (v) => set(USER_ACCOUNT, ALL_KINDS('deployer'), complianceKind(v)), versionNote: complianceNote() },
  {
    name: 'no_rights',
    doc: 'No rights at all. Listed anywhere in a user, it overrides every other role.',
    rights: () => ({ kind: 'none' }),
    overridesOthers: true,
  },
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = ROLE_DEFINITIONS.map((r) => ({ ...r, rights: perRelease(r.rights) }));

const ROLES_LC = new Map(BUILTIN_ROLES.map((r) => [r.name.toLowerCase(), r]));

/** Case-insensitive lookup, as Rudder's role registry does. */
export function builtinRole(name: string): BuiltinRole | undefined {
  return ROLES_LC.get(name.toLowerCase());
}

/** The one role that works without the user-management plugin in 7.3–8.1 (§3.3). */
export const PLUGIN_FREE_ROLE = 'administrator';
/** The special role that wins over everything else in a user's list. */
export const NO_RIGHTS_ROLE = 'no_rights';

/** Custom role names Rudder reserves (§3.4): `any` and anything containing `_`. */
export function isReservedCustomRoleName(name: string): boolean {
  const lc = name.toLowerCase();
  return lc === 'any' || lc.includes('_');
}

/** The rights as a sorted list: `['any']`, the rights, or `[]` when Rudder grants nothing. */
export function rightsToList(r: Rights): string[] {
  return r.kind === 'any' ? ['any'] : r.kind === 'none' ? [] : [...r.rights].sort();
}

export const NO_RIGHTS: Rights = { kind: 'none' };

/**
 * The union of what items grant, as Rudder computes a custom role's or a user's rights: `NoRights` anywhere
 * wins, then `any`; an empty union is `NoRights` (AUTHZ:320,413; `User.checkRights`).
 */
export function unionOf(items: readonly Rights[]): Rights {
  if (items.length === 0 || items.some((r) => r.kind === 'none')) return NO_RIGHTS;
  if (items.some((r) => r.kind === 'any')) return { kind: 'any' };
  if (items.length === 1) return items[0];
  const out = new Set<Right>();
  for (const r of items) if (r.kind === 'set') for (const x of r.rights) out.add(x);
  return { kind: 'set', rights: out };
}

/** Reserved custom-role names, as Rudder words the reason (AUTHZ `RudderRoles` error messages). */
export const RESERVED_ROLE_NAME_REASON = new Timeline<string>({
  '7.0': "'any' and patterns 'kind_[read,edit,write,all]' are reserved",
  '9.0': "'any' and names with an '_' are reserved",
});
