#!/usr/bin/env node
// `npm run bench:schema`: schema-typed routes (issue #15). The shared 50-route API whose 10 POST
// routes validate their JSON body with zod, warm, as a ratio to a hand-written floor doing the
// same zod parse (harness/peers/baseline-zod) in the same run; beside Hono with
// @hono/zod-validator on the same routes. All three parse with one zod copy (harness/order-schema.mjs).
//   npm run bench:schema                 5 cold runs, 5 warm rounds of 2 s
//   npm run bench:schema -- --quick      short run
// Two runs: the whole API (mixed events, as `npm run bench`), then the POST routes alone
// (`--events post`): DESIGN.md's target is per route with a body schema.
// Exits 1 when a peer answers differently from the floor or the run fails; a missed target is
// reported, not failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const resultsFile = join(bench, 'harness/.out/schema-results.json');
const TARGET = 0.8; // DESIGN.md: a route with a body schema (zod), warm, ≥ 0.8× the floor + the same zod parse

const args = process.argv.slice(2);
const peerArgs = [
  '--peer', `baseline=${join(bench, 'harness/peers/baseline-zod/api.mjs')}`,
  '--peer', `calix-zod=${join(bench, 'peers/calix-zod.ts')}`,
  '--peer', `hono-zod-validator=${join(bench, 'harness/peers/hono-zod/api.mjs')}`,
  '--only', 'calix-zod,hono-zod-validator',
  '--link', `calix=${join(root, 'src/index.ts')}`,
];

/** One harness run; `extra` picks the events. Returns its results. */
function harness(extra) {
  rmSync(resultsFile, { force: true });
  const run = spawnSync(process.execPath, [join(bench, 'harness/run.mjs'), ...peerArgs, '--json', resultsFile, ...extra, ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0 || !existsSync(resultsFile)) {
    console.error(`bench:schema: the harness failed (exit ${run.status})`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(resultsFile, 'utf8')).results;
}

// The whole 50-route API (the POSTs are a fifth of the events), then the schema routes alone.
const userCold = args.includes('--cold') || args.includes('--quick');
const mixed = harness(userCold ? [] : ['--cold', '5']);
const post = harness(['--events', 'post', ...(userCold ? [] : ['--cold', '1'])]);

const f = (x, d) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const line = (label, results) => {
  console.log(`\n${label}: warm ÷ floor + zod parse (same run; per-round ratios in parentheses)`);
  for (const r of results) if (r.peer !== 'baseline') console.log(`  ${r.peer.padEnd(20)} ${f(r.warmRatio, 3)}×  (${r.runs.warmRatio.map((x) => f(x, 2)).join(', ')})${r.wrong ? '   WRONG ANSWERS' : ''}`);
  const c = results.find((r) => r.peer === 'calix-zod'), h = results.find((r) => r.peer === 'hono-zod-validator');
  if (c && h) console.log(`  calix-zod ÷ hono-zod-validator: ${f(c.warmOpsPerSec / h.warmOpsPerSec, 1)}×`);
  return c;
};
const cm = line('50-route API, mixed events', mixed);
const cp = line('the 10 POST routes with a zod body schema alone', post);
console.log('\n| calix, zod body schema | measured | target | |');
console.log('|---|---|---|---|');
if (cp) console.log(`| POST routes alone, warm ÷ floor + zod parse | ${f(cp.warmRatio, 3)} | ≥ ${TARGET} | ${cp.warmRatio >= TARGET ? 'met' : 'MISSED'} |`);
if (cm) console.log(`| whole API (mixed events), warm ÷ floor + zod parse | ${f(cm.warmRatio, 3)} | ≥ 0.5 (the router's own target) | ${cm.warmRatio >= 0.5 ? 'met' : 'MISSED'} |`);
if ([...mixed, ...post].some((r) => r.wrong)) process.exit(1);
