/**
 * Rule documentation without network: diagnostics' code links open the extension's own docs/rules.md (shipped in
 * the .vsix) in the Markdown preview, scrolled to the rule's heading, whatever URL the server sent.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { OPEN_RULE_DOC, openRuleDocLink, ruleOfDocLink } from './ruleLinks';

function relink(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    if (typeof d.code !== 'object' || d.code === null) continue;
    const rule = ruleOfDocLink(d.code.target.path, d.code.target.fragment);
    if (rule) d.code = { value: d.code.value, target: vscode.Uri.parse(openRuleDocLink(rule)) };
  }
  return diagnostics;
}

/** The language client's middleware for pushed and pulled diagnostics. */
export const ruleDocLinks: Middleware = {
  handleDiagnostics: (uri, diagnostics, next) => next(uri, relink(diagnostics)),
  provideDiagnostics: async (document, previousResultId, token, next) => {
    const report = await next(document, previousResultId, token);
    if (report && 'items' in report) relink(report.items);
    return report;
  },
};

/**
 * `rudder.openRuleDoc`: the Markdown preview of docs/rules.md at the rule's heading (the preview scrolls to a
 * URI's fragment, which matches the heading's anchor), or, without the built-in Markdown extension, the file
 * itself at that heading.
 */
export function registerRuleDocs(context: vscode.ExtensionContext): vscode.Disposable {
  const doc = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
  return vscode.commands.registerCommand(OPEN_RULE_DOC, async (rule: string) => {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', doc.with({ fragment: rule }));
    } catch {
      const text = await vscode.workspace.openTextDocument(doc);
      const line = text.getText().split('\n').indexOf(`## ${rule}`);
      const at = new vscode.Position(Math.max(line, 0), 0);
      await vscode.window.showTextDocument(text, { selection: new vscode.Range(at, at), preview: true });
    }
  });
}
