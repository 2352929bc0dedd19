/**
 * "Did you mean" over many candidates goes through a trie (`closestIndex`) instead of a pass over every
 * candidate: it must answer what `closest` answers, in the same order, for seeded random candidate lists
 * (names that share prefixes, differ by case, lowercase to another length, are longer than the trie's depth or
 * repeat) and words made from them by a few edits, cut, extended, or unrelated; over and under the size from
 * which the trie is built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestIndex } from '../../server/src/service/closestIndex';
import { closest } from '../../server/src/service/text';
import { mulberry32 } from '../fuzz/random';

const ALPHABET = ['a', 'b', 'c', 'r', 'o', 'l', 'e', '-', '0', '1', '2', 'A', 'R', 'İ', 'ß', '_'];

function candidates(random: () => number, n: number): string[] {
  const pick = () => ALPHABET[Math.floor(random() * ALPHABET.length)];
  const word = (len: number) => Array.from({ length: len }, pick).join('');
  const stems = Array.from({ length: 8 }, () => word(1 + Math.floor(random() * 6)));
  return Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.02) return 'x'.repeat(260 + Math.floor(random() * 20));
    if (r < 0.5) return stems[Math.floor(random() * stems.length)] + word(Math.floor(random() * 5));
    return word(1 + Math.floor(random() * 12));
  });
}

function wordNear(random: () => number, list: readonly string[]): string {
  const pick = () => ALPHABET[Math.floor(random() * ALPHABET.length)];
  let w = list[Math.floor(random() * list.length)];
  const r = random();
  if (r < 0.1) return Array.from({ length: 1 + Math.floor(random() * 10) }, pick).join('');
  if (r < 0.2) return w.slice(0, 1 + Math.floor(random() * w.length));
  if (r < 0.25) return w + 'y'.repeat(Math.floor(random() * 250));
  for (let k = Math.floor(random() * 4); k > 0; k--) {
    const at = Math.floor(random() * (w.length + 1));
    const op = random();
    w = op < 0.33 ? w.slice(0, at) + pick() + w.slice(at) : op < 0.66 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + pick() + w.slice(at + 1);
  }
  return random() < 0.3 ? w.toUpperCase() : w;
}

test('closestIndex answers what closest answers, in its order', () => {
  const random = mulberry32(20261202);
  let compared = 0;
  for (const n of [10, 300, 300, 1000, 3000]) {
    const list = candidates(random, n);
    const index = closestIndex(list);
    for (let q = 0; q < 400; q++) {
      const word = wordNear(random, list);
      const max = 1 + Math.floor(random() * 3);
      assert.deepEqual(index(word, max), closest(word, list, max), `${JSON.stringify(word)} among ${n} candidates, max ${max}`);
      compared++;
    }
  }
  assert.equal(compared, 2000);
});
