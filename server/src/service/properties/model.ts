/** The model of a `rudder-web.properties`: Java-exact entries with raw ranges, plus suppression directives. */
import { findSuppressions, type Suppression } from '../suppression';
import { parseJavaProperties, type ParsedProperties } from './javaProperties';

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
  const parsed = parseJavaProperties(text);
  const logicalEnds = new Map(parsed.entries.map((e) => [e.logicalLineRange.start, e.logicalLineRange.end]));
  return {
    kind: 'properties',
    text,
    parsed,
    suppressions: findSuppressions(
      text,
      parsed.comments.map((c) => c.range),
      (offset) => logicalEnds.get(offset) ?? offset,
    ),
  };
}
