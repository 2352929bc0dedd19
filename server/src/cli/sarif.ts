/**
 * `rudder-lint --format sarif`: SARIF 2.1.0 for code review (GitHub code scanning, VS Code's SARIF viewer…).
 * One run; the driver lists every rule; each diagnostic becomes a result with a 1-based region and a partial
 * fingerprint that survives unrelated edits. Nothing secret goes out: messages never quote a password, and the
 * fingerprint never depends on one.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { RULES, ruleDocUrl, type Severity } from '../service/rules';

declare const __SERVER_VERSION__: string | undefined;
/** Replaced by the bundler with package.json's version; the compiled tests see `dev`. */
const TOOL_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/rudder-tooling/rudder-security-config';
/** Base of the relative artifact URIs: the directory rudder-lint runs in. */
export const SRCROOT = '%SRCROOT%';
/** Key of the partial fingerprint in each result; a new recipe needs a new version. */
export const FINGERPRINT_KEY = 'rudderFinding/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
  message?: { text: string };
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    /** LSP characters are UTF-16 code units; SARIF's default would be Unicode code points. */
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

/** A file as rudder-lint reports it: its path (absolute, or relative to `cwd`) and its diagnostics. */
export interface LintedFile {
  path: string;
  diagnostics: readonly Diagnostic[];
}

const RULE_LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DIAGNOSTIC_LEVEL: Record<DiagnosticSeverity, SarifLevel> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

/**
 * The flagged range starts in a secret value: a `password` attribute, or a properties key naming a password,
 * secret or token. Such a value may be a plain-text password, and even its hash could be brute-forced offline.
 */
const IN_SECRET_VALUE = /(?:pass(?:word|wd)?|pwd?|secret|token|credentials?)["']?\s*[=:]\s*["']?[^"'\r\n]*$/i;

/** 0-based LSP range → 1-based SARIF region (both ends exclusive). */
function region(range: Range): SarifRegion {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** Relative to `cwd` under `%SRCROOT%` when the file is below it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): SarifArtifactLocation {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const below = relative !== '' && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..';
  return below ? { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT } : { uri: pathToFileURL(absolute).href };
}

/** The file was read by the linter just before; if it is gone since, fingerprints rely on rule, path and order. */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * sha256 of rule id, artifact URI, flagged text and the occurrence index among identical (rule id, text) pairs of
 * the file, in document order: no line number, so edits elsewhere keep it. A secret value is left out of the text.
 */
function fingerprints(uri: string, text: string, diagnostics: readonly Diagnostic[]): string[] {
  const doc = TextDocument.create(uri, 'plaintext', 0, text);
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const rule = String(d.code);
    const before = doc.getText({ start: { line: d.range.start.line, character: 0 }, end: d.range.start });
    const flagged = IN_SECRET_VALUE.test(before) ? '' : doc.getText(d.range);
    const key = `${rule}\0${flagged}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${uri}\0${occurrence}`).digest('hex');
  });
}

/** The SARIF log of one rudder-lint invocation run in `cwd`. */
export function toSarif(files: readonly LintedFile[], cwd: string): SarifLog {
  const rules = [...RULES.values()];
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap((f) => {
    const artifact = artifactLocation(f.path, cwd);
    const prints = fingerprints(artifact.uri, readText(path.resolve(cwd, f.path)), f.diagnostics);
    return f.diagnostics.map((d, i): SarifResult => {
      const ruleId = String(d.code);
      const index = ruleIndex.get(ruleId);
      return {
        ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: DIAGNOSTIC_LEVEL[d.severity ?? DiagnosticSeverity.Error],
        message: { text: typeof d.message === 'string' ? d.message : d.message.value },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(d.range) } }],
        ...(d.relatedInformation?.length
          ? { relatedLocations: d.relatedInformation.map((r) => ({ physicalLocation: { artifactLocation: artifact, region: region(r.location.range) }, message: { text: r.message } })) }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
      };
    });
  });
  const root = pathToFileURL(cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rudder-lint',
            version: TOOL_VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.summary }, helpUri: ruleDocUrl(r.id), defaultConfiguration: { level: RULE_LEVEL[r.severity] } })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
