#!/usr/bin/env node
// The smoke tests (@smoke in suite/) against the PACKAGED extension: ./rudder-security-config.vsix is installed
// into the throw-away extensions dir of a real VS Code (run.js --vsix) and tested there, not the source folder.
// Builds nothing: `npm run package` makes the .vsix; when it is missing this fails (exit 2) and says so.
// Usage: node test/vscode/run-vsix.js [run.js options, e.g. --verbose]; the Problems panel goes to
// test-results/problems-vsix.png.
'use strict';
const path = require('node:path');
const { ROOT, exitWith, run } = require('./run');

exitWith(run([
  '--vsix', path.join(ROOT, 'rudder-security-config.vsix'),
  '--grep', '@smoke',
  '--screenshot', path.join(ROOT, 'test-results/problems-vsix.png'),
  ...process.argv.slice(2),
]));
