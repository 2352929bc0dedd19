/** `{"files":[{"path","kind","rudderVersion","diagnostics":[{"code","severity","message","range","data"?}],"model"?}]}`, 0-based LSP ranges. */
import { messageOf, severityOf, type LintedFile } from '../report';

export function json(files: readonly LintedFile[]): string {
  const out = {
    files: files.map((f) => ({
      path: f.path,
      kind: f.kind,
      rudderVersion: f.rudderVersion,
      diagnostics: f.reports.map(({ diagnostic: d }) => ({
        code: d.code,
        severity: severityOf(d),
        message: messageOf(d),
        range: d.range,
        ...(d.data ? { data: d.data } : {}),
      })),
      ...(f.model ? { model: f.model } : {}),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
