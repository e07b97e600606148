import { describe, expect, test } from 'vitest';
import { Calix, Response, isV1Event, isV2Event, type ApiGatewayV1Event, type ApiGatewayV2Event, type Request } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';
import { fixture } from '../fixtures/events.js';

function buildApp() {
  const app = new Calix({ name: 'client' });
  const seen: Request[] = [];
  app.use((req, next) => {
    seen.push(req as Request);
    return next();
  });
  app.route('/users/{id}', { methods: ['GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] }, (req) => ({ id: req.params.id, method: req.method }));
  app.route('/users', { methods: ['POST'] }, (req) => Response.json({ created: req.json() }, { status: 201, cookies: ['sid=1; HttpOnly', 'v=2'] }));
  app.route('/files/{path+}', (req) => ({ path: req.params.path }));
  app.route('/echo', (req) => ({
    query: req.query,
    multi: req.multiQuery,
    tags: req.headers.getAll('x-tag'),
    cookies: req.cookies,
    claims: req.claims ?? null,
    stage: req.context.stage,
    stageVariables: req.stageVariables,
  }));
  app.route('/upload', { methods: ['POST'], contentTypes: ['image/*'] }, (req) => new Response(req.bytes(), { headers: { 'Content-Type': 'image/png' } }));
  app.route('/text', { methods: ['POST'], contentTypes: ['text/plain'] }, (req) => req.text());
  return { app, seen };
}

const sortedKeys = (o: object) => Object.keys(o).sort();

describe('createTestClient: REST v1 events (the default)', () => {
  const { app, seen } = buildApp();
  const client = createTestClient(app);

  test('builds a full v1 event: resource is the route template, pathParameters as API Gateway sends them', async () => {
    const r = await client.http.get('/users/42?expand=true&expand=false', { headers: { 'X-Tag': ['a', 'b'], Accept: 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ id: '42', method: 'GET' });
    const e = r.event as ApiGatewayV1Event;
    expect(isV1Event(e as never)).toBe(true);
    expect(e.resource).toBe('/users/{id}');
    expect(e.path).toBe('/users/42');
    expect(e.httpMethod).toBe('GET');
    expect(e.pathParameters).toEqual({ id: '42' });
    expect(e.multiValueHeaders).toMatchObject({ 'X-Tag': ['a', 'b'], Accept: ['application/json'] });
    expect(e.headers).toMatchObject({ 'X-Tag': 'b', Accept: 'application/json' });
    expect(e.queryStringParameters).toEqual({ expand: 'false' });
    expect(e.multiValueQueryStringParameters).toEqual({ expand: ['true', 'false'] });
    expect(e.body).toBeNull();
    expect(e.isBase64Encoded).toBe(false);
    expect(e.requestContext).toMatchObject({ resourcePath: '/users/{id}', httpMethod: 'GET', stage: 'dev', path: '/dev/users/42' });
    expect(typeof e.requestContext.requestId).toBe('string');
    expect(e.requestContext.identity?.sourceIp).toEqual(expect.any(String));
  });

  test('the event has every field of a real REST API event (same keys as the fixture)', async () => {
    const e = (await client.http.get('/users/1')).event as Record<string, any>;
    const real = fixture('apigw-v1.json');
    expect(sortedKeys(e)).toEqual(sortedKeys(real));
    // operationName comes from the OpenAPI operationId; authorizer only with an authorizer.
    const ctxKeys = sortedKeys(real.requestContext).filter((k) => !['operationName', 'deploymentId'].includes(k));
    expect(sortedKeys(e.requestContext)).toEqual(expect.arrayContaining(ctxKeys));
    expect(sortedKeys(e.requestContext.identity)).toEqual(sortedKeys(real.requestContext.identity));
  });

  test('goes through app.handler: middleware runs and the same event through app.handler gives the same answer', async () => {
    seen.length = 0;
    const r = await client.http.get('/users/7');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.event).toBe(r.event);
    const again = await app.handler(r.event);
    expect(again).toEqual(r.raw);
  });

  test('greedy paths and unknown paths (sent as API Gateway would for a /{proxy+} resource)', async () => {
    const g = await client.http.get('/files/a/b/c.txt');
    expect(g.json()).toEqual({ path: 'a/b/c.txt' });
    expect((g.event as ApiGatewayV1Event).pathParameters).toEqual({ path: 'a/b/c.txt' });
    const u = await client.http.get('/nowhere/at/all');
    expect(u.status).toBe(404);
    expect((u.event as ApiGatewayV1Event).resource).toBe('/{proxy+}');
    expect((u.event as ApiGatewayV1Event).pathParameters).toEqual({ proxy: 'nowhere/at/all' });
  });

  test('every verb sends its method', async () => {
    const { put, patch, delete: del, head, options, get } = client.http;
    for (const [call, method] of [
      [get, 'GET'],
      [put, 'PUT'],
      [patch, 'PATCH'],
      [del, 'DELETE'],
      [head, 'HEAD'],
      [options, 'OPTIONS'],
    ] as const) {
      const r = await call('/users/1');
      expect((r.event as ApiGatewayV1Event).httpMethod).toBe(method);
      expect(r.json().method).toBe(method);
    }
    expect((await client.http.request('PATCH', '/users/1')).json().method).toBe('PATCH');
  });

  test('post(path, { json }) sends a JSON body with Content-Type application/json; cookies and status come back', async () => {
    const r = await client.http.post('/users', { json: { name: 'Ada' } });
    const e = r.event as ApiGatewayV1Event;
    expect(e.body).toBe('{"name":"Ada"}');
    expect(e.headers!['Content-Type']).toBe('application/json');
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ created: { name: 'Ada' } });
    expect(r.cookies).toEqual(['sid=1; HttpOnly', 'v=2']);
    expect(r.headers.getAll('set-cookie')).toEqual(['sid=1; HttpOnly', 'v=2']);
    expect(r.headers.get('Content-Type')).toBe('application/json');
  });

  test('json with an explicit content type keeps it', async () => {
    const r = await client.http.post('/users', { json: [1], headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect((r.event as ApiGatewayV1Event).headers!['content-type']).toBe('application/json; charset=utf-8');
    expect(r.status).toBe(201);
  });

  test('bytes are sent base64 and come back as bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const r = await client.http.post('/upload', { body: png, headers: { 'Content-Type': 'image/png' } });
    const e = r.event as ApiGatewayV1Event;
    expect(e.isBase64Encoded).toBe(true);
    expect(e.body).toBe(Buffer.from(png).toString('base64'));
    expect(r.raw.isBase64Encoded).toBe(true);
    expect([...r.bytes]).toEqual([...png]);
  });

  test('a text body is sent as is', async () => {
    const r = await client.http.post('/text', { body: 'hello', headers: { 'Content-Type': 'text/plain' } });
    expect((r.event as ApiGatewayV1Event).isBase64Encoded).toBe(false);
    expect(r.body).toBe('hello');
  });

  test('query option, claims, stage and stage variables reach the request', async () => {
    const r = await client.http.get('/echo?a=1', {
      query: { a: '2', tag: ['x', 'y'] },
      headers: { Cookie: 'k=v' },
      claims: { sub: 'u-1', 'cognito:groups': 'admin' },
      stage: 'prod',
      stageVariables: { table: 't-prod' },
    });
    expect(r.json()).toEqual({
      query: { a: '2', tag: 'y' },
      multi: { a: ['1', '2'], tag: ['x', 'y'] },
      tags: [],
      cookies: { k: 'v' },
      claims: { sub: 'u-1', 'cognito:groups': 'admin' },
      stage: 'prod',
      stageVariables: { table: 't-prod' },
    });
    expect((r.event as ApiGatewayV1Event).requestContext.authorizer).toEqual({ claims: { sub: 'u-1', 'cognito:groups': 'admin' } });
  });
});

describe('createTestClient: version 2 builds HTTP API events', () => {
  const { app } = buildApp();
  const client = createTestClient(app);

  test('a full v2 event with routeKey, rawPath, rawQueryString, cookies and requestContext.http', async () => {
    const r = await client.http.get('/users/42?x=1&x=2', { version: 2, headers: { Cookie: 'a=1; b=2', 'X-Tag': 'v' } });
    expect(r.json()).toEqual({ id: '42', method: 'GET' });
    const e = r.event as ApiGatewayV2Event;
    expect(isV2Event(e as never)).toBe(true);
    expect(isV1Event(e as never)).toBe(false);
    expect(e.version).toBe('2.0');
    expect(e.routeKey).toBe('GET /users/{id}');
    expect(e.rawPath).toBe('/users/42');
    expect(e.rawQueryString).toBe('x=1&x=2');
    expect(e.queryStringParameters).toEqual({ x: '1,2' });
    expect(e.cookies).toEqual(['a=1', 'b=2']);
    expect(e.headers['x-tag']).toBe('v');
    expect(e.pathParameters).toEqual({ id: '42' });
    expect(e.requestContext.http).toMatchObject({ method: 'GET', path: '/users/42' });
    const real = fixture('apigw-v2.json');
    expect(sortedKeys(e.requestContext)).toEqual(sortedKeys(real.requestContext));
  });

  test('responses come back in the v2 shape (cookies field), read the same way', async () => {
    const r = await client.http.post('/users', { version: 2, json: { name: 'Grace' } });
    expect(r.raw).not.toHaveProperty('multiValueHeaders');
    expect((r.raw as { cookies?: string[] }).cookies).toEqual(['sid=1; HttpOnly', 'v=2']);
    expect(r.cookies).toEqual(['sid=1; HttpOnly', 'v=2']);
    expect(r.json()).toEqual({ created: { name: 'Grace' } });
  });

  test('v2 query, cookies and claims reach the request', async () => {
    const r = await client.http.get('/echo', { version: 2, query: { tag: ['x', 'y'] }, headers: { Cookie: 'k=v' }, claims: { sub: 'u-2' } });
    expect(r.json()).toMatchObject({ query: { tag: 'y' }, multi: { tag: ['x', 'y'] }, cookies: { k: 'v' }, claims: { sub: 'u-2' } });
  });

  test('an unknown path is sent with the $default route key', async () => {
    const r = await client.http.get('/nope', { version: 2 });
    expect((r.event as ApiGatewayV2Event).routeKey).toBe('$default');
    expect(r.status).toBe(404);
  });
});
