// calix bootstrap / deploy / url / logs / invoke --remote / delete as a user runs them, against
// moto_server (test/deploy/moto.ts): the deploy record's region, delete without a buildable app,
// the overall --timeout, and the one-line errors for deploy failures the emulator can produce.
// (deploy on a never-bootstrapped account is failures.test.ts's; a template the service rejects
// and stacks in failed states are in commands-messages.test.ts:
// the launcher fills moto's gaps that used to produce the former, and moto never rolls back.)
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliBin, tempProject } from '../helpers/project.js';
import { ACCOUNT, REGION, runWithin, startMoto, type Moto } from './moto.js';
import { errorLines, expectOneError } from './cli-errors.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'cmds' });
app.route('/', () => ({ hello: 'world' }));
app.lambdaFunction('add', async (p: { a: number; b: number }) => p.a + p.b);
export const handler = app.handler;
`;

// Another region than the stack's: commands that use the record's region must not follow it.
const ELSEWHERE = { AWS_REGION: 'eu-west-1' };


async function stackStatus(moto: Moto, name: string): Promise<string | undefined> {
  try {
    return (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
  } catch (e) {
    if (/does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }
}

let moto: Moto;
const project = tempProject({
  'app.ts': APP,
  '.calix/config.json': JSON.stringify({ version: 1, app: 'cmds', main: 'app.ts', publicRoutes: '*', stages: { dev: {}, prod: {} } }),
});
const record = () => JSON.parse(readFileSync(join(project.dir, '.calix/deployed/dev.json'), 'utf8'));

beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  project.remove();
});

describe('deploy against the emulator', () => {
  test('calix bootstrap prepares the credentials account and region with plain progress lines', async () => {
    const r = await moto.calix(['bootstrap'], project.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CREATE_COMPLETE AWS::CloudFormation::Stack CDKToolkit\n/);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).toMatch(new RegExp(`Bootstrapped aws://${ACCOUNT}/${REGION}; \`calix deploy --stage dev\` can deploy there now\\n$`));
    expect(r.stdout).not.toMatch(/--cloudformation-execution-policies/);
    expect(await stackStatus(moto, 'CDKToolkit')).toBe('CREATE_COMPLETE');
  }, 120_000);

  test('deploy records the region and account from the stack ARN', async () => {
    const r = await moto.calix(['deploy'], project.dir, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Deployed cmds-dev to us-east-1 \(account 123456789012\)/);
    const arn = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: 'cmds-dev' }))).Stacks![0]!.StackId!;
    expect(record()).toMatchObject({ calix: 'deployed-record/1', stackName: 'cmds-dev', stackArn: arn, region: 'us-east-1', account: ACCOUNT });
    expect(record().functions.add.functionName).toMatch(/^cmds-dev-/);
  }, 150_000);

  test('url and logs use the recorded region, whatever AWS_REGION says', async () => {
    const url = await moto.calix(['url'], project.dir, 30_000, ELSEWHERE);
    expect(url.code, url.stderr).toBe(0);
    const api = (await moto.clients.apigw.send(new GetRestApisCommand({}))).items!.find((a) => a.name?.startsWith('cmds-dev'))!;
    expect(url.stdout).toBe(`${record().url}\n`);
    expect(url.stdout).toMatch(new RegExp(`^https://${api.id}\\.execute-api\\.us-east-1\\.amazonaws\\.com/`));

    const { logGroupName } = record().functions.api;
    await moto.clients.logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'test' }));
    await moto.clients.logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'test', logEvents: [{ timestamp: Date.now(), message: 'hello from the router' }] }));
    const logs = await moto.calix(['logs', '--since', '1h'], project.dir, 30_000, ELSEWHERE);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/^\S+Z hello from the router\n$/);
  }, 60_000);

  test('status without AWS access shows the deploy record and says why, exit 0', async () => {
    const noKeys = { ...moto.env };
    delete noKeys.AWS_ACCESS_KEY_ID;
    delete noKeys.AWS_SECRET_ACCESS_KEY;
    for (const [env, why] of [
      [{ ...moto.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, /cannot connect \(ECONNREFUSED\)/],
      [noKeys, /no AWS credentials\. To fix, configure AWS credentials first/],
    ] as const) {
      const r = await runWithin(process.execPath, [cliBin, 'status'], { cwd: project.dir, env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^Showing \.calix\/deployed\/dev\.json only: could not ask AWS \(/);
      expect(r.stderr).toMatch(why);
      expect(r.stdout).toMatch(/^Stack\s+cmds-dev\s+\(us-east-1, account 123456789012\)$/m);
      expect(r.stdout).toContain(`URL        ${record().url}`);
      expect(r.stdout).toMatch(/^Functions\s+api\s+cmds-dev-\S+$/m);
      expect(r.stdout).toMatch(/\(from the deploy record: live settings, code and schedules need AWS access\)\n$/);
    }
  }, 120_000);

  // Before invoke --remote: switching moto's Lambda to its non-Docker backend empties it.
  test('deploy --hotswap updates the functions\' code in place, twice, without a CloudFormation update; anything else falls back to a change set and says so', async () => {
    const fn = record().functions.api.functionName as string;
    const codeHash = async () => (await moto.clients.lambda.send(new GetFunctionCommand({ FunctionName: fn }))).Configuration!.CodeSha256;
    const stack = async () => {
      const s = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: 'cmds-dev' }))).Stacks![0]!;
      const events = (await moto.clients.cfn.send(new DescribeStackEventsCommand({ StackName: 'cmds-dev' }))).StackEvents ?? [];
      return { status: s.StackStatus, updated: s.LastUpdatedTime, events: events.length };
    };
    const before = { code: await codeHash(), stack: await stack() };
    const hashes = [before.code];
    // Both runs take Calix's fast path (no synthesis: cli/deploy/fast-hotswap.ts, detailed in hotswap.test.ts).
    for (const greeting of ['hotswapped once', 'hotswapped twice']) {
      project.write('app.ts', APP.replace('world', greeting));
      const r = await moto.calix(['deploy', '--hotswap'], project.dir, 120_000);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Deployed cmds-dev to us-east-1/);
      hashes.push(await codeHash());
    }
    expect(new Set(hashes).size).toBe(3);
    expect(await stack()).toEqual(before.stack);
    project.write('app.ts', APP);

    // Not code only (a memory setting): the toolkit falls back to a change set, and Calix says so.
    const config = readFileSync(join(project.dir, '.calix/config.json'), 'utf8');
    project.write('.calix/config.json', JSON.stringify({ ...JSON.parse(config), stages: { dev: { memorySize: 256 }, prod: {} } }));
    const r = await moto.calix(['deploy', '--hotswap'], project.dir, 120_000);
    project.write('.calix/config.json', config);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('--hotswap: not a code-only change (Could not perform a hotswap deployment, as the stack cmds-dev contains non-Asset changes); deploying it with a CloudFormation change set instead\n');
    expect((await moto.clients.lambda.send(new GetFunctionCommand({ FunctionName: fn }))).Configuration!.MemorySize).toBe(256);
    // The stack itself was updated this time (moto sets no LastUpdatedTime: status and events tell).
    const after = await stack();
    expect(before.stack.status).toBe('CREATE_COMPLETE');
    expect(after.status).toBe('UPDATE_COMPLETE');
    expect(after.events).toBeGreaterThan(before.stack.events);
  }, 300_000);

  test('invoke --remote calls the deployed function named in the record, in its region', async () => {
    // moto 5.2.1 runs no code without Docker: this backend echoes the payload it is sent.
    await fetch(`${moto.endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
    const viaStdin = await runWithin(process.execPath, [cliBin, 'invoke', 'add', '--remote', '--event', '-'], {
      cwd: project.dir, env: { ...moto.env, ...ELSEWHERE }, timeoutMs: 30_000, input: '{"a":1,"b":2}',
    });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(JSON.parse(viaStdin.stdout)).toEqual({ a: 1, b: 2 });

    const sample = await moto.calix(['invoke', 'add', '--remote'], project.dir, 60_000, ELSEWHERE);
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stderr).toMatch(/no --event; sending the payload \{\}/);
    expect(sample.stdout).toBe('{}\n');

    const unknown = await moto.calix(['invoke', 'nope', '--remote'], project.dir, 30_000);
    expect(unknown.code).toBe(2);
    expect(errorLines(unknown)[0]).toMatch(/no deployed function "nope" in cmds-dev; deployed functions: api, add/);
  }, 120_000);

  test('deploy refuses to overwrite a .calix/deployed file it did not write, before deploying anything', async () => {
    project.write('.calix/deployed/prod.json', '{"mine": true}\n');
    const r = await moto.calix(['deploy', '--stage', 'prod'], project.dir);
    expectOneError(r, /\.calix\/deployed\/prod\.json was not written by Calix .* move it out of \.calix\/deployed\/ and run `calix deploy --stage prod` again/);
    expect(readFileSync(join(project.dir, '.calix/deployed/prod.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(await stackStatus(moto, 'cmds-prod')).toBeUndefined();
  }, 120_000);

  test('delete works from the record when the app no longer builds, in the recorded region', async () => {
    project.write('app.ts', 'export const broken = (;\n');
    const r = await moto.calix(['delete', '--yes'], project.dir, 60_000, ELSEWHERE);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/DELETE_COMPLETE AWS::CloudFormation::Stack cmds-dev\n/);
    expect(r.stdout).toMatch(/Deleted cmds-dev \(us-east-1\)\n$/);
    expect(await stackStatus(moto, 'cmds-dev')).toBeUndefined();
    expect(existsSync(join(project.dir, '.calix/deployed/dev.json'))).toBe(false);
    // The file Calix did not write stays.
    expect(existsSync(join(project.dir, '.calix/deployed/prod.json'))).toBe(true);
  }, 90_000);

  test('delete --stack NAME needs no project; a stack that is gone is reported, not an error', async () => {
    await moto.clients.cfn.send(new CreateStackCommand({ StackName: 'loose-stack', TemplateBody: JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }) }));
    const nowhere = mkdtempSync(join(tmpdir(), 'calix-no-project-'));
    try {
      const r = await moto.calix(['delete', '--stack', 'loose-stack', '--yes'], nowhere, 60_000);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Deleted loose-stack\n$/);
      expect(await stackStatus(moto, 'loose-stack')).toBeUndefined();
      const again = await moto.calix(['delete', '--stack', 'loose-stack', '--yes'], nowhere, 60_000);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe('Stack loose-stack does not exist; nothing to delete\n');
      const noYes = await moto.calix(['delete', '--stack', 'loose-stack'], nowhere, 30_000);
      expect(noYes.code).toBe(2);
      expect(errorLines(noYes)[0]).toMatch(/refusing to delete loose-stack without confirmation: run `calix delete --stack loose-stack --yes`/);
    } finally {
      rmSync(nowhere, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('invoke --remote: a function that throws', () => {
  // moto cannot run code, so Lambda's answer for a failed invocation (FunctionError header,
  // base64 log tail) comes from a loopback server speaking Lambda's Invoke API.
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const fail = body.includes('fail');
        const tail = Buffer.from(`START RequestId: 1 Version: $LATEST\n${fail ? 'ERROR\tboom' : 'INFO\tadding'}\nEND RequestId: 1\n`).toString('base64');
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-log-result': tail, 'x-amz-executed-version': '$LATEST', ...(fail ? { 'x-amz-function-error': 'Unhandled' } : {}) });
        res.end(fail ? JSON.stringify({ errorType: 'TypeError', errorMessage: 'boom', trace: ['TypeError: boom', '    at add (index.mjs:1:1)'] }) : '3');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('prints the log tail; FunctionError exits 1 with the error', async () => {
    const p = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ version: 1, app: 'cmds', main: 'app.ts', stages: { dev: {} } }) });
    try {
      p.write('.calix/deployed/dev.json', JSON.stringify({
        calix: 'deployed-record/1', stackName: 'cmds-dev', stackArn: null, region: 'us-east-1', account: null, deployedAt: 'x', url: null, outputs: {},
        functions: { add: { functionName: 'cmds-dev-add', logGroupName: '/x' } },
      }));
      const env = { AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${port}` };
      p.write('ok.json', '{"a":1,"b":2}');
      const ok = await moto.calix(['invoke', 'add', '--remote', '--event', 'ok.json'], p.dir, 30_000, env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('3\n');
      expect(ok.stderr).toBe('START RequestId: 1 Version: $LATEST\nINFO\tadding\nEND RequestId: 1\n');
      p.write('fail.json', '{"fail":true}');
      const bad = await moto.calix(['invoke', 'add', '--remote', '--event', 'fail.json'], p.dir, 30_000, env);
      expectOneError(bad, /^calix: error: add \(cmds-dev-add\) failed: TypeError: boom$/);
      expect(bad.stderr).toMatch(/^START RequestId: 1 Version: \$LATEST\nERROR\tboom\nEND RequestId: 1\n/);
    } finally {
      p.remove();
    }
  }, 60_000);
});

describe('--timeout', () => {
  // An endpoint that accepts connections and never answers: every AWS call hangs.
  let hang: TcpServer;
  const sockets: Socket[] = [];
  let endpoint = '';
  beforeAll(async () => {
    hang = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => hang.close(() => r()));
  });

  test('bootstrap, delete and deploy give up with one line saying what was happening and what to check', async () => {
    const env = { AWS_ENDPOINT_URL: endpoint, AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION: endpoint };
    const p = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ version: 1, app: 'cmds', main: 'app.ts', publicRoutes: '*', stages: { dev: {} } }) });
    try {
      const boot = await moto.calix(['bootstrap', '--timeout', '2s'], p.dir, 60_000, env);
      expectOneError(boot, /^calix: error: timed out after 2s while bootstrapping \(.*\); check the CDKToolkit stack's events .* and your network, then run `calix bootstrap --stage dev` again$/);
      const del = await moto.calix(['delete', '--yes', '--timeout', '2s'], p.dir, 60_000, env);
      expectOneError(del, /^calix: error: timed out after 2s while looking up cmds-dev; check the stack's events .*then run `calix delete --stage dev --yes` again$/);
      const dep = await moto.calix(['deploy', '--timeout', '2s'], p.dir, 120_000, env);
      expectOneError(dep, /^calix: error: timed out after 2s while deploying cmds-dev \(.*\); check the stack's events .*\(a slow stack may need a longer --timeout\)$/);
      const usage = await moto.calix(['deploy', '--timeout', 'soon'], p.dir, 30_000, env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/--timeout must look like 90s, 30m or 1h; got "soon"/);
    } finally {
      p.remove();
    }
  }, 240_000);
});
