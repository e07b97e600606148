// `calix local` on a stage with `api: { type: "http" }`: the HTTP API gateway in-process (no
// socket), with the app running in this test's process. What an HTTP API does differently from a
// REST API: its edge answers, its one CORS configuration, its authorizers' answers and the
// payload format 2.0 event the router receives.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { LocalAuth } from '../../cli/local/auth.js';
import { localGateway, type GatewayResponse } from '../../cli/local/gateway.js';
import { HttpApiGateway } from '../../cli/local/http-gateway.js';
import { httpApiCors } from '../../project/http-api.js';
import { stageModel } from '../../project/stage-model.js';
import { AuthResponse, Calix, CustomAuthorizer, IAMAuthorizer, Response, UnauthorizedError } from '../../src/index.js';
import { normalizeCors } from '../../src/http/cors.js';
import type { ApiGatewayV2Event } from '../../src/aws-types.js';
import { lambdaContext } from '../fixtures/events.js';
import { DEFAULTS } from '../../project/config.js';
import type { StageConfig } from '../../project/types.js';

const stageFor = (manifest: { app: string }, values: Partial<StageConfig>): StageConfig => ({ ...DEFAULTS, app: manifest.app, stage: 'dev', customDomain: null, lambdaFunctions: {}, authorizers: {}, ...values });

const app = new Calix({ name: 'web' });
const iam = new IAMAuthorizer('iam');
const tokens = new CustomAuthorizer('tokens', { header: 'X-Token', ttlSeconds: 0 }, ({ token }) => {
  if (token === 'boom') throw new Error('authorizer crashed');
  if (token === 'nobody') throw new UnauthorizedError();
  if (token === 'broken') return { principalId: 'x' } as never;
  return new AuthResponse({ routes: token === 'reader' ? [{ path: '/lambda', methods: ['GET'] }] : [], principalId: `user-${token}`, context: { tenant: 't-1', level: 3 } });
});
let cachedCalls = 0;
const cached = new CustomAuthorizer('cached', { header: 'X-Token', ttlSeconds: 300 }, ({ token }) => {
  cachedCalls++;
  return new AuthResponse({ routes: token === 'reader' ? [{ path: '/cached/*', methods: ['GET'] }] : [], principalId: `user-${token}` });
});
app.route('/cached/{id}', { methods: ['GET', 'DELETE'], authorizer: cached }, (req) => ({ sub: req.auth?.sub }));
app.route('/echo/{name}', { methods: ['GET', 'POST'] }, (req) => ({ name: req.params.name, path: req.path, query: req.multiQuery, cookies: req.cookies, tag: req.headers.get('x-tag') }));
app.route('/open', { cors: { origins: ['https://app.example.com'], credentials: true, exposeHeaders: ['X-Id'], maxAge: 60 } }, () =>
  new Response('{}', { headers: { 'content-type': 'application/json', 'access-control-allow-origin': 'https://from-the-handler.example' } }));
app.route('/closed', () => ({ closed: true }));
app.route('/iam', { authorizer: iam }, (req) => ({ authorizer: req.context.authorizer }));
app.route('/lambda', { authorizer: tokens }, (req) => ({ auth: req.auth, authorizer: req.context.authorizer }));
app.route('/crash', () => 'unreachable');
app.route('/big', () => 'x'.repeat(2048));

let events: ApiGatewayV2Event[] = [];
let authorizerEvents: Record<string, unknown>[] = [];
const invoke = async (fn: string, event: unknown) => {
  if (fn === 'api') events.push(event as ApiGatewayV2Event);
  else authorizerEvents.push(event as Record<string, unknown>);
  if ((event as ApiGatewayV2Event).rawPath === '/api/crash') throw new Error('runtime failure');
  if (fn === 'tokens' && (event as { identitySource?: string[] }).identitySource?.[0] === 'policy-shaped') return new AuthResponse({ routes: ['*'], principalId: 'p' }).toPolicy((event as { routeArn: string }).routeArn);
  // Each function runs as itself, as calix local invokes it (CALIX_HANDLER).
  return app.handler(event as never, { ...lambdaContext(), [Symbol.for('calix.handler')]: fn } as never);
};

const gateway = new HttpApiGateway({ manifest: app.manifest(), apiStage: 'api', invoke, auth: new LocalAuth({ stage: 'dev', settings: {} }), cors: httpApiCors(app.manifest().routes), limits: { requestBody: 1024, event: 1024 * 1024, result: 1000 } });

async function send(method: string, url: string, headers: [string, string][] = [], body = ''): Promise<GatewayResponse & { json(): any; text: string }> {
  const q = url.indexOf('?');
  const r = await gateway.handle({ method, path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, body: Buffer.from(body) });
  const text = Buffer.from(r.body).toString('utf8');
  return { ...r, text, json: () => JSON.parse(text) };
}

beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterAll(() => vi.restoreAllMocks());

describe('calix local, HTTP API: the gateway chosen by api.type', () => {
  test('api.type "http" serves through the HTTP API gateway with the CORS configuration the stage model derives', () => {
    const stage = stageFor(app.manifest(), { api: { type: 'http' } });
    expect(stageModel(app.manifest(), stage).api.type).toBe('http');
    expect(stageModel(app.manifest(), stage).api.httpCors).toEqual({
      allowOrigins: ['https://app.example.com'], allowMethods: ['GET'], allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'],
      exposeHeaders: ['X-Id'], maxAge: 60, allowCredentials: true,
    });
    const run = { invoke, auth: new LocalAuth({ stage: 'dev', settings: {} }) };
    expect(localGateway(app.manifest(), stage, run)).toBeInstanceOf(HttpApiGateway);
    expect(localGateway(app.manifest(), stageFor(app.manifest(), {}), run)).not.toBeInstanceOf(HttpApiGateway);
    expect(stageModel(app.manifest(), stageFor(app.manifest(), {})).api.type).toBe('rest');
  });
});

describe('calix local, HTTP API: edge answers', () => {
  test('an unknown path and a method the path lacks are 404 {"message":"Not Found"}, and the router is not invoked', async () => {
    events = [];
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/closed'], ['GET', '/echo']]) {
      const r = await send(method!, path!);
      expect(r.status).toBe(404);
      expect(r.json()).toEqual({ message: 'Not Found' });
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-amzn-ErrorType']).toBeUndefined();
    }
    expect(events).toEqual([]);
  });

  test('a Lambda that fails is 500 {"message":"Internal Server Error"} (a REST API says 502)', async () => {
    const r = await send('GET', '/crash');
    expect(r.status).toBe(500);
    expect(r.json()).toEqual({ message: 'Internal Server Error' });
  });

  test('a request body over the limit is 413 before anything runs; a result over Lambda\'s limit is a 500', async () => {
    events = [];
    const r = await send('POST', '/echo/a', [['content-type', 'application/json']], 'x'.repeat(1025));
    expect(r.status).toBe(413);
    expect(r.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(events).toEqual([]);
    expect((await send('POST', '/echo/a', [['content-type', 'application/json']], 'x'.repeat(1024))).status).toBe(200);
    expect((await send('GET', '/big')).status).toBe(500);
  });

  test('a result without statusCode is the body of a 200 JSON answer (payload format 2.0)', async () => {
    const plain = new HttpApiGateway({ manifest: app.manifest(), apiStage: 'api', invoke: async () => ({ hello: 'world' }), auth: new LocalAuth({ stage: 'dev', settings: {} }), cors: undefined });
    const r = await plain.handle({ method: 'GET', path: '/closed', query: '', headers: [], body: new Uint8Array(0) });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(Buffer.from(r.body).toString())).toEqual({ hello: 'world' });
  });

  test('without any CORS route, OPTIONS is an ordinary method: 404', async () => {
    const plain = new HttpApiGateway({ manifest: app.manifest(), apiStage: 'api', invoke, auth: new LocalAuth({ stage: 'dev', settings: {} }), cors: undefined });
    const r = await plain.handle({ method: 'OPTIONS', path: '/closed', query: '', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'GET']], body: new Uint8Array(0) });
    expect(r.status).toBe(404);
  });
});

describe('calix local, HTTP API: the one CORS configuration', () => {
  const origin: [string, string] = ['Origin', 'https://app.example.com'];

  test('a preflight is answered by the API itself (204), on any path, without invoking anything', async () => {
    events = [];
    for (const path of ['/open', '/closed', '/not/a/route']) {
      const r = await send('OPTIONS', path, [origin, ['Access-Control-Request-Method', 'GET']]);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect(r.headers).toMatchObject({
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key',
        'access-control-allow-credentials': 'true',
        'access-control-max-age': '60',
      });
    }
    expect(events).toEqual([]);
  });

  test('a preflight from an origin not configured is a 204 without CORS headers', async () => {
    const r = await send('OPTIONS', '/open', [['Origin', 'https://evil.example'], ['Access-Control-Request-Method', 'GET']]);
    expect(r.status).toBe(204);
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  test('a preflight for a method or a header the configuration does not list (OPTIONS included) is a 204 without CORS headers', async () => {
    events = [];
    for (const asked of [[['Access-Control-Request-Method', 'DELETE']], [['Access-Control-Request-Method', 'OPTIONS']], [['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'x-unlisted']]] as [string, string][][]) {
      const r = await send('OPTIONS', '/open', [origin, ...asked]);
      expect(r.status).toBe(204);
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    // Listed headers, in any case, are allowed.
    expect((await send('OPTIONS', '/open', [origin, ['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'content-type, X-AMZ-DATE']])).headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(events).toEqual([]);
  });

  test("the API's CORS headers replace the integration's, on every route, for an allowed origin only", async () => {
    const r = await send('GET', '/open', [origin]);
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(r.headers['access-control-expose-headers']).toBe('X-Id');
    expect(Object.values(r.headers)).not.toContain('https://from-the-handler.example');
    expect((await send('GET', '/closed', [origin])).headers['access-control-allow-origin']).toBe('https://app.example.com');
    const foreign = await send('GET', '/open', [['Origin', 'https://evil.example']]);
    expect(Object.keys(foreign.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const none = await send('GET', '/open');
    expect(Object.keys(none.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  test("the API's own answers carry its CORS headers too", async () => {
    const r = await send('GET', '/nope', [origin]);
    expect(r.status).toBe(404);
    expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});

describe('calix local, HTTP API: the payload format 2.0 event', () => {
  test('cookies apart, rawQueryString as sent, header names lower-case with repeats comma-joined, decoded path parameters', async () => {
    events = [];
    const r = await send('GET', '/echo/a%20b?tag=x&tag=y&q=%3F', [['X-Tag', 'red'], ['x-tag', 'blue'], ['Cookie', 'a=1; b=2'], ['Cookie', 'c=3']]);
    expect(r.status).toBe(200);
    expect(r.headers['apigw-requestid']).toBe(events[0]!.requestContext.requestId);
    const e = events[0]!;
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: 'GET /echo/{name}',
      rawPath: '/api/echo/a%20b',
      rawQueryString: 'tag=x&tag=y&q=%3F',
      cookies: ['a=1', 'b=2', 'c=3'],
      queryStringParameters: { tag: 'x,y', q: '?' },
      pathParameters: { name: 'a b' },
      requestContext: { stage: 'api', routeKey: 'GET /echo/{name}', http: { method: 'GET', path: '/api/echo/a%20b', sourceIp: '127.0.0.1' } },
    });
    expect(e.headers['x-tag']).toBe('red,blue');
    expect(e.headers.cookie).toBeUndefined();
    // Only what the client sent, plus API Gateway's forwarding headers.
    expect(e.headers['user-agent']).toBeUndefined();
    expect(e.headers).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' });
    expect(Object.keys(e.headers).every((h) => h === h.toLowerCase())).toBe(true);
    expect(r.json()).toEqual({ name: 'a b', path: '/echo/a%20b', query: { tag: ['x', 'y'], q: ['?'] }, cookies: { a: '1', b: '2', c: '3' }, tag: 'red,blue' });
  });

  test("the stage is the deployed API's named stage (apiGatewayStage): served without it, in the event with it, and the handler's req.path is the same either way", async () => {
    const staged = stageFor(app.manifest(), { api: { type: 'http' }, apiGatewayStage: 'v1' });
    expect(stageModel(app.manifest(), staged).api.stageName).toBe('v1');
    const seen: ApiGatewayV2Event[] = [];
    const run = { invoke: async (fn: string, event: unknown) => (seen.push(event as ApiGatewayV2Event), app.handler(event as never, lambdaContext())), auth: new LocalAuth({ stage: 'dev', settings: {} }) };
    const paths: string[] = [];
    for (const gw of [localGateway(app.manifest(), staged, run), new HttpApiGateway({ manifest: app.manifest(), apiStage: '$default', ...run, cors: undefined })]) {
      const r = await gw.handle({ method: 'GET', path: '/echo/x', query: '', headers: [], body: new Uint8Array(0) });
      expect(r.status).toBe(200);
      paths.push(JSON.parse(Buffer.from(r.body).toString()).path);
    }
    expect(paths).toEqual(['/echo/x', '/echo/x']);
    expect(seen.map((e) => [e.requestContext.stage, e.rawPath, e.requestContext.http.path])).toEqual([['v1', '/v1/echo/x', '/v1/echo/x'], ['$default', '/echo/x', '/echo/x']]);
    // The stage segment itself is not a path the local server serves (the URL has no stage).
    expect((await localGateway(app.manifest(), staged, run).handle({ method: 'GET', path: '/v1/echo/x', query: '', headers: [], body: new Uint8Array(0) })).status).toBe(404);
  });

  test('client-chosen names (__proto__, constructor, toString) are data: headers, query keys and cookies reach the handler', async () => {
    events = [];
    const r = await send('GET', '/echo/x?__proto__=1&constructor=a&constructor=b', [['__proto__', 'p'], ['constructor', 'c'], ['X-Tag', 't'], ['Cookie', '__proto__=q; toString=s']]);
    expect(r.status).toBe(200);
    const e = events[0]!;
    expect(Object.getOwnPropertyNames(e.headers)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(e.cookies).toEqual(['__proto__=q', 'toString=s']);
    // Compared as JSON text: an object literal cannot spell an own __proto__ key.
    expect(JSON.stringify(r.json().query)).toBe('{"__proto__":["1"],"constructor":["a","b"]}');
    expect(JSON.stringify(r.json().cookies)).toBe('{"__proto__":"q","toString":"s"}');
  });

  test('a text body arrives as text, any other type base64-encoded', async () => {
    events = [];
    await send('POST', '/echo/t', [['Content-Type', 'application/json']], '{"a":1}');
    await send('POST', '/echo/b', [['Content-Type', 'application/octet-stream']], 'bytes');
    expect(events.map((e) => [e.body, e.isBase64Encoded])).toEqual([['{"a":1}', false], [Buffer.from('bytes').toString('base64'), true]]);
  });
});

describe('calix local, HTTP API: IAM and Lambda authorizers', () => {
  test('IAM: no signature, or not a SigV4 one, is 403 {"message":"Forbidden"}; a SigV4-shaped request passes with its access key in authorizer.iam', async () => {
    for (const headers of [[], [['Authorization', 'Bearer x']]] as [string, string][][]) {
      const r = await send('GET', '/iam', headers);
      expect(r.status).toBe(403);
      expect(r.json()).toEqual({ message: 'Forbidden' });
    }
    const signed: [string, string][] = [
      ['Authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc'],
      ['X-Amz-Date', '20261201T120000Z'],
    ];
    const r = await send('GET', '/iam', signed);
    expect(r.status).toBe(200);
    expect(r.json().authorizer.iam).toMatchObject({ accessKey: 'AKIDEXAMPLE' });
  });

  test('Lambda: a missing identity header is 401 without calling the authorizer', async () => {
    authorizerEvents = [];
    const r = await send('GET', '/lambda');
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ message: 'Unauthorized' });
    expect(authorizerEvents).toEqual([]);
  });

  test('Lambda: the authorizer gets the payload format 2.0 REQUEST event; isAuthorized true lets the request through with its context in authorizer.lambda', async () => {
    authorizerEvents = [];
    events = [];
    const r = await send('GET', '/lambda?x=1&x=2', [['X-Token', 'reader'], ['Cookie', 'a=1']]);
    expect(r.status).toBe(200);
    const routed = events[0]!;
    const { authorizer: _a, ...requestContext } = routed.requestContext;
    expect(authorizerEvents).toEqual([{
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:123456789012:calixlocal/api/GET/lambda',
      identitySource: ['reader'],
      routeKey: 'GET /lambda',
      rawPath: '/api/lambda',
      rawQueryString: 'x=1&x=2',
      cookies: ['a=1'],
      headers: routed.headers,
      queryStringParameters: { x: '1,2' },
      requestContext,
    }]);
    expect(authorizerEvents[0]!.headers).toMatchObject({ 'x-token': 'reader' });
    expect(requestContext).toMatchObject({ stage: 'api', routeKey: 'GET /lambda', http: { method: 'GET', path: '/api/lambda' } });
    const body = r.json();
    expect(body.authorizer).toEqual({ lambda: { tenant: 't-1', level: 3, principalId: 'user-reader' } });
    expect(body.auth).toMatchObject({ sub: 'user-reader', claims: { tenant: 't-1', level: 3 } });
  });

  test('Lambda: isAuthorized false (a denying AuthResponse, UnauthorizedError thrown, a broken policy) is 403 Forbidden; a failure or an answer that is not a simple response is 500', async () => {
    const status = async (token: string) => {
      const r = await send('GET', '/lambda', [['X-Token', token]]);
      return [r.status, r.json()];
    };
    expect(await status('writer')).toEqual([403, { message: 'Forbidden' }]);
    expect(await status('nobody')).toEqual([403, { message: 'Forbidden' }]);
    expect(await status('boom')).toEqual([500, { message: 'Internal Server Error' }]);
    // A policy the runtime cannot match to the route is a no, as deployed.
    expect(await status('broken')).toEqual([403, { message: 'Forbidden' }]);
    // A function answering something else than a simple response (here a payload 1.0 policy) is API Gateway's 500.
    expect(await status('policy-shaped')).toEqual([500, { message: 'Internal Server Error' }]);
  });
});

describe('calix local, HTTP API: Lambda authorizer caching', () => {
  test('with a TTL the identity source is the header, $context.httpMethod and $context.path: one answer per token, method and path', async () => {
    authorizerEvents = [];
    cachedCalls = 0;
    const call = async (method: string, path: string, token: string) => (await send(method, path, [['X-Token', token]])).status;
    expect(await call('GET', '/cached/1', 'reader')).toBe(200);
    expect(await call('GET', '/cached/1', 'reader')).toBe(200);
    expect(cachedCalls).toBe(1);
    expect(authorizerEvents[0]).toMatchObject({ identitySource: ['reader', 'GET', '/api/cached/1'], routeArn: 'arn:aws:execute-api:us-east-1:123456789012:calixlocal/api/GET/cached/1' });
    // Another path or method is another key: the authorizer decides again, and its no is not reused for the GET.
    expect(await call('GET', '/cached/2', 'reader')).toBe(200);
    expect(await call('DELETE', '/cached/1', 'reader')).toBe(403);
    expect(await call('DELETE', '/cached/1', 'reader')).toBe(403);
    expect(cachedCalls).toBe(3);
    expect(await call('GET', '/cached/1', 'reader')).toBe(200);
    expect(cachedCalls).toBe(3);
  });
});

describe('httpApiCors: the one CORS configuration of an HTTP API, from per-route rules', () => {
  const routes = (...rules: [string[], Parameters<typeof normalizeCors>[0]][]) => rules.map(([methods, cors]) => ({ methods, cors: normalizeCors(cors) }));

  test('no route with CORS: none (OPTIONS is then an ordinary method)', () => {
    expect(httpApiCors(routes([['GET'], false], [['POST'], undefined]))).toBeUndefined();
  });

  test('the union of the rules: any origin wins, methods of the CORS routes, headers once each, the longest max age, credentials if any', () => {
    expect(
      httpApiCors(routes(
        [['GET', 'POST'], { origins: ['https://a.example'], headers: ['X-One'], maxAge: 600 }],
        [['DELETE'], { origins: '*', exposeHeaders: ['X-Id'], maxAge: 60, credentials: true }],
        [['PUT'], { origins: ['https://b.example'], methods: ['patch'], headers: ['x-one', 'X-Two'] }],
        [['HEAD'], null],
      )),
    ).toEqual({
      allowOrigins: ['*'],
      allowMethods: ['DELETE', 'GET', 'PATCH', 'POST'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-One', 'X-Two'],
      exposeHeaders: ['X-Id'],
      maxAge: 600,
      allowCredentials: true,
    });
  });

  test('listed origins stay listed; no max age given: none', () => {
    const cors = httpApiCors(routes([['GET'], { origins: ['https://a.example'] }], [['GET'], { origins: ['https://b.example', 'https://a.example'] }]));
    expect(cors).toMatchObject({ allowOrigins: ['https://a.example', 'https://b.example'], allowCredentials: false });
    expect(cors && 'maxAge' in cors).toBe(false);
  });
});
