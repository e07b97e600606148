#!/usr/bin/env node
// The deploy path's own cost: `calix deploy` (first deploy), an unchanged redeploy and
// `calix delete --yes` of examples/todo against the moto emulator (scripts/moto/launcher.py),
// each as a ratio to `calix package` of the same app measured in the same round (deploy =
// package + the toolkit's publish, change set and wait; so ratio − 1 is the toolkit's share).
// Every step is a fresh `node dist/cli/main.js` process; medians over the rounds.
// Code-only change: after the unchanged redeploy, the app's code changes (a side effect the bundle
// keeps; manifest and config unchanged) and ships once with `calix deploy` (a change set) and once
// more, changed again, with `calix deploy --hotswap` (Calix's fast path: no synthesis, no
// CloudFormation); reported as the paired ratio hotswap / full deploy of such a change. Between
// them, the same kind of change through the CDK toolkit's own hotswap (what `--hotswap` did before
// the fast path, and still does when it declines: here because the record's fingerprint is removed).
//
//   node bench/deploy/run.mjs [--runs N] [--json file]      (default 3 rounds; needs dist/)
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliBin = join(repoRoot, 'dist/cli/main.js');
const argv = process.argv.slice(2);
const value = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const runs = Number(value('--runs', '3'));
const jsonFile = value('--json', null);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/deploy/run.mjs [--runs N] [--json file]');
  process.exit(2);
}

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const cdkHome = mkdtempSync(join(tmpdir(), 'calix-bench-deploy-cdk-'));
const env = {
  ...process.env, NO_COLOR: '1', CDK_HOME: cdkHome,
  AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION: `http://localhost:${port}`,
  AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'NODE_OPTIONS']) delete env[k];

const moto = spawn('python3', [join(repoRoot, 'scripts/moto/launcher.py'), '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
const project = mkdtempSync(join(tmpdir(), 'calix-bench-deploy-'));
const stop = () => {
  if (moto.exitCode === null) process.kill(moto.pid, 'SIGTERM');
  rmSync(project, { recursive: true, force: true });
  rmSync(cdkHome, { recursive: true, force: true });
};
try {
  for (let until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (await fetch(`http://127.0.0.1:${port}/moto-api/config`).then((r) => r.ok, () => false)) break;
    if (moto.exitCode !== null || Date.now() > until) throw new Error('the moto launcher did not start');
  }
  cpSync(join(repoRoot, 'examples/todo'), project, { recursive: true });
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(project, 'node_modules/calix'), 'dir');
  // The example imports zod (Calix's own dependency, beside it in a user's install).
  symlinkSync(join(repoRoot, 'node_modules/zod'), join(project, 'node_modules/zod'), 'dir');

  /** One fresh CLI process, timed (ms); a step that fails or hangs stops the benchmark; `expect` checks its output. */
  const timed = (args, expect) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: project, env, encoding: 'utf8', timeout: 180_000 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`calix ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    if (expect && !expect(r.stdout)) throw new Error(`calix ${args.join(' ')} did not do what this step measures:\n${r.stdout}`);
    return ms;
  };
  // A code-only change: a statement the bundle keeps (a side effect), touching no route, trigger or setting.
  const appFile = join(project, 'app.ts');
  const original = readFileSync(appFile, 'utf8');
  let edits = 0;
  const changeCode = () => {
    writeFileSync(appFile, original);
    appendFileSync(appFile, `\n(globalThis as Record<string, unknown>).calixBenchEdit = ${++edits};\n`);
  };
  const FAST = (out) => /^Hotswapped \d+ function/m.test(out);
  const hasBootstrap = /^\s+bootstrap\b/m.test(spawnSync(process.execPath, [cliBin, '--help'], { encoding: 'utf8' }).stdout);
  if (hasBootstrap) timed(['bootstrap']);
  else {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import { Toolkit, BootstrapEnvironments } from '@aws-cdk/toolkit-lib'; await new Toolkit().bootstrap(BootstrapEnvironments.fromList(['aws://123456789012/us-east-1']));"], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`bootstrap failed:\n${r.stderr}`);
  }

  const steps = { package: [], deploy: [], redeploy: [], codeDeploy: [], toolkitHotswap: [], hotswap: [], delete: [] };
  for (let i = 0; i < runs; i++) {
    writeFileSync(appFile, original);
    steps.package.push(timed(['package', '--stage', 'dev']));
    steps.deploy.push(timed(['deploy', '--stage', 'dev']));
    steps.redeploy.push(timed(['deploy', '--stage', 'dev']));
    changeCode();
    steps.codeDeploy.push(timed(['deploy', '--stage', 'dev'], (out) => !FAST(out) && /Deployed todo-dev/.test(out)));
    changeCode();
    const recordFile = join(project, '.calix/deployed/dev.json');
    const { fingerprint, ...withoutFingerprint } = JSON.parse(readFileSync(recordFile, 'utf8'));
    if (!fingerprint) throw new Error('the deploy record has no fingerprint');
    writeFileSync(recordFile, JSON.stringify(withoutFingerprint));
    steps.toolkitHotswap.push(timed(['deploy', '--stage', 'dev', '--hotswap'], (out) => /no fast path/.test(out) && !/not a code-only change/.test(out)));
    changeCode();
    steps.hotswap.push(timed(['deploy', '--stage', 'dev', '--hotswap'], FAST));
    steps.delete.push(timed(['delete', '--stage', 'dev', '--yes']));
    process.stdout.write(`round ${i + 1}/${runs}: ${Object.entries(steps).map(([k, v]) => `${k} ${(v[i] / 1000).toFixed(2)} s`).join(', ')}\n`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const paired = (name) => median(steps[name].map((ms, i) => ms / steps.package[i]));
  console.log(`\nexamples/todo against moto (${runs} rounds, medians; ratios paired per round against calix package)`);
  console.log('| step | wall time | × calix package |\n|---|---|---|');
  const label = { package: 'package', deploy: 'first deploy', redeploy: 'unchanged redeploy', codeDeploy: 'code-only change, `deploy`', toolkitHotswap: 'code-only change, the toolkit\'s hotswap', hotswap: 'code-only change, `deploy --hotswap`', delete: 'delete --yes' };
  for (const name of Object.keys(steps)) console.log(`| ${label[name]} | ${(median(steps[name]) / 1000).toFixed(2)} s | ${name === 'package' ? '1.00' : paired(name).toFixed(2)}× |`);
  const hotswapRatio = median(steps.hotswap.map((ms, i) => ms / steps.codeDeploy[i]));
  const toolkitRatio = median(steps.toolkitHotswap.map((ms, i) => ms / steps.codeDeploy[i]));
  console.log(`\ncode-only change: deploy --hotswap vs full deploy of the same kind of change, paired per round: ${hotswapRatio.toFixed(3)}× (target ≤ 0.4×); the toolkit's own hotswap: ${toolkitRatio.toFixed(3)}×`);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ runs, steps, hotswapVsDeploy: hotswapRatio, toolkitHotswapVsDeploy: toolkitRatio }, null, 2));
} finally {
  stop();
}
