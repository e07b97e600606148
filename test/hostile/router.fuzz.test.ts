// Property-based: random well-typed REST v1 and HTTP API v2 events (prototype-named keys favoured),
// type-confused events, and malformed Records events, through `app.handler`. Seeded and bounded:
// a failure prints its seed and path, and re-running reproduces it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { app } from './app.js';
import { eventFor, LEAK, type Pairs, type Spec } from './events.js';

const SEED = 18;
const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];

const protoName = fc.constantFrom(...PROTO);
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}$/);
/** Header names API Gateway would pass: tokens, minus the ones that frame the request. */
const headerName = fc.oneof(protoName, token).filter((n) => !['host', 'content-length', 'transfer-encoding', 'content-type', 'cookie', 'origin'].includes(n.toLowerCase()));
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,16}$/).map((s) => s.trim());
const queryKey = fc.oneof(protoName, fc.string({ minLength: 1, maxLength: 8 }));
const cookieName = fc.oneof(protoName, fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/));
const cookieValue = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/);
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 10 }).map(encodeURIComponent),
  fc.constantFrom('%E0%A4%A', '100%', '%', '%zz', '%C3%A9', '%2F', '..', '%00'),
);

const spec: fc.Arbitrary<Spec> = fc.record({
  version: fc.constantFrom(1 as const, 2 as const),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    segment.map((s) => `/echo/${s}`),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/files/${s.join('/')}`),
    fc.constantFrom('/json', '/bytes', '/', '/nope', '/echo'),
  ),
  query: fc.array(fc.tuple(queryKey, fc.string({ maxLength: 8 })), { maxLength: 5 }),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
  cookies: fc.array(fc.tuple(cookieName, cookieValue), { maxLength: 4 }),
  body: fc.option(fc.oneof(fc.string({ maxLength: 24 }), fc.json({ maxDepth: 2 })), { nil: undefined }),
  contentType: fc.option(fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'image/gif', 'application/json; charset=utf-8'), { nil: undefined }),
});

/** Last value per name, sorted by name (a JS object lists integer-like keys first). */
const lastValues = (pairs: Pairs) => {
  const m = new Map<string, string>();
  for (const [k, v] of pairs) m.set(k, v);
  return sorted([...m]);
};
const sorted = (entries: [string, unknown][]) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** What every answer to a well-typed event satisfies. */
function checkResult(r: any): void {
  expect(r).toBeTypeOf('object');
  expect(Number.isInteger(r.statusCode) && r.statusCode >= 100 && r.statusCode <= 599).toBe(true);
  expect(r.statusCode, r.body).toBeLessThan(500);
  expect(typeof r.body).toBe('string');
  for (const v of Object.values(r.headers ?? {})) expect(typeof v).toBe('string');
  for (const vs of Object.values(r.multiValueHeaders ?? {}) as unknown[][]) for (const v of vs) expect(typeof v).toBe('string');
  expect(r.body).not.toMatch(LEAK);
}

let errors: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(() => errors.mockRestore());

describe('fast-check: API Gateway events through app.handler', () => {
  test('a well-typed v1/v2 event always gets a valid result, never a 5xx, never a leak; keys read back as sent', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const r = await app.handler(eventFor(s) as never);
        checkResult(r);
        if (r.statusCode === 200 && s.path.startsWith('/echo/') && s.method !== 'HEAD' && s.method !== 'OPTIONS') {
          const body = JSON.parse(r.body);
          expect(sorted(body.query)).toEqual(lastValues(s.query ?? []));
          expect(sorted(body.cookies)).toEqual(lastValues(s.cookies ?? []));
          for (const [name] of s.headers ?? []) expect(body.headers.some(([k]: [string]) => k === name.toLowerCase())).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(errors).not.toHaveBeenCalled();
  });

  const FIELDS_V1 = ['pathParameters', 'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'body', 'isBase64Encoded', 'requestContext', 'stageVariables', 'resource'];
  const FIELDS_V2 = ['pathParameters', 'headers', 'queryStringParameters', 'rawQueryString', 'cookies', 'body', 'isBase64Encoded', 'stageVariables'];
  const junk = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom(null, [1, 2], { id: 7 }, { a: ['x', 1] }, { a: 'x' }, 5, 'str', true));

  test('a type-confused field (direct invoke) answers < 500 or fails with a Calix: error, never a bare TypeError', async () => {
    await fc.assert(
      fc.asyncProperty(spec, fc.nat(), fc.array(junk, { minLength: 1, maxLength: 2 }), async (s, pick, values) => {
        const e = JSON.parse(JSON.stringify(eventFor(s)));
        const fields = s.version === 1 ? FIELDS_V1 : FIELDS_V2;
        for (const [i, v] of values.entries()) {
          const f = fields[(pick + i) % fields.length]!;
          if (typeof v === 'object' && v !== null && !Array.isArray(v) && e[f] && typeof e[f] === 'object' && !Array.isArray(e[f])) Object.assign(e[f], v);
          else e[f] = v;
        }
        let r: any;
        try {
          r = await app.handler(e);
        } catch (err) {
          expect((err as Error).message).toMatch(/^Calix: /);
          return;
        }
        checkResult(r);
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  const s3 = fc.record({ eventSource: fc.constant('aws:s3'), s3: fc.record({ bucket: fc.record({ name: fc.string() }), object: fc.record({ key: fc.string(), size: fc.nat() }) }) });
  const sqs = fc.record({ eventSource: fc.constant('aws:sqs'), messageId: fc.uuid(), body: fc.string(), attributes: fc.constant({}), messageAttributes: fc.constant({}) });
  const sns = fc.record({ EventSource: fc.constant('aws:sns'), Sns: fc.record({ Message: fc.string(), TopicArn: fc.constant('arn:aws:sns:us-east-1:123456789012:news') }) });
  const broken = fc.oneof(
    fc.constantFrom(null, {}, [], 'x', 0, { eventSource: 'aws:s3', s3: { object: {} } }, { eventSource: 'aws:sqs' }, { EventSource: 'aws:sns', Sns: null }),
    fc.anything({ maxDepth: 2 }),
    s3.map((r) => ({ ...r, s3: { object: r.s3.object } })),
    sqs.map(({ body: _b, ...r }) => r),
    sns.map((r) => ({ ...r, Sns: {} })),
  );

  test('a Records event resolves when every record is complete, else fails with a Calix: error naming its shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(s3, sqs, sns).chain((good) => fc.array(fc.oneof({ weight: 3, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: broken }), { minLength: 1, maxLength: 4 })),
        async (records) => {
          const event = { Records: records };
          const complete = (r: any) =>
            r && typeof r === 'object' && !Array.isArray(r) &&
            ((r.eventSource === 'aws:s3' && typeof r.s3?.bucket?.name === 'string' && typeof r.s3?.object?.key === 'string') ||
              (r.eventSource === 'aws:sqs' && typeof r.messageId === 'string' && typeof r.body === 'string') ||
              (r.EventSource === 'aws:sns' && typeof r.Sns?.Message === 'string'));
          const kinds = new Set(records.map((r: any) => r?.eventSource ?? r?.EventSource));
          const valid = records.every(complete) && kinds.size === 1;
          try {
            await app.handler(event);
            expect(valid).toBe(true);
          } catch (err) {
            expect(valid).toBe(false);
            expect((err as Error).message).toMatch(/^Calix: /);
            expect((err as Error).message).not.toMatch(/Cannot read properties/);
          }
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
  });
});
