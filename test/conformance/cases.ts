// One case table, several drivers (as Hono's router/common.case.test.ts): every case is an
// HTTP request and the HTTP answer a client must see, whatever carries it — an API Gateway
// event through `app.handler` (router.test.ts), a plain request through `calix local`'s LocalGateway
// in-process (gateway.test.ts), or real HTTP through `calix local` (local.test.ts).
// Cases describe HTTP-level behaviour only: no event fields, no result fields.
// The gateway drivers run the table twice: behind a REST API and behind an HTTP API
// (`api.type: "http"`); `http` declares what a client sees differently behind the HTTP API.
// For an HTTP driver: send `body` exactly as given (a string body as bytes, so the client adds
// no Content-Type of its own: one case checks a body without Content-Type), and give repeated
// headers as separate header lines.

export interface ConformanceRequest {
  method: string;
  /** Path without query string, as the client sends it (percent-encoded where needed). */
  path: string;
  /** Repeated headers as arrays. */
  headers?: Record<string, string | readonly string[]>;
  /** Query parameters; arrays repeat the name (`?tag=a&tag=b`). */
  query?: Record<string, string | readonly string[]>;
  /** Raw body: text or bytes. */
  body?: string | Uint8Array;
  /** JSON body: sent as `JSON.stringify(json)` with `Content-Type: application/json`. */
  json?: unknown;
}

export interface ConformanceExpect {
  status: number;
  /** Header name (any case) -> exact value or pattern. Repeated headers are compared joined with `, `. */
  headers?: Record<string, string | RegExp>;
  /** Headers that must not be in the response. */
  absentHeaders?: string[];
  /** The body parsed as JSON must equal this (deeply, exactly). */
  json?: unknown;
  /** The body as text must equal this (or match the pattern). */
  bodyText?: string | RegExp;
  /** The body as bytes must equal these. */
  bodyBytes?: readonly number[];
  /** Set-Cookie values, in order. */
  cookies?: string[];
  /** The JSON body must not contain any of these strings anywhere (e.g. a leaked stack). */
  bodyExcludes?: string[];
}

export interface ConformanceCase {
  name: string;
  /** Which app serves the case; only the shared conformance app so far. @default 'conformance' */
  app?: 'conformance';
  request: ConformanceRequest;
  expect: ConformanceExpect;
  /**
   * Deployed, API Gateway answers this case at the edge before Lambda runs (unknown route:
   * 403/404; wrong method: 403/405). The router Lambda answers as below when invoked
   * directly; the local server mimics API Gateway and may answer differently.
   */
  edge?: true;
  /**
   * What a client gets when the deployed API's request validators answer before the router
   * (a body its draft-04 model refuses, a missing required parameter): the drivers that put API
   * Gateway in front (LocalGateway, calix local) check this; the router drivers check `expect`.
   */
  gateway?: ConformanceExpect;
  /**
   * What a client gets through an HTTP API (`api.type: "http"`) in front of the router, where it
   * differs. Without it: an `edge` case gets the HTTP API's 404 {"message":"Not Found"}, any other
   * case `expect` (an HTTP API has no request validators: `gateway` does not apply). The conformance
   * app's HTTP API has one CORS configuration for every route (project/http-api.ts): origins
   * `*` with credentials (so the origin is echoed), methods DELETE,GET,PUT (sorted; OPTIONS is not
   * implied: a preflight asking for a method not listed gets no CORS headers), the union of the
   * headers, X-Request-Id exposed, max age 600.
   */
  http?: ConformanceExpect;
  /**
   * The case needs a transport that keeps repeated request headers apart (REST v1's
   * multiValueHeaders, or real HTTP). HTTP API v2 comma-joins them, so the v2 driver skips it.
   */
  needsMultiValueRequestHeaders?: true;
}

/** A JSON value compared by pattern (used inside `expect.json`). */
export class MessagePattern {
  constructor(readonly pattern: RegExp) {}
}
export function expectMessage(pattern: RegExp): MessagePattern {
  return new MessagePattern(pattern);
}

const JSON_TYPE = /^application\/json\b/;

/** The CORS headers the conformance app's HTTP API puts on a response to a request from `origin`. */
const HTTP_CORS = (origin: string) => ({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Request-Id' });
/** The conformance app's HTTP API's own 204 answer to a preflight from `origin`. */
const HTTP_PREFLIGHT = (origin: string): ConformanceExpect => ({
  status: 204,
  headers: {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'DELETE,GET,PUT',
    'access-control-allow-headers': 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Token',
    'access-control-max-age': '600',
  },
  bodyText: '',
});
const bytes = (...b: number[]) => new Uint8Array(b);

export const cases: ConformanceCase[] = [
  // ---------------------------------------------------------------- static routes and return kinds
  {
    name: 'root route returns a plain object as 200 JSON',
    request: { method: 'GET', path: '/' },
    expect: { status: 200, headers: { 'content-type': JSON_TYPE }, json: { hello: 'conformance' } },
  },
  {
    name: 'plain object -> 200 JSON',
    request: { method: 'GET', path: '/kinds/object' },
    expect: { status: 200, headers: { 'content-type': JSON_TYPE }, json: { a: 1, nested: { b: [true, null] } } },
  },
  {
    name: 'array -> 200 JSON',
    request: { method: 'GET', path: '/kinds/array' },
    expect: { status: 200, headers: { 'content-type': JSON_TYPE }, json: [1, 'two', { three: 3 }] },
  },
  {
    name: 'string -> 200 text/plain (UTF-8 kept)',
    request: { method: 'GET', path: '/kinds/text' },
    expect: { status: 200, headers: { 'content-type': /^text\/plain; charset=utf-8$/ }, bodyText: 'plain text ✓' },
  },
  {
    name: 'undefined -> 204 with an empty body and no content type',
    request: { method: 'GET', path: '/kinds/empty' },
    expect: { status: 204, bodyText: '', absentHeaders: ['content-type'] },
  },
  {
    name: 'async handler -> awaited value',
    request: { method: 'GET', path: '/kinds/async' },
    expect: { status: 200, json: { async: true } },
  },
  {
    name: 'Uint8Array -> 200 binary application/octet-stream, bytes intact',
    request: { method: 'GET', path: '/kinds/bytes' },
    expect: { status: 200, headers: { 'content-type': 'application/octet-stream' }, bodyBytes: [0, 1, 2, 253, 254, 255] },
  },
  {
    name: 'Response with bytes and an image type -> binary image/png',
    request: { method: 'GET', path: '/kinds/image' },
    expect: { status: 200, headers: { 'content-type': 'image/png' }, bodyBytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  },
  {
    name: 'Response with status, headers, a multi-value header, a number header and cookies',
    request: { method: 'GET', path: '/kinds/response' },
    expect: {
      status: 201,
      headers: { 'content-type': 'application/json', 'x-custom': 'yes', 'x-multi': 'one, two', 'x-number': '7' },
      cookies: ['session=abc123; Path=/; HttpOnly; Secure', 'theme=dark; Path=/; Max-Age=3600'],
      json: { created: true },
    },
  },
  {
    name: 'Response.redirect -> status and Location',
    request: { method: 'GET', path: '/kinds/redirect' },
    expect: { status: 303, headers: { location: '/kinds/object' }, bodyText: '' },
  },
  {
    name: 'Response with a status and no body',
    request: { method: 'GET', path: '/kinds/status-only' },
    expect: { status: 202, bodyText: '', absentHeaders: ['content-type'] },
  },

  // ---------------------------------------------------------------- dynamic and greedy routes
  {
    name: 'dynamic segment -> params',
    request: { method: 'GET', path: '/users/42' },
    expect: { status: 200, json: { id: '42' } },
  },
  {
    name: 'a literal segment beats a {param} at the same position',
    request: { method: 'GET', path: '/users/me' },
    expect: { status: 200, json: { me: true } },
  },
  {
    name: 'two parameters',
    request: { method: 'GET', path: '/users/7/items/abc-9' },
    expect: { status: 200, json: { id: '7', itemId: 'abc-9' } },
  },
  {
    name: 'greedy parameter takes the rest of the path, slashes included',
    request: { method: 'GET', path: '/files/docs/2024/report.pdf' },
    expect: { status: 200, json: { path: 'docs/2024/report.pdf' } },
  },
  {
    name: 'greedy parameter with one segment',
    request: { method: 'GET', path: '/files/a.txt' },
    expect: { status: 200, json: { path: 'a.txt' } },
  },
  {
    name: 'greedy parameter needs at least one segment: /files alone is unknown',
    request: { method: 'GET', path: '/files' },
    expect: { status: 404, json: { code: 'NotFoundError', message: 'No route matches GET /files' } },
    edge: true,
  },
  {
    name: 'a {param} does not match across a slash',
    request: { method: 'GET', path: '/users/1/2' },
    expect: { status: 404, json: { code: 'NotFoundError', message: 'No route matches GET /users/1/2' } },
    edge: true,
  },

  // ---------------------------------------------------------------- methods
  {
    name: 'GET on a GET+POST route',
    request: { method: 'GET', path: '/items' },
    expect: { status: 200, json: { items: [] } },
  },
  {
    name: 'POST with a JSON body on a GET+POST route -> 201 with Location',
    request: { method: 'POST', path: '/items', json: { title: 'milk' } },
    expect: { status: 201, headers: { location: '/items/1', 'content-type': JSON_TYPE }, json: { created: { title: 'milk' } } },
  },
  {
    name: 'PUT on a route registered with lower-case methods',
    request: { method: 'PUT', path: '/items/5', json: { done: true } },
    expect: { status: 200, json: { method: 'PUT', id: '5', body: { done: true } } },
  },
  {
    name: 'PATCH',
    request: { method: 'PATCH', path: '/items/5', json: { title: 'x' } },
    expect: { status: 200, json: { method: 'PATCH', id: '5', body: { title: 'x' } } },
  },
  {
    name: 'DELETE returning nothing -> 204',
    request: { method: 'DELETE', path: '/items/5' },
    expect: { status: 204, bodyText: '' },
  },
  {
    name: 'wrong method -> 405 with an Allow header listing the registered methods',
    request: { method: 'DELETE', path: '/items' },
    expect: {
      status: 405,
      headers: { allow: 'GET,POST', 'content-type': JSON_TYPE },
      json: { code: 'MethodNotAllowedError', message: 'Method DELETE is not allowed on /items' },
    },
    edge: true,
  },
  {
    name: 'wrong method on a dynamic route names the template',
    request: { method: 'POST', path: '/users/42' },
    expect: { status: 405, headers: { allow: 'GET' }, json: { code: 'MethodNotAllowedError', message: 'Method POST is not allowed on /users/{id}' } },
    edge: true,
  },
  {
    name: 'unknown route -> 404 JSON error naming method and path',
    request: { method: 'GET', path: '/no/such/route' },
    expect: { status: 404, headers: { 'content-type': JSON_TYPE }, json: { code: 'NotFoundError', message: 'No route matches GET /no/such/route' } },
    edge: true,
  },
  {
    name: 'paths are case-sensitive, as in API Gateway',
    request: { method: 'GET', path: '/Kinds/Object' },
    expect: { status: 404, json: { code: 'NotFoundError', message: 'No route matches GET /Kinds/Object' } },
    edge: true,
  },

  // ---------------------------------------------------------------- errors
  ...(
    [
      ['bad-request', 400, 'BadRequestError', 'bad input'],
      ['unauthorized', 401, 'UnauthorizedError', 'who are you'],
      ['forbidden', 403, 'ForbiddenError', 'not yours'],
      ['not-found', 404, 'NotFoundError', 'no such thing'],
      ['method-not-allowed', 405, 'MethodNotAllowedError', 'not like that'],
      ['conflict', 409, 'ConflictError', 'already exists'],
      ['payload-too-large', 413, 'PayloadTooLargeError', 'too big'],
      ['unsupported-media-type', 415, 'UnsupportedMediaTypeError', 'no xml'],
      ['unprocessable', 422, 'UnprocessableEntityError', 'title is required'],
      ['too-many-requests', 429, 'TooManyRequestsError', 'slow down'],
      ['internal', 500, 'InternalServerError', 'maintenance'],
      ['teapot', 418, 'TeapotError', 'short and stout'],
      ['default', 404, 'NotFoundError', 'NotFoundError'],
    ] as const
  ).map(
    ([kind, status, code, message]): ConformanceCase => ({
      name: `thrown ${code} (${kind}) -> ${status} {"code","message"}`,
      request: { method: 'GET', path: `/errors/${kind}` },
      expect: { status, headers: { 'content-type': JSON_TYPE }, json: { code, message }, bodyExcludes: ['stack'] },
    }),
  ),
  {
    name: 'an HttpError carries its extra headers (Allow on a thrown 405)',
    request: { method: 'GET', path: '/errors/method-not-allowed' },
    expect: { status: 405, headers: { allow: 'GET' } },
  },
  {
    name: 'an HttpError carries its extra headers (Retry-After on a 429)',
    request: { method: 'GET', path: '/errors/too-many-requests' },
    expect: { status: 429, headers: { 'retry-after': '30' } },
  },
  {
    name: 'a thrown Error -> 500 with a generic message; its message and stack never leak',
    request: { method: 'GET', path: '/errors/crash' },
    expect: {
      status: 500,
      headers: { 'content-type': JSON_TYPE },
      json: { code: 'InternalServerError', message: 'An internal server error occurred.' },
      bodyExcludes: ['secret', 'stack', 'Error:', '    at '],
    },
  },
  {
    name: 'a thrown non-Error value -> 500 generic',
    request: { method: 'GET', path: '/errors/throw-string' },
    expect: { status: 500, json: { code: 'InternalServerError', message: 'An internal server error occurred.' }, bodyExcludes: ['plain string'] },
  },
  {
    name: 'a rejected async handler -> 500 generic',
    request: { method: 'GET', path: '/errors/async-crash' },
    expect: { status: 500, json: { code: 'InternalServerError', message: 'An internal server error occurred.' }, bodyExcludes: ['cannot read', 'TypeError'] },
  },

  // ---------------------------------------------------------------- reading the request
  {
    name: 'headers are case-insensitive',
    request: { method: 'GET', path: '/echo/headers', headers: { 'X-TAG': 'red', 'User-Agent': 'conformance/1.0' } },
    expect: { status: 200, json: { tag: 'red', tags: ['red'], userAgent: 'conformance/1.0', cookies: {} } },
  },
  {
    name: 'a repeated request header keeps every value',
    request: { method: 'GET', path: '/echo/headers', headers: { 'X-Tag': ['red', 'blue'], 'User-Agent': 'conformance/1.0' } },
    expect: { status: 200, json: { tag: 'red, blue', tags: ['red', 'blue'], userAgent: 'conformance/1.0', cookies: {} } },
    // An HTTP API joins repeats with a comma into one value.
    http: { status: 200, json: { tag: 'red,blue', tags: ['red,blue'], userAgent: 'conformance/1.0', cookies: {} } },
    needsMultiValueRequestHeaders: true,
  },
  {
    name: 'cookies are parsed by name',
    request: { method: 'GET', path: '/echo/headers', headers: { Cookie: 'session=s-1; theme=dark', 'User-Agent': 'conformance/1.0' } },
    expect: { status: 200, json: { tag: null, tags: [], userAgent: 'conformance/1.0', cookies: { session: 's-1', theme: 'dark' } } },
  },
  {
    name: 'query: single value is the last one, multi keeps all, values decoded',
    request: { method: 'GET', path: '/echo/query', query: { tag: ['a', 'b'], q: 'hello world', sym: 'a&b=c' } },
    expect: {
      status: 200,
      json: { query: { tag: 'b', q: 'hello world', sym: 'a&b=c' }, multi: { tag: ['a', 'b'], q: ['hello world'], sym: ['a&b=c'] } },
    },
  },
  {
    name: 'no query string -> empty query objects',
    request: { method: 'GET', path: '/echo/query' },
    expect: { status: 200, json: { query: {}, multi: {} } },
  },
  {
    name: 'JSON body parsed once, with its content type',
    request: { method: 'POST', path: '/echo/json', json: { n: 1, list: ['x'], nested: { ok: true } } },
    expect: { status: 200, json: { received: { n: 1, list: ['x'], nested: { ok: true } }, sameObject: true, contentType: 'application/json' } },
  },
  {
    name: 'JSON content type with a charset parameter is accepted',
    request: { method: 'PUT', path: '/echo/json', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '[1,2]' },
    expect: { status: 200, json: { received: [1, 2], sameObject: true, contentType: 'application/json' } },
  },
  {
    name: 'a body without Content-Type is taken as JSON',
    request: { method: 'POST', path: '/echo/json', body: '{"a":true}' },
    expect: { status: 200, json: { received: { a: true }, sameObject: true, contentType: null } },
  },
  {
    name: 'invalid JSON -> 400 with a clear message',
    request: { method: 'POST', path: '/echo/json', headers: { 'Content-Type': 'application/json' }, body: '{"a":' },
    expect: { status: 400, headers: { 'content-type': JSON_TYPE }, json: { code: 'BadRequestError', message: expectMessage(/^Request body is not valid JSON: .+/) } },
  },
  {
    name: 'empty body on a route that reads JSON -> 400',
    request: { method: 'POST', path: '/echo/json', headers: { 'Content-Type': 'application/json' } },
    expect: { status: 400, json: { code: 'BadRequestError', message: 'Request body is empty; expected a JSON document' } },
  },
  {
    name: 'JSON is parsed lazily: invalid JSON is fine on a route that never reads it',
    request: { method: 'POST', path: '/echo/ignore-body', headers: { 'Content-Type': 'application/json' }, body: 'not json at all' },
    expect: { status: 200, json: { ignored: true } },
  },
  {
    name: 'Content-Type not in the route contentTypes -> 415 naming what is accepted',
    request: { method: 'POST', path: '/echo/json', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
    expect: {
      status: 415,
      json: { code: 'UnsupportedMediaTypeError', message: 'Content-Type text/plain is not accepted here; send one of: application/json' },
    },
  },
  {
    name: 'a Content-Type header without a body is not checked (no 415)',
    request: { method: 'GET', path: '/kinds/object', headers: { 'Content-Type': 'text/plain' } },
    expect: { status: 200, json: { a: 1, nested: { b: [true, null] } } },
  },
  {
    name: 'text body on a text route',
    request: { method: 'POST', path: '/echo/text', headers: { 'Content-Type': 'text/csv' }, body: 'a,b\n1,2\n' },
    expect: { status: 200, json: { text: 'a,b\n1,2\n', contentType: 'text/csv' } },
  },
  {
    name: 'JSON sent to a text-only route -> 415',
    request: { method: 'POST', path: '/echo/text', json: { a: 1 } },
    expect: { status: 415, json: { code: 'UnsupportedMediaTypeError', message: 'Content-Type application/json is not accepted here; send one of: text/plain, text/csv' } },
  },
  {
    name: 'binary upload matched by image/* arrives as exact bytes',
    request: { method: 'POST', path: '/upload', headers: { 'Content-Type': 'image/png' }, body: bytes(0x89, 0x50, 0x4e, 0x47, 0, 255, 128) },
    expect: { status: 200, json: { size: 7, first: 0x89, last: 128, contentType: 'image/png' } },
  },
  {
    name: 'binary upload echoed back as binary',
    request: { method: 'PUT', path: '/upload', headers: { 'Content-Type': 'image/jpeg' }, body: bytes(0xff, 0xd8, 0xff, 0xe0, 0, 1, 2) },
    expect: { status: 200, headers: { 'content-type': 'image/jpeg' }, bodyBytes: [0xff, 0xd8, 0xff, 0xe0, 0, 1, 2] },
  },
  {
    name: 'a type outside image/* on the upload route -> 415',
    request: { method: 'POST', path: '/upload', headers: { 'Content-Type': 'application/pdf' }, body: bytes(0x25, 0x50, 0x44, 0x46) },
    expect: { status: 415, json: { code: 'UnsupportedMediaTypeError', message: 'Content-Type application/pdf is not accepted here; send one of: image/*, application/octet-stream' } },
  },

  // ---------------------------------------------------------------- CORS
  {
    name: 'cors: true -> Access-Control-Allow-Origin * on the response',
    request: { method: 'GET', path: '/cors/open', headers: { Origin: 'https://anywhere.example' } },
    expect: { status: 200, headers: { 'access-control-allow-origin': '*' }, absentHeaders: ['access-control-allow-credentials', 'vary'], json: { cors: 'open' } },
    http: { status: 200, headers: HTTP_CORS('https://anywhere.example'), json: { cors: 'open' } },
  },
  {
    name: 'cors: true without an Origin header still answers *',
    request: { method: 'GET', path: '/cors/open' },
    expect: { status: 200, headers: { 'access-control-allow-origin': '*' } },
    // An HTTP API adds CORS headers to CORS requests only (ones with an Origin).
    http: { status: 200, absentHeaders: ['access-control-allow-origin'], json: { cors: 'open' } },
  },
  {
    name: 'cors: true preflight -> 200 with the path’s CORS methods and the default headers',
    request: { method: 'OPTIONS', path: '/cors/open', headers: { Origin: 'https://anywhere.example', 'Access-Control-Request-Method': 'DELETE' } },
    expect: {
      status: 200,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET,DELETE,OPTIONS',
        'access-control-allow-headers': 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key',
      },
      absentHeaders: ['access-control-max-age', 'access-control-allow-credentials'],
      bodyText: '',
    },
    http: HTTP_PREFLIGHT('https://anywhere.example'),
  },
  {
    name: 'cors on a 204 response',
    request: { method: 'DELETE', path: '/cors/open', headers: { Origin: 'https://anywhere.example' } },
    expect: { status: 204, headers: { 'access-control-allow-origin': '*' } },
    http: { status: 204, headers: HTTP_CORS('https://anywhere.example'), bodyText: '' },
  },
  {
    name: 'cors config: a listed origin is echoed with credentials, Vary and exposed headers',
    request: { method: 'GET', path: '/cors/strict', headers: { Origin: 'https://admin.example.com' } },
    expect: {
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://admin.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Request-Id',
        vary: 'Origin',
        'x-request-id': 'r-1',
      },
      json: { cors: 'strict' },
    },
  },
  {
    name: 'cors config: an origin not in the list gets no CORS headers',
    request: { method: 'GET', path: '/cors/strict', headers: { Origin: 'https://evil.example' } },
    expect: {
      status: 200,
      absentHeaders: ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers'],
      json: { cors: 'strict' },
    },
    // The HTTP API's one configuration allows every origin (another route's rule is `cors: true`).
    http: { status: 200, headers: HTTP_CORS('https://evil.example'), json: { cors: 'strict' } },
  },
  {
    name: 'cors config preflight: origin echoed, methods of the CORS routes, headers, max age, credentials',
    request: {
      method: 'OPTIONS',
      path: '/cors/strict',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' },
    },
    expect: {
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,PUT,OPTIONS',
        'access-control-allow-headers': 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Token',
        'access-control-max-age': '600',
        vary: 'Origin',
      },
    },
    http: HTTP_PREFLIGHT('https://app.example.com'),
  },
  {
    name: 'cors headers are on error responses too (a browser can read the error)',
    request: { method: 'PUT', path: '/cors/strict', headers: { Origin: 'https://app.example.com' }, json: {} },
    expect: {
      status: 422,
      headers: { 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true' },
      json: { code: 'UnprocessableEntityError', message: 'nope' },
    },
  },
  {
    name: 'a route without cors on a path with cors routes has no CORS headers',
    request: { method: 'POST', path: '/cors/strict', headers: { Origin: 'https://app.example.com' }, json: {} },
    expect: { status: 200, absentHeaders: ['access-control-allow-origin'], json: { cors: false } },
    // An HTTP API's CORS configuration covers every route.
    http: { status: 200, headers: HTTP_CORS('https://app.example.com'), json: { cors: false } },
  },
  {
    name: 'no cors -> no CORS headers, and OPTIONS is a 405',
    request: { method: 'OPTIONS', path: '/kinds/object', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } },
    expect: { status: 405, headers: { allow: 'GET' }, absentHeaders: ['access-control-allow-origin', 'access-control-allow-methods'] },
    edge: true,
    // With CORS configured, an HTTP API answers every preflight itself, whatever the path.
    http: HTTP_PREFLIGHT('https://app.example.com'),
  },
  {
    name: 'no cors -> a preflight asking for a method no CORS rule lists is a 405 (an HTTP API: 204 without CORS headers)',
    request: { method: 'OPTIONS', path: '/kinds/object', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PATCH' } },
    expect: { status: 405, headers: { allow: 'GET' }, absentHeaders: ['access-control-allow-origin', 'access-control-allow-methods'] },
    edge: true,
    // The API answers the preflight itself, but its configuration lists no PATCH (nor OPTIONS): no CORS headers.
    http: { status: 204, absentHeaders: ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers'], bodyText: '' },
  },

  // ---------------------------------------------------------------- schema-typed routes (issue #15)
  {
    name: 'schema: a valid body reaches the handler as the schema output (default applied)',
    request: { method: 'POST', path: '/schema/todos', json: { title: 'milk' } },
    expect: { status: 201, json: { id: 't1', title: 'milk', done: false } },
  },
  {
    name: 'schema: a body the schema refuses is a 422 listing every issue, wrapped by middleware (in front, the edge model refuses it first)',
    request: { method: 'POST', path: '/schema/todos', json: { title: '', done: 'yes' } },
    gateway: { status: 400, headers: { 'x-amzn-errortype': 'BadRequestException' }, json: { message: 'Invalid request body' } },
    expect: {
      status: 422,
      headers: { 'content-type': JSON_TYPE, 'x-app-middleware': 'outer' },
      json: {
        code: 'UnprocessableEntityError',
        message: 'Request validation failed',
        issues: [
          { in: 'body', path: ['title'], message: 'Too small: expected string to have >=1 characters' },
          { in: 'body', path: ['done'], message: 'Invalid input: expected boolean, received string' },
        ],
      },
    },
  },
  {
    name: 'schema: a malformed JSON body stays a 400 (in front, the edge\'s "Invalid request body")',
    request: { method: 'POST', path: '/schema/todos', body: '{"title":', headers: { 'Content-Type': 'application/json' } },
    gateway: { status: 400, headers: { 'x-amzn-errortype': 'BadRequestException' }, json: { message: 'Invalid request body' } },
    expect: { status: 400, json: { code: 'BadRequestError', message: expectMessage(/^Request body is not valid JSON/) } },
  },
  {
    name: 'schema: what only the route schema checks (a pattern) passes the edge and is the router\'s 422 everywhere',
    request: { method: 'POST', path: '/schema/codes', json: { code: 'abc' } },
    expect: {
      status: 422,
      headers: { 'x-app-middleware': 'outer' },
      json: { code: 'UnprocessableEntityError', message: 'Request validation failed', issues: [{ in: 'body', path: ['code'], message: 'Invalid string: must match pattern /^[A-Z]+$/' }] },
    },
  },
  {
    name: 'schema: params, query and headers are validated (coerced where the schema says so)',
    request: { method: 'GET', path: '/schema/todos/42', query: { expand: 'tags', limit: '10' }, headers: { 'X-Tenant': 't-7' } },
    expect: { status: 200, json: { params: { id: 42 }, query: { expand: 'tags', limit: 10 }, tenant: 't-7' } },
  },
  {
    name: 'schema: every failing part is in the 422, in URL order (params, query, headers)',
    request: { method: 'GET', path: '/schema/todos/0', query: { expand: 'users' }, headers: { 'X-Tenant': 'acme' } },
    expect: {
      status: 422,
      json: {
        code: 'UnprocessableEntityError',
        message: 'Request validation failed',
        issues: [
          { in: 'params', path: ['id'], message: 'Too small: expected number to be >0' },
          { in: 'query', path: ['expand'], message: 'Invalid input: expected "tags"' },
          { in: 'headers', path: ['x-tenant'], message: 'Invalid string: must match pattern /^t-\\d+$/' },
        ],
      },
    },
  },
  {
    name: 'schema: no implicit coercion: a z.number() query parameter receives a string',
    request: { method: 'GET', path: '/schema/strict', query: { n: '5' } },
    expect: {
      status: 422,
      json: { code: 'UnprocessableEntityError', message: 'Request validation failed', issues: [{ in: 'query', path: ['n'], message: 'Invalid input: expected number, received string' }] },
    },
  },
  {
    name: 'schema: an async schema is awaited',
    request: { method: 'POST', path: '/schema/async', json: { name: 'taken' } },
    expect: { status: 422, json: { code: 'UnprocessableEntityError', message: 'Request validation failed', issues: [{ in: 'body', path: ['name'], message: 'name is taken' }] } },
  },

  // ---------------------------------------------------------------- middleware and blueprints
  {
    name: 'app middleware wraps every route (outermost registered first)',
    request: { method: 'GET', path: '/kinds/text' },
    expect: { status: 200, headers: { 'x-app-middleware': 'outer', 'x-after': 'app2,app1' }, bodyText: 'plain text ✓' },
  },
  {
    name: 'middleware can short-circuit without calling next',
    request: { method: 'GET', path: '/users/42', headers: { 'X-Short-Circuit': 'yes' } },
    expect: { status: 202, json: { shortCircuited: true }, absentHeaders: ['x-app-middleware'] },
  },
  {
    name: 'middleware can catch an error thrown behind next() and answer instead',
    request: { method: 'GET', path: '/admin/conflict', headers: { 'X-Admin-Token': 'letmein', 'X-Recover': 'yes' } },
    expect: { status: 200, json: { recovered: 'version mismatch' }, headers: { 'x-app-middleware': 'outer' } },
  },
  {
    name: 'an error that middleware rethrows still becomes its HTTP status',
    request: { method: 'GET', path: '/admin/conflict', headers: { 'X-Admin-Token': 'letmein' } },
    expect: { status: 409, json: { code: 'ConflictError', message: 'version mismatch' } },
  },
  {
    name: 'blueprint route under its prefix; "/" in a blueprint is the prefix itself',
    request: { method: 'GET', path: '/admin' },
    expect: { status: 200, json: { admin: true }, headers: { 'x-blueprint-middleware': 'admin', 'x-app-middleware': 'outer' } },
  },
  {
    name: 'blueprint middleware runs inside app middleware: before app1, app2, admin; after admin, app2, app1',
    request: { method: 'GET', path: '/admin/trace', headers: { 'X-Admin-Token': 'letmein' } },
    expect: { status: 200, json: { trace: ['app1', 'app2', 'admin', 'handler'] }, headers: { 'x-after': 'admin,app2,app1' } },
  },
  {
    name: 'blueprint middleware can short-circuit its routes',
    request: { method: 'DELETE', path: '/admin/users/9' },
    expect: { status: 401, json: { code: 'UnauthorizedError', message: 'admin token required' }, absentHeaders: ['x-blueprint-middleware'] },
  },
  {
    name: 'blueprint dynamic route with several methods',
    request: { method: 'DELETE', path: '/admin/users/9', headers: { 'X-Admin-Token': 'letmein' } },
    expect: { status: 200, json: { adminUser: '9', method: 'DELETE' } },
  },
  {
    name: 'blueprint middleware does not run for app routes',
    request: { method: 'GET', path: '/users/42' },
    expect: { status: 200, json: { id: '42' }, absentHeaders: ['x-blueprint-middleware'], headers: { 'x-after': 'app2,app1' } },
  },
  {
    name: 'a blueprint route is not reachable without its prefix',
    request: { method: 'GET', path: '/trace' },
    expect: { status: 404, json: { code: 'NotFoundError', message: 'No route matches GET /trace' } },
    edge: true,
  },
];

