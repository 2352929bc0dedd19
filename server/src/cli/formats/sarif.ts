/**
 * `--format sarif`: SARIF 2.1.0 for code review (GitHub code scanning, VS Code's SARIF viewer…). One run; the
 * driver lists every rule with its documentation (`help`, from docs/rules.md), the `security` tag and a
 * `security-severity`, so that GitHub files the results as security alerts; each diagnostic becomes a result
 * with a 1-based region and the model-derived fingerprint of `fingerprint.ts`. Nothing secret goes out: messages
 * never quote a password, and no fingerprint depends on file text.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { RULES, ruleDocUrl, type Severity } from '../../service/rules';
import { FINGERPRINT_VERSION } from '../fingerprint';
import { fileUri, messageOf, relativeBelow, severityOf, type FormatContext, type LintedFile } from '../report';
import { ruleHelp } from '../ruleDocs';
import { TOOL_VERSION } from '../version';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/rudder-tooling/rudder-security-config';
/** Base of the relative artifact URIs: the directory rudder-lint runs in. */
export const SRCROOT = '%SRCROOT%';
/**
 * GitHub's upload-sarif computes this partial fingerprint from the text of the flagged line when a result lacks
 * it: for a line holding a plain-text password, that is a hash of the password. We always give it.
 */
export const GITHUB_LINE_HASH = 'primaryLocationLineHash';

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
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  fingerprints: Record<string, string>;
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

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
/**
 * GitHub's scale: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, below low. From the rule's default severity:
 * an error means Rudder rejects the file, locks users out or a secret is readable; a warning weak or risky.
 */
export const SECURITY_SEVERITY: Record<Severity, number> = { error: 8, warning: 5, information: 2, hint: 1 };

/** 0-based LSP range → 1-based SARIF region (both ends exclusive). */
function region(range: Range): SarifRegion {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** Relative to `cwd` under `%SRCROOT%` when the file is below it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): SarifArtifactLocation {
  const relative = relativeBelow(file, cwd);
  return relative !== undefined ? { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT } : { uri: fileUri(file, cwd) };
}

export function toSarif(files: readonly LintedFile[], cwd: string): SarifLog {
  const rules = [...RULES.values()];
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  const results = files.flatMap((f) => {
    const artifact = artifactLocation(f.path, cwd);
    return f.reports.map(({ diagnostic: d, fingerprint }): SarifResult => {
      const ruleId = String(d.code);
      const index = ruleIndex.get(ruleId);
      return {
        ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[severityOf(d)],
        message: { text: messageOf(d) },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(d.range) } }],
        ...(d.relatedInformation?.length
          ? { relatedLocations: d.relatedInformation.map((r) => ({ physicalLocation: { artifactLocation: artifact, region: region(r.location.range) }, message: { text: r.message } })) }
          : {}),
        fingerprints: { [FINGERPRINT_VERSION]: fingerprint },
        partialFingerprints: { [FINGERPRINT_VERSION]: fingerprint, [GITHUB_LINE_HASH]: fingerprint },
      };
    });
  });
  const root = pathToFileURL(path.resolve(cwd)).href;
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
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              help: ruleHelp(r),
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY[r.severity].toFixed(1) },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function sarif(files: readonly LintedFile[], context: FormatContext): string {
  return `${JSON.stringify(toSarif(files, context.cwd), null, 2)}\n`;
}
