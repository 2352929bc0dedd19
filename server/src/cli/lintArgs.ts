/**
 * The command line of `rudder-lint [lint]`, parsed with `node:util` `parseArgs`: it gives `--opt=value`, `--`,
 * `-` as a positional, repeatable options and clear messages for unknown or value-less options, with nothing to
 * bundle.
 */
import { parseArgs } from 'node:util';
import { KNOWN_VERSIONS } from '../service/rudder';
import { isRuleId, isRuleLevel, RULE_LEVELS, type RuleId, type RuleLevel } from '../service/rules';
import type { Command } from './commands';
import { ONE_VERIFIER_RELEASES } from './fix';
import { FORMAT_NAMES, type FormatName } from './formats';
import { UsageError } from './io';

export interface LintOptions {
  /** `auto` or a known `X.Y`; undefined when not given (the configuration file, else `auto`, decides). */
  rudderVersion?: string;
  /** Undefined when not given: `github` on GitHub Actions, else `text`. */
  format?: FormatName;
  explain: boolean;
  fix: boolean;
  /** With `fix`: print the change as a masked diff, write nothing. */
  dryRun: boolean;
  /** With `fix`, where one verifier serves the whole file: set hash="bcrypt" anyway. */
  switchHash: boolean;
  maxWarnings?: number;
  /** `--max-file-size MB`; undefined when not given (the configuration file, else 5, decides). */
  maxFileSizeMB?: number;
  quiet: boolean;
  /** `--rule id=severity`, later ones winning. */
  rules: Partial<Record<RuleId, RuleLevel>>;
  /** For the `-` path: the file the text on standard input is linted as. */
  stdinFilename?: string;
  paths: string[];
}

/** `-`: lint standard input. */
export const STDIN_PATH = '-';

const OPTIONS = {
  'rudder-version': { type: 'string' },
  format: { type: 'string', short: 'f' },
  explain: { type: 'boolean' },
  fix: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'switch-hash': { type: 'boolean' },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  rule: { type: 'string', multiple: true },
  'stdin-filename': { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Formats `--explain` adds to. */
const EXPLAINABLE: readonly FormatName[] = ['text', 'json'];

export function lintUsage(commands: readonly Command[]): string {
  const others = commands.slice(1);
  return `Usage: rudder-lint [OPTION]... PATH...
       rudder-lint - --stdin-filename FILE   (lint standard input as if it were FILE)
${others.map((c) => `       rudder-lint ${c.name} ...`).join('\n')}${others.length ? '\n' : ''}
Checks Rudder's rudder-users.xml and rudder-web.properties. PATH is a file or a folder; folders are
searched for rudder-users.xml, rudder-web.properties, rudder-web.properties.d/*.properties and the
files of the configuration's "files" globs. A PATH starting with - goes after --, one named like a
command as ./NAME.

  --rudder-version X.Y  check against this Rudder version (${KNOWN_VERSIONS.join(', ')};
                        default: the configuration's "version", else auto: inferred per file)
  -f, --format NAME     ${FORMAT_NAMES.join(', ')} (default: text; github when GITHUB_ACTIONS=true)
  -q, --quiet           report errors only
  --max-warnings N      also exit 1 when there are more than N warnings
  --rule ID=SEVERITY    set a rule's severity (off, hint, information, warning, error); repeatable
  --max-file-size MB    files larger than this get only the cheap checks (default: the
                        configuration's "maxFileSizeMB", else 5)
  --explain             also print what Rudder will load (users, rights, custom roles; effective
                        properties with their source); text and json only
  --fix                 hash every plain-text password of the users files in place with bcrypt
                        (cost: rudder.bcrypt.cost of the sibling rudder-web.properties, else 12)
  --dry-run             with --fix: print what would change as a diff (passwords masked), write nothing
  --switch-hash         with --fix, for ${ONE_VERIFIER_RELEASES}: set hash="bcrypt" when the file's hash is another
                        algorithm (it names the users whose passwords would stop working)
  --stdin-filename FILE with the PATH -: the name, kind, folder (sibling files) and configuration
                        of the text read from standard input
  -v, --version         print rudder-lint's version
  -h, --help            show this help
${others.length ? `\nCommands:\n${others.map((c) => `  ${c.name.padEnd(20)}  ${c.summary}`).join('\n')}\n` : ''}
Configuration: the nearest .rudder-lint.json (or "rudder-lint" in a package.json) above each file:
{"version": "X.Y", "rules": {"ID": "SEVERITY"}, "files": {"users": [GLOB], "properties": [GLOB]},
 "maxFileSizeMB": MB};
command-line options win over it.

Exit status: 0 no error found, 1 an error-severity diagnostic (or more warnings than --max-warnings),
2 usage, configuration or I/O error. A closed output pipe (| head) ends quietly with status 0.`;
}

/** A `--max-file-size` value: a number of megabytes greater than 0; undefined when not given; throws `UsageError`. */
export function parseMaxFileSize(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const mb = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(mb > 0)) throw new UsageError(`${flag} needs a number of megabytes greater than 0, not '${value}'`);
  return mb;
}

/** The options, `help` or `version`; throws `UsageError`. */
export function parseLintArgs(argv: string[]): LintOptions | 'help' | 'version' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals: paths } = parsed;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const version = v['rudder-version'];
  if (version !== undefined && version !== 'auto' && !(KNOWN_VERSIONS as readonly string[]).includes(version)) {
    throw new UsageError(`--rudder-version: unknown Rudder version '${version}' (known: ${KNOWN_VERSIONS.join(', ')}, or auto)`);
  }
  const format = v.format;
  if (format !== undefined && !(FORMAT_NAMES as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, not '${format}'`);
  const maxWarnings = v['max-warnings'];
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) throw new UsageError(`--max-warnings needs a number of warnings (0 or more), not '${maxWarnings}'`);
  const maxFileSizeMB = parseMaxFileSize(v['max-file-size'], '--max-file-size');
  const rules: Partial<Record<RuleId, RuleLevel>> = {};
  for (const r of v.rule ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(r);
    if (!m) throw new UsageError(`--rule needs ID=SEVERITY, not '${r}'`);
    const [id, level] = [m[1].trim(), m[2].trim()];
    if (!isRuleId(id)) throw new UsageError(`--rule: unknown rule '${id}' (the rules are listed in docs/rules.md)`);
    if (!isRuleLevel(level)) throw new UsageError(`--rule ${id}: the severity must be one of ${RULE_LEVELS.join(', ')}, not '${level}'`);
    rules[id] = level;
  }
  if (paths.length === 0) throw new UsageError('no PATH given');
  const stdin = paths.filter((p) => p === STDIN_PATH).length;
  if (stdin > 1) throw new UsageError('- (standard input) can be given only once');
  const stdinFilename = v['stdin-filename'];
  if (stdin && stdinFilename === undefined) throw new UsageError('- needs --stdin-filename FILE: the file name decides the kind of file, its folder the sibling files');
  if (!stdin && stdinFilename !== undefined) throw new UsageError('--stdin-filename applies only to the PATH - (standard input)');
  if (stdin && v.fix) throw new UsageError('--fix writes files in place: it does not apply to standard input');
  if ((v['dry-run'] || v['switch-hash']) && !v.fix) throw new UsageError('--dry-run and --switch-hash go with --fix');
  if (v.explain && format !== undefined && !EXPLAINABLE.includes(format as FormatName)) throw new UsageError(`--explain does not apply to --format ${format}`);
  return {
    rudderVersion: version,
    format: format as FormatName | undefined,
    explain: v.explain ?? false,
    fix: v.fix ?? false,
    dryRun: v['dry-run'] ?? false,
    switchHash: v['switch-hash'] ?? false,
    maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
    maxFileSizeMB,
    quiet: v.quiet ?? false,
    rules,
    stdinFilename,
    paths,
  };
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}
