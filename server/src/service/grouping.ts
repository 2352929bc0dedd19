/**
 * What an editor can show of a large file's findings. VS Code keeps about 1,000 diagnostics per file and draws
 * squiggles for the first few hundred, so a legacy file with thousands of findings (every MD5 an error on 9.x)
 * would show none of the ones that matter. The server therefore sends errors first and, beyond a threshold,
 * groups the findings of one rule into one diagnostic with their count and their locations — except on the lines
 * the admin is editing, which always keep their own. The CLI never groups.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { GROUPED } from './messages/document';
import { fact, render } from './messages/catalogue';
import { isRuleId, type RuleId } from './rules';

export interface GroupOptions {
  /** Findings of one rule beyond this many are grouped. */
  threshold: number;
  /** At most this many diagnostics in all (the threshold is lowered until they fit; one per rule at worst). */
  max: number;
  /** Lines whose findings are always sent on their own (the lines being edited). */
  keepLine?: (line: number) => boolean;
}

export const DEFAULT_GROUPING: GroupOptions = { threshold: 50, max: 500 };
/** Locations listed in a grouped diagnostic's related information. */
const RELATED_SHOWN = 20;

/** `data` of a grouped diagnostic: code actions offer the rule's fix-all on it. */
export interface GroupData {
  group: { rule: RuleId; count: number };
}

export function isGroup(d: { data?: unknown }): d is { data: GroupData } {
  const g = (d.data as Partial<GroupData> | undefined)?.group;
  return !!g && isRuleId(g.rule) && typeof g.count === 'number';
}

const bySeverityThenPosition = (x: Diagnostic, y: Diagnostic) =>
  (x.severity ?? DiagnosticSeverity.Error) - (y.severity ?? DiagnosticSeverity.Error) || x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character;

/**
 * `list` sorted by `bySeverityThenPosition`. `inOrder`: it is already in position order (as `getDiagnostics`
 * returns them); then a stable partition on severity gives the same order without a sort.
 */
function bySeverity(list: readonly Diagnostic[], inOrder: boolean): Diagnostic[] {
  if (!inOrder) return [...list].sort(bySeverityThenPosition);
  const buckets: Diagnostic[][] = [[], [], [], []];
  for (const d of list) {
    const severity = d.severity ?? DiagnosticSeverity.Error;
    if (!(severity >= DiagnosticSeverity.Error && severity <= DiagnosticSeverity.Hint)) return [...list].sort(bySeverityThenPosition);
    buckets[severity - DiagnosticSeverity.Error].push(d);
  }
  return buckets.flat();
}

/**
 * The diagnostics of `uri`, errors first, with the findings of over-represented rules grouped. Every finding is
 * either sent or counted in a group: when the kept lines alone hold too many, they are grouped like the rest.
 */
export function groupDiagnostics(diagnostics: readonly Diagnostic[], uri: string, options: GroupOptions = DEFAULT_GROUPING): Diagnostic[] {
  const out = grouped(diagnostics, uri, options);
  return out.length > options.max && options.keepLine ? grouped(diagnostics, uri, { ...options, keepLine: undefined }) : out;
}

function grouped(diagnostics: readonly Diagnostic[], uri: string, options: GroupOptions): Diagnostic[] {
  const byRule = new Map<string, { kept: Diagnostic[]; rest: Diagnostic[] }>();
  // Whether the diagnostics come in position order (read here, with the line `keepLine` needs).
  let inOrder = true;
  let line = -1;
  let character = -1;
  for (const d of diagnostics) {
    const code = String(d.code);
    let g = byRule.get(code);
    if (!g) byRule.set(code, (g = { kept: [], rest: [] }));
    const start = d.range.start;
    if (start.line < line || (start.line === line && start.character < character)) inOrder = false;
    line = start.line;
    character = start.character;
    (options.keepLine?.(line) ? g.kept : g.rest).push(d);
  }
  const sizeAt = (t: number) => [...byRule.values()].reduce((n, g) => n + g.kept.length + (g.rest.length > t ? 1 : g.rest.length), 0);
  let threshold = options.threshold;
  while (threshold > 1 && sizeAt(threshold) > options.max) threshold = Math.floor(threshold / 2);
  const out: Diagnostic[] = [];
  for (const [code, g] of byRule) {
    out.push(...g.kept);
    if (g.rest.length <= threshold || !isRuleId(code)) {
      out.push(...g.rest);
      continue;
    }
    out.push(group(code, bySeverity(g.rest, inOrder), uri));
  }
  return out.sort(bySeverityThenPosition);
}

/**
 * The group diagnostic made last for each first member: the document, the count and the members it lists. A
 * diagnostic object is never changed once made, so the same members make the same group; a keystroke outside
 * them gets the previous object back (and the stdio writer the JSON it already wrote for it).
 */
const GROUPS = new WeakMap<Diagnostic, { uri: string; count: number; shown: readonly Diagnostic[]; d: Diagnostic }>();

/** One diagnostic for the findings `rest` of rule `code`, at the first of them, listing the first few. */
function group(code: RuleId, rest: readonly Diagnostic[], uri: string): Diagnostic {
  const first = rest[0];
  const shown = rest.slice(0, RELATED_SHOWN);
  const kept = GROUPS.get(first);
  if (kept && kept.uri === uri && kept.count === rest.length && kept.shown.length === shown.length && kept.shown.every((d, i) => d === shown[i])) return kept.d;
  const data: GroupData = { group: { rule: code, count: rest.length } };
  const d: Diagnostic = {
    range: first.range,
    severity: first.severity,
    code,
    codeDescription: first.codeDescription,
    source: first.source,
    message: render(GROUPED.message, { count: rest.length, rule: fact(code), shown: shown.length }),
    relatedInformation: shown.map((m) => ({ location: { uri, range: m.range }, message: typeof m.message === 'string' ? m.message : m.message.value })),
    data,
  };
  GROUPS.set(first, { uri, count: rest.length, shown, d });
  return d;
}
