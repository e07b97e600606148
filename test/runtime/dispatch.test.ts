// How app.handler recognises an event and picks the route.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Calix, Response, isV1Event, isV2Event, type Request } from '../../src/index.js';
import { fixture, lambdaContext, v1Event, v2Event } from '../fixtures/events.js';
import { readResult } from '../fixtures/send.js';

// No trigger routing by environment in these tests.
let savedHandlerEnv: string | undefined;
beforeEach(() => {
  savedHandlerEnv = process.env.CALIX_HANDLER;
  delete process.env.CALIX_HANDLER;
});
afterEach(() => {
  if (savedHandlerEnv !== undefined) process.env.CALIX_HANDLER = savedHandlerEnv;
});

function buildApp() {
  const app = new Calix({ name: 'dispatch' });
  const seen: Request[] = [];
  const keep = (req: Request) => void seen.push(req);
  app.route('/', (req) => (keep(req as Request), { root: true }));
  app.route('/users/{id}', { methods: ['GET', 'PUT'] }, (req) => (keep(req as Request), { id: req.params.id }));
  app.route('/users/me', (req) => (keep(req as Request), { me: true }));
  app.route('/files/{path+}', (req) => (keep(req as Request), { path: req.params.path }));
  app.route('/production/x', (req) => (keep(req as Request), { production: true }));
  app.route('/orders/{orderId}/items', { methods: ['POST'] }, (req) => (keep(req as Request), Response.json({ order: req.params.orderId }, { cookies: ['c=1'] })));
  return { app, seen };
}

const call = async (app: Calix, event: unknown) => readResult(await app.handler(event, lambdaContext()));

describe('event detection', () => {
  test('the REST v1 fixture is v1, not v2; the result has the v1 shape', async () => {
    const { app, seen } = buildApp();
    const event = fixture('apigw-v1.json');
    expect(isV1Event(event)).toBe(true);
    expect(isV2Event(event)).toBe(false);
    const r = await call(app, event);
    expect(r.json).toEqual({ order: 'o-1001' });
    expect(r.raw).not.toHaveProperty('cookies');
    expect((r.raw as { multiValueHeaders?: object }).multiValueHeaders).toEqual({ 'Set-Cookie': ['c=1'] });
    expect(seen[0]!.event).toBe(event);
  });

  test('the HTTP API v2 fixtures are v2, not v1; the result has the v2 shape', async () => {
    for (const name of ['apigw-v2.json', 'apigw-v2-jwt.json'] as const) {
      const { app } = buildApp();
      const event = fixture(name);
      expect(isV2Event(event)).toBe(true);
      expect(isV1Event(event)).toBe(false);
      const r = await call(app, event);
      expect(r.json).toEqual({ order: 'o-1001' });
      expect(r.raw).not.toHaveProperty('multiValueHeaders');
      expect((r.raw as { cookies?: string[] }).cookies).toEqual(['c=1']);
    }
  });

  test('an HTTP API payload format 1.0 event (version "1.0", REST-like fields) is handled as v1', async () => {
    const { app } = buildApp();
    const event = { version: '1.0', ...v1Event({ method: 'GET', path: '/users/5', resource: '/users/{id}', pathParameters: { id: '5' } }) };
    expect(isV1Event(event)).toBe(true);
    expect(isV2Event(event)).toBe(false);
    expect((await call(app, event)).json).toEqual({ id: '5' });
  });

  test('a Lambda function URL event (v2 payload, $default) is handled as v2', async () => {
    const { app } = buildApp();
    const event = v2Event({ method: 'GET', path: '/users/5' });
    event.requestContext.domainName = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
    expect((await call(app, event)).json).toEqual({ id: '5' });
  });

  test('guards look at several fields: near-misses are neither v1 nor v2', () => {
    const v1 = fixture('apigw-v1.json');
    const v2 = fixture('apigw-v2.json');
    const { requestContext: _rc, ...v1NoContext } = v1;
    const { routeKey: _rk, ...v2NoRouteKey } = v2;
    const v2NoHttp = { ...v2, requestContext: { ...v2.requestContext, http: undefined } };
    const v1Tagged2 = { ...v1, version: '2.0' };
    for (const e of [v1NoContext, v2NoRouteKey, v2NoHttp, v1Tagged2, null, undefined, {}]) {
      expect(isV1Event(e as never) || isV2Event(e as never), JSON.stringify(e)?.slice(0, 80)).toBe(false);
    }
  });

  test('an Application Load Balancer event (httpMethod + path, but no resource) is not taken for REST v1', async () => {
    const { app } = buildApp();
    const alb = {
      requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/lambda-tg/6d0ecf831eec9f09' } },
      httpMethod: 'GET',
      path: '/users/5',
      queryStringParameters: {},
      headers: { host: 'lb.example.com' },
      body: '',
      isBase64Encoded: false,
    };
    expect(isV1Event(alb)).toBe(false);
    await expect(app.handler(alb)).rejects.toThrow(/requestContext, httpMethod, path, queryStringParameters, headers, body, isBase64Encoded/);
  });

  test('an unknown event shape rejects with an error naming the event’s keys', async () => {
    const { app } = buildApp();
    const err = await app.handler({ foo: 1, bar: { baz: 2 } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain('not an API Gateway REST (v1) or HTTP API (v2) event');
    expect(err!.message).toContain('[foo, bar]');
  });

  test('a WebSocket API event is rejected, naming its keys', async () => {
    const { app } = buildApp();
    const ws = { requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'L0SM9cOFvHcCIhw=' }, isBase64Encoded: false };
    await expect(app.handler(ws)).rejects.toThrow(/\[requestContext, isBase64Encoded\]/);
  });

  test.each([
    [null, 'a null value'],
    [undefined, 'undefined value'],
    ['GET /users', 'a string value'],
    [42, 'a number value'],
  ])('a non-object event (%j) rejects, saying what it is', async (event, what) => {
    const { app } = buildApp();
    await expect(app.handler(event)).rejects.toThrow(what);
  });
});

describe('REST v1: which route', () => {
  test('a registered `resource` is used with API Gateway’s pathParameters, even when `path` has a custom-domain base path', async () => {
    const { app, seen } = buildApp();
    // Custom domain with base path mapping "api": `path` keeps the base path, `resource` does not.
    const event = v1Event({ method: 'GET', path: '/api/users/42', resource: '/users/{id}', pathParameters: { id: '42' } });
    const r = await call(app, event);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: '42' });
    expect(seen[0]!.path).toBe('/api/users/42');
  });

  test('params are API Gateway’s, not re-derived from the path', async () => {
    const { app } = buildApp();
    const event = v1Event({ method: 'GET', path: '/users/42', resource: '/users/{id}', pathParameters: { id: 'from-api-gateway' } });
    expect((await call(app, event)).json).toEqual({ id: 'from-api-gateway' });
  });

  test('a registered resource with an unregistered method -> 405 with Allow', async () => {
    const { app } = buildApp();
    const r = await call(app, v1Event({ method: 'DELETE', path: '/users/42', resource: '/users/{id}', pathParameters: { id: '42' } }));
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET,PUT');
  });

  test('resource /{proxy+} (a catch-all API) falls back to matching the path', async () => {
    const { app } = buildApp();
    for (const [path, body] of [
      ['/users/42', { id: '42' }],
      ['/users/me', { me: true }],
      ['/files/a/b.txt', { path: 'a/b.txt' }],
      ['/', { root: true }],
    ] as const) {
      const event = v1Event({ method: 'GET', path });
      expect(event.resource).toBe('/{proxy+}');
      expect((await call(app, event)).json, path).toEqual(body);
    }
  });

  test('an unregistered resource falls back to the path; no match -> 404', async () => {
    const { app } = buildApp();
    const ok = await call(app, v1Event({ method: 'GET', path: '/users/1', resource: '/{any+}', pathParameters: { any: 'users/1' } }));
    expect(ok.json).toEqual({ id: '1' });
    const miss = await call(app, v1Event({ method: 'GET', path: '/nothing/here' }));
    expect(miss.status).toBe(404);
    expect(miss.json).toEqual({ code: 'NotFoundError', message: 'No route matches GET /nothing/here' });
  });

  test('a trailing slash on the request path still matches (path fallback)', async () => {
    const { app } = buildApp();
    expect((await call(app, v1Event({ method: 'GET', path: '/users/42/' }))).json).toEqual({ id: '42' });
  });

  test('v1 paths never contain the stage: stage "prod" does not change routing', async () => {
    const { app } = buildApp();
    const e = v1Event({ method: 'GET', path: '/production/x', stage: 'production' });
    expect(e.requestContext.path).toBe('/production/production/x');
    expect((await call(app, e)).json).toEqual({ production: true });
  });
});

describe('HTTP API v2: which route', () => {
  test('routeKey $default -> the router matches rawPath', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '/files/x/y/z' });
    expect(e.routeKey).toBe('$default');
    expect((await call(app, e)).json).toEqual({ path: 'x/y/z' });
  });

  test('a routeKey naming a registered template uses its pathParameters', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '/users/42', resource: '/users/{id}', pathParameters: { id: 'from-http-api' } });
    expect(e.routeKey).toBe('GET /users/{id}');
    expect((await call(app, e)).json).toEqual({ id: 'from-http-api' });
  });

  test('routeKey ANY /{proxy+} -> the router matches rawPath', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '/users/me', resource: '/{proxy+}', pathParameters: { proxy: 'users/me' } });
    e.routeKey = 'ANY /{proxy+}';
    e.requestContext.routeKey = e.routeKey;
    expect((await call(app, e)).json).toEqual({ me: true });
  });

  test('a named stage prefixes rawPath; the router strips it', async () => {
    const { app, seen } = buildApp();
    const e = v2Event({ method: 'GET', path: '/users/42', stage: 'prod' });
    expect(e.rawPath).toBe('/prod/users/42');
    expect((await call(app, e)).json).toEqual({ id: '42' });
    expect(seen[0]!.path).toBe('/users/42');
  });

  test('a named stage and the bare stage path -> "/"', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '', stage: 'prod' });
    expect(e.rawPath).toBe('/prod');
    expect((await call(app, e)).json).toEqual({ root: true });
  });

  test('only a whole stage segment is stripped: /production/x under stage "prod" is left alone', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '/x', stage: 'prod' });
    e.rawPath = '/production/x';
    e.requestContext.http.path = e.rawPath;
    expect((await call(app, e)).json).toEqual({ production: true });
  });

  test('the $default stage never strips anything', async () => {
    const { app } = buildApp();
    const e = v2Event({ method: 'GET', path: '/production/x' });
    expect(e.requestContext.stage).toBe('$default');
    expect((await call(app, e)).json).toEqual({ production: true });
  });

  test('an unknown path and a wrong method (v2)', async () => {
    const { app } = buildApp();
    const miss = await call(app, v2Event({ method: 'GET', path: '/nope' }));
    expect([miss.status, miss.json]).toEqual([404, { code: 'NotFoundError', message: 'No route matches GET /nope' }]);
    const wrong = await call(app, v2Event({ method: 'POST', path: '/users/me' }));
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET']);
  });
});
