// Shared by every conformance driver: turns a case's request into headers + body bytes, and
// checks an HTTP answer (however it was obtained) against the case's expectations.
import { expect } from 'vitest';
import { MessagePattern, type ConformanceCase, type ConformanceExpect, type ConformanceRequest } from './cases.js';

/** An HTTP answer as a client sees it. */
export interface HttpAnswer {
  status: number;
  /** lower-case name -> values, Set-Cookie excluded (see `cookies`). */
  headers: Map<string, string[]>;
  /** Set-Cookie values in order. */
  cookies: string[];
  body: Uint8Array;
}

/** The request's headers and body as they go on the wire (`json` becomes a JSON body). */
export function materialize(req: ConformanceRequest): { headers: Record<string, string | readonly string[]>; body: string | Uint8Array | undefined } {
  const headers: Record<string, string | readonly string[]> = { ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  return { headers, body };
}

function withPatterns(value: unknown): unknown {
  if (value instanceof MessagePattern) return expect.stringMatching(value.pattern);
  if (Array.isArray(value)) return value.map(withPatterns);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPatterns(v)]));
  return value;
}

export function checkAnswer(answer: HttpAnswer, want: ConformanceExpect): void {
  const text = Buffer.from(answer.body).toString('utf8');
  const header = (name: string) => answer.headers.get(name.toLowerCase())?.join(', ');
  expect(answer.status, `status; body: ${text.slice(0, 300)}`).toBe(want.status);
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    const got = header(name);
    expect(got, `header ${name}`).toBeDefined();
    if (value instanceof RegExp) expect(got, `header ${name}`).toMatch(value);
    else expect(got, `header ${name}`).toBe(value);
  }
  for (const name of want.absentHeaders ?? []) expect(header(name), `header ${name} must be absent`).toBeUndefined();
  if (want.cookies !== undefined) expect(answer.cookies, 'Set-Cookie').toEqual(want.cookies);
  if (want.json !== undefined) {
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(text)), `body is JSON: ${text.slice(0, 300)}`).not.toThrow();
    expect(parsed).toEqual(withPatterns(want.json));
  }
  if (want.bodyText !== undefined) {
    if (want.bodyText instanceof RegExp) expect(text).toMatch(want.bodyText);
    else expect(text).toBe(want.bodyText);
  }
  if (want.bodyBytes !== undefined) expect([...answer.body]).toEqual([...want.bodyBytes]);
  for (const s of want.bodyExcludes ?? []) expect(text, `body must not contain ${JSON.stringify(s)}`).not.toContain(s);
}

/** Which API Gateway the gateway drivers put in front of the router. */
export type ApiType = 'rest' | 'http';

/** What a client sees behind each API at the edge (unknown path or method). */
const EDGE: Record<ApiType, ConformanceExpect> = {
  rest: { status: 403, json: { message: 'Missing Authentication Token' } },
  http: { status: 404, json: { message: 'Not Found' } },
};

/** A case's expectation through a gateway of `api` type (REST: request validators, then the router). */
export function expectedThrough(c: ConformanceCase, api: ApiType): ConformanceExpect {
  if (api === 'http') return c.http ?? (c.edge ? EDGE.http : c.expect);
  return c.edge ? EDGE.rest : (c.gateway ?? c.expect);
}
