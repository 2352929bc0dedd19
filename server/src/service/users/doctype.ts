/**
 * The evaluation's DOCTYPE pass: what the releases that read a DOCTYPE (Rudder 8.1 and older, `USERS_FILE`)
 * do with more of it than its internal entities. The model already holds the attributes the `<!ATTLIST>`
 * defaults give (`XmlAttribute.defaulted`), so every other pass of those releases reads the users and roles as
 * that parser delivers them (the other releases read `asWritten`); this pass says where those come from, and what the parser fetches from elsewhere (nothing is
 * fetched here: the service does no I/O). Where the start-up rewrite drops the DOCTYPE (9.0+), it says which
 * attributes the users lose with it. Pure, bounded by the declarations and the text, never throws.
 */
import { REWRITE_DROPS_DOCTYPE_DEFAULTS, REWRITE_TOLERATES_SYNTAX, USERS_FILE, USERS_XML, localName, type RudderVersion } from '../rudder';
import { finding, type Finding } from '../findings';
import { fact } from '../messages';
import { contentReferences, DEFAULTS_APPLIED_LIMIT, entityReach } from '../xml/dtd';
import type { XmlAttribute, XmlElement } from '../xml/scan';
import type { UsersModel } from './model';

/** The attributes Rudder reads on each element it reads, by local name. */
const READ: Record<string, readonly string[]> = {
  [USERS_XML.root]: USERS_XML.rootAttributes,
  [USERS_XML.user]: USERS_XML.userAttributes,
  [USERS_XML.role]: USERS_XML.roleAttributes,
};

/** Attributes whose default grants rights. */
const GRANTS: Record<string, readonly string[]> = { [USERS_XML.user]: ['role', 'permissions'], [USERS_XML.role]: ['permissions'] };

export function doctypePass(model: UsersModel, v: RudderVersion): Finding[] {
  const declarations = model.scan.declarations;
  const first = model.scan.doctypes[0];
  const reads = USERS_FILE.attributeDefaults.at(v);
  if (!first || (!reads && !REWRITE_DROPS_DOCTYPE_DEFAULTS.at(v))) return [];
  const versions = fact(reads ? USERS_FILE.attributeDefaults.label(v) : REWRITE_DROPS_DOCTYPE_DEFAULTS.label(v));
  const refusing = fact(USERS_FILE.doctypeRefused.labelWhere((x) => x)!);
  const findings: Finding[] = [];

  const elements: XmlElement[] = [...(model.root ? [model.root] : []), ...model.users.map((u) => u.element), ...model.roles.map((r) => r.element)];
  // One pass over the elements: how many share each list of defaults (the scan shares them), which names are
  // written; then how many got each default (by its declaration's offset), one pass over each distinct list.
  const lists = new Map<readonly XmlAttribute[], number>();
  const written = new Set<string>();
  for (const el of elements) {
    if (el.defaulted) lists.set(el.defaulted, (lists.get(el.defaulted) ?? 0) + 1);
    for (const a of el.attributes) written.add(`${el.name}\u0000${a.name}`);
  }
  const defaultedCount = new Map<number, number>();
  for (const [list, elementCount] of lists) for (const a of list) defaultedCount.set(a.nameRange.start, (defaultedCount.get(a.nameRange.start) ?? 0) + elementCount);
  for (const [element, list] of declarations?.attributes ?? []) {
    const local = localName(element);
    const read = READ[local];
    if (!read) continue;
    for (const d of list) {
      if (!read.includes(d.name)) continue;
      const count = defaultedCount.get(d.nameRange.start) ?? 0;
      const args = { versions, refusing, count, element: fact(local), attribute: fact(d.name) };
      if (!reads) {
        if (count > 0) findings.push(finding('dtd-attribute-default', 'lost', args, d.nameRange, { severity: 'warning' }));
        continue;
      }
      if (count > 0) {
        if (GRANTS[local]?.includes(d.name)) findings.push(finding('dtd-attribute-default', 'rights', args, d.nameRange, { severity: 'warning' }));
        else if (local === USERS_XML.user && d.name === 'password') findings.push(finding('dtd-attribute-default', 'password', args, d.nameRange, { severity: count > 1 ? 'warning' : 'information' }));
        else findings.push(finding('dtd-attribute-default', 'applied', args, d.nameRange));
      }
      if (d.tokenized && written.has(`${element}\u0000${d.name}`)) findings.push(finding('dtd-attribute-default', 'normalised', args, d.nameRange));
    }
  }
  const reach = entityReach(model.scan.entities);
  if (!reads) {
    // The 9.0+ rewrite writes an internal entity's replacement text where it is used in content (`xml/scalaXml.ts`).
    if (REWRITE_TOLERATES_SYNTAX.at(v)) {
      const markup = new Set([...reach].filter(([, r]) => r.markup).map(([name]) => name));
      for (const ref of contentReferences(model.text, first.end, markup)) findings.push(finding('dtd-not-modelled', 'elements', { versions }, ref.range));
    }
    return findings;
  }
  if (declarations?.truncated) findings.push(finding('dtd-not-modelled', 'tooManyDefaults', { versions, limit: DEFAULTS_APPLIED_LIMIT }, first));

  const fetched = USERS_FILE.externalResourcesFetched.at(v);
  for (const r of declarations?.references ?? []) {
    if (r.kind === 'internal-parameter') findings.push(finding('dtd-not-modelled', 'parameter', { versions }, r.range));
    else if (fetched) findings.push(finding('dtd-external-resource', r.kind === 'external-subset' ? 'subset' : 'parameter', { versions, refusing }, r.range));
  }
  const names = new Set([...reach].filter(([, r]) => r.external || r.markup).map(([name]) => name));
  for (const ref of contentReferences(model.text, first.end, names)) {
    const r = reach.get(ref.name)!;
    if (r.external && fetched) findings.push(finding('dtd-external-resource', 'entity', { versions }, ref.range));
    else if (r.markup) findings.push(finding('dtd-not-modelled', 'elements', { versions }, ref.range));
  }
  return findings;
}
