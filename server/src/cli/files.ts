/** Which files `rudder-lint` checks, of which kind, with which configuration. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kindFromPath } from '../service/languageService';
import type { FileKind } from '../service/rules';
import { configIn, configKind, type FoundConfig } from '../workspace/config';
import { isOverrideFile, OVERRIDE_DIR_NAME, type FileAccess } from '../workspace/siblings';
import { UsageError } from './io';

export interface Target {
  /** As given, or joined to the folder given. */
  file: string;
  kind: FileKind;
}

const inOverrideDir = (file: string) => path.basename(path.dirname(path.resolve(file))) === OVERRIDE_DIR_NAME;


/** `rudder-web.properties.d/*.prop|*.config`: Rudder reads them as HOCON; only their `key = value` lines are checked (service/properties/overrides.ts). */
export function isHoconOverrideFile(file: string): boolean {
  return inOverrideDir(file) && /\.(prop|config)$/.test(file);
}

/** The nearest configuration of each folder, each folder's files read once. */
export class Configs {
  private readonly byDir = new Map<string, FoundConfig | undefined>();
  constructor(private readonly files: Pick<FileAccess, 'read'>) {}

  /** The configuration of `file` (any path; resolved against the working directory). */
  forFile(file: string): FoundConfig | undefined {
    return this.forDir(path.dirname(path.resolve(file)));
  }

  /** Every configuration read so far. */
  all(): FoundConfig[] {
    return [...new Set([...this.byDir.values()].filter((c): c is FoundConfig => c !== undefined))];
  }

  private forDir(dir: string): FoundConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const parent = path.dirname(dir);
    const found = configIn(dir, this.files) ?? (parent === dir ? undefined : this.forDir(parent));
    this.byDir.set(dir, found);
    return found;
  }
}

/** The kind of a file found in a folder: Rudder's names, an override file, the configuration's globs. */
function kindInFolder(file: string, configs: Configs): FileKind | undefined {
  return kindFromPath(file) ?? (isOverrideFile(file) ? 'properties' : configKind(path.resolve(file), configs.forFile(file)));
}

/** The kind of an explicitly named file: as in a folder, then by extension. */
export function kindOfFile(file: string, configs: Configs): FileKind {
  const kind = kindInFolder(file, configs) ?? (/\.properties$/i.test(file) ? 'properties' : /\.xml$/i.test(file) ? 'users' : undefined);
  if (!kind) throw new UsageError(`${file}: not a rudder-users.xml (.xml) or rudder-web.properties (.properties) file`);
  return kind;
}

/**
 * The files to lint under `p` (a file or a folder), in a stable order; throws on I/O errors. `notChecked` gets
 * the HOCON override files found.
 */
export function collect(p: string, configs: Configs, notChecked: string[]): Target[] {
  const out: Target[] = [];
  if (!fs.statSync(p).isDirectory()) return [{ file: p, kind: kindOfFile(p, configs) }];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(child);
      } else {
        const kind = kindInFolder(child, configs);
        if (kind) out.push({ file: child, kind });
        else if (isHoconOverrideFile(child)) notChecked.push(child);
      }
    }
  };
  walk(p);
  if (out.length === 0) throw new UsageError(`${p}: no rudder-users.xml or rudder-web.properties found`);
  return out;
}
