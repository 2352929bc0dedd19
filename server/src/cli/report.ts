/** What `lint` hands the formats: per file, its diagnostics with their fingerprints, and the `--explain` model. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ExplainedProperties } from '../service/properties/explain';
import type { FileKind, Severity } from '../service/rules';
import type { ExplainedUsers } from '../service/users/explain';

export interface Report {
  diagnostic: Diagnostic;
  /** Stable identity of the finding, from the model only (see `fingerprint.ts`): 64 hex digits. */
  fingerprint: string;
}

export interface LintedFile {
  /** As given on the command line (or joined to the folder given), or the --stdin-filename. */
  path: string;
  kind: FileKind;
  rudderVersion: string;
  reports: Report[];
  model?: ExplainedUsers | ExplainedProperties;
  /** Passwords hashed by --fix. */
  fixed?: number;
}

export interface FormatContext {
  /** The directory rudder-lint runs in: the base of relative paths. */
  cwd: string;
  explain: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export const SEVERITY_NAME: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityOf(d: Diagnostic): Severity {
  return SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error];
}

export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
}

/** `file` relative to `base` with forward slashes when it is below it, else undefined. */
export function relativeBelow(file: string, base: string): string | undefined {
  const relative = path.relative(base, path.resolve(base, file));
  const below = relative !== '' && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..';
  return below ? relative.split(path.sep).join('/') : undefined;
}

/** The path CI systems want: relative to `base` (the repository) when below it, else absolute. */
export function reportPath(file: string, base: string): string {
  return relativeBelow(file, base) ?? path.resolve(base, file);
}

export function fileUri(file: string, base: string): string {
  return pathToFileURL(path.resolve(base, file)).href;
}
