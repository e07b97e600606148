#!/usr/bin/env node
// Sends a few requests to the example app (examples/todo) through the test client and
// prints the responses.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.tmp/example/app.mjs');
mkdirSync(join(root, '.tmp/example'), { recursive: true });
await build({ entryPoints: [join(root, 'examples/todo/app.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const { app } = await import(pathToFileURL(out).href);
const { createTestClient } = await import('calix/testing');
const client = createTestClient(app);
for (const [method, path, opts] of [
  ['GET', '/'],
  ['POST', '/v1/todos', { json: { title: 'write docs' } }],
  ['GET', '/v1/todos/1'],
  ['GET', '/v1/todos/42'],
  ['POST', '/v1/todos', { body: '{not json', headers: { 'content-type': 'application/json' } }],
]) {
  const r = await client.http.request(method, path, opts);
  console.log(`${method} ${path} -> ${r.status} ${r.body}`);
}
