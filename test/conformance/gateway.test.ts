// Conformance driver 3: every case through `calix local`'s LocalGateway in-process — the same
// gateway the dev server puts behind its HTTP socket, given a plain request and giving a plain
// response, with no server, build or child process. Cases API Gateway answers at the edge
// (unknown route, wrong method) get what a deployed REST API answers: 403 Missing Authentication Token.
import { afterAll, beforeAll, describe, test, vi } from 'vitest';
import { LocalAuth } from '../../cli/local/auth.js';
import { EdgeValidation } from '../../cli/local/edge-validation.js';
import { LocalGateway, type GatewayRequest, type GatewayResponse } from '../../cli/local/gateway.js';
import { lambdaContext } from '../fixtures/events.js';
import { app } from './app.js';
import { cases, type ConformanceCase } from './cases.js';
import { checkAnswer, materialize, type HttpAnswer } from './check.js';

// 500s are logged with console.error (CloudWatch); keep the test output clean.
beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterAll(() => vi.restoreAllMocks());

const gateway = new LocalGateway({
  manifest: app.manifest(),
  apiStage: 'api',
  invoke: (_fn, event) => app.handler(event as never, lambdaContext()),
  auth: new LocalAuth({ stage: 'dev', settings: {} }),
  edgeCors: undefined,
  // The deployed API's request validators, as calix local builds them (cli/local/gateway.ts localGateway).
  validation: EdgeValidation.of(app.manifest()),
});

function request(c: ConformanceCase): GatewayRequest {
  const { headers, body } = materialize(c.request);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(c.request.query ?? {})) for (const one of typeof v === 'string' ? [v] : v) qs.append(k, one);
  // Repeated headers as separate lines, as an HTTP client sends them.
  const lines = Object.entries(headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as const] : v.map((one) => [k, one] as const)));
  return {
    method: c.request.method,
    path: c.request.path,
    query: qs.toString(),
    headers: lines,
    body: body === undefined ? new Uint8Array(0) : typeof body === 'string' ? Buffer.from(body) : body,
  };
}

/** What a client receives: headers by lower-case name, Set-Cookie apart. */
function received(r: GatewayResponse): HttpAnswer {
  const headers = new Map<string, string[]>();
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(r.headers)) {
    const values = typeof value === 'string' ? [value] : value;
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') cookies.push(...values);
    else headers.set(lower, [...(headers.get(lower) ?? []), ...values]);
  }
  return { status: r.status, headers, cookies, body: r.body };
}

describe('conformance through LocalGateway (in-process)', () => {
  test.each(cases.filter((c) => !c.edge).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    checkAnswer(received(await gateway.handle(request(c))), c.gateway ?? c.expect);
  });

  test.each(cases.filter((c) => c.edge).map((c) => [c.name, c] as const))('edge: %s is answered by the gateway like API Gateway REST', async (_name, c) => {
    checkAnswer(received(await gateway.handle(request(c))), { status: 403, json: { message: 'Missing Authentication Token' } });
  });
});
