import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const app = (version: string) => `import { Calix, CognitoUserPoolAuthorizer, Response } from 'calix';
export const app = new Calix({ name: 'edge' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'edge-users' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
app.route('/version', () => ({ version: '${version}' }));
app.route('/slow', async () => { await sleep(Number(process.env.SLOW_MS ?? 800)); return { version: '${version}' }; });
app.route('/echo/{path+}', { methods: ['POST'], contentTypes: ['image/png', 'application/json'] }, (req) =>
  new Response(req.bytes(), { headers: { 'content-type': req.contentType ?? 'application/octet-stream', 'x-path': req.params.path, 'x-tags': req.multiQuery.tag ?? [] }, cookies: ['a=1; Path=/', 'b=2; Path=/'] }));
app.route('/private', { authorizer: users }, (req) => ({ claims: req.claims ?? null }));
app.route('/crash', () => { throw new Error('boom'); });
export const handler = (event: any, ctx: any) => event.path === '/lambda-fails' ? Promise.reject(new Error('runtime failure')) : app.handler(event, ctx);
app.route('/lambda-fails', () => 'unreachable');
app.route('/env', () => ({ stage: process.env.STAGE_NAME }));
`;

describe('calix local: API Gateway behaviour at the edge and in the event', () => {
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

  test('a route with an authorizer rejects a request without a token: 401 like API Gateway', async () => {
    const r = await fetch(`${server.url}/private`);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  });

  test('a thrown error is a 500 JSON without a stack; a failing Lambda is API Gateway\'s 502', async () => {
    const crash = await fetch(`${server.url}/crash`);
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
    const failed = await fetch(`${server.url}/lambda-fails`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ message: 'Internal server error' });
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
