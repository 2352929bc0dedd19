/**
 * How the two files inform each other when they sit in one folder (as in `/opt/rudder/etc`): the users file
 * learns the authentication providers and the bcrypt cost from `rudder-web.properties` (with its
 * `rudder-web.properties.d/` overrides), and the properties file learns its overrides and the Rudder version
 * the users file implies. File access is injected: the server reads open documents first, then the disk without
 * blocking (`siblingContextAsync`); the CLI reads the disk (`DISK`). Both go through `io/`, which reads regular
 * files only.
 */
import * as path from 'node:path';
import { diskFiles, type AsyncFileAccess, type FileAccess } from '../io/disk';
import { analyze, parse, usersContextFrom, type DocumentContext } from '../service/languageService';
import { OVERRIDE_FILE, overrideSource, type PropertiesSource } from '../service/properties/overrides';
import type { FileKind } from '../service/rules';
import type { Settings } from '../service/settings';
import type { UsersModel } from '../service/users/model';
import type { VersionHints } from '../service/rudder';

export const USERS_FILE_NAME = 'rudder-users.xml';
export const PROPERTIES_FILE_NAME = 'rudder-web.properties';
/** Rudder reads `<configFile>.d/`: files ending in .properties, .prop or .config, sorted by path, later wins. */
export const OVERRIDE_DIR_NAME = `${PROPERTIES_FILE_NAME}.d`;

export type { AsyncFileAccess, FileAccess };

/** The disk, as the CLI sees it. */
export const DISK: FileAccess = diskFiles();

/** `rudder-web.properties.d/*.properties`: Java properties overriding the main file. */
export function isOverrideFile(file: string): boolean {
  return path.basename(path.dirname(path.resolve(file))) === OVERRIDE_DIR_NAME && file.endsWith('.properties');
}

/** The folder of the main files a file belongs to: an override file's is the one above its `.d` folder. */
function homeOf(file: string, kind: FileKind): string {
  return kind === 'properties' && isOverrideFile(file) ? path.dirname(path.dirname(path.resolve(file))) : path.dirname(file);
}

/** Of the names in a `.d` folder, the override files we read, in the order Rudder applies them. */
function overrideNames(names: string[] | undefined): string[] {
  return (names ?? []).filter((n) => OVERRIDE_FILE.test(n)).sort();
}

/** The `.d` overrides of the properties file of `dir`, in the order Rudder applies them. */
export function loadOverrides(dir: string, files: FileAccess): PropertiesSource[] {
  const d = path.join(dir, OVERRIDE_DIR_NAME);
  return overrideNames(files.list(d)).flatMap((n) => {
    const text = files.read(path.join(d, n));
    return text === undefined ? [] : [overrideSource(`${OVERRIDE_DIR_NAME}/${n}`, text)];
  });
}

/** What version inference reads of a users file, and only that: a properties file's context keeps no users model. */
function versionHints(model: UsersModel): VersionHints {
  return { hash: model.hash && { value: model.hash.value }, unsafeHashes: model.unsafeHashes && true };
}

/**
 * What a file of `kind` at `file` gets from its siblings. `own` is the users model when analysing a users file.
 * An override file is read in the configuration Rudder merges: after the main file and the overrides sorted
 * before it, under the ones sorted after it (rudder@9.1 RC:255-299).
 */
export function siblingContext(file: string, kind: FileKind, settings: Settings, files: FileAccess, own?: UsersModel): DocumentContext {
  const dir = homeOf(file, kind);
  const overrides = loadOverrides(dir, files);
  if (kind === 'properties') {
    const usersText = files.read(path.join(dir, USERS_FILE_NAME));
    const siblingUsers = usersText === undefined ? undefined : versionHints(parse(usersText, 'users') as UsersModel);
    if (!isOverrideFile(file)) return { properties: { overrides }, siblingUsers };
    const name = `${OVERRIDE_DIR_NAME}/${path.basename(file)}`;
    const mainText = files.read(path.join(dir, PROPERTIES_FILE_NAME));
    const main = mainText === undefined ? [] : [overrideSource(PROPERTIES_FILE_NAME, mainText)];
    return { properties: { overrides: overrides.filter((o) => o.name > name), before: [...main, ...overrides.filter((o) => o.name < name)] }, siblingUsers };
  }
  const propertiesText = files.read(path.join(dir, PROPERTIES_FILE_NAME));
  if (propertiesText === undefined && overrides.length === 0) return {};
  return { users: usersContextFrom(analyze(parse(propertiesText ?? '', 'properties'), settings, { properties: { overrides }, siblingUsers: own })) };
}

/** `siblingContext` with the files read concurrently and without blocking, for the server. */
export async function siblingContextAsync(file: string, kind: FileKind, settings: Settings, files: AsyncFileAccess, own?: UsersModel): Promise<DocumentContext> {
  const dir = homeOf(file, kind);
  const d = path.join(dir, OVERRIDE_DIR_NAME);
  const names = await files.list(d);
  const wanted = [...overrideNames(names).map((n) => path.join(d, n)), path.join(dir, kind === 'properties' ? USERS_FILE_NAME : PROPERTIES_FILE_NAME)];
  if (kind === 'properties' && isOverrideFile(file)) wanted.push(path.join(dir, PROPERTIES_FILE_NAME));
  const texts = new Map(await Promise.all(wanted.map(async (f) => [f, await files.read(f)] as const)));
  return siblingContext(file, kind, settings, { read: (f) => texts.get(f), list: (x) => (x === d ? names : undefined) }, own);
}

/** Whether a change to `changed` can change the diagnostics of `file` (same folder, one of the two files or an override). */
export function affects(changed: string, file: string): boolean {
  const dir = homeOf(file, 'properties');
  const base = path.basename(changed);
  return (path.dirname(changed) === dir && (base === USERS_FILE_NAME || base === PROPERTIES_FILE_NAME)) || path.dirname(changed) === path.join(dir, OVERRIDE_DIR_NAME);
}
