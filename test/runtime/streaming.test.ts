// Streamed bodies (Response.stream, Response.sse) and Function URL events: collected for the
// targets that cannot stream (API Gateway REST and HTTP APIs), chunk by chunk through a Function
// URL, and through the streaming handler under a stand-in of the Lambda runtime's streamifyResponse.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AuthResponse, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, isFunctionUrlEvent, isV2Event, Response, streamHandler, KEEP_WARM_EVENT } from '../../src/index.js';
import { createTestClient, functionUrlEvent, httpApiEvent } from '../../src/testing/index.js';
import { BUFFERED_LIMIT } from '../../src/http/stream.js';
import { functionUrlResponse, installAwsLambdaGlobal, invokeStreaming } from '../helpers/lambda-streaming.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** An async iterable whose items the test releases one by one. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

function streamingApp() {
  const app = new Calix({ name: 'streams' });
  app.route('/count', () =>
    Response.stream(
      (async function* () {
        yield 'one,';
        yield new TextEncoder().encode('two,');
        yield '';
        yield 'three';
      })(),
      { headers: { 'content-type': 'text/plain; charset=utf-8', 'x-kind': 'count' }, cookies: ['s=1; Path=/'] },
    ),
  );
  app.route('/bytes', () => Response.stream((async function* () { yield new Uint8Array([0, 255, 1]); })()));
  app.route('/web', () =>
    Response.stream(
      new ReadableStream<string>({
        start(c) {
          c.enqueue('a');
          c.enqueue('b');
          c.close();
        },
      }),
      { headers: { 'content-type': 'text/plain' } },
    ),
  );
  app.route('/events', () =>
    Response.sse(
      (async function* () {
        yield 'hello';
        yield { event: 'tick', id: '2', data: { n: 2 } };
        yield { data: 'two\nlines', retry: 1500 };
      })(),
    ),
  );
  app.route('/items/{id}', { methods: ['GET', 'POST'] }, (req) => ({ id: req.params.id, query: req.query.q ?? null }));
  app.route('/fails', () =>
    Response.stream(
      (async function* () {
        yield 'partial';
        throw new Error('source broke');
      })(),
      { headers: { 'content-type': 'text/plain' } },
    ),
  );
  app.route('/huge', () =>
    Response.stream(
      (async function* () {
        const mb = new Uint8Array(1024 * 1024);
        for (let i = 0; i <= BUFFERED_LIMIT / mb.length; i++) yield mb;
      })(),
    ),
  );
  return app;
}

describe('on targets that cannot stream (API Gateway), the body is collected', () => {
  test.each([1, 2] as const)('v%s: text chunks become one text body; headers and cookies as set', async (version) => {
    const res = await createTestClient(streamingApp()).http.get('/count', { version });
    expect(res.status).toBe(200);
    expect(res.body).toBe('one,two,three');
    expect(res.raw.isBase64Encoded).toBe(false);
    expect(res.streamed).toBe(false);
    expect(res.headers.get('x-kind')).toBe('count');
    expect(res.cookies).toEqual(['s=1; Path=/']);
    // Nothing of the stream leaks into the JSON Lambda sends back.
    expect(JSON.parse(JSON.stringify(res.raw)).body).toBe('one,two,three');
  });

  test('bytes without a content type: application/octet-stream, base64', async () => {
    const res = await createTestClient(streamingApp()).http.get('/bytes');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.raw.isBase64Encoded).toBe(true);
    expect([...res.bytes]).toEqual([0, 255, 1]);
  });

  test('a web ReadableStream is read to its end', async () => {
    expect((await createTestClient(streamingApp()).http.get('/web')).body).toBe('ab');
  });

  test('server-sent events: text/event-stream, no-cache, data lines', async () => {
    const res = await createTestClient(streamingApp()).http.get('/events');
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.body).toBe('data: hello\n\nevent: tick\nid: 2\ndata: {"n":2}\n\nretry: 1500\ndata: two\ndata: lines\n\n');
  });

  test('a source that throws, and a body over the 6 MB a buffered response holds, answer 500 and say why in the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const client = createTestClient(streamingApp());
      const broke = await client.http.get('/fails');
      expect(broke.status).toBe(500);
      expect(broke.json().code).toBe('InternalServerError');
      expect(String(errors.mock.calls.at(-1)?.[1])).toContain('source broke');
      const huge = await client.http.get('/huge');
      expect(huge.status).toBe(500);
      expect(String(errors.mock.calls.at(-1)?.[1])).toContain('"stream": true');
    } finally {
      errors.mockRestore();
    }
  });

  test('a chunk that is neither text nor bytes is the handler\'s bug: 500', async () => {
    const app = new Calix({ name: 'bad' });
    app.route('/', () => Response.stream((async function* () { yield 42 as unknown as string; })()));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect((await createTestClient(app).http.get('/')).status).toBe(500);
      expect(String(errors.mock.calls[0]?.[1])).toContain('a chunk must be a string or a Uint8Array, not number');
    } finally {
      errors.mockRestore();
    }
  });
});

test('the public Response (with stream/sse) is the router\'s Response: instanceof holds both ways, statics carry over', async () => {
  const app = new Calix({ name: 'same' });
  const seen: boolean[] = [];
  app.use(async (_req, next) => {
    const res = await next();
    seen.push(res instanceof Response);
    return res;
  });
  app.route('/plain', () => ({ a: 1 }));
  app.route('/json', () => Response.json({ b: 2 }, { status: 201 }));
  const client = createTestClient(app);
  expect((await client.http.get('/plain')).json()).toEqual({ a: 1 });
  expect((await client.http.get('/json')).status).toBe(201);
  expect(seen).toEqual([true, true]);
});

describe('Function URL events', () => {
  test('are payload 2.0 with routeKey $default on a lambda-url domain: classified as v2 and as a URL event', () => {
    const e = functionUrlEvent({ method: 'GET', path: '/items/1' });
    expect(e.routeKey).toBe('$default');
    expect(e.requestContext.stage).toBe('$default');
    expect(e.requestContext.domainName).toBe('calixlocal.lambda-url.us-east-1.on.aws');
    expect(isV2Event(e as never)).toBe(true);
    expect(isFunctionUrlEvent(e as never)).toBe(true);
    expect(isFunctionUrlEvent(httpApiEvent({ method: 'GET', path: '/' }) as never)).toBe(false);
  });

  test('the router matches the path itself (no route template in the event) with path params, query and body', async () => {
    const client = createTestClient(streamingApp());
    const res = await client.http.get('/items/a%20b?q=x', { version: 'url' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 'a b', query: 'x' });
    expect((await client.http.delete('/items/1', { version: 'url' })).status).toBe(405);
    expect((await client.http.get('/nope', { version: 'url' })).status).toBe(404);
  });

  test('an AWS_IAM URL puts the signer in requestContext.authorizer.iam', async () => {
    const app = new Calix({ name: 'iam' });
    app.route('/who', (req) => (req.event as { requestContext: { authorizer?: { iam?: { userArn?: string } } } }).requestContext.authorizer?.iam?.userArn ?? 'anonymous');
    const client = createTestClient(app);
    expect((await client.http.get('/who', { version: 'url', iam: { userArn: 'arn:aws:iam::111122223333:user/ana' } })).body).toBe('arn:aws:iam::111122223333:user/ana');
    expect((await client.http.get('/who', { version: 'url' })).body).toBe('anonymous');
  });

  test('routes API Gateway guards (Cognito, custom authorizer, API key) are refused through a URL; IAM routes are served', async () => {
    const app = new Calix({ name: 'guarded' });
    const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'u' });
    const token = new CustomAuthorizer('token', {}, () => new AuthResponse({ routes: ['*'], principalId: 'p' }));
    app.route('/me', { authorizer: users }, (req) => ({ sub: req.auth.claims.sub }));
    app.route('/tok', { authorizer: token }, () => 'tok');
    app.route('/metered', { apiKeyRequired: true }, () => 'metered');
    app.route('/signed', { authorizer: new IAMAuthorizer('iam') }, () => 'signed');
    const client = createTestClient(app);
    const me = await client.http.get('/me', { version: 'url' });
    expect(me.status).toBe(403);
    expect(me.json()).toEqual({ code: 'ForbiddenError', message: `Route ${(await app.table.find('/me'))!.entry.byMethod.get('GET')!.name} needs an authorizer or API key that only API Gateway checks; call it through the API` });
    expect((await client.http.get('/tok', { version: 'url' })).status).toBe(403);
    expect((await client.http.get('/metered', { version: 'url' })).status).toBe(403);
    expect((await client.http.get('/signed', { version: 'url', iam: {} })).body).toBe('signed');
    // Through API Gateway the same routes run as before.
    expect((await client.http.get('/me', { version: 2, claims: { sub: 'u1' } })).json()).toEqual({ sub: 'u1' });
  });

  test('the test client reads a streamed body chunk by chunk', async () => {
    const res = await createTestClient(streamingApp()).http.get('/count', { version: 'url' });
    expect(res.streamed).toBe(true);
    expect(res.chunks.map(text)).toEqual(['one,', 'two,', 'three']);
    expect(res.body).toBe('one,two,three');
    expect(res.cookies).toEqual(['s=1; Path=/']);
  });
});

describe('streamHandler under the Lambda runtime (stand-in of awslambda.streamifyResponse)', () => {
  let uninstall: () => void;
  beforeEach(() => {
    uninstall = installAwsLambdaGlobal();
  });
  afterEach(() => uninstall());

  test('writes the prelude (status, headers, cookies), the 8-NUL delimiter, then each chunk', async () => {
    const handler = streamHandler(streamingApp());
    const inv = await invokeStreaming(handler, functionUrlEvent({ method: 'GET', path: '/count' }));
    expect(inv.error).toBeUndefined();
    expect(inv.warnings).toEqual([]);
    const res = functionUrlResponse(inv);
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-kind': 'count' });
    expect(res.cookies).toEqual(['s=1; Path=/']);
    expect(res.bodyWrites.map((b) => b.toString())).toEqual(['one,', 'two,', 'three']);
  });

  test('a chunk reaches the runtime before the handler produces the next one', async () => {
    const first = gate();
    const app = new Calix({ name: 'live' });
    app.route('/live', () =>
      Response.stream(
        (async function* () {
          yield 'first';
          await first.opened; // released by the test once "first" has reached the runtime
          yield 'second';
        })(),
        { headers: { 'content-type': 'text/plain' } },
      ),
    );
    const inv = await invokeStreaming(streamHandler(app), functionUrlEvent({ method: 'GET', path: '/live' }), (chunk) => {
      if (chunk.toString() === 'first') first.release();
    });
    expect(functionUrlResponse(inv).body.toString()).toBe('firstsecond');
  });

  test('a plain JSON route and an empty 204 still send a prelude', async () => {
    const handler = streamHandler(streamingApp());
    const json = functionUrlResponse(await invokeStreaming(handler, functionUrlEvent({ method: 'GET', path: '/items/7' })));
    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body.toString())).toEqual({ id: '7', query: null });
    const app = new Calix({ name: 'empty' });
    app.route('/', () => undefined);
    const empty = functionUrlResponse(await invokeStreaming(streamHandler(app), functionUrlEvent({ method: 'GET', path: '/' })));
    expect(empty.statusCode).toBe(204);
    expect(empty.body.length).toBe(0);
  });

  test('binary bodies go out as bytes, server-sent events as text', async () => {
    const handler = streamHandler(streamingApp());
    expect([...functionUrlResponse(await invokeStreaming(handler, functionUrlEvent({ method: 'GET', path: '/bytes' }))).body]).toEqual([0, 255, 1]);
    const sse = functionUrlResponse(await invokeStreaming(handler, functionUrlEvent({ method: 'GET', path: '/events' })));
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.bodyWrites[0]!.toString()).toBe('data: hello\n\n');
  });

  test('a source that fails mid-stream fails the invocation after what was sent (the runtime ends it with error trailers)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const inv = await invokeStreaming(streamHandler(streamingApp()), functionUrlEvent({ method: 'GET', path: '/fails' }));
      expect(String(inv.error)).toContain('source broke');
      expect(functionUrlResponse(inv).body.toString()).toBe('partial');
    } finally {
      errors.mockRestore();
    }
  });

  test('events that are not a Function URL\'s (keep-warm, API Gateway through Invoke) get their usual result as JSON', async () => {
    const handler = streamHandler(streamingApp());
    const warm = await invokeStreaming(handler, KEEP_WARM_EVENT);
    expect(warm.contentType).toBe('application/octet-stream');
    expect(JSON.parse(Buffer.concat(warm.writes).toString())).toEqual({ warm: true });
    const api = JSON.parse(Buffer.concat((await invokeStreaming(handler, httpApiEvent({ method: 'GET', path: '/count', resource: '/count' }))).writes).toString());
    expect(api).toMatchObject({ statusCode: 200, body: 'one,two,three' });
  });

  test('outside Lambda (no awslambda global) the handler is returned unwrapped', () => {
    uninstall();
    const handler = streamHandler(streamingApp());
    expect((handler as unknown as Record<symbol, unknown>)[Symbol.for('aws.lambda.runtime.handler.streaming')]).toBeUndefined();
    uninstall = installAwsLambdaGlobal();
  });
});
