// What a handler reads from `req`, for full REST v1 and HTTP API v2 events.
import { describe, expect, test } from 'vitest';
import { Calix, type ApiGatewayResult, type Request, type RouteOptions } from '../../src/index.js';
import { fixture, lambdaContext, v1Event, v2Event } from '../fixtures/events.js';

/**
 * Registers `template` on a fresh app, sends `event` through `app.handler`, and returns the
 * Request the handler saw plus what `read(req)` returned (as the HTTP result).
 */
async function capture(
  event: unknown,
  template: string,
  read: (req: Request) => unknown = () => undefined,
  options: RouteOptions = {},
): Promise<{ req: Request; result: ApiGatewayResult; json: any }> {
  const app = new Calix({ name: 'request' });
  let seen: Request | undefined;
  app.route(template, { methods: ['GET', 'POST', 'PUT'], ...options }, (req) => {
    seen = req as Request;
    return read(seen);
  });
  const result = await app.handler(event, lambdaContext());
  if (!seen) throw new Error(`handler not reached: ${result.statusCode} ${result.body}`);
  let json: unknown;
  try {
    json = JSON.parse(result.body);
  } catch {
    json = undefined;
  }
  return { req: seen, result, json };
}

const ORDER = '/orders/{orderId}/items';

describe('method, path and params', () => {
  test('v1: from the fixture as AWS sends it', async () => {
    const { req } = await capture(fixture('apigw-v1.json'), ORDER);
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/orders/o-1001/items');
    expect(req.params).toEqual({ orderId: 'o-1001' });
  });

  test('v2: from the fixture as AWS sends it', async () => {
    const { req } = await capture(fixture('apigw-v2.json'), ORDER);
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/orders/o-1001/items');
    expect(req.params).toEqual({ orderId: 'o-1001' });
  });

  test('params matched from the path are URL-decoded', async () => {
    const { req } = await capture(v1Event({ method: 'GET', path: '/users/J%C3%BCrgen%20M' }), '/users/{name}');
    expect(req.params).toEqual({ name: 'Jürgen M' });
  });

  test('a malformed percent-escape in a matched path is a 400 JSON answer (issue 12), in v1 and v2', async () => {
    const app = new Calix({ name: 't' }).route('/items/{name}', (req) => req.params);
    for (const e of [v1Event({ method: 'GET', path: '/items/%E0%A4%A' }), v2Event({ method: 'GET', path: '/items/%E0%A4%A' })]) {
      const r = await app.handler(e);
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body)).toEqual({ code: 'BadRequestError', message: 'Path parameter "name" is not valid percent-encoding' });
    }
  });
});

describe('headers', () => {
  test('v1: case-insensitive, from the fixture', async () => {
    const { req } = await capture(fixture('apigw-v1.json'), ORDER);
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(req.headers.get('CONTENT-TYPE')).toBe('application/json');
    expect(req.headers.get('User-Agent')).toBe('curl/8.5.0');
    expect(req.headers.get('cache-control')).toBe('no-cache');
    expect(req.headers.has('x-forwarded-for')).toBe(true);
    expect(req.headers.has('x-not-sent')).toBe(false);
    expect(req.headers.get('x-not-sent')).toBeUndefined();
    expect(req.headers.getAll('x-not-sent')).toEqual([]);
    expect(req.contentType).toBe('application/json');
  });

  test('v1: a repeated header keeps every value (multiValueHeaders)', async () => {
    const event = v1Event({ method: 'GET', path: '/h', resource: '/h', headers: { 'X-Tag': ['red', 'blue'], Accept: 'text/html' } });
    expect(event.multiValueHeaders!['X-Tag']).toEqual(['red', 'blue']);
    expect(event.headers!['X-Tag']).toBe('blue');
    const { req } = await capture(event, '/h');
    expect(req.headers.getAll('x-tag')).toEqual(['red', 'blue']);
    expect(req.headers.get('X-TAG')).toBe('red, blue');
    expect(req.headers.get('accept')).toBe('text/html');
  });

  test('v1: names differing only in case are one header', async () => {
    const event = v1Event({ method: 'GET', path: '/h', resource: '/h' });
    event.multiValueHeaders!['x-dup'] = ['a'];
    event.multiValueHeaders!['X-Dup'] = ['b'];
    const { req } = await capture(event, '/h');
    expect(req.headers.getAll('X-DUP')).toEqual(['a', 'b']);
  });

  test('v1: an event with only `headers` (multiValueHeaders null) still works', async () => {
    const event = v1Event({ method: 'GET', path: '/h', resource: '/h', headers: { 'X-Tag': 'red' } });
    event.multiValueHeaders = null;
    const { req } = await capture(event, '/h');
    expect(req.headers.get('x-tag')).toBe('red');
  });

  test('v1: no headers at all', async () => {
    const event = v1Event({ method: 'GET', path: '/h', resource: '/h' });
    event.headers = null;
    event.multiValueHeaders = null;
    const { req } = await capture(event, '/h');
    expect([...req.headers.keys()]).toEqual([]);
    expect(req.headers.get('host')).toBeUndefined();
  });

  test('v2: case-insensitive; repeated headers arrive comma-joined, as HTTP API sends them', async () => {
    const event = v2Event({ method: 'GET', path: '/h', resource: '/h', headers: { 'X-Tag': ['red', 'blue'] } });
    expect(event.headers['x-tag']).toBe('red,blue');
    const { req } = await capture(event, '/h');
    expect(req.headers.get('X-Tag')).toBe('red,blue');
    expect(req.headers.get('HOST')).toBe('r8t2v6y1zc.execute-api.eu-central-1.amazonaws.com');
  });

  test('headers iterate with lower-case names and serialize to JSON', async () => {
    const { req } = await capture(v1Event({ method: 'GET', path: '/h', resource: '/h', headers: { 'X-Tag': ['a', 'b'] } }), '/h');
    expect(req.headers.toJSON()['x-tag']).toBe('a, b');
    expect([...req.headers.keys()]).toContain('user-agent');
    expect(Object.fromEntries(req.headers)['x-tag']).toBe('a, b');
  });
});

describe('query string', () => {
  test('v1: single value is the last one; multiQuery keeps all', async () => {
    const event = v1Event({ method: 'GET', path: '/q', resource: '/q', query: { tag: ['a', 'b', 'c'], q: 'x y' } });
    const { req } = await capture(event, '/q');
    expect(req.query).toEqual({ tag: 'c', q: 'x y' });
    expect(req.multiQuery).toEqual({ tag: ['a', 'b', 'c'], q: ['x y'] });
  });

  test('v1: from the fixture', async () => {
    const { req } = await capture(fixture('apigw-v1.json'), ORDER);
    expect(req.query).toEqual({ notify: 'true' });
    expect(req.multiQuery).toEqual({ notify: ['true'] });
  });

  test('v1: only queryStringParameters (no multi map)', async () => {
    const event = v1Event({ method: 'GET', path: '/q', resource: '/q', query: { a: '1' } });
    event.multiValueQueryStringParameters = null;
    const { req } = await capture(event, '/q');
    expect(req.query).toEqual({ a: '1' });
    expect(req.multiQuery).toEqual({ a: ['1'] });
  });

  test('v1: no query string -> empty objects', async () => {
    const { req } = await capture(v1Event({ method: 'GET', path: '/q', resource: '/q', query: {} }), '/q');
    expect(req.query).toEqual({});
    expect(req.multiQuery).toEqual({});
  });

  test('v2: read from rawQueryString, so repeated names and commas inside values stay apart', async () => {
    const event = v2Event({ method: 'GET', path: '/q', resource: '/q', rawQueryString: 'tag=a&tag=b&csv=1%2C2&q=hello%20world&plus=a+b&empty=' });
    // HTTP API's own queryStringParameters comma-joins repeated names: ambiguous with `csv`.
    expect(event.queryStringParameters).toMatchObject({ tag: 'a,b', csv: '1,2' });
    const { req } = await capture(event, '/q');
    expect(req.query).toEqual({ tag: 'b', csv: '1,2', q: 'hello world', plus: 'a b', empty: '' });
    expect(req.multiQuery).toEqual({ tag: ['a', 'b'], csv: ['1,2'], q: ['hello world'], plus: ['a b'], empty: [''] });
  });

  test('v2: repeated names, as in the aws-lambda-go HTTP API samples', async () => {
    const event = v2Event({ method: 'GET', path: '/q', resource: '/q', rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value' });
    const { req } = await capture(event, '/q');
    expect(req.multiQuery).toEqual({ parameter1: ['value1', 'value2'], parameter2: ['value'] });
    expect(req.query).toEqual({ parameter1: 'value2', parameter2: 'value' });
  });
});

describe('cookies', () => {
  test('v2: the `cookies` array, as HTTP API sends it', async () => {
    const { req } = await capture(fixture('apigw-v2.json'), ORDER);
    expect(req.cookies).toEqual({ session: 's-7f3a9c', theme: 'dark' });
    expect(req.headers.get('cookie')).toBe('session=s-7f3a9c; theme=dark');
  });

  test('v1: the Cookie header', async () => {
    const { req } = await capture(v1Event({ method: 'GET', path: '/c', resource: '/c', headers: { Cookie: 'a=1; b=two=2;  c = 3 ' } }), '/c');
    expect(req.cookies).toEqual({ a: '1', b: 'two=2', c: '3' });
  });

  test('no cookies -> {}', async () => {
    const { req } = await capture(v1Event({ method: 'GET', path: '/c', resource: '/c' }), '/c');
    expect(req.cookies).toEqual({});
  });
});

describe('body', () => {
  test('v1 text body from the fixture', async () => {
    const { req } = await capture(fixture('apigw-v1.json'), ORDER);
    expect(req.hasBody).toBe(true);
    expect(req.body).toBe('{"sku":"book-42","quantity":2}');
    expect(req.text()).toBe('{"sku":"book-42","quantity":2}');
    expect(Buffer.from(req.bytes()).toString('utf8')).toBe('{"sku":"book-42","quantity":2}');
  });

  test('bytes from a base64 body (binary media type)', async () => {
    const raw = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x80, 0x0a]);
    for (const event of [
      v1Event({ method: 'POST', path: '/up', resource: '/up', headers: { 'Content-Type': 'image/png' }, body: raw }),
      v2Event({ method: 'POST', path: '/up', resource: '/up', headers: { 'Content-Type': 'image/png' }, body: raw }),
    ]) {
      expect(event.isBase64Encoded).toBe(true);
      const { req } = await capture(event, '/up', undefined, { contentTypes: ['image/*'] });
      expect([...req.bytes()]).toEqual([...raw]);
      expect(req.contentType).toBe('image/png');
    }
  });

  test('text from a base64 body is decoded as UTF-8', async () => {
    const event = v1Event({ method: 'POST', path: '/t', resource: '/t', headers: { 'Content-Type': 'text/plain' }, body: 'grüße ✓', base64: true });
    expect(event.body).toBe(Buffer.from('grüße ✓').toString('base64'));
    const { req } = await capture(event, '/t', undefined, { contentTypes: ['text/plain'] });
    expect(req.body).toBe('grüße ✓');
    expect(req.text()).toBe('grüße ✓');
  });

  test('a JSON body that arrives base64-encoded (binaryMediaTypes */*) is decoded before parsing', async () => {
    const event = v1Event({ method: 'POST', path: '/j', resource: '/j', headers: { 'Content-Type': 'application/json' }, body: '{"ü":"✓"}', base64: true });
    expect(event.isBase64Encoded).toBe(true);
    const { json } = await capture(event, '/j', (r) => r.json(), { contentTypes: ['*/*'] });
    expect(json).toEqual({ ü: '✓' });
  });

  test('no body: body null, text "", bytes empty', async () => {
    for (const event of [v1Event({ method: 'GET', path: '/n', resource: '/n' }), v2Event({ method: 'GET', path: '/n', resource: '/n' })]) {
      const { req } = await capture(event, '/n');
      expect(req.hasBody).toBe(false);
      expect(req.body).toBeNull();
      expect(req.text()).toBe('');
      expect(req.bytes().length).toBe(0);
    }
  });

  test('json() parses once and returns the same value every time', async () => {
    const { req, json } = await capture(fixture('apigw-v1.json'), ORDER, (r) => ({ same: r.json() === r.json(), value: r.json() }));
    expect(json).toEqual({ same: true, value: { sku: 'book-42', quantity: 2 } });
    expect(req.json<{ sku: string }>().sku).toBe('book-42');
  });

  test('json() is lazy: a route that never calls it accepts any body', async () => {
    const event = v1Event({ method: 'POST', path: '/lazy', resource: '/lazy', headers: { 'Content-Type': 'application/json' }, body: '{{{' });
    const { result } = await capture(event, '/lazy', () => 'fine');
    expect(result.statusCode).toBe(200);
  });

  test('v2 JSON body from the fixture', async () => {
    const { json } = await capture(fixture('apigw-v2.json'), ORDER, (r) => r.json());
    expect(json).toEqual({ sku: 'book-42', quantity: 2 });
  });

  test('invalid JSON -> 400 BadRequestError with a clear message', async () => {
    for (const event of [
      v1Event({ method: 'POST', path: '/j', resource: '/j', headers: { 'Content-Type': 'application/json' }, body: '{"sku": "book-42",' }),
      v2Event({ method: 'POST', path: '/j', resource: '/j', headers: { 'Content-Type': 'application/json' }, body: '{"sku": "book-42",' }),
    ]) {
      const { result, json } = await capture(event, '/j', (r) => r.json());
      expect(result.statusCode).toBe(400);
      expect(json.code).toBe('BadRequestError');
      expect(json.message).toMatch(/^Request body is not valid JSON: \S/);
    }
  });

  test.each([
    ['no body', null],
    ['an empty body', ''],
    ['a blank body', '  \n'],
  ])('json() with %s -> 400 "Request body is empty"', async (_, body) => {
    const event = v1Event({ method: 'POST', path: '/j', resource: '/j', headers: { 'Content-Type': 'application/json' }, body });
    const { result, json } = await capture(event, '/j', (r) => r.json());
    expect(result.statusCode).toBe(400);
    expect(json).toEqual({ code: 'BadRequestError', message: 'Request body is empty; expected a JSON document' });
  });

  test('a JSON body that is a valid non-object (null, number) is returned as is', async () => {
    const event = v1Event({ method: 'POST', path: '/j', resource: '/j', headers: { 'Content-Type': 'application/json' }, body: '42' });
    const { json } = await capture(event, '/j', (r) => ({ got: r.json() }));
    expect(json).toEqual({ got: 42 });
  });
});

describe('authorizer claims, context, stage variables', () => {
  test('v1: claims from requestContext.authorizer.claims (Cognito user pool authorizer)', async () => {
    const { req } = await capture(fixture('apigw-v1-cognito.json'), ORDER);
    expect(req.claims).toMatchObject({ sub: 'a1b2c3d4-5678-90ab-cdef-111122223333', 'cognito:username': 'alice', email: 'alice@example.com', token_use: 'id' });
    expect(req.context.authorizer).toEqual({ claims: req.claims });
  });

  test('v2: claims from requestContext.authorizer.jwt.claims (JWT authorizer)', async () => {
    const { req } = await capture(v2Event({}, 'apigw-v2-jwt.json'), ORDER);
    expect(req.claims).toMatchObject({ sub: 'a1b2c3d4-5678-90ab-cdef-111122223333', username: 'alice', scope: 'orders/write' });
    expect((req.context.authorizer as { jwt: { scopes: string[] } }).jwt.scopes).toEqual(['orders/write']);
  });

  test('no authorizer -> claims undefined', async () => {
    expect((await capture(fixture('apigw-v1.json'), ORDER)).req.claims).toBeUndefined();
    expect((await capture(fixture('apigw-v2.json'), ORDER)).req.claims).toBeUndefined();
  });

  test('v1 custom (Lambda) authorizer context is readable from req.context.authorizer', async () => {
    const event = v1Event();
    event.requestContext.authorizer = { principalId: 'admin', clientId: 1, clientName: 'Exata' };
    const { req } = await capture(event, ORDER);
    expect(req.claims).toBeUndefined();
    expect(req.context.authorizer).toEqual({ principalId: 'admin', clientId: 1, clientName: 'Exata' });
  });

  test('context is API Gateway requestContext (request id, stage, identity)', async () => {
    const v1 = (await capture(fixture('apigw-v1.json'), ORDER)).req;
    expect(v1.context.requestId).toBe('6f1c2a9e-3b7d-4e21-9c0a-5d8e7f6b4a31');
    expect(v1.context.stage).toBe('dev');
    expect((v1.context.identity as { sourceIp: string }).sourceIp).toBe('203.0.113.24');
    expect(v1.sourceIp).toBe('203.0.113.24');
    const v2 = (await capture(fixture('apigw-v2.json'), ORDER)).req;
    expect(v2.context.requestId).toBe('RzPq3jXuFiAEMNw=');
    expect(v2.context.stage).toBe('$default');
    expect(v2.sourceIp).toBe('203.0.113.24');
  });

  test('the raw event and the Lambda context are available', async () => {
    const event = fixture('apigw-v1.json');
    const app = new Calix({ name: 'ctx' });
    let seen: Request | undefined;
    app.route(ORDER, { methods: ['POST'] }, (req) => void (seen = req as Request));
    const ctx = lambdaContext('req-123');
    await app.handler(event, ctx);
    expect(seen!.event).toBe(event);
    expect(seen!.lambdaContext).toBe(ctx);
    expect(seen!.lambdaContext!.awsRequestId).toBe('req-123');
  });

  test('stageVariables (v1 and v2); none -> {}', async () => {
    expect((await capture(fixture('apigw-v1.json'), ORDER)).req.stageVariables).toEqual({ tableName: 'orders-dev' });
    expect((await capture(fixture('apigw-v2.json'), ORDER)).req.stageVariables).toEqual({ tableName: 'orders-dev' });
    expect((await capture(v1Event({ stageVariables: null }), ORDER)).req.stageVariables).toEqual({});
    expect((await capture(v2Event({ stageVariables: null }), ORDER)).req.stageVariables).toEqual({});
  });
});
