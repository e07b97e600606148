// Streaming costs only the apps that use it: a bundle that never imports `Response` carries none of
// src/http/stream.ts (Response.stream/sse, chunk encoding, collection); one that does, does.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function bundle(source: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' }, bundle: true, write: false, minify: true,
    platform: 'node', format: 'esm', logLevel: 'silent', alias: { calix: root + 'src/index.ts' },
  });
  return out.outputFiles[0]!.text;
}

test('a routes-only app bundles no streaming code; an app using Response.sse does', async () => {
  const routesOnly = await bundle(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'r' });\napp.route('/', () => ({ ok: true }));\nexport const handler = app.handler;\n`);
  const streaming = await bundle(`import { Calix, Response } from 'calix';\nexport const app = new Calix({ name: 's' });\napp.route('/', () => Response.sse((async function* () { yield 'a'; })()));\nexport const handler = app.handler;\n`);
  for (const marker of ['text/event-stream', 'a chunk must be a string', 'HttpResponseStream']) expect(routesOnly).not.toContain(marker);
  expect(streaming).toContain('text/event-stream');
  expect(streaming).toContain('a chunk must be a string');
  // The streaming Lambda handler comes only with the generated entry's `streamHandler` export.
  expect(streaming).not.toContain('HttpResponseStream');
});
