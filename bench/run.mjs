#!/usr/bin/env node
// `npm run bench`: the Calix router Lambda beside its peers on the shared 50-route API, reported
// as ratios to the hand-written baseline measured in the same run, and checked against the
// targets in DESIGN.md ("Performance targets").
//   npm run bench                       full run: 15 cold starts, 5 warm rounds of 2 s
//   npm run bench -- --quick            short run: 5 cold starts, 2 warm rounds of 0.5 s
//   npm run bench -- --only calix,hono  just those beside the baseline
// Other flags (--rounds, --seconds, --cold) go to the harness (bench/harness/run.mjs), which
// installs its own pinned peer dependencies into bench/harness/node_modules on first use.
// Exits 1 when Calix answers differently from the baseline or a run fails; missed targets are
// reported, not failed (the machine is shared and noisy; numbers are not assertions).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCalixBundle, printSize, SHIPPED_BUNDLE, SHIPPED_WITH_BANNER } from './size.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const resultsFile = join(bench, 'harness/.out/results.json');

export const TARGETS = {
  warmRatio: 0.5, // warm invocations/s ≥ 0.5× the baseline floor
  bundleKB: 16, // minified bundle of the 50-route routes-only app ≤ 16 KB
  importMs: 2.0, // cold import of that bundle ≤ 2.0 ms
  firstInvokeMs: 0.5, // first invoke after import ≤ 0.5 ms
  coldRatio: 1.05, // node start + import + first invoke ≤ 1.05× the baseline
};

const size = await measureCalixBundle();
printSize(size);
console.log('');

rmSync(resultsFile, { force: true });
const run = spawnSync(
  process.execPath,
  // The Calix peer runs as `calix package` ships it (size.mjs wrote it: an entry file with its lazy
  // chunks beside it), not bundled again; `calix+banner` is that bundle with the createRequire banner
  // the harness gives every other peer (and `calix package` only a bundle that needs it).
  [join(bench, 'harness/run.mjs'), '--bundled', `calix=${SHIPPED_BUNDLE}`, '--bundled', `calix+banner=${SHIPPED_WITH_BANNER}`,
    '--json', resultsFile, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
if (run.status !== 0 || !existsSync(resultsFile)) {
  console.error(`bench: the harness failed (exit ${run.status})`);
  process.exit(1);
}

const { results } = JSON.parse(readFileSync(resultsFile, 'utf8'));
const f = (x, d) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
console.log('\nratios to the baseline (same run):');
for (const r of results) {
  if (r.peer === 'baseline') continue;
  console.log(`  ${r.peer.padEnd(20)} warm ${f(r.warmRatio, 3)}×   cold process ${f(r.coldRatio, 3)}×   bundle ${f(r.bundleKB, 1)} KB   first invoke ${f(r.firstInvokeMs, 2)} ms${r.wrong ? '   WRONG ANSWERS' : ''}`);
}

const calix = results.find((r) => r.peer === 'calix');
if (!calix) process.exit(0); // --only without calix
const checks = [
  ['warm invokes/s ÷ baseline', calix.warmRatio, `≥ ${TARGETS.warmRatio}`, calix.warmRatio >= TARGETS.warmRatio, 3],
  ['bundle KB (minified)', calix.bundleKB, `≤ ${TARGETS.bundleKB}`, calix.bundleKB <= TARGETS.bundleKB, 1],
  ['cold import ms', calix.importMs, `≤ ${TARGETS.importMs}`, calix.importMs <= TARGETS.importMs, 2],
  ['first invoke ms', calix.firstInvokeMs, `≤ ${TARGETS.firstInvokeMs}`, calix.firstInvokeMs <= TARGETS.firstInvokeMs, 2],
  ['cold process ÷ baseline', calix.coldRatio, `≤ ${TARGETS.coldRatio}`, calix.coldRatio <= TARGETS.coldRatio, 3],
];
console.log('\n| calix | measured | target | |');
console.log('|---|---|---|---|');
for (const [what, v, target, ok, d] of checks) console.log(`| ${what} | ${f(v, d)} | ${target} | ${ok ? 'met' : 'MISSED'} |`);
if (calix.wrong) {
  console.error('\nbench: calix answers differently from the baseline (see the "!" line above)');
  process.exit(1);
}
