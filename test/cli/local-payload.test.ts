// Lambda's 6 MB synchronous invocation payload, over real HTTP to `calix local`: a request whose
// event exceeds it answers 413 as the deployed API does (the handler does not run), a response
// past it 502; API Gateway's own 10 MB request limit still answers 413 too.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'sizes' });
let calls = 0;
app.route('/upload', { methods: ['POST'], contentTypes: ['application/json', 'application/octet-stream'] }, (req) => {
  calls++;
  return { bytes: req.bytes().length };
});
app.route('/calls', () => ({ calls }));
app.route('/download/{mb}', (req) => 'x'.repeat(Math.round(Number(req.params.mb) * 1024 * 1024)));
`;
const MB = 1024 * 1024;
const json = (mb: number) => JSON.stringify({ data: 'a'.repeat(Math.round(mb * MB) - 11) });

describe('calix local and the Lambda payload limits', () => {
  const p = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'sizes', stages: { dev: {} } }) });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(['--no-watch'], p.dir);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    p.remove();
  });
  const post = (body: string | Uint8Array, type = 'application/json') => fetch(`${server.url}/upload`, { method: 'POST', headers: { 'content-type': type }, body });
  const calls = async () => ((await (await fetch(`${server.url}/calls`)).json()) as { calls: number }).calls;

  // With the API's `*/*` binary media type every request body reaches Lambda base64-encoded
  // (4/3 of its size), so the largest body that fits the 6 MB event is about 4.5 MB.
  test('a 4 MB JSON body (5.3 MB once base64-encoded in the event) reaches the handler', async () => {
    const r = await post(json(4));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { bytes: number }).bytes).toBe(4 * MB);
  });

  test('a 5 MB JSON body (6.7 MB in the event, under API Gateway\'s 10 MB) answers 413 Request Too Long, and the handler does not run', async () => {
    const before = await calls();
    const r = await post(json(5));
    expect([r.status, await r.json(), r.headers.get('x-amzn-errortype')]).toEqual([413, { message: 'Request Too Long' }, 'RequestTooLongException']);
    expect(await calls()).toBe(before);
    await server.waitFor(/413: the event for POST \/upload is 6\.\d\d MB of JSON; Lambda's synchronous invocation payload is at most 6\.00 MB/);
  });

  test('a 5 MB binary body is 6.7 MB once base64-encoded in the event: 413 too', async () => {
    const r = await post(new Uint8Array(5 * MB), 'application/octet-stream');
    expect(r.status).toBe(413);
  });

  test('over 10 MB: API Gateway\'s own 413', async () => {
    expect((await post(json(10.5))).status).toBe(413);
  });

  test('a 5 MB response is served; a 7 MB one answers 502 Internal server error, with the reason in the log', async () => {
    const ok = await fetch(`${server.url}/download/5`);
    expect([ok.status, (await ok.text()).length]).toEqual([200, 5 * MB]);
    const big = await fetch(`${server.url}/download/7`);
    expect([big.status, await big.json()]).toEqual([502, { message: 'Internal server error' }]);
    await server.waitFor(/the response is 7\.\d\d MB of JSON; Lambda's synchronous invocation response is at most 6\.00 MB/);
  });
});
