/** The catalogue's number formatting: what `toLocaleString('en-US')` printed, without Intl. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber } from '../../server/src/service/messages/catalogue';

test("numbers read as toLocaleString('en-US') printed them", () => {
  const fixed = [0, 1, 12, 999, 1000, 1234, 65535, 100000, 1234567, -1, -1234, -999999, 0.5, 1.5, 2.25, 0.1, 12.3, 1234.5, 1234.56789, 0.0004, 0.0005, 2.0005, 99999.9999, -0.5, -1234.5678, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e20, 1e-7, 5.5e-4];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const drawn = Array.from({ length: 2000 }, (_, i) => (i % 2 ? Math.round(random() * 10 ** (i % 12)) : (random() - 0.5) * 10 ** (i % 9)));
  for (const n of [...fixed, ...drawn]) assert.equal(formatNumber(n), n.toLocaleString('en-US'), String(n));
});
