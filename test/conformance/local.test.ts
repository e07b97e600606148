// Conformance driver 2: every case as real HTTP through `calix local` (a child process on
// 127.0.0.1), the same case table the router Lambda driver runs. Cases API Gateway answers
// at the edge (unknown route, wrong method) get what a deployed REST API answers instead:
// 403 {"message":"Missing Authentication Token"}.
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { cases, type ConformanceCase } from './cases.js';
import { checkAnswer, materialize, type HttpAnswer } from './check.js';

const appFile = fileURLToPath(new URL('./app.ts', import.meta.url));
const project = tempProject({
  'app.ts': `export { app } from ${JSON.stringify(appFile)};\nimport { app } from ${JSON.stringify(appFile)};\nexport const handler = app.handler;\n`,
  '.calix/config.json': JSON.stringify({ app: 'conformance', stages: { dev: {} } }),
});
let server: RunningServer;

beforeAll(async () => {
  server = await startLocal(['--no-watch', '--quiet'], project.dir);
}, 30_000);
afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  project.remove();
});

function send(c: ConformanceCase): Promise<HttpAnswer> {
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

describe('conformance through calix local (real HTTP)', () => {
  test.each(cases.filter((c) => !c.edge).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    checkAnswer(await send(c), c.gateway ?? c.expect);
  });

  test.each(cases.filter((c) => c.edge).map((c) => [c.name, c] as const))('edge: %s is answered by the gateway like API Gateway REST', async (_name, c) => {
    checkAnswer(await send(c), { status: 403, json: { message: 'Missing Authentication Token' } });
  });
});
