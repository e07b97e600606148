// Conformance driver 3: every case through `calix local`'s gateways in-process — the same
// gateways the dev server puts behind its HTTP socket, given a plain request and giving a plain
// response, with no server, build or child process. Run twice: behind API Gateway REST
// (LocalGateway: edge cases get 403 Missing Authentication Token) and behind an HTTP API
// (HttpApiGateway: edge cases get 404 Not Found, and each case's `http` expectation).
import { afterAll, beforeAll, describe, test, vi } from 'vitest';
import { LocalAuth } from '../../cli/local/auth.js';
import { EdgeValidation } from '../../cli/local/edge-validation.js';
import { LocalGateway, type ApiGateway, type GatewayRequest, type GatewayResponse } from '../../cli/local/gateway.js';
import { HttpApiGateway } from '../../cli/local/http-gateway.js';
import { httpApiCors } from '../../project/http-api.js';
import { lambdaContext } from '../fixtures/events.js';
import { app } from './app.js';
import { cases, type ConformanceCase } from './cases.js';
import { checkAnswer, expectedThrough, materialize, type ApiType, type HttpAnswer } from './check.js';

// 500s are logged with console.error (CloudWatch); keep the test output clean.
beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterAll(() => vi.restoreAllMocks());

const invoke = (_fn: string, event: unknown) => app.handler(event as never, lambdaContext());
const gateways: Record<ApiType, ApiGateway> = {
  rest: new LocalGateway({
    manifest: app.manifest(),
    apiStage: 'api',
    invoke,
    auth: new LocalAuth({ stage: 'dev', settings: {} }),
    edgeCors: undefined,
    // The deployed API's request validators, as calix local builds them (cli/local/gateway.ts localGateway).
    validation: EdgeValidation.of(app.manifest()),
  }),
  // The API-wide CORS configuration, as the stage model derives it for an http stage.
  http: new HttpApiGateway({ manifest: app.manifest(), apiStage: 'api', invoke, auth: new LocalAuth({ stage: 'dev', settings: {} }), cors: httpApiCors(app.manifest().routes) }),
};

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

for (const api of ['rest', 'http'] as const) {
  describe(`conformance through calix local's ${api === 'rest' ? 'REST API' : 'HTTP API'} gateway (in-process)`, () => {
    test.each(cases.map((c) => [`${c.edge ? '[edge] ' : ''}${c.name}`, c] as const))('%s', async (_name, c) => {
      checkAnswer(received(await gateways[api].handle(request(c))), expectedThrough(c, api));
    });
  });
}
