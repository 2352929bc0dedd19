/**
 * Read-modify-write of a users file, as `--fix` and `passwd` do it: under the file's lock, read it (regular file,
 * size cap), decode it in its declared encoding, let `change` compute the new text, encode it the same way
 * and write it atomically. The bytes that `change` did not touch stay as they were (BOM, line endings, every
 * character), because a file is only changed when it decodes exactly.
 */
import * as fs from 'node:fs';
import { decodeXml, encodeXml, type XmlEncoding } from '../service/xml/encoding';
import { withFileLock } from './lock';
import { IoError, readRegularFileSync } from './read';
import { writeFileAtomicSync, writeTarget, WriteRefused } from './write';

export interface Decoded {
  /** The real path that is read and replaced. */
  file: string;
  text: string;
  encoding: XmlEncoding;
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
    const again = encodeXml(decoded.text, decoded.encoding);
    if (decoded.problems.length > 0) throw new WriteRefused(`${file}: is not valid ${decoded.encoding.name} (Rudder's parser rejects it); nothing written`);
    if (!again || !Buffer.from(again).equals(bytes)) throw new WriteRefused(`${file}: its encoding (${decoded.encoding.name}) cannot be written back byte for byte; nothing written`);
    const text = change({ file: target.file, text: decoded.text, encoding: decoded.encoding });
    if (text === undefined || text === decoded.text) return { written: false };
    const out = encodeXml(text, decoded.encoding);
    if (!out) throw new WriteRefused(`${file}: a new value has characters that ${decoded.encoding.name} cannot hold; nothing written`);
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
