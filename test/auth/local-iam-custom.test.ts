// `calix local` running the app's own custom (Lambda TOKEN) authorizers and enforcing their
// policies as API Gateway does (cached per token), and checking IAM routes for a SigV4 signature.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { AuthResponse, Calix, CustomAuthorizer, IAMAuthorizer, UnauthorizedError } from 'calix';
export const app = new Calix({ name: 'gate' });
const calls: Record<string, number> = { tokens: 0, nocache: 0 };
const tokens = new CustomAuthorizer('tokens', { header: 'X-Api-Token', ttlSeconds: 300 }, async ({ token, methodArn }) => {
  calls.tokens++;
  if (!methodArn.startsWith('arn:aws:execute-api:')) throw new Error('bad methodArn ' + methodArn);
  if (token === 'crash') throw new Error('authorizer bug');
  if (token === 'bad-context') return new AuthResponse({ routes: ['*'], principalId: 'x', context: { nested: { a: 1 } as never } });
  if (token === 'ops') return new AuthResponse({ routes: ['/reports/{id}', { path: '/reports', methods: ['GET'] }], principalId: 'ops-user', context: { team: 'ops', level: 3, admin: false } });
  if (token === 'nobody') return new AuthResponse({ routes: [], principalId: 'nobody' });
  throw new UnauthorizedError();
});
const nocache = new CustomAuthorizer('nocache', { ttlSeconds: 0 }, ({ token }) => {
  calls.nocache++;
  return new AuthResponse({ routes: [token === 'ok' ? '*' : '/elsewhere'], principalId: 'n' });
});
const iam = new IAMAuthorizer();
const seen = (req: any) => ({ auth: req.auth, authorizer: req.context.authorizer ?? null });
app.route('/reports', { methods: ['GET', 'POST'], authorizer: tokens }, seen);
app.route('/reports/{id}', { methods: ['GET', 'DELETE'], authorizer: tokens }, seen);
app.route('/other', { authorizer: tokens }, seen);
app.route('/free', { authorizer: nocache }, seen);
app.route('/calls', () => calls);
app.route('/signed', { authorizer: iam }, (req) => ({ accessKey: (req.context.identity as any).accessKey }));
export const handler = app.handler;
`;

const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';

describe('calix local: custom (Lambda TOKEN) and IAM authorizers', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'gate', stages: { dev: {} } }) });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(['--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project.remove();
  });

  const call = (path: string, token?: string, method = 'GET') => fetch(`${server.url}${path}`, { method, headers: token === undefined ? {} : { 'X-Api-Token': token } });
  const calls = async () => (await (await call('/calls')).json()) as { tokens: number; nocache: number };

  test('no token: 401 without running the authorizer', async () => {
    const before = await calls();
    const r = await call('/reports/1');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
    expect(await calls()).toEqual(before);
  });

  test('an allowed token reaches the route with principalId and context where API Gateway puts them', async () => {
    const r = await call('/reports/7', 'ops');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { auth: unknown; authorizer: Record<string, unknown> };
    expect(body.authorizer).toEqual({ principalId: 'ops-user', team: 'ops', level: 3, admin: false, integrationLatency: expect.any(Number) });
    expect(body.auth).toEqual({ sub: 'ops-user', groups: [], scopes: [], claims: { team: 'ops', level: 3, admin: false } });
  });

  test('the policy is cached per token (ttlSeconds) and applies to every route it lists', async () => {
    const before = (await calls()).tokens;
    expect((await call('/reports/8', 'ops', 'DELETE')).status).toBe(200);
    expect((await call('/reports', 'ops')).status).toBe(200);
    // POST /reports is not in the policy: refused by the cached policy, as deployed.
    const post = await call('/reports', 'ops', 'POST');
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual({ Message: 'User is not authorized to access this resource' });
    const other = await call('/other', 'ops');
    expect(other.status).toBe(403);
    expect(other.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect((await calls()).tokens).toBe(before);
    expect(server.output()).toMatch(/403 from authorizer "tokens": custom authorizer "tokens"'s policy does not allow arn:aws:execute-api:us-east-1:123456789012:calixlocal\/api\/GET\/other \(policies are cached per token for 300 s/);
  });

  test('an AuthResponse without routes is an explicit deny', async () => {
    const r = await call('/reports/1', 'nobody');
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ Message: 'User is not authorized to access this resource with an explicit deny' });
  });

  test('UnauthorizedError thrown by the authorizer is a 401', async () => {
    const r = await call('/reports/1', 'guess');
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  });

  test("a failing authorizer, or one returning a context API Gateway refuses, is API Gateway's 500", async () => {
    for (const token of ['crash', 'bad-context']) {
      const r = await call('/reports/1', token);
      expect(r.status).toBe(500);
      expect(r.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
      expect(await r.json()).toEqual({ message: null });
    }
    expect(server.output()).toMatch(/500 from authorizer "tokens": custom authorizer "tokens" failed: Error: authorizer bug/);
    expect(server.output()).toContain('its context.nested is object; context values must be strings, numbers or booleans');
  });

  test('ttlSeconds: 0 runs the authorizer on every request; each custom authorizer runs its own function', async () => {
    const before = (await calls()).nocache;
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/free`, { headers: { Authorization: 'ok' } })).status).toBe(200);
    expect((await fetch(`${server.url}/free`, { headers: { Authorization: 'no' } })).status).toBe(403);
    expect((await calls()).nocache).toBe(before + 4);
  });

  describe('IAM', () => {
    const signed = (headers: Record<string, string>) => fetch(`${server.url}/signed`, { headers });

    test('says at startup that signatures are not verified offline', () => {
      expect(server.output()).toContain('authorizer "iam" (IAM): requests need a SigV4-signed Authorization header; calix local checks its shape but cannot verify signatures offline');
    });

    test('an unsigned request is 403 Missing Authentication Token', async () => {
      const r = await signed({});
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual({ message: 'Missing Authentication Token' });
    });

    test('a non-SigV4 Authorization header, or no date, is 403 IncompleteSignatureException', async () => {
      const bearer = await signed({ Authorization: 'Bearer abc' });
      expect(bearer.status).toBe(403);
      expect(bearer.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
      expect(((await bearer.json()) as { message: string }).message).toBe(
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc",
      );
      const noDate = await signed({ Authorization: SIGV4 });
      expect(noDate.status).toBe(403);
      expect(((await noDate.json()) as { message: string }).message).toMatch(/^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\./);
    });

    test('a SigV4-shaped request goes through, its access key in requestContext.identity', async () => {
      const r = await signed({ Authorization: SIGV4, 'X-Amz-Date': '20150830T123600Z' });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ accessKey: 'AKIDEXAMPLE' });
    });
  });
});
