// rudder-lint(1) in roff, generated from `rudder-lint --help` so that the man page never drifts from the CLI.
// The help text's layout: "Usage:" lines up to the first blank line, then paragraphs; an item is a line indented
// by two spaces ("  --flag VALUE  what it does", the description at the column the other items use), lines
// indented deeper continue it; a line ending with ":" is a subsection; "Exit status:" ends it.

/** Escape text for roff: backslashes, minus signs, and a leading control character. */
function esc(s) {
  return s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/, '\\&$1');
}

/** @returns {string} the man page for `help` (the --help output), `version` and `date` (YYYY-MM-DD). */
export function manPage(help, version, date) {
  const lines = help.replace(/\n+$/, '').split('\n');
  const synopsis = [];
  let i = 0;
  for (; i < lines.length && lines[i].trim() !== ''; i++) synopsis.push(lines[i].replace(/^Usage:\s*/, '').trim());
  // The column where item descriptions start, for an item whose term leaves a single space before it.
  const starts = lines.map((l) => /^ {2}\S.*? {2,}(?=\S)/.exec(l)?.[0].length).filter(Boolean);
  const column = starts.sort((a, b) => starts.filter((x) => x === b).length - starts.filter((x) => x === a).length)[0];
  const body = [];
  let exitStatus = '';
  let inItems = false;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      inItems = false;
      body.push('.PP');
    } else if (/^Exit status:/i.test(line)) {
      exitStatus = [line.replace(/^Exit status:\s*/i, ''), ...lines.slice(i + 1).map((l) => l.trim())].join(' ').trim();
      break;
    } else if (/^ {2}\S/.test(line)) {
      let [, term, text] = /^ {2}(\S.*?)(?: {2,}(\S.*))?$/.exec(line);
      if (!text && column && line.length > column && line[column - 1] === ' ' && line[column] !== ' ') {
        [term, text] = [line.slice(2, column).trim(), line.slice(column)];
      }
      body.push(inItems ? '.TP' : '.TP 24', `.B ${esc(term)}`);
      if (text) body.push(esc(text));
      inItems = true;
    } else if (/^ {3,}\S/.test(line)) {
      body.push(esc(line.trim()));
    } else if (/:$/.test(line)) {
      inItems = false;
      body.push(`.SS ${esc(line.slice(0, -1))}`);
    } else {
      body.push(esc(line));
    }
  }
  while (body[0] === '.PP') body.shift();
  const collapsed = body.filter((l, k) => !(l === '.PP' && (body[k + 1] === undefined || body[k + 1] === '.PP' || body[k + 1].startsWith('.SS'))));
  return [
    `.TH RUDDER\\-LINT 1 "${date}" "rudder\\-lint ${esc(version)}" "User Commands"`,
    '.SH NAME',
    "rudder\\-lint \\- check Rudder's rudder\\-users.xml and rudder\\-web.properties",
    '.SH SYNOPSIS',
    '.nf',
    ...synopsis.map(esc),
    ...(synopsis.some((l) => /^rudder-lint lsp\b/.test(l)) ? [] : ['rudder\\-lint lsp \\-\\-stdio']),
    '.fi',
    '.SH DESCRIPTION',
    ...collapsed,
    '.SH LANGUAGE SERVER',
    '.B rudder\\-lint lsp \\-\\-stdio',
    'runs the language server of the same checks over standard input and output,',
    'for editors with a Language Server Protocol client (Vim with ALE or vim\\-lsp, Neovim, Emacs, Helix, Zed).',
    ...(exitStatus ? ['.SH EXIT STATUS', esc(exitStatus)] : []),
    '.SH FILES',
    '.TP',
    '.I /opt/rudder/etc/rudder\\-users.xml',
    'users, their password hashes and roles',
    '.TP',
    '.I /opt/rudder/etc/rudder\\-web.properties',
    'LDAP, sessions, HSTS and password hashing settings; files of',
    '.I rudder\\-web.properties.d/',
    'beside it override its keys',
    '.TP',
    '.I /usr/share/doc/rudder\\-lint/rules.md',
    'every rule: what it means, its default severity, its messages and quick fixes',
    '.TP',
    '.I /usr/share/doc/rudder\\-lint/cli.md',
    'the command line in full: options, output formats, configuration files, exit status',
    '.SH EXAMPLES',
    '.nf',
    'rudder\\-lint /opt/rudder/etc',
    'rudder\\-lint \\-\\-format sarif /opt/rudder/etc > rudder.sarif',
    '.fi',
    '.SH SEE ALSO',
    'The rule reference, online: https://github.com/rudder\\-tooling/rudder\\-security\\-config/blob/main/docs/rules.md',
    '',
  ].join('\n');
}
