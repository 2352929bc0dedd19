/**
 * Test-document markers: `[[…]]` marks expected ranges (in order), `|` marks the cursor. The markers are removed
 * from the text; offsets refer to the clean text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyze, getDiagnostics, parse } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';
import type { UsersContext } from '../../server/src/service/users/evaluate';

export interface Marked {
  text: string;
  ranges: { start: number; end: number }[];
  cursor?: number;
}

export function markers(input: string, withCursor = true): Marked {
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  let text = '';
  let cursor: number | undefined;
  for (let i = 0; i < input.length; i++) {
    if (input.startsWith('[[', i)) {
      open.push(text.length);
      i++;
    } else if (input.startsWith(']]', i) && open.length) {
      ranges.push({ start: open.pop()!, end: text.length });
      i++;
    } else if (withCursor && input[i] === '|' && cursor === undefined) {
      cursor = text.length;
    } else text += input[i];
  }
  ranges.sort((a, b) => a.start - b.start);
  return { text, ranges, cursor };
}

/** The repository root (tests run from `out/test/unit/`). */
export const REPO = path.resolve(__dirname, '../../..');

export function fixture(...parts: string[]): string {
  return fs.readFileSync(path.join(REPO, 'test', 'fixtures', ...parts), 'utf8');
}

export function usersDoc(text: string): TextDocument {
  return TextDocument.create('file:///etc/rudder-users.xml', 'xml', 1, text);
}

export function diagnose(text: string, settings: Partial<Settings> = {}, context: UsersContext = {}): Diagnostic[] {
  const s = { ...DEFAULT_SETTINGS, ...settings };
  return getDiagnostics(usersDoc(text), analyze(parse(text, 'users'), s, { users: context }), s);
}

export const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'] as const;
