/**
 * Node IPC with each message sent as its JSON text, both ways: the VS Code client and the server it forks.
 *
 * Over the stock node IPC transport, `process.send(message)` serialises the whole message itself, so the server
 * could not reuse the JSON it keeps for each diagnostic (`lsp/wire.ts`, as it does over `--stdio`): Node's `json`
 * channel calls `JSON.stringify(message)`, and `JSON.rawJSON`, the one way to put ready JSON inside a value,
 * takes only the JSON of a primitive (a string, a number), never an object such as a diagnostic. A string sent
 * arrives as that string. So the client forks the server with the `advanced` channel (the V8 serialiser, which
 * copies a string as it is, where the `json` channel would escape it) and `--ipc-json-text`; each side sends the
 * JSON text of its messages and parses what it receives. The messages are then exactly what the `json` channel
 * would carry (`JSON.stringify`'s, with `toJSON` and without `undefined`, not the V8 serialiser's copy of the
 * objects); the server writes its text from the diagnostics' cached JSON.
 *
 * The reader and writer wrap the stock IPC ones (`IPCMessageReader`, `IPCMessageWriter`), which keep their
 * handling of the channel: its errors, its close, the send callback. A message that arrives as an object (a
 * peer that sends objects) is taken as it is.
 */
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-jsonrpc';

/** The server's argument: the client sends and reads JSON text over node IPC. */
export const IPC_JSON_TEXT = '--ipc-json-text';

/** Takes each message the wrapped reader gets as JSON text, parsed; a message that is not a string as it is. */
export class JsonTextReader extends AbstractMessageReader implements MessageReader {
  private readonly forwarded: Disposable[];

  constructor(private readonly inner: MessageReader) {
    super();
    this.forwarded = [inner.onError((error) => this.fireError(error)), inner.onClose(() => this.fireClose()), inner.onPartialMessage((info) => this.firePartialMessage(info))];
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((data: unknown) => {
      if (typeof data !== 'string') return callback(data as Message);
      let message: Message;
      try {
        message = JSON.parse(data) as Message;
      } catch (error) {
        return this.fireError(error);
      }
      callback(message);
    });
  }

  dispose(): void {
    super.dispose();
    for (const d of this.forwarded) d.dispose();
    this.inner.dispose();
  }
}

/** Hands the wrapped writer each message as its JSON text, `encode(message)` (`JSON.stringify` by default). */
export class JsonTextWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly forwarded: Disposable[];

  constructor(
    private readonly inner: MessageWriter,
    private readonly encode: (message: Message) => string = (message) => JSON.stringify(message),
  ) {
    super();
    this.forwarded = [inner.onError(([error, message, count]) => this.fireError(error, message, count)), inner.onClose(() => this.fireClose())];
  }

  write(message: Message): Promise<void> {
    let text: string;
    try {
      text = this.encode(message);
    } catch (error) {
      this.fireError(error, message, 1);
      return Promise.reject(error as Error);
    }
    // The stock IPC writer sends what it is given: here, the text.
    return this.inner.write(text as unknown as Message);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    super.dispose();
    for (const d of this.forwarded) d.dispose();
    this.inner.dispose();
  }
}
