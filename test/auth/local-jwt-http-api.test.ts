// `calix local` on a stage with `api: { type: "http" }`, over real HTTP: a Cognito authorizer is an
// HTTP API JWT authorizer on the pool's issuer, checked against a real emulator (cognito-local,
// AWS-shaped as in local-cognito.test.ts). Where it differs from a REST API's Cognito authorizer:
// ID and access tokens alike (the audience is `aud`, else `client_id`), 401 with a
// `www-authenticate` challenge, 403 {"message":"Forbidden"} for missing scopes (an ID token has
// none), no x-amzn-ErrorType, and the claims where an HTTP API puts them (`authorizer.jwt`).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { createClient, createUser, foreignKey, login, mint, payloadOf, startEmulator, type Emulator } from './cognito.js';

const POOL = 'us-east-1_HttpPool1';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const PASSWORD = 'Corr3ct-Horse!';

const APP = `import { Calix, CognitoUserPoolAuthorizer } from 'calix';
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'web-users' });
const writers = new CognitoUserPoolAuthorizer('writers', { userPoolName: 'web-users', scopes: ['orders/write'] });
export const app = new Calix({ name: 'web', authorizer: users });
let calls = 0;
app.route('/health', { authorizer: null }, () => ({ calls }));
app.route('/me', (req) => { calls++; return { auth: req.auth, jwt: req.context.authorizer.jwt }; });
app.route('/orders', { methods: ['POST'], authorizer: writers }, (req) => ({ scopes: req.auth?.scopes }));
export const handler = app.handler;
`;

describe('calix local, HTTP API: Cognito authorizers as JWT authorizers (emulator, real HTTP)', () => {
  let cognito: Emulator;
  let server: RunningServer;
  let project: ReturnType<typeof tempProject>;
  let web: string;
  let tokens: { id: string; access: string };
  let otherClientTokens: { id: string; access: string };

  beforeAll(async () => {
    cognito = await startEmulator({ awsShaped: [POOL] });
    web = await createClient(cognito, POOL, 'web');
    const other = await createClient(cognito, POOL, 'other');
    await createUser(cognito, POOL, 'ada@example.com', PASSWORD, ['admins', 'readers']);
    tokens = await login(cognito, web, 'ada@example.com', PASSWORD);
    otherClientTokens = await login(cognito, other, 'ada@example.com', PASSWORD);
    const pool = { userPoolId: POOL, cognitoEndpoint: cognito.url, clientIds: [web] };
    project = tempProject({
      'app.ts': APP,
      '.calix/config.json': JSON.stringify({ app: 'web', stages: { dev: { api: { type: 'http' }, authorizers: { users: pool, writers: pool } } } }),
    });
    server = await startLocal(['--no-watch'], project.dir);
  }, 60_000);

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project?.remove();
    await cognito?.stop();
  });

  const get = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: token === undefined ? {} : { Authorization: token } });
  const expectUnauthorized = async (r: Response) => {
    expect(r.status).toBe(401);
    expect(r.headers.get('x-amzn-errortype')).toBeNull();
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  };
  const calls = async () => ((await (await get('/health')).json()) as { calls: number }).calls;

  test('says it serves an HTTP API, and what its JWT authorizers accept', () => {
    expect(server.output()).toMatch(/Serving web \(stage dev, HTTP API\) at/);
    expect(server.output()).toContain(`authorizer "users" (HTTP API JWT authorizer): verifying ID and access tokens of pool ${POOL} (issuer ${ISSUER}, keys from ${cognito.url}/${POOL}/.well-known/jwks.json) for audience ${web}`);
    expect(server.output()).toContain('authorizer "writers" (HTTP API JWT authorizer): verifying ID and access tokens with scope orders/write of pool');
  });

  test('a missing token is a 401 {"message":"Unauthorized"} and the handler never runs; an unknown route is a 404', async () => {
    const before = await calls();
    await expectUnauthorized(await get('/me'));
    expect(await calls()).toBe(before);
    const r = await get('/nope');
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'Not Found' });
  });

  test('a valid ID token reaches the handler with its claims in authorizer.jwt, as an HTTP API writes them', async () => {
    const r = await get('/me', `Bearer ${tokens.id}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { auth: Record<string, unknown>; jwt: { claims: Record<string, string>; scopes: unknown } };
    const p = payloadOf(tokens.id);
    expect(body.jwt.claims).toMatchObject({ sub: p.sub, aud: web, iss: ISSUER, token_use: 'id', 'cognito:groups': '[admins readers]', exp: String(p.exp), email_verified: 'true' });
    expect(body.jwt.scopes).toBeNull();
    expect(body.auth).toMatchObject({ sub: p.sub, groups: ['admins', 'readers'], tokenUse: 'id' });
  });

  test("an access token of the API's client is accepted too (the audience is client_id when there is no aud)", async () => {
    expect(payloadOf(tokens.access).aud).toBeUndefined();
    expect((await get('/me', tokens.access)).status).toBe(200);
  });

  test("a token for another app client, an expired one, or one with a foreign signature is a 401 with a www-authenticate challenge", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, RegExp][] = [
      [otherClientTokens.id, /error_description="the token does not have a valid audience"/],
      [mint({ ...payloadOf(tokens.id), iat: now - 7200, exp: now - 3600 }), /error_description="the token has expired"/],
      [mint(payloadOf(tokens.id), { key: foreignKey() }), /error_description="the token does not have a valid signature"/],
    ];
    for (const [token, challenge] of cases) {
      const r = await get('/me', token);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer scope="" error="invalid_token" /);
      expect(r.headers.get('www-authenticate')).toMatch(challenge);
      await expectUnauthorized(r);
    }
  });

  test('a route with scopes: a token carrying one passes; one without (an ID token has none) is 403 {"message":"Forbidden"}', async () => {
    const now = Math.floor(Date.now() / 1000);
    const access = (scope: string) => mint({ ...payloadOf(tokens.access), scope, iat: now, exp: now + 600 });
    const ok = await get('/orders', access('openid orders/write'), { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ scopes: ['openid', 'orders/write'] });
    for (const token of [access('orders/read'), tokens.id]) {
      const r = await get('/orders', token, { method: 'POST' });
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual({ message: 'Forbidden' });
    }
    expect(server.output()).toMatch(/403 from authorizer "writers": the token's scopes \(orders\/read\) include none of orders\/write/);
  });
});
