/**
 * What the client answers to the server's `workspace/configuration` for the `rudder` section: only the values the
 * user set (user, workspace and folder settings), never the defaults. The server puts these over the nearest
 * `.rudder-lint.json` (`server/src/workspace/config.ts`), so a default must not hide what the file says.
 */
import { RULES } from '../../server/src/service/rules';

/** The scopes of `WorkspaceConfiguration.inspect` that hold a value the user set, least specific first. */
const SCOPES = ['globalValue', 'workspaceValue', 'workspaceFolderValue'] as const;
type Inspected = Partial<Record<(typeof SCOPES)[number], unknown>>;

/** The settings the server reads besides `rules`, by their key under `rudder`. */
const KEYS = ['version', 'bcrypt.cost', 'maxFileSizeMB', 'inlayHints'];

/** `rudder.rules.<id>` (deprecated) takes `default` too: the rule's default, which is not a value set. */
const NOT_SET = 'default';

/** The `rudder` section as the server reads it, from `inspect` (`workspace.getConfiguration('rudder', scope).inspect`). */
export function explicitSettings(inspect: (key: string) => Inspected | undefined): Record<string, unknown> {
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
  const single = [...RULES.keys()].map((id) => [id, inspect(`rules.${id}`)] as const);
  const rules: Record<string, unknown> = {};
  for (const scope of SCOPES) {
    const object = objects?.[scope];
    if (object && typeof object === 'object') Object.assign(rules, object);
    for (const [id, i] of single) if (i?.[scope] !== undefined && i[scope] !== NOT_SET) rules[id] = i[scope];
  }
  if (Object.keys(rules).length > 0) out.rules = rules;
  return out;
}
