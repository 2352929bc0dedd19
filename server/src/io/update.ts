/**
 * Read-modify-write of a users file, as `--fix` and `passwd` do it: under the file's lock, read it (regular file,
 * size cap), decode it in its declared encoding, let `change` compute the new text, encode it the same way
 * and write it atomically. The bytes that `change` did not touch stay as they were (BOM, line endings, every
 * character), because a file is only changed when it decodes exactly.
 */
import * as fs from 'node:fs';
import { decodeXml, encodeText, type Encoding } from './encoding';
import { withFileLock } from './lock';
import { IoError, readRegularFileSync } from './read';
import { writeFileAtomicSync, writeTarget, WriteRefused } from './write';

export interface Decoded {
  /** The real path that is read and replaced. */
  file: string;
  text: string;
  encoding: Encoding;
}

/**
 * `change` returns the new text, or undefined to leave the file alone. Throws an `IoError` (nothing written)
 * when the file cannot be read, decoded, encoded or replaced faithfully.
 */
export function updateXmlFileSync(file: string, maxBytes: number, change: (d: Decoded) => string | undefined): { written: boolean } {
  const target = writeTarget(file);
  return withFileLock(target.file, () => {
    const bytes = readRegularFileSync(target.file, maxBytes);
    const read = fs.statSync(target.file);
    const decoded = decodeXml(bytes);
    if (!decoded.encoding) throw new WriteRefused(`${file}: declares encoding "${decoded.declared}", which rudder-lint does not write; nothing written`);
    if (!decoded.exact) throw new WriteRefused(`${file}: is not valid ${decoded.encoding} (Rudder's parser rejects it); nothing written`);
    const text = change({ file: target.file, text: decoded.text, encoding: decoded.encoding });
    if (text === undefined || text === decoded.text) return { written: false };
    const out = encodeText(text, decoded.encoding);
    if (!out) throw new WriteRefused(`${file}: a new value has characters that ${decoded.encoding} cannot hold; nothing written`);
    try {
      writeFileAtomicSync(target, out, (now) => now.ino === read.ino && now.size === read.size && now.mtimeMs === read.mtimeMs);
    } catch (e) {
      if (e instanceof IoError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new IoError(`${file}: ${err.code ?? 'error'} while writing (${err.message.replace(/^[A-Z]+: /, '')}); the file is unchanged`);
    }
    return { written: true };
  });
}
