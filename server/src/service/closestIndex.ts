/**
 * `closest` over a candidate list asked many times (the "did you mean" of a file's custom roles, 10,000 of them
 * in a big file, asked once per distinct unknown item): the candidates in a trie of their lowercased spellings,
 * walked with one row of the edit-distance table per node, so that a question visits the candidates within
 * reach of the word instead of every candidate. Answers exactly what `closest(word, candidates, max)` answers,
 * in the same order.
 */
import { closest, MAX_SUGGESTED_LENGTH, suggestionLimit } from './text';

/** Below this many candidates a pass over them is cheaper than building the trie. */
const TRIE_FROM = 256;
/**
 * How deep the trie goes: a word gets suggestions up to `MAX_SUGGESTED_LENGTH` characters, and a candidate
 * longer than the word by more than its limit can only match as one that starts with the word, which its first
 * `DEPTH` characters decide.
 */
const DEPTH = MAX_SUGGESTED_LENGTH + suggestionLimit(MAX_SUGGESTED_LENGTH);

interface Node {
  /** The next code units and their nodes, side by side (a walk reads them in a plain loop). */
  units: number[];
  next: Node[];
  /** Candidates (positions in the list) whose lowercased spelling, cut at `DEPTH`, ends here. */
  ends?: number[];
}

const child = (node: Node, unit: number): Node | undefined => node.next[node.units.indexOf(unit)];

interface Match {
  i: number;
  d: number;
}

/** `(word, max) => closest(word, candidates, max)`, built once for `candidates`. */
export function closestIndex(candidates: readonly string[]): (word: string, max: number) => string[] {
  const list = [...new Set(candidates)];
  if (list.length < TRIE_FROM) return (word, max) => closest(word, list, max);
  const root: Node = { units: [], next: [] };
  list.forEach((c, i) => {
    const lc = c.toLowerCase();
    let node = root;
    for (let k = 0; k < Math.min(lc.length, DEPTH); k++) {
      let next = child(node, lc.charCodeAt(k));
      if (!next) {
        next = { units: [], next: [] };
        node.units.push(lc.charCodeAt(k));
        node.next.push(next);
      }
      node = next;
    }
    (node.ends ??= []).push(i);
  });
  const lengths = list.map((c) => c.toLowerCase().length);

  return (word, max) => {
    if (word.length > MAX_SUGGESTED_LENGTH) return [];
    const limit = suggestionLimit(word.length);
    const lw = word.toLowerCase();
    const found = new Map<number, number>();
    // Candidates that start with the word: their distance is what they add to it.
    if (lw.length >= 3) {
      let node: Node | undefined = root;
      for (let k = 0; k < lw.length && node; k++) node = child(node, lw.charCodeAt(k));
      const stack = node ? [node] : [];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.ends) for (const i of n.ends) found.set(i, lengths[i] - lw.length);
        stack.push(...n.next);
      }
    }
    // The others within `bound` (0, 1, … up to the limit): once `max` are that close, no farther one is among the answers.
    for (let bound = 0, near = 0; bound <= limit && near < max; bound++) {
      within(root, lw, bound, (i, d) => {
        if (Math.abs(list[i].length - word.length) <= limit && !found.has(i)) found.set(i, d);
      });
      near = 0;
      for (const d of found.values()) if (d <= bound) near++;
    }
    const matches: Match[] = [...found].map(([i, d]) => ({ i, d }));
    return matches
      .sort((x, y) => x.d - y.d || list[x.i].localeCompare(list[y.i]) || x.i - y.i)
      .slice(0, max)
      .map(({ i }) => list[i]);
  };
}

/** One walk of the trie: the word, the bound, a row of the table per depth (reused by every branch), what it found. */
interface Walk {
  /** The word's lowercased code units. */
  units: Int32Array;
  bound: number;
  rows: Int32Array[];
  found: (i: number, d: number) => void;
}

/**
 * Every candidate of the trie at `root` whose lowercased spelling is within `bound` edits of `lw`, with its
 * distance: depth first, each node extending its parent's row of the table, a branch left as soon as its row
 * is over `bound` everywhere (no spelling below it can come back under). The depth stays under `lw.length + bound`.
 */
function within(root: Node, lw: string, bound: number, found: (i: number, d: number) => void): void {
  const units = Int32Array.from({ length: lw.length }, (_, j) => lw.charCodeAt(j));
  visit({ units, bound, rows: [Int32Array.from({ length: lw.length + 1 }, (_, j) => j)], found }, root, 0, 0);
}

function visit(w: Walk, node: Node, depth: number, least: number): void {
  const { units, bound } = w;
  const n = units.length;
  const prev = w.rows[depth];
  if (node.ends && prev[n] <= bound) for (const i of node.ends) w.found(i, prev[n]);
  if (node.units.length === 0) return;
  if (least < bound) {
    for (let k = 0; k < node.units.length; k++) step(w, node, k, depth);
    return;
  }
  // At the bound, a cell of the next row stays within it only by matching a unit of the word where this row is
  // within it: the other branches need no row.
  for (let j = 0; j < n; j++) {
    if (prev[j] > bound || stepped(units, prev, bound, j)) continue;
    const k = node.units.indexOf(units[j]);
    if (k >= 0) step(w, node, k, depth);
  }
}

/** Whether a unit before `j` within the bound is the same as `units[j]` (its branch is walked already). */
function stepped(units: Int32Array, prev: Int32Array, bound: number, j: number): boolean {
  for (let i = 0; i < j; i++) if (units[i] === units[j] && prev[i] <= bound) return true;
  return false;
}

/** The row of `node`'s `k`th branch, and the walk below it when the row is within the bound somewhere. */
function step(w: Walk, node: Node, k: number, depth: number): void {
  const { units, bound } = w;
  const n = units.length;
  const prev = w.rows[depth];
  const row = (w.rows[depth + 1] ??= new Int32Array(n + 1));
  const ch = node.units[k];
  let left = depth + 1;
  row[0] = left;
  let least = left;
  for (let j = 1; j <= n; j++) {
    let v = prev[j - 1] + (units[j - 1] === ch ? 0 : 1);
    if (prev[j] + 1 < v) v = prev[j] + 1;
    if (left + 1 < v) v = left + 1;
    row[j] = left = v;
    if (v < least) least = v;
  }
  if (least <= bound) visit(w, node.next[k], depth + 1, least);
}
