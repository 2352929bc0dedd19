/**
 * Every message the service shows, apart from the logic that decides to show it: tables keyed by rule id and
 * variant (`messages/<kind>.ts`), each entry a template with `{name}` placeholders. The arguments are typed
 * from the template itself, so a missing or misspelt argument does not compile, and they can only be:
 *
 * - a `Name`: a user, role or property key name read from the file — the only file text Rudder itself logs,
 *   and so the only file text a message may repeat (shown truncated, so a message stays short);
 * - a `Fact`: text from this project's own knowledge (an algorithm, a version label, the accepted values);
 * - a number, or a list of names and facts.
 *
 * A password value is neither, so it cannot reach a message without a deliberate, visible `nameOf`/`fact`.
 *
 * An entry is a short message (what happens, first), optionally with a `detail` for the hover and the docs.
 * The tables have the shape of an `@vscode/l10n` bundle once flattened (`scripts/generate.mjs` writes
 * `l10n/bundle.l10n.json` from them), so a translation is a bundle of the same keys.
 */
import type { RuleId } from '../rules';

declare const NAME: unique symbol;
declare const FACT: unique symbol;
/** A name Rudder logs (user, role, property key), read from the file. */
export type Name = string & { readonly [NAME]: true };
/** Text from this project's knowledge of Rudder, never from the file. */
export type Fact = string & { readonly [FACT]: true };
export type Arg = Name | Fact | number | readonly (Name | Fact)[];

/** Mark text read from a name attribute or a property key as a name (cut at `MAX_NAME_LENGTH`). */
export function nameOf(text: string): Name {
  return (text.length > MAX_NAME_LENGTH ? `${text.slice(0, MAX_NAME_LENGTH - 1)}…` : text) as Name;
}

/** Mark text of this project's own knowledge as a fact. */
export function fact(text: string): Fact {
  return text as Fact;
}

export type Entry = string | { readonly message: string; readonly detail: string };
export type MessageTable = { readonly [R in RuleId]?: { readonly [variant: string]: Entry } };

type Letter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z' | Uppercase<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z'>;
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** `P` when it is a placeholder name as `render` reads it (a letter, then letters and digits), else never. */
type Ident<P extends string, Whole extends string = P> = P extends `${infer C}${infer R}` ? (C extends (P extends Whole ? Letter : Letter | Digit) ? Ident<R, Whole> : never) : P extends Whole ? never : Whole;
/** The `{name}` placeholders of a template; other braces (`{0}`, `${…}`, a lone `{`) are text. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}`
  ? P extends `${string}{${infer Q}`
    ? Placeholders<`{${Q}}${Rest}`>
    : Ident<P> | Placeholders<Rest>
  : never;
type Templates<E> = E extends string ? E : E extends { message: infer M; detail: infer D } ? M | D : never;
/** The arguments an entry needs: one per placeholder of its templates. */
export type ArgsOf<E> = { readonly [K in Placeholders<Templates<E>>]: Arg };

/** Names longer than this are cut (by `nameOf`): a message stays readable (and bounded) whatever the file holds. */
export const MAX_NAME_LENGTH = 40;

/**
 * A number as `toLocaleString('en-US')` prints it (thousands grouped with commas, at most three decimals, rounded
 * half away from zero), whatever the process's locale and without the cost of `Intl` on every message. The
 * values no message holds (non-finite, -0, ≥ 1e21) are left to `Intl`.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n) || Object.is(n, -0) || Math.abs(n) >= 1e21) return n.toLocaleString('en-US');
  const rounded = Number.isInteger(n) ? n : Math.sign(n) * (Math.round(Math.abs(n) * 1000) / 1000);
  const [int, frac] = String(rounded).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

function show(arg: Arg): string {
  if (typeof arg === 'number') return formatNumber(arg);
  if (typeof arg === 'string') return arg;
  return arg.map((a) => `'${show(a)}'`).join(', ');
}

/** Each template cut once into text and placeholder names, alternately (the templates are the catalogue's: finite). */
const COMPILED = new Map<string, string[]>();

function compiled(template: string): string[] {
  let parts = COMPILED.get(template);
  if (!parts) {
    parts = template.split(/\{([A-Za-z][A-Za-z0-9]*)\}/);
    COMPILED.set(template, parts);
  }
  return parts;
}

export function render(template: string, args: Readonly<Record<string, Arg>>): string {
  const parts = compiled(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (parts[i] in args ? show(args[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
  return out;
}

export interface Text {
  message: string;
  detail?: string;
}

export function textOf(entry: Entry, args: Readonly<Record<string, Arg>>): Text {
  return typeof entry === 'string' ? { message: render(entry, args) } : { message: render(entry.message, args), detail: render(entry.detail, args) };
}

/** `{ 'rule/variant': template, 'rule/variant/detail': template }`: the l10n bundle shape of some tables. */
export function flatten(...tables: MessageTable[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    for (const [rule, variants] of Object.entries(table)) {
      for (const [variant, entry] of Object.entries(variants as Record<string, Entry>)) {
        if (typeof entry === 'string') out[`${rule}/${variant}`] = entry;
        else {
          out[`${rule}/${variant}`] = entry.message;
          out[`${rule}/${variant}/detail`] = entry.detail;
        }
      }
    }
  }
  return out;
}
