/**
 * Fingerprints of findings for SARIF and GitLab: sha256 of the rule, the file, what the finding is about in the
 * *model* (the user or custom role by name and the attribute, or the properties key and whether the key or the
 * value is flagged) and its occurrence among findings with the same rule and subject, in document order.
 *
 * Never the text of a value: a fingerprint of flagged text is an unsalted hash of whatever the text is, and a
 * plain-text password is recovered from it by dictionary, wherever it sits (next line, after a tab, on a
 * continuation line). No line number either, so edits elsewhere in the file keep the fingerprint. Names are
 * used only where they cannot be text that was meant as a value: users and roles of a well-formed file (in a
 * broken one the tolerant scan may take a password for a name), attribute names Rudder reads, `rudder.*` keys.
 */
import { createHash } from 'node:crypto';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../service/languageService';
import { lastAtOrBefore } from '../service/offsetIndex';
import type { PropertyEntry } from '../service/properties/javaProperties';
import { USERS_XML } from '../service/rudder';
import type { UsersModel } from '../service/users/model';
import { attribute, startTagAt } from '../service/xml/scan';

/** Bumped whenever the recipe changes, so that old and new fingerprints are never compared. */
export const FINGERPRINT_VERSION = 'rudderFinding/v2';

const ELEMENTS: readonly string[] = [USERS_XML.root, USERS_XML.user, USERS_XML.customRoles, USERS_XML.role];
const NAMED_ELEMENTS: readonly string[] = [USERS_XML.user, USERS_XML.role];
const ATTRIBUTES: ReadonlySet<string> = new Set([...USERS_XML.rootAttributes, ...USERS_XML.userAttributes, ...USERS_XML.roleAttributes, USERS_XML.ignoredRolesAttribute]);
/** Stands for a name that is left out. */
const OTHER = '?';

/** What the finding at `offset` is about, from the model. */
export function subjectAt(a: Analysis, offset: number): string[] {
  return a.kind === 'users' ? usersSubject(a.model, offset) : propertiesSubject(a.model.parsed.entries, offset);
}

function usersSubject(model: UsersModel, offset: number): string[] {
  if (model.syntax.length > 0) return [];
  const el = startTagAt(model.scan.roots, offset);
  if (!el) return [];
  const element = ELEMENTS.includes(el.name) ? el.name : OTHER;
  const name = NAMED_ELEMENTS.includes(el.name) ? (attribute(el, 'name')?.value ?? '') : '';
  const attr = el.attributes.find((x) => x.nameRange.start <= offset && offset <= (x.valueRange ? x.valueRange.end : x.nameRange.end));
  return [element, name, attr ? (ATTRIBUTES.has(attr.name) ? attr.name : OTHER) : ''];
}

function propertiesSubject(entries: readonly PropertyEntry[], offset: number): string[] {
  const entry = entries[lastAtOrBefore(entries, offset, (e) => e.logicalLineRange.start)];
  if (!entry || offset > entry.logicalLineRange.end) return [];
  const key = entry.key.startsWith('rudder.') ? entry.key : OTHER;
  return [key, offset < entry.keyRange.end ? 'key' : 'value'];
}

/** One fingerprint per diagnostic of `file` (its path as reported, relative to the working directory when below it). */
export function fingerprints(file: string, doc: TextDocument, a: Analysis, diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const identity = [String(d.code), ...subjectAt(a, doc.offsetAt(d.range.start))].join('\0');
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update([FINGERPRINT_VERSION, file, identity, String(occurrence)].join('\0')).digest('hex');
  });
}
