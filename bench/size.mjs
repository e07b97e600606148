#!/usr/bin/env node
// Bundle-size budget: bundles the Calix 50-route peer (bench/peers/calix.ts) as `calix package`
// ships it: the harness's esbuild settings (harness/bundle.mjs: minified ESM, node20, AWS SDK
// external), the subsystems the app does not register left out (project/subsystems.ts, read from
// the app's own manifest), `keepNames` where names matter at run time (with triggers), and, as in
// a Lambda bundle (project/lazy-chunks.ts), the runtime modules loaded with import() only when an
// event needs them (path-to-regexp, for a request API Gateway did not match) written as chunk files
// beside index.mjs, and the harness's createRequire banner only if the bundle needs require(). `calix`
// resolves to this checkout's sources; the two plugins come from dist/
// (`npm ci` builds it). It reports the minified and gzip sizes of index.mjs (what a cold start
// loads) against the budget, the lazy chunks' size apart, the bytes each module contributes, and
// the size of the plain harness build with everything in (what every other peer is measured as).
//   node bench/size.mjs            exits 1 when the shipped bundle is over budget
//   node bench/size.mjs --json     prints the measurement as JSON
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const harness = join(bench, 'harness');

/** Issue #14's target (it supersedes DESIGN.md's 8 KB): router bundle, minified, 50-route routes-only app. */
export const BUDGET_BYTES = 16 * 1024;

/** The Calix peer as `calix package` ships it, written here for the harness to run: its entry file, chunks beside it. */
export const SHIPPED_DIR = join(harness, '.out', 'calix-shipped');
export const SHIPPED_BUNDLE = join(SHIPPED_DIR, 'index.mjs');
/**
 * The same bundle with the harness's createRequire banner every other peer carries (`calix package`
 * adds it only when bundled CommonJS code may call require()): the bench shows what leaving it out is worth.
 */
export const SHIPPED_WITH_BANNER = join(SHIPPED_DIR, 'with-banner.mjs');

/**
 * Bundles the calix peer; returns { bytes, gzipBytes, lazyBytes, lazyFiles, fullBytes, absent, budgetBytes,
 * modules: [{ path, bytes }], lazyModules }: `bytes` is SHIPPED_BUNDLE (what a cold start loads),
 * `lazyBytes` the chunks loaded only by import() (`lazyFiles`), `fullBytes` the harness build with everything in.
 */
export async function measureCalixBundle() {
  if (!existsSync(join(harness, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: harness, stdio: 'inherit' });
  if (!existsSync(join(root, 'dist/project/lazy-chunks.js'))) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-types'], { cwd: root, stdio: 'inherit' });
  const { absentSubsystems, leaveOutPlugin, namesMatterAtRunTime } = await import(pathToFileURL(join(root, 'dist/project/subsystems.js')).href);
  const { lazyChunksPlugin } = await import(pathToFileURL(join(root, 'dist/project/lazy-chunks.js')).href);
  const { needsRequire } = await import(pathToFileURL(join(root, 'dist/project/app-loader.js')).href);
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
  rmSync(SHIPPED_DIR, { recursive: true, force: true });
  // As a Lambda bundle: Calix's lazily loaded modules written as chunks beside index.mjs.
  const lazy = [];
  const plugins = [leaveOutPlugin(absent), lazyChunksPlugin(SHIPPED_DIR, lazy)];
  // Like `calix package`, with the harness's createRequire banner only if the bundle needs require() (project/app-loader.ts).
  const shipped = { ...options(SHIPPED_BUNDLE), keepNames: namesMatterAtRunTime(absent), metafile: true, plugins };
  let result = await esbuild.build({ ...shipped, banner: undefined });
  const bannered = needsRequire(readFileSync(SHIPPED_BUNDLE, 'utf8'));
  if (bannered) result = await esbuild.build(shipped);
  const code = readFileSync(SHIPPED_BUNDLE);
  writeFileSync(SHIPPED_WITH_BANNER, bannered ? code : `${shipped.banner.js}\n${code}`);
  const lazyCode = Buffer.concat(lazy.map((c) => readFileSync(c.file)));
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
  const modulesOf = (inputs) =>
    Object.entries(inputs)
      .map(([path, v]) => ({ path: relative(root, join(process.cwd(), path)), bytes: v.bytesInOutput }))
      .filter((m) => m.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes);
  return {
    bytes: code.length, gzipBytes: gzipSync(code).length, lazyBytes: lazyCode.length, lazyFiles: lazy.map((c) => relative(SHIPPED_DIR, c.file)),
    fullBytes: readFileSync(fullFile).length, absent, budgetBytes: BUDGET_BYTES, modules: modulesOf(inputs), lazyModules: modulesOf(Object.assign({}, ...lazy.map((c) => c.inputs))),
  };
}

export function printSize(m) {
  const kb = (b) => (b / 1024).toFixed(1);
  const verdict = m.bytes <= m.budgetBytes ? 'within budget' : `OVER BUDGET by ${kb(m.bytes - m.budgetBytes)} KB`;
  console.log(`calix 50-route bundle as \`calix package\` ships it, index.mjs (what a cold start loads): ${kb(m.bytes)} KB minified, ${kb(m.gzipBytes)} KB gzip; budget ${kb(m.budgetBytes)} KB minified: ${verdict}`);
  console.log(`  loaded lazily, only when an event needs them: ${kb(m.lazyBytes)} KB (${m.lazyFiles.join(', ') || 'none'})`);
  console.log(`  left out (not registered): ${m.absent.join(', ') || 'nothing'}; with everything in, harness settings: ${kb(m.fullBytes)} KB. Bytes per module at cold start:`);
  for (const x of m.modules) console.log(`  ${String(x.bytes).padStart(6)} B  ${x.path}`);
  console.log('  lazy:');
  for (const x of m.lazyModules) console.log(`  ${String(x.bytes).padStart(6)} B  ${x.path}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await measureCalixBundle();
  if (process.argv.includes('--json')) console.log(JSON.stringify(m, null, 2));
  else printSize(m);
  process.exitCode = m.bytes <= m.budgetBytes ? 0 : 1;
}
