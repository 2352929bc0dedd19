/** `path:line:col: severity code: message` (1-based), the form editors' error formats and grep read. */
import { messageOf, severityOf, type FormatContext, type LintedFile } from '../report';

export function text(files: readonly LintedFile[], context: FormatContext): string {
  const out: string[] = [];
  for (const f of files) {
    for (const { diagnostic: d } of f.reports) out.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityOf(d)} ${d.code}: ${messageOf(d)}`);
    if (f.fixed) out.push(`${f.path}: hashed ${f.fixed} plain-text password(s) with bcrypt`);
    if (!context.explain || !f.model) continue;
    if ('properties' in f.model) {
      out.push(`${f.path}: effective values for Rudder ${f.rudderVersion}`);
      for (const p of f.model.properties) out.push(`  ${p.key} = ${p.value}  (${p.source}${p.line ? `:${p.line}` : ''})${p.outcome ? `  → ${p.outcome}` : ''}`);
    } else {
      if (f.model.rejected) out.push(`${f.path}: Rudder ${f.rudderVersion} rejects the whole file because ${f.model.rejected}: after a restart no user is loaded`);
      if (f.model.noLogin) out.push(`${f.path}: no login: no user of this file can log in, ${f.model.noLogin}`);
      out.push(`${f.path}: Rudder ${f.rudderVersion} loads ${f.model.users.length} user(s) and ${f.model.customRoles.filter((c) => c.valid).length} custom role(s)`);
      for (const u of f.model.users) {
        const login = u.loginThrough ? `login through ${u.loginThrough.join(', ')}` : `login ${u.loginPossible ? 'possible' : 'impossible'}`;
        out.push(`  user ${JSON.stringify(u.name)}: ${u.rights.join(',') || 'no rights'}; password ${u.passwordKind}, ${login}`);
      }
      for (const c of f.model.customRoles) out.push(`  role ${JSON.stringify(c.name)}: ${c.valid ? c.rights.join(',') || 'no rights' : 'dropped'}`);
    }
  }
  return out.map((l) => `${l}\n`).join('');
}
