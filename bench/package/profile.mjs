#!/usr/bin/env node
// Summarizes a V8 CPU profile (node --cpu-prof) of `calix package`:
//   node bench/package/profile.mjs <file.cpuprofile> [--top N]
// Prints self time by where the code lives (a node_modules package, Calix's dist/cli or dist/src,
// the app bundle, node internals, GC, ...), the functions with the most self time, and the
// functions with the most inclusive time (time with that function anywhere on the stack).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/package/profile.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 20;
const prof = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame's code lives. */
function area(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native / wasm)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (/\/dist\/cli\//.test(url)) return 'calix dist/cli';
  if (/\/dist\/src\//.test(url)) return 'calix dist/src';
  if (/\.calix\/build\//.test(url)) return 'app bundle';
  if (url.startsWith('wasm://')) return '(wasm)';
  return url;
}
const label = (n) => {
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}` : '';
  return `${cf.functionName || '(anonymous)'} ${where}`.trim();
};

// Sample durations: timeDeltas[i] is the time before sample i; attribute it to sample i.
const dt = new Map();
const samples = prof.samples ?? [];
const deltas = prof.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) {
  const d = (deltas[i + 1] ?? 0) / 1000; // ms until the next sample
  dt.set(i, d);
}
const totalMs = (prof.endTime - prof.startTime) / 1000;

const selfByArea = new Map();
const selfByFn = new Map();
const inclByFn = new Map();
for (let i = 0; i < samples.length; i++) {
  const ms = dt.get(i);
  const n = byId.get(samples[i]);
  const a = area(n.callFrame.url, n.callFrame.functionName);
  selfByArea.set(a, (selfByArea.get(a) ?? 0) + ms);
  const l = label(n);
  selfByFn.set(l, (selfByFn.get(l) ?? 0) + ms);
  const seen = new Set();
  for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
    const k = label(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    inclByFn.set(k, (inclByFn.get(k) ?? 0) + ms);
  }
}

const show = (title, m, n) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / totalMs).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`profile ${file}: ${totalMs.toFixed(0)} ms, ${samples.length} samples`);
show('self time by area', selfByArea, top);
show('self time by function', selfByFn, top);
show('inclusive time by function (skipping (root), (program), (garbage collector))', new Map([...inclByFn].filter(([k]) => !/^\((root|program|garbage collector|idle)\)/.test(k))), top);
