/**
 * Which diagnostic links are rule documentation, and the command link VS Code opens them with. The server links
 * each diagnostic to a section of docs/rules.md (its own copy as a file: URL, or the published page); the
 * extension points those links at the copy it ships. Pure, so unit tests need no VS Code.
 */

/** The command that opens a rule's section of the shipped docs/rules.md. Args: `[ruleId]`. */
export const OPEN_RULE_DOC = 'rudder.openRuleDoc';

/** The rule id a link to a section of docs/rules.md names (its anchor), or undefined for any other link. */
export function ruleOfDocLink(path: string, fragment: string): string | undefined {
  return /\/docs\/rules\.md$/.test(path) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(fragment) ? fragment : undefined;
}

/** The command: link that opens the rule's section (hovers and the Problems panel open command links). */
export function openRuleDocLink(rule: string): string {
  return `command:${OPEN_RULE_DOC}?${encodeURIComponent(JSON.stringify([rule]))}`;
}
