/**
 * `rudder-lint`: the language service on files and folders, for CI and code review.
 * Exit codes: 0 no error-severity diagnostic, 1 at least one, 2 usage or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { hashPassword } from '../hashing/hash';
import { analyze, bcryptCostFor, getCodeActions, getDiagnostics, HASH_PASSWORDS_KIND, kindFromPath, parse, planEdits, planPasswords, type HashPlan } from '../service/languageService';
import { explainProperties, type ExplainedProperties } from '../service/properties/explain';
import { KNOWN_VERSIONS, formatVersion, parseVersion } from '../service/rudder';
import type { FileKind } from '../service/rules';
import { normalizeSettings, type Settings } from '../service/settings';
import { explainUsers, type ExplainedUsers } from '../service/users/explain';
import { DISK, siblingContext } from '../workspace/siblings';
import { diffCommand, upgradeCommand } from './review';
import { toSarif } from './sarif';

const USAGE = `Usage: rudder-lint [--rudder-version X.Y] [--format text|json|sarif] [--explain] [--fix] PATH...

Checks Rudder's rudder-users.xml and rudder-web.properties. PATH is a file or a folder
(folders are searched for rudder-users.xml and rudder-web.properties).

  --rudder-version X.Y  check against this Rudder version (default: auto, inferred per file)
  --format text|json|sarif
                        output format (default: text); sarif is SARIF 2.1.0 for code review
  --explain             also print what Rudder will load (users, rights, custom roles;
                        effective properties with their source); not with --format sarif
  --fix                 hash every plain-text password of the users files in place with bcrypt
                        (cost: rudder.bcrypt.cost of the sibling rudder-web.properties, else 12)
  -h, --help            show this help

Exit status: 0 no error found, 1 an error-severity diagnostic was found, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  settings: Settings;
  format: 'text' | 'json' | 'sarif';
  explain: boolean;
  fix: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Options | 'help' {
  let version = 'auto';
  let format: Options['format'] = 'text';
  let explain = false;
  let fix = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--rudder-version') {
      version = value();
      if (version !== 'auto' && !parseVersion(version)) throw new UsageError(`--rudder-version must be X.Y (e.g. ${KNOWN_VERSIONS.join(', ')}) or auto, not '${version}'`);
    } else if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${f}'`);
      format = f;
    } else if (flag === '--explain') explain = true;
    else if (flag === '--fix') fix = true;
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else paths.push(a);
  }
  if (paths.length === 0) throw new UsageError('no PATH given');
  if (explain && format === 'sarif') throw new UsageError('--explain does not apply to --format sarif');
  return { settings: normalizeSettings({ rudderVersion: version }), format, explain, fix, paths };
}

/** Kind of an explicitly named file: Rudder's names first, then the extension. */
function kindOfFile(file: string): FileKind | undefined {
  const base = path.basename(file);
  return kindFromPath(base) ?? (/\.properties/i.test(base) ? 'properties' : /\.xml$/i.test(base) ? 'users' : undefined);
}

function collect(p: string, out: { file: string; kind: FileKind }[]): void {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(p, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') collect(child, out);
      } else {
        const kind = kindFromPath(entry.name);
        if (kind) out.push({ file: child, kind });
      }
    }
    return;
  }
  const kind = kindOfFile(p);
  if (!kind) throw new UsageError(`${p}: not a rudder-users.xml (.xml) or rudder-web.properties (.properties) file`);
  out.push({ file: p, kind });
}

const SEVERITY_NAME: Record<DiagnosticSeverity, 'error' | 'warning' | 'information' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface FileResult {
  path: string;
  kind: FileKind;
  rudderVersion?: string;
  diagnostics: Diagnostic[];
  model?: ExplainedUsers | ExplainedProperties;
  /** Passwords hashed by --fix. */
  fixed?: number;
}

function analyzeFile(file: string, kind: FileKind, text: string, settings: Settings) {
  const doc = TextDocument.create(pathToFileURL(path.resolve(file)).toString(), kind === 'users' ? 'xml' : 'properties', 0, text);
  const model = parse(text, kind, settings.maxFileSizeMB);
  const context = siblingContext(path.resolve(file), kind, settings, DISK, model.kind === 'users' ? model : undefined);
  return { doc, a: analyze(model, settings, context), context };
}

/** --fix: hash every plain-text password of a users file in place (bcrypt at the sibling or default cost). */
function fixFile(file: string, text: string, settings: Settings): { text: string; fixed: number } {
  const { doc, a, context } = analyzeFile(file, 'users', text, settings);
  const [action] = getCodeActions(doc, a, { start: doc.positionAt(0), end: doc.positionAt(0) }, [], {
    bcryptCost: bcryptCostFor(settings, context),
    setPasswordCommand: false,
    only: [HASH_PASSWORDS_KIND],
  });
  const plan = action?.data as HashPlan | undefined;
  if (!plan) return { text, fixed: 0 };
  const hashes = planPasswords(text, plan).map((p) => hashPassword(plan.algorithm, p, plan.cost));
  const edits = planEdits(plan, hashes).sort((x, y) => y.range.start - x.range.start);
  const fixedText = edits.reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
  fs.writeFileSync(file, fixedText);
  return { text: fixedText, fixed: plan.targets.length };
}

function lintFile(file: string, kind: FileKind, options: Options): FileResult {
  let text = fs.readFileSync(file, 'utf8');
  let fixed: number | undefined;
  if (options.fix && kind === 'users') ({ text, fixed } = fixFile(file, text, options.settings));
  const { doc, a } = analyzeFile(file, kind, text, options.settings);
  const model = !options.explain ? undefined : a.kind === 'users' ? explainUsers(a.evaluation) : explainProperties(a.evaluation, path.basename(file));
  return {
    path: file,
    kind,
    rudderVersion: formatVersion(a.evaluation.version.version),
    diagnostics: getDiagnostics(doc, a, options.settings),
    model,
    fixed,
  };
}

function printText(results: FileResult[], explain: boolean, write: (s: string) => void): void {
  for (const r of results) {
    for (const d of r.diagnostics) {
      write(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error]} ${d.code}: ${d.message}\n`);
    }
    if (r.fixed) write(`${r.path}: hashed ${r.fixed} plain-text password(s) with bcrypt\n`);
    if (explain && r.model && 'properties' in r.model) {
      write(`${r.path}: effective values for Rudder ${r.rudderVersion}\n`);
      for (const p of r.model.properties) write(`  ${p.key} = ${p.value}  (${p.source}${p.line ? `:${p.line}` : ''})\n`);
    } else if (explain && r.model && 'users' in r.model) {
      write(`${r.path}: Rudder ${r.rudderVersion} loads ${r.model.users.length} user(s) and ${r.model.customRoles.filter((c) => c.valid).length} custom role(s)\n`);
      for (const u of r.model.users) {
        write(`  user ${JSON.stringify(u.name)}: ${u.rights.join(',') || 'no rights'}; password ${u.passwordKind}, login ${u.loginPossible ? 'possible' : 'impossible'}\n`);
      }
      for (const c of r.model.customRoles) write(`  role ${JSON.stringify(c.name)}: ${c.valid ? c.rights.join(',') || 'no rights' : 'dropped'}\n`);
    }
  }
}

function toJson(results: FileResult[]): unknown {
  return {
    files: results.map((r) => ({
      path: r.path,
      kind: r.kind,
      rudderVersion: r.rudderVersion,
      diagnostics: r.diagnostics.map((d) => ({
        code: d.code,
        severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error],
        message: d.message,
        range: d.range,
        ...(d.data ? { data: d.data } : {}),
      })),
      ...(r.model ? { model: r.model } : {}),
    })),
  };
}

export function main(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): number {
  if (argv[0] === 'diff') return diffCommand(argv.slice(1), { write, writeErr });
  if (argv[0] === 'upgrade') return upgradeCommand(argv.slice(1), { write, writeErr });
  let options: Options | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeErr(`rudder-lint: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    write(`${USAGE}\n`);
    return 0;
  }
  const results: FileResult[] = [];
  let ioError = false;
  for (const p of options.paths) {
    const files: { file: string; kind: FileKind }[] = [];
    try {
      collect(p, files);
      if (files.length === 0) throw new UsageError(`${p}: no rudder-users.xml or rudder-web.properties found`);
      for (const f of files) results.push(lintFile(f.file, f.kind, options));
    } catch (e) {
      ioError = true;
      const err = e as NodeJS.ErrnoException;
      writeErr(`rudder-lint: ${e instanceof UsageError ? e.message : `${err.path ?? p}: ${err.code ?? ''} ${err.message.replace(/^[A-Z]+: /, '')}`.trim()}\n`);
    }
  }
  if (options.format === 'json') write(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (options.format === 'sarif') write(`${JSON.stringify(toSarif(results, process.cwd()), null, 2)}\n`);
  else printText(results, options.explain, write);
  if (ioError) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}
