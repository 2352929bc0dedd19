/**
 * The documentation of each rule: the body of its section in `docs/rules.md` (which `scripts/generate.mjs`
 * writes from this function) and the same as plain text, for SARIF's `help`.
 */
import { CATALOGUE } from '../service/messages';
import type { Entry } from '../service/messages/catalogue';
import { ruleDocUrl, type Rule } from '../service/rules';

/** The Markdown lines under the rule's `## id` heading in docs/rules.md. */
export function ruleSectionLines(rule: Rule): string[] {
  const file = rule.file === 'both' ? 'both files' : rule.file === 'users' ? '`rudder-users.xml`' : '`rudder-web.properties`';
  return [rule.summary, '', `- File: ${file}`, `- Default severity: \`${rule.severity}\``, `- Setting: \`rudder.rules.${rule.id}\``, ...messageLines(rule)];
}

/** The rule's messages from the catalogue, each with its detail (placeholders as `{name}`), then its quick fixes. */
function messageLines(rule: Rule): string[] {
  const variants = Object.entries((CATALOGUE as Partial<Record<string, Record<string, Entry>>>)[rule.id] ?? {});
  const text = (e: Entry) => (typeof e === 'string' ? e : `${e.message}. ${e.detail}`);
  const messages = variants.filter(([v]) => !v.startsWith('fix')).map(([, e]) => `  - ${text(e)}`);
  const fixes = variants.filter(([v]) => v.startsWith('fix')).map(([, e]) => `  - ${text(e)}`);
  return [...(messages.length ? ['- Messages:', ...messages] : []), ...(fixes.length ? ['- Quick fixes:', ...fixes] : [])];
}

/** SARIF `help`: the section of docs/rules.md, as Markdown and as text, with a link to it. */
export function ruleHelp(rule: Rule): { text: string; markdown: string } {
  const lines = ruleSectionLines(rule);
  const text = lines.map((l) => l.replace(/`/g, '').replace(/^- /, '')).filter((l) => l !== '');
  return { text: [...text, `Documentation: ${ruleDocUrl(rule.id)}`].join('\n'), markdown: [...lines, '', `[Documentation](${ruleDocUrl(rule.id)})`].join('\n') };
}
