/**
 * The views' and `rudder-lint diff`/`upgrade`'s reader (`workspace/review.ts`) reads what `rudder.maxFileSizeMB`
 * allows, not a limit of its own, and says so when a file is over it instead of reporting on an empty file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessTable } from '../../server/src/service/review/table';
import { normalizeSettings } from '../../server/src/service/settings';
import { fileSide, loadAccess, upgradeReport, upgradeToMarkdown } from '../../server/src/workspace/review';

const B12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const FILE = '/etc/rudder/rudder-users.xml';
const text = `<authentication hash="bcrypt">\n${Array.from({ length: 40 }, (_, i) => `  <user name="u${i}" password="${B12}" role="administrator"/>\n`).join('')}</authentication>\n`;
const side = fileSide(FILE, 'users', { read: (f) => (f === FILE ? text : undefined), list: () => undefined });
/** A limit in MB just under and just over the file's size (about 3.5 KB). */
const under = (text.length - 1) / 1024 / 1024;
const over = (text.length + 1) / 1024 / 1024;

describe('the review reader and rudder.maxFileSizeMB', () => {
  test('a file within the setting is read, whatever the default', () => {
    const table = accessTable(loadAccess(side, normalizeSettings({ rudderVersion: '8.3', maxFileSizeMB: over })), { folder: '/etc/rudder', files: [] });
    assert.equal(table.rows.length, 40);
    assert.deepEqual(table.notRead, []);
  });

  test('a file over the setting is not read, and the table and the upgrade report say why', () => {
    const settings = normalizeSettings({ rudderVersion: '8.3', maxFileSizeMB: under });
    const table = accessTable(loadAccess(side, settings), { folder: '/etc/rudder', files: [] });
    assert.equal(table.rows.length, 0);
    assert.deepEqual(table.notRead, [`rudder-users.xml not read: it is over rudder.maxFileSizeMB (${under} MB), so it counts as empty here; raise the setting (or "maxFileSizeMB" in .rudder-lint.json, --max-file-size) to review it`]);
    const md = upgradeToMarkdown(upgradeReport(side, '8.3', '9.1', settings), 'Upgrade');
    assert.match(md, /^> rudder-users\.xml not read: it is over rudder\.maxFileSizeMB/m);
  });
});
