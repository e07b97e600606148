#!/usr/bin/env node
// Where `calix package` spends its time: the command's steps, each timed in one fresh process
// by importing the built CLI modules (dist/) the way cli/commands/package.ts uses them.
//   node bench/package/phases.mjs <projectDir> [--no-validation]
// Prints one JSON line: { startMs, importCliMs, bundleMs, loadMs, importCdkMs, synthMs, totalMs }
// startMs is node's own start-up until this script runs (performance.now() at entry).
// --no-validation synthesizes with builtinCloudFormationValidation off (to size that cost).
import { performance } from 'node:perf_hooks';

const startMs = performance.now();
const dist = new URL('../../dist/cli/', import.meta.url);
const projectDir = process.argv[2];
const validation = !process.argv.includes('--no-validation');
process.chdir(projectDir);

const lap = (() => {
  let t = performance.now();
  return () => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return d;
  };
})();

const { loadProject, resolveStage } = await import(new URL('project/config.js', dist));
const { bundleApp, loadBundle } = await import(new URL('bundle/bundle.js', dist));
const { join, dirname } = await import('node:path');
const importCliMs = lap();

const project = loadProject(projectDir);
const stage = resolveStage(project, 'dev');
const { outfile } = await bundleApp(project.dir, stage.main, join(project.dir, '.calix', 'build', 'dev'), true);
const bundleMs = lap();

const { manifest } = await loadBundle(outfile, stage.main, project.dir);
const loadMs = lap();

const { synthesize } = await import(new URL('deploy/assembly.js', dist)); // aws-cdk-lib + toolkit-lib
const { ProgressIoHost } = await import(new URL('deploy/io-host.js', dist));
const importCdkMs = lap();

const { cx } = await synthesize({
  manifest,
  bundleDir: dirname(outfile),
  stage,
  outDir: join(project.dir, '.calix', 'package', 'phases'),
  ioHost: new ProgressIoHost({ tty: false }),
  validation,
});
await cx.dispose();
const synthMs = lap();

console.log(JSON.stringify({ startMs, importCliMs, bundleMs, loadMs, importCdkMs, synthMs, totalMs: performance.now() }));
