// Lambda's 6 MB synchronous invocation payload, through `calix local`'s LocalGateway in-process:
// a request whose event exceeds it answers 413 as the deployed API does (the handler does not
// run), a response past it 502; API Gateway's own 10 MB request limit still answers 413 too.
// (The HTTP server stopping at 10 MB is checked over real HTTP in local.test.ts.)
import { describe, expect, test } from 'vitest';
import { Calix } from '../../src/index.js';
import { testGateway } from '../helpers/gateway.js';

const app = new Calix({ name: 'sizes' });
let calls = 0;
app.route('/upload', { methods: ['POST'], contentTypes: ['application/json', 'application/octet-stream'] }, (req) => {
  calls++;
  return { bytes: req.bytes().length };
});
app.route('/download/{mb}', (req) => 'x'.repeat(Math.round(Number(req.params.mb) * 1024 * 1024)));

const MB = 1024 * 1024;
const json = (mb: number) => JSON.stringify({ data: 'a'.repeat(Math.round(mb * MB) - 11) });

describe('calix local and the Lambda payload limits', () => {
  const local = testGateway(app);
  const post = (body: string | Uint8Array, type = 'application/json') => local.send('POST', '/upload', { headers: { 'content-type': type }, body });
  const logged = (re: RegExp) => expect(local.logs.join('\n')).toMatch(re);

  // With the API's `*/*` binary media type every request body reaches Lambda base64-encoded
  // (4/3 of its size), so the largest body that fits the 6 MB event is about 4.5 MB.
  test('a 4 MB JSON body (5.3 MB once base64-encoded in the event) reaches the handler', async () => {
    const r = await post(json(4));
    expect(r.status).toBe(200);
    expect((r.json() as { bytes: number }).bytes).toBe(4 * MB);
  });

  test('a 5 MB JSON body (6.7 MB in the event, under API Gateway\'s 10 MB) answers 413 Request Too Long, and the handler does not run', async () => {
    const before = calls;
    const r = await post(json(5));
    expect([r.status, r.json(), r.headers['x-amzn-ErrorType']]).toEqual([413, { message: 'Request Too Long' }, 'RequestTooLongException']);
    expect(calls).toBe(before);
    logged(/413: the event for POST \/upload is 6\.\d\d MB of JSON; Lambda's synchronous invocation payload is at most 6\.00 MB/);
  });

  test('a 5 MB binary body is 6.7 MB once base64-encoded in the event: 413 too', async () => {
    const r = await post(new Uint8Array(5 * MB), 'application/octet-stream');
    expect(r.status).toBe(413);
  });

  test('over 10 MB: API Gateway\'s own 413', async () => {
    expect((await post(json(10.5))).status).toBe(413);
    // A transport that stopped reading past the limit passes only the size: the same answer.
    const r = await local.gateway.handle({ method: 'POST', path: '/upload', query: '', headers: [], body: { size: 10.5 * MB } });
    expect([r.status, JSON.parse(Buffer.from(r.body).toString())]).toEqual([413, { message: 'Request Too Long' }]);
  });

  test('a 5 MB response is served; a 7 MB one answers 502 Internal server error, with the reason in the log', async () => {
    const ok = await local.send('GET', '/download/5');
    expect([ok.status, ok.text().length]).toEqual([200, 5 * MB]);
    const big = await local.send('GET', '/download/7');
    expect([big.status, big.json()]).toEqual([502, { message: 'Internal server error' }]);
    logged(/the response is 7\.\d\d MB of JSON; Lambda's synchronous invocation response is at most 6\.00 MB/);
  });
});
