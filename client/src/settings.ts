/**
 * What the client answers to the server's `workspace/configuration` for the `rudder` section: only the values the
 * user set (user, workspace and folder settings), never the defaults. The server puts these over the nearest
 * `.rudder-lint.json` (`server/src/workspace/config.ts`), so a default must not hide what the file says.
 */
/** The scopes of `WorkspaceConfiguration.inspect` that hold a value the user set, least specific first. */
const SCOPES = ['globalValue', 'workspaceValue', 'workspaceFolderValue'] as const;
type Inspected = Partial<Record<(typeof SCOPES)[number], unknown>>;

/** The settings the server reads besides `rules`, by their key under `rudder`. */
const KEYS = ['version', 'bcrypt.cost', 'maxFileSizeMB', 'inlayHints'];

/** `rudder.rules.<id>` (deprecated) takes `default` too: the rule's default, which is not a value set. */
const NOT_SET = 'default';

/** The ids of the deprecated `rudder.rules.<id>` settings, from the extension's manifest. */
export function ruleIdsOf(packageJSON: { contributes?: { configuration?: { properties?: Record<string, unknown> } } }): string[] {
  const prefix = 'rudder.rules.';
  return Object.keys(packageJSON.contributes?.configuration?.properties ?? {}).flatMap((k) => (k.startsWith(prefix) ? [k.slice(prefix.length)] : []));
}

/**
 * The `rudder` section as the server reads it, from `inspect` (`workspace.getConfiguration('rudder', scope).inspect`);
 * `ruleIds` are the rules that also have a setting of their own.
 */
export function explicitSettings(inspect: (key: string) => Inspected | undefined, ruleIds: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const i = inspect(key);
    const value = i && (i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue);
    if (value === undefined) continue;
    const [head, tail] = key.split('.');
    if (tail) out[head] = { ...(out[head] as object | undefined), [tail]: value };
    else out[head] = value;
  }
  const objects = inspect('rules');
  const single = ruleIds.map((id) => [id, inspect(`rules.${id}`)] as const);
  const rules: Record<string, unknown> = {};
  for (const scope of SCOPES) {
    const object = objects?.[scope];
    if (object && typeof object === 'object') Object.assign(rules, object);
    for (const [id, i] of single) if (i?.[scope] !== undefined && i[scope] !== NOT_SET) rules[id] = i[scope];
  }
  if (Object.keys(rules).length > 0) out.rules = rules;
  return out;
}
