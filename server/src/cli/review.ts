/**
 * `rudder-lint diff` and `rudder-lint upgrade`: what a change, or an upgrade, does to who can log in with which
 * rights. Both compare two access models (service/review/) built from a folder's users and properties files the
 * way `lint` reads them (siblings included); the old side of `diff --git REV` is read through `git show`. Both
 * read the configuration `lint` reads (the nearest `.rudder-lint.json` above the new side, in the work tree):
 * its version (under --rudder-version / --from) and its rules.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { diffToText } from '../service/review/render';
import { isKnownRelease, KNOWN_VERSIONS } from '../service/rudder';
import type { Settings } from '../service/settings';
import { settingsOverConfig } from '../workspace/config';
import { compareSides, fileSide, folderSide, upgradeReport, upgradeToMarkdown, versionFor, type Side, type UpgradeReport } from '../workspace/review';
import { DISK, USERS_FILE_NAME, type FileAccess } from '../workspace/siblings';
import { Configs, kindOfFile } from './files';
import { UsageError } from './io';
import { parseMaxFileSize } from './lintArgs';

export const DIFF_USAGE = `Usage: rudder-lint diff [options] OLD NEW
       rudder-lint diff [options] --git REV [PATH]

What a change does to access: users added and removed, rights gained and lost, login gained and lost,
passwords changed (never shown), custom roles, effective properties, new and fixed findings.
OLD and NEW are two files of one kind or two folders; with --git, PATH (default .) in the work tree is
compared with the same files at revision REV.

  --format text|json|markdown   output (default: text); markdown is a merge-request comment
  --rudder-version X.Y          check both sides against this version (default: the "version" of the
                                .rudder-lint.json above NEW, else inferred from NEW)
  --fail-on escalation          exit 1 when the change gains rights, makes an admin or restores a login
  --max-file-size MB            files larger than this are not read (default: the "maxFileSizeMB" of the
                                .rudder-lint.json above NEW, else 5)
  -h, --help                    show this help`;

export const UPGRADE_USAGE = `Usage: rudder-lint upgrade [--from X.Y] --to X.Y [--format text|json|markdown] [--max-file-size MB] [PATH]

What an upgrade does to access, from the same files: the model Rudder X.Y loads now against the one Rudder
X.Y' loads after its start-up rewrite of rudder-users.xml, with what to do before upgrading. --from is
the "version" of the .rudder-lint.json above PATH when omitted, else inferred from the files. PATH
(default .) is a folder or a rudder-users.xml. The configuration's "rules" set the findings' severities;
files over --max-file-size MB (default: the configuration's "maxFileSizeMB", else 5) are not read.`;

/** A folder's two files, or one named file (its kind as `lint` decides it; its sibling from its folder). */
function sideOf(p: string, access: FileAccess, isDir: boolean, configs: Configs): Side {
  return isDir ? folderSide(p, access) : fileSide(p, kindOfFile(p, configs), access);
}

/**
 * The settings of a review of `p` (a folder or a file): its configuration's version, size limit and rules, the
 * flags `version` and `maxFileSizeMB` over them. A configuration with problems is a usage error, as in `lint`.
 */
function reviewSettings(p: string, isDir: boolean, version: string | undefined, maxFileSizeMB: number | undefined, configs: Configs): Settings {
  const found = configs.forFile(isDir ? path.join(p, USERS_FILE_NAME) : p);
  if (found?.problems.length) throw new ConfigError(found.problems.join('\nrudder-lint: '));
  return settingsOverConfig({ rudderVersion: version, maxFileSizeMB }, found);
}

/** Files of `rev` through git: `read` is `git show REV:path`, `list` is `git ls-tree`. */
function gitAccess(rev: string, root: string): FileAccess {
  const rel = (file: string) => path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    read(file) {
      const r = git(['show', `${rev}:${rel(file)}`]);
      return r.status === 0 ? r.stdout : undefined;
    },
    list(dir) {
      const r = git(['ls-tree', '--name-only', `${rev}:${rel(dir)}`]);
      return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : undefined;
    },
  };
}

function gitRoot(dir: string): string {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new UsageError(`${dir}: not inside a git work tree`);
  return r.stdout.trim();
}

function checkVersion(v: string | undefined, flag: string): string | undefined {
  if (v !== undefined && !isKnownRelease(v)) throw new UsageError(`${flag} must be one of ${KNOWN_VERSIONS.join(', ')}, not '${v}'`);
  return v;
}

function format(value: string | undefined): 'text' | 'json' | 'markdown' {
  if (value === undefined || value === 'text' || value === 'json' || value === 'markdown') return value ?? 'text';
  throw new UsageError(`--format must be text, json or markdown, not '${value}'`);
}

function print({ diff: d, rewrite }: UpgradeReport, fmt: 'text' | 'json' | 'markdown', write: (s: string) => void, title: string): void {
  if (fmt === 'json') write(`${JSON.stringify(rewrite ? { ...d, rewrite: { changes: rewrite.changes, reserialised: rewrite.reserialised, patch: rewrite.patch } } : d, null, 2)}\n`);
  else if (fmt === 'markdown') write(upgradeToMarkdown({ diff: d, rewrite }, title));
  else write(diffToText(d) + (rewrite ? `start-up rewrite of rudder-users.xml${rewrite.reserialised ? ' (the whole file is re-serialised too)' : ''}:\n${rewrite.patch}` : ''));
}

/** What is wrong with a configuration file: said without the usage text, exit 2. */
class ConfigError extends UsageError {}

type Io = { write: (s: string) => void; writeErr: (s: string) => void };

function run(usage: string, io: Io, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw e;
    io.writeErr(e instanceof ConfigError ? `rudder-lint: ${e.message}\n` : `rudder-lint: ${e.message}\n\n${usage}\n`);
    return 2;
  }
}

export function diffCommand(argv: string[], io: Io): number {
  return run(DIFF_USAGE, io, () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, 'rudder-version': { type: 'string' }, 'fail-on': { type: 'string' }, git: { type: 'string' }, 'max-file-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.write(`${DIFF_USAGE}\n`);
      return 0;
    }
    const fmt = format(values.format);
    if (values['fail-on'] !== undefined && values['fail-on'] !== 'escalation') throw new UsageError(`--fail-on takes escalation, not '${values['fail-on']}'`);
    const version = checkVersion(values['rudder-version'], '--rudder-version');
    const maxFileSizeMB = parseMaxFileSize(values['max-file-size'], '--max-file-size');
    const configs = new Configs(DISK);
    let before: Side;
    let after: Side;
    let configured: Settings;
    if (values.git !== undefined) {
      if (positionals.length > 1) throw new UsageError('--git takes at most one PATH');
      const p = positionals[0] ?? '.';
      const isDir = fs.statSync(p).isDirectory();
      configured = reviewSettings(p, isDir, version, maxFileSizeMB, configs);
      before = sideOf(p, gitAccess(values.git, gitRoot(isDir ? p : path.dirname(p))), isDir, configs);
      after = sideOf(p, DISK, isDir, configs);
    } else {
      if (positionals.length !== 2) throw new UsageError('give OLD and NEW, or --git REV');
      const [oldPath, newPath] = positionals;
      const oldDir = fs.statSync(oldPath).isDirectory();
      if (oldDir !== fs.statSync(newPath).isDirectory()) throw new UsageError('OLD and NEW must both be files or both be folders');
      configured = reviewSettings(newPath, oldDir, version, maxFileSizeMB, configs);
      before = sideOf(oldPath, DISK, oldDir, configs);
      after = sideOf(newPath, DISK, oldDir, configs);
    }
    const settings = { ...configured, rudderVersion: versionFor(configured.rudderVersion, after, configured.maxFileSizeMB) };
    const d = compareSides(before, after, settings);
    print({ diff: d }, fmt, io.write, 'Rudder access review');
    return values['fail-on'] === 'escalation' && d.escalations > 0 ? 1 : 0;
  });
}

export function upgradeCommand(argv: string[], io: Io): number {
  return run(UPGRADE_USAGE, io, () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, 'max-file-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.write(`${UPGRADE_USAGE}\n`);
      return 0;
    }
    const fmt = format(values.format);
    const to = checkVersion(values.to, '--to');
    if (!to) throw new UsageError('--to X.Y is required');
    if (positionals.length > 1) throw new UsageError('give at most one PATH');
    const p = positionals[0] ?? '.';
    const isDir = fs.statSync(p).isDirectory();
    const configs = new Configs(DISK);
    const settings = reviewSettings(p, isDir, checkVersion(values.from, '--from'), parseMaxFileSize(values['max-file-size'], '--max-file-size'), configs);
    const side = sideOf(p, DISK, isDir, configs);
    const from = versionFor(settings.rudderVersion, side, settings.maxFileSizeMB);
    print(upgradeReport(side, from, to, settings), fmt, io.write, `Upgrade from Rudder ${from} to ${to}`);
    return 0;
  });
}
