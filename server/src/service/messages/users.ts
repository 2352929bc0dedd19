/** Messages about rudder-users.xml, by rule and variant. */
import type { MessageTable } from './catalogue';

export const USERS_MESSAGES = {} as const satisfies MessageTable;
