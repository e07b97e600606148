// The deploy tier's emulator: moto_server through scripts/moto/launcher.py (moto 5.2.1 with the
// gaps that stop a Calix deploy filled), one process per suite on a free 127.0.0.1 port, with
// its own state and its own CDK_HOME, stopped by PID. Also: the environment the CLI under test
// gets, SDK clients with an explicit loopback endpoint, and CLI runs with an outer timeout
// (the toolkit can wait forever on an emulator that never answers what it waits for).
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, repoRoot } from '../helpers/project.js';

export const launcher = join(repoRoot, 'scripts/moto/launcher.py');
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` to completion, killing it (by PID) and failing after `timeoutMs`. */
export function runWithin(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${[cmd, ...args].join(' ')} did not finish within ${opts.timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, opts.timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    child.stdin.on('error', () => {}); // a command that never reads its input closes it early
    child.stdin.end(opts.input ?? '');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Moto {
  port: number;
  endpoint: string;
  /** A fresh CDK_HOME for this suite's toolkit runs. */
  cdkHome: string;
  /** The environment for the CLI under test: dummy credentials, loopback endpoints, no profile. */
  env: NodeJS.ProcessEnv;
  clients: { cfn: CloudFormationClient; lambda: LambdaClient; apigw: APIGatewayClient; s3: S3Client; logs: CloudWatchLogsClient; cognito: CognitoIdentityProviderClient };
  /** `calix ARGS` in `cwd` against this emulator, killed after `timeoutMs`. */
  calix(args: string[], cwd: string, timeoutMs?: number, extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Bootstraps the account (`calix bootstrap` once it exists; until then the toolkit library directly). */
  bootstrap(cwd: string): Promise<void>;
  /** What the emulator's process printed (its request log and any Python traceback). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts one emulator; resolves once `GET /moto-api/config` answers. */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('python3', [launcher, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (const until = Date.now() + 30_000; ; ) {
    if (child.exitCode !== null) throw new Error(`the moto launcher exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${endpoint}/moto-api/config`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`moto did not answer on ${endpoint} within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const cdkHome = mkdtempSync(join(tmpdir(), 'calix-deploy-cdk-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: endpoint,
    // moto reads a TemplateURL's bucket from the path only when the host is `localhost`.
    AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION: `http://localhost:${port}`,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    CDK_HOME: cdkHome,
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_DEFAULT_REGION;
  const common = { endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const clients = {
    cfn: new CloudFormationClient(common),
    lambda: new LambdaClient(common),
    apigw: new APIGatewayClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    logs: new CloudWatchLogsClient(common),
    cognito: new CognitoIdentityProviderClient(common),
  };
  const calix: Moto['calix'] = (args, cwd, timeoutMs = 90_000, extraEnv = {}) =>
    runWithin(process.execPath, [cliBin, ...args], { cwd, env: { ...env, ...extraEnv }, timeoutMs });
  return {
    port,
    endpoint,
    cdkHome,
    env,
    clients,
    calix,
    async bootstrap(cwd) {
      const help = await calix(['--help'], cwd, 30_000);
      const r = /^\s+bootstrap\b/m.test(help.stdout)
        ? await calix(['bootstrap'], cwd, 60_000)
        : await runWithin(
            process.execPath,
            ['--input-type=module', '-e', `import { Toolkit, BootstrapEnvironments } from '@aws-cdk/toolkit-lib';\nawait new Toolkit().bootstrap(BootstrapEnvironments.fromList(['aws://${ACCOUNT}/${REGION}']));`],
            { cwd: repoRoot, env, timeoutMs: 60_000 },
          );
      if (r.code !== 0) throw new Error(`bootstrap failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    },
    output: () => out,
    async stop() {
      for (const c of Object.values(clients)) c.destroy();
      if (child.exitCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
      rmSync(cdkHome, { recursive: true, force: true });
    },
  };
}
