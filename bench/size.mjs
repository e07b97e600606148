#!/usr/bin/env node
// Bundle-size budget: bundles the Calix 50-route peer (bench/peers/calix.ts) as `calix package`
// ships it: the harness's esbuild settings (harness/bundle.mjs: minified ESM, node20, AWS SDK
// external), the subsystems the app does not register left out (project/subsystems.ts, read from
// the app's own manifest), and `keepNames` where names matter at run time (with triggers). `calix` resolves to this checkout's
// sources; the leave-out plugin comes from dist/ (`npm ci` builds it). It reports the minified and
// gzip sizes against the budget, the bytes each module contributes, and the size of the plain
// harness build with everything in (what every other peer is measured as).
//   node bench/size.mjs            exits 1 when the shipped bundle is over budget
//   node bench/size.mjs --json     prints the measurement as JSON
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const harness = join(bench, 'harness');

/** Issue #14's target (it supersedes DESIGN.md's 8 KB): router bundle, minified, 50-route routes-only app. */
export const BUDGET_BYTES = 16 * 1024;

/** The Calix peer as `calix package` ships it, written here for the harness to run. */
export const SHIPPED_BUNDLE = join(harness, '.out', 'calix-shipped.mjs');

/**
 * Bundles the calix peer; returns { bytes, gzipBytes, fullBytes, absent, budgetBytes, modules: [{ path, bytes }] }:
 * `bytes` is the shipped bundle (SHIPPED_BUNDLE), `fullBytes` the harness build with everything in.
 */
export async function measureCalixBundle() {
  if (!existsSync(join(harness, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: harness, stdio: 'inherit' });
  if (!existsSync(join(root, 'dist/project/subsystems.js'))) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-types'], { cwd: root, stdio: 'inherit' });
  const { absentSubsystems, leaveOutPlugin, namesMatterAtRunTime } = await import(pathToFileURL(join(root, 'dist/project/subsystems.js')).href);
  const { loadEsbuild, bundleOptions } = await import('./harness/bundle.mjs');
  const esbuild = await loadEsbuild();
  const outDir = join(harness, '.out');
  mkdirSync(outDir, { recursive: true });
  const options = (outfile) => bundleOptions(join(bench, 'peers/calix.ts'), outfile, { alias: { calix: join(root, 'src/index.ts') } });
  const fullFile = join(outDir, 'calix-size.mjs');
  await esbuild.build(options(fullFile));
  const { app } = await import(pathToFileURL(fullFile).href);
  // A stage with the defaults: a REST API, no Function URL (what the cold-start bench sends: REST events).
  const absent = absentSubsystems(app.manifest(), app, { rest: true, http: false });
  const result = await esbuild.build({ ...options(SHIPPED_BUNDLE), keepNames: namesMatterAtRunTime(absent), metafile: true, plugins: [leaveOutPlugin(absent)] });
  const code = readFileSync(SHIPPED_BUNDLE);
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
  const modules = Object.entries(inputs)
    .map(([path, v]) => ({ path: relative(root, join(process.cwd(), path)), bytes: v.bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: code.length, gzipBytes: gzipSync(code).length, fullBytes: readFileSync(fullFile).length, absent, budgetBytes: BUDGET_BYTES, modules };
}

export function printSize(m) {
  const kb = (b) => (b / 1024).toFixed(1);
  const verdict = m.bytes <= m.budgetBytes ? 'within budget' : `OVER BUDGET by ${kb(m.bytes - m.budgetBytes)} KB`;
  console.log(`calix 50-route bundle as \`calix package\` ships it: ${kb(m.bytes)} KB minified, ${kb(m.gzipBytes)} KB gzip; budget ${kb(m.budgetBytes)} KB minified: ${verdict}`);
  console.log(`  left out (not registered): ${m.absent.join(', ') || 'nothing'}; with everything in, harness settings: ${kb(m.fullBytes)} KB. Bytes per module:`);
  for (const x of m.modules) console.log(`  ${String(x.bytes).padStart(6)} B  ${x.path}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await measureCalixBundle();
  if (process.argv.includes('--json')) console.log(JSON.stringify(m, null, 2));
  else printSize(m);
  process.exitCode = m.bytes <= m.budgetBytes ? 0 : 1;
}
