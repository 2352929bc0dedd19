/**
 * The two sides of a review, read from files: a users file and its sibling properties (or a properties file and
 * its sibling users file) become an access model the way `lint` reads them, siblings included. Shared by
 * `rudder-lint diff` / `upgrade` (files from the disk or git) and the language server's views (open documents
 * first). File access is injected, as in `siblings.ts`: no I/O of its own.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { analyze, effectiveSeverity, parse } from '../service/languageService';
import { accessModel, type AccessModel } from '../service/review/access';
import { diffAccess, type AccessDiff } from '../service/review/diff';
import { diffToMarkdown } from '../service/review/render';
import { rewriteAtStartup, upgradeAdvice, type RewrittenUsers } from '../service/review/upgrade';
import { formatVersion, resolveVersion } from '../service/rudder';
import type { FileKind } from '../service/rules';
import { normalizeSettings, type Settings } from '../service/settings';
import type { UsersModel } from '../service/users/model';
import { OVERRIDE_DIR_NAME, PROPERTIES_FILE_NAME, siblingContext, USERS_FILE_NAME, type AsyncFileAccess, type FileAccess } from './siblings';

export interface Side {
  users?: string;
  properties?: string;
  access: FileAccess;
  /** Replaces the users file's text (the rewritten file of an upgrade). */
  usersText?: string;
}

/** A folder's two files. */
export function folderSide(dir: string, access: FileAccess): Side {
  return { users: path.join(dir, USERS_FILE_NAME), properties: path.join(dir, PROPERTIES_FILE_NAME), access };
}

/** A named file of `kind`, with its sibling from its folder. */
export function fileSide(file: string, kind: FileKind, access: FileAccess): Side {
  const dir = path.dirname(file);
  return kind === 'users' ? { users: file, properties: path.join(dir, PROPERTIES_FILE_NAME), access } : { properties: file, users: path.join(dir, USERS_FILE_NAME), access };
}

/**
 * What a review reads in `dirs` (the two files and the `.d` folder of each), read concurrently without blocking,
 * as a file access over those texts: the server's way to give a review its files.
 */
export async function readFolders(dirs: string[], files: AsyncFileAccess): Promise<FileAccess> {
  const lists = new Map(await Promise.all(dirs.map(async (dir) => [path.join(dir, OVERRIDE_DIR_NAME), await files.list(path.join(dir, OVERRIDE_DIR_NAME))] as const)));
  const wanted = [...dirs.flatMap((dir) => [path.join(dir, USERS_FILE_NAME), path.join(dir, PROPERTIES_FILE_NAME)]), ...[...lists].flatMap(([d, names]) => (names ?? []).map((n) => path.join(d, n)))];
  const texts = new Map(await Promise.all(wanted.map(async (f) => [f, await files.read(f)] as const)));
  return { read: (f) => texts.get(f), list: (d) => lists.get(d) };
}

/** `access` with `file` read as `text` (an old version of one file, its siblings as they are). */
export function withText(access: FileAccess, file: string, text: string): FileAccess {
  return { read: (f) => (f === file ? text : access.read(f)), list: (d) => access.list(d) };
}

/** `side`'s users file, parsed as `rudder.maxFileSizeMB` allows (over it, an empty model marked `oversize`). */
export function usersModelOf(side: Side, maxFileSizeMB: number): UsersModel | undefined {
  const text = side.usersText ?? (side.users ? side.access.read(side.users) : undefined);
  return text === undefined ? undefined : (parse(text, 'users', maxFileSizeMB) as UsersModel);
}

/** The version both sides are read with: `setting` (`auto` or `X.Y`), `auto` inferred from `side`'s users file. */
export function versionFor(setting: string, side: Side, maxFileSizeMB: number): string {
  return formatVersion(resolveVersion(setting, usersModelOf(side, maxFileSizeMB)).version);
}

/** The key of this process's fingerprints: two sides compared in one process tell a change, nothing more. */
const PRINT_KEY = randomBytes(32);
const fingerprint = (value: string) => createHmac('sha256', PRINT_KEY).update(value).digest('base64url');

export function loadAccess(side: Side, settings: Settings): AccessModel {
  const users = usersModelOf(side, settings.maxFileSizeMB);
  const propertiesText = side.properties ? side.access.read(side.properties) : undefined;
  const usersAnalysis = users && side.users ? analyze(users, settings, siblingContext(side.users, 'users', settings, side.access, users)) : undefined;
  const propertiesModel = propertiesText === undefined ? undefined : parse(propertiesText, 'properties', settings.maxFileSizeMB);
  const propertiesAnalysis = propertiesModel && side.properties ? analyze(propertiesModel, settings, siblingContext(side.properties, 'properties', settings, side.access)) : undefined;
  return accessModel({
    rudderVersion: settings.rudderVersion,
    users: usersAnalysis?.kind === 'users' ? usersAnalysis.evaluation : undefined,
    properties: propertiesAnalysis?.kind === 'properties' ? propertiesAnalysis.evaluation : undefined,
    severity: (f) => effectiveSeverity(f, settings),
    fingerprint,
    usersText: users?.text,
    propertiesText,
    tooLarge: [...(users?.oversize ? ['users' as const] : []), ...(propertiesModel?.oversize ? ['properties' as const] : [])].map((file) => ({ file, limitMB: settings.maxFileSizeMB })),
  });
}

/** What a change does: both sides read with `settings` (whose version is already resolved). */
export function compareSides(before: Side, after: Side, settings: Settings): AccessDiff {
  return diffAccess(loadAccess(before, settings), loadAccess(after, settings));
}

export interface UpgradeReport {
  diff: AccessDiff;
  /** Rudder's start-up rewrite of the users file, as a patch with every password value masked. */
  rewrite?: RewrittenUsers & { patch: string };
}

/** The file's text with every password value replaced, so a patch shown to reviewers holds no secret. */
function maskPasswords(model: UsersModel): string {
  const ranges = model.users.flatMap((u) => (u.password?.valueRange ? [u.password.valueRange] : [])).sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of ranges) {
    parts.push(model.text.slice(at, r.start), '(hidden)');
    at = r.end;
  }
  parts.push(model.text.slice(at));
  return parts.join('');
}

/**
 * The model Rudder `from` loads now against the one Rudder `to` loads after its start-up rewrite, with advice;
 * findings with the severities of `settings.rules`, files read up to `settings.maxFileSizeMB`.
 */
export function upgradeReport(side: Side, from: string, to: string, settings: Pick<Settings, 'rules' | 'maxFileSizeMB'>): UpgradeReport {
  const { rules, maxFileSizeMB } = settings;
  const model = usersModelOf(side, maxFileSizeMB);
  const rewritten = model ? rewriteAtStartup(model, resolveVersion(to).version) : undefined;
  const after: Side = rewritten ? { ...side, usersText: rewritten.text } : side;
  const diff = diffAccess(loadAccess(side, normalizeSettings({ rudderVersion: from, rules, maxFileSizeMB })), loadAccess(after, normalizeSettings({ rudderVersion: to, rules, maxFileSizeMB })), true);
  for (const u of diff.users) {
    const advice = upgradeAdvice(u);
    if (advice) u.advice = advice;
  }
  if (!rewritten || !model) return { diff };
  const name = side.users ? path.basename(side.users) : USERS_FILE_NAME;
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, maskPasswords(model), maskPasswords(parse(rewritten.text, 'users', maxFileSizeMB) as UsersModel), `Rudder ${from}`, `Rudder ${to} after start-up`, {
    context: 1,
  });
  return { diff, rewrite: { ...rewritten, patch } };
}

/** An upgrade report as markdown: the diff, then the start-up rewrite as a unified diff. */
export function upgradeToMarkdown(report: UpgradeReport, title: string): string {
  return diffToMarkdown(report.diff, title) + (report.rewrite ? `\n#### What Rudder rewrites at start-up\n\n\`\`\`diff\n${report.rewrite.patch}\`\`\`\n` : '');
}
