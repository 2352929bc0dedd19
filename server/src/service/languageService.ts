/**
 * The façade of the pure language service: `(TextDocument, parsed model, settings) → LSP types`, for both
 * `rudder-users.xml` and `rudder-web.properties`.
 *
 * Architecture invariant: nothing under `server/src/service/` imports `vscode-languageserver` (the transport),
 * touches the file system or the network, or throws on any input. Callers parse once per document version
 * (`parse`), `analyze` it with the settings and the sibling files' facts, and pass the `Analysis` to every
 * feature.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupContent,
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
import { BCRYPT_COST, USERS_FILE as USERS_FILE_READS } from './rudder';
import { RULES, RULES_DOC_URL, ruleDocUrl, type FileKind, type Severity } from './rules';
import { DEFAULT_MAX_FILE_SIZE_MB, DEFAULT_SETTINGS, type Settings } from './settings';
import { isSuppressed } from './suppression';
import { finding, type Finding } from './findings';
import { fact } from './messages';
import { evaluateUsersMemo, type UsersContext, type UsersEvaluation, type UsersMemo } from './users/evaluate';
import { usersCodeActions, usersHashPlan, type CodeActionOptions, type HashPlan, type HashRequest } from './users/codeActions';
import { usersCompletion, type UsersCompletionOptions } from './users/completion';
import { usersHover, type HoverOptions } from './users/hover';
import { usersDefinition, usersFolding, usersInlayHints, usersPrepareRename, usersReferences, usersRename, usersSymbols } from './users/navigation';
import { parseUsers, type UsersModel } from './users/model';
import { reparseUsers, type TextChange } from './users/reparse';
import { evaluatePropertiesMemo, type PropertiesContext, type PropertiesEvaluation, type PropertiesMemo } from './properties/evaluate';
import { propertiesCodeActions, propertiesCompletion, propertiesHashPlan, propertiesHover, propertiesSymbols } from './properties/features';
import { parseProperties, reparseProperties, type PropertiesModel } from './properties/model';
import { absentMarker, bounded, disarmMarkdown, sourceOf, type SourceText } from './text';
import { DEFAULT_GROUPING } from './grouping';
import { wants } from './fixAll';
import { resolveVersion, type VersionHints } from './rudder';
import type { SyntaxProblem } from './xml/wellFormed';

export type ParsedDocument = UsersModel | PropertiesModel;

/** Facts a document gets from its siblings in the same folder (as in `/opt/rudder/etc`). */
export interface DocumentContext {
  /** For a users file: from the sibling `rudder-web.properties` (providers, bcrypt cost). */
  users?: UsersContext;
  /** For a properties file: its `rudder-web.properties.d/` overrides. */
  properties?: PropertiesContext;
  /** For a properties file: what `auto` reads of the sibling users file to infer the Rudder version. */
  siblingUsers?: VersionHints;
}

/**
 * A parsed document and what Rudder makes of it: the one input of every feature. `memo`: what the next analysis of
 * the same file can reuse (`analyzeIncremental`).
 */
export type Analysis = { kind: 'users'; model: UsersModel; evaluation: UsersEvaluation; memo?: UsersMemo } | { kind: 'properties'; model: PropertiesModel; evaluation: PropertiesEvaluation; memo?: PropertiesMemo };

export type { TextChange };

const USERS_FILE = /(^|[\\/])rudder-users\.xml$/i;
const PROPERTIES_FILE = /(^|[\\/])rudder-web\.properties$/i;

/** The kind of a file from its path or URI by Rudder's standard names; settings may add globs on top. */
export function kindFromPath(pathOrUri: string): FileKind | undefined {
  if (USERS_FILE.test(pathOrUri)) return 'users';
  if (PROPERTIES_FILE.test(pathOrUri)) return 'properties';
  return undefined;
}

/**
 * Parse once per document version. A text over `maxFileSizeMB` is not parsed: its model is empty and marked
 * `oversize`; `analyze` gives it only the cheap checks, and the features that read the text answer nothing
 * (the others already find nothing in an empty model).
 * `bytesVerdict`: the well-formedness of the file's bytes (`checkWellFormedBytes`), when the caller read them.
 */
export function parse(text: string, kind: FileKind = 'users', maxFileSizeMB = DEFAULT_MAX_FILE_SIZE_MB, bytesVerdict?: SyntaxProblem[]): ParsedDocument {
  const oversize = text.length > maxFileSizeMB * 1024 * 1024 ? { size: text.length, text } : undefined;
  const model = kind === 'users' ? (oversize ? parseUsers('') : parseUsers(text, bytesVerdict)) : parseProperties(oversize ? '' : text);
  return oversize ? { ...model, oversize } : model;
}

/**
/**
 * `parse(text, kind, maxFileSizeMB)`, from the model of an earlier version of the same document where that is
 * cheaper, with the same result: a properties file re-reads only the logical lines that changed
 * (`reparseProperties`, from the region the `changes` cover, else from a diff of the texts); a users file, given the `changes` (in order, each in the text the ones before it left)
 * that lead from `previous`'s text to `text`, re-reads only the tag an edit stays in whenever that is provably the
 * same (see `users/reparse.ts`). Everything else is parsed again.
 */
export function reparse(previous: ParsedDocument | undefined, text: SourceText, kind: FileKind = 'users', maxFileSizeMB = DEFAULT_MAX_FILE_SIZE_MB, changes?: readonly TextChange[]): ParsedDocument {
  if (!previous || previous.oversize || previous.kind !== kind || text.length > maxFileSizeMB * 1024 * 1024) return parse(text.toString(), kind, maxFileSizeMB);
  if (previous.kind === 'properties') return reparseProperties(previous, text, changes);
  return changes ? reparseUsers(previous, changes, text.toString()) : parse(text.toString(), kind, maxFileSizeMB);
}

export function analyze(model: ParsedDocument, settings: Settings, context: DocumentContext = {}): Analysis {
  return analyzeIncremental(undefined, model, settings, context);
}

/**
 * `analyze`, reusing what still holds of `prev` (an earlier analysis of the same file): each user whose start tag
 * and file-wide inputs are unchanged keeps its result, and so does each property key whose winning entry and
 * recorded reads are (`evaluatePropertiesMemo`). Equal to `analyze(model, settings, context)`.
 */
export function analyzeIncremental(prev: Analysis | undefined, model: ParsedDocument, settings: Settings, context: DocumentContext = {}): Analysis {
  let a: Analysis;
  if (model.kind === 'users') {
    const { evaluation, memo } = evaluateUsersMemo(model, resolveVersion(settings.rudderVersion, model, settings.versionSetBy), context.users, prev?.kind === 'users' ? prev.memo : undefined);
    a = { kind: 'users', model, evaluation, memo };
  } else {
    const version = resolveVersion(settings.rudderVersion, context.siblingUsers, settings.versionSetBy);
    const { evaluation, memo } = evaluatePropertiesMemo(model.source, model.parsed, version, context.properties, prev?.kind === 'properties' ? prev.memo : undefined);
    a = { kind: 'properties', model, evaluation, memo };
  }
  if (model.oversize) a.evaluation.findings = oversizeFindings(model.kind, model.oversize.text, settings.maxFileSizeMB);
  return a;
}

/** The cheap checks of a file too large to parse: say so, and find a DOCTYPE near the top. */
function oversizeFindings(kind: FileKind, text: string, limitMB: number): Finding[] {
  const size = Math.round((text.length / 1024 / 1024) * 10) / 10;
  const file = fact(kind === 'users' ? 'rudder-users.xml' : 'rudder-web.properties');
  const findings: Finding[] = [finding('file-too-large', 'skipped', { limit: limitMB, size, file }, { start: 0, end: 0 })];
  const doctype = kind === 'users' ? /<!DOCTYPE/i.exec(text.slice(0, 64 * 1024)) : null;
  if (doctype) findings.push(finding('doctype-forbidden', 'oversize', { refusing: fact(USERS_FILE_READS.doctypeRefused.labelWhere((x) => x)!) }, { start: doctype.index, end: doctype.index + doctype[0].length }));
  return findings;
}

/** What a properties evaluation tells the sibling users file. */
export function usersContextFrom(a: Analysis): UsersContext | undefined {
  return a.kind === 'properties' ? { authProviders: a.evaluation.authProviders, bcryptCost: a.evaluation.bcryptCost } : undefined;
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

/**
 * The diagnostic each finding object was last converted to, for which document, settings and rules doc, with the
 * positions it has (as numbers, read without following the diagnostic): a finding an incremental analysis kept
 * (the same object, moved in place) at the same positions, its related ranges' included, is not converted again.
 */
interface Converted {
  uri: string;
  settings: Settings;
  rulesDoc: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** The related ranges' positions: line and character of each start and end, in order. */
  related: number[] | undefined;
  d: Diagnostic;
}

/** The positions of `related`'s ranges, as `Converted.related` keeps them. */
function relatedPositions(doc: TextDocument, related: NonNullable<Finding['related']>): number[] {
  const out: number[] = [];
  for (const r of related) {
    const start = doc.positionAt(r.range.start);
    const end = doc.positionAt(r.range.end);
    out.push(start.line, start.character, end.line, end.character);
  }
  return out;
}

const samePositions = (x: readonly number[] | undefined, y: readonly number[] | undefined) => x === y || (x !== undefined && y !== undefined && x.length === y.length && x.every((n, i) => n === y[i]));

const CONVERTED = new WeakMap<Finding, Converted>();

/**
 * `rulesDoc`: the docs/rules.md each diagnostic's `codeDescription` links to (the published one by default).
 * Sorted by start position, stably: a position's offset orders positions the same way, so the order is a
 * numeric sort of `offset × count + index` (no comparator), skipped when the findings already come in order.
 */
export function getDiagnostics(doc: TextDocument, a: Analysis, settings: Settings, rulesDoc: string = RULES_DOC_URL): Diagnostic[] {
  const out: Diagnostic[] = [];
  const keys: number[] = [];
  const suppressions = a.model.suppressions;
  const text = sourceOf(doc);
  const length = text.length;
  const lines = doc.lineCount;
  let sorted = true;
  for (const f of a.evaluation.findings) {
    const cached = CONVERTED.get(f);
    const known = cached !== undefined && cached.uri === doc.uri && cached.settings === settings && cached.rulesDoc === rulesDoc;
    // A finding converted for these settings is shown unless suppressed.
    const severity = known ? undefined : effectiveSeverity(f, settings);
    if ((!known && !severity) || (suppressions.length > 0 && isSuppressed(suppressions, f.rule, f.range.start))) continue;
    const lineAt = (line: number) => (line < lines ? doc.offsetAt({ line, character: 0 }) : length + 1);
    const startOffset = Math.max(0, Math.min(f.range.start, length));
    // The start: where it was converted when that is still its position (two lookups), else by a search.
    let line: number;
    let character: number;
    let lineStart = known ? lineAt(cached.startLine) : -1;
    if (known && lineStart + cached.startCharacter === startOffset && startOffset < lineAt(cached.startLine + 1) && !(startOffset > lineStart && isLineBreak(text.charCodeAt(startOffset - 1)))) {
      line = cached.startLine;
      character = cached.startCharacter;
    } else {
      const p = doc.positionAt(startOffset);
      line = p.line;
      character = p.character;
      lineStart = lineAt(line);
    }
    // The position as an offset (positionAt moves an offset inside a line break before it): positions order as
    // these keys do.
    const key = lineStart + character;
    if (keys.length > 0 && key < keys[keys.length - 1]) sorted = false;
    keys.push(key);
    // The end, by one lookup when it is on the start's line before its line break (most are), else by a search.
    const endOffset = f.range.end;
    const sameLine = endOffset >= lineStart && endOffset < lineAt(line + 1) && endOffset <= length && !(endOffset > lineStart && isLineBreak(text.charCodeAt(endOffset - 1)));
    const endLine = sameLine ? line : -1;
    const endCharacter = sameLine ? endOffset - lineStart : -1;
    const related = f.related?.length ? relatedPositions(doc, f.related) : undefined;
    if (known && cached.startLine === line && cached.startCharacter === character && (sameLine ? cached.endLine === endLine && cached.endCharacter === endCharacter : samePosition(cached, doc.positionAt(endOffset))) && samePositions(cached.related, related)) {
      out.push(cached.d);
      continue;
    }
    const start = { line, character };
    const end = sameLine ? { line: endLine, character: endCharacter } : doc.positionAt(endOffset);
    const d: Diagnostic = {
      range: { start, end },
      severity: SEVERITY[severity ?? effectiveSeverity(f, settings)!],
      code: f.rule,
      codeDescription: { href: ruleDocUrl(f.rule, rulesDoc) },
      source: 'rudder',
      message: bounded(f.message),
    };
    if (f.data) d.data = f.data;
    if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
    if (related) {
      d.relatedInformation = f.related!.map((r, i) => ({
        location: { uri: doc.uri, range: { start: { line: related[4 * i], character: related[4 * i + 1] }, end: { line: related[4 * i + 2], character: related[4 * i + 3] } } },
        message: bounded(r.message),
      }));
    }
    CONVERTED.set(f, { uri: doc.uri, settings, rulesDoc, startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, related, d });
    out.push(d);
  }
  if (sorted) return out;
  const n = out.length;
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i] * n + i;
  order.sort();
  const result = new Array<Diagnostic>(n);
  for (let i = 0; i < n; i++) result[i] = out[order[i] % n];
  return result;
}

const isLineBreak = (c: number) => c === 0x0a || c === 0x0d;

const samePosition = (c: Converted, p: Position) => c.endLine === p.line && c.endCharacter === p.character;

/**
 * The bcrypt cost new hashes get: the sibling `rudder.bcrypt.cost` (for the rootAdmin password of a properties
 * file, its own), then the setting, then Rudder's default. A cost under 10 there is ignored: it is itself
 * flagged, and recent Rudder releases replace it with 12.
 */
export function bcryptCostFor(settings: Settings, context: DocumentContext = {}, a?: Analysis): number {
  const sibling = a?.kind === 'properties' ? a.evaluation.bcryptCost : context.users?.bcryptCost;
  return sibling !== undefined && sibling >= BCRYPT_COST.ERROR_BELOW ? sibling : (settings.bcryptCost ?? BCRYPT_COST.DEFAULT);
}

export function getHover(doc: TextDocument, a: Analysis, position: Position, options: HoverOptions = {}): Hover | null {
  if (a.model.oversize) return null;
  const offset = doc.offsetAt(position);
  const marker = absentMarker(a.model.text);
  const withMarker = { ...options, marker };
  const hover = a.kind === 'users' ? usersHover(doc, a.model, a.evaluation, offset, withMarker) : propertiesHover(doc, a.model, a.evaluation, offset, withMarker);
  if (hover && MarkupContent.is(hover.contents)) hover.contents = { ...hover.contents, value: disarmMarkdown(hover.contents.value, marker) };
  return hover;
}

/**
 * Completion at `position` of the current text of `doc`. `a` may be the analysis of an earlier version of that
 * text (the latest one available): completion reads the syntax around the cursor from `doc` itself.
 */
export function getCompletion(doc: TextDocument, a: Analysis, position: Position, options: UsersCompletionOptions = {}): CompletionList | null {
  if (a.model.oversize) return null;
  const offset = doc.offsetAt(position);
  return a.kind === 'users' ? usersCompletion(doc, a.model, a.evaluation, offset, options) : propertiesCompletion(doc, a.model, a.evaluation, offset);
}

/**
 * Code actions of `range`. With `settings`, fix-all leaves out the findings the editor does not show (rule off,
 * suppressed by a directive). Only the context's diagnostics that overlap the range are answered (LSP sends
 * those; some clients send every diagnostic of the line or the file), so a request costs what is in its range,
 * and at most `ANSWERED_MAX` of them get their own fixes (`answered`).
 */
export function getCodeActions(doc: TextDocument, a: Analysis, range: Range, diagnostics: Diagnostic[], options: CodeActionOptions & { settings?: Settings }): CodeAction[] {
  if (a.model.oversize) return [];
  const { settings = DEFAULT_SETTINGS, ...rest } = options;
  // Only quick fixes read the context's diagnostics: a fix-all or source request does not sort them out.
  const here = wants(rest.only, CodeActionKind.QuickFix) ? answered(diagnostics.filter((d) => overlaps(d.range, range))) : [];
  const shown = (f: Finding) => effectiveSeverity(f, settings) !== undefined && !isSuppressed(a.model.suppressions, f.rule, f.range.start);
  const actions = a.kind === 'users' ? usersCodeActions(doc, a.model, a.evaluation, range, here, { ...rest, shown }) : propertiesCodeActions(doc, a.model, a.evaluation, here, { ...rest, shown });
  for (const action of actions) action.title = bounded(action.title);
  return actions;
}

/**
 * The plan of a hash action's request (`data`) in this analysis: its targets and their users' identities,
 * computed now (the listed action carries none). Undefined when the text no longer has what it was offered for.
 */
export function hashPlanFor(a: Analysis, request: HashRequest): HashPlan | undefined {
  if (a.model.oversize) return undefined;
  return a.kind === 'users' ? usersHashPlan(a.model, a.evaluation, request) : propertiesHashPlan(a.model, request);
}

/**
 * Diagnostics of one request that get their own quick fixes and "Disable" at most: as many as the server ever
 * sends for a file (`DEFAULT_GROUPING.max`). A request over a whole file of raw diagnostics (a client selecting
 * everything, or the façade called with every finding) would otherwise answer an action or two per finding, a
 * menu nobody reads (100,200 actions for 100,000 unknown keys), whose garbage made its cost superlinear.
 */
const ANSWERED_MAX = DEFAULT_GROUPING.max;

/**
 * The first `ANSWERED_MAX` diagnostics, then the first of each rule not among them, so that every rule of the
 * request still gets its fix-all (offered on a diagnostic of the rule).
 */
function answered(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= ANSWERED_MAX) return diagnostics;
  const out = diagnostics.slice(0, ANSWERED_MAX);
  const rules = new Set(out.map((d) => d.code));
  for (let i = ANSWERED_MAX; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    if (rules.has(d.code)) continue;
    rules.add(d.code);
    out.push(d);
  }
  return out;
}

/** Whether two ranges overlap, touching included (an empty range at the cursor touches its diagnostic). */
function overlaps(x: Range, y: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(x.end, y.start) && !before(y.end, x.start);
}

export function getSymbols(doc: TextDocument, a: Analysis): DocumentSymbol[] {
  if (a.model.oversize) return [];
  return a.kind === 'users' ? usersSymbols(doc, a.model, a.evaluation) : propertiesSymbols(doc, a.model);
}

export function getDefinition(doc: TextDocument, a: Analysis, position: Position): Location | null {
  return a.kind === 'users' ? usersDefinition(doc, a.model, a.evaluation, doc.offsetAt(position)) : null;
}

export function getReferences(doc: TextDocument, a: Analysis, position: Position, includeDeclaration: boolean): Location[] {
  return a.kind === 'users' ? usersReferences(doc, a.model, a.evaluation, doc.offsetAt(position), includeDeclaration) : [];
}

export function prepareRename(doc: TextDocument, a: Analysis, position: Position): { range: Range; placeholder: string } | null {
  return a.kind === 'users' ? usersPrepareRename(doc, a.model, a.evaluation, doc.offsetAt(position)) : null;
}

export function rename(doc: TextDocument, a: Analysis, position: Position, newName: string): { edits: TextEdit[] } | { error: string } | null {
  return a.kind === 'users' ? usersRename(doc, a.model, a.evaluation, doc.offsetAt(position), newName) : null;
}

/** Inlay hints after passwords, as `rudder.inlayHints` asks: only where login is impossible (default), all, or none. */
export function getInlayHints(doc: TextDocument, a: Analysis, range: Range, mode: Settings['inlayHints'] = 'problems'): InlayHint[] {
  if (a.kind !== 'users' || mode === 'off') return [];
  return usersInlayHints(doc, a.evaluation, { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) }, mode === 'problems');
}

export function getFoldingRanges(doc: TextDocument, a: Analysis): FoldingRange[] {
  return a.kind === 'users' ? usersFolding(doc, a.model) : [];
}

export { adminPasswordEntry, entryIdentity, findEntry, propertiesPlanPasswords, relocatePropertiesPlan } from './properties/features';

export { versionedEdit } from './fixAll';

export {
  bcryptVerified,
  findUser,
  HASH_PASSWORDS_KIND,
  HASH_SCOPES,
  passwordEdit,
  planEdits,
  planPasswords,
  relocatePlan,
  userAtOffset,
  userIdentity,
  userPasswordEdit,
  type CodeActionOptions,
  type HashPlan,
  type HashRequest,
} from './users/codeActions';
