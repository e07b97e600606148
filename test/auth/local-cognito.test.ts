// `calix local` enforcing Cognito user pool authorizers the way API Gateway does, against a real
// emulator (cognito-local) set up AWS-shaped (notes' option B): the pools have AWS-style ids and the
// tokens AWS's issuer, so `calix local` takes exactly the code path it takes for a real pool (the
// stock CognitoJwtVerifier); only the JWKS is fetched from the emulator (cognitoEndpoint).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { createClient, createUser, foreignKey, login, mint, payloadOf, startEmulator, tamper, unsigned, type Emulator } from './cognito.js';

const POOL = 'us-east-1_TestPool1';
const OTHER_POOL = 'us-east-1_OtherPool2';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const PASSWORD = 'Corr3ct-Horse!';

const APP = `import { Blueprint, Calix, CognitoUserPoolAuthorizer } from 'calix';
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users' });
const writers = new CognitoUserPoolAuthorizer('writers', { userPoolName: 'shop-users', scopes: ['orders/write', 'orders/admin'] });
export const app = new Calix({ name: 'shop', authorizer: users });
let calls = 0;
app.route('/health', { authorizer: null }, () => ({ ok: true, calls }));
app.route('/me', (req) => { calls++; return { auth: req.auth, claims: req.claims }; });
app.route('/orders', { methods: ['POST'], authorizer: writers }, (req) => ({ scopes: req.auth?.scopes, tokenUse: req.auth?.tokenUse, sub: req.auth?.sub }));
const admin = new Blueprint();
admin.route('/stats', (req) => ({ sub: req.auth?.sub }));
app.register(admin, { prefix: '/admin' });
const docs = new Blueprint({ authorizer: null });
docs.route('/docs', () => ({ docs: true }));
app.register(docs, { prefix: '/public' });
const team = new Blueprint({ authorizer: writers });
team.route('/board', (req) => ({ scopes: req.auth?.scopes }));
app.register(team, { prefix: '/team' });
export const handler = app.handler;
`;

describe('calix local: Cognito user pool authorizers, verified against the pool (emulator, AWS-shaped)', () => {
  let cognito: Emulator;
  let server: RunningServer;
  let project: ReturnType<typeof tempProject>;
  let web: string; // the configured app client
  let other: string; // another client of the same pool, not configured
  let foreignPoolClient: string;
  let tokens: { id: string; access: string };
  let otherClientTokens: { id: string; access: string };
  let otherPoolTokens: { id: string; access: string };

  beforeAll(async () => {
    cognito = await startEmulator({ awsShaped: [POOL, OTHER_POOL] });
    web = await createClient(cognito, POOL, 'web');
    other = await createClient(cognito, POOL, 'other');
    foreignPoolClient = await createClient(cognito, OTHER_POOL, 'web');
    await createUser(cognito, POOL, 'ada@example.com', PASSWORD, ['admins', 'readers']);
    await createUser(cognito, OTHER_POOL, 'eve@example.com', PASSWORD);
    tokens = await login(cognito, web, 'ada@example.com', PASSWORD);
    otherClientTokens = await login(cognito, other, 'ada@example.com', PASSWORD);
    otherPoolTokens = await login(cognito, foreignPoolClient, 'eve@example.com', PASSWORD);
    const pool = { userPoolId: POOL, cognitoEndpoint: cognito.url, clientIds: [web] };
    project = tempProject({
      'app.ts': APP,
      '.calix/config.json': JSON.stringify({ app: 'shop', stages: { dev: { authorizers: { users: pool, writers: pool } } } }),
    });
    server = await startLocal(['--no-watch'], project.dir);
  }, 60_000);

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project?.remove();
    await cognito?.stop();
  });

  const get = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { ...(token === undefined ? {} : { Authorization: token }), ...(init.headers as Record<string, string>) } });
  const expectUnauthorized = async (r: Response) => {
    expect(r.status).toBe(401);
    expect(r.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  };
  const calls = async () => ((await (await get('/health')).json()) as { calls: number }).calls;

  test('says at startup which pool each authorizer verifies against', () => {
    expect(server.output()).toContain(`authorizer "users": verifying ID tokens of pool ${POOL} (issuer ${ISSUER}, keys from ${cognito.url}/${POOL}/.well-known/jwks.json) for clients ${web}`);
    expect(server.output()).toContain('authorizer "writers": verifying access tokens with scope orders/write or orders/admin');
  });

  test('public routes (authorizer: null, or a blueprint without authorizer) need no token', async () => {
    expect((await get('/health')).status).toBe(200);
    expect(await (await get('/public/docs')).json()).toEqual({ docs: true });
  });

  test('a missing token is a 401 and the handler never runs', async () => {
    const before = await calls();
    await expectUnauthorized(await get('/me'));
    await expectUnauthorized(await get('/me', ''));
    expect(await calls()).toBe(before);
    expect(server.output()).toMatch(/401 from authorizer "users": no Authorization header/);
  });

  test("a valid ID token reaches the handler with the claims where API Gateway REST puts them, stringified as it does", async () => {
    const r = await get('/me', tokens.id);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { auth: Record<string, unknown>; claims: Record<string, string> };
    const p = payloadOf(tokens.id);
    expect(body.claims).toMatchObject({
      sub: p.sub,
      email: 'ada@example.com',
      email_verified: 'true',
      'cognito:groups': 'admins,readers',
      'cognito:username': p['cognito:username'],
      token_use: 'id',
      aud: web,
      iss: ISSUER,
      auth_time: String(p.auth_time),
    });
    for (const v of Object.values(body.claims)) expect(typeof v).toBe('string');
    expect(body.claims.exp).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    expect(new Date(body.claims.exp!.replace(/^\w+ (\w+) (\d+) ([\d:]+) UTC (\d+)$/, '$1 $2 $4 $3 UTC')).getTime() / 1000).toBe(p.exp);
    expect(body.auth).toMatchObject({ sub: p.sub, email: 'ada@example.com', groups: ['admins', 'readers'], tokenUse: 'id', username: p['cognito:username'], scopes: [] });
  });

  test('"Bearer <token>" is accepted too', async () => {
    expect((await get('/me', `Bearer ${tokens.id}`)).status).toBe(200);
  });

  test('blueprint routes inherit the app-wide authorizer', async () => {
    await expectUnauthorized(await get('/admin/stats'));
    expect(await (await get('/admin/stats', tokens.id)).json()).toEqual({ sub: payloadOf(tokens.id).sub });
  });

  test('an access token is refused where no scopes are required (API Gateway wants the ID token there)', async () => {
    await expectUnauthorized(await get('/me', tokens.access));
    expect(server.output()).toMatch(/401 from authorizer "users": CognitoJwtInvalidTokenUseError/);
  });

  test('an expired token is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = mint({ ...payloadOf(tokens.id), iat: now - 7200, exp: now - 3600 });
    await expectUnauthorized(await get('/me', expired));
    expect(server.output()).toMatch(/401 from authorizer "users": JwtExpiredError/);
    // The same claims, still valid, signed the same way: accepted (the expiry was the only fault).
    expect((await get('/me', mint({ ...payloadOf(tokens.id), exp: now + 600 }))).status).toBe(200);
  });

  test('a token re-signed with another key (same kid) is refused', async () => {
    await expectUnauthorized(await get('/me', mint(payloadOf(tokens.id), { key: foreignKey() })));
    expect(server.output()).toMatch(/401 from authorizer "users": JwtInvalidSignatureError/);
  });

  test('an unsigned token (alg: none) is refused, with or without a signature part', async () => {
    await expectUnauthorized(await get('/me', unsigned(payloadOf(tokens.id))));
    await expectUnauthorized(await get('/me', `${unsigned(payloadOf(tokens.id))}${tokens.id.split('.')[2]}`));
    expect(server.output()).toMatch(/401 from authorizer "users": JwtInvalidSignatureAlgorithmError/);
  });

  test('a tampered payload (signature kept) is refused', async () => {
    await expectUnauthorized(await get('/me', tamper(tokens.id, { 'cognito:groups': ['admins', 'root'] })));
  });

  test("another pool's token is refused, even one signed with the same key", async () => {
    await expectUnauthorized(await get('/me', otherPoolTokens.id));
    expect(server.output()).toContain(`401 from authorizer "users": wrong pool: the token's issuer is https://cognito-idp.us-east-1.amazonaws.com/${OTHER_POOL}, this authorizer's is ${ISSUER}`);
  });

  test("a token for an app client not in clientIds is refused", async () => {
    expect(payloadOf(otherClientTokens.id).aud).toBe(other);
    await expectUnauthorized(await get('/me', otherClientTokens.id));
    expect(server.output()).toMatch(/401 from authorizer "users": CognitoJwtInvalidClientIdError/);
  });

  describe('an authorizer with scopes', () => {
    const access = (scope: string, clientId = web) => {
      const now = Math.floor(Date.now() / 1000);
      return mint({ ...payloadOf(tokens.access), client_id: clientId, scope, iat: now, exp: now + 600 });
    };

    test('accepts an access token carrying one of the scopes; the handler sees the scopes', async () => {
      const r = await get('/orders', access('openid orders/admin'), { method: 'POST' });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ scopes: ['openid', 'orders/admin'], tokenUse: 'access', sub: payloadOf(tokens.access).sub });
      expect(await (await get('/team/board', access('orders/write'))).json()).toEqual({ scopes: ['orders/write'] });
    });

    test('answers 403 to a valid access token without any of the scopes', async () => {
      // The emulator's own access tokens carry aws.cognito.signin.user.admin only.
      for (const token of [tokens.access, access('orders/read')]) {
        const r = await get('/orders', token, { method: 'POST' });
        expect(r.status).toBe(403);
        expect(r.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
        expect(await r.json()).toEqual({ message: 'Forbidden' });
      }
      expect(server.output()).toMatch(/403 from authorizer "writers": the access token's scopes \(orders\/read\) include none of orders\/write, orders\/admin/);
    });

    test('refuses ID tokens and broken access tokens with 401', async () => {
      await expectUnauthorized(await get('/orders', tokens.id, { method: 'POST' }));
      await expectUnauthorized(await get('/orders', access('orders/write', other), { method: 'POST' }));
      await expectUnauthorized(await get('/orders', mint(payloadOf(access('orders/write')), { key: foreignKey() }), { method: 'POST' }));
      await expectUnauthorized(await get('/orders', undefined, { method: 'POST' }));
    });
  });
});

describe('calix local: a Cognito authorizer without a pool in the config', () => {
  let server: RunningServer;
  const project = tempProject({
    'app.ts': `import { Calix, CognitoUserPoolAuthorizer } from 'calix';
export const app = new Calix({ name: 'nopool' });
const users = new CognitoUserPoolAuthorizer('members');
app.route('/me', { authorizer: users }, (req) => req.auth ?? {});
app.route('/', () => 'public');
`,
    '.calix/config.json': JSON.stringify({ app: 'nopool', stages: { dev: { authorizers: { membrs: { userPoolId: 'us-east-1_Nope' } } } } }),
  });
  beforeAll(async () => {
    server = await startLocal(['--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) await server.stop();
    project.remove();
  });

  test('says so at startup, naming the authorizer and the config key to set', () => {
    expect(server.output()).toContain(
      'Warning: authorizer "members" has no user pool to verify tokens against, so its routes answer 401. Set stages.dev.authorizers.members.userPoolId',
    );
    expect(server.output()).toContain('Warning: stages.dev.authorizers.membrs is set in .calix/config.json, but the app has no authorizer named "membrs" (it has: members)');
  });

  test('answers 401 on its routes, whatever the token, and serves the public ones', async () => {
    const token = mint({ sub: 'u1', token_use: 'id', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Any', exp: Math.floor(Date.now() / 1000) + 600 });
    const r = await fetch(`${server.url}/me`, { headers: { Authorization: token } });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
    expect(await (await fetch(`${server.url}/`)).text()).toBe('public');
  });
});
