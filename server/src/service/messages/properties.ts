/** Messages about rudder-web.properties, by rule and variant. */
import type { MessageTable } from './catalogue';

export const PROPERTIES_MESSAGES = {} as const satisfies MessageTable;
