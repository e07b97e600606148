#!/usr/bin/env node
// Builds dist/: JavaScript for src/, project/, infra/ and cli/ (esbuild, one file per module, no bundling) and
// type declarations for the runtime (tsc). Runs on `npm install` (prepare) and before tests,
// so the `calix` binary and the `calix` package exports always match the sources. dist/ is
// overwritten in place, not deleted first: tests running beside a build keep working.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : [],
  );
const entries = ['src', 'project', 'infra', 'cli'].filter((d) => existsSync(join(root, d))).flatMap((d) => walk(join(root, d)));
await build({
  entryPoints: entries,
  outdir: join(root, 'dist'),
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
const main = join(root, 'dist/cli/main.js');
if (existsSync(main)) chmodSync(main, 0o755);
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
console.log(`built ${entries.length} modules into ${relative(process.cwd(), join(root, 'dist')) || 'dist'}`);
