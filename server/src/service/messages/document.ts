/** Messages about a document itself, whatever its kind. */
import type { MessageTable } from './catalogue';

export const DOCUMENT_MESSAGES = {
  'file-too-large': {
    skipped: {
      message: 'File over rudder.maxFileSizeMB ({limit} MB): only cheap checks ran',
      detail: 'This file is {size} MB. A real {file} is far smaller; raise rudder.maxFileSizeMB (or "maxFileSizeMB" in .rudder-lint.json, rudder-lint --max-file-size) to check it fully.',
    },
  },
} as const satisfies MessageTable;

/** One diagnostic standing for many findings of a rule (service/grouping.ts). */
export const GROUPED = {
  message: '{count} findings of {rule} in this file (too many to show one by one); the first {shown} are under Related',
} as const;
