/**
 * An upgrade, seen from the users file: the text Rudder X.Y' will have after its start-up rewrite of the root
 * attributes, and what to do about each user an upgrade costs something. Pure.
 */
import { startupRewrite, type RudderVersion } from '../rudder';
import type { UsersModel } from '../users/model';
import type { OffsetRange, XmlAttribute } from '../xml/scan';
import type { UserChange } from './diff';

export interface RewrittenUsers {
  text: string;
  /** The root attributes Rudder changes, in words (`hash="md5" → hash="argon2id"`). */
  changes: string[];
  /** Rudder re-serialises the whole file too (so more than these attributes changes in version control). */
  reserialised: boolean;
}

interface Edit {
  range: OffsetRange;
  newText: string;
}

function attributeWithSpace(text: string, a: XmlAttribute): OffsetRange {
  let start = a.nameRange.start;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return { start, end: a.valueRange ? a.valueRange.end + (a.valueClosed ? 1 : 0) : a.nameRange.end };
}

/** The users file after the start-up check of version `to`; undefined when that version rewrites nothing. */
export function rewriteAtStartup(model: UsersModel, to: RudderVersion): RewrittenUsers | undefined {
  const root = model.root;
  if (!root || root.startTagEnd === undefined) return undefined;
  const rewrite = startupRewrite(to, model.hash?.value, model.unsafeHashes?.value);
  if (!rewrite) return undefined;
  const edits: Edit[] = [];
  const changes: string[] = [];
  const last = root.attributes[root.attributes.length - 1];
  const insertAt = last ? (last.valueRange ? last.valueRange.end + (last.valueClosed ? 1 : 0) : last.nameRange.end) : root.nameRange.end;
  const set = (name: string, attr: XmlAttribute | undefined, value: string) => {
    if (attr?.value === value) return;
    changes.push(`${attr ? `${name}="${attr.value ?? ''}"` : `no ${name}`} → ${name}="${value}"`);
    if (attr?.valueRange && attr.valueClosed) edits.push({ range: attr.valueRange, newText: value });
    else if (attr) edits.push({ range: attributeWithSpace(model.text, attr), newText: ` ${name}="${value}"` });
    else edits.push({ range: { start: insertAt, end: insertAt }, newText: ` ${name}="${value}"` });
  };
  if (rewrite.hash !== undefined) set('hash', model.hash, rewrite.hash);
  if (rewrite.unsafeHashes === null && model.unsafeHashes) {
    changes.push(`unsafe-hashes="${model.unsafeHashes.value ?? ''}" removed`);
    edits.push({ range: attributeWithSpace(model.text, model.unsafeHashes), newText: '' });
  } else if (typeof rewrite.unsafeHashes === 'string') set('unsafe-hashes', model.unsafeHashes, rewrite.unsafeHashes);
  const text = edits
    .sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), model.text);
  return { text, changes, reserialised: rewrite.reserialised };
}

/** What an admin should do before upgrading, for a user the upgrade costs something. */
export function upgradeAdvice(u: UserChange): string | undefined {
  if (u.login && u.login.before && !u.login.after) return `set a new bcrypt password for '${u.name}' before upgrading (rudder-lint passwd ${u.name})`;
  if (u.change === 'removed') return `'${u.name}' is no longer loaded: check the findings on it`;
  if (u.rightsLost.length) return `check the roles of '${u.name}': it loses ${u.rightsLost.length} right(s)`;
  return undefined;
}
