#!/usr/bin/env node
// The whole test suite: build, type-check, vitest. Ends with one plain line
// `N passed, M failed` (a failed build or type-check counts as one failure).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } }).status === 0;
const bin = (name) => join(root, 'node_modules/.bin', name);

let failedSteps = 0;
console.log('> build');
if (!run(process.execPath, [join(root, 'scripts/build.mjs')])) failedSteps++;
console.log('> type-check (tsc --noEmit)');
if (!run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) failedSteps++;

const out = join(root, '.tmp');
mkdirSync(out, { recursive: true });
const report = join(out, 'vitest-report.json');
rmSync(report, { force: true });
console.log('> vitest');
run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
let passed = 0;
let failed = failedSteps;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that fails to load has no tests to count but is still a failure.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
