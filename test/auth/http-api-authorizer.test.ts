// A custom authorizer deployed behind an HTTP API (api.type "http") receives API Gateway's
// payload format 2.0 REQUEST event and must answer a simple response ({ isAuthorized, context }),
// as the HTTP API document configures it (enableSimpleResponses). GIVEN the real runtime's
// app.handler, WHEN it gets such an event, THEN it runs the app's authorizer on the header's token
// and decides exactly as a REST API evaluates the same AuthResponse's policy.
import { describe, expect, test } from 'vitest';
import { AuthResponse, Calix, CustomAuthorizer, UnauthorizedError } from '../../src/index.js';
import { httpApiEvent } from '../../src/testing/index.js';

const ROUTE_ARN = (method: string, path: string) => `arn:aws:execute-api:us-east-1:123456789012:abcdef123/api/${method}${path}`;

/** The event API Gateway sends a payload-2.0 Lambda authorizer (AWS's documented shape). */
function authorizerEvent(method: string, path: string, headers: Record<string, string>) {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: ROUTE_ARN(method, path),
    identitySource: Object.values(headers),
    routeKey: `${method} ${path}`,
    rawPath: `/api${path}`,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      http: { method, path: `/api${path}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      routeKey: `${method} ${path}`,
      stage: 'api',
      time: '01/Dec/2026:12:00:00 +0000',
      timeEpoch: 1796126400000,
    },
  };
}

describe('a custom authorizer behind an HTTP API', () => {
  const seen: { token: string; methodArn: string }[] = [];
  const tokens = new CustomAuthorizer('tokens', { header: 'X-Token' }, (req) => {
    seen.push({ token: req.token, methodArn: req.methodArn });
    if (req.token === 'nobody') throw new UnauthorizedError();
    return new AuthResponse({ routes: req.token === 'reader' ? [{ path: '/reports/*', methods: ['GET'] }] : ['*'], principalId: req.token, context: { team: 'ops' } });
  });
  const app = new Calix({ name: 'gate' });
  app.route('/reports/{id}', { methods: ['GET', 'DELETE'], authorizer: tokens }, (req) => ({ sub: req.auth.sub, claims: req.auth.claims }));

  test('a route the policy allows: isAuthorized with the context and principalId; the token comes from the header (any case)', async () => {
    const r = await app.handler(authorizerEvent('GET', '/reports/7', { 'x-token': 'reader' }) as never);
    expect(r).toEqual({ isAuthorized: true, context: { team: 'ops', principalId: 'reader' } });
    expect(seen.at(-1)).toEqual({ token: 'reader', methodArn: ROUTE_ARN('GET', '/reports/7') });
  });

  test('a route the policy does not allow, and UnauthorizedError: isAuthorized false (never a thrown error, which API Gateway answers 500)', async () => {
    expect(await app.handler(authorizerEvent('DELETE', '/reports/7', { 'x-token': 'reader' }) as never)).toEqual({ isAuthorized: false });
    expect(await app.handler(authorizerEvent('GET', '/reports/7', { 'x-token': 'nobody' }) as never)).toEqual({ isAuthorized: false });
  });

  test('the event is not mistaken for a proxy request, and the context reaches the route as req.auth', async () => {
    const decision = (await app.handler(authorizerEvent('DELETE', '/reports/7', { 'x-token': 'admin' }) as never)) as unknown as { context: Record<string, unknown> };
    const event = httpApiEvent({ method: 'DELETE', path: '/reports/7', resource: '/reports/{id}', pathParameters: { id: '7' }, stage: 'api' });
    (event.requestContext as Record<string, unknown>).authorizer = { lambda: decision.context };
    const r = (await app.handler(event)) as { statusCode: number; body: string };
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ sub: 'admin', claims: { team: 'ops' } });
  });
});
