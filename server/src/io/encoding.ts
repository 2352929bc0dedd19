/**
 * The bytes ↔ text codec of users files, as Rudder's XML parser reads them: a byte-order mark first, else the
 * encoding of the XML declaration, else UTF-8 (XML 1.0 appendix F). The text keeps the BOM as U+FEFF, so
 * `encode(decode(bytes))` gives the same bytes back for every file that is valid in its encoding, and an edit
 * changes only the bytes of the values it replaces.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'iso-8859-1' | 'us-ascii';

export interface DetectedEncoding {
  /** The encoding to use, or undefined when the declaration names one we do not write. */
  encoding: Encoding | undefined;
  /** The name as the declaration spells it, when there is one. */
  declared?: string;
}

const DECLARED: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  '8859_1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  'iso-latin-1': 'iso-8859-1',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'iso646-us': 'us-ascii',
};

const DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])[^"']*\1[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2/;

/** The encoding of an XML file from its first bytes. */
export function detectXmlEncoding(bytes: Uint8Array): DetectedEncoding {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8' };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be' };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return { encoding: 'utf-16le' };
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return { encoding: 'utf-16be' };
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const declared = DECLARATION.exec(head)?.[3];
  if (declared === undefined) return { encoding: 'utf-8' };
  return { encoding: DECLARED[declared.toLowerCase()], declared };
}

/** `text` in `encoding`, or undefined when a character has no representation there (or is a lone surrogate). */
export function encodeText(text: string, encoding: Encoding): Buffer | undefined {
  switch (encoding) {
    case 'utf-8':
      return wellFormed(text) ? Buffer.from(text, 'utf8') : undefined;
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'iso-8859-1':
      return /^[\u0000-\u00ff]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined;
    case 'us-ascii':
      return /^[\u0000-\u007f]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined;
  }
}

/** No lone surrogate (UTF-8 cannot carry one). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of `bytes` in `encoding`; `exact` is false when the bytes are not valid there (the text is then lossy). */
export function decodeText(bytes: Uint8Array, encoding: Encoding): { text: string; exact: boolean } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  switch (encoding) {
    case 'utf-8':
      text = UTF8.decode(buf);
      break;
    case 'utf-16le':
      text = buf.subarray(0, buf.length & ~1).toString('utf16le');
      break;
    case 'utf-16be':
      text = Buffer.from(buf.subarray(0, buf.length & ~1)).swap16().toString('utf16le');
      break;
    case 'iso-8859-1':
    case 'us-ascii':
      text = buf.toString('latin1');
      break;
  }
  return { text, exact: encodeText(text, encoding)?.equals(buf) ?? false };
}

/** A users file's text: in its declared encoding, or as UTF-8 when it declares one we do not know. */
export function decodeXml(bytes: Uint8Array): { text: string; encoding: Encoding | undefined; declared?: string; exact: boolean } {
  const detected = detectXmlEncoding(bytes);
  const { text, exact } = decodeText(bytes, detected.encoding ?? 'utf-8');
  return { text, ...detected, exact: exact && detected.encoding !== undefined };
}
