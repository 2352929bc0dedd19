/**
 * The files of `rudder-web.properties.d/` as Rudder reads them (rudder@9.1 RC:186,255-299): those ending in
 * `.properties`, `.prop` or `.config`, sorted by path, each loaded with `ConfigFactory.load(parseFile(f))`, later
 * files winning over earlier ones and all of them over the main file. `.properties` files are Java properties;
 * `.prop` and `.config` are HOCON (Typesafe Config picks the syntax by extension).
 *
 * HOCON is read here only as far as the checks need, in linear time: `path = value` and `path : value` lines with
 * an unquoted or a double-quoted value. An unquoted value holding a character HOCON reserves (`$ " { } [ ] : = , +
 * # \` ^ ? ! @ * & \\`, or `//`) makes lightbend/config fail (`Tokenizer.notInUnquotedText`, or an unresolved `${…}`:
 * each file is resolved alone), so Rudder does not start: `override-unreadable`. Everything else (objects,
 * arrays, includes, triple-quoted strings, `+=`) is not read and is counted as not checked. The npm HOCON parsers
 * are not used: the maintained one is asynchronous, reads includes from disk and the network, and adds its own
 * syntax (`|` transforms), none of which lightbend/config does.
 */
import { parseJavaProperties, effectiveEntries } from './javaProperties';

export interface OverrideValue {
  value: string;
  /** 0-based line in its file. */
  line: number;
}

export interface OverrideProblem {
  line: number;
  /** What HOCON cannot read unquoted. */
  what: 'substitution' | 'brace' | 'colon' | 'reserved';
}

export interface PropertiesSource {
  /** Display name, e.g. 'rudder-web.properties.d/10-ldap.properties'. */
  name: string;
  syntax: 'properties' | 'hocon';
  /** The value of each key the file sets (the last one wins). */
  values: Map<string, OverrideValue>;
  /** HOCON: values that stop Rudder's start. */
  problems: OverrideProblem[];
  /** HOCON: lines not read. */
  unchecked: number;
}

/** The override files Rudder reads, by name. */
export const OVERRIDE_FILE = /\.(properties|prop|config)$/;

export function overrideSource(name: string, text: string): PropertiesSource {
  if (name.endsWith('.properties')) {
    const values = new Map([...effectiveEntries(parseJavaProperties(text))].map(([k, e]) => [k, { value: e.value, line: e.line }]));
    return { name, syntax: 'properties', values, problems: [], unchecked: 0 };
  }
  return readHocon(name, text);
}

const PATH = /^\s*((?:[A-Za-z0-9_-]+|"[^"\\\n]*")(?:\.(?:[A-Za-z0-9_-]+|"[^"\\\n]*"))*)\s*(=|:)\s*/;
const RESERVED = '$"{}[]:=,+#`^?!@*&\\';

function readHocon(name: string, text: string): PropertiesSource {
  const source: PropertiesSource = { name, syntax: 'hocon', values: new Map(), problems: [], unchecked: 0 };
  const substitutions: { path: string; line: number }[] = [];
  let depth = 0;
  text.split(/\r\n|\n|\r/).forEach((raw, line) => {
    const trimmed = raw.trim();
    if (depth > 0) {
      source.unchecked++;
      depth = Math.max(0, depth + braceBalance(trimmed));
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    const m = PATH.exec(raw);
    if (!m) {
      source.unchecked++;
      depth = Math.max(0, braceBalance(trimmed));
      return;
    }
    const segments = [...m[1].matchAll(/"([^"\\\n]*)"|([A-Za-z0-9_-]+)/g)].map((x) => x[1] ?? x[2]);
    // A quoted segment holding a dot is one path element, which no dotted key of rudder-web.properties names.
    if (segments.some((x) => x.includes('.'))) {
      source.unchecked++;
      return;
    }
    const key = segments.join('.');
    const rest = raw.slice(m[0].length).trimEnd();
    if (rest.startsWith('"""') || rest.startsWith('[') || rest.startsWith('{')) {
      source.unchecked++;
      depth = Math.max(0, braceBalance(rest));
      return;
    }
    const value = rest.startsWith('"') ? quoted(rest) : unquoted(rest, line, substitutions, source.problems);
    const decided = source.problems[source.problems.length - 1]?.line === line || substitutions[substitutions.length - 1]?.line === line;
    if (value === undefined && !decided) source.unchecked++;
    else if (value !== undefined) source.values.set(key, { value, line });
  });
  // A substitution of a key of the same file resolves (each file is resolved alone, ConfigFactory.load): not checked.
  for (const s of substitutions) {
    if (!source.values.has(s.path)) source.problems.push({ line: s.line, what: 'substitution' });
    else source.unchecked++;
  }
  return source;
}

/** A JSON string at the start of `s`, when nothing but a comment follows it. */
function quoted(s: string): string | undefined {
  let i = 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  const after = s.slice(i + 1).trim();
  if (i >= s.length || (after !== '' && !after.startsWith('#') && !after.startsWith('//'))) return undefined;
  try {
    return JSON.parse(s.slice(0, i + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * An unquoted value up to a comment; a reserved character in it is a problem (lightbend/config
 * `Tokenizer.notInUnquotedText`). Not read (undefined, no problem): a concatenation with a quoted string, an
 * optional substitution `${?…}`, a substitution (decided once the file is read).
 */
function unquoted(s: string, line: number, substitutions: { path: string; line: number }[], problems: OverrideProblem[]): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '/' && s[i + 1] === '/') || c === '#') return s.slice(0, i).trim();
    if (!RESERVED.includes(c)) continue;
    if (c === '"' || (c === '$' && s.startsWith('${?', i))) return undefined;
    if (c === '$' && s[i + 1] === '{') {
      const close = s.indexOf('}', i);
      substitutions.push({ path: s.slice(i + 2, close < 0 ? s.length : close).trim(), line });
      return undefined;
    }
    problems.push({ line, what: c === '{' || c === '}' ? 'brace' : c === ':' ? 'colon' : 'reserved' });
    return undefined;
  }
  return s.trim();
}

function braceBalance(s: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i - 1] !== '\\') inString = !inString;
    else if (!inString && (c === '{' || c === '[')) n++;
    else if (!inString && (c === '}' || c === ']')) n--;
  }
  return n;
}
