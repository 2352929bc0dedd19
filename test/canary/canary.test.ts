/**
 * The canary suite: fuzzed files whose every secret (and every value under a key or attribute that looks like
 * one) is a canary (see `files.ts`), through every feature of the bundled server over stdio, with verbose
 * tracing, pull and push diagnostics, and through every output format of `rudder-lint` (lint, `diff`, `upgrade`). No window of any canary
 * may appear in anything the tools send or print: responses, notifications, `window/logMessage`, `$/logTrace`,
 * stderr, stdout.
 */
// @tier protocol
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { checkWellFormedBytes } from '../../server/src/service/xml/wellFormed';
import { nextDiagnostics, openDocument, startServer, stopServer, type Session } from '../protocol/session';
import { BROKEN_XML, canaryFiles, WINDOW, windows, type Canary, type CanaryFiles } from './files';

const SEED = 1010;
const VARIANTS = 4;
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** Every string in a stream of LSP messages (bodies parsed from the wire): values and keys. */
function sentStrings(wire: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (out.push(k), walk(x)));
  };
  for (const body of wire.split(/Content-Length: \d+\r\n\r\n/).filter(Boolean)) walk(JSON.parse(body));
  return out;
}

/**
 * The canaries with a window found in `texts`, each with the window and the text around it. One pass over
 * each distinct text, looking every window of it up in a map of the canaries' windows.
 */
function leaks(canaries: Canary[], texts: string[]): string[] {
  const index = new Map<string, Canary>();
  for (const c of canaries) for (const w of windows(c)) index.set(w, c);
  const found = new Map<Canary, string>();
  for (const t of new Set(texts)) {
    for (let i = 0; i + WINDOW <= t.length; i++) {
      const c = index.get(t.substr(i, WINDOW));
      if (c && !found.has(c)) found.set(c, `${c.where}: ${JSON.stringify(t.substr(i, WINDOW))} in …${JSON.stringify(t.slice(Math.max(0, i - 80), i + 40))}…`);
    }
  }
  return [...found.values()];
}

/** The formats a `--help` lists on its `--format` line: `text|json|sarif`, or `NAME  text, json, sarif (…)`. */
function formatsOf(command: string[]): string[] {
  const help = spawnSync(process.execPath, [CLI, ...command, '--help'], { encoding: 'utf8' });
  const line = (help.stdout + help.stderr).split('\n').find((l) => /--format\b/.test(l)) ?? '';
  const piped = /--format ([\w-]+(?:\|[\w-]+)+)/.exec(line)?.[1];
  if (piped) return piped.split('|');
  return /([\w-]+(?:, [\w-]+)+)/.exec(line.replace(/.*--format \S+/, ''))?.[1].split(', ') ?? [];
}

interface Written {
  dir: string;
  files: { path: string; uri: string; kind: 'users' | 'properties'; text: string }[];
}

function write(variant: CanaryFiles, root: string, i: number): Written {
  const dir = path.join(root, `v${i}`);
  fs.mkdirSync(path.join(dir, 'rudder-web.properties.d'), { recursive: true });
  const put = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  put('rudder-users.xml', variant.users);
  put('rudder-web.properties', variant.properties);
  put('rudder-web.properties.d/10-override.properties', variant.override);
  return {
    dir,
    files: [
      { path: path.join(dir, 'rudder-users.xml'), uri: pathToFileURL(path.join(dir, 'rudder-users.xml')).href, kind: 'users', text: variant.users },
      { path: path.join(dir, 'rudder-web.properties'), uri: pathToFileURL(path.join(dir, 'rudder-web.properties')).href, kind: 'properties', text: variant.properties },
    ],
  };
}

/** Offsets of every character of the lines where a canary is spelt (its raw form may span lines). */
function canaryOffsets(text: string, canaries: Canary[]): number[] {
  const offsets = new Set<number>();
  for (const c of canaries) {
    for (let at = text.indexOf(c.raw); at >= 0; at = text.indexOf(c.raw, at + 1)) {
      let start = at;
      while (start > 0 && text[start - 1] !== '\n') start--;
      let end = at + c.raw.length;
      while (end < text.length && text[end] !== '\n') end++;
      for (let o = start; o <= end; o++) offsets.add(o);
    }
  }
  return [...offsets].sort((a, b) => a - b);
}

/** Every feature on one open document, in batches (the server answers them in order). */
async function exercise(s: Session, f: Written['files'][number], canaries: Canary[], pull: boolean): Promise<void> {
  const doc = TextDocument.create(f.uri, f.kind === 'users' ? 'xml' : 'properties', 1, f.text);
  const textDocument = { uri: f.uri };
  const whole: Range = { start: { line: 0, character: 0 }, end: doc.positionAt(f.text.length) };
  const req = (method: string, params: object) => s.conn.sendRequest(method, { textDocument, ...params });
  let diagnostics: Diagnostic[];
  if (pull) diagnostics = ((await req('textDocument/diagnostic', {})) as { items: Diagnostic[] }).items;
  else {
    const pushed = nextDiagnostics(s, f.uri);
    await openDocument(s, f.uri, f.text, doc.languageId);
    diagnostics = (await pushed).diagnostics;
  }
  const actions = [
    ...((await req('textDocument/codeAction', { range: whole, context: { diagnostics } })) as CodeAction[]),
    ...((await req('textDocument/codeAction', { range: whole, context: { diagnostics, only: ['source'] } })) as CodeAction[]),
  ];
  await Promise.all([
    req('textDocument/documentSymbol', {}),
    req('textDocument/foldingRange', {}),
    req('textDocument/inlayHint', { range: whole }),
    ...actions.map((a) => s.conn.sendRequest('codeAction/resolve', a)),
  ]);
  const offsets = canaryOffsets(f.text, canaries);
  for (let i = 0; i < offsets.length; i += 64) {
    await Promise.all(
      offsets.slice(i, i + 64).flatMap((o) => {
        const position: Position = doc.positionAt(o);
        const line = diagnostics.filter((d) => d.range.start.line <= position.line && d.range.end.line >= position.line);
        return [
          req('textDocument/hover', { position }),
          ...(o % 3 === 0 ? [req('textDocument/completion', { position })] : []),
          req('textDocument/definition', { position }),
          req('textDocument/references', { position, context: { includeDeclaration: true } }),
          req('textDocument/prepareRename', { position }),
          ...(o % 8 === 0 ? [req('textDocument/codeAction', { range: { start: position, end: position }, context: { diagnostics: line } })] : []),
        ];
      }),
    );
  }
  // An edit inside a canary line: the server re-analyses the new version (and logs nothing of it).
  const first = offsets[Math.floor(offsets.length / 2)] ?? 0;
  await s.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: f.uri, version: 2 },
    contentChanges: [{ range: { start: doc.positionAt(first), end: doc.positionAt(first + 1) }, text: '' }],
  });
  if (pull) await req('textDocument/diagnostic', {});
  else await nextDiagnostics(s, f.uri);
}

describe('canaries: no secret in any output', () => {
  let root: string;
  const variants: { files: CanaryFiles; written: Written }[] = [];
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rudder-canary-'));
    for (let i = 0; i < VARIANTS; i++) {
      const files = canaryFiles(SEED, i);
      variants.push({ files, written: write(files, root, i) });
    }
    BROKEN_XML.forEach((how, k) => {
      const files = canaryFiles(SEED, VARIANTS + k, how);
      variants.push({ files, written: write(files, root, VARIANTS + k) });
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the canaries are planted: every one is in its file, decoded by the tools as generated', () => {
    const all = variants.flatMap((v) => v.files.canaries);
    assert.ok(all.length >= VARIANTS * 15, `${all.length} canaries`);
    for (const v of variants) {
      const text = v.files.users + v.files.properties + v.files.override;
      for (const c of v.files.canaries) assert.ok(text.includes(c.raw), `${c.where}: ${JSON.stringify(c.raw)} is in the files`);
    }
    const specials = all.map((c) => c.decoded).join('');
    for (const ch of ['&', ';', '"', "'", ' ', '\t', '\n', 'é']) assert.ok(specials.includes(ch), `some canary has ${JSON.stringify(ch)}`);
    assert.ok(all.some((c) => c.where.includes('users') && c.raw.includes('\n')), 'some XML canary has a literal line end');
    assert.ok(all.some((c) => c.raw.includes('\\\n')), 'some canary is continued over lines');
    assert.ok(all.some((c) => /pasword|passwd|secret2/.test(c.where)), 'some canary is under a misspelt key');
  });

  test('the broken variants are broken where a canary is: Rudder rejects each of them', () => {
    const broken = variants.slice(VARIANTS);
    assert.equal(broken.length, BROKEN_XML.length);
    broken.forEach((v, k) => {
      const problems = checkWellFormedBytes(Buffer.from(v.files.users, 'utf8')).problems;
      assert.ok(problems.length > 0, `${BROKEN_XML[k]}: the users file is well-formed:\n${v.files.users}`);
    });
  });

  for (const pull of [true, false]) {
    test(`every feature over stdio (${pull ? 'pull' : 'push'} diagnostics, verbose trace)`, async () => {
      const s = await startServer({
        textDocument: { ...(pull ? { diagnostic: {} } : { publishDiagnostics: {} }), codeAction: { resolveSupport: { properties: ['edit'] } }, inlayHint: {}, foldingRange: {} },
        workspace: { configuration: true },
        window: { workDoneProgress: true },
      });
      s.settings = { bcrypt: { cost: 4 } };
      await s.conn.sendNotification('$/setTrace', { value: 'verbose' });
      const found: string[] = [];
      try {
        for (const v of variants) {
          if (pull) for (const f of v.written.files) await openDocument(s, f.uri, f.text, f.kind === 'users' ? 'xml' : 'properties');
          for (const f of v.written.files) await exercise(s, f, v.files.canaries, pull);
        }
      } finally {
        await stopServer(s);
      }
      const wire = s.wire.join('');
      assert.match(wire, /"method":"window\/logMessage"/, 'the server logged (window/logMessage is checked too)');
      const sent = [...sentStrings(wire), s.stderr.join('')];
      found.push(...leaks(variants.flatMap((v) => v.files.canaries), sent));
      assert.deepEqual(found, [], `${found.length} canaries leaked`);
    });
  }

  test('every rudder-lint format, with and without --explain', () => {
    const formats = formatsOf([]);
    assert.ok(formats.includes('sarif'), `formats from --help: ${formats.join(', ')}`);
    const found: string[] = [];
    for (const format of formats) {
      for (const explain of [false, true]) {
        for (const v of variants) {
          for (const target of [v.written.dir, v.written.files[0].path]) {
            const run = spawnSync(process.execPath, [CLI, '--format', format, ...(explain ? ['--explain'] : []), target], { encoding: 'utf8' });
            // --explain is refused (usage error) by the formats that have no place for it.
            if (explain && run.status === 2 && /explain/.test(run.stderr)) continue;
            assert.ok(run.status === 0 || run.status === 1, `--format ${format}${explain ? ' --explain' : ''} ${target}: exit ${run.status}\n${run.stderr}`);
            for (const leak of leaks(v.files.canaries, [run.stdout, run.stderr])) found.push(`--format ${format}${explain ? ' --explain' : ''}: ${leak}`);
          }
        }
      }
    }
    assert.deepEqual(found, [], `${found.length} canaries leaked`);
  });

  test('rudder-lint diff and upgrade, every format: both sides of a change, before and after an upgrade', () => {
    const found: string[] = [];
    const check = (args: string[], canaries: Canary[]) => {
      const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
      for (const leak of leaks(canaries, [run.stdout, run.stderr])) found.push(`${args.slice(0, 3).join(' ')}: ${leak}`);
    };
    const diffFormats = formatsOf(['diff']);
    const upgradeFormats = formatsOf(['upgrade']);
    assert.ok(diffFormats.length && upgradeFormats.length, `diff: ${diffFormats.join(', ')}; upgrade: ${upgradeFormats.join(', ')}`);
    variants.forEach((v, i) => {
      const next = variants[(i + 1) % variants.length];
      const canaries = [...v.files.canaries, ...next.files.canaries];
      for (const format of diffFormats) {
        check(['diff', '--format', format, v.written.dir, next.written.dir], canaries);
        check(['diff', '--format', format, v.written.files[1].path, next.written.files[1].path], canaries);
      }
      for (const format of upgradeFormats) for (const to of ['8.3', '9.2']) check(['upgrade', '--to', to, '--format', format, v.written.dir], v.files.canaries);
    });
    assert.deepEqual(found, [], `${found.length} canaries leaked`);
  });
});
