// Every kind of handler return value -> the exact Lambda result for REST v1 and HTTP API v2.
// Each case runs on an app without middleware (the router's fast path) and on one with a
// pass-through middleware (the chain path): both must give the same result.
import { describe, expect, test } from 'vitest';
import { Calix, Response, type ApiGatewayResult } from '../../src/index.js';
import { lambdaContext, v1Event, v2Event } from '../fixtures/events.js';

type Version = 'v1' | 'v2';

async function resultOf(returned: () => unknown, version: Version, withMiddleware: boolean): Promise<ApiGatewayResult> {
  const app = new Calix({ name: 'response' });
  if (withMiddleware) app.use((_req, next) => next());
  app.route('/r', returned);
  const init = { method: 'GET', path: '/r', resource: '/r' };
  return app.handler(version === 'v1' ? v1Event(init) : v2Event(init), lambdaContext());
}

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

interface Kind {
  name: string;
  returned: () => unknown;
  v1: ApiGatewayResult;
  v2?: ApiGatewayResult; // default: same as v1
}

const kinds: Kind[] = [
  {
    name: 'plain object -> 200 JSON',
    returned: () => ({ id: 1, tags: ['a'], nested: { ok: true, none: null } }),
    v1: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":1,"tags":["a"],"nested":{"ok":true,"none":null}}', isBase64Encoded: false },
  },
  {
    name: 'array -> 200 JSON',
    returned: () => [1, { two: 2 }],
    v1: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '[1,{"two":2}]', isBase64Encoded: false },
  },
  {
    name: 'empty array -> 200 JSON []',
    returned: () => [],
    v1: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '[]', isBase64Encoded: false },
  },
  {
    name: 'promise of an object -> 200 JSON',
    returned: async () => ({ async: true }),
    v1: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"async":true}', isBase64Encoded: false },
  },
  {
    name: 'string -> 200 text/plain',
    returned: () => 'héllo',
    v1: { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo', isBase64Encoded: false },
  },
  {
    name: 'empty string -> 200 text/plain with an empty body',
    returned: () => '',
    v1: { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '', isBase64Encoded: false },
  },
  {
    name: 'undefined -> 204, empty body, no content type',
    returned: () => undefined,
    v1: { statusCode: 204, headers: {}, body: '', isBase64Encoded: false },
  },
  {
    name: 'Uint8Array -> 200 binary, base64',
    returned: () => new Uint8Array([0, 1, 2, 250, 255]),
    v1: { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: b64([0, 1, 2, 250, 255]), isBase64Encoded: true },
  },
  {
    name: 'Buffer -> 200 binary, base64',
    returned: () => Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    v1: { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: b64([0xde, 0xad, 0xbe, 0xef]), isBase64Encoded: true },
  },
  {
    name: 'a Uint8Array view into a larger buffer -> only the view’s bytes',
    returned: () => new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5),
    v1: { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: b64([1, 2, 3]), isBase64Encoded: true },
  },
  {
    name: 'ArrayBuffer -> 200 binary, base64',
    returned: () => new Uint8Array([7, 8, 9]).buffer,
    v1: { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: b64([7, 8, 9]), isBase64Encoded: true },
  },
  {
    name: 'Response with status, headers, a multi-value header, a number header and cookies',
    returned: () =>
      new Response('{"created":true}', {
        status: 201,
        headers: { 'Content-Type': 'application/json', 'X-One': '1', 'X-Single': ['only'], 'X-Multi': ['a', 'b'], 'X-Count': 3 },
        cookies: ['sid=abc; Path=/; HttpOnly', 'theme=dark; Max-Age=60'],
      }),
    v1: {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-One': '1', 'X-Single': 'only', 'X-Count': '3' },
      multiValueHeaders: { 'X-Multi': ['a', 'b'], 'Set-Cookie': ['sid=abc; Path=/; HttpOnly', 'theme=dark; Max-Age=60'] },
      body: '{"created":true}',
      isBase64Encoded: false,
    },
    v2: {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-One': '1', 'X-Single': 'only', 'X-Multi': 'a, b', 'X-Count': '3' },
      cookies: ['sid=abc; Path=/; HttpOnly', 'theme=dark; Max-Age=60'],
      body: '{"created":true}',
      isBase64Encoded: false,
    },
  },
  {
    name: 'Set-Cookie given as a header (one or several values) is sent as cookies',
    returned: () =>
      new Response('ok', {
        headers: { 'content-type': 'text/plain', 'Set-Cookie': ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT'] },
        cookies: ['c=3'],
      }),
    v1: {
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT', 'c=3'] },
      body: 'ok',
      isBase64Encoded: false,
    },
    v2: {
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      cookies: ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT', 'c=3'],
      body: 'ok',
      isBase64Encoded: false,
    },
  },
  {
    name: 'Response with an object body -> JSON with a default content type',
    returned: () => new Response({ a: 1 }, { status: 202 }),
    v1: { statusCode: 202, headers: { 'content-type': 'application/json' }, body: '{"a":1}', isBase64Encoded: false },
  },
  {
    name: 'Response with bytes and its own content type -> base64, type kept',
    returned: () => new Response(new Uint8Array([0x47, 0x49, 0x46]), { headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'max-age=60' } }),
    v1: { statusCode: 200, headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'max-age=60' }, body: b64([0x47, 0x49, 0x46]), isBase64Encoded: true },
  },
  {
    name: 'Response without a body -> 204',
    returned: () => new Response(),
    v1: { statusCode: 204, headers: {}, body: '', isBase64Encoded: false },
  },
  {
    name: 'Response.json with a status',
    returned: () => Response.json({ queued: 1 }, { status: 202, headers: { 'X-Id': 'q1' } }),
    v1: { statusCode: 202, headers: { 'X-Id': 'q1', 'content-type': 'application/json' }, body: '{"queued":1}', isBase64Encoded: false },
  },
  {
    name: 'Response.text keeps an explicit content type',
    returned: () => Response.text('<p>hi</p>', { headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
    v1: { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<p>hi</p>', isBase64Encoded: false },
  },
  {
    name: 'Response.redirect',
    returned: () => Response.redirect('https://example.com/next', 307),
    v1: { statusCode: 307, headers: { location: 'https://example.com/next' }, body: '', isBase64Encoded: false },
  },
];

describe.each([
  ['without middleware', false],
  ['with a pass-through middleware', true],
])('handler results %s', (_, withMiddleware) => {
  describe.each(['v1', 'v2'] as const)('%s', (version) => {
    test.each(kinds)('$name', async (k) => {
      const want = version === 'v2' && k.v2 ? k.v2 : k.v1;
      expect(await resultOf(k.returned, version, withMiddleware)).toStrictEqual(want);
    });
  });
});

describe('Response helpers', () => {
  test('setHeader replaces any spelling of a name; header() reads case-insensitively', () => {
    const r = new Response('x', { headers: { 'content-type': 'text/plain' } });
    r.setHeader('Content-Type', 'text/csv');
    expect(r.headers).toEqual({ 'Content-Type': 'text/csv' });
    expect(r.header('CONTENT-TYPE')).toBe('text/csv');
    expect(r.header('x-missing')).toBeUndefined();
  });

  test('a Response copies the init it was given', () => {
    const headers = { 'X-A': '1' };
    const cookies = ['a=1'];
    const r = new Response('x', { headers, cookies });
    r.setHeader('X-B', '2');
    r.cookies.push('b=2');
    expect(headers).toEqual({ 'X-A': '1' });
    expect(cookies).toEqual(['a=1']);
  });
});
