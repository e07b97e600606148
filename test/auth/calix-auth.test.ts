// The `auth` blueprint end to end, the way its README tells a user: a cognito-local emulator with
// its default settings (pools `local_…`, issuer `http://127.0.0.1:<port>/<pool>` — not AWS-shaped,
// so `calix local` takes the JwtVerifier path), `calix auth init-local`, `create-user` /
// `signup` + `confirm`, `login`, then `calix local` answering with the user's claims.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linkDependencies, runCli, startLocal, type RunningServer } from '../helpers/project.js';
import { payloadOf, startEmulator, type Emulator } from './cognito.js';

const PASSWORD = 'Passw0rd!x';

describe('the auth blueprint with calix auth and calix local, against a default cognito-local', () => {
  const parent = mkdtempSync(join(tmpdir(), 'calix-auth-'));
  const dir = join(parent, 'demo');
  const configFile = join(dir, '.calix/config.json');
  let cognito: Emulator;
  let server: RunningServer | undefined;
  // No developer credentials or config may reach the SDK (the notes' rule); calix gives an emulator placeholders.
  const sdkEnv = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined,
  };
  const auth = (args: string[], input?: string) => runCli(['auth', ...args], { cwd: dir, input, env: sdkEnv });
  const config = () => JSON.parse(readFileSync(configFile, 'utf8'));
  let ada = '';
  let bob = '';

  beforeAll(async () => {
    cognito = await startEmulator();
    const r = await runCli(['new-project', 'demo', '--blueprint', 'auth'], { cwd: parent });
    expect(r.code, r.stderr).toBe(0);
    linkDependencies(dir);
    // The blueprint points at `npx cognito-local`'s http://localhost:9229; this emulator runs elsewhere.
    const c = config();
    expect(c.stages.dev.authorizers).toEqual({ users: { cognitoEndpoint: 'http://localhost:9229' } });
    c.stages.dev.authorizers.users.cognitoEndpoint = cognito.url;
    writeFileSync(configFile, JSON.stringify(c, null, 2));
  }, 60_000);

  afterAll(async () => {
    if (server) await server.stop();
    await cognito?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test('before a pool exists, calix local names the authorizer and the key to set, and answers 401', async () => {
    server = await startLocal(['--no-watch'], dir);
    try {
      expect(server.output()).toMatch(/Warning: authorizer "users" has no user pool to verify tokens against, so its routes answer 401\. Set stages\.dev\.authorizers\.users\.userPoolId/);
      expect((await fetch(`${server.url}/me`, { headers: { Authorization: 'x.y.z' } })).status).toBe(401);
      expect(await (await fetch(`${server.url}/`)).json()).toEqual({ hello: 'anyone' });
    } finally {
      await server.stop();
      server = undefined;
    }
  });

  test('commands that need a pool say which config key to set', async () => {
    const r = await auth(['login', 'ada@example.com', '--password', PASSWORD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no authorizer of stage "dev" has a user pool in \.calix\/config\.json: set stages\.dev\.authorizers\.<name>\.userPoolId .*calix auth init-local/);
  });

  test('init-local creates a pool and a client in the emulator and writes them into the config', async () => {
    const r = await auth(['init-local']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const users = config().stages.dev.authorizers.users;
    expect(users).toEqual({ cognitoEndpoint: cognito.url, userPoolId: expect.stringMatching(/^local_\w+$/), clientIds: [expect.any(String)] });
    expect(r.stdout).toBe(`Created pool ${users.userPoolId} and app client ${users.clientIds[0]} at ${cognito.url}; wrote them to stages.dev.authorizers.users in .calix/config.json.\n`);
    // Run again: nothing to do.
    const again = await auth(['init-local']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Pool ${users.userPoolId} (client ${users.clientIds[0]}) already exists`);
  });

  test('create-user makes a confirmed user with a password and groups; login prints its ID token', async () => {
    const created = await auth(['create-user', 'ada@example.com', '--password', PASSWORD, '--email', 'ada@example.com', '--group', 'admins']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created ada@example\.com in pool local_\w+ \(groups: admins\)/);
    const login = await auth(['login', 'ada@example.com'], `${PASSWORD}\n`); // password on stdin
    expect(login.code, login.stderr).toBe(0);
    ada = login.stdout.trim();
    expect(ada).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(payloadOf(ada)).toMatchObject({ token_use: 'id', email: 'ada@example.com', 'cognito:groups': ['admins'], iss: `${cognito.url}/${config().stages.dev.authorizers.users.userPoolId}` });
  });

  test('signup, then login fails until confirm (with the code Cognito sent) succeeds', async () => {
    const signup = await auth(['signup', 'bob@example.com', '--password', PASSWORD, '--email', 'bob@example.com']);
    expect(signup.code, signup.stderr).toBe(0);
    expect(signup.stdout).toMatch(/Signed up bob@example\.com \(sub [\w-]+\).*\nNot confirmed yet: `calix auth confirm bob@example\.com --code <code>`/s);
    const early = await auth(['login', 'bob@example.com', '--password', PASSWORD]);
    expect(early.code).toBe(1);
    expect(early.stdout).toBe('');
    expect(early.stderr).toMatch(/login failed: UserNotConfirmedException: .*\(confirm the user first: `calix auth confirm bob@example\.com --code <code>`/);
    // The emulator's "email": the code it stored for the user.
    const pool = config().stages.dev.authorizers.users.userPoolId;
    const user = Object.values(cognito.db(pool).Users as Record<string, { Attributes: { Name: string; Value: string }[]; ConfirmationCode: string }>).find((u) =>
      u.Attributes.some((a) => a.Name === 'email' && a.Value === 'bob@example.com'),
    )!;
    const wrong = await auth(['confirm', 'bob@example.com', '--code', user.ConfirmationCode === '000000' ? '111111' : '000000']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/confirm failed: CodeMismatchException/);
    const confirmed = await auth(['confirm', 'bob@example.com', '--code', user.ConfirmationCode]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toBe('Confirmed bob@example.com: `calix auth login bob@example.com` prints a token.\n');
    const login = await auth(['login', 'bob@example.com', '--password', PASSWORD, '--json']);
    expect(login.code, login.stderr).toBe(0);
    const tokens = JSON.parse(login.stdout) as { idToken: string; accessToken: string; refreshToken: string };
    expect(payloadOf(tokens.accessToken).token_use).toBe('access');
    // token: a fresh ID token from the refresh token.
    const fresh = await auth(['token', '--refresh-token', tokens.refreshToken]);
    expect(fresh.code, fresh.stderr).toBe(0);
    bob = fresh.stdout.trim();
    expect(payloadOf(bob)).toMatchObject({ token_use: 'id', email: 'bob@example.com' });
  });

  test('confirm without a code confirms as an admin (the README\'s path)', async () => {
    expect((await auth(['signup', 'carol@example.com', '--password', PASSWORD, '--email', 'carol@example.com'])).code).toBe(0);
    const confirmed = await auth(['confirm', 'carol@example.com']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    const login = await auth(['login', 'carol@example.com', '--password', PASSWORD, '--access']);
    expect(login.code, login.stderr).toBe(0);
    expect(payloadOf(login.stdout.trim())).toMatchObject({ token_use: 'access', scope: 'aws.cognito.signin.user.admin' });
  });

  test('the tokens work on calix local: claims for the user, the handler\'s own 403 for a non-admin, 401 for the rest', async () => {
    server = await startLocal(['--no-watch'], dir);
    const get = (path: string, token?: string) => fetch(`${server!.url}${path}`, { headers: token ? { Authorization: token } : {} });
    const me = await get('/me', ada);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: payloadOf(ada).sub, email: 'ada@example.com', groups: ['admins'] });
    expect(await (await get('/admin', ada)).json()).toEqual({ admin: true });
    expect(await (await get('/me', bob)).json()).toEqual({ sub: payloadOf(bob).sub, email: 'bob@example.com', groups: [] });
    const notAdmin = await get('/admin', bob);
    expect(notAdmin.status).toBe(403);
    expect(await notAdmin.json()).toEqual({ code: 'ForbiddenError', message: 'admins only' });
    expect((await get('/me')).status).toBe(401);
    expect((await get('/me', `${ada.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  test('the pool\'s keys are fetched once: with the emulator gone, tokens still verify', async () => {
    await cognito.stop();
    expect((await fetch(`${server!.url}/me`, { headers: { Authorization: ada } })).status).toBe(200);
  });

  test('usage mistakes exit 2 with the usage on stderr; failures exit 1', async () => {
    const noUser = await auth(['login']);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/missing required argument 'username'/);
    expect(noUser.stderr).toMatch(/Usage: calix auth login/);
    const noPassword = await auth(['login', 'ada@example.com']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/give the password with --password <password> or on stdin/);
    const badAuthorizer = await auth(['login', 'ada@example.com', '--password', 'x', '--authorizer', 'nope']);
    expect(badAuthorizer.code).toBe(2);
    expect(badAuthorizer.stderr).toMatch(/stages\.dev\.authorizers has no authorizer "nope" in \.calix\/config\.json \(it has: users\)/);
    const bare = await runCli(['auth'], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: calix auth/);
    // The emulator is stopped now: a clear failure, not a stack trace.
    const down = await auth(['login', 'ada@example.com', '--password', PASSWORD]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/login: cannot reach http:\/\/127\.0\.0\.1:\d+: is the emulator running/);
  });
});
