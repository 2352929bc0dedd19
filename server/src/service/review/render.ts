/**
 * An access diff in words: plain text for a terminal, markdown for a merge-request comment or a CI job summary
 * (a table per user, privilege escalations first). Passwords appear only as their shape ("bcrypt cost 12").
 */
import { ANY, isEmptyDiff, type AccessDiff, type UserChange } from './diff';
import type { AccessUser, TooLarge } from './access';

export function rightLabel(right: string): string {
  return right === ANY ? 'administrator (any)' : right;
}

export function passwordLabel(p: AccessUser['password'] | undefined): string {
  if (!p) return 'none';
  if (p.kind === 'bcrypt' && p.cost !== undefined) return `bcrypt cost ${p.cost}`;
  if (p.kind === 'plaintext') return 'not a hash';
  return p.kind;
}

export function tenantsLabel(t: AccessUser['tenants'] | undefined): string {
  if (t === undefined) return '—';
  if (t === 'all') return 'all tenants';
  if (t === 'none') return 'no tenant';
  return t.join(', ');
}

/** One line per fact of a user's change: `+node_write`, `login: possible → impossible (…)`, … */
export function userFacts(u: UserChange): string[] {
  const facts: string[] = [];
  if (u.change === 'added') facts.push('new user');
  if (u.change === 'removed') facts.push('user removed');
  for (const r of u.rightsGained) facts.push(`+${rightLabel(r)}`);
  for (const r of u.rightsLost) facts.push(`−${rightLabel(r)}`);
  if (u.login) facts.push(`login ${u.login.before ? 'possible' : 'impossible'} → ${u.login.after ? 'possible' : 'impossible'}${u.login.why ? ` (${u.login.why})` : ''}`);
  if (u.password) facts.push(`password changed: ${passwordLabel(u.password.before)} → ${passwordLabel(u.password.after)}`);
  if (u.tenants) facts.push(`tenants: ${tenantsLabel(u.tenants.before)} → ${tenantsLabel(u.tenants.after)}`);
  if (u.advice) facts.push(`to do: ${u.advice}`);
  return facts;
}

const ROLE_CHANGE: Record<AccessDiff['roles'][number]['change'], string> = {
  added: 'new custom role',
  removed: 'custom role removed',
  'became-invalid': 'now invalid: Rudder drops it',
  'became-valid': 'valid again',
  'became-empty': 'now grants nothing: its holders lose every right',
  rights: 'rights changed',
};

function roleFacts(r: AccessDiff['roles'][number]): string[] {
  return [ROLE_CHANGE[r.change], ...r.rightsGained.map((x) => `+${rightLabel(x)}`), ...r.rightsLost.map((x) => `−${rightLabel(x)}`)];
}

function propertyLine(p: AccessDiff['properties'][number]): string {
  const side = (s?: { value: string; source: string }) => (s ? `${s.value === '' ? '(empty)' : s.value} (${s.source})` : 'not read');
  return `${p.key}: ${side(p.before)} → ${side(p.after)}`;
}

const FILE_NAME: Record<TooLarge['file'], string> = { users: 'rudder-users.xml', properties: 'rudder-web.properties' };

/** Why a file's side of a review is empty: it was not read, being over `rudder.maxFileSizeMB`. */
export function tooLargeLine(t: TooLarge): string {
  return `${FILE_NAME[t.file]} not read: it is over rudder.maxFileSizeMB (${t.limitMB} MB), so it counts as empty here; raise the setting (or "maxFileSizeMB" in .rudder-lint.json, --max-file-size) to review it`;
}

export function diffToText(d: AccessDiff): string {
  if (isEmptyDiff(d)) return 'No change in who can log in, with which rights.\n';
  const out: string[] = [];
  if (d.rudderVersion.before !== d.rudderVersion.after) out.push(`Rudder ${d.rudderVersion.before} → ${d.rudderVersion.after}`);
  for (const t of d.tooLarge ?? []) out.push(tooLargeLine(t));
  if (d.usersFile) out.push(`rudder-users.xml: ${d.usersFile.before} → ${d.usersFile.after}${d.usersFile.after === 'rejected' ? ' (nobody from the file can log in after a restart)' : ''}`);
  if (d.escalations) out.push(`${d.escalations} privilege escalation(s)`);
  for (const u of d.users) out.push(`${u.escalation ? '! ' : ''}user ${JSON.stringify(u.name)}: ${userFacts(u).join('; ')}`);
  for (const r of d.roles) out.push(`role ${JSON.stringify(r.name)}: ${roleFacts(r).join('; ')}`);
  for (const p of d.properties) out.push(`property ${propertyLine(p)}`);
  for (const f of d.findings.added) out.push(`new ${f.severity} ${f.rule}: ${f.message}`);
  for (const f of d.findings.fixed) out.push(`fixed ${f.severity} ${f.rule}: ${f.message}`);
  return `${out.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

export function diffToMarkdown(d: AccessDiff, title = 'Rudder access review'): string {
  const out: string[] = [`### ${title}`, ''];
  if (isEmptyDiff(d)) return `${out.join('\n')}No change in who can log in, with which rights.\n`;
  const summary = [`Rudder ${d.rudderVersion.before === d.rudderVersion.after ? d.rudderVersion.after : `${d.rudderVersion.before} → ${d.rudderVersion.after}`}`];
  if (d.escalations) summary.push(`**${d.escalations} privilege escalation(s)**`);
  summary.push(`${d.users.length} user(s) changed`, `${d.findings.added.length} new finding(s)`, `${d.findings.fixed.length} fixed`);
  out.push(summary.join(' · '), '');
  for (const t of d.tooLarge ?? []) out.push(`> ${tooLargeLine(t)}`, '');
  if (d.usersFile) out.push(`> rudder-users.xml: **${d.usersFile.before} → ${d.usersFile.after}**`, '');
  for (const u of d.users) {
    out.push(`#### ${u.escalation ? '⚠️ ' : ''}\`${cell(u.name)}\` — ${u.change}`, '', '| change | detail |', '|---|---|');
    for (const fact of userFacts(u)) {
      const [head, ...rest] = fact.split(': ');
      out.push(rest.length ? `| ${cell(head)} | ${cell(rest.join(': '))} |` : `| ${cell(fact)} | |`);
    }
    out.push('');
  }
  if (d.roles.length) {
    out.push('#### Custom roles', '', '| role | change |', '|---|---|', ...d.roles.map((r) => `| \`${cell(r.name)}\` | ${cell(roleFacts(r).join('; '))} |`), '');
  }
  if (d.properties.length) {
    out.push('#### Effective properties', '', '| key | before | after |', '|---|---|---|');
    const side = (s?: { value: string; source: string }) => (s ? `\`${cell(s.value === '' ? '(empty)' : s.value)}\` (${cell(s.source)})` : 'not read');
    for (const p of d.properties) out.push(`| \`${p.key}\` | ${side(p.before)} | ${side(p.after)} |`);
    out.push('');
  }
  if (d.findings.added.length || d.findings.fixed.length) {
    out.push('#### Findings', '', '| | severity | rule | message |', '|---|---|---|---|');
    for (const f of d.findings.added) out.push(`| new | ${f.severity} | \`${f.rule}\` | ${cell(f.message)} |`);
    for (const f of d.findings.fixed) out.push(`| fixed | ${f.severity} | \`${f.rule}\` | ${cell(f.message)} |`);
    out.push('');
  }
  return out.join('\n');
}
