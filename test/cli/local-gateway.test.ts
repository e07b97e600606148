// `calix local`'s API Gateway behaviour: in-process against LocalGateway (no socket), and over
// real HTTP for what the server itself does (writing the answer, the stage's environment, reloads).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { Calix, CognitoUserPoolAuthorizer } from '../../src/index.js';
import { testGateway } from '../helpers/gateway.js';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const app = (version: string) => `import { Calix, Response } from 'calix';
export const app = new Calix({ name: 'edge' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
app.route('/version', () => ({ version: '${version}' }));
app.route('/slow', async () => { await sleep(Number(process.env.SLOW_MS ?? 800)); return { version: '${version}' }; });
app.route('/echo/{path+}', { methods: ['POST'], contentTypes: ['image/png', 'application/json'] }, (req) =>
  new Response(req.bytes(), { headers: { 'content-type': req.contentType ?? 'application/octet-stream', 'x-path': req.params.path, 'x-tags': req.multiQuery.tag ?? [] }, cookies: ['a=1; Path=/', 'b=2; Path=/'] }));
app.route('/env', () => ({ stage: process.env.STAGE_NAME }));
`;

// In-process: the app runs in this test's process behind LocalGateway.
const edgeApp = new Calix({ name: 'edge' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'edge-users' });
edgeApp.route('/private', { authorizer: users }, (req) => ({ claims: req.claims ?? null }));
edgeApp.route('/crash', () => {
  throw new Error('boom');
});
edgeApp.route('/lambda-fails', () => 'unreachable');
edgeApp.route('/items', { methods: ['GET', 'POST'], cors: { origins: 'https://app.example.com' } }, () => ({ items: [] }));
const edgeHandler = (event: any, ctx: any) => (event.path === '/lambda-fails' ? Promise.reject(new Error('runtime failure')) : edgeApp.handler(event, ctx));

describe('LocalGateway (in-process): API Gateway behaviour at the edge', () => {
  const local = testGateway({ manifest: () => edgeApp.manifest(), handler: edgeHandler });
  beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
  afterAll(() => vi.restoreAllMocks());

  test('a route with an authorizer rejects a request without a token: 401 like API Gateway', async () => {
    const r = await local.send('GET', '/private');
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ message: 'Unauthorized' });
  });

  test('a thrown error is a 500 JSON without a stack; a failing Lambda is API Gateway\'s 502', async () => {
    const crash = await local.send('GET', '/crash');
    expect(crash.status).toBe(500);
    expect(crash.json()).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
    const failed = await local.send('GET', '/lambda-fails');
    expect(failed.status).toBe(502);
    expect(failed.json()).toEqual({ message: 'Internal server error' });
    expect(local.logs.join('\n')).toMatch(/error: Lambda error on GET \/lambda-fails: Error: runtime failure/);
  });

  test('an unknown path or a missing method is 403 Missing Authentication Token, and the log says which', async () => {
    for (const [method, path, why] of [
      ['GET', '/nope', /no route for GET \/nope; closest routes/],
      ['DELETE', '/items', /no route for DELETE \/items: the path exists, but not with DELETE/],
    ] as const) {
      const r = await local.send(method, path);
      expect([r.status, r.json(), r.headers['x-amzn-ErrorType']]).toEqual([403, { message: 'Missing Authentication Token' }, 'MissingAuthenticationTokenException']);
      expect(local.logs.at(-1)).toMatch(why);
    }
  });

  test("a CORS path's preflight reaches the router, which answers it", async () => {
    const r = await local.send('OPTIONS', '/items', { headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(200);
    expect(r.headers['Access-Control-Allow-Origin'] ?? r.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  test("the gateway's own answers carry the CORS mapping it is given, as API Gateway evaluates it: a fixed value, or the request's Origin echoed", async () => {
    const fixed = testGateway({ manifest: () => edgeApp.manifest(), handler: edgeHandler }, { edgeCors: { 'Access-Control-Allow-Origin': "'https://app.example.com'", Vary: "'Origin'" } });
    const r = await fixed.send('GET', '/nope');
    expect([r.status, r.headers['Access-Control-Allow-Origin'], r.headers.Vary]).toEqual([403, 'https://app.example.com', 'Origin']);
    const echo = testGateway({ manifest: () => edgeApp.manifest(), handler: edgeHandler }, { edgeCors: { 'Access-Control-Allow-Origin': 'method.request.header.origin' } });
    expect((await echo.send('GET', '/private', { headers: { Origin: 'https://b.example.com' } })).headers['Access-Control-Allow-Origin']).toBe('https://b.example.com');
    expect((await echo.send('GET', '/private')).headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect((await local.send('GET', '/nope')).headers['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

describe('calix local: API Gateway behaviour at the edge and in the event (real HTTP)', () => {
  const project = tempProject({
    'app.ts': app('one'),
    '.calix/config.json': JSON.stringify({ app: 'edge', environmentVariables: { STAGE_NAME: 'top' }, stages: { dev: { environmentVariables: { STAGE_NAME: 'dev' } } } }),
  });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal([], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) await server.stop();
    project.remove();
  });

  test('binary bodies round-trip base64 through the event and result; greedy params, multi-value query and cookies', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 1, 2]);
    const r = await fetch(`${server.url}/echo/a/b%20c?tag=x&tag=y`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect(r.status).toBe(200);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(png);
    expect(r.headers.get('x-path')).toBe('a/b c');
    expect(r.headers.get('x-tags')).toBe('x, y');
    expect(r.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });

  test('stage environment variables are set for the app', async () => {
    expect(await (await fetch(`${server.url}/env`)).json()).toEqual({ stage: 'dev' });
  });

  test('a reload does not drop a request in flight: it finishes on the build it started with', async () => {
    const slow = fetch(`${server.url}/slow`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 100));
    project.write('app.ts', app('two'));
    await server.waitFor(/Reloaded app\.ts/);
    expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ version: 'two' });
    expect(await slow).toEqual({ version: 'one' });
  });
});

describe('calix local --no-watch', () => {
  test('serves without rebuilding on change', async () => {
    const project = tempProject({ 'app.ts': app('one'), '.calix/config.json': JSON.stringify({ app: 'edge', stages: { dev: {} } }) });
    const server = await startLocal(['--no-watch'], project.dir);
    try {
      expect(server.output()).not.toMatch(/reloading on change/);
      project.write('app.ts', app('two'));
      await new Promise((r) => setTimeout(r, 500));
      expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ version: 'one' });
    } finally {
      expect(await server.stop()).toBe(0);
      project.remove();
    }
  });
});
