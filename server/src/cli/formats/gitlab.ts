/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), the subset of the Code
 * Climate issue format GitLab reads: description, check_name, fingerprint, severity, location.path (relative to
 * the repository: CI_PROJECT_DIR when set, else the working directory) and location.lines.begin.
 */
import type { Severity } from '../../service/rules';
import { messageOf, reportPath, severityOf, type FormatContext, type LintedFile } from '../report';

/** GitLab's scale: info, minor, major, critical, blocker. */
const SEVERITY: Record<Severity, 'info' | 'minor' | 'major' | 'critical'> = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' };

export function gitlab(files: readonly LintedFile[], context: FormatContext): string {
  const base = context.env.CI_PROJECT_DIR || context.cwd;
  const issues = files.flatMap((f) =>
    f.reports.map(({ diagnostic: d, fingerprint }) => ({
      type: 'issue',
      description: messageOf(d),
      check_name: String(d.code),
      fingerprint,
      severity: SEVERITY[severityOf(d)],
      categories: ['Security'],
      location: { path: reportPath(f.path, base), lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
    })),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
}
