// The test client answers a protected route as the deployed API does: without a caller, API
// Gateway's 401/403; with `auth`, the route runs with that caller in `req.auth`.
import { describe, expect, test } from 'vitest';
import { AuthResponse, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

const app = new Calix({ name: 'guarded' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'users' });
const tokens = new CustomAuthorizer('tokens', { header: 'X-Token', ttlSeconds: 0 }, ({ token }) => {
  if (token === 'bad') throw new Error('Unauthorized');
  return new AuthResponse({ routes: token === 'ops' ? ['/ops'] : token === 'dev' ? ['/elsewhere'] : [], principalId: `user-${token}`, context: { team: token } });
});
let ran = 0;
app.route('/me', { authorizer: users }, (req) => (ran++, { sub: req.auth.sub }));
app.route('/ops', { authorizer: tokens }, (req) => (ran++, { sub: req.auth.sub, team: req.auth.claims.team }));
app.route('/signed', { authorizer: new IAMAuthorizer() }, () => (ran++, 'signed'));
app.route('/open', () => 'open');
const client = createTestClient(app);

describe('the test client enforces route authorizers by default', () => {
  test('Cognito without a caller: 401 {"message":"Unauthorized"}, and the handler does not run', async () => {
    ran = 0;
    const r = await client.http.get('/me');
    expect([r.status, r.json(), r.headers.get('x-amzn-ErrorType')]).toEqual([401, { message: 'Unauthorized' }, 'UnauthorizedException']);
    expect((await client.http.get('/me', { version: 2 })).status).toBe(401);
    expect(ran).toBe(0);
  });

  test('Cognito with auth: { claims } (or the claims shorthand), on REST and HTTP API events', async () => {
    expect((await client.http.get('/me', { auth: { claims: { sub: 'ada' } } })).json()).toEqual({ sub: 'ada' });
    expect((await client.http.get('/me', { claims: { sub: 'bob' } })).json()).toEqual({ sub: 'bob' });
    expect((await client.http.get('/me', { version: 2, auth: { claims: { sub: 'cy' } } })).json()).toEqual({ sub: 'cy' });
  });

  test('IAM without a signed caller: 403 Missing Authentication Token; with auth: { iam: true } it runs', async () => {
    const r = await client.http.get('/signed');
    expect([r.status, r.json()]).toEqual([403, { message: 'Missing Authentication Token' }]);
    expect((await client.http.get('/signed', { auth: { iam: true } })).body).toBe('signed');
  });

  test('a custom authorizer runs on the request\'s token: its policy allows, denies, or it answers Unauthorized', async () => {
    expect((await client.http.get('/ops')).status).toBe(401);
    expect((await client.http.get('/ops', { headers: { 'X-Token': 'ops' } })).json()).toEqual({ sub: 'user-ops', team: 'ops' });
    const denied = await client.http.get('/ops', { headers: { 'X-Token': 'dev' } });
    expect([denied.status, denied.json()]).toEqual([403, { Message: 'User is not authorized to access this resource' }]);
    const explicit = await client.http.get('/ops', { headers: { 'X-Token': 'nobody' } });
    expect([explicit.status, explicit.json()]).toEqual([403, { Message: 'User is not authorized to access this resource with an explicit deny' }]);
    expect((await client.http.get('/ops', { headers: { 'X-Token': 'bad' } })).status).toBe(401);
  });

  test('a custom authorizer route with a given caller: auth: { principalId, context }', async () => {
    expect((await client.http.get('/ops', { auth: { principalId: 'p1', context: { team: 'qa' } } })).json()).toEqual({ sub: 'p1', team: 'qa' });
  });

  test('public routes are unchanged', async () => {
    expect((await client.http.get('/open')).body).toBe('open');
  });
});
