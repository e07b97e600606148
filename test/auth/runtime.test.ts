// The runtime side of authorizers: declaring and attaching them, `req.auth` from the claims API
// Gateway passes, and custom authorizers answering API Gateway's TOKEN/REQUEST events through
// `app.handler`.
import { describe, expect, test } from 'vitest';
import {
  AuthResponse, Blueprint, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, RegistrationError, UnauthorizedError, claimList,
  type AuthorizerPolicy,
} from '../../src/index.js';
import { createTestClient, restApiEvent } from '../../src/testing/index.js';

const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users' });
const staff = new CognitoUserPoolAuthorizer('staff', { userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Staff1', header: 'X-Staff-Token', scopes: ['shop/admin'] });
const ok = () => 'ok';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/api/GET/reports/7';

describe('attaching authorizers', () => {
  test('per route, per blueprint and app-wide, with null opting out at each level; the closest setting wins', () => {
    const app = new Calix({ name: 'shop', authorizer: users });
    app.route('/a', ok);
    app.route('/b', { authorizer: null }, ok);
    app.route('/c', { authorizer: staff }, ok);
    const bp = new Blueprint({ authorizer: staff });
    bp.route('/d', ok);
    bp.route('/e', { authorizer: null }, ok);
    bp.route('/f', { authorizer: users }, ok);
    app.register(bp, { prefix: '/bp' });
    const open = new Blueprint({ authorizer: null });
    open.route('/g', ok);
    open.route('/h', { authorizer: staff }, ok);
    app.register(open, { prefix: '/open' });
    const inherit = new Blueprint();
    inherit.route('/i', ok);
    app.register(inherit, { prefix: '/inherit' });
    expect(Object.fromEntries(app.manifest().routes.map((r) => [r.path, r.authorizer]))).toEqual({
      '/a': 'users', '/b': null, '/c': 'staff', '/bp/d': 'staff', '/bp/e': null, '/bp/f': 'users', '/open/g': null, '/open/h': 'staff', '/inherit/i': 'users',
    });
  });

  test('the manifest carries what the infrastructure needs for each kind, custom authorizers with their function', () => {
    const tokens = new CustomAuthorizer('tokens', { header: 'X-Api-Token', ttlSeconds: 60 }, () => new AuthResponse({ routes: ['*'], principalId: 'p' }));
    const app = new Calix({ name: 'shop' })
      .route('/a', { authorizer: staff }, ok)
      .route('/b', { authorizer: new IAMAuthorizer() }, ok)
      .route('/c', { authorizer: tokens }, ok)
      .route('/d', { authorizer: new CustomAuthorizer('plain', {}, () => ({}) as AuthorizerPolicy) }, ok);
    expect(app.manifest().authorizers).toEqual([
      { kind: 'cognito_user_pools', name: 'staff', header: 'X-Staff-Token', userPoolName: null, userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Staff1', scopes: ['shop/admin'] },
      { kind: 'iam', name: 'iam' },
      { kind: 'custom', name: 'tokens', header: 'X-Api-Token', ttlSeconds: 60, function: 'tokens' },
      { kind: 'custom', name: 'plain', header: 'Authorization', ttlSeconds: 300, function: 'plain' },
    ]);
  });

  test('invalid declarations are errors naming the authorizer and the rule', () => {
    const fn = () => new AuthResponse({ routes: [], principalId: 'p' });
    const cases: [() => unknown, RegExp][] = [
      [() => new CustomAuthorizer('api', {}, fn), /custom authorizer "api": .*"api" is the router's/],
      [() => new CustomAuthorizer('1st', {}, fn), /start with a letter/],
      [() => new CustomAuthorizer('t', { ttlSeconds: 3601 }, fn), /ttlSeconds must be a whole number from 0 to 3600, got 3601/],
      [() => new CustomAuthorizer('t', { header: 'Bad Header' }, fn), /authorizer "t": header "Bad Header" is not an HTTP header name/],
      [() => new CustomAuthorizer('t', {}, 'nope' as never), /must be a function/],
      [() => new CognitoUserPoolAuthorizer('u', { scopes: ['two words'] }), /authorizer "u": scopes must be a list of scope names without spaces/],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(RegistrationError);
      expect(make).toThrow(message);
    }
  });

  test('two custom authorizers of one name are refused, as is a custom authorizer named like an existing trigger', () => {
    const fn = () => new AuthResponse({ routes: [], principalId: 'p' });
    const app = new Calix({ name: 'shop' }).route('/a', { authorizer: new CustomAuthorizer('gate', {}, fn) }, ok);
    expect(() => app.route('/b', { authorizer: new CustomAuthorizer('gate', {}, fn) }, ok)).toThrow(/route GET \/b: another authorizer is already named "gate"/);
    const jobs = new Calix({ name: 'jobs' }).lambdaFunction('nightly', () => 1);
    expect(() => jobs.route('/c', { authorizer: new CustomAuthorizer('Nightly', {}, fn) }, ok)).toThrow(
      /route GET \/c: custom authorizer "Nightly" gets a Lambda function of that name, which a trigger already has/,
    );
  });
});

describe('req.auth', () => {
  const app = new Calix({ name: 'claims' });
  app.route('/me', { authorizer: users }, (req) => ({ auth: req.auth ?? null }));
  app.route('/tenant', { authorizer: users }, (req) => req.authAs<{ 'custom:tenant': string }>()?.claims['custom:tenant'] ?? 'none');
  app.route('/public', (req) => ({ auth: req.auth ?? null }));
  const client = createTestClient(app);
  const auth = async (claims: Record<string, unknown> | undefined, version: 1 | 2 = 1) => (await client.http.get('/me', { claims, version })).json().auth;

  test('reads REST (v1) claims, every value a string as API Gateway sends them', async () => {
    expect(
      await auth({ sub: 'u-1', 'cognito:username': 'ada', email: 'ada@example.com', 'cognito:groups': 'admins,readers', token_use: 'id', exp: 'Fri Jan 12 15:03:20 UTC 2024' }),
    ).toEqual({
      sub: 'u-1', username: 'ada', email: 'ada@example.com', groups: ['admins', 'readers'], scopes: [], tokenUse: 'id',
      claims: { sub: 'u-1', 'cognito:username': 'ada', email: 'ada@example.com', 'cognito:groups': 'admins,readers', token_use: 'id', exp: 'Fri Jan 12 15:03:20 UTC 2024' },
    });
  });

  test('reads HTTP API (v2) JWT claims and scopes', async () => {
    const a = await auth({ sub: 'u-2', username: 'bob', token_use: 'access', scope: 'orders/read orders/write', 'cognito:groups': '[admins readers]' }, 2);
    expect(a).toMatchObject({ sub: 'u-2', username: 'bob', groups: ['admins', 'readers'], scopes: ['orders/read', 'orders/write'], tokenUse: 'access' });
  });

  test.each([
    ['admins,readers', ['admins', 'readers']],
    ['[admins readers]', ['admins', 'readers']],
    ['[admins, readers]', ['admins', 'readers']],
    ['["admins","readers"]', ['admins', 'readers']],
    [['admins', 'readers'], ['admins', 'readers']],
    ['admins', ['admins']],
    ['', []],
    [undefined, []],
  ])('cognito:groups %j -> %j', (value, groups) => {
    expect(claimList(value)).toEqual(groups);
  });

  test('is undefined on a public request (a protected one without claims is refused 401); custom claims can be typed', async () => {
    expect((await client.http.get('/public')).json().auth).toBeNull();
    expect((await client.http.get('/me')).status).toBe(401);
    expect((await client.http.get('/tenant', { claims: { sub: 'u', 'custom:tenant': 'acme' } })).body).toBe('acme');
  });

  test("from a custom authorizer: sub is its principalId, claims its context", async () => {
    const event = restApiEvent({ method: 'GET', path: '/me', resource: '/me' });
    event.requestContext.authorizer = { principalId: 'ops-user', team: 'ops', level: 3, integrationLatency: 12 };
    const r = (await app.handler(event)) as { body: string };
    expect(JSON.parse(r.body).auth).toEqual({ sub: 'ops-user', groups: [], scopes: [], claims: { team: 'ops', level: 3 } });
  });
});

describe('custom authorizers through app.handler', () => {
  const seen: unknown[] = [];
  const tokens = new CustomAuthorizer('tokens', { header: 'X-Api-Token' }, (req) => {
    seen.push(req);
    if (req.token !== 'letmein') throw new UnauthorizedError();
    return new AuthResponse({ routes: ['/reports/{id}', { path: '/', methods: ['get'] }], principalId: 'ops', context: { team: 'ops' } });
  });
  const app = new Calix({ name: 'gate', authorizer: tokens }).route('/reports/{id}', ok);

  test('a TOKEN event gets the policy API Gateway expects, built from the method ARN', async () => {
    const policy = await app.handler({ type: 'TOKEN', authorizationToken: 'letmein', methodArn: METHOD_ARN });
    expect(policy).toEqual({
      principalId: 'ops',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Action: 'execute-api:Invoke', Effect: 'Allow',
          Resource: ['arn:aws:execute-api:eu-west-1:123456789012:abc123/api/*/reports/*', 'arn:aws:execute-api:eu-west-1:123456789012:abc123/api/GET/'],
        }],
      },
      context: { team: 'ops' },
    });
    expect(seen.at(-1)).toMatchObject({ token: 'letmein', methodArn: METHOD_ARN });
  });

  test("UnauthorizedError becomes the 'Unauthorized' error API Gateway answers 401 for; no routes is an explicit deny", async () => {
    await expect(app.handler({ type: 'TOKEN', authorizationToken: 'nope', methodArn: METHOD_ARN })).rejects.toThrow(/^Unauthorized$/);
    expect(new AuthResponse({ routes: [], principalId: 'p' }).toPolicy(METHOD_ARN).policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: ['arn:aws:execute-api:eu-west-1:123456789012:abc123/api/*'] },
    ]);
  });

  test('a REQUEST event (which also has httpMethod, path and resource) is not mistaken for a proxy event', async () => {
    const event = { ...restApiEvent({ method: 'GET', path: '/reports/7', resource: '/reports/{id}', headers: { 'x-api-token': 'letmein' } }), type: 'REQUEST', methodArn: METHOD_ARN };
    expect(await app.handler(event)).toMatchObject({ principalId: 'ops' });
  });

  test('with several custom authorizers, CALIX_HANDLER picks the function; otherwise the error says which exist', async () => {
    const other = new CustomAuthorizer('other', {}, () => new AuthResponse({ routes: ['*'], principalId: 'other' }));
    const two = new Calix({ name: 'two', authorizer: tokens }).route('/x', ok).route('/y', { authorizer: other }, ok);
    const event = { type: 'TOKEN', authorizationToken: 'letmein', methodArn: METHOD_ARN };
    await expect(two.handler(event)).rejects.toThrow('CALIX_HANDLER does not name a custom authorizer; this app\'s: tokens, other');
    const ctx = { [Symbol.for('calix.handler')]: 'other' } as never;
    expect(await two.handler(event, ctx)).toMatchObject({ principalId: 'other' });
    process.env.CALIX_HANDLER = 'tokens';
    try {
      expect(await two.handler(event)).toMatchObject({ principalId: 'ops' });
    } finally {
      delete process.env.CALIX_HANDLER;
    }
    await expect(new Calix({ name: 'none' }).handler(event)).rejects.toThrow(/received an API Gateway TOKEN authorizer event, .*this app's: none/);
  });
});
