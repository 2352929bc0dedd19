/** The model of a `rudder-web.properties`: Java-exact entries with raw ranges, plus suppression directives. */
import { lastAtOrBefore } from '../offsetIndex';
import { findSuppressions, updateSuppressions, type Suppression } from '../suppression';
import { changedRegion, textChange, type ContentChange, type SourceText } from '../text';
import { parseJavaProperties, reparseJavaProperties, spliceOf, type ParsedProperties, type PropertyComment, type PropertyEntry } from './javaProperties';

export interface PropertiesModel {
  kind: 'properties';
  /** The text as the edit path reads it (the server's document keeps it in pieces). */
  source: SourceText;
  /** The text as one string, joined from `source` when first read. */
  readonly text: string;
  parsed: ParsedProperties;
  /** `# rudder-lint-disable-next-line …` directives. */
  suppressions: Suppression[];
  /** Set when the text was too large to parse (the model is then empty); `text` is the real text. */
  oversize?: { size: number; text: string };
}

export function parseProperties(text: string): PropertiesModel {
  return modelOf(text, parseJavaProperties(text));
}

/**
 * The model of `text`, from the model of an earlier text of the same document: only the logical lines that
 * differ are parsed again (`reparseJavaProperties`); equal to `parseProperties(text)`. `changes`, when known,
 * are the edits that led from the earlier text to this one (in order, each in the text the ones before it
 * left): the region they cover is what is read again; without them (or when they do not fit the texts), the
 * two texts are compared.
 */
export function reparseProperties(previous: PropertiesModel, text: SourceText, changes?: readonly ContentChange[]): PropertiesModel {
  if (previous.oversize) return parseProperties(text.toString());
  const change = (changes && changedRegion(changes, previous.source.length, text.length)) ?? textChange(previous.source, text);
  if (change.start === change.oldEnd && change.start === change.newEnd) return previous.source === text ? previous : modelWith(text, previous.parsed, previous.suppressions);
  const parsed = reparseJavaProperties(previous.parsed, previous.source, text, change);
  // The comments past what the reparse read again are the old ones, moved: none of them became a directive.
  return modelWith(text, parsed, updateSuppressions(previous.suppressions, change, text, parsed.comments, rangeOf, extentIn(parsed), spliceOf(parsed)?.resumed));
}

function modelOf(text: string, parsed: ParsedProperties): PropertiesModel {
  return modelWith(text, parsed, findSuppressions(text, parsed.comments, rangeOf, extentIn(parsed)));
}

function modelWith(source: SourceText, parsed: ParsedProperties, suppressions: Suppression[]): PropertiesModel {
  return {
    kind: 'properties',
    source,
    get text() {
      return source.toString();
    },
    parsed,
    suppressions,
  };
}

const rangeOf = (c: PropertyComment) => c.range;
const extentIn = (parsed: ParsedProperties) => (offset: number) => logicalLineEnd(parsed.entries, offset);

/** The end of the logical line that starts at `offset` (a binary search: the entries are in file order), else `offset`. */
function logicalLineEnd(entries: readonly PropertyEntry[], offset: number): number {
  const r = entries[lastAtOrBefore(entries, offset, (e) => e.logicalLineRange.start)]?.logicalLineRange;
  return r?.start === offset ? r.end : offset;
}
