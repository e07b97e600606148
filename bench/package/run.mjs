#!/usr/bin/env node
// `npm run bench:package`: the time of `calix package` (a fresh `node dist/cli/main.js package`
// process: bundle + load + synth with CloudFormation validation on) for a 50-route and a
// 300-route app, against a bare CDK app that synthesizes the same stack (bare-app.mjs, also a
// fresh process, validation on), reported as ratios measured in this run. Target (DESIGN.md,
// "Performance targets"): 300 routes ≤ 1.2× the bare synth; resources constant in route count.
//
//   node bench/package/run.mjs [--runs N] [--sizes 50,300] [--no-phases] [--profile] [--keep] [--json file]
//
// --runs N      timed rounds (default 5). A round runs every process once per size, in an order
//               that rotates from round to round; medians over the rounds are reported
// --no-phases   skip the per-phase breakdown (phases.mjs: its own fresh processes)
// --profile     afterwards, one `node --cpu-prof` run of `calix package` on the largest size,
//               summarized by profile.mjs (the .cpuprofile is kept; its path is printed)
// --keep        keep the temp projects and the baseline's inputs (their paths are printed)
// --json file   also write every measurement as JSON
// Set-up checks that the baseline writes a byte-identical template to calix's, and that the
// resource count is the same for every size. Needs dist/ (`npm run build`); rebuilt without
// types when a source is newer. Wall time is the figure; CPU time (user + sys of the process
// tree, from /proc) is reported beside it, as it is far less sensitive to other work on a shared
// machine. Paired ratios divide each round's calix run by the same round's baseline run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeProject, repoRoot } from './project.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const runs = Number(value('--runs', '5'));
const sizes = value('--sizes', '50,300').split(',').map(Number);
const withPhases = !flag('--no-phases');
if (!Number.isInteger(runs) || runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 4)) {
  console.error('usage: node bench/package/run.mjs [--runs N] [--sizes 50,300] [--no-phases] [--profile] [--keep] [--json file]');
  process.exit(2);
}
const TARGET = 1.2;
const cliBin = join(repoRoot, 'dist/cli/main.js');

// No credentials, no instance-metadata probe, no validation override: synth needs none of them.
const env = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'CDK_VALIDATION', 'NODE_OPTIONS']) delete env[k];
const NO_VALIDATION = { CDK_VALIDATION: 'false' }; // aws-cdk-lib's switch, honoured by calix and the baseline alike

// dist/ must match the sources (as before the tests: rebuild in place when a source is newer).
function ensureDist() {
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => {
      const p = join(dir, d.name);
      return Math.max(m, d.isDirectory() ? newest(p) : d.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
    }, 0);
  const src = Math.max(newest(join(repoRoot, 'src')), newest(join(repoRoot, 'cli')));
  if (existsSync(cliBin) && statSync(cliBin).mtimeMs >= src) return;
  console.log('dist/ is older than the sources: node scripts/build.mjs --no-types');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--no-types'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

// CPU time (user + sys) of the waited-for children, from /proc/self/stat (cutime + cstime, in
// clock ticks of 10 ms on Linux). NaN where /proc is missing.
function childCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

/** Runs a fresh node process to completion: its wall and CPU time in ms. Throws on failure. */
function timed(args, cwd, what, extraEnv = {}) {
  const cpu0 = childCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpuMs = childCpuMs() - cpu0;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { ms, cpuMs, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function templateOf(dir, stackName) {
  const file = join(dir, `${stackName}.template.json`);
  const text = readFileSync(file, 'utf8');
  const template = JSON.parse(text);
  const types = {};
  for (const r of Object.values(template.Resources)) types[r.Type] = (types[r.Type] ?? 0) + 1;
  return { file, text, template, bytes: Buffer.byteLength(text), resources: Object.keys(template.Resources).length, types };
}

ensureDist();
const work = mkdtempSync(join(tmpdir(), 'calix-bench-package-work-'));
const projects = [];
try {
  // Set-up (untimed): the projects; one `calix package` each (warms the disk cache, writes the
  // bundle and the template); the baseline's inputs from them (a copy of the bundle folder, the
  // OpenAPI body of calix's template); a check that the baseline writes the same template.
  for (const n of sizes) {
    const p = makeProject(n);
    p.n = n;
    projects.push(p);
    const pkg = timed([cliBin, 'package'], p.dir, `calix package (${n} routes)`);
    if (!new RegExp(`Routes\\s+${n}\\b`).test(pkg.stdout)) throw new Error(`calix package (${n} routes) printed:\n${pkg.stdout}`);
    if (/Warning/.test(pkg.stdout)) throw new Error(`calix package (${n} routes) warned:\n${pkg.stdout}`);
    const calixT = templateOf(join(p.dir, '.calix/package/dev'), p.stackName);
    const base = join(work, String(n));
    cpSync(join(p.dir, '.calix/build/dev'), join(base, 'bundle'), { recursive: true });
    const api = Object.values(calixT.template.Resources).find((r) => r.Type === 'AWS::ApiGateway::RestApi');
    writeFileSync(join(base, 'body.json'), JSON.stringify(api.Properties.Body));
    const spec = { appName: p.appName, stage: p.stage, stackName: p.stackName, bundleDir: join(base, 'bundle'), bodyFile: join(base, 'body.json'), outDir: join(base, 'out') };
    p.spec = join(base, 'spec.json');
    writeFileSync(p.spec, JSON.stringify(spec, null, 2));
    for (const mode of ['toolkit', 'plain']) {
      timed([join(here, 'bare-app.mjs'), p.spec, '--mode', mode], repoRoot, `bare-app --mode ${mode} (${n} routes)`);
      const bareT = templateOf(spec.outDir, p.stackName);
      if (bareT.text !== calixT.text) throw new Error(`bare-app --mode ${mode} (${n} routes) wrote another template than calix package: compare ${calixT.file} with ${bareT.file}`);
    }
    p.stats = {
      resources: calixT.resources,
      types: calixT.types,
      templateBytes: calixT.bytes,
      bodyBytes: JSON.stringify(api.Properties.Body).length,
      bundleBytes: statSync(join(base, 'bundle/index.mjs')).size,
    };
    console.log(`set-up ${n} routes: ${p.dir} (bundle ${(p.stats.bundleBytes / 1024).toFixed(1)} KB, template ${(calixT.bytes / 1024).toFixed(1)} KB, ${calixT.resources} resources; baseline templates byte-identical)`);
  }

  // Timed rounds: every process fresh; the order rotates, so no kind always follows another and
  // each calix run sits next to the baseline runs of its round.
  const bare = (mode, extraEnv) => ({ args: (p) => [join(here, 'bare-app.mjs'), p.spec, '--mode', mode], cwd: () => repoRoot, env: extraEnv });
  const kinds = [
    { key: 'calix', args: () => [cliBin, 'package'], cwd: (p) => p.dir },
    { key: 'bareToolkit', ...bare('toolkit') },
    { key: 'barePlain', ...bare('plain') },
    { key: 'calixNoValidation', args: () => [cliBin, 'package'], cwd: (p) => p.dir, env: NO_VALIDATION },
    { key: 'bareToolkitNoValidation', ...bare('toolkit', NO_VALIDATION) },
    ...(withPhases
      ? [
          { key: 'phases', args: (p) => [join(here, 'phases.mjs'), p.dir], cwd: () => repoRoot, json: true },
          { key: 'phasesNoValidation', args: (p) => [join(here, 'phases.mjs'), p.dir, '--no-validation'], cwd: () => repoRoot, json: true },
        ]
      : []),
  ];
  const results = new Map(projects.map((p) => [p, Object.fromEntries(kinds.map((k) => [k.key, []]))]));
  const jobs = projects.flatMap((p) => kinds.map((k) => ({ p, k })));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < jobs.length; i++) {
      const { p, k } = jobs[(i + round * 3) % jobs.length];
      const r = timed(k.args(p), k.cwd(p), `${k.key} (${p.n} routes)`, k.env);
      results.get(p)[k.key].push({ ms: r.ms, cpuMs: r.cpuMs, ...(k.json ? JSON.parse(r.stdout.trim().split('\n').pop()) : {}) });
    }
    const last = projects.map((p) => `${p.n}: calix ${results.get(p).calix.at(-1).ms.toFixed(0)} ms, bare ${results.get(p).bareToolkit.at(-1).ms.toFixed(0)} ms`).join('; ');
    console.log(`round ${round + 1}/${runs}  ${last}`);
  }

  // Report.
  const f0 = (x) => x.toFixed(0);
  const f2 = (x) => x.toFixed(2);
  const med = (rows, field) => median(rows.map((x) => x[field]));
  const paired = (a, b, field) => median(a.map((x, i) => x[field] / b[i][field]));
  const summary = {};
  const table = (title, calixKey, baselines) => {
    console.log(`\n${title}\n`);
    console.log('routes | calix package ms (cpu) | baseline | baseline ms (cpu) | ratio wall (paired) | ratio cpu (paired)');
    console.log('-------|------------------------|----------|-------------------|---------------------|-------------------');
    for (const p of projects) {
      const r = results.get(p);
      for (const [key, label] of baselines) {
        const c = r[calixKey];
        const b = r[key];
        const row = {
          calixMs: med(c, 'ms'), calixCpuMs: med(c, 'cpuMs'), baselineMs: med(b, 'ms'), baselineCpuMs: med(b, 'cpuMs'),
          ratioWall: med(c, 'ms') / med(b, 'ms'), ratioWallPaired: paired(c, b, 'ms'),
          ratioCpu: med(c, 'cpuMs') / med(b, 'cpuMs'), ratioCpuPaired: paired(c, b, 'cpuMs'),
        };
        (summary[p.n] ??= { ...p.stats })[`${calixKey}_vs_${key}`] = row;
        console.log(`${String(p.n).padStart(6)} | ${`${f0(row.calixMs)} (${f0(row.calixCpuMs)})`.padStart(22)} | ${label.padEnd(8)} | ${`${f0(row.baselineMs)} (${f0(row.baselineCpuMs)})`.padStart(17)} | ${`${f2(row.ratioWall)}× (${f2(row.ratioWallPaired)}×)`.padStart(19)} | ${`${f2(row.ratioCpu)}× (${f2(row.ratioCpuPaired)}×)`.padStart(18)}`);
      }
    }
  };
  table(`calix package vs a bare CDK app writing the same template: validation on (median of ${runs} fresh processes each)`, 'calix', [['bareToolkit', 'toolkit'], ['barePlain', 'plain']]);
  table('for reference, validation off on both sides (CDK_VALIDATION=false)', 'calixNoValidation', [['bareToolkitNoValidation', 'toolkit']]);

  console.log('\nroutes | resources | template KB | OpenAPI body KB | bundle KB');
  console.log('-------|-----------|-------------|-----------------|----------');
  for (const p of projects) {
    const s = p.stats;
    console.log(`${String(p.n).padStart(6)} | ${String(s.resources).padStart(9)} | ${(s.templateBytes / 1024).toFixed(1).padStart(11)} | ${(s.bodyBytes / 1024).toFixed(1).padStart(15)} | ${(s.bundleBytes / 1024).toFixed(1).padStart(9)}`);
  }
  const counts = projects.map((p) => p.stats.resources);
  console.log(`resource types: ${JSON.stringify(projects[0].stats.types)}`);
  console.log(`resources constant in route count: ${counts.every((c) => c === counts[0]) ? 'yes' : 'NO'} (${counts.join(' / ')})`);

  if (withPhases) {
    console.log('\ncalix package phases (phases.mjs: the command\'s steps timed inside one fresh process; medians, ms)\n');
    const cols = ['startMs', 'importCliMs', 'bundleMs', 'loadMs', 'importCdkMs', 'synthMs', 'totalMs'];
    console.log(`routes | validation | ${cols.map((c) => c.replace(/Ms$/, '')).join(' | ')} | process wall (cpu)`);
    console.log(`-------|------------|${cols.map(() => '------').join('|')}|-------------------`);
    for (const p of projects) {
      for (const [k, label] of [['phases', 'on'], ['phasesNoValidation', 'off']]) {
        const rows = results.get(p)[k];
        const m = Object.fromEntries([...cols, 'ms', 'cpuMs'].map((c) => [c, med(rows, c)]));
        summary[p.n][k] = m;
        console.log(`${String(p.n).padStart(6)} | ${label.padStart(10)} | ${cols.map((c) => f0(m[c]).padStart(6)).join(' | ')} | ${`${f0(m.ms)} (${f0(m.cpuMs)})`.padStart(18)}`);
      }
    }
  }

  const big = projects.reduce((a, b) => (b.n > a.n ? b : a));
  const fig = summary[big.n].calix_vs_bareToolkit;
  const within = [fig.ratioWallPaired, fig.ratioCpuPaired].map((x) => x <= TARGET);
  console.log(`\ntarget: calix package (${big.n} routes) ≤ ${TARGET}× the bare CDK synth (toolkit, validation on): ` +
    `wall ${f2(fig.ratioWall)}× (paired ${f2(fig.ratioWallPaired)}×), cpu ${f2(fig.ratioCpu)}× (paired ${f2(fig.ratioCpuPaired)}×) → ` +
    (within.every(Boolean) ? 'met' : within.some(Boolean) ? 'unclear (wall and cpu disagree; run again with more --runs)' : 'MISSED'));

  if (flag('--profile')) {
    const profDir = mkdtempSync(join(tmpdir(), 'calix-bench-package-prof-'));
    timed(['--cpu-prof', '--cpu-prof-dir', profDir, cliBin, 'package'], big.dir, 'calix package --cpu-prof');
    const file = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')));
    console.log(`\nCPU profile of calix package (${big.n} routes): ${file}`);
    spawnSync(process.execPath, [join(here, 'profile.mjs'), file, '--top', '25'], { stdio: 'inherit' });
  }

  const jsonFile = value('--json', undefined);
  if (jsonFile) {
    const raw = Object.fromEntries(projects.map((p) => [p.n, results.get(p)]));
    writeFileSync(jsonFile, JSON.stringify({ runs, target: TARGET, sizes: summary, raw }, null, 2));
  }
} finally {
  if (flag('--keep')) console.log(`\nkept: ${[...projects.map((p) => p.dir), work].join(' ')}`);
  else for (const d of [...projects.map((p) => p.dir), work]) rmSync(d, { recursive: true, force: true });
}
