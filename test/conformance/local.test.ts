// Conformance driver 2: every case as real HTTP through `calix local` (a child process on
// 127.0.0.1), the same case table the router Lambda driver runs, once per API type: stage `dev`
// serves a REST API (edge cases: 403 {"message":"Missing Authentication Token"}), stage `web`
// (`api: { type: "http" }`) an HTTP API (edge cases: 404 {"message":"Not Found"}, and each
// case's `http` expectation).
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { cases, type ConformanceCase } from './cases.js';
import { checkAnswer, expectedThrough, materialize, type ApiType, type HttpAnswer } from './check.js';

const appFile = fileURLToPath(new URL('./app.ts', import.meta.url));
const project = tempProject({
  'app.ts': `export { app } from ${JSON.stringify(appFile)};\nimport { app } from ${JSON.stringify(appFile)};\nexport const handler = app.handler;\n`,
  '.calix/config.json': JSON.stringify({ app: 'conformance', stages: { dev: {}, web: { api: { type: 'http' } } } }),
});
const servers: Partial<Record<ApiType, RunningServer>> = {};

beforeAll(async () => {
  [servers.rest, servers.http] = await Promise.all([
    startLocal(['--no-watch', '--quiet', '--stage', 'dev'], project.dir),
    startLocal(['--no-watch', '--quiet', '--stage', 'web'], project.dir),
  ]);
}, 60_000);
afterAll(async () => {
  for (const server of Object.values(servers)) expect(await server.stop()).toBe(0);
  project.remove();
});

function send(server: RunningServer, c: ConformanceCase): Promise<HttpAnswer> {
  const { headers, body } = materialize(c.request);
  const url = new URL(server.url);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(c.request.query ?? {})) for (const one of typeof v === 'string' ? [v] : v) qs.append(k, one);
  const path = c.request.path + (qs.size ? `?${qs}` : '');
  const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: c.request.method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const map = new Map<string, string[]>();
        for (const [k, v] of Object.entries(res.headersDistinct)) if (k !== 'set-cookie' && v) map.set(k, v);
        resolve({ status: res.statusCode!, headers: map, cookies: res.headersDistinct['set-cookie'] ?? [], body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.on('error', reject);
    // Repeated request headers go out as separate header lines.
    for (const [k, v] of Object.entries(headers)) req.setHeader(k, typeof v === 'string' ? v : [...v]);
    if (bytes) req.setHeader('content-length', bytes.length);
    req.end(bytes);
  });
}

for (const api of ['rest', 'http'] as const) {
  describe(`conformance through calix local (real HTTP, ${api === 'rest' ? 'REST API' : 'HTTP API'})`, () => {
    test.each(cases.map((c) => [`${c.edge ? '[edge] ' : ''}${c.name}`, c] as const))('%s', async (_name, c) => {
      checkAnswer(await send(servers[api]!, c), expectedThrough(c, api));
    });
  });
}
