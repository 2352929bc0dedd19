/**
 * The disk as sibling files are read from it: regular files only, capped in size, decoded the way Rudder reads
 * them (a `.xml` file in its declared encoding, the rest as UTF-8). A file that cannot be read counts as absent;
 * `onError` hears why (not for a missing file, which is normal).
 */
import * as fs from 'node:fs';
import { decodeXml } from '../service/xml/encoding';
import { ReadError, readRegularFile, readRegularFileSync } from './read';

export interface FileAccess {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  read(file: string): string | undefined;
  /** The names in a folder, or undefined when it does not exist. */
  list(dir: string): string[] | undefined;
}

export interface AsyncFileAccess {
  read(file: string): Promise<string | undefined>;
  list(dir: string): Promise<string[] | undefined>;
}

/** Sibling files larger than this are not read (they are configuration files of a few kB). */
export const SIBLING_MAX_BYTES = 5 * 1024 * 1024;

export function decodeFile(file: string, bytes: Buffer): string {
  return file.endsWith('.xml') ? decodeXml(bytes).text : bytes.toString('utf8');
}

function report(e: unknown, onError?: (e: ReadError) => void): undefined {
  if (e instanceof ReadError && e.kind !== 'missing') onError?.(e);
  return undefined;
}

export function diskFiles(onError?: (e: ReadError) => void): FileAccess {
  return {
    read(file) {
      try {
        return decodeFile(file, readRegularFileSync(file, SIBLING_MAX_BYTES));
      } catch (e) {
        return report(e, onError);
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
}

export function asyncDiskFiles(onError?: (e: ReadError) => void): AsyncFileAccess {
  return {
    read: (file) => readRegularFile(file, SIBLING_MAX_BYTES).then((bytes) => decodeFile(file, bytes), (e) => report(e, onError)),
    list: (dir) => fs.promises.readdir(dir).catch(() => undefined),
  };
}
