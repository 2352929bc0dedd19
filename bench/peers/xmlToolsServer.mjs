/**
 * A language server made of SAP's XML tools, wired the way their own language server is (`@xml-tools/parser`
 * → `@xml-tools/ast` → `@xml-tools/constraints`, lexing and parsing errors as diagnostics), so that the
 * benchmark drives a second XML language server over the same LSP wiring as ours. SAP's language server package
 * itself is not published on npm; its building blocks are. Every pull (or change, for push clients) parses the
 * whole text again, as theirs does.
 *
 *   RUDDER_BENCH_PEERS=<folder with node_modules/@xml-tools> node bench/peers/xmlToolsServer.mjs --stdio
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const require = createRequire(path.join(process.env.RUDDER_BENCH_PEERS ?? '.', 'package.json'));
const { parse } = require('@xml-tools/parser');
const { buildAst } = require('@xml-tools/ast');
const { checkConstraints } = require('@xml-tools/constraints');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let pull = false;

function diagnostics(doc) {
  const text = doc.getText();
  const { cst, tokenVector, lexErrors, parseErrors } = parse(text);
  const ast = buildAst(cst, tokenVector);
  const range = (start, end) => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
  return [
    ...lexErrors.map((e) => ({ range: range(e.offset, e.offset + e.length), message: e.message, severity: DiagnosticSeverity.Error, source: 'xml-tools' })),
    ...parseErrors.map((e) => ({ range: range(e.token.startOffset, (e.token.endOffset ?? e.token.startOffset) + 1), message: e.message, severity: DiagnosticSeverity.Error, source: 'xml-tools' })),
    ...checkConstraints(ast).map((i) => ({ range: range(i.position.startOffset, i.position.endOffset + 1), message: i.msg, severity: i.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, source: 'xml-tools' })),
  ];
}

connection.onInitialize((params) => {
  pull = !!params.capabilities.textDocument?.diagnostic;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...(pull ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
  };
});
connection.languages.diagnostics.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  return { kind: 'full', items: doc ? diagnostics(doc) : [] };
});
documents.onDidChangeContent((e) => {
  if (!pull) connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: diagnostics(e.document) });
});
documents.listen(connection);
connection.listen();
