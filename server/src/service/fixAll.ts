/**
 * Fix-all: the preferred fix of every finding of a rule, as one edit. Only rules whose preferred fix is
 * mechanical (it makes Rudder read what the file already says, and needs no judgement) have one; a "did you
 * mean" guess is never applied in bulk, since a wrong guess can grant rights. The fixes of several findings
 * are merged in document order; a fix that would overlap one already taken is left out, so its finding stays
 * and the next run fixes it.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Finding } from './findings';
import { firstAtOrAfter } from './offsetIndex';
import type { RuleId } from './rules';
import type { OffsetRange } from './xml/scan';

import { FIX_ALL_KIND } from '../shared/protocol';

export { FIX_ALL_KIND };

/**
 * At most this many findings of one rule are fixed per run, so that a request stays bounded on a hostile file
 * (a rename fix reads every user); the rest are fixed by the next run.
 */
const FIX_ALL_MAX = 2000;

/** Whether a request whose context says `only` (LSP: kinds and their parents) asks for actions of `kind`. */
export const wants = (only: readonly string[] | undefined, kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

/** A finding as the diagnostic a quick fix reads (the one the editor would send back). */
export function asDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  return { range: { start: doc.positionAt(f.range.start), end: doc.positionAt(f.range.end) }, code: f.rule, source: 'rudder', message: f.message, ...(f.data ? { data: f.data } : {}) };
}

/** `edits` of `doc` as a workspace edit for its current version: a client refuses it once the text changed. */
export function versionedEdit(doc: TextDocument, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
}

/**
 * The edits of the preferred fix of every shown finding of each rule in `rules`, by rule (one edit list per
 * finding, at most `FIX_ALL_MAX` per rule). `preferred` gives a finding's preferred fix, or undefined when it has
 * none that can be applied in bulk.
 */
export function preferredFixes(findings: readonly Finding[], rules: readonly RuleId[], shown: (f: Finding) => boolean, preferred: (f: Finding) => CodeAction | undefined): Map<RuleId, TextEdit[][]> {
  const out = new Map<RuleId, TextEdit[][]>();
  for (const f of findings) {
    if (!rules.includes(f.rule) || (out.get(f.rule)?.length ?? 0) >= FIX_ALL_MAX || !shown(f)) continue;
    const change = preferred(f)?.edit?.documentChanges?.[0];
    if (!change || !('edits' in change)) continue;
    const list = out.get(f.rule) ?? [];
    list.push(change.edits as TextEdit[]);
    out.set(f.rule, list);
  }
  return out;
}

/** "Fix all <rule> in this file" on `d`, when there are `least` findings to fix or more. */
export function fixAllAction(doc: TextDocument, rule: RuleId, lists: TextEdit[][] | undefined, least: number, d: Diagnostic): CodeAction | undefined {
  if (!lists || lists.length < least) return undefined;
  const { edits, fixed } = mergeFixes(doc, lists);
  return { title: `Fix all ${rule} in this file (${fixed})`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: versionedEdit(doc, edits) };
}

/** `source.fixAll.rudder`: every fix-all rule's fixes as one edit, or undefined when there is nothing to fix. */
export function sourceFixAll(doc: TextDocument, fixes: ReadonlyMap<RuleId, TextEdit[][]>): CodeAction | undefined {
  const { edits, fixed } = mergeFixes(doc, [...fixes.values()].flat());
  return fixed ? { title: `Fix ${fixed} problem(s) in this file`, kind: FIX_ALL_KIND, edit: versionedEdit(doc, edits) } : undefined;
}

/** Accepted ranges, sorted and disjoint: an overlap test is a binary search. */
class Taken {
  private readonly ranges: OffsetRange[] = [];

  /** Where `r` would go among the taken ranges, or -1 when it touches one (two insertions at one offset too). */
  private slot(r: OffsetRange): number {
    const lo = firstAtOrAfter(this.ranges, r.start, (x) => x.start);
    const clash = (x: OffsetRange | undefined) => !!x && (x.start === r.start || (x.start < r.end && r.start < x.end));
    return clash(this.ranges[lo - 1]) || clash(this.ranges[lo]) ? -1 : lo;
  }

  /** Takes every range of one fix, or none of them when one clashes. */
  takeAll(rs: OffsetRange[]): boolean {
    const sorted = [...rs].sort((a, b) => a.start - b.start);
    if (sorted.some((r, i) => i > 0 && (r.start === sorted[i - 1].start || r.start < sorted[i - 1].end))) return false;
    if (sorted.some((r) => this.slot(r) < 0)) return false;
    for (const r of sorted) this.ranges.splice(this.slot(r), 0, r);
    return true;
  }
}

/** The edits of several findings' fixes (`fixes[i]`: the edits of one finding, or undefined when it has none). */
function mergeFixes(doc: TextDocument, fixes: (TextEdit[] | undefined)[]): { edits: TextEdit[]; fixed: number } {
  const taken = new Taken();
  const edits: TextEdit[] = [];
  let fixed = 0;
  for (const list of fixes) {
    if (!list?.length) continue;
    if (!taken.takeAll(list.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end) })))) continue;
    edits.push(...list);
    fixed++;
  }
  return { edits, fixed };
}
