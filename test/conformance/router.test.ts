// Conformance driver 1: every case as a full API Gateway event through `app.handler`, the
// router Lambda's entry point. Four deliveries of the same request:
//   v1            REST API, one resource per route (what `calix deploy` creates): `resource` is
//                 the route template and `pathParameters` come from API Gateway;
//   v1 /{proxy+}  REST API with a catch-all resource: the router matches the path itself;
//   v2            HTTP API with a route per template: routeKey `GET /users/{id}`;
//   v2 $default   HTTP API with only the $default route: the router matches rawPath.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ApiGatewayResult } from '../../src/index.js';
import { lambdaContext, v1Event, v2Event } from '../fixtures/events.js';
import { app } from './app.js';
import { cases, type ConformanceCase } from './cases.js';
import { checkAnswer, materialize, type HttpAnswer } from './check.js';

// 500s are logged with console.error (CloudWatch); keep the test output clean.
beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterAll(() => vi.restoreAllMocks());

const manifest = app.manifest();

// ---- an oracle for API Gateway's route matching, independent of src/routing ----
type Seg = { kind: 'literal'; value: string } | { kind: 'param' | 'greedy'; name: string };
const templates = [...new Set(manifest.routes.map((r) => r.path))].map((path) => ({
  path,
  segs: path === '/' ? [] : path.slice(1).split('/').map((s): Seg => {
    const m = /^\{(\w+)(\+?)\}$/.exec(s);
    return m ? { kind: m[2] ? 'greedy' : 'param', name: m[1]! } : { kind: 'literal', value: s };
  }),
}));

const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
  return 0;
};

/** The template API Gateway would pick for `path` (literal > {param} > {greedy+}), with its parameters. */
function apiGatewayMatch(path: string): { template: string; params: Record<string, string> } | undefined {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  let best: { template: string; params: Record<string, string>; rank: number[] } | undefined;
  for (const t of templates) {
    const params: Record<string, string> = {};
    const rank: number[] = [];
    let ok = true;
    for (let i = 0; i < t.segs.length && ok; i++) {
      const s = t.segs[i]!;
      const part = parts[i];
      if (part === undefined || part === '') ok = false;
      else if (s.kind === 'literal') (ok = s.value === part), rank.push(0);
      else if (s.kind === 'param') (params[s.name] = part), rank.push(1);
      else (params[s.name] = parts.slice(i).join('/')), rank.push(2);
    }
    const last = t.segs[t.segs.length - 1];
    if (!ok || (last?.kind !== 'greedy' && parts.length !== t.segs.length)) continue;
    if (!best || compareRanks(rank, best.rank) < 0) best = { template: t.path, params, rank };
  }
  return best && { template: best.template, params: best.params };
}

const isBinaryForRestApi = (type: string | undefined) =>
  !!type && manifest.binaryMediaTypes.some((b) => b === type || (b.endsWith('/*') && type.startsWith(b.slice(0, -1))));
const isTextType = (t: string) => t.startsWith('text/') || t === 'application/json' || t.endsWith('+json') || t.endsWith('+xml') || t === 'application/xml';

function contentTypeOf(headers: Record<string, string | readonly string[]>): string | undefined {
  const v = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return v === undefined ? undefined : (typeof v === 'string' ? v : v[0])!.split(';')[0]!.trim().toLowerCase();
}

type Delivery = 'v1' | 'v1 /{proxy+}' | 'v2' | 'v2 $default';

function buildEvent(c: ConformanceCase, how: Delivery): unknown {
  const { headers, body } = materialize(c.request);
  const type = contentTypeOf(headers);
  const match = apiGatewayMatch(c.request.path);
  const common = { method: c.request.method, path: c.request.path, headers, query: c.request.query ?? {}, body: body ?? null };
  switch (how) {
    case 'v1':
      return v1Event({
        ...common,
        ...(match ? { resource: match.template, pathParameters: Object.keys(match.params).length ? match.params : null } : {}),
        base64: isBinaryForRestApi(type),
      });
    case 'v1 /{proxy+}':
      return v1Event({ ...common, base64: isBinaryForRestApi(type) });
    case 'v2':
      return v2Event({
        ...common,
        ...(match ? { resource: match.template, pathParameters: Object.keys(match.params).length ? match.params : null } : {}),
        base64: !!type && !isTextType(type),
      });
    case 'v2 $default':
      return v2Event({ ...common, base64: !!type && !isTextType(type) });
  }
}

/** What a client receives once API Gateway has turned the Lambda result into HTTP. */
function toHttp(raw: ApiGatewayResult, v2: boolean): HttpAnswer {
  expect(typeof raw.statusCode).toBe('number');
  expect(typeof raw.body).toBe('string');
  expect(typeof raw.isBase64Encoded).toBe('boolean');
  const headers = new Map<string, string[]>();
  const cookies: string[] = [];
  const add = (k: string, v: string) => {
    const lower = k.toLowerCase();
    if (lower === 'set-cookie') cookies.push(v);
    else headers.set(lower, [...(headers.get(lower) ?? []), v]);
  };
  const multi = 'multiValueHeaders' in raw ? raw.multiValueHeaders : undefined;
  if (v2) {
    expect(multi, 'an HTTP API result has no multiValueHeaders').toBeUndefined();
    for (const [k, v] of Object.entries(raw.headers ?? {})) add(k, v);
    for (const c of ('cookies' in raw ? raw.cookies : undefined) ?? []) cookies.push(c);
  } else {
    expect('cookies' in raw, 'a REST API result has no cookies field').toBe(false);
    // API Gateway REST merges headers and multiValueHeaders; a name in both keeps the multi values.
    for (const [k, v] of Object.entries(raw.headers ?? {})) if (!multi || !(k in multi)) add(k, v);
    for (const [k, vs] of Object.entries(multi ?? {})) for (const v of vs) add(k, v);
  }
  const body = raw.isBase64Encoded ? new Uint8Array(Buffer.from(raw.body, 'base64')) : new Uint8Array(Buffer.from(raw.body, 'utf8'));
  return { status: raw.statusCode, headers, cookies, body };
}

const deliveries: Delivery[] = ['v1', 'v1 /{proxy+}', 'v2', 'v2 $default'];

describe('conformance: API Gateway events through app.handler', () => {
  test('the case table covers the app: every registered route is exercised by a case', () => {
    const hit = new Set(cases.map((c) => apiGatewayMatch(c.request.path)?.template).filter(Boolean));
    const missing = manifest.routes.map((r) => r.path).filter((p) => !hit.has(p));
    expect(missing).toEqual([]);
  });

  test('case names are unique', () => {
    const names = cases.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  for (const how of deliveries) {
    const v2 = how.startsWith('v2');
    describe(how, () => {
      for (const c of cases) {
        const skip = v2 && c.needsMultiValueRequestHeaders;
        test.skipIf(!!skip)(`${c.edge ? '[edge] ' : ''}${c.request.method} ${c.request.path}: ${c.name}`, async () => {
          const event = buildEvent(c, how);
          const raw = await app.handler(event, lambdaContext());
          checkAnswer(toHttp(raw, v2), c.expect);
        });
      }
    });
  }
});
