/**
 * Well-formedness as Rudder's parser decides it, delegated to @xmldom/xmldom. xmldom stops at the first fatal
 * error and reports 1-based line/column positions; this module turns them into document offsets and never
 * throws. Recoverable xmldom errors (an undefined entity, a bare `&`) are fatal for the JVM's parser, so they
 * count as syntax errors too.
 */
import { DOMParser } from '@xmldom/xmldom';
import { lineStarts } from '../text';
import type { OffsetRange } from './scan';

export interface SyntaxProblem {
  range: OffsetRange;
  message: string;
}

export interface WellFormedness {
  problems: SyntaxProblem[];
  /** Name of the document element xmldom built, when it got that far. */
  rootName?: string;
}

const BOM = '\uFEFF';
/** Rudder stops at the first error; past this many, xmldom's recoveries (each over the rest of the text) are not worth it. */
const MAX_PROBLEMS = 20;
const STOP = new Error('too many XML errors');

export function checkWellFormed(text: string): WellFormedness {
  const bom = text.startsWith(BOM) ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  let starts: number[] | undefined;
  const problems: SyntaxProblem[] = [];
  const toRange = (line: number | undefined, column: number | undefined): OffsetRange => {
    starts ??= lineStarts(body);
    const l = Math.min(Math.max((line ?? 1) - 1, 0), starts.length - 1);
    const start = Math.min(starts[l] + Math.max((column ?? 1) - 1, 0), body.length);
    return { start: start + bom, end: tokenEnd(body, start) + bom };
  };
  let rootName: string | undefined;
  const parser = new DOMParser({
    locator: true,
    normalizeLineEndings: (s: string) => s,
    onError: (level, message, context) => {
      if (level === 'warning') return;
      if (problems.length >= MAX_PROBLEMS) throw STOP;
      const loc = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
      const clean = cleanMessage(message);
      problems.push({ range: refine(text, toRange(loc?.lineNumber, loc?.columnNumber), clean), message: clean });
    },
  });
  try {
    const doc = parser.parseFromString(body, 'text/xml');
    rootName = doc.documentElement?.nodeName;
  } catch (e) {
    if (e === STOP) return { problems: dedupe(problems), rootName };
    const err = e as { message?: string; locator?: { lineNumber?: number; columnNumber?: number } };
    const message = cleanMessage(String(err.message ?? e));
    if (!problems.some((p) => p.message === message)) problems.push({ range: refine(text, toRange(err.locator?.lineNumber, err.locator?.columnNumber), message), message });
  }
  return { problems: dedupe(problems), rootName };
}

/**
 * xmldom locates some errors at the enclosing start tag; point at the culprit instead when the message names it:
 * the mismatched end tag, or the undefined entity reference.
 */
function refine(text: string, at: OffsetRange, message: string): OffsetRange {
  const mismatch = /tag mismatch: "[^"]*" != "([^"]*)"/.exec(message);
  const entity = /entity not found:(&[^;\s]*;)/.exec(message);
  const needle = mismatch ? `</${mismatch[1]}` : entity?.[1];
  if (!needle) return at;
  const found = text.indexOf(needle, at.start);
  if (found < 0) return at;
  const close = mismatch ? text.indexOf('>', found) : -1;
  return { start: found, end: close >= 0 ? close + 1 : found + needle.length };
}

/** xmldom's first message line, with any quoted text that is not an XML name redacted (it may be file content). */
function cleanMessage(message: string): string {
  return message
    .split('\n')[0]
    .replace(/^\[xmldom [^\]]*\]\s*/, '')
    .replace(/(['"])(.*?)\1/g, (all, q: string, inner: string) => (/^[A-Za-z_:][-\w:.]*$/.test(inner) ? all : `${q}…${q}`))
    .trim();
}

function dedupe(problems: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.range.start}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Extend a position to the end of the token under it (at least one character), for a readable squiggle. */
function tokenEnd(text: string, start: number): number {
  let end = start;
  if (text[end] === '<') end++;
  while (end < text.length && end - start < 80 && !/[\s<>]/.test(text[end])) end++;
  if (text[end] === '>') end++;
  return Math.max(end, Math.min(start + 1, text.length));
}
