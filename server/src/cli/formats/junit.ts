/**
 * `--format junit`: JUnit XML for CI test reports. One test suite per file, one test case per diagnostic
 * (`classname` the file, `name` the rule and line); errors and warnings are failures, information and hints
 * pass with the message in system-out; a file without findings has one passing case.
 */
import { messageOf, severityOf, type LintedFile } from '../report';

/** Text for XML content and attribute values; characters XML 1.0 cannot hold become U+FFFD. */
function escape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export function junit(files: readonly LintedFile[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failing = (f: LintedFile) => f.reports.filter((r) => ['error', 'warning'].includes(severityOf(r.diagnostic))).length;
  const cases = (f: LintedFile) => Math.max(1, f.reports.length);
  const total = files.reduce((n, f) => n + cases(f), 0);
  out.push(`<testsuites name="rudder-lint" tests="${total}" failures="${files.reduce((n, f) => n + failing(f), 0)}" errors="0">`);
  for (const f of files) {
    const file = escape(f.path);
    out.push(`  <testsuite name="${file}" tests="${cases(f)}" failures="${failing(f)}" errors="0" skipped="0">`);
    if (f.reports.length === 0) out.push(`    <testcase classname="${file}" name="rudder-lint"/>`);
    for (const { diagnostic: d } of f.reports) {
      const severity = severityOf(d);
      const where = `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const message = messageOf(d);
      out.push(`    <testcase classname="${file}" name="${escape(`${d.code} (line ${d.range.start.line + 1})`)}">`);
      if (severity === 'error' || severity === 'warning') out.push(`      <failure type="${severity}" message="${escape(message)}">${escape(`${where}: ${severity} ${d.code}: ${message}`)}</failure>`);
      else out.push(`      <system-out>${escape(`${where}: ${severity} ${d.code}: ${message}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
