#!/usr/bin/env node
// `npm run bench:events`: the router on the three event formats that carry an HTTP request — REST
// API (v1), HTTP API (payload 2.0) and Lambda Function URL (2.0, `routeKey` `$default`, no path
// parameters: the router matches the path) — beside the peers that take all three
// (hono/aws-lambda, lambda-api), on the shared 50-route API. One run: every (peer, format) pair
// gets a warm round per round, in rotating order; reported as ratios measured in that run.
//   npm run bench:events               5 warm rounds of 2 s
//   npm run bench:events -- --quick    2 warm rounds of 0.5 s
// Exits 1 when a peer answers a v2 or URL event differently from its own answer to the v1 event.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const harness = join(bench, 'harness');
if (!existsSync(join(harness, 'node_modules'))) spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: harness, stdio: 'inherit' });

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const quick = args.includes('--quick');
const rounds = Number(opt('rounds', quick ? 2 : 5)), seconds = opt('seconds', quick ? '0.5' : '2');

const peers = { calix: join(bench, 'peers/calix.ts'), hono: join(harness, 'peers/hono/api.mjs'), 'lambda-api': join(harness, 'peers/lambda-api/api.mjs') };
const KINDS = ['mixed', 'v2', 'url'];
const LABEL = { mixed: 'REST v1', v2: 'HTTP API v2', url: 'Function URL' };

const { loadEsbuild, bundleOptions } = await import(pathToFileURL(join(harness, 'bundle.mjs')).href);
const esbuild = await loadEsbuild();
const outDir = join(harness, '.out'); mkdirSync(outDir, { recursive: true });
const bundles = {};
for (const [name, entry] of Object.entries(peers)) {
  bundles[name] = join(outDir, `events-${name}.mjs`);
  await esbuild.build(bundleOptions(entry, bundles[name], { alias: { calix: join(root, 'src/index.ts') } }));
}

// Correctness: on every format each peer gives the answers it gives on v1 (status and JSON body).
const { eventsOf } = await import(pathToFileURL(join(harness, 'events.mjs')).href);
const { lambdaContext } = await import(pathToFileURL(join(harness, 'lambda-context.mjs')).href);
let wrong = false;
for (const [name, file] of Object.entries(bundles)) {
  const { handler } = await import(pathToFileURL(file).href);
  const answers = {};
  for (const kind of KINDS) {
    answers[kind] = [];
    for (const e of eventsOf(kind, 200)) { const r = await handler(e, lambdaContext()); answers[kind].push(`${r.statusCode} ${r.statusCode === 200 ? JSON.stringify(JSON.parse(r.body)) : ''}`); }
  }
  for (const kind of ['v2', 'url']) {
    const i = answers[kind].findIndex((a, j) => a !== answers.mixed[j]);
    if (i >= 0) { wrong = true; console.log(`! ${name} on ${LABEL[kind]} events differs from its v1 answer at event ${i}: ${answers[kind][i]} vs ${answers.mixed[i]}`); }
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pairs = Object.keys(bundles).flatMap((p) => KINDS.map((k) => [p, k]));
const ops = Object.fromEntries(pairs.map(([p, k]) => [`${p}/${k}`, []]));
const vsPeer = {}; // `${kind}/${peer}` -> per-round calix ÷ peer
const vsV1 = {}; // `${peer}/${kind}` -> per-round peer(kind) ÷ peer(v1)
const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);
for (let r = 0; r < rounds; r++) {
  const round = {};
  for (const [p, k] of rotate(pairs, r)) {
    const run = spawnSync(process.execPath, [join(harness, 'warm.mjs'), bundles[p], seconds, k], { encoding: 'utf8' });
    if (run.status !== 0) { console.log(`! ${p} on ${k} failed: ${run.stderr.slice(0, 300)}`); wrong = true; continue; }
    round[`${p}/${k}`] = JSON.parse(run.stdout).opsPerSec; ops[`${p}/${k}`].push(round[`${p}/${k}`]);
  }
  for (const k of KINDS) for (const p of Object.keys(bundles)) {
    if (p !== 'calix' && round[`calix/${k}`] && round[`${p}/${k}`]) (vsPeer[`${k}/${p}`] ??= []).push(round[`calix/${k}`] / round[`${p}/${k}`]);
    if (k !== 'mixed' && round[`${p}/${k}`] && round[`${p}/mixed`]) (vsV1[`${p}/${k}`] ??= []).push(round[`${p}/${k}`] / round[`${p}/mixed`]);
  }
}

const f = (x, d) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const others = Object.keys(bundles).filter((p) => p !== 'calix');
console.log(`\nnode ${process.version}; ${rounds} warm rounds of ${seconds}s per (peer, format), one run; medians\n`);
console.log(`| format | ${Object.keys(bundles).map((p) => `${p} invokes/s`).join(' | ')} | ${others.map((p) => `calix ÷ ${p}`).join(' | ')} |`);
console.log(`|---|${Object.keys(bundles).map(() => '---').join('|')}|${others.map(() => '---').join('|')}|`);
for (const k of KINDS) {
  console.log(`| ${LABEL[k]} | ${Object.keys(bundles).map((p) => f(median(ops[`${p}/${k}`]), 0)).join(' | ')} | ${others.map((p) => `${f(median(vsPeer[`${k}/${p}`] ?? []), 1)}×`).join(' | ')} |`);
}
console.log(`\n| each peer on a format ÷ itself on REST v1 | ${Object.keys(bundles).join(' | ')} |`);
console.log(`|---|${Object.keys(bundles).map(() => '---').join('|')}|`);
for (const k of ['v2', 'url']) console.log(`| ${LABEL[k]} | ${Object.keys(bundles).map((p) => f(median(vsV1[`${p}/${k}`] ?? []), 3)).join(' | ')} |`);
if (wrong) process.exit(1);
