// Event builders for the hostile suites: client-chosen names become own properties (as in the
// JSON event Lambda parses), so `__proto__` reaches the router as a key, not a prototype.
import type { ApiGatewayV1Event, ApiGatewayV2Event } from '../../src/index.js';
import { httpApiEvent, restApiEvent } from '../../src/testing/index.js';
import { app } from './app.js';
import { rawParams } from '../../src/routing/path.js';

// From here on the table's find answers synchronously (it loads its matcher module once).
await app.table.ready();

export type Pairs = readonly (readonly [string, string])[];

/** Pairs grouped by name, in order, as own properties. */
export function grouped(pairs: Pairs): Record<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of pairs) m.set(k, [...(m.get(k) ?? []), v]);
  return Object.fromEntries(m);
}

export interface Spec {
  version: 1 | 2;
  method: string;
  /** Path, percent-encoded as on the wire, without query. */
  path: string;
  query?: Pairs;
  headers?: Pairs;
  cookies?: Pairs;
  body?: string;
  contentType?: string;
}

/** A well-typed API Gateway event for `spec`, with `resource`/`pathParameters` as API Gateway matches them. */
export function eventFor(s: Spec): ApiGatewayV1Event | ApiGatewayV2Event {
  const headers = grouped([
    ...(s.headers ?? []),
    ...(s.cookies?.length ? [['Cookie', s.cookies.map(([k, v]) => `${k}=${v}`).join('; ')] as const] : []),
    ...(s.contentType ? [['Content-Type', s.contentType] as const] : []),
  ]);
  const found = app.table.find(s.path);
  if (found instanceof Promise) throw new Error('the route table is not ready');
  const qs = (s.query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const init = {
    method: s.method,
    path: qs ? `${s.path}?${qs}` : s.path,
    headers,
    body: s.body,
    resource: found?.entry.template,
    pathParameters: found ? (s.version === 2 ? found.params : rawParams(found.entry.template, s.path)) : undefined,
  };
  return s.version === 2 ? httpApiEvent(init) : restApiEvent(init);
}

/** No stack trace, no source path, in anything a client can read. */
export const LEAK = /\n\s+at |node_modules|\/work\/|\/tmp\/|\.ts:\d+|\.m?js:\d+/;
