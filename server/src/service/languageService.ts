/**
 * The façade of the pure language service: `(TextDocument, parsed model, settings) → LSP types`.
 *
 * Architecture invariant: nothing under `server/src/service/` imports `vscode-languageserver` (the transport),
 * touches the file system or the network, or throws on any input. Callers parse once per document version
 * (`parse`) and pass the result to every feature.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type Location,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { BCRYPT_COST } from './rudder';
import { RULES, ruleDocUrl, type FileKind, type Severity } from './rules';
import type { Settings } from './settings';
import { isSuppressed } from './suppression';
import type { Finding } from './findings';
import { evaluateUsers, type UsersContext, type UsersEvaluation } from './users/evaluate';
import { usersCodeActions, type CodeActionOptions } from './users/codeActions';
import { usersCompletion } from './users/completion';
import { usersHover } from './users/hover';
import { usersDefinition, usersFolding, usersInlayHints, usersPrepareRename, usersReferences, usersRename, usersSymbols } from './users/navigation';
import { parseUsers, type UsersModel } from './users/model';
import { resolveVersion } from './version';

export type ParsedDocument = UsersModel;
export type DocumentContext = UsersContext;

const USERS_FILE = /(^|[\\/])rudder-users\.xml$/i;
const PROPERTIES_FILE = /(^|[\\/])rudder-web\.properties$/i;

/** The kind of a file from its path or URI by Rudder's standard names; settings may add globs on top. */
export function kindFromPath(pathOrUri: string): FileKind | undefined {
  if (USERS_FILE.test(pathOrUri)) return 'users';
  if (PROPERTIES_FILE.test(pathOrUri)) return 'properties';
  return undefined;
}

export function parse(text: string): ParsedDocument {
  return parseUsers(text);
}

export function analyze(parsed: ParsedDocument, settings: Settings, context: DocumentContext = {}): UsersEvaluation {
  return evaluateUsers(parsed, resolveVersion(settings.rudderVersion, parsed), context);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding ends up with: the setting for its rule, else its own, else the rule's default. */
export function effectiveSeverity(f: Finding, settings: Settings): Severity | undefined {
  const level = settings.rules[f.rule];
  if (level === 'off') return undefined;
  return level ?? f.severity ?? RULES.get(f.rule)?.severity ?? 'warning';
}

export function getDiagnostics(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, settings: Settings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of evaluation.findings) {
    const severity = effectiveSeverity(f, settings);
    if (!severity || isSuppressed(parsed.suppressions, f.rule, f.range.start)) continue;
    const d: Diagnostic = {
      range: { start: doc.positionAt(f.range.start), end: doc.positionAt(f.range.end) },
      severity: SEVERITY[severity],
      code: f.rule,
      codeDescription: { href: ruleDocUrl(f.rule) },
      source: 'rudder',
      message: f.message,
    };
    if (f.data) d.data = f.data;
    if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
    if (f.related?.length) {
      d.relatedInformation = f.related.map((r) => ({
        location: { uri: doc.uri, range: { start: doc.positionAt(r.range.start), end: doc.positionAt(r.range.end) } },
        message: r.message,
      }));
    }
    out.push(d);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The bcrypt cost new hashes get: the sibling `rudder.bcrypt.cost`, then the setting, then Rudder's default. */
export function bcryptCostFor(settings: Settings, context: DocumentContext = {}): number {
  return context.bcryptCost ?? settings.bcryptCost ?? BCRYPT_COST.DEFAULT;
}

export function getCompletion(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position): CompletionList | null {
  return usersCompletion(doc, parsed, evaluation, doc.offsetAt(position));
}

export function getCodeActions(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, range: Range, diagnostics: Diagnostic[], options: CodeActionOptions): CodeAction[] {
  return usersCodeActions(doc, parsed, evaluation, range, diagnostics, options);
}

export function getSymbols(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation): DocumentSymbol[] {
  return usersSymbols(doc, parsed, evaluation);
}

export function getDefinition(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position): Location | null {
  return usersDefinition(doc, parsed, evaluation, doc.offsetAt(position));
}

export function getReferences(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position, includeDeclaration: boolean): Location[] {
  return usersReferences(doc, parsed, evaluation, doc.offsetAt(position), includeDeclaration);
}

export function prepareRename(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position): { range: Range; placeholder: string } | null {
  return usersPrepareRename(doc, parsed, evaluation, doc.offsetAt(position));
}

export function rename(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position, newName: string): { edits: TextEdit[] } | { error: string } | null {
  return usersRename(doc, parsed, evaluation, doc.offsetAt(position), newName);
}

export function getInlayHints(doc: TextDocument, evaluation: UsersEvaluation, range: Range): InlayHint[] {
  return usersInlayHints(doc, evaluation, { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) });
}

export function getFoldingRanges(doc: TextDocument, parsed: ParsedDocument): FoldingRange[] {
  return usersFolding(doc, parsed);
}

export function getHover(doc: TextDocument, parsed: ParsedDocument, evaluation: UsersEvaluation, position: Position): Hover | null {
  return usersHover(doc, parsed, evaluation, doc.offsetAt(position));
}
