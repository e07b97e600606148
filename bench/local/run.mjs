#!/usr/bin/env node
// `calix local` throughput and memory against a bare node:http server, in one run:
// 10k GET / (hello route), 32 concurrent keep-alive connections, loopback only.
//   node bench/local/run.mjs [--requests 10000] [--concurrency 32] [--rounds 3]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? Number(args[args.indexOf(`--${n}`) + 1]) : d);
const total = opt('requests', 10000), concurrency = opt('concurrency', 32), rounds = opt('rounds', 3);

function start(cmd, argv, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /at (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}: ${out}`)));
  });
}

async function load(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(url);
  let sent = 0, failed = 0;
  const one = () => new Promise((resolve) => {
    const req = request({ hostname, port, path: '/', agent }, (res) => {
      if (res.statusCode !== 200) failed++;
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => { failed++; resolve(); });
    req.end();
  });
  const worker = async () => { while (sent < total) { sent++; await one(); } };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t;
  agent.destroy();
  if (failed) throw new Error(`${failed} requests failed against ${url}`);
  return total / (ms / 1000);
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

// A hello project linked to this checkout, like a user's.
const dir = mkdtempSync(join(tmpdir(), 'calix-bench-local-'));
mkdirSync(join(dir, '.calix'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/calix'), 'dir');
writeFileSync(join(dir, '.calix/config.json'), JSON.stringify({ app: 'hello', stages: { dev: {} } }));
writeFileSync(join(dir, 'app.ts'), "import { Calix } from 'calix';\nexport const app = new Calix({ name: 'hello' });\napp.route('/', () => ({ hello: 'world' }));\nexport const handler = app.handler;\n");

const bare = await start(process.execPath, [join(root, 'bench/local/bare-server.mjs')], dir);
const calix = await start(process.execPath, [join(root, 'dist/cli/main.js'), 'local', '--port', '0', '--no-watch', '--quiet'], dir);
try {
  await load(bare.url); await load(calix.url); // warm-up
  const ratios = [], rates = { bare: [], calix: [] };
  for (let r = 0; r < rounds; r++) {
    const b = await load(bare.url), c = await load(calix.url);
    rates.bare.push(b); rates.calix.push(c); ratios.push(c / b);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\nnode ${process.version}; ${total} requests x ${rounds} rounds, ${concurrency} concurrent keep-alive, loopback; medians\n`);
  console.log('| server | req/s | ÷ bare node:http | RSS after load MB |');
  console.log('|---|---|---|---|');
  console.log(`| bare node:http | ${median(rates.bare).toFixed(0)} | 1.00 | ${rssMb(bare.child.pid).toFixed(0)} |`);
  console.log(`| calix local | ${median(rates.calix).toFixed(0)} | ${median(ratios).toFixed(2)} | ${rssMb(calix.child.pid).toFixed(0)} |`);
  console.log('\ntargets: calix local ≥ 0.5× bare node:http; RSS ≤ 200 MB (serverless-offline anchor: 0.16×, 0.75–1.6 GB)');
} finally {
  bare.child.kill('SIGTERM'); calix.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
