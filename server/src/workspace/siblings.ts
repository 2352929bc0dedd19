/**
 * How the two files inform each other when they sit in one folder (as in `/opt/rudder/etc`): the users file
 * learns the authentication providers and the bcrypt cost from `rudder-web.properties` (with its
 * `rudder-web.properties.d/` overrides), and the properties file learns its overrides and the Rudder version
 * the users file implies. File access is injected: the server reads open documents first, the CLI the disk
 * (`DISK`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, parse, usersContextFrom, type DocumentContext } from '../service/languageService';
import type { PropertiesSource } from '../service/properties/evaluate';
import { parseJavaProperties } from '../service/properties/javaProperties';
import type { FileKind } from '../service/rules';
import type { Settings } from '../service/settings';
import type { UsersModel } from '../service/users/model';

export const USERS_FILE_NAME = 'rudder-users.xml';
export const PROPERTIES_FILE_NAME = 'rudder-web.properties';
/** Rudder reads `<configFile>.d/`: files ending in .properties, .prop or .config, sorted by path, later wins. */
export const OVERRIDE_DIR_NAME = `${PROPERTIES_FILE_NAME}.d`;
/** Of those, only `.properties` use Java-properties syntax; `.prop`/`.config` are HOCON, which we do not parse. */
const JAVA_PROPERTIES_FILE = /\.properties$/;

export interface FileAccess {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  read(file: string): string | undefined;
  /** The names in a folder, or undefined when it does not exist. */
  list(dir: string): string[] | undefined;
}

/** The disk, as the CLI sees it and the server behind its open documents. */
export const DISK: FileAccess = {
  read(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

/** The `.d` overrides of the properties file of `dir`, in the order Rudder applies them. */
export function loadOverrides(dir: string, files: FileAccess): PropertiesSource[] {
  const d = path.join(dir, OVERRIDE_DIR_NAME);
  return (files.list(d) ?? [])
    .filter((n) => JAVA_PROPERTIES_FILE.test(n))
    .sort()
    .flatMap((n) => {
      const text = files.read(path.join(d, n));
      return text === undefined ? [] : [{ name: `${OVERRIDE_DIR_NAME}/${n}`, text, parsed: parseJavaProperties(text) }];
    });
}

/** What a file of `kind` at `file` gets from its siblings. `own` is the users model when analysing a users file. */
export function siblingContext(file: string, kind: FileKind, settings: Settings, files: FileAccess, own?: UsersModel): DocumentContext {
  const dir = path.dirname(file);
  const overrides = loadOverrides(dir, files);
  if (kind === 'properties') {
    const usersText = files.read(path.join(dir, USERS_FILE_NAME));
    const siblingUsers = usersText === undefined ? undefined : (parse(usersText, 'users') as UsersModel);
    return { properties: { overrides }, siblingUsers };
  }
  const propertiesText = files.read(path.join(dir, PROPERTIES_FILE_NAME));
  if (propertiesText === undefined && overrides.length === 0) return {};
  return { users: usersContextFrom(analyze(parse(propertiesText ?? '', 'properties'), settings, { properties: { overrides }, siblingUsers: own })) };
}

/** Whether a change to `changed` can change the diagnostics of `file` (same folder, one of the two files or an override). */
export function affects(changed: string, file: string): boolean {
  const dir = path.dirname(file);
  const base = path.basename(changed);
  return (path.dirname(changed) === dir && (base === USERS_FILE_NAME || base === PROPERTIES_FILE_NAME)) || path.dirname(changed) === path.join(dir, OVERRIDE_DIR_NAME);
}
