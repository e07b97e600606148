// A real Cognito emulator (cognito-local) for the auth suites: one per test file, on a free
// loopback port, in its own temp folder, stopped by PID. Plus token minting with the emulator's
// published signing key (for expired, scoped and foreign tokens) and with keys of our own (forged).
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateGroupCommand,
  CreateUserPoolClientCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/project.js';

const START = join(repoRoot, 'node_modules/cognito-local/lib/bin/start.js');
/** The emulator's signing key: shipped in the package, so public. Local development only. */
export const emulatorKey: KeyObject = createPrivateKey({
  key: JSON.parse(readFileSync(join(repoRoot, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')).jwk,
  format: 'jwk',
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Emulator {
  url: string;
  dir: string;
  child: ChildProcess;
  /** An SDK client for the emulator: loopback endpoint, dummy static credentials, no retries. */
  client: CognitoIdentityProviderClient;
  /** The pool's data file (users, their confirmation codes), as cognito-local keeps it. */
  db(poolId: string): any;
  stop(): Promise<void>;
}

/**
 * Starts cognito-local. `awsShaped`: the notes' set-up (B): pools whose ids look like AWS's exist
 * from the start and tokens carry AWS's issuer (`https://cognito-idp.us-east-1.amazonaws.com/<id>`),
 * so `calix local` verifies them with the stock CognitoJwtVerifier, as for a real pool.
 * Otherwise cognito-local's defaults: `local_…` pools, issuer `http://127.0.0.1:<port>/<id>`.
 */
export async function startEmulator(o: { awsShaped?: string[] } = {}): Promise<Emulator> {
  const dir = mkdtempSync(join(tmpdir(), 'calix-cognito-'));
  if (o.awsShaped) {
    mkdirSync(join(dir, '.cognito/db'), { recursive: true });
    for (const id of o.awsShaped) writeFileSync(join(dir, '.cognito/db', `${id}.json`), '{}');
    writeFileSync(join(dir, '.cognito/config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: 'https://cognito-idp.us-east-1.amazonaws.com' } }));
  }
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', NO_COLOR: '1' };
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[k];
  const child = spawn(process.execPath, [START], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited (${child.exitCode}):\n${log}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until) {
      process.kill(child.pid!, 'SIGTERM');
      throw new Error(`cognito-local did not answer on ${url} within 20 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  let stopped: Promise<void> | undefined;
  return {
    url,
    dir,
    child,
    client,
    db: (poolId) => JSON.parse(readFileSync(join(dir, '.cognito/db', `${poolId}.json`), 'utf8')),
    stop: () =>
      (stopped ??= (async () => {
        client.destroy();
        if (child.exitCode === null) {
          process.kill(child.pid!, 'SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/** An app client allowed to log in with a password. */
export async function createClient(e: Emulator, userPoolId: string, name: string): Promise<string> {
  const r = await e.client.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: name, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  return r.UserPoolClient!.ClientId!;
}

/** A confirmed user with a permanent password, in `groups`. */
export async function createUser(e: Emulator, userPoolId: string, email: string, password: string, groups: string[] = []): Promise<void> {
  await e.client.send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }),
  );
  await e.client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }));
  for (const g of groups) {
    await e.client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: g })).catch((err: Error) => {
      if (err.name !== 'GroupExistsException') throw err;
    });
    await e.client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: g }));
  }
}

export async function login(e: Emulator, clientId: string, username: string, password: string): Promise<{ id: string; access: string; refresh: string }> {
  const r = await e.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
  const a = r.AuthenticationResult!;
  return { id: a.IdToken!, access: a.AccessToken!, refresh: a.RefreshToken! };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Decodes a JWT's payload (no verification). */
export const payloadOf = (jwt: string): Record<string, any> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

/** Signs `payload` as RS256 with `key` (default: the emulator's own key, kid CognitoLocal). */
export function mint(payload: Record<string, unknown>, o: { key?: KeyObject; kid?: string } = {}): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: o.kid ?? 'CognitoLocal' });
  const body = b64(payload);
  return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), o.key ?? emulatorKey).toString('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export const unsigned = (payload: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT', kid: 'CognitoLocal' })}.${b64(payload)}.`;

/** An RSA key that is not the pool's. */
export const foreignKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** A token with its payload replaced (claims changed) and the original signature kept. */
export function tamper(jwt: string, change: Record<string, unknown>): string {
  const [h, , s] = jwt.split('.');
  return `${h}.${b64({ ...payloadOf(jwt), ...change })}.${s}`;
}
