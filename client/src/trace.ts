/**
 * The channel `rudder.trace.server` writes to. vscode-languageclient only traces when its log channel's level
 * is Trace, so setting `rudder.trace.server` alone showed nothing; this channel (a plain output channel, "Rudder
 * Trace") always accepts traces, so the setting alone decides, as users of other extensions expect.
 */
import * as vscode from 'vscode';

export function traceChannel(name: string): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(name);
  const never = new vscode.EventEmitter<vscode.LogLevel>();
  const line = (message: string) => channel.appendLine(message);
  return {
    name: channel.name,
    logLevel: vscode.LogLevel.Trace,
    onDidChangeLogLevel: never.event,
    trace: line,
    debug: line,
    info: line,
    warn: line,
    error: (e: string | Error) => line(typeof e === 'string' ? e : (e.stack ?? e.message)),
    append: (value) => channel.append(value),
    appendLine: line,
    replace: (value) => channel.replace(value),
    clear: () => channel.clear(),
    show: (column?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => (typeof column === 'boolean' ? channel.show(column) : channel.show(column, preserveFocus)),
    hide: () => channel.hide(),
    dispose: () => {
      never.dispose();
      channel.dispose();
    },
  };
}
