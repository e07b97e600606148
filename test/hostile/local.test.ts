// Issue 18 through `calix local` (a child process, real sockets): the regressions of
// regressions.test.ts, then a seeded fast-check run of raw HTTP requests with hostile names.
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { head, rawRequest, type RawAnswer } from './raw-http.js';
import { LEAK } from './events.js';

const appFile = fileURLToPath(new URL('./app.ts', import.meta.url));
const project = tempProject({
  'app.ts': `export { app, handler } from ${JSON.stringify(appFile)};\n`,
  '.calix/config.json': JSON.stringify({ app: 'hostile', stages: { dev: {} } }),
});
let server: RunningServer;

beforeAll(async () => {
  server = await startLocal(['--no-watch', '--quiet'], project.dir);
}, 60_000);
afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  project.remove();
});

const get = (target: string, headers: [string, string][] = []) => rawRequest(server.url, head('GET', target, headers, 0));
const json = (a: RawAnswer) => JSON.parse(a.body.toString('utf8'));
/** The status line is well-formed and its reason phrase is the status's own. */
const wellFormed = (a: RawAnswer) => expect(a.statusLine).toBe(`HTTP/1.1 ${a.status} ${STATUS_CODES[a.status]}`);

describe('calix local: client-chosen keys are data', () => {
  test('query keys named toString / __proto__ / constructor (repeated) are a 200 with every key', async () => {
    const a = await get('/echo/1?toString=x&__proto__=1&constructor=a&constructor=b&hasOwnProperty=h');
    wellFormed(a);
    expect(a.status).toBe(200);
    const body = json(a);
    expect(body.query).toEqual([['toString', 'x'], ['__proto__', '1'], ['constructor', 'b'], ['hasOwnProperty', 'h']]);
    expect(body.multiQuery).toContainEqual(['constructor', ['a', 'b']]);
  });

  test('headers named constructor / toString / valueOf / __proto__ and a cookie named __proto__ reach the handler', async () => {
    const a = await get('/echo/1', [['constructor', 'a'], ['toString', 'b'], ['valueOf', 'c'], ['__proto__', 'd'], ['constructor', 'e'], ['Cookie', '__proto__=p; toString=t']]);
    expect(a.status).toBe(200);
    const headers = new Map(json(a).headers as [string, string][]);
    expect([headers.get('constructor'), headers.get('tostring'), headers.get('valueof'), headers.get('__proto__')]).toEqual(['a, e', 'b', 'c', 'd']);
    expect(json(a).cookies).toEqual([['__proto__', 'p'], ['toString', 't']]);
  });
});

describe('calix local: bad input and bad output', () => {
  test('bad percent-encoding in a path parameter is a 400 JSON answer (issue 12), as in the router', async () => {
    for (const target of ['/echo/%E0%A4%A', '/files/a/%zz/b']) {
      const a = await get(target);
      wellFormed(a);
      expect(a.status, target).toBe(400);
      expect(json(a)).toEqual({ code: 'BadRequestError', message: `Path parameter "${target.startsWith('/echo') ? 'id' : 'path'}" is not valid percent-encoding` });
    }
  });

  test('a CR/LF header value from the handler is the router\'s 500 with a well-formed status line; nothing injected', async () => {
    const a = await get(`/reflect?v=${encodeURIComponent('a\r\nSet-Cookie: pwned=1')}`);
    wellFormed(a);
    expect(a.status).toBe(500);
    expect(json(a)).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
    expect(a.headers.has('set-cookie')).toBe(false);
    expect(a.headers.has('x-reflected')).toBe(false);
    await server.waitFor(/Calix: cannot send the handler's response: response header "X-Reflected" has a value with a control character/);
  });

  test('an invalid header name or a cookie with CR/LF from the handler: the same 500', async () => {
    for (const target of ['/bad-header-name', '/bad-cookie']) {
      const a = await get(target);
      wellFormed(a);
      expect(a.status, target).toBe(500);
      expect(a.headers.has('x-injected')).toBe(false);
    }
  });
});

describe('calix local: what a ported Chalice app relies on', () => {
  test('binary: a base64 result is sent as bytes whatever the Accept header (the deployed API lists */* as binary)', async () => {
    for (const accept of [[], [['Accept', 'text/html']], [['Accept', 'image/png']]] as [string, string][][]) {
      const a = await get('/bytes', accept);
      expect(a.status).toBe(200);
      expect([...a.body]).toEqual([0, 1, 2, 0xfe, 0xff]);
    }
  });

  test('every request body reaches the router base64-encoded, as with */*, and reads back as sent', async () => {
    const body = Buffer.from('{"a":"é"}');
    const a = await rawRequest(server.url, head('POST', '/echo/1', [['Content-Type', 'application/json']], body.length), body);
    expect(a.status).toBe(200);
    expect(json(a)).toMatchObject({ base64: true, body: '{"a":"é"}', contentType: 'application/json' });
  });

  test("CORS preflight: a custom headers list adds to Chalice's defaults", async () => {
    const a = await rawRequest(server.url, head('OPTIONS', '/echo/1', [['Origin', 'https://x.example'], ['Access-Control-Request-Method', 'POST']], 0));
    expect(a.status).toBe(200);
    expect(a.headers.get('access-control-allow-headers')).toEqual(['Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Custom']);
  });

  test('IAM route: an unsigned request with an Authorization header is the IncompleteSignature 403 naming the header', async () => {
    for (const value of ['Bearer abc', '']) {
      const a = await get('/signed', [['Authorization', value]]);
      wellFormed(a);
      expect(a.status).toBe(403);
      expect(a.headers.get('x-amzn-errortype')).toEqual(['IncompleteSignatureException']);
      expect(json(a).message).toBe(
        `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${value}`,
      );
    }
    const none = await get('/signed');
    expect(none.status).toBe(403);
    expect(json(none)).toEqual({ message: 'Missing Authentication Token' });
  });
});

describe('fast-check: raw HTTP requests against calix local', () => {
  const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'toLocaleString', '__defineGetter__'];
  const protoName = fc.constantFrom(...PROTO);
  const framing = ['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'te', 'trailer'];
  const headerName = fc.oneof(protoName, fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}$/)).filter((n) => !framing.includes(n.toLowerCase()));
  const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,14}$/);
  const urlChar = fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@%/'.split(''), '%E0', '%A4', '%2F', '%00', '%C3%A9', '%zz');
  const segment = fc.array(urlChar, { minLength: 1, maxLength: 8 }).map((c) => c.join(''));
  const queryPart = fc.oneof(protoName, fc.string({ minLength: 1, maxLength: 6 }).map(encodeURIComponent));
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD'),
    path: fc.oneof(segment.map((s) => `/echo/${s}`), segment.map((s) => `/files/${s}`), fc.constantFrom('/json', '/bytes', '/signed', '/', '/echo'), segment.map((s) => `/${s}`)),
    query: fc.array(fc.tuple(queryPart, fc.oneof(queryPart, fc.constant(''))), { maxLength: 4 }),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
    cookies: fc.array(fc.tuple(protoName, fc.stringMatching(/^[a-z0-9]{0,4}$/)), { maxLength: 3 }),
    body: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.json({ maxDepth: 1 })), { nil: undefined }),
    contentType: fc.option(fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'image/gif'), { nil: undefined }),
  });

  test('every answer has a well-formed status line, is never a 5xx, and leaks no stack or path', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        count++;
        const target = r.path + (r.query.length ? `?${r.query.map(([k, v]) => `${k}=${v}`).join('&')}` : '');
        const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
        const headers: [string, string][] = [...r.headers];
        if (r.cookies.length) headers.push(['Cookie', r.cookies.map(([k, v]) => `${k}=${v}`).join('; ')]);
        if (r.contentType) headers.push(['Content-Type', r.contentType]);
        const a = await rawRequest(server.url, head(r.method, target, headers, body.length), body);
        wellFormed(a);
        expect(a.status, `${r.method} ${target}: ${a.body}`).toBeLessThan(500);
        expect(a.body.toString('utf8')).not.toMatch(LEAK);
      }),
      { seed: 18, numRuns: 1000 },
    );
    expect(count).toBe(1000);
    expect(server.output()).not.toMatch(/Lambda error|calix local: |TypeError/);
  });
});
