// `calix auth`: users of a Cognito authorizer's pool, from the command line. The pool comes from
// `.calix/config.json` (`stages.<stage>.authorizers.<name>`): a deployed pool's id, or a local
// emulator's (cognitoEndpoint). `login` prints a token for `curl -H "Authorization: $TOKEN"`.
// Light at import time (main.ts registers it eagerly): config and the AWS SDK load on use.
import type { Command, Option } from 'commander';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CliError } from '../errors.js';
import type { AuthorizerSettings, StageConfig } from '../../project/types.js';
import { authorizerConfigKey } from '../../project/user-pools.js';

interface Common {
  stage: string;
  authorizer?: string;
  clientId?: string;
  projectDir?: string;
}

interface Target {
  name: string;
  stage: StageConfig;
  settings: AuthorizerSettings;
  userPoolId: string;
  region: string;
  endpoint: string | undefined;
  clientId: string | undefined;
  configFile: string;
}

const key = (t: { stage: StageConfig; name: string }) => authorizerConfigKey(t.stage.stage, t.name);

/** The authorizer whose pool the command uses: `--authorizer`, else the only one configured. */
async function target(o: Common, needPool = true): Promise<Target> {
  const { loadProject, resolveStage } = await import('../../project/config.js');
  const { poolLocation } = await import('../../project/user-pools.js');
  const project = loadProject(o.projectDir);
  const stage = resolveStage(project, o.stage);
  const all = Object.entries(stage.authorizers);
  const usable = needPool ? all.filter(([, s]) => s.userPoolId || s.userPoolArn) : all.filter(([, s]) => s.cognitoEndpoint);
  const where = `stages.${stage.stage}.authorizers`;
  let name = o.authorizer;
  if (name === undefined) {
    if (usable.length === 1) name = usable[0]![0];
    else if (usable.length > 1) throw new CliError(`several authorizers in ${where} could be meant (${usable.map(([n]) => n).join(', ')}); choose one with --authorizer NAME`, 2);
    else if (needPool) {
      throw new CliError(
        `no authorizer of stage "${stage.stage}" has a user pool in .calix/config.json: set ${where}.<name>.userPoolId ` +
          `(a deployed pool's id) or userPoolArn; for a local emulator, set ${where}.<name>.cognitoEndpoint and run \`calix auth init-local\` (see docs/auth.md)`,
      );
    } else throw new CliError(`no authorizer of stage "${stage.stage}" has a cognitoEndpoint: set ${where}.<name>.cognitoEndpoint in .calix/config.json to the emulator's URL, e.g. "http://localhost:9229"`);
  }
  const settings = stage.authorizers[name];
  if (!settings) throw new CliError(`${where} has no authorizer "${name}" in .calix/config.json${all.length ? ` (it has: ${all.map(([n]) => n).join(', ')})` : ''}`, 2);
  // The same pool `calix local` verifies tokens against (the app's own ARN is not read here: no build).
  const pool = poolLocation(settings);
  if (needPool && !pool) throw new CliError(`${where}.${name} has no userPoolId or userPoolArn in .calix/config.json`);
  const endpoint = settings.cognitoEndpoint?.replace(/\/+$/, '');
  const userPoolId = pool?.userPoolId ?? '';
  const region = pool?.region ?? settings.region ?? (endpoint ? 'us-east-1' : undefined);
  if (!region) throw new CliError(`${where}.${name}: cannot tell the pool's region from "${userPoolId}"; set ${where}.${name}.region`);
  return { name, stage, settings, userPoolId, region, endpoint, clientId: o.clientId ?? settings.clientIds?.[0], configFile: project.configFile };
}

async function client(t: Target): Promise<CognitoIdentityProviderClient> {
  process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  // An emulator checks no signature: it gets placeholder credentials, never the developer's, and no
  // retries (emulators answer what they do not support with 500s). A real pool uses the normal chain.
  return new CognitoIdentityProviderClient(
    t.endpoint
      ? { region: t.region, endpoint: t.endpoint, credentials: { accessKeyId: 'calix-local', secretAccessKey: 'calix-local' }, maxAttempts: 1 }
      : { region: t.region },
  );
}

function needClient(t: Target, what: string): string {
  if (t.clientId) return t.clientId;
  throw new CliError(`${what} needs an app client: set ${key(t)}.clientIds in .calix/config.json or pass --client-id`);
}

/** An SDK failure as one sentence with what to do. */
function failure(e: unknown, what: string, t: Target, username?: string): CliError {
  const err = e as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || /ECONNREFUSED|fetch failed|socket hang up/.test(err.message ?? '')) {
    return new CliError(`${what}: cannot reach ${t.endpoint ?? `Cognito in ${t.region}`}${t.endpoint ? ': is the emulator running (e.g. `npx cognito-local`)?' : ''}`);
  }
  if (err.name === 'CredentialsProviderError' || /Could not load credentials/.test(err.message ?? '')) {
    return new CliError(`${what} is an admin operation and needs AWS credentials: none were found (set AWS_PROFILE or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables)`);
  }
  const hints: Record<string, string> = {
    UserNotConfirmedException: `confirm the user first: \`calix auth confirm ${username ?? '<username>'} --code <code>\` (or without --code, as an admin)`,
    UsernameExistsException: 'log in instead, or choose another username',
    UserNotFoundException: 'check the username, or create the user with `calix auth signup` / `calix auth create-user`',
    NotAuthorizedException: 'check the username and password',
    ResourceNotFoundException: `check ${key(t)}.userPoolId / clientIds in .calix/config.json${t.endpoint ? '; an emulator forgets its pools when its data folder goes: run `calix auth init-local` again' : ''}`,
    CodeMismatchException: 'use the latest code sent to the user',
    ExpiredCodeException: 'request a new code',
    InvalidPasswordException: "choose a password that meets the pool's password policy",
  };
  let hint = hints[err.name];
  if (err.name === 'InvalidParameterException' && /USER_PASSWORD_AUTH|auth flow/i.test(err.message)) hint = 'enable ALLOW_USER_PASSWORD_AUTH on the app client';
  if (/SECRET_HASH/.test(err.message ?? '')) hint = 'calix auth supports app clients without a client secret only';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (!hint && t.endpoint && status !== undefined && status >= 500) hint = `the emulator at ${t.endpoint} failed on this request; emulators do not support every Cognito operation, see its log`;
  return new CliError(`${what} failed: ${err.name}: ${err.message}${hint ? ` (${hint})` : ''}`);
}

async function call<T>(t: Target, what: string, username: string | undefined, run: (c: CognitoIdentityProviderClient) => Promise<T>): Promise<T> {
  const c = await client(t);
  try {
    return await run(c);
  } catch (e) {
    throw failure(e, what, t, username);
  } finally {
    c.destroy();
  }
}

/** `--password`, else the first line of stdin when it is piped. */
async function password(given: string | undefined, command: string): Promise<string> {
  if (given !== undefined && given !== '') return given;
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const line = text.split(/\r?\n/)[0] ?? '';
    if (line) return line;
  }
  throw new CliError(`calix auth ${command}: give the password with --password <password> or on stdin (echo "$PASSWORD" | calix auth ${command} …)`, 2);
}

function attributes(email: string | undefined, pairs: string[], verified: boolean): { Name: string; Value: string }[] {
  const out: { Name: string; Value: string }[] = [];
  if (email) out.push({ Name: 'email', Value: email });
  if (email && verified) out.push({ Name: 'email_verified', Value: 'true' });
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new CliError(`--attribute "${p}" must be name=value, e.g. --attribute custom:team=blue`, 2);
    out.push({ Name: p.slice(0, eq), Value: p.slice(eq + 1) });
  }
  return out;
}

interface Tokens {
  IdToken?: string;
  AccessToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
}

function printTokens(r: { AuthenticationResult?: Tokens; ChallengeName?: string }, o: { access?: boolean; json?: boolean }, refreshToken?: string): void {
  const a = r.AuthenticationResult;
  if (!a) {
    throw new CliError(
      `Cognito asks for the ${r.ChallengeName ?? 'unknown'} challenge, which calix auth does not answer` +
        (r.ChallengeName === 'NEW_PASSWORD_REQUIRED' ? '; give the user a permanent password: `calix auth create-user <username> --password …` sets one' : ''),
    );
  }
  if (o.json) {
    process.stdout.write(JSON.stringify({ idToken: a.IdToken, accessToken: a.AccessToken, refreshToken: a.RefreshToken ?? refreshToken, expiresIn: a.ExpiresIn, tokenType: a.TokenType }, null, 2) + '\n');
    return;
  }
  const token = o.access ? a.AccessToken : a.IdToken;
  if (!token) throw new CliError(`Cognito returned no ${o.access ? 'access' : 'ID'} token`);
  process.stdout.write(token + '\n');
}

// ---- the commands ----

export async function signup(username: string, o: Common & { password?: string; email?: string; attribute: string[] }): Promise<void> {
  const t = await target(o);
  const clientId = needClient(t, 'signup');
  const pw = await password(o.password, 'signup');
  const { SignUpCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const r = await call(t, 'signup', username, (c) =>
    c.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: pw, UserAttributes: attributes(o.email, o.attribute, false) })),
  );
  process.stdout.write(
    `Signed up ${username} (sub ${r.UserSub}) in pool ${t.userPoolId}.\n` +
      (r.UserConfirmed ? '' : `Not confirmed yet: \`calix auth confirm ${username} --code <code>\` with the code Cognito sent, or \`calix auth confirm ${username}\` as an admin.\n`),
  );
}

export async function confirm(username: string, o: Common & { code?: string }): Promise<void> {
  const t = await target(o);
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  if (o.code) {
    const clientId = needClient(t, 'confirm --code');
    await call(t, 'confirm', username, (c) => c.send(new sdk.ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: o.code! })));
  } else {
    await call(t, 'confirm (admin)', username, (c) => c.send(new sdk.AdminConfirmSignUpCommand({ UserPoolId: t.userPoolId, Username: username })));
  }
  process.stdout.write(`Confirmed ${username}: \`calix auth login ${username}\` prints a token.\n`);
}

export async function login(username: string, o: Common & { password?: string; access?: boolean; json?: boolean }): Promise<void> {
  const t = await target(o);
  const clientId = needClient(t, 'login');
  const pw = await password(o.password, 'login');
  const { InitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const r = await call(t, 'login', username, (c) =>
    c.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: pw } })),
  );
  printTokens(r, o);
}

export async function token(o: Common & { refreshToken: string; access?: boolean; json?: boolean }): Promise<void> {
  const t = await target(o);
  const clientId = needClient(t, 'token');
  const { InitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const r = await call(t, 'token', undefined, (c) =>
    c.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: o.refreshToken } })),
  );
  printTokens(r, o, o.refreshToken);
}

export async function createUser(username: string, o: Common & { password?: string; email?: string; group: string[]; attribute: string[] }): Promise<void> {
  const t = await target(o);
  const pw = await password(o.password, 'create-user');
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  await call(t, 'create-user', username, async (c) => {
    await c.send(new sdk.AdminCreateUserCommand({ UserPoolId: t.userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes(o.email, o.attribute, true) }));
    await c.send(new sdk.AdminSetUserPasswordCommand({ UserPoolId: t.userPoolId, Username: username, Password: pw, Permanent: true }));
    for (const group of o.group) {
      await c.send(new sdk.CreateGroupCommand({ UserPoolId: t.userPoolId, GroupName: group })).catch((e: Error) => {
        if (e.name !== 'GroupExistsException') throw e;
      });
      await c.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId: t.userPoolId, Username: username, GroupName: group }));
    }
  });
  process.stdout.write(`Created ${username} in pool ${t.userPoolId}${o.group.length ? ` (groups: ${o.group.join(', ')})` : ''}, confirmed, with a permanent password: \`calix auth login ${username}\` prints a token.\n`);
}

/** Creates a user pool and an app client in the configured emulator and writes their ids into the config. */
export async function initLocal(o: Common): Promise<void> {
  const t = await target(o, false);
  if (!t.endpoint) throw new CliError(`init-local works with a local emulator only: set ${key(t)}.cognitoEndpoint (e.g. "http://localhost:9229"); a deployed pool comes from \`calix deploy\``);
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  if (t.userPoolId && t.clientId) {
    const known = await call(t, 'init-local', undefined, (c) => c.send(new sdk.DescribeUserPoolCommand({ UserPoolId: t.userPoolId }))).then(
      () => true,
      (e: CliError) => (/ResourceNotFoundException/.test(e.message) ? false : Promise.reject(e)),
    );
    if (known) {
      process.stdout.write(`Pool ${t.userPoolId} (client ${t.clientId}) already exists at ${t.endpoint}; nothing to do.\n`);
      return;
    }
  }
  const app = t.stage.app;
  const { poolId, clientId } = await call(t, 'init-local', undefined, async (c) => {
    const pool = await c.send(new sdk.CreateUserPoolCommand({ PoolName: `${app}-${t.name}` }));
    const poolId = pool.UserPool!.Id!;
    const cl = await c.send(
      new sdk.CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: `${app}-local`,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      }),
    );
    return { poolId, clientId: cl.UserPoolClient!.ClientId! };
  });
  // Written under the stage, merged with what the stage already resolves for this authorizer
  // (a stage entry replaces a top-level one of the same name).
  const { readFileSync, writeFileSync } = await import('node:fs');
  const raw = JSON.parse(readFileSync(t.configFile, 'utf8'));
  const stageEntry = (raw.stages[t.stage.stage] ??= {});
  stageEntry.authorizers = { ...stageEntry.authorizers, [t.name]: { ...t.settings, userPoolId: poolId, clientIds: [clientId] } };
  writeFileSync(t.configFile, JSON.stringify(raw, null, 2) + '\n');
  process.stdout.write(`Created pool ${poolId} and app client ${clientId} at ${t.endpoint}; wrote them to ${key(t)} in .calix/config.json.\n`);
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Registers `calix auth <signup|confirm|login|token|create-user|init-local>`. */
export function registerAuthCommands(program: Command, stageOption: () => Option, projectDir: () => string | undefined): void {
  const auth = program
    .command('auth')
    .description("users of a Cognito authorizer's pool (from .calix/config.json): sign up, confirm, log in, print tokens")
    .addHelpText('after', '\nExample:\n  calix auth create-user ada@example.com --password "Passw0rd!" --group admins\n  TOKEN=$(calix auth login ada@example.com --password "Passw0rd!")\n  curl -H "Authorization: $TOKEN" http://127.0.0.1:8000/me\n');
  const common = (c: Command) =>
    c
      .addOption(stageOption())
      .option('-a, --authorizer <name>', 'authorizer whose pool to use (default: the only one configured)')
      .option('--client-id <id>', 'app client (default: the first of clientIds in the config)');
  const ctx = <T extends object>(o: T) => ({ ...o, projectDir: projectDir() });

  common(
    auth
      .command('signup')
      .description('sign a user up with the app client (self-service sign-up)')
      .argument('<username>')
      .option('-p, --password <password>', 'password (or on stdin)')
      .option('--email <email>', 'email attribute')
      .option('--attribute <name=value>', 'another user attribute (repeatable)', collect, []),
  ).action((username: string, o) => signup(username, ctx(o)));

  common(
    auth
      .command('confirm')
      .description("confirm a signed-up user: with the emailed --code, or without it as an admin")
      .argument('<username>')
      .option('--code <code>', 'confirmation code Cognito sent the user'),
  ).action((username: string, o) => confirm(username, ctx(o)));

  common(
    auth
      .command('login')
      .description('log in with username and password and print the ID token (--access: the access token)')
      .argument('<username>')
      .option('-p, --password <password>', 'password (or on stdin)')
      .option('--access', 'print the access token (for authorizers with scopes)')
      .option('--json', 'print every token as JSON'),
  ).action((username: string, o) => login(username, ctx(o)));

  common(
    auth
      .command('token')
      .description('print a fresh ID token (--access: access token) from a refresh token')
      .requiredOption('--refresh-token <token>', 'refresh token from `calix auth login --json`')
      .option('--access', 'print the access token')
      .option('--json', 'print every token as JSON'),
  ).action((o) => token(ctx(o)));

  common(
    auth
      .command('create-user')
      .description('create a confirmed user with a permanent password (admin), optionally in groups')
      .argument('<username>')
      .option('-p, --password <password>', 'permanent password (or on stdin)')
      .option('--email <email>', 'email attribute (marked verified)')
      .option('-g, --group <group>', 'add to this group, creating it if needed (repeatable)', collect, [])
      .option('--attribute <name=value>', 'another user attribute (repeatable)', collect, []),
  ).action((username: string, o) => createUser(username, ctx(o)));

  auth
    .command('init-local')
    .description('create a user pool and app client in the local emulator (cognitoEndpoint) and write their ids into .calix/config.json')
    .addOption(stageOption())
    .option('-a, --authorizer <name>', 'authorizer to set up (default: the only one with a cognitoEndpoint)')
    .action((o) => initLocal(ctx(o)));
}
