/**
 * The message catalogue: every table, and `say`, the one way a checker turns a rule, a variant and typed
 * arguments into text (see catalogue.ts for what an argument may be).
 */
import { textOf, type Arg, type ArgsOf, type Text } from './catalogue';
import { DOCUMENT_MESSAGES } from './document';
import { PROPERTIES_MESSAGES } from './properties';
import { USERS_MESSAGES } from './users';

export const CATALOGUE = { ...DOCUMENT_MESSAGES, ...USERS_MESSAGES, ...PROPERTIES_MESSAGES } as const;
export type Catalogue = typeof CATALOGUE;
export type MessageRule = keyof Catalogue;
export type VariantOf<R extends MessageRule> = keyof Catalogue[R] & string;

export function say<R extends MessageRule, V extends VariantOf<R>>(rule: R, variant: V, args: ArgsOf<Catalogue[R][V]>): Text {
  const entry = (CATALOGUE[rule] as Record<string, Parameters<typeof textOf>[0]>)[variant];
  return textOf(entry, args as Readonly<Record<string, Arg>>);
}

export { fact, flatten, nameOf, type Arg, type Fact, type Name, type Text } from './catalogue';
