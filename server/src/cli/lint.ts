/** `rudder-lint [lint]`: the language service on files, folders or standard input, for CI and code review. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { decodeFile, diskFiles, type FileAccess } from '../io/disk';
import { checkWellFormedBytes, type SyntaxProblem } from '../service/xml/wellFormed';
import { IoError, readRegularFileSync } from '../io/read';
import { analyze, getDiagnostics, parse, type DocumentContext } from '../service/languageService';
import { explainProperties } from '../service/properties/explain';
import { formatVersion } from '../service/rudder';
import type { FileKind } from '../service/rules';
import type { Settings } from '../service/settings';
import { explainUsers } from '../service/users/explain';
import { settingsOverConfig } from '../workspace/config';
import { DISK, siblingContext } from '../workspace/siblings';
import type { Command } from './commands';
import { fingerprints } from './fingerprint';
import { fixUsersFile } from './fix';
import { collect, Configs, kindOfFile, type Target } from './files';
import { FORMATS } from './formats';
import { EXIT, UsageError, type Io } from './io';
import { lintUsage, parseLintArgs, STDIN_PATH, type LintOptions } from './lintArgs';
import { relativeBelow, type LintedFile } from './report';
import { TOOL_VERSION } from './version';

export const lint: Command = {
  name: 'lint',
  summary: 'check files and folders (the default command)',
  run: runLint,
};

async function runLint(argv: string[], io: Io, commands: readonly Command[]): Promise<number> {
  const options = parseLintArgs(argv);
  if (options === 'help') {
    io.out(`${lintUsage(commands)}\n`);
    return EXIT.OK;
  }
  if (options === 'version') {
    io.out(`rudder-lint ${TOOL_VERSION}\n`);
    return EXIT.OK;
  }
  const format = options.format ?? (io.env.GITHUB_ACTIONS === 'true' && !options.explain ? 'github' : 'text');
  const configs = new Configs(DISK);
  const warned = new Set<string>();
  const siblings = diskFiles((e) => warned.has(e.message) || (warned.add(e.message), io.err(`rudder-lint: warning: sibling ${e.message}\n`)));
  const say = format === 'text' ? io.out : io.err;
  const files: LintedFile[] = [];
  const notChecked: string[] = [];
  let failed = false;
  const fail = (message: string) => {
    failed = true;
    io.err(`rudder-lint: ${message}\n`);
  };
  for (const p of options.paths) {
    if (p === STDIN_PATH) {
      const file = options.stdinFilename!;
      files.push(lintText({ file, kind: kindOfFile(file, configs) }, await io.stdin(), options, configs, io.cwd, siblings));
      continue;
    }
    try {
      for (const target of collect(p, configs, notChecked)) {
        const settings = settingsFor(target.file, options, configs);
        let text: string | undefined;
        let verdict: SyntaxProblem[] | undefined;
        let fixed: number | undefined;
        if (options.fix && target.kind === 'users') ({ text, fixed } = fixUsersFile(target.file, { ...options, settings, files: siblings }, say));
        if (text === undefined) {
          const bytes = readRegularFileSync(target.file, settings.maxFileSizeMB * 1024 * 1024 * READ_LIMIT_FACTOR);
          const checked = target.kind === 'users' ? checkWellFormedBytes(bytes) : undefined;
          text = checked ? checked.text : decodeFile(target.file, bytes);
          verdict = checked?.problems;
        }
        files.push({ ...lintText(target, text, options, configs, io.cwd, siblings, verdict), ...(fixed === undefined ? {} : { fixed }) });
      }
    } catch (e) {
      if (e instanceof UsageError || e instanceof IoError) fail(e.message);
      else {
        const err = e as NodeJS.ErrnoException;
        fail(`${err.path ?? p}: ${err.code ?? ''} ${err.message.replace(/^[A-Z]+: /, '')}`.trim());
      }
    }
  }
  for (const file of notChecked) io.err(`rudder-lint: ${file}: read as HOCON: only its key = value lines are checked, through rudder-web.properties\n`);
  for (const c of configs.all()) for (const problem of c.problems) fail(problem);
  const shown = options.quiet ? files.map((f) => ({ ...f, reports: f.reports.filter((r) => r.diagnostic.severity === DiagnosticSeverity.Error) })) : files;
  io.out(FORMATS[format](shown, { cwd: io.cwd, explain: options.explain, env: io.env }));
  if (failed) return EXIT.USAGE;
  const count = (severity: DiagnosticSeverity) => files.reduce((n, f) => n + f.reports.filter((r) => r.diagnostic.severity === severity).length, 0);
  if (count(DiagnosticSeverity.Error) > 0) return EXIT.FOUND;
  const warnings = count(DiagnosticSeverity.Warning);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.err(`rudder-lint: ${warnings} warning(s), more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT.FOUND;
  }
  return EXIT.OK;
}

/** Files over the size limit still get the cheap checks, up to this many times the limit; larger ones are refused. */
const READ_LIMIT_FACTOR = 8;

/** Defaults, then the file's configuration, then the command line. */
function settingsFor(file: string, options: LintOptions, configs: Configs): Settings {
  return settingsOverConfig({ rudderVersion: options.rudderVersion, rules: options.rules, maxFileSizeMB: options.maxFileSizeMB }, configs.forFile(file));
}

/** What the file gets from its siblings (an override file: the merged configuration, `siblingContext`). */
function contextFor(file: string, kind: FileKind, settings: Settings, analysisModel: ReturnType<typeof parse>, files: FileAccess): DocumentContext {
  return siblingContext(path.resolve(file), kind, settings, files, analysisModel.kind === 'users' ? analysisModel : undefined);
}

/** `verdict`: the well-formedness of the file's bytes, when it was read from disk (the declared encoding applies). */
function analyzeText(file: string, kind: FileKind, text: string, settings: Settings, files: FileAccess, verdict?: SyntaxProblem[]) {
  const doc = TextDocument.create(pathToFileURL(path.resolve(file)).toString(), kind === 'users' ? 'xml' : 'properties', 0, text);
  const model = parse(text, kind, settings.maxFileSizeMB, verdict);
  return { doc, a: analyze(model, settings, contextFor(file, kind, settings, model, files)) };
}

function lintText(target: Target, text: string, options: LintOptions, configs: Configs, cwd: string, files: FileAccess, verdict?: SyntaxProblem[]): LintedFile {
  const settings = settingsFor(target.file, options, configs);
  const { doc, a } = analyzeText(target.file, target.kind, text, settings, files, verdict);
  const diagnostics: Diagnostic[] = getDiagnostics(doc, a, settings);
  const prints = fingerprints(relativeBelow(target.file, cwd) ?? path.resolve(cwd, target.file), doc, a, diagnostics);
  const model = !options.explain ? undefined : a.kind === 'users' ? explainUsers(a.evaluation) : explainProperties(a.evaluation, path.basename(target.file));
  return {
    path: target.file,
    kind: target.kind,
    rudderVersion: formatVersion(a.evaluation.version.version),
    reports: diagnostics.map((diagnostic, i) => ({ diagnostic, fingerprint: prints[i] })),
    ...(model ? { model } : {}),
  };
}
