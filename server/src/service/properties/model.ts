/** The model of a `rudder-web.properties`: Java-exact entries with raw ranges, plus suppression directives. */
import { findSuppressions, type Suppression } from '../suppression';
import { textChange } from '../text';
import { parseJavaProperties, reparseJavaProperties, type ParsedProperties, type PropertyEntry } from './javaProperties';

export interface PropertiesModel {
  kind: 'properties';
  text: string;
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
 * differ are parsed again (`reparseJavaProperties`); equal to `parseProperties(text)`.
 */
export function reparseProperties(previous: PropertiesModel, text: string): PropertiesModel {
  if (previous.oversize) return parseProperties(text);
  if (previous.text === text) return previous;
  return modelOf(text, reparseJavaProperties(previous.parsed, previous.text, text, textChange(previous.text, text)));
}

function modelOf(text: string, parsed: ParsedProperties): PropertiesModel {
  return {
    kind: 'properties',
    text,
    parsed,
    suppressions: findSuppressions(
      text,
      parsed.comments.map((c) => c.range),
      (offset) => logicalLineEnd(parsed.entries, offset),
    ),
  };
}

/** The end of the logical line that starts at `offset` (a binary search: the entries are in file order), else `offset`. */
function logicalLineEnd(entries: readonly PropertyEntry[], offset: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = entries[mid].logicalLineRange;
    if (r.start < offset) lo = mid + 1;
    else if (r.start > offset) hi = mid - 1;
    else return r.end;
  }
  return offset;
}
