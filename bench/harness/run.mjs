#!/usr/bin/env node
// Side-by-side benchmark of Lambda HTTP routers on one shared 50-route API.
//   node run.mjs [--peer name=path/to/api.(ts|mjs)]... [--link pkg=path]... [--only a,b] [--rounds 5] [--seconds 2] [--cold 15]
//                [--bundled name=path/to/bundle.mjs]... [--quick] [--json out.json] [--events mixed|post]
// A peer module exports `handler(event, context)` implementing routes.mjs (see README.md).
// Paths given with --peer and --link are resolved from the current directory; --link lets a
// peer import a package from a local checkout (e.g. --link calix=.), as if it were installed.
// When the --link path is a file (e.g. --link calix=src/index.ts) the package name is aliased to
// that file, so a TypeScript checkout is bundled from its sources without a build step.
// --bundled runs a peer that is already a bundle as it is, not bundled again: Calix's shipped
// bundle (../size.mjs) loads chunk files beside it with import(), which bundling again would inline.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// First use: install the peers' pinned dependencies (package-lock.json) into ./node_modules.
if (!existsSync(join(here, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: here, stdio: 'inherit' });

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const peers = { baseline: join(here, 'peers/baseline/api.mjs'), hono: join(here, 'peers/hono/api.mjs'),
  'serverless-express': join(here, 'peers/express/api.mjs'), 'lambda-api': join(here, 'peers/lambda-api/api.mjs') };
const links = {}, aliases = {}, prebuilt = {};
args.forEach((a, i) => {
  if (a === '--peer') { const [n, p] = args[i + 1].split('='); peers[n] = resolve(p); }
  if (a === '--bundled') { const [n, p] = args[i + 1].split('='); peers[n] = prebuilt[n] = resolve(p); }
  if (a === '--link') { const [n, p] = args[i + 1].split('='); (statSync(resolve(p)).isFile() ? aliases : links)[n] = resolve(p); }
});
const only = opt('only', '');
if (only) for (const n of Object.keys(peers)) if (n !== 'baseline' && !only.split(',').includes(n)) delete peers[n];
const quick = args.includes('--quick'); // a short run: fewer rounds and cold starts, shorter warm rounds
const rounds = Number(opt('rounds', quick ? 2 : 5)), seconds = opt('seconds', quick ? '0.5' : '2'), coldRuns = Number(opt('cold', quick ? 5 : 15));
const jsonOut = opt('json', '');
// --events post: warm rounds over the POST events of the mixed set only (one route kind alone).
const eventsKind = opt('events', 'mixed');

const { loadEsbuild, bundleOptions } = await import('./bundle.mjs');
const esbuild = await loadEsbuild();
const outDir = join(here, '.out'); mkdirSync(outDir, { recursive: true });
const linkDir = join(outDir, 'links'); rmSync(linkDir, { recursive: true, force: true }); mkdirSync(linkDir);
for (const [name, path] of Object.entries(links)) symlinkSync(path, join(linkDir, name), 'dir');
const bundles = {};
for (const [name, entry] of Object.entries(peers)) {
  if (prebuilt[name]) { bundles[name] = entry; continue; }
  const outfile = join(outDir, `${name}.mjs`);
  await esbuild.build(bundleOptions(entry, outfile, { linkDir, alias: aliases }));
  bundles[name] = outfile;
}

// Correctness: every peer must answer like the baseline on the same events.
const { mixedEvents } = await import('./events.mjs');
const { lambdaContext } = await import('./lambda-context.mjs');
const sample = mixedEvents(200);
const answers = {};
for (const [name, file] of Object.entries(bundles)) {
  const { handler } = await import(pathToFileURL(file).href);
  answers[name] = [];
  for (const e of sample) { const r = await handler(structuredClone(e), lambdaContext()); answers[name].push(`${r.statusCode} ${r.statusCode === 200 ? JSON.stringify(JSON.parse(r.body)) : ''}`); }
}
const wrong = Object.keys(bundles).filter((n) => answers[n].some((a, i) => a !== answers.baseline[i]));
for (const n of wrong) { const i = answers[n].findIndex((a, j) => a !== answers.baseline[j]); console.log(`! ${n} differs from baseline at event ${i}: ${answers[n][i]} vs ${answers.baseline[i]}`); }

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const names = Object.keys(bundles);
const cold = Object.fromEntries(names.map((n) => [n, { importMs: [], firstInvokeMs: [], wallMs: [], ratio: [] }]));
// Peers alternate, and the order rotates each run; a peer's cold-process ratio is the median of
// its per-run ratios to the baseline run next to it.
const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);
for (let r = 0; r < coldRuns; r++) {
  const wallOf = {};
  for (const n of rotate(names, r)) {
    const t = performance.now();
    const p = spawnSync(process.execPath, [join(here, 'cold.mjs'), bundles[n]], { encoding: 'utf8' });
    const wall = performance.now() - t;
    if (p.status !== 0) { console.log(`! ${n} cold run failed: ${p.stderr.slice(0, 300)}`); continue; }
    const j = JSON.parse(p.stdout); cold[n].importMs.push(j.importMs); cold[n].firstInvokeMs.push(j.firstInvokeMs); cold[n].wallMs.push(wall);
    wallOf[n] = wall;
  }
  for (const n of names) if (wallOf[n] && wallOf.baseline) cold[n].ratio.push(wallOf[n] / wallOf.baseline);
}
const warm = Object.fromEntries(names.map((n) => [n, []]));
const ratio = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < rounds; r++) {
  const round = {};
  for (const n of rotate(names, r)) {
    const p = spawnSync(process.execPath, [join(here, 'warm.mjs'), bundles[n], seconds, eventsKind], { encoding: 'utf8' });
    if (p.status !== 0) { console.log(`! ${n} warm run failed: ${p.stderr.slice(0, 300)}`); continue; }
    round[n] = JSON.parse(p.stdout).opsPerSec; warm[n].push(round[n]);
  }
  for (const n of names) if (round[n] && round.baseline) ratio[n].push(round[n] / round.baseline);
}
const size = (f) => statSync(f).size, gz = (f) => gzipSync(readFileSync(f)).length;
const f = (x, d = 1) => (x === undefined ? 'n/a' : x.toFixed(d));
console.log(`\nnode ${process.version}; ${coldRuns} cold runs, ${rounds} warm rounds of ${seconds}s${eventsKind === 'mixed' ? '' : ` (${eventsKind} events only)`}; medians\n`);
console.log('| peer | bundle KB | gzip KB | cold import ms | first invoke ms | cold process ms | cold ÷ baseline | warm invokes/s | warm ÷ baseline |');
console.log('|---|---|---|---|---|---|---|---|---|');
const results = names.map((n) => ({
  peer: n, wrong: wrong.includes(n), bundleKB: size(bundles[n]) / 1024, gzipKB: gz(bundles[n]) / 1024,
  importMs: median(cold[n].importMs), firstInvokeMs: median(cold[n].firstInvokeMs), coldProcessMs: median(cold[n].wallMs),
  coldRatio: median(cold[n].ratio), warmOpsPerSec: median(warm[n]), warmRatio: median(ratio[n]),
  runs: { cold: cold[n], warm: warm[n], warmRatio: ratio[n] },
}));
for (const x of results) console.log(`| ${x.peer}${x.wrong ? ' (WRONG ANSWERS)' : ''} | ${f(x.bundleKB)} | ${f(x.gzipKB)} | ${f(x.importMs, 2)} | ${f(x.firstInvokeMs, 2)} | ${f(x.coldProcessMs)} | ${f(x.coldRatio, 3)} | ${f(x.warmOpsPerSec, 0)} | ${f(x.warmRatio, 3)} |`);
if (jsonOut) writeFileSync(resolve(jsonOut), JSON.stringify({ node: process.version, coldRuns, rounds, seconds: Number(seconds), results }, null, 2));
