/** The output formats of `rudder-lint --format NAME`, one module each. */
import type { FormatContext, LintedFile } from '../report';
import { github } from './github';
import { gitlab } from './gitlab';
import { json } from './json';
import { junit } from './junit';
import { sarif } from './sarif';
import { text } from './text';

/** The whole output for the files linted, empty or ending with a newline. */
export type Format = (files: readonly LintedFile[], context: FormatContext) => string;

export const FORMATS = { text, json, sarif, github, gitlab, junit } satisfies Record<string, Format>;
export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as readonly FormatName[];
