// Issue 18 (and issue 12's bad percent-encoding), one regression per finding, through the router
// Lambda (`app.handler`) and the test client. `calix local` gets the same cases in local.test.ts.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createTestClient, restApiEvent, httpApiEvent } from '../../src/testing/index.js';
import { app, seen } from './app.js';
import { eventFor } from './events.js';

const client = createTestClient(app);
const call = (e: unknown) => app.handler(e as never);
const json = (r: { body: string }) => JSON.parse(r.body);

afterEach(() => vi.restoreAllMocks());

describe('client-chosen keys are data', () => {
  test('HTTP API v2: rawQueryString "__proto__=1" is a query key, not a 500', async () => {
    const e = eventFor({ version: 2, method: 'GET', path: '/echo/1' }) as { rawQueryString: string; queryStringParameters?: unknown };
    e.rawQueryString = '__proto__=1&toString=x&toString=y';
    const r = await call(e);
    expect(r.statusCode).toBe(200);
    expect(json(r).query).toEqual([['__proto__', '1'], ['toString', 'y']]);
    expect(json(r).multiQuery).toEqual([['__proto__', ['1']], ['toString', ['x', 'y']]]);
  });

  test('REST v1: multiValueQueryStringParameters {"__proto__":["x","y"],"a":["1"]} keeps both keys', async () => {
    const e = JSON.parse(JSON.stringify(eventFor({ version: 1, method: 'GET', path: '/echo/1' })));
    Object.assign(e, JSON.parse('{"queryStringParameters":{"__proto__":"y","a":"1"},"multiValueQueryStringParameters":{"__proto__":["x","y"],"a":["1"]}}'));
    const r = await call(e);
    expect(r.statusCode).toBe(200);
    expect(json(r).query).toEqual([['__proto__', 'y'], ['a', '1']]);
    expect(json(r).multiQuery).toEqual([['__proto__', ['x', 'y']], ['a', ['1']]]);
  });

  test.each([1, 2] as const)('v%i: a cookie named __proto__ is kept; headers named constructor / toString / __proto__ are headers', async (version) => {
    const r = await call(
      eventFor({ version, method: 'GET', path: '/echo/1', cookies: [['__proto__', 'p'], ['constructor', 'c']], headers: [['constructor', 'a'], ['toString', 'b'], ['__proto__', 'c'], ['valueOf', 'd']] }),
    );
    expect(r.statusCode).toBe(200);
    expect(json(r).cookies).toEqual([['__proto__', 'p'], ['constructor', 'c']]);
    const headers = new Map(json(r).headers as [string, string][]);
    expect([headers.get('constructor'), headers.get('tostring'), headers.get('__proto__'), headers.get('valueof')]).toEqual(['a', 'b', 'c', 'd']);
  });

  test('req.query, req.multiQuery and req.cookies have no prototype: inherited names read as absent', async () => {
    let seenQuery: Record<string, string> | undefined;
    const probe = createTestClient(new (app.constructor as typeof import('../../src/index.js').Calix)({ name: 'p' }).route('/q', (req) => {
      seenQuery = req.query;
      return { toString: req.query.toString ?? null, cookie: req.cookies.constructor ?? null, multi: req.multiQuery.hasOwnProperty ?? null };
    }));
    const r = await probe.http.get('/q?a=1');
    expect(r.json()).toEqual({ toString: null, cookie: null, multi: null });
    expect(Object.getPrototypeOf(seenQuery)).toBeNull();
  });
});

describe('type-confused API Gateway fields (a direct invoke) are a 400 naming the field, or a loud Calix error', () => {
  const v1 = () => JSON.parse(JSON.stringify(eventFor({ version: 1, method: 'POST', path: '/echo/1', body: '{}', contentType: 'application/json' })));
  const v2 = () => JSON.parse(JSON.stringify(eventFor({ version: 2, method: 'POST', path: '/echo/1', body: '{}', contentType: 'application/json' })));
  test.each([
    ['pathParameters: [1,2]', (e: any) => (e.pathParameters = [1, 2]), 'pathParameters'],
    ['a path parameter that is a number', (e: any) => (e.pathParameters = { id: 7 }), 'pathParameters["id"]'],
    ['a header value that is a number', (e: any) => ((e.multiValueHeaders = null), (e.headers = { 'X-N': 5 })), 'headers["X-N"]'],
    ['a multi-value header that is not a list', (e: any) => (e.multiValueHeaders = { 'X-N': 'x' }), 'multiValueHeaders["X-N"]'],
    ['a body that is an object', (e: any) => (e.body = { a: 1 }), 'body'],
    ['a multi-value query entry that is not a list', (e: any) => (e.multiValueQueryStringParameters = { a: 'x' }), 'multiValueQueryStringParameters["a"]'],
  ])('REST v1: %s -> 400', async (_name, mutate, field) => {
    const e = v1();
    mutate(e);
    const r = await call(e);
    expect(r.statusCode).toBe(400);
    expect(json(r)).toEqual({ code: 'BadRequestError', message: `Malformed API Gateway event: ${field} has the wrong type` });
  });

  test.each([
    ['cookies that are not a list', (e: any) => (e.cookies = 'a=1'), 'cookies'],
    ['a rawQueryString that is a number', (e: any) => (e.rawQueryString = 5), 'rawQueryString'],
    ['a header value that is null-ish object', (e: any) => (e.headers = { a: {} }), 'headers["a"]'],
  ])('HTTP API v2: %s -> 400', async (_name, mutate, field) => {
    const e = v2();
    mutate(e);
    const r = await call(e);
    expect(r.statusCode).toBe(400);
    expect(json(r).message).toBe(`Malformed API Gateway event: ${field} has the wrong type`);
  });

  test('requestContext: null is not an API Gateway event: the loud Calix error, not a TypeError', async () => {
    const e = v1();
    e.requestContext = null;
    await expect(call(e)).rejects.toThrow(/^Calix: cannot route this event: .*Received an object with keys \[resource, path, httpMethod/);
  });
});

describe('Records-shaped events that are incomplete fail loudly, naming the shape', () => {
  test.each([
    ['S3, first record without a bucket', { Records: [{ eventSource: 'aws:s3', s3: { object: {} } }] }, /^Calix: app\.onS3Event "uploads" received an S3 event whose record 1 of 1 is incomplete: its s3\.bucket\.name is not a string \(keys \[eventSource, s3\]\)\.$/],
    ['S3, a later record {}', { Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }, {}] }, /^Calix: .*S3 event whose record 2 of 2 is incomplete: its eventSource is null, not "aws:s3"/],
    ['SNS, a later record null', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'm' } }, null] }, /^Calix: app\.onSnsMessage "news" received an SNS event whose record 2 of 2 is incomplete: it is null, not an object\.$/],
    ['SNS without a Message', { Records: [{ EventSource: 'aws:sns', Sns: {} }] }, /^Calix: .*record 1 of 1 is incomplete: its Sns\.Message is not a string/],
    ['SQS, a later record null', { Records: [{ eventSource: 'aws:sqs', messageId: 'm1', body: 'x' }, null] }, /^Calix: app\.onSqsMessage "jobs" received an SQS event whose record 2 of 2 is incomplete: it is null/],
    ['SQS without a body', { Records: [{ eventSource: 'aws:sqs', messageId: 'm1' }] }, /^Calix: .*its body is not a string/],
  ])('%s', async (_name, event, message) => {
    const before = [seen.s3.length, seen.sqs.length, seen.sns.length];
    await expect(call(event)).rejects.toThrow(message);
    // Checked before any handler runs: no half-processed batch.
    expect([seen.s3.length, seen.sqs.length, seen.sns.length]).toEqual(before);
  });
});

describe('response headers are validated when the response is shaped', () => {
  const crlf = 'a\r\nSet-Cookie: pwned=1';
  test.each([1, 2] as const)('v%i: a CR/LF in a header value is a 500, logged with the header\'s name; nothing of it is sent', async (version) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await call(eventFor({ version, method: 'GET', path: '/reflect', query: [['v', crlf]] }));
    expect(r.statusCode).toBe(500);
    expect(json(r)).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
    expect(JSON.stringify(r)).not.toContain('pwned');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Calix: cannot send the handler's response: response header "X-Reflected" has a value with a control character/));
  });

  test('the test client answers the same 500 (it goes through app.handler)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const path of [`/reflect?v=${encodeURIComponent(crlf)}`, '/bad-header-name', '/bad-cookie']) {
      const r = await client.http.get(path);
      expect(r.status, path).toBe(500);
      expect(r.json()).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
      expect(r.cookies).toEqual([]);
    }
  });

  test('a header value without control characters is sent as is', async () => {
    const r = await client.http.get('/reflect?v=caf%C3%A9%09ok');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-reflected')).toBe('café\tok');
  });
});

describe('binary answers', () => {
  test('the test client returns the exact bytes, whatever the Accept header (as the */* API does)', async () => {
    for (const accept of [undefined, 'text/html', 'image/png', '*/*']) {
      const r = await client.http.get('/bytes', { headers: accept ? { Accept: accept } : {} });
      expect(r.raw.isBase64Encoded).toBe(true);
      expect([...r.bytes]).toEqual([0, 1, 2, 0xfe, 0xff]);
    }
  });
});

test('restApiEvent / httpApiEvent keep prototype-named headers and query keys as own keys', () => {
  const v1 = restApiEvent({ method: 'GET', path: '/x?__proto__=1&toString=2', headers: JSON.parse('{"__proto__":"h","constructor":"c"}') });
  expect(Object.keys(v1.multiValueQueryStringParameters!)).toEqual(['__proto__', 'toString']);
  expect(Object.keys(v1.headers!)).toContain('__proto__');
  expect(Object.getPrototypeOf(v1.headers!)).toBe(Object.prototype);
  const v2 = httpApiEvent({ method: 'GET', path: '/x?__proto__=1', headers: JSON.parse('{"__proto__":"h"}') });
  expect(v2.rawQueryString).toBe('__proto__=1');
  expect(v2.queryStringParameters).toEqual(JSON.parse('{"__proto__":"1"}'));
  expect(Object.keys(v2.headers)).toContain('__proto__');
});
