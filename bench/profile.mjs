#!/usr/bin/env node
// Profiles the Calix router's warm path: bundles the 50-route peer unminified (so names and lines
// are readable), runs the harness's mixed events through it under `node --cpu-prof`, and prints
// where the handler's time goes (self time per function and per source line, as a share of the
// time spent inside the handler loop; event cloning is excluded).
//   node bench/profile.mjs [--seconds 3] [--only static|dynGet|post|notFound] [--top 25]
// The profile is kept in bench/harness/.out/calix-warm.cpuprofile (open it in Chrome DevTools).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const harness = join(bench, 'harness');
const outDir = join(harness, '.out');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const classes = {
  static: (e) => e.httpMethod === 'GET' && !e.pathParameters && !e.path.startsWith('/nope'),
  dynGet: (e) => e.httpMethod === 'GET' && !!e.pathParameters,
  post: (e) => e.httpMethod === 'POST',
  notFound: (e) => e.path.startsWith('/nope'),
};

if (args[0] === '--child') {
  // The profiled process: pre-cloned events, handler time only, inside `calixHandlerLoop`.
  const [, bundle, seconds, only] = args;
  const { mixedEvents } = await import('./harness/events.mjs');
  const { lambdaContext } = await import('./harness/lambda-context.mjs');
  const { handler } = await import(pathToFileURL(bundle).href);
  let events = mixedEvents(1000);
  if (only) events = events.filter(classes[only]);
  const ctx = lambdaContext();
  async function calixHandlerLoop(pool) { for (const e of pool) await handler(e, ctx); }
  let busy = 0, ops = 0;
  while (busy < Number(seconds) * 1000) {
    const pool = [];
    while (pool.length < 10000) for (const e of events) pool.push(structuredClone(e));
    const t = performance.now();
    await calixHandlerLoop(pool);
    busy += performance.now() - t; ops += pool.length;
  }
  console.log(JSON.stringify({ opsPerSec: Math.round(ops / (busy / 1000)) }));
  process.exit(0);
}

if (!existsSync(join(harness, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: harness, stdio: 'inherit' });
const only = opt('only', '');
if (only && !classes[only]) throw new Error(`--only must be one of ${Object.keys(classes).join(', ')}`);
const { loadEsbuild, bundleOptions } = await import('./harness/bundle.mjs');
const esbuild = await loadEsbuild();
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, 'calix-profile.mjs');
await esbuild.build({ ...bundleOptions(join(bench, 'peers/calix.ts'), bundle, { alias: { calix: join(bench, '../src/index.ts') } }), minify: false });

const name = 'calix-warm.cpuprofile';
const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '25', '--cpu-prof-dir', outDir, '--cpu-prof-name', name,
  fileURLToPath(import.meta.url), '--child', bundle, opt('seconds', '3'), only], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);
console.log(`warm ${only || 'mixed'} events under the profiler: ${JSON.parse(run.stdout).opsPerSec} invokes/s (profiling slows it down)`);

// Self time of every frame below calixHandlerLoop, and per source line of the bundle.
const profile = JSON.parse(readFileSync(join(outDir, name), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inLoop = new Map();
const inside = (id) => {
  if (inLoop.has(id)) return inLoop.get(id);
  const n = byId.get(id);
  const v = n.callFrame.functionName === 'calixHandlerLoop' || (parent.has(id) && inside(parent.get(id)));
  inLoop.set(id, v);
  return v;
};
const selfUs = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  if (!inside(id)) return;
  total += profile.timeDeltas[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i]);
});
const src = readFileSync(bundle, 'utf8').split('\n');
const byFn = new Map(), byLine = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id), f = n.callFrame;
  const where = f.url.endsWith('calix-profile.mjs') ? `bundle:${f.lineNumber + 1}` : f.url ? f.url.split('/').pop() : '(native)';
  const key = `${f.functionName || '(anonymous)'}  ${where}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  if (f.url.endsWith('calix-profile.mjs')) {
    const hits = (n.positionTicks ?? []).reduce((a, t) => a + t.ticks, 0) || 1;
    for (const t of n.positionTicks ?? []) byLine.set(t.line, (byLine.get(t.line) ?? 0) + (us * t.ticks) / hits);
  }
}
const top = Number(opt('top', 25));
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`\nself time inside the handler loop (${(total / 1000).toFixed(0)} ms sampled), by function:`);
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log(`\nby line of ${bundle}:`);
for (const [line, us] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${String(line).padStart(5)}  ${src[line - 1].trim().slice(0, 110)}`);
