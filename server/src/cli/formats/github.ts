/**
 * `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
 * (`::error title=…,file=…,line=…,endLine=…,col=…,endColumn=…::message`), shown inline on the pull request.
 * Data and properties are escaped as the runner unescapes them. Paths are relative to GITHUB_WORKSPACE (the
 * checkout) when set, else to the working directory.
 */
import { messageOf, reportPath, severityOf, type FormatContext, type LintedFile } from '../report';
import type { Severity } from '../../service/rules';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function github(files: readonly LintedFile[], context: FormatContext): string {
  const base = context.env.GITHUB_WORKSPACE || context.cwd;
  return files
    .flatMap((f) =>
      f.reports.map(({ diagnostic: d }) => {
        const { start, end } = d.range;
        // GitHub takes columns only for a single-line annotation; they are 1-based and the end column inclusive.
        const columns = start.line === end.line ? { col: start.character + 1, endColumn: Math.max(start.character + 1, end.character) } : {};
        const properties = { title: `rudder-lint ${d.code}`, file: reportPath(f.path, base), line: start.line + 1, endLine: end.line + 1, ...columns };
        const props = Object.entries(properties)
          .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
          .join(',');
        return `::${COMMAND[severityOf(d)]} ${props}::${escapeData(messageOf(d))}\n`;
      }),
    )
    .join('');
}
