#!/usr/bin/env node
// Bundle-size budget: bundles the Calix 50-route peer (bench/peers/calix.ts) with exactly the
// esbuild settings the peer harness uses (harness/bundle.mjs: minified ESM, node20, AWS SDK
// external), `calix` resolved to this checkout's sources, and reports the minified and gzip
// sizes against the budget, with the bytes each module contributes. It also reports the size
// with `keepNames`, which `calix package` adds (project/app-loader.ts) so that route names
// derived from handler names survive minification: that is the bundle a deploy ships.
//   node bench/size.mjs            exits 1 when the minified bundle is over budget
//   node bench/size.mjs --json     prints the measurement as JSON
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const harness = join(bench, 'harness');

/** Issue #14's target (it supersedes DESIGN.md's 8 KB): router bundle, minified, 50-route routes-only app. */
export const BUDGET_BYTES = 16 * 1024;

/** Bundles the calix peer; returns { bytes, gzipBytes, keepNamesBytes, budgetBytes, modules: [{ path, bytes }] }. */
export async function measureCalixBundle() {
  if (!existsSync(join(harness, 'node_modules'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: harness, stdio: 'inherit' });
  const { loadEsbuild, bundleOptions } = await import('./harness/bundle.mjs');
  const esbuild = await loadEsbuild();
  const outDir = join(harness, '.out');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'calix-size.mjs');
  const result = await esbuild.build({
    ...bundleOptions(join(bench, 'peers/calix.ts'), outfile, { alias: { calix: join(root, 'src/index.ts') } }),
    metafile: true,
  });
  const code = readFileSync(outfile);
  const kept = await esbuild.build({
    ...bundleOptions(join(bench, 'peers/calix.ts'), join(outDir, 'calix-size-keepnames.mjs'), { alias: { calix: join(root, 'src/index.ts') } }),
    keepNames: true,
    write: false,
  });
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
  const modules = Object.entries(inputs)
    .map(([path, v]) => ({ path: relative(root, join(process.cwd(), path)), bytes: v.bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: code.length, gzipBytes: gzipSync(code).length, keepNamesBytes: kept.outputFiles[0].contents.length, budgetBytes: BUDGET_BYTES, modules };
}

export function printSize(m) {
  const kb = (b) => (b / 1024).toFixed(1);
  const verdict = m.bytes <= m.budgetBytes ? 'within budget' : `OVER BUDGET by ${kb(m.bytes - m.budgetBytes)} KB`;
  console.log(`calix 50-route bundle: ${kb(m.bytes)} KB minified, ${kb(m.gzipBytes)} KB gzip; budget ${kb(m.budgetBytes)} KB minified: ${verdict}`);
  console.log(`  as \`calix package\` builds it (keepNames): ${kb(m.keepNamesBytes)} KB minified; bytes per module (harness settings):`);
  for (const x of m.modules) console.log(`  ${String(x.bytes).padStart(6)} B  ${x.path}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await measureCalixBundle();
  if (process.argv.includes('--json')) console.log(JSON.stringify(m, null, 2));
  else printSize(m);
  process.exitCode = m.bytes <= m.budgetBytes ? 0 : 1;
}
