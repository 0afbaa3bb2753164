#!/usr/bin/env node
// `npx watchsync` in a clone: runs the CLI from its TypeScript source through tsx's loader, so nothing needs
// building first. The container image has its own `watchsync` that runs the built dist/ (deploy/watchsync.sh).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

try {
  require.resolve('tsx/cjs');
} catch {
  // A fresh clone before `npm start`: install the locked dependencies first, as `npm start` would.
  execFileSync('bash', [join(__dirname, '..', 'scripts', 'ensure-deps.sh')], { stdio: 'inherit' });
}
require('tsx/cjs');
require('../src/client/cli.ts');
