/**
 * The bytes of outgoing messages over a stream (`--stdio`), with each diagnostic's JSON computed once.
 *
 * A diagnostic object is never changed once made (the service converts a finding again rather than update its
 * diagnostic; grouping makes a new group rather than update one), and a kept finding keeps its diagnostic object
 * across edits (`CONVERTED` in `service/languageService.ts`). So the JSON of a diagnostic and its length in UTF-8
 * bytes are kept with the object, in a WeakMap that lives as long as it does, the first time a message carries
 * it; every later pull report or `publishDiagnostics` that carries the same object copies that text into its
 * buffer. It is kept as a string on the heap, not as a small Buffer: those are slices of Node's shared 8 KiB
 * slabs, and one kept fragment would keep its whole slab alive. The message around them is written here as
 * `JSON.stringify` writes it (own enumerable keys in order, `undefined` and functions left out; anything but a
 * plain object or array, or with a `toJSON`, written by `JSON.stringify` as the property it is), so the bytes are
 * exactly those of `JSON.stringify(message)`: the differential test (`test/unit/wire.test.ts`, and the
 * incremental fuzz's `wire` outcome) holds them to it.
 */
import { AbstractMessageWriter, Message, type MessageWriter, type NotificationMessage, type ResponseMessage } from 'vscode-languageserver/node';

/** Where in a message the diagnostics are: an array whose elements are diagnostics, or keys to walk into. */
type Shape = 'diagnostics' | { keys?: Record<string, Shape>; anyKey?: Shape };

/** A document diagnostic report: `items`, and the reports of `relatedDocuments` keyed by URI. */
const REPORT: Shape = { keys: { items: 'diagnostics', relatedDocuments: { anyKey: { keys: { items: 'diagnostics' } } } } };
const RESPONSE: Shape = { keys: { result: REPORT } };
const PUBLISH: Shape = { keys: { params: { keys: { diagnostics: 'diagnostics' } } } };

/** The JSON of each diagnostic object that a message carried. */
const FRAGMENTS = new WeakMap<object, Fragment>();

/** A value written here rather than by `JSON.stringify`: a plain object or an array, without `toJSON`. */
function isWalkable(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/** A diagnostic's JSON and its length in UTF-8 bytes. */
interface Fragment {
  json: string;
  bytes: number;
}

function fragment(d: object): Fragment {
  let f = FRAGMENTS.get(d);
  if (f === undefined) {
    const json = JSON.stringify(d);
    f = { json, bytes: Buffer.byteLength(json, 'utf8') };
    FRAGMENTS.set(d, f);
  }
  return f;
}

/**
 * The JSON of `value` as the property `key` of an object, as `JSON.stringify` writes it there (its `toJSON` gets
 * that key), or undefined when it is left out (undefined, a function, a symbol).
 */
function leaf(key: string, value: unknown): string | undefined {
  const quoted = JSON.stringify(key);
  const json = JSON.stringify({ [key]: value });
  return json.length === 2 ? undefined : json.slice(quoted.length + 2, -1);
}

/** The shape of `message`'s diagnostics: a pull report's response or a publish, else none (plain `JSON.stringify`). */
function shapeOf(message: Message): Shape | undefined {
  if (Message.isNotification(message)) return (message as NotificationMessage).method === 'textDocument/publishDiagnostics' ? PUBLISH : undefined;
  if (!Message.isResponse(message)) return undefined;
  const kind = ((message as ResponseMessage).result as { kind?: unknown } | null | undefined)?.kind;
  return kind === 'full' || kind === 'unchanged' ? RESPONSE : undefined;
}

/**
 * Appends the JSON of `value`, the property `key` of its parent, to `parts` (strings and cached fragments) as
 * `JSON.stringify` writes it, walking only where `shape` says diagnostics are; false when `JSON.stringify` would
 * leave it out (undefined, a function, a symbol).
 */
function put(key: string, value: unknown, shape: Shape | undefined, parts: (string | Fragment)[]): boolean {
  if (shape === undefined || !isWalkable(value)) {
    const json = leaf(key, value);
    if (json === undefined) return false;
    parts.push(json);
    return true;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      const item: unknown = value[i];
      if (shape === 'diagnostics' && isWalkable(item) && !Array.isArray(item)) parts.push(fragment(item));
      else if (!put(String(i), item, shape === 'diagnostics' ? undefined : shape, parts)) parts.push('null');
    }
    parts.push(']');
    return true;
  }
  if (shape === 'diagnostics') return put(key, value, undefined, parts);
  parts.push('{');
  let first = true;
  for (const k of Object.keys(value)) {
    const at = parts.length;
    parts.push(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
    if (put(k, (value as Record<string, unknown>)[k], shape.keys?.[k] ?? shape.anyKey, parts)) first = false;
    else parts.length = at;
  }
  parts.push('}');
  return true;
}

/** The JSON of `message` in pieces: strings written here, and the cached JSON of its diagnostics. */
function partsOf(message: Message): (string | Fragment)[] {
  const shape = shapeOf(message);
  const parts: (string | Fragment)[] = [];
  if (shape === undefined) parts.push(JSON.stringify(message));
  else put('', message, shape, parts);
  return parts;
}

/** The JSON of `message` as UTF-8 bytes, after `prefix` bytes left for the caller (the header). */
function bytesOf(message: Message, prefix: (bodyLength: number) => string): Buffer {
  const parts = partsOf(message);
  let length = 0;
  for (const p of parts) length += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.bytes;
  const head = prefix(length);
  const out = Buffer.allocUnsafe(head.length + length);
  let at = out.write(head, 0, 'latin1');
  for (const p of parts) at += out.write(typeof p === 'string' ? p : p.json, at, 'utf8');
  return out;
}

/** The JSON of `message` as a string, exactly `JSON.stringify(message)` (node IPC as JSON text, `ipcText.ts`). */
export function messageText(message: Message): string {
  let text = '';
  for (const p of partsOf(message)) text += typeof p === 'string' ? p : p.json;
  return text;
}

/** The JSON body of `message`, byte for byte `JSON.stringify(message)` in UTF-8. */
export function encodeMessage(message: Message): Buffer {
  return bytesOf(message, () => '');
}

/** `message` framed as the base protocol sends it: its `Content-Length` header (in bytes), then its body. */
export function frameMessage(message: Message): Buffer {
  return bytesOf(message, (length) => `Content-Length: ${length}\r\n\r\n`);
}

/**
 * A message writer over a stream that writes each message as one chunk, header and body, framed by
 * `frameMessage`. Framing is synchronous, so chunks go out in the order `write` is called, as the stock writer's
 * lock keeps them; errors and close are reported as it does (a failed write fires `onError` with the message
 * and the count of failures, and rejects).
 */
export class FramedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: unknown) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let chunk: Buffer;
    try {
      chunk = frameMessage(message);
    } catch (error) {
      this.fireError(error);
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.stream.write(chunk, (error?: Error | null) => {
        if (error === undefined || error === null) return resolve();
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
