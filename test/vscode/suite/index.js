// extensionTestsPath: VS Code calls run() in the extension host once the workbench is up. Runs every
// *.test.js of this folder with mocha (tdd UI) and prints `N passed, N failed, N skipped` for the runner.
// $RUDDER_TEST_GREP (set by the runner's --grep) runs only the tests whose title matches it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, grep: process.env.RUDDER_TEST_GREP });
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, failures: failed, pending } = runner.stats;
      console.log(`${passes} passed, ${failed} failed, ${pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
};
